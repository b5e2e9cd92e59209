/*
 * client.c — the central server client over one reused libcurl handle: the
 * transport (callbacks, request setup, error mapping), document downloads
 * and the connectivity check. The contract's calls are endpoints.c.
 */
#include "net/client.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "net/client-private.h"
#include "sys/secmem.h"

enum {
	URL_MAX = KIO_CFG_STR + 256,
	ERROR_BODY_MAX = 64 * 1024, /* an error page needs no more to be judged */
	CURL_BUFFER = 128 * 1024,   /* fewer write callbacks for documents */
};

/* Probe id for kio_client_check: not a document, so the API answers 404. */
static const char CHECK_ID[] = "kiosk-connectivity-check";

void kio_client_err_reset(kio_api_error_t *err, int status)
{
	if (!err)
		return;
	memset(err, 0, sizeof *err);
	err->http_status = status;
}

/* An id goes into a URL path unescaped, so only plain characters pass. */
bool kio_client_id_ok(const char *id, size_t max)
{
	size_t n = id ? strnlen(id, max) : max;

	if (n == 0 || n >= max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = id[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.'))
			return false;
	}
	return true;
}

static bool url_is_https(const char *url)
{
	return strncasecmp(url, "https://", 8) == 0;
}

kio_err_t kio_client_new(const kio_config_t *cfg, kio_client_t **out)
{
	kio_client_t *c = NULL;
	char hdr[128];
	kio_err_t rc = KIO_ERR_NOMEM;

	*out = NULL;
	if (!cfg || cfg->server_url[0] == '\0')
		return KIO_ERR_INVAL;
	if (!url_is_https(cfg->server_url)) {
		if (!(cfg->allow_plain_http && strncasecmp(cfg->server_url, "http://", 7) == 0)) {
			kio_error(MOD, "refusing %s: not https (allow_plain_http is off)",
			          cfg->server_url);
			return KIO_ERR_NET_INSECURE;
		}
		kio_warn(MOD, "plain http allowed by the development flag: %s", cfg->server_url);
	}
	/* Thread-safe and refcounted in curl >= 7.84; the first call does the work. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return KIO_ERR_INTERNAL;
	c = calloc(1, sizeof *c);
	if (!c)
		goto fail;
	c->cfg = *cfg;
	(void)kio_secmem_lock(c->token, sizeof c->token); /* best effort, see secmem.h */
	atomic_init(&c->cancel, false);
	c->server_us = -1;
	c->curl = curl_easy_init();
	if (!c->curl)
		goto fail;
	snprintf(hdr, sizeof hdr, "X-Kiosk-Id: %s", cfg->kiosk_id);
	struct curl_slist *h = curl_slist_append(NULL, hdr);
	if (h)
		c->base_headers = h;
	if (!h || !curl_slist_append(h, "Accept: application/json, application/pdf") ||
	    !curl_slist_append(h, "Expect:"))
		goto fail;
	*out = c;
	return KIO_OK;
fail:
	if (c)
		kio_client_free(c); /* also balances curl_global_init */
	else
		curl_global_cleanup();
	return rc;
}

void kio_client_free(kio_client_t *c)
{
	if (!c)
		return;
	explicit_bzero(c->token, sizeof c->token);
	kio_secmem_unlock(c->token, sizeof c->token);
	if (c->curl)
		curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->base_headers);
	free(c);
	curl_global_cleanup();
}

bool kio_client_has_session(const kio_client_t *c)
{
	return c && c->token[0] != '\0';
}

void kio_client_cancel(kio_client_t *c)
{
	atomic_store(&c->cancel, true);
}

void kio_client_reset_cancel(kio_client_t *c)
{
	atomic_store(&c->cancel, false);
}

void kio_client_last_timing(const kio_client_t *c, kio_timing_t *out)
{
	*out = c->timing;
}

int64_t kio_client_last_server_us(const kio_client_t *c)
{
	return c->server_us;
}

/* ---- curl callbacks ------------------------------------------------------------ */

static size_t on_header(char *line, size_t size, size_t n, void *ud)
{
	xfer_t *x = ud;
	size_t len = size * n;
	char tmp[64];

	if (len > 5 && strncmp(line, "HTTP/", 5) == 0) {
		/* A new status line (after 100 Continue) starts a new response. */
		const char *sp = memchr(line, ' ', len);
		x->status = 0;
		x->server_us = -1;
		if (sp && (size_t)(sp - line) + 4 <= len)
			x->status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
		return len;
	}
	static const char hname[] = "X-Sim-Handling-Us:";
	if (len > sizeof hname && strncasecmp(line, hname, sizeof hname - 1) == 0) {
		size_t vl = len - (sizeof hname - 1);
		if (vl >= sizeof tmp)
			vl = sizeof tmp - 1;
		memcpy(tmp, line + sizeof hname - 1, vl);
		tmp[vl] = '\0';
		x->server_us = strtoll(tmp, NULL, 10);
	}
	return len;
}

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	xfer_t *x = ud;
	size_t len = size * n;

	if (x->want_doc && x->status >= 200 && x->status < 300) {
		if (len > x->docmax - x->doclen) {
			x->doc_over = true;
			return 0; /* more than the listed size: stop now */
		}
		memcpy(x->doc + x->doclen, data, len);
		x->doclen += len;
		if (EVP_DigestUpdate(x->md, data, len) != 1)
			return 0;
		return len;
	}
	if (len > x->max - x->len) {
		x->toobig = true;
		return 0;
	}
	if (x->len + len + 1 > x->cap) {
		size_t ncap = x->cap ? x->cap : 4096;
		while (ncap < x->len + len + 1)
			ncap *= 2;
		if (ncap > x->max + 1)
			ncap = x->max + 1;
		char *nb = realloc(x->buf, ncap);
		if (!nb)
			return 0;
		x->buf = nb;
		x->cap = ncap;
	}
	memcpy(x->buf + x->len, data, len);
	x->len += len;
	x->buf[x->len] = '\0';
	return len;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	xfer_t *x = ud;

	if (atomic_load(&x->c->cancel))
		return 1;
	if (x->want_doc && x->progress && x->status >= 200 && x->status < 300)
		x->progress(x->pctx, x->doclen, x->docmax);
	return 0;
}

/* ---- mapping ---------------------------------------------------------------------- */

static kio_err_t map_curl(CURLcode cc, const xfer_t *x)
{
	switch (cc) {
	case CURLE_OK:
		return KIO_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return KIO_ERR_NET_DNS;
	case CURLE_COULDNT_CONNECT:
		return KIO_ERR_NET_CONNECT;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_USE_SSL_FAILED:
		return KIO_ERR_NET_TLS;
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return KIO_ERR_NET_PIN;
	case CURLE_OPERATION_TIMEDOUT:
		return KIO_ERR_NET_TIMEOUT;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
		return KIO_ERR_NET_RESET;
	case CURLE_ABORTED_BY_CALLBACK:
		return KIO_ERR_CANCELED;
	case CURLE_FILESIZE_EXCEEDED:
		return x->want_doc ? KIO_ERR_DOC_SIZE : KIO_ERR_NET_TOOBIG;
	case CURLE_WRITE_ERROR:
		if (x->doc_over)
			return KIO_ERR_DOC_SIZE;
		return x->toobig ? KIO_ERR_NET_TOOBIG : KIO_ERR_NOMEM;
	case CURLE_UNSUPPORTED_PROTOCOL:
		return KIO_ERR_NET_INSECURE;
	case CURLE_OUT_OF_MEMORY:
		return KIO_ERR_NOMEM;
	default:
		return KIO_ERR_NET_PROTOCOL;
	}
}

/* "application/json; charset=utf-8" matches WANT "application/json". */
static bool ctype_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	if (!ct || strncasecmp(ct, want, n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

static int64_t secs_to_us(curl_off_t v)
{
	return (int64_t)v;
}

static void record_timing(kio_client_t *c)
{
	curl_off_t v = 0;
	long reused = 0;

	memset(&c->timing, 0, sizeof c->timing);
	if (curl_easy_getinfo(c->curl, CURLINFO_NAMELOOKUP_TIME_T, &v) == CURLE_OK)
		c->timing.dns_us = secs_to_us(v);
	if (curl_easy_getinfo(c->curl, CURLINFO_CONNECT_TIME_T, &v) == CURLE_OK)
		c->timing.connect_us = secs_to_us(v);
	if (curl_easy_getinfo(c->curl, CURLINFO_APPCONNECT_TIME_T, &v) == CURLE_OK)
		c->timing.tls_us = secs_to_us(v);
	if (curl_easy_getinfo(c->curl, CURLINFO_STARTTRANSFER_TIME_T, &v) == CURLE_OK)
		c->timing.first_byte_us = secs_to_us(v);
	if (curl_easy_getinfo(c->curl, CURLINFO_TOTAL_TIME_T, &v) == CURLE_OK)
		c->timing.total_us = secs_to_us(v);
	if (curl_easy_getinfo(c->curl, CURLINFO_NUM_CONNECTS, &reused) == CURLE_OK)
		c->timing.reused = reused == 0;
	c->requests++;
	c->connections += reused > 0 ? reused : 0;
}

void kio_client_stats(const kio_client_t *c, int64_t *requests, int64_t *connections)
{
	*requests = c ? c->requests : 0;
	*connections = c ? c->connections : 0;
}

/* Sets every per-request option explicitly: the handle is reused, so nothing
 * from the previous request may leak into this one. */
static kio_err_t setup(kio_client_t *c, const request_t *rq, xfer_t *x, struct curl_slist **headers)
{
	CURL *h = c->curl;
	char url[URL_MAX];
	char line[KIO_TOKEN_MAX + 32];
	int n;
	kio_err_t rc = KIO_OK;

	n = snprintf(url, sizeof url, "%s%s", c->cfg.server_url, rq->path);
	if (n < 0 || (size_t)n >= sizeof url)
		return KIO_ERR_INVAL;
	*headers = NULL;
	for (const struct curl_slist *b = c->base_headers; b; b = b->next)
		if (!(*headers = curl_slist_append(*headers, b->data)))
			return KIO_ERR_NOMEM;
	if (rq->auth && c->token[0]) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
		struct curl_slist *t = curl_slist_append(*headers, line);
		explicit_bzero(line, sizeof line);
		if (!t)
			return KIO_ERR_NOMEM;
	}
	if (rq->body && !curl_slist_append(*headers, "Content-Type: application/json"))
		return KIO_ERR_NOMEM;
	if (rq->idem_key) {
		snprintf(line, sizeof line, "Idempotency-Key: %s", rq->idem_key);
		if (!curl_slist_append(*headers, line))
			return KIO_ERR_NOMEM;
	}

	curl_easy_reset(h);
	c->errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, *headers);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR,
	                 c->cfg.allow_plain_http ? "http,https" : "https");
	curl_easy_setopt(h, CURLOPT_BUFFERSIZE, (long)CURL_BUFFER);
	curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	/* TLS: the configured CA only, optional pin, optional client cert. */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (c->cfg.ca_bundle[0])
		curl_easy_setopt(h, CURLOPT_CAINFO, c->cfg.ca_bundle);
	if (c->cfg.pinned_pubkey[0])
		curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, c->cfg.pinned_pubkey);
	if (c->cfg.client_cert[0]) {
		curl_easy_setopt(h, CURLOPT_SSLCERT, c->cfg.client_cert);
		curl_easy_setopt(h, CURLOPT_SSLKEY,
		                 c->cfg.client_key[0] ? c->cfg.client_key : c->cfg.client_cert);
	}
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)c->cfg.connect_timeout_s);
	if (rq->download) {
		curl_easy_setopt(h, CURLOPT_TIMEOUT, 0L);
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, (long)c->cfg.download_min_speed);
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)c->cfg.download_min_speed_s);
		curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)rq->doc_size);
		curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, NULL); /* the handle is reused */
	} else {
		curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)c->cfg.request_timeout_s);
		curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)KIO_API_BODY_MAX);
		/* Contract v1.1: JSON may come gzip'd. curl inflates as it reads and
		 * on_body counts the inflated bytes, so KIO_API_BODY_MAX limits the
		 * decompressed body and a gzip bomb ends as NET_TOOBIG. Documents are
		 * asked for as they are (the listed size and hash are of those bytes). */
		curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
	}
	if (rq->fresh)
		curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
	switch (rq->method) {
	case M_GET:
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
		break;
	case M_DELETE:
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
		break;
	case M_POST:
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)(rq->body ? strlen(rq->body) : 0));
		break;
	}
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
	return rc;
}

/*
 * Runs RQ. On KIO_OK the status was 2xx and, for JSON endpoints, X->buf holds
 * a JSON body (Content-Type checked). Non-2xx answers become NET_BUSY,
 * NET_SERVER or API with ERR filled.
 */
kio_err_t kio_client_perform(kio_client_t *c, const request_t *rq, xfer_t *x, kio_api_error_t *err)
{
	struct curl_slist *headers = NULL;
	char *ctype = NULL;
	curl_off_t retry = 0;
	CURLcode cc;
	kio_err_t rc;

	kio_client_err_reset(err, 0);
	x->c = c;
	x->status = 0;
	x->server_us = -1;
	x->max = x->want_doc ? ERROR_BODY_MAX : KIO_API_BODY_MAX;
	c->server_us = -1;
	if (atomic_load(&c->cancel))
		return KIO_ERR_CANCELED;
	rc = setup(c, rq, x, &headers);
	if (rc != KIO_OK)
		goto out;
	cc = curl_easy_perform(c->curl);
	record_timing(c);
	c->server_us = x->server_us;
	if (atomic_load(&c->cancel)) {
		rc = KIO_ERR_CANCELED;
		goto out;
	}
	rc = map_curl(cc, x);
	if (err)
		err->http_status = x->status;
	if (rc != KIO_OK) {
		kio_warn(MOD, "%s: %s (%s)", rq->path, kio_err_name(rc),
		         c->errbuf[0] ? c->errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ctype);
	if (x->status < 200 || x->status > 299) {
		kio_api_error_t tmp;
		/* Only a JSON body can be the contract's error shape; an HTML page
		 * from a proxy is still an error, with code "unknown". */
		bool json = ctype_is(ctype, "application/json");
		kio_api_parse_error(x->status, json ? x->buf : NULL, json ? x->len : 0, &tmp);
		if ((x->status == 429 || x->status == 503) &&
		    curl_easy_getinfo(c->curl, CURLINFO_RETRY_AFTER, &retry) == CURLE_OK &&
		    retry > 0)
			tmp.retry_after_s =
			    retry > KIO_API_RETRY_AFTER_MAX ? KIO_API_RETRY_AFTER_MAX : (int)retry;
		if (x->status == 429 || x->status == 503)
			rc = KIO_ERR_NET_BUSY;
		else if (x->status >= 500)
			rc = KIO_ERR_NET_SERVER;
		else
			rc = KIO_ERR_API;
		kio_warn(MOD, "%s: HTTP %d %s", rq->path, x->status, tmp.code);
		if (err)
			*err = tmp;
		goto out;
	}
	if (!ctype_is(ctype, x->want_doc ? "application/pdf" : "application/json")) {
		/* 204 has no body and no type. */
		if (!(x->status == 204 && x->len == 0)) {
			kio_warn(MOD, "%s: unexpected Content-Type %s", rq->path,
			         ctype ? ctype : "(none)");
			rc = KIO_ERR_NET_PROTOCOL;
		}
	}
out:
	curl_slist_free_all(headers);
	return rc;
}

void kio_client_xfer_free(xfer_t *x)
{
	free(x->buf);
	x->buf = NULL;
}

/* Runs a JSON request; on success BODY/LEN point into X's buffer. */
kio_err_t kio_client_call(kio_client_t *c, const request_t *rq, xfer_t *x, kio_api_error_t *err)
{
	memset(x, 0, sizeof *x);
	return kio_client_perform(c, rq, x, err);
}

/* ---- documents ---------------------------------------------------------------------- */

void kio_docbuf_free(kio_docbuf_t *out)
{
	if (!out)
		return;
	if (out->data) {
		explicit_bzero(out->data, out->len);
		kio_secmem_unlock(out->data, out->len);
		free(out->data);
		if (out->live)
			atomic_fetch_sub(out->live, 1);
	}
	out->data = NULL;
	out->len = 0;
	out->live = NULL;
}

int kio_client_live_docs(kio_client_t *c)
{
	return c ? atomic_load(&c->live_docs) : 0;
}

static void hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

kio_err_t kio_client_download(kio_client_t *c, const kio_document_t *doc, kio_docbuf_t *out,
                              kio_progress_fn progress, void *ctx, kio_api_error_t *err)
{
	char path[KIO_DOC_ID_MAX + 48];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char got[KIO_SHA256_HEX];
	xfer_t x;
	kio_err_t rc;

	memset(&x, 0, sizeof x);
	out->data = NULL;
	out->len = 0;
	out->live = NULL;
	kio_client_err_reset(err, 0);
	if (!kio_client_id_ok(doc->id, KIO_DOC_ID_MAX))
		return KIO_ERR_INVAL;
	if (doc->size == 0 || doc->size > KIO_DOC_SIZE_MAX)
		return KIO_ERR_DOC_SIZE;
	x.want_doc = true;
	x.docmax = doc->size;
	x.progress = progress;
	x.pctx = ctx;
	x.doc = malloc(doc->size);
	/* Not swapped out while it is here; wiped when freed (best effort: a
	 * lock limit smaller than the document only loses the pinning). */
	if (x.doc)
		(void)kio_secmem_lock(x.doc, doc->size);
	x.md = EVP_MD_CTX_new();
	rc = KIO_ERR_NOMEM;
	if (!x.doc || !x.md)
		goto out;
	rc = KIO_ERR_INTERNAL;
	if (EVP_DigestInit_ex(x.md, EVP_sha256(), NULL) != 1)
		goto out;
	snprintf(path, sizeof path, "/api/v1/kiosk/documents/%s/file", doc->id);
	request_t rq = {
	    .method = M_GET, .path = path, .auth = true, .download = true, .doc_size = doc->size};
	rc = kio_client_perform(c, &rq, &x, err);
	if (rc != KIO_OK)
		goto out;
	if (x.doclen != doc->size) {
		rc = KIO_ERR_DOC_SIZE;
		goto out;
	}
	if (x.doclen < 5 || memcmp(x.doc, "%PDF-", 5) != 0) {
		rc = KIO_ERR_DOC_NOT_PDF;
		goto out;
	}
	rc = KIO_ERR_INTERNAL;
	if (EVP_DigestFinal_ex(x.md, md, &mdlen) != 1 || mdlen != 32)
		goto out;
	hex(md, mdlen, got);
	if (strcmp(got, doc->sha256) != 0) {
		kio_warn(MOD, "document %s: sha256 %s, listed %s", doc->id, got, doc->sha256);
		rc = KIO_ERR_DOC_HASH;
		goto out;
	}
	if (progress)
		progress(ctx, x.doclen, x.docmax);
	out->data = x.doc;
	out->len = x.doclen;
	out->live = &c->live_docs;
	atomic_fetch_add(&c->live_docs, 1);
	x.doc = NULL;
	rc = KIO_OK;
out:
	if (x.doc) {
		explicit_bzero(x.doc, x.doclen);
		kio_secmem_unlock(x.doc, doc->size);
		free(x.doc);
	}
	EVP_MD_CTX_free(x.md);
	kio_client_xfer_free(&x);
	if (rc != KIO_OK)
		kio_warn(MOD, "download %s: %s", doc->id, kio_err_name(rc));
	return rc;
}

/* ---- connectivity check ------------------------------------------------------------- */

kio_err_t kio_client_check(kio_client_t *c, kio_check_report_t *r)
{
	char path[96];
	xfer_t x;
	kio_api_error_t err;
	kio_err_t rc;
	kio_check_stage_t *stages[] = {&r->dns, &r->tcp, &r->tls, &r->api};
	int failed;

	memset(r, 0, sizeof *r);
	memset(&x, 0, sizeof x);
	snprintf(path, sizeof path, "/api/v1/verify/%s", CHECK_ID);
	request_t rq = {.method = M_GET, .path = path, .fresh = true};
	rc = kio_client_perform(c, &rq, &x, &err);
	kio_client_xfer_free(&x);
	r->http_status = err.http_status;
	snprintf(r->detail, sizeof r->detail, "%s", c->errbuf);
	/* An answer the server refused says why in its code and message (e.g.
	 * kiosk_certificate_expired): that is what the technician needs. */
	if (rc == KIO_ERR_API && err.kind != KIO_API_E_NOT_FOUND)
		snprintf(r->detail, sizeof r->detail, "%s: %s", err.code, err.message);
	r->dns.us = c->timing.dns_us;
	r->tcp.us = c->timing.connect_us;
	r->tls.us = c->timing.tls_us;
	r->api.us = c->timing.total_us;
	/* A 404 not_found (or any contract answer) proves the API is there. */
	if (rc == KIO_ERR_API && err.kind == KIO_API_E_NOT_FOUND)
		rc = KIO_OK;
	switch (rc) {
	case KIO_ERR_NET_DNS:
		failed = 0;
		break;
	case KIO_ERR_NET_CONNECT:
		failed = 1;
		break;
	case KIO_ERR_NET_TLS:
	case KIO_ERR_NET_PIN:
		failed = 2;
		break;
	case KIO_ERR_NET_TIMEOUT:
		/* Which stage timed out: the first one without a time. */
		failed = c->timing.dns_us == 0                                        ? 0
		         : c->timing.connect_us == 0                                  ? 1
		         : (url_is_https(c->cfg.server_url) && c->timing.tls_us == 0) ? 2
		                                                                      : 3;
		break;
	case KIO_OK:
		failed = 4;
		break;
	default:
		failed = 3;
		break;
	}
	for (int i = 0; i < 4; i++) {
		stages[i]->reached = i <= failed;
		stages[i]->result = i < failed ? KIO_OK : i == failed ? rc : KIO_OK;
	}
	if (!url_is_https(c->cfg.server_url)) {
		r->tls.reached = false;
		r->tls.result = KIO_OK;
	}
	return rc;
}
