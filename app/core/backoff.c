/*
 * backoff.c — exponential backoff with full jitter (see backoff.h).
 */
#include "core/backoff.h"

enum { MIN_DELAY_MS = 100 };

/* splitmix64: small, fast, and good enough to spread kiosks; not a secret. */
static uint64_t next(kio_backoff_t *b)
{
	uint64_t z = (b->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) for n >= 1 (the modulo bias is below 2^-40 here). */
static int64_t uniform(kio_backoff_t *b, int64_t n)
{
	return n <= 1 ? 0 : (int64_t)(next(b) % (uint64_t)n);
}

void kio_backoff_init(kio_backoff_t *b, int64_t base_ms, int64_t cap_ms, uint64_t seed)
{
	b->base_ms = base_ms < 1 ? 1 : base_ms;
	b->cap_ms = cap_ms < b->base_ms ? b->base_ms : cap_ms;
	b->failures = 0;
	b->rng = seed;
}

int64_t kio_backoff_phase(kio_backoff_t *b, int64_t interval_ms)
{
	return uniform(b, interval_ms);
}

int64_t kio_backoff_failed(kio_backoff_t *b, int retry_after_s)
{
	int64_t ceiling = b->base_ms;
	/* Doubling stops at the cap, long before int64 could overflow. */
	for (int i = 1; i < b->failures && ceiling < b->cap_ms; i++)
		ceiling *= 2;
	if (ceiling > b->cap_ms)
		ceiling = b->cap_ms;
	if (b->failures < 1000)
		b->failures++;
	int64_t delay = uniform(b, ceiling + 1);
	if (delay < MIN_DELAY_MS)
		delay = MIN_DELAY_MS;
	if (retry_after_s > 0)
		delay += (int64_t)retry_after_s * 1000;
	return delay;
}

void kio_backoff_succeeded(kio_backoff_t *b)
{
	b->failures = 0;
}
