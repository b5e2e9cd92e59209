/*
 * test_sched.c — the bg worker's schedule (app/kiosk/sched.c) with a fake
 * clock and fake duties: this file defines kio_now_ms() and the
 * kio_service_* functions sched.c calls, so the linker takes them instead of
 * worker.o and services.o, and no network, printer or store is involved.
 * Asserted: the heartbeat's phase within its interval and different per
 * kiosk; lockstep (test only) aligning every kiosk; failed heartbeats backing
 * off within the full-jitter bound up to the cap; Retry-After honoured; a
 * success bringing the interval back and pulling a backed-off upload
 * forward; a backlog paced; the printer poll doubling to 60 s while nothing
 * changes and back to 5 s on a change; recovery every 30 s; the tick's
 * answer being the time to the earliest duty.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kiosk/kiosk-private.h"

/* ---- fakes ---------------------------------------------------------------- */

static uint64_t fake_now = 1000000;
static kio_err_t hb_err, up_err;
static int hb_retry, up_retry, hb_calls, up_calls, status_calls, recover_left;
static bool up_more, up_answered, printer_changed;

uint64_t kio_now_ms(void)
{
	return fake_now;
}

kio_err_t kio_service_heartbeat(kio_service_t *s, unsigned gen, int *retry_after_s)
{
	hb_calls++;
	*retry_after_s = hb_retry;
	return hb_err;
}

kio_err_t kio_service_upload(kio_service_t *s, int rounds, bool *more, bool *answered,
                             int *retry_after_s)
{
	up_calls++;
	*more = up_err == KIO_OK && up_more;
	*answered = up_err == KIO_OK && up_answered;
	*retry_after_s = up_retry;
	return up_err;
}

kio_err_t kio_service_printer_status(kio_service_t *s, unsigned gen, bool announce, bool *changed)
{
	status_calls++;
	*changed = printer_changed;
	return KIO_OK;
}

void kio_service_store_status(kio_service_t *s, unsigned gen, bool announce)
{
}

int kio_service_recover(kio_service_t *s)
{
	return recover_left;
}

void kio_service_prune(kio_service_t *s)
{
}

/* ---- helpers ---------------------------------------------------------------- */

enum { H = 60000, BASE = 2000, CAP = 300000 };

static kio_kiosk_t kiosk;

static void setup_service(kio_service_t *s, const char *id, bool lockstep)
{
	memset(s, 0, sizeof *s);
	s->k = &kiosk;
	s->cfg.heartbeat_s = H / 1000;
	s->cfg.backoff_base_s = BASE / 1000;
	s->cfg.backoff_cap_s = CAP / 1000;
	snprintf(s->cfg.kiosk_id, sizeof s->cfg.kiosk_id, "%s", id);
	hb_err = up_err = KIO_OK;
	hb_retry = up_retry = hb_calls = up_calls = status_calls = recover_left = 0;
	up_more = up_answered = printer_changed = false;
	kio_sched_init(s, lockstep);
}

/* Runs ticks until the heartbeat was called once more; returns when. */
static uint64_t next_heartbeat(kio_service_t *s)
{
	int before = hb_calls;
	for (int i = 0; i < 10000 && hb_calls == before; i++) {
		int64_t wait = kio_sched_tick(s, fake_now);
		assert_true(wait >= 0);
		if (hb_calls == before)
			fake_now += (uint64_t)wait;
	}
	assert_int_equal(hb_calls, before + 1);
	return fake_now;
}

/* ---- tests ---------------------------------------------------------------------- */

static void test_phase_random_within_interval(void **state)
{
	(void)state;
	kio_service_t s;
	int distinct = 0;
	uint64_t seen[200];
	for (int i = 0; i < 200; i++) {
		char id[32];
		snprintf(id, sizeof id, "ADM-T-%03d", i);
		setup_service(&s, id, false);
		uint64_t phase = s.sched.heartbeat_at - fake_now;
		assert_true(phase < H);
		bool dup = false;
		for (int j = 0; j < distinct; j++)
			dup = dup || seen[j] == phase;
		if (!dup)
			seen[distinct++] = phase;
	}
	assert_true(distinct > 150); /* not in lockstep */
}

static void test_lockstep_aligns(void **state)
{
	(void)state;
	kio_service_t a, b;
	setup_service(&a, "ADM-T-001", true);
	setup_service(&b, "ADM-T-002", true);
	/* Same wall-clock multiple of the interval: the same due time (the
	 * fake monotonic clock did not move; the wall clock by < 1 s). */
	int64_t d = (int64_t)a.sched.heartbeat_at - (int64_t)b.sched.heartbeat_at;
	assert_true(d >= -1000 && d <= 1000);
}

static void test_failures_back_off_to_cap(void **state)
{
	(void)state;
	kio_service_t s;
	setup_service(&s, "ADM-T-010", false);
	uint64_t last = next_heartbeat(&s);
	hb_err = KIO_ERR_NET_CONNECT;
	int64_t ceiling = BASE;
	for (int n = 0; n < 12; n++) {
		uint64_t at = next_heartbeat(&s);
		if (n > 0) { /* the first failure was the one that set the delay */
			int64_t delay = (int64_t)(at - last);
			assert_true(delay >= 100);
			assert_true(delay <= ceiling);
			ceiling = ceiling * 2 > CAP ? CAP : ceiling * 2;
		}
		last = at;
	}
	/* Back to the normal interval after a success. */
	hb_err = KIO_OK;
	uint64_t ok_at = next_heartbeat(&s);
	assert_int_equal(next_heartbeat(&s) - ok_at, H);
}

static void test_retry_after_honoured(void **state)
{
	(void)state;
	kio_service_t s;
	setup_service(&s, "ADM-T-020", false);
	(void)next_heartbeat(&s);
	hb_err = KIO_ERR_NET_BUSY;
	hb_retry = 120;
	uint64_t at = next_heartbeat(&s); /* this one is answered 503 + Retry-After */
	uint64_t again = next_heartbeat(&s);
	assert_true(again - at >= 120000);
	assert_true(again - at <= 120000 + BASE);
}

static void test_success_pulls_upload_forward(void **state)
{
	(void)state;
	kio_service_t s;
	setup_service(&s, "ADM-T-030", false);
	up_err = KIO_ERR_NET_CONNECT;
	for (int i = 0; i < 8; i++) { /* the upload backs off far */
		s.sched.upload_at = fake_now;
		(void)kio_sched_tick(&s, fake_now);
	}
	assert_true(s.sched.upload.failures >= 8);
	up_err = KIO_OK;
	s.sched.upload_at = fake_now + 10 * H; /* a long backoff ahead */
	s.sched.heartbeat_at = fake_now;
	uint64_t hb = next_heartbeat(&s); /* succeeds: the server is back */
	assert_true(s.sched.upload_at >= hb + 100);
	assert_true(s.sched.upload_at <= hb + 100 + H / 2);
}

static void test_backlog_paced(void **state)
{
	(void)state;
	kio_service_t s;
	setup_service(&s, "ADM-T-040", false);
	up_more = true;
	s.sched.upload_at = fake_now;
	(void)kio_sched_tick(&s, fake_now);
	assert_true(s.sched.upload_at > fake_now + 99);
	assert_true(s.sched.upload_at <= fake_now + 100 + H / 2);
	up_more = false;
	fake_now = s.sched.upload_at;
	(void)kio_sched_tick(&s, fake_now);
	/* Nothing left: the next upload goes with the next heartbeat. */
	assert_int_equal(s.sched.upload_at, s.sched.heartbeat_at);
}

static void test_printer_poll_adapts(void **state)
{
	(void)state;
	kio_service_t s;
	setup_service(&s, "ADM-T-050", false);
	const int64_t want[] = {20000, 40000, 60000, 60000};
	(void)kio_sched_tick(&s, fake_now); /* the first check, at start */
	assert_int_equal(s.sched.status_at - fake_now, 10000);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		fake_now = s.sched.status_at;
		(void)kio_sched_tick(&s, fake_now);
		assert_int_equal(s.sched.status_at - fake_now, want[i]);
	}
	printer_changed = true;
	fake_now = s.sched.status_at;
	(void)kio_sched_tick(&s, fake_now);
	assert_int_equal(s.sched.status_at - fake_now, 5000);
}

static void test_recovery_pace(void **state)
{
	(void)state;
	kio_service_t s;
	setup_service(&s, "ADM-T-060", false);
	recover_left = 1;
	(void)kio_sched_tick(&s, fake_now);
	assert_int_equal(s.sched.recover_at - fake_now, 30000);
	recover_left = 0;
	fake_now = s.sched.recover_at;
	(void)kio_sched_tick(&s, fake_now);
	assert_int_equal(s.sched.recover_at - fake_now, 30000);
}

static void test_tick_sleeps_until_earliest(void **state)
{
	(void)state;
	kio_service_t s;
	setup_service(&s, "ADM-T-070", false);
	int64_t wait = kio_sched_tick(&s, fake_now);
	uint64_t due = s.sched.heartbeat_at;
	const uint64_t others[] = {s.sched.upload_at, s.sched.status_at, s.sched.disk_at,
	                           s.sched.recover_at, s.sched.prune_at};
	for (size_t i = 0; i < 5; i++)
		due = others[i] < due ? others[i] : due;
	assert_int_equal((uint64_t)wait, due - fake_now);
	assert_true(wait > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_phase_random_within_interval),
	    cmocka_unit_test(test_lockstep_aligns),
	    cmocka_unit_test(test_failures_back_off_to_cap),
	    cmocka_unit_test(test_retry_after_honoured),
	    cmocka_unit_test(test_success_pulls_upload_forward),
	    cmocka_unit_test(test_backlog_paced),
	    cmocka_unit_test(test_printer_poll_adapts),
	    cmocka_unit_test(test_recovery_pace),
	    cmocka_unit_test(test_tick_sleeps_until_earliest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
