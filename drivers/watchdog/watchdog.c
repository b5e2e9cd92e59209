/* watchdog.c — systemd, device and no-op watchdog drivers (watchdog.h). */
#include "watchdog/watchdog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

struct kio_watchdog {
	const kio_watchdog_ops_t *ops;
	void *impl;
	uint64_t interval_ms;
};

/* ---- systemd: sd_notify keep-alives ---------------------------------------- */

static kio_err_t sd_open(const char *device, void **impl)
{
	(void)device;
	*impl = NULL;
	return KIO_OK;
}

static void sd_ready(void *impl)
{
	(void)impl;
	sd_notify(0, "READY=1");
}

static void sd_feed(void *impl)
{
	(void)impl;
	sd_notify(0, "WATCHDOG=1");
}

static void sd_close(void *impl)
{
	(void)impl;
	sd_notify(0, "STOPPING=1");
}

const kio_watchdog_ops_t kio_watchdog_systemd_ops = {"systemd", sd_open, sd_ready, sd_feed,
                                                     sd_close};

/* ---- device: /dev/watchdog ----------------------------------------------------- */

static kio_err_t dev_open(const char *device, void **impl)
{
	int *fd = malloc(sizeof *fd);
	if (!fd)
		return KIO_ERR_NOMEM;
	*fd = open(device, O_WRONLY | O_CLOEXEC);
	if (*fd < 0) {
		free(fd);
		return KIO_ERR_IO;
	}
	*impl = fd;
	return KIO_OK;
}

static void dev_ready(void *impl)
{
	(void)impl;
}

static void dev_feed(void *impl)
{
	int *fd = impl;
	ssize_t n = write(*fd, "k", 1);
	(void)n; /* a failed feed shows up as a reset, which is the point */
}

static void dev_close(void *impl)
{
	int *fd = impl;
	/* 'V' (magic close) disarms drivers that support it: a clean stop must
	 * not reboot the machine. */
	ssize_t n = write(*fd, "V", 1);
	(void)n;
	close(*fd);
	free(fd);
}

const kio_watchdog_ops_t kio_watchdog_device_ops = {"device", dev_open, dev_ready, dev_feed,
                                                    dev_close};

/* ---- none ----------------------------------------------------------------------- */

static void none_fn(void *impl)
{
	(void)impl;
}

const kio_watchdog_ops_t kio_watchdog_none_ops = {"none", sd_open, none_fn, none_fn, none_fn};

/* sd_watchdog_enabled() insists that WATCHDOG_PID is our own pid, but under
 * cage the service's main process is the compositor and the kiosk is its
 * child (the unit sets NotifyAccess=all for that). So read the timeout
 * directly whenever the service manager gave a notify socket. */
static bool systemd_watchdog_usec(uint64_t *usec)
{
	const char *sock = getenv("NOTIFY_SOCKET"), *us = getenv("WATCHDOG_USEC");
	if (!sock || !*sock || !us)
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(us, &end, 10);
	if (errno || end == us || *end || v == 0)
		return false;
	*usec = v;
	return true;
}

kio_err_t kio_watchdog_open(const char *device, kio_watchdog_t **out)
{
	kio_watchdog_t *w = calloc(1, sizeof *w);
	uint64_t usec = 0;
	if (!w)
		return KIO_ERR_NOMEM;
	w->interval_ms = 10000;
	if (device && *device) {
		w->ops = &kio_watchdog_device_ops;
	} else if (systemd_watchdog_usec(&usec)) {
		w->ops = &kio_watchdog_systemd_ops;
		w->interval_ms = usec / 2000 ? usec / 2000 : 1;
	} else {
		w->ops = &kio_watchdog_none_ops;
	}
	kio_err_t err = w->ops->open(device, &w->impl);
	if (err) {
		free(w);
		return err;
	}
	*out = w;
	return KIO_OK;
}

void kio_watchdog_ready(kio_watchdog_t *w)
{
	w->ops->ready(w->impl);
}

void kio_watchdog_feed(kio_watchdog_t *w)
{
	w->ops->feed(w->impl);
}

void kio_watchdog_close(kio_watchdog_t *w)
{
	if (!w)
		return;
	w->ops->close(w->impl);
	free(w);
}

const char *kio_watchdog_driver(const kio_watchdog_t *w)
{
	return w->ops->name;
}

uint64_t kio_watchdog_interval_ms(const kio_watchdog_t *w)
{
	return w->interval_ms;
}
