/*
 * txn.h — one print, end to end, exactly once at the server.
 *
 * download → verify (size, %PDF-, SHA-256, status AKTIF at /verify; done by
 * kio_txn_prepare before the citizen confirms, so a document that fails
 * never costs a reservation) → printer pre-check → journal the key →
 * reserve (Idempotency-Key) → Create-Job → journal print id and job id in
 * one write → send the verified bytes → track → complete | release.
 * Each effect that may cost a credit or paper is journalled BEFORE it
 * happens, together with the print-log event, so that after a crash
 * kio_txn_recover() knows exactly what to settle. A job is created before
 * its id is journalled: without its document it cannot print (cupsd aborts
 * it), so until that write only the reservation needs settling:
 *   RESERVING            reserve again with the same key, then release
 *   RESERVED..VERIFIED   release (nothing reached the printer; the path
 *                        that downloads after reserving journals these)
 *   SUBMITTING, no job   release (rows of older versions)
 *   SUBMITTING + job id, ask the printer where the row says the job went
 *   SUBMITTED            (queue@server, on a fresh connection):
 *                          completed → complete;
 *                          canceled/aborted/gone → release;
 *                          not ended, younger than job_timeout_s → wait;
 *                          not ended, older → cancel, ask again, and
 *                            release only once the printer confirms;
 *                          printer unreachable → wait (backoff), however
 *                            long: never release while it may still print
 *   PRINTED              complete;   FAILED  release
 * The credit is released only when no paper can come out: nothing was
 * submitted, or the job is known cancelled, aborted or gone. A reservation
 * that cannot be settled meanwhile expires on the server by itself.
 *
 * One settler per print: every journal write is a compare-and-set on the
 * row's step and attempts (kio_store_tx_set), and complete/release is sent
 * only by the settler whose claim (attempts + 1) succeeded. The session
 * worker and recovery may race on a row (recovery reads a snapshot and may
 * reach a row long after); the loser moves nothing and sends nothing.
 * All calls block; run them on a worker, never on the UI thread.
 */
#ifndef KIO_TXN_H
#define KIO_TXN_H

#include <stdatomic.h>
#include <stdbool.h>

#include "core/config.h"
#include "core/err.h"
#include "core/model.h"
#include "core/sm.h"
#include "net/client.h"
#include "printer/printer.h"
#include "store/store.h"

/* The central server as the transaction sees it: the five calls it makes,
 * with the contracts of their kio_client_* namesakes (net/client.h). The
 * real table is kio_txn_client_ops (impl: a kio_client_t); the simulation
 * in tests/txnsim puts an in-process server behind the same table. */
typedef struct kio_txn_server_ops {
	kio_err_t (*reserve)(void *impl, const char *doc_id, const char *idem_key, int copies,
	                     kio_reservation_t *out, kio_api_error_t *err);
	kio_err_t (*download)(void *impl, const kio_document_t *doc, kio_docbuf_t *out,
	                      kio_progress_fn progress, void *ctx, kio_api_error_t *err);
	kio_err_t (*verify)(void *impl, const char *doc_id, kio_verify_t *out,
	                    kio_api_error_t *err);
	kio_err_t (*complete)(void *impl, const char *print_id, int pages, const char *printer_name,
	                      int job_id, kio_completion_t *out, kio_api_error_t *err);
	kio_err_t (*release)(void *impl, const char *print_id, const char *reason,
	                     kio_api_error_t *err);
} kio_txn_server_ops_t;

extern const kio_txn_server_ops_t kio_txn_client_ops;

/* What one worker owns to run transactions. */
typedef struct kio_txn_env {
	const kio_config_t *cfg;
	kio_client_t *client; /* the server, unless SERVER is set */
	/* Another server behind the same calls (NULL: CLIENT through
	 * kio_txn_client_ops). */
	const kio_txn_server_ops_t *server;
	void *server_impl;
	kio_printer_t *printer;
	kio_store_t *store;
	/* Shared by every env of one kiosk: the journal id of the print running
	 * right now (0: none). Recovery on another worker leaves it alone. */
	atomic_llong *active;
} kio_txn_env_t;

typedef void (*kio_txn_progress_fn)(void *ctx, kio_print_step_t step, int percent, int pages_done,
                                    int pages_total);

typedef struct kio_txn_result {
	kio_err_t err;
	char reason[48];   /* strings key suffix: "paper_out", "doc_hash" */
	bool credit_kept;  /* the reservation was released (or never made) */
	char api_code[48]; /* server error code when err == KIO_ERR_API */
	char message[KIO_MESSAGE_MAX];
	int job_id;
	bool settled; /* false: complete/release still owed (recovery) */
} kio_txn_result_t;

/* Before any reservation (the citizen's preview): downloads DOC into OUT
 * (mlocked; wipe it with kio_docbuf_free) hashing as it arrives, checks
 * size, %PDF- and SHA-256, then its status at /verify: AKTIF with the same
 * SHA-256. KIO_OK: OUT holds the issued bytes, ready for kio_txn_print.
 * Otherwise OUT is empty and RES says why (reason "doc_invalid" for TIDAK
 * VALID, "doc_inactive", "doc_hash", ...; credit_kept always true: nothing
 * was reserved); a document that failed its own checks is logged as
 * document.rejected. Progress: DOWNLOADING (percent), then VERIFYING. */
kio_err_t kio_txn_prepare(const kio_txn_env_t *env, const kio_document_t *doc, const char *app_code,
                          const char *nik_masked, kio_txn_progress_fn progress, void *ctx,
                          kio_docbuf_t *out, kio_txn_result_t *res);

/* Prints DOC of application APP_CODE for the citizen NIK_MASKED. VERIFIED:
 * the bytes kio_txn_prepare returned for DOC (borrowed, still the caller's
 * to wipe): they are printed as they are, nothing is downloaded again.
 * NULL: download and verify after reserving (steps 2-3; a refusal then
 * releases the reservation). CANCEL is honoured until the job is
 * submitted. The transaction always ends in the journal; if the server
 * cannot be told right now, RES->settled is false and kio_txn_recover()
 * finishes it later with the same keys. */
kio_err_t kio_txn_print(const kio_txn_env_t *env, const kio_document_t *doc, const char *app_code,
                        const char *nik_masked, const kio_docbuf_t *verified,
                        kio_txn_progress_fn progress, void *ctx, const atomic_bool *cancel,
                        kio_txn_result_t *res);

/* Settles every unsettled transaction whose retry time has come. *SETTLED
 * and *LEFT (may be NULL) count what was done and what still waits; a failure
 * schedules the next retry with exponential backoff (5 s .. 10 min). */
kio_err_t kio_txn_recover(const kio_txn_env_t *env, int *settled, int *left);

#endif
