/*
 * main.c — adm-kiosk: parse the command line, run the kiosk, exit.
 * Only this function decides the process's exit status.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiosk/kiosk.h"
#include "sys/secmem.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: adm-kiosk --config FILE [--windowed|--fullscreen|--headless]\n"
	           "                 [--script FILE] [--events FILE] [--screenshot-dir DIR]\n"
	           "                 [--printer-driver cups|fake] [--assets DIR]\n"
	           "                 [--scanner-driver keyboard|fake|none]\n"
	           "                 [--allow-root] [--dev] [--exit-after-idle MS]\n"
	           "       adm-kiosk --config FILE --no-display [--printer-driver cups|fake]\n");
}

enum {
	OPT_CONFIG = 1000,
	OPT_SCRIPT,
	OPT_EVENTS,
	OPT_SHOT_DIR,
	OPT_DRIVER,
	OPT_ASSETS,
	OPT_EXIT_AFTER_IDLE,
	OPT_WINDOWED,
	OPT_FULLSCREEN,
	OPT_HEADLESS,
	OPT_ALLOW_ROOT,
	OPT_DEV,
	OPT_SCANNER,
	OPT_NO_DISPLAY,
	OPT_TEST_LOCKSTEP,
};

static const struct option long_opts[] = {
    {"config", required_argument, NULL, OPT_CONFIG},
    {"script", required_argument, NULL, OPT_SCRIPT},
    {"events", required_argument, NULL, OPT_EVENTS},
    {"screenshot-dir", required_argument, NULL, OPT_SHOT_DIR},
    {"printer-driver", required_argument, NULL, OPT_DRIVER},
    {"assets", required_argument, NULL, OPT_ASSETS},
    {"scanner-driver", required_argument, NULL, OPT_SCANNER},
    {"exit-after-idle", required_argument, NULL, OPT_EXIT_AFTER_IDLE},
    {"windowed", no_argument, NULL, OPT_WINDOWED},
    {"fullscreen", no_argument, NULL, OPT_FULLSCREEN},
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"allow-root", no_argument, NULL, OPT_ALLOW_ROOT},
    {"dev", no_argument, NULL, OPT_DEV},
    {"no-display", no_argument, NULL, OPT_NO_DISPLAY},
    {"test-lockstep", no_argument, NULL, OPT_TEST_LOCKSTEP},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* One option into O; returns -1 to go on, else the exit status. */
static int take_option(kio_kiosk_opts_t *o, int c, const char *val)
{
	switch (c) {
	case OPT_CONFIG:
		o->config_path = val;
		break;
	case OPT_SCRIPT:
		o->script = val;
		break;
	case OPT_EVENTS:
		o->events = val;
		break;
	case OPT_SHOT_DIR:
		o->shot_dir = val;
		break;
	case OPT_DRIVER:
		o->printer_driver = val;
		break;
	case OPT_ASSETS:
		o->assets_dir = val;
		break;
	case OPT_SCANNER:
		o->scanner_driver = val;
		break;
	case OPT_EXIT_AFTER_IDLE: {
		char *end;
		long v = strtol(val, &end, 10);
		if (!*val || *end || v < 0 || v > 3600000) {
			fprintf(stderr, "adm-kiosk: --exit-after-idle wants milliseconds\n");
			return 2;
		}
		o->exit_after_idle_ms = (int)v;
		break;
	}
	case OPT_WINDOWED:
		o->windowed = true;
		break;
	case OPT_FULLSCREEN:
		o->fullscreen = true;
		break;
	case OPT_HEADLESS:
		o->hidden = true;
		break;
	case OPT_ALLOW_ROOT:
		o->allow_root = true;
		break;
	case OPT_DEV:
		o->dev = true;
		break;
	case OPT_NO_DISPLAY:
		/* The background workers only (heartbeat, upload, recovery,
		 * printer checks): many kiosks on one machine for fleet runs. */
		o->no_display = true;
		break;
	case OPT_TEST_LOCKSTEP:
#ifdef KIO_RELEASE
		fprintf(stderr, "adm-kiosk: --test-lockstep is for test builds only\n");
		return 2;
#else
		/* The fleet's baseline: no random phase, no backoff. */
		o->test_lockstep = true;
		break;
#endif
	case 'h':
		usage(stdout);
		return 0;
	default: /* getopt_long said what was wrong */
		usage(stderr);
		return 2;
	}
	return -1;
}

int main(int argc, char **argv)
{
	kio_kiosk_opts_t o;
	int c;
	memset(&o, 0, sizeof o);
	/* A source tree's assets win over the installed ones (development). */
	o.assets_dir = access("assets/strings", R_OK) == 0 ? "assets" : KIO_ASSETS_DIR;

	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		int rc = take_option(&o, c, optarg);
		if (rc >= 0)
			return rc;
	}
	if (optind < argc) {
		fprintf(stderr, "adm-kiosk: unknown argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!o.config_path) {
		usage(stderr);
		return 2;
	}
	/* Before any thread, libcurl or jansson: secrets in freed memory are
	 * wiped and the process never dumps core (sys/secmem.h). */
	if (kio_secmem_init() != KIO_OK) {
		fprintf(stderr, "adm-kiosk: cannot protect citizen data in memory\n");
		return 1;
	}
	/* Xlib's input method otherwise parses the locale's whole Compose table
	 * (half a megabyte of heap and a visible part of the start) for dead-key
	 * sequences nobody types here: citizens use the on-screen keys, and
	 * service keyboards and barcode scanners send plain characters. Set
	 * before any thread, as setenv must be. */
	setenv("XCOMPOSEFILE", "/dev/null", 0);
	int rc = kio_kiosk_run(&o);
	kio_secmem_fini();
	return rc;
}
