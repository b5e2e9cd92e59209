/*
 * test_store.c — app/store against real SQLite files under mktemp -d.
 *
 * Journal steps and their events in one transaction, the hash chain and its
 * canonical serialization (recomputed here independently), tamper detection
 * by editing the file with raw SQL (edit, delete middle/last, reorder, forged
 * hash, summary), retention with an anchor, upload bookkeeping, queries and
 * stats, reopen, and the disk-full / read-only paths (a read-only handle
 * always; a read-only and a full tmpfs when `mount` works, else skipped with
 * a message).
 *
 * `test_store --make-db FILE` writes the fixed fixture log that
 * tests/integration/test_ctl_log.sh runs adm-kioskctl on (rows need valid
 * hashes, so only the store can write them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

#define ZERO64 "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct fixture {
	char dir[256];
	char db[300];
	kio_store_t *s;
} fixture_t;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_rf(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int setup(void **state)
{
	fixture_t *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_store.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/data/%s", f->dir, KIO_STORE_FILE);
	char data[300];
	snprintf(data, sizeof data, "%s/data", f->dir);
	assert_int_equal(kio_store_open(&f->s, data), KIO_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_t *f = *state;

	kio_store_close(f->s);
	rm_rf(f->dir);
	free(f);
	return 0;
}

static void reopen(fixture_t *f)
{
	kio_store_close(f->s);
	f->s = NULL;
	assert_int_equal(kio_store_open_file(&f->s, f->db, 0), KIO_OK);
}

/* Raw SQL on the file, as someone with a shell on the kiosk would. */
static void raw_sql(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 2000);
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("raw sql '%s': %s", sql, msg ? msg : "?");
	sqlite3_close(h);
}

static int64_t raw_int(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -999;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static kio_event_t mkev(const char *type, const char *at, const char *reason)
{
	kio_event_t ev;

	memset(&ev, 0, sizeof ev);
	snprintf(ev.type, sizeof ev.type, "%s", type);
	if (at)
		snprintf(ev.at, sizeof ev.at, "%s", at);
	snprintf(ev.document_id, sizeof ev.document_id, "d7c1f0e2");
	snprintf(ev.application, sizeof ev.application, "OI-2026-000123");
	snprintf(ev.kind, sizeof ev.kind, "KK");
	snprintf(ev.nik_masked, sizeof ev.nik_masked, "1610**********01");
	if (reason)
		snprintf(ev.reason, sizeof ev.reason, "%s", reason);
	ev.pages = 1;
	ev.job_id = -1;
	return ev;
}

static void append_n(kio_store_t *s, int n, const char *at)
{
	for (int i = 0; i < n; i++) {
		kio_event_t ev = mkev(i % 3 == 2 ? "print.failed" : "print.completed", at,
		                      i % 3 == 2 ? "media-empty" : NULL);
		ev.job_id = i + 1;
		assert_int_equal(kio_store_event_append(s, &ev), KIO_OK);
	}
}

/* ---- the canonical serialization, written out independently of eventlog.c -------- */

static void ns(char *buf, size_t cap, size_t *off, const char *s)
{
	int k = snprintf(buf + *off, cap - *off, "%zu:%s;", strlen(s), s);
	assert_true(k > 0 && (size_t)k < cap - *off);
	*off += (size_t)k;
}

static void ni(char *buf, size_t cap, size_t *off, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%" PRId64, v);
	ns(buf, cap, off, num);
}

static void expected_hash(const kio_event_t *ev, char out[65])
{
	char buf[4096];
	size_t off = 0;
	unsigned char md[32];
	unsigned int len = 0;

	off = (size_t)snprintf(buf, sizeof buf, "kio.event.v1;");
	ns(buf, sizeof buf, &off, ev->prev_hash);
	ni(buf, sizeof buf, &off, ev->seq);
	ns(buf, sizeof buf, &off, ev->id);
	ns(buf, sizeof buf, &off, ev->at);
	ns(buf, sizeof buf, &off, ev->type);
	ns(buf, sizeof buf, &off, ev->document_id);
	ns(buf, sizeof buf, &off, ev->application);
	ns(buf, sizeof buf, &off, ev->kind);
	ns(buf, sizeof buf, &off, ev->nik_masked);
	ni(buf, sizeof buf, &off, ev->pages);
	ni(buf, sizeof buf, &off, ev->job_id);
	ns(buf, sizeof buf, &off, ev->reason);
	assert_int_equal(EVP_Digest(buf, off, md, &len, EVP_sha256(), NULL), 1);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* ---- open / migrate / reopen --------------------------------------------------------- */

static void test_open_schema_wal(void **state)
{
	fixture_t *f = *state;

	assert_int_equal(raw_int(f->db, "PRAGMA user_version"), KIO_STORE_SCHEMA_VERSION);
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(h);
	/* A second open migrates nothing and keeps the data. */
	append_n(f->s, 3, NULL);
	reopen(f);
	reopen(f);
	int64_t n = 0;
	assert_int_equal(kio_store_events_pending_count(f->s, &n), KIO_OK);
	assert_int_equal(n, 3);
	assert_int_equal(kio_store_verify(f->s, NULL, NULL, 0, &n), KIO_OK);
	assert_int_equal(n, 3);
}

static void test_open_newer_schema_refused(void **state)
{
	fixture_t *f = *state;

	kio_store_close(f->s);
	f->s = NULL;
	raw_sql(f->db, "PRAGMA user_version = 99");
	assert_int_equal(kio_store_open_file(&f->s, f->db, 0), KIO_ERR_STORE);
	assert_null(f->s);
	raw_sql(f->db, "PRAGMA user_version = 1");
	reopen(f);
}

static void test_open_not_a_db(void **state)
{
	fixture_t *f = *state;
	char path[300];
	kio_store_t *s = NULL;

	snprintf(path, sizeof path, "%s/junk.db", f->dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("this is not an sqlite database at all\n", fp);
	fclose(fp);
	assert_int_equal(kio_store_open_file(&s, path, 0), KIO_ERR_STORE);
	assert_null(s);
	snprintf(path, sizeof path, "%s/missing.db", f->dir);
	assert_int_equal(kio_store_open_file(&s, path, KIO_STORE_READONLY), KIO_ERR_IO);
	assert_null(s);
}

/* ---- journal ------------------------------------------------------------------------- */

static kio_tx_t mktx(void)
{
	kio_tx_t tx;

	memset(&tx, 0, sizeof tx);
	snprintf(tx.document_id, sizeof tx.document_id, "d7c1f0e2");
	snprintf(tx.application, sizeof tx.application, "OI-2026-000123");
	snprintf(tx.kind, sizeof tx.kind, "KK");
	snprintf(tx.nik_masked, sizeof tx.nik_masked, "1610**********01");
	snprintf(tx.title, sizeof tx.title, "Kartu Keluarga");
	snprintf(tx.sha256, sizeof tx.sha256, "%s", ZERO64);
	snprintf(tx.printer, sizeof tx.printer, "ADM-HVS");
	tx.pages = 1;
	tx.copies = 1;
	tx.size = 183422;
	return tx;
}

static void test_tx_steps_with_events(void **state)
{
	fixture_t *f = *state;
	kio_tx_t tx = mktx(), got;
	int64_t pending = 0;

	assert_int_equal(kio_store_tx_begin(f->s, &tx), KIO_OK);
	assert_true(tx.id > 0);
	assert_int_equal(strlen(tx.idem_key), 36);
	assert_int_equal(tx.step, KIO_TX_RESERVING);
	assert_int_equal(tx.job_id, -1);
	assert_true(tx.created_at > 0);

	assert_int_equal(kio_store_tx_get(f->s, tx.id, &got), KIO_OK);
	assert_string_equal(got.idem_key, tx.idem_key);
	assert_string_equal(got.title, "Kartu Keluarga");
	assert_int_equal(got.size, 183422);
	assert_int_equal(got.step, KIO_TX_RESERVING);

	static const struct {
		kio_tx_step_t step;
		const char *event; /* NULL: no event with this step */
	} steps[] = {
	    {KIO_TX_RESERVED, "print.reserved"},
	    {KIO_TX_DOWNLOADING, NULL},
	    {KIO_TX_VERIFIED, NULL},
	    {KIO_TX_SUBMITTING, NULL},
	    {KIO_TX_SUBMITTED, NULL},
	    {KIO_TX_PRINTED, NULL},
	    {KIO_TX_SETTLED, "print.completed"},
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		tx.step = steps[i].step;
		if (tx.step == KIO_TX_RESERVED)
			snprintf(tx.print_id, sizeof tx.print_id, "p-81f2");
		if (tx.step == KIO_TX_SUBMITTED)
			tx.job_id = 42;
		if (tx.step == KIO_TX_SETTLED)
			snprintf(tx.outcome, sizeof tx.outcome, "complete");
		kio_event_t ev = mkev(steps[i].event ? steps[i].event : "x", NULL, NULL);
		ev.job_id = tx.job_id;
		assert_int_equal(kio_store_tx_set(f->s, NULL, &tx, steps[i].event ? &ev : NULL),
		                 KIO_OK);
		assert_int_equal(kio_store_tx_get(f->s, tx.id, &got), KIO_OK);
		assert_int_equal(got.step, steps[i].step);
		assert_string_equal(kio_tx_step_name(got.step), kio_tx_step_name(steps[i].step));
	}
	assert_string_equal(got.print_id, "p-81f2");
	assert_int_equal(got.job_id, 42);
	assert_string_equal(got.outcome, "complete");
	assert_int_equal(kio_store_events_pending_count(f->s, &pending), KIO_OK);
	assert_int_equal(pending, 2);

	/* Settled is final; unknown ids are refused. */
	tx.step = KIO_TX_FAILED;
	assert_int_equal(kio_store_tx_set(f->s, NULL, &tx, NULL), KIO_ERR_INVAL);
	tx.step = KIO_TX_SETTLED;
	tx.id = 9999;
	assert_int_equal(kio_store_tx_set(f->s, NULL, &tx, NULL), KIO_ERR_INVAL);
	assert_int_equal(kio_store_tx_get(f->s, 9999, &got), KIO_ERR_INVAL);
	snprintf(tx.outcome, sizeof tx.outcome, "maybe");
	assert_int_equal(kio_store_tx_set(f->s, NULL, &tx, NULL), KIO_ERR_INVAL);
	assert_string_equal(kio_tx_step_name(KIO_TX__COUNT), "unknown");
}

/* A failing event append must leave the journal row as it was. */
static void test_tx_and_event_one_transaction(void **state)
{
	fixture_t *f = *state;
	kio_tx_t tx = mktx(), got;
	kio_event_t first = mkev("print.reserved", NULL, NULL);
	int64_t n = 0;

	assert_int_equal(kio_store_tx_begin(f->s, &tx), KIO_OK);
	assert_int_equal(kio_store_event_append(f->s, &first), KIO_OK);

	tx.step = KIO_TX_PRINTED;
	kio_event_t bad = mkev("", NULL, NULL); /* no type: refused */
	assert_int_equal(kio_store_tx_set(f->s, NULL, &tx, &bad), KIO_ERR_INVAL);
	kio_event_t dup = mkev("print.completed", NULL, NULL);
	memcpy(dup.id, first.id, sizeof dup.id); /* UNIQUE violation inside SQL */
	assert_int_equal(kio_store_tx_set(f->s, NULL, &tx, &dup), KIO_ERR_STORE);

	assert_int_equal(kio_store_tx_get(f->s, tx.id, &got), KIO_OK);
	assert_int_equal(got.step, KIO_TX_RESERVING);
	assert_int_equal(kio_store_events_pending_count(f->s, &n), KIO_OK);
	assert_int_equal(n, 1);
	assert_int_equal(kio_store_verify(f->s, NULL, NULL, 0, &n), KIO_OK);
	assert_int_equal(n, 1);

	/* The caller's event is not modified (a copy is filled). */
	kio_event_t ok = mkev("print.completed", NULL, NULL);
	assert_int_equal(kio_store_tx_set(f->s, NULL, &tx, &ok), KIO_OK);
	assert_int_equal(ok.seq, 0);
	assert_string_equal(ok.id, "");
	assert_int_equal(kio_store_events_pending_count(f->s, &n), KIO_OK);
	assert_int_equal(n, 2);
}

/* Two settlers read the same row; the first write wins, the stale one is
 * refused and leaves the row (and the log) as the winner wrote them. */
static void test_tx_set_compare_and_set(void **state)
{
	fixture_t *f = *state;
	kio_tx_t tx = mktx(), live, stale, now;

	assert_int_equal(kio_store_tx_begin(f->s, &tx), KIO_OK);
	tx.step = KIO_TX_SUBMITTED;
	assert_int_equal(kio_store_tx_set(f->s, NULL, &tx, NULL), KIO_OK);
	live = stale = tx;
	live.step = KIO_TX_PRINTED;
	assert_int_equal(kio_store_tx_set(f->s, &tx, &live, NULL), KIO_OK);
	stale.step = KIO_TX_FAILED;
	assert_int_equal(kio_store_tx_set(f->s, &tx, &stale, NULL), KIO_ERR_INVAL);
	/* a claim (attempts + 1) is a move too */
	now = live;
	now.attempts++;
	assert_int_equal(kio_store_tx_set(f->s, &live, &now, NULL), KIO_OK);
	assert_int_equal(kio_store_tx_set(f->s, &live, &now, NULL), KIO_ERR_INVAL);
	assert_int_equal(kio_store_tx_get(f->s, tx.id, &stale), KIO_OK);
	assert_int_equal(stale.step, KIO_TX_PRINTED);
	assert_int_equal(stale.attempts, 1);
}

static void test_tx_unsettled_oldest_first(void **state)
{
	fixture_t *f = *state;
	kio_tx_t txs[5], out[8];
	int n = -1;

	for (int i = 0; i < 5; i++) {
		txs[i] = mktx();
		assert_int_equal(kio_store_tx_begin(f->s, &txs[i]), KIO_OK);
	}
	for (int i = 1; i < 5; i += 2) {
		txs[i].step = KIO_TX_SETTLED;
		assert_int_equal(kio_store_tx_set(f->s, NULL, &txs[i], NULL), KIO_OK);
	}
	txs[4].step = KIO_TX_FAILED;
	snprintf(txs[4].reason, sizeof txs[4].reason, "media-empty");
	txs[4].attempts = 3;
	txs[4].next_retry_at = 12345;
	assert_int_equal(kio_store_tx_set(f->s, NULL, &txs[4], NULL), KIO_OK);

	assert_int_equal(kio_store_tx_unsettled(f->s, out, 8, &n), KIO_OK);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].id, txs[0].id);
	assert_int_equal(out[1].id, txs[2].id);
	assert_int_equal(out[2].id, txs[4].id);
	assert_int_equal(out[2].step, KIO_TX_FAILED);
	assert_string_equal(out[2].reason, "media-empty");
	assert_int_equal(out[2].attempts, 3);
	assert_int_equal(out[2].next_retry_at, 12345);
	assert_int_equal(kio_store_tx_unsettled(f->s, out, 2, &n), KIO_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[1].id, txs[2].id);
	/* Survives a restart: that is the point of the journal. */
	reopen(f);
	assert_int_equal(kio_store_tx_unsettled(f->s, out, 8, &n), KIO_OK);
	assert_int_equal(n, 3);
	assert_string_equal(out[0].idem_key, txs[0].idem_key);
}

/* ---- event log ------------------------------------------------------------------------ */

static void test_append_sequence_and_hash(void **state)
{
	fixture_t *f = *state;
	kio_event_t ev[4];
	char want[65];

	for (int i = 0; i < 4; i++) {
		ev[i] = mkev("print.completed", i == 3 ? "2026-11-24T09:16:02+07:00" : NULL,
		             i == 2 ? "koma, \"kutip\" dan\nbaris" : NULL);
		assert_int_equal(kio_store_event_append(f->s, &ev[i]), KIO_OK);
		assert_int_equal(ev[i].seq, i + 1);
		assert_int_equal(strlen(ev[i].id), 36);
		assert_int_equal(strlen(ev[i].hash), 64);
		expected_hash(&ev[i], want);
		assert_string_equal(ev[i].hash, want);
		assert_string_equal(ev[i].prev_hash, i == 0 ? ZERO64 : ev[i - 1].hash);
	}
	/* at: RFC 3339 local time with offset. */
	assert_int_equal(strlen(ev[0].at), 25);
	assert_int_equal(ev[0].at[10], 'T');
	assert_true(ev[0].at[19] == '+' || ev[0].at[19] == '-');
	assert_int_equal(ev[0].at[22], ':');
	assert_string_equal(ev[3].at, "2026-11-24T09:16:02+07:00");
	assert_int_equal(raw_int(f->db, "SELECT epoch FROM events WHERE seq = 4"), 1795486562);

	/* Bad input never reaches the chain. */
	kio_event_t bad = mkev("print.completed", "yesterday", NULL);
	assert_int_equal(kio_store_event_append(f->s, &bad), KIO_ERR_INVAL);
	bad = mkev("print.completed", "2026-11-24T09:15:00", NULL); /* no offset */
	assert_int_equal(kio_store_event_append(f->s, &bad), KIO_ERR_INVAL);
	bad = mkev("print.completed", "2026-11-24", NULL);
	assert_int_equal(kio_store_event_append(f->s, &bad), KIO_ERR_INVAL);
	bad = mkev("print.completed", "2026-11-24T02:15:00Z", NULL);
	assert_int_equal(kio_store_event_append(f->s, &bad), KIO_OK);
	bad = mkev("print.completed", NULL, NULL);
	memset(bad.reason, 'x', sizeof bad.reason); /* not terminated */
	assert_int_equal(kio_store_event_append(f->s, &bad), KIO_ERR_INVAL);
	kio_event_t dup = mkev("print.completed", NULL, NULL);
	memcpy(dup.id, ev[0].id, sizeof dup.id);
	assert_int_equal(kio_store_event_append(f->s, &dup), KIO_ERR_STORE);
	kio_event_t next = mkev("session.logout", NULL, NULL);
	assert_int_equal(kio_store_event_append(f->s, &next), KIO_OK);
	assert_int_equal(next.seq, 6);
	assert_int_equal(kio_store_verify(f->s, NULL, NULL, 0, NULL), KIO_OK);
}

/* Tamper with a 10-row log by raw SQL and expect verify to name BAD. */
typedef struct tamper_case {
	const char *name;
	const char *sql;
	int64_t bad;
} tamper_case_t;

static void check_tamper(const tamper_case_t *c)
{
	char dir[] = "/tmp/test_store_tamper.XXXXXX";
	char db[300], why[256] = "";
	kio_store_t *s = NULL;
	int64_t bad = -1;

	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/%s", dir, KIO_STORE_FILE);
	assert_int_equal(kio_store_open(&s, dir), KIO_OK);
	append_n(s, 10, NULL);
	assert_int_equal(kio_store_verify(s, &bad, why, sizeof why, NULL), KIO_OK);
	kio_store_close(s);
	raw_sql(db, c->sql);
	assert_int_equal(kio_store_open_file(&s, db, KIO_STORE_READONLY), KIO_OK);
	kio_err_t err = kio_store_verify(s, &bad, why, sizeof why, NULL);
	print_message("  %-22s -> %s, seq %" PRId64 ": %s\n", c->name, kio_err_name(err), bad, why);
	assert_int_equal(err, KIO_ERR_TAMPERED);
	assert_int_equal(bad, c->bad);
	assert_true(why[0] != '\0');
	kio_store_close(s);
	rm_rf(dir);
}

static void test_verify_detects_tampering(void **state)
{
	(void)state;
	static const tamper_case_t cases[] = {
	    {"edit a field", "UPDATE events SET reason = 'ok' WHERE seq = 5", 5},
	    {"edit pages", "UPDATE events SET pages = 2 WHERE seq = 1", 1},
	    {"edit the hash only",
	     "UPDATE events SET hash = replace(hash, substr(hash,1,1),"
	     " 'f') WHERE seq = 7 AND substr(hash,1,1) <> 'f';"
	     "UPDATE events SET hash = replace(hash, substr(hash,1,1),"
	     " 'e') WHERE seq = 7 AND substr(hash,1,1) = 'f'",
	     7},
	    {"delete middle row", "DELETE FROM events WHERE seq = 5", 5},
	    {"delete first row", "DELETE FROM events WHERE seq = 1", 1},
	    {"delete last row", "DELETE FROM events WHERE seq = 10", 10},
	    {"delete last two", "DELETE FROM events WHERE seq >= 9", 9},
	    {"reorder (swap seq)",
	     "UPDATE events SET seq = -3 WHERE seq = 3;"
	     "UPDATE events SET seq = 3 WHERE seq = 7;"
	     "UPDATE events SET seq = 7 WHERE seq = -3",
	     3},
	    {"renumber a row",
	     "UPDATE events SET seq = 11 WHERE seq = 10;"
	     "UPDATE meta SET ival = 11 WHERE key = 'head'",
	     10},
	    {"append outside kiosk",
	     "INSERT INTO events SELECT 11, 'x', at, epoch, type,"
	     " document_id, application, kind, nik_masked, pages,"
	     " job_id, reason, hash, hash, 0 FROM events WHERE seq = 10",
	     11},
	    {"move the time column", "UPDATE events SET epoch = 0 WHERE seq = 4", 4},
	    {"edit day summary", "UPDATE day_stats SET n = n + 1 WHERE type = 'print.failed'", 0},
	    {"drop the head record", "DELETE FROM meta WHERE key = 'head'", 10},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_tamper(&cases[i]);
}

/* Rewrite row 5 with a correctly recomputed hash: the link from row 6
 * breaks, and verify names row 5 as the rewritten one. */
static void test_verify_detects_forged_hash(void **state)
{
	fixture_t *f = *state;
	kio_event_t ev[8];
	char sql[512], forged[65], why[256];
	int64_t bad = 0;

	for (int i = 0; i < 8; i++) {
		ev[i] = mkev("print.completed", "2026-11-24T10:00:00+07:00", NULL);
		assert_int_equal(kio_store_event_append(f->s, &ev[i]), KIO_OK);
	}
	kio_event_t fake = ev[4];
	fake.pages = 99;
	expected_hash(&fake, forged);
	snprintf(sql, sizeof sql, "UPDATE events SET pages = 99, hash = '%s' WHERE seq = 5",
	         forged);
	raw_sql(f->db, sql);
	assert_int_equal(kio_store_verify(f->s, &bad, why, sizeof why, NULL), KIO_ERR_TAMPERED);
	assert_int_equal(bad, 5);
	assert_non_null(strstr(why, "rewritten"));

	/* Forging the last row needs the head too: still caught. */
	raw_sql(f->db, "UPDATE events SET pages = 1, hash = (SELECT prev_hash FROM events"
	               " WHERE seq = 6) WHERE seq = 5");
	assert_int_equal(kio_store_verify(f->s, &bad, why, sizeof why, NULL), KIO_OK);
	fake = ev[7];
	fake.pages = 7;
	expected_hash(&fake, forged);
	snprintf(sql, sizeof sql, "UPDATE events SET pages = 7, hash = '%s' WHERE seq = 8", forged);
	raw_sql(f->db, sql);
	assert_int_equal(kio_store_verify(f->s, &bad, why, sizeof why, NULL), KIO_ERR_TAMPERED);
	assert_int_equal(bad, 8);
}

/* ---- the server's acknowledgement (anchor.c) ------------------------------------- */

static void ack_check(kio_store_t *s, const unsigned char *key, const kio_log_head_t *server,
                      kio_ack_verdict_t want)
{
	kio_ack_check_t c;
	assert_int_equal(kio_store_ack_check(s, key, server, &c), KIO_OK);
	print_message("  ack check -> verdict %d: %s\n", (int)c.verdict, c.why);
	assert_int_equal(c.verdict, want);
	if (want != KIO_ACK_OK && want != KIO_ACK_NONE)
		assert_true(c.why[0] != '\0');
}

/* The attacks the chain alone misses: the log cut short with its head
 * record moved back, or rewritten with every hash recomputed. Both pass
 * kio_store_verify; both fail against the server's acknowledged head. */
static void test_anchor_catches_truncation(void **state)
{
	fixture_t *f = *state;
	char data[300], sql[512];
	unsigned char key[KIO_ACK_KEY_LEN], key2[KIO_ACK_KEY_LEN], other[KIO_ACK_KEY_LEN];
	kio_event_t ev[5];
	kio_log_head_t head, server;
	struct stat st;

	snprintf(data, sizeof data, "%s/data", f->dir);
	assert_int_equal(kio_store_ack_key(data, true, key), KIO_OK);
	snprintf(sql, sizeof sql, "%s/%s", data, KIO_STORE_ACK_KEY_FILE);
	assert_int_equal(stat(sql, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(kio_store_ack_key(data, false, key2), KIO_OK); /* the same key again */
	assert_memory_equal(key, key2, sizeof key);

	ack_check(f->s, key, NULL, KIO_ACK_NONE); /* nothing acknowledged yet */
	for (int i = 0; i < 5; i++) {
		ev[i] = mkev("session.login", NULL, NULL); /* not in the day summary */
		assert_int_equal(kio_store_event_append(f->s, &ev[i]), KIO_OK);
	}
	assert_int_equal(kio_store_log_head(f->s, &head), KIO_OK);
	assert_int_equal(head.seq, 5);
	assert_string_equal(head.hash, ev[4].hash);

	/* A server head the log does not hold as the server does: not recorded. */
	server = head;
	server.hash[0] = server.hash[0] == 'a' ? 'b' : 'a';
	assert_int_equal(kio_store_ack_record(f->s, key, &server), KIO_ERR_TAMPERED);
	ack_check(f->s, key, NULL, KIO_ACK_NONE);
	server.seq = 9; /* one the kiosk never wrote */
	assert_int_equal(kio_store_ack_record(f->s, key, &server), KIO_ERR_TAMPERED);

	/* The server holds seq 3, later seq 5; an older answer never moves it back. */
	kio_log_head_t h3 = {.seq = 3};
	memcpy(h3.hash, ev[2].hash, sizeof h3.hash);
	assert_int_equal(kio_store_ack_record(f->s, key, &h3), KIO_OK);
	assert_int_equal(kio_store_ack_record(f->s, key, &head), KIO_OK);
	assert_int_equal(kio_store_ack_record(f->s, key, &h3), KIO_OK);
	assert_int_equal(raw_int(f->db, "SELECT ival FROM meta WHERE key = 'ack'"), 5);
	ack_check(f->s, key, NULL, KIO_ACK_OK);
	memset(other, 7, sizeof other);
	ack_check(f->s, other, NULL, KIO_ACK_FORGED); /* another kiosk's key */

	/* 1. Truncation with three statements: rows 4-5 deleted, the head record
	 * moved back to 3, the day count lowered. */
	raw_sql(f->db, "DELETE FROM events WHERE seq >= 4;"
	               "UPDATE meta SET ival = 3, tval = (SELECT hash FROM events WHERE seq = 3)"
	               " WHERE key = 'head';"
	               "UPDATE day_stats SET n = n - 2 WHERE type = 'session.login'");
	assert_int_equal(kio_store_verify(f->s, NULL, NULL, 0, NULL), KIO_OK); /* missed */
	ack_check(f->s, key, NULL, KIO_ACK_TRUNCATED);
	ack_check(f->s, NULL, &head, KIO_ACK_TRUNCATED); /* against the server's own answer */

	/* 2. ... and the acknowledgement moved back too: its MAC gives it away. */
	raw_sql(f->db, "UPDATE meta SET ival = 3, tval = (SELECT hash FROM events WHERE seq = 3)"
	               " WHERE key = 'ack'");
	ack_check(f->s, key, NULL, KIO_ACK_FORGED);
	raw_sql(f->db, "UPDATE meta SET tval = 'not a hash' WHERE key = 'ack'");
	ack_check(f->s, key, NULL, KIO_ACK_FORGED);
	ack_check(f->s, NULL, &head, KIO_ACK_TRUNCATED); /* the server still knows */
}

/* A log rewritten from row 2 on with every hash recomputed and the head
 * updated chains perfectly; the acknowledged row's hash is what differs. */
static void test_anchor_catches_rewrite(void **state)
{
	fixture_t *f = *state;
	char data[300], sql[512];
	unsigned char key[KIO_ACK_KEY_LEN];
	kio_event_t ev[4];
	kio_log_head_t head;

	snprintf(data, sizeof data, "%s/data", f->dir);
	assert_int_equal(kio_store_ack_key(data, true, key), KIO_OK);
	for (int i = 0; i < 4; i++) {
		ev[i] = mkev("session.login", NULL, NULL);
		assert_int_equal(kio_store_event_append(f->s, &ev[i]), KIO_OK);
	}
	assert_int_equal(kio_store_log_head(f->s, &head), KIO_OK);
	assert_int_equal(kio_store_ack_record(f->s, key, &head), KIO_OK);
	ev[1].pages = 9; /* pages are not in the day summary */
	for (int i = 1; i < 4; i++) {
		if (i > 1)
			memcpy(ev[i].prev_hash, ev[i - 1].hash, sizeof ev[i].prev_hash);
		expected_hash(&ev[i], ev[i].hash);
		snprintf(
		    sql, sizeof sql,
		    "UPDATE events SET pages = %d, prev_hash = '%s', hash = '%s' WHERE seq = %d",
		    ev[i].pages, ev[i].prev_hash, ev[i].hash, i + 1);
		raw_sql(f->db, sql);
	}
	snprintf(sql, sizeof sql, "UPDATE meta SET tval = '%s' WHERE key = 'head'", ev[3].hash);
	raw_sql(f->db, sql);
	assert_int_equal(kio_store_verify(f->s, NULL, NULL, 0, NULL), KIO_OK); /* missed */
	ack_check(f->s, key, NULL, KIO_ACK_REWRITTEN);
	ack_check(f->s, NULL, &head, KIO_ACK_REWRITTEN);
}

/* Batches are all or nothing and leave the chain as if appended one by one. */
static void test_batch(void **state)
{
	fixture_t *f = *state;
	int64_t rows = 0;

	assert_int_equal(kio_store_batch_commit(f->s), KIO_ERR_INVAL);
	assert_int_equal(kio_store_batch_begin(f->s), KIO_OK);
	assert_int_equal(kio_store_batch_begin(f->s), KIO_ERR_INVAL);
	append_n(f->s, 3, NULL);
	assert_int_equal(kio_store_batch_commit(f->s), KIO_OK);

	assert_int_equal(kio_store_batch_begin(f->s), KIO_OK);
	append_n(f->s, 2, NULL);
	kio_store_batch_rollback(f->s);
	assert_int_equal(kio_store_verify(f->s, NULL, NULL, 0, &rows), KIO_OK);
	assert_int_equal(rows, 3);

	/* One failed write loses the whole batch; commit says so. */
	assert_int_equal(kio_store_batch_begin(f->s), KIO_OK);
	kio_event_t a = mkev("print.completed", NULL, NULL);
	assert_int_equal(kio_store_event_append(f->s, &a), KIO_OK);
	kio_event_t dup = a;
	assert_int_equal(kio_store_event_append(f->s, &dup), KIO_ERR_STORE);
	kio_event_t b = mkev("print.completed", NULL, NULL);
	assert_int_equal(kio_store_event_append(f->s, &b), KIO_ERR_STORE);
	assert_int_equal(kio_store_batch_commit(f->s), KIO_ERR_STORE);

	kio_event_t c = mkev("print.completed", NULL, NULL);
	assert_int_equal(kio_store_event_append(f->s, &c), KIO_OK);
	assert_int_equal(c.seq, 4);
	reopen(f);
	assert_int_equal(kio_store_verify(f->s, NULL, NULL, 0, &rows), KIO_OK);
	assert_int_equal(rows, 4);
}

/* ---- retention ------------------------------------------------------------------------- */

static int count_rows(void *ctx, const kio_event_t *ev)
{
	(void)ev;
	(*(int *)ctx)++;
	return 0;
}

static void test_prune_keeps_chain(void **state)
{
	fixture_t *f = *state;
	char ids[20][KIO_UUID_BUF];
	char why[256] = "";
	int64_t deleted = -1, bad = 0, rows = 0, cutoff;

	/* 20 rows on three days; the first 12 uploaded. */
	for (int i = 0; i < 20; i++) {
		const char *at = i < 8    ? "2026-01-10T08:00:00+07:00"
		                 : i < 14 ? "2026-01-11T08:00:00+07:00"
		                          : "2026-11-24T08:00:00+07:00";
		kio_event_t ev =
		    mkev(i % 2 ? "print.completed" : "print.failed", at, i % 2 ? NULL : "jam");
		assert_int_equal(kio_store_event_append(f->s, &ev), KIO_OK);
		memcpy(ids[i], ev.id, sizeof ids[i]);
	}
	assert_int_equal(kio_store_events_mark_sent(f->s, (const char(*)[KIO_UUID_BUF])ids, 12),
	                 KIO_OK);
	/* Nothing old enough: nothing goes, no anchor yet. */
	assert_int_equal(kio_store_parse_time("2026-01-01", false, &cutoff), KIO_OK);
	assert_int_equal(kio_store_prune(f->s, cutoff, &deleted), KIO_OK);
	assert_int_equal(deleted, 0);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM meta WHERE key = 'anchor'"), 0);

	/* Older than 2026-11-01: rows 1-14 qualify by age, but 13-14 are not
	 * uploaded yet, so only 1-12 go. */
	assert_int_equal(kio_store_parse_time("2026-11-01", false, &cutoff), KIO_OK);
	assert_int_equal(kio_store_prune(f->s, cutoff, &deleted), KIO_OK);
	assert_int_equal(deleted, 12);
	assert_int_equal(raw_int(f->db, "SELECT ival FROM meta WHERE key = 'anchor'"), 12);
	assert_int_equal(raw_int(f->db, "SELECT min(seq) FROM events"), 13);
	assert_int_equal(kio_store_verify(f->s, &bad, why, sizeof why, &rows), KIO_OK);
	assert_int_equal(rows, 8);
	/* The summary now holds only what is left of 2026-01-11. */
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM day_stats WHERE day = '2026-01-10'"),
	                 0);
	assert_int_equal(raw_int(f->db, "SELECT sum(n) FROM day_stats WHERE day = '2026-01-11'"),
	                 2);

	/* Deleting the first row after the anchor is still caught. */
	kio_store_close(f->s);
	raw_sql(f->db, "BEGIN; CREATE TABLE saved AS SELECT * FROM events WHERE seq = 13;"
	               " DELETE FROM events WHERE seq = 13; COMMIT");
	assert_int_equal(kio_store_open_file(&f->s, f->db, 0), KIO_OK);
	assert_int_equal(kio_store_verify(f->s, &bad, why, sizeof why, NULL), KIO_ERR_TAMPERED);
	assert_int_equal(bad, 13);
	raw_sql(f->db, "INSERT INTO events SELECT * FROM saved; DROP TABLE saved");
	assert_int_equal(kio_store_verify(f->s, &bad, why, sizeof why, NULL), KIO_OK);

	/* Appending after a prune, and pruning everything, keep it valid. */
	append_n(f->s, 2, NULL);
	assert_int_equal(kio_store_verify(f->s, &bad, why, sizeof why, &rows), KIO_OK);
	assert_int_equal(rows, 10);
	kio_event_t pend[32];
	int n = 0;
	assert_int_equal(kio_store_events_pending(f->s, pend, 32, &n), KIO_OK);
	assert_int_equal(n, 10);
	char sent[10][KIO_UUID_BUF];
	for (int i = 0; i < n; i++)
		memcpy(sent[i], pend[i].id, KIO_UUID_BUF);
	assert_int_equal(kio_store_events_mark_sent(f->s, (const char(*)[KIO_UUID_BUF])sent, n),
	                 KIO_OK);
	assert_int_equal(kio_store_prune(f->s, INT64_MAX, &deleted), KIO_OK);
	assert_int_equal(deleted, 10);
	reopen(f);
	assert_int_equal(kio_store_verify(f->s, &bad, why, sizeof why, &rows), KIO_OK);
	assert_int_equal(rows, 0);
	int seen = 0;
	assert_int_equal(kio_store_events_query(f->s, NULL, count_rows, &seen), KIO_OK);
	assert_int_equal(seen, 0);
	kio_event_t after = mkev("kiosk.started", NULL, NULL);
	assert_int_equal(kio_store_event_append(f->s, &after), KIO_OK);
	assert_int_equal(after.seq, 23);
	assert_int_equal(kio_store_verify(f->s, &bad, why, sizeof why, &rows), KIO_OK);
	assert_int_equal(rows, 1);
}

static void test_prune_removes_old_settled_prints(void **state)
{
	fixture_t *f = *state;
	kio_tx_t a = mktx(), b = mktx(), out[4];
	int n = 0;

	assert_int_equal(kio_store_tx_begin(f->s, &a), KIO_OK);
	assert_int_equal(kio_store_tx_begin(f->s, &b), KIO_OK);
	a.step = KIO_TX_SETTLED;
	assert_int_equal(kio_store_tx_set(f->s, NULL, &a, NULL), KIO_OK);
	assert_int_equal(kio_store_prune(f->s, INT64_MAX, NULL), KIO_OK);
	assert_int_equal(kio_store_tx_get(f->s, a.id, &out[0]), KIO_ERR_INVAL);
	assert_int_equal(kio_store_tx_unsettled(f->s, out, 4, &n), KIO_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, b.id);
}

/* ---- upload bookkeeping --------------------------------------------------------------- */

static void test_pending_and_mark_sent(void **state)
{
	fixture_t *f = *state;
	kio_event_t out[8];
	char ids[3][KIO_UUID_BUF];
	int n = 0;
	int64_t count = 0;

	append_n(f->s, 5, NULL);
	assert_int_equal(kio_store_events_pending(f->s, out, 3, &n), KIO_OK);
	assert_int_equal(n, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(out[i].seq, i + 1);
	memcpy(ids[0], out[0].id, KIO_UUID_BUF);
	memcpy(ids[1], out[1].id, KIO_UUID_BUF);
	snprintf(ids[2], KIO_UUID_BUF, "00000000-0000-4000-8000-000000000000"); /* unknown */
	assert_int_equal(kio_store_events_mark_sent(f->s, (const char(*)[KIO_UUID_BUF])ids, 3),
	                 KIO_OK);
	assert_int_equal(kio_store_events_mark_sent(f->s, (const char(*)[KIO_UUID_BUF])ids, 3),
	                 KIO_OK);
	assert_int_equal(kio_store_events_mark_sent(f->s, NULL, 0), KIO_OK);
	assert_int_equal(kio_store_events_pending_count(f->s, &count), KIO_OK);
	assert_int_equal(count, 3);
	assert_int_equal(kio_store_events_pending(f->s, out, 8, &n), KIO_OK);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].seq, 3);
	assert_int_equal(out[2].seq, 5);
	assert_string_equal(out[2].prev_hash, out[1].hash);
	assert_int_equal(out[0].job_id, 3);
	/* Marking out of order is fine; order of what is left stays by seq. */
	memcpy(ids[0], out[2].id, KIO_UUID_BUF);
	assert_int_equal(kio_store_events_mark_sent(f->s, (const char(*)[KIO_UUID_BUF])ids, 1),
	                 KIO_OK);
	reopen(f);
	assert_int_equal(kio_store_events_pending(f->s, out, 8, &n), KIO_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].seq, 3);
	assert_int_equal(out[1].seq, 4);
	assert_int_equal(kio_store_verify(f->s, NULL, NULL, 0, NULL), KIO_OK);
}

/* ---- queries, stats, today -------------------------------------------------------------- */

typedef struct collect {
	int n;
	int64_t seqs[64];
} collect_t;

static int collect(void *ctx, const kio_event_t *ev)
{
	collect_t *c = ctx;
	if (c->n < 64)
		c->seqs[c->n] = ev->seq;
	c->n++;
	return 0;
}

static int stop_after_two(void *ctx, const kio_event_t *ev)
{
	collect(ctx, ev);
	return ((collect_t *)ctx)->n >= 2;
}

typedef struct stats_collect {
	int n;
	kio_stats_row_t rows[32];
} stats_collect_t;

static int collect_stats(void *ctx, const kio_stats_row_t *row)
{
	stats_collect_t *c = ctx;
	if (c->n < 32)
		c->rows[c->n++] = *row;
	return 0;
}

static void fill_three_days(kio_store_t *s)
{
	static const struct {
		const char *type, *at, *reason;
	} rows[] = {
	    {"print.completed", "2026-11-22T09:00:00+07:00", NULL},
	    {"print.failed", "2026-11-22T09:05:00+07:00", "media-empty"},
	    {"print.released", "2026-11-22T09:05:01+07:00", "media-empty"},
	    {"document.rejected", "2026-11-23T10:00:00+07:00", "doc_hash"},
	    {"print.completed", "2026-11-23T11:00:00+07:00", NULL},
	    {"print.completed", "2026-11-23T23:59:59+07:00", NULL},
	    {"print.failed", "2026-11-24T00:00:00+07:00", "jam, \"tray 2\""},
	    {"session.login", "2026-11-24T08:00:00+07:00", NULL},
	    {"print.completed", "2026-11-24T08:10:00+07:00", NULL},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		kio_event_t ev = mkev(rows[i].type, rows[i].at, rows[i].reason);
		if (!strncmp(rows[i].type, "session", 7)) {
			ev.document_id[0] = ev.application[0] = ev.kind[0] = '\0';
			ev.pages = -1;
		}
		if (!strcmp(rows[i].type, "print.completed"))
			ev.job_id = (int)i + 40;
		assert_int_equal(kio_store_event_append(s, &ev), KIO_OK);
	}
}

static void test_query_filters(void **state)
{
	fixture_t *f = *state;
	kio_event_filter_t flt = {0};
	collect_t c = {0};

	fill_three_days(f->s);
	assert_int_equal(kio_store_events_query(f->s, NULL, collect, &c), KIO_OK);
	assert_int_equal(c.n, 9);
	for (int i = 0; i < 9; i++)
		assert_int_equal(c.seqs[i], i + 1);

	memset(&c, 0, sizeof c);
	flt.type = "print.completed";
	assert_int_equal(kio_store_events_query(f->s, &flt, collect, &c), KIO_OK);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.seqs[3], 9);

	memset(&c, 0, sizeof c);
	flt.type = NULL;
	assert_int_equal(kio_store_parse_time("2026-11-23T00:00:00+07:00", false, &flt.since),
	                 KIO_OK);
	assert_int_equal(kio_store_parse_time("2026-11-24T00:00:00+07:00", false, &flt.until),
	                 KIO_OK);
	assert_int_equal(kio_store_events_query(f->s, &flt, collect, &c), KIO_OK);
	assert_int_equal(c.n, 3); /* until is exclusive */
	assert_int_equal(c.seqs[0], 4);
	assert_int_equal(c.seqs[2], 6);

	memset(&c, 0, sizeof c);
	assert_int_equal(kio_store_events_query(f->s, NULL, stop_after_two, &c), KIO_OK);
	assert_int_equal(c.n, 2);
}

static void test_stats_and_today(void **state)
{
	fixture_t *f = *state;
	stats_collect_t c = {0};
	int64_t since, until;

	fill_three_days(f->s);
	assert_int_equal(kio_store_stats(f->s, 0, 0, collect_stats, &c), KIO_OK);
	/* 22: completed, failed/media-empty; 23: rejected, completed(2);
	 * 24: completed, failed/jam. print.released and session.* are not counted. */
	assert_int_equal(c.n, 6);
	assert_string_equal(c.rows[0].day, "2026-11-22");
	assert_string_equal(c.rows[0].type, "print.completed");
	assert_false(c.rows[0].failure);
	assert_string_equal(c.rows[1].type, "print.failed");
	assert_string_equal(c.rows[1].reason, "media-empty");
	assert_true(c.rows[1].failure);
	assert_string_equal(c.rows[2].type, "document.rejected");
	assert_string_equal(c.rows[3].day, "2026-11-23");
	assert_int_equal(c.rows[3].count, 2);
	assert_string_equal(c.rows[5].reason, "jam, \"tray 2\"");

	memset(&c, 0, sizeof c);
	assert_int_equal(kio_store_parse_time("2026-11-23", false, &since), KIO_OK);
	assert_int_equal(kio_store_parse_time("2026-11-23", true, &until), KIO_OK);
	assert_int_equal(kio_store_stats(f->s, since, until, collect_stats, &c), KIO_OK);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.rows[0].day, "2026-11-23");
	assert_string_equal(c.rows[1].day, "2026-11-23");
}

/* The officer screen: today's local date only, plus the upload backlog. */
static void test_today(void **state)
{
	fixture_t *f = *state;
	kio_store_today_t t;
	kio_event_t old = mkev("print.completed", "2020-01-01T10:00:00+07:00", NULL);
	kio_event_t p = mkev("print.completed", NULL, NULL);
	kio_event_t x = mkev("document.rejected", NULL, "doc_size");
	kio_event_t r = mkev("print.released", NULL, "doc_size");

	assert_int_equal(kio_store_event_append(f->s, &old), KIO_OK);
	assert_int_equal(kio_store_event_append(f->s, &p), KIO_OK);
	assert_int_equal(kio_store_event_append(f->s, &x), KIO_OK);
	assert_int_equal(kio_store_event_append(f->s, &r), KIO_OK);
	assert_int_equal(kio_store_today(f->s, &t), KIO_OK);
	assert_int_equal(t.prints, 1);
	assert_int_equal(t.failures, 1);
	assert_int_equal(t.pending, 4);
}

/* ---- kv --------------------------------------------------------------------------------- */

static void test_kv(void **state)
{
	fixture_t *f = *state;
	int64_t v = 0;
	char buf[64];
	bool found = true;

	assert_int_equal(kio_store_kv_get_int(f->s, "pin.failures", &v, &found), KIO_OK);
	assert_false(found);
	assert_int_equal(kio_store_kv_set_int(f->s, "pin.failures", 3), KIO_OK);
	assert_int_equal(kio_store_kv_set_int(f->s, "pin.failures", 4), KIO_OK);
	assert_int_equal(
	    kio_store_kv_set_text(f->s, "pin.locked_until", "2026-11-24T10:00:00+07:00"), KIO_OK);
	reopen(f);
	assert_int_equal(kio_store_kv_get_int(f->s, "pin.failures", &v, &found), KIO_OK);
	assert_true(found);
	assert_int_equal(v, 4);
	assert_int_equal(kio_store_kv_get_text(f->s, "pin.locked_until", buf, sizeof buf, &found),
	                 KIO_OK);
	assert_true(found);
	assert_string_equal(buf, "2026-11-24T10:00:00+07:00");
	assert_int_equal(kio_store_kv_get_text(f->s, "pin.locked_until", buf, 8, &found),
	                 KIO_ERR_TOOBIG);
	assert_int_equal(kio_store_kv_get_text(f->s, "pin.failures", buf, sizeof buf, &found),
	                 KIO_ERR_INVAL);
	assert_int_equal(kio_store_kv_delete(f->s, "pin.failures"), KIO_OK);
	assert_int_equal(kio_store_kv_get_int(f->s, "pin.failures", &v, &found), KIO_OK);
	assert_false(found);
	assert_int_equal(kio_store_kv_set_int(f->s, "", 1), KIO_ERR_INVAL);
	char longkey[KIO_STORE_KEY_MAX + 8];
	memset(longkey, 'k', sizeof longkey - 1);
	longkey[sizeof longkey - 1] = '\0';
	assert_int_equal(kio_store_kv_set_int(f->s, longkey, 1), KIO_ERR_INVAL);
}

/* ---- time helpers ------------------------------------------------------------------------ */

static void test_parse_time(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		bool end;
		kio_err_t err;
		int64_t epoch;
	} cases[] = {
	    {"2026-11-24T09:15:00+07:00", false, KIO_OK, 1795486500},
	    {"2026-11-24T02:15:00Z", false, KIO_OK, 1795486500},
	    {"2026-11-24t02:15:00.123z", false, KIO_OK, 1795486500},
	    {"2026-11-23T21:15:00-05:00", false, KIO_OK, 1795486500},
	    {"2026-11-24", false, KIO_OK, 1795453200},          /* WIB midnight */
	    {"2026-11-24", true, KIO_OK, 1795453200 + 86400},   /* next midnight */
	    {"2026-11-24T09:15:00", false, KIO_OK, 1795486500}, /* local */
	    {"1795486500", false, KIO_OK, 1795486500},
	    {"2026-02-29", false, KIO_ERR_INVAL, 0},
	    {"2028-02-29", false, KIO_OK, 1835370000},
	    {"2026-13-01", false, KIO_ERR_INVAL, 0},
	    {"2026-11-24T24:00:00Z", false, KIO_ERR_INVAL, 0},
	    {"2026-11-24T09:15:00+0700", false, KIO_ERR_INVAL, 0},
	    {"2026-11-24T09:15:00+07:00x", false, KIO_ERR_INVAL, 0},
	    {"2026-11-24T09:15", false, KIO_ERR_INVAL, 0},
	    {"24-11-2026", false, KIO_ERR_INVAL, 0},
	    {"", false, KIO_ERR_INVAL, 0},
	    {"99999999999999999999999", false, KIO_ERR_INVAL, 0},
	};
	char out[KIO_TIME_MAX];

	setenv("TZ", "WIB-7", 1);
	tzset();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t t = -1;
		kio_err_t err = kio_store_parse_time(cases[i].text, cases[i].end, &t);
		if (err != cases[i].err)
			fail_msg("'%s': %s", cases[i].text, kio_err_name(err));
		if (err == KIO_OK && t != cases[i].epoch)
			fail_msg("'%s': %" PRId64 " != %" PRId64, cases[i].text, t, cases[i].epoch);
	}
	assert_int_equal(kio_store_format_time(1795486500, out), KIO_OK);
	assert_string_equal(out, "2026-11-24T09:15:00+07:00");
}

/* ---- read-only and full disks ------------------------------------------------------------- */

static void test_readonly_handle(void **state)
{
	fixture_t *f = *state;
	kio_store_t *ro = NULL;
	kio_tx_t tx = mktx();
	kio_event_t ev = mkev("print.completed", NULL, NULL);
	int64_t n = 0;

	append_n(f->s, 2, NULL);
	assert_int_equal(kio_store_open_file(&ro, f->db, KIO_STORE_READONLY), KIO_OK);
	assert_int_equal(kio_store_event_append(ro, &ev), KIO_ERR_DISK_FULL);
	assert_int_equal(kio_store_tx_begin(ro, &tx), KIO_ERR_DISK_FULL);
	assert_int_equal(kio_store_kv_set_int(ro, "k", 1), KIO_ERR_DISK_FULL);
	assert_int_equal(kio_store_writable(ro), KIO_ERR_DISK_FULL);
	char msg[256];
	kio_store_last_error(ro, msg, sizeof msg);
	assert_true(msg[0] != '\0');
	/* Reads still work, and see the writer's later commits. */
	assert_int_equal(kio_store_verify(ro, NULL, NULL, 0, &n), KIO_OK);
	assert_int_equal(n, 2);
	append_n(f->s, 1, NULL);
	assert_int_equal(kio_store_verify(ro, NULL, NULL, 0, &n), KIO_OK);
	assert_int_equal(n, 3);
	kio_store_close(ro);
	assert_int_equal(kio_store_writable(f->s), KIO_OK);
}

/* Two handles (one per thread in the kiosk) append to one chain. */
static void test_two_handles_one_chain(void **state)
{
	fixture_t *f = *state;
	kio_store_t *other = NULL;

	assert_int_equal(kio_store_open_file(&other, f->db, 0), KIO_OK);
	for (int i = 0; i < 10; i++)
		append_n(i % 2 ? other : f->s, 1, NULL);
	assert_int_equal(kio_store_verify(other, NULL, NULL, 0, NULL), KIO_OK);
	kio_store_close(other);
	assert_int_equal(raw_int(f->db, "SELECT max(seq) FROM events"), 10);
}

static bool try_mount_tmpfs(const char *dir, const char *opts)
{
	if (mount("tmpfs", dir, "tmpfs", 0, opts) != 0) {
		print_message("  SKIP: cannot mount tmpfs on %s (%s): needs root/CAP_SYS_ADMIN\n",
		              dir, strerror(errno));
		return false;
	}
	return true;
}

static void test_readonly_filesystem(void **state)
{
	fixture_t *f = *state;
	char mnt[300], data[320], fresh[320];
	kio_store_t *s = NULL;

	snprintf(mnt, sizeof mnt, "%s/ro", f->dir);
	assert_int_equal(mkdir(mnt, 0700), 0);
	if (!try_mount_tmpfs(mnt, "size=4m")) {
		skip();
		return;
	}
	snprintf(data, sizeof data, "%s/data", mnt);
	snprintf(fresh, sizeof fresh, "%s/fresh", mnt);
	assert_int_equal(kio_store_open(&s, data), KIO_OK);
	append_n(s, 3, NULL);
	kio_store_close(s);
	s = NULL;
	assert_int_equal(mount("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), 0);

	assert_int_equal(kio_store_open(&s, data), KIO_ERR_DISK_FULL);
	assert_null(s);
	assert_int_equal(kio_store_open(&s, fresh), KIO_ERR_DISK_FULL);
	assert_null(s);
	/* The officers can still read it. */
	char db[340];
	int64_t n = 0;
	snprintf(db, sizeof db, "%s/%s", data, KIO_STORE_FILE);
	assert_int_equal(kio_store_open_file(&s, db, KIO_STORE_READONLY), KIO_OK);
	assert_int_equal(kio_store_verify(s, NULL, NULL, 0, &n), KIO_OK);
	assert_int_equal(n, 3);
	kio_store_close(s);
	assert_int_equal(umount(mnt), 0);
}

static void test_disk_full(void **state)
{
	fixture_t *f = *state;
	char mnt[300], data[320], filler[320];
	kio_store_t *s = NULL;
	kio_err_t err = KIO_OK;
	int64_t rows = 0, n = 0;
	int fd, appended = 0;

	snprintf(mnt, sizeof mnt, "%s/full", f->dir);
	assert_int_equal(mkdir(mnt, 0700), 0);
	if (!try_mount_tmpfs(mnt, "size=8m")) {
		skip();
		return;
	}
	snprintf(data, sizeof data, "%s/data", mnt);
	snprintf(filler, sizeof filler, "%s/filler", mnt);
	assert_int_equal(kio_store_open(&s, data), KIO_OK);
	kio_tx_t tx = mktx();
	assert_int_equal(kio_store_tx_begin(s, &tx), KIO_OK);
	append_n(s, 5, NULL);
	assert_int_equal(kio_store_writable(s), KIO_OK);

	/* Fill the file system to the last block. */
	fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	static const char block[4096];
	while (write(fd, block, sizeof block) > 0)
		;
	while (write(fd, block, 1) > 0)
		;
	close(fd);

	assert_int_equal(kio_store_writable(s), KIO_ERR_DISK_FULL);
	for (int i = 0; i < 200 && err == KIO_OK; i++) {
		kio_event_t ev = mkev("print.completed", NULL, "x");
		memset(ev.reason, 'r', sizeof ev.reason - 1);
		err = kio_store_event_append(s, &ev);
		appended += err == KIO_OK;
	}
	print_message("  disk full after %d more appends: %s\n", appended, kio_err_name(err));
	assert_int_equal(err, KIO_ERR_DISK_FULL);
	tx.step = KIO_TX_RESERVED;
	kio_event_t ev = mkev("print.reserved", NULL, NULL);
	err = kio_store_tx_set(s, NULL, &tx, &ev);
	assert_int_equal(err, KIO_ERR_DISK_FULL);
	assert_int_equal(kio_store_kv_set_text(s, "k", "v"), KIO_ERR_DISK_FULL);
	assert_int_equal(kio_store_verify(s, NULL, NULL, 0, &rows), KIO_OK);
	assert_int_equal(rows, 5 + appended);

	/* Space back: the same handle works again, nothing half-written. */
	assert_int_equal(unlink(filler), 0);
	assert_int_equal(kio_store_writable(s), KIO_OK);
	assert_int_equal(kio_store_tx_set(s, NULL, &tx, &ev), KIO_OK);
	assert_int_equal(kio_store_verify(s, NULL, NULL, 0, &rows), KIO_OK);
	assert_int_equal(rows, 6 + appended);
	assert_int_equal(kio_store_events_pending_count(s, &n), KIO_OK);
	assert_int_equal(n, rows);
	kio_store_close(s);
	s = NULL;

	/* Opening on a full disk: a clear error or a working handle, never a crash. */
	fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	while (write(fd, block, sizeof block) > 0)
		;
	while (write(fd, block, 1) > 0)
		;
	close(fd);
	char fresh[320];
	snprintf(fresh, sizeof fresh, "%s/fresh", mnt);
	err = kio_store_open(&s, fresh);
	print_message("  open on a full disk (new database): %s\n", kio_err_name(err));
	assert_true(err == KIO_ERR_DISK_FULL);
	err = kio_store_open(&s, data);
	print_message("  open on a full disk (existing database): %s\n", kio_err_name(err));
	assert_true(err == KIO_OK || err == KIO_ERR_DISK_FULL);
	if (err == KIO_OK)
		assert_int_equal(kio_store_writable(s), KIO_ERR_DISK_FULL);
	kio_store_close(s);
	assert_int_equal(umount(mnt), 0);
}

/* ---- fixture for test_ctl_log.sh ----------------------------------------------------------- */

static int make_db(const char *path)
{
	kio_store_t *s = NULL;
	kio_err_t err;

	setenv("TZ", "WIB-7", 1);
	tzset();
	err = kio_store_open_file(&s, path, 0);
	if (err != KIO_OK) {
		fprintf(stderr, "make-db %s: %s\n", path, kio_err_name(err));
		return 1;
	}
	fill_three_days(s);
	kio_store_close(s);
	return 0;
}

/* --rewrite-db PATH FROM: what someone with the database and a script would
 * do to hide a change: every row from seq FROM on gets one more page, and
 * every hash from there on and the head record are recomputed, so that the
 * chain verifies. Only the server's acknowledged head can tell. */
typedef struct rows {
	kio_event_t ev[512];
	int n;
} rows_t;

static int keep_row(void *ctx, const kio_event_t *ev)
{
	rows_t *r = ctx;
	if (r->n >= (int)(sizeof r->ev / sizeof *r->ev))
		return 1;
	r->ev[r->n++] = *ev;
	return 0;
}

static int rewrite_db(const char *path, int64_t from)
{
	kio_store_t *s = NULL;
	static rows_t r;
	char sql[1024];

	if (kio_store_open_file(&s, path, KIO_STORE_READONLY) != KIO_OK ||
	    kio_store_events_query(s, NULL, keep_row, &r) != KIO_OK || r.n == 0) {
		fprintf(stderr, "rewrite-db %s: cannot read the log\n", path);
		kio_store_close(s);
		return 1;
	}
	kio_store_close(s);
	for (int i = 0; i < r.n; i++) {
		kio_event_t *ev = &r.ev[i];
		if (ev->seq < from)
			continue;
		if (i > 0)
			memcpy(ev->prev_hash, r.ev[i - 1].hash, sizeof ev->prev_hash);
		ev->pages = ev->pages < 0 ? 1 : ev->pages + 1;
		expected_hash(ev, ev->hash);
		snprintf(sql, sizeof sql,
		         "UPDATE events SET pages = %d, prev_hash = '%s', hash = '%s' WHERE seq = "
		         "%" PRId64,
		         ev->pages, ev->prev_hash, ev->hash, ev->seq);
		raw_sql(path, sql);
	}
	snprintf(sql, sizeof sql, "UPDATE meta SET tval = '%s' WHERE key = 'head'",
	         r.ev[r.n - 1].hash);
	raw_sql(path, sql);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--make-db"))
		return make_db(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "--rewrite-db"))
		return rewrite_db(argv[2], strtoll(argv[3], NULL, 10));

	/* Fixed zone so day boundaries in the cases are deterministic. */
	setenv("TZ", "WIB-7", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_schema_wal, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_newer_schema_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_not_a_db, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tx_steps_with_events, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tx_and_event_one_transaction, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tx_set_compare_and_set, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tx_unsettled_oldest_first, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_append_sequence_and_hash, setup, teardown),
	    cmocka_unit_test(test_verify_detects_tampering),
	    cmocka_unit_test_setup_teardown(test_verify_detects_forged_hash, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_anchor_catches_truncation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_anchor_catches_rewrite, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_prune_keeps_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_prune_removes_old_settled_prints, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pending_and_mark_sent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_query_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stats_and_today, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_today, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kv, setup, teardown),
	    cmocka_unit_test(test_parse_time),
	    cmocka_unit_test_setup_teardown(test_readonly_handle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_two_handles_one_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_readonly_filesystem, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
