/*
 * testpage.c — renders the technician's test page with cairo (see testpage.h).
 */
#include "print/testpage.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/pdf.h"

#define PAGE_W 595.0 /* A4 in points, as printers and pdfinfo name it */
#define PAGE_H 842.0
#define MM (72.0 / 25.4)
#define MARGIN_MM 5.0    /* most laser printers print from ~4.2 mm */
#define QR_WIDTH_MM 40.0 /* >= 35 mm keeps modules large enough for any phone */

kio_err_t kio_testpage_url(const kio_testpage_info_t *info, char *out, size_t outlen)
{
	size_t base;
	int n;

	if (!info || !info->verify_url || !info->verify_url[0] || !out || !outlen)
		return KIO_ERR_INVAL;
	base = strlen(info->verify_url);
	while (base && info->verify_url[base - 1] == '/')
		base--;
	if (base > (size_t)KIO_TESTPAGE_URL_MAX)
		return KIO_ERR_TOOBIG;
	n = snprintf(out, outlen, "%.*s/", (int)base, info->verify_url);
	if (n < 0 || (size_t)n >= outlen) {
		out[0] = '\0';
		return KIO_ERR_TOOBIG;
	}
	return KIO_OK;
}

static void text_at(cairo_t *cr, double x, double y, double size, const char *s)
{
	cairo_set_font_size(cr, size);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

/* Light 10 mm grid over the whole page: a ruler check anywhere. */
static void draw_grid(cairo_t *cr)
{
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
	cairo_set_line_width(cr, 0.3);
	for (double x = 10 * MM; x < PAGE_W; x += 10 * MM)
		line(cr, x, 0, x, PAGE_H);
	for (double y = 10 * MM; y < PAGE_H; y += 10 * MM)
		line(cr, 0, y, PAGE_W, y);
	cairo_restore(cr);
}

/* Corner marks and a dashed frame MARGIN_MM from every edge: a printer that
 * clips them has a larger unprintable margin than the documents assume. */
static void draw_edges(cairo_t *cr, const kio_strings_t *str)
{
	const double m = MARGIN_MM * MM, len = 10 * MM;
	const double xs[2] = {m, PAGE_W - m}, ys[2] = {m, PAGE_H - m};
	const double dash[] = {3.0, 3.0};

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1.0);
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double dx = i ? -len : len, dy = j ? -len : len;
			line(cr, xs[i], ys[j], xs[i] + dx, ys[j]);
			line(cr, xs[i], ys[j], xs[i], ys[j] + dy);
		}
	cairo_set_dash(cr, dash, 2, 0);
	cairo_set_line_width(cr, 0.5);
	cairo_rectangle(cr, m, m, PAGE_W - 2 * m, PAGE_H - 2 * m);
	cairo_stroke(cr);
	cairo_restore(cr);
	text_at(cr, m + 2 * MM, m + 14 * MM, 7, kio_strings_get(str, "testpage.margin"));
}

/* A 100 mm bar with 10 mm ticks from (X, Y), horizontal or vertical. */
static void draw_scale_bar(cairo_t *cr, double x, double y, bool vertical, const char *label)
{
	const double L = 100 * MM;

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1.2);
	if (vertical)
		line(cr, x, y, x, y + L);
	else
		line(cr, x, y, x + L, y);
	cairo_set_line_width(cr, 0.8);
	for (int i = 0; i <= 10; i++) {
		double t = i * 10 * MM, tick = (i % 5) ? 2 * MM : 4 * MM;
		if (vertical)
			line(cr, x - tick, y + t, x, y + t);
		else
			line(cr, x + t, y, x + t, y + tick);
	}
	cairo_restore(cr);
	if (vertical) {
		cairo_save(cr);
		cairo_translate(cr, x + 3 * MM, y + L / 2 - 25 * MM);
		cairo_rotate(cr, 1.5707963267948966);
		text_at(cr, 0, 0, 8, label);
		cairo_restore(cr);
	} else {
		text_at(cr, x + L / 2 - 28, y - 3, 8, label);
	}
}

/* The QR code as filled rectangles, QR_WIDTH_MM wide including quiet zone. */
static const char *or_dash(const char *s)
{
	return s && s[0] ? s : "-";
}

kio_err_t kio_testpage_render(const kio_testpage_info_t *info, unsigned char **pdf, size_t *len)
{
	kio_pdfbuf_t mem = {.max = KIO_TESTPAGE_PDF_MAX};
	cairo_surface_t *surface = NULL;
	cairo_t *cr = NULL;
	char url[KIO_TESTPAGE_URL_MAX], row[KIO_TESTPAGE_URL_MAX + 64];
	kio_err_t err;
	bool has_qr;
	double y;

	if (!pdf || !len)
		return KIO_ERR_INVAL;
	*pdf = NULL;
	*len = 0;
	if (!info)
		return KIO_ERR_INVAL;
	/* Without a verification base the page still serves scaling and margin
	 * checks; it says the QR is missing instead of inventing a URL. */
	err = kio_testpage_url(info, url, sizeof url);
	if (err == KIO_ERR_TOOBIG)
		return err;
	has_qr = err == KIO_OK;
	if (!has_qr)
		snprintf(url, sizeof url, "%s",
		         kio_strings_get(info->str, "testpage.no_verify_url"));
	surface = cairo_pdf_surface_create_for_stream(kio_pdfbuf_write, &mem, PAGE_W, PAGE_H);
	cr = cairo_create(surface);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		err = KIO_ERR_NOMEM;
		goto out;
	}
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	                               kio_strings_get(info->str, "testpage.title"));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "adm-kiosk");
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	draw_grid(cr);
	draw_edges(cr, info->str);

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
	text_at(cr, 25 * MM, 30 * MM, 20, kio_strings_get(info->str, "testpage.title"));
	text_at(cr, 25 * MM, 38 * MM, 12, kio_strings_get(info->str, "testpage.subtitle"));
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	y = 52 * MM;
	{
		const char *labels[] = {kio_strings_get(info->str, "testpage.kiosk_id"),
		                        kio_strings_get(info->str, "testpage.queue"),
		                        kio_strings_get(info->str, "testpage.date"),
		                        kio_strings_get(info->str, "testpage.version"),
		                        kio_strings_get(info->str, "testpage.verify")};
		const char *values[] = {or_dash(info->kiosk_id), or_dash(info->queue),
		                        or_dash(info->date), or_dash(info->version), url};
		for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++, y += 8 * MM) {
			snprintf(row, sizeof row, "%s: %s", labels[i], values[i]);
			text_at(cr, 25 * MM, y, 11, row);
		}
	}
	text_at(cr, 25 * MM, y + 4 * MM, 9, kio_strings_get(info->str, "testpage.measure"));

	const char *bar = kio_strings_get(info->str, "testpage.bar");
	draw_scale_bar(cr, 25 * MM, 150 * MM, false, bar);
	draw_scale_bar(cr, 160 * MM, 150 * MM, true, bar);
	if (has_qr) {
		err = kio_pdf_qr(cr, url, 25 * MM, 175 * MM, QR_WIDTH_MM * MM);
		if (err)
			goto out;
		text_at(cr, 25 * MM, 220 * MM, 9, kio_strings_get(info->str, "testpage.scan"));
	}

	cairo_show_page(cr);
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		err = mem.toobig ? KIO_ERR_TOOBIG : KIO_ERR_NOMEM;
		goto out;
	}
	*pdf = mem.data;
	*len = mem.len;
	mem.data = NULL;
	err = KIO_OK;
out:
	if (cr)
		cairo_destroy(cr);
	if (surface)
		cairo_surface_destroy(surface);
	free(mem.data);
	return err;
}

void kio_testpage_shutdown(void)
{
	cairo_debug_reset_static_data();
	/* cairo's toy fonts (test page, daily report) initialise fontconfig;
	 * the UI finds its fonts by path and may never close it. A second
	 * FcFini (the UI's, when it did use fontconfig) finds nothing to free. */
	FcFini();
}
