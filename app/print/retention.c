/*
 * retention.c — reads PreserveJobFiles and PreserveJobHistory from cupsd.
 *
 * cupsAdminGetServerSettings fetches cupsd.conf (GET /admin/conf/cupsd.conf)
 * and returns its top-level directives; a directive that is absent has
 * cupsd's default. Reading it needs admin rights on a stock cupsd: the
 * kiosk's user is in lpadmin, and libcups authenticates it over the local
 * socket by its peer credentials.
 */
#include "print/retention.h"

#include <cups/adminutil.h>
#include <cups/cups.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "core/strings.h"

/* cupsd's boolean words, as its config parser accepts them. */
static bool is_no(const char *v)
{
	return !strcasecmp(v, "no") || !strcasecmp(v, "off") || !strcasecmp(v, "false") ||
	       !strcmp(v, "0");
}

static bool is_yes(const char *v)
{
	return !strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcasecmp(v, "true");
}

void kio_retention_judge(const char *files, const char *history, kio_retention_t *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->files, sizeof out->files, "%s", files ? files : "");
	snprintf(out->history, sizeof out->history, "%s", history ? history : "");
	/* PreserveJobFiles: default 86400; any number of seconds or Yes keeps
	 * the document for a while, only No/0 deletes it when the job ends. */
	out->keeps_documents = !out->files[0] || !is_no(out->files);
	/* PreserveJobHistory: default Yes (until MaxJobs). */
	if (!out->history[0] || is_yes(out->history))
		out->keeps_history = true;
	else if (!is_no(out->history)) {
		char *end;
		long s = strtol(out->history, &end, 10);
		out->keeps_history = *end || s < 0 || s > KIO_RETENTION_HISTORY_S;
	}
}

bool kio_retention_is_private(const kio_retention_t *r)
{
	return r && !r->keeps_documents && !r->keeps_history;
}

kio_err_t kio_retention_check(const char *server, kio_retention_t *out)
{
	char host[256];
	const char *s = server, *colon;
	int port = ippPort(), n = 0;
	cups_option_t *opts = NULL;
	http_t *http;

	memset(out, 0, sizeof *out);
	if (!s || !s[0])
		s = cupsServer();
	colon = s[0] == '/' ? NULL : strrchr(s, ':');
	if (colon && strchr(colon, ']'))
		colon = NULL; /* inside an IPv6 literal */
	if (colon)
		port = (int)strtol(colon + 1, NULL, 10);
	snprintf(host, sizeof host, "%.*s", colon ? (int)(colon - s) : (int)strlen(s), s);
	http =
	    httpConnect2(host, port, NULL, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 5000, NULL);
	if (!http) {
		kio_warn("retention", "cannot reach cupsd at %s: %s", s, cupsLastErrorString());
		return KIO_ERR_PRINTER_UNAVAILABLE;
	}
	httpSetTimeout(http, 5.0, NULL, NULL);
	if (!cupsAdminGetServerSettings(http, &n, &opts)) {
		kio_warn("retention", "cupsd at %s does not show its settings: %s", s,
		         cupsLastErrorString());
		httpClose(http);
		return KIO_ERR_PRINTER_UNAVAILABLE;
	}
	kio_retention_judge(cupsGetOption("PreserveJobFiles", n, opts),
	                    cupsGetOption("PreserveJobHistory", n, opts), out);
	cupsFreeOptions(n, opts);
	httpClose(http);
	return KIO_OK;
}

void kio_retention_describe(const struct kio_strings *str, kio_err_t err, const kio_retention_t *r,
                            char *out, size_t outlen)
{
	/* The values cupsd uses, its defaults spelled out. */
	const char *names[] = {"files", "history"};
	const char *values[] = {r->files[0] ? r->files : "86400",
	                        r->history[0] ? r->history : "Yes"};
	const char *key = err                  ? "tech.cups.unknown"
	                  : r->keeps_documents ? "tech.cups.keeps_documents"
	                  : r->keeps_history   ? "tech.cups.keeps_history"
	                                       : "tech.cups.private";
	kio_strings_fill(kio_strings_get(str, key), out, outlen, names, values, 2);
}
