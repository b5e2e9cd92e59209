/*
 * test_printer_fake.c — condition mapping and job tracking against the fake
 * printer: every path of kio_printer_track() and kio_printer_precheck().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "printer/fake.h"
#include "printer/printer.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_mapping_table(void **state)
{
	static const struct {
		const char *reasons[4];
		int n;
		kio_printer_condition_t want;
	} cases[] = {
	    {{"none"}, 1, KIO_PRINTER_READY},
	    {{NULL}, 0, KIO_PRINTER_READY},
	    {{"media-empty-error"}, 1, KIO_PRINTER_PAPER_OUT},
	    {{"media-empty"}, 1, KIO_PRINTER_PAPER_OUT},
	    {{"media-empty-warning", "media-needed-warning"}, 2, KIO_PRINTER_PAPER_OUT},
	    {{"media-needed-error"}, 1, KIO_PRINTER_PAPER_OUT},
	    {{"media-low-warning"}, 1, KIO_PRINTER_PAPER_LOW},
	    {{"media-low-report"}, 1, KIO_PRINTER_PAPER_LOW},
	    {{"media-jam-error"}, 1, KIO_PRINTER_JAM},
	    {{"media-jam"}, 1, KIO_PRINTER_JAM},
	    {{"door-open-error"}, 1, KIO_PRINTER_DOOR_OPEN},
	    {{"cover-open-warning"}, 1, KIO_PRINTER_DOOR_OPEN},
	    {{"toner-low-report"}, 1, KIO_PRINTER_TONER_LOW},
	    {{"marker-supply-low-warning"}, 1, KIO_PRINTER_TONER_LOW},
	    {{"toner-empty-error"}, 1, KIO_PRINTER_TONER_EMPTY},
	    {{"marker-supply-empty-error"}, 1, KIO_PRINTER_TONER_EMPTY},
	    {{"offline-report"}, 1, KIO_PRINTER_OFFLINE},
	    {{"offline-error"}, 1, KIO_PRINTER_OFFLINE},
	    {{"paused"}, 1, KIO_PRINTER_STOPPED},
	    {{"spool-area-full-error"}, 1, KIO_PRINTER_OTHER},
	    {{"cups-waiting-for-job-completed"}, 1, KIO_PRINTER_OTHER},
	    /* unknown -report reasons are chatter, not state */
	    {{"cups-ipp-conformance-failure-report"}, 1, KIO_PRINTER_READY},
	    /* whole words only */
	    {{"media-lowered-error"}, 1, KIO_PRINTER_OTHER},
	    /* faults before warnings, whatever the order */
	    {{"media-low-warning", "media-jam-error"}, 2, KIO_PRINTER_JAM},
	    {{"toner-low-warning", "media-empty-error", "paused"}, 3, KIO_PRINTER_PAPER_OUT},
	    {{"paused", "media-jam-error", "media-empty-error"}, 3, KIO_PRINTER_JAM},
	    {{"door-open-error", "media-empty-error"}, 2, KIO_PRINTER_DOOR_OPEN},
	    {{"cups-waiting-for-job-completed", "toner-low-warning"}, 2, KIO_PRINTER_TONER_LOW},
	    /* -report ranks below everything that is not a report */
	    {{"media-empty-report", "toner-low-warning"}, 2, KIO_PRINTER_TONER_LOW},
	    {{"media-empty-report", "other-warning"}, 2, KIO_PRINTER_PAPER_OUT},
	    {{"media-empty-report"}, 1, KIO_PRINTER_PAPER_OUT},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kio_printer_condition_t got =
		    kio_printer_condition_from_reasons(cases[i].reasons, cases[i].n);
		char list[256] = "";
		if (got != cases[i].want)
			fail_msg("case %zu (%s...): got %s want %s", i,
			         cases[i].reasons[0] ? cases[i].reasons[0] : "-",
			         kio_printer_condition_name(got),
			         kio_printer_condition_name(cases[i].want));
		/* the comma-list form agrees */
		for (int k = 0; k < cases[i].n; k++) {
			strncat(list, k ? "," : "", sizeof list - strlen(list) - 1);
			strncat(list, cases[i].reasons[k], sizeof list - strlen(list) - 1);
		}
		assert_int_equal(kio_printer_condition_from_list(list), cases[i].want);
	}
}

static void test_condition_of_state(void **state)
{
	assert_int_equal(kio_printer_condition_of(KIO_PSTATE_STOPPED, true, "none"),
	                 KIO_PRINTER_STOPPED);
	assert_int_equal(kio_printer_condition_of(KIO_PSTATE_IDLE, false, "none"),
	                 KIO_PRINTER_NOT_ACCEPTING);
	assert_int_equal(
	    kio_printer_condition_of(KIO_PSTATE_STOPPED, false, "media-empty-error,paused"),
	    KIO_PRINTER_PAPER_OUT);
	assert_int_equal(kio_printer_condition_of(KIO_PSTATE_IDLE, true, "media-low-report"),
	                 KIO_PRINTER_PAPER_LOW);
}

static void test_names(void **state)
{
	assert_string_equal(kio_printer_condition_name(KIO_PRINTER_PAPER_OUT), "paper_out");
	assert_string_equal(kio_printer_condition_name(KIO_PRINTER_READY), "ready");
	assert_string_equal(kio_printer_condition_name(KIO_PRINTER_NOT_ACCEPTING), "not_accepting");
	assert_string_equal(kio_printer_condition_name((kio_printer_condition_t)999), "other");
	for (int c = 0; c < KIO_PRINTER_CONDITION__COUNT; c++)
		assert_non_null(kio_printer_condition_name((kio_printer_condition_t)c));
	assert_string_equal(kio_job_state_name(KIO_JOB_COMPLETED), "completed");
	assert_true(kio_printer_condition_is_fault(KIO_PRINTER_JAM));
	assert_false(kio_printer_condition_is_fault(KIO_PRINTER_PAPER_LOW));
	assert_false(kio_printer_condition_is_fault(KIO_PRINTER_OTHER));
}

/* ---- fixture -------------------------------------------------------------- */

struct fx {
	kio_config_t cfg;
	kio_printer_t *p;
	kio_print_opts_t opts;
	int progress_calls;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	kio_config_defaults(&f->cfg);
	snprintf(f->cfg.kiosk_id, sizeof f->cfg.kiosk_id, "ADM-TEST-01");
	if (kio_printer_open("fake", &f->cfg, &f->p))
		return -1;
	kio_print_opts_init(&f->opts, &f->cfg, "OI-2026-000123");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	kio_printer_close(f->p);
	free(f);
	return 0;
}

static void on_progress(void *ctx, const kio_job_status_t *js)
{
	struct fx *f = ctx;

	f->progress_calls++;
}

static const unsigned char doc[] = "%PDF-1.4\n%fake\n%%EOF\n";

static int submit(struct fx *f)
{
	int id = 0;

	assert_int_equal(kio_printer_submit(f->p, &f->opts, doc, sizeof doc, &id), KIO_OK);
	assert_true(id > 0);
	return id;
}

static void test_open_and_opts(void **state)
{
	struct fx *f = *state;
	kio_printer_t *p = NULL;
	kio_fake_stats_t st;

	assert_int_equal(kio_printer_open("nonesuch", &f->cfg, &p), KIO_ERR_INVAL);
	assert_null(p);
	assert_string_equal(kio_printer_driver(f->p), "fake");
	assert_string_equal(f->opts.user, "ADM-TEST-01");
	assert_string_equal(f->opts.media, "iso_a4_210x297mm");
	assert_int_equal(f->opts.copies, 1);
	submit(f);
	kio_printer_fake_stats(f->p, &st);
	assert_int_equal(st.submitted, 1);
	assert_string_equal(st.last_opts.job_name, "OI-2026-000123");
	assert_int_equal(st.last_len, sizeof doc);
	/* invalid options never reach the driver */
	f->opts.copies = 0;
	{
		int id;
		assert_int_equal(kio_printer_submit(f->p, &f->opts, doc, sizeof doc, &id),
		                 KIO_ERR_INVAL);
	}
	kio_printer_close(NULL);
}

static void test_track_completes(void **state)
{
	struct fx *f = *state;
	kio_job_status_t fin;
	int id;

	kio_printer_fake_script(f->p, KIO_FAKE_COMPLETE, 3, 2);
	id = submit(f);
	assert_int_equal(kio_printer_track(f->p, id, 5, on_progress, f, NULL, &fin), KIO_OK);
	assert_int_equal(fin.state, KIO_JOB_COMPLETED);
	assert_int_equal(fin.pages_done, 2);
	assert_true(f->progress_calls >= 3); /* pending, processing(+page), completed */
}

static void expect_fault(struct fx *f, kio_fake_outcome_t outcome, kio_printer_condition_t want)
{
	kio_job_status_t fin;
	kio_fake_stats_t st;
	int id;

	kio_printer_fake_script(f->p, outcome, 2, 1);
	id = submit(f);
	assert_int_equal(kio_printer_track(f->p, id, 10, NULL, NULL, NULL, &fin), KIO_ERR_PRINTER);
	assert_int_equal(fin.condition, want);
	kio_printer_fake_stats(f->p, &st);
	/* the held job is cancelled: it must not print later for nobody */
	assert_true(st.last_canceled);
	assert_int_equal(st.cancels, 1);
}

static void test_track_jam(void **state)
{
	expect_fault(*state, KIO_FAKE_JAM, KIO_PRINTER_JAM);
}

static void test_track_paper_out_while_waiting(void **state)
{
	struct fx *f = *state;
	kio_printer_status_t st;

	expect_fault(f, KIO_FAKE_PAPER_OUT, KIO_PRINTER_PAPER_OUT);
	/* and the next precheck refuses with the same reason */
	assert_int_equal(kio_printer_precheck(f->p, &f->opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(st.condition, KIO_PRINTER_PAPER_OUT);
	assert_int_equal(kio_printer_reset(f->p), KIO_OK);
	assert_int_equal(kio_printer_precheck(f->p, &f->opts, &st), KIO_OK);
}

static void test_track_aborted(void **state)
{
	struct fx *f = *state;
	kio_job_status_t fin;
	kio_fake_stats_t st;
	int id;

	kio_printer_fake_script(f->p, KIO_FAKE_ABORT, 2, 1);
	id = submit(f);
	assert_int_equal(kio_printer_track(f->p, id, 10, NULL, NULL, NULL, &fin), KIO_ERR_PRINTER);
	assert_int_equal(fin.state, KIO_JOB_ABORTED);
	assert_int_equal(fin.condition, KIO_PRINTER_OTHER);
	assert_string_equal(fin.reason, "aborted-by-system");
	kio_printer_fake_stats(f->p, &st);
	assert_int_equal(st.cancels, 0); /* already over: nothing to cancel */
}

static void test_track_stall_times_out(void **state)
{
	struct fx *f = *state;
	kio_job_status_t fin;
	kio_fake_stats_t st;
	double t0;
	int id;

	kio_printer_fake_script(f->p, KIO_FAKE_STALL, 2, 1);
	id = submit(f);
	t0 = now_s();
	assert_int_equal(kio_printer_track(f->p, id, 1, NULL, NULL, NULL, &fin), KIO_ERR_TIMEOUT);
	/* bound counts from the last change (processing at ~0.5 s) */
	assert_true(now_s() - t0 < 2.5);
	kio_printer_fake_stats(f->p, &st);
	assert_true(st.last_canceled);
	assert_int_equal(fin.state, KIO_JOB_PROCESSING);
}

static void *raise_later(void *arg)
{
	struct timespec ts = {0, 300 * 1000000L};

	nanosleep(&ts, NULL);
	atomic_store((atomic_bool *)arg, true);
	return NULL;
}

static void test_track_cancel_flag(void **state)
{
	struct fx *f = *state;
	atomic_bool cancel = false;
	kio_job_status_t fin;
	kio_fake_stats_t st;
	pthread_t th;
	double t0;
	int id;

	kio_printer_fake_script(f->p, KIO_FAKE_STALL, 2, 1);
	id = submit(f);
	t0 = now_s();
	assert_int_equal(pthread_create(&th, NULL, raise_later, &cancel), 0);
	assert_int_equal(kio_printer_track(f->p, id, 30, NULL, NULL, &cancel, &fin),
	                 KIO_ERR_CANCELED);
	pthread_join(th, NULL);
	assert_true(now_s() - t0 < 0.6); /* noticed within a slice, not a poll */
	kio_printer_fake_stats(f->p, &st);
	assert_true(st.last_canceled);
}

static void test_track_unreachable(void **state)
{
	struct fx *f = *state;
	kio_job_status_t fin;
	double t0;
	int id;

	kio_printer_fake_script(f->p, KIO_FAKE_UNREACHABLE, 2, 1);
	id = submit(f);
	t0 = now_s();
	assert_int_equal(kio_printer_track(f->p, id, 30, NULL, NULL, NULL, &fin),
	                 KIO_ERR_PRINTER_UNAVAILABLE);
	assert_true(now_s() - t0 < 3.0);
	kio_printer_fake_script(f->p, KIO_FAKE_COMPLETE, 2, 1);
}

/* The fake offers its own queue and a spare (what the technician page's
 * queue buttons show without a cupsd), and the stationery media types. */
static void test_choices(void **state)
{
	struct fx *f = *state;
	kio_printer_list_t l;
	kio_printer_caps_t caps;

	assert_int_equal(kio_printer_queues(f->p, &l), KIO_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.name[0], f->cfg.printer_queue);
	assert_string_equal(l.name[1], "FAKE-SPARE");
	assert_int_equal(kio_printer_capabilities(f->p, &f->opts, &caps), KIO_OK);
	assert_int_equal(caps.media_types.n, 2);
	assert_string_equal(caps.media_types.name[0], "stationery");
	assert_int_equal(kio_printer_queues(NULL, &l), KIO_ERR_INVAL);

	/* The list helper: no duplicates, no empty or over-long names, capped. */
	memset(&l, 0, sizeof l);
	kio_printer_list_add(&l, "A");
	kio_printer_list_add(&l, "A");
	kio_printer_list_add(&l, "");
	char longname[KIO_PRINTER_KEYWORD_MAX + 1];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	kio_printer_list_add(&l, longname);
	assert_int_equal(l.n, 1);
	for (int i = 0; i < 2 * KIO_PRINTER_LIST_MAX; i++) {
		char name[16];
		snprintf(name, sizeof name, "Q%d", i);
		kio_printer_list_add(&l, name);
	}
	assert_int_equal(l.n, KIO_PRINTER_LIST_MAX);
}

static void test_precheck(void **state)
{
	struct fx *f = *state;
	kio_printer_status_t st;
	int id;

	assert_int_equal(kio_printer_precheck(f->p, &f->opts, &st), KIO_OK);
	assert_int_equal(st.condition, KIO_PRINTER_READY);
	kio_printer_fake_set_condition(f->p, KIO_PRINTER_PAPER_LOW);
	assert_int_equal(kio_printer_precheck(f->p, &f->opts, &st), KIO_OK); /* only a warning */
	kio_printer_fake_set_condition(f->p, KIO_PRINTER_DOOR_OPEN);
	assert_int_equal(kio_printer_precheck(f->p, &f->opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(st.condition, KIO_PRINTER_DOOR_OPEN);
	kio_printer_fake_set_condition(f->p, KIO_PRINTER_STOPPED);
	assert_int_equal(kio_printer_precheck(f->p, &f->opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(st.condition, KIO_PRINTER_STOPPED);
	kio_printer_fake_set_condition(f->p, KIO_PRINTER_READY);
	kio_printer_fake_set_accepting(f->p, false);
	assert_int_equal(kio_printer_precheck(f->p, &f->opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(st.condition, KIO_PRINTER_NOT_ACCEPTING);
	assert_int_equal(kio_printer_submit(f->p, &f->opts, doc, sizeof doc, &id), KIO_ERR_PRINTER);
	kio_printer_fake_set_accepting(f->p, true);
	kio_printer_fake_set_caps(f->p, true, false);
	assert_int_equal(kio_printer_precheck(f->p, &f->opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(st.condition, KIO_PRINTER_OTHER);
	assert_non_null(strstr(st.message, "iso_a4_210x297mm"));
	kio_printer_fake_set_caps(f->p, false, true);
	assert_int_equal(kio_printer_precheck(f->p, &f->opts, &st), KIO_ERR_PRINTER);
	kio_printer_fake_set_caps(f->p, true, true);
	kio_printer_fake_fail_submit(f->p, KIO_ERR_PRINTER_UNAVAILABLE);
	assert_int_equal(kio_printer_submit(f->p, &f->opts, doc, sizeof doc, &id),
	                 KIO_ERR_PRINTER_UNAVAILABLE);
	assert_int_equal(kio_printer_precheck(f->p, &f->opts, NULL), KIO_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mapping_table),
	    cmocka_unit_test(test_condition_of_state),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test_setup_teardown(test_open_and_opts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_track_completes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_track_jam, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_track_paper_out_while_waiting, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_track_aborted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_track_stall_times_out, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_track_cancel_flag, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_track_unreachable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_choices, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_precheck, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
