/*
 * codes.c — login codes of contract v1.1 ("Login with a phone") in the
 * simulator: the server's side the kiosk calls, and the phone's side (the
 * online service where the citizen is logged in) that tests call through
 * the admin API.
 *
 *   kiosk   POST /api/v1/kiosk/login-codes           new code (pending)
 *           GET  /api/v1/kiosk/login-codes/{code}    202 pending | 201 login, once
 *           POST /api/v1/kiosk/login-codes/{code}/claim   a phone-issued code
 *   phone   POST /_admin/login-codes/{code}/confirm  {"nik": N} or {"nik": N, "refuse": true}
 *           POST /_admin/login-codes                 {"nik": N}: a code the phone shows
 *                                                    as a QR (confirmed, kiosk claims it)
 *
 * A confirmed code answers with the account's state like a password login:
 * 403 not_verified, 423 locked; a refused one 403 refused; a used or timed-out
 * one 410 expired. Codes live in sim.db (table login_codes) and are checked
 * against the clock on every call. Called with the simulator's lock held.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sim.h"

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "sim: sql: %s: %s\n", sqlite3_errmsg(db), sql);
		return NULL;
	}
	return st;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

static json_t *error(const char *code, const char *msg)
{
	return json_pack("{s:s, s:s}", "error", code, "message", msg);
}

static bool code_ok(const char *code)
{
	if (strlen(code) != SIM_CODE_LEN)
		return false;
	for (const char *p = code; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* A fresh six-digit code not in use (bounded tries; the table is small). */
static bool new_code(sqlite3 *db, char out[SIM_CODE_LEN + 1])
{
	for (int tries = 0; tries < 50; tries++) {
		snprintf(out, SIM_CODE_LEN + 1, "%06u", randombytes_uniform(1000000));
		sqlite3_stmt *st = prep(db, "SELECT 1 FROM login_codes WHERE code=?");
		if (!st)
			return false;
		sqlite3_bind_text(st, 1, out, -1, SQLITE_STATIC);
		bool used = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (!used)
			return true;
	}
	return false;
}

static json_t *code_answer(const sim_codes_t *c, const char *code, int64_t expires)
{
	char url[400];
	snprintf(url, sizeof url, "https://%s/k/%s", c->url_host, code);
	return json_pack("{s:s, s:s, s:I, s:i}", "code", code, "url", url, "expires_in",
	                 (json_int_t)(expires - (int64_t)time(NULL)), "poll_s", c->poll_s);
}

int sim_code_new(const sim_codes_t *c, json_t **out)
{
	char code[SIM_CODE_LEN + 1];
	int64_t now = (int64_t)time(NULL);
	if (!new_code(c->db, code)) {
		*out = error("busy", "Layanan sedang sibuk.");
		return 503;
	}
	sqlite3_stmt *st = prep(c->db, "INSERT INTO login_codes(code, state, nik, expires) "
	                               "VALUES(?, 'pending', NULL, ?)");
	if (!st) {
		*out = error("server_error", "db");
		return 500;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now + c->ttl_s);
	sqlite3_step(st);
	sqlite3_finalize(st);
	*out = code_answer(c, code, now + c->ttl_s);
	return 201;
}

/* The session a confirmed code opens: the body of a password login. */
static int open_session(const sim_codes_t *c, const char *nik, json_t **out)
{
	sqlite3_stmt *st = prep(c->db, "SELECT name, state FROM citizens WHERE nik=?");
	int status = 201;
	if (!st) {
		*out = error("server_error", "db");
		return 500;
	}
	sqlite3_bind_text(st, 1, nik, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*out = error("not_found", "Akun tidak ditemukan.");
		status = 404;
	} else if (strcmp(col(st, 1), "not_verified") == 0) {
		*out = error("not_verified", "Pendaftaran Anda masih menunggu verifikasi petugas.");
		status = 403;
	} else if (strcmp(col(st, 1), "locked") == 0) {
		*out = error("locked", "Akun Anda dikunci. Silakan datang ke Dukcapil Ogan Ilir.");
		status = 423;
	} else {
		unsigned char raw[32];
		char token[65], masked[17];
		static const char hex[] = "0123456789abcdef";
		randombytes_buf(raw, sizeof raw);
		for (size_t i = 0; i < sizeof raw; i++) {
			token[2 * i] = hex[raw[i] >> 4];
			token[2 * i + 1] = hex[raw[i] & 15];
		}
		token[64] = '\0';
		snprintf(masked, sizeof masked, "%.4s**********%.2s", nik, nik + 14);
		int64_t now = (int64_t)time(NULL);
		sqlite3_stmt *ins = prep(c->db, "INSERT INTO sessions VALUES(?,?,?)");
		sqlite3_bind_text(ins, 1, token, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, nik, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, now + c->session_ttl);
		sqlite3_step(ins);
		sqlite3_finalize(ins);
		ins = prep(c->db, "INSERT INTO tokens_issued VALUES(?,?)");
		sqlite3_bind_text(ins, 1, token, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, now);
		sqlite3_step(ins);
		sqlite3_finalize(ins);
		*out =
		    json_pack("{s:s, s:i, s:{s:s, s:s}}", "token", token, "expires_in",
		              c->session_ttl, "citizen", "name", col(st, 0), "nik_masked", masked);
	}
	sqlite3_finalize(st);
	return status;
}

static void set_state(sqlite3 *db, const char *code, const char *state)
{
	sqlite3_stmt *st = prep(db, "UPDATE login_codes SET state=? WHERE code=?");
	if (!st)
		return;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

/* Poll (CLAIM false) or claim (true) CODE. A code answers with a session
 * once; a claim takes only a phone-issued code, a poll only a kiosk's. */
static int take(const sim_codes_t *c, const char *code, bool claim, json_t **out)
{
	char state[16] = "", nik[20] = "", origin[8] = "";
	int64_t expires = 0, now = (int64_t)time(NULL);
	if (!code_ok(code)) {
		*out = error("not_found", "Kode tidak dikenal.");
		return 404;
	}
	sqlite3_stmt *st = prep(
	    c->db, "SELECT state, IFNULL(nik,''), expires, origin FROM login_codes WHERE code=?");
	if (!st) {
		*out = error("server_error", "db");
		return 500;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(state, sizeof state, "%s", col(st, 0));
		snprintf(nik, sizeof nik, "%s", col(st, 1));
		expires = sqlite3_column_int64(st, 2);
		snprintf(origin, sizeof origin, "%s", col(st, 3));
	}
	sqlite3_finalize(st);
	if (!*state || strcmp(origin, claim ? "phone" : "kiosk") != 0) {
		*out = error("not_found", "Kode tidak dikenal.");
		return 404;
	}
	if (strcmp(state, "used") == 0 || now >= expires) {
		*out = error("expired", "Kode sudah tidak berlaku.");
		return 410;
	}
	if (strcmp(state, "refused") == 0) {
		set_state(c->db, code, "used");
		*out = error("refused", "Masuk ditolak dari HP.");
		return 403;
	}
	if (strcmp(state, "pending") == 0) {
		*out = json_pack("{s:s, s:I}", "state", "pending", "expires_in",
		                 (json_int_t)(expires - now));
		return 202;
	}
	set_state(c->db, code, "used"); /* confirmed: once, whatever the account says */
	return open_session(c, nik, out);
}

int sim_code_poll(const sim_codes_t *c, const char *code, json_t **out)
{
	return take(c, code, false, out);
}

int sim_code_claim(const sim_codes_t *c, const char *code, json_t **out)
{
	return take(c, code, true, out);
}

static bool body_nik(const char *body, size_t len, char nik[20], bool *refuse)
{
	json_t *j = body ? json_loadb(body, len, 0, NULL) : NULL;
	const char *n = NULL;
	int r = 0;
	bool ok =
	    j && json_unpack(j, "{s:s, s?b}", "nik", &n, "refuse", &r) == 0 && strlen(n) == 16;
	if (ok)
		snprintf(nik, 20, "%s", n);
	if (refuse)
		*refuse = r;
	json_decref(j);
	return ok;
}

int sim_code_confirm(const sim_codes_t *c, const char *code, const char *body, size_t len,
                     json_t **out)
{
	char nik[20];
	bool refuse = false;
	if (!body_nik(body, len, nik, &refuse)) {
		*out = error("bad_request", "want {\"nik\": \"16 digits\"}");
		return 400;
	}
	sqlite3_stmt *st = prep(c->db, "UPDATE login_codes SET state=?, nik=? WHERE code=? AND "
	                               "state='pending' AND origin='kiosk' AND expires>?");
	if (!st) {
		*out = error("server_error", "db");
		return 500;
	}
	sqlite3_bind_text(st, 1, refuse ? "refused" : "confirmed", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, nik, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (sqlite3_changes(c->db) != 1) {
		*out = error("not_found", "no pending kiosk code with that number");
		return 404;
	}
	*out = json_pack("{s:s, s:s}", "code", code, "state", refuse ? "refused" : "confirmed");
	return 200;
}

int sim_code_issue(const sim_codes_t *c, const char *body, size_t len, json_t **out)
{
	char nik[20], code[SIM_CODE_LEN + 1];
	int64_t expires = (int64_t)time(NULL) + c->ttl_s;
	if (!body_nik(body, len, nik, NULL)) {
		*out = error("bad_request", "want {\"nik\": \"16 digits\"}");
		return 400;
	}
	if (!new_code(c->db, code)) {
		*out = error("busy", "no free code");
		return 503;
	}
	sqlite3_stmt *st = prep(c->db, "INSERT INTO login_codes(code, state, nik, expires, origin) "
	                               "VALUES(?, 'confirmed', ?, ?, 'phone')");
	if (!st) {
		*out = error("server_error", "db");
		return 500;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, nik, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, expires);
	sqlite3_step(st);
	sqlite3_finalize(st);
	*out = code_answer(c, code, expires);
	return 201;
}
