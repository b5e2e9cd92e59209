/*
 * anchor.c — the central server's acknowledgement of the print log.
 *
 * The hash chain (eventlog.c) catches an edited row, but not a log cut short
 * or rewritten as a whole by someone with the database: its head lives in
 * the same file. The server holds the uploaded events, so its head (the
 * highest seq it holds with no gap below, and that event's hash) is a copy
 * the kiosk's disk cannot change. The kiosk records the newest head the
 * server acknowledged, in the meta table ("ack", "ack_mac") under an
 * HMAC-SHA256 whose key is a file beside the database (anchor.key), not a
 * row in it; and it checks the log against that record or against the
 * server's head asked afresh.
 */
#include "store/store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* HMAC-SHA256 over "kio.ack.v1;<seq>;<hash>;" as 64 lower-case hex. */
static kio_err_t ack_mac(const unsigned char key[KIO_ACK_KEY_LEN], const kio_log_head_t *h,
                         char out[KIO_SHA256_HEX])
{
	char msg[128];
	unsigned char mac[32];
	unsigned int maclen = 0;
	int n = snprintf(msg, sizeof msg, "kio.ack.v1;%" PRId64 ";%s;", h->seq, h->hash);

	if (n < 0 || (size_t)n >= sizeof msg ||
	    !HMAC(EVP_sha256(), key, KIO_ACK_KEY_LEN, (const unsigned char *)msg, (size_t)n, mac,
	          &maclen) ||
	    maclen != sizeof mac)
		return KIO_ERR_INTERNAL;
	for (unsigned i = 0; i < sizeof mac; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	return KIO_OK;
}

static bool is_hash(const char *h)
{
	if (strlen(h) != 64)
		return false;
	for (const char *p = h; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* Reads exactly the key's bytes; a missing file is created (O_EXCL, so two
 * processes never both write one) with fresh random bytes. */
kio_err_t kio_store_ack_key(const char *data_dir, bool create, unsigned char key[KIO_ACK_KEY_LEN])
{
	char path[4096];
	kio_err_t rc = KIO_ERR_IO;
	int fd;

	if (snprintf(path, sizeof path, "%s/%s", data_dir, KIO_STORE_ACK_KEY_FILE) >=
	    (int)sizeof path)
		return KIO_ERR_INVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT && !create)
		return KIO_ERR_INVAL;
	if (fd < 0 && errno == ENOENT) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			return errno == ENOSPC || errno == EROFS ? KIO_ERR_DISK_FULL : KIO_ERR_IO;
		if (RAND_bytes(key, KIO_ACK_KEY_LEN) != 1) {
			rc = KIO_ERR_INTERNAL;
		} else if (write(fd, key, KIO_ACK_KEY_LEN) == KIO_ACK_KEY_LEN && fsync(fd) == 0) {
			rc = KIO_OK;
		}
		close(fd);
		if (rc != KIO_OK) {
			OPENSSL_cleanse(key, KIO_ACK_KEY_LEN);
			unlink(path);
		}
		return rc;
	}
	if (fd < 0)
		return KIO_ERR_IO;
	struct stat st;
	if (fstat(fd, &st) == 0 && st.st_size == KIO_ACK_KEY_LEN &&
	    read(fd, key, KIO_ACK_KEY_LEN) == KIO_ACK_KEY_LEN)
		rc = KIO_OK;
	close(fd);
	return rc;
}

kio_err_t kio_store_log_head(kio_store_t *s, kio_log_head_t *out)
{
	bool found = false;
	memset(out, 0, sizeof *out);
	kio_err_t err = kio_store_meta_get(s, "head", &out->seq, out->hash, &found);
	if (err != KIO_OK || !found)
		memset(out, 0, sizeof *out);
	return err;
}

/* The hash of the row at SEQ into HASH; *FOUND false if there is no such row. */
static kio_err_t row_hash(kio_store_t *s, int64_t seq, char hash[KIO_SHA256_HEX], bool *found)
{
	sqlite3_stmt *st = NULL;
	kio_err_t err = KIO_OK;
	int rc = sqlite3_prepare_v2(s->db, "SELECT hash FROM events WHERE seq = ?1", -1, &st, NULL);

	*found = false;
	if (rc != SQLITE_OK)
		return kio_store_fail(s, rc, "read row hash");
	sqlite3_bind_int64(st, 1, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		err = kio_store_col_text(st, 0, hash, KIO_SHA256_HEX);
		*found = err == KIO_OK;
	} else if (rc != SQLITE_DONE) {
		err = kio_store_fail(s, rc, "read row hash");
	}
	sqlite3_finalize(st);
	return err;
}

/* Compares the log with HEAD, a head the server holds (or held). */
static kio_err_t compare(kio_store_t *s, const kio_log_head_t *head, kio_ack_check_t *out)
{
	kio_log_head_t local, pruned = {0};
	char hash[KIO_SHA256_HEX];
	bool found = false, has_pruned = false;
	kio_err_t err;

	out->acked = *head;
	if (head->seq <= 0) {
		out->verdict = KIO_ACK_NONE;
		return KIO_OK;
	}
	if ((err = kio_store_log_head(s, &local)) != KIO_OK ||
	    (err = kio_store_meta_get(s, "anchor", &pruned.seq, pruned.hash, &has_pruned)) !=
	        KIO_OK ||
	    (err = row_hash(s, head->seq, hash, &found)) != KIO_OK)
		return err;
	out->last_seq = local.seq;
	if (!found && has_pruned && head->seq == pruned.seq) {
		found = true; /* pruned by retention: its hash is the anchor's */
		memcpy(hash, pruned.hash, sizeof hash);
	} else if (!found && has_pruned && head->seq < pruned.seq) {
		out->verdict = KIO_ACK_OK; /* pruned below the retention anchor */
		return KIO_OK;
	}
	if (!found) {
		out->verdict = KIO_ACK_TRUNCATED;
		snprintf(out->why, sizeof out->why,
		         "the server holds the log up to seq %" PRId64 ", but row %" PRId64
		         " is not here (the log ends at seq %" PRId64 ")",
		         head->seq, head->seq, local.seq);
	} else if (strcmp(hash, head->hash) != 0) {
		out->verdict = KIO_ACK_REWRITTEN;
		snprintf(out->why, sizeof out->why,
		         "row %" PRId64 " has hash %.12s…, the server holds %.12s…", head->seq,
		         hash, head->hash);
	} else {
		out->verdict = KIO_ACK_OK;
	}
	return KIO_OK;
}

kio_err_t kio_store_ack_record(kio_store_t *s, const unsigned char key[KIO_ACK_KEY_LEN],
                               const kio_log_head_t *head)
{
	kio_ack_check_t chk;
	kio_log_head_t old = {0};
	char mac[KIO_SHA256_HEX], oldmac[KIO_SHA256_HEX];
	int64_t ignored;
	bool has_old = false, has_mac = false;
	kio_err_t err;

	if (!head || head->seq <= 0 || !is_hash(head->hash))
		return KIO_ERR_INVAL;
	memset(&chk, 0, sizeof chk);
	if ((err = kio_store_write_begin(s, "record acknowledged head")) != KIO_OK)
		return err;
	err = compare(s, head, &chk);
	if (err == KIO_OK && chk.verdict != KIO_ACK_OK)
		err = kio_store_failf(s, KIO_ERR_TAMPERED, "server head disagrees: %s", chk.why);
	if (err == KIO_OK)
		err = kio_store_meta_get(s, "ack", &old.seq, old.hash, &has_old);
	if (err == KIO_OK)
		err = kio_store_meta_get(s, "ack_mac", &ignored, oldmac, &has_mac);
	/* Never backwards: a server restored from an older backup must not
	 * shrink what an earlier answer proved. */
	if (err == KIO_OK && (!has_old || head->seq > old.seq)) {
		err = ack_mac(key, head, mac);
		if (err == KIO_OK)
			err = kio_store_meta_set(s, "ack", head->seq, head->hash);
		if (err == KIO_OK)
			err = kio_store_meta_set(s, "ack_mac", 0, mac);
	}
	return kio_store_write_end(s, err, "record acknowledged head");
}

kio_err_t kio_store_ack_check(kio_store_t *s, const unsigned char *key,
                              const kio_log_head_t *server, kio_ack_check_t *out)
{
	kio_log_head_t acked = {0};
	char mac[KIO_SHA256_HEX], want[KIO_SHA256_HEX];
	int64_t ignored;
	bool has_ack = false, has_mac = false;
	kio_err_t err;

	memset(out, 0, sizeof *out);
	if ((err = kio_store_read_begin(s)) != KIO_OK)
		return err;
	if (server) {
		err = compare(s, server, out);
		goto out;
	}
	/* A record that is not even a seq and a hash was altered as surely as
	 * one whose MAC fails. */
	bool broken = false;
	err = kio_store_meta_get(s, "ack", &acked.seq, acked.hash, &has_ack);
	if (err == KIO_ERR_TAMPERED)
		broken = has_ack = true;
	else if (err != KIO_OK)
		goto out;
	err = kio_store_meta_get(s, "ack_mac", &ignored, mac, &has_mac);
	if (err == KIO_ERR_TAMPERED)
		has_mac = false;
	else if (err != KIO_OK)
		goto out;
	err = KIO_OK;
	if (!has_ack) {
		out->verdict = KIO_ACK_NONE;
		goto out;
	}
	if (broken || !key || !has_mac || ack_mac(key, &acked, want) != KIO_OK ||
	    CRYPTO_memcmp(mac, want, 64) != 0) {
		out->verdict = KIO_ACK_FORGED;
		out->acked = acked;
		snprintf(out->why, sizeof out->why,
		         "the record of the server's acknowledgement (seq %" PRId64
		         ") was altered or its key (%s) is not this kiosk's",
		         acked.seq, KIO_STORE_ACK_KEY_FILE);
		goto out;
	}
	err = compare(s, &acked, out);
out:
	kio_store_read_end(s);
	return err;
}
