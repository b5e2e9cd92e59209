/*
 * facts.c — staff facts: built by workers, worded by screens. See facts.h.
 */
#include "core/facts.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"

kio_fact_t *kio_facts_add(kio_facts_t *f, const char *key)
{
	if (!f || f->n < 0 || f->n >= KIO_FACTS_MAX)
		return NULL;
	kio_fact_t *l = &f->line[f->n++];
	memset(l, 0, sizeof *l);
	KIO_COPY(l->key, key);
	return l;
}

void kio_fact_set(kio_fact_t *l, const char *name, const char *value)
{
	if (!l || l->n < 0 || l->n >= KIO_FACT_ARGS)
		return;
	KIO_COPY(l->name[l->n], name);
	KIO_COPY(l->value[l->n], value ? value : "");
	l->n++;
}

void kio_fact_int(kio_fact_t *l, const char *name, int64_t value)
{
	char v[24];
	snprintf(v, sizeof v, "%" PRId64, value);
	kio_fact_set(l, name, v);
}

void kio_fact_word(kio_fact_t *l, const char *name, const char *prefix, const char *word)
{
	char v[KIO_FACT_VALUE_MAX];
	snprintf(v, sizeof v, "@%s.%s", prefix, word && word[0] ? word : "none");
	kio_fact_set(l, name, v);
}

const char *kio_facts_word(const kio_strings_t *s, const char *key)
{
	if (kio_strings_has(s, key))
		return kio_strings_get(s, key);
	const char *dot = strrchr(key, '.');
	return dot ? dot + 1 : key;
}

void kio_facts_duration(const kio_strings_t *s, int64_t seconds, char *out, size_t len)
{
	if (seconds < 0)
		seconds = 0;
	char a[24], b[24];
	const char *names[] = {"a", "b"};
	const char *values[] = {a, b};
	int64_t d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60;
	const char *key = d ? "time.days_hours" : h ? "time.hours_minutes" : "time.minutes";
	snprintf(a, sizeof a, "%" PRId64, d ? d : h ? h : m);
	snprintf(b, sizeof b, "%" PRId64, d ? h : m);
	kio_strings_fill(kio_strings_get(s, key), out, len, names, values, 2);
}

/* DST gets SRC[0..CAP) up to its first NUL, always terminated: a fact comes
 * from another thread and is never trusted to hold a NUL. */
static void bounded(char *dst, const char *src, size_t cap)
{
	size_t n = strnlen(src, cap - 1);
	memcpy(dst, src, n);
	dst[n] = 0;
}

void kio_fact_sanitize(kio_fact_t *l)
{
	l->key[sizeof l->key - 1] = 0;
	if (l->n < 0 || l->n > KIO_FACT_ARGS)
		l->n = 0;
	for (int i = 0; i < KIO_FACT_ARGS; i++) {
		l->name[i][sizeof l->name[i] - 1] = 0;
		l->value[i][sizeof l->value[i] - 1] = 0;
	}
}

void kio_facts_sanitize(kio_facts_t *f)
{
	if (f->n < 0 || f->n > KIO_FACTS_MAX)
		f->n = 0;
	for (int i = 0; i < f->n; i++)
		kio_fact_sanitize(&f->line[i]);
}

void kio_fact_format(const kio_strings_t *s, const kio_fact_t *l, char *out, size_t len)
{
	char vals[KIO_FACT_ARGS][256], nm[KIO_FACT_ARGS][sizeof l->name[0]];
	const char *names[KIO_FACT_ARGS], *values[KIO_FACT_ARGS];
	int n = l->n < 0 ? 0 : l->n > KIO_FACT_ARGS ? KIO_FACT_ARGS : l->n;
	for (int i = 0; i < n; i++) {
		char v[KIO_FACT_VALUE_MAX];
		bounded(v, l->value[i], sizeof v);
		bounded(nm[i], l->name[i], sizeof nm[i]);
		names[i] = nm[i];
		values[i] = vals[i];
		if (!strcmp(nm[i], "uptime")) {
			long long sec = 0;
			if (sscanf(v, "%lld", &sec) != 1)
				sec = 0;
			kio_facts_duration(s, sec, vals[i], sizeof vals[i]);
		} else if (v[0] == '@') {
			KIO_COPY(vals[i], kio_facts_word(s, v + 1));
		} else {
			KIO_COPY(vals[i], v);
		}
	}
	char key[sizeof l->key];
	bounded(key, l->key, sizeof key);
	kio_strings_fill(kio_strings_get(s, key), out, len, names, values, n);
}

void kio_facts_format(const kio_strings_t *s, const kio_facts_t *f, char *out, size_t len)
{
	size_t used = 0;
	if (len)
		out[0] = 0;
	int n = f->n < 0 ? 0 : f->n > KIO_FACTS_MAX ? KIO_FACTS_MAX : f->n;
	for (int i = 0; i < n && used + 1 < len; i++) {
		kio_fact_format(s, &f->line[i], out + used, len - used);
		used += strlen(out + used);
		if (used + 1 < len) {
			out[used++] = '\n';
			out[used] = 0;
		}
	}
}
