/*
 * endpoints.c — each call of the central-server contract (kiosk-api.md) in
 * the same short shape: build the body (net/api), call (client.c's
 * transport), parse the answer into typed structs (net/api).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "net/api.h"
#include "net/client-private.h"

/* ---- endpoints -------------------------------------------------------------------- */

kio_err_t kio_client_login(kio_client_t *c, const char *nik16, const char *password,
                           kio_citizen_t *citizen, kio_api_error_t *err)
{
	char *body = NULL;
	kio_login_t lg;
	xfer_t x;
	kio_err_t rc;

	memset(&x, 0, sizeof x);
	kio_client_err_reset(err, 0);
	explicit_bzero(c->token, sizeof c->token);
	if (!nik16 || strlen(nik16) != KIO_NIK_LEN)
		return KIO_ERR_NIK;
	rc = kio_api_build_login(nik16, password, &body);
	if (rc != KIO_OK)
		return rc;
	request_t rq = {.method = M_POST, .path = "/api/v1/kiosk/sessions", .body = body};
	rc = kio_client_call(c, &rq, &x, err);
	explicit_bzero(body, strlen(body));
	free(body);
	if (rc != KIO_OK)
		goto out;
	rc = kio_api_parse_login(x.buf, x.len, &lg);
	if (rc != KIO_OK)
		goto out;
	memcpy(c->token, lg.token, sizeof c->token);
	if (citizen)
		*citizen = lg.citizen;
	explicit_bzero(&lg, sizeof lg);
out:
	if (x.buf)
		explicit_bzero(x.buf, x.len); /* held the token */
	kio_client_xfer_free(&x);
	return rc;
}

/* A 201 with the body of a password login: keep the token, hand out the
 * citizen, wipe the body (it held the token). */
static kio_err_t take_session(kio_client_t *c, xfer_t *x, kio_citizen_t *citizen)
{
	kio_login_t lg;
	kio_err_t rc = kio_api_parse_login(x->buf, x->len, &lg);
	if (rc == KIO_OK) {
		memcpy(c->token, lg.token, sizeof c->token);
		if (citizen)
			*citizen = lg.citizen;
	}
	explicit_bzero(&lg, sizeof lg);
	if (x->buf)
		explicit_bzero(x->buf, x->len);
	return rc;
}

kio_err_t kio_client_login_code_new(kio_client_t *c, kio_login_code_t *out, kio_api_error_t *err)
{
	xfer_t x;
	kio_err_t rc;

	memset(out, 0, sizeof *out);
	kio_client_err_reset(err, 0);
	request_t rq = {.method = M_POST, .path = "/api/v1/kiosk/login-codes", .body = "{}"};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK)
		rc = kio_api_parse_login_code(x.buf, x.len, out);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_login_code_poll(kio_client_t *c, const char *code, bool *pending,
                                     int *expires_in, kio_citizen_t *citizen, kio_api_error_t *err)
{
	char path[64];
	xfer_t x;
	kio_err_t rc;

	*pending = false;
	*expires_in = -1;
	kio_client_err_reset(err, 0);
	if (!kio_api_login_code_ok(code))
		return KIO_ERR_INVAL;
	explicit_bzero(c->token, sizeof c->token);
	snprintf(path, sizeof path, "/api/v1/kiosk/login-codes/%s", code);
	request_t rq = {.method = M_GET, .path = path};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK && x.status == 202) {
		rc = kio_api_parse_code_pending(x.buf, x.len, expires_in);
		*pending = rc == KIO_OK;
	} else if (rc == KIO_OK) {
		rc = x.status == 201 ? take_session(c, &x, citizen) : KIO_ERR_NET_PROTOCOL;
	}
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_login_code_claim(kio_client_t *c, const char *code, kio_citizen_t *citizen,
                                      kio_api_error_t *err)
{
	char path[80];
	xfer_t x;
	kio_err_t rc;

	kio_client_err_reset(err, 0);
	if (!kio_api_login_code_ok(code))
		return KIO_ERR_INVAL;
	explicit_bzero(c->token, sizeof c->token);
	snprintf(path, sizeof path, "/api/v1/kiosk/login-codes/%s/claim", code);
	request_t rq = {.method = M_POST, .path = path, .body = "{}"};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK)
		rc = take_session(c, &x, citizen);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_logout(kio_client_t *c)
{
	xfer_t x;
	kio_err_t rc;

	if (!kio_client_has_session(c))
		return KIO_OK;
	request_t rq = {.method = M_DELETE, .path = "/api/v1/kiosk/sessions/current", .auth = true};
	rc = kio_client_call(c, &rq, &x, NULL);
	/* The server may already have forgotten the session: that is fine too. */
	if (rc == KIO_ERR_NET_PROTOCOL && x.status >= 200 && x.status < 300)
		rc = KIO_OK;
	explicit_bzero(c->token, sizeof c->token);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_list(kio_client_t *c, int page, kio_app_page_t *out, kio_api_error_t *err)
{
	char path[96];
	xfer_t x;
	kio_err_t rc;

	memset(out, 0, sizeof *out);
	kio_client_err_reset(err, 0);
	if (page < 1)
		return KIO_ERR_INVAL;
	snprintf(path, sizeof path, "/api/v1/kiosk/applications?status=selesai&page=%d", page);
	request_t rq = {.method = M_GET, .path = path, .auth = true};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK)
		rc = kio_api_parse_apps(x.buf, x.len, out);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_verify(kio_client_t *c, const char *doc_id, kio_verify_t *out,
                            kio_api_error_t *err)
{
	char path[KIO_DOC_ID_MAX + 32];
	xfer_t x;
	kio_err_t rc;

	memset(out, 0, sizeof *out);
	kio_client_err_reset(err, 0);
	if (!kio_client_id_ok(doc_id, KIO_DOC_ID_MAX))
		return KIO_ERR_INVAL;
	snprintf(path, sizeof path, "/api/v1/verify/%s", doc_id);
	request_t rq = {.method = M_GET, .path = path};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK)
		rc = kio_api_parse_verify(x.buf, x.len, out);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_reserve(kio_client_t *c, const char *doc_id, const char *idem_key, int copies,
                             kio_reservation_t *out, kio_api_error_t *err)
{
	char path[KIO_DOC_ID_MAX + 48];
	char *body = NULL;
	xfer_t x;
	kio_err_t rc;

	memset(out, 0, sizeof *out);
	memset(&x, 0, sizeof x);
	kio_client_err_reset(err, 0);
	if (!kio_client_id_ok(doc_id, KIO_DOC_ID_MAX) || !kio_client_id_ok(idem_key, KIO_UUID_BUF))
		return KIO_ERR_INVAL;
	rc = kio_api_build_reserve(copies, &body);
	if (rc != KIO_OK)
		return rc;
	snprintf(path, sizeof path, "/api/v1/kiosk/documents/%s/prints", doc_id);
	request_t rq = {
	    .method = M_POST, .path = path, .body = body, .idem_key = idem_key, .auth = true};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK)
		rc = kio_api_parse_reserve(x.buf, x.len, out);
	free(body);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_complete(kio_client_t *c, const char *print_id, int pages,
                              const char *printer_name, int job_id, kio_completion_t *out,
                              kio_api_error_t *err)
{
	char path[KIO_PRINT_ID_MAX + 48];
	char *body = NULL;
	xfer_t x;
	kio_err_t rc;

	memset(out, 0, sizeof *out);
	memset(&x, 0, sizeof x);
	kio_client_err_reset(err, 0);
	if (!kio_client_id_ok(print_id, KIO_PRINT_ID_MAX))
		return KIO_ERR_INVAL;
	rc = kio_api_build_complete(pages, printer_name, job_id, &body);
	if (rc != KIO_OK)
		return rc;
	snprintf(path, sizeof path, "/api/v1/kiosk/prints/%s/complete", print_id);
	request_t rq = {.method = M_POST, .path = path, .body = body, .auth = true};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK)
		rc = kio_api_parse_complete(x.buf, x.len, out);
	free(body);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_release(kio_client_t *c, const char *print_id, const char *reason,
                             kio_api_error_t *err)
{
	char path[KIO_PRINT_ID_MAX + 48];
	char *body = NULL;
	xfer_t x;
	kio_err_t rc;

	memset(&x, 0, sizeof x);
	kio_client_err_reset(err, 0);
	if (!kio_client_id_ok(print_id, KIO_PRINT_ID_MAX))
		return KIO_ERR_INVAL;
	rc = kio_api_build_release(reason, &body);
	if (rc != KIO_OK)
		return rc;
	snprintf(path, sizeof path, "/api/v1/kiosk/prints/%s/release", print_id);
	request_t rq = {.method = M_POST, .path = path, .body = body, .auth = true};
	rc = kio_client_call(c, &rq, &x, err);
	free(body);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_heartbeat(kio_client_t *c, const kio_heartbeat_t *hb,
                               char server_time[KIO_TIME_MAX], kio_log_head_t *server_head,
                               kio_api_error_t *err)
{
	char *body = NULL;
	xfer_t x;
	kio_err_t rc;

	memset(&x, 0, sizeof x);
	server_time[0] = '\0';
	memset(server_head, 0, sizeof *server_head);
	kio_client_err_reset(err, 0);
	rc = kio_api_build_heartbeat(c->cfg.kiosk_id, hb, &body);
	if (rc != KIO_OK)
		return rc;
	request_t rq = {.method = M_POST, .path = "/api/v1/kiosk/heartbeat", .body = body};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK)
		rc = kio_api_parse_heartbeat(x.buf, x.len, server_time, server_head);
	free(body);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_log_head(kio_client_t *c, kio_log_head_t *head, kio_api_error_t *err)
{
	xfer_t x;
	kio_err_t rc;

	memset(&x, 0, sizeof x);
	memset(head, 0, sizeof *head);
	kio_client_err_reset(err, 0);
	request_t rq = {.method = M_GET, .path = "/api/v1/kiosk/log-head"};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK)
		rc = kio_api_parse_log_head(x.buf, x.len, head);
	kio_client_xfer_free(&x);
	return rc;
}

kio_err_t kio_client_upload_events(kio_client_t *c, const kio_event_t *evs, int n,
                                   char (*accepted)[KIO_UUID_BUF], int *naccepted,
                                   kio_api_error_t *err)
{
	char *body = NULL;
	xfer_t x;
	kio_err_t rc;

	memset(&x, 0, sizeof x);
	*naccepted = 0;
	kio_client_err_reset(err, 0);
	rc = kio_api_build_events(evs, n, &body);
	if (rc != KIO_OK)
		return rc;
	request_t rq = {.method = M_POST, .path = "/api/v1/kiosk/events", .body = body};
	rc = kio_client_call(c, &rq, &x, err);
	if (rc == KIO_OK)
		rc = kio_api_parse_events(x.buf, x.len, accepted, n, naccepted);
	free(body);
	kio_client_xfer_free(&x);
	return rc;
}
