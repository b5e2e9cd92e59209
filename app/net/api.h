/*
 * api.h — the central server's JSON bodies (contract v1, kiosk-api.md) as
 * typed structs, and the request bodies the kiosk sends.
 *
 * Pure functions with no I/O: bytes in, struct out, so a fuzzer can drive
 * every parser. Parsing is strict about what the kiosk relies on and lax about
 * the rest: unknown fields are ignored, a missing required field, a wrong type,
 * a string over its named limit (never truncated), a list over its limit,
 * non-JSON, truncated JSON or a body over KIO_API_BODY_MAX is
 * KIO_ERR_NET_PROTOCOL. On failure the output struct is zeroed.
 *
 * Texts the UI should show for each error code (keys "api.<code>", the UI
 * owns assets/strings; these are the proposed Bahasa Indonesia texts):
 *
 *   api.invalid_nik          NIK harus 16 angka sesuai KTP-el. Periksa kembali NIK Anda.
 *   api.invalid_credentials  Data user yang dimasukkan tidak sesuai. Pastikan memasukkan
 *                            data yang benar!
 *   api.not_verified         Pendaftaran akun Anda masih menunggu verifikasi petugas.
 *                            Silakan coba lagi setelah menerima pemberitahuan WhatsApp.
 *   api.locked               Akun Anda dikunci. Silakan datang ke Dukcapil Ogan Ilir
 *                            dengan membawa KTP-el dan Kartu Keluarga.
 *   api.too_many_attempts    Terlalu banyak percobaan masuk. Silakan tunggu beberapa
 *                            menit lalu coba lagi.
 *   api.quota_exhausted      Jatah cetak dokumen ini sudah habis. Untuk cetak ulang,
 *                            silakan hubungi petugas Dukcapil.
 *   api.document_inactive    Dokumen ini sudah TIDAK AKTIF (sudah terbit dokumen yang
 *                            lebih baru) dan tidak dapat dicetak.
 *   api.not_adm_printable    Dokumen ini tidak dapat dicetak di ADM. Silakan ambil
 *                            di kantor Dukcapil.
 *   api.not_found            Dokumen tidak ditemukan (TIDAK VALID).
 *   api.unknown              Terjadi gangguan pada layanan. Silakan coba lagi nanti
 *                            atau hubungi petugas. (For unknown codes the UI shows the
 *                            server's message when there is one.)
 */
#ifndef KIO_NET_API_H
#define KIO_NET_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"

/* Named limits of the wire format. */
#define KIO_API_BODY_MAX (1024u * 1024u) /* any JSON body, request or response */
enum {
	KIO_API_CODE_MAX = 48,    /* error code string "too_many_attempts" */
	KIO_API_EVENTS_MAX = 256, /* events per upload batch (and accepted ids) */
	KIO_API_REASONS_MAX = 8,  /* printer-state reasons in a heartbeat */
	KIO_API_REASON_LEN = 48,
	KIO_API_VERSION_MAX = 32,
	KIO_API_RETRY_AFTER_MAX = 3600, /* a larger Retry-After is clamped */
};

/* Error codes of the contract; KIO_API_E_UNKNOWN for any other string. */
typedef enum kio_api_code {
	KIO_API_E_NONE = 0, /* no error body */
	KIO_API_E_INVALID_NIK,
	KIO_API_E_INVALID_CREDENTIALS,
	KIO_API_E_NOT_VERIFIED,
	KIO_API_E_LOCKED,
	KIO_API_E_TOO_MANY_ATTEMPTS,
	KIO_API_E_QUOTA_EXHAUSTED,
	KIO_API_E_DOCUMENT_INACTIVE,
	KIO_API_E_NOT_ADM_PRINTABLE,
	KIO_API_E_NOT_FOUND,
	KIO_API_E_KIOSK_CERT, /* mTLS refused: no, a foreign or an expired client certificate */
	KIO_API_E_KIOSK_ID_MISMATCH, /* X-Kiosk-Id is not the certificate's */
	KIO_API_E_UNKNOWN,
} kio_api_code_t;

/* What a failed request said. code is the server's string ("unknown" when the
 * body is not the contract's shape); message may be empty. */
typedef struct kio_api_error {
	int http_status; /* 0: no HTTP answer */
	kio_api_code_t kind;
	char code[KIO_API_CODE_MAX];
	char message[KIO_MESSAGE_MAX];
	int retry_after_s; /* 0: none given */
} kio_api_error_t;

typedef struct kio_login {
	char token[KIO_TOKEN_MAX];
	int expires_in;
	kio_citizen_t citizen;
} kio_login_t;

typedef struct kio_verify {
	char id[KIO_DOC_ID_MAX];
	kio_doc_status_t status;
	char kind[KIO_KIND_MAX];
	char sha256[KIO_SHA256_HEX];
	char issued_at[KIO_TIME_MAX];
	char holder[KIO_NAME_MAX];
} kio_verify_t;

/* POST /login-codes (v1.1): a one-time code the citizen confirms on the
 * phone. code is exactly KIO_LOGIN_CODE_LEN digits (it goes into a URL path
 * and on screen); url is printable ASCII without spaces, http(s)://. */
enum {
	KIO_LOGIN_CODE_LEN = 6,
	KIO_LOGIN_URL_MAX = 256,
	KIO_LOGIN_CODE_TTL_MAX = 3600, /* a longer expires_in is an error */
	KIO_LOGIN_POLL_MIN_S = 1,      /* poll_s is clamped into [MIN, MAX] */
	KIO_LOGIN_POLL_MAX_S = 30,
	KIO_LOGIN_POLL_DEFAULT_S = 2, /* poll_s missing */
};
typedef struct kio_login_code {
	char code[KIO_LOGIN_CODE_LEN + 1];
	char url[KIO_LOGIN_URL_MAX];
	int expires_in;
	int poll_s;
} kio_login_code_t;

typedef struct kio_reservation {
	char print_id[KIO_PRINT_ID_MAX];
	int expires_in;
} kio_reservation_t;

typedef struct kio_completion {
	int prints_used;
	int prints_allowed; /* -1: no limit */
} kio_completion_t;

/* Heartbeat request contents (kiosk_id comes from the config). */
typedef struct kio_heartbeat {
	char version[KIO_API_VERSION_MAX];
	int64_t uptime_s;
	char printer_name[128];
	char printer_state[32]; /* "idle", "processing", "stopped" */
	int nreasons;
	char reasons[KIO_API_REASONS_MAX][KIO_API_REASON_LEN];
	int64_t pages_total;
	int pending_events;
	kio_log_head_t log_head; /* v1.1; seq 0: not sent */
} kio_heartbeat_t;

/* ---- error codes ---------------------------------------------------------- */

/* Contract code string → enum (KIO_API_E_UNKNOWN for anything else). */
kio_api_code_t kio_api_code_parse(const char *code);

/* Strings key for the UI, "api.invalid_credentials"; "api.unknown" for codes
 * the kiosk does not know. Never NULL. */
KIO_TEST_API const char *kio_api_error_key(kio_api_code_t code);

/* Fill ERR from an error response: STATUS plus BODY (may be NULL/any bytes).
 * Never fails: a body not of the contract's shape gives code "unknown". */
void kio_api_parse_error(int status, const char *body, size_t len, kio_api_error_t *err);

/* ---- response parsers (KIO_OK or KIO_ERR_NET_PROTOCOL) ---------------------- */

KIO_MUST_CHECK kio_err_t kio_api_parse_login(const char *body, size_t len, kio_login_t *out);
KIO_MUST_CHECK kio_err_t kio_api_parse_apps(const char *body, size_t len, kio_app_page_t *out);
KIO_MUST_CHECK kio_err_t kio_api_parse_verify(const char *body, size_t len, kio_verify_t *out);
/* POST /login-codes 201. */
KIO_MUST_CHECK kio_err_t kio_api_parse_login_code(const char *body, size_t len,
                                                  kio_login_code_t *out);
/* GET /login-codes/{code} 202: {"state": "pending", "expires_in": n};
 * *EXPIRES_IN -1 when absent. Any other state is a protocol error. */
KIO_MUST_CHECK kio_err_t kio_api_parse_code_pending(const char *body, size_t len, int *expires_in);
/* True when S is exactly KIO_LOGIN_CODE_LEN ASCII digits. */
bool kio_api_login_code_ok(const char *s);
KIO_MUST_CHECK kio_err_t kio_api_parse_reserve(const char *body, size_t len,
                                               kio_reservation_t *out);
KIO_MUST_CHECK kio_err_t kio_api_parse_complete(const char *body, size_t len,
                                                kio_completion_t *out);
/* server_time is an RFC 3339 string, copied into OUT. HEAD receives the
 * optional v1.1 log_head (seq 0 when absent; a log_head that is not a seq
 * >= 1 with a 64-hex hash is a protocol error: a server that sends one
 * must send it right, or the kiosk would anchor nonsense). */
KIO_MUST_CHECK kio_err_t kio_api_parse_heartbeat(const char *body, size_t len,
                                                 char out[KIO_TIME_MAX], kio_log_head_t *head);
/* GET /log-head: {"log_head": {seq, hash}} or {"log_head": null} (seq 0). */
KIO_MUST_CHECK kio_err_t kio_api_parse_log_head(const char *body, size_t len, kio_log_head_t *head);
/* Accepted ids, at most KIO_API_EVENTS_MAX, each a string < KIO_UUID_BUF. */
KIO_MUST_CHECK kio_err_t kio_api_parse_events(const char *body, size_t len,
                                              char (*ids)[KIO_UUID_BUF], int max, int *nids);

/* Document status string → enum; KIO_ERR_NET_PROTOCOL for anything else. */
KIO_MUST_CHECK kio_err_t kio_api_doc_status(const char *s, kio_doc_status_t *out);

/* ---- request bodies ------------------------------------------------------ */
/* Each returns a malloc'd NUL-terminated JSON text in *OUT (caller frees;
 * the login body holds a password: wipe it with explicit_bzero before free). */

KIO_MUST_CHECK kio_err_t kio_api_build_login(const char *nik, const char *password, char **out);
KIO_MUST_CHECK kio_err_t kio_api_build_reserve(int copies, char **out);
KIO_MUST_CHECK kio_err_t kio_api_build_complete(int pages, const char *printer, int job_id,
                                                char **out);
KIO_MUST_CHECK kio_err_t kio_api_build_release(const char *reason, char **out);
KIO_MUST_CHECK kio_err_t kio_api_build_heartbeat(const char *kiosk_id, const kio_heartbeat_t *hb,
                                                 char **out);
KIO_MUST_CHECK kio_err_t kio_api_build_events(const kio_event_t *evs, int n, char **out);

#endif
