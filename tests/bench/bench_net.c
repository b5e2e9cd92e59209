/*
 * bench_net.c — the central-server client on loopback against adm-central-sim:
 * login round trip, a 25-application listing, download + SHA-256 check of
 * 1 MB and 10 MB documents, and the client's own overhead per request
 * (wall time of the call minus the server's X-Sim-Handling-Us).
 *
 * Prints BENCH<TAB>name<TAB>value<TAB>unit<TAB>target<TAB>yes|no rows.
 * Needs $KIO_BUILD/adm-central-sim (default build/).
 */
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/config.h"
#include "net/client.h"

#define BENCH_NIK "1610060202020006"
#define RUDI "1610051506750005"

enum { ROUNDS = 30, OVERHEAD_ROUNDS = 300 };

typedef struct sim {
	char dir[64];
	pid_t pid;
	int port;
} sim_t;

static int64_t now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int64_t median(int64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp64);
	return v[n / 2];
}

static void row(const char *name, double value, const char *unit, const char *target, bool ok)
{
	printf("BENCH\t%s\t%.2f\t%s\t%s\t%s\n", name, value, unit, target, ok ? "yes" : "no");
}

static int sim_start(sim_t *s)
{
	const char *b = getenv("KIO_BUILD");
	char exe[512], tls[128], data[128], buf[128];
	int fds[2];
	size_t used = 0;

	snprintf(s->dir, sizeof s->dir, "/tmp/bench_net.XXXXXX");
	if (!mkdtemp(s->dir) || pipe(fds) != 0)
		return -1;
	snprintf(exe, sizeof exe, "%s/adm-central-sim", b && *b ? b : "build");
	snprintf(tls, sizeof tls, "%s/tls", s->dir);
	snprintf(data, sizeof data, "%s/data", s->dir);
	s->pid = fork();
	if (s->pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(exe, exe, "--port", "0", "--tls-dir", tls, "--data", data, "--seed",
		      "--big-docs", "--page-size", "50", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	for (int waited = 0; waited < 60000;) {
		struct pollfd p = {fds[0], POLLIN, 0};
		if (poll(&p, 1, 200) <= 0) {
			waited += 200;
			continue;
		}
		ssize_t n = read(fds[0], buf + used, sizeof buf - 1 - used);
		if (n <= 0)
			break;
		used += (size_t)n;
		buf[used] = '\0';
		char *pp = strstr(buf, "PORT ");
		if (pp)
			s->port = (int)strtol(pp + 5, NULL, 10);
		if (strstr(buf, "READY")) {
			close(fds[0]);
			return s->port > 0 ? 0 : -1;
		}
	}
	close(fds[0]);
	return -1;
}

static void sim_stop(sim_t *s)
{
	char cmd[128];
	int st;

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, &st, 0);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_net: cannot remove %s\n", s->dir);
}

/* Best-of and median MB/s of downloading + checking document ID. */
static int bench_download(kio_client_t *c, const kio_document_t *d, double *mbps)
{
	int64_t best = INT64_MAX;
	kio_docbuf_t buf;
	kio_api_error_t e;

	for (int i = 0; i < 8; i++) {
		int64_t t0 = now_us();
		if (kio_client_download(c, d, &buf, NULL, NULL, &e) != KIO_OK)
			return -1;
		int64_t dt = now_us() - t0;
		kio_docbuf_free(&buf);
		if (dt < best)
			best = dt;
	}
	*mbps = (double)d->size / (double)best; /* bytes/us == MB/s */
	return 0;
}

int main(void)
{
	sim_t s = {0};
	kio_config_t cfg;
	kio_client_t *c = NULL;
	kio_citizen_t cit;
	kio_api_error_t e;
	kio_app_page_t *page = malloc(sizeof *page);
	int64_t t[OVERHEAD_ROUNDS];
	int rc = 1;

	if (!page || sim_start(&s) != 0) {
		fprintf(stderr, "bench_net: simulator did not start\n");
		goto out;
	}
	kio_config_defaults(&cfg);
	snprintf(cfg.server_url, sizeof cfg.server_url, "https://127.0.0.1:%d", s.port);
	snprintf(cfg.ca_bundle, sizeof cfg.ca_bundle, "%s/tls/ca.pem", s.dir);
	snprintf(cfg.kiosk_id, sizeof cfg.kiosk_id, "ADM-1610-001");
	if (kio_client_new(&cfg, &c) != KIO_OK)
		goto out;

	/* login round trip (warm connection, argon2 MIN limits in the sim) */
	for (int i = 0; i < ROUNDS; i++) {
		int64_t t0 = now_us();
		if (kio_client_login(c, RUDI, "rudi1234", &cit, &e) != KIO_OK)
			goto out;
		t[i] = now_us() - t0;
	}
	double ms = (double)median(t, ROUNDS) / 1000.0;
	row("net.login_roundtrip", ms, "ms", "< 20 ms", ms < 20);

	/* one page holding all 25 applications */
	for (int i = 0; i < ROUNDS; i++) {
		int64_t t0 = now_us();
		if (kio_client_list(c, 1, page, &e) != KIO_OK || page->napps != 25)
			goto out;
		t[i] = now_us() - t0;
	}
	ms = (double)median(t, ROUNDS) / 1000.0;
	row("net.list_25_applications", ms, "ms", "< 20 ms", ms < 20);

	/* client overhead: wall time of a call minus the server's handling time */
	kio_verify_t v;
	for (int i = 0; i < OVERHEAD_ROUNDS; i++) {
		int64_t t0 = now_us();
		if (kio_client_verify(c, "b1000001", &v, &e) != KIO_OK)
			goto out;
		int64_t srv = kio_client_last_server_us(c);
		t[i] = now_us() - t0 - (srv > 0 ? srv : 0);
	}
	ms = (double)median(t, OVERHEAD_ROUNDS) / 1000.0;
	row("net.client_overhead", ms, "ms/request", "< 2 ms", ms < 2);

	/* downloads */
	if (kio_client_login(c, BENCH_NIK, "bench1234", &cit, &e) != KIO_OK ||
	    kio_client_list(c, 1, page, &e) != KIO_OK || page->napps != 2)
		goto out;
	double mbps;
	if (bench_download(c, &page->apps[0].docs[0], &mbps) != 0)
		goto out;
	row("net.download_verify_1MB", mbps, "MB/s", ">= 1000 MB/s", mbps >= 1000);
	if (bench_download(c, &page->apps[1].docs[0], &mbps) != 0)
		goto out;
	row("net.download_verify_10MB", mbps, "MB/s", ">= 1000 MB/s", mbps >= 1000);

	/* The client's own share of a download (copy out of curl's buffer +
	 * streamed SHA-256 + compare), without TLS and the server: shows whether
	 * a miss above is the client or the loopback peer. */
	{
		const kio_document_t *big = &page->apps[1].docs[0];
		kio_docbuf_t buf;
		unsigned char *copy = malloc(big->size);
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int mdlen;
		int64_t best = INT64_MAX;
		if (!copy || kio_client_download(c, big, &buf, NULL, NULL, &e) != KIO_OK) {
			free(copy);
			goto out;
		}
		for (int i = 0; i < 8; i++) {
			int64_t t0 = now_us();
			EVP_MD_CTX *m = EVP_MD_CTX_new();
			EVP_DigestInit_ex(m, EVP_sha256(), NULL);
			for (uint64_t off = 0; off < buf.len; off += 131072) {
				size_t n =
				    buf.len - off < 131072 ? (size_t)(buf.len - off) : 131072;
				memcpy(copy + off, buf.data + off, n);
				EVP_DigestUpdate(m, copy + off, n);
			}
			EVP_DigestFinal_ex(m, md, &mdlen);
			EVP_MD_CTX_free(m);
			int64_t dt = now_us() - t0;
			if (dt < best)
				best = dt;
		}
		kio_docbuf_free(&buf);
		free(copy);
		mbps = (double)big->size / (double)best;
		row("net.client_copy_hash_10MB", mbps, "MB/s", ">= 1000 MB/s", mbps >= 1000);
	}
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "bench_net: failed (%s)\n", e.code);
	kio_client_free(c);
	sim_stop(&s);
	free(page);
	return rc;
}
