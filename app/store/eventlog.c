/*
 * eventlog.c — the officers' append-only print log: hash chain, upload
 * bookkeeping, queries, per-day statistics, verification and retention.
 *
 * The chain's state lives in the meta table: "head" (seq and hash of the
 * last appended row) and, once rows were pruned, "anchor" (seq and hash of
 * the last deleted row). Both change in the same SQL transaction as the rows
 * they describe, so a verify that disagrees with them means someone edited
 * the file outside the kiosk. The canonical serialization is in store.h.
 */
#include "store/store-private.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/uuid.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define HASH_TAG "kio.event.v1;"

/* Upper bound on the serialization of a row that fits kio_event_t. */
enum { SER_SMALL = 2048 };

/* A row as spans, so verify can hash what is stored even when a tampered
 * value would not fit kio_event_t. */
typedef struct {
	const char *prev, *id, *at, *type, *doc, *app, *kind, *nik, *reason;
	size_t prev_n, id_n, at_n, type_n, doc_n, app_n, kind_n, nik_n, reason_n;
	int64_t seq, pages, job_id;
} row_view_t;

static size_t put_str(char *buf, size_t cap, size_t off, const char *p, size_t n)
{
	char len[24];
	int k = snprintf(len, sizeof len, "%zu:", n);

	if (off + (size_t)k + n + 1 <= cap) {
		memcpy(buf + off, len, (size_t)k);
		if (n)
			memcpy(buf + off + k, p, n);
		buf[off + k + n] = ';';
	}
	return off + (size_t)k + n + 1;
}

static size_t put_int(char *buf, size_t cap, size_t off, int64_t v)
{
	char num[24];
	int k = snprintf(num, sizeof num, "%" PRId64, v);
	return put_str(buf, cap, off, num, (size_t)k);
}

/* Canonical serialization (store.h) into BUF; returns the length needed,
 * which is larger than CAP when BUF was too small (nothing is then valid). */
static size_t serialize(const row_view_t *r, char *buf, size_t cap)
{
	size_t off = sizeof HASH_TAG - 1;

	if (off <= cap)
		memcpy(buf, HASH_TAG, off);
	off = put_str(buf, cap, off, r->prev, r->prev_n);
	off = put_int(buf, cap, off, r->seq);
	off = put_str(buf, cap, off, r->id, r->id_n);
	off = put_str(buf, cap, off, r->at, r->at_n);
	off = put_str(buf, cap, off, r->type, r->type_n);
	off = put_str(buf, cap, off, r->doc, r->doc_n);
	off = put_str(buf, cap, off, r->app, r->app_n);
	off = put_str(buf, cap, off, r->kind, r->kind_n);
	off = put_str(buf, cap, off, r->nik, r->nik_n);
	off = put_int(buf, cap, off, r->pages);
	off = put_int(buf, cap, off, r->job_id);
	off = put_str(buf, cap, off, r->reason, r->reason_n);
	return off;
}

static kio_err_t hash_row(kio_store_t *s, const row_view_t *r, char out[KIO_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	char small[SER_SMALL];
	char *buf = small;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	kio_err_t err = KIO_OK;
	size_t n;

	if (!s->md && !(s->md = EVP_MD_fetch(NULL, "SHA256", NULL)))
		return kio_store_failf(s, KIO_ERR_INTERNAL, "OpenSSL has no SHA-256");
	if (!s->md_ctx && !(s->md_ctx = EVP_MD_CTX_new()))
		return KIO_ERR_NOMEM;
	n = serialize(r, buf, sizeof small);
	if (n > sizeof small) {
		buf = malloc(n);
		if (!buf)
			return KIO_ERR_NOMEM;
		(void)serialize(r, buf, n);
	}
	if (EVP_DigestInit_ex2(s->md_ctx, s->md, NULL) != 1 ||
	    EVP_DigestUpdate(s->md_ctx, buf, n) != 1 ||
	    EVP_DigestFinal_ex(s->md_ctx, md, &mdlen) != 1 || mdlen != 32) {
		err = kio_store_failf(s, KIO_ERR_INTERNAL, "SHA-256 failed");
		goto out;
	}
	for (unsigned int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
out:
	if (buf != small)
		free(buf);
	return err;
}

static void view_of_event(const kio_event_t *ev, row_view_t *r)
{
	*r = (row_view_t){
	    .prev = ev->prev_hash,
	    .prev_n = strlen(ev->prev_hash),
	    .id = ev->id,
	    .id_n = strlen(ev->id),
	    .at = ev->at,
	    .at_n = strlen(ev->at),
	    .type = ev->type,
	    .type_n = strlen(ev->type),
	    .doc = ev->document_id,
	    .doc_n = strlen(ev->document_id),
	    .app = ev->application,
	    .app_n = strlen(ev->application),
	    .kind = ev->kind,
	    .kind_n = strlen(ev->kind),
	    .nik = ev->nik_masked,
	    .nik_n = strlen(ev->nik_masked),
	    .reason = ev->reason,
	    .reason_n = strlen(ev->reason),
	    .seq = ev->seq,
	    .pages = ev->pages,
	    .job_id = ev->job_id,
	};
}

static const char *col(sqlite3_stmt *st, int c, size_t *n)
{
	const char *t = (const char *)sqlite3_column_text(st, c);
	*n = t ? (size_t)sqlite3_column_bytes(st, c) : 0;
	return t ? t : "";
}

/* View of a row selected with KIO_STORE_EV_COLS; valid until the next step. */
static void view_of_row(sqlite3_stmt *st, row_view_t *r)
{
	r->seq = sqlite3_column_int64(st, 0);
	r->id = col(st, 1, &r->id_n);
	r->at = col(st, 2, &r->at_n);
	r->type = col(st, 3, &r->type_n);
	r->doc = col(st, 4, &r->doc_n);
	r->app = col(st, 5, &r->app_n);
	r->kind = col(st, 6, &r->kind_n);
	r->nik = col(st, 7, &r->nik_n);
	r->pages = sqlite3_column_int64(st, 8);
	r->job_id = sqlite3_column_int64(st, 9);
	r->reason = col(st, 10, &r->reason_n);
	r->prev = col(st, 11, &r->prev_n);
}

kio_err_t kio_store_event_from_row(sqlite3_stmt *st, kio_event_t *ev)
{
	struct {
		int c;
		char *buf;
		size_t len;
	} const t[] = {
	    {1, ev->id, sizeof ev->id},
	    {2, ev->at, sizeof ev->at},
	    {3, ev->type, sizeof ev->type},
	    {4, ev->document_id, sizeof ev->document_id},
	    {5, ev->application, sizeof ev->application},
	    {6, ev->kind, sizeof ev->kind},
	    {7, ev->nik_masked, sizeof ev->nik_masked},
	    {10, ev->reason, sizeof ev->reason},
	    {11, ev->prev_hash, sizeof ev->prev_hash},
	    {12, ev->hash, sizeof ev->hash},
	};
	kio_err_t err = KIO_OK;

	ev->seq = sqlite3_column_int64(st, 0);
	ev->pages = sqlite3_column_int(st, 8);
	ev->job_id = sqlite3_column_int(st, 9);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (kio_store_col_text(st, t[i].c, t[i].buf, t[i].len) != KIO_OK)
			err = KIO_ERR_TOOBIG;
	return err;
}

kio_err_t kio_store_meta_get(kio_store_t *s, const char *key, int64_t *ival,
                             char tval[KIO_SHA256_HEX], bool *found)
{
	sqlite3_stmt *st = kio_store_stmt(s, ST_META_GET);
	kio_err_t err = KIO_OK;
	int rc;

	*found = false;
	if (!st)
		return KIO_ERR_STORE;
	kio_store_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*ival = sqlite3_column_int64(st, 0);
		if (kio_store_col_text(st, 1, tval, KIO_SHA256_HEX) != KIO_OK)
			err = kio_store_failf(s, KIO_ERR_TAMPERED, "meta %s: bad hash", key);
		*found = err == KIO_OK;
	} else if (rc != SQLITE_DONE) {
		err = kio_store_fail(s, rc, "read meta");
	}
	sqlite3_reset(st);
	return err;
}

kio_err_t kio_store_meta_set(kio_store_t *s, const char *key, int64_t ival, const char *tval)
{
	sqlite3_stmt *st = kio_store_stmt(s, ST_META_SET);
	kio_err_t err = KIO_OK;
	int rc;

	if (!st)
		return KIO_ERR_STORE;
	kio_store_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, ival);
	kio_store_bind_text(st, 3, tval);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		err = kio_store_fail(s, rc, "write meta");
	sqlite3_reset(st);
	return err;
}

/* Every string field NUL-terminated inside its array: the struct may come
 * from anywhere (a worker thread, a test), strlen must not run off it. */
static bool event_terminated(const kio_event_t *ev)
{
	return strnlen(ev->id, sizeof ev->id) < sizeof ev->id &&
	       strnlen(ev->at, sizeof ev->at) < sizeof ev->at &&
	       strnlen(ev->type, sizeof ev->type) < sizeof ev->type &&
	       strnlen(ev->document_id, sizeof ev->document_id) < sizeof ev->document_id &&
	       strnlen(ev->application, sizeof ev->application) < sizeof ev->application &&
	       strnlen(ev->kind, sizeof ev->kind) < sizeof ev->kind &&
	       strnlen(ev->nik_masked, sizeof ev->nik_masked) < sizeof ev->nik_masked &&
	       strnlen(ev->reason, sizeof ev->reason) < sizeof ev->reason;
}

/* The contract's times carry their offset ("...+07:00" or "...Z"): a row's
 * local day and its epoch must both be readable from the text alone. */
static bool has_offset(const char *at)
{
	size_t n = strlen(at);

	if (n < 20)
		return false;
	if (at[n - 1] == 'Z' || at[n - 1] == 'z')
		return true;
	return n >= 25 && (at[n - 6] == '+' || at[n - 6] == '-') && at[n - 3] == ':';
}

kio_err_t kio_store_event_insert(kio_store_t *s, kio_event_t *ev)
{
	sqlite3_stmt *st;
	row_view_t view;
	int64_t epoch, head_seq = 0;
	char head_hash[KIO_SHA256_HEX] = ZERO_HASH;
	char day[11];
	bool found;
	kio_err_t err;
	int rc;

	if (!event_terminated(ev) || !ev->type[0])
		return kio_store_failf(s, KIO_ERR_INVAL, "append event: bad or empty field");
	if (!ev->id[0] && (err = kio_uuid4(ev->id)) != KIO_OK)
		return kio_store_failf(s, err, "append event: no randomness for the id");
	if (!ev->at[0] && (err = kio_store_format_time(kio_store_now(), ev->at)) != KIO_OK)
		return kio_store_failf(s, err, "append event: cannot format the time");
	if (!has_offset(ev->at) || kio_store_parse_time(ev->at, false, &epoch) != KIO_OK)
		return kio_store_failf(s, KIO_ERR_INVAL, "append event: bad time '%s'", ev->at);
	memcpy(day, ev->at, 10);
	day[10] = '\0';

	err = kio_store_meta_get(s, "head", &head_seq, head_hash, &found);
	if (err != KIO_OK)
		return err;
	ev->seq = head_seq + 1;
	memcpy(ev->prev_hash, head_hash, sizeof ev->prev_hash);
	view_of_event(ev, &view);
	err = hash_row(s, &view, ev->hash);
	if (err != KIO_OK)
		return err;

	st = kio_store_stmt(s, ST_EV_INSERT);
	if (!st)
		return KIO_ERR_STORE;
	sqlite3_bind_int64(st, 1, ev->seq);
	kio_store_bind_text(st, 2, ev->id);
	kio_store_bind_text(st, 3, ev->at);
	kio_store_bind_text(st, 4, ev->type);
	kio_store_bind_text(st, 5, ev->document_id);
	kio_store_bind_text(st, 6, ev->application);
	kio_store_bind_text(st, 7, ev->kind);
	kio_store_bind_text(st, 8, ev->nik_masked);
	sqlite3_bind_int(st, 9, ev->pages);
	sqlite3_bind_int(st, 10, ev->job_id);
	kio_store_bind_text(st, 11, ev->reason);
	kio_store_bind_text(st, 12, ev->prev_hash);
	kio_store_bind_text(st, 13, ev->hash);
	sqlite3_bind_int64(st, 14, epoch);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return kio_store_fail(s, rc, "append event");

	st = kio_store_stmt(s, ST_DAY_BUMP);
	if (!st)
		return KIO_ERR_STORE;
	kio_store_bind_text(st, 1, day);
	kio_store_bind_text(st, 2, ev->type);
	kio_store_bind_text(st, 3, ev->reason);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return kio_store_fail(s, rc, "append event: day summary");
	return kio_store_meta_set(s, "head", ev->seq, ev->hash);
}

kio_err_t kio_store_event_append(kio_store_t *s, kio_event_t *ev)
{
	kio_err_t err;

	if (!s || !ev)
		return KIO_ERR_INVAL;
	err = kio_store_write_begin(s, "append event");
	if (err != KIO_OK)
		return err;
	err = kio_store_event_insert(s, ev);
	return kio_store_write_end(s, err, "append event");
}

/* ---- upload bookkeeping ------------------------------------------------------------ */

kio_err_t kio_store_events_pending(kio_store_t *s, kio_event_t *out, int max, int *n)
{
	sqlite3_stmt *st;
	kio_err_t err = KIO_OK;
	int rc = SQLITE_DONE;

	if (!s || !n || max < 0 || (max > 0 && !out))
		return KIO_ERR_INVAL;
	*n = 0;
	st = kio_store_stmt(s, ST_EV_PENDING);
	if (!st)
		return KIO_ERR_STORE;
	sqlite3_bind_int(st, 1, max);
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&out[*n], 0, sizeof out[*n]);
		err = kio_store_event_from_row(st, &out[*n]);
		if (err != KIO_OK) {
			err = kio_store_failf(s, err, "pending event seq %" PRId64 " too large",
			                      out[*n].seq);
			goto out;
		}
		(*n)++;
	}
	if (*n < max && rc != SQLITE_DONE)
		err = kio_store_fail(s, rc, "read pending events");
out:
	sqlite3_reset(st);
	return err;
}

kio_err_t kio_store_events_mark_sent(kio_store_t *s, const char (*ids)[KIO_UUID_BUF], int n)
{
	kio_err_t err;

	if (!s || n < 0 || (n > 0 && !ids))
		return KIO_ERR_INVAL;
	if (n == 0)
		return KIO_OK;
	err = kio_store_write_begin(s, "mark events sent");
	if (err != KIO_OK)
		return err;
	for (int i = 0; i < n && err == KIO_OK; i++) {
		sqlite3_stmt *st = kio_store_stmt(s, ST_EV_MARK);
		int rc;

		if (!st) {
			err = KIO_ERR_STORE;
			break;
		}
		if (strnlen(ids[i], KIO_UUID_BUF) >= KIO_UUID_BUF) {
			err = kio_store_failf(s, KIO_ERR_INVAL, "mark events sent: bad id");
			break;
		}
		kio_store_bind_text(st, 1, ids[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			err = kio_store_fail(s, rc, "mark events sent");
	}
	return kio_store_write_end(s, err, "mark events sent");
}

kio_err_t kio_store_events_pending_count(kio_store_t *s, int64_t *n)
{
	sqlite3_stmt *st;
	kio_err_t err = KIO_OK;
	int rc;

	if (!s || !n)
		return KIO_ERR_INVAL;
	st = kio_store_stmt(s, ST_EV_PENDING_COUNT);
	if (!st)
		return KIO_ERR_STORE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		err = kio_store_fail(s, rc, "count pending events");
	sqlite3_reset(st);
	return err;
}

/* ---- queries ------------------------------------------------------------------------ */

kio_err_t kio_store_events_query(kio_store_t *s, const kio_event_filter_t *f, kio_event_fn fn,
                                 void *ctx)
{
	static const kio_event_filter_t all = {0, 0, NULL};
	char sql[512];
	sqlite3_stmt *st = NULL;
	kio_event_t ev;
	kio_err_t err;
	int rc, bind = 1;

	if (!s || !fn)
		return KIO_ERR_INVAL;
	if (!f)
		f = &all;
	/* Only the bounds asked for: an open range scans in seq (rowid) order
	 * instead of sorting the whole epoch index. */
	snprintf(sql, sizeof sql,
	         "SELECT " KIO_STORE_EV_COLS " FROM events WHERE 1%s%s%s"
	         " ORDER BY seq",
	         f->since ? " AND epoch >= ?" : "", f->until ? " AND epoch < ?" : "",
	         f->type && f->type[0] ? " AND type = ?" : "");
	err = kio_store_read_begin(s);
	if (err != KIO_OK)
		return err;
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		err = kio_store_fail(s, rc, "query events");
		goto out;
	}
	if (f->since)
		sqlite3_bind_int64(st, bind++, f->since);
	if (f->until)
		sqlite3_bind_int64(st, bind++, f->until);
	if (f->type && f->type[0])
		kio_store_bind_text(st, bind++, f->type);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&ev, 0, sizeof ev);
		if (kio_store_event_from_row(st, &ev) != KIO_OK) {
			err =
			    kio_store_failf(s, KIO_ERR_TAMPERED,
			                    "event seq %" PRId64 " has an oversized field", ev.seq);
			goto out;
		}
		if (fn(ctx, &ev) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		err = kio_store_fail(s, rc, "query events");
out:
	sqlite3_finalize(st);
	kio_store_read_end(s);
	return err;
}

#define STATS_TYPES "('print.completed', 'print.failed', 'document.rejected')"

kio_err_t kio_store_stats(kio_store_t *s, int64_t since, int64_t until, kio_stats_fn fn, void *ctx)
{
	char lo[11] = "0000-00-00", hi[11] = "9999-99-99";
	sqlite3_stmt *st = NULL;
	kio_stats_row_t row;
	kio_err_t err = KIO_OK;
	int rc;

	if (!s || !fn)
		return KIO_ERR_INVAL;
	if (since)
		kio_store_local_day(since, lo);
	if (until)
		kio_store_local_day(until - 1, hi); /* until is exclusive */
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT day, type, reason, n FROM day_stats"
	                        " WHERE day >= ?1 AND day <= ?2 AND type IN " STATS_TYPES
	                        " ORDER BY day, type, reason",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK) {
		err = kio_store_fail(s, rc, "stats");
		goto out;
	}
	kio_store_bind_text(st, 1, lo);
	kio_store_bind_text(st, 2, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		if (kio_store_col_text(st, 0, row.day, sizeof row.day) != KIO_OK ||
		    kio_store_col_text(st, 1, row.type, sizeof row.type) != KIO_OK ||
		    kio_store_col_text(st, 2, row.reason, sizeof row.reason) != KIO_OK) {
			err = kio_store_failf(s, KIO_ERR_TAMPERED, "stats: oversized summary row");
			goto out;
		}
		row.count = sqlite3_column_int64(st, 3);
		row.failure = strcmp(row.type, "print.completed") != 0;
		if (fn(ctx, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		err = kio_store_fail(s, rc, "stats");
out:
	sqlite3_finalize(st);
	return err;
}

kio_err_t kio_store_today(kio_store_t *s, kio_store_today_t *out)
{
	sqlite3_stmt *st = NULL;
	char day[11];
	kio_err_t err = KIO_OK;
	int rc;

	if (!s || !out)
		return KIO_ERR_INVAL;
	memset(out, 0, sizeof *out);
	kio_store_local_day(kio_store_now(), day);
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT type, sum(n) FROM day_stats WHERE day = ?1"
	                        " AND type IN " STATS_TYPES " GROUP BY type",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK) {
		err = kio_store_fail(s, rc, "today");
		goto out;
	}
	kio_store_bind_text(st, 1, day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		int64_t n = sqlite3_column_int64(st, 1);

		if (type && !strcmp(type, "print.completed"))
			out->prints += n;
		else
			out->failures += n;
	}
	if (rc != SQLITE_DONE) {
		err = kio_store_fail(s, rc, "today");
		goto out;
	}
	err = kio_store_events_pending_count(s, &out->pending);
out:
	sqlite3_finalize(st);
	return err;
}

/* ---- verification ------------------------------------------------------------------- */

typedef struct {
	int64_t bad_seq;
	char *why;
	size_t whylen;
} verdict_t;

static kio_err_t tampered(verdict_t *v, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static kio_err_t tampered(verdict_t *v, int64_t seq, const char *fmt, ...)
{
	va_list ap;

	v->bad_seq = seq;
	va_start(ap, fmt);
	vsnprintf(v->why, v->whylen, fmt, ap);
	va_end(ap);
	return KIO_ERR_TAMPERED;
}

static kio_err_t verify_chain(kio_store_t *s, verdict_t *v, int64_t *rows)
{
	sqlite3_stmt *st = NULL;
	char prev[KIO_SHA256_HEX] = ZERO_HASH;
	char head_hash[KIO_SHA256_HEX] = "";
	char calc[KIO_SHA256_HEX];
	int64_t expect, anchor = 0, head = 0;
	bool has_anchor, has_head;
	kio_err_t err;
	int rc;

	err = kio_store_meta_get(s, "anchor", &anchor, prev, &has_anchor);
	if (err == KIO_ERR_TAMPERED)
		return tampered(v, 0, "retention anchor record is damaged");
	if (err == KIO_OK)
		err = kio_store_meta_get(s, "head", &head, head_hash, &has_head);
	if (err == KIO_ERR_TAMPERED)
		return tampered(v, 0, "head record is damaged");
	if (err != KIO_OK)
		return err;
	if (!has_anchor)
		anchor = 0;
	expect = anchor + 1;
	rc = sqlite3_prepare_v2(s->db, "SELECT " KIO_STORE_EV_COLS " FROM events ORDER BY seq", -1,
	                        &st, NULL);
	if (rc != SQLITE_OK)
		return kio_store_fail(s, rc, "verify");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_view_t r;
		size_t hash_n;
		const char *hash = col(st, 12, &hash_n);
		int64_t epoch;

		view_of_row(st, &r);
		if (r.seq != expect) {
			if (r.seq > expect)
				err = tampered(v, expect,
				               "row seq %" PRId64
				               " is missing (next row is seq %" PRId64 ")%s",
				               expect, r.seq,
				               expect == anchor + 1 && has_anchor
				                   ? " after the retention anchor"
				                   : "");
			else
				err = tampered(v, r.seq, "seq %" PRId64 " out of order", r.seq);
			goto out;
		}
		err = hash_row(s, &r, calc);
		if (err != KIO_OK)
			goto out;
		if (hash_n != 64 || memcmp(hash, calc, 64) != 0) {
			err = tampered(v, r.seq,
			               "row seq %" PRId64 " was changed: its hash does not match"
			               " its content",
			               r.seq);
			goto out;
		}
		if (r.prev_n != 64 || memcmp(r.prev, prev, 64) != 0) {
			/* Row r.seq is self-consistent, so what it was chained to
			 * (the row before) has been rewritten with a new hash. */
			if (r.seq == anchor + 1 && has_anchor)
				err = tampered(v, r.seq,
				               "row seq %" PRId64 " does not chain to the retention"
				               " anchor",
				               r.seq);
			else
				err = tampered(v, r.seq - 1,
				               "row seq %" PRId64 " was rewritten: row seq %" PRId64
				               " was chained to a different hash",
				               r.seq - 1, r.seq);
			goto out;
		}
		if (kio_store_parse_time(r.at, false, &epoch) != KIO_OK ||
		    epoch != sqlite3_column_int64(st, 13)) {
			err =
			    tampered(v, r.seq,
			             "row seq %" PRId64 ": time column does not match 'at'", r.seq);
			goto out;
		}
		memcpy(prev, calc, sizeof prev);
		expect++;
		(*rows)++;
	}
	if (rc != SQLITE_DONE) {
		err = kio_store_fail(s, rc, "verify");
		goto out;
	}
	if (!has_head) {
		if (*rows > 0 || has_anchor)
			err = tampered(v, expect - 1, "head record is missing");
		goto out;
	}
	if (head > expect - 1)
		err = tampered(v, expect,
		               "rows after seq %" PRId64
		               " are missing (the log ended at seq %" PRId64 ")",
		               expect - 1, head);
	else if (head < expect - 1)
		err = tampered(v, head + 1,
		               "rows after seq %" PRId64 " were added outside the kiosk", head);
	else if (memcmp(head_hash, prev, 64) != 0)
		err = tampered(v, head, "last row seq %" PRId64 " differs from the recorded head",
		               head);
out:
	sqlite3_finalize(st);
	return err;
}

/* The per-day summary must equal the rows it summarises. */
static kio_err_t verify_summary(kio_store_t *s, verdict_t *v)
{
	static const char sql[] =
	    "WITH r AS (SELECT substr(at, 1, 10) AS day, type, reason, count(*) AS n"
	    "  FROM events GROUP BY 1, 2, 3)"
	    " SELECT day, type FROM (SELECT * FROM r EXCEPT"
	    "  SELECT day, type, reason, n FROM day_stats)"
	    " UNION ALL SELECT day, type FROM (SELECT day, type, reason, n FROM day_stats"
	    "  EXCEPT SELECT * FROM r) LIMIT 1";
	sqlite3_stmt *st = NULL;
	kio_err_t err = KIO_OK;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return kio_store_fail(s, rc, "verify summary");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		err = tampered(v, 0, "day summary for %.10s %.31s does not match the rows",
		               (const char *)sqlite3_column_text(st, 0),
		               (const char *)sqlite3_column_text(st, 1));
	else if (rc != SQLITE_DONE)
		err = kio_store_fail(s, rc, "verify summary");
	sqlite3_finalize(st);
	return err;
}

kio_err_t kio_store_verify(kio_store_t *s, int64_t *bad_seq, char *why, size_t whylen,
                           int64_t *rows)
{
	char whybuf[KIO_STORE_ERRMSG_MAX];
	verdict_t v = {0, why && whylen ? why : whybuf, why && whylen ? whylen : sizeof whybuf};
	int64_t nrows = 0;
	kio_err_t err;

	if (!s)
		return KIO_ERR_INVAL;
	v.why[0] = '\0';
	/* One snapshot: the kiosk may append while an officer verifies. */
	err = kio_store_read_begin(s);
	if (err != KIO_OK)
		return err;
	err = verify_chain(s, &v, &nrows);
	if (err == KIO_OK)
		err = verify_summary(s, &v);
	kio_store_read_end(s);
	if (bad_seq)
		*bad_seq = err == KIO_ERR_TAMPERED ? v.bad_seq : 0;
	if (rows)
		*rows = nrows;
	return err;
}

/* ---- retention --------------------------------------------------------------------- */

/* First column of the first row of SQL (?1 = ARG when it has a parameter). */
static kio_err_t query_int(kio_store_t *s, const char *sql, int64_t arg, int64_t *out, bool *isnull)
{
	sqlite3_stmt *st = NULL;
	kio_err_t err = KIO_OK;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	*isnull = true;
	if (rc == SQLITE_OK) {
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_int64(st, 1, arg);
		rc = sqlite3_step(st);
	}
	if (rc == SQLITE_ROW) {
		*isnull = sqlite3_column_type(st, 0) == SQLITE_NULL;
		*out = sqlite3_column_int64(st, 0);
	} else if (rc != SQLITE_DONE) {
		err = kio_store_fail(s, rc, "prune");
	}
	sqlite3_finalize(st);
	return err;
}

/* Recompute day_stats for every day up to MAXDAY from the rows left. */
static kio_err_t resummarize(kio_store_t *s, const char *maxday)
{
	sqlite3_stmt *st = NULL;
	struct tm tm = {0};
	int y, m, d;
	int64_t bound;
	kio_err_t err = KIO_OK;
	int rc;

	if (sscanf(maxday, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return kio_store_failf(s, KIO_ERR_INTERNAL, "prune: bad day '%s'", maxday);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + 1;
	/* A row dated MAXDAY or earlier in any offset (at most ±24 h) has an
	 * epoch before this bound, so the epoch index limits the scan. */
	bound = (int64_t)timegm(&tm) + 24 * 3600;
	rc = sqlite3_prepare_v2(s->db, "DELETE FROM day_stats WHERE day <= ?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		kio_store_bind_text(st, 1, maxday);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		return kio_store_fail(s, rc, "prune: day summary");
	rc = sqlite3_prepare_v2(s->db,
	                        "INSERT INTO day_stats (day, type, reason, n)"
	                        " SELECT substr(at, 1, 10), type, reason, count(*) FROM events"
	                        " WHERE epoch < ?2 AND substr(at, 1, 10) <= ?1 GROUP BY 1, 2, 3",
	                        -1, &st, NULL);
	if (rc == SQLITE_OK) {
		kio_store_bind_text(st, 1, maxday);
		sqlite3_bind_int64(st, 2, bound);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		err = kio_store_fail(s, rc, "prune: day summary");
	sqlite3_finalize(st);
	return err;
}

static kio_err_t prune_rows(kio_store_t *s, int64_t older_than, int64_t *deleted)
{
	sqlite3_stmt *st = NULL;
	int64_t keep, last, first;
	bool none, nofirst;
	char hash[KIO_SHA256_HEX], maxday[11];
	kio_err_t err;
	int rc;

	/* The first row that must stay: new enough, or not yet uploaded. Only
	 * the prefix before it may go, so the rest still chains to the anchor. */
	err = query_int(s,
	                "SELECT seq FROM events WHERE epoch >= ?1 OR sent = 0"
	                " ORDER BY seq LIMIT 1",
	                older_than, &keep, &none);
	if (err != KIO_OK)
		return err;
	if (none) {
		err = query_int(s, "SELECT max(seq) FROM events", 0, &last, &none);
		if (err != KIO_OK || none)
			return err;
	} else {
		last = keep - 1;
	}
	err = query_int(s, "SELECT min(seq) FROM events", 0, &first, &nofirst);
	if (err != KIO_OK || nofirst || last < first)
		return err;

	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT hash, (SELECT max(substr(at, 1, 10)) FROM events"
	                        " WHERE seq <= ?1) FROM events WHERE seq = ?1",
	                        -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, last);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_ROW) {
		err = rc == SQLITE_DONE
		          ? kio_store_failf(s, KIO_ERR_TAMPERED,
		                            "prune: row seq %" PRId64 " is missing", last)
		          : kio_store_fail(s, rc, "prune");
		sqlite3_finalize(st);
		return err;
	}
	if (kio_store_col_text(st, 0, hash, sizeof hash) != KIO_OK ||
	    kio_store_col_text(st, 1, maxday, sizeof maxday) != KIO_OK)
		err = kio_store_failf(s, KIO_ERR_TAMPERED, "prune: row seq %" PRId64 " is damaged",
		                      last);
	sqlite3_finalize(st);
	st = NULL;
	if (err != KIO_OK)
		return err;

	rc = sqlite3_prepare_v2(s->db, "DELETE FROM events WHERE seq <= ?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, last);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kio_store_fail(s, rc, "prune: delete");
	*deleted = sqlite3_changes64(s->db);
	err = kio_store_meta_set(s, "anchor", last, hash);
	if (err != KIO_OK)
		return err;
	return resummarize(s, maxday);
}

kio_err_t kio_store_prune(kio_store_t *s, int64_t older_than, int64_t *deleted)
{
	int64_t n = 0;
	kio_err_t err;

	if (!s)
		return KIO_ERR_INVAL;
	err = kio_store_write_begin(s, "prune");
	if (err != KIO_OK)
		return err;
	err = prune_rows(s, older_than, &n);
	/* Settled prints of the same age go too: they hold masked NIKs and
	 * document ids, which fall under the same retention. */
	if (err == KIO_OK) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(
		    s->db, "DELETE FROM tx WHERE step = 8 AND updated_at < ?1", -1, &st, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, older_than);
			rc = sqlite3_step(st);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			err = kio_store_fail(s, rc, "prune: journal");
	}
	err = kio_store_write_end(s, err, "prune");
	if (deleted)
		*deleted = err == KIO_OK ? n : 0;
	return err;
}
