/*
 * test_sm_phone.c — login with a phone and scans in the state machine
 * (core/sm-phone.c), with a fake clock: the poll interval is respected, the
 * countdown ends at expiry, every refusal has its text, a v1 server hides
 * the feature; the scan classifier (core/scan.c) and the scanner drivers'
 * burst rule (drivers/scanner).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/scan.h"
#include "core/sm.h"
#include "scanner/scanner.h"

#define SET(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

typedef struct {
	kio_sm_t *sm;
	kio_effects_t fx;
	uint64_t now;
} fixture_t;

static int setup(void **state)
{
	fixture_t *f = calloc(1, sizeof *f);
	f->sm = kio_sm_new(60, 15, "id");
	f->now = 1000;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_t *f = *state;
	kio_sm_free(f->sm);
	free(f);
	return 0;
}

static void feed(fixture_t *f, kio_sm_event_t ev)
{
	ev.now_ms = f->now;
	kio_sm_handle(f->sm, &ev, &f->fx);
}

static void intent(fixture_t *f, kio_intent_t in)
{
	feed(f, kio_sm_intent(in, f->now));
}

static void tick_at(fixture_t *f, uint64_t at)
{
	f->now = at;
	feed(f, kio_sm_tick(at));
}

static int count_fx(const fixture_t *f, kio_effect_kind_t kind)
{
	int n = 0;
	for (int i = 0; i < f->fx.n; i++)
		n += f->fx.fx[i].kind == kind;
	return n;
}

static const kio_effect_t *find_fx(const fixture_t *f, kio_effect_kind_t kind)
{
	for (int i = 0; i < f->fx.n; i++)
		if (f->fx.fx[i].kind == kind)
			return &f->fx.fx[i];
	return NULL;
}

/* Idle → login → "Masuk dengan HP" → a code (expires 120 s, poll 2 s) at T0. */
static uint64_t to_code(fixture_t *f, int expires_in, int poll_s)
{
	intent(f, KIO_IN_START);
	intent(f, KIO_IN_PHONE);
	assert_int_equal(f->sm->screen, KIO_SCREEN_PHONE);
	assert_int_equal(f->sm->phone.state, KIO_PHONE_REQUESTING);
	assert_int_equal(count_fx(f, KIO_FX_CODE_NEW), 1);
	kio_sm_event_t ev = {.kind = KIO_EV_CODE_DONE};
	SET(ev.u.phone.code, "482913");
	SET(ev.u.phone.url, "https://verify.example/k/482913");
	ev.u.phone.expires_in = expires_in;
	ev.u.phone.poll_s = poll_s;
	f->now += 300;
	feed(f, ev);
	assert_int_equal(f->sm->phone.state, KIO_PHONE_WAITING);
	assert_string_equal(f->sm->phone.code, "482913");
	assert_int_equal(f->sm->phone.left_s, expires_in);
	return f->now;
}

static kio_sm_event_t poll_answer(int err, const char *code, bool pending, int expires_in)
{
	kio_sm_event_t ev = {.kind = KIO_EV_CODE_POLL_DONE};
	ev.err = err;
	SET(ev.u.phone.api_code, code);
	ev.u.phone.pending = pending;
	ev.u.phone.expires_in = expires_in;
	return ev;
}

/* The first poll is due poll_s after the code; none while one is in flight;
 * the next poll_s after the answer, later when the server says Retry-After. */
static void test_poll_interval(void **state)
{
	fixture_t *f = *state;
	uint64_t t0 = to_code(f, 120, 2);
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 0);
	assert_int_equal(kio_sm_next_deadline_ms(f->sm), 1000); /* countdown first */
	tick_at(f, t0 + 1999);
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 0);
	assert_int_equal(kio_sm_next_deadline_ms(f->sm), 1);
	tick_at(f, t0 + 2000);
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 1);
	assert_string_equal(find_fx(f, KIO_FX_CODE_POLL)->value, "482913");
	/* A slow answer: no second poll meanwhile, whatever the ticks. */
	for (uint64_t t = t0 + 2100; t < t0 + 9000; t += 250) {
		tick_at(f, t);
		assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 0);
	}
	f->now = t0 + 9000;
	feed(f, poll_answer(KIO_OK, "", true, 100));
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 0);
	tick_at(f, t0 + 10999);
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 0);
	tick_at(f, t0 + 11000);
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 1);
	/* Busy, Retry-After 7: the next poll 7 s later, not 2. */
	f->now = t0 + 11100;
	kio_sm_event_t busy = poll_answer(KIO_ERR_NET_BUSY, "too_many_requests", false, -1);
	busy.u.phone.retry_after_s = 7;
	feed(f, busy);
	assert_int_equal(f->sm->phone.state, KIO_PHONE_WAITING);
	tick_at(f, t0 + 18099);
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 0);
	tick_at(f, t0 + 18100);
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 1);
	/* A network hiccup keeps polling at poll_s. */
	f->now = t0 + 18200;
	feed(f, poll_answer(KIO_ERR_NET_TIMEOUT, "", false, -1));
	assert_int_equal(f->sm->phone.state, KIO_PHONE_WAITING);
	tick_at(f, t0 + 20200);
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 1);
}

/* The countdown follows the clock, the server may shorten it, and at
 * expiry the code is gone: a poll in flight is cancelled, none is sent. */
static void test_countdown_expiry(void **state)
{
	fixture_t *f = *state;
	uint64_t t0 = to_code(f, 120, 2);
	tick_at(f, t0 + 1500);
	assert_int_equal(f->sm->phone.left_s, 119);
	tick_at(f, t0 + 2000); /* poll 1 */
	f->now = t0 + 2100;
	feed(f, poll_answer(KIO_OK, "", true, 10)); /* the server says 10 s left */
	assert_int_equal(f->sm->phone.left_s, 10);
	tick_at(f, t0 + 4100); /* poll 2, left in flight */
	assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 1);
	tick_at(f, t0 + 11101);
	assert_int_equal(f->sm->phone.left_s, 1);
	assert_int_equal(kio_sm_next_deadline_ms(f->sm), 999);
	tick_at(f, t0 + 12100);
	assert_int_equal(f->sm->phone.state, KIO_PHONE_FAILED);
	assert_string_equal(f->sm->phone.message_key, "phone.expired");
	assert_int_equal(f->sm->phone.code[0], 0);
	assert_int_equal(count_fx(f, KIO_FX_LOGOUT), 1); /* the poll in flight */
	/* Its late answer changes nothing; no poll after expiry. */
	feed(f, poll_answer(KIO_OK, "", false, -1));
	assert_false(f->sm->in_session);
	for (uint64_t t = t0 + 12200; t < t0 + 30000; t += 500) {
		tick_at(f, t);
		assert_int_equal(count_fx(f, KIO_FX_CODE_POLL), 0);
	}
	/* A new code on request; the failure screen itself times out. */
	intent(f, KIO_IN_PHONE);
	assert_int_equal(f->sm->phone.state, KIO_PHONE_REQUESTING);
	assert_int_equal(count_fx(f, KIO_FX_CODE_NEW), 1);
}

static void test_failed_screen_times_out(void **state)
{
	fixture_t *f = *state;
	uint64_t t0 = to_code(f, 5, 2);
	tick_at(f, t0 + 5000);
	assert_int_equal(f->sm->phone.state, KIO_PHONE_FAILED);
	tick_at(f, t0 + 5000 + 59999);
	assert_int_equal(f->sm->screen, KIO_SCREEN_PHONE);
	tick_at(f, t0 + 5000 + 60000);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
}

/* Each refusal its own (FAQ-worded) text; refusals by the account are
 * failed logins in the print log, an expired code is not. */
static void test_refusals(void **state)
{
	static const struct {
		const char *code;
		const char *key;
		bool logged;
	} cases[] = {
	    {"refused", "phone.refused", true},    {"not_verified", "api.not_verified", true},
	    {"locked", "api.locked", true},        {"expired", "phone.expired", false},
	    {"not_found", "phone.expired", false},
	};
	fixture_t *f = *state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint64_t t0 = to_code(f, 120, 2);
		tick_at(f, t0 + 2000);
		f->now = t0 + 2100;
		feed(f, poll_answer(KIO_ERR_API, cases[i].code, false, -1));
		assert_int_equal(f->sm->phone.state, KIO_PHONE_FAILED);
		assert_string_equal(f->sm->phone.message_key, cases[i].key);
		const kio_effect_t *log = find_fx(f, KIO_FX_LOG);
		assert_int_equal(log != NULL, cases[i].logged);
		if (log) {
			assert_string_equal(log->log_type, "session.login_failed");
			assert_string_equal(log->value, cases[i].code);
		}
		assert_false(f->sm->in_session);
		intent(f, KIO_IN_BACK);
		assert_int_equal(f->sm->screen, KIO_SCREEN_LOGIN);
		intent(f, KIO_IN_BACK);
		assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	}
}

/* A confirmed code logs in exactly as a password does: session, print-log
 * line, the list requested; a server mask of the wrong shape is not shown. */
static void test_confirmed(void **state)
{
	fixture_t *f = *state;
	uint64_t t0 = to_code(f, 120, 2);
	tick_at(f, t0 + 2000);
	kio_sm_event_t ok = poll_answer(KIO_OK, "", false, -1);
	SET(ok.u.phone.citizen.name, "BUDI SANTOSO");
	SET(ok.u.phone.citizen.nik_masked, "1610011203850001"); /* not masked! */
	f->now = t0 + 2100;
	feed(f, ok);
	assert_true(f->sm->in_session);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOADING);
	assert_int_equal(count_fx(f, KIO_FX_LIST), 1);
	assert_string_equal(f->sm->citizen.nik_masked, "****************");
	const kio_effect_t *log = find_fx(f, KIO_FX_LOG);
	assert_non_null(log);
	assert_string_equal(log->log_type, "session.login");
	assert_string_equal(log->value, "phone");
	assert_int_equal(f->sm->phone.code[0], 0);
	assert_int_equal(f->sm->phone.url[0], 0);
}

/* Leaving while a poll is in flight cancels it and ends what it may open. */
static void test_back_while_polling(void **state)
{
	fixture_t *f = *state;
	uint64_t t0 = to_code(f, 120, 2);
	tick_at(f, t0 + 2000);
	intent(f, KIO_IN_BACK);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOGIN);
	assert_int_equal(count_fx(f, KIO_FX_LOGOUT), 1);
	assert_int_equal(f->sm->phone.code[0], 0);
	feed(f, poll_answer(KIO_OK, "", false, -1));
	assert_false(f->sm->in_session);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOGIN);
}

/* A v1 server answers 404: the feature is hidden for the run, not broken. */
static void test_v1_server(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_START);
	intent(f, KIO_IN_PHONE);
	kio_sm_event_t ev = {.kind = KIO_EV_CODE_DONE, .err = KIO_ERR_API};
	SET(ev.u.phone.api_code, "not_found");
	feed(f, ev);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOGIN);
	assert_true(f->sm->phone.unsupported);
	assert_string_equal(f->sm->login.message_key, "phone.unavailable");
	intent(f, KIO_IN_PHONE);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOGIN);
	assert_int_equal(count_fx(f, KIO_FX_CODE_NEW), 0);
	/* Busy is not "unsupported": a new code may be asked for. */
	fixture_t *g = calloc(1, sizeof *g);
	g->sm = kio_sm_new(60, 15, "id");
	g->now = 1000;
	intent(g, KIO_IN_START);
	intent(g, KIO_IN_PHONE);
	kio_sm_event_t busy = {.kind = KIO_EV_CODE_DONE, .err = KIO_ERR_NET_BUSY};
	feed(g, busy);
	assert_int_equal(g->sm->phone.state, KIO_PHONE_FAILED);
	assert_string_equal(g->sm->phone.message_key, "phone.busy");
	assert_false(g->sm->phone.unsupported);
	kio_sm_free(g->sm);
	free(g);
}

static kio_sm_event_t scan_ev(kio_scan_kind_t kind, const char *value)
{
	kio_sm_event_t ev = {.kind = KIO_EV_SCAN};
	ev.u.scan.kind = kind;
	SET(ev.u.scan.value, value);
	return ev;
}

/* Scans on the idle screen: a document's status (404 = TIDAK VALID), a
 * refusal's text, a claimed login; none during a session. */
static void test_scans(void **state)
{
	fixture_t *f = *state;
	feed(f, scan_ev(KIO_SCAN_VERIFY, "b1000001"));
	assert_int_equal(f->sm->screen, KIO_SCREEN_SCAN);
	assert_true(f->sm->scan.loading);
	assert_string_equal(find_fx(f, KIO_FX_VERIFY_DOC)->value, "b1000001");
	assert_int_equal(kio_sm_next_deadline_ms(f->sm), 50);
	feed(f, scan_ev(KIO_SCAN_VERIFY, "b1000002")); /* a double read waits */
	assert_int_equal(count_fx(f, KIO_FX_VERIFY_DOC), 0);
	kio_sm_event_t v = {.kind = KIO_EV_VERIFY_DONE};
	v.u.verify.status = KIO_DOC_TIDAK_AKTIF;
	SET(v.u.verify.kind, "KK");
	SET(v.u.verify.issued_at, "2026-11-03T10:40:00+07:00");
	feed(f, v);
	assert_true(f->sm->scan.answered);
	assert_int_equal(f->sm->scan.status, KIO_DOC_TIDAK_AKTIF);
	assert_string_equal(f->sm->scan.kind, "KK");
	feed(f, scan_ev(KIO_SCAN_VERIFY, "zz999999"));
	kio_sm_event_t nf = {.kind = KIO_EV_VERIFY_DONE, .err = KIO_ERR_API};
	SET(nf.u.verify.api_code, "not_found");
	feed(f, nf);
	assert_true(f->sm->scan.answered);
	assert_int_equal(f->sm->scan.status, KIO_DOC_TIDAK_VALID);
	feed(f, scan_ev(KIO_SCAN_VERIFY, "b1000001"));
	kio_sm_event_t down = {.kind = KIO_EV_VERIFY_DONE, .err = KIO_ERR_NET_CONNECT};
	feed(f, down);
	assert_false(f->sm->scan.answered);
	assert_string_equal(f->sm->scan.message_key, "scan.failed");
	feed(f, scan_ev(KIO_SCAN_REFUSED, "scan.foreign"));
	assert_string_equal(f->sm->scan.message_key, "scan.foreign");
	assert_int_equal(count_fx(f, KIO_FX_VERIFY_DOC), 0);
	/* The result stays up for the inactivity time, then idle. */
	uint64_t t = f->now;
	tick_at(f, t + 59999);
	assert_int_equal(f->sm->screen, KIO_SCREEN_SCAN);
	tick_at(f, t + 60000);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	/* A login code from a phone: claimed, then a session like any other. */
	feed(f, scan_ev(KIO_SCAN_LOGIN, "123456"));
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOADING);
	assert_string_equal(find_fx(f, KIO_FX_CODE_CLAIM)->value, "123456");
	kio_sm_event_t ok = poll_answer(KIO_OK, "", false, -1);
	ok.u.phone.claim = true;
	SET(ok.u.phone.citizen.nik_masked, "1610**********01");
	feed(f, ok);
	assert_true(f->sm->in_session);
	assert_string_equal(f->sm->citizen.nik_masked, "1610**********01");
	/* In a session the scanner is ignored. */
	feed(f, scan_ev(KIO_SCAN_VERIFY, "b1000001"));
	assert_int_equal(f->fx.n, 0);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOADING);
}

static void test_claim_refused(void **state)
{
	fixture_t *f = *state;
	feed(f, scan_ev(KIO_SCAN_LOGIN, "123456"));
	kio_sm_event_t no = poll_answer(KIO_ERR_API, "locked", false, -1);
	no.u.phone.claim = true;
	feed(f, no);
	assert_false(f->sm->in_session);
	assert_int_equal(f->sm->screen, KIO_SCREEN_SCAN);
	assert_string_equal(f->sm->scan.message_key, "api.locked");
	assert_non_null(find_fx(f, KIO_FX_LOG));
}

static void test_classify(void **state)
{
	static const struct {
		const char *text;
		kio_scan_kind_t kind;
		const char *value;
	} cases[] = {
	    {"https://verify.example/v/b1000001", KIO_SCAN_VERIFY, "b1000001"},
	    {"https://VERIFY.example/v/d7c1f0e2", KIO_SCAN_VERIFY, "d7c1f0e2"},
	    {"https://verify.example/k/482913", KIO_SCAN_LOGIN, "482913"},
	    {"https://api.example:8443/k/482913", KIO_SCAN_LOGIN, "482913"},
	    {"https://evil.example/v/b1000001", KIO_SCAN_REFUSED, "scan.foreign"},
	    {"https://evil.example/k/482913", KIO_SCAN_REFUSED, "scan.foreign"},
	    {"http://verify.example/v/b1000001", KIO_SCAN_REFUSED, "scan.unknown"},
	    {"https://verify.example/v/../x", KIO_SCAN_REFUSED, "scan.unknown"},
	    {"https://verify.example/v/b1?x=1", KIO_SCAN_REFUSED, "scan.unknown"},
	    {"https://verify.example/v/", KIO_SCAN_REFUSED, "scan.unknown"},
	    {"https://verify.example/k/48291", KIO_SCAN_REFUSED, "scan.unknown"},
	    {"https://verify.example/k/4829134", KIO_SCAN_REFUSED, "scan.unknown"},
	    {"https://verify.example", KIO_SCAN_REFUSED, "scan.unknown"},
	    {"3201234567890001", KIO_SCAN_REFUSED, "scan.unknown"},
	    {"https://verify.example/v/b1\x01", KIO_SCAN_REFUSED, "scan.unreadable"},
	    {"https://verify.example/v/b1\xc3\xa9", KIO_SCAN_REFUSED, "scan.unreadable"},
	    {"", KIO_SCAN_REFUSED, "scan.unreadable"},
	};
	char value[KIO_DOC_ID_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kio_scan_kind_t k = kio_scan_classify(
		    cases[i].text, strlen(cases[i].text), "https://verify.example",
		    "https://api.example:8443", value, sizeof value);
		if (k != cases[i].kind || strcmp(value, cases[i].value))
			fail_msg("'%s': got %d '%s'", cases[i].text, k, value);
	}
	/* No verification host configured: documents cannot be told apart. */
	assert_int_equal(kio_scan_classify("https://x/v/b1", 14, "", NULL, value, sizeof value),
	                 KIO_SCAN_REFUSED);
	char big[KIO_SCAN_TEXT_MAX + 10];
	memset(big, 'a', sizeof big);
	assert_int_equal(kio_scan_classify(big, sizeof big, "https://x", NULL, value, sizeof value),
	                 KIO_SCAN_REFUSED);
	assert_string_equal(value, "scan.unreadable");
	(void)state;
}

/* The keyboard wedge: a burst ended by Enter is a scan; a person typing
 * slowly, a short burst and an over-long one are not. */
static void test_scanner_keyboard(void **state)
{
	kio_scanner_t *sc = NULL;
	char out[KIO_SCANNER_TEXT_MAX];
	assert_int_equal(kio_scanner_open("keyboard", &sc), KIO_OK);
	const char *url = "https://verify.example/v/b1000001";
	uint64_t t = 1000;
	for (const char *p = url; *p; p++, t += 8)
		kio_scanner_key(sc, *p, t);
	kio_scanner_key(sc, '\n', t);
	assert_true(kio_scanner_take(sc, out, sizeof out));
	assert_string_equal(out, url);
	assert_false(kio_scanner_take(sc, out, sizeof out));
	/* A person: 150 ms between keys. */
	for (const char *p = url; *p; p++, t += 150)
		kio_scanner_key(sc, *p, t);
	kio_scanner_key(sc, '\n', t);
	assert_false(kio_scanner_take(sc, out, sizeof out));
	/* A pause in the middle drops what came before it. */
	t += 1000;
	for (const char *p = "xxxx"; *p; p++, t += 5)
		kio_scanner_key(sc, *p, t);
	t += 500;
	for (const char *p = url; *p; p++, t += 5)
		kio_scanner_key(sc, *p, t);
	kio_scanner_key(sc, '\n', t + 5);
	assert_true(kio_scanner_take(sc, out, sizeof out));
	assert_string_equal(out, url);
	/* Too short; Enter after a pause. */
	kio_scanner_inject(sc, "1234", t);
	assert_false(kio_scanner_take(sc, out, sizeof out));
	for (const char *p = url; *p; p++, t += 5)
		kio_scanner_key(sc, *p, t);
	kio_scanner_key(sc, '\n', t + 400);
	assert_false(kio_scanner_take(sc, out, sizeof out));
	/* Over-long: dropped whole, never cut. */
	for (int i = 0; i < KIO_SCANNER_TEXT_MAX + 50; i++)
		kio_scanner_key(sc, 'a', t);
	kio_scanner_key(sc, '\n', t);
	assert_false(kio_scanner_take(sc, out, sizeof out));
	/* The queue keeps the newest few. */
	for (int i = 0; i < KIO_SCANNER_QUEUE + 2; i++) {
		char s[32];
		snprintf(s, sizeof s, "https://x/v/%08d", i);
		kio_scanner_inject(sc, s, t);
	}
	assert_true(kio_scanner_take(sc, out, sizeof out));
	assert_string_equal(out, "https://x/v/00000002");
	kio_scanner_close(sc);
	assert_int_equal(kio_scanner_open("laser", &sc), KIO_ERR_INVAL);
	assert_null(sc);
	(void)state;
}

static void test_scanner_fake(void **state)
{
	kio_scanner_t *sc = NULL;
	char out[KIO_SCANNER_TEXT_MAX];
	assert_int_equal(kio_scanner_open("fake", &sc), KIO_OK);
	assert_string_equal(kio_scanner_driver(sc), "fake");
	kio_scanner_key(sc, 'a', 1); /* keys are not scans here */
	kio_scanner_key(sc, '\n', 1);
	assert_false(kio_scanner_take(sc, out, sizeof out));
	kio_scanner_inject(sc, "ab", 1); /* exactly as given, however short */
	assert_true(kio_scanner_take(sc, out, sizeof out));
	assert_string_equal(out, "ab");
	kio_scanner_close(sc);
	kio_scanner_close(NULL);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_poll_interval, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_countdown_expiry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_screen_times_out, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_confirmed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_back_while_polling, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_v1_server, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scans, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_claim_refused, setup, teardown),
	    cmocka_unit_test(test_classify),
	    cmocka_unit_test(test_scanner_keyboard),
	    cmocka_unit_test(test_scanner_fake),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
