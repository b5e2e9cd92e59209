/*
 * pdf.h — what every PDF the project makes with cairo needs: a growable
 * in-memory sink for cairo's PDF stream, and a QR code drawn as vectors.
 *
 * The kiosk's test page and the simulator's demo documents both use it; the
 * kiosk never writes a PDF to disk (nothing of a citizen may stay there).
 */
#ifndef KIO_PDF_H
#define KIO_PDF_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Zero-initialise, set MAX (0: no limit), hand to
 * cairo_pdf_surface_create_for_stream with kio_pdfbuf_write; free(data). */
typedef struct kio_pdfbuf {
	unsigned char *data;
	size_t len, cap;
	size_t max;  /* bytes the PDF may reach; 0: any */
	bool toobig; /* a write would have passed MAX */
	bool failed; /* out of memory */
} kio_pdfbuf_t;

/* cairo_write_func_t: appends DATA, or sets toobig/failed and reports a
 * write error (cairo then fails the surface). */
cairo_status_t kio_pdfbuf_write(void *closure, const unsigned char *data, unsigned int length);

/* Draws PAYLOAD as a QR code (level M) in the SIDE x SIDE square at X,Y
 * (user units), white background and the standard 4-module quiet zone
 * included. KIO_ERR_NOMEM if libqrencode cannot encode it. */
KIO_MUST_CHECK kio_err_t kio_pdf_qr(cairo_t *cr, const char *payload, double x, double y,
                                    double side);

#endif
