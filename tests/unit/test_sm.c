/*
 * test_sm.c — the state machine, driven by events with a fake clock.
 *
 * Each test walks a citizen (or technician) through a path and asserts the
 * screen, the view-model fields and the effects the kiosk must carry out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/sm.h"

#define NIK_OK "1610015708900001"
/* Bounded copy into a fixed field. */
#define SET(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

typedef struct {
	kio_sm_t *sm;
	kio_effects_t fx;
	uint64_t now;
	kio_app_page_t page;
} fixture_t;

static int setup(void **state)
{
	fixture_t *f = calloc(1, sizeof *f);
	f->sm = kio_sm_new(60, 15, "id");
	f->now = 1000;
	/* One application with a printable and a used-up document. */
	kio_application_t *a = &f->page.apps[0];
	f->page.napps = 1;
	SET(a->code, "OI-2026-000123");
	SET(a->service, "Penerbitan Kartu Keluarga");
	a->ndocs = 2;
	SET(a->docs[0].id, "d1");
	SET(a->docs[0].title, "Kartu Keluarga");
	a->docs[0].pages = 1;
	a->docs[0].adm_printable = true;
	a->docs[0].prints_allowed = 1;
	SET(a->docs[1].id, "d2");
	a->docs[1].adm_printable = true;
	a->docs[1].prints_allowed = 1;
	a->docs[1].prints_used = 1;
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

static void send(fixture_t *f, kio_sm_event_t ev)
{
	ev.now_ms = f->now;
	kio_sm_handle(f->sm, &ev, &f->fx);
}

static void intent(fixture_t *f, kio_intent_t in)
{
	send(f, kio_sm_intent(in, f->now));
}

static void type(fixture_t *f, const char *s)
{
	for (; *s; s++) {
		kio_sm_event_t ev = kio_sm_intent(KIO_IN_CHAR, f->now);
		ev.u.in.ch = *s;
		send(f, ev);
	}
}

static const kio_effect_t *find_fx(fixture_t *f, kio_effect_kind_t kind)
{
	for (int i = 0; i < f->fx.n; i++)
		if (f->fx.fx[i].kind == kind)
			return &f->fx.fx[i];
	return NULL;
}

static void tick(fixture_t *f, uint64_t ms)
{
	f->now += ms;
	send(f, kio_sm_tick(f->now));
}

/* Logs in and lands on the list with the fixture's page. */
static void login_to_list(fixture_t *f)
{
	intent(f, KIO_IN_START);
	type(f, NIK_OK);
	intent(f, KIO_IN_NEXT);
	type(f, "rahasia1");
	intent(f, KIO_IN_LOGIN);
	kio_sm_event_t ev = {.kind = KIO_EV_LOGIN_DONE};
	SET(ev.u.login.citizen.name, "SITI AMINAH");
	send(f, ev);
	kio_sm_event_t lv = {.kind = KIO_EV_LIST_DONE};
	lv.u.list.page = &f->page;
	send(f, lv);
}

static void test_idle_to_login_and_back(void **state)
{
	fixture_t *f = *state;
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	intent(f, KIO_IN_START);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOGIN);
	assert_non_null(find_fx(f, KIO_FX_SCREEN));
	type(f, "16a10");
	assert_string_equal(f->sm->login.nik, "1610"); /* letters ignored */
	intent(f, KIO_IN_BACKSPACE);
	assert_string_equal(f->sm->login.nik, "161");
	intent(f, KIO_IN_BACK);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	assert_int_equal(f->sm->login.nik_len, 0);
}

static void test_nik_checked_before_request(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_START);
	type(f, "1610");
	intent(f, KIO_IN_NEXT);
	assert_string_equal(f->sm->login.message_key, "nik.length");
	assert_int_equal(f->sm->login.step, KIO_LOGIN_NIK);
	intent(f, KIO_IN_CLEAR);
	type(f, "1610011308900000"); /* serial 0000 */
	intent(f, KIO_IN_NEXT);
	assert_string_equal(f->sm->login.message_key, "nik.serial");
	intent(f, KIO_IN_CLEAR);
	type(f, NIK_OK "99"); /* capped at 16 digits */
	assert_int_equal(f->sm->login.nik_len, 16);
	intent(f, KIO_IN_NEXT);
	assert_int_equal(f->sm->login.step, KIO_LOGIN_PASSWORD);
	assert_null(find_fx(f, KIO_FX_LOGIN));
}

static void test_login_success_masks_and_wipes(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_START);
	type(f, NIK_OK);
	intent(f, KIO_IN_NEXT);
	intent(f, KIO_IN_LOGIN); /* empty password */
	assert_string_equal(f->sm->login.message_key, "password.empty");
	type(f, "1234567"); /* seven: refused here, before any request */
	intent(f, KIO_IN_LOGIN);
	assert_string_equal(f->sm->login.message_key, "password.short");
	assert_null(find_fx(f, KIO_FX_LOGIN));
	assert_int_equal(f->sm->login.password_len, 0);
	type(f, "Rahasia 1");
	intent(f, KIO_IN_LOGIN);
	const kio_effect_t *e = find_fx(f, KIO_FX_LOGIN);
	assert_non_null(e);
	assert_string_equal(e->nik, NIK_OK);
	assert_string_equal(e->password, "Rahasia 1");
	assert_int_equal(f->sm->login.password_len, 0);
	assert_int_equal(f->sm->login.password[0], 0);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOADING);
	assert_string_equal(f->sm->loading_key, "loading.login");

	kio_sm_event_t ev = {.kind = KIO_EV_LOGIN_DONE};
	SET(ev.u.login.citizen.name, "SITI AMINAH");
	SET(ev.u.login.citizen.nik_masked, "9999999999999999"); /* bad server */
	send(f, ev);
	assert_true(f->sm->in_session);
	assert_string_equal(f->sm->citizen.nik_masked, "1610**********01");
	assert_string_equal(f->sm->login.nik, ""); /* wiped after login */
	const kio_effect_t *lg = find_fx(f, KIO_FX_LOG);
	assert_non_null(lg);
	assert_string_equal(lg->log_type, "session.login");
	assert_string_equal(lg->nik, "1610**********01");
	e = find_fx(f, KIO_FX_LIST);
	assert_non_null(e);
	assert_int_equal(e->page, 1);
}

static void test_login_errors_shown(void **state)
{
	static const struct {
		const char *code;
		kio_login_step_t back_to;
	} cases[] = {
	    {"invalid_credentials", KIO_LOGIN_PASSWORD},
	    {"not_verified", KIO_LOGIN_NIK},
	    {"locked", KIO_LOGIN_NIK},
	    {"too_many_attempts", KIO_LOGIN_PASSWORD},
	};
	fixture_t *f = *state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		intent(f, KIO_IN_START);
		type(f, NIK_OK);
		intent(f, KIO_IN_NEXT);
		type(f, "rahasia1");
		intent(f, KIO_IN_LOGIN);
		kio_sm_event_t ev = {.kind = KIO_EV_LOGIN_DONE, .err = KIO_ERR_API};
		SET(ev.u.login.api_code, cases[i].code);
		ev.u.login.retry_after_s = 120;
		send(f, ev);
		char key[64];
		snprintf(key, sizeof key, "api.%s", cases[i].code);
		assert_int_equal(f->sm->screen, KIO_SCREEN_LOGIN);
		assert_string_equal(f->sm->login.message_key, key);
		assert_int_equal(f->sm->login.step, cases[i].back_to);
		assert_int_equal(f->sm->login.wait_s, 120);
		const kio_effect_t *lg = find_fx(f, KIO_FX_LOG);
		assert_non_null(lg);
		assert_string_equal(lg->log_type, "session.login_failed");
		assert_string_equal(lg->value, cases[i].code);
		assert_null(strstr(lg->nik, NIK_OK));
		f->now += 1000;
		send(f, kio_sm_intent(KIO_IN_BACK, f->now));
		send(f, kio_sm_intent(KIO_IN_BACK, f->now));
		assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	}
}

static void test_transport_error_on_login(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_START);
	type(f, NIK_OK);
	intent(f, KIO_IN_NEXT);
	type(f, "rahasia1");
	intent(f, KIO_IN_LOGIN);
	kio_sm_event_t ev = {.kind = KIO_EV_LOGIN_DONE, .err = KIO_ERR_NET_CONNECT};
	send(f, ev);
	assert_string_equal(f->sm->login.message_key, "error.net_connect");
}

static void test_local_throttle(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_START);
	type(f, NIK_OK);
	intent(f, KIO_IN_NEXT);
	for (int i = 0; i < KIO_LOCAL_FAIL_MAX; i++) {
		type(f, "wrong123");
		intent(f, KIO_IN_LOGIN);
		assert_non_null(find_fx(f, KIO_FX_LOGIN));
		kio_sm_event_t ev = {.kind = KIO_EV_LOGIN_DONE, .err = KIO_ERR_API};
		SET(ev.u.login.api_code, "invalid_credentials");
		send(f, ev);
		f->now += 1000;
	}
	/* The sixth attempt never leaves the kiosk. */
	type(f, "wrong123");
	intent(f, KIO_IN_LOGIN);
	assert_null(find_fx(f, KIO_FX_LOGIN));
	assert_string_equal(f->sm->login.message_key, "api.local_throttle");
	/* ... and logged like a refused login, the NIK masked */
	const kio_effect_t *lg = find_fx(f, KIO_FX_LOG);
	assert_non_null(lg);
	assert_string_equal(lg->log_type, "session.login_failed");
	assert_string_equal(lg->value, "local_throttle");
	assert_null(strstr(lg->nik, NIK_OK));
	assert_non_null(strstr(lg->nik, "**"));
	assert_true(f->sm->login.wait_s > 0 && f->sm->login.wait_s <= KIO_LOCAL_FAIL_WINDOW_S);
	/* After the window it may try again (the inactivity logout intervenes
	 * in real life; keep touching the screen to stay). */
	for (int i = 0; i < 12; i++) {
		f->now += 50000;
		intent(f, KIO_IN_TOGGLE_SHOW);
	}
	type(f, "right123");
	intent(f, KIO_IN_LOGIN);
	assert_non_null(find_fx(f, KIO_FX_LOGIN));
}

/* The worker's answer to the preview on screen: verified, page 1 drawn. */
static void preview_ok(fixture_t *f)
{
	kio_sm_event_t ev = {.kind = KIO_EV_PREVIEW_DONE, .seq = f->sm->preview.seq};
	ev.u.print.image = true;
	ev.u.print.pages = 1;
	send(f, ev);
}

/* A preview that fails verification: its own text, no reservation asked. */
static void test_preview_refusals(void **state)
{
	static const struct {
		int err;
		const char *reason, *key;
	} cases[] = {
	    {KIO_ERR_DOC_INACTIVE, "doc_invalid", "error.doc_invalid"},
	    {KIO_ERR_DOC_INACTIVE, "doc_inactive", "error.doc_inactive"},
	    {KIO_ERR_DOC_HASH, "doc_hash", "error.doc_hash"},
	};
	fixture_t *f = *state;
	login_to_list(f);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kio_sm_event_t sel = kio_sm_intent(KIO_IN_SELECT_DOC, f->now);
		SET(sel.u.in.text, "d1");
		send(f, sel);
		assert_int_equal(f->sm->screen, KIO_SCREEN_CONFIRM);
		int seq = f->sm->preview.seq;
		kio_sm_event_t pg = {.kind = KIO_EV_PREVIEW_PROGRESS, .seq = seq};
		pg.u.progress.step = KIO_PSTEP_DOWNLOADING;
		pg.u.progress.percent = 30;
		send(f, pg);
		assert_int_equal(f->sm->preview.percent, 30);
		/* an answer to an earlier preview changes nothing */
		kio_sm_event_t stale = {.kind = KIO_EV_PREVIEW_DONE, .seq = seq - 1};
		send(f, stale);
		assert_false(f->sm->preview.ready);
		kio_sm_event_t done = {
		    .kind = KIO_EV_PREVIEW_DONE, .seq = seq, .err = cases[i].err};
		SET(done.u.print.reason, cases[i].reason);
		send(f, done);
		assert_int_equal(f->sm->screen, KIO_SCREEN_ERROR);
		assert_string_equal(f->sm->error.key, cases[i].key);
		assert_true(f->sm->error.credit_kept);
		assert_non_null(find_fx(f, KIO_FX_PREVIEW_DROP));
		assert_null(find_fx(f, KIO_FX_PRINT));
		intent(f, KIO_IN_PRINT); /* nothing to print from the error screen */
		assert_null(find_fx(f, KIO_FX_PRINT));
		intent(f, KIO_IN_DISMISS);
		assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
	}
	/* Back from a preview under way drops it; its late answer is ignored. */
	kio_sm_event_t sel = kio_sm_intent(KIO_IN_SELECT_DOC, f->now);
	SET(sel.u.in.text, "d1");
	send(f, sel);
	int seq = f->sm->preview.seq;
	intent(f, KIO_IN_BACK);
	assert_non_null(find_fx(f, KIO_FX_PREVIEW_DROP));
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
	kio_sm_event_t late = {.kind = KIO_EV_PREVIEW_DONE, .seq = seq};
	send(f, late);
	assert_false(f->sm->preview.ready);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
}

/* The missing-document help opens from the list and goes back to it. */
static void test_missing_help(void **state)
{
	fixture_t *f = *state;
	login_to_list(f);
	intent(f, KIO_IN_MISSING);
	assert_int_equal(f->sm->screen, KIO_SCREEN_MISSING);
	assert_string_equal(kio_screen_name(KIO_SCREEN_MISSING), "missing");
	intent(f, KIO_IN_BACK);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
	assert_true(f->sm->in_session);
	intent(f, KIO_IN_MISSING);
	intent(f, KIO_IN_LOGOUT);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	assert_false(f->sm->in_session);
}

static void test_list_select_confirm_print_done(void **state)
{
	fixture_t *f = *state;
	login_to_list(f);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
	assert_int_equal(f->sm->page->napps, 1);

	kio_sm_event_t sel = kio_sm_intent(KIO_IN_SELECT_DOC, f->now);
	SET(sel.u.in.text, "d2"); /* used up: not selectable */
	send(f, sel);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
	SET(sel.u.in.text, "nope");
	send(f, sel);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
	SET(sel.u.in.text, "d1");
	send(f, sel);
	assert_int_equal(f->sm->screen, KIO_SCREEN_CONFIRM);
	assert_string_equal(f->sm->selected_app, "OI-2026-000123");
	const kio_effect_t *pv = find_fx(f, KIO_FX_PREVIEW);
	assert_non_null(pv);
	assert_string_equal(pv->doc.id, "d1");
	/* Not verified yet: "Cetak" reserves nothing. */
	intent(f, KIO_IN_PRINT);
	assert_null(find_fx(f, KIO_FX_PRINT));
	assert_int_equal(f->sm->screen, KIO_SCREEN_CONFIRM);
	preview_ok(f);
	assert_true(f->sm->preview.ready);

	intent(f, KIO_IN_PRINT);
	assert_int_equal(f->sm->screen, KIO_SCREEN_PRINTING);
	const kio_effect_t *p = find_fx(f, KIO_FX_PRINT);
	assert_non_null(p);
	assert_string_equal(p->doc.id, "d1");
	assert_string_equal(p->app_code, "OI-2026-000123");
	assert_true(f->sm->printing.can_cancel);

	kio_sm_event_t pr = {.kind = KIO_EV_PRINT_PROGRESS};
	pr.u.progress.step = KIO_PSTEP_DOWNLOADING;
	pr.u.progress.percent = 40;
	send(f, pr);
	assert_int_equal(f->sm->printing.percent, 40);
	assert_true(f->sm->printing.can_cancel);
	pr.u.progress.step = KIO_PSTEP_PRINTING;
	pr.u.progress.pages_done = 0;
	pr.u.progress.pages_total = 1;
	send(f, pr);
	assert_false(f->sm->printing.can_cancel);
	intent(f, KIO_IN_CANCEL);
	assert_null(find_fx(f, KIO_FX_CANCEL_PRINT));

	/* No inactivity logout while paper may be moving. */
	tick(f, 200000);
	assert_int_equal(f->sm->screen, KIO_SCREEN_PRINTING);

	kio_sm_event_t done = {.kind = KIO_EV_PRINT_DONE};
	send(f, done);
	assert_int_equal(f->sm->screen, KIO_SCREEN_DONE);
	assert_int_equal(f->sm->page->apps[0].docs[0].prints_used, 1);
	intent(f, KIO_IN_FINISH);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	assert_non_null(find_fx(f, KIO_FX_LOGOUT));
	assert_non_null(find_fx(f, KIO_FX_WIPE));
	assert_false(f->sm->in_session);
	assert_string_equal(f->sm->citizen.name, "");
	assert_int_equal(f->sm->page->napps, 0);
}

static void test_cancel_before_submit(void **state)
{
	fixture_t *f = *state;
	login_to_list(f);
	kio_sm_event_t sel = kio_sm_intent(KIO_IN_SELECT_DOC, f->now);
	SET(sel.u.in.text, "d1");
	send(f, sel);
	preview_ok(f);
	intent(f, KIO_IN_PRINT);
	intent(f, KIO_IN_CANCEL);
	assert_non_null(find_fx(f, KIO_FX_CANCEL_PRINT));
	assert_false(f->sm->printing.can_cancel);
	kio_sm_event_t done = {.kind = KIO_EV_PRINT_DONE, .err = KIO_ERR_CANCELED};
	send(f, done);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
}

static void test_printer_fault_keeps_credit(void **state)
{
	fixture_t *f = *state;
	login_to_list(f);
	kio_sm_event_t sel = kio_sm_intent(KIO_IN_SELECT_DOC, f->now);
	SET(sel.u.in.text, "d1");
	send(f, sel);
	preview_ok(f);
	intent(f, KIO_IN_PRINT);
	kio_sm_event_t done = {.kind = KIO_EV_PRINT_DONE, .err = KIO_ERR_PRINTER};
	SET(done.u.print.reason, "paper_out");
	done.u.print.credit_kept = true;
	send(f, done);
	assert_int_equal(f->sm->screen, KIO_SCREEN_ERROR);
	assert_string_equal(f->sm->error.key, "printer.paper_out");
	assert_true(f->sm->error.credit_kept);
	assert_int_equal(f->sm->page->apps[0].docs[0].prints_used, 0);
	intent(f, KIO_IN_DISMISS);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
}

static void test_print_refused_when_not_ready(void **state)
{
	fixture_t *f = *state;
	login_to_list(f);
	kio_sm_event_t st = {.kind = KIO_EV_STORE_STATUS};
	st.u.status.ok = false;
	send(f, st);
	kio_sm_event_t sel = kio_sm_intent(KIO_IN_SELECT_DOC, f->now);
	SET(sel.u.in.text, "d1");
	send(f, sel);
	preview_ok(f);
	intent(f, KIO_IN_PRINT);
	assert_null(find_fx(f, KIO_FX_PRINT));
	assert_string_equal(f->sm->error.key, "error.disk_full");
	assert_true(f->sm->error.credit_kept);
	intent(f, KIO_IN_DISMISS);
	st.u.status.ok = true;
	send(f, st);
	kio_sm_event_t ps = {.kind = KIO_EV_PRINTER_STATUS};
	SET(ps.u.status.condition, "paper_out");
	send(f, ps);
	send(f, sel);
	preview_ok(f);
	intent(f, KIO_IN_PRINT);
	assert_null(find_fx(f, KIO_FX_PRINT));
	assert_string_equal(f->sm->error.key, "printer.paper_out");
}

static void test_list_error_logs_out(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_START);
	type(f, NIK_OK);
	intent(f, KIO_IN_NEXT);
	type(f, "rahasia1");
	intent(f, KIO_IN_LOGIN);
	kio_sm_event_t ev = {.kind = KIO_EV_LOGIN_DONE};
	send(f, ev);
	kio_sm_event_t lv = {.kind = KIO_EV_LIST_DONE, .err = KIO_ERR_NET_PROTOCOL};
	send(f, lv);
	assert_int_equal(f->sm->screen, KIO_SCREEN_ERROR);
	assert_string_equal(f->sm->error.key, "error.net_protocol");
	intent(f, KIO_IN_DISMISS);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	assert_non_null(find_fx(f, KIO_FX_WIPE));
}

static void test_paging(void **state)
{
	fixture_t *f = *state;
	f->page.next_page = 2;
	login_to_list(f);
	intent(f, KIO_IN_PAGE_PREV);
	assert_null(find_fx(f, KIO_FX_LIST));
	intent(f, KIO_IN_PAGE_NEXT);
	const kio_effect_t *e = find_fx(f, KIO_FX_LIST);
	assert_non_null(e);
	assert_int_equal(e->page, 2);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LOADING);
	f->page.next_page = 0;
	kio_sm_event_t lv = {.kind = KIO_EV_LIST_DONE};
	lv.u.list.page = &f->page;
	send(f, lv);
	assert_int_equal(f->sm->page_no, 2);
	intent(f, KIO_IN_PAGE_PREV);
	e = find_fx(f, KIO_FX_LIST);
	assert_non_null(e);
	assert_int_equal(e->page, 1);
}

static void test_scroll_clamped(void **state)
{
	fixture_t *f = *state;
	login_to_list(f);
	kio_sm_event_t s = kio_sm_intent(KIO_IN_SCROLL, f->now);
	s.u.in.n = -500;
	send(f, s);
	assert_int_equal(f->sm->scroll_px, 0);
	s.u.in.n = 300;
	send(f, s);
	assert_int_equal(f->sm->scroll_px, 300);
	/* The help for a missing document scrolls on its own (large text):
	 * back on the list, the citizen is where they left it. */
	intent(f, KIO_IN_MISSING);
	assert_int_equal(f->sm->screen, KIO_SCREEN_MISSING);
	s.u.in.n = 250;
	send(f, s);
	s.u.in.n = -100;
	send(f, s);
	assert_int_equal(f->sm->view_scroll_px, 150);
	assert_int_equal(f->sm->scroll_px, 300);
	s.u.in.n = -1000;
	send(f, s);
	assert_int_equal(f->sm->view_scroll_px, 0);
	s.u.in.n = 400;
	send(f, s);
	intent(f, KIO_IN_BACK);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
	assert_int_equal(f->sm->scroll_px, 300);
	intent(f, KIO_IN_MISSING);
	assert_int_equal(f->sm->view_scroll_px, 0); /* from the top again */
}

static void test_inactivity_warning_then_logout(void **state)
{
	fixture_t *f = *state;
	login_to_list(f);
	assert_int_equal(kio_sm_next_deadline_ms(f->sm), 60000);
	tick(f, 59000);
	assert_false(f->sm->warning);
	tick(f, 1000);
	assert_true(f->sm->warning);
	assert_int_equal(f->sm->warning_left_s, 15);
	tick(f, 5000);
	assert_int_equal(f->sm->warning_left_s, 10);
	intent(f, KIO_IN_STAY);
	assert_false(f->sm->warning);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
	tick(f, 60000);
	assert_true(f->sm->warning);
	tick(f, 15000);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	assert_non_null(find_fx(f, KIO_FX_WIPE));
	const kio_effect_t *lg = find_fx(f, KIO_FX_LOG);
	assert_non_null(lg);
	assert_string_equal(lg->log_type, "session.logout");
	assert_string_equal(lg->value, "inactivity");
	assert_false(f->sm->in_session);
	assert_int_equal(kio_sm_next_deadline_ms(f->sm), -1);
}

static void test_config_change_takes_effect(void **state)
{
	fixture_t *f = *state;
	kio_sm_event_t c = {.kind = KIO_EV_CONFIG_CHANGED};
	c.u.config.inactivity_s = 90;
	SET(c.u.config.language, "en");
	send(f, c);
	assert_string_equal(f->sm->language, "en");
	intent(f, KIO_IN_START);
	tick(f, 60000);
	assert_false(f->sm->warning);
	tick(f, 30000);
	assert_true(f->sm->warning);
}

static void pin_attempt(fixture_t *f, const char *pin, bool ok)
{
	type(f, pin);
	kio_sm_event_t ev = kio_sm_intent(KIO_IN_PIN_SUBMIT, f->now);
	ev.wall_s = 1700000000 + (int64_t)(f->now / 1000);
	send(f, ev);
	if (!find_fx(f, KIO_FX_VERIFY_PIN))
		return;
	kio_sm_event_t r = {.kind = KIO_EV_PIN_DONE};
	r.wall_s = ev.wall_s;
	r.u.pin.ok = ok;
	send(f, r);
}

static void test_technician_lockout(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_TECH_ENTRY);
	assert_int_equal(f->sm->screen, KIO_SCREEN_TECHNICIAN);
	assert_int_equal(f->sm->tech.page, KIO_TECH_PIN);
	pin_attempt(f, "1111", false);
	assert_string_equal(f->sm->tech.message_key, "tech.wrong_pin");
	pin_attempt(f, "2222", false);
	pin_attempt(f, "3333", false);
	assert_string_equal(f->sm->tech.message_key, "tech.locked");
	assert_true(f->sm->tech.locked_until_s > 0);
	assert_non_null(find_fx(f, KIO_FX_PERSIST_LOCK));
	assert_true(find_fx(f, KIO_FX_PERSIST_LOCK)->locked_until_s == f->sm->tech.locked_until_s);
	/* The right PIN during the lock is not even checked. */
	pin_attempt(f, "123456", true);
	assert_null(find_fx(f, KIO_FX_VERIFY_PIN));
	assert_int_equal(f->sm->tech.page, KIO_TECH_PIN);
	/* After five minutes the right PIN opens the menu. */
	f->now += (KIO_TECH_LOCK_S + 1) * 1000ull;
	pin_attempt(f, "123456", true);
	assert_int_equal(f->sm->tech.page, KIO_TECH_MENU);
	kio_sm_event_t pg = kio_sm_intent(KIO_IN_TECH_PAGE, f->now);
	pg.u.in.n = KIO_TECH_PRINTER;
	send(f, pg);
	assert_int_equal(f->sm->tech.page, KIO_TECH_PRINTER);
	assert_int_equal(find_fx(f, KIO_FX_TECH)->tech_cmd, KIO_TECH_CMD_PAGE);
	assert_int_equal(find_fx(f, KIO_FX_TECH)->tech_page, KIO_TECH_PRINTER);
	/* Inactivity also leaves technician mode. */
	tick(f, 80000);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	assert_int_equal(f->sm->tech.page, KIO_TECH_PIN);
}

/* Every wrong PIN is persisted, not only the lock; a count restored from an
 * earlier run counts toward the lock, and a success persists 0. */
static void test_technician_failures_persisted(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_TECH_ENTRY);
	pin_attempt(f, "1111", false);
	const kio_effect_t *p = find_fx(f, KIO_FX_PERSIST_LOCK);
	assert_non_null(p);
	assert_int_equal(p->pin_failures, 1);
	assert_true(p->locked_until_s == 0);
	kio_sm_event_t restored = {.kind = KIO_EV_LOCK_RESTORED};
	restored.u.lock.failures = 2; /* two from before a restart */
	send(f, restored);
	pin_attempt(f, "2222", false);
	assert_string_equal(f->sm->tech.message_key, "tech.locked");
	assert_true(f->sm->tech.locked_until_s > 0);
	p = find_fx(f, KIO_FX_PERSIST_LOCK);
	assert_non_null(p);
	assert_int_equal(p->pin_failures, 0);
	assert_true(p->locked_until_s == f->sm->tech.locked_until_s);
	f->now += (KIO_TECH_LOCK_S + 1) * 1000ull;
	pin_attempt(f, "3333", false);
	assert_int_equal(find_fx(f, KIO_FX_PERSIST_LOCK)->pin_failures, 1);
	pin_attempt(f, "123456", true);
	assert_int_equal(f->sm->tech.page, KIO_TECH_MENU);
	assert_int_equal(find_fx(f, KIO_FX_PERSIST_LOCK)->pin_failures, 0);
}

/* A lock persisted by an earlier run reaches the state machine as an event
 * (nothing else writes its struct): the right PIN is not even checked until
 * it has passed, and an older lock never shortens a newer one. */
static void test_technician_lock_restored(void **state)
{
	fixture_t *f = *state;
	kio_sm_event_t restored = {.kind = KIO_EV_LOCK_RESTORED};
	restored.u.lock.until_s = 1700000000 + 120;
	send(f, restored);
	assert_true(f->sm->tech.locked_until_s == 1700000000 + 120);
	restored.u.lock.until_s = 1700000000 + 10;
	send(f, restored);
	assert_true(f->sm->tech.locked_until_s == 1700000000 + 120);
	intent(f, KIO_IN_TECH_ENTRY);
	pin_attempt(f, "123456", true);
	assert_null(find_fx(f, KIO_FX_VERIFY_PIN));
	assert_string_equal(f->sm->tech.message_key, "tech.locked");
	f->now += 121 * 1000ull;
	pin_attempt(f, "123456", true);
	assert_int_equal(f->sm->tech.page, KIO_TECH_MENU);
}

static kio_sm_event_t tech_done(kio_tech_page_t page, const char *current)
{
	kio_sm_event_t r = {.kind = KIO_EV_TECH_DONE};
	static kio_facts_t facts;
	facts.n = 1;
	SET(facts.line[0].key, "tech.fact.queue");
	facts.line[0].n = 1;
	SET(facts.line[0].name[0], "queue");
	SET(facts.line[0].value[0], "ADM-HVS");
	r.u.tech.facts = &facts;
	r.u.tech.choices.page = page;
	SET(r.u.tech.choices.action, "queue");
	SET(r.u.tech.choices.current, current);
	r.u.tech.choices.n = 2;
	SET(r.u.tech.choices.value[0], "ADM-HVS");
	SET(r.u.tech.choices.value[1], "ADM-IPP");
	return r;
}

/* The printer page's queue buttons: they come from a worker with the page
 * they belong to, a late answer for another page is not shown, a choice
 * becomes a "queue" action, and leaving the page drops them. */
static void test_technician_choices(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_TECH_ENTRY);
	pin_attempt(f, "123456", true);
	kio_sm_event_t pg = kio_sm_intent(KIO_IN_TECH_PAGE, f->now);
	pg.u.in.n = KIO_TECH_PRINTER;
	send(f, pg);
	send(f, tech_done(KIO_TECH_PRINTER, "ADM-HVS"));
	assert_string_equal(f->sm->tech.report.line[0].value[0], "ADM-HVS");
	assert_int_equal(f->sm->tech.choices.n, 2);
	assert_string_equal(f->sm->tech.choices.current, "ADM-HVS");

	kio_sm_event_t ch = kio_sm_intent(KIO_IN_TECH_ACTION, f->now);
	SET(ch.u.in.text, "queue");
	SET(ch.u.in.value, "ADM-IPP");
	send(f, ch);
	const kio_effect_t *e = find_fx(f, KIO_FX_SET_CONFIG);
	assert_non_null(e);
	assert_string_equal(e->config_key, "printer.queue");
	assert_string_equal(e->value, "ADM-IPP");
	/* The saved answer refreshes the current one. */
	send(f, tech_done(KIO_TECH_PRINTER, "ADM-IPP"));
	assert_string_equal(f->sm->tech.choices.current, "ADM-IPP");

	pg.u.in.n = KIO_TECH_MEDIA;
	send(f, pg);
	assert_int_equal(f->sm->tech.choices.n, 0);
	/* The printer page's answer arriving late stays off the media page. */
	send(f, tech_done(KIO_TECH_PRINTER, "ADM-HVS"));
	assert_int_equal(f->sm->tech.choices.n, 0);
	assert_string_equal(f->sm->tech.report.line[0].value[0], "ADM-HVS");
	/* A hostile count is not trusted. */
	kio_sm_event_t bad = tech_done(KIO_TECH_MEDIA, "x");
	bad.u.tech.choices.n = 1000;
	send(f, bad);
	assert_int_equal(f->sm->tech.choices.n, 0);
	intent(f, KIO_IN_EXIT);
	assert_int_equal(f->sm->tech.choices.n, 0);
	assert_string_equal(f->sm->tech.choices.action, "");
}

/* The media page's number pad: digits typed become the sheets of the
 * "paper_loaded" command (a typed command with its value), then clear. */
static void test_technician_sheets(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_TECH_ENTRY);
	pin_attempt(f, "123456", true);
	kio_sm_event_t pg = kio_sm_intent(KIO_IN_TECH_PAGE, f->now);
	pg.u.in.n = KIO_TECH_MEDIA;
	send(f, pg);
	const char *digits = "0500";
	for (const char *c = digits; *c; c++) {
		kio_sm_event_t k = kio_sm_intent(KIO_IN_CHAR, f->now);
		k.u.in.ch = *c;
		send(f, k);
	}
	assert_string_equal(f->sm->tech.entry, "500"); /* no leading zero */
	kio_sm_event_t a = kio_sm_intent(KIO_IN_TECH_ACTION, f->now);
	SET(a.u.in.text, "paper_loaded");
	send(f, a);
	const kio_effect_t *e = find_fx(f, KIO_FX_TECH);
	assert_non_null(e);
	assert_int_equal(e->tech_cmd, KIO_TECH_CMD_PAPER_LOADED);
	assert_string_equal(e->value, "500");
	assert_string_equal(f->sm->tech.entry, "");
}

/* No sheets left by the count: the printer counts as unavailable, a
 * printer status does not undo it, a recorded refill does. */
static void test_paper_gate(void **state)
{
	fixture_t *f = *state;
	kio_sm_event_t p = {.kind = KIO_EV_PAPER_STATUS, .now_ms = f->now};
	p.u.paper.sheets_left = 0;
	p.u.paper.blocked = true;
	send(f, p);
	assert_false(f->sm->printer_ok);
	assert_string_equal(f->sm->printer_condition, "paper_count");
	kio_sm_event_t st = {.kind = KIO_EV_PRINTER_STATUS, .now_ms = f->now};
	st.u.status.ok = true;
	SET(st.u.status.condition, "ready");
	send(f, st);
	assert_false(f->sm->printer_ok);
	p.u.paper.sheets_left = 300;
	p.u.paper.blocked = false;
	send(f, p);
	assert_true(f->sm->printer_ok);
	assert_int_equal(f->sm->paper.sheets_left, 300);
}

static void test_officer_pin(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_OFFICER_ENTRY);
	assert_int_equal(f->sm->screen, KIO_SCREEN_OFFICER);
	type(f, "4321");
	kio_sm_event_t ev = kio_sm_intent(KIO_IN_PIN_SUBMIT, f->now);
	send(f, ev);
	const kio_effect_t *v = find_fx(f, KIO_FX_VERIFY_PIN);
	assert_non_null(v);
	assert_true(v->officer);
	assert_string_equal(v->password, "4321");
	assert_int_equal(f->sm->officer.pin_len, 0);
	kio_sm_event_t r = {.kind = KIO_EV_PIN_DONE};
	r.u.pin.ok = true;
	r.u.pin.officer = true;
	send(f, r);
	assert_true(f->sm->officer.unlocked);
	assert_int_equal(find_fx(f, KIO_FX_TECH)->tech_cmd, KIO_TECH_CMD_OFFICER_REPORT);
	/* A filter asks for the facts again, with that filter. */
	kio_sm_event_t fl = kio_sm_intent(KIO_IN_TECH_ACTION, f->now);
	SET(fl.u.in.text, "filter");
	SET(fl.u.in.value, "failures");
	send(f, fl);
	assert_int_equal(find_fx(f, KIO_FX_TECH)->officer_filter, KIO_LOG_FAILURES);
	/* The worker's facts are copied; a hostile count is not trusted. */
	static kio_officer_view_t view;
	view.docs = 7;
	view.nlines = 1000;
	kio_sm_event_t ve = {.kind = KIO_EV_OFFICER_VIEW, .now_ms = f->now};
	ve.u.officer.view = &view;
	send(f, ve);
	assert_int_equal(f->sm->officer.view.docs, 7);
	assert_int_equal(f->sm->officer.view.nlines, 0);
	SET(fl.u.in.text, "print_report");
	send(f, fl);
	assert_int_equal(find_fx(f, KIO_FX_TECH)->tech_cmd, KIO_TECH_CMD_PRINT_REPORT);
	intent(f, KIO_IN_EXIT);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	assert_false(f->sm->officer.unlocked);
}

static void test_no_tech_entry_during_session(void **state)
{
	fixture_t *f = *state;
	login_to_list(f);
	intent(f, KIO_IN_TECH_ENTRY);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(kio_screen_name(KIO_SCREEN_IDLE), "idle");
	assert_string_equal(kio_screen_name(KIO_SCREEN_OFFICER), "officer");
	assert_string_equal(kio_screen_name((kio_screen_t)99), "unknown");
	assert_string_equal(kio_intent_name(KIO_IN_EXIT), "exit");
	assert_string_equal(kio_intent_name(KIO_IN_PRINT), "print");
}

/* Large text, contrast and voice: toggled on any citizen screen, kept from
 * idle through the session, back to the kiosk's defaults when it ends; the
 * technician's screens ignore them. */
static void test_access_choices_last_the_session(void **state)
{
	fixture_t *f = *state;
	intent(f, KIO_IN_LARGE_TEXT);
	intent(f, KIO_IN_VOICE);
	assert_true(f->sm->access.large_text);
	assert_true(f->sm->access.voice);
	assert_false(f->sm->access.contrast);
	login_to_list(f);
	assert_int_equal(f->sm->screen, KIO_SCREEN_LIST);
	intent(f, KIO_IN_CONTRAST);
	assert_true(f->sm->access.large_text && f->sm->access.voice && f->sm->access.contrast);
	intent(f, KIO_IN_LOGOUT);
	assert_int_equal(f->sm->screen, KIO_SCREEN_IDLE);
	assert_false(f->sm->access.large_text || f->sm->access.voice || f->sm->access.contrast);
	/* The config can make voice the default: every new session starts with it. */
	kio_sm_event_t cc = {.kind = KIO_EV_CONFIG_CHANGED};
	cc.u.config.voice_default = 1;
	send(f, cc);
	assert_true(f->sm->access.voice);
	intent(f, KIO_IN_VOICE);
	assert_false(f->sm->access.voice);
	login_to_list(f);
	intent(f, KIO_IN_LOGOUT);
	assert_true(f->sm->access.voice);
	intent(f, KIO_IN_TECH_ENTRY);
	assert_int_equal(f->sm->screen, KIO_SCREEN_TECHNICIAN);
	intent(f, KIO_IN_LARGE_TEXT);
	assert_false(f->sm->access.large_text);
	assert_string_equal(kio_intent_name(KIO_IN_VOICE), "voice");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_idle_to_login_and_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nik_checked_before_request, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_success_masks_and_wipes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_errors_shown, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_transport_error_on_login, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_local_throttle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_select_confirm_print_done, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancel_before_submit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_printer_fault_keeps_credit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_print_refused_when_not_ready, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_error_logs_out, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scroll_clamped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_inactivity_warning_then_logout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_config_change_takes_effect, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_technician_lock_restored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_technician_failures_persisted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_technician_lockout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_technician_choices, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_technician_sheets, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paper_gate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_officer_pin, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_tech_entry_during_session, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_access_choices_last_the_session, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_preview_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_help, setup, teardown),
	    cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
