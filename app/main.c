/*
 * main.c — adm-kiosk: parse the command line, run the kiosk, exit.
 * Only this function decides the process's exit status.
 */
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
	           "                 [--allow-root] [--dev] [--exit-after-idle MS]\n");
}

int main(int argc, char **argv)
{
	kio_kiosk_opts_t o;
	memset(&o, 0, sizeof o);
	/* A source tree's assets win over the installed ones (development). */
	o.assets_dir = access("assets/strings", R_OK) == 0 ? "assets" : KIO_ASSETS_DIR;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
#define ARG(name, field)                                                                           \
	if (!strcmp(a, name)) {                                                                    \
		if (!next) {                                                                       \
			fprintf(stderr, "adm-kiosk: %s needs a value\n", name);                    \
			return 2;                                                                  \
		}                                                                                  \
		o.field = next;                                                                    \
		i++;                                                                               \
		continue;                                                                          \
	}
		ARG("--config", config_path)
		ARG("--script", script)
		ARG("--events", events)
		ARG("--screenshot-dir", shot_dir)
		ARG("--printer-driver", printer_driver)
		ARG("--assets", assets_dir)
#undef ARG
		if (!strcmp(a, "--exit-after-idle") && next) {
			char *end;
			long v = strtol(next, &end, 10);
			if (*end || v < 0 || v > 3600000) {
				fprintf(stderr,
				        "adm-kiosk: --exit-after-idle wants milliseconds\n");
				return 2;
			}
			o.exit_after_idle_ms = (int)v;
			i++;
		} else if (!strcmp(a, "--windowed")) {
			o.windowed = true;
		} else if (!strcmp(a, "--fullscreen")) {
			o.fullscreen = true;
		} else if (!strcmp(a, "--headless")) {
			o.hidden = true;
		} else if (!strcmp(a, "--allow-root")) {
			o.allow_root = true;
		} else if (!strcmp(a, "--dev")) {
			o.dev = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "adm-kiosk: unknown argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
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
	int rc = kio_kiosk_run(&o);
	kio_secmem_fini();
	return rc;
}
