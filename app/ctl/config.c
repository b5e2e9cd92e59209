/*
 * config.c — `adm-kioskctl config check FILE`: validate a kiosk config;
 * `adm-kioskctl config set FILE SECTION.KEY VALUE ...`: change keys in it.
 *
 * Both run exactly the kiosk's own loader, so "ok" here means the kiosk will
 * start with this file. Problems go to stderr, one "file:line: key: what"
 * per line, like a compiler, so editors can jump to them. `set` validates
 * every new value as the kiosk's technician menu does and saves atomically
 * (owner, group and mode kept); one bad value and the file stays as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "ctl/ctl.h"

static void print_diag(void *ctx, const char *line)
{
	fprintf(ctx, "%s\n", line);
}

static int usage(void)
{
	fprintf(stderr,
	        "usage: adm-kioskctl config check FILE\n"
	        "       adm-kioskctl config set FILE SECTION.KEY VALUE [SECTION.KEY VALUE]...\n");
	return 2;
}

static int cmd_set(kio_config_t *cfg, int argc, char **argv)
{
	const char *path = argv[2];
	char section[32], why[256];
	kio_err_t err;

	err = kio_config_load(cfg, path, print_diag, stderr);
	if (err != KIO_OK) {
		fprintf(stderr, "%s: invalid (%s); fix it first\n", path, kio_err_name(err));
		return 1;
	}
	for (int i = 3; i + 1 < argc; i += 2) {
		const char *dot = strchr(argv[i], '.');
		if (!dot || dot == argv[i] || (size_t)(dot - argv[i]) >= sizeof section) {
			fprintf(stderr, "config set: '%s': want SECTION.KEY (e.g. server.url)\n",
			        argv[i]);
			return 2;
		}
		snprintf(section, sizeof section, "%.*s", (int)(dot - argv[i]), argv[i]);
		if (!strcmp(dot + 1, "technician_pin_hash") ||
		    !strcmp(dot + 1, "officer_pin_hash")) {
			fprintf(stderr, "config set: %s: use adm-kioskctl set-pin\n", argv[i]);
			return 2;
		}
		err = kio_config_set(cfg, section, dot + 1, argv[i + 1], why, sizeof why);
		if (err != KIO_OK) {
			fprintf(stderr, "%s: %s\n", path, why);
			return 1;
		}
	}
	err = kio_config_save(cfg, path);
	if (err != KIO_OK) {
		fprintf(stderr, "config set: cannot save %s (%s)\n", path, kio_err_name(err));
		return 1;
	}
	for (int i = 3; i + 1 < argc; i += 2)
		printf("%s: %s = %s\n", path, argv[i], argv[i + 1]);
	return 0;
}

int ctl_config_main(int argc, char **argv)
{
	kio_config_t *cfg;
	kio_err_t err;
	int rc;

	if (argc >= 5 && argc % 2 == 1 && !strcmp(argv[1], "set"))
		;
	else if (argc != 3 || strcmp(argv[1], "check") != 0)
		return usage();
	/* kio_config_t is large; keep it off the stack. */
	cfg = calloc(1, sizeof *cfg);
	if (!cfg)
		return 1;
	if (!strcmp(argv[1], "set")) {
		rc = cmd_set(cfg, argc, argv);
		goto out;
	}
	err = kio_config_load(cfg, argv[2], print_diag, stderr);
	if (err != KIO_OK) {
		fprintf(stderr, "%s: invalid (%s)\n", argv[2], kio_err_name(err));
		rc = 1;
		goto out;
	}
	printf("%s: ok\n", argv[2]);
	rc = 0;
out:
	/* The config holds PIN hashes; do not leave them in memory. */
	explicit_bzero(cfg, sizeof *cfg);
	free(cfg);
	return rc;
}
