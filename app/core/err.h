/*
 * err.h — the one error type of adm-kiosk.
 *
 * Every fallible function in app/ and drivers/ returns kio_err_t (KIO_OK == 0)
 * and is marked KIO_MUST_CHECK. The list is an X-macro so the enum and its
 * names never drift apart. kio_err_name() gives a stable token for logs and
 * the event log ("net_tls"); the citizen-facing text lives in assets/strings.
 */
#ifndef KIO_ERR_H
#define KIO_ERR_H

#define KIO_MUST_CHECK __attribute__((warn_unused_result))

/* Marks a public function that only tests and benchmarks call (a fake
 * driver's controls, the UI's widget queries for golden tests, bulk loads
 * for benchmarks). `make check` fails on a public function that nothing
 * outside tests/ calls unless it carries this mark, and on a marked one the
 * program does call. */
#define KIO_TEST_API

/* X(ENUM_SUFFIX, "stable_name") — append only; names appear in logs. */
#define KIO_ERRORS(X)                                                                              \
	X(OK, "ok")                                                                                \
	X(NOMEM, "nomem")                             /* allocation failed */                      \
	X(INVAL, "inval")                             /* bad argument from the caller */           \
	X(IO, "io")                                   /* read/write/fsync failed */                \
	X(DISK_FULL, "disk_full")                     /* ENOSPC / EDQUOT / read-only fs */         \
	X(TOOBIG, "toobig")                           /* a named size limit was hit */             \
	X(CONFIG, "config")                           /* config file invalid */                    \
	X(NIK, "nik")                                 /* NIK failed the structural rules */        \
	X(CANCELED, "canceled")                       /* cancelled by logout/timeout */            \
	X(TIMEOUT, "timeout")                         /* a bound passed without progress */        \
	X(STORE, "store")                             /* SQLite failed */                          \
	X(TAMPERED, "tampered")                       /* event-log hash chain broken */            \
	X(NET_INSECURE, "net_insecure")               /* plain http without dev flag */            \
	X(NET_DNS, "net_dns")                         /* name resolution failed */                 \
	X(NET_CONNECT, "net_connect")                 /* TCP connect refused/unreachable */        \
	X(NET_TLS, "net_tls")                         /* certificate not trusted */                \
	X(NET_PIN, "net_pin")                         /* public-key pin mismatch */                \
	X(NET_TIMEOUT, "net_timeout")                 /* connect/request/low-speed limit */        \
	X(NET_RESET, "net_reset")                     /* connection reset / closed early */        \
	X(NET_PROTOCOL, "net_protocol")               /* malformed/HTML/truncated body */          \
	X(NET_TOOBIG, "net_toobig")                   /* response over its size limit */           \
	X(NET_SERVER, "net_server")                   /* 5xx */                                    \
	X(NET_BUSY, "net_busy")                       /* 429/503 (see retry_after) */              \
	X(API, "api")                                 /* server error code, see api err */         \
	X(DOC_SIZE, "doc_size")                       /* document size != listed */                \
	X(DOC_NOT_PDF, "doc_not_pdf")                 /* no %PDF- header */                        \
	X(DOC_HASH, "doc_hash")                       /* SHA-256 != listed */                      \
	X(DOC_INACTIVE, "doc_inactive")               /* verification says not AKTIF */            \
	X(PRINTER, "printer")                         /* printer fault, see condition */           \
	X(PRINTER_UNAVAILABLE, "printer_unavailable") /* no queue/cupsd */                         \
	X(INTERNAL, "internal")                       /* a bug: invariant broken */

typedef enum kio_err {
#define KIO_ERR_ENUM(e, s) KIO_ERR_##e,
	KIO_ERRORS(KIO_ERR_ENUM)
#undef KIO_ERR_ENUM
	    KIO_ERR__COUNT
} kio_err_t;

#define KIO_OK KIO_ERR_OK

/* Stable lower-case token for logs ("net_tls"); never NULL. */
const char *kio_err_name(kio_err_t err);

#endif
