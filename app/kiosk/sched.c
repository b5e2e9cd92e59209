/*
 * sched.c — when the bg worker does its periodic duties (kiosk-private.h,
 * kio_sched_t): heartbeat, print-log upload, printer and disk check,
 * recovery of unsettled prints, retention.
 *
 * Many kiosks share one central server. Left to a fixed interval from
 * their start, kiosks that boot together (a power cut in an office) or
 * that failed together (a server outage) would hit it in lockstep, so:
 *   - the heartbeat's phase is random per kiosk and per boot;
 *   - a failed heartbeat or upload is retried after a full-jitter wait
 *     that doubles up to the cap (config backoff_base_s, backoff_cap_s),
 *     with the server's Retry-After on top; a success brings the normal
 *     interval back, and the other one's retry forward (the server is back);
 *   - a backlog goes up one large batch at a time, each after a random
 *     pause, not all at once;
 * and, so that an idle kiosk costs ~nothing, the printer is polled less
 * often while nothing changes (5 s doubling to 60 s; any change, or a
 * failed check, brings 5 s back; entering the idle or confirm screen asks
 * afresh anyway), the disk is looked at every 5 s (statvfs, microseconds;
 * a committed test write once a minute or after a failure), either is
 * told to the UI thread only when it changed, recovery reads the journal
 * every 30 s (and soon after a failed print), and the worker sleeps until
 * the first due time (worker.h) rather than waking on a fixed tick.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "core/log.h"
#include "kiosk/kiosk-private.h"

enum {
	STATUS_MIN_MS = 5000,    /* printer check while things change */
	STATUS_MAX_MS = 60000,   /* ... while nothing does */
	DISK_EVERY_MS = 5000,    /* statvfs; posts only news (services.c) */
	RECOVER_BUSY_MS = 30000, /* a print waits to be settled */
	/* None does: still every 30 s (a journal read, microseconds), so that
	 * recovery keeps meeting prints in flight the way
	 * test_recovery_live_print checks it must (leave them alone). */
	RECOVER_IDLE_MS = 30000,
	PRUNE_EVERY_MS = 6 * 3600 * 1000, /* retention is in days */
	UPLOAD_ROUNDS = 1,                /* batches per upload turn (jitter on) */
	LOCKSTEP_ROUNDS = 50,             /* the old drain-it-all (test only) */
};

static uint64_t seed_of(const kio_service_t *s)
{
	/* The kernel's randomness differs per kiosk and per boot; the kiosk id
	 * is mixed in so that two kiosks never share a schedule even if it
	 * failed (no entropy yet very early in a boot). */
	uint64_t seed = 0;
	if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed)
		seed = kio_now_ms();
	for (const char *c = s->cfg.kiosk_id; *c; c++)
		seed = (seed ^ (unsigned char)*c) * 0x100000001b3ULL;
	return seed;
}

static int64_t heartbeat_ms(const kio_service_t *s)
{
	return (int64_t)s->cfg.heartbeat_s * 1000;
}

/* Lockstep (test only): the first heartbeat on the next wall-clock multiple
 * of the interval, as if every kiosk of the fleet had booted at the same
 * moment (a power cut), however long the harness took to start them. */
static int64_t lockstep_phase(const kio_service_t *s)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t wall = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	return heartbeat_ms(s) - wall % heartbeat_ms(s);
}

void kio_sched_init(kio_service_t *s, bool lockstep)
{
	kio_sched_t *c = &s->sched;
	uint64_t now = kio_now_ms(), seed = seed_of(s);
	int64_t base = (int64_t)s->cfg.backoff_base_s * 1000,
	        cap = (int64_t)s->cfg.backoff_cap_s * 1000;
	c->on = true;
	c->lockstep = lockstep;
	kio_backoff_init(&c->heartbeat, base, cap, seed);
	kio_backoff_init(&c->upload, base, cap, seed ^ 0x5bd1e995ULL);
	kio_backoff_init(&c->status, base, cap < STATUS_MAX_MS ? cap : STATUS_MAX_MS,
	                 seed ^ 0xc2b2ae35ULL);
	kio_backoff_init(&c->pace, base, cap, seed ^ 0x27d4eb2fULL);
	c->heartbeat_at =
	    now + (uint64_t)(lockstep ? lockstep_phase(s)
	                              : kio_backoff_phase(&c->heartbeat, heartbeat_ms(s)));
	c->upload_at = c->heartbeat_at;
	c->status_at = c->disk_at = c->recover_at = now;
	c->prune_at = now + 60000; /* after the start's own work */
	c->status_every_ms = STATUS_MIN_MS;
	c->writable = true;
}

/* After a failure: the fixed interval in lockstep mode, else backoff. */
static uint64_t retry_at(const kio_sched_t *c, kio_backoff_t *b, uint64_t now, int64_t interval,
                         int retry_after_s)
{
	if (c->lockstep)
		return now + (uint64_t)interval;
	return now + (uint64_t)kio_backoff_failed(b, retry_after_s);
}

static void heartbeat(kio_service_t *s, uint64_t now)
{
	kio_sched_t *c = &s->sched;
	int retry = 0;
	kio_err_t err = kio_service_heartbeat(s, atomic_load(&s->k->gen), &retry);
	if (err) {
		c->heartbeat_at = retry_at(c, &c->heartbeat, now, heartbeat_ms(s), retry);
		return;
	}
	kio_backoff_succeeded(&c->heartbeat);
	/* The server is back: an upload that was backing off goes within
	 * half an interval, at a random time (not on the heartbeat's heels). */
	uint64_t soon = now + 100 + (uint64_t)kio_backoff_phase(&c->pace, heartbeat_ms(s) / 2);
	if (c->upload.failures > 0 && c->upload_at > soon)
		c->upload_at = soon;
	/* Keep the phase while things go well; after a failure the phase is
	 * the (random) time of the first success. */
	c->heartbeat_at += (uint64_t)heartbeat_ms(s);
	if (c->heartbeat_at <= now)
		c->heartbeat_at = now + (uint64_t)heartbeat_ms(s);
}

static void upload(kio_service_t *s, uint64_t now)
{
	kio_sched_t *c = &s->sched;
	bool more = false, answered = false;
	int retry = 0;
	kio_err_t err = kio_service_upload(s, c->lockstep ? LOCKSTEP_ROUNDS : UPLOAD_ROUNDS, &more,
	                                   &answered, &retry);
	if (err) {
		c->upload_at = retry_at(c, &c->upload, now, heartbeat_ms(s), retry);
		return;
	}
	kio_backoff_succeeded(&c->upload);
	if (answered && c->heartbeat.failures > 0 && c->heartbeat_at > now)
		c->heartbeat_at = now; /* the server is back: say so on screen */
	if (more && !c->lockstep)
		/* The rest of a backlog: the next batch after a random pause of
		 * up to half an interval, so that a fleet's backlogs interleave. */
		c->upload_at =
		    now + 100 + (uint64_t)kio_backoff_phase(&c->pace, heartbeat_ms(s) / 2);
	else
		/* Rows logged from now on go with the next heartbeat. */
		c->upload_at =
		    c->heartbeat_at > now ? c->heartbeat_at : now + (uint64_t)heartbeat_ms(s);
}

static void status(kio_service_t *s, uint64_t now)
{
	kio_sched_t *c = &s->sched;
	bool changed = false;
	kio_err_t err = kio_service_printer_status(s, atomic_load(&s->k->gen), false, &changed);
	if (err) {
		c->status_every_ms = STATUS_MIN_MS;
		c->status_at = retry_at(c, &c->status, now, STATUS_MIN_MS, 0);
		return;
	}
	kio_backoff_succeeded(&c->status);
	if (changed || c->lockstep)
		c->status_every_ms = STATUS_MIN_MS;
	else if (c->status_every_ms < STATUS_MAX_MS)
		c->status_every_ms *= 2;
	if (c->status_every_ms > STATUS_MAX_MS)
		c->status_every_ms = STATUS_MAX_MS;
	c->status_at = now + (uint64_t)c->status_every_ms;
}

static uint64_t earliest(const kio_sched_t *c)
{
	uint64_t t = c->heartbeat_at;
	const uint64_t others[] = {c->upload_at, c->status_at, c->disk_at, c->recover_at,
	                           c->prune_at};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		if (others[i] < t)
			t = others[i];
	return t;
}

int64_t kio_sched_tick(void *ctx, uint64_t now)
{
	kio_service_t *s = ctx;
	kio_sched_t *c = &s->sched;
	if (!c->on)
		return -1;
	if (now >= c->heartbeat_at)
		heartbeat(s, now);
	if (now >= c->upload_at)
		upload(s, kio_now_ms());
	if (now >= c->status_at)
		status(s, kio_now_ms());
	if (now >= c->disk_at) {
		kio_service_store_status(s, atomic_load(&s->k->gen), false);
		c->disk_at = kio_now_ms() + DISK_EVERY_MS;
	}
	if (now >= c->recover_at) {
		int left = kio_service_recover(s);
		c->recover_at = kio_now_ms() + (left > 0 ? RECOVER_BUSY_MS : RECOVER_IDLE_MS);
	}
	if (now >= c->prune_at) {
		kio_service_prune(s);
		c->prune_at = kio_now_ms() + PRUNE_EVERY_MS;
	}
	uint64_t next = earliest(c), t = kio_now_ms();
	return next > t ? (int64_t)(next - t) : 0;
}
