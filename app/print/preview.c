/*
 * preview.c — renders page 1 of a PDF with poppler-glib (see preview.h).
 */
#include "print/preview.h"

#include <cairo.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "sys/secmem.h"

kio_err_t kio_preview_render(const unsigned char *pdf, size_t len, int max_w, int max_h,
                             kio_preview_img_t *out)
{
	GBytes *bytes = NULL;
	PopplerDocument *doc = NULL;
	PopplerPage *page = NULL;
	cairo_surface_t *surface = NULL;
	cairo_t *cr = NULL;
	GError *gerr = NULL;
	kio_err_t err = KIO_ERR_DOC_NOT_PDF;
	double pw = 0, ph = 0;

	if (!out)
		return KIO_ERR_INVAL;
	memset(out, 0, sizeof *out);
	if (!pdf || !len || max_w < 1 || max_h < 1 || max_w > KIO_PREVIEW_MAX_PX ||
	    max_h > KIO_PREVIEW_MAX_PX)
		return KIO_ERR_INVAL;
	/* Borrowed, not copied: poppler reads the caller's (mlocked) bytes. */
	bytes = g_bytes_new_static(pdf, len);
	doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	if (!doc || poppler_document_get_n_pages(doc) < 1)
		goto out;
	page = poppler_document_get_page(doc, 0);
	if (!page)
		goto out;
	poppler_page_get_size(page, &pw, &ph);
	if (pw < 1 || ph < 1)
		goto out;
	/* Fit the box, keep the page's shape. */
	double scale =
	    (double)max_w / pw < (double)max_h / ph ? (double)max_w / pw : (double)max_h / ph;
	int w = (int)(pw * scale + 0.5), h = (int)(ph * scale + 0.5);
	w = w < 1 ? 1 : w > max_w ? max_w : w;
	h = h < 1 ? 1 : h > max_h ? max_h : h;
	int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, w);
	size_t size = (size_t)stride * (size_t)h;
	err = KIO_ERR_NOMEM;
	out->px = calloc(1, size);
	if (!out->px)
		goto out;
	(void)kio_secmem_lock(out->px, size);
	out->w = w;
	out->h = h;
	out->stride = stride;
	surface = cairo_image_surface_create_for_data(out->px, CAIRO_FORMAT_ARGB32, w, h, stride);
	cr = cairo_create(surface);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_set_source_rgb(cr, 1, 1, 1); /* paper: a PDF page has no background */
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_surface_flush(surface);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	out->pages = poppler_document_get_n_pages(doc);
	err = KIO_OK;
out:
	if (cr)
		cairo_destroy(cr);
	if (surface)
		cairo_surface_destroy(surface);
	if (page)
		g_object_unref(page);
	if (doc)
		g_object_unref(doc);
	if (bytes)
		g_bytes_unref(bytes);
	if (gerr)
		g_error_free(gerr);
	if (err)
		kio_preview_img_free(out);
	return err;
}

void kio_preview_img_free(kio_preview_img_t *img)
{
	if (!img)
		return;
	if (img->px) {
		size_t size = (size_t)img->stride * (size_t)img->h;
		explicit_bzero(img->px, size);
		kio_secmem_unlock(img->px, size);
		free(img->px);
	}
	memset(img, 0, sizeof *img);
}
