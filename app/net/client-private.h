/*
 * client-private.h — the client's handle and one transfer, shared by
 * client.c (libcurl transport, documents, the connectivity check) and
 * endpoints.c (each call of the central-server contract).
 */
#ifndef KIO_CLIENT_PRIVATE_H
#define KIO_CLIENT_PRIVATE_H

#include <curl/curl.h>
#include <openssl/evp.h>
#include <stdatomic.h>

#include "net/client.h"

#define MOD "net"

struct kio_client {
	kio_config_t cfg;
	CURL *curl;
	struct curl_slist *base_headers; /* X-Kiosk-Id, Accept, Expect: */
	char token[KIO_TOKEN_MAX];
	atomic_bool cancel;
	atomic_int live_docs; /* kio_docbuf_t handed out and not yet freed */
	kio_timing_t timing;
	int64_t server_us;
	int64_t requests, connections; /* this client's, for kio_client_stats */
	char errbuf[CURL_ERROR_SIZE];
};

/* State of one transfer, seen by the curl callbacks. */
typedef struct xfer {
	kio_client_t *c;
	int status;
	int64_t server_us;
	/* JSON (or error) body */
	char *buf;
	size_t len, cap, max;
	bool toobig;
	/* document body (2xx of a download only) */
	bool want_doc;
	unsigned char *doc;
	uint64_t doclen, docmax;
	bool doc_over;
	EVP_MD_CTX *md;
	kio_progress_fn progress;
	void *pctx;
} xfer_t;

typedef enum { M_GET, M_POST, M_DELETE } method_t;

typedef struct request {
	method_t method;
	const char *path;     /* "/api/v1/..." */
	const char *body;     /* POST body or NULL */
	const char *idem_key; /* Idempotency-Key or NULL */
	bool auth;            /* send the bearer token */
	bool download;        /* low-speed limit instead of total timeout */
	bool fresh;           /* new connection (connectivity check) */
	uint64_t doc_size;    /* max file size for downloads */
} request_t;

/* Clears ERR (may be NULL) and sets its HTTP status. */
void kio_client_err_reset(kio_api_error_t *err, int status);
/* An id goes into a URL path unescaped, so only plain characters pass. */
bool kio_client_id_ok(const char *id, size_t max);
/* Runs RQ; maps transport, HTTP and API errors into ERR and the result. */
kio_err_t kio_client_perform(kio_client_t *c, const request_t *rq, xfer_t *x, kio_api_error_t *err);
/* Runs a JSON request; on success the body is in X's buffer. */
kio_err_t kio_client_call(kio_client_t *c, const request_t *rq, xfer_t *x, kio_api_error_t *err);
void kio_client_xfer_free(xfer_t *x);

#endif
