/* script.c — parser of the automation script format (script.h). */
#include "kiosk/script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	kio_script_op_t op;
	int needs_arg;
} ops[] = {
    {"tap", KIO_OP_TAP, 1},
    {"type", KIO_OP_TYPE, 1},
    {"key", KIO_OP_KEY, 1},
    {"wait", KIO_OP_WAIT, 1},
    {"expect-text", KIO_OP_EXPECT_TEXT, 1},
    {"screenshot", KIO_OP_SCREENSHOT, 1},
    {"sleep", KIO_OP_SLEEP, 1},
    {"exec", KIO_OP_EXEC, 1},
    {"expect-wiped", KIO_OP_EXPECT_WIPED, 0},
    {"scan", KIO_OP_SCAN, 1},
    {"scan-file", KIO_OP_SCAN_FILE, 1},
};

static int parse_ms(const char *s, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > KIO_SCRIPT_WAIT_MAX_MS)
		return -1;
	*out = (int)v;
	return 0;
}

static int safe_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

static kio_err_t parse_line(char *line, int lineno, kio_script_step_t *st, char *why, size_t whylen)
{
	char *sp = strchr(line, ' ');
	char *arg = sp ? sp + 1 : line + strlen(line);
	if (sp)
		*sp = 0;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		if (strcmp(line, ops[i].name))
			continue;
		memset(st, 0, sizeof *st);
		st->op = ops[i].op;
		st->line = lineno;
		if (ops[i].needs_arg && !*arg) {
			snprintf(why, whylen, "line %d: %s needs an argument", lineno, line);
			return KIO_ERR_INVAL;
		}
		if (strlen(arg) >= KIO_SCRIPT_ARG_MAX) {
			snprintf(why, whylen, "line %d: argument too long", lineno);
			return KIO_ERR_TOOBIG;
		}
		st->arg = strdup(arg);
		if (!st->arg) {
			snprintf(why, whylen, "line %d: out of memory", lineno);
			return KIO_ERR_NOMEM;
		}
		if (st->op == KIO_OP_SLEEP && parse_ms(arg, &st->ms)) {
			snprintf(why, whylen, "line %d: sleep wants milliseconds", lineno);
			return KIO_ERR_INVAL;
		}
		if (st->op == KIO_OP_WAIT) {
			st->ms = KIO_SCRIPT_WAIT_DEFAULT_MS;
			char *ms = strchr(st->arg, ' ');
			if (ms) {
				*ms++ = 0;
				if (parse_ms(ms, &st->ms)) {
					snprintf(why, whylen, "line %d: wait wants milliseconds",
					         lineno);
					return KIO_ERR_INVAL;
				}
			}
		}
		if (st->op == KIO_OP_SCREENSHOT && !safe_name(st->arg)) {
			/* The name becomes a file name: no paths. */
			snprintf(why, whylen, "line %d: screenshot name must be [A-Za-z0-9._-]",
			         lineno);
			return KIO_ERR_INVAL;
		}
		return KIO_OK;
	}
	snprintf(why, whylen, "line %d: unknown command '%.40s'", lineno, line);
	return KIO_ERR_INVAL;
}

kio_err_t kio_script_parse(const char *text, size_t len, kio_script_t *out, char *why,
                           size_t whylen)
{
	kio_err_t err = KIO_OK;
	char *line = malloc(KIO_SCRIPT_ARG_MAX + 64);

	memset(out, 0, sizeof *out);
	if (len > KIO_SCRIPT_MAX_BYTES) {
		snprintf(why, whylen, "script larger than %d bytes", KIO_SCRIPT_MAX_BYTES);
		err = KIO_ERR_TOOBIG;
		goto out;
	}
	int cap = 64; /* grows by doubling up to KIO_SCRIPT_MAX_STEPS */
	out->steps = calloc((size_t)cap, sizeof *out->steps);
	if (!line || !out->steps) {
		err = KIO_ERR_NOMEM;
		goto out;
	}
	size_t pos = 0;
	int lineno = 0;
	while (pos < len) {
		size_t start = pos;
		while (pos < len && text[pos] != '\n')
			pos++;
		size_t n = pos - start;
		pos++; /* skip '\n' */
		lineno++;
		if (n > KIO_SCRIPT_ARG_MAX + 32) {
			snprintf(why, whylen, "line %d: too long", lineno);
			err = KIO_ERR_TOOBIG;
			goto out;
		}
		memcpy(line, text + start, n);
		line[n] = 0;
		if (n && line[n - 1] == '\r')
			line[--n] = 0;
		if (memchr(line, 0, n)) {
			snprintf(why, whylen, "line %d: NUL byte", lineno);
			err = KIO_ERR_INVAL;
			goto out;
		}
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		if (out->nsteps >= KIO_SCRIPT_MAX_STEPS) {
			snprintf(why, whylen, "more than %d steps", KIO_SCRIPT_MAX_STEPS);
			err = KIO_ERR_TOOBIG;
			goto out;
		}
		if (out->nsteps == cap) {
			kio_script_step_t *more =
			    realloc(out->steps, 2 * (size_t)cap * sizeof *more);
			if (!more) {
				err = KIO_ERR_NOMEM;
				goto out;
			}
			out->steps = more;
			cap *= 2;
		}
		/* Counted before the check: a step that failed half-way may
		 * already own its argument, and the cleanup frees it. */
		memset(&out->steps[out->nsteps], 0, sizeof out->steps[0]);
		err = parse_line(p, lineno, &out->steps[out->nsteps++], why, whylen);
		if (err)
			goto out;
	}
out:
	free(line);
	if (err)
		kio_script_free(out);
	return err;
}

kio_err_t kio_script_load(const char *path, kio_script_t *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rbe");
	if (!f) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return KIO_ERR_IO;
	}
	char *buf = malloc(KIO_SCRIPT_MAX_BYTES + 1);
	if (!buf) {
		fclose(f);
		return KIO_ERR_NOMEM;
	}
	size_t n = fread(buf, 1, KIO_SCRIPT_MAX_BYTES + 1, f);
	fclose(f);
	kio_err_t err = kio_script_parse(buf, n, out, why, whylen);
	free(buf);
	return err;
}

void kio_script_free(kio_script_t *s)
{
	if (!s)
		return;
	for (int i = 0; s->steps && i < s->nsteps; i++) {
		if (!s->steps[i].arg)
			continue;
		explicit_bzero(s->steps[i].arg, strlen(s->steps[i].arg));
		free(s->steps[i].arg);
	}
	free(s->steps);
	s->steps = NULL;
	s->nsteps = 0;
}
