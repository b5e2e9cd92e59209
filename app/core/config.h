/*
 * config.h — the kiosk's configuration: INI text, parsed, validated and
 * written back.
 *
 * One table of keys (config.c) drives defaults, parsing, validation,
 * formatting, and kiosk-config/kiosk.conf.example. Parsing checks every
 * value; each problem is reported as "file:line: key: what is wrong" and the
 * parse fails (the kiosk refuses to start rather than guess). Unknown keys
 * are problems. Pure: no file is opened here. Whether a file a key names can
 * be read is asked of a kio_config_file_check_fn; reading and atomically
 * writing the config file is app/sys/config-file.h.
 */
#ifndef KIO_CONFIG_H
#define KIO_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum {
	KIO_CFG_STR = 256,
	KIO_CFG_PATH = 512,
	KIO_CFG_FILE_MAX = 256 * 1024, /* a config file over this is refused */
};

typedef enum { KIO_ORIENT_LANDSCAPE, KIO_ORIENT_PORTRAIT } kio_orientation_t;

typedef struct kio_config {
	/* [server] */
	char server_url[KIO_CFG_STR];    /* https://host:port (no trailing /) */
	char ca_bundle[KIO_CFG_PATH];    /* PEM file; empty: system store */
	char pinned_pubkey[KIO_CFG_STR]; /* "sha256//BASE64;..." or empty */
	char client_cert[KIO_CFG_PATH];  /* mTLS, optional */
	char client_key[KIO_CFG_PATH];
	int connect_timeout_s;    /* default 5 */
	int request_timeout_s;    /* default 20 */
	int download_min_speed;   /* bytes/s; default 1024 */
	int download_min_speed_s; /* seconds below min speed => abort; 15 */
	int heartbeat_s;          /* default 60 */
	int backoff_base_s;       /* default 2: first retry of failed background work */
	int backoff_cap_s;        /* default 300: retries never wait longer (plus Retry-After) */
	bool allow_plain_http;    /* development only; never from a kiosk file
	                             unless [server] dev_allow_http = true */

	/* [kiosk] */
	char kiosk_id[64];                     /* "ADM-1610-001" */
	char verify_url[KIO_CFG_STR];          /* base shown in test-page QR */
	char hotline[32];                      /* shown on idle screen */
	int inactivity_s;                      /* default 60 */
	int inactivity_warning_s;              /* countdown before logout, default 15 */
	char language[8];                      /* "id" or "en" */
	char technician_pin_hash[KIO_CFG_STR]; /* Argon2id (libsodium str) */
	char officer_pin_hash[KIO_CFG_STR];

	/* [printer] */
	char printer_queue[128];       /* CUPS queue name */
	char cups_server[KIO_CFG_STR]; /* "host:port" or empty for default */
	char media[64];                /* default iso_a4_210x297mm */
	char media_type[64];           /* default stationery */
	int job_timeout_s;             /* no progress bound, default 120 */

	/* [screen] */
	int screen_width;  /* default 1920 */
	int screen_height; /* default 1080 */
	kio_orientation_t orientation;
	char font_path[KIO_CFG_PATH]; /* empty: fontconfig "DejaVu Sans" */

	/* [storage] */
	char data_dir[KIO_CFG_PATH];        /* journal + print log live here */
	int log_retention_days;             /* default 730 */
	char watchdog_device[KIO_CFG_PATH]; /* "/dev/watchdog" or empty */
} kio_config_t;

/* Receives one diagnostic line "file:line: key: what is wrong". */
typedef void (*kio_config_diag_fn)(void *ctx, const char *line);

/* Fill with built-in defaults. Valid except for the keys a file must set:
 * server.url and kiosk.id are empty. */
void kio_config_defaults(kio_config_t *cfg);

/* Says whether PATH (absolute) names a file this process can read and, for
 * a SECRET (a private key), that nobody else can; on failure writes the
 * reason into WHY. NULL: only the path's form is checked. */
typedef bool (*kio_config_file_check_fn)(const char *path, bool secret, char *why, size_t whylen);

/* Parse and validate TEXT[0..LEN) on top of defaults; NAME is the file name
 * used in diagnostics. Every problem goes to DIAG (may be NULL) as
 * "name:line: section.key: what", or "name:line: what" for a line that is
 * not a key, or "name: what" for the text as a whole. Returns
 * KIO_ERR_CONFIG if there was any problem, KIO_ERR_TOOBIG if LEN is over
 * KIO_CFG_FILE_MAX. On any failure CFG holds the defaults, never a
 * half-parsed file. Lines are limited to KIO_INI_LINE_MAX (core/ini.h). */
KIO_MUST_CHECK kio_err_t kio_config_parse(kio_config_t *cfg, const char *text, size_t len,
                                          const char *name, kio_config_file_check_fn check_file,
                                          kio_config_diag_fn diag, void *ctx);

/* Set one key from text, validating it as parsing would, including the
 * rules between keys that involve it (http:// needs dev_allow_http, warning
 * below inactivity); client_cert/client_key pairing is left to the parse so
 * a screen can set them one at a time. On failure CFG is unchanged and WHY
 * says why. KIO_ERR_INVAL for an unknown key, KIO_ERR_CONFIG for a bad
 * value. */
KIO_MUST_CHECK kio_err_t kio_config_apply(kio_config_t *cfg, const char *section, const char *key,
                                          const char *value, kio_config_file_check_fn check_file,
                                          char *why, size_t whylen);

/* Format one key's current value (tests and tools read a key back). */
KIO_TEST_API KIO_MUST_CHECK kio_err_t kio_config_get(const kio_config_t *cfg, const char *section,
                                                     const char *key, char *out, size_t outlen);

/* The whole config as INI text with each key's doc comment: *TEXT is heap
 * (it holds PIN hashes: wipe it before free), *LEN its length. */
KIO_MUST_CHECK kio_err_t kio_config_format(const kio_config_t *cfg, char **text, size_t *len);

#endif
