/*
 * testpage.h — the technician's test page: an A4 PDF made in memory.
 *
 * It proves what a technician must check after installing or servicing the
 * printer: 100 % scaling (two 100 mm bars and a 10 mm grid to measure), the
 * printable margins (marks 5 mm from each edge), and that the kiosk prints
 * the right identity: kiosk id, queue, date, version, and a QR code of the
 * verification site's start page (see kio_testpage_url) that a phone can
 * scan and open.
 */
#ifndef KIO_TESTPAGE_H
#define KIO_TESTPAGE_H

#include <stddef.h>

#include "core/err.h"
#include "core/strings.h"

enum {
	KIO_TESTPAGE_URL_MAX = 512,             /* QR payload, NUL included */
	KIO_TESTPAGE_PDF_MAX = 4 * 1024 * 1024, /* the rendered PDF never grows past this */
};

typedef struct kio_testpage_info {
	const char *kiosk_id;     /* "ADM-1610-001" */
	const char *queue;        /* CUPS queue or printer URI */
	const char *date;         /* as the technician should read it */
	const char *version;      /* KIO_VERSION */
	const char *verify_url;   /* base URL (config [kiosk] verify_url) */
	const kio_strings_t *str; /* its words (testpage.*), in the kiosk's language */
} kio_testpage_info_t;

/* The QR payload: VERIFY_URL without trailing '/', then "/" — the start
 * page of the verification site that every document's QR points into
 * (<verify_url>/v/<document id>). A phone that opens it proves the address
 * the kiosk prints is right and answers; no document is needed for that.
 * KIO_ERR_TOOBIG if it does not fit OUT; KIO_ERR_INVAL without VERIFY_URL. */
KIO_MUST_CHECK kio_err_t kio_testpage_url(const kio_testpage_info_t *info, char *out,
                                          size_t outlen);

/* Render the page (A4, 595 x 842 pt). On success *PDF is a malloc'd buffer
 * the caller owns (free()) of *LEN bytes. */
KIO_MUST_CHECK kio_err_t kio_testpage_render(const kio_testpage_info_t *info, unsigned char **pdf,
                                             size_t *len);

/* Drops cairo's process-wide font caches (they hold fontconfig patterns)
 * and fontconfig's, so a clean shutdown leaks nothing. Call once, after the last render, with
 * no other thread drawing. */
void kio_testpage_shutdown(void);

#endif
