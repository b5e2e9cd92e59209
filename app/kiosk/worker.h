/*
 * worker.h — a thread with a job queue, so the UI thread never waits.
 *
 * Jobs are fixed-size values copied into a bounded ring; the worker calls
 * RUN for each, in order. A job's bytes are wiped after it ran (jobs may
 * carry a password or PIN). The worker reports liveness for the watchdog:
 * kio_worker_stuck() is true when one job has run longer than its bound.
 */
#ifndef KIO_WORKER_H
#define KIO_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct kio_worker kio_worker_t;

enum { KIO_WORKER_QUEUE = 32 };

/* Runs one job. JOB points to JOB_SIZE bytes owned by the worker. */
typedef void (*kio_worker_fn)(void *ctx, void *job);
/* Periodic duties of a worker (heartbeat, uploads, polls): does what is due
 * at NOW_MS and returns the milliseconds until the next thing is due (-1:
 * nothing). Called when the queue is empty, after each job and when that
 * time comes, so a worker with nothing due sleeps without waking. */
typedef int64_t (*kio_worker_tick_fn)(void *ctx, uint64_t now_ms);

/* TICK may be NULL (a worker that only runs jobs). */
KIO_MUST_CHECK kio_err_t kio_worker_start(const char *name, size_t job_size, kio_worker_fn run,
                                          kio_worker_tick_fn tick, void *ctx, kio_worker_t **out);
/* Finishes the running job, drops queued ones, joins the thread. NULL-safe. */
void kio_worker_stop(kio_worker_t *w);
/* Copies JOB into the queue. KIO_ERR_TOOBIG when the queue is full. */
KIO_MUST_CHECK kio_err_t kio_worker_post(kio_worker_t *w, const void *job);
/* True when the current job has been running for more than BOUND_MS. */
bool kio_worker_stuck(kio_worker_t *w, uint64_t now_ms, uint64_t bound_ms);

/* Monotonic milliseconds (CLOCK_MONOTONIC), shared clock of the kiosk. */
uint64_t kio_now_ms(void);

#endif
