/* strings.c — per-language text tables from INI text (see strings.h). */
#include "core/strings.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ini.h"

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

/* A value by its hash: kio_strings_is_text looks texts up in these. */
typedef struct kio_string_value {
	uint64_t hash;
	const char *value;
} kio_string_value_t;

struct kio_strings {
	char lang[8];
	kio_string_table_t own;     /* chosen language; empty when lang is "id" */
	kio_string_table_t id;      /* Indonesian, the fallback */
	kio_string_value_t *values; /* both tables' values, sorted by hash */
	int nvalues;
};

static uint64_t text_hash(const char *t)
{
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return h;
}

static int value_cmp(const void *a, const void *b)
{
	uint64_t x = ((const kio_string_value_t *)a)->hash,
	         y = ((const kio_string_value_t *)b)->hash;
	return x < y ? -1 : x > y;
}

static kio_err_t index_values(kio_strings_t *s)
{
	int n = s->own.n + s->id.n;
	if (n == 0)
		return KIO_OK;
	s->values = calloc((size_t)n, sizeof *s->values);
	if (!s->values)
		return KIO_ERR_NOMEM;
	const kio_string_table_t *tables[] = {&s->own, &s->id};
	for (int t = 0; t < 2; t++)
		for (int i = 0; i < tables[t]->n; i++)
			s->values[s->nvalues++] =
			    (kio_string_value_t){.hash = text_hash(tables[t]->v[i].value),
			                         .value = tables[t]->v[i].value};
	qsort(s->values, (size_t)s->nvalues, sizeof *s->values, value_cmp);
	return KIO_OK;
}

bool kio_strings_is_text(const kio_strings_t *s, const char *text)
{
	if (!s || !text || s->nvalues == 0)
		return false;
	uint64_t h = text_hash(text);
	int lo = 0, hi = s->nvalues;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (s->values[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < s->nvalues && s->values[lo].hash == h; lo++)
		if (strcmp(s->values[lo].value, text) == 0)
			return true;
	return false;
}

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

static int on_line(void *user, int line, const char *section, const char *name, const char *value)
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
	/* The lexer hands an indented continuation line over under the same name. */
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

/* Parses TEXT[0..LEN) into T. */
static kio_err_t table_parse(kio_string_table_t *t, const char *text, size_t len)
{
	if (len > KIO_STRINGS_FILE_MAX)
		return KIO_ERR_TOOBIG;
	t->last = -1;
	if (kio_ini_parse(text, len, KIO_INI_CONTINUATION, on_line, NULL, t, NULL) != 0 || t->bad) {
		table_free(t);
		return KIO_ERR_CONFIG;
	}
	if (t->n > 0)
		qsort(t->v, (size_t)t->n, sizeof *t->v, entry_cmp);
	return KIO_OK;
}

bool kio_strings_lang_valid(const char *lang)
{
	size_t n = lang ? strlen(lang) : 0;
	if (n < 2 || n > 7)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lang[i] < 'a' || lang[i] > 'z')
			return false;
	return true;
}

kio_err_t kio_strings_parse(const char *lang, const char *id_text, size_t id_len,
                            const char *own_text, size_t own_len, kio_strings_t **out)
{
	*out = NULL;
	if (!kio_strings_lang_valid(lang) || !id_text || (strcmp(lang, "id") && !own_text))
		return KIO_ERR_INVAL;
	kio_strings_t *s = calloc(1, sizeof *s);
	if (!s)
		return KIO_ERR_NOMEM;
	snprintf(s->lang, sizeof s->lang, "%s", lang);
	kio_err_t err = table_parse(&s->id, id_text, id_len);
	if (err == KIO_OK && strcmp(lang, "id") != 0)
		err = table_parse(&s->own, own_text, own_len);
	if (err == KIO_OK)
		err = index_values(s);
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
	free(s->values);
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
