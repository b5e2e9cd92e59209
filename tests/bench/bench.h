/*
 * bench.h — what the C benchmarks share about the profile they run in
 * (tests/bench/run.sh: KIO_BENCH_PROFILE, `make bench PROFILE=lowend`).
 */
#ifndef KIO_BENCH_H
#define KIO_BENCH_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* True inside tests/bench/lowend.sh's cgroup: a quarter of one core. */
static inline bool kio_bench_lowend(void)
{
	const char *p = getenv("KIO_BENCH_PROFILE");
	return p && strcmp(p, "lowend") == 0;
}

/* A frame's budget in ms: half a 60 Hz frame on the build machine leaves
 * room for slower boards; the low-end profile, which stands for those
 * boards, gets the whole frame (issue 20). */
static inline double kio_bench_frame_ms(void)
{
	return kio_bench_lowend() ? 16.7 : 8.0;
}

#endif
