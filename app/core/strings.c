/* strings.c — per-language text tables from INI files (see strings.h). */
#include "core/strings.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct kio_string_entry {
	char *key;
	char *value;
} kio_string_entry_t;

typedef struct kio_string_table {
	kio_string_entry_t *v;
	int n;
	int cap;
	int last; /* index of the key set by the previous line (continuations) */
	bool bad; /* a line broke a rule; the load fails */
} kio_string_table_t;

struct kio_strings {
	char lang[8];
	kio_string_table_t own; /* chosen language; empty when lang is "id" */
	kio_string_table_t id;  /* Indonesian, the fallback */
};

static void table_free(kio_string_table_t *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->v[i].key);
		free(t->v[i].value);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}

static int entry_cmp(const void *a, const void *b)
{
	const kio_string_entry_t *x = a, *y = b;
	return strcmp(x->key, y->key);
}

static const char *table_find(const kio_string_table_t *t, const char *key)
{
	if (t->n == 0)
		return NULL;
	kio_string_entry_t probe = {.key = (char *)key};
	const kio_string_entry_t *e = bsearch(&probe, t->v, (size_t)t->n, sizeof *t->v, entry_cmp);
	return e ? e->value : NULL;
}

/* Copy V turning the two characters "\n" into a line break. */
static char *unescape(const char *v)
{
	size_t len = strlen(v);
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	size_t j = 0;
	for (size_t i = 0; i < len; i++) {
		if (v[i] == '\\' && v[i + 1] == 'n') {
			out[j++] = '\n';
			i++;
		} else {
			out[j++] = v[i];
		}
	}
	out[j] = '\0';
	return out;
}

static int on_line(void *user, const char *section, const char *name, const char *value)
{
	kio_string_table_t *t = user;
	/* Flat keys only: a section would silently rename every key below it. */
	if (section[0] != '\0' || name[0] == '\0' || strlen(name) >= KIO_STRINGS_KEY_MAX) {
		t->bad = true;
		return 0;
	}
	char *v = unescape(value);
	if (!v) {
		t->bad = true;
		return 0;
	}
	/* inih hands an indented continuation line over under the same name. */
	if (t->last >= 0 && strcmp(t->v[t->last].key, name) == 0) {
		kio_string_entry_t *e = &t->v[t->last];
		size_t a = strlen(e->value), b = strlen(v);
		if (a + 1 + b + 1 > KIO_STRINGS_VALUE_MAX) {
			free(v);
			t->bad = true;
			return 0;
		}
		char *joined = realloc(e->value, a + 1 + b + 1);
		if (!joined) {
			free(v);
			t->bad = true;
			return 0;
		}
		/* A value ending in a line break needs no joining space. */
		size_t at = a;
		if (a == 0 || joined[a - 1] != '\n')
			joined[at++] = ' ';
		memcpy(joined + at, v, b + 1);
		e->value = joined;
		free(v);
		return 1;
	}
	for (int i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].key, name) == 0) {
			free(v); /* a key given twice is a mistake in the file */
			t->bad = true;
			return 0;
		}
	}
	if (t->n >= KIO_STRINGS_MAX || strlen(v) >= KIO_STRINGS_VALUE_MAX) {
		free(v);
		t->bad = true;
		return 0;
	}
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 256;
		kio_string_entry_t *nv = realloc(t->v, (size_t)cap * sizeof *nv);
		if (!nv) {
			free(v);
			t->bad = true;
			return 0;
		}
		t->v = nv;
		t->cap = cap;
	}
	char *k = strdup(name);
	if (!k) {
		free(v);
		t->bad = true;
		return 0;
	}
	t->v[t->n].key = k;
	t->v[t->n].value = v;
	t->last = t->n++;
	return 1;
}

/* Read PATH whole (capped) and parse it into T. */
static kio_err_t table_load(kio_string_table_t *t, const char *dir, const char *lang)
{
	kio_err_t err = KIO_ERR_IO;
	char path[1024];
	char *buf = NULL;
	int fd = -1;
	int n = snprintf(path, sizeof path, "%s/%s.ini", dir, lang);
	if (n < 0 || (size_t)n >= sizeof path) {
		err = KIO_ERR_TOOBIG;
		goto out;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto out;
	struct stat st;
	if (fstat(fd, &st) != 0)
		goto out;
	if (st.st_size > KIO_STRINGS_FILE_MAX) {
		err = KIO_ERR_TOOBIG;
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		err = KIO_ERR_NOMEM;
		goto out;
	}
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out;
		got += (size_t)r;
	}
	buf[got] = '\0';
	t->last = -1;
	if (ini_parse_string(buf, on_line, t) != 0 || t->bad) {
		err = KIO_ERR_CONFIG;
		goto out;
	}
	if (t->n > 0)
		qsort(t->v, (size_t)t->n, sizeof *t->v, entry_cmp);
	err = KIO_OK;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	if (err != KIO_OK)
		table_free(t);
	return err;
}

static bool lang_ok(const char *lang)
{
	size_t n = lang ? strlen(lang) : 0;
	if (n < 2 || n > 7)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lang[i] < 'a' || lang[i] > 'z')
			return false;
	return true;
}

kio_err_t kio_strings_load(const char *dir, const char *lang, kio_strings_t **out)
{
	*out = NULL;
	if (!dir || !lang_ok(lang))
		return KIO_ERR_INVAL;
	kio_strings_t *s = calloc(1, sizeof *s);
	if (!s)
		return KIO_ERR_NOMEM;
	snprintf(s->lang, sizeof s->lang, "%s", lang);
	kio_err_t err = table_load(&s->id, dir, "id");
	if (err == KIO_OK && strcmp(lang, "id") != 0)
		err = table_load(&s->own, dir, lang);
	if (err != KIO_OK) {
		kio_strings_free(s);
		return err;
	}
	*out = s;
	return KIO_OK;
}

void kio_strings_free(kio_strings_t *s)
{
	if (!s)
		return;
	table_free(&s->own);
	table_free(&s->id);
	free(s);
}

const char *kio_strings_lang(const kio_strings_t *s)
{
	return s ? s->lang : "";
}

const char *kio_strings_get(const kio_strings_t *s, const char *key)
{
	if (!s || !key)
		return "";
	const char *v = table_find(&s->own, key);
	if (!v)
		v = table_find(&s->id, key);
	return v ? v : key;
}

bool kio_strings_has(const kio_strings_t *s, const char *key)
{
	if (!s || !key)
		return false;
	return table_find(&s->own, key) || table_find(&s->id, key);
}

/* Append LEN bytes of SRC at *AT, cutting at a UTF-8 boundary if full. */
static void put(char *out, size_t outlen, size_t *at, const char *src, size_t len)
{
	size_t room = outlen - 1 - *at;
	if (len > room) {
		len = room;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out + *at, src, len);
	*at += len;
	out[*at] = '\0';
}

size_t kio_strings_fill(const char *tmpl, char *out, size_t outlen, const char *const *names,
                        const char *const *values, int n)
{
	if (!out || outlen == 0)
		return 0;
	out[0] = '\0';
	if (!tmpl)
		return 0;
	size_t at = 0;
	const char *p = tmpl;
	while (*p) {
		const char *open = strchr(p, '{');
		if (!open) {
			put(out, outlen, &at, p, strlen(p));
			break;
		}
		put(out, outlen, &at, p, (size_t)(open - p));
		const char *close = strchr(open + 1, '}');
		if (!close) {
			put(out, outlen, &at, open, strlen(open));
			break;
		}
		size_t nlen = (size_t)(close - open - 1);
		int hit = -1;
		for (int i = 0; i < n; i++) {
			if (names[i] && strlen(names[i]) == nlen &&
			    memcmp(names[i], open + 1, nlen) == 0) {
				hit = i;
				break;
			}
		}
		if (hit >= 0) {
			const char *v = values[hit] ? values[hit] : "";
			put(out, outlen, &at, v, strlen(v));
		} else {
			put(out, outlen, &at, open, nlen + 2);
		}
		p = close + 1;
	}
	return at;
}

size_t kio_strings_format1(const kio_strings_t *s, const char *key, const char *name,
                           const char *value, char *out, size_t outlen)
{
	const char *names[1] = {name};
	const char *values[1] = {value};
	return kio_strings_fill(kio_strings_get(s, key), out, outlen, names, values, 1);
}
