/*
 * test_net.c — the central-server client against the real simulator over
 * HTTPS on loopback: every endpoint, every contract error, every fault mode,
 * TLS failures, idempotency, expiry, download checks and the document QR.
 *
 * Starts $KIO_BUILD/adm-central-sim --port 0 in a temp dir, waits for READY,
 * and kills it at the end. Short timeouts keep the whole run well under 60 s.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>

#include "core/config.h"
#include "core/uuid.h"
#include "net/client.h"

#define BUDI "1610011203850001"
#define SITI "1610025507900002"
#define AHMAD "1610030101800003"
#define DEWI "1610044408920004"
#define RUDI "1610051506750005"

typedef struct fx {
	char dir[64];
	char tls[128], other_tls[128], data[128];
	pid_t pid;
	int port;
	char pin[128];
} fx_t;

/* ---- simulator process ------------------------------------------------------- */

static const char *build_dir(void)
{
	const char *b = getenv("KIO_BUILD");
	return b && *b ? b : "build";
}

static int sim_start(fx_t *f, bool seed)
{
	char exe[512], line[128];
	int fds[2];
	size_t used = 0;

	snprintf(exe, sizeof exe, "%s/adm-central-sim", build_dir());
	if (pipe(fds) != 0)
		return -1;
	f->pid = fork();
	if (f->pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(exe, exe, "--port", "0", "--tls-dir", f->tls, "--data", f->data,
		      "--reservation-ttl", "2", seed ? "--seed" : "--page-size", seed ? NULL : "10",
		      (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f->port = 0;
	/* Read "PORT n" and "READY" within 20 s (first start generates certs). */
	for (int waited = 0; waited < 20000;) {
		struct pollfd p = {fds[0], POLLIN, 0};
		if (poll(&p, 1, 200) <= 0) {
			waited += 200;
			continue;
		}
		ssize_t n = read(fds[0], line + used, sizeof line - 1 - used);
		if (n <= 0)
			break;
		used += (size_t)n;
		line[used] = '\0';
		char *pp = strstr(line, "PORT ");
		if (pp)
			f->port = (int)strtol(pp + 5, NULL, 10);
		if (strstr(line, "READY")) {
			close(fds[0]);
			return f->port > 0 ? 0 : -1;
		}
	}
	close(fds[0]);
	return -1;
}

static void sim_stop(fx_t *f)
{
	int st;

	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		for (int i = 0; i < 50; i++) {
			if (waitpid(f->pid, &st, WNOHANG) == f->pid) {
				f->pid = 0;
				return;
			}
			usleep(100000);
		}
		kill(f->pid, SIGKILL);
		waitpid(f->pid, &st, 0);
		f->pid = 0;
	}
}

static int run_cmd(const char *cmd)
{
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int setup(void **state)
{
	static fx_t f;
	char cmd[512];
	FILE *pf;

	snprintf(f.dir, sizeof f.dir, "/tmp/test_net.XXXXXX");
	if (!mkdtemp(f.dir))
		return -1;
	snprintf(f.tls, sizeof f.tls, "%s/tls", f.dir);
	snprintf(f.other_tls, sizeof f.other_tls, "%s/other-tls", f.dir);
	snprintf(f.data, sizeof f.data, "%s/data", f.dir);
	snprintf(cmd, sizeof cmd, "%s/adm-central-sim --tls-dir %s --tls-only 2>/dev/null",
	         build_dir(), f.other_tls);
	if (run_cmd(cmd) != 0 || sim_start(&f, true) != 0)
		return -1;
	snprintf(cmd, sizeof cmd, "%s/server.pin", f.tls);
	pf = fopen(cmd, "r");
	if (!pf || !fgets(f.pin, sizeof f.pin, pf))
		return -1;
	fclose(pf);
	f.pin[strcspn(f.pin, "\n")] = '\0';
	curl_global_init(CURL_GLOBAL_DEFAULT);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	fx_t *f = *state;
	char cmd[256];

	sim_stop(f);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	run_cmd(cmd);
	curl_global_cleanup();
	return 0;
}

/* ---- helpers ------------------------------------------------------------------- */

/* KIO_TEST_TIME_SCALE (valgrind runs: 10) stretches every timeout and every
 * "ended within" bound alike, so the assertions keep their meaning. */
static int scale(void)
{
	const char *s = getenv("KIO_TEST_TIME_SCALE");
	long v = s ? strtol(s, NULL, 10) : 1;
	return v >= 1 && v <= 100 ? (int)v : 1;
}

static void config(const fx_t *f, kio_config_t *cfg)
{
	kio_config_defaults(cfg);
	snprintf(cfg->server_url, sizeof cfg->server_url, "https://127.0.0.1:%d", f->port);
	snprintf(cfg->ca_bundle, sizeof cfg->ca_bundle, "%s/ca.pem", f->tls);
	snprintf(cfg->client_cert, sizeof cfg->client_cert, "%s/kiosk.pem", f->tls);
	snprintf(cfg->client_key, sizeof cfg->client_key, "%s/kiosk.key", f->tls);
	snprintf(cfg->kiosk_id, sizeof cfg->kiosk_id, "ADM-1610-001");
	cfg->connect_timeout_s = 2 * scale();
	cfg->request_timeout_s = 1 * scale();
	cfg->download_min_speed = 2000;
	cfg->download_min_speed_s = 1 * scale();
	cfg->allow_plain_http = false;
}

static kio_client_t *client(const fx_t *f)
{
	kio_config_t cfg;
	kio_client_t *c = NULL;

	config(f, &cfg);
	assert_int_equal(kio_client_new(&cfg, &c), KIO_OK);
	return c;
}

static void login(kio_client_t *c, const char *nik, const char *pw)
{
	kio_citizen_t cit;
	kio_api_error_t e;
	assert_int_equal(kio_client_login(c, nik, pw, &cit, &e), KIO_OK);
	assert_true(kio_client_has_session(c));
}

static size_t sink(char *d, size_t s, size_t n, void *ud)
{
	json_t **out = ud;
	json_error_t je;
	if (!*out)
		*out = json_loadb(d, s * n, JSON_DISABLE_EOF_CHECK, &je);
	return s * n;
}

/* Admin API call; returns the JSON answer (caller decrefs) or NULL. */
static json_t *admin(const fx_t *f, const char *method, const char *path, const char *body)
{
	char url[256], ca[256];
	json_t *out = NULL;
	CURL *h = curl_easy_init();
	struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/json");

	snprintf(url, sizeof url, "https://127.0.0.1:%d%s", f->port, path);
	snprintf(ca, sizeof ca, "%s/ca.pem", f->tls);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CAINFO, ca);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	if (body)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
	assert_int_equal(curl_easy_perform(h), CURLE_OK);
	curl_slist_free_all(hd);
	curl_easy_cleanup(h);
	return out;
}

static void fault(const fx_t *f, const char *ep, const char *kind, int arg)
{
	char body[160];
	snprintf(body, sizeof body, "{\"endpoint\":\"%s\",\"kind\":\"%s\",\"arg\":%d}", ep, kind,
	         arg);
	json_decref(admin(f, "POST", "/_admin/fault", body));
}

static void clear_faults(const fx_t *f)
{
	json_decref(admin(f, "DELETE", "/_admin/fault", NULL));
}

/* The reservation with IDEM_KEY in /_admin/state (borrowed from STATE). */
static json_t *reservation(json_t *state, const char *key, int *count)
{
	json_t *r, *found = NULL;
	size_t i;

	*count = 0;
	json_array_foreach(json_object_get(state, "reservations"), i, r)
	{
		if (strcmp(json_string_value(json_object_get(r, "idem_key")), key) == 0) {
			found = r;
			(*count)++;
		}
	}
	return found;
}

/* Finds document ID in a listing of NIK's first page(s). */
static bool find_doc(kio_client_t *c, const char *id, kio_document_t *out)
{
	kio_app_page_t *p = malloc(sizeof *p);
	kio_api_error_t e;
	bool found = false;

	for (int page = 1; page && !found;) {
		assert_int_equal(kio_client_list(c, page, p, &e), KIO_OK);
		for (int a = 0; a < p->napps; a++)
			for (int d = 0; d < p->apps[a].ndocs; d++)
				if (strcmp(p->apps[a].docs[d].id, id) == 0) {
					*out = p->apps[a].docs[d];
					found = true;
				}
		page = p->next_page;
	}
	free(p);
	return found;
}

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* ---- tests ------------------------------------------------------------------------- */

static void test_login_errors(void **state)
{
	fx_t *f = *state;
	kio_client_t *c = client(f);
	kio_citizen_t cit;
	kio_api_error_t e;

	static const struct {
		const char *nik, *pw;
		int status;
		kio_api_code_t kind;
	} cases[] = {
	    {"0000000000000000", "x", 400, KIO_API_E_INVALID_NIK},
	    {BUDI, "salah", 401, KIO_API_E_INVALID_CREDENTIALS},
	    {"1610019912990001", "x", 400, KIO_API_E_INVALID_NIK},
	    {SITI, "siti1234", 403, KIO_API_E_NOT_VERIFIED},
	    {AHMAD, "ahmad1234", 423, KIO_API_E_LOCKED},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(kio_client_login(c, cases[i].nik, cases[i].pw, &cit, &e),
		                 KIO_ERR_API);
		assert_int_equal(e.http_status, cases[i].status);
		assert_int_equal(e.kind, cases[i].kind);
		assert_false(kio_client_has_session(c));
	}
	assert_string_equal(e.code, "locked");
	assert_string_equal(kio_api_error_key(KIO_API_E_INVALID_CREDENTIALS),
	                    "api.invalid_credentials");
	/* a NIK of the wrong length never leaves the kiosk */
	assert_int_equal(kio_client_login(c, "123", "x", &cit, &e), KIO_ERR_NIK);

	/* 5 failures in 10 minutes, then 429 too_many_attempts with Retry-After */
	for (int i = 0; i < 5; i++)
		assert_int_equal(kio_client_login(c, RUDI, "wrong", &cit, &e), KIO_ERR_API);
	assert_int_equal(kio_client_login(c, RUDI, "rudi1234", &cit, &e), KIO_ERR_NET_BUSY);
	assert_int_equal(e.http_status, 429);
	assert_int_equal(e.kind, KIO_API_E_TOO_MANY_ATTEMPTS);
	assert_true(e.retry_after_s > 0 && e.retry_after_s <= 600);
	json_decref(admin(f, "POST", "/_admin/reset-attempts", "{}"));
	login(c, RUDI, "rudi1234");
	kio_client_free(c);
}

static void test_list_and_paging(void **state)
{
	fx_t *f = *state;
	kio_client_t *c = client(f);
	kio_app_page_t *p = malloc(sizeof *p);
	kio_api_error_t e;
	kio_citizen_t cit;

	/* no session: 401 from the server */
	assert_int_equal(kio_client_list(c, 1, p, &e), KIO_ERR_API);
	assert_int_equal(e.http_status, 401);

	assert_int_equal(kio_client_login(c, BUDI, "budi1234", &cit, &e), KIO_OK);
	assert_string_equal(cit.name, "BUDI SANTOSO");
	assert_string_equal(cit.nik_masked, "1610**********01");
	assert_int_equal(kio_client_list(c, 1, p, &e), KIO_OK);
	assert_int_equal(p->napps, 3); /* the Diproses one is not "selesai" */
	assert_int_equal(p->next_page, 0);
	assert_string_equal(p->apps[0].docs[0].kind, "KK");
	assert_string_equal(p->apps[1].docs[0].kind, "AKTA_LAHIR");
	assert_string_equal(p->apps[2].docs[0].kind, "AKTA_MATI");
	assert_int_equal(kio_client_logout(c), KIO_OK);
	assert_false(kio_client_has_session(c));
	assert_int_equal(kio_client_logout(c), KIO_OK);

	login(c, RUDI, "rudi1234");
	json_t *st = admin(f, "GET", "/_admin/state", NULL);
	json_int_t gz0 = json_integer_value(json_object_get(st, "gzipped"));
	json_decref(st);
	int total = 0, pages = 0;
	for (int page = 1; page; page = p->next_page, pages++) {
		assert_int_equal(kio_client_list(c, page, p, &e), KIO_OK);
		total += p->napps;
	}
	assert_int_equal(total, 25);
	assert_int_equal(pages, 3);
	/* contract v1.1: the lists came gzip'd (the client asked) and parsed */
	st = admin(f, "GET", "/_admin/state", NULL);
	assert_true(json_integer_value(json_object_get(st, "gzipped")) >= gz0 + 3);
	json_decref(st);
	assert_int_equal(kio_client_list(c, 0, p, &e), KIO_ERR_INVAL);
	kio_client_free(c);
	free(p);
}

static void test_verify(void **state)
{
	fx_t *f = *state;
	kio_client_t *c = client(f);
	kio_verify_t v;
	kio_api_error_t e;

	assert_int_equal(kio_client_verify(c, "b1000001", &v, &e), KIO_OK);
	assert_int_equal(v.status, KIO_DOC_AKTIF);
	assert_string_equal(v.kind, "KK");
	assert_string_equal(v.holder, "B*** S******");
	assert_int_equal(strlen(v.sha256), 64);
	assert_int_equal(kio_client_verify(c, "d2000001", &v, &e), KIO_OK);
	assert_int_equal(v.status, KIO_DOC_TIDAK_AKTIF);
	assert_int_equal(kio_client_verify(c, "nope0000", &v, &e), KIO_ERR_API);
	assert_int_equal(e.http_status, 404);
	assert_int_equal(e.kind, KIO_API_E_NOT_FOUND);
	assert_int_equal(kio_client_verify(c, "../etc", &v, &e), KIO_ERR_INVAL);

	kio_check_report_t r;
	assert_int_equal(kio_client_check(c, &r), KIO_OK);
	assert_true(r.api.reached && r.tls.reached);
	assert_int_equal(r.http_status, 404);
	assert_true(r.tls.us >= r.tcp.us && r.api.us >= r.tls.us);
	kio_timing_t t;
	kio_client_last_timing(c, &t);
	assert_true(t.total_us > 0);
	kio_client_free(c);
}

/* Login codes (v1.1) through the real client and simulator: pending until the
 * phone confirms, then a session exactly once; a claimed phone code; the
 * account's refusals. */
static void test_login_codes(void **state)
{
	fx_t *f = *state;
	kio_client_t *c = client(f);
	kio_login_code_t lc;
	kio_api_error_t e;
	kio_citizen_t cit;
	bool pending = false;
	int left = 0;
	char path[96], body[96];

	assert_int_equal(kio_client_login_code_new(c, &lc, &e), KIO_OK);
	assert_true(kio_api_login_code_ok(lc.code));
	assert_non_null(strstr(lc.url, lc.code));
	assert_int_equal(lc.poll_s, 2);
	assert_int_equal(lc.expires_in, 120);
	assert_int_equal(kio_client_login_code_poll(c, lc.code, &pending, &left, &cit, &e), KIO_OK);
	assert_true(pending);
	assert_true(left > 0 && left <= 120);
	assert_false(kio_client_has_session(c));
	snprintf(path, sizeof path, "/_admin/login-codes/%s/confirm", lc.code);
	json_decref(admin(f, "POST", path, "{\"nik\":\"" BUDI "\"}"));
	assert_int_equal(kio_client_login_code_poll(c, lc.code, &pending, &left, &cit, &e), KIO_OK);
	assert_false(pending);
	assert_string_equal(cit.name, "BUDI SANTOSO");
	assert_true(kio_client_has_session(c));
	kio_app_page_t *page = calloc(1, sizeof *page);
	assert_int_equal(kio_client_list(c, 1, page, &e), KIO_OK); /* the token works */
	free(page);
	assert_int_equal(kio_client_logout(c), KIO_OK);
	/* Once only. */
	assert_int_equal(kio_client_login_code_poll(c, lc.code, &pending, &left, &cit, &e),
	                 KIO_ERR_API);
	assert_int_equal(e.http_status, 410);
	assert_string_equal(e.code, "expired");
	/* A locked account's confirmation: 423 locked, no session. */
	assert_int_equal(kio_client_login_code_new(c, &lc, &e), KIO_OK);
	snprintf(path, sizeof path, "/_admin/login-codes/%s/confirm", lc.code);
	json_decref(admin(f, "POST", path, "{\"nik\":\"" AHMAD "\"}"));
	assert_int_equal(kio_client_login_code_poll(c, lc.code, &pending, &left, &cit, &e),
	                 KIO_ERR_API);
	assert_string_equal(e.code, "locked");
	assert_false(kio_client_has_session(c));
	/* A code the phone shows, claimed by the kiosk's scanner. */
	snprintf(body, sizeof body, "{\"nik\":\"%s\"}", DEWI);
	json_t *pc = admin(f, "POST", "/_admin/login-codes", body);
	assert_non_null(pc);
	const char *code = json_string_value(json_object_get(pc, "code"));
	assert_non_null(code);
	assert_int_equal(kio_client_login_code_claim(c, code, &cit, &e), KIO_OK);
	assert_string_equal(cit.name, "DEWI LESTARI");
	assert_int_equal(kio_client_logout(c), KIO_OK);
	assert_int_equal(kio_client_login_code_claim(c, code, &cit, &e), KIO_ERR_API);
	assert_int_equal(e.http_status, 410);
	json_decref(pc);
	/* Codes never go into a path unchecked. */
	assert_int_equal(kio_client_login_code_claim(c, "../x12", &cit, &e), KIO_ERR_INVAL);
	assert_int_equal(kio_client_login_code_poll(c, "12345", &pending, &left, &cit, &e),
	                 KIO_ERR_INVAL);
	kio_client_free(c);
}

static void progress(void *ctx, uint64_t done, uint64_t total)
{
	int *calls = ctx;
	assert_true(done <= total);
	(*calls)++;
}

static void test_download(void **state)
{
	fx_t *f = *state;
	kio_client_t *c = client(f);
	kio_document_t d;
	kio_docbuf_t buf;
	kio_api_error_t e;
	int calls = 0;

	login(c, BUDI, "budi1234");
	assert_true(find_doc(c, "b1000001", &d));
	assert_int_equal(kio_client_download(c, &d, &buf, progress, &calls, &e), KIO_OK);
	assert_int_equal(buf.len, d.size);
	assert_memory_equal(buf.data, "%PDF-", 5);
	assert_true(calls > 0);
	kio_docbuf_free(&buf);
	assert_null(buf.data);
	kio_docbuf_free(&buf);

	kio_document_t wrong = d;
	wrong.size = d.size - 1; /* server sends more than listed */
	assert_int_equal(kio_client_download(c, &wrong, &buf, NULL, NULL, &e), KIO_ERR_DOC_SIZE);
	assert_null(buf.data);
	wrong.size = d.size + 1; /* less than listed */
	assert_int_equal(kio_client_download(c, &wrong, &buf, NULL, NULL, &e), KIO_ERR_DOC_SIZE);
	wrong = d;
	wrong.sha256[0] = wrong.sha256[0] == '0' ? '1' : '0';
	assert_int_equal(kio_client_download(c, &wrong, &buf, NULL, NULL, &e), KIO_ERR_DOC_HASH);

	/* another citizen's document is not found */
	snprintf(wrong.id, sizeof wrong.id, "d2000005");
	assert_int_equal(kio_client_download(c, &wrong, &buf, NULL, NULL, &e), KIO_ERR_API);
	assert_int_equal(e.kind, KIO_API_E_NOT_FOUND);

	assert_int_equal(kio_client_logout(c), KIO_OK);
	login(c, DEWI, "dewi1234");
	assert_true(find_doc(c, "d2000002", &d)); /* file does not match its sha256 */
	assert_int_equal(kio_client_download(c, &d, &buf, NULL, NULL, &e), KIO_ERR_DOC_HASH);
	kio_client_free(c);
}

static void test_qr(void **state)
{
	fx_t *f = *state;
	kio_client_t *c = client(f);
	kio_document_t d;
	kio_docbuf_t buf;
	kio_api_error_t e;
	char path[256], cmd[768], want[128], got[256] = "";

	login(c, BUDI, "budi1234");
	assert_true(find_doc(c, "b1000002", &d));
	assert_int_equal(kio_client_download(c, &d, &buf, NULL, NULL, &e), KIO_OK);
	snprintf(path, sizeof path, "%s/doc.pdf", f->dir);
	FILE *pf = fopen(path, "wb");
	assert_non_null(pf);
	assert_int_equal(fwrite(buf.data, 1, buf.len, pf), buf.len);
	fclose(pf);
	kio_docbuf_free(&buf);
	snprintf(cmd, sizeof cmd,
	         "pdftoppm -r 150 -png -singlefile %s %s/page && zbarimg -q --raw %s/page.png",
	         path, f->dir, f->dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	if (!fgets(got, sizeof got, p))
		got[0] = '\0';
	pclose(p);
	got[strcspn(got, "\n")] = '\0';
	snprintf(want, sizeof want, "https://localhost:%d/v/b1000002", f->port);
	assert_string_equal(got, want);
	kio_client_free(c);
}

static void test_print_flow(void **state)
{
	fx_t *f = *state;
	kio_client_t *c = client(f);
	kio_reservation_t r, r2;
	kio_completion_t done;
	kio_api_error_t e;
	json_t *st, *res;
	int n;

	login(c, DEWI, "dewi1234");
	static const struct {
		const char *doc;
		int status;
		kio_api_code_t kind;
	} refused[] = {
	    {"d2000001", 410, KIO_API_E_DOCUMENT_INACTIVE},
	    {"d2000003", 409, KIO_API_E_QUOTA_EXHAUSTED},
	    {"d2000004", 403, KIO_API_E_NOT_ADM_PRINTABLE},
	    {"b1000001", 404, KIO_API_E_NOT_FOUND},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		assert_int_equal(kio_client_reserve(c, refused[i].doc, "k-refused", 1, &r, &e),
		                 KIO_ERR_API);
		assert_int_equal(e.http_status, refused[i].status);
		assert_int_equal(e.kind, refused[i].kind);
	}
	assert_int_equal(kio_client_logout(c), KIO_OK);

	login(c, BUDI, "budi1234");
	/* same key twice: one reservation, same answer */
	assert_int_equal(kio_client_reserve(c, "b1000001", "key-1", 1, &r, &e), KIO_OK);
	assert_int_equal(kio_client_reserve(c, "b1000001", "key-1", 1, &r2, &e), KIO_OK);
	assert_string_equal(r.print_id, r2.print_id);
	assert_int_equal(r.expires_in, 2);
	/* the open reservation holds the only credit */
	assert_int_equal(kio_client_reserve(c, "b1000001", "key-2", 1, &r2, &e), KIO_ERR_API);
	assert_int_equal(e.kind, KIO_API_E_QUOTA_EXHAUSTED);
	/* release twice: idempotent; the credit is back */
	assert_int_equal(kio_client_release(c, r.print_id, "media-empty", &e), KIO_OK);
	assert_int_equal(kio_client_release(c, r.print_id, "media-empty", &e), KIO_OK);
	st = admin(f, "GET", "/_admin/state", NULL);
	res = reservation(st, "key-1", &n);
	assert_int_equal(n, 1);
	assert_string_equal(json_string_value(json_object_get(res, "state")), "released");
	assert_int_equal(json_integer_value(json_object_get(res, "release_calls")), 2);
	json_decref(st);

	/* reserve, complete twice: one print counted */
	assert_int_equal(kio_client_reserve(c, "b1000001", "key-3", 1, &r, &e), KIO_OK);
	assert_int_equal(kio_client_complete(c, r.print_id, 1, "ADM-HVS", 42, &done, &e), KIO_OK);
	assert_int_equal(done.prints_used, 1);
	assert_int_equal(done.prints_allowed, 1);
	/* settling works without a session (crash recovery) */
	assert_int_equal(kio_client_logout(c), KIO_OK);
	assert_int_equal(kio_client_complete(c, r.print_id, 1, "ADM-HVS", 42, &done, &e), KIO_OK);
	assert_int_equal(done.prints_used, 1);
	assert_int_equal(kio_client_complete(c, "p-none", 1, "ADM-HVS", 42, &done, &e),
	                 KIO_ERR_API);
	assert_int_equal(e.kind, KIO_API_E_NOT_FOUND);
	st = admin(f, "GET", "/_admin/state", NULL);
	res = reservation(st, "key-3", &n);
	assert_string_equal(json_string_value(json_object_get(res, "state")), "completed");
	assert_int_equal(json_integer_value(json_object_get(res, "complete_calls")), 2);
	json_decref(st);

	/* expiry returns the credit (TTL 2 s) */
	login(c, BUDI, "budi1234");
	assert_int_equal(kio_client_reserve(c, "b1000003", "key-4", 1, &r, &e), KIO_OK);
	assert_int_equal(kio_client_reserve(c, "b1000003", "key-5", 1, &r, &e), KIO_OK);
	assert_int_equal(kio_client_reserve(c, "b1000003", "key-6", 1, &r, &e), KIO_ERR_API);
	assert_int_equal(e.kind, KIO_API_E_QUOTA_EXHAUSTED);
	sleep(3);
	assert_int_equal(kio_client_reserve(c, "b1000003", "key-6", 1, &r, &e), KIO_OK);
	st = admin(f, "GET", "/_admin/state", NULL);
	assert_string_equal(
	    json_string_value(json_object_get(reservation(st, "key-4", &n), "state")), "expired");
	json_decref(st);

	/* a document made TIDAK AKTIF between listing and printing */
	json_decref(admin(f, "POST", "/_admin/document",
	                  "{\"id\":\"b1000002\",\"status\":\"TIDAK AKTIF\"}"));
	assert_int_equal(kio_client_reserve(c, "b1000002", "key-7", 1, &r, &e), KIO_ERR_API);
	assert_int_equal(e.kind, KIO_API_E_DOCUMENT_INACTIVE);
	json_decref(
	    admin(f, "POST", "/_admin/document", "{\"id\":\"b1000002\",\"status\":\"AKTIF\"}"));
	assert_int_equal(kio_client_reserve(c, "b1000002", "bad key!", 1, &r, &e), KIO_ERR_INVAL);
	kio_client_free(c);
}

static void test_heartbeat_events(void **state)
{
	fx_t *f = *state;
	kio_client_t *c = client(f);
	kio_heartbeat_t hb = {.version = "1.0.0",
	                      .uptime_s = 3600,
	                      .printer_name = "ADM-HVS",
	                      .printer_state = "idle",
	                      .pages_total = 1234};
	char t[KIO_TIME_MAX];
	kio_api_error_t e;
	kio_event_t ev[3];
	char acc[3][KIO_UUID_BUF];
	int n;

	kio_log_head_t head;
	assert_int_equal(kio_client_heartbeat(c, &hb, t, &head, &e), KIO_OK);
	assert_int_equal(strlen(t), 25);
	assert_int_equal(head.seq, 0); /* nothing uploaded yet */
	assert_int_equal(kio_client_log_head(c, &head, &e), KIO_OK);
	assert_int_equal(head.seq, 0);
	memset(ev, 0, sizeof ev);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(kio_uuid4(ev[i].id), KIO_OK);
		ev[i].seq = 100 + i;
		snprintf(ev[i].at, sizeof ev[i].at, "2026-11-24T09:16:02+07:00");
		snprintf(ev[i].type, sizeof ev[i].type, "print.completed");
		ev[i].pages = 1;
		ev[i].job_id = 42;
	}
	assert_int_equal(kio_client_upload_events(c, ev, 3, acc, &n, &e), KIO_OK);
	assert_int_equal(n, 3);
	assert_string_equal(acc[2], ev[2].id);
	/* a resent batch is accepted again and not duplicated */
	assert_int_equal(kio_client_upload_events(c, ev, 3, acc, &n, &e), KIO_OK);
	assert_int_equal(n, 3);
	json_t *st = admin(f, "GET", "/_admin/state", NULL);
	size_t i;
	json_t *x;
	int seen = 0;
	json_array_foreach(json_object_get(st, "events"), i, x) seen +=
	    strcmp(json_string_value(json_object_get(x, "id")), ev[0].id) == 0;
	assert_int_equal(seen, 1);
	assert_true(json_integer_value(json_object_get(st, "heartbeats")) >= 1);
	json_decref(st);

	/* Print-log anchor (v1.1): the server holds seq 1..2 with no gap (seq 4
	 * alone does not extend it) and answers with seq 2's hash. */
	kio_event_t ch[3];
	memset(ch, 0, sizeof ch);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(kio_uuid4(ch[k].id), KIO_OK);
		ch[k].seq = k == 2 ? 4 : k + 1;
		snprintf(ch[k].at, sizeof ch[k].at, "2026-11-24T09:16:02+07:00");
		snprintf(ch[k].type, sizeof ch[k].type, "kiosk.started");
		ch[k].pages = ch[k].job_id = -1;
		memset(ch[k].hash, 'a' + k, 64);
	}
	assert_int_equal(kio_client_upload_events(c, ch, 3, acc, &n, &e), KIO_OK);
	assert_int_equal(kio_client_heartbeat(c, &hb, t, &head, &e), KIO_OK);
	assert_int_equal(head.seq, 2);
	assert_string_equal(head.hash, ch[1].hash);
	memset(&head, 0, sizeof head);
	assert_int_equal(kio_client_log_head(c, &head, &e), KIO_OK);
	assert_int_equal(head.seq, 2);
	assert_string_equal(head.hash, ch[1].hash);
	kio_client_free(c);
}

/* Runs endpoint EP once against the client; returns its result. */
static kio_err_t call_ep(kio_client_t *c, const char *ep, const char *pid, kio_api_error_t *e)
{
	static const kio_heartbeat_t hb = {.version = "1.0.0", .printer_state = "idle"};
	kio_app_page_t *p;
	kio_verify_t v;
	kio_reservation_t r;
	kio_completion_t d;
	kio_citizen_t cit;
	kio_event_t ev = {.id = "4b1c0000-0000-4000-8000-00000000000f", .type = "kiosk.started"};
	char acc[1][KIO_UUID_BUF], t[KIO_TIME_MAX], key[KIO_UUID_BUF];
	kio_log_head_t lh;
	int n;
	kio_err_t rc;

	if (strcmp(ep, "login") == 0)
		return kio_client_login(c, BUDI, "budi1234", &cit, e);
	if (strcmp(ep, "list") == 0) {
		p = malloc(sizeof *p);
		rc = kio_client_list(c, 1, p, e);
		free(p);
		return rc;
	}
	if (strcmp(ep, "verify") == 0)
		return kio_client_verify(c, "b1000001", &v, e);
	if (strcmp(ep, "reserve") == 0) {
		assert_int_equal(kio_uuid4(key), KIO_OK);
		return kio_client_reserve(c, "d2000005", key, 1, &r, e);
	}
	if (strcmp(ep, "complete") == 0)
		return kio_client_complete(c, pid, 1, "ADM-HVS", 1, &d, e);
	if (strcmp(ep, "release") == 0)
		return kio_client_release(c, pid, "x", e);
	if (strcmp(ep, "heartbeat") == 0)
		return kio_client_heartbeat(c, &hb, t, &lh, e);
	if (strcmp(ep, "events") == 0)
		return kio_client_upload_events(c, &ev, 1, acc, &n, e);
	fail_msg("unknown endpoint %s", ep);
	return KIO_ERR_INTERNAL;
}

static void test_faults(void **state)
{
	fx_t *f = *state;
	kio_client_t *c = client(f);
	kio_api_error_t e;
	static const char *const eps[] = {"login",    "list",    "verify",    "reserve",
	                                  "complete", "release", "heartbeat", "events"};
	static const struct {
		const char *kind;
		int arg;
		kio_err_t want;
	} kinds[] = {
	    {"status", 503, KIO_ERR_NET_BUSY},
	    {"status", 500, KIO_ERR_NET_SERVER},
	    {"garbage", 0, KIO_ERR_NET_PROTOCOL},
	    {"truncated", 0, KIO_ERR_NET_PROTOCOL},
	    {"ctype", 0, KIO_ERR_NET_PROTOCOL},
	    {"oversize", 0, KIO_ERR_NET_TOOBIG},
	    {"reset", 0, KIO_ERR_NET_RESET},
	    /* ~2 kB of gzip inflating to 2 MiB: the limit is on the inflated body */
	    {"gzipbomb", 0, KIO_ERR_NET_TOOBIG},
	};

	login(c, DEWI, "dewi1234");
	/* complete/release need a real reservation to answer 200 */
	kio_reservation_t pid;
	assert_int_equal(kio_client_reserve(c, "d2000005", "fault-key", 1, &pid, &e), KIO_OK);
	for (size_t i = 0; i < sizeof eps / sizeof eps[0]; i++) {
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			fault(f, eps[i], kinds[k].kind, kinds[k].arg);
			int64_t t0 = now_ms();
			kio_err_t rc = call_ep(c, eps[i], pid.print_id, &e);
			kio_err_t want = kinds[k].want;
			/* release's 200 has no body in the contract: it is not parsed */
			if (strcmp(eps[i], "release") == 0 &&
			    (strcmp(kinds[k].kind, "garbage") == 0 ||
			     strcmp(kinds[k].kind, "truncated") == 0))
				want = KIO_OK;
			if (rc != want)
				fail_msg("%s %s: got %s, want %s", eps[i], kinds[k].kind,
				         kio_err_name(rc), kio_err_name(want));
			assert_true(now_ms() - t0 < 3000 * scale());
			if (want == KIO_ERR_NET_BUSY)
				assert_int_equal(e.retry_after_s, 3);
			clear_faults(f);
		}
		if (strcmp(eps[i], "login") == 0)
			login(c, DEWI, "dewi1234"); /* login replaced the session */
	}
	/* slow modes, on one JSON endpoint each: bounded by request_timeout_s */
	static const struct {
		const char *ep, *kind;
		int arg;
	} slow[] = {{"list", "delay", 2500}, {"verify", "trickle", 20}};
	for (size_t i = 0; i < sizeof slow / sizeof slow[0]; i++) {
		fault(f, slow[i].ep, slow[i].kind,
		      strcmp(slow[i].kind, "delay") ? (slow[i].arg + scale() - 1) / scale()
		                                    : slow[i].arg * scale());
		int64_t t0 = now_ms();
		assert_int_equal(call_ep(c, slow[i].ep, pid.print_id, &e), KIO_ERR_NET_TIMEOUT);
		assert_true(now_ms() - t0 < 2500 * scale());
		clear_faults(f);
	}
	/* logout: the token goes locally whatever happens */
	fault(f, "logout", "status", 500);
	assert_int_equal(kio_client_logout(c), KIO_ERR_NET_SERVER);
	assert_false(kio_client_has_session(c));
	clear_faults(f);

	/* the document endpoint */
	kio_document_t d;
	kio_docbuf_t buf;
	login(c, DEWI, "dewi1234");
	assert_true(find_doc(c, "d2000005", &d));
	static const struct {
		const char *kind;
		int arg;
		kio_err_t want;
	} fk[] = {
	    {"garbage", 0, KIO_ERR_DOC_NOT_PDF},  {"truncated", 0, KIO_ERR_DOC_SIZE},
	    {"oversize", 0, KIO_ERR_DOC_SIZE},    {"ctype", 0, KIO_ERR_NET_PROTOCOL},
	    {"reset", 0, KIO_ERR_NET_RESET},      {"status", 503, KIO_ERR_NET_BUSY},
	    {"status", 502, KIO_ERR_NET_SERVER},  {"trickle", 200, KIO_ERR_NET_TIMEOUT},
	    {"delay", 4000, KIO_ERR_NET_TIMEOUT},
	};
	for (size_t k = 0; k < sizeof fk / sizeof fk[0]; k++) {
		fault(f, "file", fk[k].kind,
		      strcmp(fk[k].kind, "delay") ? fk[k].arg : fk[k].arg * scale());
		int64_t t0 = now_ms();
		kio_err_t rc = kio_client_download(c, &d, &buf, NULL, NULL, &e);
		if (rc != fk[k].want)
			fail_msg("file %s: got %s, want %s", fk[k].kind, kio_err_name(rc),
			         kio_err_name(fk[k].want));
		assert_null(buf.data);
		assert_true(now_ms() - t0 < 4000 * scale());
		clear_faults(f);
	}
	assert_int_equal(kio_client_download(c, &d, &buf, NULL, NULL, &e), KIO_OK);
	kio_docbuf_free(&buf);
	kio_client_free(c);
}

typedef struct canceller {
	kio_client_t *c;
	int after_ms;
} canceller_t;

static void *cancel_later(void *arg)
{
	canceller_t *cn = arg;
	usleep((useconds_t)cn->after_ms * 1000);
	kio_client_cancel(cn->c);
	return NULL;
}

static void test_cancel(void **state)
{
	fx_t *f = *state;
	kio_config_t cfg;
	kio_client_t *c = NULL;
	kio_app_page_t *p = malloc(sizeof *p);
	kio_api_error_t e;
	pthread_t th;

	config(f, &cfg);
	cfg.request_timeout_s = 10 * scale();
	assert_int_equal(kio_client_new(&cfg, &c), KIO_OK);
	login(c, BUDI, "budi1234");
	fault(f, "list", "delay", 5000);
	canceller_t cn = {c, 200};
	pthread_create(&th, NULL, cancel_later, &cn);
	int64_t t0 = now_ms();
	assert_int_equal(kio_client_list(c, 1, p, &e), KIO_ERR_CANCELED);
	assert_true(now_ms() - t0 < 1500 * scale());
	pthread_join(th, NULL);
	/* stays cancelled until reset */
	assert_int_equal(kio_client_list(c, 1, p, &e), KIO_ERR_CANCELED);
	clear_faults(f);
	kio_client_reset_cancel(c);
	assert_int_equal(kio_client_list(c, 1, p, &e), KIO_OK);
	kio_client_free(c);
	free(p);
}

static void test_tls(void **state)
{
	fx_t *f = *state;
	kio_config_t cfg;
	kio_client_t *c = NULL;
	kio_verify_t v;
	kio_api_error_t e;
	kio_check_report_t r;

	/* server certificate from another CA */
	config(f, &cfg);
	snprintf(cfg.ca_bundle, sizeof cfg.ca_bundle, "%s/ca.pem", f->other_tls);
	assert_int_equal(kio_client_new(&cfg, &c), KIO_OK);
	assert_int_equal(kio_client_verify(c, "b1000001", &v, &e), KIO_ERR_NET_TLS);
	assert_int_equal(kio_client_check(c, &r), KIO_ERR_NET_TLS);
	assert_true(r.tcp.reached && r.tcp.result == KIO_OK);
	assert_int_equal(r.tls.result, KIO_ERR_NET_TLS);
	assert_false(r.api.reached);
	kio_client_free(c);

	/* right CA, wrong pin; then the right pin */
	config(f, &cfg);
	snprintf(cfg.pinned_pubkey, sizeof cfg.pinned_pubkey,
	         "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
	assert_int_equal(kio_client_new(&cfg, &c), KIO_OK);
	assert_int_equal(kio_client_verify(c, "b1000001", &v, &e), KIO_ERR_NET_PIN);
	kio_client_free(c);
	snprintf(cfg.pinned_pubkey, sizeof cfg.pinned_pubkey, "%s", f->pin);
	assert_int_equal(kio_client_new(&cfg, &c), KIO_OK);
	assert_int_equal(kio_client_verify(c, "b1000001", &v, &e), KIO_OK);
	kio_client_free(c);

	/* plain http refused before any connection, unless the dev flag is set */
	config(f, &cfg);
	snprintf(cfg.server_url, sizeof cfg.server_url, "http://127.0.0.1:%d", f->port);
	c = (kio_client_t *)&cfg; /* must be reset to NULL */
	assert_int_equal(kio_client_new(&cfg, &c), KIO_ERR_NET_INSECURE);
	assert_null(c);
	cfg.allow_plain_http = true;
	assert_int_equal(kio_client_new(&cfg, &c), KIO_OK);
	/* an http client speaking to a TLS port gets no HTTP answer */
	kio_err_t rc = kio_client_verify(c, "b1000001", &v, &e);
	assert_true(rc == KIO_ERR_NET_RESET || rc == KIO_ERR_NET_PROTOCOL);
	kio_client_free(c);

	/* nothing listening: NET_CONNECT, stage tcp */
	config(f, &cfg);
	snprintf(cfg.server_url, sizeof cfg.server_url, "https://127.0.0.1:1");
	assert_int_equal(kio_client_new(&cfg, &c), KIO_OK);
	assert_int_equal(kio_client_verify(c, "b1000001", &v, &e), KIO_ERR_NET_CONNECT);
	assert_int_equal(kio_client_check(c, &r), KIO_ERR_NET_CONNECT);
	assert_true(r.dns.reached && r.dns.result == KIO_OK);
	assert_int_equal(r.tcp.result, KIO_ERR_NET_CONNECT);
	kio_client_free(c);

	/* a name that cannot resolve (RFC 6761 .invalid) */
	snprintf(cfg.server_url, sizeof cfg.server_url, "https://kiosk.invalid");
	assert_int_equal(kio_client_new(&cfg, &c), KIO_OK);
	assert_int_equal(kio_client_verify(c, "b1000001", &v, &e), KIO_ERR_NET_DNS);
	kio_client_free(c);
}

static void test_restart_persists(void **state)
{
	fx_t *f = *state;
	kio_client_t *c;
	kio_reservation_t r;
	kio_api_error_t e;
	int n;

	c = client(f);
	login(c, DEWI, "dewi1234");
	assert_int_equal(kio_client_reserve(c, "d2000005", "persist-1", 1, &r, &e), KIO_OK);
	kio_client_free(c);
	sim_stop(f);
	assert_int_equal(sim_start(f, false), 0);
	json_t *st = admin(f, "GET", "/_admin/state", NULL);
	json_t *res = reservation(st, "persist-1", &n);
	assert_non_null(res);
	assert_string_equal(json_string_value(json_object_get(res, "print_id")), r.print_id);
	json_decref(st);
	/* the same key after the restart still gives the same answer */
	c = client(f);
	login(c, DEWI, "dewi1234");
	kio_reservation_t r2;
	assert_int_equal(kio_client_reserve(c, "d2000005", "persist-1", 1, &r2, &e), KIO_OK);
	assert_string_equal(r.print_id, r2.print_id);
	kio_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_login_errors), cmocka_unit_test(test_list_and_paging),
	    cmocka_unit_test(test_verify),       cmocka_unit_test(test_login_codes),
	    cmocka_unit_test(test_download),     cmocka_unit_test(test_qr),
	    cmocka_unit_test(test_print_flow),   cmocka_unit_test(test_heartbeat_events),
	    cmocka_unit_test(test_faults),       cmocka_unit_test(test_cancel),
	    cmocka_unit_test(test_tls),          cmocka_unit_test(test_restart_persists),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
