/*
 * printer.c — driver selection, condition mapping and job tracking shared by
 * every printer driver (see printer.h for the contracts).
 */
#include "printer/printer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

struct kio_printer {
	const kio_printer_ops_t *ops;
	void *impl;
};

enum {
	TRACK_INTERVAL_MS = 500,     /* one Get-Job + Get-Printer round trip each */
	TRACK_FIRST_MS = 100,        /* first polls come sooner: a one-page job on a
	                                ready printer is done in ~0.3 s, and the citizen
	                                should not wait a whole interval for it */
	TRACK_SLICE_MS = 100,        /* how soon a cancel flag is noticed */
	TRACK_UNREACHABLE_POLLS = 3, /* consecutive failed polls before giving up */
};

static const char *const condition_names[KIO_PRINTER_CONDITION__COUNT] = {
    [KIO_PRINTER_READY] = "ready",
    [KIO_PRINTER_PAPER_OUT] = "paper_out",
    [KIO_PRINTER_PAPER_LOW] = "paper_low",
    [KIO_PRINTER_JAM] = "jam",
    [KIO_PRINTER_DOOR_OPEN] = "door_open",
    [KIO_PRINTER_TONER_LOW] = "toner_low",
    [KIO_PRINTER_TONER_EMPTY] = "toner_empty",
    [KIO_PRINTER_OFFLINE] = "offline",
    [KIO_PRINTER_STOPPED] = "stopped",
    [KIO_PRINTER_NOT_ACCEPTING] = "not_accepting",
    [KIO_PRINTER_OTHER] = "other",
};

/* Severity when several reasons are present: the fault the citizen or the
 * technician can act on first (a jam before the paper that is also out). */
static const int condition_rank[KIO_PRINTER_CONDITION__COUNT] = {
    [KIO_PRINTER_READY] = 0,      [KIO_PRINTER_OTHER] = 10,         [KIO_PRINTER_TONER_LOW] = 35,
    [KIO_PRINTER_PAPER_LOW] = 40, [KIO_PRINTER_NOT_ACCEPTING] = 60, [KIO_PRINTER_STOPPED] = 70,
    [KIO_PRINTER_OFFLINE] = 80,   [KIO_PRINTER_TONER_EMPTY] = 85,   [KIO_PRINTER_PAPER_OUT] = 90,
    [KIO_PRINTER_DOOR_OPEN] = 95, [KIO_PRINTER_JAM] = 100,
};

static const struct {
	const char *prefix;
	kio_printer_condition_t cond;
} reason_map[] = {
    {"media-empty", KIO_PRINTER_PAPER_OUT},   {"media-needed", KIO_PRINTER_PAPER_OUT},
    {"media-low", KIO_PRINTER_PAPER_LOW},     {"media-jam", KIO_PRINTER_JAM},
    {"door-open", KIO_PRINTER_DOOR_OPEN},     {"cover-open", KIO_PRINTER_DOOR_OPEN},
    {"toner-low", KIO_PRINTER_TONER_LOW},     {"marker-supply-low", KIO_PRINTER_TONER_LOW},
    {"toner-empty", KIO_PRINTER_TONER_EMPTY}, {"marker-supply-empty", KIO_PRINTER_TONER_EMPTY},
    {"offline", KIO_PRINTER_OFFLINE},         {"paused", KIO_PRINTER_STOPPED},
    {"stopped", KIO_PRINTER_STOPPED},         {"none", KIO_PRINTER_READY},
};

const char *kio_printer_condition_name(kio_printer_condition_t c)
{
	if ((unsigned)c >= KIO_PRINTER_CONDITION__COUNT)
		return "other";
	return condition_names[c];
}

const char *kio_job_state_name(kio_job_state_t s)
{
	static const char *const names[] = {"pending",  "held",    "processing", "stopped",
	                                    "canceled", "aborted", "completed"};
	if ((unsigned)s >= sizeof names / sizeof names[0])
		return "unknown";
	return names[s];
}

const char *kio_printer_state_name(kio_printer_state_t s)
{
	static const char *const names[] = {"unknown", "idle", "processing", "stopped"};
	if ((unsigned)s >= sizeof names / sizeof names[0])
		return "unknown";
	return names[s];
}

bool kio_printer_condition_is_fault(kio_printer_condition_t c)
{
	switch (c) {
	case KIO_PRINTER_PAPER_OUT:
	case KIO_PRINTER_JAM:
	case KIO_PRINTER_DOOR_OPEN:
	case KIO_PRINTER_OFFLINE:
	case KIO_PRINTER_STOPPED:
	case KIO_PRINTER_TONER_EMPTY:
	case KIO_PRINTER_NOT_ACCEPTING:
		return true;
	default:
		return false;
	}
}

static bool has_suffix(const char *s, size_t len, const char *suffix, size_t *base)
{
	size_t sl = strlen(suffix);

	if (len <= sl || memcmp(s + len - sl, suffix, sl))
		return false;
	*base = len - sl;
	return true;
}

/* One reason of LEN bytes (not NUL-terminated: also used on comma lists). */
static kio_printer_condition_t map_one(const char *r, size_t len, bool *report)
{
	size_t base = len;

	*report = false;
	if (!has_suffix(r, len, "-error", &base) && !has_suffix(r, len, "-warning", &base))
		*report = has_suffix(r, len, "-report", &base);
	for (size_t i = 0; i < sizeof reason_map / sizeof reason_map[0]; i++) {
		size_t pl = strlen(reason_map[i].prefix);
		/* A prefix matches a whole dash-separated word run: "media-low"
		 * must not claim "media-lowered". */
		if (base >= pl && !memcmp(r, reason_map[i].prefix, pl) &&
		    (base == pl || r[pl] == '-'))
			return reason_map[i].cond;
	}
	return KIO_PRINTER_OTHER;
}

struct reason_acc {
	kio_printer_condition_t best;   /* among -error/-warning/plain reasons */
	kio_printer_condition_t report; /* among -report reasons */
	bool any_other;
};

static void acc_add(struct reason_acc *a, const char *r, size_t len)
{
	bool report;
	kio_printer_condition_t c;

	if (!len)
		return;
	c = map_one(r, len, &report);
	if (c == KIO_PRINTER_OTHER) {
		/* Unknown -report reasons are chatter ("cups-ipp-..."), not state. */
		if (!report)
			a->any_other = true;
		return;
	}
	if (report) {
		if (condition_rank[c] > condition_rank[a->report])
			a->report = c;
	} else if (condition_rank[c] > condition_rank[a->best]) {
		a->best = c;
	}
}

static kio_printer_condition_t acc_result(const struct reason_acc *a)
{
	if (a->best != KIO_PRINTER_READY)
		return a->best;
	if (a->report != KIO_PRINTER_READY)
		return a->report;
	return a->any_other ? KIO_PRINTER_OTHER : KIO_PRINTER_READY;
}

kio_printer_condition_t kio_printer_condition_from_reasons(const char *const *reasons, int n)
{
	struct reason_acc a = {KIO_PRINTER_READY, KIO_PRINTER_READY, false};

	for (int i = 0; reasons && i < n; i++)
		if (reasons[i])
			acc_add(&a, reasons[i], strlen(reasons[i]));
	return acc_result(&a);
}

kio_printer_condition_t kio_printer_condition_from_list(const char *list)
{
	struct reason_acc a = {KIO_PRINTER_READY, KIO_PRINTER_READY, false};
	const char *p = list ? list : "";

	while (*p) {
		size_t len = strcspn(p, ",");
		acc_add(&a, p, len);
		p += len;
		if (*p == ',')
			p++;
	}
	return acc_result(&a);
}

kio_printer_condition_t kio_printer_condition_of(kio_printer_state_t state, bool accepting,
                                                 const char *reasons)
{
	kio_printer_condition_t c = kio_printer_condition_from_list(reasons);

	if (kio_printer_condition_is_fault(c))
		return c;
	if (state == KIO_PSTATE_STOPPED)
		return KIO_PRINTER_STOPPED;
	if (!accepting)
		return KIO_PRINTER_NOT_ACCEPTING;
	return c;
}

/* ---- handle ------------------------------------------------------------- */

kio_err_t kio_printer_open_ops(const kio_printer_ops_t *ops, const kio_config_t *cfg,
                               kio_printer_t **out)
{
	kio_printer_t *p;
	kio_err_t err;

	if (!ops || !cfg || !out)
		return KIO_ERR_INVAL;
	*out = NULL;
	p = calloc(1, sizeof *p);
	if (!p)
		return KIO_ERR_NOMEM;
	p->ops = ops;
	err = ops->open(cfg, &p->impl);
	if (err) {
		free(p);
		return err;
	}
	*out = p;
	return KIO_OK;
}

kio_err_t kio_printer_open(const char *driver, const kio_config_t *cfg, kio_printer_t **out)
{
	static const kio_printer_ops_t *const drivers[] = {&kio_printer_cups_ops,
	                                                   &kio_printer_fake_ops};

	for (size_t i = 0; driver && i < sizeof drivers / sizeof drivers[0]; i++)
		if (!strcmp(driver, drivers[i]->name))
			return kio_printer_open_ops(drivers[i], cfg, out);
	if (out)
		*out = NULL;
	return KIO_ERR_INVAL;
}

void kio_printer_close(kio_printer_t *p)
{
	if (!p)
		return;
	p->ops->close(p->impl);
	free(p);
}

const char *kio_printer_driver(const kio_printer_t *p)
{
	return p ? p->ops->name : "none";
}

void *kio_printer_impl(kio_printer_t *p, const kio_printer_ops_t *ops)
{
	return p && p->ops == ops ? p->impl : NULL;
}

kio_err_t kio_printer_status(kio_printer_t *p, kio_printer_status_t *st)
{
	if (!p || !st)
		return KIO_ERR_INVAL;
	return p->ops->status(p->impl, st);
}

kio_err_t kio_printer_capabilities(kio_printer_t *p, const kio_print_opts_t *opts,
                                   kio_printer_caps_t *caps)
{
	if (!p || !opts || !caps)
		return KIO_ERR_INVAL;
	return p->ops->capabilities(p->impl, opts, caps);
}

static void cancel_job(kio_printer_t *p, int job_id, const char *why);

static bool opts_valid(const kio_print_opts_t *o)
{
	return o && o->copies >= 1 && o->copies <= KIO_PRINTER_COPIES_MAX && o->media[0] &&
	       o->user[0] && o->job_name[0];
}

kio_err_t kio_printer_submit(kio_printer_t *p, const kio_print_opts_t *opts,
                             const unsigned char *pdf, size_t len, int *job_id)
{
	kio_err_t err;
	int id = 0;

	if (!p || !opts_valid(opts) || !pdf || !len || !job_id)
		return KIO_ERR_INVAL;
	*job_id = 0;
	err = p->ops->create_job(p->impl, opts, &id);
	if (err)
		return err;
	err = p->ops->send_document(p->impl, opts, id, pdf, len);
	if (err) {
		cancel_job(p, id, "document not sent");
		return err;
	}
	*job_id = id;
	return KIO_OK;
}

kio_err_t kio_printer_create_job(kio_printer_t *p, const kio_print_opts_t *opts, int *job_id)
{
	if (!p || !opts_valid(opts) || !job_id)
		return KIO_ERR_INVAL;
	*job_id = 0;
	return p->ops->create_job(p->impl, opts, job_id);
}

kio_err_t kio_printer_send_document(kio_printer_t *p, const kio_print_opts_t *opts, int job_id,
                                    const unsigned char *pdf, size_t len)
{
	if (!p || !opts_valid(opts) || job_id <= 0 || !pdf || !len)
		return KIO_ERR_INVAL;
	return p->ops->send_document(p->impl, opts, job_id, pdf, len);
}

kio_err_t kio_printer_poll(kio_printer_t *p, int job_id, kio_job_status_t *js)
{
	if (!p || job_id <= 0 || !js)
		return KIO_ERR_INVAL;
	return p->ops->poll(p->impl, job_id, js);
}

kio_err_t kio_printer_cancel(kio_printer_t *p, int job_id)
{
	if (!p || job_id <= 0)
		return KIO_ERR_INVAL;
	return p->ops->cancel(p->impl, job_id);
}

static bool is_uri(const char *queue)
{
	return !strncmp(queue, "ipp://", 6) || !strncmp(queue, "ipps://", 7);
}

kio_err_t kio_printer_location(const kio_config_t *cfg, char *out, size_t len)
{
	int n;

	if (!cfg || !out || !len)
		return KIO_ERR_INVAL;
	if (is_uri(cfg->printer_queue) || !cfg->cups_server[0])
		n = snprintf(out, len, "%s", cfg->printer_queue);
	else
		n = snprintf(out, len, "%s@%s", cfg->printer_queue, cfg->cups_server);
	return n < 0 || (size_t)n >= len ? KIO_ERR_TOOBIG : KIO_OK;
}

/* Split LOCATION into its queue (QLEN bytes at QUEUE) and server (SERVER
 * points into LOCATION; "" for the default). */
static void split_location(const char *location, char *queue, size_t qlen, const char **server)
{
	const char *at = is_uri(location) ? NULL : strrchr(location, '@');

	*server = at ? at + 1 : "";
	snprintf(queue, qlen, "%.*s", (int)(at ? at - location : (long)strlen(location)), location);
}

void kio_printer_location_queue(const char *location, char *out, size_t len)
{
	const char *server;

	split_location(location ? location : "", out, len, &server);
}

kio_err_t kio_printer_poll_at(kio_printer_t *p, const char *location, int job_id,
                              kio_job_status_t *js)
{
	char queue[KIO_PRINTER_LOCATION_MAX];
	const char *server;

	if (!p || !location || !location[0] || job_id <= 0 || !js)
		return KIO_ERR_INVAL;
	split_location(location, queue, sizeof queue, &server);
	return p->ops->poll_at(p->impl, server, queue, job_id, js);
}

kio_err_t kio_printer_cancel_at(kio_printer_t *p, const char *location, int job_id)
{
	char queue[KIO_PRINTER_LOCATION_MAX];
	const char *server;

	if (!p || !location || !location[0] || job_id <= 0)
		return KIO_ERR_INVAL;
	split_location(location, queue, sizeof queue, &server);
	return p->ops->cancel_at(p->impl, server, queue, job_id);
}

kio_err_t kio_printer_reset(kio_printer_t *p)
{
	if (!p)
		return KIO_ERR_INVAL;
	return p->ops->reset ? p->ops->reset(p->impl) : KIO_OK;
}

kio_err_t kio_printer_list_queues(kio_printer_t *p, kio_printer_queues_t *out)
{
	if (!p || !out)
		return KIO_ERR_INVAL;
	memset(out, 0, sizeof *out);
	kio_err_t err = p->ops->queues ? p->ops->queues(p->impl, out) : KIO_OK;
	for (int i = 0; i < out->n; i++)
		out->q[i].condition = kio_printer_condition_of(out->q[i].state, out->q[i].accepting,
		                                               out->q[i].reasons);
	return err;
}

kio_err_t kio_printer_queues(kio_printer_t *p, kio_printer_list_t *out)
{
	if (!p || !out)
		return KIO_ERR_INVAL;
	memset(out, 0, sizeof *out);
	kio_printer_queues_t *all = calloc(1, sizeof *all);
	if (!all)
		return KIO_ERR_NOMEM;
	kio_err_t err = kio_printer_list_queues(p, all);
	for (int i = 0; i < all->n; i++)
		kio_printer_list_add(out, all->q[i].name);
	free(all);
	return err;
}

void kio_printer_list_add(kio_printer_list_t *l, const char *name)
{
	if (!name || !name[0] || l->n >= KIO_PRINTER_LIST_MAX || strlen(name) >= sizeof l->name[0])
		return;
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->name[i], name))
			return;
	snprintf(l->name[l->n++], sizeof l->name[0], "%s", name);
}

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

void kio_print_opts_init(kio_print_opts_t *opts, const kio_config_t *cfg, const char *job_name)
{
	memset(opts, 0, sizeof *opts);
	copy_text(opts->job_name, sizeof opts->job_name, job_name);
	copy_text(opts->user, sizeof opts->user, cfg->kiosk_id);
	copy_text(opts->media, sizeof opts->media, cfg->media[0] ? cfg->media : "iso_a4_210x297mm");
	copy_text(opts->media_type, sizeof opts->media_type, cfg->media_type);
	opts->copies = 1;
}

kio_err_t kio_printer_precheck(kio_printer_t *p, const kio_print_opts_t *opts,
                               kio_printer_status_t *st)
{
	kio_printer_status_t local;
	kio_printer_caps_t caps;
	kio_err_t err;

	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	if (!p || !opts_valid(opts))
		return KIO_ERR_INVAL;
	err = kio_printer_status(p, st);
	if (err)
		return err;
	if (kio_printer_condition_is_fault(st->condition))
		return KIO_ERR_PRINTER;
	err = kio_printer_capabilities(p, opts, &caps);
	if (err)
		return err;
	if (!caps.pdf || !caps.media_ok) {
		st->condition = KIO_PRINTER_OTHER;
		snprintf(st->message, sizeof st->message, "printer does not take %s",
		         !caps.pdf ? "application/pdf" : opts->media);
		return KIO_ERR_PRINTER;
	}
	if (opts->copies > caps.copies_max) {
		st->condition = KIO_PRINTER_OTHER;
		snprintf(st->message, sizeof st->message, "printer takes at most %d copies",
		         caps.copies_max);
		return KIO_ERR_PRINTER;
	}
	return KIO_OK;
}

/* ---- tracking ------------------------------------------------------------ */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static bool flag_set(const atomic_bool *cancel)
{
	return cancel && atomic_load(cancel);
}

/* Sleep one poll interval in slices; true if CANCEL was raised meanwhile. */
static bool wait_interval(const atomic_bool *cancel, long long until_ms)
{
	for (;;) {
		long long left = until_ms - now_ms();
		if (flag_set(cancel))
			return true;
		if (left <= 0)
			return false;
		sleep_ms(left < TRACK_SLICE_MS ? (long)left : TRACK_SLICE_MS);
	}
}

static void cancel_job(kio_printer_t *p, int job_id, const char *why)
{
	kio_err_t err = kio_printer_cancel(p, job_id);

	if (err)
		kio_warn("printer", "job %d: cancel after %s failed: %s", job_id, why,
		         kio_err_name(err));
	else
		kio_info("printer", "job %d: cancelled (%s)", job_id, why);
}

static bool is_terminal(kio_job_state_t s)
{
	return s == KIO_JOB_COMPLETED || s == KIO_JOB_CANCELED || s == KIO_JOB_ABORTED;
}

/* A condition that means this job will not print now. Not accepting new jobs
 * does not stop one already queued. */
static bool blocks_job(kio_printer_condition_t c)
{
	return kio_printer_condition_is_fault(c) && c != KIO_PRINTER_NOT_ACCEPTING;
}

kio_err_t kio_printer_track(kio_printer_t *p, int job_id, int bound_s, kio_job_progress_fn progress,
                            void *ctx, const atomic_bool *cancel, kio_job_status_t *final)
{
	kio_job_status_t js, last;
	long long bound_ms = (long long)(bound_s > 0 ? bound_s : 1) * 1000;
	long long progress_at = now_ms(), next_poll;
	int failures = 0, interval = TRACK_FIRST_MS;
	bool have_last = false;
	kio_err_t err;

	memset(&js, 0, sizeof js);
	js.job_id = job_id;
	js.pages_done = -1;
	last = js;
	if (!p || job_id <= 0) {
		err = KIO_ERR_INVAL;
		goto out;
	}
	for (;;) {
		next_poll = now_ms() + interval;
		interval = interval * 2 < TRACK_INTERVAL_MS ? interval * 2 : TRACK_INTERVAL_MS;
		if (flag_set(cancel)) {
			cancel_job(p, job_id, "session cancelled");
			err = KIO_ERR_CANCELED;
			goto out;
		}
		err = kio_printer_poll(p, job_id, &js);
		if (err == KIO_ERR_PRINTER_UNAVAILABLE) {
			/* A restarting cupsd drops one request; three in a row (or the
			 * bound) mean the job's fate is unknown: report it, never hang. */
			if (++failures >= TRACK_UNREACHABLE_POLLS ||
			    now_ms() - progress_at >= bound_ms)
				goto out;
			js = last;
			goto wait;
		}
		if (err)
			goto out;
		failures = 0;
		if (!have_last || js.state != last.state || js.pages_done != last.pages_done) {
			progress_at = now_ms();
			if (progress)
				progress(ctx, &js);
		}
		have_last = true;
		last = js;
		if (js.state == KIO_JOB_COMPLETED) {
			err = KIO_OK;
			goto out;
		}
		if (is_terminal(js.state)) {
			if (!kio_printer_condition_is_fault(js.condition))
				js.condition = KIO_PRINTER_OTHER;
			err = KIO_ERR_PRINTER;
			goto out;
		}
		if (blocks_job(js.condition) || js.state == KIO_JOB_STOPPED) {
			/* The kiosk tells the citizen at once that the print failed
			 * and the credit was not used. A job left queued would print
			 * when the technician refills the tray — for nobody, and
			 * against that promise — so it is cancelled here. */
			if (!blocks_job(js.condition))
				js.condition = KIO_PRINTER_STOPPED;
			cancel_job(p, job_id, kio_printer_condition_name(js.condition));
			err = KIO_ERR_PRINTER;
			goto out;
		}
		if (now_ms() - progress_at >= bound_ms) {
			/* Paper-out detection is unreliable on real drivers: a job
			 * that does not move is a fault, and is cancelled for the
			 * same reason as above. */
			cancel_job(p, job_id, "no progress");
			snprintf(js.reason, sizeof js.reason, "no progress for %d s", bound_s);
			err = KIO_ERR_TIMEOUT;
			goto out;
		}
	wait:
		if (next_poll > progress_at + bound_ms)
			next_poll = progress_at + bound_ms;
		if (wait_interval(cancel, next_poll))
			continue; /* noticed at the top of the loop */
	}
out:
	if (final)
		*final = js;
	return err;
}
