/*
 * backoff.h — when to try a background request again: exponential backoff
 * with full jitter, Retry-After honoured, and a random phase for periodic
 * work, so that many kiosks never hit one central server in lockstep (after
 * a power cut every kiosk of an office boots together; after a server
 * outage every kiosk has failed together).
 *
 * Pure: the caller passes time in and owns the random state (seeded per
 * kiosk and boot in production, by the test in tests), so a schedule is
 * reproducible. Only background work uses it; a citizen's own request is
 * never delayed by it. The kiosk's bg worker schedules with it
 * (app/kiosk/sched.c).
 */
#ifndef KIO_BACKOFF_H
#define KIO_BACKOFF_H

#include <stdint.h>

#include "core/err.h"

typedef struct kio_backoff {
	int64_t base_ms; /* ceiling after the first failure */
	int64_t cap_ms;  /* the ceiling never grows past this */
	int failures;    /* in a row, since the last success */
	uint64_t rng;    /* splitmix64 state */
} kio_backoff_t;

/* BASE_MS >= 1, CAP_MS >= BASE_MS (clamped otherwise); SEED any value. */
void kio_backoff_init(kio_backoff_t *b, int64_t base_ms, int64_t cap_ms, uint64_t seed);

/* A uniform random delay in [0, INTERVAL_MS): the phase of a periodic job
 * in this boot, drawn once at start. */
int64_t kio_backoff_phase(kio_backoff_t *b, int64_t interval_ms);

/* After a failure: how long to wait before the next attempt. Full jitter:
 * uniform in [0, min(cap, base * 2^(failures-1))], never below 100 ms; a
 * server's Retry-After (RETRY_AFTER_S > 0) is honoured by adding that
 * jitter to it, so kiosks told the same time still spread out. */
int64_t kio_backoff_failed(kio_backoff_t *b, int retry_after_s);

/* After a success: back to the normal interval. */
void kio_backoff_succeeded(kio_backoff_t *b);

#endif
