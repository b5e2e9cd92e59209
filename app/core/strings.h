/*
 * strings.h — the text people read, per language, from assets/strings.
 *
 * Every visible text is referred to by a key ("nik.length", "error.printer")
 * and looked up here, so wording and translations change without code. Each
 * language is one INI file (assets/strings/<lang>.ini, UTF-8, flat
 * `key = value`, no sections). Indonesian (id.ini) is always loaded as the
 * fallback: a key missing in the chosen language shows the Indonesian text,
 * and a key missing everywhere shows the key itself, so a gap is visible on
 * screen instead of blank or a crash.
 *
 * Values: "\n" is a line break; an indented line continues the previous
 * value (joined with one space), which keeps every line under the lexer's
 * 200-byte limit (core/ini.h); {name} is a placeholder filled by
 * kio_strings_fill/format. Pure: the files are read by app/sys/strings-file.h.
 */
#ifndef KIO_STRINGS_H
#define KIO_STRINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum {
	KIO_STRINGS_FILE_MAX = 256 * 1024, /* a strings file over this is refused */
	KIO_STRINGS_MAX = 2048,            /* keys per language */
	KIO_STRINGS_KEY_MAX = 64,          /* bytes of a key, with NUL */
	KIO_STRINGS_VALUE_MAX = 2048,      /* bytes of a value, with NUL */
};

typedef struct kio_strings kio_strings_t;

/* True if LANG can name a language: 2–7 lower-case letters. */
bool kio_strings_lang_valid(const char *lang);

/* Tables for LANG from the Indonesian text ID_TEXT and, unless LANG is
 * "id", the chosen language's OWN_TEXT. A bad text fails (KIO_ERR_CONFIG,
 * KIO_ERR_TOOBIG over KIO_STRINGS_FILE_MAX, KIO_ERR_INVAL for a bad LANG). */
KIO_MUST_CHECK kio_err_t kio_strings_parse(const char *lang, const char *id_text, size_t id_len,
                                           const char *own_text, size_t own_len,
                                           kio_strings_t **out);
/* NULL-safe. */
void kio_strings_free(kio_strings_t *s);

/* The language this table was loaded for ("id", "en"). */
const char *kio_strings_lang(const kio_strings_t *s);

/* The text for KEY: chosen language, else Indonesian, else KEY itself.
 * Never NULL (a NULL S or KEY gives ""). Valid until kio_strings_free. */
const char *kio_strings_get(const kio_strings_t *s, const char *key);

/* True if TEXT is, verbatim, one of the texts of either language: a text
 * that is the same for every citizen (the UI keeps those over a session's
 * wipe). */
bool kio_strings_is_text(const kio_strings_t *s, const char *text);

/* True if KEY has a text in the chosen language or in Indonesian. */
bool kio_strings_has(const kio_strings_t *s, const char *key);

/* Copy TEMPLATE into OUT replacing each {name} by its value from NAMES and
 * VALUES (N pairs); an unknown {name} is kept as written. Always
 * NUL-terminates (truncating at a UTF-8 boundary); returns the length
 * written. */
size_t kio_strings_fill(const char *tmpl, char *out, size_t outlen, const char *const *names,
                        const char *const *values, int n);

/* kio_strings_get + kio_strings_fill with one placeholder: e.g.
 * kio_strings_format1(s, "list.prints_left", "n", "2", buf, sizeof buf). */
size_t kio_strings_format1(const kio_strings_t *s, const char *key, const char *name,
                           const char *value, char *out, size_t outlen);

#endif
