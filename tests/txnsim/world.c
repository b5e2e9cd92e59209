/*
 * world.c — what the kiosk talks to in the simulation, and the judge.
 *
 * The central server keeps reservations by Idempotency-Key (same key, same
 * answer), lets them expire after SIM_RSV_TTL_S, and answers complete and
 * release like the contract (404 once expired, 409 for the other outcome).
 * Each cupsd holds its jobs across kiosk crashes; a job's history is a pure
 * function of time (its plan, when its document arrived, when it was
 * cancelled), so the judge can ask afterwards what a job was doing when the
 * kiosk sent complete or release. Faults come from the schedule's knobs:
 * lost requests and lost answers, server errors, cupsd outages.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "store/store.h"
#include "txnsim.h"

sim_world_t W;
atomic_int sim_live_docs;
unsigned char *sim_doc_ptr;

static const char DOC_SHA[] = "5f1c0f0e6b3a4d2c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d";

void violation(const char *fmt, ...)
{
	va_list ap;

	if (W.violation[0])
		return; /* the first one is the story */
	va_start(ap, fmt);
	vsnprintf(W.violation, sizeof W.violation, fmt, ap);
	va_end(ap);
}

void trace(const char *fmt, ...)
{
	va_list ap;

	if (!W.verbose)
		return;
	fprintf(stderr, "  sim %8.3f %s ", (double)(W.now_ms % 10000000) / 1000.0,
	        sim_thread() == 0   ? "print  "
	        : sim_thread() == 1 ? "recover"
	                            : "main   ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

uint64_t sim_rand(void)
{
	/* xorshift64*: small, fast, and the same on every machine */
	W.rng ^= W.rng >> 12;
	W.rng ^= W.rng << 25;
	W.rng ^= W.rng >> 27;
	return W.rng * 0x2545F4914F6CDD1DULL;
}

int sim_range(int lo, int hi)
{
	return lo + (int)(sim_rand() % (uint64_t)(hi - lo + 1));
}

bool sim_chance(int permille)
{
	return permille > 0 && (int)(sim_rand() % 1000) < permille;
}

void world_reset(const sim_knobs_t *k)
{
	uint64_t rng = W.rng;
	int64_t now = W.now_ms;

	memset(&W, 0, sizeof W);
	W.rng = rng;
	W.now_ms = now;
	W.k = *k;
	snprintf(W.locs[0].queue, SIM_NAME, "KIOSK");
	snprintf(W.locs[0].server, SIM_NAME, "127.0.0.1:631");
	snprintf(W.locs[1].queue, SIM_NAME, "SPARE");
	snprintf(W.locs[1].server, SIM_NAME, "127.0.0.2:631");
	if (k->seed_spare_history) {
		/* Test pages the technician ran on the spare queue: ids that the
		 * kiosk queue will also hand out. */
		sim_loc_t *l = &W.locs[1];
		for (int i = 0; i < 3; i++) {
			sim_job_t *j = &l->jobs[l->njobs++];
			j->id = i + 1;
			j->seeded = true;
			j->seeded_ok = i != 0; /* job 1 was cancelled */
		}
	}
}

bool world_reachable(int loc)
{
	const sim_loc_t *l = &W.locs[loc];

	/* Outages end by themselves, so they go on in the calm phase too. */
	for (int i = 0; i < l->nout; i++)
		if (W.now_ms >= l->out_from[i] && W.now_ms < l->out_to[i])
			return false;
	return true;
}

static void add_outage(int loc, int64_t from, int64_t len_ms)
{
	sim_loc_t *l = &W.locs[loc];

	if (l->nout < 4) {
		l->out_from[l->nout] = from;
		l->out_to[l->nout++] = from + len_ms;
	}
}

/* ---- job history as a function of time ------------------------------------------- */

static bool plan_prints(sim_plan_t p)
{
	return p == PLAN_COMPLETE || p == PLAN_LATE || p == PLAN_PAPER_OUT;
}

static kio_job_state_t job_state(const sim_job_t *j, int64_t t)
{
	if (j->seeded)
		return j->seeded_ok ? KIO_JOB_COMPLETED : KIO_JOB_CANCELED;
	if (j->doc_ms && plan_prints(j->plan) && t >= j->end_ms &&
	    (!j->cancel_ms || j->cancel_ms > j->end_ms))
		return KIO_JOB_COMPLETED;
	if (j->cancel_ms && t >= j->cancel_ms)
		return KIO_JOB_CANCELED;
	if (!j->doc_ms || t < j->doc_ms) /* cupsd gives up on a job without a document */
		return t >= j->created_ms + 300000 ? KIO_JOB_ABORTED : KIO_JOB_HELD;
	if (t < j->proc_ms || (j->plan == PLAN_PAPER_OUT && t < j->end_ms))
		return KIO_JOB_PENDING;
	if (j->plan == PLAN_ABORT && t >= j->end_ms)
		return KIO_JOB_ABORTED;
	return KIO_JOB_PROCESSING;
}

static bool terminal(kio_job_state_t s)
{
	return s == KIO_JOB_COMPLETED || s == KIO_JOB_CANCELED || s == KIO_JOB_ABORTED;
}

/* Paper came out of J by time T. */
static bool printed_by(const sim_job_t *j, int64_t t)
{
	return !j->seeded && job_state(j, t) == KIO_JOB_COMPLETED;
}

/* J may still put paper out after time T. */
static bool may_print(const sim_job_t *j, int64_t t)
{
	return !j->seeded && j->doc_ms && j->doc_ms <= t && !terminal(job_state(j, t));
}

static void draw_plan(sim_job_t *j)
{
	int64_t now = W.now_ms;

	if (W.k.nplans)
		j->plan = W.k.plans[W.ndocs < W.k.nplans ? W.ndocs : W.k.nplans - 1];
	else
		j->plan = (sim_plan_t)sim_range(0, 4);
	W.ndocs++;
	j->doc_ms = now;
	j->proc_ms = now + (W.k.random_costs ? sim_range(200, 2000) : 1000);
	switch (j->plan) {
	case PLAN_COMPLETE:
		j->end_ms = j->proc_ms + (W.k.random_costs ? sim_range(500, 4000) : 2000);
		break;
	case PLAN_LATE:
		j->end_ms =
		    now + 1000LL * (W.k.late_end_s > 0 ? W.k.late_end_s : sim_range(25, 1500));
		break;
	case PLAN_ABORT:
		j->end_ms = j->proc_ms + sim_range(1000, 5000);
		break;
	case PLAN_PAPER_OUT:
		j->end_ms = j->proc_ms + 1000LL * sim_range(30, 900);
		break;
	default:
		j->end_ms = INT64_MAX / 2;
		break;
	}
}

/* ---- faults around a call --------------------------------------------------------- */

/* Before a call takes effect: the request is lost on the way. */
static bool lost_request(void)
{
	return !W.calm && sim_chance(W.k.lost_req_permille);
}

/* After it took effect: the kiosk may die, or the answer may be lost. */
static bool lost_answer(void)
{
	if (!W.calm && W.crashes < W.k.max_crashes && sim_chance(W.k.crash_permille / 2))
		W.crash_now = true;
	sim_maybe_crash();
	return !W.calm && sim_chance(W.k.lost_ans_permille);
}

/* ---- the central server ------------------------------------------------------------ */

static sim_rsv_t *rsv_by_id(const char *print_id)
{
	for (int i = 0; i < W.nrsv; i++)
		if (!strcmp(W.rsv[i].print_id, print_id))
			return &W.rsv[i];
	return NULL;
}

static bool expired(const sim_rsv_t *r)
{
	return r->state == RSV_HELD && W.now_ms >= r->created_ms + SIM_RSV_TTL_S * 1000LL;
}

static kio_err_t api_error(kio_api_error_t *aerr, int status, const char *code)
{
	memset(aerr, 0, sizeof *aerr);
	aerr->http_status = status;
	KIO_COPY(aerr->code, code);
	return KIO_ERR_API;
}

/* The transport in front of every server call; KIO_OK: the request arrived. */
static kio_err_t srv_enter(kio_api_error_t *aerr)
{
	memset(aerr, 0, sizeof *aerr);
	sim_yield(sim_cost(true));
	if (W.calm)
		return KIO_OK;
	if (sim_chance(W.k.srv_err_permille / 2))
		return KIO_ERR_NET_CONNECT; /* never reached the server */
	if (sim_chance(W.k.srv_err_permille / 2))
		return KIO_ERR_NET_SERVER; /* 5xx, nothing done */
	if (lost_request())
		return KIO_ERR_NET_TIMEOUT;
	return KIO_OK;
}

static kio_err_t srv_leave(void)
{
	return lost_answer() ? KIO_ERR_NET_TIMEOUT : KIO_OK;
}

static kio_err_t srv_reserve(void *impl, const char *doc_id, const char *idem_key, int copies,
                             kio_reservation_t *out, kio_api_error_t *aerr)
{
	sim_server_t *s = impl;
	sim_rsv_t *r = NULL;
	kio_err_t err = srv_enter(aerr);

	(void)copies;
	memset(out, 0, sizeof *out);
	if (err)
		return err;
	if (!s->token)
		return api_error(aerr, 401, "unauthorized");
	for (int i = 0; i < W.nrsv; i++)
		if (!strcmp(W.rsv[i].key, idem_key))
			r = &W.rsv[i];
	if (!r) {
		if (W.nrsv == SIM_RSV)
			return KIO_ERR_NET_SERVER;
		r = &W.rsv[W.nrsv++];
		KIO_COPY(r->key, idem_key);
		snprintf(r->print_id, sizeof r->print_id, "p-%d", W.nrsv);
		KIO_COPY(r->doc, doc_id);
		r->created_ms = W.now_ms;
	}
	KIO_COPY(out->print_id, r->print_id);
	out->expires_in = SIM_RSV_TTL_S;
	trace("reserve %s -> %s", doc_id, r->print_id);
	if (W.k.crash_after_reserve && !W.calm && W.crashes == 0) {
		W.crash_now = true;
		sim_maybe_crash();
	}
	return srv_leave();
}

static kio_err_t srv_download(void *impl, const kio_document_t *doc, kio_docbuf_t *out,
                              kio_progress_fn progress, void *ctx, kio_api_error_t *aerr)
{
	kio_err_t err = srv_enter(aerr);

	(void)impl;
	memset(out, 0, sizeof *out);
	if (err)
		return err;
	out->data = calloc(1, doc->size);
	if (!out->data)
		return KIO_ERR_NOMEM;
	memcpy(out->data, "%PDF-1.4\n", 9);
	out->len = doc->size;
	out->live = &sim_live_docs;
	atomic_fetch_add(&sim_live_docs, 1);
	sim_doc_ptr = out->data;
	if (progress)
		progress(ctx, doc->size, doc->size);
	return KIO_OK;
}

static kio_err_t srv_verify(void *impl, const char *doc_id, kio_verify_t *out,
                            kio_api_error_t *aerr)
{
	kio_err_t err = srv_enter(aerr);

	(void)impl;
	memset(out, 0, sizeof *out);
	if (err)
		return err;
	KIO_COPY(out->id, doc_id);
	out->status = KIO_DOC_AKTIF;
	KIO_COPY(out->sha256, DOC_SHA);
	return KIO_OK;
}

/* complete or release PRINT_ID: the contract's answers, and a record of
 * each call for the judge. */
static kio_err_t settle_call(const char *print_id, bool complete, kio_api_error_t *aerr)
{
	kio_err_t err = srv_enter(aerr);
	sim_rsv_t *r;
	bool effective = false;

	if (err)
		return err;
	r = rsv_by_id(print_id);
	if (!r)
		return api_error(aerr, 404, "not_found");
	if (expired(r)) {
		err = api_error(aerr, 404, "not_found");
	} else if (r->state == RSV_HELD) {
		r->state = complete ? RSV_COMPLETED : RSV_RELEASED;
		effective = true;
	} else if ((r->state == RSV_COMPLETED) != complete) {
		err = api_error(aerr, 409, "conflict");
	}
	if (r->ncalls < 8)
		r->calls[r->ncalls++] = (sim_call_t){W.now_ms, complete, effective};
	trace("%s %s -> %s", complete ? "complete" : "release", print_id,
	      err         ? aerr->code
	      : effective ? "done"
	                  : "again");
	if (err)
		return err;
	return srv_leave();
}

static kio_err_t srv_complete(void *impl, const char *print_id, int pages, const char *printer_name,
                              int job_id, kio_completion_t *out, kio_api_error_t *aerr)
{
	(void)impl;
	(void)pages;
	(void)printer_name;
	(void)job_id;
	memset(out, 0, sizeof *out);
	return settle_call(print_id, true, aerr);
}

static kio_err_t srv_release(void *impl, const char *print_id, const char *reason,
                             kio_api_error_t *aerr)
{
	(void)impl;
	(void)reason;
	return settle_call(print_id, false, aerr);
}

const kio_txn_server_ops_t sim_server_ops = {
    .reserve = srv_reserve,
    .download = srv_download,
    .verify = srv_verify,
    .complete = srv_complete,
    .release = srv_release,
};

/* ---- cupsd and its printer --------------------------------------------------------- */

struct simp {
	int loc;
};

static int loc_of(const char *queue, const char *server)
{
	for (int i = 0; i < SIM_LOCS; i++)
		if (!strcmp(W.locs[i].queue, queue) &&
		    (!server || !server[0] || !strcmp(W.locs[i].server, server)))
			return i;
	return -1;
}

static kio_err_t p_open(const kio_config_t *cfg, void **impl)
{
	struct simp *p = calloc(1, sizeof *p);

	if (!p)
		return KIO_ERR_NOMEM;
	p->loc = loc_of(cfg->printer_queue, cfg->cups_server);
	if (p->loc < 0) {
		free(p);
		return KIO_ERR_CONFIG;
	}
	*impl = p;
	return KIO_OK;
}

static void p_close(void *impl)
{
	free(impl);
}

/* The transport to cupsd LOC; KIO_OK: the request arrived. */
static kio_err_t p_enter(int loc)
{
	sim_yield(sim_cost(false));
	if (loc < 0 || !world_reachable(loc)) {
		trace("cupsd %s unreachable", loc < 0 ? "?" : W.locs[loc].queue);
		return KIO_ERR_PRINTER_UNAVAILABLE;
	}
	if (lost_request()) {
		trace("printer request lost");
		return KIO_ERR_PRINTER_UNAVAILABLE;
	}
	return KIO_OK;
}

static kio_err_t p_leave(void)
{
	return lost_answer() ? KIO_ERR_PRINTER_UNAVAILABLE : KIO_OK;
}

static kio_err_t p_status(void *impl, kio_printer_status_t *st)
{
	struct simp *p = impl;
	kio_err_t err = p_enter(p->loc);

	memset(st, 0, sizeof *st);
	st->pages_total = -1;
	if (err)
		return err;
	st->state = KIO_PSTATE_IDLE;
	st->accepting = true;
	snprintf(st->reasons, sizeof st->reasons, "none");
	st->condition = KIO_PRINTER_READY;
	return p_leave();
}

static kio_err_t p_caps(void *impl, const kio_print_opts_t *opts, kio_printer_caps_t *caps)
{
	struct simp *p = impl;
	kio_err_t err = p_enter(p->loc);

	(void)opts;
	memset(caps, 0, sizeof *caps);
	if (err)
		return err;
	caps->pdf = caps->media_ok = caps->media_listed = true;
	caps->copies_max = 1;
	return p_leave();
}

static sim_job_t *job_at(int loc, int id)
{
	sim_loc_t *l = &W.locs[loc];

	for (int i = 0; i < l->njobs; i++)
		if (l->jobs[i].id == id)
			return &l->jobs[i];
	return NULL;
}

static kio_err_t p_create(void *impl, const kio_print_opts_t *opts, int *job_id)
{
	struct simp *p = impl;
	sim_loc_t *l = &W.locs[p->loc];
	kio_err_t err = p_enter(p->loc);
	sim_job_t *j;

	if (err)
		return err;
	if (l->njobs == SIM_JOBS)
		return KIO_ERR_PRINTER;
	j = &l->jobs[l->njobs];
	memset(j, 0, sizeof *j);
	j->id = l->njobs ? l->jobs[l->njobs - 1].id + 1 : 1;
	l->njobs++;
	KIO_COPY(j->attempt, opts->job_name);
	j->created_ms = W.now_ms;
	trace("create-job %s on %s -> %d", j->attempt, l->queue, j->id);
	*job_id = j->id;
	if (W.k.crash_after_create && !W.calm && W.crashes == 0) {
		W.crash_now = true;
		sim_maybe_crash();
	}
	return p_leave();
}

static kio_err_t p_send(void *impl, const kio_print_opts_t *opts, int job_id,
                        const unsigned char *pdf, size_t len)
{
	struct simp *p = impl;
	kio_err_t err = p_enter(p->loc);
	sim_job_t *j;

	(void)opts;
	(void)pdf;
	(void)len;
	if (W.k.crash_before_send && !W.calm && W.crashes == 0) {
		W.crash_now = true;
		sim_maybe_crash();
	}
	if (err)
		return err;
	j = job_at(p->loc, job_id);
	if (!j)
		return KIO_ERR_INVAL;
	if (j->doc_ms || terminal(job_state(j, W.now_ms)))
		return KIO_ERR_PRINTER; /* not possible */
	draw_plan(j);
	trace("send-document job %d on %s: plan %d, ends at %.3f", job_id, W.locs[p->loc].queue,
	      (int)j->plan, (double)(j->end_ms % 10000000) / 1000.0);
	if (W.k.outage_on_send_s && !W.calm)
		add_outage(p->loc, W.now_ms, W.k.outage_on_send_s * 1000LL);
	if (W.k.crash_after_send && !W.calm && W.crashes == 0) {
		W.crash_now = true;
		sim_maybe_crash();
	}
	if (W.k.lose_send_answer && !W.calm)
		return KIO_ERR_PRINTER_UNAVAILABLE;
	return p_leave();
}

static kio_err_t poll_loc(int loc, int job_id, kio_job_status_t *js)
{
	sim_job_t *j;
	kio_err_t err;

	W.polls++;
	if (W.polls == 1 && W.k.outage_on_first_poll_s && loc >= 0)
		add_outage(loc, W.now_ms, W.k.outage_on_first_poll_s * 1000LL);
	if (W.polls == 1 && W.k.crash_on_first_poll) {
		W.crash_now = true;
		sim_maybe_crash();
	}
	memset(js, 0, sizeof *js);
	js->job_id = job_id;
	js->pages_done = -1;
	err = p_enter(loc);
	if (err)
		return err;
	j = job_at(loc, job_id);
	if (!j)
		return KIO_ERR_INVAL;
	js->state = job_state(j, W.now_ms);
	trace("poll job %d on %s -> %s", job_id, W.locs[loc].queue, kio_job_state_name(js->state));
	js->pages_done = js->state == KIO_JOB_COMPLETED ? 1 : 0;
	if (!j->seeded && j->plan == PLAN_PAPER_OUT && js->state == KIO_JOB_PENDING &&
	    W.now_ms >= j->proc_ms) {
		js->condition = KIO_PRINTER_PAPER_OUT;
		snprintf(js->reason, sizeof js->reason, "media-empty-error");
	}
	return p_leave();
}

static kio_err_t cancel_loc(int loc, int job_id)
{
	kio_err_t err = p_enter(loc);
	sim_job_t *j;

	if (err)
		return err;
	j = job_at(loc, job_id);
	if (!j)
		return KIO_ERR_INVAL;
	if (!terminal(job_state(j, W.now_ms)))
		j->cancel_ms = W.now_ms;
	trace("cancel job %d on %s -> %s", job_id, W.locs[loc].queue,
	      kio_job_state_name(job_state(j, W.now_ms)));
	return p_leave();
}

static kio_err_t p_poll(void *impl, int job_id, kio_job_status_t *js)
{
	return poll_loc(((struct simp *)impl)->loc, job_id, js);
}

static kio_err_t p_cancel(void *impl, int job_id)
{
	return cancel_loc(((struct simp *)impl)->loc, job_id);
}

static kio_err_t p_poll_at(void *impl, const char *server, const char *queue, int job_id,
                           kio_job_status_t *js)
{
	(void)impl;
	return poll_loc(loc_of(queue, server), job_id, js);
}

static kio_err_t p_cancel_at(void *impl, const char *server, const char *queue, int job_id)
{
	(void)impl;
	return cancel_loc(loc_of(queue, server), job_id);
}

const kio_printer_ops_t sim_printer_ops = {
    .name = "sim",
    .open = p_open,
    .status = p_status,
    .capabilities = p_caps,
    .create_job = p_create,
    .send_document = p_send,
    .poll = p_poll,
    .cancel = p_cancel,
    .poll_at = p_poll_at,
    .cancel_at = p_cancel_at,
    .close = p_close,
};

/* ---- the judge ---------------------------------------------------------------------- */

enum { MAX_ROWS = 64 };

struct log_count {
	char app[MAX_ROWS][KIO_CODE_MAX];
	int completed[MAX_ROWS], released[MAX_ROWS];
	int n;
};

static int count_event(void *ctx, const kio_event_t *ev)
{
	struct log_count *c = ctx;
	int i;
	bool done = !strcmp(ev->type, "print.completed"), rel = !strcmp(ev->type, "print.released");

	if (!done && !rel)
		return 0;
	for (i = 0; i < c->n && strcmp(c->app[i], ev->application); i++)
		;
	if (i == c->n) {
		if (c->n == MAX_ROWS)
			return 0;
		KIO_COPY(c->app[c->n], ev->application);
		c->n++;
	}
	c->completed[i] += done;
	c->released[i] += rel;
	return 0;
}

/* Every job of print attempt APP, wherever it went. */
static int jobs_of(const char *app, const sim_job_t **out, int max)
{
	int n = 0;

	for (int l = 0; l < SIM_LOCS; l++)
		for (int i = 0; i < W.locs[l].njobs; i++)
			if (!W.locs[l].jobs[i].seeded && !strcmp(W.locs[l].jobs[i].attempt, app) &&
			    n < max)
				out[n++] = &W.locs[l].jobs[i];
	return n;
}

static void check_calls(const sim_rsv_t *r, const char *app)
{
	const sim_job_t *jobs[8];
	int nj = jobs_of(app, jobs, 8), papers = 0;
	bool completes = false;

	for (int i = 0; i < nj; i++)
		papers += printed_by(jobs[i], INT64_MAX / 4);
	if (papers > 1)
		violation("%s (%s): %d papers for one reservation", r->print_id, app, papers);
	for (int c = 0; c < r->ncalls; c++) {
		const sim_call_t *call = &r->calls[c];
		bool paper = false, can = false;
		int job = -1;
		for (int i = 0; i < nj; i++) {
			paper |= printed_by(jobs[i], call->at_ms);
			if (may_print(jobs[i], call->at_ms)) {
				can = true;
				job = jobs[i]->id;
			}
		}
		if (call->complete) {
			completes = true;
			if (!paper)
				violation("%s (%s): complete at t=%lld ms but no paper came out",
				          r->print_id, app, (long long)call->at_ms);
		} else if (paper) {
			violation("%s (%s): release at t=%lld ms after paper came out", r->print_id,
			          app, (long long)call->at_ms);
		} else if (can) {
			violation("%s (%s): release at t=%lld ms while job %d can still print",
			          r->print_id, app, (long long)call->at_ms, job);
		}
	}
	if (papers && !completes)
		violation("%s (%s): paper came out but complete was never sent", r->print_id, app);
	if (papers && r->state == RSV_RELEASED)
		violation("%s (%s): paper came out but the credit was released", r->print_id, app);
	for (int i = 0; i < nj; i++)
		if (may_print(jobs[i], W.now_ms))
			violation("%s (%s): job %d can still print after the kiosk settled",
			          r->print_id, app, jobs[i]->id);
}

/* The journal row of R, by its key; false if the kiosk never wrote one. */
static bool row_of(kio_store_t *s, const sim_rsv_t *r, kio_tx_t *out)
{
	for (int64_t id = 1;; id++) {
		if (kio_store_tx_get(s, id, out) != KIO_OK)
			return false;
		if (!strcmp(out->idem_key, r->key))
			return true;
	}
}

static void check_rows(kio_store_t *s, const struct log_count *lc)
{
	kio_tx_t tx;

	for (int64_t id = 1; kio_store_tx_get(s, id, &tx) == KIO_OK; id++) {
		sim_rsv_t *r = tx.print_id[0] ? rsv_by_id(tx.print_id) : NULL;
		if (tx.step != KIO_TX_SETTLED) {
			violation("journal row %lld (%s) still %s after recovery", (long long)id,
			          tx.application, kio_tx_step_name(tx.step));
			continue;
		}
		if (!r)
			continue;
		bool sent_complete = false, sent_release = false;
		for (int c = 0; c < r->ncalls; c++) {
			sent_complete |= r->calls[c].complete;
			sent_release |= !r->calls[c].complete;
		}
		if (!strcmp(tx.outcome, "complete") && (!sent_complete || r->state == RSV_RELEASED))
			violation("row %lld (%s) says complete, the server %s", (long long)id,
			          tx.application, sent_complete ? "released it" : "never heard it");
		if (!strcmp(tx.outcome, "release") && (!sent_release || r->state == RSV_COMPLETED))
			violation("row %lld (%s) says release, the server %s", (long long)id,
			          tx.application, sent_release ? "completed it" : "never heard it");
	}
	for (int i = 0; i < lc->n; i++)
		if (lc->completed[i] > 1 || lc->released[i] > 1 ||
		    (lc->completed[i] && lc->released[i]))
			violation("print log for %s: %d print.completed, %d print.released",
			          lc->app[i], lc->completed[i], lc->released[i]);
}

void world_check(const char *db_path)
{
	kio_store_t *s = NULL;
	struct log_count lc;
	int64_t bad = 0;
	char why[256] = "";

	if (kio_store_open_file(&s, db_path, KIO_STORE_READONLY) != KIO_OK) {
		violation("cannot open the journal %s", db_path);
		return;
	}
	memset(&lc, 0, sizeof lc);
	if (kio_store_verify(s, &bad, why, sizeof why, NULL) != KIO_OK)
		violation("log verify: seq %lld: %s", (long long)bad, why);
	if (kio_store_events_query(s, NULL, count_event, &lc) != KIO_OK)
		violation("cannot read the print log");
	check_rows(s, &lc);
	for (int i = 0; i < W.nrsv; i++) {
		kio_tx_t tx;
		if (!row_of(s, &W.rsv[i], &tx)) {
			violation("%s: reserved with a key the journal does not hold",
			          W.rsv[i].print_id);
			continue;
		}
		check_calls(&W.rsv[i], tx.application);
	}
	/* A job whose attempt never got a reservation cannot exist. */
	for (int l = 0; l < SIM_LOCS; l++)
		for (int i = 0; i < W.locs[l].njobs; i++)
			if (printed_by(&W.locs[l].jobs[i], INT64_MAX / 4)) {
				bool found = false;
				for (int r = 0; r < W.nrsv; r++) {
					kio_tx_t tx;
					if (row_of(s, &W.rsv[r], &tx) &&
					    !strcmp(tx.application, W.locs[l].jobs[i].attempt))
						found = true;
				}
				if (!found)
					violation("job %d (%s) printed without a reservation",
					          W.locs[l].jobs[i].id, W.locs[l].jobs[i].attempt);
			}
	kio_store_close(s);
}
