/*
 * main.c — adm-central-sim: the central server of contract v1 (kiosk-api.md)
 * as a real HTTPS peer on loopback, for tests, benchmarks and demos.
 *
 * CLI
 *   adm-central-sim --port P --tls-dir DIR --data DIR [--seed] [--big-docs]
 *                   [--port-file F] [--verify-host H] [--reservation-ttl S]
 *                   [--session-ttl S] [--page-size N] [--fault EP=KIND[:ARG]]...
 *                   [--v1]   (a contract v1 server: no log_head, no GET /log-head)
 *                   [--request-log F]   append "ARRIVED_MS ENDPOINT KIOSK STATUS EV_IN
 *                            EV_NEW EV_CONFLICT" per request (wall-clock ms; events
 *                            received, newly stored, and stored again under a new id
 *                            for a seq already held) — the fleet run (tests/fleet)
 *                   [--keepalive-s S]   idle kept-alive connections close after S s (30)
 *                   [--require-client-cert]   every /api/ request must present a
 *                            client certificate from the simulator's CA whose CN is
 *                            its X-Kiosk-Id (401 kiosk_certificate_required|_invalid|
 *                            _expired, 403 kiosk_id_mismatch)
 *   adm-central-sim --demo-credentials     one line per demo citizen: NIK PASSWORD WHAT
 *   adm-central-sim --tls-dir DIR --tls-only   generate the TLS files and exit
 * --port 0 picks a free port. Stdout gets "PORT n" then "READY" once serving.
 * --tls-dir holds (or receives, generated with the openssl CLI) ca.pem/ca.key,
 * server.pem/server.key (SAN localhost, 127.0.0.1, ::1), kiosk.pem/kiosk.key
 * (client certificate) and server.pin ("sha256//BASE64" of the server key).
 * --data holds sim.db (SQLite: sessions, every token issued, reservations,
 * idempotency keys, print counts, events — all survive a restart) and the PDFs in docs/. The demo
 * data is seeded with --seed or when the database is empty. SIGTERM/SIGINT stop it.
 *
 * Print-log anchor (v1.1): every uploaded event's seq and hash are kept per
 * X-Kiosk-Id; heartbeat and events answers carry "log_head" (the highest seq
 * with no gap below it), and GET /api/v1/kiosk/log-head returns it.
 *
 * Faults (per endpoint: login logout list file verify reserve complete
 * release heartbeat events log-head), from --fault or the admin API:
 *   delay:MS     answer MS ms late          status:N   answer N, handler skipped
 *   garbage      HTML instead of JSON (file: body not starting with %PDF-)
 *   truncated    first half of the body as a complete answer
 *   reset        headers, half the body, then the connection is closed
 *   trickle:BPS  the body at BPS bytes/s (default 20)
 *   ctype        right body, Content-Type text/html
 *   oversize     JSON padded to 2 MiB; file with 1 MiB extra bytes
 *   gzipbomb     to a client that accepts gzip: ~2 kB that inflate to 2 MiB
 * JSON answers of 256 bytes or more are gzip'd for a client that accepts it
 * (contract v1.1 "Compression"); documents never are.
 * Except for status, the handler runs (side effects happen) and only the
 * answer is damaged — like a server that did the work and then lost the reply.
 * A fault stays until cleared. Every answer carries X-Sim-Handling-Us (the
 * server's own handling time, for the client-overhead benchmark).
 *
 * Admin API (loopback clients only, JSON):
 *   GET    /_admin/state           {"reservations":[{print_id, idem_key, document,
 *                                   state: open|completed|released|expired, copies,
 *                                   complete_calls, release_calls}],
 *                                   "events":[{id, seq, type}],
 *                                   "documents":[{id, status, prints_used, prints_allowed,
 *                                   adm_printable}], "heartbeats": n, "last_heartbeat": {...},
 *                                   "gzipped": answers sent gzip'd so far}
 *   POST   /_admin/fault           {"endpoint":"list","kind":"status","arg":503}
 *   DELETE /_admin/fault           clears every fault
 *   POST   /_admin/document        {"id":"b1000001","status":"TIDAK AKTIF",
 *                                   "prints_used":0,"adm_printable":true} (fields optional)
 *   POST   /_admin/reset-attempts  forget failed logins (rate limit)
 *   POST   /_admin/expire-sessions every citizen token becomes invalid
 *   POST   /_admin/login-codes/{code}/confirm  {"nik":N[,"refuse":true]}: the phone
 *                                   confirms (refuses) a kiosk's login code (codes.c)
 *   POST   /_admin/login-codes     {"nik":N}: a confirmed code the phone shows as a QR
 *
 * Login codes (v1.1, codes.c): --code-ttl S (default 120), --code-poll S (2).
 *
 * Citizen endpoints need the bearer token, except complete/release: a kiosk
 * settles reservations after a crash, when the citizen's session is gone.
 */
#include <arpa/inet.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <fcntl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "sim.h"

enum {
	BODY_MAX = 1024 * 1024,
	SESSION_TTL = 600,
	ATTEMPTS_MAX = 5,
	ATTEMPTS_WINDOW = 600,
};

typedef enum {
	EP_LOGIN,
	EP_LOGOUT,
	EP_LIST,
	EP_FILE,
	EP_VERIFY,
	EP_RESERVE,
	EP_COMPLETE,
	EP_RELEASE,
	EP_HEARTBEAT,
	EP_EVENTS,
	EP_LOG_HEAD,
	EP_CODE_NEW, /* v1.1 login codes (codes.c) */
	EP_CODE_POLL,
	EP_CODE_CLAIM,
	EP__COUNT,
	EP_OTHER = EP__COUNT,
} ep_t;

static const char *const ep_names[EP__COUNT] = {
    "login",           "logout",          "list",      "file",   "verify",   "reserve",
    "complete",        "release",         "heartbeat", "events", "log-head", "login-code",
    "login-code-poll", "login-code-claim"};

typedef enum {
	F_NONE,
	F_DELAY,
	F_STATUS,
	F_GARBAGE,
	F_TRUNCATED,
	F_RESET,
	F_TRICKLE,
	F_CTYPE,
	F_OVERSIZE,
	F_GZIPBOMB,
	F__COUNT
} fkind_t;

static const char *const fault_names[F__COUNT] = {"none",      "delay",   "status",  "garbage",
                                                  "truncated", "reset",   "trickle", "ctype",
                                                  "oversize",  "gzipbomb"};

typedef struct fault {
	fkind_t kind;
	int arg;
} fault_t;

typedef struct sim {
	pthread_mutex_t lock; /* guards db and faults */
	sqlite3 *db;
	fault_t faults[EP__COUNT];
	atomic_bool stopping;
	int reservation_ttl;
	int session_ttl;
	int page_size;
	bool v1;              /* --v1: a contract v1 server (no log_head, no v1.1 fields) */
	bool require_cert;    /* --require-client-cert: mTLS for every /api/ request */
	atomic_int gzipped;   /* answers sent gzip'd (for tests) */
	sim_codes_t codes;    /* login codes (v1.1): --code-ttl, --code-poll */
	FILE *request_log;    /* --request-log: one line per request (fleet runs) */
	unsigned keepalive_s; /* --keepalive-s: idle connection timeout, default 30 */
} sim_t;

/* One request: its body while it arrives. */
typedef struct req {
	char *body;
	size_t len;
	bool toobig;
	struct timespec t0;
	int64_t arrived_ms;             /* wall clock, for --request-log */
	int ev_in, ev_new, ev_conflict; /* POST /events: received, stored, same seq new id */
} req_t;

/* One answer before faults are applied. */
typedef struct resp {
	int status;
	const char *ctype;
	unsigned char *body; /* malloc'd */
	size_t len;
	int retry_after;
	const char *location;
} resp_t;

/* ---- small helpers -------------------------------------------------------------- */

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static int64_t elapsed_us(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000000LL + (t.tv_nsec - t0->tv_nsec) / 1000;
}

static void wib_time(char out[40], int64_t t)
{
	time_t w = (time_t)(t + 7 * 3600);
	struct tm tm;

	gmtime_r(&w, &tm);
	strftime(out, 40, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
}

static bool parse_int(const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* The server's copy of the structural NIK rules (contract: 400 invalid_nik). */
static bool nik_valid(const char *n)
{
	static const int prov[] = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33,
	                           34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72,
	                           73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96};
	int d[16];
	bool pok = false;

	if (!n || strlen(n) != 16)
		return false;
	for (int i = 0; i < 16; i++) {
		if (n[i] < '0' || n[i] > '9')
			return false;
		d[i] = n[i] - '0';
	}
	int p = d[0] * 10 + d[1], day = d[6] * 10 + d[7], mon = d[8] * 10 + d[9];
	for (size_t i = 0; i < sizeof prov / sizeof prov[0]; i++)
		pok |= prov[i] == p;
	if (day > 40)
		day -= 40;
	return pok && (d[2] | d[3]) && (d[4] | d[5]) && day >= 1 && day <= 31 && mon >= 1 &&
	       mon <= 12 && (d[12] | d[13] | d[14] | d[15]);
}

static void resp_json(resp_t *r, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	r->status = status;
	r->ctype = "application/json";
	r->body = (unsigned char *)s;
	r->len = s ? strlen(s) : 0;
}

static void resp_error(resp_t *r, int status, const char *code, const char *msg)
{
	resp_json(r, status, json_pack("{s:s, s:s}", "error", code, "message", msg));
}

/* ---- faults ------------------------------------------------------------------------ */

static int fault_parse(const char *ep, const char *kind, int arg, bool has_arg, ep_t *e, fault_t *f)
{
	*e = EP__COUNT;
	for (int i = 0; i < EP__COUNT; i++)
		if (strcmp(ep, ep_names[i]) == 0)
			*e = (ep_t)i;
	if (*e == EP__COUNT)
		return -1;
	f->kind = F__COUNT;
	for (int i = 0; i < F__COUNT; i++)
		if (strcmp(kind, fault_names[i]) == 0)
			f->kind = (fkind_t)i;
	if (f->kind == F__COUNT)
		return -1;
	f->arg = arg;
	if (f->kind == F_TRICKLE && !has_arg)
		f->arg = 20;
	if (f->kind == F_STATUS && (arg < 100 || arg > 599))
		return -1;
	if (f->kind == F_DELAY && (arg < 0 || arg > 600000))
		return -1;
	return 0;
}

/* "list=status:503" */
static int fault_from_arg(sim_t *s, const char *spec)
{
	char buf[128], *eq, *colon;
	long arg = 0;
	ep_t e;
	fault_t f;

	snprintf(buf, sizeof buf, "%s", spec);
	eq = strchr(buf, '=');
	if (!eq)
		return -1;
	*eq = '\0';
	colon = strchr(eq + 1, ':');
	if (colon) {
		*colon = '\0';
		if (!parse_int(colon + 1, 0, 600000, &arg))
			return -1;
	}
	if (fault_parse(buf, eq + 1, (int)arg, colon != NULL, &e, &f) != 0)
		return -1;
	s->faults[e] = f;
	return 0;
}

typedef struct slow {
	sim_t *s;
	unsigned char *body;
	size_t len; /* bytes we will actually send */
	int bps;    /* trickle: bytes per second; 0: reset mode */
} slow_t;

static ssize_t slow_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	slow_t *sl = cls;

	if (atomic_load(&sl->s->stopping))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (pos >= sl->len)
		return MHD_CONTENT_READER_END_WITH_ERROR; /* reset: close mid-body */
	if (sl->bps > 0) {
		usleep((useconds_t)(1000000 / sl->bps));
		buf[0] = (char)sl->body[pos];
		return 1;
	}
	size_t n = sl->len - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(buf, sl->body + pos, n);
	return (ssize_t)n;
}

static void slow_free(void *cls)
{
	slow_t *sl = cls;

	free(sl->body);
	free(sl);
}

/* Sleeps MS, giving up early when the sim stops. */
static void nap(sim_t *s, int ms)
{
	while (ms > 0 && !atomic_load(&s->stopping)) {
		int step = ms > 50 ? 50 : ms;
		usleep((useconds_t)step * 1000);
		ms -= step;
	}
}

/* gzip (RFC 1952) of LEN bytes at IN into a malloc'd buffer; NULL on failure. */
static unsigned char *gzip_of(const unsigned char *in, size_t len, size_t *outlen)
{
	z_stream z = {0};
	uLong cap = compressBound((uLong)len) + 32;
	unsigned char *out = malloc(cap);

	if (!out || deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*outlen = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/* Contract v1.1 "Compression": a JSON answer is sent gzip'd when the request
 * accepts it. The gzipbomb fault sends instead a tiny gzip stream that
 * inflates to 2 MiB (twice the kiosk's JSON limit). Sets *GZ when R->body
 * is now gzip. */
static void maybe_gzip(struct MHD_Connection *conn, resp_t *r, bool bomb, bool *gz)
{
	const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
	size_t n = 0;
	unsigned char *z = NULL;

	*gz = false;
	if (!ae || !strstr(ae, "gzip") || !r->ctype || strncmp(r->ctype, "application/json", 16))
		return;
	if (bomb) {
		size_t big = 2 * 1024 * 1024;
		unsigned char *sp = malloc(big);
		if (!sp)
			return;
		memset(sp, ' ', big);
		sp[0] = '{';
		memcpy(sp + big - 2, "}\n", 2);
		z = gzip_of(sp, big, &n);
		free(sp);
	} else if (r->len >= 256) { /* below that gzip's header costs more than it saves */
		z = gzip_of(r->body, r->len, &n);
	}
	if (!z)
		return;
	free(r->body);
	r->body = z;
	r->len = n;
	*gz = true;
}

static enum MHD_Result send_resp(sim_t *s, struct MHD_Connection *conn, ep_t ep, resp_t *r,
                                 req_t *rq)
{
	struct MHD_Response *mr = NULL;
	fault_t f = {F_NONE, 0};
	char hdr[32];
	enum MHD_Result ret;
	int64_t handled = elapsed_us(&rq->t0);
	bool is_file = r->ctype && strcmp(r->ctype, "application/pdf") == 0;

	pthread_mutex_lock(&s->lock);
	if (ep < EP__COUNT)
		f = s->faults[ep];
	pthread_mutex_unlock(&s->lock);

	switch (f.kind) {
	case F_DELAY:
		nap(s, f.arg);
		break;
	case F_GARBAGE:
		if (is_file && r->len >= 5) {
			memcpy(r->body, "<html", 5);
		} else {
			static const char g[] =
			    "<html><body><h1>502 Bad Gateway</h1></body></html>";
			free(r->body);
			r->body = (unsigned char *)strdup(g);
			r->len = r->body ? strlen(g) : 0;
		}
		break;
	case F_TRUNCATED:
		r->len /= 2;
		break;
	case F_CTYPE:
		r->ctype = "text/html; charset=utf-8";
		break;
	case F_OVERSIZE: {
		size_t extra = is_file ? 1024 * 1024 : 2 * 1024 * 1024;
		unsigned char *nb = realloc(r->body, r->len + extra + 16);
		if (!nb)
			break;
		r->body = nb;
		if (is_file) {
			memset(r->body + r->len, '%', extra);
			r->len += extra;
		} else {
			/* {"pad":"xxx...."} */
			memcpy(r->body, "{\"pad\":\"", 8);
			memset(r->body + 8, 'x', extra);
			memcpy(r->body + 8 + extra, "\"}", 2);
			r->len = extra + 10;
		}
		break;
	}
	default:
		break;
	}
	bool gz = false;
	if (f.kind != F_GARBAGE && f.kind != F_TRUNCATED && f.kind != F_RESET)
		maybe_gzip(conn, r, f.kind == F_GZIPBOMB, &gz);
	if (gz)
		atomic_fetch_add(&s->gzipped, 1);
	if (f.kind == F_RESET || f.kind == F_TRICKLE) {
		slow_t *sl = calloc(1, sizeof *sl);
		if (!sl)
			return MHD_NO;
		sl->s = s;
		sl->body = r->body;
		sl->len = f.kind == F_RESET ? r->len / 2 : r->len;
		sl->bps = f.kind == F_TRICKLE ? (f.arg > 0 ? f.arg : 20) : 0;
		r->body = NULL;
		mr = MHD_create_response_from_callback(r->len, 4096, slow_read, sl, slow_free);
		if (!mr) {
			slow_free(sl);
			return MHD_NO;
		}
	} else {
		mr = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
		if (!mr)
			return MHD_NO;
		r->body = NULL;
	}
	if (r->ctype)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	if (gz)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	snprintf(hdr, sizeof hdr, "%lld", (long long)handled);
	MHD_add_response_header(mr, "X-Sim-Handling-Us", hdr);
	if (r->retry_after > 0) {
		snprintf(hdr, sizeof hdr, "%d", r->retry_after);
		MHD_add_response_header(mr, MHD_HTTP_HEADER_RETRY_AFTER, hdr);
	}
	ret = MHD_queue_response(conn, (unsigned)r->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

/* ---- database helpers --------------------------------------------------------------- */

static sqlite3_stmt *prep(sim_t *s, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "sim: sql: %s: %s\n", sqlite3_errmsg(s->db), sql);
		return NULL;
	}
	return st;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

/* Session's NIK for the bearer token into NIK; false if none/expired. */
static bool auth(sim_t *s, struct MHD_Connection *conn, char nik[17])
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	sqlite3_stmt *st;
	bool ok = false;

	if (!h || strncmp(h, "Bearer ", 7) != 0)
		return false;
	st = prep(s, "SELECT nik FROM sessions WHERE token=? AND expires>?");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, h + 7, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now_s());
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(nik, 17, "%s", col_text(st, 0));
		ok = true;
	}
	sqlite3_finalize(st);
	return ok;
}

static void unauthorized(resp_t *r)
{
	resp_error(r, 401, "unauthorized", "Sesi Anda telah berakhir. Silakan masuk kembali.");
}

static json_t *body_json(const req_t *rq)
{
	if (!rq->body)
		return NULL;
	json_t *j = json_loadb(rq->body, rq->len, 0, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static void expire_reservations(sim_t *s)
{
	sqlite3_stmt *st =
	    prep(s, "UPDATE reservations SET state='expired' WHERE state='open' AND expires<=?");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, now_s());
	sqlite3_step(st);
	sqlite3_finalize(st);
}

static void random_hex(char *out, size_t nbytes)
{
	unsigned char b[64];
	static const char digits[] = "0123456789abcdef";

	randombytes_buf(b, nbytes);
	for (size_t i = 0; i < nbytes; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * nbytes] = '\0';
}

/* "B*** S******": first letter of each word kept. */
static void mask_name(const char *name, char *out, size_t cap)
{
	size_t o = 0;
	bool first = true;

	for (const char *p = name; *p && o + 1 < cap; p++) {
		if (*p == ' ') {
			out[o++] = ' ';
			first = true;
		} else {
			out[o++] = first ? *p : '*';
			first = false;
		}
	}
	out[o] = '\0';
}

/* ---- endpoints ---------------------------------------------------------------------- */

static void h_login(sim_t *s, req_t *rq, resp_t *r)
{
	json_t *j = body_json(rq);
	const char *nik = NULL, *pw = NULL;
	sqlite3_stmt *st = NULL;
	int64_t now = now_s();

	if (!j || json_unpack(j, "{s:s, s:s}", "nik", &nik, "password", &pw) != 0) {
		resp_error(r, 400, "bad_request", "Permintaan tidak valid.");
		goto out;
	}
	if (!nik_valid(nik)) {
		resp_error(r, 400, "invalid_nik", "NIK tidak valid.");
		goto out;
	}
	st = prep(s, "SELECT count(*), min(at) FROM attempts WHERE nik=? AND at>?");
	sqlite3_bind_text(st, 1, nik, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - ATTEMPTS_WINDOW);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) >= ATTEMPTS_MAX) {
		int64_t wait = sqlite3_column_int64(st, 1) + ATTEMPTS_WINDOW - now;
		resp_error(r, 429, "too_many_attempts",
		           "Terlalu banyak percobaan. Silakan coba lagi nanti.");
		r->retry_after = wait > 0 ? (int)wait : 1;
		goto out;
	}
	sqlite3_finalize(st);
	st = prep(s, "SELECT name, pwhash, state FROM citizens WHERE nik=?");
	sqlite3_bind_text(st, 1, nik, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    crypto_pwhash_str_verify(col_text(st, 1), pw, strlen(pw)) != 0) {
		sqlite3_stmt *ins = prep(s, "INSERT INTO attempts VALUES(?,?)");
		sqlite3_bind_text(ins, 1, nik, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, now);
		sqlite3_step(ins);
		sqlite3_finalize(ins);
		resp_error(r, 401, "invalid_credentials",
		           "Data user yang dimasukkan tidak sesuai. Pastikan memasukkan data yang "
		           "benar!");
		goto out;
	}
	if (strcmp(col_text(st, 2), "not_verified") == 0) {
		resp_error(r, 403, "not_verified",
		           "Pendaftaran Anda masih menunggu verifikasi petugas.");
		goto out;
	}
	if (strcmp(col_text(st, 2), "locked") == 0) {
		resp_error(r, 423, "locked",
		           "Akun Anda dikunci. Silakan datang ke Dukcapil Ogan Ilir.");
		goto out;
	}
	char token[65], masked[17], name[128];
	random_hex(token, 32);
	snprintf(name, sizeof name, "%s", col_text(st, 0));
	snprintf(masked, sizeof masked, "%.4s**********%.2s", nik, nik + 14);
	sqlite3_stmt *ins = prep(s, "INSERT INTO sessions VALUES(?,?,?)");
	sqlite3_bind_text(ins, 1, token, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, nik, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 3, now + s->session_ttl);
	sqlite3_step(ins);
	sqlite3_finalize(ins);
	ins = prep(s, "INSERT INTO tokens_issued VALUES(?,?)");
	sqlite3_bind_text(ins, 1, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 2, now);
	sqlite3_step(ins);
	sqlite3_finalize(ins);
	ins = prep(s, "DELETE FROM attempts WHERE nik=?");
	sqlite3_bind_text(ins, 1, nik, -1, SQLITE_STATIC);
	sqlite3_step(ins);
	sqlite3_finalize(ins);
	resp_json(r, 201,
	          json_pack("{s:s, s:i, s:{s:s, s:s}}", "token", token, "expires_in",
	                    s->session_ttl, "citizen", "name", name, "nik_masked", masked));
out:
	sqlite3_finalize(st);
	json_decref(j);
}

static void h_logout(sim_t *s, struct MHD_Connection *conn, resp_t *r)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	sqlite3_stmt *st;

	if (h && strncmp(h, "Bearer ", 7) == 0 &&
	    (st = prep(s, "DELETE FROM sessions WHERE token=?"))) {
		sqlite3_bind_text(st, 1, h + 7, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	r->status = 204;
	r->ctype = NULL;
}

static json_t *doc_json(sqlite3_stmt *st, int c0)
{
	/* columns: id kind title pages size sha256 adm_printable prints_used
	 * prints_allowed status holder (v1.1 holder_name: the whole name, for the
	 * logged-in citizen only; the public /verify masks it) */
	json_t *allowed = sqlite3_column_type(st, c0 + 8) == SQLITE_NULL
	                      ? json_null()
	                      : json_integer(sqlite3_column_int(st, c0 + 8));
	return json_pack("{s:s, s:s, s:s, s:i, s:I, s:s, s:b, s:i, s:o, s:s, s:s}", "id",
	                 col_text(st, c0), "kind", col_text(st, c0 + 1), "title",
	                 col_text(st, c0 + 2), "pages", sqlite3_column_int(st, c0 + 3), "size",
	                 (json_int_t)sqlite3_column_int64(st, c0 + 4), "sha256",
	                 col_text(st, c0 + 5), "adm_printable", sqlite3_column_int(st, c0 + 6),
	                 "prints_used", sqlite3_column_int(st, c0 + 7), "prints_allowed", allowed,
	                 "status", col_text(st, c0 + 9), "holder_name", col_text(st, c0 + 10));
}

static void h_list(sim_t *s, struct MHD_Connection *conn, resp_t *r)
{
	char nik[17];
	const char *ps = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "page");
	const char *status = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "status");
	long page = 1;
	int total = 0;
	sqlite3_stmt *st;

	if (!auth(s, conn, nik))
		return unauthorized(r);
	if (ps && !parse_int(ps, 1, 100000, &page))
		return resp_error(r, 400, "bad_request", "Halaman tidak valid.");
	st = prep(s, "SELECT count(*) FROM applications WHERE nik=? AND (?1 IS NULL OR "
	             "lower(status)=lower(?2))");
	sqlite3_bind_text(st, 1, nik, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		total = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);

	json_t *apps = json_array();
	st = prep(s, "SELECT code, service, status, submitted_at, completed_at FROM applications "
	             "WHERE nik=?1 AND (?2 IS NULL OR lower(status)=lower(?2)) ORDER BY ord "
	             "LIMIT ?3 OFFSET ?4");
	sqlite3_bind_text(st, 1, nik, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, s->page_size);
	sqlite3_bind_int64(st, 4, (page - 1) * s->page_size);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *docs = json_array();
		sqlite3_stmt *ds = prep(s, "SELECT id, kind, title, pages, size, sha256, "
		                           "adm_printable, prints_used, prints_allowed, status, "
		                           "holder FROM documents WHERE app=? ORDER BY ord");
		sqlite3_bind_text(ds, 1, col_text(st, 0), -1, SQLITE_TRANSIENT);
		while (strcmp(col_text(st, 2), "Selesai") == 0 && sqlite3_step(ds) == SQLITE_ROW)
			json_array_append_new(docs, doc_json(ds, 0));
		sqlite3_finalize(ds);
		json_t *a = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "code", col_text(st, 0),
		                      "service", col_text(st, 1), "status", col_text(st, 2),
		                      "submitted_at", col_text(st, 3), "completed_at",
		                      sqlite3_column_type(st, 4) == SQLITE_NULL
		                          ? json_null()
		                          : json_string(col_text(st, 4)),
		                      "documents", docs);
		json_array_append_new(apps, a);
	}
	sqlite3_finalize(st);
	json_t *next = page * s->page_size < total ? json_integer(page + 1) : json_null();
	resp_json(r, 200, json_pack("{s:o, s:o}", "applications", apps, "next_page", next));
}

/* Document ID owned by NIK: its file path, or false. */
static bool doc_path(sim_t *s, const char *id, const char *nik, char *path, size_t cap)
{
	sqlite3_stmt *st = prep(s, "SELECT d.path FROM documents d JOIN applications a ON "
	                           "a.code=d.app WHERE d.id=? AND a.nik=?");
	bool ok = false;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, nik, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(path, cap, "%s", col_text(st, 0));
		ok = true;
	}
	sqlite3_finalize(st);
	return ok;
}

static void h_file(sim_t *s, struct MHD_Connection *conn, const char *id, resp_t *r)
{
	char nik[17], path[1024];
	FILE *f;
	struct stat sb;

	if (!auth(s, conn, nik))
		return unauthorized(r);
	if (!doc_path(s, id, nik, path, sizeof path))
		return resp_error(r, 404, "not_found", "Dokumen tidak ditemukan.");
	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &sb) != 0) {
		if (f)
			fclose(f);
		return resp_error(r, 500, "server_error", "Berkas tidak tersedia.");
	}
	r->body = malloc((size_t)sb.st_size + 1);
	if (!r->body || fread(r->body, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
		fclose(f);
		free(r->body);
		r->body = NULL;
		return resp_error(r, 500, "server_error", "Berkas tidak tersedia.");
	}
	fclose(f);
	r->len = (size_t)sb.st_size;
	r->status = 200;
	r->ctype = "application/pdf";
}

static void h_verify(sim_t *s, const char *id, resp_t *r, bool html)
{
	sqlite3_stmt *st = prep(s, "SELECT id, status, kind, sha256, issued_at, holder FROM "
	                           "documents WHERE id=?");
	char holder[128];

	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (!html)
			return resp_error(r, 404, "not_found", "Dokumen tidak ditemukan.");
		static const char page[] = "<!doctype html><html><body><h1>TIDAK VALID</h1>"
		                           "<p>Kode tidak dikenal.</p></body></html>";
		r->status = 404;
		r->ctype = "text/html; charset=utf-8";
		r->body = (unsigned char *)strdup(page);
		r->len = strlen(page);
		return;
	}
	mask_name(col_text(st, 5), holder, sizeof holder);
	if (html) {
		char buf[1024];
		int n = snprintf(
		    buf, sizeof buf,
		    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Verifikasi "
		    "Dokumen</title></head><body><h1>%s</h1><p>%s &middot; %s</p>"
		    "<p>Diterbitkan %s</p><p>SHA-256 %s</p></body></html>",
		    col_text(st, 1), col_text(st, 2), holder, col_text(st, 4), col_text(st, 3));
		r->status = 200;
		r->ctype = "text/html; charset=utf-8";
		r->body = (unsigned char *)strndup(buf, (size_t)n);
		r->len = r->body ? strlen((char *)r->body) : 0;
	} else {
		resp_json(r, 200,
		          json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", col_text(st, 0),
		                    "status", col_text(st, 1), "kind", col_text(st, 2), "sha256",
		                    col_text(st, 3), "issued_at", col_text(st, 4), "holder",
		                    holder));
	}
	sqlite3_finalize(st);
}

static void reservation_answer(sim_t *s, const char *print_id, int ttl, resp_t *r)
{
	resp_json(r, 201, json_pack("{s:s, s:i}", "print_id", print_id, "expires_in", ttl));
}

static void h_reserve(sim_t *s, struct MHD_Connection *conn, const char *id, req_t *rq, resp_t *r)
{
	char nik[17], pid[24], path[8];
	const char *key = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Idempotency-Key");
	json_t *j = NULL;
	json_int_t copies = 1;
	sqlite3_stmt *st = NULL;
	int64_t now = now_s();

	if (!auth(s, conn, nik))
		return unauthorized(r);
	if (!key || !*key || strlen(key) > 64)
		return resp_error(r, 400, "bad_request", "Idempotency-Key wajib ada.");
	j = body_json(rq);
	if (!j || json_unpack(j, "{s?I}", "copies", &copies) != 0 || copies < 1 || copies > 10) {
		json_decref(j);
		return resp_error(r, 400, "bad_request", "Permintaan tidak valid.");
	}
	json_decref(j);
	expire_reservations(s);
	st = prep(s, "SELECT print_id, expires-created FROM reservations WHERE idem_key=?");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		reservation_answer(s, col_text(st, 0), sqlite3_column_int(st, 1), r);
		sqlite3_finalize(st);
		return;
	}
	sqlite3_finalize(st);
	(void)path;
	st = prep(s, "SELECT d.status, d.adm_printable, d.prints_used, d.prints_allowed, "
	             "(SELECT coalesce(sum(copies),0) FROM reservations WHERE doc=d.id AND "
	             "state='open') FROM documents d JOIN applications a ON a.code=d.app WHERE "
	             "d.id=? AND a.nik=?");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, nik, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) {
		resp_error(r, 404, "not_found", "Dokumen tidak ditemukan.");
		goto out;
	}
	if (strcmp(col_text(st, 0), "AKTIF") != 0) {
		resp_error(r, 410, "document_inactive", "Dokumen sudah tidak aktif.");
		goto out;
	}
	if (!sqlite3_column_int(st, 1)) {
		resp_error(r, 403, "not_adm_printable",
		           "Dokumen ini tidak dapat dicetak di ADM. Silakan ambil di Dukcapil.");
		goto out;
	}
	if (sqlite3_column_type(st, 3) != SQLITE_NULL &&
	    sqlite3_column_int(st, 2) + sqlite3_column_int(st, 4) + copies >
	        sqlite3_column_int(st, 3)) {
		resp_error(r, 409, "quota_exhausted", "Jatah cetak dokumen ini sudah habis.");
		goto out;
	}
	sqlite3_finalize(st);
	char hexid[9];
	random_hex(hexid, 4);
	snprintf(pid, sizeof pid, "p-%s", hexid);
	st = prep(s, "INSERT INTO reservations(print_id,idem_key,doc,nik,copies,state,created,"
	             "expires) VALUES(?,?,?,?,?,'open',?,?)");
	sqlite3_bind_text(st, 1, pid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, nik, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, copies);
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_int64(st, 7, now + s->reservation_ttl);
	if (sqlite3_step(st) != SQLITE_DONE) {
		resp_error(r, 500, "server_error", "Gagal menyimpan.");
		goto out;
	}
	reservation_answer(s, pid, s->reservation_ttl, r);
out:
	sqlite3_finalize(st);
}

static void h_settle(sim_t *s, const char *pid, req_t *rq, resp_t *r, bool complete)
{
	sqlite3_stmt *st;
	json_t *j = body_json(rq);
	char state[16], doc[64];
	int copies;

	expire_reservations(s);
	st = prep(s, "SELECT state, doc, copies FROM reservations WHERE print_id=?");
	sqlite3_bind_text(st, 1, pid, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		json_decref(j);
		return resp_error(r, 404, "not_found", "Reservasi tidak ditemukan.");
	}
	snprintf(state, sizeof state, "%s", col_text(st, 0));
	snprintf(doc, sizeof doc, "%s", col_text(st, 1));
	copies = sqlite3_column_int(st, 2);
	sqlite3_finalize(st);

	st = prep(s, complete ? "UPDATE reservations SET complete_calls=complete_calls+1 WHERE "
	                        "print_id=?"
	                      : "UPDATE reservations SET release_calls=release_calls+1 WHERE "
	                        "print_id=?");
	sqlite3_bind_text(st, 1, pid, -1, SQLITE_TRANSIENT);
	sqlite3_step(st);
	sqlite3_finalize(st);

	/* A print finished after expiry still used paper: it counts. A completed
	 * print cannot be released, a released one is not completed: both are
	 * answered as they are (idempotent). */
	if (complete && (strcmp(state, "open") == 0 || strcmp(state, "expired") == 0)) {
		json_int_t pages = 0, job = 0;
		const char *printer = "";
		if (j)
			json_unpack(j, "{s?I, s?s, s?I}", "pages", &pages, "printer", &printer,
			            "job_id", &job);
		st = prep(s, "UPDATE reservations SET state='completed', pages=?, printer=?, "
		             "job_id=? WHERE print_id=?");
		sqlite3_bind_int64(st, 1, pages);
		sqlite3_bind_text(st, 2, printer, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, job);
		sqlite3_bind_text(st, 4, pid, -1, SQLITE_TRANSIENT);
		sqlite3_step(st);
		sqlite3_finalize(st);
		st = prep(s, "UPDATE documents SET prints_used=prints_used+? WHERE id=?");
		sqlite3_bind_int(st, 1, copies);
		sqlite3_bind_text(st, 2, doc, -1, SQLITE_TRANSIENT);
		sqlite3_step(st);
		sqlite3_finalize(st);
	} else if (!complete && strcmp(state, "open") == 0) {
		const char *reason = "";
		if (j)
			json_unpack(j, "{s?s}", "reason", &reason);
		st = prep(s, "UPDATE reservations SET state='released', reason=? WHERE print_id=?");
		sqlite3_bind_text(st, 1, reason, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, pid, -1, SQLITE_TRANSIENT);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	json_decref(j);
	if (!complete) {
		resp_json(r, 200, json_pack("{s:s}", "print_id", pid));
		return;
	}
	st = prep(s, "SELECT prints_used, prints_allowed FROM documents WHERE id=?");
	sqlite3_bind_text(st, 1, doc, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		resp_json(r, 200,
		          json_pack("{s:i, s:o}", "prints_used", sqlite3_column_int(st, 0),
		                    "prints_allowed",
		                    sqlite3_column_type(st, 1) == SQLITE_NULL
		                        ? json_null()
		                        : json_integer(sqlite3_column_int(st, 1))));
	else
		resp_error(r, 404, "not_found", "Dokumen tidak ditemukan.");
	sqlite3_finalize(st);
}

/* The kiosk id a request names (X-Kiosk-Id), "" if none. */
static const char *kiosk_of(struct MHD_Connection *conn)
{
	const char *k = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Kiosk-Id");
	return k ? k : "";
}

/* The print-log anchor (v1.1): the highest seq of KIOSK's uploaded events
 * with no gap below it, and that event's hash; NULL when nothing from seq 1
 * on is held, or for a v1 server. */
static json_t *log_head(sim_t *s, const char *kiosk)
{
	json_int_t want = 1;
	json_t *head = NULL;

	if (s->v1)
		return NULL;
	sqlite3_stmt *st = prep(s, "SELECT seq, hash FROM kiosk_log WHERE kiosk=? ORDER BY seq");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) == want) {
		json_decref(head);
		head = json_pack("{s:I, s:s}", "seq", want, "hash", col_text(st, 1));
		want++;
	}
	sqlite3_finalize(st);
	return head;
}

static void h_heartbeat(sim_t *s, struct MHD_Connection *conn, req_t *rq, resp_t *r)
{
	json_t *j = body_json(rq);
	char t[40];

	if (!j || !json_is_string(json_object_get(j, "kiosk_id"))) {
		json_decref(j);
		return resp_error(r, 400, "bad_request", "Heartbeat tidak valid.");
	}
	json_decref(j);
	sqlite3_stmt *st = prep(s, "INSERT INTO heartbeats VALUES(?,?)");
	sqlite3_bind_int64(st, 1, now_s());
	sqlite3_bind_text(st, 2, rq->body, (int)rq->len, SQLITE_TRANSIENT);
	sqlite3_step(st);
	sqlite3_finalize(st);
	wib_time(t, now_s());
	json_t *head = log_head(s, kiosk_of(conn));
	resp_json(r, 200,
	          head ? json_pack("{s:s, s:o}", "server_time", t, "log_head", head)
	               : json_pack("{s:s}", "server_time", t));
}

/* Keeps E's seq and hash in KIOSK's chain (for the anchor). Returns 1 when
 * KIOSK's seq was already held with another hash (a duplicate under a new
 * id: the fleet run counts these), else 0. */
static int keep_link(sim_t *s, const char *kiosk, const json_t *e)
{
	const json_t *seq = json_object_get(e, "seq"), *hash = json_object_get(e, "hash");
	if (!json_is_integer(seq) || !json_is_string(hash) || json_string_length(hash) != 64)
		return 0;
	sqlite3_stmt *st = prep(s, "INSERT OR IGNORE INTO kiosk_log VALUES(?,?,?)");
	sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, json_integer_value(seq));
	sqlite3_bind_text(st, 3, json_string_value(hash), -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (sqlite3_changes(s->db) > 0)
		return 0;
	int conflict = 0;
	st = prep(s, "SELECT hash FROM kiosk_log WHERE kiosk=? AND seq=?");
	sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, json_integer_value(seq));
	if (sqlite3_step(st) == SQLITE_ROW && strcmp(col_text(st, 0), json_string_value(hash)))
		conflict = 1;
	sqlite3_finalize(st);
	return conflict;
}

static void h_events(sim_t *s, struct MHD_Connection *conn, req_t *rq, resp_t *r)
{
	json_t *j = body_json(rq), *evs, *e;
	size_t i;

	evs = j ? json_object_get(j, "events") : NULL;
	if (!json_is_array(evs)) {
		json_decref(j);
		return resp_error(r, 400, "bad_request", "Daftar kejadian tidak valid.");
	}
	json_t *acc = json_array();
	/* One transaction per batch: a fleet's backlog is tens of thousands of
	 * rows, one fsync each would measure the disk, not the kiosks. */
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	json_array_foreach(evs, i, e)
	{
		const json_t *id = json_object_get(e, "id");
		if (!json_is_string(id) || json_string_length(id) > 64)
			continue;
		rq->ev_in++;
		char *txt = json_dumps(e, JSON_COMPACT);
		sqlite3_stmt *st = prep(s, "INSERT OR IGNORE INTO events VALUES(?,?,?,?,?)");
		sqlite3_bind_text(st, 1, json_string_value(id), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, json_integer_value(json_object_get(e, "seq")));
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(e, "type")), -1,
		                  SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, txt, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, now_s());
		if (sqlite3_step(st) == SQLITE_DONE)
			json_array_append_new(acc, json_string(json_string_value(id)));
		rq->ev_new += sqlite3_changes(s->db) > 0;
		sqlite3_finalize(st);
		free(txt);
		rq->ev_conflict += keep_link(s, kiosk_of(conn), e);
	}
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	json_decref(j);
	json_t *head = log_head(s, kiosk_of(conn));
	resp_json(r, 200,
	          head ? json_pack("{s:o, s:o}", "accepted", acc, "log_head", head)
	               : json_pack("{s:o}", "accepted", acc));
}

/* GET /log-head (v1.1); a v1 server does not have it. */
static void h_log_head(sim_t *s, struct MHD_Connection *conn, resp_t *r)
{
	if (s->v1)
		return resp_error(r, 404, "not_found", "Alamat tidak dikenal.");
	json_t *head = log_head(s, kiosk_of(conn));
	resp_json(r, 200, json_pack("{s:o}", "log_head", head ? head : json_null()));
}

static bool match(const char *url, const char *prefix, const char *suffix, char *id, size_t cap);

/* Login codes (v1.1, codes.c); a v1 server does not have them. */
static void h_codes(sim_t *s, ep_t ep, const char *id, resp_t *r)
{
	json_t *j = NULL;
	int status;

	if (s->v1)
		return resp_error(r, 404, "not_found", "Alamat tidak dikenal.");
	s->codes.db = s->db;
	if (ep == EP_CODE_NEW)
		status = sim_code_new(&s->codes, &j);
	else if (ep == EP_CODE_CLAIM)
		status = sim_code_claim(&s->codes, id, &j);
	else
		status = sim_code_poll(&s->codes, id, &j);
	resp_json(r, status, j);
	if (status == 503)
		r->retry_after = 3;
}

/* ---- admin -------------------------------------------------------------------------- */

/* The phone's side of login codes: POST /_admin/login-codes/{code}/confirm
 * and POST /_admin/login-codes (a code for the phone's QR). */
static void a_codes(sim_t *s, const char *url, req_t *rq, resp_t *r)
{
	char code[32];
	json_t *j = NULL;
	int status;

	s->codes.db = s->db;
	if (strcmp(url, "/_admin/login-codes") == 0)
		status = sim_code_issue(&s->codes, rq->body, rq->len, &j);
	else if (match(url, "/_admin/login-codes/", "/confirm", code, sizeof code))
		status = sim_code_confirm(&s->codes, code, rq->body, rq->len, &j);
	else
		return resp_error(r, 404, "not_found", "no such admin endpoint");
	resp_json(r, status, j);
}

static void a_state(sim_t *s, resp_t *r)
{
	json_t *res = json_array(), *evs = json_array(), *docs = json_array();
	json_t *last = json_null();
	int nhb = 0;
	sqlite3_stmt *st;

	expire_reservations(s);
	st = prep(s, "SELECT print_id, idem_key, doc, state, copies, complete_calls, "
	             "release_calls FROM reservations ORDER BY created, print_id");
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i}",
		                                     "print_id", col_text(st, 0), "idem_key",
		                                     col_text(st, 1), "document", col_text(st, 2),
		                                     "state", col_text(st, 3), "copies",
		                                     sqlite3_column_int(st, 4), "complete_calls",
		                                     sqlite3_column_int(st, 5), "release_calls",
		                                     sqlite3_column_int(st, 6)));
	sqlite3_finalize(st);
	st = prep(s, "SELECT id, seq, type FROM events ORDER BY seq");
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(evs, json_pack("{s:s, s:I, s:s}", "id", col_text(st, 0),
		                                     "seq", (json_int_t)sqlite3_column_int64(st, 1),
		                                     "type", col_text(st, 2)));
	sqlite3_finalize(st);
	st = prep(s, "SELECT id, status, prints_used, prints_allowed, adm_printable FROM documents "
	             "ORDER BY id");
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(docs,
		                      json_pack("{s:s, s:s, s:i, s:o, s:b}", "id", col_text(st, 0),
		                                "status", col_text(st, 1), "prints_used",
		                                sqlite3_column_int(st, 2), "prints_allowed",
		                                sqlite3_column_type(st, 3) == SQLITE_NULL
		                                    ? json_null()
		                                    : json_integer(sqlite3_column_int(st, 3)),
		                                "adm_printable", sqlite3_column_int(st, 4)));
	sqlite3_finalize(st);
	st = prep(s, "SELECT count(*), (SELECT body FROM heartbeats ORDER BY rowid DESC LIMIT 1) "
	             "FROM heartbeats");
	if (sqlite3_step(st) == SQLITE_ROW) {
		nhb = sqlite3_column_int(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			json_t *l = json_loads(col_text(st, 1), 0, NULL);
			if (l)
				last = l;
		}
	}
	sqlite3_finalize(st);
	resp_json(r, 200,
	          json_pack("{s:o, s:o, s:o, s:i, s:o, s:i}", "reservations", res, "events", evs,
	                    "documents", docs, "heartbeats", nhb, "last_heartbeat", last, "gzipped",
	                    atomic_load(&s->gzipped)));
}

static void a_fault(sim_t *s, req_t *rq, resp_t *r, bool clear)
{
	json_t *j;
	const char *ep = NULL, *kind = NULL;
	json_int_t arg = 0;
	int has_arg;
	ep_t e;
	fault_t f;

	if (clear) {
		memset(s->faults, 0, sizeof s->faults);
		return resp_json(r, 200, json_pack("{s:b}", "ok", 1));
	}
	j = body_json(rq);
	if (!j || json_unpack(j, "{s:s, s:s, s?I}", "endpoint", &ep, "kind", &kind, "arg", &arg) ||
	    arg < 0 || arg > 600000) {
		json_decref(j);
		return resp_error(r, 400, "bad_request", "{endpoint, kind, arg}");
	}
	has_arg = json_object_get(j, "arg") != NULL;
	if (fault_parse(ep, kind, (int)arg, has_arg, &e, &f) != 0) {
		json_decref(j);
		return resp_error(r, 400, "bad_request", "unknown endpoint or kind");
	}
	s->faults[e] = f;
	json_decref(j);
	resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void a_document(sim_t *s, req_t *rq, resp_t *r)
{
	json_t *j = body_json(rq);
	const char *id = NULL, *status = NULL;
	json_int_t used = -1;
	int printable = -1;
	sqlite3_stmt *st;

	if (!j || json_unpack(j, "{s:s, s?s, s?I, s?b}", "id", &id, "status", &status,
	                      "prints_used", &used, "adm_printable", &printable)) {
		json_decref(j);
		return resp_error(r, 400, "bad_request",
		                  "{id, status?, prints_used?, adm_printable?}");
	}
	st = prep(s, "UPDATE documents SET status=coalesce(?2,status), prints_used=CASE WHEN ?3<0 "
	             "THEN prints_used ELSE ?3 END, adm_printable=CASE WHEN ?4<0 THEN "
	             "adm_printable ELSE ?4 END WHERE id=?1");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, used);
	sqlite3_bind_int(st, 4, printable);
	sqlite3_step(st);
	sqlite3_finalize(st);
	json_decref(j);
	if (sqlite3_changes(s->db) == 0)
		return resp_error(r, 404, "not_found", "no such document");
	resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void a_exec(sim_t *s, const char *sql, resp_t *r)
{
	sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static bool is_loopback(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	if (!ci || !ci->client_addr)
		return false;
	if (ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *in =
		    (const struct sockaddr_in *)(const void *)ci->client_addr;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (ci->client_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)(const void *)ci->client_addr;
		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	return false;
}

/* ---- routing ------------------------------------------------------------------------ */

/* URL "/prefix{id}/suffix": copies id (plain characters, < cap) into ID. */
static bool match(const char *url, const char *prefix, const char *suffix, char *id, size_t cap)
{
	size_t pl = strlen(prefix), sl = strlen(suffix), ul = strlen(url);

	if (ul <= pl + sl || strncmp(url, prefix, pl) != 0 || strcmp(url + ul - sl, suffix) != 0)
		return false;
	size_t n = ul - pl - sl;
	if (n >= cap)
		return false;
	memcpy(id, url + pl, n);
	id[n] = '\0';
	return strchr(id, '/') == NULL;
}

/* mTLS as a production server does it (contract: "a server may refuse a
 * kiosk id that does not match the certificate"): the client certificate
 * must chain to the simulator's CA, be in its validity period, and name
 * the X-Kiosk-Id of the request as its CN. Fills R with the refusal. */
static bool client_cert_ok(struct MHD_Connection *conn, resp_t *r)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	gnutls_session_t tls = ci ? (gnutls_session_t)ci->tls_session : NULL;
	unsigned int n = 0, status = 0;
	const gnutls_datum_t *certs = tls ? gnutls_certificate_get_peers(tls, &n) : NULL;
	char cn[128] = "";
	size_t cnlen = sizeof cn - 1;
	gnutls_x509_crt_t crt = NULL;

	if (!certs || n == 0) {
		resp_error(r, 401, "kiosk_certificate_required",
		           "Mesin tidak mengirim sertifikat klien (mTLS).");
		return false;
	}
	if (gnutls_certificate_verify_peers2(tls, &status) != GNUTLS_E_SUCCESS || status) {
		bool expired = status & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED);
		resp_error(
		    r, 401, expired ? "kiosk_certificate_expired" : "kiosk_certificate_invalid",
		    expired ? "Sertifikat klien mesin sudah tidak berlaku."
		            : "Sertifikat klien mesin tidak diterbitkan oleh CA server ini.");
		return false;
	}
	if (gnutls_x509_crt_init(&crt) != GNUTLS_E_SUCCESS ||
	    gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) != GNUTLS_E_SUCCESS ||
	    gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &cnlen) !=
	        GNUTLS_E_SUCCESS)
		cn[0] = '\0';
	gnutls_x509_crt_deinit(crt);
	const char *kiosk = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Kiosk-Id");
	if (!kiosk || strcmp(kiosk, cn) != 0) {
		resp_error(r, 403, "kiosk_id_mismatch",
		           "X-Kiosk-Id tidak sama dengan nama pada sertifikat klien mesin.");
		return false;
	}
	return true;
}

static ep_t route(const char *m, const char *url, char *id, size_t cap)
{
	bool get = strcmp(m, "GET") == 0, post = strcmp(m, "POST") == 0;

	if (post && strcmp(url, "/api/v1/kiosk/sessions") == 0)
		return EP_LOGIN;
	if (strcmp(m, "DELETE") == 0 && strcmp(url, "/api/v1/kiosk/sessions/current") == 0)
		return EP_LOGOUT;
	if (get && strcmp(url, "/api/v1/kiosk/applications") == 0)
		return EP_LIST;
	if (get && match(url, "/api/v1/kiosk/documents/", "/file", id, cap))
		return EP_FILE;
	if (get && match(url, "/api/v1/verify/", "", id, cap))
		return EP_VERIFY;
	if (post && match(url, "/api/v1/kiosk/documents/", "/prints", id, cap))
		return EP_RESERVE;
	if (post && match(url, "/api/v1/kiosk/prints/", "/complete", id, cap))
		return EP_COMPLETE;
	if (post && match(url, "/api/v1/kiosk/prints/", "/release", id, cap))
		return EP_RELEASE;
	if (post && strcmp(url, "/api/v1/kiosk/heartbeat") == 0)
		return EP_HEARTBEAT;
	if (post && strcmp(url, "/api/v1/kiosk/events") == 0)
		return EP_EVENTS;
	if (get && strcmp(url, "/api/v1/kiosk/log-head") == 0)
		return EP_LOG_HEAD;
	if (post && strcmp(url, "/api/v1/kiosk/login-codes") == 0)
		return EP_CODE_NEW;
	if (post && match(url, "/api/v1/kiosk/login-codes/", "/claim", id, cap))
		return EP_CODE_CLAIM;
	if (get && match(url, "/api/v1/kiosk/login-codes/", "", id, cap))
		return EP_CODE_POLL;
	return EP_OTHER;
}

/* --request-log: "ARRIVED_MS ENDPOINT KIOSK STATUS EV_IN EV_NEW EV_CONFLICT"
 * per request (wall-clock ms, so runs across a restart line up). */
static void log_request(sim_t *s, struct MHD_Connection *conn, ep_t ep, const req_t *rq, int status)
{
	if (!s->request_log)
		return;
	const char *k = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Kiosk-Id");
	/* One fprintf is one locked write to the stream: lines never mix. */
	fprintf(s->request_log, "%lld %s %s %d %d %d %d\n", (long long)rq->arrived_ms,
	        ep < EP__COUNT ? ep_names[ep] : "other", k && *k ? k : "-", status, rq->ev_in,
	        rq->ev_new, rq->ev_conflict);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	sim_t *s = cls;
	req_t *rq = *con_cls;
	resp_t r = {0};
	char id[128];
	ep_t ep;
	fault_t f = {F_NONE, 0};

	if (!rq) {
		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &rq->t0);
		struct timespec wall;
		clock_gettime(CLOCK_REALTIME, &wall);
		rq->arrived_ms = (int64_t)wall.tv_sec * 1000 + wall.tv_nsec / 1000000;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size) {
		if (rq->len + *upload_size > BODY_MAX) {
			rq->toobig = true;
		} else {
			char *nb = realloc(rq->body, rq->len + *upload_size + 1);
			if (!nb)
				return MHD_NO;
			rq->body = nb;
			memcpy(rq->body + rq->len, upload, *upload_size);
			rq->len += *upload_size;
			rq->body[rq->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}
	clock_gettime(CLOCK_MONOTONIC, &rq->t0);
	ep = route(method, url, id, sizeof id);
	if (ep < EP__COUNT) {
		pthread_mutex_lock(&s->lock);
		f = s->faults[ep];
		pthread_mutex_unlock(&s->lock);
	}
	if (rq->toobig) {
		resp_error(&r, 413, "too_large", "Permintaan terlalu besar.");
		goto send;
	}
	if (s->require_cert && strncmp(url, "/api/", 5) == 0 && !client_cert_ok(conn, &r))
		goto send;
	if (f.kind == F_STATUS) {
		resp_error(&r, f.arg, f.arg == 429 ? "too_many_requests" : "server_error",
		           "Layanan sedang sibuk (simulasi).");
		if (f.arg == 429 || f.arg == 503)
			r.retry_after = 3;
		goto send;
	}
	pthread_mutex_lock(&s->lock);
	switch (ep) {
	case EP_LOGIN:
		h_login(s, rq, &r);
		break;
	case EP_LOGOUT:
		h_logout(s, conn, &r);
		break;
	case EP_LIST:
		h_list(s, conn, &r);
		break;
	case EP_FILE:
		h_file(s, conn, id, &r);
		break;
	case EP_VERIFY:
		h_verify(s, id, &r, false);
		break;
	case EP_RESERVE:
		h_reserve(s, conn, id, rq, &r);
		break;
	case EP_COMPLETE:
		h_settle(s, id, rq, &r, true);
		break;
	case EP_RELEASE:
		h_settle(s, id, rq, &r, false);
		break;
	case EP_HEARTBEAT:
		h_heartbeat(s, conn, rq, &r);
		break;
	case EP_EVENTS:
		h_events(s, conn, rq, &r);
		break;
	case EP_LOG_HEAD:
		h_log_head(s, conn, &r);
		break;
	case EP_CODE_NEW:
	case EP_CODE_POLL:
	case EP_CODE_CLAIM:
		h_codes(s, ep, id, &r);
		break;
	default:
		if (strcmp(method, "GET") == 0 && match(url, "/v/", "", id, sizeof id)) {
			h_verify(s, id, &r, true);
		} else if (strcmp(method, "GET") == 0 && strcmp(url, "/") == 0) {
			/* The verification site's start page: what the test
			 * page's QR opens (a technician's check that it answers). */
			static const char page[] =
			    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Verifikasi "
			    "Dokumen</title></head><body><h1>Verifikasi Dokumen Kependudukan</h1>"
			    "<p>Pindai kode QR pada dokumen untuk melihat "
			    "statusnya.</p></body></html>";
			r.status = 200;
			r.ctype = "text/html; charset=utf-8";
			r.body = (unsigned char *)strdup(page);
			r.len = r.body ? strlen(page) : 0;
		} else if (strncmp(url, "/_admin/", 8) == 0) {
			if (!is_loopback(conn))
				resp_error(&r, 403, "forbidden", "loopback only");
			else if (strcmp(url, "/_admin/state") == 0 && strcmp(method, "GET") == 0)
				a_state(s, &r);
			else if (strcmp(url, "/_admin/fault") == 0)
				a_fault(s, rq, &r, strcmp(method, "DELETE") == 0);
			else if (strcmp(url, "/_admin/document") == 0)
				a_document(s, rq, &r);
			else if (strcmp(url, "/_admin/reset-attempts") == 0)
				a_exec(s, "DELETE FROM attempts", &r);
			else if (strcmp(url, "/_admin/expire-sessions") == 0)
				a_exec(s, "DELETE FROM sessions", &r);
			else if (strncmp(url, "/_admin/login-codes", 19) == 0)
				a_codes(s, url, rq, &r);
			else
				resp_error(&r, 404, "not_found", "no such admin endpoint");
		} else {
			resp_error(&r, 404, "not_found", "Alamat tidak dikenal.");
		}
		break;
	}
	pthread_mutex_unlock(&s->lock);
send:;
	log_request(s, conn, ep, rq, r.status);
	enum MHD_Result ret = send_resp(s, conn, ep, &r, rq);
	free(r.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	req_t *rq = *con_cls;

	if (rq) {
		free(rq->body);
		free(rq);
	}
	*con_cls = NULL;
}

/* ---- TLS files ------------------------------------------------------------------------- */

static bool file_exists(const char *dir, const char *name)
{
	char p[1024];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return access(p, R_OK) == 0;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
	char p[1024];
	FILE *f;
	char *buf = NULL;
	long n;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	f = fopen(p, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < 16 * 1024 * 1024 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			if (len)
				*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* One key + certificate signed by the CA; EXT is the x509v3 extension text. */
static int gen_leaf(const char *dir, const char *name, const char *cn, const char *ext)
{
	char key[1024], csr[1024], crt[1024], extf[1024], ca[1024], cakey[1024], subj[256];
	FILE *f;
	int rc;

	snprintf(key, sizeof key, "%s/%s.key", dir, name);
	snprintf(csr, sizeof csr, "%s/%s.csr", dir, name);
	snprintf(crt, sizeof crt, "%s/%s.pem", dir, name);
	snprintf(extf, sizeof extf, "%s/%s.ext", dir, name);
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	snprintf(cakey, sizeof cakey, "%s/ca.key", dir);
	snprintf(subj, sizeof subj, "/O=ADM Simulator/CN=%s", cn);
	f = fopen(extf, "w");
	if (!f || fputs(ext, f) < 0 || fclose(f) != 0)
		return -1;
	const char *const req[] = {"openssl",
	                           "req",
	                           "-new",
	                           "-newkey",
	                           "ec",
	                           "-pkeyopt",
	                           "ec_paramgen_curve:prime256v1",
	                           "-nodes",
	                           "-keyout",
	                           key,
	                           "-out",
	                           csr,
	                           "-subj",
	                           subj,
	                           NULL};
	const char *const sign[] = {"openssl", "x509", "-req",    "-in",      csr,
	                            "-CA",     ca,     "-CAkey",  cakey,      "-CAcreateserial",
	                            "-days",   "3650", "-sha256", "-extfile", extf,
	                            "-out",    crt,    NULL};
	rc = sim_run(req) || sim_run(sign) ? -1 : 0;
	unlink(csr);
	unlink(extf);
	return rc;
}

static int gen_tls(const char *dir)
{
	char ca[1024], cakey[1024], key[1024], der[1024], pin[1024];
	unsigned char md[32], b64[64];
	size_t dlen = 0;
	char *d;
	FILE *f;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	if (file_exists(dir, "ca.pem") && file_exists(dir, "server.pem") &&
	    file_exists(dir, "server.key") && file_exists(dir, "kiosk.pem") &&
	    file_exists(dir, "server.pin"))
		return 0;
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	snprintf(cakey, sizeof cakey, "%s/ca.key", dir);
	const char *const mkca[] = {"openssl",
	                            "req",
	                            "-x509",
	                            "-newkey",
	                            "ec",
	                            "-pkeyopt",
	                            "ec_paramgen_curve:prime256v1",
	                            "-nodes",
	                            "-keyout",
	                            cakey,
	                            "-out",
	                            ca,
	                            "-days",
	                            "3650",
	                            "-subj",
	                            "/O=ADM Simulator/CN=ADM Simulator Root CA",
	                            NULL};
	if (sim_run(mkca) != 0 ||
	    gen_leaf(dir, "server", "localhost",
	             "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n"
	             "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n") != 0 ||
	    gen_leaf(dir, "kiosk", "ADM-1610-001",
	             "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n") != 0)
		return -1;
	/* The pin curl expects: sha256 of the DER SubjectPublicKeyInfo, base64. */
	snprintf(key, sizeof key, "%s/server.key", dir);
	snprintf(der, sizeof der, "%s/server.pub.der", dir);
	const char *const pub[] = {"openssl",  "pkey", "-in",  key, "-pubout",
	                           "-outform", "DER",  "-out", der, NULL};
	if (sim_run(pub) != 0 || !(d = slurp(dir, "server.pub.der", &dlen)))
		return -1;
	EVP_Digest(d, dlen, md, NULL, EVP_sha256(), NULL);
	free(d);
	EVP_EncodeBlock(b64, md, 32);
	snprintf(pin, sizeof pin, "%s/server.pin", dir);
	f = fopen(pin, "w");
	if (!f || fprintf(f, "sha256//%s\n", b64) < 0 || fclose(f) != 0)
		return -1;
	return 0;
}

/* ---- main ------------------------------------------------------------------------------ */

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: adm-central-sim --port P --tls-dir DIR --data DIR [--seed] [--big-docs]\n"
	    "         [--port-file F] [--verify-host H] [--reservation-ttl S] [--session-ttl S]\n"
	    "         [--page-size N] [--fault EP=KIND[:ARG]]... [--v1] [--require-client-cert]\n"
	    "         [--code-ttl S] [--code-poll S] [--request-log F] [--keepalive-s S]\n"
	    "       adm-central-sim --demo-credentials\n"
	    "       adm-central-sim --tls-dir DIR --tls-only\n");
}

static int citizens_count(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int n = 0;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM citizens", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int main(int argc, char **argv)
{
	sim_t s = {.reservation_ttl = 900,
	           .session_ttl = SESSION_TTL,
	           .page_size = 10,
	           .codes = {.ttl_s = 120, .poll_s = 2},
	           .keepalive_s = 30};
	const char *tls_dir = NULL, *data = NULL, *port_file = NULL, *verify_host = NULL;
	const char *request_log = NULL;
	bool seed = false, big = false, tls_only = false;
	long port = -1, v;
	char *key = NULL, *cert = NULL, *ca = NULL, dbpath[1024], host[300];
	struct MHD_Daemon *d = NULL;
	sigset_t sigs;
	int sig, rc = 1;

	pthread_mutex_init(&s.lock, NULL);
	atomic_init(&s.stopping, false);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--demo-credentials") == 0) {
			for (size_t k = 0; k < sim_ndemos; k++)
				printf("%s %s %s\n", sim_demos[k].nik, sim_demos[k].password,
				       sim_demos[k].shows);
			return 0;
		} else if (strcmp(a, "--seed") == 0) {
			seed = true;
		} else if (strcmp(a, "--v1") == 0) {
			s.v1 = true;
		} else if (strcmp(a, "--require-client-cert") == 0) {
			s.require_cert = true;
		} else if (strcmp(a, "--big-docs") == 0) {
			big = true;
		} else if (strcmp(a, "--tls-only") == 0) {
			tls_only = true;
		} else if (!val) {
			usage();
			return 2;
		} else if (strcmp(a, "--port") == 0 && parse_int(val, 0, 65535, &port)) {
			i++;
		} else if (strcmp(a, "--tls-dir") == 0) {
			tls_dir = argv[++i];
		} else if (strcmp(a, "--data") == 0) {
			data = argv[++i];
		} else if (strcmp(a, "--port-file") == 0) {
			port_file = argv[++i];
		} else if (strcmp(a, "--verify-host") == 0) {
			verify_host = argv[++i];
		} else if (strcmp(a, "--reservation-ttl") == 0 && parse_int(val, 1, 86400, &v)) {
			s.reservation_ttl = (int)v;
			i++;
		} else if (strcmp(a, "--session-ttl") == 0 && parse_int(val, 1, 86400, &v)) {
			s.session_ttl = (int)v;
			i++;
		} else if (strcmp(a, "--code-ttl") == 0 && parse_int(val, 1, 3600, &v)) {
			s.codes.ttl_s = (int)v;
			i++;
		} else if (strcmp(a, "--code-poll") == 0 && parse_int(val, 1, 60, &v)) {
			s.codes.poll_s = (int)v;
			i++;
		} else if (strcmp(a, "--page-size") == 0 && parse_int(val, 1, 50, &v)) {
			s.page_size = (int)v;
			i++;
		} else if (strcmp(a, "--fault") == 0 && fault_from_arg(&s, val) == 0) {
			i++;
		} else if (strcmp(a, "--keepalive-s") == 0 && parse_int(val, 1, 3600, &v)) {
			s.keepalive_s = (unsigned)v;
			i++;
		} else if (strcmp(a, "--request-log") == 0) {
			request_log = argv[++i];
		} else {
			fprintf(stderr, "adm-central-sim: bad argument: %s %s\n", a, val);
			usage();
			return 2;
		}
	}
	if (!tls_dir || (!tls_only && (port < 0 || !data))) {
		usage();
		return 2;
	}
	if (sodium_init() < 0 || gen_tls(tls_dir) != 0) {
		fprintf(stderr, "adm-central-sim: cannot prepare TLS files in %s\n", tls_dir);
		return 1;
	}
	if (tls_only)
		return 0;
	key = slurp(tls_dir, "server.key", NULL);
	cert = slurp(tls_dir, "server.pem", NULL);
	ca = slurp(tls_dir, "ca.pem", NULL);
	if (!key || !cert || !ca)
		goto out;
	if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
		fprintf(stderr, "adm-central-sim: libmicrohttpd without TLS\n");
		goto out;
	}
	if (mkdir(data, 0700) != 0 && errno != EEXIST)
		goto out;
	if (request_log) {
		s.request_log = fopen(request_log, "a");
		if (!s.request_log) {
			fprintf(stderr, "adm-central-sim: cannot append to %s\n", request_log);
			goto out;
		}
		setvbuf(s.request_log, NULL, _IOLBF, 0);
	}
	snprintf(dbpath, sizeof dbpath, "%s/sim.db", data);
	if (sqlite3_open(dbpath, &s.db) != SQLITE_OK || sim_db_schema(s.db) != 0) {
		fprintf(stderr, "adm-central-sim: %s: %s\n", dbpath, sqlite3_errmsg(s.db));
		goto out;
	}
	sqlite3_busy_timeout(s.db, 5000);

	/* Block the stop signals before MHD starts threads; main waits for them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* Hold the lock until seeded so that no request sees a half-built DB. */
	pthread_mutex_lock(&s.lock);
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	                         MHD_USE_TLS | MHD_USE_ERROR_LOG,
	                     0, NULL, NULL, on_request, &s, MHD_OPTION_SOCK_ADDR, &sa,
	                     MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_HTTPS_MEM_CERT, cert,
	                     MHD_OPTION_HTTPS_MEM_TRUST, ca, MHD_OPTION_NOTIFY_COMPLETED,
	                     on_completed, &s, MHD_OPTION_CONNECTION_TIMEOUT, s.keepalive_s,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(4 * 1024 * 1024),
	                     MHD_OPTION_END);
	if (!d) {
		pthread_mutex_unlock(&s.lock);
		fprintf(stderr, "adm-central-sim: cannot listen on 127.0.0.1:%ld\n", port);
		goto out;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	port = di ? di->port : port;
	if (!verify_host) {
		snprintf(host, sizeof host, "localhost:%ld", port);
		verify_host = host;
	}
	s.codes.url_host = verify_host;
	s.codes.session_ttl = s.session_ttl;
	if ((seed || citizens_count(s.db) == 0) && sim_seed(s.db, data, verify_host, big) != 0) {
		pthread_mutex_unlock(&s.lock);
		fprintf(stderr, "adm-central-sim: seeding failed\n");
		goto out;
	}
	pthread_mutex_unlock(&s.lock);
	if (port_file) {
		FILE *pf = fopen(port_file, "w");
		if (!pf || fprintf(pf, "%ld\n", port) < 0 || fclose(pf) != 0)
			goto out;
	}
	printf("PORT %ld\nREADY\n", port);
	fflush(stdout);
	while (sigwait(&sigs, &sig) != 0)
		;
	rc = 0;
out:
	atomic_store(&s.stopping, true);
	if (d)
		MHD_stop_daemon(d);
	if (s.db)
		sqlite3_close(s.db);
	if (s.request_log)
		fclose(s.request_log);
	free(key);
	free(cert);
	free(ca);
	pthread_mutex_destroy(&s.lock);
	/* Font caches from the PDF seeding: released so leak checkers stay quiet. */
	cairo_debug_reset_static_data();
	FcFini();
	return rc;
}
