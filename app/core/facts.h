/*
 * facts.h — building and wording the facts workers report to staff screens
 * (kio_fact_t, sm.h). Workers add lines with a strings key and values;
 * screens word them with the strings of the current language. Pure.
 */
#ifndef KIO_FACTS_H
#define KIO_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/sm.h"
#include "core/strings.h"

/* Appends a line for KEY; NULL when F is full (the caller may ignore it:
 * every setter below is NULL-safe). */
kio_fact_t *kio_facts_add(kio_facts_t *f, const char *key);
/* Sets {NAME} of L to VALUE (truncated to KIO_FACT_VALUE_MAX). */
void kio_fact_set(kio_fact_t *l, const char *name, const char *value);
void kio_fact_int(kio_fact_t *l, const char *name, int64_t value);
/* A value that is a strings key: PREFIX "." WORD, e.g. ("printer.state", "idle"). */
void kio_fact_word(kio_fact_t *l, const char *name, const char *prefix, const char *word);

/* Every string of L (or of each line of F) NUL-terminated within its
 * field, counts clamped: facts arrive from a worker thread. */
void kio_fact_sanitize(kio_fact_t *l);
void kio_facts_sanitize(kio_facts_t *f);

/* L in words: its key's text with every {name} filled; '@' values are
 * looked up, {uptime} (seconds) becomes "3 hari 4 jam". */
void kio_fact_format(const kio_strings_t *s, const kio_fact_t *l, char *out, size_t len);
/* Every line of F, each ending in "\n". */
void kio_facts_format(const kio_strings_t *s, const kio_facts_t *f, char *out, size_t len);

/* The text of a word key ("printer.reason.media-low"): the strings' text, or
 * the key's last dotted part when the strings have none. */
const char *kio_facts_word(const kio_strings_t *s, const char *key);

/* SECONDS as "3 hari 4 jam" / "2 jam 5 menit" / "4 menit" (keys time.*). */
void kio_facts_duration(const kio_strings_t *s, int64_t seconds, char *out, size_t len);

#endif
