/*
 * preview.c — renders page 1 of a PDF with poppler-glib (see preview.h).
 *
 * The render runs on a thread of its own at a lower priority: it shares a
 * two-core kiosk with the UI thread, whose frames (spinner, progress) must
 * stay under 8 ms while a page renders beside them. The thread's nice
 * value is its own (Linux: per thread); an unprivileged thread could not
 * raise it back, hence a fresh thread per render rather than the caller.
 */
#include "print/preview.h"

#include <cairo.h>
#include <poppler.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys/secmem.h"

enum {
	/* CFS weight 110 against the UI's 1024: the UI thread runs first when
	 * both want a core, and the render still gets what the UI leaves. */
	RENDER_NICE = 10,
};

static kio_err_t render_page(const unsigned char *pdf, size_t len, int max_w, int max_h,
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

struct render_call {
	const unsigned char *pdf;
	size_t len;
	int max_w, max_h;
	kio_preview_img_t *out;
	kio_err_t err;
};

static void *render_thread(void *arg)
{
	struct render_call *c = arg;
	/* Best effort: at the caller's priority if refused. */
	int r = setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), RENDER_NICE);
	(void)r;
	c->err = render_page(c->pdf, c->len, c->max_w, c->max_h, c->out);
	return NULL;
}

kio_err_t kio_preview_render(const unsigned char *pdf, size_t len, int max_w, int max_h,
                             kio_preview_img_t *out)
{
	struct render_call c = {pdf, len, max_w, max_h, out, KIO_ERR_INTERNAL};
	pthread_t th;

	if (!out)
		return KIO_ERR_INVAL;
	if (pthread_create(&th, NULL, render_thread, &c) != 0)
		return render_page(pdf, len, max_w, max_h, out); /* here, then */
	pthread_join(th, NULL);
	return c.err;
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
