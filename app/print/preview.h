/*
 * preview.h — the first page of a citizen's verified PDF as pixels, for the
 * confirm screen ("is this the document I mean?").
 *
 * Rendered with poppler-glib into a cairo image in memory, on the session
 * worker (never the UI thread). The pixels show the citizen's data: they are
 * locked out of swap while they exist and wiped when freed. Nothing touches
 * disk.
 */
#ifndef KIO_PREVIEW_H
#define KIO_PREVIEW_H

#include <stddef.h>

#include "core/err.h"

enum { KIO_PREVIEW_MAX_PX = 2048 }; /* longest side a caller may ask for */

/* One rendered page: 32-bit pixels, SDL_PIXELFORMAT_ARGB8888 (cairo's
 * ARGB32 in native order), opaque, STRIDE bytes a row. */
typedef struct kio_preview_img {
	unsigned char *px;
	int w, h, stride;
	int pages; /* pages in the document */
} kio_preview_img_t;

/* Page 1 of the PDF at PDF/LEN, scaled to fit MAX_W x MAX_H keeping its
 * shape, on white. The PDF is only read while this runs. KIO_ERR_DOC_NOT_PDF
 * if poppler cannot open it or it has no page; KIO_ERR_INVAL for sizes out
 * of 1..KIO_PREVIEW_MAX_PX; KIO_ERR_NOMEM. */
KIO_MUST_CHECK kio_err_t kio_preview_render(const unsigned char *pdf, size_t len, int max_w,
                                            int max_h, kio_preview_img_t *out);

/* Wipes and frees IMG's pixels; NULL-safe, and safe to call twice. */
void kio_preview_img_free(kio_preview_img_t *img);

#endif
