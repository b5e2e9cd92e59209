/*
 * staff.c — the technician's and officer's jobs on the bg worker: the facts
 * of each technician page (with the queues and media types to choose from),
 * the test page, resuming a queue, the server check, the officer's report,
 * setting changes (validated, applied, saved, logged, sent back to the UI
 * thread) and the persisted PIN lock.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "core/facts.h"
#include "core/log.h"
#include "core/str.h"
#include "core/strings.h"
#include "kiosk/kiosk-private.h"
#include "print/retention.h"
#include "print/testpage.h"
#include "sys/strings-file.h"
#include "sys/config-file.h"

/* FACTS for the technician's report box; CHOICES (may be NULL) refresh the
 * page's buttons. */
static void report_choices(kio_service_t *s, unsigned gen, const kio_facts_t *facts,
                           const kio_tech_choices_t *choices)
{
	/* The facts travel on the heap: the result queue holds events by value. */
	kio_result_t r = {.kind = KIO_RESULT_EVENT, .gen = gen, .facts = malloc(sizeof *facts)};
	if (!r.facts)
		return;
	*r.facts = *facts;
	r.ev.kind = KIO_EV_TECH_DONE;
	if (choices)
		r.ev.u.tech.choices = *choices;
	kio_kiosk_post(s->k, &r);
}

static void choices_init(kio_tech_choices_t *c, kio_tech_page_t page, const char *action,
                         const char *current)
{
	memset(c, 0, sizeof *c);
	c->page = page;
	KIO_COPY(c->action, action);
	KIO_COPY(c->current, current);
}

static void choices_add(kio_tech_choices_t *c, const char *value)
{
	if (c->n < KIO_TECH_CHOICES_MAX && strlen(value) < sizeof c->value[0])
		KIO_COPY(c->value[c->n++], value);
}

/* The queues of the configured cupsd, for the printer page; OUT (may be
 * NULL) gets one fact saying what was found. */
static void queue_choices(kio_service_t *s, kio_tech_choices_t *c, kio_facts_t *out)
{
	kio_printer_list_t l;
	choices_init(c, KIO_TECH_PRINTER, "queue", s->cfg.printer_queue);
	kio_err_t err = kio_printer_queues(s->printer, &l);
	for (int i = 0; !err && i < l.n; i++)
		choices_add(c, l.name[i]);
	if (!out)
		return;
	if (err)
		kio_fact_set(kio_facts_add(out, "tech.fact.queues_unreadable"), "err",
		             kio_err_name(err));
	else if (!c->n)
		kio_facts_add(out, "tech.fact.no_other_queue");
	else
		kio_fact_int(kio_facts_add(out, "tech.fact.queues"), "n", c->n);
}

/* HVS 80 g is plain paper: of the media types a printer lists, the
 * stationery ones are offered. A raw queue lists none; then the common
 * stationery keywords are offered (the driver sends the choice as
 * media-type, the printer behind the queue decides what to do with it).
 * CAPS NULL: the printer could not be asked. */
static void media_choices(kio_service_t *s, const kio_printer_caps_t *caps, kio_tech_choices_t *c)
{
	static const char *const common[] = {"stationery", "stationery-lightweight",
	                                     "stationery-heavyweight"};
	choices_init(c, KIO_TECH_MEDIA, "media_type", s->cfg.media_type);
	for (int i = 0; caps && i < caps->media_types.n; i++)
		if (!strncmp(caps->media_types.name[i], "stationery", 10))
			choices_add(c, caps->media_types.name[i]);
	bool listed = c->n > 0;
	for (size_t i = 0; !listed && i < sizeof common / sizeof common[0]; i++)
		choices_add(c, common[i]);
}

static bool ask_caps(kio_service_t *s, kio_printer_caps_t *caps)
{
	kio_print_opts_t opts;
	kio_print_opts_init(&opts, &s->cfg, "MEDIA");
	return kio_printer_capabilities(s->printer, &opts, caps) == KIO_OK;
}

/* One fact per toner/ink marker. */
static void marker_facts(const kio_printer_status_t *st, kio_facts_t *out)
{
	for (int i = 0; i < st->nmarkers; i++) {
		kio_fact_t *l = kio_facts_add(out, "tech.fact.marker");
		kio_fact_set(l, "name", st->markers[i].name);
		kio_fact_int(l, "level", st->markers[i].level);
	}
}

/* The media page: size and type configured, what the printer has loaded and
 * takes, sheets left by the count, toner levels; its choices in C. */
static void media_report(kio_service_t *s, kio_tech_choices_t *c, kio_facts_t *out)
{
	kio_printer_caps_t caps;
	kio_printer_status_t st;
	bool have_caps = ask_caps(s, &caps);
	bool have_st = kio_printer_status(s->printer, &st) == KIO_OK;
	char types[KIO_FACT_VALUE_MAX] = "";
	for (int i = 0; have_caps && i < caps.media_types.n; i++) {
		KIO_APPEND(types, i ? ", " : "");
		KIO_APPEND(types, caps.media_types.name[i]);
	}
	kio_fact_set(kio_facts_add(out, !have_caps      ? "tech.fact.media_size"
	                                : caps.media_ok ? "tech.fact.media_size_ok"
	                                                : "tech.fact.media_size_refused"),
	             "media", s->cfg.media);
	kio_fact_set(kio_facts_add(out, "tech.fact.media_type"), "type",
	             s->cfg.media_type[0] ? s->cfg.media_type : "-");
	kio_fact_set(kio_facts_add(out, "tech.fact.media_ready"), "media",
	             have_st && st.media_ready[0] ? st.media_ready : "-");
	if (!have_caps)
		kio_facts_add(out, "tech.fact.media_types_unreachable");
	else if (!types[0])
		kio_facts_add(out, "tech.fact.media_types_none");
	else
		kio_fact_set(kio_facts_add(out, "tech.fact.media_types"), "types", types);
	kio_paper_facts(s, out);
	if (have_st)
		marker_facts(&st, out);
	media_choices(s, have_caps ? &caps : NULL, c);
}

/* One fact per printer-state-reason keyword, worded by the screen. */
static void reason_facts(const char *reasons, kio_facts_t *out)
{
	char list[KIO_PRINTER_REASONS_MAX], *save = NULL;
	KIO_COPY(list, reasons);
	for (char *r = strtok_r(list, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
		if (!strcmp(r, "none"))
			continue;
		/* "media-empty-error" and "media-empty" are one condition. */
		static const char *const sev[] = {"-error", "-warning", "-report"};
		for (size_t i = 0; i < sizeof sev / sizeof sev[0]; i++) {
			size_t n = strlen(r), k = strlen(sev[i]);
			if (n > k && !strcmp(r + n - k, sev[i]))
				r[n - k] = 0;
		}
		kio_fact_word(kio_facts_add(out, "tech.fact.reason"), "reason", "printer.reason",
		              r);
	}
}

static void printer_report(kio_service_t *s, kio_facts_t *out)
{
	kio_printer_status_t st;
	kio_err_t err = kio_printer_status(s->printer, &st);
	if (err) {
		kio_fact_t *l = kio_facts_add(out, "tech.fact.queue_unreachable");
		kio_fact_set(l, "queue", s->cfg.printer_queue);
		kio_fact_set(l, "err", kio_err_name(err));
		return;
	}
	kio_fact_set(kio_facts_add(out, "tech.fact.queue"), "queue", s->cfg.printer_queue);
	kio_fact_t *l = kio_facts_add(out, "tech.fact.printer_state");
	kio_fact_word(l, "state", "printer.state", kio_printer_state_name(st.state));
	kio_fact_word(l, "condition", "printer", kio_printer_condition_name(st.condition));
	kio_fact_word(kio_facts_add(out, "tech.fact.accepting"), "yes", "word",
	              st.accepting ? "yes" : "no");
	reason_facts(st.reasons, out);
	if (st.message[0])
		kio_fact_set(kio_facts_add(out, "tech.fact.message"), "message", st.message);
	kio_fact_set(kio_facts_add(out, "tech.fact.media_ready"), "media",
	             st.media_ready[0] ? st.media_ready : "-");
	marker_facts(&st, out);
	/* What cupsd keeps of a citizen's document. */
	kio_retention_t r;
	kio_err_t rerr = kio_retention_check(s->cfg.cups_server, &r);
	kio_fact_t *c = kio_facts_add(out, rerr                ? "tech.cups.unknown"
	                                   : r.keeps_documents ? "tech.cups.keeps_documents"
	                                   : r.keeps_history   ? "tech.cups.keeps_history"
	                                                       : "tech.cups.private");
	kio_fact_set(c, "files", r.files[0] ? r.files : "86400");
	kio_fact_set(c, "history", r.history[0] ? r.history : "Yes");
}

static void test_page(kio_service_t *s, kio_facts_t *out)
{
	kio_testpage_info_t info;
	unsigned char *pdf = NULL;
	size_t n = 0;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
	memset(&info, 0, sizeof info);
	info.kiosk_id = s->cfg.kiosk_id;
	info.queue = s->cfg.printer_queue;
	info.date = date;
	info.version = KIO_VERSION;
	info.verify_url = s->cfg.verify_url;
	char dir[600];
	kio_strings_t *str = NULL;
	snprintf(dir, sizeof dir, "%s/strings", s->k->opts.assets_dir);
	if (kio_strings_load(dir, s->cfg.language, &str) != KIO_OK)
		str = NULL; /* the page still checks scaling and margins */
	info.str = str;
	kio_err_t err = kio_testpage_render(&info, &pdf, &n);
	kio_strings_free(str);
	if (err) {
		kio_fact_set(kio_facts_add(out, "tech.fact.testpage_render_failed"), "err",
		             kio_err_name(err));
		return;
	}
	kio_print_opts_t opts;
	kio_print_opts_init(&opts, &s->cfg, "TEST-PAGE");
	int job = -1;
	err = kio_printer_submit(s->printer, &opts, pdf, n, &job);
	free(pdf);
	if (err) {
		kio_fact_set(kio_facts_add(out, "tech.fact.testpage_refused"), "err",
		             kio_err_name(err));
		return;
	}
	kio_job_status_t final;
	err = kio_printer_track(s->printer, job, s->cfg.job_timeout_s, NULL, NULL, NULL, &final);
	kio_fact_t *l =
	    kio_facts_add(out, err ? "tech.fact.testpage_failed" : "tech.fact.testpage_printed");
	kio_fact_int(l, "job", job);
	if (err)
		kio_fact_word(l, "condition", "printer",
		              kio_printer_condition_name(final.condition));
	else
		kio_paper_printed(s, "testpage.printed", 1, job);
}

static void about(kio_service_t *s, kio_job_t *job, kio_facts_t *out)
{
	struct statvfs vfs;
	unsigned long long free_mb = 0;
	if (statvfs(s->cfg.data_dir, &vfs) == 0)
		free_mb = (unsigned long long)vfs.f_bavail * vfs.f_frsize / (1024 * 1024);
	int64_t pending = -1;
	if (!kio_service_have_store(s) || kio_store_events_pending_count(s->store, &pending))
		pending = -1;
	kio_fact_set(kio_facts_add(out, "tech.fact.version"), "version", KIO_VERSION);
	kio_fact_set(kio_facts_add(out, "tech.fact.kiosk_id"), "id", s->cfg.kiosk_id);
	kio_fact_int(kio_facts_add(out, "tech.fact.uptime"), "uptime",
	             (int64_t)((kio_now_ms() - s->k->start_ms) / 1000));
	kio_fact_int(kio_facts_add(out, "tech.fact.disk_free"), "mb", (int64_t)free_mb);
	if (pending < 0)
		kio_facts_add(out, "tech.fact.events_unreadable");
	else
		kio_fact_int(kio_facts_add(out, "tech.fact.events_pending"), "n", pending);
	if (!job->fx.value[0]) {
		kio_facts_add(out, "tech.fact.no_errors");
		return;
	}
	kio_facts_add(out, "tech.fact.last_errors");
	char list[sizeof job->fx.value], *save = NULL;
	KIO_COPY(list, job->fx.value);
	for (char *e = strtok_r(list, "\n", &save); e; e = strtok_r(NULL, "\n", &save))
		kio_fact_set(kio_facts_add(out, "tech.fact.error"), "error", e);
}

/* The facts of a technician page. */
static void tech_page(kio_service_t *s, kio_job_t *job, kio_facts_t *out,
                      kio_tech_choices_t *choices)
{
	switch (job->fx.tech_page) {
	case KIO_TECH_PRINTER:
		printer_report(s, out);
		queue_choices(s, choices, out);
		break;
	case KIO_TECH_MEDIA:
		media_report(s, choices, out);
		break;
	case KIO_TECH_SERVER:
		kio_fact_set(kio_facts_add(out, "tech.fact.server"), "url", s->cfg.server_url);
		break;
	case KIO_TECH_KIOSK:
		kio_fact_set(kio_facts_add(out, "tech.fact.kiosk_id"), "id", s->cfg.kiosk_id);
		kio_fact_word(kio_facts_add(out, "tech.fact.orientation"), "orientation",
		              "orientation",
		              s->cfg.orientation == KIO_ORIENT_PORTRAIT ? "portrait" : "landscape");
		kio_fact_int(kio_facts_add(out, "tech.fact.inactivity"), "s", s->cfg.inactivity_s);
		kio_fact_word(kio_facts_add(out, "tech.fact.language"), "language", "language",
		              s->cfg.language);
		break;
	case KIO_TECH_ABOUT:
		about(s, job, out);
		break;
	default:
		break;
	}
}

/* One step of the server check: "DNS: ok (1.2 ms)". */
static void check_fact(kio_facts_t *out, const char *step, const kio_check_stage_t *c)
{
	char ms[24];
	kio_fact_t *l = kio_facts_add(out, "tech.fact.check_step");
	kio_fact_set(l, "step", step);
	kio_fact_set(l, "result", c->reached ? kio_err_name(c->result) : "-");
	snprintf(ms, sizeof ms, "%.1f", c->us / 1000.0);
	kio_fact_set(l, "ms", ms);
}

static void server_check(kio_service_t *s, kio_facts_t *out)
{
	kio_check_report_t r;
	kio_err_t err = kio_client_check(s->client, &r);
	check_fact(out, "DNS", &r.dns);
	check_fact(out, "TCP", &r.tcp);
	check_fact(out, "TLS", &r.tls);
	check_fact(out, "API", &r.api);
	kio_fact_int(kio_facts_add(out, "tech.fact.http_status"), "status", r.http_status);
	if (err)
		kio_fact_set(kio_facts_add(out, "tech.fact.connection_detail"), "detail", r.detail);
	else
		kio_facts_add(out, "tech.fact.connection_ok");
}

/* After refilling paper or clearing a jam: resume the queue, accept jobs and
 * drop the stale fault reasons cupsd keeps; the idle screen hears at once. */
static void printer_resume(kio_service_t *s, kio_job_t *job, kio_facts_t *out)
{
	kio_err_t err = kio_printer_reset(s->printer);
	kio_facts_add(out, err ? "tech.fact.resume_failed" : "tech.fact.resumed");
	printer_report(s, out);
	kio_sm_event_t ev = {0};
	kio_printer_status_t pst;
	kio_service_status_event(&ev, kio_printer_status(s->printer, &pst), &pst);
	kio_service_post_event(s, job->gen, &ev);
}

void kio_staff_tech(kio_service_t *s, kio_job_t *job)
{
	kio_facts_t *facts = calloc(1, sizeof *facts);
	kio_tech_choices_t choices = {0};
	if (!facts)
		return;

	switch (job->fx.tech_cmd) {
	case KIO_TECH_CMD_PAGE:
		tech_page(s, job, facts, &choices);
		break;
	case KIO_TECH_CMD_TEST_PAGE:
		test_page(s, facts);
		break;
	case KIO_TECH_CMD_PAPER_LOADED:
		kio_paper_loaded(s, job, facts);
		printer_resume(s, job, facts);
		break;
	case KIO_TECH_CMD_PRINTER_RESUME:
		printer_resume(s, job, facts);
		break;
	case KIO_TECH_CMD_SERVER_CHECK:
		server_check(s, facts);
		break;
	case KIO_TECH_CMD_OFFICER_REPORT:
		kio_officer_view(s, job);
		free(facts);
		return;
	case KIO_TECH_CMD_PRINT_REPORT:
		kio_officer_print_report(s, facts);
		break;
	case KIO_TECH_CMD_PAPER_COUNT:
		kio_paper_count(s, job, facts);
		break;
	case KIO_TECH_CMD__COUNT:
		break;
	}
	report_choices(s, job->gen, facts, choices.action[0] ? &choices : NULL);
	free(facts);
}

void kio_staff_persist_lock(kio_service_t *s, kio_job_t *job)
{
	kio_err_t err = KIO_ERR_DISK_FULL;
	if (kio_service_have_store(s)) {
		err = kio_store_kv_set_int(s->store, "tech.locked_until", job->fx.locked_until_s);
		if (err == KIO_OK)
			err = kio_store_kv_set_int(s->store, "tech.pin_failures",
			                           job->fx.pin_failures);
	}
	if (err)
		kio_error("tech", "cannot persist lock: %s", kio_err_name(err));
}

/* Validates "section.key" = value on a copy of the config; on failure TEXT
 * says why and false is returned. */
static bool config_change(kio_service_t *s, const kio_effect_t *fx, kio_config_t *next,
                          kio_facts_t *out)
{
	char sec[64], why[256];
	const char *dot = strchr(fx->config_key, '.');
	if (!dot || dot - fx->config_key >= (long)sizeof sec) {
		kio_facts_add(out, "tech.fact.config_format");
		return false;
	}
	snprintf(sec, sizeof sec, "%.*s", (int)(dot - fx->config_key), fx->config_key);
	if (strstr(dot + 1, "pin")) {
		/* PINs are set with adm-kioskctl set-pin, never typed into a log. */
		kio_facts_add(out, "tech.fact.pin_via_ctl");
		return false;
	}
	*next = s->cfg;
	if (kio_config_set(next, sec, dot + 1, fx->value, why, sizeof why)) {
		/* config.c's reason is English for the shell and the journal; the
		 * screen says which value was refused, in the kiosk's language. */
		kio_warn("tech", "%s=%s refused: %s", fx->config_key, fx->value, why);
		kio_fact_t *l = kio_facts_add(out, "tech.fact.config_refused");
		kio_fact_set(l, "key", fx->config_key);
		kio_fact_set(l, "value", fx->value);
		return false;
	}
	return true;
}

/* A technician's setting: validated, applied to this worker, saved
 * atomically, logged as config.changed, and the new config sent back to the
 * UI thread, which hands it on to the session worker. */
void kio_staff_set_config(kio_service_t *s, kio_job_t *job)
{
	char what[KIO_MESSAGE_MAX];
	kio_facts_t *facts = calloc(1, sizeof *facts);
	kio_config_t *next = calloc(1, sizeof *next);
	if (!next || !facts) {
		free(next);
		free(facts);
		return;
	}
	if (!config_change(s, &job->fx, next, facts)) {
		free(next);
		report_choices(s, job->gen, facts, NULL);
		free(facts);
		return;
	}
	snprintf(what, sizeof what, "%s=%s", job->fx.config_key, job->fx.value);
	kio_service_take_config(s, next);
	kio_result_t r = {.kind = KIO_RESULT_CONFIG, .gen = job->gen, .cfg = next};
	kio_kiosk_post(s->k, &r);

	kio_err_t err = kio_config_save(&s->cfg, s->k->opts.config_path);
	if (err) {
		kio_fact_set(kio_facts_add(facts, "tech.fact.config_save_failed"), "err",
		             kio_err_name(err));
	} else {
		kio_event_t ev;
		memset(&ev, 0, sizeof ev);
		KIO_COPY(ev.type, "config.changed");
		KIO_COPY(ev.reason, what); /* "section.key=value", never a PIN */
		ev.pages = ev.job_id = -1;
		if (kio_service_have_store(s))
			err = kio_store_event_append(s->store, &ev);
		kio_fact_set(kio_facts_add(facts, "tech.fact.config_saved"), "what", what);
	}
	/* A chosen queue or media type: the buttons show the new current one. */
	kio_tech_choices_t choices = {0};
	if (!strcmp(job->fx.config_key, "printer.queue")) {
		/* How the new queue is doing, from the reopened handle. */
		printer_report(s, facts);
		queue_choices(s, &choices, NULL);
	} else if (!strcmp(job->fx.config_key, "printer.media_type")) {
		kio_printer_caps_t caps;
		media_choices(s, ask_caps(s, &caps) ? &caps : NULL, &choices);
	}
	report_choices(s, job->gen, facts, choices.action[0] ? &choices : NULL);
	free(facts);
}
