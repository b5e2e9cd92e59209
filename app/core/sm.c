/*
 * sm.c — the kiosk's screens and transitions (see sm.h for the contract);
 * the technician and officer part is sm-staff.c.
 *
 * Rules that matter for citizens and that this file enforces:
 *  - NIK rules are checked before any request (core/nik).
 *  - Password and PIN buffers are wiped as soon as their effect is emitted.
 *  - Inactivity on a session screen shows a countdown, then logs out and
 *    wipes; never while a print is in flight (paper may be coming out).
 *  - A print is only started when the printer and the print log are ready,
 *    so no print is ever unlogged.
 */
#include "core/sm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/nik.h"
#include "core/str.h"
#include "core/sm-private.h"

static const char *const screen_names[KIO_SCREEN__COUNT] = {
    "idle",  "login",      "loading", "list",  "confirm", "printing", "done",
    "error", "technician", "officer", "phone", "scan",    "missing",
};

static const char *const intent_names[KIO_IN__COUNT] = {
    "start",       "char",     "backspace",     "clear",         "next",       "toggle_show",
    "login",       "back",     "scroll",        "page_next",     "page_prev",  "select_doc",
    "print",       "cancel",   "print_another", "finish",        "logout",     "dismiss",
    "stay",        "language", "tech_entry",    "officer_entry", "pin_submit", "tech_page",
    "tech_action", "exit",     "large_text",    "contrast",      "voice",      "phone",
    "missing",
};

const char *kio_screen_name(kio_screen_t s)
{
	return (unsigned)s < KIO_SCREEN__COUNT ? screen_names[s] : "unknown";
}

const char *kio_intent_name(kio_intent_t in)
{
	return (unsigned)in < KIO_IN__COUNT ? intent_names[in] : "unknown";
}

kio_effect_t *kio_sm_push(kio_effects_t *fx, kio_effect_kind_t kind)
{
	if (fx->n >= KIO_FX_MAX)
		return NULL; /* cannot happen: no transition emits more than a few */
	kio_effect_t *e = &fx->fx[fx->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	return e;
}

void kio_sm_log_fx(kio_effects_t *fx, const char *type, const char *nik_masked, const char *reason)
{
	kio_effect_t *e = kio_sm_push(fx, KIO_FX_LOG);
	if (!e)
		return;
	KIO_COPY(e->log_type, type);
	KIO_COPY(e->nik, nik_masked); /* masked: the print log never holds a NIK */
	KIO_COPY(e->value, reason);
}

void kio_sm_go(kio_sm_t *sm, kio_screen_t to, kio_effects_t *fx)
{
	if (sm->screen == to)
		return;
	if (to == KIO_SCREEN_ERROR)
		sm->prev_screen = sm->screen;
	sm->screen = to;
	sm->warning = false;
	sm->view_scroll_px = 0;
	kio_effect_t *e = kio_sm_push(fx, KIO_FX_SCREEN);
	if (e)
		e->screen = to;
}

/* Not inlined: gcc 12 under -fsanitize misreads the struct's size through
 * its first member and warns (a false stringop-overflow). */
static __attribute__((noinline)) void wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}

static void wipe_login(kio_sm_t *sm)
{
	wipe(&sm->login, sizeof sm->login);
}

static void wipe_session(kio_sm_t *sm)
{
	wipe_login(sm);
	explicit_bzero(&sm->citizen, sizeof sm->citizen);
	if (sm->page)
		explicit_bzero(sm->page, sizeof *sm->page);
	explicit_bzero(&sm->selected, sizeof sm->selected);
	explicit_bzero(sm->selected_app, sizeof sm->selected_app);
	explicit_bzero(sm->selected_service, sizeof sm->selected_service);
	memset(&sm->printing, 0, sizeof sm->printing);
	memset(&sm->error, 0, sizeof sm->error);
	int seq = sm->preview.seq; /* answers of the old session stay stale */
	memset(&sm->preview, 0, sizeof sm->preview);
	sm->preview.seq = seq + 1;
	sm->in_session = false;
	sm->page_no = 0;
	sm->scroll_px = 0;
	sm->view_scroll_px = 0;
	/* The next citizen starts from the kiosk's defaults. */
	sm->access.large_text = false;
	sm->access.contrast = false;
	sm->access.voice = sm->access.voice_default;
}

kio_sm_t *kio_sm_new(int inactivity_s, int warning_s, const char *language)
{
	kio_sm_t *sm = calloc(1, sizeof *sm);
	if (!sm)
		return NULL;
	sm->page = calloc(1, sizeof *sm->page);
	if (!sm->page) {
		free(sm);
		return NULL;
	}
	sm->screen = KIO_SCREEN_IDLE;
	sm->inactivity_ms = (inactivity_s > 0 ? inactivity_s : 60) * 1000;
	sm->warning_ms = (warning_s > 0 ? warning_s : 15) * 1000;
	KIO_COPY(sm->language, language && *language ? language : "id");
	sm->printer_ok = true;
	KIO_COPY(sm->printer_condition, "ready");
	sm->server_ok = true;
	sm->store_ok = true;
	sm->paper.sheets_left = -1;
	sm->tech.page = KIO_TECH_PIN;
	return sm;
}

void kio_sm_free(kio_sm_t *sm)
{
	if (!sm)
		return;
	wipe_session(sm);
	explicit_bzero(&sm->tech, sizeof sm->tech);
	explicit_bzero(&sm->officer, sizeof sm->officer);
	explicit_bzero(&sm->phone, sizeof sm->phone); /* a login code */
	free(sm->page);
	free(sm);
}

kio_sm_event_t kio_sm_intent(kio_intent_t in, uint64_t now_ms)
{
	kio_sm_event_t ev;
	memset(&ev, 0, sizeof ev);
	ev.kind = KIO_EV_INTENT;
	ev.now_ms = now_ms;
	ev.u.in.intent = in;
	return ev;
}

kio_sm_event_t kio_sm_tick(uint64_t now_ms)
{
	kio_sm_event_t ev;
	memset(&ev, 0, sizeof ev);
	ev.kind = KIO_EV_TICK;
	ev.now_ms = now_ms;
	return ev;
}

const kio_document_t *kio_sm_find_doc(const kio_sm_t *sm, const char *id, int *app_index)
{
	if (!sm->page || !id)
		return NULL;
	for (int a = 0; a < sm->page->napps; a++)
		for (int d = 0; d < sm->page->apps[a].ndocs; d++)
			if (!strcmp(sm->page->apps[a].docs[d].id, id)) {
				if (app_index)
					*app_index = a;
				return &sm->page->apps[a].docs[d];
			}
	return NULL;
}

/* ---- inactivity ------------------------------------------------------- */

/* Screens where an idle person means the kiosk should take itself back. */
static bool watches_inactivity(const kio_sm_t *sm)
{
	switch (sm->screen) {
	case KIO_SCREEN_LOGIN:
	case KIO_SCREEN_LIST:
	case KIO_SCREEN_CONFIRM:
	case KIO_SCREEN_DONE:
	case KIO_SCREEN_ERROR:
	case KIO_SCREEN_TECHNICIAN:
	case KIO_SCREEN_OFFICER:
	case KIO_SCREEN_MISSING:
		return true;
	default:
		return false; /* idle, loading (bounded by its request), printing */
	}
}

int kio_sm_next_deadline_ms(const kio_sm_t *sm)
{
	if (sm->screen == KIO_SCREEN_PHONE || sm->screen == KIO_SCREEN_SCAN)
		return kio_sm_phone_deadline_ms(sm);
	if (!watches_inactivity(sm))
		return sm->screen == KIO_SCREEN_LOADING ? 50 : -1; /* spinner */
	uint64_t warn_at = sm->last_activity_ms + (uint64_t)sm->inactivity_ms;
	if (!sm->warning)
		return sm->now_ms >= warn_at ? 0 : (int)(warn_at - sm->now_ms);
	/* Countdown: wake on each second boundary so the number updates. */
	uint64_t end = warn_at + (uint64_t)sm->warning_ms;
	if (sm->now_ms >= end)
		return 0;
	uint64_t left = end - sm->now_ms;
	return (int)(left % 1000 ? left % 1000 : 1000);
}

static void logout(kio_sm_t *sm, kio_effects_t *fx, const char *reason)
{
	if (sm->in_session)
		kio_sm_log_fx(fx, "session.logout", sm->citizen.nik_masked, reason);
	kio_sm_push(fx, KIO_FX_LOGOUT);
	kio_sm_push(fx, KIO_FX_WIPE);
	wipe_session(sm);
	kio_sm_go(sm, KIO_SCREEN_IDLE, fx);
}

static void on_tick(kio_sm_t *sm, kio_effects_t *fx)
{
	if (!watches_inactivity(sm)) {
		sm->warning = false;
		return;
	}
	uint64_t warn_at = sm->last_activity_ms + (uint64_t)sm->inactivity_ms;
	uint64_t end = warn_at + (uint64_t)sm->warning_ms;
	if (sm->now_ms < warn_at) {
		sm->warning = false;
		return;
	}
	if (sm->now_ms >= end) {
		if (sm->screen == KIO_SCREEN_TECHNICIAN || sm->screen == KIO_SCREEN_OFFICER)
			kio_sm_leave_service_mode(sm, fx);
		else
			logout(sm, fx, "inactivity");
		return;
	}
	sm->warning = true;
	sm->warning_left_s = (int)((end - sm->now_ms + 999) / 1000);
}

/* ---- local login throttle ------------------------------------------------ */

static uint64_t nik_hash(const char *nik)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a: a slot key, not a secret */
	for (; *nik; nik++)
		h = (h ^ (unsigned char)*nik) * 1099511628211ull;
	return h;
}

static int local_wait_s(kio_sm_t *sm, const char *nik)
{
	uint64_t h = nik_hash(nik);
	for (int i = 0; i < KIO_LOCAL_FAIL_SLOTS; i++) {
		if (sm->local_fail[i].nik_hash != h)
			continue;
		uint64_t until = sm->local_fail[i].first_ms + KIO_LOCAL_FAIL_WINDOW_S * 1000ull;
		if (sm->now_ms >= until) {
			memset(&sm->local_fail[i], 0, sizeof sm->local_fail[i]);
			return 0;
		}
		if (sm->local_fail[i].failures >= KIO_LOCAL_FAIL_MAX)
			return (int)((until - sm->now_ms + 999) / 1000);
		return 0;
	}
	return 0;
}

static void local_fail(kio_sm_t *sm, const char *nik)
{
	uint64_t h = nik_hash(nik);
	int slot = -1, oldest = 0;
	for (int i = 0; i < KIO_LOCAL_FAIL_SLOTS; i++) {
		if (sm->local_fail[i].nik_hash == h) {
			slot = i;
			break;
		}
		if (sm->local_fail[i].first_ms < sm->local_fail[oldest].first_ms)
			oldest = i;
	}
	if (slot < 0) {
		slot = oldest;
		sm->local_fail[slot].nik_hash = h;
		sm->local_fail[slot].failures = 0;
		sm->local_fail[slot].first_ms = sm->now_ms;
	}
	sm->local_fail[slot].failures++;
}

/* ---- results ------------------------------------------------------------- */

static void set_key(char *dst, size_t cap, const char *prefix, const char *name)
{
	snprintf(dst, cap, "%s.%s", prefix, name);
}

void kio_sm_error_screen(kio_sm_t *sm, kio_effects_t *fx, const char *key, bool credit_kept,
                         bool logout_after, const char *server_message)
{
	KIO_COPY(sm->error.key, key);
	KIO_COPY(sm->error.server_message, server_message);
	sm->error.credit_kept = credit_kept;
	sm->error.logout_after = logout_after;
	kio_sm_go(sm, KIO_SCREEN_ERROR, fx);
}

static void start_loading(kio_sm_t *sm, kio_effects_t *fx, const char *key)
{
	KIO_COPY(sm->loading_key, key);
	sm->loading_since_ms = sm->now_ms;
	kio_sm_go(sm, KIO_SCREEN_LOADING, fx);
}

static void request_list(kio_sm_t *sm, kio_effects_t *fx, int page)
{
	kio_effect_t *e = kio_sm_push(fx, KIO_FX_LIST);
	if (e)
		e->page = page;
	sm->page_no = page;
	start_loading(sm, fx, "loading.list");
}

void kio_sm_request_list(kio_sm_t *sm, kio_effects_t *fx, int page)
{
	request_list(sm, fx, page);
}

void kio_sm_start_loading(kio_sm_t *sm, kio_effects_t *fx, const char *key)
{
	start_loading(sm, fx, key);
}

static void on_login_done(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	if (sm->screen != KIO_SCREEN_LOADING || sm->in_session)
		return;
	if (ev->err == 0) {
		sm->in_session = true;
		sm->citizen = ev->u.login.citizen;
		/* The server's mask is shown only if it matches ours; never trust
		 * a server to mask for us. */
		kio_nik_mask(sm->login.nik, sm->citizen.nik_masked);
		kio_sm_log_fx(fx, "session.login", sm->citizen.nik_masked, "");
		wipe_login(sm);
		request_list(sm, fx, 1);
		return;
	}
	char masked[KIO_NIK_BUF];
	kio_nik_mask(sm->login.nik, masked);
	const char *code = ev->u.login.api_code;
	if (*code) {
		set_key(sm->login.message_key, sizeof sm->login.message_key, "api", code);
		if (!strcmp(code, "invalid_credentials"))
			local_fail(sm, sm->login.nik);
	} else {
		set_key(sm->login.message_key, sizeof sm->login.message_key, "error",
		        kio_err_name((kio_err_t)ev->err));
	}
	kio_sm_log_fx(fx, "session.login_failed", masked,
	              *code ? code : kio_err_name((kio_err_t)ev->err));
	KIO_COPY(sm->login.server_message, ev->u.login.message);
	sm->login.wait_s = ev->u.login.retry_after_s;
	explicit_bzero(sm->login.password, sizeof sm->login.password);
	sm->login.password_len = 0;
	sm->login.step = KIO_LOGIN_PASSWORD;
	/* Not verified or locked: a new password will not help; start over. */
	if (!strcmp(code, "not_verified") || !strcmp(code, "locked") ||
	    !strcmp(code, "invalid_nik"))
		sm->login.step = KIO_LOGIN_NIK;
	kio_sm_go(sm, KIO_SCREEN_LOGIN, fx);
}

static void on_list_done(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	if (sm->screen != KIO_SCREEN_LOADING || !sm->in_session)
		return;
	if (ev->err == 0 && ev->u.list.page) {
		*sm->page = *ev->u.list.page;
		sm->scroll_px = 0;
		kio_sm_go(sm, KIO_SCREEN_LIST, fx);
		return;
	}
	char key[48];
	if (ev->u.list.api_code[0])
		set_key(key, sizeof key, "api", ev->u.list.api_code);
	else
		set_key(key, sizeof key, "error", kio_err_name((kio_err_t)(ev->err ? ev->err : 1)));
	/* Without a list there is nothing to do in the session. */
	kio_sm_error_screen(sm, fx, key, false, true, ev->u.list.message);
}

static void on_print_progress(kio_sm_t *sm, const kio_sm_event_t *ev)
{
	if (sm->screen != KIO_SCREEN_PRINTING)
		return;
	sm->printing.step = ev->u.progress.step;
	sm->printing.percent = ev->u.progress.percent;
	sm->printing.pages_done = ev->u.progress.pages_done;
	if (ev->u.progress.pages_total > 0)
		sm->printing.pages_total = ev->u.progress.pages_total;
	/* Once the job is handed to the printer, paper may move: no cancel. */
	sm->printing.can_cancel =
	    !sm->printing.cancel_requested && sm->printing.step < KIO_PSTEP_SUBMITTING;
}

static void on_print_done(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	if (sm->screen != KIO_SCREEN_PRINTING)
		return;
	sm->last_activity_ms = sm->now_ms; /* the countdown starts after paper */
	if (ev->err == 0) {
		kio_document_t *d = (kio_document_t *)kio_sm_find_doc(sm, sm->selected.id, NULL);
		if (d)
			d->prints_used++;
		sm->selected.prints_used++;
		kio_sm_go(sm, KIO_SCREEN_DONE, fx);
		return;
	}
	if (ev->err == KIO_ERR_CANCELED) {
		kio_sm_go(sm, KIO_SCREEN_LIST, fx);
		return;
	}
	char key[48];
	kio_sm_result_key(ev->err, ev->u.print.reason, ev->u.print.api_code, key, sizeof key);
	kio_sm_error_screen(sm, fx, key, ev->u.print.credit_kept, false, ev->u.print.message);
}

/* ---- intents per screen --------------------------------------------------- */

static void on_login_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	char ch = ev->u.in.ch;
	bool nik_step = sm->login.step == KIO_LOGIN_NIK;

	switch (ev->u.in.intent) {
	case KIO_IN_CHAR:
		if (nik_step) {
			if (ch >= '0' && ch <= '9')
				append_char(sm->login.nik, &sm->login.nik_len, KIO_NIK_BUF, ch);
		} else if (ch >= 0x20 && ch < 0x7f) {
			append_char(sm->login.password, &sm->login.password_len, KIO_PASSWORD_MAX,
			            ch);
		}
		sm->login.message_key[0] = 0;
		break;
	case KIO_IN_BACKSPACE:
		if (nik_step)
			backspace(sm->login.nik, &sm->login.nik_len);
		else
			backspace(sm->login.password, &sm->login.password_len);
		break;
	case KIO_IN_CLEAR:
		if (nik_step) {
			memset(sm->login.nik, 0, sizeof sm->login.nik);
			sm->login.nik_len = 0;
		} else {
			explicit_bzero(sm->login.password, sizeof sm->login.password);
			sm->login.password_len = 0;
		}
		sm->login.message_key[0] = 0;
		break;
	case KIO_IN_TOGGLE_SHOW:
		sm->login.show_password = !sm->login.show_password;
		break;
	case KIO_IN_PHONE:
		kio_sm_phone_start(sm, fx);
		break;
	case KIO_IN_NEXT:
	case KIO_IN_LOGIN:
		if (nik_step) {
			kio_nik_t nik;
			kio_nik_reason_t r = kio_nik_parse(sm->login.nik, &nik);
			if (r != KIO_NIK_OK) {
				set_key(sm->login.message_key, sizeof sm->login.message_key, "nik",
				        kio_nik_reason_name(r));
				break;
			}
			sm->login.message_key[0] = 0;
			sm->login.server_message[0] = 0;
			sm->login.step = KIO_LOGIN_PASSWORD;
			break;
		}
		if (sm->login.password_len == 0) {
			KIO_COPY(sm->login.message_key, "password.empty");
			break;
		}
		/* The online service never issues shorter passwords: say so
		 * here rather than spend a request (and a try) on it. */
		if (sm->login.password_len < KIO_PASSWORD_MIN) {
			KIO_COPY(sm->login.message_key, "password.short");
			explicit_bzero(sm->login.password, sizeof sm->login.password);
			sm->login.password_len = 0;
			break;
		}
		int wait = local_wait_s(sm, sm->login.nik);
		if (wait > 0) {
			/* Refused here, never sent: logged like a refusal by the server. */
			char masked[KIO_NIK_BUF];
			kio_nik_mask(sm->login.nik, masked);
			kio_sm_log_fx(fx, "session.login_failed", masked, "local_throttle");
			KIO_COPY(sm->login.message_key, "api.local_throttle");
			sm->login.wait_s = wait;
			explicit_bzero(sm->login.password, sizeof sm->login.password);
			sm->login.password_len = 0;
			break;
		}
		kio_effect_t *e = kio_sm_push(fx, KIO_FX_LOGIN);
		if (e) {
			KIO_COPY(e->nik, sm->login.nik);
			KIO_COPY(e->password, sm->login.password);
		}
		explicit_bzero(sm->login.password, sizeof sm->login.password);
		sm->login.password_len = 0;
		sm->login.message_key[0] = 0;
		sm->login.server_message[0] = 0;
		start_loading(sm, fx, "loading.login");
		break;
	case KIO_IN_BACK:
		if (!nik_step) {
			explicit_bzero(sm->login.password, sizeof sm->login.password);
			sm->login.password_len = 0;
			sm->login.message_key[0] = 0;
			sm->login.step = KIO_LOGIN_NIK;
		} else {
			wipe_login(sm);
			kio_sm_go(sm, KIO_SCREEN_IDLE, fx);
		}
		break;
	default:
		break;
	}
}

static void on_list_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	switch (ev->u.in.intent) {
	case KIO_IN_SCROLL: {
		long s = (long)sm->scroll_px + ev->u.in.n;
		sm->scroll_px = s < 0 ? 0 : s > 1000000 ? 1000000 : (int)s;
		break;
	}
	case KIO_IN_PAGE_NEXT:
		if (sm->page->next_page > 0)
			request_list(sm, fx, sm->page->next_page);
		break;
	case KIO_IN_PAGE_PREV:
		if (sm->page_no > 1)
			request_list(sm, fx, sm->page_no - 1);
		break;
	case KIO_IN_SELECT_DOC: {
		int a = 0;
		const kio_document_t *d = kio_sm_find_doc(sm, ev->u.in.text, &a);
		if (!d || kio_document_printable(d) != KIO_PRINTABLE)
			break;
		sm->selected = *d;
		KIO_COPY(sm->selected_app, sm->page->apps[a].code);
		KIO_COPY(sm->selected_service, sm->page->apps[a].service);
		kio_sm_preview_start(sm, fx);
		kio_sm_go(sm, KIO_SCREEN_CONFIRM, fx);
		break;
	}
	case KIO_IN_MISSING:
		kio_sm_go(sm, KIO_SCREEN_MISSING, fx);
		break;
	case KIO_IN_BACK:
	case KIO_IN_LOGOUT:
	case KIO_IN_FINISH:
		logout(sm, fx, "user");
		break;
	default:
		break;
	}
}

/* A screen's own scroll (large text), by N pixels, + down. */
static void view_scroll(kio_sm_t *sm, int n)
{
	long s = (long)sm->view_scroll_px + n;
	sm->view_scroll_px = s < 0 ? 0 : s > 1000000 ? 1000000 : (int)s;
}

static void on_confirm_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	switch (ev->u.in.intent) {
	case KIO_IN_PRINT:
		/* Only a document already downloaded and verified may reserve a
		 * credit: until then "Cetak" is not offered. */
		if (!sm->preview.ready)
			break;
		/* Refuse before reserving: the citizen's credit is never touched. */
		if (!sm->store_ok) {
			kio_sm_error_screen(sm, fx, "error.disk_full", true, false, "");
			break;
		}
		if (!sm->printer_ok) {
			char key[48];
			set_key(key, sizeof key, "printer", sm->printer_condition);
			kio_sm_error_screen(sm, fx, key, true, false, "");
			break;
		}
		memset(&sm->printing, 0, sizeof sm->printing);
		sm->printing.step = KIO_PSTEP_RESERVING;
		sm->printing.percent = -1;
		sm->printing.pages_done = -1;
		sm->printing.pages_total = sm->selected.pages;
		sm->printing.can_cancel = true;
		kio_effect_t *e = kio_sm_push(fx, KIO_FX_PRINT);
		if (e) {
			e->doc = sm->selected;
			KIO_COPY(e->app_code, sm->selected_app);
			KIO_COPY(e->nik, sm->citizen.nik_masked);
		}
		kio_sm_go(sm, KIO_SCREEN_PRINTING, fx);
		break;
	case KIO_IN_BACK:
		kio_sm_preview_drop(sm, fx);
		kio_sm_go(sm, KIO_SCREEN_LIST, fx);
		break;
	case KIO_IN_LOGOUT:
		logout(sm, fx, "user");
		break;
	default:
		break;
	}
}

static void on_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	kio_intent_t in = ev->u.in.intent;

	sm->last_activity_ms = sm->now_ms;
	if (sm->warning) {
		sm->warning = false;
		if (in == KIO_IN_STAY)
			return;
	}
	if (in == KIO_IN_LANGUAGE) {
		KIO_COPY(sm->language, strcmp(sm->language, "en") ? "en" : "id");
		return;
	}
	if (in == KIO_IN_LARGE_TEXT || in == KIO_IN_CONTRAST || in == KIO_IN_VOICE) {
		/* Staff screens keep their own fixed look. */
		if (sm->screen == KIO_SCREEN_TECHNICIAN || sm->screen == KIO_SCREEN_OFFICER)
			return;
		bool *b = in == KIO_IN_LARGE_TEXT ? &sm->access.large_text
		          : in == KIO_IN_CONTRAST ? &sm->access.contrast
		                                  : &sm->access.voice;
		*b = !*b;
		return;
	}

	switch (sm->screen) {
	case KIO_SCREEN_IDLE:
		if (in == KIO_IN_START) {
			wipe_login(sm);
			kio_sm_go(sm, KIO_SCREEN_LOGIN, fx);
		} else if (in == KIO_IN_TECH_ENTRY || in == KIO_IN_OFFICER_ENTRY) {
			explicit_bzero(&sm->officer, sizeof sm->officer);
			sm->tech.page = KIO_TECH_PIN;
			sm->tech.pin_len = 0;
			explicit_bzero(sm->tech.pin, sizeof sm->tech.pin);
			sm->tech.verifying = false;
			sm->tech.message_key[0] = 0;
			if (sm->tech.wall_now_s < sm->tech.locked_until_s)
				KIO_COPY(sm->tech.message_key, "tech.locked");
			if (in == KIO_IN_OFFICER_ENTRY)
				KIO_COPY(sm->officer.message_key, sm->tech.message_key);
			kio_sm_go(sm,
			          in == KIO_IN_TECH_ENTRY ? KIO_SCREEN_TECHNICIAN
			                                  : KIO_SCREEN_OFFICER,
			          fx);
		}
		break;
	case KIO_SCREEN_LOGIN:
		on_login_intent(sm, ev, fx);
		break;
	case KIO_SCREEN_LOADING:
		if (in == KIO_IN_CANCEL || in == KIO_IN_BACK)
			logout(sm, fx, "user");
		break;
	case KIO_SCREEN_LIST:
		on_list_intent(sm, ev, fx);
		break;
	case KIO_SCREEN_CONFIRM:
		on_confirm_intent(sm, ev, fx);
		break;
	case KIO_SCREEN_PRINTING:
		if (in == KIO_IN_CANCEL && sm->printing.can_cancel) {
			sm->printing.can_cancel = false;
			sm->printing.cancel_requested = true;
			kio_sm_push(fx, KIO_FX_CANCEL_PRINT);
		}
		break;
	case KIO_SCREEN_DONE:
		if (in == KIO_IN_PRINT_ANOTHER)
			kio_sm_go(sm, KIO_SCREEN_LIST, fx);
		else if (in == KIO_IN_FINISH || in == KIO_IN_LOGOUT)
			logout(sm, fx, "user");
		break;
	case KIO_SCREEN_ERROR:
		if (in == KIO_IN_DISMISS || in == KIO_IN_BACK) {
			if (sm->error.logout_after || !sm->in_session) {
				if (sm->in_session)
					logout(sm, fx, "error");
				else
					kio_sm_go(sm, KIO_SCREEN_IDLE, fx);
			} else {
				kio_sm_go(sm, KIO_SCREEN_LIST, fx);
			}
		} else if (in == KIO_IN_LOGOUT || in == KIO_IN_FINISH) {
			logout(sm, fx, "user");
		}
		break;
	case KIO_SCREEN_MISSING:
		if (in == KIO_IN_SCROLL)
			view_scroll(sm, ev->u.in.n);
		else if (in == KIO_IN_BACK)
			kio_sm_go(sm, KIO_SCREEN_LIST, fx);
		else if (in == KIO_IN_LOGOUT || in == KIO_IN_FINISH)
			logout(sm, fx, "user");
		break;
	case KIO_SCREEN_TECHNICIAN:
		kio_sm_on_tech_intent(sm, ev, fx);
		break;
	case KIO_SCREEN_OFFICER:
		kio_sm_on_officer_intent(sm, ev, fx);
		break;
	case KIO_SCREEN_PHONE:
	case KIO_SCREEN_SCAN:
		if (in == KIO_IN_SCROLL)
			view_scroll(sm, ev->u.in.n);
		else
			kio_sm_phone_intent(sm, ev, fx);
		break;
	default:
		break;
	}
}

void kio_sm_handle(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	fx->n = 0;
	if (ev->now_ms > sm->now_ms)
		sm->now_ms = ev->now_ms; /* monotonic even if a caller is sloppy */
	if (ev->wall_s > 0)
		sm->tech.wall_now_s = ev->wall_s;

	switch (ev->kind) {
	case KIO_EV_INTENT:
		on_intent(sm, ev, fx);
		break;
	case KIO_EV_TICK:
		break;
	case KIO_EV_LOGIN_DONE:
		on_login_done(sm, ev, fx);
		break;
	case KIO_EV_LIST_DONE:
		on_list_done(sm, ev, fx);
		break;
	case KIO_EV_PRINT_PROGRESS:
		on_print_progress(sm, ev);
		break;
	case KIO_EV_PRINT_DONE:
		on_print_done(sm, ev, fx);
		break;
	case KIO_EV_PRINTER_STATUS:
		sm->printer_ok = ev->u.status.ok;
		KIO_COPY(sm->printer_condition, ev->u.status.condition);
		kio_sm_paper_gate(sm);
		break;
	case KIO_EV_PAPER_STATUS:
		kio_sm_on_paper_status(sm, ev);
		break;
	case KIO_EV_OFFICER_VIEW:
		kio_sm_on_officer_view(sm, ev);
		break;
	case KIO_EV_SERVER_STATUS:
		sm->server_ok = ev->u.status.ok;
		break;
	case KIO_EV_STORE_STATUS:
		sm->store_ok = ev->u.status.ok;
		break;
	case KIO_EV_PIN_DONE:
		kio_sm_on_pin_done(sm, ev, fx);
		break;
	case KIO_EV_TECH_DONE:
		if (sm->screen == KIO_SCREEN_OFFICER)
			kio_sm_on_officer_result(sm, ev);
		else if (sm->screen == KIO_SCREEN_TECHNICIAN)
			kio_sm_on_tech_done(sm, ev);
		break;
	case KIO_EV_CONFIG_CHANGED:
		if (ev->u.config.inactivity_s > 0)
			sm->inactivity_ms = ev->u.config.inactivity_s * 1000;
		if (ev->u.config.warning_s > 0)
			sm->warning_ms = ev->u.config.warning_s * 1000;
		if (ev->u.config.language[0])
			KIO_COPY(sm->language, ev->u.config.language);
		if (ev->u.config.voice_default >= 0) {
			sm->access.voice_default = ev->u.config.voice_default > 0;
			if (!sm->in_session)
				sm->access.voice = sm->access.voice_default;
		}
		break;
	case KIO_EV_PREVIEW_PROGRESS:
	case KIO_EV_PREVIEW_DONE:
		kio_sm_on_preview(sm, ev, fx);
		break;
	case KIO_EV_LOCK_RESTORED:
		if (ev->u.lock.until_s > sm->tech.locked_until_s)
			sm->tech.locked_until_s = ev->u.lock.until_s;
		if (ev->u.lock.failures > sm->tech.failures &&
		    ev->u.lock.failures < KIO_TECH_MAX_FAILURES)
			sm->tech.failures = ev->u.lock.failures;
		break;
	case KIO_EV_CODE_DONE:
	case KIO_EV_CODE_POLL_DONE:
	case KIO_EV_SCAN:
	case KIO_EV_VERIFY_DONE:
		kio_sm_phone_event(sm, ev, fx);
		break;
	}
	/* Every event may move time forward; the countdown follows from it. */
	on_tick(sm, fx);
	kio_sm_phone_tick(sm, fx);
}
