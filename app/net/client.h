/*
 * client.h — synchronous client of the central server (contract v1).
 *
 * One kio_client_t owns ONE libcurl easy handle, reused for every call so
 * that the connection is kept alive and the TLS session is resumed. It is
 * used by one worker thread at a time; only kio_client_cancel() and
 * kio_client_reset_cancel() may be called from another thread.
 *
 * Every call returns KIO_OK or a typed error (core/err.h):
 *   NET_INSECURE  server_url is http:// and allow_plain_http is false
 *                 (refused before any connection)
 *   NET_DNS / NET_CONNECT / NET_TLS / NET_PIN / NET_TIMEOUT / NET_RESET
 *   NET_PROTOCOL  wrong Content-Type, non-JSON, missing fields, HTML page
 *   NET_TOOBIG    body over its limit (KIO_API_BODY_MAX, the document size)
 *   NET_SERVER    5xx other than 503
 *   NET_BUSY      429 or 503; ERR->retry_after_s holds Retry-After (0 if
 *                 absent). The client never sleeps: the caller decides whether
 *                 and when to retry (a citizen at the screen should not wait
 *                 minutes; the heartbeat/event uploader should honour it).
 *   API           any other non-2xx; ERR holds status, code, message
 *   CANCELED      kio_client_cancel() was called during the call
 *   DOC_SIZE / DOC_NOT_PDF / DOC_HASH   (download only)
 * ERR (kio_api_error_t *) may be NULL; when given it is always filled
 * (http_status 0 if no HTTP answer arrived).
 */
#ifndef KIO_NET_CLIENT_H
#define KIO_NET_CLIENT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/err.h"
#include "core/model.h"
#include "net/api.h"

typedef struct kio_client kio_client_t;

/* A downloaded document in memory; wiped by kio_docbuf_free. */
typedef struct kio_docbuf {
	unsigned char *data;
	uint64_t len;
	atomic_int *live; /* the owning client's count of live documents */
} kio_docbuf_t;

/* Timings of the last transfer, in microseconds from its start (curl's
 * namelookup/connect/appconnect/starttransfer/total). 0 for a stage that did
 * not happen (e.g. a reused connection needs no connect). */
typedef struct kio_timing {
	int64_t dns_us;
	int64_t connect_us;
	int64_t tls_us;
	int64_t first_byte_us;
	int64_t total_us;
	bool reused; /* connection was kept alive */
} kio_timing_t;

/* One stage of the connectivity check. */
typedef struct kio_check_stage {
	kio_err_t result; /* KIO_OK or why the stage failed */
	int64_t us;       /* time until the stage was done */
	bool reached;     /* false: an earlier stage failed */
} kio_check_stage_t;

typedef struct kio_check_report {
	kio_check_stage_t dns, tcp, tls, api;
	int http_status;
	char detail[256]; /* curl's error text, for the technician */
} kio_check_report_t;

/* Progress of a download: DONE of TOTAL bytes (TOTAL is the listed size). */
typedef void (*kio_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/* Creates a client for CFG (copied). Checks the URL scheme here: http://
 * without allow_plain_http gives KIO_ERR_NET_INSECURE and no client. */
KIO_MUST_CHECK kio_err_t kio_client_new(const kio_config_t *cfg, kio_client_t **out);
/* Wipes the token and frees. NULL is fine. */
void kio_client_free(kio_client_t *c);

/* POST /sessions. On success the token is kept inside the client (never
 * handed out) and CITIZEN filled. Any earlier token is wiped first. */
KIO_MUST_CHECK kio_err_t kio_client_login(kio_client_t *c, const char *nik16, const char *password,
                                          kio_citizen_t *citizen, kio_api_error_t *err);
/* DELETE /sessions/current. The token is wiped locally whatever the server
 * answers; the result only says whether the server heard it. */
kio_err_t kio_client_logout(kio_client_t *c);
bool kio_client_has_session(const kio_client_t *c);

/* Login with a phone (v1.1). POST /login-codes: a new code. A v1 server
 * answers 404 (KIO_ERR_API, code not_found): the feature is not there. */
KIO_MUST_CHECK kio_err_t kio_client_login_code_new(kio_client_t *c, kio_login_code_t *out,
                                                   kio_api_error_t *err);
/* GET /login-codes/{CODE}. 202: *PENDING true, *EXPIRES_IN the server's
 * seconds left (-1 unknown). 201: *PENDING false and the session is open as
 * after kio_client_login (token kept inside, CITIZEN filled). Errors as
 * kio_client_login (410 expired, 403 not_verified/refused, 423 locked). */
KIO_MUST_CHECK kio_err_t kio_client_login_code_poll(kio_client_t *c, const char *code,
                                                    bool *pending, int *expires_in,
                                                    kio_citizen_t *citizen, kio_api_error_t *err);
/* POST /login-codes/{CODE}/claim: a code scanned from the citizen's phone;
 * 201 opens the session as above. */
KIO_MUST_CHECK kio_err_t kio_client_login_code_claim(kio_client_t *c, const char *code,
                                                     kio_citizen_t *citizen, kio_api_error_t *err);

/* GET /applications?status=selesai&page=PAGE (PAGE >= 1). */
KIO_MUST_CHECK kio_err_t kio_client_list(kio_client_t *c, int page, kio_app_page_t *out,
                                         kio_api_error_t *err);
/* GET /verify/{id} (no session needed). 404 → KIO_ERR_API, kind NOT_FOUND. */
KIO_MUST_CHECK kio_err_t kio_client_verify(kio_client_t *c, const char *doc_id, kio_verify_t *out,
                                           kio_api_error_t *err);

/* POST /documents/{id}/prints with Idempotency-Key IDEM_KEY (a UUID the
 * caller journals before calling, so a retry after a crash reuses it). */
KIO_MUST_CHECK kio_err_t kio_client_reserve(kio_client_t *c, const char *doc_id,
                                            const char *idem_key, int copies,
                                            kio_reservation_t *out, kio_api_error_t *err);
KIO_MUST_CHECK kio_err_t kio_client_complete(kio_client_t *c, const char *print_id, int pages,
                                             const char *printer_name, int job_id,
                                             kio_completion_t *out, kio_api_error_t *err);
KIO_MUST_CHECK kio_err_t kio_client_release(kio_client_t *c, const char *print_id,
                                            const char *reason, kio_api_error_t *err);

/* GET /documents/{id}/file into memory. Allocates exactly DOC->size bytes and
 * aborts as soon as more arrive (DOC_SIZE); hashes while receiving; then
 * checks size (DOC_SIZE), "%PDF-" (DOC_NOT_PDF) and SHA-256 (DOC_HASH).
 * Uses the low-speed limit of the config instead of a total timeout.
 * On any failure OUT is empty. PROGRESS may be NULL. */
KIO_MUST_CHECK kio_err_t kio_client_download(kio_client_t *c, const kio_document_t *doc,
                                             kio_docbuf_t *out, kio_progress_fn progress, void *ctx,
                                             kio_api_error_t *err);
/* Wipes and frees OUT's bytes; OUT becomes empty. NULL is fine. */
void kio_docbuf_free(kio_docbuf_t *out);
/* Documents downloaded by C and not yet freed (test hook for the wipe check;
 * safe to call from any thread). */
int kio_client_live_docs(kio_client_t *c);

/* POST /heartbeat; SERVER_TIME receives the server's RFC 3339 time and
 * SERVER_HEAD the print-log head it holds (v1.1; seq 0 from a v1 server). */
KIO_MUST_CHECK kio_err_t kio_client_heartbeat(kio_client_t *c, const kio_heartbeat_t *hb,
                                              char server_time[KIO_TIME_MAX],
                                              kio_log_head_t *server_head, kio_api_error_t *err);
/* GET /log-head (v1.1): the print-log head the server holds for this kiosk
 * (seq 0: none). A v1 server answers 404: KIO_ERR_API, code not_found. */
KIO_MUST_CHECK kio_err_t kio_client_log_head(kio_client_t *c, kio_log_head_t *head,
                                             kio_api_error_t *err);
/* POST /events with EVS[0..N) (N <= KIO_API_EVENTS_MAX). ACCEPTED receives up
 * to N ids (caller provides N slots), *NACCEPTED their number. */
KIO_MUST_CHECK kio_err_t kio_client_upload_events(kio_client_t *c, const kio_event_t *evs, int n,
                                                  char (*accepted)[KIO_UUID_BUF], int *naccepted,
                                                  kio_api_error_t *err);

/* Thread-safe: the running (or next) call returns KIO_ERR_CANCELED quickly.
 * The flag stays set until kio_client_reset_cancel(). */
void kio_client_cancel(kio_client_t *c);
void kio_client_reset_cancel(kio_client_t *c);

/* Requests made and connections opened by C so far (keep-alive: many
 * requests per connection); the kiosk logs them at stop. */
void kio_client_stats(const kio_client_t *c, int64_t *requests, int64_t *connections);

/* Timings of the last call (copied out). */
KIO_TEST_API void kio_client_last_timing(const kio_client_t *c, kio_timing_t *out);
/* Server's handling time of the last call from X-Sim-Handling-Us (tests and
 * benchmarks only; -1 when the server did not send it). */
KIO_TEST_API int64_t kio_client_last_server_us(const kio_client_t *c);

/* Connectivity check for the technician: a fresh connection to the server
 * (GET /verify/<probe id>), reporting DNS, TCP, TLS and API separately.
 * A 404 not_found is the expected API answer. Returns the first failure. */
kio_err_t kio_client_check(kio_client_t *c, kio_check_report_t *report);

#endif
