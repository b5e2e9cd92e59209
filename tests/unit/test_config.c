/*
 * test_config.c — the kiosk configuration (app/core/config.c).
 *
 * A table gives every key a valid and an invalid value; each row is tried
 * through kio_config_set and through a real file on disk, and file errors
 * must name "FILE:LINE: section.key:". Then unknown and duplicate keys,
 * save/load round trip, atomic save, and hostile files (binary junk, a 10 MB
 * line, missing, unreadable, a directory, empty).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <grp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/config.h"
#include "sys/config-file.h"

enum { DIAGS_MAX = 64 };

/* Collected diagnostics of one load. */
typedef struct diags {
	int n;
	char line[DIAGS_MAX][800];
} diags_t;

typedef struct fixture {
	char dir[64];
	char file[96]; /* a readable regular file for path keys */
	char conf[96]; /* the config file under test */
	diags_t d;
} fixture_t;

static void collect(void *ctx, const char *line)
{
	diags_t *d = ctx;
	if (d->n < DIAGS_MAX)
		snprintf(d->line[d->n], sizeof d->line[0], "%s", line);
	d->n++;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_text(const char *path, const char *text)
{
	write_file(path, text, strlen(text));
}

static bool has_diag(const diags_t *d, const char *prefix)
{
	for (int i = 0; i < d->n && i < DIAGS_MAX; i++)
		if (!strncmp(d->line[i], prefix, strlen(prefix)))
			return true;
	return false;
}

static void dump(const diags_t *d)
{
	for (int i = 0; i < d->n && i < DIAGS_MAX; i++)
		print_message("  diag: %s\n", d->line[i]);
}

static kio_err_t load(fixture_t *fx, kio_config_t *cfg)
{
	memset(&fx->d, 0, sizeof fx->d);
	return kio_config_load(cfg, fx->conf, collect, &fx->d);
}

static int setup(void **state)
{
	fixture_t *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/test_config.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->file, sizeof fx->file, "%s/file.pem", fx->dir);
	snprintf(fx->conf, sizeof fx->conf, "%s/kiosk.conf", fx->dir);
	write_text(fx->file, "-----BEGIN CERTIFICATE-----\n");
	/* @FILE also stands for a private key, which must be its owner's alone. */
	assert_int_equal(chmod(fx->file, 0600), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture_t *fx = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* The two keys every file must set. */
#define REQUIRED "[server]\nurl = https://adm.example.go.id\n[kiosk]\nid = ADM-1610-001\n"

typedef struct key_case {
	const char *section, *key, *value;
	bool ok;
	const char *extra; /* another line in the same section, or NULL */
} key_case_t;

/* "@FILE" / "@DIR" stand for a readable file / a directory in the fixture. */
#define PIN44 "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
#define PIN44B "sha256//abcdefghijklmnopqrstuvwxyz0123456789+/ABCDE="
static const key_case_t key_cases[] = {
    {"server", "url", "https://adm.example.go.id:8443/api", true, NULL},
    {"server", "url", "https://[::1]:8443", true, NULL},
    {"server", "url", "ftp://adm.example.go.id", false, NULL},
    {"server", "url", "http://adm.example.go.id", false, NULL},
    {"server", "url", "http://127.0.0.1:8080", true, "dev_allow_http = true"},
    {"server", "url", "https://", false, NULL},
    {"server", "url", "https://adm.example.go.id/", false, NULL},
    {"server", "url", "https://adm.example.go.id:0", false, NULL},
    {"server", "url", "https://user@adm.example.go.id", false, NULL},
    {"server", "url", "", false, NULL},
    {"server", "ca_bundle", "@FILE", true, NULL},
    {"server", "ca_bundle", "", true, NULL},
    {"server", "ca_bundle", "/nonexistent/ca.pem", false, NULL},
    {"server", "ca_bundle", "@DIR", false, NULL},
    {"server", "ca_bundle", "relative/ca.pem", false, NULL},
    {"server", "pinned_pubkey", PIN44, true, NULL},
    {"server", "pinned_pubkey", PIN44 ";" PIN44B, true, NULL},
    {"server", "pinned_pubkey", "", true, NULL},
    {"server", "pinned_pubkey", "sha1//AAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false, NULL},
    {"server", "pinned_pubkey", "sha256//short=", false, NULL},
    {"server", "pinned_pubkey", PIN44 ";", false, NULL},
    {"server", "client_cert", "@FILE", true, "client_key = @FILE"},
    {"server", "client_cert", "/nonexistent/cert.pem", false, NULL},
    {"server", "client_key", "@FILE", true, "client_cert = @FILE"},
    {"server", "client_key", "/nonexistent/key.pem", false, NULL},
    {"server", "connect_timeout_s", "10", true, NULL},
    {"server", "connect_timeout_s", "-5", false, NULL},
    {"server", "connect_timeout_s", "5x", false, NULL},
    {"server", "connect_timeout_s", "", false, NULL},
    {"server", "connect_timeout_s", "0", false, NULL},
    {"server", "connect_timeout_s", "+5", false, NULL},
    {"server", "connect_timeout_s", "99999999999999999999", false, NULL},
    {"server", "request_timeout_s", "300", true, NULL},
    {"server", "request_timeout_s", "301", false, NULL},
    {"server", "download_min_speed", "2048", true, NULL},
    {"server", "download_min_speed", "0", false, NULL},
    {"server", "download_min_speed_s", "20", true, NULL},
    {"server", "download_min_speed_s", "abc", false, NULL},
    {"server", "heartbeat_s", "30", true, NULL},
    {"server", "heartbeat_s", "4", false, NULL},
    {"server", "dev_allow_http", "true", true, NULL},
    {"server", "dev_allow_http", "false", true, NULL},
    {"server", "dev_allow_http", "maybe", false, NULL},
    {"kiosk", "id", "ADM-3171-042", true, NULL},
    {"kiosk", "id", "ADM_1610", false, NULL},
    {"kiosk", "id", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false,
     NULL},
    {"kiosk", "id", "", false, NULL},
    {"kiosk", "verify_url", "https://verify.example.go.id", true, NULL},
    {"kiosk", "verify_url", "", true, NULL},
    {"kiosk", "verify_url", "verify.example.go.id", false, NULL},
    {"kiosk", "hotline", "+62 812-3456-7890", true, NULL},
    {"kiosk", "hotline", "call me", false, NULL},
    {"kiosk", "inactivity_s", "120", true, NULL},
    {"kiosk", "inactivity_s", "14", false, NULL},
    {"kiosk", "inactivity_warning_s", "10", true, NULL},
    {"kiosk", "inactivity_warning_s", "60", false, NULL},
    {"kiosk", "inactivity_warning_s", "121", false, NULL},
    {"kiosk", "language", "en", true, NULL},
    {"kiosk", "language", "fr", false, NULL},
    {"kiosk", "technician_pin_hash", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA", true, NULL},
    {"kiosk", "technician_pin_hash", "$2y$10$abcdefghijklmnop", false, NULL},
    {"kiosk", "officer_pin_hash", "", true, NULL},
    {"kiosk", "officer_pin_hash", "1234", false, NULL},
    {"printer", "queue", "ADM_HVS-2", true, NULL},
    {"printer", "queue", "ADM HVS", false, NULL},
    {"printer", "queue", "a/b", false, NULL},
    {"printer", "cups_server", "localhost:631", true, NULL},
    {"printer", "cups_server", "/run/cups/cups.sock", true, NULL},
    {"printer", "cups_server", "localhost:99999", false, NULL},
    {"printer", "cups_server", "ho st", false, NULL},
    {"printer", "media", "iso_a4_210x297mm", true, NULL},
    {"printer", "media", "na_letter_8.5x11in", false, NULL},
    {"printer", "media_type", "stationery-heavyweight", true, NULL},
    {"printer", "media_type", "Stationery", false, NULL},
    {"printer", "media_type", "", false, NULL},
    {"printer", "job_timeout_s", "300", true, NULL},
    {"printer", "job_timeout_s", "9", false, NULL},
    {"printer", "daily_cap", "30", true, NULL},
    {"printer", "daily_cap", "-1", false, NULL},
    {"printer", "low_sheets", "20", true, NULL},
    {"printer", "low_sheets", "x", false, NULL},
    {"screen", "width", "7680", true, NULL},
    {"screen", "width", "319", false, NULL},
    {"screen", "height", "320", true, NULL},
    {"screen", "height", "7681", false, NULL},
    {"screen", "orientation", "portrait", true, NULL},
    {"screen", "orientation", "sideways", false, NULL},
    {"screen", "font_path", "@FILE", true, NULL},
    {"screen", "font_path", "/nonexistent/font.ttf", false, NULL},
    {"storage", "data_dir", "/var/lib/adm-kiosk-test", true, NULL},
    {"storage", "data_dir", "", false, NULL},
    {"storage", "data_dir", "relative/dir", false, NULL},
    {"storage", "log_retention_days", "3650", true, NULL},
    {"storage", "log_retention_days", "3651", false, NULL},
    {"storage", "watchdog_device", "/dev/watchdog", true, NULL},
    {"storage", "watchdog_device", "watchdog", false, NULL},
};

/* Every key of the contract; each must have a valid and an invalid row. */
static const char *const all_keys[] = {
    "server.url",
    "server.ca_bundle",
    "server.pinned_pubkey",
    "server.client_cert",
    "server.client_key",
    "server.connect_timeout_s",
    "server.request_timeout_s",
    "server.download_min_speed",
    "server.download_min_speed_s",
    "server.heartbeat_s",
    "server.dev_allow_http",
    "kiosk.id",
    "kiosk.verify_url",
    "kiosk.hotline",
    "kiosk.inactivity_s",
    "kiosk.inactivity_warning_s",
    "kiosk.language",
    "kiosk.technician_pin_hash",
    "kiosk.officer_pin_hash",
    "printer.queue",
    "printer.cups_server",
    "printer.media",
    "printer.media_type",
    "printer.job_timeout_s",
    "printer.daily_cap",
    "printer.low_sheets",
    "screen.width",
    "screen.height",
    "screen.orientation",
    "screen.font_path",
    "storage.data_dir",
    "storage.log_retention_days",
    "storage.watchdog_device",
};

static const char *subst(const fixture_t *fx, const char *v, char *buf, size_t len)
{
	const char *at = strstr(v, "@FILE");
	if (!strcmp(v, "@DIR"))
		return fx->dir;
	if (!at)
		return v;
	snprintf(buf, len, "%.*s%s%s", (int)(at - v), v, fx->file, at + 5);
	return buf;
}

static void test_table_covers_every_key(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof all_keys / sizeof all_keys[0]; k++) {
		bool good = false, bad = false;
		char full[96];
		for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
			snprintf(full, sizeof full, "%s.%s", key_cases[i].section,
			         key_cases[i].key);
			if (strcmp(full, all_keys[k]))
				continue;
			good |= key_cases[i].ok;
			bad |= !key_cases[i].ok;
		}
		if (!good || !bad)
			fail_msg("%s needs a valid and an invalid case", all_keys[k]);
	}
}

static void test_set_table(void **state)
{
	fixture_t *fx = *state;
	for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
		const key_case_t *c = &key_cases[i];
		kio_config_t cfg, before;
		char vbuf[256], why[256], got[KIO_CFG_PATH];
		const char *v = subst(fx, c->value, vbuf, sizeof vbuf);
		kio_err_t err;

		kio_config_defaults(&cfg);
		if (c->extra) {
			char ebuf[256], k[64];
			const char *e = subst(fx, c->extra, ebuf, sizeof ebuf);
			const char *eq = strstr(e, " = ");
			snprintf(k, sizeof k, "%.*s", (int)(eq - e), e);
			assert_int_equal(
			    kio_config_set(&cfg, c->section, k, eq + 3, why, sizeof why), KIO_OK);
		}
		before = cfg;
		err = kio_config_set(&cfg, c->section, c->key, v, why, sizeof why);
		if ((err == KIO_OK) != c->ok)
			fail_msg("set %s.%s = '%s': got %s (%s)", c->section, c->key, v,
			         kio_err_name(err), why);
		if (!c->ok) {
			assert_true(strlen(why) > 0);
			assert_memory_equal(&cfg, &before, sizeof cfg); /* untouched */
			continue;
		}
		assert_int_equal(kio_config_get(&cfg, c->section, c->key, got, sizeof got), KIO_OK);
		assert_string_equal(got, v);
	}
}

static void test_load_table(void **state)
{
	fixture_t *fx = *state;
	for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
		const key_case_t *c = &key_cases[i];
		char text[2048], vbuf[256], ebuf[256], want[256];
		const char *v = subst(fx, c->value, vbuf, sizeof vbuf);
		kio_config_t cfg;
		kio_err_t err;
		int line;

		/* The key under test is always on line 4 or 6. */
		if (!strcmp(c->section, "server") && !strcmp(c->key, "url")) {
			snprintf(text, sizeof text,
			         "[kiosk]\nid = ADM-1610-001\n[server]\nurl = %s\n", v);
			line = 4;
		} else if (!strcmp(c->section, "kiosk") && !strcmp(c->key, "id")) {
			snprintf(text, sizeof text,
			         "[server]\nurl = https://adm.example.go.id\n[kiosk]\nid = %s\n",
			         v);
			line = 4;
		} else {
			snprintf(text, sizeof text, REQUIRED "[%s]\n%s = %s\n", c->section, c->key,
			         v);
			line = 6;
		}
		if (c->extra) {
			size_t n = strlen(text);
			snprintf(text + n, sizeof text - n, "%s\n",
			         subst(fx, c->extra, ebuf, sizeof ebuf));
		}
		write_text(fx->conf, text);
		err = load(fx, &cfg);
		if ((err == KIO_OK) != c->ok) {
			dump(&fx->d);
			fail_msg("load %s.%s = '%s': got %s", c->section, c->key, v,
			         kio_err_name(err));
		}
		if (c->ok) {
			assert_int_equal(fx->d.n, 0);
			continue;
		}
		assert_int_equal(err, KIO_ERR_CONFIG);
		snprintf(want, sizeof want, "%s:%d: %s.%s: ", fx->conf, line, c->section, c->key);
		if (!has_diag(&fx->d, want)) {
			dump(&fx->d);
			fail_msg("no diagnostic starting with '%s'", want);
		}
	}
}

static void test_defaults(void **state)
{
	static const struct {
		const char *section, *key, *value;
	} d[] = {
	    {"server", "url", ""},
	    {"server", "connect_timeout_s", "5"},
	    {"server", "request_timeout_s", "20"},
	    {"server", "download_min_speed", "1024"},
	    {"server", "download_min_speed_s", "15"},
	    {"server", "heartbeat_s", "60"},
	    {"server", "dev_allow_http", "false"},
	    {"kiosk", "hotline", "0895346249816"},
	    {"kiosk", "inactivity_s", "60"},
	    {"kiosk", "inactivity_warning_s", "15"},
	    {"kiosk", "language", "id"},
	    {"printer", "queue", "ADM-HVS"},
	    {"printer", "media", "iso_a4_210x297mm"},
	    {"printer", "media_type", "stationery"},
	    {"printer", "job_timeout_s", "120"},
	    {"screen", "width", "1920"},
	    {"screen", "height", "1080"},
	    {"screen", "orientation", "landscape"},
	    {"storage", "log_retention_days", "730"},
	};
	fixture_t *fx = *state;
	kio_config_t cfg;
	char got[KIO_CFG_PATH];

	kio_config_defaults(&cfg);
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
		assert_int_equal(kio_config_get(&cfg, d[i].section, d[i].key, got, sizeof got),
		                 KIO_OK);
		assert_string_equal(got, d[i].value);
	}
	assert_false(cfg.allow_plain_http);
	/* the defaults are valid: a file with only the required keys loads */
	write_text(fx->conf, REQUIRED);
	assert_int_equal(load(fx, &cfg), KIO_OK);
	assert_int_equal(fx->d.n, 0);
	assert_string_equal(cfg.server_url, "https://adm.example.go.id");
	assert_string_equal(cfg.kiosk_id, "ADM-1610-001");
	assert_int_equal(cfg.connect_timeout_s, 5);
}

static void test_exact_messages(void **state)
{
	fixture_t *fx = *state;
	kio_config_t cfg;
	char want[256];

	write_text(fx->conf, REQUIRED "[kiosk]\ncolor = red\n[server]\nrequest_timeout_s = 5x\n"
	                              "url = https://other.example\n[bogus]\nk = v\n");
	assert_int_equal(load(fx, &cfg), KIO_ERR_CONFIG);
	dump(&fx->d);
	assert_int_equal(fx->d.n, 4);
	snprintf(want, sizeof want, "%s:6: kiosk.color: unknown key", fx->conf);
	assert_string_equal(fx->d.line[0], want);
	snprintf(want, sizeof want,
	         "%s:8: server.request_timeout_s: must be a whole number from 1 to 300", fx->conf);
	assert_string_equal(fx->d.line[1], want);
	snprintf(want, sizeof want, "%s:9: server.url: duplicate key (first set on line 2)",
	         fx->conf);
	assert_string_equal(fx->d.line[2], want);
	snprintf(want, sizeof want, "%s:11: bogus.k: unknown key", fx->conf);
	assert_string_equal(fx->d.line[3], want);
	/* on failure the caller gets defaults, not half a file */
	assert_string_equal(cfg.server_url, "");

	/* a key before any section, and a line that is not a key */
	write_text(fx->conf, "orphan = 1\n" REQUIRED "just words\n");
	assert_int_equal(load(fx, &cfg), KIO_ERR_CONFIG);
	snprintf(want, sizeof want, "%s:1: orphan: unknown key", fx->conf);
	assert_true(has_diag(&fx->d, want));
	snprintf(want, sizeof want, "%s:6: expected 'key = value' or '[section]'", fx->conf);
	assert_true(has_diag(&fx->d, want));

	/* http only with the dev flag, reported on the url's line */
	write_text(fx->conf, "[server]\nurl = http://x.example\n[kiosk]\nid = K\n");
	assert_int_equal(load(fx, &cfg), KIO_ERR_CONFIG);
	snprintf(want, sizeof want, "%s:2: server.url: must start with https://", fx->conf);
	assert_true(has_diag(&fx->d, want));
	/* the flag may come after the url */
	write_text(fx->conf, "[server]\nurl = http://x.example\n[kiosk]\nid = K\n"
	                     "[server]\ndev_allow_http = true\n");
	assert_int_equal(load(fx, &cfg), KIO_OK);
	assert_true(cfg.allow_plain_http);

	/* missing required keys */
	write_text(fx->conf, "[kiosk]\nlanguage = en\n");
	assert_int_equal(load(fx, &cfg), KIO_ERR_CONFIG);
	snprintf(want, sizeof want, "%s:2: server.url: required key is missing", fx->conf);
	assert_true(has_diag(&fx->d, want));
	snprintf(want, sizeof want, "%s:2: kiosk.id: required key is missing", fx->conf);
	assert_true(has_diag(&fx->d, want));
}

static void test_formatting_tolerated(void **state)
{
	fixture_t *fx = *state;
	kio_config_t cfg;

	/* CRLF, a BOM, indentation, comments, ':' separator, inline comment */
	write_text(fx->conf, "\xef\xbb\xbf# comment\r\n[server]\r\n  url = https://a.example\r\n"
	                     "; another\r\n\tconnect_timeout_s=7 ; seconds\r\n[kiosk]\r\n"
	                     "    id: K-1\r\n   inactivity_s = 90\r\n");
	assert_int_equal(load(fx, &cfg), KIO_OK);
	assert_string_equal(cfg.server_url, "https://a.example");
	assert_int_equal(cfg.connect_timeout_s, 7);
	assert_string_equal(cfg.kiosk_id, "K-1");
	assert_int_equal(cfg.inactivity_s, 90);
}

static void test_set_get_errors(void **state)
{
	kio_config_t cfg;
	char why[128], small[4];

	(void)state;
	kio_config_defaults(&cfg);
	assert_int_equal(kio_config_set(&cfg, "server", "nope", "1", why, sizeof why),
	                 KIO_ERR_INVAL);
	assert_int_equal(kio_config_set(&cfg, "nope", "url", "1", why, sizeof why), KIO_ERR_INVAL);
	assert_int_equal(kio_config_get(&cfg, "server", "nope", why, sizeof why), KIO_ERR_INVAL);
	assert_int_equal(kio_config_get(&cfg, "printer", "queue", small, sizeof small),
	                 KIO_ERR_TOOBIG);
	/* values the file could not hold are refused, not mangled on save */
	assert_int_equal(kio_config_set(&cfg, "printer", "queue", "a\nb", why, sizeof why),
	                 KIO_ERR_CONFIG);
	assert_int_equal(kio_config_set(&cfg, "screen", "font_path", " /x", why, sizeof why),
	                 KIO_ERR_CONFIG);
	/* dev flag off while the url is http:// breaks a rule between keys */
	assert_int_equal(kio_config_set(&cfg, "server", "dev_allow_http", "true", why, sizeof why),
	                 KIO_OK);
	assert_int_equal(kio_config_set(&cfg, "server", "url", "http://x.example", why, sizeof why),
	                 KIO_OK);
	assert_int_equal(kio_config_set(&cfg, "server", "dev_allow_http", "false", why, sizeof why),
	                 KIO_ERR_CONFIG);
	assert_non_null(strstr(why, "server.url"));
	/* warning 15 would not be below inactivity 15 */
	assert_int_equal(kio_config_set(&cfg, "kiosk", "inactivity_s", "15", why, sizeof why),
	                 KIO_ERR_CONFIG);
}

/* A screen sets client_cert and client_key one at a time, so set accepts
 * half a pair; the file check still refuses it. */
static void test_client_pair(void **state)
{
	fixture_t *fx = *state;
	kio_config_t cfg;
	char why[128], want[256];

	write_text(fx->conf, REQUIRED);
	assert_int_equal(load(fx, &cfg), KIO_OK);
	assert_int_equal(kio_config_set(&cfg, "server", "client_cert", fx->file, why, sizeof why),
	                 KIO_OK);
	assert_int_equal(kio_config_save(&cfg, fx->conf), KIO_OK);
	assert_int_equal(load(fx, &cfg), KIO_ERR_CONFIG);
	snprintf(want, sizeof want, "%s:", fx->conf);
	assert_true(has_diag(&fx->d, want));
	assert_non_null(strstr(fx->d.line[0], "server.client_key: client_cert and client_key"));
}

/* Some diagnostic line contains TEXT. */
static bool diag_says(const diags_t *d, const char *text)
{
	for (int i = 0; i < d->n && i < DIAGS_MAX; i++)
		if (strstr(d->line[i], text))
			return true;
	return false;
}

/* A client_key that group or others may read is refused at load, with
 * file:line and what to do; the same file made private loads. */
static void test_client_key_private(void **state)
{
	fixture_t *fx = *state;
	kio_config_t cfg;
	char text[1024], want[300];
	static const mode_t open_modes[] = {0640, 0604, 0644};

	snprintf(text, sizeof text,
	         "[server]\nurl = https://adm.example.go.id\nclient_cert = %s\nclient_key = %s\n"
	         "[kiosk]\nid = ADM-1610-001\n",
	         fx->file, fx->file);
	write_text(fx->conf, text);
	for (size_t m = 0; m < sizeof open_modes / sizeof *open_modes; m++) {
		assert_int_equal(chmod(fx->file, open_modes[m]), 0);
		memset(&fx->d, 0, sizeof fx->d);
		assert_int_equal(load(fx, &cfg), KIO_ERR_CONFIG);
		dump(&fx->d);
		snprintf(want, sizeof want, "%s:4: server.client_key", fx->conf);
		assert_true(has_diag(&fx->d, want));
		assert_true(diag_says(&fx->d, "readable by group or others"));
		assert_true(diag_says(&fx->d, "chmod 600"));
	}
	assert_int_equal(chmod(fx->file, 0600), 0);
	memset(&fx->d, 0, sizeof fx->d);
	assert_int_equal(load(fx, &cfg), KIO_OK);
	/* A certificate is public: the same open mode is fine for it. */
	assert_int_equal(chmod(fx->file, 0644), 0);
	snprintf(text, sizeof text, REQUIRED "[server]\nca_bundle = %s\n", fx->file);
	write_text(fx->conf, text);
	memset(&fx->d, 0, sizeof fx->d);
	assert_int_equal(load(fx, &cfg), KIO_OK);
}

static void test_round_trip(void **state)
{
	fixture_t *fx = *state;
	kio_config_t a, b;
	char why[256];
	struct stat st;
	DIR *dir;
	struct dirent *de;
	int files = 0;

	kio_config_defaults(&a);
	for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
		char vbuf[256];
		if (!key_cases[i].ok || key_cases[i].extra)
			continue;
		if (kio_config_set(&a, key_cases[i].section, key_cases[i].key,
		                   subst(fx, key_cases[i].value, vbuf, sizeof vbuf), why,
		                   sizeof why) != KIO_OK)
			fail_msg("%s.%s: %s", key_cases[i].section, key_cases[i].key, why);
	}
	assert_int_equal(
	    kio_config_set(&a, "server", "url", "https://x.example/api", why, sizeof why), KIO_OK);
	assert_int_equal(kio_config_set(&a, "server", "client_cert", fx->file, why, sizeof why),
	                 KIO_OK);
	assert_int_equal(kio_config_set(&a, "server", "client_key", fx->file, why, sizeof why),
	                 KIO_OK);
	assert_string_equal(a.orientation == KIO_ORIENT_PORTRAIT ? "p" : "l", "p");
	assert_int_equal(kio_config_save(&a, fx->conf), KIO_OK);
	assert_int_equal(load(fx, &b), KIO_OK);
	dump(&fx->d);
	assert_memory_equal(&a, &b, sizeof a);

	/* atomic save: mode 0600 and no temp file left beside it */
	assert_int_equal(stat(fx->conf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	dir = opendir(fx->dir);
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		files++;
		assert_null(strstr(de->d_name, ".tmp"));
	}
	closedir(dir);
	assert_int_equal(files, 2); /* file.pem and kiosk.conf */

	/* saving over an existing file, and into a missing directory */
	assert_int_equal(kio_config_save(&b, fx->conf), KIO_OK);
	assert_int_equal(kio_config_save(&b, "/nonexistent-dir/kiosk.conf"), KIO_ERR_IO);
}

static void test_hostile_files(void **state)
{
	fixture_t *fx = *state;
	kio_config_t cfg;
	char *big;
	size_t n = 10u * 1024u * 1024u;
	unsigned char junk[4096];
	char want[256];

	/* binary junk: NULs and control bytes, no crash, bounded messages */
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)((i * 7919u + 13u) ^ (i >> 3));
	write_file(fx->conf, (const char *)junk, sizeof junk);
	assert_int_equal(load(fx, &cfg), KIO_ERR_CONFIG);
	assert_true(fx->d.n > 0 && fx->d.n <= 50);

	/* a 10 MB line */
	big = malloc(n + 32);
	assert_non_null(big);
	memcpy(big, "[server]\nurl = https://", 23);
	memset(big + 23, 'a', n);
	big[n + 23] = '\n';
	write_file(fx->conf, big, n + 24);
	free(big);
	assert_int_equal(load(fx, &cfg), KIO_ERR_TOOBIG);
	snprintf(want, sizeof want, "%s: file is larger than", fx->conf);
	assert_true(has_diag(&fx->d, want));

	/* a line longer than the lexer reads at once is reported, not split */
	big = malloc(1200);
	assert_non_null(big);
	snprintf(big, 1200, REQUIRED "[screen]\nfont_path = /%0900d\n", 0);
	write_text(fx->conf, big);
	free(big);
	assert_int_equal(load(fx, &cfg), KIO_ERR_CONFIG);
	snprintf(want, sizeof want, "%s:6: line is longer than", fx->conf);
	assert_true(has_diag(&fx->d, want));
	assert_int_equal(fx->d.n, 1);

	/* missing */
	snprintf(fx->conf, sizeof fx->conf, "%s/missing.conf", fx->dir);
	assert_int_equal(load(fx, &cfg), KIO_ERR_IO);
	assert_int_equal(fx->d.n, 1);
	snprintf(want, sizeof want, "%s: cannot open: ", fx->conf);
	assert_true(has_diag(&fx->d, want));

	/* a directory */
	snprintf(fx->conf, sizeof fx->conf, "%s", fx->dir);
	assert_int_equal(load(fx, &cfg), KIO_ERR_IO);
	assert_int_equal(fx->d.n, 1);

	/* empty: only the required keys are missing */
	snprintf(fx->conf, sizeof fx->conf, "%s/kiosk.conf", fx->dir);
	write_text(fx->conf, "");
	assert_int_equal(load(fx, &cfg), KIO_ERR_CONFIG);
	assert_int_equal(fx->d.n, 2);
	snprintf(want, sizeof want, "%s:1: server.url: required key is missing", fx->conf);
	assert_true(has_diag(&fx->d, want));

	/* NULL path */
	assert_int_equal(kio_config_load(&cfg, NULL, NULL, NULL), KIO_ERR_INVAL);
}

/* A 0600 file of root's, read by uid 65534: must be a clean KIO_ERR_IO. */
static void test_unreadable(void **state)
{
	fixture_t *fx = *state;
	int status;
	pid_t pid;

	write_text(fx->conf, REQUIRED);
	assert_int_equal(chmod(fx->conf, 0600), 0);
	assert_int_equal(chmod(fx->dir, 0755), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		kio_config_t cfg;
		diags_t d = {0};
		/* As root, become nobody; otherwise take the read bit away. */
		if (geteuid() == 0) {
			if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
				_exit(10);
		} else if (chmod(fx->conf, 0) != 0) {
			_exit(11);
		}
		if (kio_config_load(&cfg, fx->conf, collect, &d) != KIO_ERR_IO)
			_exit(12);
		if (d.n != 1 || !strstr(d.line[0], "cannot open: Permission denied"))
			_exit(13);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(chmod(fx->conf, 0600), 0);
}

static void test_example_file(void **state)
{
	kio_config_t cfg;
	diags_t d = {0};
	const char *root = getenv("KIO_ROOT");
	char path[512];

	(void)state;
	snprintf(path, sizeof path, "%s/kiosk-config/kiosk.conf.example", root ? root : ".");
	assert_int_equal(kio_config_load(&cfg, path, collect, &d), KIO_OK);
	assert_int_equal(d.n, 0);
}

static void count_diag(void *ctx, const char *line)
{
	(void)line;
	(*(int *)ctx)++;
}

/* core/config parses a buffer and opens nothing: a file key's path is only
 * checked for its form unless the caller passes a file check, which is what
 * sys/config-file's load and set do. */
static void test_parse_is_pure(void **state)
{
	(void)state;
	static const char text[] = "[server]\nurl = https://adm.example.go.id ; inline comment\n"
	                           "ca_bundle = /nonexistent/ca.pem\n[kiosk]\nid = ADM-1610-001\n";
	kio_config_t cfg;
	char why[256];
	int ndiag = 0;
	assert_int_equal(
	    kio_config_parse(&cfg, text, sizeof text - 1, "buf", NULL, count_diag, &ndiag), KIO_OK);
	assert_int_equal(ndiag, 0);
	assert_string_equal(cfg.server_url, "https://adm.example.go.id");
	assert_string_equal(cfg.ca_bundle, "/nonexistent/ca.pem");
	assert_int_equal(
	    kio_config_apply(&cfg, "server", "ca_bundle", "relative.pem", NULL, why, sizeof why),
	    KIO_ERR_CONFIG);
	/* The same file key through sys/config-file is checked on disk. */
	assert_int_equal(
	    kio_config_set(&cfg, "server", "ca_bundle", "/nonexistent/ca.pem", why, sizeof why),
	    KIO_ERR_CONFIG);
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(kio_config_format(&cfg, &out, &len), KIO_OK);
	kio_config_t again;
	assert_int_equal(kio_config_parse(&again, out, len, "formatted", NULL, count_diag, &ndiag),
	                 KIO_OK);
	assert_string_equal(again.server_url, cfg.server_url);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_table_covers_every_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_exact_messages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_formatting_tolerated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_get_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_client_pair, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_client_key_private, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unreadable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_example_file, setup, teardown),
	    cmocka_unit_test(test_parse_is_pure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
