/*
 * test_watchdog.c — the watchdog drivers: with systemd's environment
 * (NOTIFY_SOCKET + WATCHDOG_USEC, even with WATCHDOG_PID naming cage, the
 * service's main process) the systemd driver is chosen and really
 * sends READY=1 / WATCHDOG=1 datagrams at half the timeout; a device path
 * picks the device driver, which writes to it and disarms with 'V' on close;
 * nothing configured gives the no-op driver.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "watchdog/watchdog.h"

static void test_none(void **state)
{
	(void)state;
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	kio_watchdog_t *w = NULL;
	assert_int_equal(kio_watchdog_open("", &w), KIO_OK);
	assert_string_equal(kio_watchdog_driver(w), "none");
	kio_watchdog_feed(w);
	kio_watchdog_close(w);
	kio_watchdog_close(NULL);
}

static int recv_text(int fd, char *buf, size_t len)
{
	ssize_t n = recv(fd, buf, len - 1, MSG_DONTWAIT);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return (int)n;
}

static void test_systemd(void **state)
{
	(void)state;
	char dir[] = "/tmp/kio-wd-XXXXXX", path[128], buf[256];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/notify", dir);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	setenv("NOTIFY_SOCKET", path, 1);
	setenv("WATCHDOG_USEC", "30000000", 1);
	/* Under cage the service's main pid is the compositor, not us. */
	setenv("WATCHDOG_PID", "1", 1);

	kio_watchdog_t *w = NULL;
	assert_int_equal(kio_watchdog_open("", &w), KIO_OK);
	assert_string_equal(kio_watchdog_driver(w), "systemd");
	assert_int_equal(kio_watchdog_interval_ms(w), 15000);
	kio_watchdog_ready(w);
	assert_true(recv_text(fd, buf, sizeof buf) > 0);
	assert_non_null(strstr(buf, "READY=1"));
	kio_watchdog_feed(w);
	assert_true(recv_text(fd, buf, sizeof buf) > 0);
	assert_non_null(strstr(buf, "WATCHDOG=1"));
	kio_watchdog_close(w);
	assert_true(recv_text(fd, buf, sizeof buf) > 0);
	assert_non_null(strstr(buf, "STOPPING=1"));
	close(fd);
	unlink(path);
	rmdir(dir);
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}

static void test_device(void **state)
{
	(void)state;
	char path[] = "/tmp/kio-wd-dev-XXXXXX", buf[16] = {0};
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	kio_watchdog_t *w = NULL;
	assert_int_equal(kio_watchdog_open(path, &w), KIO_OK);
	assert_string_equal(kio_watchdog_driver(w), "device");
	kio_watchdog_feed(w);
	kio_watchdog_feed(w);
	kio_watchdog_close(w);
	assert_int_equal(read(fd, buf, sizeof buf - 1), 3);
	assert_string_equal(buf, "kkV"); /* two feeds, then the magic close */
	close(fd);
	unlink(path);
	/* A device that cannot be opened is an error, not a silent no-op. */
	assert_int_equal(kio_watchdog_open("/nonexistent/watchdog", &w), KIO_ERR_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_none),
	    cmocka_unit_test(test_systemd),
	    cmocka_unit_test(test_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
