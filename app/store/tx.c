/*
 * tx.c — the print transaction journal: one row per print, rewritten before
 * each step takes effect (see kio_tx_step_t in store.h), so that recovery
 * after a crash reads where every open print stopped.
 */
#include "store/store-private.h"

#include <inttypes.h>
#include <string.h>

#include "core/uuid.h"

static const char *const step_names[KIO_TX__COUNT] = {
    [KIO_TX_RESERVING] = "reserving",     [KIO_TX_RESERVED] = "reserved",
    [KIO_TX_DOWNLOADING] = "downloading", [KIO_TX_VERIFIED] = "verified",
    [KIO_TX_SUBMITTING] = "submitting",   [KIO_TX_SUBMITTED] = "submitted",
    [KIO_TX_PRINTED] = "printed",         [KIO_TX_FAILED] = "failed",
    [KIO_TX_SETTLED] = "settled",
};

_Static_assert(KIO_TX_SETTLED == 8, "schema v1 hard-codes settled as step 8");

const char *kio_tx_step_name(kio_tx_step_t step)
{
	if ((unsigned)step >= KIO_TX__COUNT)
		return "unknown";
	return step_names[step];
}

#define TERMINATED(f) (strnlen(tx->f, sizeof tx->f) < sizeof tx->f)

/* Strings inside their arrays and values the schema accepts, so a bad
 * struct is KIO_ERR_INVAL here rather than a constraint error later. */
static bool tx_valid(const kio_tx_t *tx)
{
	return TERMINATED(idem_key) && TERMINATED(document_id) && TERMINATED(application) &&
	       TERMINATED(kind) && TERMINATED(nik_masked) && TERMINATED(title) &&
	       TERMINATED(sha256) && TERMINATED(print_id) && TERMINATED(printer) &&
	       TERMINATED(outcome) && TERMINATED(reason) && (unsigned)tx->step < KIO_TX__COUNT &&
	       (!tx->outcome[0] || !strcmp(tx->outcome, "complete") ||
	        !strcmp(tx->outcome, "release")) &&
	       tx->size <= (uint64_t)INT64_MAX;
}

/* Parameters ?2..?16, the same in the insert and the update. */
static void bind_fields(sqlite3_stmt *st, const kio_tx_t *tx)
{
	kio_store_bind_text(st, 2, tx->document_id);
	kio_store_bind_text(st, 3, tx->application);
	kio_store_bind_text(st, 4, tx->kind);
	kio_store_bind_text(st, 5, tx->nik_masked);
	kio_store_bind_text(st, 6, tx->title);
	sqlite3_bind_int(st, 7, tx->pages);
	sqlite3_bind_int(st, 8, tx->copies);
	sqlite3_bind_int64(st, 9, (int64_t)tx->size);
	kio_store_bind_text(st, 10, tx->sha256);
	kio_store_bind_text(st, 11, tx->print_id);
	kio_store_bind_text(st, 12, tx->printer);
	sqlite3_bind_int(st, 13, tx->job_id);
	sqlite3_bind_int(st, 14, (int)tx->step);
	kio_store_bind_text(st, 15, tx->outcome);
	kio_store_bind_text(st, 16, tx->reason);
}

static kio_err_t tx_from_row(sqlite3_stmt *st, kio_tx_t *tx)
{
	struct {
		int c;
		char *buf;
		size_t len;
	} const t[] = {
	    {1, tx->idem_key, sizeof tx->idem_key},
	    {2, tx->document_id, sizeof tx->document_id},
	    {3, tx->application, sizeof tx->application},
	    {4, tx->kind, sizeof tx->kind},
	    {5, tx->nik_masked, sizeof tx->nik_masked},
	    {6, tx->title, sizeof tx->title},
	    {10, tx->sha256, sizeof tx->sha256},
	    {11, tx->print_id, sizeof tx->print_id},
	    {12, tx->printer, sizeof tx->printer},
	    {15, tx->outcome, sizeof tx->outcome},
	    {16, tx->reason, sizeof tx->reason},
	};
	kio_err_t err = KIO_OK;

	memset(tx, 0, sizeof *tx);
	tx->id = sqlite3_column_int64(st, 0);
	tx->pages = sqlite3_column_int(st, 7);
	tx->copies = sqlite3_column_int(st, 8);
	tx->size = (uint64_t)sqlite3_column_int64(st, 9);
	tx->job_id = sqlite3_column_int(st, 13);
	tx->step = (kio_tx_step_t)sqlite3_column_int(st, 14);
	tx->created_at = sqlite3_column_int64(st, 17);
	tx->updated_at = sqlite3_column_int64(st, 18);
	tx->attempts = sqlite3_column_int(st, 19);
	tx->next_retry_at = sqlite3_column_int64(st, 20);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (kio_store_col_text(st, t[i].c, t[i].buf, t[i].len) != KIO_OK)
			err = KIO_ERR_TOOBIG;
	return err;
}

kio_err_t kio_store_tx_begin(kio_store_t *s, kio_tx_t *tx)
{
	sqlite3_stmt *st;
	kio_err_t err;
	int rc;

	if (!s || !tx)
		return KIO_ERR_INVAL;
	err = kio_uuid4(tx->idem_key);
	if (err != KIO_OK)
		return kio_store_failf(s, err, "begin print: no randomness for the key");
	tx->step = KIO_TX_RESERVING;
	tx->job_id = -1;
	tx->created_at = tx->updated_at = kio_store_now();
	if (!tx_valid(tx))
		return kio_store_failf(s, KIO_ERR_INVAL, "begin print: bad field");
	err = kio_store_write_begin(s, "begin print");
	if (err != KIO_OK)
		return err;
	st = kio_store_stmt(s, ST_TX_INSERT);
	if (!st) {
		err = KIO_ERR_STORE;
		goto out;
	}
	kio_store_bind_text(st, 1, tx->idem_key);
	bind_fields(st, tx);
	sqlite3_bind_int64(st, 17, tx->created_at);
	sqlite3_bind_int64(st, 18, tx->updated_at);
	sqlite3_bind_int(st, 19, tx->attempts);
	sqlite3_bind_int64(st, 20, tx->next_retry_at);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		err = kio_store_fail(s, rc, "begin print");
	else
		tx->id = sqlite3_last_insert_rowid(s->db);
out:
	return kio_store_write_end(s, err, "begin print");
}

/* Current step and attempts of row ID inside the open transaction. */
static kio_err_t current_step(kio_store_t *s, int64_t id, kio_tx_step_t *step, int *attempts)
{
	sqlite3_stmt *st = kio_store_stmt(s, ST_TX_GET);
	kio_err_t err = KIO_OK;
	int rc;

	if (!st)
		return KIO_ERR_STORE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*step = (kio_tx_step_t)sqlite3_column_int(st, 14);
		*attempts = sqlite3_column_int(st, 19);
	} else if (rc == SQLITE_DONE)
		err =
		    kio_store_failf(s, KIO_ERR_INVAL, "print %" PRId64 ": no such journal row", id);
	else
		err = kio_store_fail(s, rc, "read print");
	sqlite3_reset(st);
	return err;
}

kio_err_t kio_store_tx_set(kio_store_t *s, const kio_tx_t *seen, const kio_tx_t *tx,
                           const kio_event_t *ev)
{
	kio_event_t copy;
	kio_tx_step_t was = KIO_TX_RESERVING;
	int was_attempts = 0;
	sqlite3_stmt *st;
	kio_err_t err;
	int rc;

	if (!s || !tx || (seen && seen->id != tx->id))
		return KIO_ERR_INVAL;
	if (!tx_valid(tx))
		return kio_store_failf(s, KIO_ERR_INVAL, "print %" PRId64 ": bad field", tx->id);
	err = kio_store_write_begin(s, "update print");
	if (err != KIO_OK)
		return err;
	err = current_step(s, tx->id, &was, &was_attempts);
	if (err != KIO_OK)
		goto out;
	if (seen && (was != seen->step || was_attempts != seen->attempts)) {
		/* Another settler wrote the row since SEEN was read: whatever it
		 * decided stands, and this writer must act on nothing. */
		err = kio_store_failf(
		    s, KIO_ERR_INVAL, "print %" PRId64 ": moved on to %s (attempt %d) from %s",
		    tx->id, kio_tx_step_name(was), was_attempts, kio_tx_step_name(seen->step));
		goto out;
	}
	if (was == KIO_TX_SETTLED && tx->step != KIO_TX_SETTLED) {
		/* The server already counted this print; reopening it would
		 * complete or release it a second time. */
		err =
		    kio_store_failf(s, KIO_ERR_INVAL, "print %" PRId64 ": settled, cannot go to %s",
		                    tx->id, kio_tx_step_name(tx->step));
		goto out;
	}
	st = kio_store_stmt(s, ST_TX_UPDATE);
	if (!st) {
		err = KIO_ERR_STORE;
		goto out;
	}
	sqlite3_bind_int64(st, 1, tx->id);
	bind_fields(st, tx);
	sqlite3_bind_int64(st, 17, kio_store_now());
	sqlite3_bind_int(st, 18, tx->attempts);
	sqlite3_bind_int64(st, 19, tx->next_retry_at);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		err = kio_store_fail(s, rc, "update print");
		goto out;
	}
	if (ev) {
		copy = *ev;
		err = kio_store_event_insert(s, &copy);
	}
out:
	return kio_store_write_end(s, err, "update print");
}

kio_err_t kio_store_tx_get(kio_store_t *s, int64_t id, kio_tx_t *out)
{
	sqlite3_stmt *st;
	kio_err_t err = KIO_OK;
	int rc;

	if (!s || !out)
		return KIO_ERR_INVAL;
	st = kio_store_stmt(s, ST_TX_GET);
	if (!st)
		return KIO_ERR_STORE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (tx_from_row(st, out) != KIO_OK)
			err = kio_store_failf(s, KIO_ERR_STORE,
			                      "print %" PRId64 ": oversized field", id);
	} else if (rc == SQLITE_DONE) {
		err =
		    kio_store_failf(s, KIO_ERR_INVAL, "print %" PRId64 ": no such journal row", id);
	} else {
		err = kio_store_fail(s, rc, "read print");
	}
	sqlite3_reset(st);
	return err;
}

kio_err_t kio_store_tx_unsettled(kio_store_t *s, kio_tx_t *out, int max, int *n)
{
	sqlite3_stmt *st;
	kio_err_t err = KIO_OK;
	int rc = SQLITE_DONE;

	if (!s || !n || max < 0 || (max > 0 && !out))
		return KIO_ERR_INVAL;
	*n = 0;
	st = kio_store_stmt(s, ST_TX_UNSETTLED);
	if (!st)
		return KIO_ERR_STORE;
	sqlite3_bind_int(st, 1, max);
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (tx_from_row(st, &out[*n]) != KIO_OK) {
			err = kio_store_failf(s, KIO_ERR_STORE,
			                      "print %" PRId64 ": oversized field", out[*n].id);
			goto out;
		}
		(*n)++;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		err = kio_store_fail(s, rc, "list open prints");
out:
	sqlite3_reset(st);
	return err;
}
