/*
 * services.c — what the kiosk's two workers do with their jobs.
 *
 *   session  login, list, logout, PIN checks (Argon2id takes ~0.1 s: never on
 *            the UI thread), and the print transaction (app/print/txn), which
 *            needs the citizen's token that only this worker's client holds
 *   bg       print-log appends, heartbeat, event upload, printer status,
 *            recovery of unsettled prints, and the technician's and
 *            officer's jobs (staff.c: commands, setting changes, PIN lock)
 *
 * Every result goes back to the UI thread as a state-machine event; a
 * changed config goes back whole (KIO_RESULT_CONFIG).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "core/log.h"
#include "core/str.h"
#include "core/pin.h"
#include "kiosk/kiosk-private.h"
#include "print/retention.h"
#include "sys/config-file.h"

void kio_service_post_event(kio_service_t *s, unsigned gen, kio_sm_event_t *ev)
{
	kio_kiosk_post_result(s->k, gen, ev, NULL);
}

static void api_fields(kio_err_t err, const kio_api_error_t *aerr, char *code, size_t codelen,
                       char *msg, size_t msglen, int *retry)
{
	if (err == KIO_ERR_API || (aerr->code[0] && err != KIO_OK)) {
		snprintf(code, codelen, "%s", aerr->code[0] ? aerr->code : "unknown");
		snprintf(msg, msglen, "%s", aerr->message);
	}
	if (retry)
		*retry = aerr->retry_after_s;
}

/* The print log could not be opened (full or read-only disk): try again,
 * at most every few seconds, so the kiosk heals itself once space is back.
 * Until then nothing is printed (no print without its log). */
bool kio_service_have_store(kio_service_t *s)
{
	if (s->store)
		return true;
	uint64_t now = kio_now_ms();
	if (!s->needs_store || now < s->store_retry_ms)
		return false;
	s->store_retry_ms = now + 5000;
	if (kio_store_open(&s->store, s->cfg.data_dir) != KIO_OK) {
		s->store = NULL;
		return false;
	}
	s->env.store = s->store;
	kio_info(s->name, "print log in %s is open again", s->cfg.data_dir);
	return true;
}

/* ---- session worker --------------------------------------------------------- */

static void do_login(kio_service_t *s, kio_job_t *job)
{
	kio_sm_event_t ev = {.kind = KIO_EV_LOGIN_DONE};
	kio_api_error_t aerr;
	memset(&aerr, 0, sizeof aerr);
	kio_client_reset_cancel(s->client);
	kio_err_t err =
	    kio_client_login(s->client, job->fx.nik, job->fx.password, &ev.u.login.citizen, &aerr);
	explicit_bzero(job->fx.password, sizeof job->fx.password);
	ev.err = err;
	api_fields(err, &aerr, ev.u.login.api_code, sizeof ev.u.login.api_code, ev.u.login.message,
	           sizeof ev.u.login.message, &ev.u.login.retry_after_s);
	if (err)
		kio_info("session", "login failed: %s %s", kio_err_name(err), aerr.code);
	kio_service_post_event(s, job->gen, &ev);
}

static void do_list(kio_service_t *s, kio_job_t *job)
{
	kio_sm_event_t ev = {.kind = KIO_EV_LIST_DONE};
	kio_api_error_t aerr;
	memset(&aerr, 0, sizeof aerr);
	kio_app_page_t *page = calloc(1, sizeof *page);
	kio_client_reset_cancel(s->client); /* a dropped preview's cancel is spent */
	kio_err_t err =
	    page ? kio_client_list(s->client, job->fx.page, page, &aerr) : KIO_ERR_NOMEM;
	ev.err = err;
	api_fields(err, &aerr, ev.u.list.api_code, sizeof ev.u.list.api_code, ev.u.list.message,
	           sizeof ev.u.list.message, NULL);
	if (err) {
		kio_info("session", "list failed: %s", kio_err_name(err));
		free(page);
		page = NULL;
	}
	kio_kiosk_post_result(s->k, job->gen, &ev, page);
}

/* The verified bytes of a preview: wiped as soon as they are not wanted. */
static void drop_verified(kio_service_t *s)
{
	kio_docbuf_free(&s->verified);
	s->verified_doc = (kio_document_t){0}; /* its list entry, not a secret */
}

static void do_logout(kio_service_t *s)
{
	drop_verified(s);
	kio_client_reset_cancel(s->client);
	if (kio_client_has_session(s->client)) {
		kio_err_t err = kio_client_logout(s->client);
		if (err)
			kio_info("session", "logout not heard by server: %s", kio_err_name(err));
	}
}

static void do_pin(kio_service_t *s, kio_job_t *job)
{
	kio_sm_event_t ev = {.kind = KIO_EV_PIN_DONE};
	const char *hash = job->fx.officer ? s->cfg.officer_pin_hash : s->cfg.technician_pin_hash;
	/* No hash configured: no PIN opens the door. */
	ev.u.pin.ok = hash[0] && kio_pin_verify(hash, job->fx.password);
	ev.u.pin.officer = job->fx.officer;
	ev.wall_s = (int64_t)time(NULL);
	explicit_bzero(job->fx.password, sizeof job->fx.password);
	kio_service_post_event(s, job->gen, &ev);
}

/* ---- prints (on the session worker: they need the citizen's token) ---------- */

struct print_ctx {
	kio_service_t *s;
	unsigned gen;
};

static void on_progress(void *arg, kio_print_step_t step, int percent, int pages_done,
                        int pages_total)
{
	struct print_ctx *pc = arg;
	kio_sm_event_t ev = {.kind = KIO_EV_PRINT_PROGRESS};
	ev.u.progress.step = step;
	ev.u.progress.percent = percent;
	ev.u.progress.pages_done = pages_done;
	ev.u.progress.pages_total = pages_total;
	kio_service_post_event(pc->s, pc->gen, &ev);
}

/* The preview's verified bytes are those of DOC (same id, same SHA-256). */
static bool have_verified(const kio_service_t *s, const kio_document_t *doc)
{
	return s->verified.data && !strcmp(s->verified_doc.id, doc->id) &&
	       !strcmp(s->verified_doc.sha256, doc->sha256);
}

struct preview_ctx {
	kio_service_t *s;
	unsigned gen;
	int seq;
};

static void on_preview_progress(void *arg, kio_print_step_t step, int percent, int pages_done,
                                int pages_total)
{
	struct preview_ctx *pc = arg;
	kio_sm_event_t ev = {.kind = KIO_EV_PREVIEW_PROGRESS, .seq = pc->seq};
	ev.u.progress.step = step;
	ev.u.progress.percent = percent;
	ev.u.progress.pages_done = pages_done;
	ev.u.progress.pages_total = pages_total;
	kio_service_post_event(pc->s, pc->gen, &ev);
}

/* Page 1 of the verified bytes as pixels, unless the citizen has moved on. */
static kio_preview_img_t *render_page(kio_service_t *s, const kio_job_t *job, int *ms)
{
	if (atomic_load(&s->k->preview_seq) != job->fx.page)
		return NULL;
	kio_preview_img_t *img = calloc(1, sizeof *img);
	if (!img)
		return NULL;
	uint64_t t0 = kio_now_ms();
	kio_err_t err = kio_preview_render(s->verified.data, (size_t)s->verified.len,
	                                   job->preview_w, job->preview_h, img);
	*ms = (int)(kio_now_ms() - t0);
	if (err) {
		/* Verified but not drawable here: it may still be printed. */
		kio_warn("session", "page 1 of %s not rendered: %s", job->fx.doc.id,
		         kio_err_name(err));
		free(img);
		return NULL;
	}
	return img;
}

/* Download and verify the chosen document before any reservation, keep the
 * bytes for "Cetak", and draw its first page. */
static void do_preview(kio_service_t *s, kio_job_t *job)
{
	struct preview_ctx pc = {s, job->gen, job->fx.page};
	kio_txn_result_t res;
	kio_result_t r = {.kind = KIO_RESULT_EVENT, .gen = job->gen};

	drop_verified(s);
	kio_client_reset_cancel(s->client);
	(void)kio_service_have_store(s); /* a rejected document is logged there */
	kio_err_t err = kio_txn_prepare(&s->env, &job->fx.doc, job->fx.app_code, job->fx.nik,
	                                on_preview_progress, &pc, &s->verified, &res);
	r.ev.kind = KIO_EV_PREVIEW_DONE;
	r.ev.seq = job->fx.page;
	r.ev.err = err;
	KIO_COPY(r.ev.u.print.reason, res.reason);
	r.ev.u.print.credit_kept = true;
	KIO_COPY(r.ev.u.print.api_code, res.api_code);
	KIO_COPY(r.ev.u.print.message, res.message);
	if (err == KIO_OK) {
		s->verified_doc = job->fx.doc;
		r.img = render_page(s, job, &r.render_ms);
		r.ev.u.print.pages = r.img ? r.img->pages : 0;
	}
	kio_info("session", "preview of %s: %s (%s)", job->fx.doc.id,
	         err ? kio_err_name(err) : "verified", res.reason);
	kio_kiosk_post(s->k, &r);
}

static void do_print(kio_service_t *s, kio_job_t *job)
{
	struct print_ctx pc = {s, job->gen};
	kio_txn_result_t res;
	kio_sm_event_t ev = {.kind = KIO_EV_PRINT_DONE};
	kio_err_t err = KIO_OK;

	kio_client_reset_cancel(s->client);
	(void)kio_service_have_store(s); /* the transaction refuses without its log */
	if (kio_paper_refuse(s, &ev)) {  /* daily cap, no sheets: before any reservation */
		drop_verified(s);        /* not printed: the bytes go now */
		kio_service_post_event(s, job->gen, &ev);
		return;
	}
	/* Only verified bytes reach a reservation: the preview's, or (should
	 * they be gone) the same checks made here first. */
	if (!have_verified(s, &job->fx.doc)) {
		drop_verified(s);
		err = kio_txn_prepare(&s->env, &job->fx.doc, job->fx.app_code, job->fx.nik,
		                      on_progress, &pc, &s->verified, &res);
		if (err == KIO_OK)
			s->verified_doc = job->fx.doc;
	}
	if (err == KIO_OK)
		err = kio_txn_print(&s->env, &job->fx.doc, job->fx.app_code, job->fx.nik,
		                    &s->verified, on_progress, &pc, &s->k->print_cancel, &res);
	drop_verified(s); /* printed or not, the bytes go now */
	atomic_store(&s->k->print_cancel, false);
	ev.err = err;
	KIO_COPY(ev.u.print.reason, res.reason);
	ev.u.print.credit_kept = res.credit_kept;
	KIO_COPY(ev.u.print.api_code, res.api_code);
	KIO_COPY(ev.u.print.message, res.message);
	kio_info("print", "document %s: %s (%s) job %d settled=%d", job->fx.doc.id,
	         err ? kio_err_name(err) : "printed", res.reason, res.job_id, res.settled);
	kio_service_post_event(s, job->gen, &ev);
}

/* ---- background worker ---------------------------------------------------- */

static void do_log(kio_service_t *s, kio_job_t *job)
{
	kio_event_t ev;
	memset(&ev, 0, sizeof ev);
	KIO_COPY(ev.type, job->fx.log_type);
	KIO_COPY(ev.nik_masked, job->fx.nik);
	KIO_COPY(ev.reason, job->fx.value);
	KIO_COPY(ev.document_id, job->fx.doc.id);
	KIO_COPY(ev.application, job->fx.app_code);
	KIO_COPY(ev.kind, job->fx.doc.kind);
	ev.pages = -1;
	ev.job_id = -1;
	kio_err_t err =
	    kio_service_have_store(s) ? kio_store_event_append(s->store, &ev) : KIO_ERR_DISK_FULL;
	if (err)
		kio_error("log", "cannot append %s: %s", ev.type, kio_err_name(err));
}

void kio_service_status_event(kio_sm_event_t *ev, kio_err_t err, const kio_printer_status_t *st)
{
	ev->kind = KIO_EV_PRINTER_STATUS;
	if (err) {
		ev->u.status.ok = false;
		KIO_COPY(ev->u.status.condition, "offline");
		return;
	}
	ev->u.status.ok = !kio_printer_condition_is_fault(st->condition);
	KIO_COPY(ev->u.status.condition, kio_printer_condition_name(st->condition));
}

/* The printer's status to the UI thread. ANNOUNCE false: only when its
 * condition changed since the last check (a periodic poll that finds
 * nothing new wakes nobody). */
kio_err_t kio_service_printer_status(kio_service_t *s, unsigned gen, bool announce, bool *changed)
{
	kio_printer_status_t st;
	kio_err_t err = kio_printer_status(s->printer, &st);
	kio_sm_event_t ev = {0};
	kio_service_status_event(&ev, err, &st);
	*changed = strcmp(ev.u.status.condition, s->sched.condition) != 0;
	KIO_COPY(s->sched.condition, ev.u.status.condition);
	bool printer_ok = ev.u.status.ok;
	if (announce || *changed)
		kio_service_post_event(s, gen, &ev);
	/* The sheets left, with what the printer says of its paper: checked
	 * every time (a refill may be recorded from adm-kioskctl), posted when
	 * it changed. */
	kio_sched_t *c = &s->sched;
	if (kio_paper_status_event(s, err ? NULL : &st, &ev)) {
		bool differs = !c->paper.known || c->paper.left != ev.u.paper.sheets_left ||
		               c->paper.low != ev.u.paper.low ||
		               c->paper.blocked != ev.u.paper.blocked;
		c->paper.known = true;
		c->paper.left = ev.u.paper.sheets_left;
		c->paper.low = ev.u.paper.low;
		c->paper.blocked = ev.u.paper.blocked;
		if (announce || differs)
			kio_service_post_event(s, gen, &ev);
		*changed = *changed || differs;
	}
	c->unavailable = !printer_ok || c->paper.blocked;
	return err;
}

/* The full check (kio_store_writable) commits a small write, fsync and
 * all: asked for a screen, after a failure, or every 5 minutes; between, a
 * periodic check looks only at what statvfs says (full, read-only). A
 * print makes its own full check first (txn.c), so the idle kiosk's probe
 * only tells staff earlier; once a minute it was a tenth of the idle CPU. */
static bool store_writable(kio_service_t *s, bool announce)
{
	enum { PROBE_EVERY_MS = 300000 };
	uint64_t now = kio_now_ms();
	if (!kio_service_have_store(s))
		return false;
	if (!announce && s->sched.writable && now < s->sched.probed_ms + PROBE_EVERY_MS) {
		struct statvfs vfs;
		if (statvfs(s->cfg.data_dir, &vfs) == 0 && !(vfs.f_flag & ST_RDONLY) &&
		    (unsigned long long)vfs.f_bavail * vfs.f_frsize >= KIO_STORE_MIN_FREE)
			return true;
	}
	s->sched.probed_ms = now;
	return kio_store_writable(s->store) == KIO_OK;
}

/* Whether the print log can be written, to the UI thread (ANNOUNCE false:
 * only when that changed). */
void kio_service_store_status(kio_service_t *s, unsigned gen, bool announce)
{
	bool writable = store_writable(s, announce);
	bool changed = writable != s->sched.writable;
	s->sched.writable = writable;
	if (!announce && !changed)
		return;
	kio_sm_event_t sv = {.kind = KIO_EV_STORE_STATUS};
	sv.u.status.ok = writable;
	kio_service_post_event(s, gen, &sv);
}

/* Records the head the server acknowledged (store.h, part 4). A head the
 * local log does not hold as the server does means this log was cut or
 * rewritten since it was uploaded: said loudly, never recorded. */
static void anchor(kio_service_t *s, const kio_log_head_t *acked)
{
	unsigned char key[KIO_ACK_KEY_LEN];
	char why[KIO_STORE_ERRMSG_MAX];
	kio_err_t err = kio_store_ack_key(s->cfg.data_dir, true, key);
	if (err == KIO_OK)
		err = kio_store_ack_record(s->store, key, acked);
	explicit_bzero(key, sizeof key);
	if (err == KIO_ERR_TAMPERED) {
		kio_store_last_error(s->store, why, sizeof why);
		kio_error(s->name, "print log does not match the server's copy: %s", why);
	} else if (err != KIO_OK) {
		kio_warn(s->name, "cannot record the server's log head: %s", kio_err_name(err));
	}
}

/* One heartbeat; *RETRY_AFTER_S gets the server's Retry-After (0: none). */
kio_err_t kio_service_heartbeat(kio_service_t *s, unsigned gen, int *retry_after_s)
{
	kio_heartbeat_t hb;
	kio_printer_status_t st;
	memset(&hb, 0, sizeof hb);
	KIO_COPY(hb.version, KIO_VERSION);
	hb.uptime_s = (int64_t)((kio_now_ms() - s->k->start_ms) / 1000); /* not the wall clock */
	KIO_COPY(hb.printer_name, s->cfg.printer_queue);
	if (kio_printer_status(s->printer, &st) == KIO_OK) {
		KIO_COPY(hb.printer_state, kio_printer_state_name(st.state));
		hb.pages_total = st.pages_total;
		char list[KIO_PRINTER_REASONS_MAX], *save = NULL;
		KIO_COPY(list, st.reasons);
		for (char *r = strtok_r(list, ",", &save); r && hb.nreasons < KIO_API_REASONS_MAX;
		     r = strtok_r(NULL, ",", &save))
			if (strcmp(r, "none"))
				KIO_COPY(hb.reasons[hb.nreasons++], r);
	} else {
		KIO_COPY(hb.printer_state, "unknown");
		hb.pages_total = -1;
	}
	int64_t pending = 0;
	if (kio_service_have_store(s) &&
	    kio_store_events_pending_count(s->store, &pending) == KIO_OK)
		hb.pending_events = (int)pending;
	if (kio_service_have_store(s) && kio_store_log_head(s->store, &hb.log_head) != KIO_OK)
		hb.log_head.seq = 0;
	char server_time[KIO_TIME_MAX];
	kio_log_head_t acked;
	kio_api_error_t aerr;
	memset(&aerr, 0, sizeof aerr);
	kio_err_t err = kio_client_heartbeat(s->client, &hb, server_time, &acked, &aerr);
	if (err == KIO_OK && acked.seq > 0 && kio_service_have_store(s))
		anchor(s, &acked);
	*retry_after_s = aerr.retry_after_s;
	kio_sm_event_t ev = {.kind = KIO_EV_SERVER_STATUS};
	ev.u.status.ok = err == KIO_OK;
	kio_service_post_event(s, gen, &ev);
	return err;
}

/* Upload the print log oldest first; a row counts as sent only when the
 * server lists its id as accepted. At most ROUNDS batches of the largest
 * size the contract allows (a backlog costs the server few requests);
 * *MORE says rows are still pending, *ANSWERED that the server answered a
 * batch, *RETRY_AFTER_S the server's Retry-After. Nothing pending: no
 * request. */
kio_err_t kio_service_upload(kio_service_t *s, int rounds, bool *more, bool *answered,
                             int *retry_after_s)
{
	enum { BATCH = KIO_API_EVENTS_MAX };
	kio_err_t err = KIO_OK;
	*more = false;
	*answered = false;
	*retry_after_s = 0;
	kio_event_t *evs = calloc(BATCH, sizeof *evs);
	char(*ids)[KIO_UUID_BUF] = calloc(BATCH, KIO_UUID_BUF);
	if (!evs || !ids || !kio_service_have_store(s)) {
		err = evs && ids ? KIO_ERR_DISK_FULL : KIO_ERR_NOMEM;
		goto out;
	}
	for (int round = 0; round < rounds && round < 50; round++) { /* bounded */
		int n = 0, nacc = 0;
		err = kio_store_events_pending(s->store, evs, BATCH, &n);
		if (err || n == 0)
			break;
		*more = true;
		kio_api_error_t aerr;
		memset(&aerr, 0, sizeof aerr);
		err = kio_client_upload_events(s->client, evs, n, ids, &nacc, &aerr);
		if (err) {
			*retry_after_s = aerr.retry_after_s;
			kio_info("upload", "events not uploaded: %s", kio_err_name(err));
			break;
		}
		*answered = true;
		err = kio_store_events_mark_sent(s->store, (const char(*)[KIO_UUID_BUF])ids, nacc);
		if (err)
			break;
		*more = n == BATCH || nacc < n; /* a full batch may have more behind it */
		kio_officer_uploaded(s);        /* the dashboard's "last upload" */
		if (nacc < n)
			break; /* the server kept some back: try again later */
	}
out:
	free(evs);
	free(ids);
	return err;
}

/* Retention: prune print-log rows older than the configured age; the store
 * keeps an anchor so the chain still verifies. */
void kio_service_prune(kio_service_t *s)
{
	int64_t deleted = 0;
	if (!kio_service_have_store(s))
		return;
	int64_t cutoff = (int64_t)time(NULL) - (int64_t)s->cfg.log_retention_days * 86400;
	kio_err_t err = kio_store_prune(s->store, cutoff, &deleted);
	if (err)
		kio_warn("log", "retention prune failed: %s", kio_err_name(err));
	else if (deleted)
		kio_info("log", "retention: pruned %lld rows", (long long)deleted);
}

/* Once, at start: say in the journal when cupsd keeps what it prints. */
static void check_retention(kio_service_t *s)
{
	kio_retention_t r;
	s->retention_checked = true;
	kio_err_t err = kio_retention_check(s->cfg.cups_server, &r);
	if (err)
		kio_warn("printer",
		         "cannot read cupsd's PreserveJobFiles/PreserveJobHistory: it may "
		         "keep printed documents");
	else if (r.keeps_documents)
		kio_warn("printer",
		         "cupsd keeps every printed document (PreserveJobFiles %s): run "
		         "adm-kioskctl printer setup",
		         r.files[0] ? r.files : "86400");
	else if (r.keeps_history)
		kio_warn("printer",
		         "cupsd keeps job names (PreserveJobHistory %s): run adm-kioskctl "
		         "printer setup",
		         r.history[0] ? r.history : "Yes");
	else
		kio_info("printer", "cupsd keeps no printed document");
}

/* Settles prints the server has not heard of; returns how many wait. */
int kio_service_recover(kio_service_t *s)
{
	int settled = 0, left = 0;
	if (!s->retention_checked && s->printer)
		check_retention(s);
	if (!kio_service_have_store(s))
		return 1; /* cannot know: look again soon */
	kio_err_t err = kio_txn_recover(&s->env, &settled, &left);
	if (settled || left || err)
		kio_info("recover", "settled %d, waiting %d (%s)", settled, left,
		         err ? kio_err_name(err) : "ok");
	return err ? left + 1 : left;
}

/* NEXT becomes this worker's config; a driver handle is bound to its queue,
 * so a new queue or cupsd opens a new one. */
void kio_service_take_config(kio_service_t *s, const kio_config_t *next)
{
	bool new_printer = strcmp(s->cfg.printer_queue, next->printer_queue) ||
	                   strcmp(s->cfg.cups_server, next->cups_server);
	s->cfg = *next;
	if (!new_printer || !s->printer)
		return;
	kio_printer_t *p = NULL;
	kio_err_t err = kio_printer_open(kio_printer_driver(s->printer), &s->cfg, &p);
	if (err) {
		kio_error(s->name, "cannot open printer %s: %s", s->cfg.printer_queue,
		          kio_err_name(err));
		return;
	}
	kio_printer_close(s->printer);
	s->printer = s->env.printer = p;
}

static void do_config(kio_service_t *s, kio_job_t *job)
{
	kio_service_take_config(s, &job->cfg);
}

/* Test hook (expect-wiped): what this worker's client still holds of a
 * session, asked on the worker's own thread. */
static void do_wipe_probe(kio_service_t *s, kio_job_t *job)
{
	kio_result_t r = {.kind = KIO_RESULT_WIPE_PROBE, .gen = job->gen, .left = ""};
	if (kio_client_has_session(s->client))
		r.left = "session token";
	else if (kio_client_live_docs(s->client))
		r.left = "document bytes";
	kio_kiosk_post(s->k, &r);
}

/* ---- dispatch -------------------------------------------------------------- */

static void run_job(void *ctx, void *arg)
{
	kio_service_t *s = ctx;
	kio_job_t *job = arg;

	switch (job->kind) {
	case JOB_LOGIN:
		do_login(s, job);
		break;
	case JOB_LIST:
		do_list(s, job);
		break;
	case JOB_LOGOUT:
		do_logout(s);
		break;
	case JOB_PIN:
		do_pin(s, job);
		break;
	case JOB_PRINT:
		do_print(s, job);
		break;
	case JOB_LOG:
		do_log(s, job);
		break;
	case JOB_STATUS: {
		bool changed;
		(void)kio_service_printer_status(s, job->gen, true, &changed);
		kio_service_store_status(s, job->gen, true);
		break;
	}
	case JOB_RECOVER:
		/* "Soon": the tick that follows every job does it (sched.c). */
		if (s->sched.on)
			s->sched.recover_at = kio_now_ms();
		else
			(void)kio_service_recover(s);
		break;
	case JOB_TECH:
		kio_staff_tech(s, job);
		break;
	case JOB_SET_CONFIG:
		kio_staff_set_config(s, job);
		break;
	case JOB_PERSIST_LOCK:
		kio_staff_persist_lock(s, job);
		break;
	case JOB_CONFIG:
		do_config(s, job);
		break;
	case JOB_WIPE_PROBE:
		do_wipe_probe(s, job);
		break;
	case JOB_CODE_NEW:
	case JOB_CODE_POLL:
	case JOB_CODE_CLAIM:
	case JOB_VERIFY_DOC:
		kio_phone_job(s, job);
		break;
	case JOB_PREVIEW:
		do_preview(s, job);
		break;
	case JOB_PREVIEW_DROP:
		/* Runs after the preview it stopped: its cancel is spent now. */
		drop_verified(s);
		kio_client_reset_cancel(s->client);
		break;
	}
}

static kio_err_t service_open(kio_kiosk_t *k, kio_service_t *s, const char *name, bool printer,
                              bool store, bool periodic)
{
	kio_err_t err;
	memset(s, 0, sizeof *s);
	s->k = k;
	s->name = name;
	s->cfg = k->cfg;
	err = kio_client_new(&s->cfg, &s->client);
	if (err) {
		kio_error(name, "cannot create the server client: %s", kio_err_name(err));
		return err;
	}
	if (printer) {
		err = kio_printer_open(k->opts.printer_driver ? k->opts.printer_driver : "cups",
		                       &s->cfg, &s->printer);
		if (err) {
			kio_error(name, "cannot open the printer: %s", kio_err_name(err));
			return err;
		}
	}
	if (store) {
		s->needs_store = true;
		err = kio_store_open(&s->store, s->cfg.data_dir);
		if (err) {
			/* A kiosk that cannot log must not print; it still runs so
			 * the screen can say so, and kio_service_have_store() retries. */
			kio_error(name, "cannot open the print log in %s: %s", s->cfg.data_dir,
			          kio_err_name(err));
			s->store = NULL;
			s->store_retry_ms = kio_now_ms() + 5000;
		}
	}
	s->env.cfg = &s->cfg;
	s->env.client = s->client;
	s->env.printer = s->printer;
	s->env.store = s->store;
	s->env.active = &k->active_tx;
	if (periodic)
		kio_sched_init(s, k->opts.test_lockstep);
	return kio_worker_start(name, sizeof(kio_job_t), run_job, periodic ? kio_sched_tick : NULL,
	                        s, &s->worker);
}

static void service_close(kio_service_t *s)
{
	kio_worker_stop(s->worker);
	drop_verified(s);
	int64_t requests = 0, connections = 0;
	kio_client_stats(s->client, &requests, &connections);
	if (requests)
		kio_info(s->name, "%lld requests over %lld connections (keep-alive)",
		         (long long)requests, (long long)connections);
	kio_client_free(s->client);
	kio_printer_close(s->printer);
	kio_store_close(s->store);
	memset(s, 0, sizeof *s);
}

kio_err_t kio_services_start(kio_kiosk_t *k)
{
	/* Prints run on the session worker: reserve and download need the
	 * citizen's token, which never leaves that worker's client. */
	kio_err_t err = service_open(k, &k->session, "session", true, true, false);
	if (!err)
		err = service_open(k, &k->bg, "bg", true, true, true);
	return err;
}

void kio_services_stop(kio_kiosk_t *k)
{
	/* Abort transfers in flight so that joining never waits on a network
	 * timeout. A print in progress is left to recovery at next start. */
	if (k->session.client)
		kio_client_cancel(k->session.client);
	if (k->bg.client)
		kio_client_cancel(k->bg.client);
	atomic_store(&k->print_cancel, true);
	service_close(&k->session);
	service_close(&k->bg);
}

kio_err_t kio_services_post(kio_kiosk_t *k, const kio_job_t *job)
{
	kio_service_t *s;
	switch (job->kind) {
	case JOB_WIPE_PROBE:
		/* Each worker answers for its own client. */
		if (!k->session.worker || !k->bg.worker)
			return KIO_ERR_INTERNAL;
		if (kio_worker_post(k->session.worker, job))
			return KIO_ERR_INTERNAL;
		return kio_worker_post(k->bg.worker, job);
	case JOB_LOGIN:
	case JOB_LIST:
	case JOB_LOGOUT:
	case JOB_PIN:
	case JOB_PRINT:
	case JOB_PREVIEW: /* the download needs the citizen's token */
	case JOB_PREVIEW_DROP:
	case JOB_CONFIG: /* the bg worker changed its own copy already */
	case JOB_CODE_NEW:
	case JOB_CODE_POLL:
	case JOB_CODE_CLAIM:
	case JOB_VERIFY_DOC:
		s = &k->session;
		break;
	default:
		s = &k->bg;
		break;
	}
	if (!s->worker)
		return KIO_ERR_INTERNAL;
	return kio_worker_post(s->worker, job);
}
