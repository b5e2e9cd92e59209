/*
 * ini.h — the INI lexer shared by the config file and the strings files.
 *
 * Pure: it reads a buffer, never a file. Lines are `[section]`,
 * `name = value` (or `name: value`), comments starting with ';' or '#',
 * and blank lines. A value ends at " ;" (an inline comment); names and
 * values are trimmed. A line longer than KIO_INI_LINE_MAX - 2 bytes, a line
 * with a control byte, a `[` without `]` and a line that is neither a key
 * nor a section are reported with their line number and skipped, never
 * split or guessed at. A UTF-8 byte order mark on the first line is
 * skipped. With KIO_INI_CONTINUATION an indented line continues the
 * previous value (handed over again under the same name); without it,
 * indentation means nothing.
 */
#ifndef KIO_INI_H
#define KIO_INI_H

#include <stddef.h>

enum {
	KIO_INI_LINE_MAX = 200, /* bytes of a line with its newline and NUL */
	KIO_INI_CONTINUATION = 1,
};

/* One name = value under SECTION ("" before any section header). Return 0
 * to stop the parse. */
typedef int (*kio_ini_value_fn)(void *user, int line, const char *section, const char *name,
                                const char *value);
/* One line that is not INI, and why ("line is longer than 198 characters"). */
typedef void (*kio_ini_bad_fn)(void *user, int line, const char *what);

/* Parses BUF[0..LEN). Returns 0 when every line was good, else the number
 * of the first bad line (each was also reported to BAD, which may be NULL);
 * -1 when VALUE stopped the parse. *LINES (may be NULL) gets the number of
 * lines read. */
int kio_ini_parse(const char *buf, size_t len, int flags, kio_ini_value_fn value,
                  kio_ini_bad_fn bad, void *user, int *lines);

#endif
