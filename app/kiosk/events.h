/*
 * events.h — the --events log of a run: one JSON object per line, written
 * with jansson, for tests and demos that follow the kiosk from outside.
 *
 * Each line is {"t_ms": ms since start, "type": TYPE, key: value, ...}.
 * Values are short facts (screen names, error names, widget ids); never a
 * NIK, a password or a token. Written and flushed on the UI thread only.
 */
#ifndef KIO_EVENTS_H
#define KIO_EVENTS_H

#include <stddef.h>
#include <stdint.h>

typedef struct kio_events kio_events_t;

/* Opens PATH for appending; NULL if it cannot be written (the caller warns).
 * START_MS (monotonic) is the run's start, the zero of "t_ms". */
kio_events_t *kio_events_open(const char *path, uint64_t start_ms);
/* NULL-safe. */
void kio_events_close(kio_events_t *e);

typedef struct kio_events_field {
	const char *key;
	const char *value; /* NULL is written as null */
} kio_events_field_t;

/* Writes one line of TYPE with N fields, keys in the order given. NULL-safe:
 * a run without --events writes nothing. */
void kio_events_write(kio_events_t *e, const char *type, const kio_events_field_t *f, size_t n);

/* kio_events_emit(e, "request", {"what", "print"}, {"document", id}) */
#define kio_events_emit(e, type, ...)                                                              \
	do {                                                                                       \
		const kio_events_field_t kio_ev_f_[] = {__VA_ARGS__};                              \
		kio_events_write((e), (type), kio_ev_f_, sizeof kio_ev_f_ / sizeof kio_ev_f_[0]);  \
	} while (0)

#endif
