/*
 * officer.c — the officer's jobs on the bg worker: the dashboard's facts
 * (today's totals as the daily report counts them, 14 days of pages, the
 * log lines for a filter, paper, cap, upload backlog, the chain check) and
 * the daily report printed from the dashboard. The screen words them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/facts.h"
#include "core/log.h"
#include "core/str.h"
#include "kiosk/kiosk-private.h"
#include "print/report.h"
#include "sys/strings-file.h"

typedef struct scan {
	kio_officer_view_t *v;
	int64_t week_since; /* filters other than today */
	int64_t today_since;
	int64_t ring; /* matching rows seen; the newest KIO_OFFICER_LINES kept */
	kio_officer_line_t *lines;
} scan_t;

static bool is_failure(const char *type)
{
	return !strcmp(type, "print.failed") || !strcmp(type, "document.rejected");
}

/* Rows the officer's log shows (a sentence exists for them). */
static bool shown(const char *type)
{
	static const char *const types[] = {
	    "print.completed",  "print.failed",   "document.rejected",
	    "testpage.printed", "report.printed", "paper.loaded",
	    "technician.login", "config.changed", "kiosk.started",
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(type, types[i]))
			return true;
	return false;
}

static int on_event(void *ctx, const kio_event_t *ev)
{
	scan_t *sc = ctx;
	kio_officer_view_t *v = sc->v;
	char day[11];
	KIO_COPY(day, ev->at); /* "YYYY-MM-DD" of the local RFC 3339 time */
	bool pages = !strcmp(ev->type, "print.completed");
	for (int i = 0; pages && i < KIO_OFFICER_DAYS; i++)
		if (!strcmp(v->day[i], day) && ev->pages > 0)
			v->day_pages[i] += ev->pages;
	if (!shown(ev->type))
		return 0;
	bool today = !strcmp(day, v->today);
	if ((v->filter == KIO_LOG_TODAY && !today) ||
	    (v->filter == KIO_LOG_FAILURES && !is_failure(ev->type)))
		return 0;
	kio_officer_line_t *l = &sc->lines[sc->ring % KIO_OFFICER_LINES];
	memset(l, 0, sizeof *l);
	KIO_COPY(l->day, day);
	snprintf(l->hm, sizeof l->hm, "%.2s.%.2s", strlen(ev->at) >= 16 ? ev->at + 11 : "--",
	         strlen(ev->at) >= 16 ? ev->at + 14 : "--");
	KIO_COPY(l->type, ev->type);
	KIO_COPY(l->kind, ev->kind);
	KIO_COPY(l->reason, ev->reason);
	KIO_COPY(l->nik, ev->nik_masked);
	l->pages = ev->pages;
	sc->ring++;
	return 0;
}

/* Local midnight N days before today, and that day's name. */
static int64_t day_start(int back, char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	tm.tm_mday -= back;
	tm.tm_hour = 12; /* a DST change never moves noon to another day */
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	time_t noon = mktime(&tm);
	localtime_r(&noon, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	tm.tm_hour = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static void upload_and_chain(kio_service_t *s, kio_officer_view_t *v)
{
	int64_t at = 0, bad = 0;
	bool found = false;
	char why[256];
	if (kio_store_kv_get_int(s->store, "upload.last_ok", &at, &found) == KIO_OK && found) {
		time_t t = (time_t)at;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(v->last_upload, sizeof v->last_upload, "%d/%m %H.%M", &tm);
	}
	if (kio_store_events_pending_count(s->store, &v->pending))
		v->pending = -1;
	kio_err_t err = kio_store_verify(s->store, &bad, why, sizeof why, NULL);
	v->chain = err == KIO_OK ? 1 : err == KIO_ERR_TAMPERED ? 0 : -1;
	kio_log_head_t head;
	if (kio_store_log_head(s->store, &head) == KIO_OK) {
		v->head_seq = head.seq;
		KIO_COPY(v->head_hash, head.hash);
	}
}

static void totals(kio_service_t *s, kio_officer_view_t *v)
{
	kio_report_t *r = calloc(1, sizeof *r);
	if (!r || kio_report_gather(s->store, v->today, r) != KIO_OK) {
		free(r);
		v->ok = false;
		return;
	}
	v->docs = r->docs;
	v->pages = r->pages;
	v->citizens = r->citizens;
	v->failures = r->failures;
	v->credits_back = r->credits_back;
	for (int i = 0; i < r->ncauses && v->ncauses < KIO_OFFICER_CAUSES; i++) {
		KIO_COPY(v->cause[v->ncauses].reason, r->cause[i].reason);
		v->cause[v->ncauses++].n = r->cause[i].n;
	}
	v->daily_cap = s->cfg.daily_cap;
	if (v->daily_cap > 0)
		v->prints_left = v->daily_cap > r->docs ? v->daily_cap - r->docs : 0;
	free(r);
}

static void paper_into(kio_service_t *s, kio_officer_view_t *v)
{
	kio_sm_event_t ev;
	if (kio_paper_status_event(s, NULL, &ev))
		v->sheets_left = ev.u.paper.sheets_left;
}

static void gather(kio_service_t *s, kio_officer_view_t *v)
{
	scan_t sc = {v, 0, 0, 0, calloc(KIO_OFFICER_LINES, sizeof(kio_officer_line_t))};
	if (!sc.lines || !kio_service_have_store(s)) {
		free(sc.lines);
		return;
	}
	for (int i = 0; i < KIO_OFFICER_DAYS; i++) {
		int64_t t = day_start(KIO_OFFICER_DAYS - 1 - i, v->day[i]);
		if (i == 0)
			sc.week_since = t;
	}
	KIO_COPY(v->today, v->day[KIO_OFFICER_DAYS - 1]);
	kio_event_filter_t f = {sc.week_since, 0, NULL};
	v->ok = kio_store_events_query(s->store, &f, on_event, &sc) == KIO_OK;
	/* The week filters show seven days; the chart needed fourteen. */
	int64_t n = sc.ring < KIO_OFFICER_LINES ? sc.ring : KIO_OFFICER_LINES;
	char week[11];
	day_start(6, week);
	for (int64_t i = 0; i < n; i++) {
		const kio_officer_line_t *l = &sc.lines[(sc.ring - 1 - i) % KIO_OFFICER_LINES];
		if (v->filter != KIO_LOG_TODAY && strcmp(l->day, week) < 0)
			continue;
		v->line[v->nlines++] = *l;
	}
	v->more = sc.ring - n;
	free(sc.lines);
	if (v->ok)
		totals(s, v);
	paper_into(s, v);
	upload_and_chain(s, v);
}

void kio_officer_view(kio_service_t *s, kio_job_t *job)
{
	kio_officer_view_t *v = calloc(1, sizeof *v);
	if (!v)
		return;
	v->filter = job->fx.officer_filter;
	if ((unsigned)v->filter >= KIO_LOG__COUNT)
		v->filter = KIO_LOG_TODAY;
	v->sheets_left = -1;
	v->chain = -1;
	gather(s, v);
	kio_result_t r = {.kind = KIO_RESULT_EVENT, .gen = job->gen, .officer = v};
	r.ev.kind = KIO_EV_OFFICER_VIEW;
	kio_kiosk_post(s->k, &r);
}

void kio_officer_uploaded(kio_service_t *s)
{
	if (kio_store_kv_set_int(s->store, "upload.last_ok", (int64_t)time(NULL)) != KIO_OK)
		kio_warn("upload", "cannot note the upload time");
}

void kio_officer_print_report(kio_service_t *s, kio_facts_t *out)
{
	kio_report_t r;
	char today[11], dir[600];
	unsigned char *pdf = NULL;
	size_t n = 0;
	kio_strings_t *str = NULL;
	day_start(0, today);
	kio_err_t err =
	    kio_service_have_store(s) ? kio_report_gather(s->store, today, &r) : KIO_ERR_STORE;
	if (err == KIO_OK) {
		KIO_COPY(r.kiosk_id, s->cfg.kiosk_id);
		snprintf(dir, sizeof dir, "%s/strings", s->k->opts.assets_dir);
		if (kio_strings_load(dir, s->cfg.language, &str) != KIO_OK)
			str = NULL; /* keys show: still a report */
		err = kio_report_render(&r, str, &pdf, &n);
		kio_strings_free(str);
	}
	int job = -1;
	if (err == KIO_OK) {
		kio_print_opts_t opts;
		kio_print_opts_init(&opts, &s->cfg, "DAILY-REPORT");
		err = kio_printer_submit(s->printer, &opts, pdf, n, &job);
	}
	free(pdf);
	kio_job_status_t final;
	if (err == KIO_OK)
		err = kio_printer_track(s->printer, job, s->cfg.job_timeout_s, NULL, NULL, NULL,
		                        &final);
	if (err) {
		kio_fact_set(kio_facts_add(out, "officer.fact.report_failed"), "err",
		             kio_err_name(err));
		return;
	}
	/* Logged as staff paper, charged to no citizen. */
	kio_paper_printed(s, "report.printed", 1, job);
	kio_fact_set(kio_facts_add(out, "officer.fact.report_printed"), "day", today);
}
