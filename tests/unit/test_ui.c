/*
 * test_ui.c — every screen rendered headless and compared with its reference
 * PNG in tests/golden/, plus the widget contract scripts rely on: ids on
 * screen, touch target sizes, visible texts, and keys that must not let a
 * citizen leave the kiosk.
 *
 * SDL runs with the dummy video driver and the software renderer, whose
 * output is byte-identical across runs. KIO_UPDATE_GOLDEN=1 rewrites the
 * references (look at them before committing). The SM is filled in directly:
 * the golden images test drawing, not transitions (test_sm does those).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/facts.h"
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <SDL2/SDL_ttf.h>

#include "print/preview.h"
#include "ui/ui.h"

enum { TOLERANCE = 24, MAX_BAD_PERMILLE = 2, TARGETS_MAX = 200 };

static const char *root(void)
{
	const char *r = getenv("KIO_ROOT");
	return r && *r ? r : ".";
}

static const char *build(void)
{
	const char *b = getenv("KIO_BUILD");
	return b && *b ? b : "build";
}

static kio_ui_t *open_ui_as(int w, int h, bool progressive)
{
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	setenv("SDL_RENDER_DRIVER", "software", 1);
	char assets[1024];
	snprintf(assets, sizeof assets, "%s/assets", root());
	kio_ui_opts_t o = {
	    .width = w,
	    .height = h,
	    .hidden = true,
	    .assets_dir = assets,
	    .language = "id",
	    .hotline = "0895346249816",
	    .verify_base_url = "https://verify.dukcapil.example",
	    .kiosk_id = "ADM-1610-001",
	    .progressive = progressive,
	};
	kio_ui_t *ui = NULL;
	assert_int_equal(kio_ui_open(&o, &ui), KIO_OK);
	assert_non_null(ui);
	return ui;
}

static kio_ui_t *open_ui(int w, int h)
{
	return open_ui_as(w, h, false);
}

static void doc(kio_document_t *d, const char *id, const char *kind, const char *title, int pages,
                bool adm, int used, int allowed, kio_doc_status_t st)
{
	memset(d, 0, sizeof *d);
	snprintf(d->id, sizeof d->id, "%s", id);
	snprintf(d->kind, sizeof d->kind, "%s", kind);
	snprintf(d->title, sizeof d->title, "%s", title);
	d->pages = pages;
	d->adm_printable = adm;
	d->prints_used = used;
	d->prints_allowed = allowed;
	d->status = st;
}

static kio_app_page_t *sample_page(void)
{
	kio_app_page_t *p = calloc(1, sizeof *p);
	assert_non_null(p);
	p->napps = 3;
	kio_application_t *a = &p->apps[0];
	snprintf(a->code, sizeof a->code, "OI-2026-000123");
	snprintf(a->service, sizeof a->service, "Penerbitan Kartu Keluarga");
	snprintf(a->status, sizeof a->status, "Selesai");
	snprintf(a->completed_at, sizeof a->completed_at, "2026-11-03T10:40:00+07:00");
	a->ndocs = 2;
	doc(&a->docs[0], "d7c1f0e2", "KK", "Kartu Keluarga", 1, true, 0, 1, KIO_DOC_AKTIF);
	doc(&a->docs[1], "d7c1f0e3", "BIODATA", "Biodata Penduduk", 2, false, 0, 1, KIO_DOC_AKTIF);
	a = &p->apps[1];
	snprintf(a->code, sizeof a->code, "OI-2026-000098");
	snprintf(a->service, sizeof a->service, "Penerbitan Akta Kelahiran");
	snprintf(a->completed_at, sizeof a->completed_at, "2026-10-21T08:05:00+07:00");
	a->ndocs = 2;
	doc(&a->docs[0], "a11", "AKTA_LAHIR", "Akta Kelahiran", 1, true, 1, 1, KIO_DOC_AKTIF);
	snprintf(a->docs[0].holder_name, sizeof a->docs[0].holder_name, "RAFI SANTOSO");
	doc(&a->docs[1], "a12", "AKTA_LAHIR", "Akta Kelahiran", 1, true, 0, -1, KIO_DOC_AKTIF);
	snprintf(a->docs[1].holder_name, sizeof a->docs[1].holder_name, "PUTRI SANTOSO");
	a = &p->apps[2];
	snprintf(a->code, sizeof a->code, "OI-2025-004410");
	snprintf(a->service, sizeof a->service, "Perubahan Kartu Keluarga");
	snprintf(a->completed_at, sizeof a->completed_at, "2025-02-14T13:00:00+07:00");
	a->ndocs = 2;
	doc(&a->docs[0], "k01", "KK", "Kartu Keluarga (lama)", 1, true, 0, 1, KIO_DOC_TIDAK_AKTIF);
	doc(&a->docs[1], "k02", "AKTA_KAWIN", "Akta Perkawinan", 1, true, 0, 1,
	    KIO_DOC_TIDAK_VALID);
	p->next_page = 2;
	return p;
}

static kio_sm_t *base_sm(kio_screen_t screen)
{
	kio_sm_t *sm = calloc(1, sizeof *sm);
	assert_non_null(sm);
	sm->screen = screen;
	sm->now_ms = 100000;
	snprintf(sm->language, sizeof sm->language, "id");
	sm->printer_ok = sm->server_ok = sm->store_ok = true;
	snprintf(sm->printer_condition, sizeof sm->printer_condition, "ready");
	snprintf(sm->citizen.name, sizeof sm->citizen.name, "BUDI SANTOSO");
	snprintf(sm->citizen.nik_masked, sizeof sm->citizen.nik_masked, "1610**********01");
	sm->page_no = 1;
	return sm;
}

static void free_sm(kio_sm_t *sm)
{
	free(sm->page);
	free(sm);
}

static void fact(kio_facts_t *f, const char *key, const char *name, const char *value,
                 const char *name2, const char *value2)
{
	kio_fact_t *l = kio_facts_add(f, key);
	if (name)
		kio_fact_set(l, name, value);
	if (name2)
		kio_fact_set(l, name2, value2);
}

/* What the workers send for each technician page (facts, not words). */
static void choices(kio_sm_t *sm, const char *action, const char *a, const char *b)
{
	kio_tech_choices_t *c = &sm->tech.choices;
	c->page = sm->tech.page;
	snprintf(c->action, sizeof c->action, "%s", action);
	snprintf(c->current, sizeof c->current, "%s", a);
	c->n = 2;
	snprintf(c->value[0], sizeof c->value[0], "%s", a);
	snprintf(c->value[1], sizeof c->value[1], "%s", b);
}

static void tech_page_facts(kio_sm_t *sm, kio_tech_page_t page)
{
	kio_facts_t *f = &sm->tech.report;
	sm->tech.page = page;
	if (page == KIO_TECH_PRINTER)
		choices(sm, "queue", "ADM-HVS", "ADM-IPP");
	else if (page == KIO_TECH_MEDIA)
		choices(sm, "media_type", "stationery", "stationery-heavyweight");
	switch (page) {
	case KIO_TECH_PRINTER:
		fact(f, "tech.fact.queue", "queue", "ADM-HVS", NULL, NULL);
		fact(f, "tech.fact.printer_state", "state", "@printer.state.idle", "condition",
		     "@printer.paper_low");
		fact(f, "tech.fact.accepting", "yes", "@word.yes", NULL, NULL);
		fact(f, "tech.fact.reason", "reason", "@printer.reason.media-low", NULL, NULL);
		fact(f, "tech.fact.media_ready", "media", "iso_a4_210x297mm", NULL, NULL);
		fact(f, "tech.fact.marker", "name", "Black Toner", "level", "62");
		fact(f, "tech.cups.private", NULL, NULL, NULL, NULL);
		fact(f, "tech.fact.queues", "n", "2", NULL, NULL);
		break;
	case KIO_TECH_MEDIA:
		fact(f, "tech.fact.media_size_ok", "media", "iso_a4_210x297mm", NULL, NULL);
		fact(f, "tech.fact.media_type", "type", "stationery", NULL, NULL);
		fact(f, "tech.fact.media_ready", "media", "iso_a4_210x297mm", NULL, NULL);
		fact(f, "tech.fact.media_types", "types", "stationery, stationery-heavyweight",
		     NULL, NULL);
		fact(f, "tech.fact.sheets_left", "n", "37", NULL, NULL);
		fact(f, "tech.fact.marker", "name", "Black Toner", "level", "62");
		snprintf(sm->tech.entry, sizeof sm->tech.entry, "500");
		sm->tech.entry_len = 3;
		break;
	case KIO_TECH_SERVER:
		fact(f, "tech.fact.check_step", "step", "DNS", "result", "ok");
		fact(f, "tech.fact.check_step", "step", "TLS", "result", "ok");
		fact(f, "tech.fact.http_status", "status", "200", NULL, NULL);
		fact(f, "tech.fact.connection_ok", NULL, NULL, NULL, NULL);
		break;
	case KIO_TECH_KIOSK:
		fact(f, "tech.fact.kiosk_id", "id", "ADM-1610-001", NULL, NULL);
		fact(f, "tech.fact.orientation", "orientation", "@orientation.landscape", NULL,
		     NULL);
		fact(f, "tech.fact.inactivity", "s", "60", NULL, NULL);
		fact(f, "tech.fact.language", "language", "@language.id", NULL, NULL);
		break;
	default:
		fact(f, "tech.fact.version", "version", "1.0.0", NULL, NULL);
		fact(f, "tech.fact.uptime", "uptime", "274000", NULL, NULL);
		fact(f, "tech.fact.disk_free", "mb", "5120", NULL, NULL);
		fact(f, "tech.fact.events_pending", "n", "0", NULL, NULL);
		fact(f, "tech.fact.no_errors", NULL, NULL, NULL, NULL);
		break;
	}
}

static void line(kio_officer_view_t *v, const char *day, const char *hm, const char *type,
                 const char *kind, const char *reason, int pages)
{
	kio_officer_line_t *l = &v->line[v->nlines++];
	snprintf(l->day, sizeof l->day, "%s", day);
	snprintf(l->hm, sizeof l->hm, "%s", hm);
	snprintf(l->type, sizeof l->type, "%s", type);
	snprintf(l->kind, sizeof l->kind, "%s", kind);
	snprintf(l->reason, sizeof l->reason, "%s", reason);
	snprintf(l->nik, sizeof l->nik, "3201**********07");
	l->pages = pages;
}

/* The dashboard's facts as the worker sends them, for FILTER. */
static void officer_view(kio_officer_view_t *v, kio_log_filter_t filter)
{
	v->ok = true;
	snprintf(v->today, sizeof v->today, "2026-11-24");
	v->docs = 14;
	v->pages = 19;
	v->citizens = 12;
	v->failures = 2;
	v->credits_back = 2;
	v->ncauses = 1;
	snprintf(v->cause[0].reason, sizeof v->cause[0].reason, "paper_out");
	v->cause[0].n = 2;
	v->sheets_left = 37;
	v->daily_cap = 40;
	v->prints_left = 26;
	snprintf(v->last_upload, sizeof v->last_upload, "24/11 09.38");
	v->chain = 1;
	for (int i = 0; i < KIO_OFFICER_DAYS; i++) {
		snprintf(v->day[i], sizeof v->day[i], "2026-11-%02d", 11 + i);
		v->day_pages[i] = (i * 7) % 23 + (i % 6 == 5 ? 0 : 4);
	}
	v->filter = filter;
	if (filter != KIO_LOG_FAILURES) {
		line(v, "2026-11-24", "09.52", "print.completed", "KK", "", 1);
		line(v, "2026-11-24", "09.47", "paper.loaded", "", "technician", 500);
	}
	line(v, "2026-11-24", "09.40", "print.failed", "AKTA_LAHIR", "paper_out", 2);
	if (filter != KIO_LOG_FAILURES)
		line(v, "2026-11-24", "09.16", "print.completed", "AKTA_LAHIR", "", 2);
	if (filter != KIO_LOG_TODAY) {
		line(v, "2026-11-23", "15.02", "print.failed", "KK", "jam", 1);
		if (filter == KIO_LOG_WEEK)
			line(v, "2026-11-23", "14.10", "report.printed", "", "", 1);
	}
}

/* "tech-media", "officer-week-en", ...: the staff pages in either language. */
static kio_sm_t *staff_state(const char *name)
{
	static const struct {
		const char *name;
		kio_tech_page_t page;
		int filter; /* -1: a technician page */
	} pages[] = {
	    {"tech-printer", KIO_TECH_PRINTER, -1}, {"tech-media", KIO_TECH_MEDIA, -1},
	    {"tech-server", KIO_TECH_SERVER, -1},   {"tech-kiosk", KIO_TECH_KIOSK, -1},
	    {"tech-about", KIO_TECH_ABOUT, -1},     {"officer", 0, KIO_LOG_TODAY},
	    {"officer-week", 0, KIO_LOG_WEEK},      {"officer-failures", 0, KIO_LOG_FAILURES},
	};
	size_t n = strlen(name);
	bool en = n > 3 && !strcmp(name + n - 3, "-en");
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		if (strncmp(name, pages[i].name, en ? n - 3 : n) ||
		    strlen(pages[i].name) != (en ? n - 3 : n))
			continue;
		kio_sm_t *sm =
		    base_sm(pages[i].filter < 0 ? KIO_SCREEN_TECHNICIAN : KIO_SCREEN_OFFICER);
		if (pages[i].filter < 0) {
			tech_page_facts(sm, pages[i].page);
		} else {
			sm->officer.unlocked = true;
			sm->officer.filter = (kio_log_filter_t)pages[i].filter;
			officer_view(&sm->officer.view, sm->officer.filter);
		}
		snprintf(sm->language, sizeof sm->language, "%s", en ? "en" : "id");
		return sm;
	}
	fail_msg("unknown staff state %s", name);
	return NULL;
}

/* The states the goldens show, by name. */
static kio_sm_t *state(const char *name)
{
	kio_sm_t *sm;
	if (!strcmp(name, "idle")) {
		sm = base_sm(KIO_SCREEN_IDLE);
	} else if (!strcmp(name, "idle-unavailable")) {
		sm = base_sm(KIO_SCREEN_IDLE);
		sm->printer_ok = false;
		snprintf(sm->printer_condition, sizeof sm->printer_condition, "paper_out");
	} else if (!strcmp(name, "idle-paper-low")) {
		/* Issue 15: staff warned before the count reaches zero. */
		sm = base_sm(KIO_SCREEN_IDLE);
		sm->paper.sheets_left = 12;
		sm->paper.low = true;
	} else if (!strcmp(name, "idle-paper-count")) {
		sm = base_sm(KIO_SCREEN_IDLE);
		sm->paper.sheets_left = 0;
		sm->paper.blocked = true;
		sm->printer_ok = false;
		snprintf(sm->printer_condition, sizeof sm->printer_condition, "paper_count");
	} else if (!strcmp(name, "login-nik")) {
		sm = base_sm(KIO_SCREEN_LOGIN);
		snprintf(sm->login.nik, sizeof sm->login.nik, "1610015708900001");
		sm->login.nik_len = 16;
	} else if (!strcmp(name, "login-nik-error")) {
		sm = base_sm(KIO_SCREEN_LOGIN);
		snprintf(sm->login.nik, sizeof sm->login.nik, "161001570");
		sm->login.nik_len = 9;
		snprintf(sm->login.message_key, sizeof sm->login.message_key, "nik.length");
	} else if (!strcmp(name, "login-password")) {
		sm = base_sm(KIO_SCREEN_LOGIN);
		sm->login.step = KIO_LOGIN_PASSWORD;
		snprintf(sm->login.nik, sizeof sm->login.nik, "1610015708900001");
		sm->login.nik_len = 16;
		snprintf(sm->login.password, sizeof sm->login.password, "rahasia1");
		sm->login.password_len = 8;
		snprintf(sm->login.message_key, sizeof sm->login.message_key,
		         "api.too_many_attempts");
		sm->login.wait_s = 300;
	} else if (!strcmp(name, "loading")) {
		sm = base_sm(KIO_SCREEN_LOADING);
		snprintf(sm->loading_key, sizeof sm->loading_key, "loading.login");
		sm->loading_since_ms = sm->now_ms - 400;
	} else if (!strcmp(name, "list") || !strcmp(name, "list-scrolled")) {
		sm = base_sm(KIO_SCREEN_LIST);
		sm->in_session = true;
		sm->page = sample_page();
		if (!strcmp(name, "list-scrolled"))
			sm->scroll_px = 100000; /* clamped by the UI to the end */
	} else if (!strcmp(name, "confirm") || !strcmp(name, "printing") || !strcmp(name, "done")) {
		sm = base_sm(!strcmp(name, "confirm")    ? KIO_SCREEN_CONFIRM
		             : !strcmp(name, "printing") ? KIO_SCREEN_PRINTING
		                                         : KIO_SCREEN_DONE);
		sm->in_session = true;
		sm->page = sample_page();
		sm->selected = sm->page->apps[0].docs[0];
		snprintf(sm->selected_app, sizeof sm->selected_app, "OI-2026-000123");
		snprintf(sm->selected_service, sizeof sm->selected_service,
		         "Penerbitan Kartu Keluarga");
		sm->printing.step = KIO_PSTEP_DOWNLOADING;
		sm->printing.percent = 45;
		sm->printing.pages_done = -1;
		sm->printing.pages_total = 1;
		sm->printing.can_cancel = true;
	} else if (!strcmp(name, "confirm-preview") || !strcmp(name, "confirm-preview-en")) {
		sm = state("confirm");
		sm->selected = sm->page->apps[1].docs[1];
		snprintf(sm->selected_app, sizeof sm->selected_app, "OI-2026-000098");
		snprintf(sm->selected_service, sizeof sm->selected_service,
		         "Penerbitan Akta Kelahiran");
		sm->preview.ready = true;
		sm->preview.image = true;
		sm->preview.pages = 1;
		if (strstr(name, "-en"))
			snprintf(sm->language, sizeof sm->language, "en");
	} else if (!strcmp(name, "missing") || !strcmp(name, "missing-en")) {
		sm = base_sm(KIO_SCREEN_MISSING);
		sm->in_session = true;
		if (strstr(name, "-en"))
			snprintf(sm->language, sizeof sm->language, "en");
	} else if (!strcmp(name, "list-empty")) {
		sm = base_sm(KIO_SCREEN_LIST);
		sm->in_session = true;
		sm->page = calloc(1, sizeof *sm->page);
	} else if (!strcmp(name, "error-invalid") || !strcmp(name, "error-invalid-en")) {
		sm = base_sm(KIO_SCREEN_ERROR);
		snprintf(sm->error.key, sizeof sm->error.key, "error.doc_invalid");
		sm->error.credit_kept = true;
		if (strstr(name, "-en"))
			snprintf(sm->language, sizeof sm->language, "en");
	} else if (!strcmp(name, "done-en") || !strcmp(name, "confirm-en")) {
		sm = state(!strcmp(name, "done-en") ? "done" : "confirm");
		snprintf(sm->language, sizeof sm->language, "en");
	} else if (!strcmp(name, "printing-pages")) {
		sm = state("printing");
		sm->printing.step = KIO_PSTEP_PRINTING;
		sm->printing.pages_done = 1;
		sm->printing.pages_total = 2;
		sm->printing.can_cancel = false;
	} else if (!strcmp(name, "error")) {
		sm = base_sm(KIO_SCREEN_ERROR);
		snprintf(sm->error.key, sizeof sm->error.key, "printer.paper_out");
		sm->error.credit_kept = true;
	} else if (!strcmp(name, "error-server")) {
		sm = base_sm(KIO_SCREEN_ERROR);
		snprintf(sm->error.key, sizeof sm->error.key, "api.maintenance");
		snprintf(sm->error.server_message, sizeof sm->error.server_message,
		         "Layanan sedang dalam pemeliharaan sampai pukul 12.00 WIB.");
		sm->error.logout_after = true;
	} else if (!strcmp(name, "warning")) {
		sm = state("list");
		sm->warning = true;
		sm->warning_left_s = 12;
	} else if (!strcmp(name, "tech-pin")) {
		sm = base_sm(KIO_SCREEN_TECHNICIAN);
		sm->tech.page = KIO_TECH_PIN;
		sm->tech.pin_len = 4;
		snprintf(sm->tech.message_key, sizeof sm->tech.message_key, "tech.wrong_pin");
	} else if (!strcmp(name, "tech-printer")) {
		sm = base_sm(KIO_SCREEN_TECHNICIAN);
		sm->tech.page = KIO_TECH_PRINTER;
		tech_page_facts(sm, KIO_TECH_PRINTER);
	} else if (!strcmp(name, "officer-pin")) {
		sm = base_sm(KIO_SCREEN_OFFICER);
	} else if (!strcmp(name, "officer")) {
		sm = base_sm(KIO_SCREEN_OFFICER);
		sm->officer.unlocked = true;
		officer_view(&sm->officer.view, KIO_LOG_TODAY);
	} else if (!strncmp(name, "staff-", 6)) {
		sm = staff_state(name + 6);
	} else if (!strcmp(name, "list-en") || !strcmp(name, "login-password-en")) {
		sm = state(!strcmp(name, "list-en") ? "list" : "login-password");
		snprintf(sm->language, sizeof sm->language, "en");
	} else {
		fail_msg("unknown state %s", name);
		return NULL;
	}
	return sm;
}

static const char *const all_states[] = {
    "idle",
    "idle-unavailable",
    "idle-paper-low",
    "idle-paper-count",
    "login-nik",
    "login-nik-error",
    "login-password",
    "loading",
    "list",
    "list-scrolled",
    "confirm",
    "printing",
    "printing-pages",
    "done",
    "error",
    "error-server",
    "warning",
    "tech-pin",
    "tech-printer",
    "officer-pin",
    "officer",
    "list-en",
    "login-password-en",
    "confirm-preview",
    "confirm-preview-en",
    "confirm-en",
    "missing",
    "missing-en",
    "list-empty",
    "error-invalid",
    "error-invalid-en",
    "done-en",
};

/* A stand-in civil-registry page (A4, cairo) for the preview goldens. */
static cairo_status_t to_mem(void *closure, const unsigned char *data, unsigned int len)
{
	FILE *f = closure;
	return fwrite(data, 1, len, f) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void sample_pdf(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);
	assert_non_null(f);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_mem, f, 595, 842);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, 22);
	cairo_move_to(cr, 150, 110);
	cairo_show_text(cr, "KUTIPAN AKTA KELAHIRAN");
	cairo_set_font_size(cr, 12);
	cairo_move_to(cr, 70, 180);
	cairo_show_text(cr, "Nama: PUTRI SANTOSO");
	cairo_set_line_width(cr, 1);
	for (int i = 0; i < 12; i++) {
		cairo_move_to(cr, 70, 220 + i * 28);
		cairo_line_to(cr, 525, 220 + i * 28);
	}
	cairo_rectangle(cr, 420, 650, 100, 100);
	cairo_stroke(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	fclose(f);
}

/* Page 1 of the stand-in document, as the session worker would hand it over. */
static void give_preview(kio_ui_t *ui)
{
	char *pdf = NULL;
	size_t len = 0;
	int w, h;
	kio_preview_img_t img;
	sample_pdf(&pdf, &len);
	kio_ui_preview_box(ui, &w, &h);
	assert_int_equal(kio_preview_render((unsigned char *)pdf, len, w, h, &img), KIO_OK);
	assert_int_equal(img.pages, 1);
	assert_true(img.w <= w && img.h <= h);
	assert_int_equal(kio_ui_set_preview(ui, img.px, img.w, img.h, img.stride), KIO_OK);
	kio_preview_img_free(&img);
	free(pdf);
}

/* Compare the shot with its golden; returns the number of differing pixels. */
static long compare_png(const char *shot, const char *golden, long *total)
{
	cairo_surface_t *a = cairo_image_surface_create_from_png(shot);
	cairo_surface_t *b = cairo_image_surface_create_from_png(golden);
	long bad = -1;
	*total = 0;
	if (cairo_surface_status(a) || cairo_surface_status(b))
		goto out;
	int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
	if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b))
		goto out;
	const unsigned char *pa = cairo_image_surface_get_data(a),
	                    *pb = cairo_image_surface_get_data(b);
	int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
	bad = 0;
	*total = (long)w * h;
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			for (int c = 0; c < 3; c++) {
				int d = pa[y * sa + 4 * x + c] - pb[y * sb + 4 * x + c];
				if (d > TOLERANCE || d < -TOLERANCE) {
					bad++;
					break;
				}
			}
		}
	}
out:
	cairo_surface_destroy(a);
	cairo_surface_destroy(b);
	return bad;
}

static void shoot(kio_ui_t *ui, const char *name, int w, int h)
{
	char dir[1024], shot[1200], golden[1200];
	snprintf(dir, sizeof dir, "%s/shots", build());
	mkdir(dir, 0755);
	snprintf(shot, sizeof shot, "%s/%s-%dx%d.png", dir, name, w, h);
	snprintf(golden, sizeof golden, "%s/tests/golden/%s-%dx%d.png", root(), name, w, h);
	assert_int_equal(kio_ui_screenshot(ui, shot), KIO_OK);
	const char *upd = getenv("KIO_UPDATE_GOLDEN");
	if (upd && !strcmp(upd, "1")) {
		assert_int_equal(kio_ui_screenshot(ui, golden), KIO_OK);
		return;
	}
	long total = 0;
	long bad = compare_png(shot, golden, &total);
	if (bad < 0)
		fail_msg("%s: no golden %s or size differs (KIO_UPDATE_GOLDEN=1 makes it)", name,
		         golden);
	if (bad * 1000 > total * MAX_BAD_PERMILLE)
		fail_msg("%s: %ld of %ld pixels differ from %s", shot, bad, total, golden);
}

static void render_all(int w, int h)
{
	kio_ui_t *ui = open_ui(w, h);
	for (size_t i = 0; i < sizeof all_states / sizeof all_states[0]; i++) {
		kio_sm_t *sm = state(all_states[i]);
		kio_ui_invalidate(ui);
		if (sm->preview.image)
			give_preview(ui);
		assert_true(kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15"));
		shoot(ui, all_states[i], w, h);
		kio_ui_drop_preview(ui);
		free_sm(sm);
	}
	kio_ui_close(ui);
}

/* Two screenshots pixel for pixel, each channel within TOL (0: exact). */
static bool png_within(const char *a_path, const char *b_path, int tol)
{
	cairo_surface_t *a = cairo_image_surface_create_from_png(a_path),
	                *b = cairo_image_surface_create_from_png(b_path);
	bool same = cairo_surface_status(a) == CAIRO_STATUS_SUCCESS &&
	            cairo_surface_status(b) == CAIRO_STATUS_SUCCESS &&
	            cairo_image_surface_get_width(a) == cairo_image_surface_get_width(b) &&
	            cairo_image_surface_get_height(a) == cairo_image_surface_get_height(b);
	int h = same ? cairo_image_surface_get_height(a) : 0,
	    w = same ? cairo_image_surface_get_width(a) : 0;
	for (int y = 0; same && y < h; y++) {
		const unsigned char *ra = cairo_image_surface_get_data(a) +
		                          y * cairo_image_surface_get_stride(a),
		                    *rb = cairo_image_surface_get_data(b) +
		                          y * cairo_image_surface_get_stride(b);
		for (int x = 0; same && x < w * 4; x++)
			same = abs((int)ra[x] - (int)rb[x]) <= tol;
	}
	cairo_surface_destroy(a);
	cairo_surface_destroy(b);
	return same;
}

/* A partial frame must leave exactly what a whole frame draws. */
static bool same_png(const char *a_path, const char *b_path)
{
	return png_within(a_path, b_path, 0);
}

/* Renders SM as the next frame (partial: only what changed), then the same
 * view as a whole frame; both must show the same pixels. Returns the area
 * the partial frame painted. */
static long partial_equals_whole(kio_ui_t *ui, kio_sm_t *sm, const char *clock, const char *what)
{
	char part[1200], whole[1200];
	snprintf(part, sizeof part, "%s/shots/partial-a.png", build());
	snprintf(whole, sizeof whole, "%s/shots/partial-b.png", build());
	kio_ui_render(ui, sm, clock);
	long painted = kio_ui_painted_px(ui);
	assert_int_equal(kio_ui_screenshot(ui, part), KIO_OK);
	kio_ui_invalidate(ui);
	assert_true(kio_ui_render(ui, sm, clock));
	assert_int_equal(kio_ui_screenshot(ui, whole), KIO_OK);
	if (!same_png(part, whole))
		fail_msg("%s: the partial frame differs from the whole one (%s, %s)", what, part,
		         whole);
	return painted;
}

/* Issue 20: frames repaint what changed. Every screen reached from the one
 * before it (as a session goes) matches a whole redraw exactly, and a
 * minute of the clock or one NIK digit repaints a small part. */
static bool citizen_state(const char *name);

static void test_partial_frames(void **st)
{
	(void)st;
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/shots", build());
	mkdir(dir, 0755);
	kio_ui_t *ui = open_ui(1920, 1080);
	long screen = 1920L * 1080L;
	for (size_t i = 0; i < sizeof all_states / sizeof all_states[0]; i++) {
		kio_sm_t *sm = state(all_states[i]);
		if (sm->preview.image)
			give_preview(ui);
		partial_equals_whole(ui, sm, "Selasa, 24 November 2026  09.15", all_states[i]);
		kio_ui_drop_preview(ui);
		free_sm(sm);
	}
	kio_sm_t *sm = state("idle");
	kio_ui_invalidate(ui);
	kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15");
	long clock = partial_equals_whole(ui, sm, "Selasa, 24 November 2026  09.16", "clock");
	print_message("a new minute paints %ld px (%.1f %% of the screen)\n", clock,
	              100.0 * (double)clock / (double)screen);
	assert_true(clock > 0 && clock * 20 < screen);
	free_sm(sm);
	sm = state("login-nik-error");
	kio_ui_invalidate(ui);
	kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.16");
	sm->login.nik[sm->login.nik_len++] = '0';
	sm->login.nik[sm->login.nik_len] = '\0';
	long digit = partial_equals_whole(ui, sm, "Selasa, 24 November 2026  09.16", "digit");
	print_message("a NIK digit paints %ld px (%.1f %%)\n", digit,
	              100.0 * (double)digit / (double)screen);
	assert_true(digit > 0 && digit * 4 < screen);
	free_sm(sm);
	kio_ui_close(ui);
	/* Large text on a small screen: the screens that scroll their body. */
	kio_ui_t *small = open_ui(1024, 768);
	for (size_t i = 0; i < sizeof all_states / sizeof all_states[0]; i++) {
		if (!citizen_state(all_states[i]))
			continue;
		kio_sm_t *v = state(all_states[i]);
		v->access.large_text = true;
		v->view_scroll_px = 40;
		if (v->preview.image)
			give_preview(small);
		partial_equals_whole(small, v, "Selasa, 24 November 2026  09.15", all_states[i]);
		kio_ui_drop_preview(small);
		free_sm(v);
	}
	kio_ui_close(small);
}

/* Issue 20: once compacted, a cached text keeps only its glyphs' pixels
 * (run-length encoded) and draws what it drew before (SDL's encoded blit
 * rounds its blend differently: a channel may differ by 2); texts first
 * drawn after that are encoded at once, and a partial frame still equals a
 * whole one. */
static void test_compact_texts(void **st)
{
	(void)st;
	const char *clock = "Selasa, 24 November 2026  09.15";
	char plain[1200], packed[1200];
	snprintf(plain, sizeof plain, "%s/shots/compact-a.png", build());
	snprintf(packed, sizeof packed, "%s/shots/compact-b.png", build());
	kio_ui_t *ui = open_ui(1920, 1080);
	kio_sm_t *sm = state("idle");
	assert_true(kio_ui_render(ui, sm, clock));
	long before = kio_ui_text_plain_bytes(ui);
	assert_true(before > 100000);
	assert_int_equal(kio_ui_screenshot(ui, plain), KIO_OK);
	kio_ui_compact(ui);
	assert_true(kio_ui_render(ui, sm, clock));
	assert_int_equal(kio_ui_text_plain_bytes(ui), 0);
	assert_int_equal(kio_ui_screenshot(ui, packed), KIO_OK);
	if (!png_within(plain, packed, 2))
		fail_msg("compacted texts draw other pixels (%s, %s)", plain, packed);
	print_message("idle texts: %ld bytes of pixels before compacting\n", before);
	free_sm(sm);
	sm = state("login-nik-error");
	partial_equals_whole(ui, sm, clock, "login after compacting");
	assert_int_equal(kio_ui_text_plain_bytes(ui), 0);
	free_sm(sm);
	kio_ui_close(ui);
}

/* Issue 20: a screen of new texts is drawn over several short frames
 * (opts.progressive), ends exactly as one whole frame draws it, and a
 * session's wipe drops the citizen's texts but keeps the strings table's. */
static void test_progressive_frames(void **st)
{
	(void)st;
	char shots[1024], part[1200], whole[1200];
	snprintf(shots, sizeof shots, "%s/shots", build());
	mkdir(shots, 0755);
	snprintf(part, sizeof part, "%s/progressive-a.png", shots);
	snprintf(whole, sizeof whole, "%s/progressive-b.png", shots);
	kio_ui_t *ui = open_ui_as(1920, 1080, true);
	kio_ui_set_text_budget(ui, 0); /* one new text per frame */
	kio_sm_t *idle = state("idle"), *list = state("list"), *first = state("tech-pin");
	/* The very first frame is always whole: start-up shows a complete
	 * screen. */
	assert_true(kio_ui_render(ui, first, "Selasa, 24 November 2026  09.15"));
	assert_false(kio_ui_incomplete(ui));
	free_sm(first);
	int frames = 0;
	assert_true(kio_ui_render(ui, idle, "Selasa, 24 November 2026  09.15"));
	for (; kio_ui_incomplete(ui) && frames < 500; frames++) {
		assert_int_equal(kio_ui_next_deadline_ms(ui, idle, 0), 0);
		assert_true(kio_ui_render(ui, idle, "Selasa, 24 November 2026  09.15"));
	}
	assert_true(frames > 3 && frames < 500);
	int idle_frames = frames;
	assert_true(kio_ui_render(ui, list, "Selasa, 24 November 2026  09.15"));
	for (frames = 0; kio_ui_incomplete(ui) && frames < 500; frames++)
		assert_true(kio_ui_render(ui, list, "Selasa, 24 November 2026  09.15"));
	assert_true(frames > 3 && frames < 500);
	assert_int_equal(kio_ui_screenshot(ui, part), KIO_OK);
	kio_ui_invalidate(ui);
	assert_true(kio_ui_render(ui, list, "Selasa, 24 November 2026  09.15"));
	assert_false(kio_ui_incomplete(ui));
	assert_int_equal(kio_ui_screenshot(ui, whole), KIO_OK);
	if (!same_png(part, whole))
		fail_msg("the completed progressive list differs from a whole frame (%s, %s)", part,
		         whole);
	/* ... and from the list's golden, drawn in one frame. */
	char golden[1200];
	snprintf(golden, sizeof golden, "%s/tests/golden/list-1920x1080.png", root());
	long total = 0;
	assert_int_equal(compare_png(part, golden, &total), 0);

	assert_true(kio_ui_text_cached(ui, "BUDI SANTOSO"));
	assert_true(kio_ui_text_cached(ui, "Mulai"));
	kio_ui_forget_session(ui);
	assert_false(kio_ui_text_cached(ui, "BUDI SANTOSO"));
	assert_true(kio_ui_text_cached(ui, "Mulai"));
	/* The idle screen after the wipe rasterises only what is not in the
	 * strings table (the clock): far fewer frames than from cold. */
	assert_true(kio_ui_render(ui, idle, "Selasa, 24 November 2026  09.16"));
	for (frames = 0; kio_ui_incomplete(ui) && frames < 500; frames++)
		assert_true(kio_ui_render(ui, idle, "Selasa, 24 November 2026  09.16"));
	print_message("idle from cold: %d extra frames; after a wipe: %d\n", idle_frames, frames);
	assert_true(frames * 2 < idle_frames);
	free_sm(idle);
	free_sm(list);
	kio_ui_close(ui);
}

static void test_golden_landscape(void **st)
{
	(void)st;
	render_all(1920, 1080);
}

static void test_golden_portrait(void **st)
{
	(void)st;
	render_all(1080, 1920);
}

/* Issue 15: every technician page, the dashboard and its filtered logs, at
 * the three sizes, in both languages. */
static void test_golden_staff(void **st)
{
	(void)st;
	static const char *const names[] = {
	    "tech-printer", "tech-media", "tech-server",  "tech-kiosk",
	    "tech-about",   "officer",    "officer-week", "officer-failures",
	};
	static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1024, 768}};
	for (size_t z = 0; z < 3; z++) {
		kio_ui_t *ui = open_ui(sizes[z][0], sizes[z][1]);
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			for (int en = 0; en < 2; en++) {
				char name[64], shot[80];
				snprintf(name, sizeof name, "%s%s", names[i], en ? "-en" : "");
				snprintf(shot, sizeof shot, "staff-%s", name);
				kio_sm_t *sm = staff_state(name);
				kio_ui_invalidate(ui);
				assert_true(
				    kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15"));
				shoot(ui, shot, sizes[z][0], sizes[z][1]);
				free_sm(sm);
			}
		}
		kio_ui_close(ui);
	}
}

/* The done screen's QR, read back by zbarimg from the screenshot, is the
 * document's address on the verification host: <verify_url>/v/<doc id>. */
static void test_done_qr_decodes(void **st)
{
	(void)st;
	char shot[1200], out[1300], cmd[2800];
	kio_ui_t *ui = open_ui(1920, 1080);
	kio_sm_t *sm = state("done");
	assert_true(kio_ui_render(ui, sm, "clock"));
	snprintf(shot, sizeof shot, "%s/shots/done-qr.png", build());
	snprintf(out, sizeof out, "%s/shots/done-qr.txt", build());
	assert_int_equal(kio_ui_screenshot(ui, shot), KIO_OK);
	snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' > '%s'", shot, out);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	char line[512] = "";
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	assert_string_equal(line, "https://verify.dukcapil.example/v/d7c1f0e2");
	/* ... and the sentence under it names the VeryDS app (FAQ 22, 25). */
	assert_true(kio_ui_has_text(ui, "VeryDS"));
	free_sm(sm);
	kio_ui_close(ui);
}

/* The list names each document's holder, offers the missing-document
 * help (also when empty), and the idle and list footers say the session's
 * data is erased. */
static void test_list_holder_missing_privacy(void **st)
{
	(void)st;
	kio_sm_event_t ev;
	const char *privacy = "Data Anda dihapus dari mesin ini setiap kali sesi berakhir.";
	kio_ui_t *ui = open_ui(1920, 1080);
	kio_sm_t *sm = state("idle");
	assert_true(kio_ui_render(ui, sm, "clock"));
	assert_true(kio_ui_has_text(ui, privacy));
	free_sm(sm);
	const char *lists[] = {"list", "list-empty"};
	for (size_t i = 0; i < 2; i++) {
		sm = state(lists[i]);
		assert_true(kio_ui_render(ui, sm, "clock"));
		assert_true(kio_ui_has_text(ui, privacy));
		assert_int_equal(kio_ui_tap(ui, "missing", 5, &ev), KIO_UI_INTENT);
		assert_int_equal(ev.u.in.intent, KIO_IN_MISSING);
		assert_true(i == 1 || kio_ui_has_text(ui, "Atas nama RAFI SANTOSO"));
		free_sm(sm);
	}
	sm = state("missing");
	assert_true(kio_ui_render(ui, sm, "clock"));
	assert_true(kio_ui_has_text(ui, "24 jam"));
	assert_true(kio_ui_has_text(ui, "KIA"));
	assert_false(kio_ui_has_text(ui, privacy)); /* only idle and list */
	assert_int_equal(kio_ui_tap(ui, "back", 5, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_BACK);
	free_sm(sm);
	sm = state("confirm");
	assert_true(kio_ui_render(ui, sm, "clock"));
	/* not verified yet: no "Cetak" to tap */
	assert_int_equal(kio_ui_tap(ui, "print", 5, &ev), KIO_UI_NONE);
	free_sm(sm);
	kio_ui_close(ui);
}

static void test_golden_small(void **st)
{
	(void)st;
	kio_ui_t *ui = open_ui(1024, 768);
	const char *names[] = {"idle",
	                       "login-nik",
	                       "login-password",
	                       "list",
	                       "tech-printer",
	                       "list-en",
	                       "confirm",
	                       "confirm-en",
	                       "confirm-preview",
	                       "confirm-preview-en",
	                       "missing",
	                       "missing-en",
	                       "list-empty",
	                       "error-invalid",
	                       "error-invalid-en",
	                       "done",
	                       "done-en"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		kio_sm_t *sm = state(names[i]);
		kio_ui_invalidate(ui);
		if (sm->preview.image)
			give_preview(ui);
		assert_true(kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15"));
		shoot(ui, names[i], 1024, 768);
		kio_ui_drop_preview(ui);
		free_sm(sm);
	}
	kio_ui_close(ui);
}

typedef struct size_check {
	int min;
	char small[256];
} size_check_t;

static void check_size(void *ctx, const char *id, SDL_Rect r)
{
	size_check_t *c = ctx;
	/* Clipped list buttons may be partly off screen; judge whole ones. */
	if ((r.w < c->min || r.h < c->min) && strncmp(id, "doc-", 4) != 0 && !c->small[0])
		snprintf(c->small, sizeof c->small, "%s %dx%d", id, r.w, r.h);
}

static void targets(int w, int h, int min)
{
	kio_ui_t *ui = open_ui(w, h);
	for (size_t i = 0; i < sizeof all_states / sizeof all_states[0]; i++) {
		kio_sm_t *sm = state(all_states[i]);
		kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15");
		size_check_t c = {.min = min};
		kio_ui_each_widget(ui, check_size, &c);
		if (c.small[0])
			fail_msg("%s at %dx%d: target %s under %d px", all_states[i], w, h, c.small,
			         min);
		free_sm(sm);
	}
	kio_ui_close(ui);
}

static void test_touch_targets(void **st)
{
	(void)st;
	targets(1920, 1080, 90);
	targets(1080, 1920, 90);
	targets(1024, 768, 64);
}

static void test_widgets_and_texts(void **st)
{
	(void)st;
	kio_ui_t *ui = open_ui(1920, 1080);
	kio_sm_event_t ev;

	kio_sm_t *sm = state("idle");
	assert_true(kio_ui_render(ui, sm, "clock"));
	assert_false(kio_ui_render(ui, sm, "clock")); /* nothing changed: no frame */
	assert_true(kio_ui_render(ui, sm, "clock2")); /* the clock is visible */
	assert_int_equal(kio_ui_tap(ui, "start", 5, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.kind, KIO_EV_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_START);
	assert_int_equal(ev.now_ms, 5);
	assert_int_equal(kio_ui_tap(ui, "lang", 5, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_LANGUAGE);
	assert_int_equal(kio_ui_tap(ui, "print", 5, &ev), KIO_UI_NONE);
	assert_true(kio_ui_has_text(ui, "0895346249816"));
	assert_true(kio_ui_has_text(ui, "Mulai"));
	assert_int_equal(kio_ui_type_char(ui, '1', 5, &ev), KIO_UI_NONE); /* no field */
	/* Language follows the SM. */
	snprintf(sm->language, sizeof sm->language, "en");
	assert_true(kio_ui_render(ui, sm, "clock2"));
	assert_true(kio_ui_has_text(ui, "Start"));
	free_sm(sm);

	sm = state("login-nik");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_has_text(ui, "1610 0157 0890 0001"));
	for (char c = '0'; c <= '9'; c++) {
		char id[8];
		snprintf(id, sizeof id, "key-%c", c);
		assert_int_equal(kio_ui_tap(ui, id, 1, &ev), KIO_UI_INTENT);
		assert_int_equal(ev.u.in.intent, KIO_IN_CHAR);
		assert_int_equal(ev.u.in.ch, c);
	}
	assert_int_equal(kio_ui_tap(ui, "del", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_BACKSPACE);
	assert_int_equal(kio_ui_tap(ui, "clear", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_CLEAR);
	assert_int_equal(kio_ui_tap(ui, "next", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_NEXT);
	assert_int_equal(kio_ui_type_char(ui, '7', 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.ch, '7');
	assert_int_equal(kio_ui_type_char(ui, 'a', 1, &ev), KIO_UI_NONE); /* digits only */
	free_sm(sm);

	sm = state("login-password");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_false(kio_ui_has_text(ui, "rahasia1")); /* masked */
	assert_true(kio_ui_has_text(ui, "Silakan tunggu 5 menit"));
	assert_int_equal(kio_ui_tap(ui, "kb-q", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.ch, 'q');
	assert_int_equal(kio_ui_tap(ui, "kb-shift", 1, &ev), KIO_UI_LOCAL);
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_int_equal(kio_ui_tap(ui, "kb-q", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.ch, 'Q');
	assert_int_equal(kio_ui_tap(ui, "show-password", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_TOGGLE_SHOW);
	assert_int_equal(kio_ui_type_char(ui, '#', 1, &ev), KIO_UI_INTENT);
	sm->login.show_password = true;
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_has_text(ui, "rahasia1"));
	free_sm(sm);

	sm = state("list");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_has_text(ui, "1610**********01"));
	assert_true(kio_ui_has_text(ui, "BUDI SANTOSO"));
	assert_true(kio_ui_has_text(ui, "3 November 2026"));
	assert_true(kio_ui_has_text(ui, "AKTIF"));
	assert_true(kio_ui_has_text(ui, "Ambil di kantor Dukcapil"));
	assert_true(kio_ui_widget(ui, "doc-d7c1f0e2", NULL));
	assert_int_equal(kio_ui_tap(ui, "doc-d7c1f0e2", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_SELECT_DOC);
	assert_string_equal(ev.u.in.text, "d7c1f0e2");
	assert_false(kio_ui_widget(ui, "doc-d7c1f0e3", NULL)); /* office only */
	assert_false(kio_ui_widget(ui, "doc-a11", NULL));      /* used up */
	assert_false(kio_ui_widget(ui, "doc-k01", NULL));      /* tidak aktif */
	assert_false(kio_ui_widget(ui, "doc-k02", NULL));      /* tidak valid */
	assert_true(kio_ui_widget(ui, "page-next", NULL));
	assert_false(kio_ui_widget(ui, "page-prev", NULL));
	assert_false(kio_ui_widget(ui, "scroll-up", NULL));
	assert_int_equal(kio_ui_tap(ui, "scroll-down", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_SCROLL);
	assert_true(ev.u.in.n > 0);
	/* A drag on the list scrolls, bounded to the content. */
	SDL_Rect r;
	assert_true(kio_ui_widget(ui, "doc-d7c1f0e2", &r));
	SDL_Event e = {0};
	e.type = SDL_MOUSEBUTTONDOWN;
	e.button.button = SDL_BUTTON_LEFT;
	e.button.x = r.x - 400;
	e.button.y = r.y + r.h / 2;
	assert_int_equal(kio_ui_input(ui, &e, 10, &ev), KIO_UI_LOCAL);
	e.type = SDL_MOUSEMOTION;
	e.motion.x = r.x - 400;
	e.motion.y = r.y + r.h / 2 - 200;
	assert_int_equal(kio_ui_input(ui, &e, 20, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_SCROLL);
	assert_true(ev.u.in.n > 0);
	e.type = SDL_MOUSEBUTTONUP;
	e.button.x = r.x - 400;
	e.button.y = r.y + r.h / 2 - 200;
	assert_int_equal(kio_ui_input(ui, &e, 30, &ev), KIO_UI_LOCAL); /* a drag is no tap */
	/* A plain click taps. */
	e.type = SDL_MOUSEBUTTONDOWN;
	e.button.x = r.x + 5;
	e.button.y = r.y + 5;
	assert_int_equal(kio_ui_input(ui, &e, 40, &ev), KIO_UI_LOCAL);
	e.type = SDL_MOUSEBUTTONUP;
	assert_int_equal(kio_ui_input(ui, &e, 50, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_SELECT_DOC);
	free_sm(sm);

	sm = state("list-scrolled");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_widget(ui, "scroll-up", NULL));
	assert_false(kio_ui_widget(ui, "scroll-down", NULL));
	free_sm(sm);

	sm = state("printing");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_widget(ui, "cancel", NULL));
	assert_true(kio_ui_has_text(ui, "Mengunduh dokumen (45%)"));
	assert_true(kio_ui_next_deadline_ms(ui, sm, sm->now_ms) > 0); /* animated */
	sm->printing.can_cancel = false;
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_false(kio_ui_widget(ui, "cancel", NULL));
	free_sm(sm);

	sm = state("loading");
	sm->loading_since_ms = sm->now_ms - 20;
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_false(kio_ui_has_text(ui, "Memeriksa")); /* not before 150 ms */
	assert_int_equal(kio_ui_next_deadline_ms(ui, sm, sm->now_ms), 130);
	sm->now_ms += 200;
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_has_text(ui, "Memeriksa NIK dan password"));
	free_sm(sm);

	sm = state("idle");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_int_equal(kio_ui_next_deadline_ms(ui, sm, 0), -1);
	free_sm(sm);

	sm = state("done");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_widget(ui, "finish", NULL));
	assert_true(kio_ui_widget(ui, "print-another", NULL));
	assert_true(kio_ui_has_text(ui, "Kepala Keluarga"));
	free_sm(sm);

	sm = state("error");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_has_text(ui, "Kuota cetak Anda tidak terpakai."));
	assert_true(kio_ui_has_text(ui, "Kertas printer habis"));
	assert_int_equal(kio_ui_tap(ui, "dismiss", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_DISMISS);
	free_sm(sm);

	sm = state("warning");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_widget(ui, "stay", NULL));
	assert_false(kio_ui_widget(ui, "logout", NULL)); /* modal */
	assert_true(kio_ui_has_text(ui, "12 detik"));
	free_sm(sm);

	sm = state("tech-printer");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_int_equal(kio_ui_tap(ui, "tech-test-page", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_TECH_ACTION);
	assert_string_equal(ev.u.in.text, "test_page");
	assert_true(kio_ui_has_text(ui, "Pilih antrean printer"));
	assert_int_equal(kio_ui_tap(ui, "tech-queue-ADM-IPP", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_TECH_ACTION);
	assert_string_equal(ev.u.in.text, "queue");
	assert_string_equal(ev.u.in.value, "ADM-IPP");
	assert_true(kio_ui_widget(ui, "tech-queue-ADM-HVS", NULL));
	/* A cupsd with many queues still leaves the report readable. */
	sm->tech.choices.n = KIO_TECH_CHOICES_MAX;
	for (int i = 2; i < KIO_TECH_CHOICES_MAX; i++)
		snprintf(sm->tech.choices.value[i], sizeof sm->tech.choices.value[i], "Q-%d", i);
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_true(kio_ui_has_text(ui, "Keadaan printer: Siap (Kertas hampir habis)"));
	assert_true(kio_ui_widget(ui, "tech-queue-Q-2", NULL));
	SDL_Rect rq, rt;
	assert_true(kio_ui_widget(ui, "tech-queue-ADM-HVS", &rq));
	assert_true(kio_ui_widget(ui, "tech-test-page", &rt));
	assert_true(rq.y + rq.h <= rt.y); /* choices above the actions, none over them */
	assert_int_equal(kio_ui_tap(ui, "tech-page-server", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_TECH_PAGE);
	assert_int_equal(ev.u.in.n, KIO_TECH_SERVER);
	assert_int_equal(kio_ui_tap(ui, "tech-exit", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_EXIT);
	free_sm(sm);

	sm = state("tech-pin");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_int_equal(kio_ui_tap(ui, "tech-pin-submit", 1, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_PIN_SUBMIT);
	assert_true(kio_ui_has_text(ui, "PIN salah"));
	free_sm(sm);
	kio_ui_close(ui);
}

static kio_ui_result_t key(kio_ui_t *ui, SDL_Keycode sym, Uint16 mod, kio_sm_event_t *ev)
{
	SDL_Event e = {0};
	e.type = SDL_KEYDOWN;
	e.key.keysym.sym = sym;
	e.key.keysym.mod = mod;
	return kio_ui_input(ui, &e, 1, ev);
}

static void test_keys_cannot_leave(void **st)
{
	(void)st;
	kio_ui_t *ui = open_ui(1920, 1080);
	kio_sm_event_t ev;
	const char *screens[] = {"idle", "login-nik", "login-password", "list", "done"};
	for (size_t i = 0; i < 5; i++) {
		kio_sm_t *sm = state(screens[i]);
		kio_ui_render(ui, sm, NULL);
		assert_int_equal(key(ui, SDLK_ESCAPE, KMOD_NONE, &ev), KIO_UI_NONE);
		assert_int_equal(key(ui, SDLK_F4, KMOD_LALT, &ev), KIO_UI_NONE);
		assert_int_equal(key(ui, SDLK_TAB, KMOD_LALT, &ev), KIO_UI_NONE);
		assert_int_equal(key(ui, SDLK_q, KMOD_LCTRL, &ev), KIO_UI_NONE);
		assert_int_equal(key(ui, SDLK_w, KMOD_LCTRL, &ev), KIO_UI_NONE);
		assert_int_equal(key(ui, SDLK_F4, KMOD_LCTRL, &ev), KIO_UI_NONE);
		SDL_Event q = {.type = SDL_QUIT};
		assert_int_equal(kio_ui_input(ui, &q, 1, &ev), KIO_UI_QUIT);
		free_sm(sm);
	}
	/* Service combos. */
	assert_int_equal(key(ui, SDLK_t, KMOD_LCTRL | KMOD_LALT | KMOD_LSHIFT, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_TECH_ENTRY);
	assert_int_equal(key(ui, SDLK_o, KMOD_LCTRL | KMOD_LALT | KMOD_LSHIFT, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_OFFICER_ENTRY);
	/* Enter and Backspace where a field is focused. */
	kio_sm_t *sm = state("login-nik");
	kio_ui_render(ui, sm, NULL);
	assert_int_equal(key(ui, SDLK_RETURN, KMOD_NONE, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_NEXT);
	assert_int_equal(key(ui, SDLK_BACKSPACE, KMOD_NONE, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_BACKSPACE);
	free_sm(sm);
	/* The hidden long press: 3 s in a header corner, released there. */
	sm = state("idle");
	kio_ui_render(ui, sm, NULL);
	SDL_Event e = {0};
	e.type = SDL_FINGERDOWN;
	e.tfinger.fingerId = 7;
	e.tfinger.x = 0.01f;
	e.tfinger.y = 0.01f;
	kio_ui_input(ui, &e, 1000, &ev);
	e.type = SDL_FINGERUP;
	assert_int_equal(kio_ui_input(ui, &e, 2000, &ev), KIO_UI_LOCAL); /* too short */
	e.type = SDL_FINGERDOWN;
	kio_ui_input(ui, &e, 3000, &ev);
	e.type = SDL_FINGERUP;
	assert_int_equal(kio_ui_input(ui, &e, 6100, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_TECH_ENTRY);
	e.type = SDL_FINGERDOWN;
	e.tfinger.x = 0.99f;
	kio_ui_input(ui, &e, 7000, &ev);
	e.type = SDL_FINGERUP;
	assert_int_equal(kio_ui_input(ui, &e, 10100, &ev), KIO_UI_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_OFFICER_ENTRY);
	free_sm(sm);
	kio_ui_close(ui);
}

static void test_resize(void **st)
{
	(void)st;
	kio_ui_t *ui = open_ui(1920, 1080);
	kio_sm_t *sm = state("idle");
	assert_true(kio_ui_render(ui, sm, NULL));
	assert_int_equal(kio_ui_set_size(ui, 1080, 1920), KIO_OK);
	assert_true(kio_ui_render(ui, sm, NULL));
	int w = 0, h = 0;
	kio_ui_size(ui, &w, &h);
	assert_int_equal(w, 1080);
	assert_int_equal(h, 1920);
	char clock[96];
	kio_ui_format_clock(ui, 0, clock, sizeof clock);
	assert_true(strstr(clock, "1970") != NULL);
	free_sm(sm);
	kio_ui_close(ui);
}

/* ---- accessibility: large text, high contrast ---------------------------- */

static bool citizen_state(const char *name)
{
	return strncmp(name, "tech", 4) != 0 && strncmp(name, "officer", 7) != 0;
}

static double luminance(uint32_t rgb)
{
	double c[3];
	for (int i = 0; i < 3; i++) {
		double v = (double)((rgb >> (16 - 8 * i)) & 0xFF) / 255.0;
		c[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* WCAG 2.1 contrast ratio of two colours. */
static double contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

typedef struct overlap_check {
	const kio_ui_text_t *t;
	char bad[256];
} overlap_check_t;

/* A text that is not a widget's own label must stay off every widget. */
static void text_off_widget(void *ctx, const char *id, SDL_Rect r)
{
	overlap_check_t *c = ctx;
	SDL_Rect in;
	if (c->bad[0] || !SDL_IntersectRect(&c->t->r, &r, &in) || in.w <= 2 || in.h <= 2)
		return;
	snprintf(c->bad, sizeof c->bad, "text \"%s\" overlaps widget %s", c->t->text, id);
}

typedef struct widgets_seen {
	int n;
	char id[200][48];
	SDL_Rect r[200];
} widgets_seen_t;

static void seen_widget(void *ctx, const char *id, SDL_Rect r)
{
	widgets_seen_t *s = ctx;
	if (s->n < 200) {
		snprintf(s->id[s->n], sizeof s->id[s->n], "%s", id);
		s->r[s->n++] = r;
	}
}

/* Every text the frame drew: contrast >= MIN_RATIO against what is under it,
 * inside the window, not wider than its box, not cut, not over another text
 * or a widget it does not label. Prints each problem; returns their count. */
#define PROBLEM(...) (print_error(__VA_ARGS__), print_error("\n"), bad++)
static int audit_frame(kio_ui_t *ui, const char *what, double min_ratio)
{
	int bad = 0;
	int n = 0, w = 0, h = 0;
	const kio_ui_text_t *t = kio_ui_audit_texts(ui, &n);
	kio_ui_size(ui, &w, &h);
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		double cr = contrast(t[i].fg, t[i].bg);
		if (cr < min_ratio)
			PROBLEM("%s: \"%s\" %06X on %06X is %.2f:1, under %.1f:1", what, t[i].text,
			        t[i].fg, t[i].bg, cr, min_ratio);
		if (t[i].scrolled)
			continue;
		if (t[i].cut)
			PROBLEM("%s: \"%s\" is cut (an ellipsis or a broken word)", what,
			        t[i].text);
		if (t[i].box_w > 0 && t[i].r.w > t[i].box_w)
			PROBLEM("%s: \"%s\" is %d px wide in a %d px box", what, t[i].text,
			        t[i].r.w, t[i].box_w);
		if (t[i].r.x < 0 || t[i].r.y < 0 || t[i].r.x + t[i].r.w > w ||
		    t[i].r.y + t[i].r.h > h)
			PROBLEM("%s: \"%s\" leaves the screen", what, t[i].text);
		for (int j = i + 1; j < n; j++) {
			SDL_Rect in;
			if (!t[j].scrolled && SDL_IntersectRect(&t[i].r, &t[j].r, &in) &&
			    in.w > 2 && in.h > 2)
				PROBLEM("%s: \"%s\" overlaps \"%s\"", what, t[i].text, t[j].text);
		}
		if (t[i].label)
			continue;
		overlap_check_t c = {.t = &t[i]};
		kio_ui_each_widget(ui, text_off_widget, &c);
		if (c.bad[0])
			PROBLEM("%s: %s", what, c.bad);
	}
	/* No touch target over another (a button pushed into the footer
	 * lands on the access bar). */
	static widgets_seen_t ws;
	ws.n = 0;
	kio_ui_each_widget(ui, seen_widget, &ws);
	for (int i = 0; i < ws.n; i++)
		for (int j = i + 1; j < ws.n; j++) {
			SDL_Rect in;
			if (SDL_IntersectRect(&ws.r[i], &ws.r[j], &in) && in.w > 2 && in.h > 2)
				PROBLEM("%s: widget %s overlaps widget %s", what, ws.id[i],
				        ws.id[j]);
		}
	return bad;
}

static kio_sm_t *phone_state(const char *name);
static const char *const phone_states[7];

/* The touch targets of one frame: id and shorter side. */
typedef struct targets_seen {
	int n;
	char id[TARGETS_MAX][48];
	int side[TARGETS_MAX];
	const struct targets_seen *normal; /* compare with these */
	char small[160];
} targets_seen_t;

static void seen_target(void *ctx, const char *id, SDL_Rect r)
{
	targets_seen_t *t = ctx;
	int side = r.w < r.h ? r.w : r.h;
	if (t->normal) {
		/* The same widget at normal size: at least 1.4 times as large
		 * (2 px for rounding). List rows are clipped by the list. */
		if (!strncmp(id, "doc-", 4) || t->small[0])
			return;
		for (int i = 0; i < t->normal->n; i++)
			if (!strcmp(t->normal->id[i], id) &&
			    side * 10 < t->normal->side[i] * 14 - 20)
				snprintf(t->small, sizeof t->small,
				         "%s %d px, %d px at normal size", id, side,
				         t->normal->side[i]);
		return;
	}
	if (t->n < TARGETS_MAX) {
		snprintf(t->id[t->n], sizeof t->id[t->n], "%s", id);
		t->side[t->n++] = side;
	}
}

/* kio_ui_text_t has the size of a drawn text, not its font size. A label
 * is bold DejaVu Sans (text.c), whose line height grows by at least 1 px
 * per font pixel: the font size back from the height. */
kio_err_t kio_font_find(const char *pattern, char *path, size_t len);

static int label_px(int h)
{
	static int height[200];
	if (!height[0]) {
		char path[1024];
		assert_int_equal(kio_font_find("DejaVu Sans:style=Bold", path, sizeof path),
		                 KIO_OK);
		TTF_Font *f = TTF_OpenFont(path, 20);
		assert_non_null(f);
		TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
		for (int px = 1; px < 200; px++) {
			assert_int_equal(TTF_SetFontSize(f, px), 0);
			height[px] = TTF_FontHeight(f);
		}
		TTF_CloseFont(f);
		height[0] = 1;
	}
	for (int px = 1; px < 200; px++)
		if (height[px] >= h)
			return px;
	return 200;
}

/* The widgets of one frame with the font size of their drawn label (its
 * tallest line; 0: none, e.g. an icon). */
typedef struct labels_seen {
	widgets_seen_t w;
	int px[200];
	char text[200][64];
} labels_seen_t;

static void seen_labels(kio_ui_t *ui, labels_seen_t *l)
{
	int n = 0;
	const kio_ui_text_t *t = kio_ui_audit_texts(ui, &n);
	memset(l, 0, sizeof *l);
	kio_ui_each_widget(ui, seen_widget, &l->w);
	for (int i = 0; i < n; i++) {
		SDL_Point c = {t[i].r.x + t[i].r.w / 2, t[i].r.y + t[i].r.h / 2};
		if (!t[i].label || t[i].scrolled)
			continue;
		for (int j = 0; j < l->w.n; j++)
			if (SDL_PointInRect(&c, &l->w.r[j]) && label_px(t[i].r.h) > l->px[j]) {
				l->px[j] = label_px(t[i].r.h);
				snprintf(l->text[j], sizeof l->text[j], "%s", t[i].text);
			}
	}
}

/* Every widget labelled in both frames: its label's font at least 1.4
 * times as large in LARGE as in NORMAL (1 px for rounding). */
static int labels_grew(const labels_seen_t *normal, const labels_seen_t *large, const char *what)
{
	int bad = 0;
	for (int i = 0; i < large->w.n; i++)
		for (int j = 0; j < normal->w.n; j++)
			if (large->px[i] && normal->px[j] &&
			    !strcmp(large->w.id[i], normal->w.id[j]) &&
			    large->px[i] * 10 < normal->px[j] * 14 - 10)
				PROBLEM("%s: label of %s \"%s\" %d px, %d px at normal size", what,
				        large->w.id[i], large->text[i], large->px[i],
				        normal->px[j]);
	return bad;
}

/* Large text: SM's frame at normal size, then large; every target in both
 * grew with the text (1.4 times), and so did its label (when auditing).
 * Leaves the large frame drawn. */
static int large_targets(kio_ui_t *ui, kio_sm_t *sm, const char *what)
{
	int bad = 0;
	static targets_seen_t normal, large;
	static labels_seen_t normal_lab, large_lab;
	memset(&normal, 0, sizeof normal);
	memset(&large, 0, sizeof large);
	sm->access.large_text = false;
	kio_ui_invalidate(ui);
	assert_true(kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15"));
	kio_ui_each_widget(ui, seen_target, &normal);
	seen_labels(ui, &normal_lab);
	sm->access.large_text = true;
	kio_ui_invalidate(ui);
	assert_true(kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15"));
	large.normal = &normal;
	kio_ui_each_widget(ui, seen_target, &large);
	if (large.small[0])
		PROBLEM("%s: target %s", what, large.small);
	seen_labels(ui, &large_lab);
	return bad + labels_grew(&normal_lab, &large_lab, what);
}

/* The phone-login and scan screens the same way (test_golden_phone has
 * their normal goldens). */
static int audit_phone(kio_ui_t *ui, int w, int h, bool large, bool high, const char *suffix)
{
	int bad = 0;
	for (size_t k = 0; k < (large ? 2 : 1) * (sizeof phone_states / sizeof phone_states[0]);
	     k++) {
		size_t i = k % (sizeof phone_states / sizeof phone_states[0]);
		bool en = k != i;
		kio_sm_t *sm = phone_state(phone_states[i]);
		sm->access.large_text = large;
		sm->access.contrast = high;
		if (en)
			snprintf(sm->language, sizeof sm->language, "en");
		kio_ui_invalidate(ui);
		assert_true(kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15"));
		char what[128];
		snprintf(what, sizeof what, "%s%s %dx%d%s%s", phone_states[i], en ? " (en)" : "", w,
		         h, large ? " large" : "", high ? " contrast" : "");
		bad += audit_frame(ui, what, high ? 7.0 : 4.5);
		if (suffix && !en) {
			char name[96];
			snprintf(name, sizeof name, "%s-%s", phone_states[i], suffix);
			shoot(ui, name, w, h);
		}
		if (large)
			bad += large_targets(ui, sm, what);
		free_sm(sm);
	}
	return bad;
}

/* Every citizen state at W x H with the given choices, audited; SUFFIX
 * non-NULL also compares each with its golden "<state>-<suffix>-WxH". */
static int audit_all(int w, int h, bool large, bool high, const char *suffix)
{
	kio_ui_t *ui = open_ui(w, h);
	int bad = 0;
	assert_int_equal(kio_ui_audit(ui, true), KIO_OK);
	/* Large text: each state in English too (longer labels). */
	for (size_t k = 0; k < (large ? 2 : 1) * (sizeof all_states / sizeof all_states[0]); k++) {
		size_t i = k % (sizeof all_states / sizeof all_states[0]);
		bool en = k != i;
		if (!citizen_state(all_states[i]) || (en && strstr(all_states[i], "-en")))
			continue;
		kio_sm_t *sm = state(all_states[i]);
		sm->access.large_text = large;
		sm->access.contrast = high;
		if (en)
			snprintf(sm->language, sizeof sm->language, "en");
		kio_ui_invalidate(ui);
		if (sm->preview.image)
			give_preview(ui);
		assert_true(kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15"));
		char what[128];
		snprintf(what, sizeof what, "%s%s %dx%d%s%s", all_states[i], en ? " (en)" : "", w,
		         h, large ? " large" : "", high ? " contrast" : "");
		bad += audit_frame(ui, what, high ? 7.0 : 4.5);
		if (suffix && !en) {
			char name[96];
			snprintf(name, sizeof name, "%s-%s", all_states[i], suffix);
			shoot(ui, name, w, h);
		}
		if (large)
			bad += large_targets(ui, sm, what);
		kio_ui_drop_preview(ui);
		free_sm(sm);
	}
	bad += audit_phone(ui, w, h, large, high, suffix);
	kio_ui_close(ui);
	return bad;
}

static void test_contrast(void **st)
{
	(void)st;
	int bad = audit_all(1920, 1080, false, false, NULL) +
	          audit_all(1080, 1920, false, false, NULL) +
	          audit_all(1024, 768, false, false, NULL) +
	          audit_all(1920, 1080, false, true, "contrast") +
	          audit_all(1080, 1920, false, true, NULL);
	if (bad)
		fail_msg("%d contrast or layout problems (listed above)", bad);
}

static void test_large_text(void **st)
{
	(void)st;
	int bad = audit_all(1920, 1080, true, false, "large") +
	          audit_all(1080, 1920, true, false, "large") +
	          audit_all(1024, 768, true, false, "large") +
	          audit_all(1024, 768, true, true, NULL);
	if (bad)
		fail_msg("%d clipped, overlapping or faint texts with large text (listed above)",
		         bad);
}

/* The characters on screen as keyboard keys ("kb-x"), added to SEEN. */
static void seen_key(void *ctx, const char *id, SDL_Rect r)
{
	(void)r;
	char *seen = ctx;
	if (!strncmp(id, "kb-", 3) && id[3] && !id[4] && !strchr(seen, id[3]))
		seen[strlen(seen)] = id[3];
}

/* Large text rearranges the keyboard (seven across, or three rows with
 * pages): every character of the normal keyboard can still be typed, by
 * its own key or behind the symbols and shift keys. */
static void test_large_keyboard_complete(void **st)
{
	(void)st;
	static const char all[] = "1234567890qwertyuiopasdfghjklzxcvbnm"
	                          "!@#$%&*()-_=+.,?/:'\"<>[]{}";
	static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1024, 768}};
	for (size_t z = 0; z < 3; z++) {
		kio_ui_t *ui = open_ui(sizes[z][0], sizes[z][1]);
		kio_sm_t *sm = state("login-password");
		sm->access.large_text = true;
		char seen[128] = {0};
		kio_sm_event_t ev;
		kio_ui_render(ui, sm, NULL);
		kio_ui_each_widget(ui, seen_key, seen);
		assert_int_equal(kio_ui_tap(ui, "kb-symbols", 1, &ev), KIO_UI_LOCAL);
		kio_ui_render(ui, sm, NULL);
		kio_ui_each_widget(ui, seen_key, seen);
		if (kio_ui_tap(ui, "kb-shift", 1, &ev) == KIO_UI_LOCAL) {
			kio_ui_render(ui, sm, NULL);
			kio_ui_each_widget(ui, seen_key, seen);
		}
		for (const char *c = all; *c; c++)
			if (!strchr(seen, *c))
				fail_msg("%dx%d large: no key for '%c'", sizes[z][0], sizes[z][1],
				         *c);
		free_sm(sm);
		kio_ui_close(ui);
	}
}

/* ---- login with a phone, scanned documents (screens-phone.c) ---------------- */

static kio_sm_t *phone_state(const char *name)
{
	kio_sm_t *sm;
	if (!strncmp(name, "scan-", 5)) {
		static const char *const st[] = {"scan-aktif", "scan-tidak-aktif",
		                                 "scan-tidak-valid"};
		sm = base_sm(KIO_SCREEN_SCAN);
		snprintf(sm->scan.id, sizeof sm->scan.id, "b1000001");
		for (int i = 0; i < 3; i++)
			if (!strcmp(name, st[i])) {
				sm->scan.answered = true;
				sm->scan.status = (kio_doc_status_t)i;
			}
		if (sm->scan.answered && sm->scan.status != KIO_DOC_TIDAK_VALID) {
			snprintf(sm->scan.kind, sizeof sm->scan.kind, "KK");
			snprintf(sm->scan.issued_at, sizeof sm->scan.issued_at,
			         "2026-11-03T10:40:00+07:00");
		}
		if (!strcmp(name, "scan-refused"))
			snprintf(sm->scan.message_key, sizeof sm->scan.message_key, "scan.foreign");
	} else if (!strcmp(name, "phone-code")) {
		sm = base_sm(KIO_SCREEN_PHONE);
		sm->phone.state = KIO_PHONE_WAITING;
		snprintf(sm->phone.code, sizeof sm->phone.code, "482913");
		snprintf(sm->phone.url, sizeof sm->phone.url,
		         "https://verify.dukcapil.example/k/482913");
		sm->phone.left_s = 87;
	} else if (!strcmp(name, "phone-refused")) {
		sm = base_sm(KIO_SCREEN_PHONE);
		sm->phone.state = KIO_PHONE_FAILED;
		snprintf(sm->phone.message_key, sizeof sm->phone.message_key, "phone.refused");
	} else {
		sm = base_sm(KIO_SCREEN_LOGIN); /* "login-nik-phone-off": a v1 server */
		sm->phone.unsupported = true;
		snprintf(sm->login.message_key, sizeof sm->login.message_key, "phone.unavailable");
	}
	return sm;
}

static const char *const phone_states[7] = {
    "phone-code",       "phone-refused", "scan-aktif",          "scan-tidak-aktif",
    "scan-tidak-valid", "scan-refused",  "login-nik-phone-off",
};

/* Every new screen at the three sizes in both languages; their touch
 * targets; the button of the login screen only while the server has login
 * codes. */
static void test_golden_phone(void **st)
{
	(void)st;
	static const int sizes[][3] = {{1920, 1080, 90}, {1080, 1920, 90}, {1024, 768, 64}};
	for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
		int w = sizes[z][0], h = sizes[z][1];
		kio_ui_t *ui = open_ui(w, h);
		for (size_t i = 0; i < sizeof phone_states / sizeof phone_states[0]; i++) {
			for (int en = 0; en < 2; en++) {
				char name[64];
				kio_sm_t *sm = phone_state(phone_states[i]);
				snprintf(sm->language, sizeof sm->language, en ? "en" : "id");
				snprintf(name, sizeof name, "%s%s", phone_states[i],
				         en ? "-en" : "");
				kio_ui_invalidate(ui);
				assert_true(
				    kio_ui_render(ui, sm, "Selasa, 24 November 2026  09.15"));
				shoot(ui, name, w, h);
				size_check_t c = {.min = sizes[z][2]};
				kio_ui_each_widget(ui, check_size, &c);
				if (c.small[0])
					fail_msg("%s at %dx%d: target %s too small", name, w, h,
					         c.small);
				free_sm(sm);
			}
		}
		kio_sm_t *sm = state("login-nik");
		kio_ui_invalidate(ui);
		kio_ui_render(ui, sm, NULL);
		assert_true(kio_ui_widget(ui, "phone", NULL));
		assert_true(kio_ui_has_text(ui, "Masuk dengan HP"));
		sm->phone.unsupported = true;
		kio_ui_invalidate(ui);
		kio_ui_render(ui, sm, NULL);
		assert_false(kio_ui_widget(ui, "phone", NULL));
		free_sm(sm);
		sm = phone_state("phone-code");
		kio_ui_invalidate(ui);
		kio_ui_render(ui, sm, NULL);
		assert_true(kio_ui_has_text(ui, "482 913"));
		assert_true(kio_ui_has_text(ui, "Kode berlaku 87 detik lagi."));
		assert_true(kio_ui_widget(ui, "back", NULL));
		assert_false(kio_ui_widget(ui, "phone-new", NULL));
		free_sm(sm);
		kio_ui_close(ui);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_widgets_and_texts),
	    cmocka_unit_test(test_keys_cannot_leave),
	    cmocka_unit_test(test_touch_targets),
	    cmocka_unit_test(test_resize),
	    cmocka_unit_test(test_partial_frames),
	    cmocka_unit_test(test_compact_texts),
	    cmocka_unit_test(test_progressive_frames),
	    cmocka_unit_test(test_golden_landscape),
	    cmocka_unit_test(test_golden_portrait),
	    cmocka_unit_test(test_golden_small),
	    cmocka_unit_test(test_golden_staff),
	    cmocka_unit_test(test_golden_phone),
	    cmocka_unit_test(test_contrast),
	    cmocka_unit_test(test_large_text),
	    cmocka_unit_test(test_large_keyboard_complete),
	    cmocka_unit_test(test_done_qr_decodes),
	    cmocka_unit_test(test_list_holder_missing_privacy),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* The stand-in PDF's text went through cairo's font cache (fontconfig
	 * patterns): dropped, as the kiosk does at exit. */
	cairo_debug_reset_static_data();
	FcFini(); /* cairo loaded fontconfig's configuration for it */
	return failed;
}
