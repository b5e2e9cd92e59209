/* ini.c — the INI lexer (see ini.h). */
#include "core/ini.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct lexer {
	kio_ini_value_fn value;
	kio_ini_bad_fn bad;
	void *user;
	int first_bad;
	char section[KIO_INI_LINE_MAX];
	char prev_name[KIO_INI_LINE_MAX]; /* for continuation lines */
} lexer_t;

static void bad_line(lexer_t *lx, int line, const char *what)
{
	if (!lx->first_bad)
		lx->first_bad = line;
	if (lx->bad)
		lx->bad(lx->user, line, what);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims S[0..N) in place and NUL-terminates it. */
static char *trim(char *s, size_t n)
{
	while (n && blank(*s)) {
		s++;
		n--;
	}
	while (n && blank(s[n - 1]))
		n--;
	s[n] = '\0';
	return s;
}

/* Where a value ends: at ';' after a blank (an inline comment). */
static size_t value_len(const char *v)
{
	for (size_t i = 0; v[i]; i++)
		if (v[i] == ';' && i > 0 && blank(v[i - 1]))
			return i;
	return strlen(v);
}

/* One line of N bytes at S, already checked for length and control bytes. */
static int lex_line(lexer_t *lx, int line, char *s, size_t n, bool continued)
{
	char *t = trim(s, n);
	if (!*t || *t == ';' || *t == '#')
		return 1;
	if (continued && lx->prev_name[0]) {
		char *v = trim(t, value_len(t));
		return lx->value(lx->user, line, lx->section, lx->prev_name, v);
	}
	if (*t == '[') {
		char *end = strchr(t, ']');
		if (!end) {
			bad_line(lx, line, "section header without ']'");
			return 1;
		}
		snprintf(lx->section, sizeof lx->section, "%s", trim(t + 1, (size_t)(end - t - 1)));
		lx->prev_name[0] = '\0';
		return 1;
	}
	size_t sep = strcspn(t, "=:");
	if (!t[sep]) {
		bad_line(lx, line, "expected 'key = value' or '[section]'");
		return 1;
	}
	char *name = trim(t, sep);
	if (!*name || name[value_len(name)]) {
		bad_line(lx, line, "syntax error");
		return 1;
	}
	char *v = t + sep + 1;
	v = trim(v, value_len(v));
	snprintf(lx->prev_name, sizeof lx->prev_name, "%s", name);
	return lx->value(lx->user, line, lx->section, name, v);
}

int kio_ini_parse(const char *buf, size_t len, int flags, kio_ini_value_fn value,
                  kio_ini_bad_fn bad, void *user, int *lines)
{
	lexer_t lx = {.value = value, .bad = bad, .user = user};
	char copy[KIO_INI_LINE_MAX];
	size_t pos = 0;
	int line = 0;

	while (pos < len) {
		const char *s = buf + pos, *nl = memchr(s, '\n', len - pos);
		const char *e = nl ? nl : buf + len;
		pos = (size_t)(e - buf) + (nl ? 1 : 0);
		line++;
		if (e > s && e[-1] == '\r')
			e--;
		if (line == 1 && e - s >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
			s += 3; /* UTF-8 byte order mark from Windows editors */
		bool continued = (flags & KIO_INI_CONTINUATION) && s < e && blank(*s);
		bool ctrl = false;
		for (const char *p = s; p < e; p++)
			if (((unsigned char)*p < ' ' && *p != '\t') || *p == 0x7f)
				ctrl = true;
		if (ctrl) {
			bad_line(&lx, line, "contains a NUL or control character");
			continue;
		}
		size_t n = (size_t)(e - s);
		while (!continued && n && blank(*s)) {
			s++;
			n--;
		}
		if (n + 2 > sizeof copy) {
			char what[64];
			snprintf(what, sizeof what, "line is longer than %d characters",
			         KIO_INI_LINE_MAX - 2);
			bad_line(&lx, line, what);
			continue;
		}
		memcpy(copy, s, n);
		if (!lex_line(&lx, line, copy, n, continued)) {
			if (lines)
				*lines = line;
			return -1;
		}
	}
	if (lines)
		*lines = line;
	return lx.first_bad;
}
