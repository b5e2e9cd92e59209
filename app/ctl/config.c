/*
 * config.c — `adm-kioskctl config check FILE`: validate a kiosk config.
 *
 * Runs exactly the kiosk's own loader, so "ok" here means the kiosk will
 * start with this file. Problems go to stderr, one "file:line: key: what"
 * per line, like a compiler, so editors can jump to them.
 */
#include <getopt.h>
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
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1)
		if (c != 'h')
			return ctl_bad_option(argv[0], c, argv);
	argc -= optind;
	argv += optind;
	if (argc != 2 || strcmp(argv[0], "check") != 0) {
		fprintf(stderr, "usage: adm-kioskctl config check FILE\n");
		return 2;
	}
	err = kio_config_load(&cfg, argv[1], print_diag, stderr);
	/* The config holds PIN hashes; do not leave them on the stack. */
	explicit_bzero(&cfg, sizeof cfg);
	if (err != KIO_OK) {
		fprintf(stderr, "%s: invalid (%s)\n", argv[1], kio_err_name(err));
		return 1;
	}
	printf("%s: ok\n", argv[1]);
	return 0;
}
