/* events.c — the --events JSON-lines writer (see events.h). */
#include "kiosk/events.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "kiosk/worker.h"

struct kio_events {
	FILE *f;
	uint64_t start_ms;
};

kio_events_t *kio_events_open(const char *path, uint64_t start_ms)
{
	kio_events_t *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->f = fopen(path, "ae");
	if (!e->f) {
		free(e);
		return NULL;
	}
	e->start_ms = start_ms;
	return e;
}

void kio_events_close(kio_events_t *e)
{
	if (!e)
		return;
	fclose(e->f);
	free(e);
}

void kio_events_write(kio_events_t *e, const char *type, const kio_events_field_t *f, size_t n)
{
	if (!e)
		return;
	json_t *o = json_object();
	if (!o)
		return;
	json_object_set_new(o, "t_ms", json_integer((json_int_t)(kio_now_ms() - e->start_ms)));
	json_object_set_new(o, "type", json_string(type));
	for (size_t i = 0; i < n; i++) {
		json_t *v = f[i].value ? json_string(f[i].value) : json_null();
		json_object_set_new(o, f[i].key, v ? v : json_string("?")); /* not UTF-8 */
	}
	/* Keys in the order given, one line, flushed: a test may read the file
	 * while the kiosk still runs. */
	if (json_dumpf(o, e->f, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0)
		fputc('\n', e->f);
	fflush(e->f);
	json_decref(o);
}
