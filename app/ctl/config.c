/*
 * config.c — `adm-kioskctl config check FILE`: validate a kiosk config.
 *
 * Runs exactly the kiosk's own loader, so "ok" here means the kiosk will
 * start with this file. Problems go to stderr, one "file:line: key: what"
 * per line, like a compiler, so editors can jump to them.
 */
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "sys/config-file.h"
#include "ctl/ctl.h"

static void print_diag(void *ctx, const char *line)
{
	fprintf(ctx, "%s\n", line);
}

int ctl_config_main(int argc, char **argv)
{
	kio_config_t cfg;
	kio_err_t err;

	if (argc != 3 || strcmp(argv[1], "check") != 0) {
		fprintf(stderr, "usage: adm-kioskctl config check FILE\n");
		return 2;
	}
	err = kio_config_load(&cfg, argv[2], print_diag, stderr);
	/* The config holds PIN hashes; do not leave them on the stack. */
	explicit_bzero(&cfg, sizeof cfg);
	if (err != KIO_OK) {
		fprintf(stderr, "%s: invalid (%s)\n", argv[2], kio_err_name(err));
		return 1;
	}
	printf("%s: ok\n", argv[2]);
	return 0;
}
