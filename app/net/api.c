/* api.c — contract v1 JSON bodies ↔ typed structs with jansson (see api.h). */
#include "net/api.h"

#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	kio_api_code_t code;
	const char *name;
	const char *key;
} codes[] = {
    {KIO_API_E_INVALID_NIK, "invalid_nik", "api.invalid_nik"},
    {KIO_API_E_INVALID_CREDENTIALS, "invalid_credentials", "api.invalid_credentials"},
    {KIO_API_E_NOT_VERIFIED, "not_verified", "api.not_verified"},
    {KIO_API_E_LOCKED, "locked", "api.locked"},
    {KIO_API_E_TOO_MANY_ATTEMPTS, "too_many_attempts", "api.too_many_attempts"},
    {KIO_API_E_QUOTA_EXHAUSTED, "quota_exhausted", "api.quota_exhausted"},
    {KIO_API_E_DOCUMENT_INACTIVE, "document_inactive", "api.document_inactive"},
    {KIO_API_E_NOT_ADM_PRINTABLE, "not_adm_printable", "api.not_adm_printable"},
    {KIO_API_E_NOT_FOUND, "not_found", "api.not_found"},
    /* Not in contract v1.1's list; what a server that demands mTLS answers
     * (our simulator with --require-client-cert). A machine-level fault:
     * the citizen is sent to the staff, the technician gets the code. */
    {KIO_API_E_KIOSK_CERT, "kiosk_certificate_required", "api.kiosk_certificate_required"},
    {KIO_API_E_KIOSK_CERT, "kiosk_certificate_invalid", "api.kiosk_certificate_invalid"},
    {KIO_API_E_KIOSK_CERT, "kiosk_certificate_expired", "api.kiosk_certificate_expired"},
    {KIO_API_E_KIOSK_ID_MISMATCH, "kiosk_id_mismatch", "api.kiosk_id_mismatch"},
};

kio_api_code_t kio_api_code_parse(const char *code)
{
	if (!code)
		return KIO_API_E_UNKNOWN;
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(codes[i].name, code) == 0)
			return codes[i].code;
	return KIO_API_E_UNKNOWN;
}

const char *kio_api_error_key(kio_api_code_t code)
{
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i].code == code)
			return codes[i].key;
	return "api.unknown";
}

/* ---- field helpers: every one rejects a wrong type or an oversized value ---- */

/* Loads BODY as one JSON object; anything else (array, garbage, truncated,
 * over the body limit, embedded NUL) is a protocol error. */
static json_t *load_object(const char *body, size_t len)
{
	json_error_t jerr;
	json_t *root;

	if (!body || len == 0 || len > KIO_API_BODY_MAX)
		return NULL;
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root && !json_is_object(root)) {
		json_decref(root);
		return NULL;
	}
	return root;
}

/* Copies string KEY into DST. Missing or null: "" if optional. A string that
 * does not fit is an error: the kiosk never shows a truncated name or id. */
static bool get_str(const json_t *obj, const char *key, char *dst, size_t cap, bool required)
{
	const json_t *v = json_object_get(obj, key);
	size_t n;

	dst[0] = '\0';
	if (!v || json_is_null(v))
		return !required;
	if (!json_is_string(v))
		return false;
	n = json_string_length(v);
	if (n >= cap || memchr(json_string_value(v), '\0', n))
		return false;
	memcpy(dst, json_string_value(v), n + 1);
	return !(required && n == 0);
}

/* Integer KEY within [MIN, MAX]. Missing or null gives DEF when optional. */
static bool get_int(const json_t *obj, const char *key, json_int_t min, json_int_t max,
                    bool required, json_int_t def, json_int_t *out)
{
	const json_t *v = json_object_get(obj, key);

	*out = def;
	if (!v || json_is_null(v))
		return !required;
	if (!json_is_integer(v))
		return false;
	*out = json_integer_value(v);
	return *out >= min && *out <= max;
}

static bool get_bool(const json_t *obj, const char *key, bool def, bool *out)
{
	const json_t *v = json_object_get(obj, key);

	*out = def;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_boolean(v))
		return false;
	*out = json_is_true(v);
	return true;
}

/* 64 hex digits, stored lower-case so comparisons are plain strcmp. */
static bool get_sha256(const json_t *obj, const char *key, char dst[KIO_SHA256_HEX], bool required)
{
	if (!get_str(obj, key, dst, KIO_SHA256_HEX, required))
		return false;
	if (dst[0] == '\0')
		return !required;
	if (strlen(dst) != KIO_SHA256_HEX - 1)
		return false;
	for (char *p = dst; *p; p++) {
		if (!isxdigit((unsigned char)*p))
			return false;
		*p = (char)tolower((unsigned char)*p);
	}
	return true;
}

kio_err_t kio_api_doc_status(const char *s, kio_doc_status_t *out)
{
	if (strcmp(s, "AKTIF") == 0)
		*out = KIO_DOC_AKTIF;
	else if (strcmp(s, "TIDAK AKTIF") == 0)
		*out = KIO_DOC_TIDAK_AKTIF;
	else if (strcmp(s, "TIDAK VALID") == 0)
		*out = KIO_DOC_TIDAK_VALID;
	else
		return KIO_ERR_NET_PROTOCOL;
	return KIO_OK;
}

/* Application codes and document kinds become a CUPS job-name, print-log
 * rows and CSV cells: a server's string may hold control characters, shell
 * or spreadsheet syntax, so only these characters pass ("OI-2026-000123",
 * "AKTA_LAHIR"). */
static bool is_token(const char *s)
{
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == '/'))
			return false;
	}
	return true;
}

static bool get_token(const json_t *obj, const char *key, char *dst, size_t cap, bool required)
{
	if (get_str(obj, key, dst, cap, required) && is_token(dst))
		return true;
	dst[0] = '\0';
	return false;
}

static bool get_status(const json_t *obj, kio_doc_status_t *out)
{
	char s[24];

	return get_str(obj, "status", s, sizeof s, true) && kio_api_doc_status(s, out) == KIO_OK;
}

/* ---- errors ----------------------------------------------------------------- */

void kio_api_parse_error(int status, const char *body, size_t len, kio_api_error_t *err)
{
	json_t *root = load_object(body, len);
	char code[KIO_API_CODE_MAX];

	memset(err, 0, sizeof *err);
	err->http_status = status;
	err->kind = KIO_API_E_UNKNOWN;
	memcpy(err->code, "unknown", sizeof "unknown");
	if (!root)
		return;
	if (get_str(root, "error", code, sizeof code, true)) {
		memcpy(err->code, code, sizeof code);
		err->kind = kio_api_code_parse(code);
		/* An oversized message is dropped; the UI then uses its own text. */
		if (!get_str(root, "message", err->message, sizeof err->message, false))
			err->message[0] = '\0';
	}
	json_decref(root);
}

/* ---- responses ---------------------------------------------------------------- */

kio_err_t kio_api_parse_login(const char *body, size_t len, kio_login_t *out)
{
	json_t *root = load_object(body, len);
	const json_t *cit;
	json_int_t exp;
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	memset(out, 0, sizeof *out);
	if (!root)
		goto out;
	cit = json_object_get(root, "citizen");
	if (!get_str(root, "token", out->token, sizeof out->token, true) ||
	    !get_int(root, "expires_in", 1, 86400 * 31, true, 0, &exp) || !json_is_object(cit) ||
	    !get_str(cit, "name", out->citizen.name, sizeof out->citizen.name, true) ||
	    !get_str(cit, "nik_masked", out->citizen.nik_masked, sizeof out->citizen.nik_masked,
	             true))
		goto out;
	out->expires_in = (int)exp;
	rc = KIO_OK;
out:
	if (rc != KIO_OK)
		explicit_bzero(out, sizeof *out);
	json_decref(root);
	return rc;
}

static bool parse_document(const json_t *d, kio_document_t *doc)
{
	json_int_t pages, size, used, allowed;

	if (!json_is_object(d))
		return false;
	if (!get_str(d, "id", doc->id, sizeof doc->id, true) ||
	    !get_token(d, "kind", doc->kind, sizeof doc->kind, true) ||
	    !get_str(d, "title", doc->title, sizeof doc->title, false) ||
	    /* v1.1, optional: a v1 server never sends it. */
	    !get_str(d, "holder_name", doc->holder_name, sizeof doc->holder_name, false) ||
	    !get_int(d, "pages", 1, 1000, true, 0, &pages) ||
	    !get_int(d, "size", 1, KIO_DOC_SIZE_MAX, true, 0, &size) ||
	    !get_sha256(d, "sha256", doc->sha256, true) ||
	    !get_bool(d, "adm_printable", false, &doc->adm_printable) ||
	    !get_int(d, "prints_used", 0, 1000000, false, 0, &used) ||
	    !get_int(d, "prints_allowed", 0, 1000000, false, -1, &allowed) ||
	    !get_status(d, &doc->status))
		return false;
	doc->pages = (int)pages;
	doc->size = (uint64_t)size;
	doc->prints_used = (int)used;
	doc->prints_allowed = (int)allowed;
	return true;
}

static bool parse_application(const json_t *a, kio_application_t *app)
{
	const json_t *docs, *d;
	size_t i;

	if (!json_is_object(a))
		return false;
	if (!get_token(a, "code", app->code, sizeof app->code, true) ||
	    !get_str(a, "service", app->service, sizeof app->service, false) ||
	    !get_str(a, "status", app->status, sizeof app->status, true) ||
	    !get_str(a, "submitted_at", app->submitted_at, sizeof app->submitted_at, false) ||
	    !get_str(a, "completed_at", app->completed_at, sizeof app->completed_at, false))
		return false;
	docs = json_object_get(a, "documents");
	if (!docs || json_is_null(docs))
		return true;
	if (!json_is_array(docs) || json_array_size(docs) > KIO_DOCS_PER_APP_MAX)
		return false;
	json_array_foreach(docs, i, d)
	{
		if (!parse_document(d, &app->docs[i]))
			return false;
		app->ndocs++;
	}
	return true;
}

kio_err_t kio_api_parse_apps(const char *body, size_t len, kio_app_page_t *out)
{
	json_t *root = load_object(body, len);
	const json_t *apps, *a;
	json_int_t next;
	size_t i;
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	memset(out, 0, sizeof *out);
	if (!root)
		goto out;
	apps = json_object_get(root, "applications");
	if (!json_is_array(apps) || json_array_size(apps) > KIO_APPS_PER_PAGE_MAX)
		goto out;
	if (!get_int(root, "next_page", 1, 100000, false, 0, &next))
		goto out;
	json_array_foreach(apps, i, a)
	{
		if (!parse_application(a, &out->apps[i]))
			goto out;
		out->napps++;
	}
	out->next_page = (int)next;
	rc = KIO_OK;
out:
	if (rc != KIO_OK)
		memset(out, 0, sizeof *out);
	json_decref(root);
	return rc;
}

kio_err_t kio_api_parse_verify(const char *body, size_t len, kio_verify_t *out)
{
	json_t *root = load_object(body, len);
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	memset(out, 0, sizeof *out);
	if (!root)
		goto out;
	if (!get_str(root, "id", out->id, sizeof out->id, true) ||
	    !get_status(root, &out->status) ||
	    !get_token(root, "kind", out->kind, sizeof out->kind, false) ||
	    !get_sha256(root, "sha256", out->sha256, false) ||
	    !get_str(root, "issued_at", out->issued_at, sizeof out->issued_at, false) ||
	    !get_str(root, "holder", out->holder, sizeof out->holder, false))
		goto out;
	rc = KIO_OK;
out:
	if (rc != KIO_OK)
		memset(out, 0, sizeof *out);
	json_decref(root);
	return rc;
}

bool kio_api_login_code_ok(const char *s)
{
	if (!s || strlen(s) != KIO_LOGIN_CODE_LEN)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* A URL that becomes a QR code: http(s), printable ASCII, no spaces. */
static bool url_ok(const char *u)
{
	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0)
		return false;
	for (; *u; u++)
		if (*u <= 0x20 || *u >= 0x7f)
			return false;
	return true;
}

kio_err_t kio_api_parse_login_code(const char *body, size_t len, kio_login_code_t *out)
{
	json_t *root = load_object(body, len);
	json_int_t exp, poll;
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	memset(out, 0, sizeof *out);
	if (!root)
		goto out;
	if (!get_str(root, "code", out->code, sizeof out->code, true) ||
	    !kio_api_login_code_ok(out->code) ||
	    !get_str(root, "url", out->url, sizeof out->url, true) || !url_ok(out->url) ||
	    !get_int(root, "expires_in", 1, KIO_LOGIN_CODE_TTL_MAX, true, 0, &exp) ||
	    !get_int(root, "poll_s", 0, 86400, false, KIO_LOGIN_POLL_DEFAULT_S, &poll))
		goto out;
	out->expires_in = (int)exp;
	/* Faster than once a second is never needed; slower than the maximum
	 * would leave a citizen staring at a confirmed code. */
	out->poll_s = poll < KIO_LOGIN_POLL_MIN_S   ? KIO_LOGIN_POLL_MIN_S
	              : poll > KIO_LOGIN_POLL_MAX_S ? KIO_LOGIN_POLL_MAX_S
	                                            : (int)poll;
	rc = KIO_OK;
out:
	if (rc != KIO_OK)
		memset(out, 0, sizeof *out);
	json_decref(root);
	return rc;
}

kio_err_t kio_api_parse_code_pending(const char *body, size_t len, int *expires_in)
{
	json_t *root = load_object(body, len);
	char state[16];
	json_int_t exp;
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	*expires_in = -1;
	if (root && get_str(root, "state", state, sizeof state, true) &&
	    strcmp(state, "pending") == 0 &&
	    get_int(root, "expires_in", 0, KIO_LOGIN_CODE_TTL_MAX, false, -1, &exp)) {
		*expires_in = (int)exp;
		rc = KIO_OK;
	}
	json_decref(root);
	return rc;
}

kio_err_t kio_api_parse_reserve(const char *body, size_t len, kio_reservation_t *out)
{
	json_t *root = load_object(body, len);
	json_int_t exp;
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	memset(out, 0, sizeof *out);
	if (!root)
		goto out;
	if (!get_str(root, "print_id", out->print_id, sizeof out->print_id, true) ||
	    !get_int(root, "expires_in", 1, 86400, true, 0, &exp))
		goto out;
	out->expires_in = (int)exp;
	rc = KIO_OK;
out:
	if (rc != KIO_OK)
		memset(out, 0, sizeof *out);
	json_decref(root);
	return rc;
}

kio_err_t kio_api_parse_complete(const char *body, size_t len, kio_completion_t *out)
{
	json_t *root = load_object(body, len);
	json_int_t used, allowed;
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	memset(out, 0, sizeof *out);
	if (!root)
		goto out;
	if (!get_int(root, "prints_used", 0, 1000000, true, 0, &used) ||
	    !get_int(root, "prints_allowed", 0, 1000000, false, -1, &allowed))
		goto out;
	out->prints_used = (int)used;
	out->prints_allowed = (int)allowed;
	rc = KIO_OK;
out:
	if (rc != KIO_OK)
		memset(out, 0, sizeof *out);
	json_decref(root);
	return rc;
}

/* Optional "log_head" of ROOT into HEAD: absent/null → seq 0. */
static bool get_log_head(const json_t *root, kio_log_head_t *head)
{
	const json_t *h = json_object_get(root, "log_head");
	json_int_t seq = 0;

	memset(head, 0, sizeof *head);
	if (!h || json_is_null(h))
		return true;
	if (!json_is_object(h) || !get_int(h, "seq", 1, INT64_MAX, true, 0, &seq) ||
	    !get_sha256(h, "hash", head->hash, true)) {
		memset(head, 0, sizeof *head);
		return false;
	}
	head->seq = (int64_t)seq;
	return true;
}

kio_err_t kio_api_parse_heartbeat(const char *body, size_t len, char out[KIO_TIME_MAX],
                                  kio_log_head_t *head)
{
	json_t *root = load_object(body, len);
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	out[0] = '\0';
	memset(head, 0, sizeof *head);
	if (root && get_str(root, "server_time", out, KIO_TIME_MAX, true) &&
	    get_log_head(root, head))
		rc = KIO_OK;
	else
		out[0] = '\0';
	json_decref(root);
	return rc;
}

kio_err_t kio_api_parse_log_head(const char *body, size_t len, kio_log_head_t *head)
{
	json_t *root = load_object(body, len);
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	memset(head, 0, sizeof *head);
	/* The key itself is required: an answer without it is not this endpoint's. */
	if (root && json_object_get(root, "log_head") && get_log_head(root, head))
		rc = KIO_OK;
	json_decref(root);
	return rc;
}

kio_err_t kio_api_parse_events(const char *body, size_t len, char (*ids)[KIO_UUID_BUF], int max,
                               int *nids)
{
	json_t *root = load_object(body, len);
	const json_t *acc, *v;
	size_t i;
	kio_err_t rc = KIO_ERR_NET_PROTOCOL;

	*nids = 0;
	if (!root || max < 0)
		goto out;
	acc = json_object_get(root, "accepted");
	if (!json_is_array(acc) || json_array_size(acc) > (size_t)max)
		goto out;
	json_array_foreach(acc, i, v)
	{
		if (!json_is_string(v) || json_string_length(v) >= KIO_UUID_BUF)
			goto out;
		memcpy(ids[i], json_string_value(v), json_string_length(v) + 1);
	}
	*nids = (int)json_array_size(acc);
	rc = KIO_OK;
out:
	json_decref(root);
	return rc;
}

/* ---- request bodies ------------------------------------------------------------ */

/* Serialises and releases ROOT (NULL means a failed json_pack: out of memory
 * or invalid UTF-8 in a caller's string). */
static kio_err_t dump(json_t *root, char **out)
{
	*out = NULL;
	if (!root)
		return KIO_ERR_INVAL;
	*out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return *out ? KIO_OK : KIO_ERR_NOMEM;
}

/* With jansson like every other body: the copies jansson makes of the
 * password are wiped when freed (sys/secmem.h); the body itself is wiped by
 * the caller. */
kio_err_t kio_api_build_login(const char *nik, const char *password, char **out)
{
	*out = NULL;
	if (!nik || !password || strlen(nik) >= KIO_NIK_BUF || strlen(password) >= KIO_PASSWORD_MAX)
		return KIO_ERR_INVAL;
	json_t *root = json_pack("{s:s, s:s}", "nik", nik, "password", password);
	if (!root)
		return KIO_ERR_INVAL; /* not UTF-8 */
	return dump(root, out);
}

kio_err_t kio_api_build_reserve(int copies, char **out)
{
	if (copies < 1 || copies > 10) {
		*out = NULL;
		return KIO_ERR_INVAL;
	}
	return dump(json_pack("{s:i}", "copies", copies), out);
}

kio_err_t kio_api_build_complete(int pages, const char *printer, int job_id, char **out)
{
	return dump(json_pack("{s:i, s:s, s:i}", "pages", pages, "printer", printer ? printer : "",
	                      "job_id", job_id),
	            out);
}

kio_err_t kio_api_build_release(const char *reason, char **out)
{
	return dump(json_pack("{s:s}", "reason", reason ? reason : ""), out);
}

kio_err_t kio_api_build_heartbeat(const char *kiosk_id, const kio_heartbeat_t *hb, char **out)
{
	json_t *reasons = json_array();
	json_t *root = NULL;

	if (!reasons)
		return dump(NULL, out);
	for (int i = 0; i < hb->nreasons && i < KIO_API_REASONS_MAX; i++)
		json_array_append_new(reasons, json_string(hb->reasons[i]));
	root = json_pack("{s:s, s:s, s:I, s:{s:s, s:s, s:o, s:I}, s:i}", "kiosk_id", kiosk_id,
	                 "version", hb->version, "uptime_s", (json_int_t)hb->uptime_s, "printer",
	                 "name", hb->printer_name, "state", hb->printer_state, "reasons", reasons,
	                 "pages_total", (json_int_t)hb->pages_total, "pending_events",
	                 hb->pending_events);
	/* v1.1: a v1 server ignores it. */
	if (root && hb->log_head.seq > 0 &&
	    json_object_set_new(root, "log_head",
	                        json_pack("{s:I, s:s}", "seq", (json_int_t)hb->log_head.seq, "hash",
	                                  hb->log_head.hash)) != 0) {
		json_decref(root);
		root = NULL;
	}
	return dump(root, out);
}

/* "" → null, as the contract writes absent values. */
static json_t *str_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

static json_t *int_or_null(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

kio_err_t kio_api_build_events(const kio_event_t *evs, int n, char **out)
{
	json_t *arr;

	*out = NULL;
	if (n < 0 || n > KIO_API_EVENTS_MAX)
		return KIO_ERR_INVAL;
	arr = json_array();
	if (!arr)
		return KIO_ERR_NOMEM;
	for (int i = 0; i < n; i++) {
		const kio_event_t *e = &evs[i];
		json_t *o = json_pack(
		    "{s:s, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
		    e->id, "seq", (json_int_t)e->seq, "at", e->at, "type", e->type, "document_id",
		    str_or_null(e->document_id), "application", str_or_null(e->application), "kind",
		    str_or_null(e->kind), "nik_masked", str_or_null(e->nik_masked), "pages",
		    int_or_null(e->pages), "job_id", int_or_null(e->job_id), "reason",
		    str_or_null(e->reason), "prev_hash", str_or_null(e->prev_hash), "hash",
		    str_or_null(e->hash));
		if (!o || json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			return KIO_ERR_INVAL;
		}
	}
	return dump(json_pack("{s:o}", "events", arr), out);
}
