/*
 * store.c — opening the kiosk database, schema migration, error mapping,
 * statement cache, write transactions, the kv table and time helpers.
 *
 * The journal lives in tx.c and the event log in eventlog.c; both use the
 * helpers here through store-private.h.
 */
#include "store/store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

/* Page cache per handle, in KiB (negative: SQLite's unit is then KiB). */
#define KIO_STORE_CACHE "-8192"
#define KIO_STORE_BATCH_CACHE "-131072"

/* Schema migrations: entry N-1 takes user_version N-1 to N. Append only:
 * a shipped migration is never edited, a change is a new entry. */
static const char *const migrations[] = {
    /* 1: journal, event log, summaries, kv and meta. */
    "CREATE TABLE kv ("
    " key TEXT PRIMARY KEY NOT NULL, ival INTEGER, tval TEXT) WITHOUT ROWID;"
    /* meta: head_seq/head_hash (last appended row) and anchor_seq/
     * anchor_hash (last pruned row); see eventlog.c. */
    "CREATE TABLE meta ("
    " key TEXT PRIMARY KEY NOT NULL, ival INTEGER, tval TEXT) WITHOUT ROWID;"
    "CREATE TABLE tx ("
    " id INTEGER PRIMARY KEY,"
    " idem_key TEXT NOT NULL UNIQUE,"
    " document_id TEXT NOT NULL, application TEXT NOT NULL, kind TEXT NOT NULL,"
    " nik_masked TEXT NOT NULL, title TEXT NOT NULL,"
    " pages INTEGER NOT NULL, copies INTEGER NOT NULL, size INTEGER NOT NULL,"
    " sha256 TEXT NOT NULL, print_id TEXT NOT NULL, printer TEXT NOT NULL,"
    " job_id INTEGER NOT NULL,"
    " step INTEGER NOT NULL CHECK (step BETWEEN 0 AND 8),"
    " outcome TEXT NOT NULL CHECK (outcome IN ('', 'complete', 'release')),"
    " reason TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " attempts INTEGER NOT NULL, next_retry_at INTEGER NOT NULL);"
    /* Recovery reads only the open prints; settled ones stay out of it. */
    "CREATE INDEX tx_open ON tx(id) WHERE step <> 8;"
    "CREATE TABLE events ("
    " seq INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " at TEXT NOT NULL, epoch INTEGER NOT NULL, type TEXT NOT NULL,"
    " document_id TEXT NOT NULL, application TEXT NOT NULL, kind TEXT NOT NULL,"
    " nik_masked TEXT NOT NULL, pages INTEGER NOT NULL, job_id INTEGER NOT NULL,"
    " reason TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,"
    " sent INTEGER NOT NULL DEFAULT 0);"
    /* Time-range show/export without a table scan. */
    "CREATE INDEX events_epoch ON events(epoch);"
    /* The upload queue is the few unsent rows, not the whole log. */
    "CREATE INDEX events_unsent ON events(seq) WHERE sent = 0;"
    /* Counts per local day, type and reason, kept on append, so stats over
     * years of rows read a few hundred rows. verify checks it against the
     * rows; prune recomputes the days it touched. */
    "CREATE TABLE day_stats ("
    " day TEXT NOT NULL, type TEXT NOT NULL, reason TEXT NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY (day, type, reason)) WITHOUT ROWID;",
};

static const char *const stmt_sql[ST__COUNT] = {
    [ST_KV_GET] = "SELECT ival, tval FROM kv WHERE key = ?1",
    [ST_KV_SET_INT] = "INSERT INTO kv (key, ival, tval) VALUES (?1, ?2, NULL)"
                      " ON CONFLICT (key) DO UPDATE SET ival = excluded.ival, tval = NULL",
    [ST_KV_SET_TEXT] = "INSERT INTO kv (key, ival, tval) VALUES (?1, NULL, ?2)"
                       " ON CONFLICT (key) DO UPDATE SET ival = NULL, tval = excluded.tval",
    [ST_KV_DEL] = "DELETE FROM kv WHERE key = ?1",
    [ST_META_GET] = "SELECT ival, tval FROM meta WHERE key = ?1",
    [ST_META_SET] = "INSERT INTO meta (key, ival, tval) VALUES (?1, ?2, ?3)"
                    " ON CONFLICT (key) DO UPDATE SET ival = excluded.ival, tval = excluded.tval",
    [ST_EV_INSERT] = "INSERT INTO events (seq, id, at, type, document_id, application, kind,"
                     " nik_masked, pages, job_id, reason, prev_hash, hash, epoch)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [ST_DAY_BUMP] = "INSERT INTO day_stats (day, type, reason, n) VALUES (?1, ?2, ?3, 1)"
                    " ON CONFLICT (day, type, reason) DO UPDATE SET n = n + 1",
    [ST_EV_PENDING] = "SELECT " KIO_STORE_EV_COLS " FROM events WHERE sent = 0"
                      " ORDER BY seq LIMIT ?1",
    [ST_EV_MARK] = "UPDATE events SET sent = 1 WHERE id = ?1 AND sent = 0",
    [ST_EV_PENDING_COUNT] = "SELECT count(*) FROM events WHERE sent = 0",
    [ST_TX_INSERT] = "INSERT INTO tx (idem_key, document_id, application, kind, nik_masked,"
                     " title, pages, copies, size, sha256, print_id, printer, job_id, step,"
                     " outcome, reason, created_at, updated_at, attempts, next_retry_at)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                     " ?15, ?16, ?17, ?18, ?19, ?20)",
    [ST_TX_UPDATE] = "UPDATE tx SET document_id = ?2, application = ?3, kind = ?4,"
                     " nik_masked = ?5, title = ?6, pages = ?7, copies = ?8, size = ?9,"
                     " sha256 = ?10, print_id = ?11, printer = ?12, job_id = ?13, step = ?14,"
                     " outcome = ?15, reason = ?16, updated_at = ?17, attempts = ?18,"
                     " next_retry_at = ?19 WHERE id = ?1",
    [ST_TX_GET] = "SELECT " KIO_STORE_TX_COLS " FROM tx WHERE id = ?1",
    [ST_TX_UNSETTLED] = "SELECT " KIO_STORE_TX_COLS " FROM tx WHERE step <> 8"
                        " ORDER BY id LIMIT ?1",
};

/* The file system says "no room" or "not writable" — both mean the kiosk
 * cannot record a print, which the caller treats the same way. */
static bool errno_is_full(int e)
{
	return e == ENOSPC || e == EDQUOT || e == EROFS || e == EACCES || e == EPERM;
}

kio_err_t kio_store_failf(kio_store_t *s, kio_err_t err, const char *fmt, ...)
{
	char msg[KIO_STORE_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (s)
		snprintf(s->errmsg, sizeof s->errmsg, "%s", msg);
	kio_error("store", "%s (%s)", msg, kio_err_name(err));
	return err;
}

kio_err_t kio_store_fail(kio_store_t *s, int rc, const char *op)
{
	int sys = s && s->db ? sqlite3_system_errno(s->db) : 0;
	const char *what = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	kio_err_t err;

	switch (rc & 0xff) {
	case SQLITE_FULL:
	case SQLITE_READONLY:
		err = KIO_ERR_DISK_FULL;
		break;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		err = errno_is_full(sys) ? KIO_ERR_DISK_FULL : KIO_ERR_IO;
		break;
	case SQLITE_NOMEM:
		err = KIO_ERR_NOMEM;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		err = KIO_ERR_TIMEOUT; /* busy_timeout passed */
		break;
	default:
		err = KIO_ERR_STORE;
		break;
	}
	if (sys && ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN ||
	            (rc & 0xff) == SQLITE_FULL))
		return kio_store_failf(s, err, "%s: %s (%s)", op, what, strerror(sys));
	return kio_store_failf(s, err, "%s: %s", op, what);
}

void kio_store_last_error(const kio_store_t *s, char *buf, size_t len)
{
	if (!buf || !len)
		return;
	snprintf(buf, len, "%s", s ? s->errmsg : "");
}

sqlite3_stmt *kio_store_stmt(kio_store_t *s, kio_store_stmt_id_t which)
{
	sqlite3_stmt *st = s->st[which];

	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	int rc = sqlite3_prepare_v3(s->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
	                            &s->st[which], NULL);
	if (rc != SQLITE_OK) {
		(void)kio_store_fail(s, rc, "prepare");
		return NULL;
	}
	return s->st[which];
}

kio_err_t kio_store_exec(kio_store_t *s, const char *sql, const char *op)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? KIO_OK : kio_store_fail(s, rc, op);
}

kio_err_t kio_store_write_begin(kio_store_t *s, const char *op)
{
	if (s->in_batch) {
		/* No savepoint per write: a batch is all or nothing (a failed
		 * write rolls the whole batch back), which spares a sub-journal
		 * copy of every page each write touches. */
		if (s->batch_lost || sqlite3_get_autocommit(s->db)) {
			s->batch_lost = true;
			return kio_store_failf(s, KIO_ERR_STORE,
			                       "%s: the batch was rolled back by an earlier error",
			                       op);
		}
		return KIO_OK;
	}
	/* IMMEDIATE takes the write lock now, so the read of the chain head and
	 * the insert that follows can never race another writer. */
	return kio_store_exec(s, "BEGIN IMMEDIATE", op);
}

kio_err_t kio_store_write_end(kio_store_t *s, kio_err_t err, const char *op)
{
	if (s->in_batch) {
		if (err == KIO_OK && !sqlite3_get_autocommit(s->db))
			return KIO_OK;
		s->batch_lost = true;
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return err != KIO_OK
		           ? err
		           : kio_store_failf(s, KIO_ERR_STORE, "%s: batch rolled back", op);
	}
	if (err == KIO_OK)
		err = kio_store_exec(s, "COMMIT", op);
	/* Raw exec: the first failure's message is the one worth keeping. */
	if (err != KIO_OK && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

kio_err_t kio_store_read_begin(kio_store_t *s)
{
	if (!sqlite3_get_autocommit(s->db))
		return KIO_OK; /* inside a batch: already one snapshot */
	return kio_store_exec(s, "BEGIN", "begin read");
}

void kio_store_read_end(kio_store_t *s)
{
	if (!s->in_batch && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

int kio_store_bind_text(sqlite3_stmt *st, int col, const char *text)
{
	return sqlite3_bind_text(st, col, text ? text : "", -1, SQLITE_TRANSIENT);
}

kio_err_t kio_store_col_text(sqlite3_stmt *st, int col, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);

	if (!t)
		n = 0;
	if (n >= len) {
		buf[0] = '\0';
		return KIO_ERR_TOOBIG;
	}
	if (n)
		memcpy(buf, t, n);
	buf[n] = '\0';
	return KIO_OK;
}

/* ---- open / close ------------------------------------------------------------- */

static kio_err_t user_version(kio_store_t *s, int *v)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*v = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? KIO_OK : kio_store_fail(s, rc, "read schema version");
}

static kio_err_t migrate(kio_store_t *s)
{
	const int latest = (int)(sizeof migrations / sizeof migrations[0]);
	kio_err_t err;
	int v = 0;

	_Static_assert(sizeof migrations / sizeof migrations[0] == KIO_STORE_SCHEMA_VERSION,
	               "one migration per schema version");
	err = user_version(s, &v);
	if (err != KIO_OK)
		return err;
	if (v > latest)
		return kio_store_failf(s, KIO_ERR_STORE,
		                       "%s: schema version %d is newer than this program (%d)",
		                       s->path, v, latest);
	if (v == latest)
		return KIO_OK;
	if (s->readonly)
		return kio_store_failf(s, KIO_ERR_STORE,
		                       "%s: not a kiosk database yet (schema version %d, need %d)",
		                       s->path, v, latest);
	for (; v < latest; v++) {
		char bump[64];

		err = kio_store_write_begin(s, "migrate");
		if (err != KIO_OK)
			return err;
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
		err = kio_store_exec(s, migrations[v], "migrate");
		if (err == KIO_OK)
			err = kio_store_exec(s, bump, "migrate");
		err = kio_store_write_end(s, err, "migrate");
		if (err != KIO_OK)
			return err;
		kio_info("store", "%s: schema migrated to version %d", s->path, v + 1);
	}
	return KIO_OK;
}

static kio_err_t configure(kio_store_t *s)
{
	kio_err_t err;

	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, KIO_STORE_BUSY_MS);
	if (!s->readonly && sqlite3_db_readonly(s->db, "main") == 1)
		/* SQLite silently fell back to read-only (EROFS/EACCES). */
		return kio_store_failf(s, KIO_ERR_DISK_FULL, "%s: database file is read-only",
		                       s->path);
	if (!s->readonly) {
		sqlite3_stmt *st = NULL;
		char mode[16] = "";
		int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);

		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (kio_store_col_text(st, 0, mode, sizeof mode) != KIO_OK)
				mode[0] = '\0';
			rc = SQLITE_OK;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_OK)
			return kio_store_fail(s, rc, "set WAL mode");
		if (strcmp(mode, "wal") != 0)
			return kio_store_failf(s, KIO_ERR_STORE, "%s: cannot use WAL (mode %s)",
			                       s->path, mode);
	}
	/* synchronous=FULL: a commit is fsynced before it returns, so a print
	 * step recorded as done survives a power cut. journal_size_limit keeps
	 * the WAL from staying huge after a bulk load. */
	err = kio_store_exec(s,
	                     "PRAGMA synchronous = FULL;"
	                     "PRAGMA cache_size = " KIO_STORE_CACHE ";"
	                     "PRAGMA temp_store = MEMORY;"
	                     "PRAGMA foreign_keys = ON;"
	                     "PRAGMA journal_size_limit = 8388608;",
	                     "configure");
	if (err != KIO_OK)
		return err;
	return migrate(s);
}

/* PATH is on a read-only file system and has no non-empty -wal file. */
static bool immutable_ok(const char *path)
{
	char wal[4200];
	struct statvfs vfs;
	struct stat st;

	if (statvfs(path, &vfs) != 0 || !(vfs.f_flag & ST_RDONLY))
		return false;
	if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal)
		return false;
	return stat(wal, &st) != 0 ? errno == ENOENT : st.st_size == 0;
}

static kio_err_t open_immutable(kio_store_t *s, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char uri[3 * 4096 + 32];
	size_t o = 0;
	int rc;

	o += (size_t)snprintf(uri, sizeof uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (o + 4 >= sizeof uri)
			return kio_store_failf(s, KIO_ERR_TOOBIG, "database path too long");
		/* Percent-encode what a URI would read as syntax. */
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p > 0x7e) {
			uri[o++] = '%';
			uri[o++] = hex[*p >> 4];
			uri[o++] = hex[*p & 15];
		} else {
			uri[o++] = (char)*p;
		}
	}
	if ((size_t)snprintf(uri + o, sizeof uri - o, "?immutable=1") >= sizeof uri - o)
		return kio_store_failf(s, KIO_ERR_TOOBIG, "database path too long");
	rc = sqlite3_open_v2(uri, &s->db,
	                     SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
	if (rc != SQLITE_OK)
		return kio_store_fail(s, rc, "open immutable");
	return KIO_OK;
}

kio_err_t kio_store_open_file(kio_store_t **out, const char *path, unsigned flags)
{
	kio_store_t *s = NULL;
	kio_err_t err = KIO_OK;
	int oflags;
	int rc;

	if (!out || !path || !*path)
		return KIO_ERR_INVAL;
	*out = NULL;
	s = calloc(1, sizeof *s);
	if (!s)
		return KIO_ERR_NOMEM;
	if ((size_t)snprintf(s->path, sizeof s->path, "%s", path) >= sizeof s->path) {
		err = kio_store_failf(s, KIO_ERR_TOOBIG, "database path too long");
		goto out;
	}
	s->readonly = (flags & KIO_STORE_READONLY) != 0;
	if (s->readonly && immutable_ok(path)) {
		/* A WAL database on a read-only file system (a backup, a
		 * remounted disk) cannot get its -shm; with no -wal left there is
		 * nothing beyond the main file, so read it as immutable. */
		err = open_immutable(s, path);
		if (err == KIO_OK)
			err = configure(s);
		goto out;
	}
	if (!s->readonly) {
		/* Create it ourselves: 0640 rather than SQLite's 0644, since the
		 * log holds masked NIKs (-wal/-shm copy this mode). Also gives a
		 * plain errno for a read-only or full file system. Only when it
		 * does not exist yet (O_EXCL): close() of any descriptor of a
		 * file drops every POSIX lock this process holds on it, so
		 * opening an existing log beside a live connection (the kiosk's
		 * second worker) left that connection unlocked, and another
		 * process closing the log (adm-kioskctl, fleet-fill) then took it
		 * for the last user and deleted the -wal and -shm under it. */
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
		if (fd < 0 && errno == EEXIST)
			fd = -2; /* exists: SQLite opens it, nothing to close here */
		if (fd == -1) {
			int e = errno;
			err = kio_store_failf(s, errno_is_full(e) ? KIO_ERR_DISK_FULL : KIO_ERR_IO,
			                      "open %s: %s", path, strerror(e));
			goto out;
		}
		if (fd >= 0)
			close(fd);
	}
	/* NOMUTEX: one handle per thread (store.h), so SQLite's per-connection
	 * mutex would only cost time. */
	oflags = SQLITE_OPEN_NOMUTEX |
	         (s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		char op[KIO_STORE_ERRMSG_MAX / 2];

		snprintf(op, sizeof op, "open %s", path);
		err = kio_store_fail(s, rc, op);
		goto out;
	}
	err = configure(s);
out:
	if (err != KIO_OK) {
		kio_store_close(s);
		return err;
	}
	*out = s;
	return KIO_OK;
}

kio_err_t kio_store_open(kio_store_t **out, const char *data_dir)
{
	char path[4096];

	if (!out || !data_dir || !*data_dir)
		return KIO_ERR_INVAL;
	*out = NULL;
	if (mkdir(data_dir, 0750) != 0 && errno != EEXIST) {
		int e = errno;
		return kio_store_failf(NULL, errno_is_full(e) ? KIO_ERR_DISK_FULL : KIO_ERR_IO,
		                       "create data directory %s: %s", data_dir, strerror(e));
	}
	if ((size_t)snprintf(path, sizeof path, "%s/%s", data_dir, KIO_STORE_FILE) >= sizeof path)
		return kio_store_failf(NULL, KIO_ERR_TOOBIG, "data_dir too long");
	return kio_store_open_file(out, path, 0);
}

void kio_store_close(kio_store_t *s)
{
	if (!s)
		return;
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	if (s->db && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s->db);
	EVP_MD_CTX_free(s->md_ctx);
	EVP_MD_free(s->md);
	free(s);
}

/* ---- batches and the writable probe ------------------------------------------- */

kio_err_t kio_store_batch_begin(kio_store_t *s)
{
	kio_err_t err;

	if (!s || s->in_batch)
		return KIO_ERR_INVAL;
	/* A bulk load touches index pages all over the random-UUID index; with
	 * the default 2 MB cache SQLite spills them to the WAL again and again
	 * inside the transaction. A bigger cache for the batch's lifetime. */
	err = kio_store_exec(s, "PRAGMA cache_size = " KIO_STORE_BATCH_CACHE, "begin batch");
	if (err == KIO_OK)
		err = kio_store_exec(s, "BEGIN IMMEDIATE", "begin batch");
	if (err == KIO_OK) {
		s->in_batch = true;
		s->batch_lost = false;
	}
	return err;
}

kio_err_t kio_store_batch_commit(kio_store_t *s)
{
	kio_err_t err;

	if (!s || !s->in_batch)
		return KIO_ERR_INVAL;
	s->in_batch = false;
	if (s->batch_lost || sqlite3_get_autocommit(s->db)) {
		sqlite3_exec(s->db, "PRAGMA cache_size = " KIO_STORE_CACHE, NULL, NULL, NULL);
		return kio_store_failf(s, KIO_ERR_STORE, "commit batch: rolled back earlier");
	}
	err = kio_store_exec(s, "COMMIT", "commit batch");
	if (err != KIO_OK && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(s->db, "PRAGMA cache_size = " KIO_STORE_CACHE, NULL, NULL, NULL);
	return err;
}

void kio_store_batch_rollback(kio_store_t *s)
{
	if (!s || !s->in_batch)
		return;
	s->in_batch = false;
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(s->db, "PRAGMA cache_size = " KIO_STORE_CACHE, NULL, NULL, NULL);
}

kio_err_t kio_store_writable(kio_store_t *s)
{
	struct statvfs vfs;
	unsigned long long avail;

	if (!s)
		return KIO_ERR_INVAL;
	if (s->readonly)
		return kio_store_failf(s, KIO_ERR_DISK_FULL, "%s: opened read-only", s->path);
	if (statvfs(s->path, &vfs) != 0) {
		int e = errno;
		return kio_store_failf(s, KIO_ERR_IO, "statvfs %s: %s", s->path, strerror(e));
	}
	if (vfs.f_flag & ST_RDONLY)
		return kio_store_failf(s, KIO_ERR_DISK_FULL, "%s: file system is read-only",
		                       s->path);
	avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
	if (avail < KIO_STORE_MIN_FREE)
		return kio_store_failf(s, KIO_ERR_DISK_FULL, "%s: only %llu bytes free (need %u)",
		                       s->path, avail, KIO_STORE_MIN_FREE);
	/* Free space is not enough: quotas, a dying disk or a remount show up
	 * only when a write is really committed. */
	return kio_store_kv_set_int(s, "store.writable_probe", kio_store_now());
}

/* ---- kv ------------------------------------------------------------------------- */

static kio_err_t check_key(kio_store_t *s, const char *key)
{
	if (!s || !key || !*key || strnlen(key, KIO_STORE_KEY_MAX) >= KIO_STORE_KEY_MAX)
		return KIO_ERR_INVAL;
	return KIO_OK;
}

static kio_err_t kv_get(kio_store_t *s, const char *key, bool text, int64_t *ival, char *buf,
                        size_t len, bool *found)
{
	kio_err_t err = check_key(s, key);
	sqlite3_stmt *st;
	int rc;

	if (err != KIO_OK || !found)
		return KIO_ERR_INVAL;
	*found = false;
	st = kio_store_stmt(s, ST_KV_GET);
	if (!st)
		return KIO_ERR_STORE;
	kio_store_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		goto out;
	if (rc != SQLITE_ROW) {
		err = kio_store_fail(s, rc, "kv get");
		goto out;
	}
	if (sqlite3_column_type(st, text ? 1 : 0) == SQLITE_NULL) {
		err = kio_store_failf(s, KIO_ERR_INVAL, "kv %s: holds the other type", key);
		goto out;
	}
	if (text)
		err = kio_store_col_text(st, 1, buf, len);
	else
		*ival = sqlite3_column_int64(st, 0);
	*found = err == KIO_OK;
out:
	sqlite3_reset(st);
	return err;
}

kio_err_t kio_store_kv_get_int(kio_store_t *s, const char *key, int64_t *val, bool *found)
{
	if (!val)
		return KIO_ERR_INVAL;
	return kv_get(s, key, false, val, NULL, 0, found);
}

kio_err_t kio_store_kv_get_text(kio_store_t *s, const char *key, char *buf, size_t len, bool *found)
{
	if (!buf || !len)
		return KIO_ERR_INVAL;
	return kv_get(s, key, true, NULL, buf, len, found);
}

/* One statement in its own write transaction. */
static kio_err_t kv_write(kio_store_t *s, kio_store_stmt_id_t which, const char *key,
                          const char *text, int64_t ival, const char *op)
{
	kio_err_t err = check_key(s, key);
	sqlite3_stmt *st;
	int rc;

	if (err != KIO_OK)
		return err;
	err = kio_store_write_begin(s, op);
	if (err != KIO_OK)
		return err;
	st = kio_store_stmt(s, which);
	if (!st) {
		err = KIO_ERR_STORE;
		goto out;
	}
	kio_store_bind_text(st, 1, key);
	if (which == ST_KV_SET_INT)
		sqlite3_bind_int64(st, 2, ival);
	else if (which == ST_KV_SET_TEXT)
		kio_store_bind_text(st, 2, text);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		err = kio_store_fail(s, rc, op);
	sqlite3_reset(st);
out:
	return kio_store_write_end(s, err, op);
}

kio_err_t kio_store_kv_set_int(kio_store_t *s, const char *key, int64_t val)
{
	return kv_write(s, ST_KV_SET_INT, key, NULL, val, "kv set");
}

kio_err_t kio_store_kv_set_text(kio_store_t *s, const char *key, const char *val)
{
	if (!val || strnlen(val, KIO_STORE_TEXT_MAX) >= KIO_STORE_TEXT_MAX)
		return val ? KIO_ERR_TOOBIG : KIO_ERR_INVAL;
	return kv_write(s, ST_KV_SET_TEXT, key, val, 0, "kv set");
}

kio_err_t kio_store_kv_delete(kio_store_t *s, const char *key)
{
	return kv_write(s, ST_KV_DEL, key, NULL, 0, "kv delete");
}

/* ---- time ------------------------------------------------------------------------ */

int64_t kio_store_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

void kio_store_local_day(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[48];

	if (!localtime_r(&tt, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
		memcpy(out, "0000-00-00", 11);
		return;
	}
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

kio_err_t kio_store_format_time(int64_t t, char out[KIO_TIME_MAX])
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[96];
	long off;
	int n;

	if (!localtime_r(&tt, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		return KIO_ERR_INVAL;
	off = tm.tm_gmtoff / 60;
	n = snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	             off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	if (n < 0 || n >= KIO_TIME_MAX)
		return KIO_ERR_INVAL;
	memcpy(out, buf, (size_t)n + 1);
	return KIO_OK;
}

/* N decimal digits at P into *V. */
static bool digits(const char *p, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		x = x * 10 + (p[i] - '0');
	}
	*v = x;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

kio_err_t kio_store_parse_time(const char *text, bool end_of_day, int64_t *epoch)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
	const char *p;
	struct tm tm = {0};
	bool local = false;
	long off = 0;
	time_t t;

	if (!text || !epoch || !*text)
		return KIO_ERR_INVAL;
	if (strspn(text, "0123456789") == strlen(text)) {
		char *end = NULL;
		long long v;

		errno = 0;
		v = strtoll(text, &end, 10);
		if (errno || *end)
			return KIO_ERR_INVAL;
		*epoch = v;
		return KIO_OK;
	}
	if (strlen(text) < 10 || !digits(text, 4, &y) || text[4] != '-' ||
	    !digits(text + 5, 2, &mo) || text[7] != '-' || !digits(text + 8, 2, &d))
		return KIO_ERR_INVAL;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return KIO_ERR_INVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	p = text + 10;
	if (*p == '\0') {
		/* A bare date is a local calendar day. */
		if (end_of_day)
			tm.tm_mday++;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t == (time_t)-1)
			return KIO_ERR_INVAL;
		*epoch = (int64_t)t;
		return KIO_OK;
	}
	if ((*p != 'T' && *p != 't' && *p != ' ') || !digits(p + 1, 2, &h) || p[3] != ':' ||
	    !digits(p + 4, 2, &mi) || p[6] != ':' || !digits(p + 7, 2, &sec))
		return KIO_ERR_INVAL;
	if (h > 23 || mi > 59 || sec > 60)
		return KIO_ERR_INVAL;
	p += 9;
	if (*p == '.') {
		size_t nf = strspn(p + 1, "0123456789");
		if (nf == 0)
			return KIO_ERR_INVAL;
		p += 1 + nf;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return KIO_ERR_INVAL;
		off = (oh * 60L + om) * 60L * (*p == '-' ? -1 : 1);
		p += 6;
	} else if (*p == '\0') {
		local = true; /* no offset: the kiosk's local time (documented) */
	}
	if (*p != '\0')
		return KIO_ERR_INVAL;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (local) {
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t == (time_t)-1)
			return KIO_ERR_INVAL;
		*epoch = (int64_t)t;
		return KIO_OK;
	}
	*epoch = (int64_t)timegm(&tm) - off;
	return KIO_OK;
}
