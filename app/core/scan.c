/* scan.c — what a scanned code means (see scan.h). */
#include "core/scan.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The host[:port] of URL (after "https://" or "http://") into HOST. */
static bool host_of(const char *url, char *host, size_t cap)
{
	const char *p;
	if (!url)
		return false;
	if (!strncmp(url, "https://", 8))
		p = url + 8;
	else if (!strncmp(url, "http://", 7))
		p = url + 7;
	else
		return false;
	size_t n = strcspn(p, "/?#");
	if (n == 0 || n >= cap)
		return false;
	memcpy(host, p, n);
	host[n] = '\0';
	return true;
}

static bool same_host(const char *a, const char *base)
{
	char h[256];
	return base && *base && host_of(base, h, sizeof h) && !strcasecmp(a, h);
}

/* A document id as it may go into a URL path. */
static bool id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= KIO_DOC_ID_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

static bool code_ok(const char *s)
{
	if (strlen(s) != 6)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static kio_scan_kind_t refuse(const char *key, char *value, size_t cap)
{
	snprintf(value, cap, "%s", key);
	return KIO_SCAN_REFUSED;
}

kio_scan_kind_t kio_scan_classify(const char *text, size_t len, const char *verify_url,
                                  const char *server_url, char *value, size_t cap)
{
	char s[KIO_SCAN_TEXT_MAX], host[256];
	if (!text || len == 0 || len >= sizeof s)
		return refuse("scan.unreadable", value, cap);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] >= 0x7f)
			return refuse("scan.unreadable", value, cap);
	memcpy(s, text, len);
	s[len] = '\0';
	/* Plain http only where the kiosk itself is configured for it (dev). */
	bool plain_ok = verify_url && !strncmp(verify_url, "http://", 7);
	if (strncmp(s, "https://", 8) && !(plain_ok && !strncmp(s, "http://", 7)))
		return refuse("scan.unknown", value, cap);
	if (!host_of(s, host, sizeof host))
		return refuse("scan.unknown", value, cap);
	const char *path = strchr(s + (s[4] == 's' ? 8 : 7), '/');
	if (!path)
		return refuse("scan.unknown", value, cap);
	if (!strncmp(path, "/v/", 3) && id_ok(path + 3)) {
		if (!same_host(host, verify_url))
			return refuse("scan.foreign", value, cap);
		snprintf(value, cap, "%s", path + 3);
		return KIO_SCAN_VERIFY;
	}
	if (!strncmp(path, "/k/", 3) && code_ok(path + 3)) {
		if (!same_host(host, verify_url) && !same_host(host, server_url))
			return refuse("scan.foreign", value, cap);
		snprintf(value, cap, "%s", path + 3);
		return KIO_SCAN_LOGIN;
	}
	return refuse("scan.unknown", value, cap);
}
