/*
 * test_strings.c — the strings tables: loading, fallback to Indonesian and
 * then to the key, placeholders, limits, and the shipped files themselves
 * (every key the state machine can produce has an Indonesian text, and
 * en.ini has exactly the keys of id.ini).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/strings.h"

static char assets[1024];

static int setup(void **st)
{
	(void)st;
	const char *root = getenv("KIO_ROOT");
	snprintf(assets, sizeof assets, "%s/assets/strings", root && *root ? root : ".");
	return 0;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[1200];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void tmpdir(char *out, size_t len)
{
	snprintf(out, len, "/tmp/kio-strings-XXXXXX");
	assert_non_null(mkdtemp(out));
}

static void test_fallback(void **st)
{
	(void)st;
	char d[64];
	tmpdir(d, sizeof d);
	write_file(d, "id.ini",
	           "# comment\na.b = Halo\nonly.id = Hanya Indonesia\n"
	           "long = satu\n\tdua\n\ttiga\nnl = baris\\nkedua\n");
	write_file(d, "en.ini", "a.b = Hello\n");
	kio_strings_t *s = NULL;
	assert_int_equal(kio_strings_load(d, "en", &s), KIO_OK);
	assert_string_equal(kio_strings_lang(s), "en");
	assert_string_equal(kio_strings_get(s, "a.b"), "Hello");
	assert_string_equal(kio_strings_get(s, "only.id"), "Hanya Indonesia");
	assert_string_equal(kio_strings_get(s, "no.such.key"), "no.such.key");
	assert_true(kio_strings_has(s, "only.id"));
	assert_false(kio_strings_has(s, "no.such.key"));
	assert_string_equal(kio_strings_get(s, "long"), "satu dua tiga");
	assert_string_equal(kio_strings_get(s, "nl"), "baris\nkedua");
	assert_string_equal(kio_strings_get(NULL, "a.b"), "");
	assert_string_equal(kio_strings_get(s, NULL), "");
	kio_strings_free(s);

	assert_int_equal(kio_strings_load(d, "id", &s), KIO_OK);
	assert_string_equal(kio_strings_get(s, "a.b"), "Halo");
	kio_strings_free(s);

	/* A missing language file, a bad language name, a bad file. */
	assert_int_not_equal(kio_strings_load(d, "fr", &s), KIO_OK);
	assert_null(s);
	assert_int_equal(kio_strings_load(d, "../id", &s), KIO_ERR_INVAL);
	assert_int_equal(kio_strings_load(d, "", &s), KIO_ERR_INVAL);
	write_file(d, "xx.ini", "[section]\nk = v\n");
	assert_int_equal(kio_strings_load(d, "xx", &s), KIO_ERR_CONFIG);
	write_file(d, "xx.ini", "k = v\nother = w\nk = again\n");
	assert_int_equal(kio_strings_load(d, "xx", &s), KIO_ERR_CONFIG);
	write_file(d, "xx.ini", "no equals sign here\n");
	assert_int_equal(kio_strings_load(d, "xx", &s), KIO_ERR_CONFIG);
	kio_strings_free(NULL);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
}

static void test_too_big(void **st)
{
	(void)st;
	char d[64];
	tmpdir(d, sizeof d);
	char p[128];
	snprintf(p, sizeof p, "%s/id.ini", d);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	for (int i = 0; i < KIO_STRINGS_FILE_MAX / 16 + 10; i++)
		fprintf(f, "k%08d = xxxx\n", i);
	fclose(f);
	kio_strings_t *s = NULL;
	assert_int_equal(kio_strings_load(d, "id", &s), KIO_ERR_TOOBIG);
	unlink(p);
	rmdir(d);
}

static void test_fill(void **st)
{
	(void)st;
	char out[64];
	const char *n[] = {"n", "name"};
	const char *v[] = {"3", "Budi"};
	kio_strings_fill("Sisa cetak: {n}", out, sizeof out, n, v, 2);
	assert_string_equal(out, "Sisa cetak: 3");
	kio_strings_fill("{name}, {n} {unknown} {", out, sizeof out, n, v, 2);
	assert_string_equal(out, "Budi, 3 {unknown} {");
	kio_strings_fill("no placeholders", out, sizeof out, NULL, NULL, 0);
	assert_string_equal(out, "no placeholders");
	/* Truncation keeps UTF-8 whole and always terminates. */
	char small[6];
	size_t len = kio_strings_fill("ab…cd", small, sizeof small, NULL, NULL, 0);
	assert_string_equal(small, "ab…");
	assert_int_equal(len, 5);
	char tiny[4];
	kio_strings_fill("ab…", tiny, sizeof tiny, NULL, NULL, 0);
	assert_string_equal(tiny, "ab");
	assert_int_equal(kio_strings_fill(NULL, out, sizeof out, NULL, NULL, 0), 0);
	assert_string_equal(out, "");
}

/* Every key the SM and UI produce, checked against the shipped files. */
static void test_shipped_files(void **st)
{
	(void)st;
	kio_strings_t *id = NULL, *en = NULL;
	assert_int_equal(kio_strings_load(assets, "id", &id), KIO_OK);
	assert_int_equal(kio_strings_load(assets, "en", &en), KIO_OK);
	char key[96];
	for (int e = 0; e < KIO_ERR__COUNT; e++) {
		snprintf(key, sizeof key, "error.%s", kio_err_name((kio_err_t)e));
		if (!kio_strings_has(id, key))
			fail_msg("id.ini lacks %s", key);
	}
	static const char *const nik[] = {"empty",    "bad_char", "length", "province", "regency",
	                                  "district", "day",      "month",  "date",     "serial"};
	for (size_t i = 0; i < sizeof nik / sizeof nik[0]; i++) {
		snprintf(key, sizeof key, "nik.%s", nik[i]);
		assert_true(kio_strings_has(id, key));
	}
	static const char *const cond[] = {"ready",     "paper_out",     "paper_low",   "jam",
	                                   "door_open", "toner_low",     "toner_empty", "offline",
	                                   "stopped",   "not_accepting", "other"};
	for (size_t i = 0; i < sizeof cond / sizeof cond[0]; i++) {
		snprintf(key, sizeof key, "printer.%s", cond[i]);
		assert_true(kio_strings_has(id, key));
		snprintf(key, sizeof key, "error.printer.%s", cond[i]);
		assert_true(kio_strings_has(id, key));
	}
	static const char *const more[] = {
	    "api.invalid_credentials",
	    "api.not_verified",
	    "api.locked",
	    "api.too_many_attempts",
	    "api.quota_exhausted",
	    "api.document_inactive",
	    "api.not_adm_printable",
	    "api.unknown",
	    "api.local_throttle",
	    "api.kiosk_certificate_required",
	    "api.kiosk_certificate_invalid",
	    "api.kiosk_certificate_expired",
	    "api.kiosk_id_mismatch",
	    "api.invalid_nik",
	    "error.credit_kept",
	    "loading.login",
	    "loading.list",
	    "loading.logout",
	    "login.password_empty",
	    "tech.wrong_pin",
	    "tech.locked",
	    "reason.office",
	    "reason.used_up",
	    "reason.inactive",
	    "reason.invalid",
	    "warning.body",
	    "button.stay",
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		if (!kio_strings_has(id, more[i]))
			fail_msg("id.ini lacks %s", more[i]);
	assert_string_equal(
	    kio_strings_get(id, "api.invalid_credentials"),
	    "Data user yang dimasukkan tidak sesuai. Pastikan memasukkan data yang benar!");
	assert_string_equal(kio_strings_get(id, "error.credit_kept"),
	                    "Kuota cetak Anda tidak terpakai.");
	char out[256];
	kio_strings_format1(id, "api.too_many_attempts", "n", "5", out, sizeof out);
	assert_non_null(strstr(out, "tunggu 5 menit"));
	assert_string_equal(kio_strings_get(en, "button.start"), "Start");
	assert_string_equal(kio_strings_get(id, "button.start"), "Mulai");
	kio_strings_free(id);
	kio_strings_free(en);

	/* en.ini mirrors id.ini key for key; no line near inih's 200-byte cap;
	 * no " ;" that inih would cut as a comment. */
	for (int lang = 0; lang < 2; lang++) {
		char p[1200], line[512];
		snprintf(p, sizeof p, "%s/%s.ini", assets, lang ? "en" : "id");
		FILE *f = fopen(p, "r");
		assert_non_null(f);
		int n = 0;
		while (fgets(line, sizeof line, f)) {
			n++;
			if (strlen(line) >= 190)
				fail_msg("%s:%d longer than 190 bytes", p, n);
			if (line[0] != '#' && strstr(line, " ;"))
				fail_msg("%s:%d has \" ;\" (inih comment)", p, n);
			char *eq = strchr(line, '=');
			if (line[0] == '#' || line[0] == '\t' || !eq)
				continue;
			*eq = '\0';
			char *end = eq;
			while (end > line && end[-1] == ' ')
				*--end = '\0';
			/* The other file must have it. */
			kio_strings_t *other = NULL;
			assert_int_equal(kio_strings_load(assets, lang ? "id" : "en", &other),
			                 KIO_OK);
			bool ok = lang ? kio_strings_has(other, line) : true;
			if (!lang) {
				/* id key: en.ini must define it itself, not by fallback. */
				char q[1200], l2[512];
				snprintf(q, sizeof q, "%s/en.ini", assets);
				FILE *g = fopen(q, "r");
				assert_non_null(g);
				ok = false;
				size_t kl = strlen(line);
				while (fgets(l2, sizeof l2, g))
					if (!strncmp(l2, line, kl) &&
					    (l2[kl] == ' ' || l2[kl] == '='))
						ok = true;
				fclose(g);
			}
			kio_strings_free(other);
			if (!ok)
				fail_msg("%s: key %s missing in the other language", p, line);
		}
		fclose(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fallback),
	    cmocka_unit_test(test_too_big),
	    cmocka_unit_test(test_fill),
	    cmocka_unit_test(test_shipped_files),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
