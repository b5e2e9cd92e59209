/*
 * config.c — the kiosk's INI configuration (see config.h).
 *
 * One table, `keys`, names every key with its type, field, limits, check,
 * default and doc comment; defaults, parse, set, get and format all walk
 * it, so a key cannot be loadable but not savable. The lexer (core/ini.c)
 * splits lines into section/key/value with exact line numbers; over-long
 * lines and control bytes are reported instead of silently split. Pure: the
 * file itself is read and written by app/sys/config-file.c.
 */
#include "core/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ini.h"

enum {
	DIAG_MAX = 50,   /* a junk file stops after this many messages */
	DIAG_LINE = 768, /* one "file:line: key: what" message */
	WHY_MAX = 256,
};

typedef enum { T_STR, T_INT, T_BOOL, T_ORIENT } key_type_t;

/* Checks a string value; on failure writes the reason into WHY. */
typedef bool (*check_fn)(const char *v, char *why, size_t whylen);

typedef struct key {
	const char *section;
	const char *name;
	key_type_t type;
	size_t offset; /* of the field in kio_config_t */
	size_t size;   /* of the field (strings: buffer incl. NUL) */
	int min, max;  /* T_INT */
	check_fn check;
	bool required; /* must be set (non-empty) in a loaded file */
	const char *def;
	const char *doc;
} cfg_key_t;

static bool check_url(const char *v, char *why, size_t whylen);
static bool check_url_opt(const char *v, char *why, size_t whylen);
static bool check_file_opt(const char *v, char *why, size_t whylen);
static bool check_secret_file_opt(const char *v, char *why, size_t whylen);
static bool check_pin(const char *v, char *why, size_t whylen);
static bool check_kiosk_id(const char *v, char *why, size_t whylen);
static bool check_hotline(const char *v, char *why, size_t whylen);
static bool check_language(const char *v, char *why, size_t whylen);
static bool check_pin_hash(const char *v, char *why, size_t whylen);
static bool check_queue(const char *v, char *why, size_t whylen);
static bool check_cups_server(const char *v, char *why, size_t whylen);
static bool check_media(const char *v, char *why, size_t whylen);
static bool check_token(const char *v, char *why, size_t whylen);
static bool check_abs_path(const char *v, char *why, size_t whylen);
static bool check_abs_path_opt(const char *v, char *why, size_t whylen);

#define FIELD_SIZE(f) sizeof(((kio_config_t *)0)->f)
#define STR(sec, k, f, chk, req, def, doc)                                                         \
	{                                                                                          \
		sec, k, T_STR, offsetof(kio_config_t, f), FIELD_SIZE(f), 0, 0, chk, req, def, doc  \
	}
#define INT(sec, k, f, lo, hi, def, doc)                                                           \
	{                                                                                          \
		sec, k, T_INT, offsetof(kio_config_t, f), FIELD_SIZE(f), lo, hi, NULL, false, def, \
		    doc                                                                            \
	}
#define BOOL(sec, k, f, def, doc)                                                                  \
	{                                                                                          \
		sec, k, T_BOOL, offsetof(kio_config_t, f), FIELD_SIZE(f), 0, 0, NULL, false, def,  \
		    doc                                                                            \
	}
#define ORIENT(sec, k, f, def, doc)                                                                \
	{                                                                                          \
		sec, k, T_ORIENT, offsetof(kio_config_t, f), FIELD_SIZE(f), 0, 0, NULL, false,     \
		    def, doc                                                                       \
	}

/* Sections appear in the saved file in this order, keys in table order. */
static const cfg_key_t keys[] = {
    STR("server", "url", server_url, check_url, true, "",
        "Central API base, https://host[:port][/path] without trailing '/'."),
    STR("server", "ca_bundle", ca_bundle, check_file_opt, false, "",
        "PEM CA bundle that signs the server certificate; empty: system store."),
    STR("server", "pinned_pubkey", pinned_pubkey, check_pin, false, "",
        "Optional public-key pin(s): sha256//BASE64[;sha256//BASE64...]."),
    STR("server", "client_cert", client_cert, check_file_opt, false, "",
        "mTLS client certificate (PEM); empty: none. Needs client_key."),
    STR("server", "client_key", client_key, check_secret_file_opt, false, "",
        "mTLS private key (PEM) for client_cert; empty: none."),
    INT("server", "connect_timeout_s", connect_timeout_s, 1, 60, "5",
        "Seconds to open a connection (1-60)."),
    INT("server", "request_timeout_s", request_timeout_s, 1, 300, "20",
        "Seconds for one API request (1-300), not for document downloads."),
    INT("server", "download_min_speed", download_min_speed, 1, 100000000, "1024",
        "Downloads slower than this many bytes/s ..."),
    INT("server", "download_min_speed_s", download_min_speed_s, 1, 300, "15",
        "... for this many seconds (1-300) are aborted."),
    INT("server", "heartbeat_s", heartbeat_s, 5, 3600, "60",
        "Seconds between heartbeats to the server (5-3600)."),
    INT("server", "backoff_base_s", backoff_base_s, 1, 600, "2",
        "Failed heartbeats/uploads: first retry within this many seconds (1-600)."),
    INT("server", "backoff_cap_s", backoff_cap_s, 1, 3600, "300",
        "... doubling after each failure up to this many seconds (1-3600)."),
    BOOL("server", "dev_allow_http", allow_plain_http, "false",
         "Development only: allow http:// URLs. Never true on a kiosk."),

    STR("kiosk", "id", kiosk_id, check_kiosk_id, true, "",
        "Kiosk id sent as X-Kiosk-Id, e.g. ADM-1610-001 (A-Z a-z 0-9 -)."),
    STR("kiosk", "verify_url", verify_url, check_url_opt, false, "",
        "Verification site base: done-screen QR <base>/v/<doc id>, test page <base>/."),
    STR("kiosk", "hotline", hotline, check_hotline, false, "0895346249816",
        "Help number shown on the idle screen."),
    INT("kiosk", "inactivity_s", inactivity_s, 15, 600, "60",
        "Seconds without a touch before the logout warning appears (15-600)."),
    INT("kiosk", "inactivity_warning_s", inactivity_warning_s, 5, 120, "15",
        "That warning's countdown to the logout (5-120, below inactivity_s)."),
    STR("kiosk", "language", language, check_language, false, "id",
        "Default language: id (Bahasa Indonesia) or en."),
    BOOL("kiosk", "voice_default", voice_default, "false",
         "Spoken guidance on at the start of every session (citizens can turn it off)."),
    INT("kiosk", "voice_volume", voice_volume, 0, 100, "80",
        "Volume of spoken guidance, 0-100 (also on the technician's kiosk page)."),
    STR("kiosk", "technician_pin_hash", technician_pin_hash, check_pin_hash, false, "",
        "Argon2id hash; set with: adm-kioskctl set-pin --config FILE"),
    STR("kiosk", "officer_pin_hash", officer_pin_hash, check_pin_hash, false, "",
        "Argon2id hash; set with: adm-kioskctl set-pin --officer --config FILE"),

    STR("printer", "queue", printer_queue, check_queue, false, "ADM-HVS", "CUPS queue name."),
    STR("printer", "cups_server", cups_server, check_cups_server, false, "",
        "CUPS server host[:port] or socket path; empty: CUPS default."),
    STR("printer", "media", media, check_media, false, "iso_a4_210x297mm",
        "Paper size (PWG name). Only A4: documents are A4 TTE PDFs."),
    STR("printer", "media_type", media_type, check_token, false, "stationery",
        "Paper type (IPP keyword), e.g. stationery for plain HVS paper."),
    INT("printer", "job_timeout_s", job_timeout_s, 10, 3600, "120",
        "A job with no progress for this many seconds is a fault (10-3600)."),
    INT("printer", "daily_cap", daily_cap, 0, 100000, "0",
        "Documents this kiosk prints a day at most; 0: no cap."),
    INT("printer", "low_sheets", low_sheets, 0, 100000, "50",
        "Staff are warned when fewer sheets than this are left."),

    INT("screen", "width", screen_width, 320, 7680, "1920", "Screen width in pixels."),
    INT("screen", "height", screen_height, 320, 7680, "1080", "Screen height in pixels."),
    ORIENT("screen", "orientation", orientation, "landscape", "landscape or portrait."),
    STR("screen", "font_path", font_path, check_file_opt, false, "",
        "TTF font file; empty: fontconfig's DejaVu Sans."),

    STR("storage", "data_dir", data_dir, check_abs_path, false, "/var/lib/adm-kiosk",
        "Directory for the print journal and print log (absolute path)."),
    INT("storage", "log_retention_days", log_retention_days, 1, 3650, "730",
        "Days the print log is kept (1-3650)."),
    STR("storage", "watchdog_device", watchdog_device, check_abs_path_opt, false, "",
        "Hardware watchdog, e.g. /dev/watchdog; empty: none."),
};

#define NKEYS (sizeof keys / sizeof keys[0])

/* ---- value checks --------------------------------------------------------- */

static bool fail(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return false;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Syntax of http(s)://host[:port][/path]; the scheme is checked against
 * dev_allow_http separately (cross_checks) because keys load in any order. */
static bool check_url(const char *v, char *why, size_t whylen)
{
	const char *host, *p;
	size_t hostlen;

	if (!strncmp(v, "https://", 8))
		host = v + 8;
	else if (!strncmp(v, "http://", 7))
		host = v + 7;
	else
		return fail(why, whylen, "must start with https://");
	p = host;
	if (*p == '[') {
		/* IPv6 literal */
		while (*p && *p != ']')
			p++;
		if (*p != ']' || p == host + 1)
			return fail(why, whylen, "bad IPv6 host");
		p++;
	} else {
		while (is_alnum(*p) || *p == '.' || *p == '-')
			p++;
	}
	hostlen = (size_t)(p - host);
	if (hostlen == 0)
		return fail(why, whylen, "no host name");
	if (*p == ':') {
		char *end;
		long port;
		errno = 0;
		if (p[1] < '0' || p[1] > '9')
			return fail(why, whylen, "bad port");
		port = strtol(p + 1, &end, 10);
		if (errno || port < 1 || port > 65535)
			return fail(why, whylen, "port must be 1-65535");
		p = end;
	}
	if (*p && *p != '/')
		return fail(why, whylen, "unexpected '%c' after the host", *p);
	for (const char *q = p; *q; q++)
		if (*q == ' ' || *q == '?' || *q == '#' || *q == '@')
			return fail(why, whylen, "no spaces, query, fragment or user@ allowed");
	if (*p && v[strlen(v) - 1] == '/')
		return fail(why, whylen, "remove the trailing '/' (paths are appended to it)");
	return true;
}

static bool check_url_opt(const char *v, char *why, size_t whylen)
{
	return !*v || check_url(v, why, whylen);
}

/* Empty, or an absolute path; whether the file can be read is asked of
 * the caller's kio_config_file_check_fn (key_set). */
static bool check_file_opt(const char *v, char *why, size_t whylen)
{
	if (*v && v[0] != '/')
		return fail(why, whylen, "must be an absolute path");
	return true;
}

/* The same for a private key: the caller's check also refuses a file that
 * group or others may read. */
static bool check_secret_file_opt(const char *v, char *why, size_t whylen)
{
	return check_file_opt(v, why, whylen);
}

/* libcurl's CURLOPT_PINNEDPUBLICKEY list: sha256// + base64 of 32 bytes. */
static bool check_pin(const char *v, char *why, size_t whylen)
{
	const char *p = v;

	if (!*v)
		return true;
	for (;;) {
		if (strncmp(p, "sha256//", 8) != 0)
			return fail(why, whylen, "expected sha256//BASE64[;sha256//BASE64...]");
		p += 8;
		for (int i = 0; i < 43; i++, p++)
			if (!is_alnum(*p) && *p != '+' && *p != '/')
				return fail(why, whylen,
				            "a pin is 44 base64 characters ending in '='");
		if (*p++ != '=')
			return fail(why, whylen, "a pin is 44 base64 characters ending in '='");
		if (!*p)
			return true;
		if (*p++ != ';')
			return fail(why, whylen, "pins are separated by ';'");
	}
}

static bool check_kiosk_id(const char *v, char *why, size_t whylen)
{
	size_t n = strlen(v);

	if (n < 1 || n > 63)
		return fail(why, whylen, "must be 1-63 characters");
	for (const char *p = v; *p; p++)
		if (!is_alnum(*p) && *p != '-')
			return fail(why, whylen, "only A-Z, a-z, 0-9 and '-' allowed");
	return true;
}

static bool check_hotline(const char *v, char *why, size_t whylen)
{
	int digits = 0;

	for (const char *p = v; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!(*p == '+' && p == v) && *p != ' ' && *p != '-')
			return fail(why, whylen, "only digits, spaces, '-' and a leading '+'");
	}
	if (digits < 3 || digits > 20)
		return fail(why, whylen, "must have 3-20 digits");
	return true;
}

static bool check_language(const char *v, char *why, size_t whylen)
{
	if (strcmp(v, "id") && strcmp(v, "en"))
		return fail(why, whylen, "must be id or en");
	return true;
}

static bool check_pin_hash(const char *v, char *why, size_t whylen)
{
	if (*v && strncmp(v, "$argon2id$", 10) != 0)
		return fail(why, whylen, "must be empty or an $argon2id$ hash (use set-pin)");
	return true;
}

/* CUPS queue names: printable, no space, '/', '#' or '\\' (cupsd rule). */
static bool check_queue(const char *v, char *why, size_t whylen)
{
	if (!*v)
		return fail(why, whylen, "must not be empty");
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || *p == '/' ||
		    *p == '#' || *p == '\\')
			return fail(why, whylen, "no spaces, '/', '#' or '\\' allowed");
	return true;
}

static bool check_cups_server(const char *v, char *why, size_t whylen)
{
	const char *p = v;

	if (!*v || *v == '/')
		return true; /* default, or a domain socket path */
	while (is_alnum(*p) || *p == '.' || *p == '-')
		p++;
	if (p == v)
		return fail(why, whylen, "expected host[:port] or a socket path");
	if (*p == ':') {
		char *end;
		long port;
		errno = 0;
		if (p[1] < '0' || p[1] > '9')
			return fail(why, whylen, "bad port");
		port = strtol(p + 1, &end, 10);
		if (errno || *end || port < 1 || port > 65535)
			return fail(why, whylen, "port must be 1-65535");
		p = end;
	}
	if (*p)
		return fail(why, whylen, "expected host[:port] or a socket path");
	return true;
}

/* Only A4 for now: every issued document is an A4 TTE PDF and must print
 * unscaled, so that its signature QR stays the size the verifier expects;
 * any other size would make CUPS scale or crop it. */
static bool check_media(const char *v, char *why, size_t whylen)
{
	if (strcmp(v, "iso_a4_210x297mm") != 0)
		return fail(why, whylen, "only iso_a4_210x297mm is supported (documents are A4)");
	return true;
}

/* An IPP keyword: lower-case letters, digits, '-' and '_'. */
static bool check_token(const char *v, char *why, size_t whylen)
{
	if (!*v)
		return fail(why, whylen, "must not be empty");
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return fail(why, whylen, "only a-z, 0-9, '-' and '_' allowed");
	return true;
}

static bool check_abs_path(const char *v, char *why, size_t whylen)
{
	if (!*v)
		return fail(why, whylen, "must not be empty");
	if (v[0] != '/')
		return fail(why, whylen, "must be an absolute path");
	return true;
}

static bool check_abs_path_opt(const char *v, char *why, size_t whylen)
{
	return !*v || check_abs_path(v, why, whylen);
}

/* ---- table access ---------------------------------------------------------- */

static const cfg_key_t *find_key(const char *section, const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

/* Strict decimal: digits only, no sign, no spaces, no suffix. */
static bool parse_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	long n;

	if (*v < '0' || *v > '9')
		return false;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < lo || n > hi)
		return false;
	*out = (int)n;
	return true;
}

static bool parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1")) {
		*out = true;
		return true;
	}
	if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0")) {
		*out = false;
		return true;
	}
	return false;
}

/* Validate V for K and store it into CFG; CFG is untouched on failure.
 * CHECK_FILE (may be NULL) asks whether a file key's path can be read. */
static bool key_set(kio_config_t *cfg, const cfg_key_t *k, const char *v, size_t max_line,
                    kio_config_file_check_fn check_file, char *why, size_t whylen)
{
	char *field = (char *)cfg + k->offset;
	size_t len = strlen(v);

	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return fail(why, whylen, "contains a control character");
	if (len && (v[0] == ' ' || v[len - 1] == ' '))
		return fail(why, whylen, "leading or trailing spaces would be lost");
	/* The lexer starts an inline comment at whitespace + ';'. */
	if (strstr(v, " ;") || strstr(v, "\t;"))
		return fail(why, whylen, "' ;' would start a comment in the file");
	/* The saved line "name = value\n" must fit the lexer's line. */
	if (strlen(k->name) + 3 + len + 2 > max_line)
		return fail(why, whylen, "too long for one config line (max %zu characters)",
		            max_line - strlen(k->name) - 5);
	switch (k->type) {
	case T_STR:
		if (len >= k->size)
			return fail(why, whylen, "too long (max %zu characters)", k->size - 1);
		if (k->required && !*v)
			return fail(why, whylen, "must not be empty");
		if (k->check && !k->check(v, why, whylen))
			return false;
		bool secret = k->check == check_secret_file_opt;
		if ((k->check == check_file_opt || secret) && *v && check_file &&
		    !check_file(v, secret, why, whylen))
			return false;
		/* Clear the whole buffer: no tail of an old value (a PIN hash)
		 * stays behind a shorter new one. */
		memset(field, 0, k->size);
		memcpy(field, v, len);
		return true;
	case T_INT: {
		int n;
		if (!parse_int(v, k->min, k->max, &n))
			return fail(why, whylen, "must be a whole number from %d to %d", k->min,
			            k->max);
		*(int *)(void *)field = n;
		return true;
	}
	case T_BOOL: {
		bool b;
		if (!parse_bool(v, &b))
			return fail(why, whylen, "must be true or false");
		*(bool *)(void *)field = b;
		return true;
	}
	case T_ORIENT:
		if (!strcmp(v, "landscape"))
			*(kio_orientation_t *)(void *)field = KIO_ORIENT_LANDSCAPE;
		else if (!strcmp(v, "portrait"))
			*(kio_orientation_t *)(void *)field = KIO_ORIENT_PORTRAIT;
		else
			return fail(why, whylen, "must be landscape or portrait");
		return true;
	}
	return fail(why, whylen, "internal: unknown key type");
}

static kio_err_t key_get(const kio_config_t *cfg, const cfg_key_t *k, char *out, size_t outlen)
{
	const char *field = (const char *)cfg + k->offset;
	int n = -1;

	switch (k->type) {
	case T_STR:
		n = snprintf(out, outlen, "%s", field);
		break;
	case T_INT:
		n = snprintf(out, outlen, "%d", *(const int *)(const void *)field);
		break;
	case T_BOOL:
		n = snprintf(out, outlen, "%s",
		             *(const bool *)(const void *)field ? "true" : "false");
		break;
	case T_ORIENT:
		n = snprintf(out, outlen, "%s",
		             *(const kio_orientation_t *)(const void *)field == KIO_ORIENT_PORTRAIT
		                 ? "portrait"
		                 : "landscape");
		break;
	}
	if (n < 0)
		return KIO_ERR_INTERNAL;
	return (size_t)n < outlen ? KIO_OK : KIO_ERR_TOOBIG;
}

/* ---- checks across keys ------------------------------------------------------ */

typedef struct cross {
	const char *at;    /* "section.key" the problem is reported on */
	const char *other; /* the other key involved */
	bool (*ok)(const kio_config_t *cfg, char *why, size_t whylen);
	bool on_set; /* also enforced by kio_config_apply (false: parse only) */
} cross_t;

static bool cross_url_scheme(const kio_config_t *c, char *why, size_t whylen)
{
	if (!c->allow_plain_http && !strncmp(c->server_url, "http://", 7))
		return fail(why, whylen,
		            "must start with https:// (http:// needs [server] "
		            "dev_allow_http = true, development only)");
	return true;
}

static bool cross_verify_scheme(const kio_config_t *c, char *why, size_t whylen)
{
	if (!c->allow_plain_http && !strncmp(c->verify_url, "http://", 7))
		return fail(why, whylen, "must start with https://");
	return true;
}

static bool cross_client_pair(const kio_config_t *c, char *why, size_t whylen)
{
	if (!*c->client_cert != !*c->client_key)
		return fail(why, whylen, "client_cert and client_key must be set together");
	return true;
}

static bool cross_inactivity(const kio_config_t *c, char *why, size_t whylen)
{
	if (c->inactivity_warning_s >= c->inactivity_s)
		return fail(why, whylen, "must be less than kiosk.inactivity_s (%d)",
		            c->inactivity_s);
	return true;
}

static bool cross_timeouts(const kio_config_t *c, char *why, size_t whylen)
{
	if (c->connect_timeout_s > c->request_timeout_s)
		return fail(why, whylen, "must not exceed server.request_timeout_s (%d)",
		            c->request_timeout_s);
	return true;
}

static const cross_t crosses[] = {
    {"server.url", "server.dev_allow_http", cross_url_scheme, true},
    {"kiosk.verify_url", "server.dev_allow_http", cross_verify_scheme, true},
    /* Load only: a screen or tool sets the pair one key at a time. */
    {"server.client_key", "server.client_cert", cross_client_pair, false},
    {"kiosk.inactivity_warning_s", "kiosk.inactivity_s", cross_inactivity, true},
    {"server.connect_timeout_s", "server.request_timeout_s", cross_timeouts, true},
};

static void full_name(const cfg_key_t *k, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s.%s", k->section, k->name);
}

/* ---- public API ---------------------------------------------------------------- */

void kio_config_defaults(kio_config_t *cfg)
{
	char why[WHY_MAX];

	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < NKEYS; i++) {
		/* Required keys default to empty, which key_set refuses. */
		if (keys[i].type == T_STR)
			snprintf((char *)cfg + keys[i].offset, keys[i].size, "%s", keys[i].def);
		else
			(void)key_set(cfg, &keys[i], keys[i].def, SIZE_MAX, NULL, why, sizeof why);
	}
}

/* State of one parse: where the lexer is, what was seen. */
typedef struct load {
	kio_config_t cfg;
	const char *path;
	int lineno;      /* line the lexer handed over last */
	int seen[NKEYS]; /* line a key was set on, 0: not in the file */
	int ndiag;
	kio_config_file_check_fn check_file;
	kio_config_diag_fn diag;
	void *ctx;
} load_t;

static void report(load_t *l, int line, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "FILE:LINE: key: what"; "FILE:LINE: what" for a line with no key;
 * "FILE: what" (LINE 0) for the file as a whole. */
static void report(load_t *l, int line, const char *key, const char *fmt, ...)
{
	char what[WHY_MAX + 64], msg[DIAG_LINE];
	va_list ap;

	if (++l->ndiag > DIAG_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (l->ndiag == DIAG_MAX)
		snprintf(msg, sizeof msg, "%s:%d: too many problems, giving up", l->path, line);
	else if (line == 0)
		snprintf(msg, sizeof msg, "%s: %s", l->path, what); /* the whole file */
	else if (key)
		snprintf(msg, sizeof msg, "%s:%d: %s: %s", l->path, line, key, what);
	else
		snprintf(msg, sizeof msg, "%s:%d: %s", l->path, line, what);
	if (l->diag)
		l->diag(l->ctx, msg);
}

static void diag_file(const char *name, kio_config_diag_fn diag, void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "NAME: what" for the text as a whole. */
static void diag_file(const char *name, kio_config_diag_fn diag, void *ctx, const char *fmt, ...)
{
	char what[WHY_MAX], msg[DIAG_LINE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof msg, "%s: %s", name, what);
	if (diag)
		diag(ctx, msg);
}

static void bad_line(void *user, int line, const char *what)
{
	report(user, line, NULL, "%s", what);
}

static int line_handler(void *user, int line, const char *section, const char *name,
                        const char *value)
{
	load_t *l = user;
	const cfg_key_t *k;
	char full[160], why[WHY_MAX];
	size_t i;

	l->lineno = line;
	if (*section)
		snprintf(full, sizeof full, "%s.%s", section, name);
	else
		snprintf(full, sizeof full, "%s", name);
	k = find_key(section, name);
	if (!k) {
		report(l, l->lineno, full,
		       *section ? "unknown key" : "unknown key (no [section] above)");
		return 1;
	}
	i = (size_t)(k - keys);
	if (l->seen[i]) {
		report(l, l->lineno, full, "duplicate key (first set on line %d)", l->seen[i]);
		return 1;
	}
	l->seen[i] = l->lineno;
	if (!key_set(&l->cfg, k, value, KIO_INI_LINE_MAX, l->check_file, why, sizeof why))
		report(l, l->lineno, full, "%s", why);
	return 1;
}

kio_err_t kio_config_parse(kio_config_t *cfg, const char *text, size_t len, const char *name,
                           kio_config_file_check_fn check_file, kio_config_diag_fn diag, void *ctx)
{
	kio_err_t err = KIO_OK;
	load_t *l = NULL;

	kio_config_defaults(cfg);
	if (!name || (!text && len))
		return KIO_ERR_INVAL;
	if (len > (size_t)KIO_CFG_FILE_MAX) {
		diag_file(name, diag, ctx, "file is larger than %d bytes", KIO_CFG_FILE_MAX);
		return KIO_ERR_TOOBIG;
	}
	l = calloc(1, sizeof *l);
	if (!l)
		return KIO_ERR_NOMEM;
	kio_config_defaults(&l->cfg);
	l->path = name;
	l->check_file = check_file;
	l->diag = diag;
	l->ctx = ctx;
	(void)kio_ini_parse(text, len, 0, line_handler, bad_line, l, &l->lineno);
	for (size_t i = 0; i < NKEYS; i++) {
		char full[160];
		if (!keys[i].required || *((char *)&l->cfg + keys[i].offset))
			continue;
		full_name(&keys[i], full, sizeof full);
		/* Reported at the last line (1 for an empty file): the key would go
		 * at the end, and every message keeps the file:line: form. */
		report(l, l->lineno > 0 ? l->lineno : 1, full, "required key is missing");
	}
	for (size_t i = 0; i < sizeof crosses / sizeof crosses[0]; i++) {
		char why[WHY_MAX];
		int at = 0, other = 0;
		if (crosses[i].ok(&l->cfg, why, sizeof why))
			continue;
		for (size_t j = 0; j < NKEYS; j++) {
			char full[160];
			full_name(&keys[j], full, sizeof full);
			if (!strcmp(full, crosses[i].at))
				at = l->seen[j];
			else if (!strcmp(full, crosses[i].other))
				other = l->seen[j];
		}
		/* On the key's own line; else where the other key made it wrong. */
		if (!at)
			at = other ? other : l->lineno > 0 ? l->lineno : 1;
		report(l, at, crosses[i].at, "%s", why);
	}
	if (l->ndiag)
		err = KIO_ERR_CONFIG;
	else
		*cfg = l->cfg;
	explicit_bzero(l, sizeof *l); /* holds PIN hashes */
	free(l);
	return err;
}

kio_err_t kio_config_apply(kio_config_t *cfg, const char *section, const char *key,
                           const char *value, kio_config_file_check_fn check_file, char *why,
                           size_t whylen)
{
	kio_config_t next;
	kio_err_t err = KIO_OK;
	const cfg_key_t *k;
	char full[160], dummy[1];

	if (!why || !whylen) {
		why = dummy;
		whylen = sizeof dummy;
	}
	why[0] = '\0';
	if (!cfg || !section || !key || !value) {
		fail(why, whylen, "missing argument");
		return KIO_ERR_INVAL;
	}
	k = find_key(section, key);
	if (!k) {
		fail(why, whylen, "unknown key");
		return KIO_ERR_INVAL;
	}
	next = *cfg;
	if (!key_set(&next, k, value, KIO_INI_LINE_MAX, check_file, why, whylen)) {
		err = KIO_ERR_CONFIG;
		goto out;
	}
	/* A change must not break a rule between keys that involves this key. */
	full_name(k, full, sizeof full);
	for (size_t i = 0; i < sizeof crosses / sizeof crosses[0]; i++) {
		if (!crosses[i].on_set ||
		    (strcmp(crosses[i].at, full) && strcmp(crosses[i].other, full)))
			continue;
		if (!crosses[i].ok(&next, why, whylen)) {
			char tmp[WHY_MAX];
			snprintf(tmp, sizeof tmp, "%s: %s", crosses[i].at, why);
			snprintf(why, whylen, "%s", tmp);
			err = KIO_ERR_CONFIG;
			goto out;
		}
	}
	*cfg = next;
out:
	explicit_bzero(&next, sizeof next);
	return err;
}

kio_err_t kio_config_get(const kio_config_t *cfg, const char *section, const char *key, char *out,
                         size_t outlen)
{
	const cfg_key_t *k;

	if (!cfg || !section || !key || !out || !outlen)
		return KIO_ERR_INVAL;
	k = find_key(section, key);
	if (!k)
		return KIO_ERR_INVAL;
	return key_get(cfg, k, out, outlen);
}

/* Appends to a fixed, capped buffer; *err turns TOOBIG once it overflows. */
typedef struct outbuf {
	char *p;
	size_t len, cap;
	kio_err_t err;
} outbuf_t;

static void out_printf(outbuf_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out_printf(outbuf_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len)
		o->err = KIO_ERR_TOOBIG;
	else
		o->len += (size_t)n;
}

kio_err_t kio_config_format(const kio_config_t *cfg, char **text, size_t *len)
{
	outbuf_t o = {0};
	kio_err_t err;
	char value[KIO_CFG_PATH];

	if (!cfg || !text || !len)
		return KIO_ERR_INVAL;
	*text = NULL;
	*len = 0;
	o.cap = KIO_CFG_FILE_MAX;
	o.p = malloc(o.cap);
	if (!o.p)
		return KIO_ERR_NOMEM;
	out_printf(&o, "# adm-kiosk configuration. Written by adm-kiosk / adm-kioskctl;\n"
	               "# comments are regenerated on every save. See kiosk.conf.example.\n");
	for (size_t i = 0; i < NKEYS; i++) {
		if (i == 0 || strcmp(keys[i].section, keys[i - 1].section))
			out_printf(&o, "\n[%s]\n", keys[i].section);
		err = key_get(cfg, &keys[i], value, sizeof value);
		if (err) {
			o.err = err;
			break;
		}
		out_printf(&o, "# %s\n%s = %s\n", keys[i].doc, keys[i].name, value);
	}
	if (o.err) {
		explicit_bzero(o.p, o.cap);
		free(o.p);
		return o.err;
	}
	*text = o.p;
	*len = o.len;
	return KIO_OK;
}
