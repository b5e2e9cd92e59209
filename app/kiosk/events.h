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

#include <stdint.h>

typedef struct kio_events kio_events_t;

/* Opens PATH for appending; NULL if it cannot be written (the caller warns).
 * START_MS (monotonic) is the run's start, the zero of "t_ms". */
kio_events_t *kio_events_open(const char *path, uint64_t start_ms);
/* NULL-safe. */
void kio_events_close(kio_events_t *e);

/* Writes one line of TYPE with the string pairs that follow (key, value,
 * key, value, ..., NULL). A NULL value is written as null. NULL-safe: a run
 * without --events writes nothing. */
void kio_events_emit(kio_events_t *e, const char *type, ...) __attribute__((sentinel));

#endif
