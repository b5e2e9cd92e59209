/*
 * store.h — the kiosk's durable state: one SQLite database, data_dir/kiosk.db.
 *
 * Three parts share the file so that one SQL transaction can change them
 * together:
 *   1. the print transaction journal (kio_store_tx_*): one row per print,
 *      written BEFORE each step takes effect, so after a crash or power loss
 *      the kiosk knows exactly where each print stopped and settles it with
 *      the server (reserve/complete/release in kiosk-api.md);
 *   2. the officers' append-only event log (kio_store_event_*, _events_*):
 *      the rows uploaded to POST /api/v1/kiosk/events, hash-chained so that
 *      editing, deleting or reordering a row is detected (kio_store_verify);
 *   3. a small key-value table (kio_store_kv_*) for state that must survive a
 *      restart, e.g. the technician PIN lockout.
 *
 * Durability: WAL with synchronous=FULL — a write that returned KIO_OK is on
 * disk. Every write returns KIO_ERR_DISK_FULL when the disk is full or the
 * file system (or handle) is read-only; call kio_store_writable() before
 * starting a print so that a print is never left unlogged.
 *
 * Threads: one handle per thread. A handle may be opened anywhere but then
 * be used by one thread only, never by two at once (SQLite "multi-thread"
 * mode; prepared statements are cached in the handle). Another thread opens
 * its own handle on the same file; SQLite's locking (WAL + busy_timeout)
 * serialises writers across handles and processes.
 *
 * Times: event times are RFC 3339 text with the local offset ("at") plus an
 * integer epoch column derived from it; per-day statistics use the local
 * date written in "at". Journal times are epoch seconds.
 */
#ifndef KIO_STORE_H
#define KIO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"

typedef struct kio_store kio_store_t;

enum {
	KIO_STORE_SCHEMA_VERSION = 1, /* PRAGMA user_version after migration */
	KIO_STORE_BUSY_MS = 5000,     /* wait this long for another writer */
	KIO_STORE_KEY_MAX = 64,       /* kv key, bytes incl. NUL */
	KIO_STORE_TEXT_MAX = 4096,    /* kv text value, bytes incl. NUL */
	KIO_STORE_PRINTER_MAX = 384,  /* where the job went: "queue[@server]" */
	KIO_STORE_OUTCOME_MAX = 16,   /* "complete", "release" or "" */
	KIO_STORE_ERRMSG_MAX = 256,
	KIO_STORE_TYPE_MAX = 32, /* sizeof kio_event_t.type */
};

/* Free space below which kio_store_writable() refuses new prints. */
#define KIO_STORE_MIN_FREE (4u * 1024u * 1024u)

/* File name inside data_dir. */
#define KIO_STORE_FILE "kiosk.db"

/* kio_store_open_file flags. */
enum {
	KIO_STORE_READONLY = 1 << 0, /* SQLITE_OPEN_READONLY: queries only; the
	                                file must exist with the current schema */
};

/* Open (creating data_dir's last component and the database if missing) and
 * migrate data_dir/kiosk.db. Errors: KIO_ERR_DISK_FULL when the directory or
 * file system is read-only or full, KIO_ERR_IO when it cannot be reached,
 * KIO_ERR_STORE for a damaged database or one from a newer schema. */
KIO_MUST_CHECK kio_err_t kio_store_open(kio_store_t **out, const char *data_dir);

/* Same for an explicit database file (kioskctl --db, tests). */
KIO_MUST_CHECK kio_err_t kio_store_open_file(kio_store_t **out, const char *path, unsigned flags);

/* Closes the handle; NULL is fine. */
void kio_store_close(kio_store_t *s);

/* Copies the last failure ("append event: database or disk is full") into
 * BUF; empty if none. For the technician's log and kioskctl messages. */
void kio_store_last_error(const kio_store_t *s, char *buf, size_t len);

/* Cheap pre-check before a print: the file system has at least
 * KIO_STORE_MIN_FREE bytes free AND a real write to the kv table commits.
 * KIO_OK, KIO_ERR_DISK_FULL, or another error from the write. */
KIO_MUST_CHECK kio_err_t kio_store_writable(kio_store_t *s);

/* Wrap many writes in one SQL transaction (bulk loads, the bench): every
 * write between begin and commit still goes through the normal code path
 * (hashes, summaries) but is made durable only by the commit. All or
 * nothing: if any write fails, the whole batch is rolled back at once and
 * commit reports KIO_ERR_STORE. rollback discards it. Not nestable; call
 * commit or rollback even after a failed write. */
KIO_TEST_API KIO_MUST_CHECK kio_err_t kio_store_batch_begin(kio_store_t *s);
KIO_TEST_API KIO_MUST_CHECK kio_err_t kio_store_batch_commit(kio_store_t *s);
KIO_TEST_API void kio_store_batch_rollback(kio_store_t *s);

/* ---- 1. print transaction journal ------------------------------------------- */

typedef enum kio_tx_step {
	KIO_TX_RESERVING = 0, /* key chosen; reserve may or may not have reached
	                         the server: resend with the same key */
	KIO_TX_RESERVED,      /* print_id known */
	KIO_TX_DOWNLOADING,   /* fetching the PDF */
	KIO_TX_VERIFIED,      /* size, %PDF- and SHA-256 checked */
	KIO_TX_SUBMITTING,    /* a job may exist, its id unknown (no longer
	                         written: a job without its id journalled never
	                         gets its document) */
	KIO_TX_SUBMITTED,     /* job_id known; its document may have gone */
	KIO_TX_PRINTED,       /* printer said completed: must `complete` */
	KIO_TX_FAILED,        /* must `release`; reason set */
	KIO_TX_SETTLED,       /* server acknowledged complete/release; final */
	KIO_TX__COUNT
} kio_tx_step_t;

/* Stable lower-case name ("submitting"); "unknown" out of range. */
const char *kio_tx_step_name(kio_tx_step_t step);

typedef struct kio_tx {
	int64_t id;                  /* journal row id (begin fills) */
	char idem_key[KIO_UUID_BUF]; /* Idempotency-Key (begin fills) */
	char document_id[KIO_DOC_ID_MAX];
	char application[KIO_CODE_MAX];
	char kind[KIO_KIND_MAX];
	char nik_masked[KIO_NIK_BUF];
	char title[KIO_TITLE_MAX]; /* may be empty */
	int pages;
	int copies;
	uint64_t size;
	char sha256[KIO_SHA256_HEX];
	char print_id[KIO_PRINT_ID_MAX];     /* from reserve; empty before */
	char printer[KIO_STORE_PRINTER_MAX]; /* kio_printer_location() */
	int job_id;                          /* -1: no job */
	kio_tx_step_t step;
	char outcome[KIO_STORE_OUTCOME_MAX]; /* "complete", "release" or "" */
	char reason[KIO_MESSAGE_MAX];        /* why FAILED / released */
	int64_t created_at;                  /* epoch s (begin fills) */
	int64_t updated_at;                  /* epoch s, set by every write */
	int attempts;                        /* settle attempts so far */
	int64_t next_retry_at;               /* epoch s; 0: now */
} kio_tx_t;

/* Insert a new print at step RESERVING. TX carries the document fields;
 * fills id, idem_key (UUIDv4), step, created_at, updated_at; job_id -1. */
KIO_MUST_CHECK kio_err_t kio_store_tx_begin(kio_store_t *s, kio_tx_t *tx);

/* Write every field of TX (by tx->id) and, if EV is not NULL, append EV to
 * the event log, in ONE SQL transaction: the journal and the log never
 * disagree. Compare-and-set: with SEEN (the row as the writer last read or
 * wrote it), the write happens only if the row's step and attempts still
 * equal SEEN's, so of two settlers acting on one print only the first
 * moves it on; the other gets KIO_ERR_INVAL and must act on nothing. SEEN
 * NULL writes whatever the row holds. A SETTLED row is final
 * (KIO_ERR_INVAL on a change of step); KIO_ERR_INVAL for an unknown id.
 * EV's id/seq/at/hashes are filled as by kio_store_event_append, in a copy
 * (EV is not modified). */
KIO_MUST_CHECK kio_err_t kio_store_tx_set(kio_store_t *s, const kio_tx_t *seen, const kio_tx_t *tx,
                                          const kio_event_t *ev);

/* Up to MAX journal rows not SETTLED, oldest first; *N how many. */
KIO_MUST_CHECK kio_err_t kio_store_tx_unsettled(kio_store_t *s, kio_tx_t *out, int max, int *n);

/* One journal row; KIO_ERR_INVAL if there is no such id. */
KIO_TEST_API KIO_MUST_CHECK kio_err_t kio_store_tx_get(kio_store_t *s, int64_t id, kio_tx_t *out);

/* ---- 2. append-only event log ------------------------------------------------
 *
 * Hash chain. hash = lower-case hex SHA-256 of the canonical serialization
 *
 *     "kio.event.v1" ";" F(prev_hash) F(seq) F(id) F(at) F(type)
 *     F(document_id) F(application) F(kind) F(nik_masked) F(pages)
 *     F(job_id) F(reason)
 *
 * where F(x) = <decimal byte length of x> ":" <bytes of x> ";" (a netstring
 * with ';'), strings are taken as stored (UTF-8, no NUL), integers as
 * minimal decimal ASCII with '-' for negatives ("-1" for none), prev_hash is
 * the previous row's 64-hex hash, or 64 '0' for the first row ever. Example
 * for a prefix: "kio.event.v1;64:000…000;1:1;36:6f1c…;25:2026-11-24T09:16:02+07:00;…".
 * The length prefixes make the encoding injective, so no two different rows
 * hash the same input; seq inside the hash makes reordering detectable.
 */

/* Append EV: fills id (UUIDv4 if empty), seq (last + 1), at (now, RFC 3339
 * local time with offset, if empty), prev_hash and hash. type must be set;
 * pages/job_id are -1 for none. A given `at` must be RFC 3339 with an
 * offset or Z (KIO_ERR_INVAL otherwise). */
KIO_MUST_CHECK kio_err_t kio_store_event_append(kio_store_t *s, kio_event_t *ev);

/* Upload bookkeeping: up to MAX events not yet marked sent, oldest first. */
KIO_MUST_CHECK kio_err_t kio_store_events_pending(kio_store_t *s, kio_event_t *out, int max,
                                                  int *n);
/* Mark the events with these ids as sent (the server's "accepted" list).
 * Unknown ids are ignored; marking twice is harmless. One transaction. */
KIO_MUST_CHECK kio_err_t kio_store_events_mark_sent(kio_store_t *s, const char (*ids)[KIO_UUID_BUF],
                                                    int n);
KIO_MUST_CHECK kio_err_t kio_store_events_pending_count(kio_store_t *s, int64_t *n);

/* Officers' queries. since/until are epoch seconds, since <= t < until;
 * 0 leaves that side open. type NULL or "" matches every type. */
typedef struct kio_event_filter {
	int64_t since;
	int64_t until;
	const char *type;
} kio_event_filter_t;

/* Called once per row in seq order; return non-zero to stop early. Runs
 * inside a read transaction: do not use the same handle from it. */
typedef int (*kio_event_fn)(void *ctx, const kio_event_t *ev);

/* Rows matching F (NULL: all) in seq order, inside one read transaction. */
KIO_MUST_CHECK kio_err_t kio_store_events_query(kio_store_t *s, const kio_event_filter_t *f,
                                                kio_event_fn fn, void *ctx);

/* Types counted by stats/today: prints are "print.completed"; failures are
 * "print.failed" and "document.rejected" (a release after a failure is the
 * same incident, so "print.released" is not counted again). */
typedef struct kio_stats_row {
	char day[11]; /* "2026-11-24", local date of `at` */
	char type[KIO_STORE_TYPE_MAX];
	char reason[KIO_MESSAGE_MAX]; /* "" for prints */
	bool failure;                 /* false: a print */
	int64_t count;
} kio_stats_row_t;

typedef int (*kio_stats_fn)(void *ctx, const kio_stats_row_t *row);

/* Prints and failures per day (by local date of `at`) and reason, ordered by
 * day, type, reason. Whole days: since/until (epoch s, 0 = open) select
 * every local day that overlaps [since, until). Reads a per-day
 * summary table kept on append, so it costs the same for 1M rows as for 10. */
KIO_MUST_CHECK kio_err_t kio_store_stats(kio_store_t *s, int64_t since, int64_t until,
                                         kio_stats_fn fn, void *ctx);

typedef struct kio_store_today {
	int64_t prints;   /* print.completed today (local date) */
	int64_t failures; /* print.failed + document.rejected today */
	int64_t pending;  /* events not yet uploaded */
} kio_store_today_t;

/* Counts for the officer screen. */
KIO_MUST_CHECK kio_err_t kio_store_today(kio_store_t *s, kio_store_today_t *out);

/* Paper (the sheets in the printer): the sheets recorded by the last
 * "paper.loaded" event (its pages) in *LOADED, and the sheets printed since
 * (pages of "print.completed", "testpage.printed", "report.printed" after it)
 * in *USED. *FOUND false when no refill was ever recorded (nothing counted). */
KIO_MUST_CHECK kio_err_t kio_store_paper(kio_store_t *s, int64_t *loaded, int64_t *used,
                                         bool *found);

/* ---- 3. tamper evidence and retention ---------------------------------------- */

/* Walk the whole chain in one read transaction, starting at the retention
 * anchor (or seq 1 with 64 '0'): every row's hash is recomputed, its
 * prev_hash must equal the previous hash, seq must rise by exactly 1, the
 * last row must equal the head recorded in the meta table (so deleting the
 * tail is caught), each epoch must match its `at`, and the per-day summary
 * must match the rows. KIO_OK (ROWS = rows checked, may be NULL), or
 * KIO_ERR_TAMPERED with *BAD_SEQ = the first bad seq and WHY the reason;
 * other errors if the database cannot be read. */
KIO_MUST_CHECK kio_err_t kio_store_verify(kio_store_t *s, int64_t *bad_seq, char *why,
                                          size_t whylen, int64_t *rows);

/* Retention: delete the oldest rows whose epoch < OLDER_THAN, never a row
 * not yet uploaded and never out of seq order (deletion stops at the first
 * row that must stay). Records the last deleted row's seq and hash as the
 * anchor so verify still passes. *DELETED (may be NULL) = rows deleted. */
KIO_MUST_CHECK kio_err_t kio_store_prune(kio_store_t *s, int64_t older_than, int64_t *deleted);

/* ---- 4. the server's acknowledgement of the log (anchor.c) -------------------
 *
 * The chain alone cannot show a log cut short or rewritten as a whole by
 * someone with the database. The central server holds what was uploaded:
 * its head (contract v1.1 "Print-log anchor") is recorded here, MACed with a
 * key kept in a file beside the database (KIO_STORE_ACK_KEY_FILE), and the
 * log can be checked against that record or against the server's head.
 */
#define KIO_STORE_ACK_KEY_FILE "anchor.key"
enum { KIO_ACK_KEY_LEN = 32 };

typedef enum kio_ack_verdict {
	KIO_ACK_NONE,      /* no acknowledged head (nothing uploaded yet, a v1
	                      server, or the record was deleted: ask the server) */
	KIO_ACK_OK,        /* the log holds the acknowledged head unchanged */
	KIO_ACK_FORGED,    /* the recorded acknowledgement fails its MAC */
	KIO_ACK_TRUNCATED, /* the row at the acknowledged seq is gone */
	KIO_ACK_REWRITTEN, /* the row at the acknowledged seq has another hash */
} kio_ack_verdict_t;

typedef struct kio_ack_check {
	kio_ack_verdict_t verdict;
	kio_log_head_t acked; /* the head checked against */
	int64_t last_seq;     /* the local log's last seq */
	char why[256];        /* for FORGED/TRUNCATED/REWRITTEN, a sentence */
} kio_ack_check_t;

/* Loads the MAC key from DATA_DIR/anchor.key; when it does not exist,
 * creates it (0600, random) if CREATE, else KIO_ERR_INVAL. KIO_ERR_IO when
 * it exists but is not a key. */
KIO_MUST_CHECK kio_err_t kio_store_ack_key(const char *data_dir, bool create,
                                           unsigned char key[KIO_ACK_KEY_LEN]);
/* The local log's head (seq 0 when empty). */
KIO_MUST_CHECK kio_err_t kio_store_log_head(kio_store_t *s, kio_log_head_t *out);
/* Records HEAD, the server's answer, as the acknowledged head when it is
 * newer than the recorded one (never backwards). KIO_ERR_TAMPERED, and
 * nothing recorded, when the local log does not hold HEAD as the server
 * does (the disagreement is the news: log it). KIO_ERR_INVAL for a head
 * that is not a seq > 0 and a 64-hex hash. */
KIO_MUST_CHECK kio_err_t kio_store_ack_record(kio_store_t *s,
                                              const unsigned char key[KIO_ACK_KEY_LEN],
                                              const kio_log_head_t *head);
/* Checks the log against SERVER (a head just asked of the server), or when
 * SERVER is NULL against the recorded acknowledgement, authenticated with
 * KEY (NULL: any record counts as FORGED). The chain itself is
 * kio_store_verify's job; run both. */
KIO_MUST_CHECK kio_err_t kio_store_ack_check(kio_store_t *s, const unsigned char *key,
                                             const kio_log_head_t *server, kio_ack_check_t *out);

/* ---- time helpers ------------------------------------------------------------- */

/* "YYYY-MM-DD" (local midnight; with END_OF_DAY the next local midnight),
 * RFC 3339 ("2026-11-24T09:15:00+07:00", "...Z", fractions ignored; with no
 * offset at all: local time) or decimal epoch seconds → epoch seconds.
 * KIO_ERR_INVAL otherwise. */
KIO_MUST_CHECK kio_err_t kio_store_parse_time(const char *text, bool end_of_day, int64_t *epoch);

/* RFC 3339 local time with offset for T ("2026-11-24T09:15:00+07:00"). */
KIO_MUST_CHECK kio_err_t kio_store_format_time(int64_t t, char out[KIO_TIME_MAX]);

/* ---- 5. key-value table -------------------------------------------------------- */

/* *FOUND false (value untouched) if KEY is absent. KIO_ERR_INVAL if the key
 * holds the other type; KIO_ERR_TOOBIG if the text does not fit LEN. */
KIO_MUST_CHECK kio_err_t kio_store_kv_get_int(kio_store_t *s, const char *key, int64_t *val,
                                              bool *found);
KIO_TEST_API KIO_MUST_CHECK kio_err_t kio_store_kv_get_text(kio_store_t *s, const char *key,
                                                            char *buf, size_t len, bool *found);
KIO_MUST_CHECK kio_err_t kio_store_kv_set_int(kio_store_t *s, const char *key, int64_t val);
KIO_TEST_API KIO_MUST_CHECK kio_err_t kio_store_kv_set_text(kio_store_t *s, const char *key,
                                                            const char *val);
KIO_TEST_API KIO_MUST_CHECK kio_err_t kio_store_kv_delete(kio_store_t *s, const char *key);

#endif
