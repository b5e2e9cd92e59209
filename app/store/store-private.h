/*
 * store-private.h — what store.c, tx.c and eventlog.c share inside app/store.
 *
 * Not part of the contract (store.h is): the handle's layout, the cached
 * statements and the write-transaction helpers. Nothing outside app/store
 * includes this file.
 */
#ifndef KIO_STORE_PRIVATE_H
#define KIO_STORE_PRIVATE_H

#include <openssl/evp.h>
#include <sqlite3.h>

#include "store/store.h"

/* Statements prepared once per handle (SQLITE_PREPARE_PERSISTENT). */
typedef enum {
	ST_KV_GET,
	ST_KV_SET_INT,
	ST_KV_SET_TEXT,
	ST_KV_DEL,
	ST_META_GET,
	ST_META_SET,
	ST_EV_INSERT,
	ST_DAY_BUMP,
	ST_EV_PENDING,
	ST_EV_MARK,
	ST_EV_PENDING_COUNT,
	ST_TX_INSERT,
	ST_TX_UPDATE,
	ST_TX_GET,
	ST_TX_UNSETTLED,
	ST__COUNT
} kio_store_stmt_id_t;

/* Column lists shared by the statement table and the row readers. */
#define KIO_STORE_EV_COLS                                                                          \
	"seq, id, at, type, document_id, application, kind, nik_masked, pages, job_id,"            \
	" reason, prev_hash, hash, epoch"
#define KIO_STORE_TX_COLS                                                                          \
	"id, idem_key, document_id, application, kind, nik_masked, title, pages, copies,"          \
	" size, sha256, print_id, printer, job_id, step, outcome, reason, created_at,"             \
	" updated_at, attempts, next_retry_at"

struct kio_store {
	sqlite3 *db;
	char path[4096]; /* database file, for statvfs */
	bool readonly;   /* opened with KIO_STORE_READONLY */
	bool in_batch;   /* kio_store_batch_begin is active */
	bool batch_lost; /* SQLite rolled the batch back under us */
	sqlite3_stmt *st[ST__COUNT];
	EVP_MD *md;         /* SHA-256, fetched once (eventlog.c) */
	EVP_MD_CTX *md_ctx; /* reused for every row hash */
	char errmsg[KIO_STORE_ERRMSG_MAX];
};

/* Map an SQLite result to kio_err_t (DISK_FULL for FULL/READONLY/ENOSPC,
 * ...) and remember "OP: sqlite's message" as the last error. */
kio_err_t kio_store_fail(kio_store_t *s, int rc, const char *op);

/* Record a non-SQLite failure with ERR as the last error; returns ERR. */
kio_err_t kio_store_failf(kio_store_t *s, kio_err_t err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The cached statement WHICH, reset and unbound; NULL on failure (recorded). */
sqlite3_stmt *kio_store_stmt(kio_store_t *s, kio_store_stmt_id_t which);

/* Run SQL without results. */
KIO_MUST_CHECK kio_err_t kio_store_exec(kio_store_t *s, const char *sql, const char *op);

/* Open a write transaction (BEGIN IMMEDIATE; nothing inside a batch) and
 * end it: commit when ERR is KIO_OK, else roll back (inside a batch: the
 * whole batch). end returns the final status (ERR, or the commit's). */
KIO_MUST_CHECK kio_err_t kio_store_write_begin(kio_store_t *s, const char *op);
KIO_MUST_CHECK kio_err_t kio_store_write_end(kio_store_t *s, kio_err_t err, const char *op);

/* Read transaction so a multi-statement read sees one snapshot. */
KIO_MUST_CHECK kio_err_t kio_store_read_begin(kio_store_t *s);
void kio_store_read_end(kio_store_t *s);

/* Bind text that may be empty (never NULL in the database). */
int kio_store_bind_text(sqlite3_stmt *st, int col, const char *text);

/* Copy column COL's text into BUF (truncating never: KIO_ERR_TOOBIG). */
KIO_MUST_CHECK kio_err_t kio_store_col_text(sqlite3_stmt *st, int col, char *buf, size_t len);

/* Append EV inside an open write transaction (shared by append and tx_set). */
KIO_MUST_CHECK kio_err_t kio_store_event_insert(kio_store_t *s, kio_event_t *ev);

/* Fill EV from a row selected with KIO_STORE_EV_COLS; KIO_ERR_TOOBIG if a
 * stored value does not fit its field (a damaged or tampered row). */
KIO_MUST_CHECK kio_err_t kio_store_event_from_row(sqlite3_stmt *st, kio_event_t *ev);

/* meta row KEY → (IVAL, TVAL: a 64-hex hash or ""); *FOUND false if absent
 * (KIO_ERR_TAMPERED when TVAL does not fit). Set replaces the row. */
KIO_MUST_CHECK kio_err_t kio_store_meta_get(kio_store_t *s, const char *key, int64_t *ival,
                                            char tval[KIO_SHA256_HEX], bool *found);
KIO_MUST_CHECK kio_err_t kio_store_meta_set(kio_store_t *s, const char *key, int64_t ival,
                                            const char *tval);

/* Local date "YYYY-MM-DD" of epoch T. */
void kio_store_local_day(int64_t t, char out[11]);

/* Current time in epoch seconds (CLOCK_REALTIME). */
int64_t kio_store_now(void);

#endif
