/*
 * sm-phone.c — the state machine's ways in without typing (contract v1.1):
 * login with a phone (a code shown as a QR, polled until the citizen
 * confirms it on the phone, or a code scanned from the phone and claimed),
 * and the scanner's document check on the idle screen.
 *
 * Rules this file enforces:
 *  - A code is polled no faster than the server's poll_s: the next poll is
 *    due poll_s after the previous answer arrived, never while one is in
 *    flight, and later still when the server says Retry-After.
 *  - The countdown ends at the code's expiry (the server may shorten it,
 *    never lengthen it); no poll is sent after it.
 *  - Leaving the phone screen while a poll is in flight cancels it and
 *    ends any session it might still open (KIO_FX_LOGOUT), so a late
 *    confirmation never leaves a token behind.
 *  - A scan shows the status, kind and issue date of a document, never its
 *    holder; only the idle, scan and phone screens take scans.
 */
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/sm-private.h"
#include "core/str.h"

/* The server's mask is shown only if it has the shape of ours: a login by
 * phone has no typed NIK to mask ourselves. */
static bool mask_ok(const char *m)
{
	if (strlen(m) != 16)
		return false;
	for (int i = 0; i < 16; i++) {
		bool digit = m[i] >= '0' && m[i] <= '9';
		if ((i < 4 || i >= 14) ? !digit : m[i] != '*')
			return false;
	}
	return true;
}

static void wipe_phone(kio_sm_t *sm)
{
	bool unsupported = sm->phone.unsupported;
	explicit_bzero(&sm->phone, sizeof sm->phone);
	sm->phone.unsupported = unsupported;
}

/* A poll in flight may still open a session: cancel it and close whatever
 * it opens (the logout job runs after it on the same worker). */
static void drop_poll(kio_sm_t *sm, kio_effects_t *fx)
{
	if (sm->phone.polling)
		kio_sm_push(fx, KIO_FX_LOGOUT);
	sm->phone.polling = false;
}

static void phone_fail(kio_sm_t *sm, kio_effects_t *fx, const char *key, const char *server_msg)
{
	drop_poll(sm, fx);
	explicit_bzero(sm->phone.code, sizeof sm->phone.code);
	explicit_bzero(sm->phone.url, sizeof sm->phone.url);
	sm->phone.state = KIO_PHONE_FAILED;
	sm->phone.left_s = 0;
	KIO_COPY(sm->phone.message_key, key);
	KIO_COPY(sm->phone.server_message, server_msg ? server_msg : "");
	sm->last_activity_ms = sm->now_ms; /* the message stays up for a while */
}

void kio_sm_phone_start(kio_sm_t *sm, kio_effects_t *fx)
{
	if (sm->phone.unsupported)
		return;
	drop_poll(sm, fx);
	wipe_phone(sm);
	sm->phone.state = KIO_PHONE_REQUESTING;
	kio_sm_push(fx, KIO_FX_CODE_NEW);
	kio_sm_go(sm, KIO_SCREEN_PHONE, fx);
}

static void phone_leave(kio_sm_t *sm, kio_effects_t *fx, kio_screen_t to)
{
	drop_poll(sm, fx);
	wipe_phone(sm);
	kio_sm_go(sm, to, fx);
}

static void scan_close(kio_sm_t *sm, kio_effects_t *fx)
{
	memset(&sm->scan, 0, sizeof sm->scan);
	kio_sm_go(sm, KIO_SCREEN_IDLE, fx);
}

/* The strings key for a refused code: the FAQ's words for each case. */
static const char *code_refusal_key(const char *api_code)
{
	if (!strcmp(api_code, "expired") || !strcmp(api_code, "not_found"))
		return "phone.expired";
	if (!strcmp(api_code, "refused"))
		return "phone.refused";
	if (!strcmp(api_code, "not_verified"))
		return "api.not_verified";
	if (!strcmp(api_code, "locked"))
		return "api.locked";
	return NULL;
}

/* A confirmed code the account may not use is a failed login for the
 * print log (no NIK: the kiosk never saw one); an expired code is not. */
static void log_refusal(kio_effects_t *fx, const char *api_code)
{
	if (strcmp(api_code, "expired") && strcmp(api_code, "not_found"))
		kio_sm_log_fx(fx, "session.login_failed", "", api_code);
}

static void phone_login_ok(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	sm->in_session = true;
	sm->citizen = ev->u.phone.citizen;
	if (!mask_ok(sm->citizen.nik_masked))
		KIO_COPY(sm->citizen.nik_masked, "****************");
	kio_sm_log_fx(fx, "session.login", sm->citizen.nik_masked, "phone");
	wipe_phone(sm);
	kio_sm_request_list(sm, fx, 1);
}

static void on_code_done(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	if (sm->screen != KIO_SCREEN_PHONE || sm->phone.state != KIO_PHONE_REQUESTING)
		return;
	if (ev->err == KIO_OK) {
		KIO_COPY(sm->phone.code, ev->u.phone.code);
		KIO_COPY(sm->phone.url, ev->u.phone.url);
		int poll_s = ev->u.phone.poll_s > 0 ? ev->u.phone.poll_s : 2;
		sm->phone.poll_ms = poll_s * 1000;
		sm->phone.expires_ms = sm->now_ms + (uint64_t)ev->u.phone.expires_in * 1000u;
		sm->phone.next_poll_ms = sm->now_ms + (uint64_t)sm->phone.poll_ms;
		sm->phone.left_s = ev->u.phone.expires_in;
		sm->phone.state = KIO_PHONE_WAITING;
		return;
	}
	if (!strcmp(ev->u.phone.api_code, "not_found")) {
		/* A v1 server: no login codes. The button goes away for this run
		 * and the citizen is told to use the NIK and password. */
		sm->phone.unsupported = true;
		phone_leave(sm, fx, KIO_SCREEN_LOGIN);
		KIO_COPY(sm->login.message_key, "phone.unavailable");
		return;
	}
	phone_fail(sm, fx, ev->err == KIO_ERR_NET_BUSY ? "phone.busy" : "phone.failed", "");
}

static void on_claim_done(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	sm->phone.claiming = false;
	if (ev->err == KIO_OK && !ev->u.phone.pending) {
		phone_login_ok(sm, ev, fx);
		return;
	}
	const char *key = ev->err ? code_refusal_key(ev->u.phone.api_code) : NULL;
	if (key)
		log_refusal(fx, ev->u.phone.api_code);
	memset(&sm->scan, 0, sizeof sm->scan);
	KIO_COPY(sm->scan.message_key, key ? key : "scan.failed");
	kio_sm_go(sm, KIO_SCREEN_SCAN, fx);
}

static void on_poll_done(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	if (ev->u.phone.claim) {
		if (sm->screen == KIO_SCREEN_LOADING && sm->phone.claiming && !sm->in_session)
			on_claim_done(sm, ev, fx);
		return;
	}
	if (sm->screen != KIO_SCREEN_PHONE || sm->phone.state != KIO_PHONE_WAITING ||
	    !sm->phone.polling)
		return;
	sm->phone.polling = false;
	uint64_t wait = (uint64_t)sm->phone.poll_ms;
	if (ev->err == KIO_OK && !ev->u.phone.pending) {
		phone_login_ok(sm, ev, fx);
		return;
	}
	if (ev->err == KIO_OK) {
		uint64_t server_end = sm->now_ms + (uint64_t)ev->u.phone.expires_in * 1000u;
		if (ev->u.phone.expires_in >= 0 && server_end < sm->phone.expires_ms)
			sm->phone.expires_ms = server_end;
	} else {
		const char *key = code_refusal_key(ev->u.phone.api_code);
		if (key) {
			log_refusal(fx, ev->u.phone.api_code);
			phone_fail(sm, fx, key, ev->u.phone.message);
			return;
		}
		/* Busy or a network hiccup: keep polling until the code expires,
		 * later if the server asked for it. */
		if ((uint64_t)ev->u.phone.retry_after_s * 1000u > wait)
			wait = (uint64_t)ev->u.phone.retry_after_s * 1000u;
	}
	sm->phone.next_poll_ms = sm->now_ms + wait;
}

static void on_scan(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	kio_screen_t s = sm->screen;
	if (sm->in_session || sm->warning ||
	    !(s == KIO_SCREEN_IDLE || s == KIO_SCREEN_SCAN || s == KIO_SCREEN_PHONE))
		return;
	if (sm->scan.loading || sm->phone.claiming)
		return; /* one at a time: a double read of the same code */
	sm->last_activity_ms = sm->now_ms;
	if (ev->u.scan.kind == KIO_SCAN_LOGIN) {
		drop_poll(sm, fx);
		wipe_phone(sm);
		memset(&sm->scan, 0, sizeof sm->scan);
		sm->phone.claiming = true;
		kio_effect_t *e = kio_sm_push(fx, KIO_FX_CODE_CLAIM);
		if (e)
			KIO_COPY(e->value, ev->u.scan.value);
		kio_sm_start_loading(sm, fx, "loading.login");
		return;
	}
	if (s == KIO_SCREEN_PHONE)
		return; /* the phone screen waits for a login, not a document */
	memset(&sm->scan, 0, sizeof sm->scan);
	if (ev->u.scan.kind == KIO_SCAN_VERIFY) {
		sm->scan.loading = true;
		KIO_COPY(sm->scan.id, ev->u.scan.value);
		kio_effect_t *e = kio_sm_push(fx, KIO_FX_VERIFY_DOC);
		if (e)
			KIO_COPY(e->value, ev->u.scan.value);
	} else {
		KIO_COPY(sm->scan.message_key, ev->u.scan.value);
	}
	kio_sm_go(sm, KIO_SCREEN_SCAN, fx);
}

static void on_verify_done(kio_sm_t *sm, const kio_sm_event_t *ev)
{
	if (sm->screen != KIO_SCREEN_SCAN || !sm->scan.loading)
		return;
	sm->scan.loading = false;
	sm->last_activity_ms = sm->now_ms;
	if (ev->err == KIO_OK) {
		sm->scan.answered = true;
		sm->scan.status = ev->u.verify.status;
		KIO_COPY(sm->scan.kind, ev->u.verify.kind);
		KIO_COPY(sm->scan.issued_at, ev->u.verify.issued_at);
	} else if (!strcmp(ev->u.verify.api_code, "not_found")) {
		/* Contract: not a document of this service → TIDAK VALID. */
		sm->scan.answered = true;
		sm->scan.status = KIO_DOC_TIDAK_VALID;
	} else {
		KIO_COPY(sm->scan.message_key, "scan.failed");
	}
}

void kio_sm_phone_event(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	switch (ev->kind) {
	case KIO_EV_CODE_DONE:
		on_code_done(sm, ev, fx);
		break;
	case KIO_EV_CODE_POLL_DONE:
		on_poll_done(sm, ev, fx);
		break;
	case KIO_EV_SCAN:
		on_scan(sm, ev, fx);
		break;
	case KIO_EV_VERIFY_DONE:
		on_verify_done(sm, ev);
		break;
	default:
		break;
	}
}

void kio_sm_phone_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	kio_intent_t in = ev->u.in.intent;
	if (sm->screen == KIO_SCREEN_SCAN) {
		if (in == KIO_IN_BACK || in == KIO_IN_FINISH || in == KIO_IN_DISMISS)
			scan_close(sm, fx);
		return;
	}
	if (in == KIO_IN_BACK)
		phone_leave(sm, fx, KIO_SCREEN_LOGIN);
	else if (in == KIO_IN_PHONE && sm->phone.state == KIO_PHONE_FAILED)
		kio_sm_phone_start(sm, fx);
}

void kio_sm_phone_tick(kio_sm_t *sm, kio_effects_t *fx)
{
	uint64_t idle_end = sm->last_activity_ms + (uint64_t)sm->inactivity_ms;
	if (sm->screen == KIO_SCREEN_SCAN) {
		if (!sm->scan.loading && sm->now_ms >= idle_end)
			scan_close(sm, fx);
		return;
	}
	if (sm->screen != KIO_SCREEN_PHONE)
		return;
	if (sm->phone.state == KIO_PHONE_FAILED && sm->now_ms >= idle_end) {
		phone_leave(sm, fx, KIO_SCREEN_IDLE);
		return;
	}
	if (sm->phone.state != KIO_PHONE_WAITING)
		return;
	if (sm->now_ms >= sm->phone.expires_ms) {
		phone_fail(sm, fx, "phone.expired", "");
		return;
	}
	sm->phone.left_s = (int)((sm->phone.expires_ms - sm->now_ms + 999) / 1000);
	if (!sm->phone.polling && sm->now_ms >= sm->phone.next_poll_ms) {
		kio_effect_t *e = kio_sm_push(fx, KIO_FX_CODE_POLL);
		if (e)
			KIO_COPY(e->value, sm->phone.code);
		sm->phone.polling = true;
	}
}

static int until(const kio_sm_t *sm, uint64_t at)
{
	return sm->now_ms >= at ? 0 : (int)(at - sm->now_ms);
}

int kio_sm_phone_deadline_ms(const kio_sm_t *sm)
{
	uint64_t idle_end = sm->last_activity_ms + (uint64_t)sm->inactivity_ms;
	if (sm->screen == KIO_SCREEN_SCAN)
		return sm->scan.loading ? 50 : until(sm, idle_end); /* spinner */
	if (sm->phone.state == KIO_PHONE_REQUESTING)
		return 50;
	if (sm->phone.state == KIO_PHONE_FAILED)
		return until(sm, idle_end);
	int d = until(sm, sm->phone.expires_ms);
	/* The countdown changes on each second boundary before expiry. */
	int sec = d % 1000 ? d % 1000 : 1000;
	if (sec < d)
		d = sec;
	if (!sm->phone.polling && until(sm, sm->phone.next_poll_ms) < d)
		d = until(sm, sm->phone.next_poll_ms);
	return d;
}
