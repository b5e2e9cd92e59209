/*
 * report.h — the officer's printed daily report: one day of the print log
 * summed up (documents, pages, citizens, failures by cause, credits given
 * back), the log head (seq and hash) as text and as a QR code, and lines for
 * the officer's signature, as an A4 PDF made in memory with cairo.
 *
 * The same report is printed from the officer dashboard and written by
 * `adm-kioskctl log report --date YYYY-MM-DD --out F.pdf`. Its words come
 * from the strings table (report.* keys) of the language asked for.
 */
#ifndef KIO_REPORT_H
#define KIO_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"
#include "core/strings.h"
#include "store/store.h"

enum { KIO_REPORT_CAUSES = 16, KIO_REPORT_PDF_MAX = 4 * 1024 * 1024, KIO_REPORT_QR_MAX = 160 };

typedef struct kio_report {
	char kiosk_id[64];
	char day[11];         /* "2026-11-24", local */
	int64_t docs;         /* print.completed */
	int64_t pages;        /* their pages */
	int64_t citizens;     /* distinct masked NIKs among them */
	int64_t failures;     /* print.failed + document.rejected, as log stats counts */
	int64_t credits_back; /* print.released */
	int64_t staff_pages;  /* testpage.printed + report.printed pages */
	int ncauses;
	struct {
		char reason[48];
		int64_t n;
	} cause[KIO_REPORT_CAUSES]; /* failures by reason */
	kio_log_head_t head;        /* the log's head when gathered */
} kio_report_t;

/* One local DAY ("YYYY-MM-DD") of the log of S into OUT (kiosk_id left
 * empty for the caller). KIO_ERR_INVAL for a bad day. */
KIO_MUST_CHECK kio_err_t kio_report_gather(kio_store_t *s, const char *day, kio_report_t *out);

/* The QR payload: "adm-kiosk log-head <kiosk> <seq> <hash>". */
void kio_report_qr_text(const kio_report_t *r, char *out, size_t len);

/* The A4 PDF, worded from STR; *PDF malloc'd (free()), *LEN bytes. */
KIO_MUST_CHECK kio_err_t kio_report_render(const kio_report_t *r, const kio_strings_t *str,
                                           unsigned char **pdf, size_t *len);

#endif
