/*
 * pdf.c — in-memory PDF sink and vector QR codes for cairo (see pdf.h).
 */
#include "print/pdf.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

enum { QR_QUIET = 4 /* modules of white border the QR standard asks for */ };

cairo_status_t kio_pdfbuf_write(void *closure, const unsigned char *data, unsigned int length)
{
	kio_pdfbuf_t *m = closure;

	if (m->max && m->len + length > m->max) {
		m->toobig = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	if (m->len + length > m->cap) {
		size_t cap = m->cap ? m->cap : 64 * 1024;
		while (cap < m->len + length)
			cap *= 2;
		if (m->max && cap > m->max)
			cap = m->max;
		unsigned char *p = realloc(m->data, cap);
		if (!p) {
			m->failed = true;
			return CAIRO_STATUS_NO_MEMORY;
		}
		m->data = p;
		m->cap = cap;
	}
	memcpy(m->data + m->len, data, length);
	m->len += length;
	return CAIRO_STATUS_SUCCESS;
}

kio_err_t kio_pdf_qr(cairo_t *cr, const char *payload, double x, double y, double side)
{
	QRcode *qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

	if (!qr)
		return KIO_ERR_NOMEM;
	double module = side / (qr->width + 2 * QR_QUIET);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < qr->width; r++)
		for (int c = 0; c < qr->width; c++)
			if (qr->data[r * qr->width + c] & 1)
				cairo_rectangle(cr, x + (c + QR_QUIET) * module,
				                y + (r + QR_QUIET) * module, module, module);
	/* One fill for all modules: no hairline seams between neighbours. */
	cairo_fill(cr);
	cairo_restore(cr);
	QRcode_free(qr);
	return KIO_OK;
}
