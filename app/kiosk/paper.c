/*
 * paper.c — paper that reconciles, and the daily cap, on the workers.
 *
 * Sheets are counted out of the print log itself: a technician's refill is
 * the event "paper.loaded" with the sheets as its pages, and every page
 * printed since ("print.completed", "testpage.printed", "report.printed")
 * is a sheet gone. No separate counter can drift from the log, and a
 * restart loses nothing. Until a first refill is recorded nothing is
 * counted (a kiosk upgraded in the field keeps printing).
 *
 * A technician whose printer reports its own paper may choose "count not
 * used" (kv paper.count_off): then a count at zero does not stop printing
 * while the printer says media is present.
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

typedef struct paper {
	bool counted; /* a refill was recorded */
	bool count_off;
	int64_t left;
} paper_t;

static bool paper_read(kio_service_t *s, paper_t *p)
{
	int64_t loaded = 0, used = 0, off = 0;
	bool found = false, have_off = false;
	memset(p, 0, sizeof *p);
	p->left = -1;
	if (!kio_service_have_store(s) || kio_store_paper(s->store, &loaded, &used, &found) ||
	    kio_store_kv_get_int(s->store, "paper.count_off", &off, &have_off))
		return false;
	p->counted = found;
	p->count_off = have_off && off;
	if (found)
		p->left = loaded > used ? loaded - used : 0;
	return true;
}

/* No print while the count says the tray is empty, unless the technician
 * chose not to use the count and the printer itself reports paper. */
static bool paper_blocked(const paper_t *p, const kio_printer_status_t *st)
{
	if (!p->counted || p->left > 0)
		return false;
	return !(p->count_off && st && st->media_ready[0] &&
	         st->condition != KIO_PRINTER_PAPER_OUT);
}

bool kio_paper_status_event(kio_service_t *s, const kio_printer_status_t *st, kio_sm_event_t *ev)
{
	paper_t p;
	if (!paper_read(s, &p))
		return false;
	memset(ev, 0, sizeof *ev);
	ev->kind = KIO_EV_PAPER_STATUS;
	ev->u.paper.sheets_left = p.counted && !p.count_off ? p.left : -1;
	ev->u.paper.low = p.counted && !p.count_off && p.left < s->cfg.low_sheets;
	ev->u.paper.blocked = paper_blocked(&p, st);
	return true;
}

/* Documents printed today (print.completed), or -1 when unreadable. */
static int64_t prints_today(kio_service_t *s)
{
	kio_store_today_t t;
	if (!kio_service_have_store(s) || kio_store_today(s->store, &t))
		return -1;
	return t.prints;
}

static void refused(kio_sm_event_t *ev, const char *reason)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = KIO_EV_PRINT_DONE;
	ev->err = KIO_ERR_PRINTER;
	KIO_COPY(ev->u.print.reason, reason);
	ev->u.print.credit_kept = true;
}

bool kio_paper_refuse(kio_service_t *s, kio_sm_event_t *ev)
{
	if (s->cfg.daily_cap > 0) {
		int64_t n = prints_today(s);
		if (n >= s->cfg.daily_cap) {
			kio_info("print", "daily cap %d reached (%" PRId64 " today): refused",
			         s->cfg.daily_cap, n);
			refused(ev, "daily_cap");
			return true;
		}
	}
	paper_t p;
	if (paper_read(s, &p) && p.counted && p.left <= 0) {
		kio_printer_status_t st;
		bool have = kio_printer_status(s->printer, &st) == KIO_OK;
		if (paper_blocked(&p, have ? &st : NULL)) {
			kio_info("print", "no sheets left by the count: refused");
			refused(ev, "paper_count");
			return true;
		}
	}
	return false;
}

static void log_event(kio_service_t *s, const char *type, int pages, int job_id, const char *reason)
{
	kio_event_t ev;
	memset(&ev, 0, sizeof ev);
	KIO_COPY(ev.type, type);
	KIO_COPY(ev.reason, reason);
	ev.pages = pages;
	ev.job_id = job_id;
	kio_err_t err = KIO_ERR_STORE;
	if (kio_service_have_store(s))
		err = kio_store_event_append(s->store, &ev);
	if (err)
		kio_error("log", "%s not logged: %s", type, kio_err_name(err));
}

void kio_paper_printed(kio_service_t *s, const char *type, int pages, int job_id)
{
	log_event(s, type, pages, job_id, "");
}

void kio_paper_facts(kio_service_t *s, kio_facts_t *out)
{
	paper_t p;
	if (!paper_read(s, &p))
		kio_facts_add(out, "tech.fact.sheets_unreadable");
	else if (p.count_off)
		kio_facts_add(out, "tech.fact.sheets_count_off");
	else if (!p.counted)
		kio_facts_add(out, "tech.fact.sheets_uncounted");
	else
		kio_fact_int(kio_facts_add(out, "tech.fact.sheets_left"), "n", p.left);
}

static void post_status(kio_service_t *s, unsigned gen)
{
	kio_printer_status_t st;
	bool have = kio_printer_status(s->printer, &st) == KIO_OK;
	kio_sm_event_t ev;
	if (kio_paper_status_event(s, have ? &st : NULL, &ev))
		kio_service_post_event(s, gen, &ev);
}

/* value: the sheets now in the printer ("" leaves the count as it is). */
void kio_paper_loaded(kio_service_t *s, kio_job_t *job, kio_facts_t *out)
{
	char *end = NULL;
	long n = strtol(job->fx.value, &end, 10);
	if (!job->fx.value[0])
		return;
	if (!end || *end || n < 1 || n > 100000) {
		kio_facts_add(out, "tech.fact.sheets_invalid");
		return;
	}
	log_event(s, "paper.loaded", (int)n, -1, "technician");
	kio_fact_int(kio_facts_add(out, "tech.fact.sheets_recorded"), "n", n);
	post_status(s, job->gen);
}

/* value "off": the count is not used while the printer reports paper. */
void kio_paper_count(kio_service_t *s, kio_job_t *job, kio_facts_t *out)
{
	bool off = !strcmp(job->fx.value, "off");
	kio_err_t err = KIO_ERR_STORE;
	if (kio_service_have_store(s))
		err = kio_store_kv_set_int(s->store, "paper.count_off", off);
	if (err) {
		kio_fact_set(kio_facts_add(out, "tech.fact.config_save_failed"), "err",
		             kio_err_name(err));
		return;
	}
	log_event(s, "config.changed", -1, -1, off ? "paper.count=off" : "paper.count=on");
	kio_paper_facts(s, out);
	post_status(s, job->gen);
}
