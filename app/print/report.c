/*
 * report.c — the officer's daily report: gathered from the print log,
 * drawn with cairo. See report.h.
 */
#include "print/report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "print/pdf.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MM (72.0 / 25.4)

enum { NIKS_MAX = 1024 };

typedef struct gather {
	kio_report_t *r;
	int nniks;
	char (*niks)[KIO_NIK_BUF];
} gather_t;

static void add_cause(kio_report_t *r, const char *reason)
{
	const char *why = reason[0] ? reason : "other";
	for (int i = 0; i < r->ncauses; i++)
		if (!strcmp(r->cause[i].reason, why)) {
			r->cause[i].n++;
			return;
		}
	if (r->ncauses < KIO_REPORT_CAUSES) {
		KIO_COPY(r->cause[r->ncauses].reason, why);
		r->cause[r->ncauses++].n = 1;
	}
}

static void add_citizen(gather_t *g, const char *nik)
{
	if (!nik[0])
		return;
	for (int i = 0; i < g->nniks; i++)
		if (!strcmp(g->niks[i], nik))
			return;
	if (g->nniks < NIKS_MAX)
		KIO_COPY(g->niks[g->nniks++], nik);
}

static int on_row(void *ctx, const kio_event_t *ev)
{
	gather_t *g = ctx;
	kio_report_t *r = g->r;
	int pages = ev->pages > 0 ? ev->pages : 0;
	if (!strcmp(ev->type, "print.completed")) {
		r->docs++;
		r->pages += pages;
		add_citizen(g, ev->nik_masked);
	} else if (!strcmp(ev->type, "print.failed") || !strcmp(ev->type, "document.rejected")) {
		r->failures++;
		add_cause(r, ev->reason);
	} else if (!strcmp(ev->type, "print.released")) {
		r->credits_back++;
	} else if (!strcmp(ev->type, "testpage.printed") || !strcmp(ev->type, "report.printed")) {
		r->staff_pages += pages;
	}
	return 0;
}

kio_err_t kio_report_gather(kio_store_t *s, const char *day, kio_report_t *out)
{
	kio_event_filter_t f = {0, 0, NULL};
	if (!s || !day || !out)
		return KIO_ERR_INVAL;
	memset(out, 0, sizeof *out);
	kio_err_t err = kio_store_parse_time(day, false, &f.since);
	if (err == KIO_OK)
		err = kio_store_parse_time(day, true, &f.until);
	if (err != KIO_OK || strlen(day) != 10)
		return KIO_ERR_INVAL;
	KIO_COPY(out->day, day);
	gather_t g = {out, 0, calloc(NIKS_MAX, KIO_NIK_BUF)};
	if (!g.niks)
		return KIO_ERR_NOMEM;
	err = kio_store_events_query(s, &f, on_row, &g);
	out->citizens = g.nniks;
	free(g.niks);
	if (err == KIO_OK)
		err = kio_store_log_head(s, &out->head);
	return err;
}

void kio_report_qr_text(const kio_report_t *r, char *out, size_t len)
{
	snprintf(out, len, "adm-kiosk log-head %s %" PRId64 " %s",
	         r->kiosk_id[0] ? r->kiosk_id : "-", r->head.seq,
	         r->head.hash[0] ? r->head.hash : "-");
}

static void text_at(cairo_t *cr, double x, double y, double size, const char *s)
{
	cairo_set_font_size(cr, size);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

static void bold(cairo_t *cr, bool on)
{
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	                       on ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
}

/* "label ........ value" row at Y; returns the next row's y. */
static double row(cairo_t *cr, double y, const char *label, int64_t v)
{
	char n[32];
	snprintf(n, sizeof n, "%" PRId64, v);
	text_at(cr, 25 * MM, y, 11, label);
	cairo_text_extents_t e;
	cairo_set_font_size(cr, 11);
	cairo_text_extents(cr, n, &e);
	text_at(cr, 120 * MM - e.x_advance, y, 11, n);
	return y + 7 * MM;
}

static const char *cause_words(const kio_strings_t *str, const char *reason, char *key, size_t len)
{
	snprintf(key, len, "officer.reason.%s", reason);
	if (kio_strings_has(str, key))
		return kio_strings_get(str, key);
	snprintf(key, len, "printer.%s", reason);
	return kio_strings_has(str, key) ? kio_strings_get(str, key) : reason;
}

static kio_err_t draw(cairo_t *cr, const kio_report_t *r, const kio_strings_t *str)
{
	char buf[256], key[KIO_STRINGS_KEY_MAX];
	const char *names[] = {"kiosk", "day"};
	const char *values[] = {r->kiosk_id[0] ? r->kiosk_id : "-", r->day};
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	bold(cr, true);
	text_at(cr, 25 * MM, 30 * MM, 18, kio_strings_get(str, "report.title"));
	bold(cr, false);
	kio_strings_fill(kio_strings_get(str, "report.subtitle"), buf, sizeof buf, names, values,
	                 2);
	text_at(cr, 25 * MM, 39 * MM, 12, buf);
	double y = 54 * MM;
	bold(cr, true);
	text_at(cr, 25 * MM, y, 13, kio_strings_get(str, "report.totals"));
	bold(cr, false);
	y += 9 * MM;
	y = row(cr, y, kio_strings_get(str, "officer.docs"), r->docs);
	y = row(cr, y, kio_strings_get(str, "officer.pages"), r->pages);
	y = row(cr, y, kio_strings_get(str, "officer.citizens"), r->citizens);
	y = row(cr, y, kio_strings_get(str, "officer.failures"), r->failures);
	y = row(cr, y, kio_strings_get(str, "officer.credits_back"), r->credits_back);
	y = row(cr, y, kio_strings_get(str, "report.staff_pages"), r->staff_pages);
	y += 5 * MM;
	bold(cr, true);
	text_at(cr, 25 * MM, y, 13, kio_strings_get(str, "report.failures"));
	bold(cr, false);
	y += 9 * MM;
	if (!r->ncauses) {
		text_at(cr, 25 * MM, y, 11, kio_strings_get(str, "report.no_failures"));
		y += 7 * MM;
	}
	for (int i = 0; i < r->ncauses && i < KIO_REPORT_CAUSES; i++) {
		char cause[128];
		snprintf(cause, sizeof cause, "%s",
		         cause_words(str, r->cause[i].reason, key, sizeof key));
		if (cause[0] >= 'a' && cause[0] <= 'z') /* a row starts with a capital */
			cause[0] = (char)(cause[0] - 'a' + 'A');
		y = row(cr, y, cause, r->cause[i].n);
	}
	y += 6 * MM;
	bold(cr, true);
	text_at(cr, 25 * MM, y, 13, kio_strings_get(str, "report.log_head"));
	bold(cr, false);
	y += 8 * MM;
	snprintf(buf, sizeof buf, "seq %" PRId64, r->head.seq);
	text_at(cr, 25 * MM, y, 10, buf);
	snprintf(buf, sizeof buf, "%.32s", r->head.hash);
	text_at(cr, 25 * MM, y + 5 * MM, 9, buf);
	snprintf(buf, sizeof buf, "%s", strlen(r->head.hash) > 32 ? r->head.hash + 32 : "");
	text_at(cr, 25 * MM, y + 10 * MM, 9, buf);
	char qr[KIO_REPORT_QR_MAX];
	kio_report_qr_text(r, qr, sizeof qr);
	kio_err_t err = kio_pdf_qr(cr, qr, 135 * MM, y - 8 * MM, 50 * MM);
	if (err)
		return err;
	y += 52 * MM;
	const char *sig[] = {"report.signed_officer", "report.signed_head"};
	for (int i = 0; i < 2; i++) {
		double x = (25 + i * 90) * MM;
		text_at(cr, x, y, 10, kio_strings_get(str, sig[i]));
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, x, y + 25 * MM);
		cairo_line_to(cr, x + 70 * MM, y + 25 * MM);
		cairo_stroke(cr);
		text_at(cr, x, y + 30 * MM, 9, kio_strings_get(str, "report.name_date"));
	}
	return KIO_OK;
}

kio_err_t kio_report_render(const kio_report_t *r, const kio_strings_t *str, unsigned char **pdf,
                            size_t *len)
{
	kio_pdfbuf_t mem = {.max = KIO_REPORT_PDF_MAX};
	if (!r || !pdf || !len)
		return KIO_ERR_INVAL;
	*pdf = NULL;
	*len = 0;
	cairo_surface_t *surface =
	    cairo_pdf_surface_create_for_stream(kio_pdfbuf_write, &mem, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(surface);
	kio_err_t err = KIO_ERR_NOMEM;
	if (cairo_status(cr) == CAIRO_STATUS_SUCCESS) {
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
		                               kio_strings_get(str, "report.title"));
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "adm-kiosk");
		err = draw(cr, r, str);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (err == KIO_OK && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
		err = mem.toobig ? KIO_ERR_TOOBIG : KIO_ERR_NOMEM;
	cairo_surface_destroy(surface);
	if (err == KIO_OK) {
		*pdf = mem.data;
		*len = mem.len;
		mem.data = NULL;
	}
	free(mem.data);
	return err;
}
