/*
 * pin.c — `adm-kioskctl set-pin [--officer] --config FILE`.
 *
 * Reads one PIN line from stdin (echo off on a terminal), checks its format,
 * stores only its Argon2id hash in the config and saves the file atomically.
 * The PIN is never printed or logged, and every copy of it is wiped: it is
 * read with read(2), not stdio, so no stdio buffer keeps it either.
 */
#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "core/config.h"
#include "sys/config-file.h"
#include "core/pin.h"
#include "ctl/ctl.h"

enum { PIN_LINE_MAX = 64 };

static void print_diag(void *ctx, const char *line)
{
	fprintf(ctx, "%s\n", line);
}

/* One line from fd 0 without its newline. False on error, or on a line
 * longer than LEN-1 (the rest is still consumed so it cannot leak on). */
static bool read_pin_line(char *buf, size_t len)
{
	size_t n = 0;
	bool ok = true;
	char c;

	for (;;) {
		ssize_t r = read(STDIN_FILENO, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ok = false;
			break;
		}
		if (r == 0 || c == '\n')
			break;
		if (n + 1 < len)
			buf[n++] = c;
		else
			ok = false;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	sodium_memzero(&c, sizeof c);
	return ok;
}

int ctl_pin_main(int argc, char **argv)
{
	kio_config_t cfg;
	struct termios old, quiet;
	char pin[PIN_LINE_MAX], hash[KIO_PIN_HASH_MAX], why[256];
	const char *path = NULL, *key = "technician_pin_hash";
	bool tty = false, got, bad = false;
	int status = 2;
	kio_err_t err;

	memset(&cfg, 0, sizeof cfg);
	memset(pin, 0, sizeof pin);
	memset(hash, 0, sizeof hash);
	static const struct option opts[] = {{"officer", no_argument, NULL, 'o'},
	                                     {"config", required_argument, NULL, 'c'},
	                                     {NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":c:", opts, NULL)) != -1) {
		if (c == 'o')
			key = "officer_pin_hash";
		else if (c == 'c')
			path = optarg;
		else
			bad = true;
	}
	if (bad || !path || optind < argc) {
		fprintf(stderr, "usage: adm-kioskctl set-pin [--officer] --config FILE  "
		                "(PIN read from stdin)\n");
		goto out;
	}
	status = 1;
	/* Refuse to rewrite a file the kiosk would not accept. */
	err = kio_config_load(&cfg, path, print_diag, stderr);
	if (err != KIO_OK) {
		fprintf(stderr, "%s: invalid (%s); fix it first\n", path, kio_err_name(err));
		goto out;
	}
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0) {
		tty = true;
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		fprintf(stderr, "PIN (4-12 angka): ");
	}
	got = read_pin_line(pin, sizeof pin);
	if (tty) {
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (!got || !kio_pin_valid_format(pin)) {
		fprintf(stderr, "set-pin: PIN harus 4-12 angka (PIN must be 4-12 digits)\n");
		goto out;
	}
	err = kio_pin_hash(pin, hash, sizeof hash);
	if (err != KIO_OK) {
		fprintf(stderr, "set-pin: cannot hash the PIN (%s)\n", kio_err_name(err));
		goto out;
	}
	err = kio_config_set(&cfg, "kiosk", key, hash, why, sizeof why);
	if (err != KIO_OK) {
		fprintf(stderr, "set-pin: kiosk.%s: %s\n", key, why);
		goto out;
	}
	err = kio_config_save(&cfg, path);
	if (err != KIO_OK) {
		fprintf(stderr, "set-pin: cannot save %s (%s)\n", path, kio_err_name(err));
		goto out;
	}
	printf("%s: kiosk.%s updated\n", path, key);
	status = 0;
out:
	sodium_memzero(pin, sizeof pin);
	sodium_memzero(hash, sizeof hash);
	sodium_memzero(&cfg, sizeof cfg);
	return status;
}
