/*
 * cups.c — the CUPS printer driver (libcups 2.4 destination API).
 *
 * cfg->printer_queue is either a queue name on a cupsd (cfg->cups_server
 * "host:port", or libcups' default server when empty) or a printer's own
 * URI ("ipp://host:port/ipp/print"), reached directly with
 * CUPS_DEST_FLAGS_DEVICE so that libcups never creates a temporary queue on
 * the system cupsd.
 *
 * Each handle owns one http_t; nothing uses CUPS_HTTP_DEFAULT. The
 * connection is made lazily and dropped on any transport error, so a
 * restarted cupsd is picked up by the next call.
 *
 * Two libcups settings are not parameters: the user (requesting-user-name,
 * here the kiosk id) and the server (cupsCopyDestInfo() treats a connection
 * to any other server than cupsServer() as a direct device connection and
 * would ask for the queue's device-uri). Both live in libcups' per-thread
 * globals in 2.x, so bind_thread() sets them from the handle right before
 * each call, in the calling (worker) thread; no state is shared with other
 * threads or handles.
 *
 * The queue's capabilities (cupsCopyDestInfo, the largest answer cupsd
 * gives) are kept while its printer-config-change-time stays what it was
 * when they were fetched: the status asked right before (the precheck asks
 * both) says so, one request instead of two on every print.
 *
 * Job outcome is decided on job-state only: cupsd 2.4.2 leaves
 * "processing-to-stop-point" in job-state-reasons of finished jobs.
 */
#include "printer/printer.h"

#include <cups/cups.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

enum {
	CUPS_TIMEOUT_MS = 5000, /* connect and per-request I/O bound */
	CUPS_CHUNK = 64 * 1024, /* document bytes per write */
	/* A status older than this says nothing about the capabilities. */
	CONFIG_SEEN_MS = 2000,
};

struct cups_drv {
	char queue[128];
	char host[256];
	int port;
	char server[300]; /* host:port or socket path, for cupsSetServer() */
	bool device;      /* queue is a printer URI */
	char media[KIO_PRINTER_KEYWORD_MAX];
	char user[KIO_PRINTER_USER_MAX];
	http_t *http;
	cups_dest_t *dest;
	cups_dinfo_t *dinfo;
	char printer_uri[HTTP_MAX_URI];
	char resource[HTTP_MAX_URI];
	/* printer-config-change-time (0: not reported) as the last status saw
	 * it, when (monotonic ms), and as it was before DINFO was fetched. */
	int config_time;
	long long config_seen_ms;
	int dinfo_config_time;
};

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The config-change-time a status reported within CONFIG_SEEN_MS; 0 when
 * none did (then nothing cached can be trusted). */
static int config_time_now(const struct cups_drv *d)
{
	return mono_ms() - d->config_seen_ms < CONFIG_SEEN_MS ? d->config_time : 0;
}

static void drop(struct cups_drv *d)
{
	if (d->dinfo)
		cupsFreeDestInfo(d->dinfo);
	if (d->dest)
		cupsFreeDests(1, d->dest);
	if (d->http)
		httpClose(d->http);
	d->dinfo = NULL;
	d->dest = NULL;
	d->http = NULL;
}

/* Map cupsLastError() after a failed request; drops the connection when the
 * transport failed so the next call reconnects. */
static kio_err_t fail(struct cups_drv *d, const char *op)
{
	ipp_status_t st = cupsLastError();

	kio_warn("printer", "cups %s on %s: %s (0x%04x)", op, d->queue, cupsLastErrorString(),
	         (unsigned)st);
	if (st == IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS)
		return KIO_ERR_PRINTER;
	if (st == IPP_STATUS_ERROR_NOT_FOUND)
		return KIO_ERR_PRINTER_UNAVAILABLE;
	if (st >= IPP_STATUS_ERROR_INTERNAL || st < IPP_STATUS_OK) {
		drop(d);
		return KIO_ERR_PRINTER_UNAVAILABLE;
	}
	return KIO_ERR_PRINTER;
}

/* Split "host:port" ("[v6]:port", "/socket/path") into D->host/D->port. */
static kio_err_t parse_server(struct cups_drv *d, const char *server)
{
	const char *colon;
	char *end;
	long port = ippPort();

	if (!server || !server[0]) {
		server = cupsServer(); /* CUPS_SERVER, client.conf, or the socket */
		port = ippPort();
	}
	if (server[0] == '/') {
		snprintf(d->host, sizeof d->host, "%s", server);
		snprintf(d->server, sizeof d->server, "%s", server);
		d->port = 0;
		return KIO_OK;
	}
	colon = strrchr(server, ':');
	if (colon && strchr(colon, ']'))
		colon = NULL; /* the colon was inside an IPv6 literal */
	if (colon) {
		port = strtol(colon + 1, &end, 10);
		if (*end || port <= 0 || port > 65535)
			return KIO_ERR_CONFIG;
	}
	snprintf(d->host, sizeof d->host, "%.*s",
	         (int)(colon ? colon - server : (long)strlen(server)), server);
	d->port = (int)port;
	snprintf(d->server, sizeof d->server, "%s:%d", d->host, d->port);
	return KIO_OK;
}

/* See the top of the file: per-thread libcups settings for this handle. */
static void bind_thread(const struct cups_drv *d)
{
	cupsSetUser(d->user);
	if (!d->device)
		cupsSetServer(d->server);
}

/* IPP printer-state (3 idle, 4 processing, 5 stopped) as a driver state. */
static kio_printer_state_t state_of(int ipp)
{
	switch (ipp) {
	case IPP_PSTATE_IDLE:
		return KIO_PSTATE_IDLE;
	case IPP_PSTATE_PROCESSING:
		return KIO_PSTATE_PROCESSING;
	case IPP_PSTATE_STOPPED:
		return KIO_PSTATE_STOPPED;
	default:
		return KIO_PSTATE_UNKNOWN;
	}
}

static kio_err_t cups_open(const kio_config_t *cfg, void **impl)
{
	struct cups_drv *d;
	kio_err_t err = KIO_OK;

	if (!cfg->printer_queue[0])
		return KIO_ERR_CONFIG;
	d = calloc(1, sizeof *d);
	if (!d)
		return KIO_ERR_NOMEM;
	snprintf(d->queue, sizeof d->queue, "%s", cfg->printer_queue);
	snprintf(d->media, sizeof d->media, "%s", cfg->media);
	snprintf(d->user, sizeof d->user, "%s", cfg->kiosk_id[0] ? cfg->kiosk_id : "adm-kiosk");
	d->device = !strncmp(d->queue, "ipp://", 6) || !strncmp(d->queue, "ipps://", 7);
	if (!d->device)
		err = parse_server(d, cfg->cups_server);
	if (err) {
		free(d);
		return err;
	}
	*impl = d;
	return KIO_OK;
}

static void cups_close(void *impl)
{
	struct cups_drv *d = impl;

	if (!d)
		return;
	drop(d);
	free(d);
}

/* Make sure D has a connection, a destination and its info. */
static kio_err_t ensure(struct cups_drv *d)
{
	const char *uri;

	bind_thread(d);
	if (d->http && d->dest && d->dinfo)
		return KIO_OK;
	if (d->http && d->dest)
		goto info; /* capabilities() asked for fresh info only */
	drop(d);
	if (d->device) {
		d->dest = cupsGetDestWithURI(NULL, d->queue);
		if (!d->dest)
			return KIO_ERR_CONFIG;
		d->http = cupsConnectDest(d->dest, CUPS_DEST_FLAGS_DEVICE, CUPS_TIMEOUT_MS, NULL,
		                          d->resource, sizeof d->resource, NULL, NULL);
		if (!d->http) {
			kio_warn("printer", "cannot connect to %s: %s", d->queue,
			         cupsLastErrorString());
			drop(d);
			return KIO_ERR_PRINTER_UNAVAILABLE;
		}
		snprintf(d->printer_uri, sizeof d->printer_uri, "%s", d->queue);
	} else {
		d->http = httpConnect2(d->host, d->port, NULL, AF_UNSPEC,
		                       HTTP_ENCRYPTION_IF_REQUESTED, 1, CUPS_TIMEOUT_MS, NULL);
		if (!d->http) {
			kio_warn("printer", "cannot connect to cupsd %s:%d: %s", d->host, d->port,
			         cupsLastErrorString());
			return KIO_ERR_PRINTER_UNAVAILABLE;
		}
	}
	/* No callback: a request that sees no data for the bound fails. */
	httpSetTimeout(d->http, CUPS_TIMEOUT_MS / 1000.0, NULL, NULL);
	if (!d->device) {
		d->dest = cupsGetNamedDest(d->http, d->queue, NULL);
		if (!d->dest) {
			kio_err_t err = fail(d, "get-dest");
			drop(d);
			return err == KIO_ERR_PRINTER ? KIO_ERR_PRINTER_UNAVAILABLE : err;
		}
		uri =
		    cupsGetOption("printer-uri-supported", d->dest->num_options, d->dest->options);
		if (uri)
			snprintf(d->printer_uri, sizeof d->printer_uri, "%s", uri);
		else
			snprintf(d->printer_uri, sizeof d->printer_uri,
			         "ipp://localhost/printers/%s", d->queue);
		snprintf(d->resource, sizeof d->resource, "/printers/%s", d->queue);
	}
info:
	d->dinfo_config_time = config_time_now(d); /* read before: a change after shows */
	d->dinfo = cupsCopyDestInfo(d->http, d->dest);
	if (!d->dinfo) {
		kio_err_t err = fail(d, "copy-dest-info");
		drop(d);
		return err == KIO_ERR_PRINTER ? KIO_ERR_PRINTER_UNAVAILABLE : err;
	}
	return KIO_OK;
}

/* Join the string values of ATTR with commas into OUT. */
static void join_values(ipp_attribute_t *attr, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; attr && i < ippGetCount(attr); i++) {
		const char *v = ippGetString(attr, i, NULL);
		int n;
		if (!v)
			continue;
		n = snprintf(out + used, size - used, "%s%s", used ? "," : "", v);
		if (n < 0 || (size_t)n >= size - used) {
			out[used] = '\0'; /* drop a value that does not fit whole */
			break;
		}
		used += (size_t)n;
	}
}

static ipp_t *new_request(struct cups_drv *d, ipp_op_t op)
{
	ipp_t *req = ippNewRequest(op);

	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, d->printer_uri);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, d->user);
	return req;
}

static kio_err_t cups_status(void *impl, kio_printer_status_t *st)
{
	static const char *const attrs[] = {
	    "printer-state",
	    "printer-state-reasons",
	    "printer-state-message",
	    "printer-is-accepting-jobs",
	    "printer-impressions-completed",
	    "media-ready",
	    "marker-names",
	    "marker-levels",
	    "printer-config-change-time",
	};
	struct cups_drv *d = impl;
	ipp_t *req, *resp = NULL;
	ipp_attribute_t *a, *names, *levels;
	kio_err_t err;

	memset(st, 0, sizeof *st);
	st->pages_total = -1;
	err = ensure(d);
	if (err)
		return err;
	req = new_request(d, IPP_OP_GET_PRINTER_ATTRIBUTES);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
	              (int)(sizeof attrs / sizeof attrs[0]), NULL, attrs);
	resp = cupsDoRequest(d->http, req, d->resource);
	if (!resp || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		err = fail(d, "get-printer-attributes");
		goto out;
	}
	a = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM);
	st->state = state_of(a ? ippGetInteger(a, 0) : 0);
	a = ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
	st->accepting = a ? ippGetBoolean(a, 0) : true;
	join_values(ippFindAttribute(resp, "printer-state-reasons", IPP_TAG_KEYWORD), st->reasons,
	            sizeof st->reasons);
	a = ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT);
	snprintf(st->message, sizeof st->message, "%s", a ? ippGetString(a, 0, NULL) : "");
	a = ippFindAttribute(resp, "printer-impressions-completed", IPP_TAG_INTEGER);
	st->pages_total = a ? ippGetInteger(a, 0) : -1;
	join_values(ippFindAttribute(resp, "media-ready", IPP_TAG_ZERO), st->media_ready,
	            sizeof st->media_ready);
	names = ippFindAttribute(resp, "marker-names", IPP_TAG_ZERO);
	levels = ippFindAttribute(resp, "marker-levels", IPP_TAG_INTEGER);
	for (int i = 0; names && i < ippGetCount(names) && i < KIO_PRINTER_MARKERS_MAX; i++) {
		kio_printer_marker_t *m = &st->markers[st->nmarkers++];
		int level = levels && i < ippGetCount(levels) ? ippGetInteger(levels, i) : -1;
		snprintf(m->name, sizeof m->name, "%s", ippGetString(names, i, NULL));
		m->level = level >= 0 && level <= 100 ? level : -1;
	}
	st->condition = kio_printer_condition_of(st->state, st->accepting, st->reasons);
	a = ippFindAttribute(resp, "printer-config-change-time", IPP_TAG_INTEGER);
	d->config_time = a ? ippGetInteger(a, 0) : 0;
	d->config_seen_ms = mono_ms();
out:
	ippDelete(resp);
	return err;
}

static kio_err_t cups_capabilities(void *impl, const kio_print_opts_t *opts,
                                   kio_printer_caps_t *caps)
{
	struct cups_drv *d = impl;
	ipp_attribute_t *a;
	kio_err_t err;

	memset(caps, 0, sizeof *caps);
	caps->copies_max = 1;
	/* Refetch unless a fresh status shows the queue's configuration as it
	 * was when they were fetched: a technician may have changed it since. */
	int config = config_time_now(d);
	if (d->dinfo && (!config || config != d->dinfo_config_time)) {
		cupsFreeDestInfo(d->dinfo);
		d->dinfo = NULL;
	}
	err = ensure(d);
	if (err)
		return err;
	caps->pdf =
	    cupsCheckDestSupported(d->http, d->dest, d->dinfo, "document-format", CUPS_FORMAT_PDF);
	a = cupsFindDestSupported(d->http, d->dest, d->dinfo, CUPS_MEDIA);
	caps->media_listed = a != NULL;
	/* A raw cupsd queue lists no media: the bytes reach the printer as they
	 * are and the PDF's own A4 page size decides. */
	caps->media_ok =
	    !a || cupsCheckDestSupported(d->http, d->dest, d->dinfo, CUPS_MEDIA, opts->media);
	caps->raw = !d->device && !a;
	a = cupsFindDestSupported(d->http, d->dest, d->dinfo, CUPS_MEDIA_TYPE);
	for (int i = 0; a && i < ippGetCount(a); i++)
		kio_printer_list_add(&caps->media_types, ippGetString(a, i, NULL));
	a = cupsFindDestSupported(d->http, d->dest, d->dinfo, CUPS_COPIES);
	if (a && ippGetValueTag(a) == IPP_TAG_RANGE) {
		int upper;
		ippGetRange(a, 0, &upper);
		caps->copies_max = upper;
	}
	return KIO_OK;
}

static kio_err_t cups_create_job(void *impl, const kio_print_opts_t *opts, int *job_id)
{
	struct cups_drv *d = impl;
	cups_option_t *options = NULL;
	int n = 0, id = 0;
	char copies[16];
	kio_err_t err;

	err = ensure(d);
	if (err)
		return err;
	snprintf(copies, sizeof copies, "%d", opts->copies);
	n = cupsAddOption(CUPS_MEDIA, opts->media, n, &options);
	if (opts->media_type[0])
		n = cupsAddOption(CUPS_MEDIA_TYPE, opts->media_type, n, &options);
	n = cupsAddOption(CUPS_COPIES, copies, n, &options);
	n = cupsAddOption("print-scaling", "none", n, &options);
	n = cupsAddOption(CUPS_SIDES, CUPS_SIDES_ONE_SIDED, n, &options);
	cupsSetUser(opts->user); /* this job's requesting-user-name (per thread) */
	if (cupsCreateDestJob(d->http, d->dest, d->dinfo, &id, opts->job_name, n, options) >
	        IPP_STATUS_OK_CONFLICTING ||
	    id <= 0)
		err = fail(d, "create-job");
	else
		*job_id = id;
	cupsSetUser(d->user);
	cupsFreeOptions(n, options);
	return err;
}

/* Send-Document on the handle's connection (made again if a transport
 * error dropped it). The job is left as it is on failure: whether it got
 * its bytes is for the caller to find out. */
static kio_err_t cups_send_document(void *impl, const kio_print_opts_t *opts, int job_id,
                                    const unsigned char *pdf, size_t len)
{
	struct cups_drv *d = impl;
	kio_err_t err = ensure(d);

	if (err)
		return err;
	cupsSetUser(opts->user);
	if (cupsStartDestDocument(d->http, d->dest, d->dinfo, job_id, opts->job_name,
	                          CUPS_FORMAT_PDF, 0, NULL, 1) != HTTP_STATUS_CONTINUE) {
		err = fail(d, "send-document");
		goto out;
	}
	for (size_t off = 0; off < len; off += CUPS_CHUNK) {
		size_t chunk = len - off < CUPS_CHUNK ? len - off : CUPS_CHUNK;
		if (cupsWriteRequestData(d->http, (const char *)pdf + off, chunk) !=
		    HTTP_STATUS_CONTINUE) {
			cupsFinishDestDocument(d->http, d->dest, d->dinfo);
			err = fail(d, "write-document");
			goto out;
		}
	}
	if (cupsFinishDestDocument(d->http, d->dest, d->dinfo) > IPP_STATUS_OK_CONFLICTING)
		err = fail(d, "finish-document");
out:
	cupsSetUser(d->user);
	return err;
}

static kio_job_state_t map_job_state(int s)
{
	switch (s) {
	case IPP_JSTATE_PENDING:
		return KIO_JOB_PENDING;
	case IPP_JSTATE_HELD:
		return KIO_JOB_HELD;
	case IPP_JSTATE_PROCESSING:
		return KIO_JOB_PROCESSING;
	case IPP_JSTATE_STOPPED:
		return KIO_JOB_STOPPED;
	case IPP_JSTATE_CANCELED:
		return KIO_JOB_CANCELED;
	case IPP_JSTATE_ABORTED:
		return KIO_JOB_ABORTED;
	case IPP_JSTATE_COMPLETED:
		return KIO_JOB_COMPLETED;
	default:
		return KIO_JOB_PENDING;
	}
}

static kio_err_t cups_poll(void *impl, int job_id, kio_job_status_t *js)
{
	static const char *const attrs[] = {"job-state", "job-state-reasons",
	                                    "job-impressions-completed",
	                                    "job-media-sheets-completed"};
	struct cups_drv *d = impl;
	ipp_t *req, *resp = NULL;
	ipp_attribute_t *a;
	kio_printer_status_t st;
	kio_err_t err;

	memset(js, 0, sizeof *js);
	js->job_id = job_id;
	js->pages_done = -1;
	err = ensure(d);
	if (err)
		return err;
	req = new_request(d, IPP_OP_GET_JOB_ATTRIBUTES);
	ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
	              (int)(sizeof attrs / sizeof attrs[0]), NULL, attrs);
	resp = cupsDoRequest(d->http, req, d->resource);
	if (resp && cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND) {
		/* The queue answered (ensure found it): the job is gone. */
		err = KIO_ERR_INVAL;
		goto out;
	}
	if (!resp || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		err = fail(d, "get-job-attributes");
		goto out;
	}
	a = ippFindAttribute(resp, "job-state", IPP_TAG_ENUM);
	js->state = map_job_state(a ? ippGetInteger(a, 0) : 0);
	a = ippFindAttribute(resp, "job-impressions-completed", IPP_TAG_INTEGER);
	if (!a)
		a = ippFindAttribute(resp, "job-media-sheets-completed", IPP_TAG_INTEGER);
	js->pages_done = a ? ippGetInteger(a, 0) : -1;
	join_values(ippFindAttribute(resp, "job-state-reasons", IPP_TAG_KEYWORD), js->reason,
	            sizeof js->reason);
	if (js->state == KIO_JOB_COMPLETED)
		goto out;
	/* While the job waits (or after it failed) the printer says why. */
	err = cups_status(d, &st);
	if (err)
		goto out;
	js->condition = st.condition;
	if (st.condition != KIO_PRINTER_READY)
		snprintf(js->reason, sizeof js->reason, "%.120s%s%.120s", st.reasons,
		         st.message[0] ? ": " : "", st.message);
out:
	ippDelete(resp);
	return err;
}

static kio_err_t cups_cancel(void *impl, int job_id)
{
	struct cups_drv *d = impl;
	kio_err_t err = ensure(d);

	if (err)
		return err;
	if (cupsCancelDestJob(d->http, d->dest, job_id) > IPP_STATUS_OK_CONFLICTING) {
		/* Already finished is not an error for the caller. */
		if (cupsLastError() == IPP_STATUS_ERROR_NOT_POSSIBLE)
			return KIO_OK;
		return fail(d, "cancel-job");
	}
	return KIO_OK;
}

/* A handle of its own for QUEUE at SERVER, like D's otherwise. */
static kio_err_t other_queue(const struct cups_drv *d, const char *server, const char *queue,
                             struct cups_drv *t)
{
	memset(t, 0, sizeof *t);
	snprintf(t->queue, sizeof t->queue, "%s", queue);
	snprintf(t->media, sizeof t->media, "%s", d->media);
	snprintf(t->user, sizeof t->user, "%s", d->user);
	t->device = !strncmp(queue, "ipp://", 6) || !strncmp(queue, "ipps://", 7);
	if (t->device)
		return KIO_OK;
	if (!server[0] && !d->device) {
		/* No server named (a journal row from before servers were
		 * recorded): the handle's own. */
		snprintf(t->host, sizeof t->host, "%s", d->host);
		snprintf(t->server, sizeof t->server, "%s", d->server);
		t->port = d->port;
		return KIO_OK;
	}
	return parse_server(t, server);
}

static kio_err_t cups_poll_at(void *impl, const char *server, const char *queue, int job_id,
                              kio_job_status_t *js)
{
	struct cups_drv t;
	kio_err_t err = other_queue(impl, server, queue, &t);

	if (!err)
		err = cups_poll(&t, job_id, js);
	drop(&t);
	bind_thread(impl);
	return err;
}

static kio_err_t cups_cancel_at(void *impl, const char *server, const char *queue, int job_id)
{
	struct cups_drv t;
	kio_err_t err = other_queue(impl, server, queue, &t);

	if (!err)
		err = cups_cancel(&t, job_id);
	drop(&t);
	bind_thread(impl);
	return err;
}

/* One CUPS admin request on the queue; true if cupsd accepted it. */
static bool admin_request(struct cups_drv *d, ipp_op_t op, bool clear_reasons)
{
	ipp_t *req = new_request(d, op), *resp;
	bool ok;

	if (clear_reasons)
		ippAddString(req, IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons", NULL,
		             "none");
	resp = cupsDoRequest(d->http, req, "/admin/");
	ok = resp && cupsLastError() <= IPP_STATUS_OK_CONFLICTING;
	ippDelete(resp);
	return ok;
}

static kio_err_t cups_reset(void *impl)
{
	struct cups_drv *d = impl;
	kio_err_t err = ensure(d);

	if (err || d->device)
		return err; /* a printer's own reasons are live, nothing is stale */
	/* Add-Modify-Printer with printer-state-reasons is how cupsd lets an
	 * administrator drop reasons; Resume + Accept undo a stopped queue. */
	if (!admin_request(d, IPP_OP_CUPS_ADD_MODIFY_PRINTER, true) ||
	    !admin_request(d, IPP_OP_RESUME_PRINTER, false) ||
	    !admin_request(d, IPP_OP_CUPS_ACCEPT_JOBS, false))
		return fail(d, "reset");
	return KIO_OK;
}

/* One destination of cupsGetDests2 as a listed queue. */
static void queue_of(const cups_dest_t *dest, kio_printer_queue_t *q)
{
	const char *state = cupsGetOption("printer-state", dest->num_options, dest->options);
	const char *reasons =
	    cupsGetOption("printer-state-reasons", dest->num_options, dest->options);
	const char *acc =
	    cupsGetOption("printer-is-accepting-jobs", dest->num_options, dest->options);
	const char *uri = cupsGetOption("device-uri", dest->num_options, dest->options);
	snprintf(q->name, sizeof q->name, "%s", dest->name);
	q->state = state_of(state ? (int)strtol(state, NULL, 10) : 0);
	q->accepting = !acc || !strcmp(acc, "true") || !strcmp(acc, "1");
	snprintf(q->reasons, sizeof q->reasons, "%s",
	         reasons && strcmp(reasons, "none") ? reasons : "");
	snprintf(q->device_uri, sizeof q->device_uri, "%s", uri ? uri : "");
}

/* The queues of D's cupsd. On a connection of its own: the list matters
 * most when the configured queue is gone, and ensure() fails then. */
static kio_err_t cups_queues(void *impl, kio_printer_queues_t *out)
{
	struct cups_drv *d = impl;
	cups_dest_t *dests = NULL;
	kio_err_t err = KIO_OK;
	http_t *http;
	int n;

	if (d->device)
		return KIO_OK; /* a printer's own URI: no cupsd, nothing to choose */
	bind_thread(d);
	http = httpConnect2(d->host, d->port, NULL, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
	                    CUPS_TIMEOUT_MS, NULL);
	if (!http) {
		kio_warn("printer", "cannot connect to cupsd %s:%d: %s", d->host, d->port,
		         cupsLastErrorString());
		return KIO_ERR_PRINTER_UNAVAILABLE;
	}
	httpSetTimeout(http, CUPS_TIMEOUT_MS / 1000.0, NULL, NULL);
	n = cupsGetDests2(http, &dests);
	if (n == 0 && cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		kio_warn("printer", "cups get-printers: %s", cupsLastErrorString());
		err = KIO_ERR_PRINTER_UNAVAILABLE;
	}
	for (int i = 0; i < n && out->n < KIO_PRINTER_LIST_MAX; i++)
		if (strlen(dests[i].name) < sizeof out->q[0].name)
			queue_of(&dests[i], &out->q[out->n++]);
	cupsFreeDests(n, dests);
	httpClose(http);
	return err;
}

const kio_printer_ops_t kio_printer_cups_ops = {
    .name = "cups",
    .open = cups_open,
    .status = cups_status,
    .capabilities = cups_capabilities,
    .create_job = cups_create_job,
    .send_document = cups_send_document,
    .poll = cups_poll,
    .cancel = cups_cancel,
    .poll_at = cups_poll_at,
    .cancel_at = cups_cancel_at,
    .reset = cups_reset,
    .queues = cups_queues,
    .close = cups_close,
};
