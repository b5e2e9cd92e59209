/*
 * targets.h — one entry point per parser that reads outside data. Shared by
 * the libFuzzer binaries (fuzz_main.c, clang) and the regression test that
 * replays every corpus file in the normal suite (test_fuzz_regress.c, gcc).
 * Each target also checks a property beyond "no crash".
 */
#ifndef KIO_FUZZ_TARGETS_H
#define KIO_FUZZ_TARGETS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/config.h"
#include "core/nik.h"
#include "core/scan.h"
#include "kiosk/script.h"
#include "net/api.h"

/* Property violated: abort so both libFuzzer and cmocka report it. */
#define KIO_FUZZ_CHECK(cond)                                                                       \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz property failed: %s (%s:%d)\n", #cond, __FILE__,     \
			        __LINE__);                                                         \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static inline int kio_fuzz_terminated(const char *s, size_t cap)
{
	return memchr(s, 0, cap) != NULL;
}

static inline void kio_fuzz_api_login(const uint8_t *d, size_t n)
{
	kio_login_t out;
	if (kio_api_parse_login((const char *)d, n, &out) == KIO_OK) {
		KIO_FUZZ_CHECK(kio_fuzz_terminated(out.token, sizeof out.token));
		KIO_FUZZ_CHECK(out.token[0] != 0);
		KIO_FUZZ_CHECK(kio_fuzz_terminated(out.citizen.name, sizeof out.citizen.name));
	}
}

static inline void kio_fuzz_api_apps(const uint8_t *d, size_t n)
{
	kio_app_page_t *out = malloc(sizeof *out);
	if (!out)
		return;
	if (kio_api_parse_apps((const char *)d, n, out) == KIO_OK) {
		KIO_FUZZ_CHECK(out->napps >= 0 && out->napps <= KIO_APPS_PER_PAGE_MAX);
		KIO_FUZZ_CHECK(out->next_page >= 0);
		for (int a = 0; a < out->napps; a++) {
			KIO_FUZZ_CHECK(out->apps[a].ndocs >= 0 &&
			               out->apps[a].ndocs <= KIO_DOCS_PER_APP_MAX);
			for (int i = 0; i < out->apps[a].ndocs; i++) {
				const kio_document_t *doc = &out->apps[a].docs[i];
				KIO_FUZZ_CHECK(kio_fuzz_terminated(doc->id, sizeof doc->id));
				KIO_FUZZ_CHECK(doc->size <= KIO_DOC_SIZE_MAX);
			}
		}
	}
	free(out);
}

static inline void kio_fuzz_api_verify(const uint8_t *d, size_t n)
{
	kio_verify_t out;
	if (kio_api_parse_verify((const char *)d, n, &out) == KIO_OK)
		KIO_FUZZ_CHECK(out.status == KIO_DOC_AKTIF || out.status == KIO_DOC_TIDAK_AKTIF ||
		               out.status == KIO_DOC_TIDAK_VALID);
}

static inline void kio_fuzz_api_small(const uint8_t *d, size_t n)
{
	kio_reservation_t r;
	kio_completion_t c;
	char t[KIO_TIME_MAX];
	kio_log_head_t h;
	if (kio_api_parse_reserve((const char *)d, n, &r) == KIO_OK)
		KIO_FUZZ_CHECK(r.print_id[0] && kio_fuzz_terminated(r.print_id, sizeof r.print_id));
	if (kio_api_parse_complete((const char *)d, n, &c) == KIO_OK)
		KIO_FUZZ_CHECK(c.prints_allowed >= -1);
	if (kio_api_parse_heartbeat((const char *)d, n, t, &h) == KIO_OK)
		KIO_FUZZ_CHECK(kio_fuzz_terminated(t, sizeof t) &&
		               (h.seq == 0 || (h.seq > 0 && strlen(h.hash) == 64)));
	if (kio_api_parse_log_head((const char *)d, n, &h) == KIO_OK)
		KIO_FUZZ_CHECK(h.seq == 0 ? h.hash[0] == '\0' : strlen(h.hash) == 64);
	/* Login codes (v1.1): the code goes into a URL path, the url into a QR. */
	kio_login_code_t lc;
	int left = 0;
	if (kio_api_parse_login_code((const char *)d, n, &lc) == KIO_OK)
		KIO_FUZZ_CHECK(kio_api_login_code_ok(lc.code) && strchr(lc.url, ' ') == NULL &&
		               kio_fuzz_terminated(lc.url, sizeof lc.url) &&
		               lc.poll_s >= KIO_LOGIN_POLL_MIN_S &&
		               lc.poll_s <= KIO_LOGIN_POLL_MAX_S && lc.expires_in >= 1 &&
		               lc.expires_in <= KIO_LOGIN_CODE_TTL_MAX);
	if (kio_api_parse_code_pending((const char *)d, n, &left) == KIO_OK)
		KIO_FUZZ_CHECK(left >= -1 && left <= KIO_LOGIN_CODE_TTL_MAX);
}

static inline void kio_fuzz_api_events(const uint8_t *d, size_t n)
{
	static char ids[KIO_API_EVENTS_MAX][KIO_UUID_BUF];
	int nids = -1;
	if (kio_api_parse_events((const char *)d, n, ids, KIO_API_EVENTS_MAX, &nids) == KIO_OK)
		KIO_FUZZ_CHECK(nids >= 0 && nids <= KIO_API_EVENTS_MAX);
}

static inline void kio_fuzz_api_error(const uint8_t *d, size_t n)
{
	kio_api_error_t e;
	/* The first two bytes pick the status; the rest is the body. */
	int status = n >= 2 ? 100 + (d[0] << 8 | d[1]) % 500 : 500;
	kio_api_parse_error(status, n >= 2 ? (const char *)d + 2 : NULL, n >= 2 ? n - 2 : 0, &e);
	KIO_FUZZ_CHECK(e.http_status == status);
	KIO_FUZZ_CHECK(kio_fuzz_terminated(e.code, sizeof e.code) && e.code[0]);
	KIO_FUZZ_CHECK(e.retry_after_s >= 0 && e.retry_after_s <= KIO_API_RETRY_AFTER_MAX);
}

static inline void kio_fuzz_nik(const uint8_t *d, size_t n)
{
	char in[128];
	size_t m = n < sizeof in - 1 ? n : sizeof in - 1;
	memcpy(in, d, m);
	in[m] = 0;
	kio_nik_t nik;
	char masked[KIO_NIK_BUF];
	if (kio_nik_parse(in, &nik) == KIO_NIK_OK) {
		KIO_FUZZ_CHECK(strlen(nik.digits) == 16);
		for (int i = 0; i < 16; i++)
			KIO_FUZZ_CHECK(nik.digits[i] >= '0' && nik.digits[i] <= '9');
		KIO_FUZZ_CHECK(nik.month >= 1 && nik.month <= 12);
		kio_nik_mask(nik.digits, masked);
		KIO_FUZZ_CHECK(strlen(masked) == 16 && !strncmp(masked + 4, "**********", 10));
	}
	kio_nik_mask(in, masked);
	KIO_FUZZ_CHECK(kio_fuzz_terminated(masked, sizeof masked));
	/* The same bytes as a scanner's read (core/scan.h): an id or a code
	 * that goes into a URL path is plain, a refusal names a strings key. */
	char value[KIO_DOC_ID_MAX];
	kio_scan_kind_t k = kio_scan_classify((const char *)d, n, "https://verify.example",
	                                      "https://api.example", value, sizeof value);
	KIO_FUZZ_CHECK(kio_fuzz_terminated(value, sizeof value));
	if (k == KIO_SCAN_LOGIN)
		KIO_FUZZ_CHECK(strlen(value) == 6 && strspn(value, "0123456789") == 6);
	else if (k == KIO_SCAN_VERIFY)
		KIO_FUZZ_CHECK(value[0] && !strpbrk(value, "/?#%.") && n >= 26);
	else
		KIO_FUZZ_CHECK(!strncmp(value, "scan.", 5));
}

static inline void kio_fuzz_script(const uint8_t *d, size_t n)
{
	kio_script_t s;
	char why[256];
	if (kio_script_parse((const char *)d, n, &s, why, sizeof why) == KIO_OK) {
		KIO_FUZZ_CHECK(s.nsteps >= 0 && s.nsteps <= KIO_SCRIPT_MAX_STEPS);
		for (int i = 0; i < s.nsteps; i++)
			KIO_FUZZ_CHECK(s.steps[i].arg &&
			               kio_fuzz_terminated(s.steps[i].arg, KIO_SCRIPT_ARG_MAX));
		kio_script_free(&s);
	}
}

static void kio_fuzz_diag(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

static inline void kio_fuzz_config(const uint8_t *d, size_t n)
{
	/* The parser reads a buffer; the file around it is app/sys's. */
	kio_config_t cfg;
	kio_config_defaults(&cfg);
	if (kio_config_parse(&cfg, (const char *)d, n, "fuzz", NULL, kio_fuzz_diag, NULL) ==
	    KIO_OK) {
		KIO_FUZZ_CHECK(cfg.inactivity_s > cfg.inactivity_warning_s);
		KIO_FUZZ_CHECK(kio_fuzz_terminated(cfg.server_url, sizeof cfg.server_url));
	}
}

typedef struct kio_fuzz_target {
	const char *name;
	void (*run)(const uint8_t *d, size_t n);
} kio_fuzz_target_t;

static const kio_fuzz_target_t kio_fuzz_targets[] = {
    {"api_login", kio_fuzz_api_login},
    {"api_apps", kio_fuzz_api_apps},
    {"api_verify", kio_fuzz_api_verify},
    {"api_small", kio_fuzz_api_small},
    {"api_events", kio_fuzz_api_events},
    {"api_error", kio_fuzz_api_error},
    {"nik", kio_fuzz_nik},
    {"script", kio_fuzz_script},
    {"config", kio_fuzz_config},
};

#endif
