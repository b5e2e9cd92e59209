/* test_api.c — the contract's JSON parsers and request builders (app/net/api). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "net/api.h"

#define HASH0 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

#define SHA "092d27e9f287fa706957b0e037745cf0c17307c1c5e9befa9b4b6cc3096472f2"
#define DOC                                                                                        \
	"{\"id\":\"d7c1f0e2\",\"kind\":\"KK\",\"title\":\"Kartu Keluarga\",\"pages\":1,"           \
	"\"size\":183422,\"sha256\":\"" SHA "\",\"adm_printable\":true,\"prints_used\":0,"         \
	"\"prints_allowed\":1,\"status\":\"AKTIF\"}"
#define APP(docs)                                                                                  \
	"{\"code\":\"OI-2026-000123\",\"service\":\"Penerbitan Kartu Keluarga\","                  \
	"\"status\":\"Selesai\",\"submitted_at\":\"2026-11-02T09:12:00+07:00\","                   \
	"\"completed_at\":\"2026-11-03T10:40:00+07:00\",\"documents\":[" docs "]}"

static kio_err_t p_login(const char *s)
{
	kio_login_t o;
	return kio_api_parse_login(s, strlen(s), &o);
}

static void test_login(void **st)
{
	kio_login_t o;
	const char *ok =
	    "{\"token\":\"opaque\",\"expires_in\":600,\"extra\":[1,2],"
	    "\"citizen\":{\"name\":\"BUDI SANTOSO\",\"nik_masked\":\"1610**********01\","
	    "\"x\":null}}";

	assert_int_equal(kio_api_parse_login(ok, strlen(ok), &o), KIO_OK);
	assert_string_equal(o.token, "opaque");
	assert_int_equal(o.expires_in, 600);
	assert_string_equal(o.citizen.name, "BUDI SANTOSO");
	assert_string_equal(o.citizen.nik_masked, "1610**********01");

	static const char *const bad[] = {
	    "",
	    "null",
	    "[]",
	    "<html><body>502 Bad Gateway</body></html>",
	    "{\"token\":\"opaque\",\"expires_in\":600,\"citizen\":{\"name\":\"B",
	    "{\"token\":\"opaque\",\"expires_in\":600}",
	    "{\"token\":42,\"expires_in\":600,\"citizen\":{\"name\":\"B\",\"nik_masked\":\"1\"}}",
	    "{\"token\":\"t\",\"expires_in\":\"600\",\"citizen\":{\"name\":\"B\",\"nik_masked\":"
	    "\"1\"}}",
	    "{\"token\":\"\",\"expires_in\":600,\"citizen\":{\"name\":\"B\",\"nik_masked\":\"1\"}}",
	    "{\"token\":\"t\",\"expires_in\":-5,\"citizen\":{\"name\":\"B\",\"nik_masked\":\"1\"}}",
	    "{\"token\":\"t\",\"expires_in\":600,\"citizen\":{\"name\":\"B\","
	    "\"nik_masked\":\"1610**********011\"}}", /* 17 chars: over the limit */
	    "{\"token\":\"t\",\"token\":\"u\",\"expires_in\":600,\"citizen\":{\"name\":\"B\","
	    "\"nik_masked\":\"1\"}}", /* duplicate key */
	    "{\"token\":\"t\\u0000x\",\"expires_in\":600,\"citizen\":{\"name\":\"B\","
	    "\"nik_masked\":\"1\"}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(p_login(bad[i]), KIO_ERR_NET_PROTOCOL);
	/* NULL body and a body over the limit */
	assert_int_equal(kio_api_parse_login(NULL, 0, &o), KIO_ERR_NET_PROTOCOL);
	assert_int_equal(kio_api_parse_login(ok, KIO_API_BODY_MAX + 1, &o), KIO_ERR_NET_PROTOCOL);
	assert_int_equal(o.token[0], '\0');
}

static void test_login_limits(void **st)
{
	/* token of exactly KIO_TOKEN_MAX-1 chars fits; one more is an error. */
	char *body = malloc(KIO_TOKEN_MAX + 200);
	for (int extra = 0; extra < 2; extra++) {
		int n = KIO_TOKEN_MAX - 1 + extra;
		int off = snprintf(body, 20, "{\"token\":\"");
		memset(body + off, 'a', (size_t)n);
		snprintf(body + off + n, 150,
		         "\",\"expires_in\":1,\"citizen\":{\"name\":\"X\",\"nik_masked\":\"1\"}}");
		assert_int_equal(p_login(body), extra ? KIO_ERR_NET_PROTOCOL : KIO_OK);
	}
	free(body);
}

static kio_err_t p_apps(const char *s, kio_app_page_t *o)
{
	return kio_api_parse_apps(s, strlen(s), o);
}

static void test_apps(void **st)
{
	kio_app_page_t *o = malloc(sizeof *o);
	const char *ok = "{\"applications\":[" APP(DOC) "," APP("") "],\"next_page\":null,\"u\":1}";

	assert_int_equal(p_apps(ok, o), KIO_OK);
	assert_int_equal(o->napps, 2);
	assert_int_equal(o->next_page, 0);
	assert_string_equal(o->apps[0].code, "OI-2026-000123");
	assert_int_equal(o->apps[0].ndocs, 1);
	assert_int_equal(o->apps[1].ndocs, 0);
	const kio_document_t *d = &o->apps[0].docs[0];
	assert_string_equal(d->id, "d7c1f0e2");
	assert_int_equal(d->size, 183422);
	assert_string_equal(d->sha256, SHA);
	assert_true(d->adm_printable);
	assert_int_equal(d->prints_allowed, 1);
	assert_int_equal(d->status, KIO_DOC_AKTIF);

	/* next page, null prints_allowed, upper-case hash normalised, other statuses */
	const char *p2 = "{\"applications\":[" APP(
	    "{\"id\":\"x\",\"kind\":\"OTHER\",\"pages\":2,\"size\":5,\"sha256\":"
	    "\"092D27E9F287FA706957B0E037745CF0C17307C1C5E9BEFA9B4B6CC3096472F2\","
	    "\"adm_printable\":false,\"prints_allowed\":null,\"status\":\"TIDAK AKTIF\"},"
	    "{\"id\":\"y\",\"kind\":\"KK\",\"pages\":1,\"size\":5,\"sha256\":\"" SHA "\","
	    "\"status\":\"TIDAK VALID\"}") "],\"next_page\":2}";
	assert_int_equal(p_apps(p2, o), KIO_OK);
	assert_int_equal(o->next_page, 2);
	assert_int_equal(o->apps[0].docs[0].prints_allowed, -1);
	assert_string_equal(o->apps[0].docs[0].sha256, SHA);
	assert_int_equal(o->apps[0].docs[0].status, KIO_DOC_TIDAK_AKTIF);
	assert_int_equal(o->apps[0].docs[1].status, KIO_DOC_TIDAK_VALID);
	assert_false(o->apps[0].docs[1].adm_printable);
	assert_string_equal(o->apps[0].docs[0].holder_name, ""); /* v1: absent */

	/* v1.1 holder_name: kept when present; null is absent; a wrong type or
	 * an over-long name rejects the listing like any other field */
	const char *h = "{\"applications\":[" APP(
	    "{\"id\":\"h1\",\"kind\":\"AKTA_LAHIR\",\"pages\":1,\"size\":5,\"sha256\":\"" SHA
	    "\",\"status\":\"AKTIF\",\"holder_name\":\"PUTRI SANTOSO\"},"
	    "{\"id\":\"h2\",\"kind\":\"KK\",\"pages\":1,\"size\":5,\"sha256\":\"" SHA
	    "\",\"status\":\"AKTIF\",\"holder_name\":null}") "],\"next_page\":null}";
	assert_int_equal(p_apps(h, o), KIO_OK);
	assert_string_equal(o->apps[0].docs[0].holder_name, "PUTRI SANTOSO");
	assert_string_equal(o->apps[0].docs[1].holder_name, "");
	const char *hbad = "{\"applications\":[" APP(
	    "{\"id\":\"h1\",\"kind\":\"KK\",\"pages\":1,\"size\":5,\"sha256\":\"" SHA
	    "\",\"status\":\"AKTIF\",\"holder_name\":7}") "],\"next_page\":null}";
	assert_int_not_equal(p_apps(hbad, o), KIO_OK);
	char longname[400];
	int n = snprintf(longname, sizeof longname,
	                 "{\"applications\":[{\"code\":\"C\",\"service\":\"S\",\"status\":"
	                 "\"Selesai\",\"documents\":[{\"id\":\"h1\",\"kind\":\"KK\",\"pages\":1,"
	                 "\"size\":5,\"sha256\":\"%s\",\"status\":\"AKTIF\",\"holder_name\":\"",
	                 SHA);
	for (int i = 0; i < KIO_NAME_MAX && n < (int)sizeof longname - 40; i++)
		longname[n++] = 'A';
	snprintf(longname + n, sizeof longname - (size_t)n, "\"}]}],\"next_page\":null}");
	assert_int_not_equal(p_apps(longname, o), KIO_OK);

	static const char *const bad[] = {
	    "{\"next_page\":null}",
	    "{\"applications\":{},\"next_page\":null}",
	    "{\"applications\":[" APP(DOC) "],\"next_page\":\"2\"}",
	    "{\"applications\":[" APP(DOC) "],\"next_page\":0}",
	    "{\"applications\":[1]}",
	    "{\"applications\":[{\"service\":\"x\",\"status\":\"Selesai\"}]}",
	    "{\"applications\":[" APP("{\"id\":\"d\"}") "]}",
	    "{\"applications\":[" APP(DOC) "]",
	    "{\"applications\":[" APP("{\"id\":\"d\",\"kind\":\"KK\",\"pages\":1,\"size\":5,"
	                              "\"sha256\":\"abc\",\"status\":\"AKTIF\"}") "]}",
	    "{\"applications\":[" APP("{\"id\":\"d\",\"kind\":\"KK\",\"pages\":1,\"size\":5,"
	                              "\"sha256\":\"" SHA "\",\"status\":\"aktif\"}") "]}",
	    "{\"applications\":[" APP("{\"id\":\"d\",\"kind\":\"KK\",\"pages\":1,"
	                              "\"size\":33554433,\"sha256\":\"" SHA
	                              "\",\"status\":\"AKTIF\"}") "]}",
	    "{\"applications\":[" APP("{\"id\":\"d\",\"kind\":\"KK\",\"pages\":1,\"size\":5.0,"
	                              "\"sha256\":\"" SHA "\",\"status\":\"AKTIF\"}") "]}",
	    "{\"applications\":[" APP("{\"id\":\"d\",\"kind\":\"KK\",\"pages\":1,\"size\":5,"
	                              "\"sha256\":\"" SHA "\",\"adm_printable\":1,"
	                              "\"status\":\"AKTIF\"}") "]}",
	    "{\"applications\":[" APP(DOC "," DOC "," DOC "," DOC "," DOC "," DOC "," DOC "," DOC
	                                  "," DOC) "]}",
	    /* codes and kinds reach CUPS's job-name, the log and CSV cells: a
	     * control character, a space, a formula or a quote is refused */
	    "{\"applications\":[{\"code\":\"OI-2026\\u001b[2J\",\"status\":\"Selesai\"}]}",
	    "{\"applications\":[{\"code\":\"OI 2026\",\"status\":\"Selesai\"}]}",
	    "{\"applications\":[{\"code\":\"=HYPERLINK(1)\",\"status\":\"Selesai\"}]}",
	    "{\"applications\":[{\"code\":\"OI\\\"2026\",\"status\":\"Selesai\"}]}",
	    "{\"applications\":[" APP("{\"id\":\"d\",\"kind\":\"KK\\n\",\"pages\":1,\"size\":5,"
	                              "\"sha256\":\"" SHA "\",\"status\":\"AKTIF\"}") "]}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(p_apps(bad[i], o), KIO_ERR_NET_PROTOCOL);
		assert_int_equal(o->napps, 0);
	}

	/* KIO_APPS_PER_PAGE_MAX applications fit, one more does not. */
	for (int extra = 0; extra < 2; extra++) {
		json_t *arr = json_array();
		for (int i = 0; i < KIO_APPS_PER_PAGE_MAX + extra; i++)
			json_array_append_new(arr, json_loads(APP(DOC), 0, NULL));
		json_t *root = json_pack("{s:o}", "applications", arr);
		char *s = json_dumps(root, 0);
		json_decref(root);
		assert_int_equal(p_apps(s, o), extra ? KIO_ERR_NET_PROTOCOL : KIO_OK);
		free(s);
	}
	free(o);
}

static void test_verify(void **st)
{
	kio_verify_t v;
	const char *ok = "{\"id\":\"d7c1f0e2\",\"status\":\"TIDAK AKTIF\",\"kind\":\"KK\","
	                 "\"sha256\":\"" SHA "\",\"issued_at\":\"2026-11-03T10:40:00+07:00\","
	                 "\"holder\":\"B*** S******\",\"new\":{}}";
	assert_int_equal(kio_api_parse_verify(ok, strlen(ok), &v), KIO_OK);
	assert_int_equal(v.status, KIO_DOC_TIDAK_AKTIF);
	assert_string_equal(v.holder, "B*** S******");
	static const char *const bad[] = {"{\"status\":\"AKTIF\"}",
	                                  "{\"id\":\"x\"}",
	                                  "{\"id\":\"x\",\"status\":\"VALID\"}",
	                                  "{\"id\":\"x\",\"status\":\"AKTIF\",\"sha256\":\"zz\"}",
	                                  "{\"id\":1,\"status\":\"AKTIF\"}",
	                                  "{\"id\":\"x\","};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(kio_api_parse_verify(bad[i], strlen(bad[i]), &v),
		                 KIO_ERR_NET_PROTOCOL);
}

/* v1.1 login codes: the code is six digits (it goes into a URL path), the
 * url a plain http(s) URL (it becomes a QR), poll_s clamped so the kiosk
 * never polls faster than once a second nor waits longer than 30 s. */
static void test_login_code(void **st)
{
	kio_login_code_t c;
	int left;
	const char *s = "{\"code\":\"482913\",\"url\":\"https://h.example/k/482913\","
	                "\"expires_in\":120,\"poll_s\":2,\"extra\":[1]}";
	assert_int_equal(kio_api_parse_login_code(s, strlen(s), &c), KIO_OK);
	assert_string_equal(c.code, "482913");
	assert_string_equal(c.url, "https://h.example/k/482913");
	assert_int_equal(c.expires_in, 120);
	assert_int_equal(c.poll_s, 2);
	s = "{\"code\":\"000001\",\"url\":\"https://h/k/000001\",\"expires_in\":60}";
	assert_int_equal(kio_api_parse_login_code(s, strlen(s), &c), KIO_OK);
	assert_int_equal(c.poll_s, KIO_LOGIN_POLL_DEFAULT_S);
	s = "{\"code\":\"000001\",\"url\":\"https://h/k/1\",\"expires_in\":60,\"poll_s\":0}";
	assert_int_equal(kio_api_parse_login_code(s, strlen(s), &c), KIO_OK);
	assert_int_equal(c.poll_s, KIO_LOGIN_POLL_MIN_S);
	s = "{\"code\":\"000001\",\"url\":\"https://h/k/1\",\"expires_in\":60,\"poll_s\":999}";
	assert_int_equal(kio_api_parse_login_code(s, strlen(s), &c), KIO_OK);
	assert_int_equal(c.poll_s, KIO_LOGIN_POLL_MAX_S);
	static const char *const bad[] = {
	    "{\"code\":\"48291\",\"url\":\"https://h/k/1\",\"expires_in\":120}",
	    "{\"code\":\"48291a\",\"url\":\"https://h/k/1\",\"expires_in\":120}",
	    "{\"code\":\"../../x\",\"url\":\"https://h/k/1\",\"expires_in\":120}",
	    "{\"code\":482913,\"url\":\"https://h/k/1\",\"expires_in\":120}",
	    "{\"code\":\"482913\",\"url\":\"javascript:x\",\"expires_in\":120}",
	    "{\"code\":\"482913\",\"url\":\"https://h/k/1 x\",\"expires_in\":120}",
	    "{\"code\":\"482913\",\"url\":\"https://h/k/1\",\"expires_in\":0}",
	    "{\"code\":\"482913\",\"url\":\"https://h/k/1\",\"expires_in\":99999}",
	    "{\"code\":\"482913\",\"url\":\"https://h/k/1\"}",
	    "{\"code\":\"482913\",\"url\":\"https://h/k/1\",\"expires_in\":120,\"poll_s\":\"2\"}",
	    "[]",
	    "{\"code\":\"482913\","};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(kio_api_parse_login_code(bad[i], strlen(bad[i]), &c),
		                 KIO_ERR_NET_PROTOCOL);
		assert_int_equal(c.code[0], 0);
	}
	s = "{\"state\":\"pending\",\"expires_in\":87}";
	assert_int_equal(kio_api_parse_code_pending(s, strlen(s), &left), KIO_OK);
	assert_int_equal(left, 87);
	s = "{\"state\":\"pending\"}";
	assert_int_equal(kio_api_parse_code_pending(s, strlen(s), &left), KIO_OK);
	assert_int_equal(left, -1);
	s = "{\"state\":\"confirmed\",\"expires_in\":87}";
	assert_int_equal(kio_api_parse_code_pending(s, strlen(s), &left), KIO_ERR_NET_PROTOCOL);
	s = "{\"state\":\"pending\",\"expires_in\":-5}";
	assert_int_equal(kio_api_parse_code_pending(s, strlen(s), &left), KIO_ERR_NET_PROTOCOL);
	assert_true(kio_api_login_code_ok("012345"));
	assert_false(kio_api_login_code_ok("01234"));
	assert_false(kio_api_login_code_ok("0123456"));
	assert_false(kio_api_login_code_ok(NULL));
}

static void test_reserve_complete_heartbeat_events(void **st)
{
	kio_reservation_t r;
	kio_completion_t c;
	char t[KIO_TIME_MAX];
	char ids[4][KIO_UUID_BUF];
	int n;
	const char *s;

	s = "{\"print_id\":\"p-81f2\",\"expires_in\":900}";
	assert_int_equal(kio_api_parse_reserve(s, strlen(s), &r), KIO_OK);
	assert_string_equal(r.print_id, "p-81f2");
	assert_int_equal(r.expires_in, 900);
	s = "{\"print_id\":\"p-81f2\"}";
	assert_int_equal(kio_api_parse_reserve(s, strlen(s), &r), KIO_ERR_NET_PROTOCOL);
	s = "{\"print_id\":7,\"expires_in\":900}";
	assert_int_equal(kio_api_parse_reserve(s, strlen(s), &r), KIO_ERR_NET_PROTOCOL);

	s = "{\"prints_used\":1,\"prints_allowed\":1}";
	assert_int_equal(kio_api_parse_complete(s, strlen(s), &c), KIO_OK);
	assert_int_equal(c.prints_used, 1);
	s = "{\"prints_used\":1,\"prints_allowed\":null}";
	assert_int_equal(kio_api_parse_complete(s, strlen(s), &c), KIO_OK);
	assert_int_equal(c.prints_allowed, -1);
	s = "{\"prints_used\":-1}";
	assert_int_equal(kio_api_parse_complete(s, strlen(s), &c), KIO_ERR_NET_PROTOCOL);

	kio_log_head_t head;
	s = "{\"server_time\":\"2026-11-24T09:15:00+07:00\"}"; /* a v1 server */
	assert_int_equal(kio_api_parse_heartbeat(s, strlen(s), t, &head), KIO_OK);
	assert_string_equal(t, "2026-11-24T09:15:00+07:00");
	assert_int_equal(head.seq, 0);
	s = "{\"server_time\":\"2026-11-24T09:15:00+07:00 and far too long for the field\"}";
	assert_int_equal(kio_api_parse_heartbeat(s, strlen(s), t, &head), KIO_ERR_NET_PROTOCOL);
	/* v1.1 anchor: the head is taken, upper-case hex folded */
	s = "{\"server_time\":\"2026-11-24T09:15:00+07:00\",\"log_head\":{\"seq\":812,\"hash\":"
	    "\"ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"}}";
	assert_int_equal(kio_api_parse_heartbeat(s, strlen(s), t, &head), KIO_OK);
	assert_int_equal(head.seq, 812);
	assert_string_equal(head.hash,
	                    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
	static const char *const bad_heads[] = {
	    "{\"server_time\":\"x\",\"log_head\":{\"seq\":0,\"hash\":\"" HASH0 "\"}}",
	    "{\"server_time\":\"x\",\"log_head\":{\"seq\":\"5\",\"hash\":\"" HASH0 "\"}}",
	    "{\"server_time\":\"x\",\"log_head\":{\"seq\":5,\"hash\":\"abc\"}}",
	    "{\"server_time\":\"x\",\"log_head\":{\"seq\":5}}",
	    "{\"server_time\":\"x\",\"log_head\":[5]}",
	};
	for (size_t i = 0; i < sizeof bad_heads / sizeof *bad_heads; i++) {
		assert_int_equal(
		    kio_api_parse_heartbeat(bad_heads[i], strlen(bad_heads[i]), t, &head),
		    KIO_ERR_NET_PROTOCOL);
		assert_int_equal(head.seq, 0);
	}
	s = "{\"log_head\":null}";
	assert_int_equal(kio_api_parse_log_head(s, strlen(s), &head), KIO_OK);
	assert_int_equal(head.seq, 0);
	s = "{\"log_head\":{\"seq\":3,\"hash\":\"" HASH0 "\"}}";
	assert_int_equal(kio_api_parse_log_head(s, strlen(s), &head), KIO_OK);
	assert_int_equal(head.seq, 3);
	s = "{\"server_time\":\"x\"}"; /* not this endpoint's answer */
	assert_int_equal(kio_api_parse_log_head(s, strlen(s), &head), KIO_ERR_NET_PROTOCOL);

	s = "{\"accepted\":[\"a\",\"b\"]}";
	assert_int_equal(kio_api_parse_events(s, strlen(s), ids, 4, &n), KIO_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ids[1], "b");
	assert_int_equal(kio_api_parse_events(s, strlen(s), ids, 1, &n), KIO_ERR_NET_PROTOCOL);
	s = "{\"accepted\":[1]}";
	assert_int_equal(kio_api_parse_events(s, strlen(s), ids, 4, &n), KIO_ERR_NET_PROTOCOL);
	assert_int_equal(n, 0);
}

static void test_errors(void **st)
{
	kio_api_error_t e;
	static const struct {
		const char *code;
		kio_api_code_t kind;
		const char *key;
	} known[] = {
	    {"invalid_nik", KIO_API_E_INVALID_NIK, "api.invalid_nik"},
	    {"invalid_credentials", KIO_API_E_INVALID_CREDENTIALS, "api.invalid_credentials"},
	    {"not_verified", KIO_API_E_NOT_VERIFIED, "api.not_verified"},
	    {"locked", KIO_API_E_LOCKED, "api.locked"},
	    {"too_many_attempts", KIO_API_E_TOO_MANY_ATTEMPTS, "api.too_many_attempts"},
	    {"quota_exhausted", KIO_API_E_QUOTA_EXHAUSTED, "api.quota_exhausted"},
	    {"document_inactive", KIO_API_E_DOCUMENT_INACTIVE, "api.document_inactive"},
	    {"not_adm_printable", KIO_API_E_NOT_ADM_PRINTABLE, "api.not_adm_printable"},
	    {"not_found", KIO_API_E_NOT_FOUND, "api.not_found"},
	    {"brand_new_code", KIO_API_E_UNKNOWN, "api.unknown"},
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		char body[256];
		snprintf(body, sizeof body, "{\"error\":\"%s\",\"message\":\"Pesan\"}",
		         known[i].code);
		kio_api_parse_error(401, body, strlen(body), &e);
		assert_int_equal(e.http_status, 401);
		assert_int_equal(e.kind, known[i].kind);
		assert_string_equal(e.code, known[i].code);
		assert_string_equal(e.message, "Pesan");
		assert_string_equal(kio_api_error_key(e.kind), known[i].key);
	}
	/* Non-contract bodies: HTML page, empty, wrong types, truncated. */
	static const char *const odd[] = {"<html><h1>502 Bad Gateway</h1></html>",
	                                  "",
	                                  "{\"error\":42}",
	                                  "{\"error\":\"locked\"",
	                                  "{\"message\":\"x\"}",
	                                  "[\"locked\"]"};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		kio_api_parse_error(502, odd[i], strlen(odd[i]), &e);
		assert_int_equal(e.http_status, 502);
		assert_int_equal(e.kind, KIO_API_E_UNKNOWN);
		assert_string_equal(e.code, "unknown");
		assert_string_equal(e.message, "");
	}
	kio_api_parse_error(500, NULL, 0, &e);
	assert_string_equal(e.code, "unknown");
	/* An over-long message is dropped, the code kept. */
	char big[KIO_MESSAGE_MAX + 64];
	int off = snprintf(big, sizeof big, "{\"error\":\"locked\",\"message\":\"");
	memset(big + off, 'm', KIO_MESSAGE_MAX);
	snprintf(big + off + KIO_MESSAGE_MAX, 8, "\"}");
	kio_api_parse_error(423, big, strlen(big), &e);
	assert_int_equal(e.kind, KIO_API_E_LOCKED);
	assert_string_equal(e.message, "");
}

static void test_builders(void **st)
{
	char *s = NULL;
	json_t *j;

	/* quotes, backslashes and control characters survive the hand-built body */
	static const char pw[] = "pa\"s\\s\n\x01\xc3\xa9";
	assert_int_equal(kio_api_build_login("1610011203850001", pw, &s), KIO_OK);
	j = json_loads(s, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "password")), pw);
	assert_string_equal(json_string_value(json_object_get(j, "nik")), "1610011203850001");
	json_decref(j);
	free(s);
	char longpw[KIO_PASSWORD_MAX + 1];
	memset(longpw, 'x', sizeof longpw - 1);
	longpw[KIO_PASSWORD_MAX] = '\0';
	assert_int_equal(kio_api_build_login("1610011203850001", longpw, &s), KIO_ERR_INVAL);
	longpw[KIO_PASSWORD_MAX - 1] = '\0'; /* the longest allowed, all escaped */
	memset(longpw, '\x01', KIO_PASSWORD_MAX - 1);
	assert_int_equal(kio_api_build_login("1610011203850001", longpw, &s), KIO_OK);
	free(s);
	assert_int_equal(kio_api_build_reserve(1, &s), KIO_OK);
	assert_string_equal(s, "{\"copies\":1}");
	free(s);
	assert_int_equal(kio_api_build_reserve(0, &s), KIO_ERR_INVAL);
	assert_int_equal(kio_api_build_complete(1, "ADM-HVS", 42, &s), KIO_OK);
	assert_string_equal(s, "{\"pages\":1,\"printer\":\"ADM-HVS\",\"job_id\":42}");
	free(s);
	assert_int_equal(kio_api_build_release("media-empty", &s), KIO_OK);
	assert_string_equal(s, "{\"reason\":\"media-empty\"}");
	free(s);

	kio_heartbeat_t hb = {.version = "1.0.0",
	                      .uptime_s = 3600,
	                      .printer_name = "ADM-HVS",
	                      .printer_state = "idle",
	                      .nreasons = 1,
	                      .pages_total = 1234};
	snprintf(hb.reasons[0], sizeof hb.reasons[0], "media-low");
	assert_int_equal(kio_api_build_heartbeat("ADM-1610-001", &hb, &s), KIO_OK);
	j = json_loads(s, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "kiosk_id")), "ADM-1610-001");
	assert_string_equal(json_string_value(json_array_get(
	                        json_object_get(json_object_get(j, "printer"), "reasons"), 0)),
	                    "media-low");
	json_decref(j);
	free(s);

	kio_event_t ev[2] = {0};
	snprintf(ev[0].id, sizeof ev[0].id, "4b1c0000-0000-4000-8000-000000000001");
	ev[0].seq = 812;
	snprintf(ev[0].type, sizeof ev[0].type, "print.completed");
	snprintf(ev[0].document_id, sizeof ev[0].document_id, "d7c1f0e2");
	ev[0].pages = 1;
	ev[0].job_id = 42;
	ev[1] = ev[0];
	ev[1].pages = -1;
	ev[1].job_id = -1;
	ev[1].document_id[0] = '\0';
	assert_int_equal(kio_api_build_events(ev, 2, &s), KIO_OK);
	j = json_loads(s, 0, NULL);
	json_t *e1 = json_array_get(json_object_get(j, "events"), 1);
	assert_true(json_is_null(json_object_get(e1, "pages")));
	assert_true(json_is_null(json_object_get(e1, "document_id")));
	assert_true(json_is_null(json_object_get(e1, "reason")));
	assert_int_equal(json_integer_value(json_object_get(e1, "seq")), 812);
	json_decref(j);
	free(s);
	assert_int_equal(kio_api_build_events(ev, KIO_API_EVENTS_MAX + 1, &s), KIO_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_login),
	    cmocka_unit_test(test_login_limits),
	    cmocka_unit_test(test_apps),
	    cmocka_unit_test(test_verify),
	    cmocka_unit_test(test_login_code),
	    cmocka_unit_test(test_reserve_complete_heartbeat_events),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_builders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
