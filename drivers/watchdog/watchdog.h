/*
 * watchdog.h — tells something outside the kiosk that it is alive.
 *
 * Three drivers behind one ops table: "systemd" (sd_notify WATCHDOG=1, used
 * when the unit sets WatchdogSec=), "device" (/dev/watchdog-style: any write
 * feeds it, the magic 'V' disarms it on a clean stop) and "none". The main
 * loop calls kio_watchdog_feed() only while it is alive and no worker is
 * stuck, so a hung kiosk is restarted rather than left frozen on screen.
 */
#ifndef KIO_WATCHDOG_H
#define KIO_WATCHDOG_H

#include <stdint.h>

#include "core/err.h"

typedef struct kio_watchdog_ops {
	const char *name;
	kio_err_t (*open)(const char *device, void **impl);
	void (*ready)(void *impl); /* startup finished */
	void (*feed)(void *impl);
	void (*close)(void *impl); /* clean stop: disarm */
} kio_watchdog_ops_t;

typedef struct kio_watchdog kio_watchdog_t;

extern const kio_watchdog_ops_t kio_watchdog_systemd_ops;
extern const kio_watchdog_ops_t kio_watchdog_device_ops;
extern const kio_watchdog_ops_t kio_watchdog_none_ops;

/* Picks "device" when DEVICE is non-empty, else "systemd" when the service
 * manager asked for keep-alives ($WATCHDOG_USEC), else "none". */
KIO_MUST_CHECK kio_err_t kio_watchdog_open(const char *device, kio_watchdog_t **out);
void kio_watchdog_ready(kio_watchdog_t *w);
void kio_watchdog_feed(kio_watchdog_t *w);
void kio_watchdog_close(kio_watchdog_t *w); /* NULL ok */
const char *kio_watchdog_driver(const kio_watchdog_t *w);
/* How often to feed, in ms (half the systemd timeout; 10 s otherwise). */
uint64_t kio_watchdog_interval_ms(const kio_watchdog_t *w);

#endif
