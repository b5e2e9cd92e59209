/*
 * test_backoff.c — the background retry schedule (core/backoff.h) with a
 * seeded random source: every delay within its full-jitter bound, the bound
 * doubling up to the cap and no further, Retry-After honoured, a success
 * resetting it, the same seed giving the same schedule, and many kiosks'
 * phases and retries spread out instead of arriving together.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/backoff.h"

static void test_bounds_double_to_cap(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 200; seed++) {
		kio_backoff_t b;
		kio_backoff_init(&b, 2000, 300000, seed);
		int64_t ceiling = 2000;
		for (int n = 0; n < 20; n++) {
			int64_t d = kio_backoff_failed(&b, 0);
			assert_true(d >= 100);
			assert_true(d <= ceiling);
			ceiling = ceiling * 2 > 300000 ? 300000 : ceiling * 2;
		}
		assert_true(kio_backoff_failed(&b, 0) <= 300000); /* the cap holds */
	}
}

static void test_jitter_is_full(void **state)
{
	(void)state;
	/* Full jitter: at the cap, delays cover the whole [0, cap] range. */
	kio_backoff_t b;
	kio_backoff_init(&b, 2000, 60000, 42);
	for (int n = 0; n < 10; n++)
		(void)kio_backoff_failed(&b, 0);
	int64_t lo = INT64_MAX, hi = 0;
	for (int n = 0; n < 2000; n++) {
		int64_t d = kio_backoff_failed(&b, 0);
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	assert_true(lo < 60000 / 10);
	assert_true(hi > 60000 * 9 / 10);
}

static void test_retry_after_honoured(void **state)
{
	(void)state;
	kio_backoff_t b;
	kio_backoff_init(&b, 2000, 300000, 7);
	for (int n = 0; n < 50; n++) {
		int64_t ceiling = n == 0 ? 2000 : 4000; /* the second failure doubles */
		int64_t d = kio_backoff_failed(&b, 30);
		assert_true(d >= 30000);
		assert_true(d <= 30000 + ceiling);
		kio_backoff_succeeded(&b);
		(void)kio_backoff_failed(&b, 0);
	}
}

static void test_success_resets(void **state)
{
	(void)state;
	kio_backoff_t b;
	kio_backoff_init(&b, 1000, 300000, 9);
	for (int n = 0; n < 12; n++)
		(void)kio_backoff_failed(&b, 0);
	kio_backoff_succeeded(&b);
	assert_int_equal(b.failures, 0);
	assert_true(kio_backoff_failed(&b, 0) <= 1000);
}

static void test_same_seed_same_schedule(void **state)
{
	(void)state;
	kio_backoff_t a, b;
	kio_backoff_init(&a, 2000, 300000, 1234);
	kio_backoff_init(&b, 2000, 300000, 1234);
	assert_int_equal(kio_backoff_phase(&a, 60000), kio_backoff_phase(&b, 60000));
	for (int n = 0; n < 30; n++)
		assert_int_equal(kio_backoff_failed(&a, n % 3), kio_backoff_failed(&b, n % 3));
}

/* 200 kiosks booting together: their heartbeat phases over a 60 s interval
 * put at most 15 in any one second (a lockstep start puts all 200
 * in the first); after an outage their first retries spread the same way. */
static void test_many_kiosks_spread(void **state)
{
	(void)state;
	int phase[60] = {0}, retry[65] = {0};
	for (uint64_t k = 0; k < 200; k++) {
		kio_backoff_t b;
		kio_backoff_init(&b, 2000, 300000, 0x5eed0000 + k * 7919);
		int64_t p = kio_backoff_phase(&b, 60000);
		assert_true(p >= 0 && p < 60000);
		phase[p / 1000]++;
		for (int n = 0; n < 5; n++) /* five failures: ceiling 32 s */
			(void)kio_backoff_failed(&b, 0);
		int64_t d = kio_backoff_failed(&b, 0); /* ceiling 64 s */
		assert_true(d <= 64000);
		retry[d / 1000]++;
	}
	int pmax = 0, rmax = 0;
	for (int i = 0; i < 60; i++)
		pmax = phase[i] > pmax ? phase[i] : pmax;
	for (int i = 0; i < 65; i++)
		rmax = retry[i] > rmax ? retry[i] : rmax;
	print_message("  busiest second: %d of 200 at boot, %d of 200 retrying\n", pmax, rmax);
	/* Means 3.3 and 3.1 per second; a lockstep start would put all 200 in one. */
	assert_true(pmax <= 15);
	assert_true(rmax <= 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bounds_double_to_cap),
	    cmocka_unit_test(test_jitter_is_full),
	    cmocka_unit_test(test_retry_after_honoured),
	    cmocka_unit_test(test_success_resets),
	    cmocka_unit_test(test_same_seed_same_schedule),
	    cmocka_unit_test(test_many_kiosks_spread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
