/*
 * log-report.c — `adm-kioskctl log report --date YYYY-MM-DD --out F.pdf`:
 * the officer's daily report (print/report.h), the same PDF the dashboard
 * prints, written to a file instead of the printer.
 */
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/ctl.h"
#include "print/report.h"
#include "sys/file.h"
#include "sys/strings-file.h"

int ctl_log_report(kio_store_t *s, const char *day, const char *out, const char *kiosk_id,
                   const char *lang)
{
	kio_report_t r;
	kio_strings_t *str = NULL;
	unsigned char *pdf = NULL;
	size_t n = 0;
	if (!day || !out) {
		fprintf(stderr,
		        "adm-kioskctl log report: needs --date YYYY-MM-DD and --out FILE\n");
		return 2;
	}
	kio_err_t err = kio_report_gather(s, day, &r);
	if (err == KIO_ERR_INVAL) {
		fprintf(stderr, "adm-kioskctl log report: --date '%s': want YYYY-MM-DD\n", day);
		return 2;
	}
	if (err) {
		fprintf(stderr, "adm-kioskctl log report: cannot read the log (%s)\n",
		        kio_err_name(err));
		return 1;
	}
	snprintf(r.kiosk_id, sizeof r.kiosk_id, "%s", kiosk_id && kiosk_id[0] ? kiosk_id : "-");
	/* A source tree's assets win over the installed ones, as in adm-kiosk. */
	const char *dir =
	    access("assets/strings", R_OK) == 0 ? "assets/strings" : KIO_ASSETS_DIR "/strings";
	if (kio_strings_load(dir, lang && lang[0] ? lang : "id", &str) != KIO_OK)
		str = NULL;
	err = kio_report_render(&r, str, &pdf, &n);
	kio_strings_free(str);
	/* Give back cairo's and fontconfig's process-wide caches so leak
	 * checkers see a clean exit; nothing draws after this. */
	cairo_debug_reset_static_data();
	FcFini();
	if (err == KIO_OK)
		err = kio_file_write_atomic(out, pdf, n, 0644);
	free(pdf);
	if (err) {
		fprintf(stderr, "adm-kioskctl log report: %s not written (%s)\n", out,
		        kio_err_name(err));
		return 1;
	}
	printf("report %s: %lld documents, %lld failures, log head seq %lld\n", r.day,
	       (long long)r.docs, (long long)r.failures, (long long)r.head.seq);
	return 0;
}
