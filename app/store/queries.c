/*
 * queries.c — reading the print log back: rows by filter, per-day
 * statistics and today's totals (the chain itself is eventlog.c).
 */
#include "store/store-private.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Ask once for one integer row; *GOT false when there is no row. */
static kio_err_t one_row(kio_store_t *s, const char *sql, int64_t arg, int64_t *a, int64_t *b,
                         bool *got)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kio_store_fail(s, rc, "paper");
	sqlite3_bind_int64(st, 1, arg);
	rc = sqlite3_step(st);
	*got = rc == SQLITE_ROW;
	if (*got) {
		*a = sqlite3_column_int64(st, 0);
		if (b)
			*b = sqlite3_column_int64(st, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? KIO_OK : kio_store_fail(s, rc, "paper");
}

kio_err_t kio_store_paper(kio_store_t *s, int64_t *loaded, int64_t *used, bool *found)
{
	int64_t seq = 0;
	bool got = false;
	if (!s || !loaded || !used || !found)
		return KIO_ERR_INVAL;
	*loaded = *used = 0;
	*found = false;
	kio_err_t err = kio_store_read_begin(s);
	if (err != KIO_OK)
		return err;
	err = one_row(s,
	              "SELECT seq, pages FROM events WHERE type = 'paper.loaded' AND seq > ?1"
	              " ORDER BY seq DESC LIMIT 1",
	              0, &seq, loaded, found);
	/* seq is the rowid: the sum reads only the rows after the refill. */
	if (err == KIO_OK && *found)
		err = one_row(s,
		              "SELECT coalesce(sum(max(pages, 0)), 0) FROM events WHERE seq > ?1"
		              " AND type IN ('print.completed', 'testpage.printed',"
		              " 'report.printed')",
		              seq, used, NULL, &got);
	kio_store_read_end(s);
	return err;
}
