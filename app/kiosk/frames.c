/* frames.c — how long the kiosk's frames take, for the benchmarks
 * (kiosk-private.h: the frames part of kio_kiosk_t, the frame_stats event). */
#include <stdio.h>
#include <time.h>

#include "kiosk/kiosk-private.h"

uint64_t kio_frames_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void kio_frames_count(kio_kiosk_t *k, uint64_t t0, uint64_t t1)
{
	uint64_t d = t1 - t0;
	if (!k->frames.started) {
		/* The first frame is the start-up's (first_frame event). */
		k->frames.started = true;
		return;
	}
	k->frames.n++;
	k->frames.sum_us += d;
	if (d > k->frames.max_us)
		k->frames.max_us = d;
	if (k->sm->screen == KIO_SCREEN_PRINTING && d > k->frames.printing_max_us)
		k->frames.printing_max_us = d;
	if (k->frames.input_us) {
		uint64_t lat = t1 - k->frames.input_us;
		k->frames.taps++;
		if (lat > k->frames.tap_max_us)
			k->frames.tap_max_us = lat;
		k->frames.input_us = 0;
	}
}

/* The frame statistics as one event (microseconds, as text). */
void kio_frames_emit(kio_kiosk_t *k)
{
	char n[24], mean[24], max[24], printing[24], taps[24], tap_max[24];
	snprintf(n, sizeof n, "%llu", (unsigned long long)k->frames.n);
	snprintf(mean, sizeof mean, "%llu",
	         (unsigned long long)(k->frames.n ? k->frames.sum_us / k->frames.n : 0));
	snprintf(max, sizeof max, "%llu", (unsigned long long)k->frames.max_us);
	snprintf(printing, sizeof printing, "%llu", (unsigned long long)k->frames.printing_max_us);
	snprintf(taps, sizeof taps, "%llu", (unsigned long long)k->frames.taps);
	snprintf(tap_max, sizeof tap_max, "%llu", (unsigned long long)k->frames.tap_max_us);
	kio_events_emit(k->events, "frame_stats", {"frames", n}, {"mean_us", mean}, {"max_us", max},
	                {"printing_max_us", printing}, {"taps", taps}, {"tap_max_us", tap_max});
}
