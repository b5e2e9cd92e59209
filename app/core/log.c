/* log.c — one-line diagnostics on stderr with a monotonic timestamp. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void kio_log(kio_log_level_t level, const char *module, const char *fmt, ...)
{
	static const char *const tag[] = {"debug", "info", "warn", "error"};
	char msg[1024];
	struct timespec ts;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* One fprintf per line so lines from worker threads never interleave. */
	fprintf(stderr, "[%6lld.%03ld] %s %s: %s\n", (long long)ts.tv_sec, ts.tv_nsec / 1000000,
	        tag[level & 3], module, msg);
}
