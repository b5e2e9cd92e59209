/*
 * test_facts.c — issue 15's pure and store-side pieces: staff facts worded
 * from the shipped strings in both languages (uptime "3 hari 4 jam", words
 * for printer states and IPP reasons, the keyword itself when the strings
 * have none, hostile counts), the daily report's totals gathered from a real
 * SQLite print log and rendered, and the sheets counted out of the log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/facts.h"
#include "print/report.h"
#include "store/store.h"
#include "sys/strings-file.h"

static kio_strings_t *load(const char *lang)
{
	char dir[1024];
	const char *root = getenv("KIO_ROOT");
	snprintf(dir, sizeof dir, "%s/assets/strings", root && *root ? root : ".");
	kio_strings_t *s = NULL;
	assert_int_equal(kio_strings_load(dir, lang, &s), KIO_OK);
	return s;
}

static void test_duration(void **st)
{
	(void)st;
	kio_strings_t *id = load("id"), *en = load("en");
	char out[64];
	kio_facts_duration(id, 3 * 86400 + 4 * 3600 + 6 * 60, out, sizeof out);
	assert_string_equal(out, "3 hari 4 jam");
	kio_facts_duration(en, 3 * 86400 + 4 * 3600, out, sizeof out);
	assert_string_equal(out, "3 days 4 hours");
	kio_facts_duration(id, 3720, out, sizeof out);
	assert_string_equal(out, "1 jam 2 menit");
	kio_facts_duration(id, 59, out, sizeof out);
	assert_string_equal(out, "0 menit");
	kio_facts_duration(id, -5, out, sizeof out);
	assert_string_equal(out, "0 menit");
	kio_strings_free(id);
	kio_strings_free(en);
}

/* The same facts read in either language; '@' values are words. */
static void test_words(void **st)
{
	(void)st;
	kio_strings_t *id = load("id"), *en = load("en");
	kio_facts_t f = {0};
	kio_fact_t *l = kio_facts_add(&f, "tech.fact.printer_state");
	kio_fact_word(l, "state", "printer.state", "idle");
	kio_fact_word(l, "condition", "printer", "paper_low");
	kio_fact_word(kio_facts_add(&f, "tech.fact.reason"), "reason", "printer.reason",
	              "door-open");
	kio_fact_word(kio_facts_add(&f, "tech.fact.reason"), "reason", "printer.reason",
	              "spool-area-full");
	kio_fact_int(kio_facts_add(&f, "tech.fact.uptime"), "uptime", 90000);
	char out[1024];
	kio_facts_format(id, &f, out, sizeof out);
	assert_string_equal(out, "Keadaan printer: Siap (Kertas hampir habis)\n"
	                         "Peringatan printer: Pintu terbuka\n"
	                         "Peringatan printer: spool-area-full\n"
	                         "Menyala selama: 1 hari 1 jam\n");
	kio_facts_format(en, &f, out, sizeof out);
	assert_string_equal(out, "Printer: Ready (Paper low)\n"
	                         "Printer warning: Door open\n"
	                         "Printer warning: spool-area-full\n"
	                         "Running for: 1 days 1 hours\n");
	kio_strings_free(id);
	kio_strings_free(en);
}

/* Facts come from another thread: full tables, hostile counts and values
 * without a NUL never overrun. */
static void test_limits(void **st)
{
	(void)st;
	kio_strings_t *id = load("id");
	kio_facts_t f = {0};
	for (int i = 0; i < KIO_FACTS_MAX; i++)
		assert_non_null(kio_facts_add(&f, "tech.fact.connection_ok"));
	assert_null(kio_facts_add(&f, "tech.fact.connection_ok"));
	kio_fact_set(NULL, "x", "y"); /* NULL-safe */
	kio_fact_t l;
	memset(&l, 'A', sizeof l);
	l.n = 1000;
	char out[256];
	kio_fact_format(id, &l, out, sizeof out);
	assert_true(strlen(out) < sizeof out);
	f.n = -3;
	kio_facts_format(id, &f, out, sizeof out);
	assert_string_equal(out, "");
	kio_strings_free(id);
}

typedef struct fixture {
	char dir[64];
	char db[128];
	kio_store_t *s;
} fixture_t;

static int setup(void **state)
{
	fixture_t *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/kio-facts-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/kiosk.db", f->dir);
	assert_int_equal(kio_store_open_file(&f->s, f->db, 0), KIO_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_t *f = *state;
	char p[200];
	kio_store_close(f->s);
	const char *files[] = {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "anchor.key"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, files[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void append(fixture_t *f, const char *type, const char *nik, int pages, const char *reason)
{
	kio_event_t ev;
	memset(&ev, 0, sizeof ev);
	snprintf(ev.type, sizeof ev.type, "%s", type);
	snprintf(ev.nik_masked, sizeof ev.nik_masked, "%s", nik);
	snprintf(ev.reason, sizeof ev.reason, "%s", reason);
	snprintf(ev.kind, sizeof ev.kind, "KK");
	ev.pages = pages;
	ev.job_id = -1;
	assert_int_equal(kio_store_event_append(f->s, &ev), KIO_OK);
}

/* The report counts as `log stats` does (print.failed and
 * document.rejected are failures, a release is a credit given back), staff
 * pages apart, citizens by masked NIK; it carries the log head. */
static void test_report(void **state)
{
	fixture_t *f = *state;
	append(f, "print.completed", "1610**********01", 2, "");
	append(f, "print.completed", "1610**********01", 1, "");
	append(f, "print.completed", "3201**********07", 1, "");
	append(f, "print.failed", "3201**********07", 1, "paper_out");
	append(f, "print.released", "3201**********07", 1, "paper_out");
	append(f, "document.rejected", "3201**********07", 1, "doc_hash");
	append(f, "testpage.printed", "", 1, "");
	append(f, "session.login", "3201**********07", -1, "");
	char day[KIO_TIME_MAX];
	kio_log_head_t head;
	assert_int_equal(kio_store_log_head(f->s, &head), KIO_OK);
	/* Today's local date, as the log wrote it. */
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	kio_report_t r;
	assert_int_equal(kio_report_gather(f->s, day, &r), KIO_OK);
	assert_int_equal(r.docs, 3);
	assert_int_equal(r.pages, 4);
	assert_int_equal(r.citizens, 2);
	assert_int_equal(r.failures, 2);
	assert_int_equal(r.credits_back, 1);
	assert_int_equal(r.staff_pages, 1);
	assert_int_equal(r.ncauses, 2);
	assert_string_equal(r.cause[0].reason, "paper_out");
	assert_string_equal(r.cause[1].reason, "doc_hash");
	assert_int_equal(r.head.seq, head.seq);
	assert_string_equal(r.head.hash, head.hash);
	assert_int_equal(kio_report_gather(f->s, "2026-13-45", &r), KIO_ERR_INVAL);
	assert_int_equal(kio_report_gather(f->s, "2020-01-01", &r), KIO_OK);
	assert_int_equal(r.docs, 0);

	char qr[KIO_REPORT_QR_MAX];
	snprintf(r.kiosk_id, sizeof r.kiosk_id, "ADM-1610-001");
	r.head = head;
	kio_report_qr_text(&r, qr, sizeof qr);
	char want[KIO_REPORT_QR_MAX];
	snprintf(want, sizeof want, "adm-kiosk log-head ADM-1610-001 %lld %s", (long long)head.seq,
	         head.hash);
	assert_string_equal(qr, want);
	kio_strings_t *id = load("id");
	unsigned char *pdf = NULL;
	size_t n = 0;
	assert_int_equal(kio_report_render(&r, id, &pdf, &n), KIO_OK);
	assert_true(n > 1000 && !memcmp(pdf, "%PDF-", 5));
	free(pdf);
	kio_strings_free(id);
	/* cairo's and fontconfig's caches back, so a leak checker sees only ours. */
	cairo_debug_reset_static_data();
	FcFini();
}

/* Sheets: nothing counted before a refill; after it, every printed page
 * (documents, test pages, reports) is a sheet gone, failures are not. */
static void test_paper(void **state)
{
	fixture_t *f = *state;
	int64_t loaded = -1, used = -1;
	bool found = true;
	append(f, "print.completed", "1610**********01", 3, "");
	assert_int_equal(kio_store_paper(f->s, &loaded, &used, &found), KIO_OK);
	assert_false(found);
	append(f, "paper.loaded", "", 10, "technician");
	append(f, "print.completed", "1610**********01", 2, "");
	append(f, "print.failed", "1610**********01", 1, "paper_out");
	append(f, "testpage.printed", "", 1, "");
	append(f, "report.printed", "", 1, "");
	assert_int_equal(kio_store_paper(f->s, &loaded, &used, &found), KIO_OK);
	assert_true(found);
	assert_int_equal(loaded, 10);
	assert_int_equal(used, 4);
	append(f, "paper.loaded", "", 500, "technician");
	assert_int_equal(kio_store_paper(f->s, &loaded, &used, &found), KIO_OK);
	assert_int_equal(loaded, 500);
	assert_int_equal(used, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_duration),
	    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test_setup_teardown(test_report, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paper, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
