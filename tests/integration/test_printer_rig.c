/*
 * test_printer_rig.c — the CUPS driver against a real private cupsd and a
 * real ippeveprinter (tests/rig/rig.sh), faults injected through the peers.
 *
 * One rig for the whole run. Every wait is bounded: tracking uses short
 * bounds, the rig script bounds its own waits, and the test process is a
 * child subreaper so the rig's supervisor is reaped here, not left a zombie.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "print/testpage.h"
#include "printer/printer.h"

extern char **environ;

struct rig {
	char dir[256];
	char script[512];
	char ctl[512];
	char cups_server[128];
	char ipp_uri[256];
	char ipp_spool[512];
	char ipp_jobs_log[512];
	char out_dir[512];
	unsigned char *doc;
	size_t doc_len;
};

static struct rig *R; /* set once by the group setup; cmocka passes no context there */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run ARGV (no shell); stdout to OUT_PATH (or /dev/null); returns exit status. */
static int run_to(const char *out_path, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status = -1;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
	                                 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) == 0)
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	posix_spawn_file_actions_destroy(&fa);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define RUN(...) run_to(NULL, (char *const[]){__VA_ARGS__, NULL})

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[n] = '\0';
			if (len)
				*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

static void env_get(const char *env, const char *key, char *out, size_t size)
{
	size_t kl = strlen(key);

	out[0] = '\0';
	for (const char *p = env; p && *p;) {
		size_t ll = strcspn(p, "\n");
		if (ll > kl && !strncmp(p, key, kl) && p[kl] == '=')
			snprintf(out, size, "%.*s", (int)(ll - kl - 1), p + kl + 1);
		p += ll + (p[ll] == '\n');
	}
}

static void rig_cmd(const char *cmd, const char *arg)
{
	int rc = arg ? RUN("bash", R->script, (char *)cmd, R->dir, (char *)arg)
	             : RUN("bash", R->script, (char *)cmd, R->dir);
	if (rc != 0)
		fail_msg("rig.sh %s %s failed (%d)", cmd, arg ? arg : "", rc);
}

static int group_setup(void **state)
{
	static struct rig rig;
	const char *root = getenv("KIO_ROOT"), *build = getenv("KIO_BUILD");
	char path[600];
	char *env;
	kio_testpage_info_t info = {
	    "ADM-TEST-01", "rig", "today", KIO_VERSION, "https://adm.example.go.id/verify", NULL};

	R = &rig;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	snprintf(rig.script, sizeof rig.script, "%s/tests/rig/rig.sh", root ? root : ".");
	snprintf(rig.ctl, sizeof rig.ctl, "%s/adm-kioskctl", build ? build : "build");
	snprintf(rig.dir, sizeof rig.dir, "/tmp/kio-rig-XXXXXX");
	if (!mkdtemp(rig.dir))
		return -1;
	if (RUN("bash", rig.script, "start", rig.dir) != 0) {
		fprintf(stderr, "rig did not start\n");
		return -1;
	}
	snprintf(path, sizeof path, "%s/rig.env", rig.dir);
	env = read_file(path, NULL);
	if (!env)
		return -1;
	env_get(env, "CUPS_SERVER", rig.cups_server, sizeof rig.cups_server);
	env_get(env, "IPP_URI", rig.ipp_uri, sizeof rig.ipp_uri);
	env_get(env, "IPP_SPOOL", rig.ipp_spool, sizeof rig.ipp_spool);
	env_get(env, "IPP_JOBS_LOG", rig.ipp_jobs_log, sizeof rig.ipp_jobs_log);
	env_get(env, "OUT_DIR", rig.out_dir, sizeof rig.out_dir);
	free(env);
	/* The document: a real PDF (the test page), sent and compared byte for byte. */
	if (kio_testpage_render(&info, &rig.doc, &rig.doc_len))
		return -1;
	*state = &rig;
	return 0;
}

static int group_teardown(void **state)
{
	double t0 = now_s();

	RUN("bash", R->script, "stop", R->dir);
	/* Reap the supervisor (re-parented to us as subreaper). */
	while (now_s() - t0 < 5 && waitpid(-1, NULL, WNOHANG) >= 0)
		usleep(20000);
	free(R->doc);
	/* cairo/fontconfig caches from rendering the test page: not leaks. */
	cairo_debug_reset_static_data();
	FcFini();
	if (!getenv("KIO_KEEP_RIG"))
		RUN("rm", "-rf", R->dir);
	return 0;
}

/* Between tests: faults off, queues enabled, tray full. */
static int recover(void **state)
{
	rig_cmd("recover", NULL);
	return 0;
}

static kio_printer_t *open_printer(const char *queue, kio_print_opts_t *opts, int copies)
{
	kio_config_t cfg;
	kio_printer_t *p = NULL;

	kio_config_defaults(&cfg);
	snprintf(cfg.kiosk_id, sizeof cfg.kiosk_id, "ADM-TEST-01");
	snprintf(cfg.printer_queue, sizeof cfg.printer_queue, "%s", queue);
	snprintf(cfg.cups_server, sizeof cfg.cups_server, "%s", R->cups_server);
	assert_int_equal(kio_printer_open("cups", &cfg, &p), KIO_OK);
	kio_print_opts_init(opts, &cfg, "OI-2026-000123");
	opts->copies = copies;
	return p;
}

static int submit(kio_printer_t *p, const kio_print_opts_t *opts)
{
	int id = 0;

	assert_int_equal(kio_printer_submit(p, opts, R->doc, R->doc_len, &id), KIO_OK);
	assert_true(id > 0);
	return id;
}

static void assert_same_bytes(const char *path)
{
	size_t len = 0;
	char *got = read_file(path, &len);

	if (!got)
		fail_msg("%s missing", path);
	assert_int_equal(len, R->doc_len);
	assert_memory_equal(got, R->doc, len);
	free(got);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!hay || !strstr(hay, needle))
		fail_msg("'%s' not found in: %s", needle, hay ? hay : "(null)");
}

/* Last line of the ippeveprinter job log. */
static char *last_ipp_job(void)
{
	char *log = read_file(R->ipp_jobs_log, NULL), *line, *end;

	if (!log)
		return NULL;
	end = log + strlen(log);
	while (end > log && end[-1] == '\n')
		*--end = '\0';
	line = strrchr(log, '\n');
	line = line ? line + 1 : log;
	memmove(log, line, strlen(line) + 1);
	return log;
}

/* Poll JOB_ID until it ends (bounded); returns the final state. */
static kio_job_state_t wait_end(kio_printer_t *p, int job_id, double bound_s)
{
	kio_job_status_t js = {0};
	double t0 = now_s();

	do {
		assert_int_equal(kio_printer_poll(p, job_id, &js), KIO_OK);
		if (js.state >= KIO_JOB_CANCELED)
			break;
		usleep(100000);
	} while (now_s() - t0 < bound_s);
	return js.state;
}

static void test_direct_ipp_byte_identical(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer(R->ipp_uri, &opts, 2);
	kio_printer_status_t st;
	kio_printer_caps_t caps;
	kio_job_status_t fin;
	char *job, file[600];
	int id;

	assert_int_equal(kio_printer_precheck(p, &opts, &st), KIO_OK);
	assert_int_equal(kio_printer_capabilities(p, &opts, &caps), KIO_OK);
	assert_true(caps.pdf && caps.media_listed && caps.media_ok);
	id = submit(p, &opts);
	assert_int_equal(kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin), KIO_OK);
	assert_int_equal(fin.state, KIO_JOB_COMPLETED);
	job = last_ipp_job();
	assert_contains(job, "IPP_MEDIA=iso_a4_210x297mm");
	assert_contains(job, "IPP_MEDIA_TYPE=stationery");
	assert_contains(job, "IPP_COPIES=2");
	assert_contains(job, "IPP_PRINT_SCALING=none");
	assert_contains(job, "IPP_SIDES=one-sided");
	assert_contains(job, "IPP_JOB_NAME=OI-2026-000123");
	assert_contains(job, "USER_NAME=ADM-TEST-01");
	/* "file=PATH\t...": the spooled file is what we sent, byte for byte */
	snprintf(file, sizeof file, "%.*s", (int)strcspn(job + 5, "\t"), job + 5);
	assert_same_bytes(file);
	free(job);
	kio_printer_close(p);
}

static void test_queue_raw_byte_identical(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-HVS", &opts, 2);
	kio_printer_caps_t caps;
	kio_job_status_t fin;
	char path[600], *meta;
	int id;

	assert_int_equal(kio_printer_precheck(p, &opts, NULL), KIO_OK);
	assert_int_equal(kio_printer_capabilities(p, &opts, &caps), KIO_OK);
	assert_true(caps.raw && caps.pdf);
	id = submit(p, &opts);
	assert_int_equal(kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin), KIO_OK);
	snprintf(path, sizeof path, "%s/job-%d.bin", R->out_dir, id);
	assert_same_bytes(path);
	snprintf(path, sizeof path, "%s/job-%d.opts", R->out_dir, id);
	meta = read_file(path, NULL);
	assert_contains(meta, "user=ADM-TEST-01");
	assert_contains(meta, "title=OI-2026-000123");
	assert_contains(meta, "copies=2");
	assert_contains(meta, "media=iso_a4_210x297mm");
	assert_contains(meta, "print-scaling=none");
	assert_contains(meta, "sides=one-sided");
	free(meta);
	kio_printer_close(p);
}

static void test_queue_to_ipp_byte_identical(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-IPP", &opts, 1);
	kio_job_status_t fin;
	char *job, file[600];
	int id;

	id = submit(p, &opts);
	assert_int_equal(kio_printer_track(p, id, 15, NULL, NULL, NULL, &fin), KIO_OK);
	job = last_ipp_job();
	assert_contains(job, "IPP_MEDIA=iso_a4_210x297mm");
	assert_contains(job, "IPP_PRINT_SCALING=none");
	snprintf(file, sizeof file, "%.*s", (int)strcspn(job + 5, "\t"), job + 5);
	assert_same_bytes(file);
	free(job);
	kio_printer_close(p);
}

static bool listed(const kio_printer_list_t *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->name[i], name))
			return true;
	return false;
}

/* What the technician's choices come from: the cupsd's queues (also when
 * the configured queue is gone, which is when they are needed), nothing for
 * a printer URI, and the media types an IPP printer takes. */
static void test_choices(void **state)
{
	kio_print_opts_t opts;
	kio_printer_list_t l;
	kio_printer_caps_t caps;
	kio_printer_t *p = open_printer("NO-SUCH-QUEUE", &opts, 1);

	assert_int_equal(kio_printer_queues(p, &l), KIO_OK);
	assert_true(listed(&l, "ADM-HVS"));
	assert_true(listed(&l, "ADM-IPP"));
	assert_false(listed(&l, "NO-SUCH-QUEUE"));
	kio_printer_close(p);

	p = open_printer(R->ipp_uri, &opts, 1);
	assert_int_equal(kio_printer_queues(p, &l), KIO_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(kio_printer_capabilities(p, &opts, &caps), KIO_OK);
	assert_true(caps.media_types.n > 0);
	assert_true(listed(&caps.media_types, "stationery"));
	kio_printer_close(p);

	/* A raw queue does not know its printer's media types. */
	p = open_printer("ADM-HVS", &opts, 1);
	assert_int_equal(kio_printer_capabilities(p, &opts, &caps), KIO_OK);
	assert_int_equal(caps.media_types.n, 0);
	kio_printer_close(p);
}

static void test_paper_out_before_submit(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer(R->ipp_uri, &opts, 1);
	kio_printer_status_t st;

	rig_cmd("paper", "0");
	assert_int_equal(kio_printer_precheck(p, &opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(st.condition, KIO_PRINTER_PAPER_OUT);
	kio_printer_close(p);
}

/* Tray empties under a job (direct IPP): the job blocks in processing, the
 * kiosk reports paper out and cancels it. */
static void test_paper_out_during_job_ipp(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer(R->ipp_uri, &opts, 1);
	kio_job_status_t fin;
	int id;

	assert_int_equal(kio_printer_precheck(p, &opts, NULL), KIO_OK);
	rig_cmd("paper", "0");
	id = submit(p, &opts);
	assert_int_equal(kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin), KIO_ERR_PRINTER);
	assert_int_equal(fin.condition, KIO_PRINTER_PAPER_OUT);
	assert_int_not_equal(fin.state, KIO_JOB_COMPLETED);
	/* cancelled, so refilling the tray does not print it for nobody */
	rig_cmd("paper", "250");
	assert_int_equal(wait_end(p, id, 5.0), KIO_JOB_CANCELED);
	kio_printer_close(p);
}

/* Paper runs out at the cupsd queue's backend while the job prints. */
static void test_paper_out_during_job_queue(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-HVS", &opts, 1);
	kio_job_status_t fin;
	int id;

	assert_int_equal(kio_printer_precheck(p, &opts, NULL), KIO_OK);
	rig_cmd("fault", "paper-out");
	id = submit(p, &opts);
	assert_int_equal(kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin), KIO_ERR_PRINTER);
	assert_int_equal(fin.condition, KIO_PRINTER_PAPER_OUT);
	assert_int_equal(wait_end(p, id, 5.0), KIO_JOB_CANCELED);
	kio_printer_close(p);
}

static void test_jam(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-HVS", &opts, 1);
	kio_printer_status_t st;
	kio_job_status_t fin;
	int id;

	rig_cmd("fault", "jam");
	id = submit(p, &opts);
	assert_int_equal(kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin), KIO_ERR_PRINTER);
	assert_int_equal(fin.condition, KIO_PRINTER_JAM);
	assert_int_not_equal(fin.state, KIO_JOB_COMPLETED);
	/* the jam is still there for the next citizen's precheck */
	assert_int_equal(kio_printer_precheck(p, &opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(st.condition, KIO_PRINTER_JAM);
	/* cleared, the stale media-jam-error stays (cupsd keeps backend reasons)
	 * until the technician's reset removes it; then the next job prints */
	rig_cmd("fault", "ok");
	assert_int_equal(kio_printer_precheck(p, &opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(kio_printer_reset(p), KIO_OK);
	assert_int_equal(kio_printer_precheck(p, &opts, &st), KIO_OK);
	id = submit(p, &opts);
	assert_int_equal(kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin), KIO_OK);
	kio_printer_close(p);
}

static void test_stopped_queue(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-HVS", &opts, 1);
	kio_printer_status_t st;
	kio_job_status_t fin;
	int id;

	assert_int_equal(RUN("cupsdisable", "-h", R->cups_server, "ADM-HVS"), 0);
	assert_int_equal(kio_printer_precheck(p, &opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(st.condition, KIO_PRINTER_STOPPED);
	id = submit(p, &opts); /* cupsd queues it; the tracker must not wait */
	assert_int_equal(kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin), KIO_ERR_PRINTER);
	assert_int_equal(fin.condition, KIO_PRINTER_STOPPED);
	/* the technician's command brings it back */
	assert_int_equal(RUN(R->ctl, "printer", "reset", "--server", R->cups_server, "ADM-HVS"), 0);
	assert_int_equal(kio_printer_precheck(p, &opts, &st), KIO_OK);
	kio_printer_close(p);
}

static void test_rejecting_queue(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-HVS", &opts, 1);
	kio_printer_status_t st;
	int id;

	assert_int_equal(RUN("cupsreject", "-h", R->cups_server, "ADM-HVS"), 0);
	assert_int_equal(kio_printer_precheck(p, &opts, &st), KIO_ERR_PRINTER);
	assert_int_equal(st.condition, KIO_PRINTER_NOT_ACCEPTING);
	assert_int_equal(kio_printer_submit(p, &opts, R->doc, R->doc_len, &id), KIO_ERR_PRINTER);
	kio_printer_close(p);
}

static void test_stall_times_out(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-HVS", &opts, 1);
	kio_job_status_t fin;
	double t0;
	int id;

	rig_cmd("fault", "stall");
	id = submit(p, &opts);
	t0 = now_s();
	assert_int_equal(kio_printer_track(p, id, 2, NULL, NULL, NULL, &fin), KIO_ERR_TIMEOUT);
	assert_true(now_s() - t0 < 4.0);
	assert_int_equal(wait_end(p, id, 5.0), KIO_JOB_CANCELED);
	kio_printer_close(p);
}

static void test_recovered_prints(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-HVS", &opts, 1);
	kio_job_status_t fin;
	kio_printer_status_t st;
	int id;

	assert_int_equal(kio_printer_precheck(p, &opts, &st), KIO_OK);
	assert_int_equal(st.condition, KIO_PRINTER_READY);
	id = submit(p, &opts);
	assert_int_equal(kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin), KIO_OK);
	kio_printer_close(p);
}

static void test_testpage_and_ctl(void **state)
{
	char pdf[600], png[600], out[600], *text;
	char url[KIO_TESTPAGE_URL_MAX];
	kio_testpage_info_t info = {
	    "ADM-TEST-01", "rig", "today", KIO_VERSION, "https://adm.example.go.id/verify", NULL};

	assert_int_equal(kio_testpage_url(&info, url, sizeof url), KIO_OK);
	assert_string_equal(url, "https://adm.example.go.id/verify/");
	snprintf(pdf, sizeof pdf, "%s/testpage.pdf", R->dir);
	{
		FILE *f = fopen(pdf, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(R->doc, 1, R->doc_len, f), R->doc_len);
		fclose(f);
	}
	assert_int_equal(RUN("qpdf", "--check", pdf), 0);
	snprintf(out, sizeof out, "%s/pdfinfo.txt", R->dir);
	assert_int_equal(run_to(out, (char *const[]){"pdfinfo", pdf, NULL}), 0);
	text = read_file(out, NULL);
	assert_contains(text, "595 x 842 pts");
	free(text);
	snprintf(png, sizeof png, "%s/testpage", R->dir);
	assert_int_equal(RUN("pdftoppm", "-r", "150", "-png", "-singlefile", pdf, png), 0);
	snprintf(png, sizeof png, "%s/testpage.png", R->dir);
	snprintf(out, sizeof out, "%s/zbar.txt", R->dir);
	assert_int_equal(run_to(out, (char *const[]){"zbarimg", "-q", "--raw", png, NULL}), 0);
	text = read_file(out, NULL);
	assert_contains(text, "https://adm.example.go.id/verify/");
	free(text);

	/* The technician's commands against the same rig. */
	snprintf(out, sizeof out, "%s/ctl.txt", R->dir);
	assert_int_equal(run_to(out, (char *const[]){R->ctl, "printer", "status", "--server",
	                                             R->cups_server, "ADM-HVS", NULL}),
	                 0);
	text = read_file(out, NULL);
	assert_contains(text, "condition: ready");
	free(text);
	assert_int_equal(run_to(out, (char *const[]){R->ctl, "printer", "list", "--server",
	                                             R->cups_server, NULL}),
	                 0);
	text = read_file(out, NULL);
	assert_contains(text, "ADM-HVS");
	assert_contains(text, "ADM-IPP");
	free(text);
	snprintf(pdf, sizeof pdf, "%s/ctl-testpage.pdf", R->dir);
	assert_int_equal(RUN(R->ctl, "printer", "test-page", "--out", pdf), 0);
	assert_int_equal(RUN("qpdf", "--check", pdf), 0);
	assert_int_equal(RUN(R->ctl, "printer", "test-page", "--server", R->cups_server, "ADM-HVS"),
	                 0);
	{
		char uri[300];
		snprintf(uri, sizeof uri, "kiofault:%s", R->dir);
		assert_int_equal(
		    RUN(R->ctl, "printer", "setup", "--server", R->cups_server, "ADM-NEW", uri), 0);
	}
	assert_int_equal(run_to(out, (char *const[]){R->ctl, "printer", "status", "--server",
	                                             R->cups_server, "ADM-NEW", NULL}),
	                 0);
	text = read_file(out, NULL);
	assert_contains(text, "accepting: yes");
	free(text);
}

/* Get-Printer-Attributes requests cupsd has answered so far (access_log). */
static int attribute_requests(void)
{
	char path[600];
	snprintf(path, sizeof path, "%s/log/access_log", R->dir);
	char *log = read_file(path, NULL);
	int n = 0;
	for (const char *p = log; p && (p = strstr(p, "Get-Printer-Attributes")); p++)
		n++;
	free(log);
	return n;
}

/* Requests logged since N0: cupsd writes a request's line after its answer,
 * so wait (bounded) for WANT of them, then a little for any more. */
static int requests_since(int n0, int want)
{
	double t0 = now_s();
	while (attribute_requests() - n0 < want && now_s() - t0 < 3.0)
		usleep(20000);
	usleep(200000);
	return attribute_requests() - n0;
}

/* The precheck on every print: the queue's capabilities (cupsCopyDestInfo,
 * a Get-Printer-Attributes of everything) are asked again only when cupsd
 * says the queue's configuration changed; its status every time. */
static void test_precheck_keeps_caps(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-HVS", &opts, 1);

	assert_int_equal(kio_printer_precheck(p, &opts, NULL), KIO_OK);
	int n0 = attribute_requests();
	assert_int_equal(requests_since(n0, 0), 0); /* all logged */
	n0 = attribute_requests();
	assert_int_equal(kio_printer_precheck(p, &opts, NULL), KIO_OK);
	assert_int_equal(requests_since(n0, 1), 1); /* the status only */
	/* A technician changes the queue: printer-config-change-time moves
	 * (in seconds: wait for the next one so the change is seen). */
	sleep(1);
	assert_int_equal(RUN("lpadmin", "-h", R->cups_server, "-p", "ADM-HVS", "-D", "changed"), 0);
	int n1 = attribute_requests();
	assert_int_equal(kio_printer_precheck(p, &opts, NULL), KIO_OK);
	assert_int_equal(requests_since(n1, 2), 2); /* status, then capabilities */
	assert_int_equal(kio_printer_precheck(p, &opts, NULL), KIO_OK);
	assert_int_equal(requests_since(n1, 3), 3);
	kio_printer_close(p);
}

/* Last: cupsd dies under a job. The driver must answer within its bounds. */
static void test_cupsd_killed_mid_job(void **state)
{
	kio_print_opts_t opts;
	kio_printer_t *p = open_printer("ADM-HVS", &opts, 1);
	kio_printer_status_t st;
	kio_job_status_t fin;
	kio_err_t err;
	double t0;
	int id;

	rig_cmd("fault", "slow 20");
	id = submit(p, &opts);
	rig_cmd("cupsd-kill", NULL);
	t0 = now_s();
	err = kio_printer_track(p, id, 30, NULL, NULL, NULL, &fin);
	assert_int_equal(err, KIO_ERR_PRINTER_UNAVAILABLE);
	assert_true(now_s() - t0 < 10.0);
	t0 = now_s();
	assert_int_equal(kio_printer_status(p, &st), KIO_ERR_PRINTER_UNAVAILABLE);
	assert_true(now_s() - t0 < 6.0);
	kio_printer_close(p);
	/* and it comes back: the handle reconnects by itself */
	rig_cmd("cupsd-start", NULL);
	rig_cmd("fault", "ok");
	p = open_printer("ADM-HVS", &opts, 1);
	assert_int_equal(kio_printer_status(p, &st), KIO_OK);
	kio_printer_close(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_direct_ipp_byte_identical, recover),
	    cmocka_unit_test_setup(test_queue_raw_byte_identical, recover),
	    cmocka_unit_test_setup(test_queue_to_ipp_byte_identical, recover),
	    cmocka_unit_test_setup(test_choices, recover),
	    cmocka_unit_test_setup(test_paper_out_before_submit, recover),
	    cmocka_unit_test_setup(test_paper_out_during_job_ipp, recover),
	    cmocka_unit_test_setup(test_paper_out_during_job_queue, recover),
	    cmocka_unit_test_setup(test_jam, recover),
	    cmocka_unit_test_setup(test_stopped_queue, recover),
	    cmocka_unit_test_setup(test_rejecting_queue, recover),
	    cmocka_unit_test_setup(test_stall_times_out, recover),
	    cmocka_unit_test_setup(test_recovered_prints, recover),
	    cmocka_unit_test_setup(test_testpage_and_ctl, recover),
	    cmocka_unit_test_setup(test_precheck_keeps_caps, recover),
	    cmocka_unit_test_setup(test_cupsd_killed_mid_job, recover),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
