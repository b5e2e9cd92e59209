/* txn.c — the print transaction and its crash recovery (see txn.h). */
#include "print/txn.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/str.h"

enum {
	RESERVE_RETRIES = 2,
	/* Longest reservation the kiosk waits out when it cannot ask (the
	 * contract's example is 900 s; a margin covers clock skew). */
	RESERVATION_EXPIRY_S = 960,
	/* A printer precheck this recent is not asked again before the job:
	 * only the reservation happened since (the bytes were verified at the
	 * preview). Older (a download and verify in between): asked again. */
	PRECHECK_FRESH_MS = 1000,
};

static long long mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- the server's calls ---------------------------------------------------- */

static kio_err_t client_reserve(void *impl, const char *doc_id, const char *idem_key, int copies,
                                kio_reservation_t *out, kio_api_error_t *err)
{
	return kio_client_reserve(impl, doc_id, idem_key, copies, out, err);
}

static kio_err_t client_download(void *impl, const kio_document_t *doc, kio_docbuf_t *out,
                                 kio_progress_fn progress, void *ctx, kio_api_error_t *err)
{
	return kio_client_download(impl, doc, out, progress, ctx, err);
}

static kio_err_t client_verify(void *impl, const char *doc_id, kio_verify_t *out,
                               kio_api_error_t *err)
{
	return kio_client_verify(impl, doc_id, out, err);
}

static kio_err_t client_complete(void *impl, const char *print_id, int pages,
                                 const char *printer_name, int job_id, kio_completion_t *out,
                                 kio_api_error_t *err)
{
	return kio_client_complete(impl, print_id, pages, printer_name, job_id, out, err);
}

static kio_err_t client_release(void *impl, const char *print_id, const char *reason,
                                kio_api_error_t *err)
{
	return kio_client_release(impl, print_id, reason, err);
}

const kio_txn_server_ops_t kio_txn_client_ops = {
    .reserve = client_reserve,
    .download = client_download,
    .verify = client_verify,
    .complete = client_complete,
    .release = client_release,
};

/* The server behind ENV: its ops and their impl. */
static const kio_txn_server_ops_t *srv(const kio_txn_env_t *env)
{
	return env->server ? env->server : &kio_txn_client_ops;
}

static void *srv_impl(const kio_txn_env_t *env)
{
	return env->server ? env->server_impl : env->client;
}

/* Transport failures after which the server may or may not hold the
 * reservation (the request may have arrived; the answer did not). */
static bool reserve_answer_lost(kio_err_t err)
{
	return err == KIO_ERR_NET_TIMEOUT || err == KIO_ERR_NET_RESET ||
	       err == KIO_ERR_NET_PROTOCOL || err == KIO_ERR_NET_SERVER || err == KIO_ERR_NET_BUSY;
}

static void event_for(const kio_tx_t *tx, kio_event_t *ev, const char *type, const char *reason)
{
	memset(ev, 0, sizeof *ev);
	KIO_COPY(ev->type, type);
	KIO_COPY(ev->document_id, tx->document_id);
	KIO_COPY(ev->application, tx->application);
	KIO_COPY(ev->kind, tx->kind);
	KIO_COPY(ev->nik_masked, tx->nik_masked);
	ev->pages = tx->pages;
	ev->job_id = tx->job_id;
	KIO_COPY(ev->reason, reason);
}

/* Journal the step (and its event) before acting on it: a compare-and-set
 * from the row as this writer last saw it (kio_store_tx_set). If the write
 * fails TX keeps its new fields but not the move, so the next journal()
 * starts from the row as it is. KIO_ERR_INVAL: another settler moved the
 * row first; act on nothing. */
static kio_err_t journal(const kio_txn_env_t *env, kio_tx_t *tx, kio_tx_step_t step,
                         const char *ev_type, const char *reason)
{
	kio_tx_t seen = *tx;
	kio_event_t ev;

	tx->step = step;
	if (reason && reason != tx->reason)
		KIO_COPY(tx->reason, reason);
	if (ev_type)
		event_for(tx, &ev, ev_type, tx->reason);
	kio_err_t err = kio_store_tx_set(env->store, &seen, tx, ev_type ? &ev : NULL);
	if (err) {
		tx->step = seen.step;
		kio_error("txn", "journal %s failed: %s", kio_tx_step_name(step),
		          kio_err_name(err));
	}
	return err;
}

/* Come back to TX at AT (epoch s). A hint only, but written as a move
 * (attempts + 1), so a stale copy elsewhere cannot overwrite the row. */
static void retry_at(const kio_txn_env_t *env, kio_tx_t *tx, int64_t at)
{
	kio_tx_t seen = *tx;

	tx->attempts++;
	tx->next_retry_at = at;
	if (kio_store_tx_set(env->store, &seen, tx, NULL)) {
		tx->attempts = seen.attempts;
		tx->next_retry_at = seen.next_retry_at;
	}
}

/* Exponential backoff after ATTEMPTS tries: 5 s .. 10 min. */
static int backoff_s(int attempts)
{
	int backoff = 5 << (attempts < 7 ? attempts : 7);
	return backoff > 600 ? 600 : backoff;
}

/* complete (PRINTED) or release (FAILED) at the server, by the one settler
 * that claims the row first: a compare-and-set of attempts + 1 on the row
 * as TX saw it. On success the row becomes SETTLED with its print-log
 * event; KIO_ERR_INVAL: another settler holds it, nothing was sent. */
static kio_err_t settle(const kio_txn_env_t *env, kio_tx_t *tx)
{
	kio_api_error_t aerr;
	kio_err_t err;
	bool complete = tx->step == KIO_TX_PRINTED;
	kio_tx_t seen = *tx;

	if (tx->step != KIO_TX_PRINTED && tx->step != KIO_TX_FAILED)
		return KIO_ERR_INTERNAL;
	tx->attempts++;
	err = kio_store_tx_set(env->store, &seen, tx, NULL);
	if (err) {
		tx->attempts = seen.attempts; /* not ours (INVAL), or the disk failed */
		return err;
	}
	memset(&aerr, 0, sizeof aerr);
	if (complete) {
		kio_completion_t done;
		char queue[KIO_PRINTER_LOCATION_MAX];
		kio_printer_location_queue(tx->printer, queue, sizeof queue);
		err = srv(env)->complete(srv_impl(env), tx->print_id, tx->pages, queue, tx->job_id,
		                         &done, &aerr);
	} else if (!tx->print_id[0]) {
		err = KIO_OK; /* nothing was reserved: nothing to give back */
	} else {
		err = srv(env)->release(srv_impl(env), tx->print_id,
		                        tx->reason[0] ? tx->reason : "failed", &aerr);
	}
	/* A reservation the server no longer knows (expired) is settled too:
	 * its credit already came back. */
	if (err == KIO_ERR_API && aerr.http_status == 404)
		err = KIO_OK;
	if (err) {
		seen = *tx;
		tx->next_retry_at = (int64_t)time(NULL) + backoff_s(tx->attempts);
		if (kio_store_tx_set(env->store, &seen, tx, NULL))
			tx->next_retry_at = seen.next_retry_at; /* a hint; the row stays open */
		return err;
	}
	KIO_COPY(tx->outcome, complete ? "complete" : "release");
	bool log_it = complete || tx->print_id[0];
	err = journal(env, tx, KIO_TX_SETTLED,
	              log_it ? (complete ? "print.completed" : "print.released") : NULL, NULL);
	return err;
}

static void fail(kio_txn_result_t *res, kio_err_t err, const char *reason)
{
	res->err = err;
	KIO_COPY(res->reason, reason ? reason : kio_err_name(err));
}

/* What the verify step's answer (ERR, VER) says against DOC: NULL when the
 * document may be printed; else the print-log reason, with RES set so the
 * citizen hears which of the three it was (FAQ 25): TIDAK VALID (unknown
 * to the verification host: a forged or damaged code), TIDAK AKTIF
 * (replaced by a newer document), or a SHA-256 the host does not hold for
 * it (the bytes are not the issued ones). */
static const char *verify_refusal(kio_err_t err, const kio_verify_t *ver, const kio_document_t *doc,
                                  kio_txn_result_t *res)
{
	if (err || ver->status == KIO_DOC_TIDAK_VALID) {
		fail(res, KIO_ERR_DOC_INACTIVE, "doc_invalid");
		return "TIDAK VALID";
	}
	if (ver->status != KIO_DOC_AKTIF) {
		fail(res, KIO_ERR_DOC_INACTIVE, "doc_inactive");
		return "TIDAK AKTIF";
	}
	if (strcmp(ver->sha256, doc->sha256)) {
		fail(res, KIO_ERR_DOC_HASH, "doc_hash");
		return "sha256 differs";
	}
	return NULL;
}

struct track_ctx {
	kio_txn_progress_fn progress;
	void *ctx;
	int pages_total;
};

static void on_job(void *arg, const kio_job_status_t *js)
{
	struct track_ctx *t = arg;
	if (t->progress)
		t->progress(t->ctx, KIO_PSTEP_PRINTING, -1, js->pages_done, t->pages_total);
}

struct dl_ctx {
	kio_txn_progress_fn progress;
	void *ctx;
	int last_pct;
};

static void on_download(void *arg, uint64_t done, uint64_t total)
{
	struct dl_ctx *d = arg;
	int pct = total ? (int)(done * 100 / total) : -1;
	if (pct == d->last_pct || !d->progress)
		return;
	d->last_pct = pct;
	d->progress(d->ctx, KIO_PSTEP_DOWNLOADING, pct, -1, 0);
}

static void step(kio_txn_progress_fn progress, void *ctx, kio_print_step_t s, int pages)
{
	if (progress)
		progress(ctx, s, -1, -1, pages);
}

/* Download DOC into PDF (hashed as it arrives: size, %PDF-, SHA-256) and
 * verify its status where its QR points. KIO_OK: PDF holds the issued
 * bytes. Otherwise PDF is empty, RES says why, and *REJECTED names what
 * the document itself failed (for the print log's document.rejected), or
 * is NULL when only the way there failed (network, server, cancel). */
static kio_err_t fetch_checked(const kio_txn_env_t *env, const kio_document_t *doc,
                               kio_txn_progress_fn progress, void *ctx, kio_docbuf_t *pdf,
                               kio_txn_result_t *res, const char **rejected)
{
	kio_api_error_t aerr;
	kio_verify_t ver;
	struct dl_ctx dl = {progress, ctx, -2};

	*rejected = NULL;
	memset(&aerr, 0, sizeof aerr);
	kio_err_t err = srv(env)->download(srv_impl(env), doc, pdf, on_download, &dl, &aerr);
	if (err == KIO_ERR_DOC_SIZE || err == KIO_ERR_DOC_NOT_PDF || err == KIO_ERR_DOC_HASH)
		*rejected = kio_err_name(err);
	if (err) {
		fail(res, err, NULL);
		kio_docbuf_free(pdf);
		return err;
	}
	step(progress, ctx, KIO_PSTEP_VERIFYING, doc->pages);
	memset(&ver, 0, sizeof ver);
	err = srv(env)->verify(srv_impl(env), doc->id, &ver, &aerr);
	if (err && !(err == KIO_ERR_API && aerr.http_status == 404)) {
		fail(res, err, NULL);
		kio_docbuf_free(pdf);
		return err;
	}
	*rejected = verify_refusal(err, &ver, doc, res);
	if (*rejected) {
		kio_docbuf_free(pdf);
		return res->err;
	}
	return KIO_OK;
}

kio_err_t kio_txn_prepare(const kio_txn_env_t *env, const kio_document_t *doc, const char *app_code,
                          const char *nik_masked, kio_txn_progress_fn progress, void *ctx,
                          kio_docbuf_t *out, kio_txn_result_t *res)
{
	const char *rejected = NULL;

	memset(res, 0, sizeof *res);
	memset(out, 0, sizeof *out);
	res->job_id = -1;
	res->credit_kept = true; /* nothing is reserved here, whatever happens */
	res->settled = true;
	step(progress, ctx, KIO_PSTEP_DOWNLOADING, doc->pages);
	kio_err_t err = fetch_checked(env, doc, progress, ctx, out, res, &rejected);
	if (err && rejected && env->store) {
		/* A document that is not the issued one is worth a line in the
		 * print log even though no print was attempted. */
		kio_tx_t tx;
		kio_event_t ev;
		memset(&tx, 0, sizeof tx);
		KIO_COPY(tx.document_id, doc->id);
		KIO_COPY(tx.application, app_code);
		KIO_COPY(tx.kind, doc->kind);
		KIO_COPY(tx.nik_masked, nik_masked);
		tx.pages = doc->pages;
		tx.job_id = -1;
		event_for(&tx, &ev, "document.rejected", rejected);
		kio_err_t lerr = kio_store_event_append(env->store, &ev);
		(void)lerr; /* the refusal stands even if it cannot be logged */
	}
	return err;
}

/* Before a new print of DOC: a reservation whose answer was lost earlier in
 * this session still holds the citizen's credit. With their token at hand,
 * ask again with the old key and release it, so the new print is not refused
 * for a quota the kiosk itself is holding. */
static void release_lost_reservations(const kio_txn_env_t *env, const char *doc_id)
{
	enum { BATCH = 16 };
	kio_tx_t txs[BATCH];
	int n = 0;
	if (kio_store_tx_unsettled(env->store, txs, BATCH, &n))
		return;
	for (int i = 0; i < n; i++) {
		kio_tx_t *tx = &txs[i];
		if (tx->step != KIO_TX_RESERVING || strcmp(tx->document_id, doc_id))
			continue;
		kio_reservation_t rsv;
		kio_api_error_t aerr;
		kio_err_t err =
		    srv(env)->reserve(srv_impl(env), tx->document_id, tx->idem_key, 1, &rsv, &aerr);
		if (err == KIO_OK) {
			KIO_COPY(tx->print_id, rsv.print_id);
			journal(env, tx, KIO_TX_FAILED, "print.reserved", "recovered");
		} else if (err == KIO_ERR_API && aerr.http_status != 401 &&
		           aerr.http_status != 403) {
			journal(env, tx, KIO_TX_FAILED, NULL, aerr.code);
		} else {
			continue;
		}
		if (settle(env, tx))
			kio_warn("txn", "lost reservation of %s not released yet", doc_id);
	}
}

static bool job_ended(kio_job_state_t s)
{
	return s == KIO_JOB_COMPLETED || s == KIO_JOB_CANCELED || s == KIO_JOB_ABORTED;
}

/* What became of TX's job, asked on a fresh connection where the row says
 * it went (the handle may be bound to another queue by now, or its
 * connection broken). KIO_OK: TX moved to PRINTED (completed) or FAILED
 * (cancelled, aborted, or gone from the printer's history; WHY, or the
 * state, as the reason). With CANCEL a job not ended is cancelled and asked
 * again: only the printer's word ends it. Otherwise the fate is open:
 * KIO_ERR_PRINTER_UNAVAILABLE (cannot ask) or KIO_ERR_TIMEOUT (still
 * queued or printing); KIO_ERR_INVAL: another settler moved the row. */
static kio_err_t decide_job(const kio_txn_env_t *env, kio_tx_t *tx, bool cancel, const char *why)
{
	kio_job_status_t js;
	kio_err_t err = kio_printer_poll_at(env->printer, tx->printer, tx->job_id, &js);

	if (err == KIO_OK && !job_ended(js.state) && cancel) {
		err = kio_printer_cancel_at(env->printer, tx->printer, tx->job_id);
		if (err == KIO_OK)
			err = kio_printer_poll_at(env->printer, tx->printer, tx->job_id, &js);
	}
	if (err == KIO_ERR_INVAL) /* the printer does not know the job */
		return journal(env, tx, KIO_TX_FAILED, "print.failed", why ? why : "gone");
	if (err)
		return KIO_ERR_PRINTER_UNAVAILABLE; /* no answer that ends the job */
	if (js.state == KIO_JOB_COMPLETED)
		return journal(env, tx, KIO_TX_PRINTED, NULL, NULL);
	if (js.state == KIO_JOB_CANCELED || js.state == KIO_JOB_ABORTED)
		return journal(env, tx, KIO_TX_FAILED, "print.failed",
		               why ? why : kio_job_state_name(js.state));
	return KIO_ERR_TIMEOUT;
}

/* What kio_txn_print hands to print_steps besides the row. */
struct print_in {
	const kio_document_t *doc;
	const char *app_code;
	const kio_docbuf_t *verified;
	long long checked_ms; /* when the printer precheck passed (mono_ms) */
	kio_txn_progress_fn progress;
	void *ctx;
	const atomic_bool *cancel;
};

static kio_err_t print_steps(const kio_txn_env_t *env, kio_tx_t *txp, const struct print_in *in,
                             kio_txn_result_t *res);

kio_err_t kio_txn_print(const kio_txn_env_t *env, const kio_document_t *doc, const char *app_code,
                        const char *nik_masked, const kio_docbuf_t *verified,
                        kio_txn_progress_fn progress, void *ctx, const atomic_bool *cancel,
                        kio_txn_result_t *res)
{
	kio_tx_t tx;
	kio_err_t err;

	memset(res, 0, sizeof *res);
	res->job_id = -1;
	res->credit_kept = true;

	/* 0. Never print unlogged: the journal must be writable first. */
	err = env->store ? kio_store_writable(env->store) : KIO_ERR_DISK_FULL;
	if (err) {
		fail(res, err, "disk_full");
		res->settled = true;
		return err;
	}
	memset(&tx, 0, sizeof tx);
	KIO_COPY(tx.document_id, doc->id);
	KIO_COPY(tx.application, app_code);
	KIO_COPY(tx.kind, doc->kind);
	KIO_COPY(tx.nik_masked, nik_masked);
	KIO_COPY(tx.title, doc->title);
	KIO_COPY(tx.sha256, doc->sha256);
	tx.pages = doc->pages;
	tx.copies = 1;

	/* A printer known to be unable right now costs no reservation: check
	 * before reserving (and again before submitting, see print_steps). */
	kio_print_opts_t early;
	kio_printer_status_t est;
	kio_print_opts_init(&early, env->cfg, app_code);
	err = kio_printer_precheck(env->printer, &early, &est);
	if (err) {
		const char *why =
		    err == KIO_ERR_PRINTER ? kio_printer_condition_name(est.condition) : "offline";
		kio_event_t ev;
		event_for(&tx, &ev, "print.failed", why);
		ev.job_id = -1;
		kio_err_t lerr = kio_store_event_append(env->store, &ev);
		(void)lerr; /* the refusal stands even if it cannot be logged */
		fail(res, KIO_ERR_PRINTER, why);
		res->settled = true;
		return KIO_ERR_PRINTER;
	}
	long long checked_ms = mono_ms();
	tx.size = doc->size;
	/* Where the job will go, journalled: recovery asks there, whatever
	 * queue a technician chooses meanwhile. */
	err = kio_printer_location(env->cfg, tx.printer, sizeof tx.printer);
	if (err) {
		fail(res, KIO_ERR_CONFIG, "config");
		res->settled = true;
		return KIO_ERR_CONFIG;
	}
	release_lost_reservations(env, doc->id);
	err = kio_store_tx_begin(env->store, &tx);
	if (err) {
		fail(res, err, "disk_full");
		res->settled = true;
		return err;
	}
	if (env->active)
		atomic_store(env->active, tx.id);
	struct print_in in = {.doc = doc,
	                      .app_code = app_code,
	                      .verified = verified && verified->data ? verified : NULL,
	                      .checked_ms = checked_ms,
	                      .progress = progress,
	                      .ctx = ctx,
	                      .cancel = cancel};
	err = print_steps(env, &tx, &in, res);
	if (env->active)
		atomic_store(env->active, 0);
	return err;
}

/* 1. Reserve with the row's key. KIO_OK: TX holds the print id (not yet
 * journalled). Otherwise the row is ended as the answer allows and RES
 * says why: refused or never sent → FAILED and settled here; answer lost →
 * left at RESERVING (logged) for recovery, which asks again with the key. */
static kio_err_t reserve_step(const kio_txn_env_t *env, kio_tx_t *tx, const struct print_in *in,
                              kio_txn_result_t *res)
{
	kio_api_error_t aerr;
	kio_reservation_t rsv;

	step(in->progress, in->ctx, KIO_PSTEP_RESERVING, in->doc->pages);
	kio_err_t err = srv(env)->reserve(srv_impl(env), in->doc->id, tx->idem_key, 1, &rsv, &aerr);
	/* A lost answer may hide a reservation: ask again with the same key
	 * (same key, same answer) while the citizen's token is still here, so
	 * it can be released at once instead of blocking their next try. */
	for (int retry = 0; retry < RESERVE_RETRIES && reserve_answer_lost(err); retry++) {
		struct timespec pause = {0, 300 * 1000 * 1000};
		nanosleep(&pause, NULL);
		if (in->cancel && atomic_load(in->cancel))
			break;
		err = srv(env)->reserve(srv_impl(env), in->doc->id, tx->idem_key, 1, &rsv, &aerr);
	}
	if (err == KIO_ERR_API) {
		/* The server said no: nothing reserved, nothing to settle. */
		KIO_COPY(res->api_code, aerr.code);
		KIO_COPY(res->message, aerr.message);
		fail(res, err, aerr.code);
		journal(env, tx, KIO_TX_FAILED, "print.failed", aerr.code);
		res->settled = settle(env, tx) == KIO_OK; /* no server call: no id */
		return KIO_ERR_API;
	}
	if (err == KIO_ERR_NET_CONNECT || err == KIO_ERR_NET_DNS || err == KIO_ERR_NET_TLS ||
	    err == KIO_ERR_NET_PIN || err == KIO_ERR_NET_INSECURE || err == KIO_ERR_CANCELED) {
		/* The request never reached the server: nothing is reserved. */
		fail(res, err, NULL);
		journal(env, tx, KIO_TX_FAILED, "print.failed", kio_err_name(err));
		res->settled = settle(env, tx) == KIO_OK; /* no id: settled locally */
		return err;
	}
	if (err) {
		/* Still unknown whether the server holds a reservation: the row
		 * stays at RESERVING (logged), recovery settles it; an unheard-of
		 * reservation expires by itself and its credit comes back. */
		fail(res, err, NULL);
		journal(env, tx, KIO_TX_RESERVING, "print.failed", kio_err_name(err));
		res->settled = false;
		return err;
	}
	KIO_COPY(tx->print_id, rsv.print_id);
	return KIO_OK;
}

/* 2. Download into memory, hashing as it arrives, and 3. verify the status
 * where the document's QR points: the path without a preview. The
 * reservation is journalled first (RESERVED, print.reserved). KIO_OK: PDF
 * holds the bytes, the row is VERIFIED. Otherwise RES says why and
 * *REJECTED names what the document itself failed (already journalled as
 * FAILED with document.rejected) or is NULL. */
static kio_err_t download_step(const kio_txn_env_t *env, kio_tx_t *tx, const struct print_in *in,
                               kio_docbuf_t *pdf, kio_txn_result_t *res, const char **rejected)
{
	*rejected = NULL;
	kio_err_t err = journal(env, tx, KIO_TX_RESERVED, "print.reserved", "");
	if (!err && in->cancel && atomic_load(in->cancel)) {
		fail(res, KIO_ERR_CANCELED, "canceled");
		return KIO_ERR_CANCELED;
	}
	if (!err)
		err = journal(env, tx, KIO_TX_DOWNLOADING, NULL, NULL);
	if (err)
		return err;
	err = fetch_checked(env, in->doc, in->progress, in->ctx, pdf, res, rejected);
	if (err && *rejected)
		journal(env, tx, KIO_TX_FAILED, "document.rejected", *rejected);
	if (err)
		return err;
	return journal(env, tx, KIO_TX_VERIFIED, NULL, NULL);
}

/* 4. Printer ready? Asked again unless the precheck before the reservation
 * is only milliseconds old (it may have changed since "Cetak"). */
static kio_err_t recheck_step(const kio_txn_env_t *env, const struct print_in *in,
                              const kio_print_opts_t *opts, kio_txn_result_t *res)
{
	kio_printer_status_t pst;

	if (mono_ms() - in->checked_ms < PRECHECK_FRESH_MS)
		return KIO_OK;
	kio_err_t err = kio_printer_precheck(env->printer, opts, &pst);
	if (err) {
		fail(res, err,
		     err == KIO_ERR_PRINTER ? kio_printer_condition_name(pst.condition)
		                            : "offline");
		if (err == KIO_ERR_PRINTER_UNAVAILABLE)
			res->err = KIO_ERR_PRINTER;
	}
	return err;
}

/* Steps 1..7 of one print whose journal row TX exists; with IN->VERIFIED
 * (the bytes kio_txn_prepare checked) steps 2 and 3 are already done.
 * Durable writes before the document goes: the row (RESERVING, with its
 * key), then one with the print id and the job id together (SUBMITTED).
 * The job is created before that write: a job without its document cannot
 * print (cupsd aborts it), so a crash in between leaves only a reservation
 * to release, found again by its key. */
static kio_err_t print_steps(const kio_txn_env_t *env, kio_tx_t *txp, const struct print_in *in,
                             kio_txn_result_t *res)
{
	kio_tx_t tx = *txp;
	kio_docbuf_t pdf = {0}; /* downloaded here (no VERIFIED): ours to wipe */
	const kio_docbuf_t *verified = in->verified;
	const kio_document_t *doc = in->doc;
	const char *rejected = NULL;
	kio_err_t err;
	kio_print_opts_t opts;

	err = reserve_step(env, &tx, in, res);
	if (err)
		return err;
	/* print.reserved is logged with the first write that holds the id. */
	bool reserved_logged = !verified;
	if (!verified) {
		err = download_step(env, &tx, in, &pdf, res, &rejected);
		if (err && rejected)
			goto release_now;
		if (err)
			goto release;
		verified = &pdf;
	}
	if (in->cancel && atomic_load(in->cancel)) {
		fail(res, KIO_ERR_CANCELED, "canceled");
		goto release;
	}
	kio_print_opts_init(&opts, env->cfg, in->app_code);
	if (recheck_step(env, in, &opts, res))
		goto release;

	/* 5. Submit: from here paper may move, so no more cancel. The job id
	 * is journalled before the document goes: a job that has its
	 * document may print, and then only its id lets anyone settle it. */
	step(in->progress, in->ctx, KIO_PSTEP_SUBMITTING, doc->pages);
	int job_id = -1;
	err = kio_printer_create_job(env->printer, &opts, &job_id);
	if (err) {
		/* No id came back: no job, or one without a document, which
		 * cupsd drops: nothing can print. */
		fail(res, KIO_ERR_PRINTER, "offline");
		goto release;
	}
	tx.job_id = job_id;
	res->job_id = job_id;
	err = journal(env, &tx, KIO_TX_SUBMITTED, reserved_logged ? NULL : "print.reserved", "");
	if (err) {
		/* Unjournalled, the job must never get its document. */
		kio_err_t cerr = kio_printer_cancel_at(env->printer, tx.printer, job_id);
		(void)cerr; /* without a document it cannot print anyway */
		tx.job_id = -1;
		fail(res, KIO_ERR_PRINTER, "offline");
		goto release;
	}
	reserved_logged = true;
	err = kio_printer_send_document(env->printer, &opts, job_id, verified->data,
	                                (size_t)verified->len);
	kio_docbuf_free(&pdf); /* the printer has the bytes; wipe ours now */
	if (err) {
		/* cupsd may hold the whole document (a failure at
		 * finish-document): only the job's own state decides. */
		fail(res, KIO_ERR_PRINTER, "offline");
		goto decide;
	}

	/* 6. Track to a terminal state: fire-and-forget would report jams and
	 * empty trays as success. */
	step(in->progress, in->ctx, KIO_PSTEP_PRINTING, doc->pages);
	struct track_ctx tc = {in->progress, in->ctx, doc->pages};
	kio_job_status_t final;
	memset(&final, 0, sizeof final);
	err = kio_printer_track(env->printer, job_id, env->cfg->job_timeout_s, on_job, &tc, NULL,
	                        &final);
	if (err == KIO_ERR_PRINTER_UNAVAILABLE) {
		/* The job's fate is unknown: leave it for recovery, which asks
		 * the printer later and never releases while it may print. */
		fail(res, KIO_ERR_PRINTER, "offline");
		res->credit_kept = false; /* not known yet */
		res->settled = false;
		return res->err;
	}
	if (err) {
		const char *why = err == KIO_ERR_TIMEOUT ? "stalled"
		                  : final.condition != KIO_PRINTER_READY
		                      ? kio_printer_condition_name(final.condition)
		                      : kio_job_state_name(final.state);
		fail(res, KIO_ERR_PRINTER, why);
		goto decide; /* tracking cancelled it; the printer confirms */
	}

	/* 7. Paper came out: journal it first, then tell the server. */
	err = journal(env, &tx, KIO_TX_PRINTED, NULL, NULL);
	if (err == KIO_ERR_INVAL)
		goto taken;
	if (err)
		kio_error("txn", "printed job %d but could not journal it", job_id);
printed:
	step(in->progress, in->ctx, KIO_PSTEP_SETTLING, doc->pages);
	res->credit_kept = false;
	res->err = KIO_OK;
	res->reason[0] = '\0';
	res->settled = settle(env, &tx) == KIO_OK;
	return KIO_OK;

decide:
	/* The job exists but did not complete under tracking: settled by what
	 * its printer says, asked on a fresh connection, cancelled first. */
	err = decide_job(env, &tx, true, res->reason);
	if (err == KIO_ERR_INVAL)
		goto taken;
	if (err) {
		res->credit_kept = false; /* not known yet: recovery settles it */
		res->settled = false;
		return res->err;
	}
	if (tx.step == KIO_TX_PRINTED)
		goto printed; /* it completed before the cancel reached it */
	goto release_now;

release:
	/* The log reads print.reserved before the failure it releases. */
	if (!reserved_logged &&
	    journal(env, &tx, KIO_TX_RESERVED, "print.reserved", "") == KIO_ERR_INVAL)
		goto taken;
	if (journal(env, &tx, KIO_TX_FAILED, "print.failed", res->reason) == KIO_ERR_INVAL)
		goto taken;
release_now:
	kio_docbuf_free(&pdf);
	res->settled = settle(env, &tx) == KIO_OK;
	res->credit_kept = true;
	return res->err ? res->err : KIO_ERR_INTERNAL;

taken:
	/* Recovery settled this row while it looked abandoned (it is only
	 * ever taken before its job has its document): it is theirs now. */
	kio_docbuf_free(&pdf);
	res->settled = true;
	return res->err ? res->err : KIO_ERR_INTERNAL;
}

/* The steps recovery can settle without a printer: a print that stopped
 * before its document went anywhere. RESERVING asks the server again. */
static void recover_early(const kio_txn_env_t *env, kio_tx_t *tx, int64_t now)
{
	if (tx->step != KIO_TX_RESERVING) {
		/* RESERVED..VERIFIED, or SUBMITTING with no job id: the document
		 * only goes after the job id is journalled, so nothing prints.
		 * (A RESERVING row may also have a job without its document.) */
		journal(env, tx, KIO_TX_FAILED, "print.failed", "interrupted");
		return;
	}
	/* Same key => same answer: learn the print id, then give it back. */
	kio_reservation_t rsv;
	kio_api_error_t aerr;
	kio_err_t err =
	    srv(env)->reserve(srv_impl(env), tx->document_id, tx->idem_key, 1, &rsv, &aerr);
	if (err == KIO_ERR_API && (aerr.http_status == 401 || aerr.http_status == 403)) {
		/* No citizen token here to ask with. A reservation the kiosk
		 * never heard of expires on its own (contract): after that it
		 * is settled, with nothing to release. */
		if (now - tx->created_at < RESERVATION_EXPIRY_S)
			retry_at(env, tx, tx->created_at + RESERVATION_EXPIRY_S);
		else
			journal(env, tx, KIO_TX_FAILED, "print.failed", "expired");
	} else if (err == KIO_ERR_API) {
		journal(env, tx, KIO_TX_FAILED, NULL, aerr.code);
	} else if (err == KIO_OK) {
		KIO_COPY(tx->print_id, rsv.print_id);
		journal(env, tx, KIO_TX_FAILED, "print.reserved", "recovered");
	} else {
		retry_at(env, tx, now + 5);
	}
}

/* A row whose job may exist: settled by the job's state where the row says
 * it went. A job older than the tracking bound that has not ended is
 * cancelled; until a cancel is confirmed the row waits (never a release
 * while the printer may still print; the reservation expires by itself). */
static void recover_job(const kio_txn_env_t *env, kio_tx_t *tx, int64_t now)
{
	bool overdue = now - tx->created_at > env->cfg->job_timeout_s;
	kio_err_t err = decide_job(env, tx, overdue, NULL);

	if (err == KIO_ERR_TIMEOUT)
		retry_at(env, tx, now + 5); /* still queued or printing */
	else if (err == KIO_ERR_PRINTER_UNAVAILABLE)
		retry_at(env, tx, now + backoff_s(tx->attempts));
}

kio_err_t kio_txn_recover(const kio_txn_env_t *env, int *settled, int *left)
{
	enum { BATCH = 16 };
	kio_tx_t txs[BATCH];
	int n = 0, done = 0, waiting = 0;
	kio_err_t first = KIO_OK;

	kio_err_t err = kio_store_tx_unsettled(env->store, txs, BATCH, &n);
	if (err)
		return err;
	for (int i = 0; i < n; i++) {
		kio_tx_t *tx = &txs[i];
		int64_t now = (int64_t)time(NULL);
		/* The snapshot may be stale by now (a row can be settled by the
		 * session worker while recovery waits on another): every move
		 * below is a compare-and-set, so a stale row moves nowhere. */
		if (env->active && atomic_load(env->active) == tx->id)
			continue; /* the session worker is printing it right now */
		if (tx->next_retry_at > now) {
			waiting++;
			continue;
		}
		if (tx->step == KIO_TX_SUBMITTED ||
		    (tx->step == KIO_TX_SUBMITTING && tx->job_id > 0))
			recover_job(env, tx, now);
		else if (tx->step < KIO_TX_SUBMITTED)
			recover_early(env, tx, now);
		if (tx->step != KIO_TX_PRINTED && tx->step != KIO_TX_FAILED) {
			waiting++;
			continue;
		}
		err = settle(env, tx);
		if (err == KIO_ERR_INVAL)
			continue; /* another settler has it */
		if (err) {
			first = first ? first : err;
			waiting++;
			continue;
		}
		done++;
	}
	if (settled)
		*settled = done;
	if (left)
		*left = waiting;
	return first;
}
