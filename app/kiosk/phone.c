/*
 * phone.c — the session worker's jobs for login with a phone and scanned
 * documents (contract v1.1): a new login code, one poll, one claim, one
 * verification. Each answers with one state-machine event; the poll
 * schedule and the countdown belong to the state machine (sm-phone.c).
 * They run on the session worker because a confirmed code opens the
 * session whose token only that worker's client may hold.
 */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/str.h"
#include "kiosk/kiosk-private.h"

static void api_fields(kio_err_t err, const kio_api_error_t *aerr, kio_sm_event_t *ev)
{
	if (err != KIO_OK && aerr->code[0]) {
		KIO_COPY(ev->u.phone.api_code, aerr->code);
		KIO_COPY(ev->u.phone.message, aerr->message);
	}
	ev->u.phone.retry_after_s = aerr->retry_after_s;
}

static void code_new(kio_service_t *s, kio_job_t *job)
{
	kio_sm_event_t ev = {.kind = KIO_EV_CODE_DONE};
	kio_api_error_t aerr;
	kio_login_code_t lc;
	memset(&aerr, 0, sizeof aerr);
	kio_client_reset_cancel(s->client);
	kio_err_t err = kio_client_login_code_new(s->client, &lc, &aerr);
	ev.err = err;
	api_fields(err, &aerr, &ev);
	if (err == KIO_OK) {
		KIO_COPY(ev.u.phone.code, lc.code);
		KIO_COPY(ev.u.phone.url, lc.url);
		ev.u.phone.expires_in = lc.expires_in;
		ev.u.phone.poll_s = lc.poll_s;
	} else {
		kio_info("session", "login code refused: %s %s", kio_err_name(err), aerr.code);
	}
	explicit_bzero(&lc, sizeof lc);
	kio_service_post_event(s, job->gen, &ev);
	explicit_bzero(&ev, sizeof ev);
}

static void code_take(kio_service_t *s, kio_job_t *job, bool claim)
{
	kio_sm_event_t ev = {.kind = KIO_EV_CODE_POLL_DONE};
	kio_api_error_t aerr;
	memset(&aerr, 0, sizeof aerr);
	kio_client_reset_cancel(s->client);
	bool pending = false;
	int left = -1;
	kio_err_t err = claim ? kio_client_login_code_claim(s->client, job->fx.value,
	                                                    &ev.u.phone.citizen, &aerr)
	                      : kio_client_login_code_poll(s->client, job->fx.value, &pending,
	                                                   &left, &ev.u.phone.citizen, &aerr);
	ev.err = err;
	ev.u.phone.claim = claim;
	ev.u.phone.pending = pending;
	ev.u.phone.expires_in = left;
	api_fields(err, &aerr, &ev);
	if (err)
		kio_info("session", "login code %s: %s %s", claim ? "claim" : "poll",
		         kio_err_name(err), aerr.code);
	explicit_bzero(job->fx.value, sizeof job->fx.value);
	kio_service_post_event(s, job->gen, &ev);
	explicit_bzero(&ev, sizeof ev);
}

static void verify_doc(kio_service_t *s, kio_job_t *job)
{
	kio_sm_event_t ev = {.kind = KIO_EV_VERIFY_DONE};
	kio_api_error_t aerr;
	kio_verify_t v;
	memset(&aerr, 0, sizeof aerr);
	kio_client_reset_cancel(s->client);
	kio_err_t err = kio_client_verify(s->client, job->fx.value, &v, &aerr);
	ev.err = err;
	if (err == KIO_OK) {
		ev.u.verify.status = v.status;
		KIO_COPY(ev.u.verify.kind, v.kind);
		KIO_COPY(ev.u.verify.issued_at, v.issued_at);
	} else if (aerr.code[0]) {
		KIO_COPY(ev.u.verify.api_code, aerr.code);
	}
	/* The holder's (masked) name is not shown to whoever scanned it. */
	explicit_bzero(&v, sizeof v);
	kio_service_post_event(s, job->gen, &ev);
}

void kio_phone_job(kio_service_t *s, kio_job_t *job)
{
	switch (job->kind) {
	case JOB_CODE_NEW:
		code_new(s, job);
		break;
	case JOB_CODE_POLL:
		code_take(s, job, false);
		break;
	case JOB_CODE_CLAIM:
		code_take(s, job, true);
		break;
	case JOB_VERIFY_DOC:
		verify_doc(s, job);
		break;
	default:
		break;
	}
}
