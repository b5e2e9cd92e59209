/*
 * printer.c — `adm-kioskctl printer ...`: the technician's printer commands.
 *
 *   printer list                       queues with state, reasons, condition
 *   printer status [QUEUE]             one queue in detail (exit 1 unless ready)
 *   printer setup [--raw] QUEUE URI    create/update the kiosk queue
 *   printer test-page [--out F] [QUEUE]  print the test page, or write it to F
 *   printer reset [QUEUE]              after a repair: resume, accept, clear
 *                                      fault reasons a backend left behind
 * Common options: --config FILE (kiosk.conf), --server HOST:PORT (overrides
 * the config's cups_server; default: libcups' own default server).
 *
 * Queues are reached only through the printer driver's ops (drivers/
 * printer), the same client the kiosk uses; cupsd's own settings through
 * app/print/retention and the lpadmin/cupsctl spawns. This file includes no
 * CUPS header.
 *
 * setup also makes cupsd keep nothing of a citizen's document (cupsctl
 * PreserveJobFiles=No, a short PreserveJobHistory: app/print/retention.h);
 * status says plainly when cupsd would keep documents.
 *
 * setup runs lpadmin/cupsenable/cupsaccept (posix_spawn, no shell) rather
 * than sending CUPS-Add-Modify-Printer itself: `lpadmin -m everywhere` builds
 * the IPP Everywhere PPD from the printer's attributes, which libcups does
 * only through private API, and the commands are what a technician already
 * knows from the CUPS documentation and can repeat by hand.
 */
#include <cairo.h>
#include <errno.h>
#include <getopt.h>
#include <fontconfig/fontconfig.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/strings.h"
#include "sys/config-file.h"
#include "sys/file.h"
#include "sys/strings-file.h"
#include "ctl/ctl.h"
#include "print/retention.h"
#include "print/testpage.h"
#include "printer/printer.h"

extern char **environ;

typedef struct opts {
	kio_config_t cfg;
	const char *out; /* test-page --out */
	bool raw;        /* setup --raw */
	const char *args[2];
	int nargs;
} opts_t;

static void usage(void)
{
	fprintf(stderr,
	        "usage: adm-kioskctl printer list [--server H:P] [--config F]\n"
	        "       adm-kioskctl printer status [QUEUE] [--server H:P] [--config F]\n"
	        "       adm-kioskctl printer setup [--raw] QUEUE DEVICE-URI [--server H:P]\n"
	        "       adm-kioskctl printer test-page [--out FILE.pdf] [QUEUE] [--server H:P]\n"
	        "       adm-kioskctl printer paper [--set SHEETS] (--config F | --db F)\n");
}

static void print_diag(void *ctx, const char *line)
{
	fprintf(stderr, "%s\n", line);
}

/* Parse the options and arguments after "printer"; O->args gets what
 * follows the action (ACTION). Returns 0 or an exit status. */
static int parse(int argc, char **argv, opts_t *o, const char **action)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"server", required_argument, NULL, 's'},
	    {"out", required_argument, NULL, 'o'},
	    {"raw", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	const char *config = NULL, *server = NULL;
	int c;

	memset(o, 0, sizeof *o);
	optind = 0;
	while ((c = getopt_long(argc, argv, ":c:s:o:r", opts, NULL)) != -1) {
		if (c == 'c')
			config = optarg;
		else if (c == 's')
			server = optarg;
		else if (c == 'o')
			o->out = optarg;
		else if (c == 'r')
			o->raw = true;
		else
			return ctl_bad_option("printer", c, argv);
	}
	if (optind >= argc) {
		usage();
		return 2;
	}
	*action = argv[optind++];
	for (; optind < argc; optind++) {
		if (o->nargs == 2) {
			fprintf(stderr, "adm-kioskctl printer: too many arguments\n");
			return 2;
		}
		o->args[o->nargs++] = argv[optind];
	}
	kio_config_defaults(&o->cfg);
	if (config && kio_config_load(&o->cfg, config, print_diag, NULL) != KIO_OK)
		return 1;
	if (server)
		snprintf(o->cfg.cups_server, sizeof o->cfg.cups_server, "%s", server);
	return 0;
}

/* The server as lpstat/lpadmin take it after -h ("" = their default). */
static const char *server_of(const opts_t *o)
{
	return o->cfg.cups_server;
}

static int open_queue(opts_t *o, const char *queue, kio_printer_t **p)
{
	kio_err_t err;

	if (queue)
		snprintf(o->cfg.printer_queue, sizeof o->cfg.printer_queue, "%s", queue);
	if (!o->cfg.kiosk_id[0])
		snprintf(o->cfg.kiosk_id, sizeof o->cfg.kiosk_id, "adm-kioskctl");
	err = kio_printer_open("cups", &o->cfg, p);
	if (err) {
		fprintf(stderr, "adm-kioskctl printer: cannot open %s: %s\n", o->cfg.printer_queue,
		        kio_err_name(err));
		return 1;
	}
	return 0;
}

static int cmd_list(opts_t *o)
{
	kio_printer_t *p = NULL;
	kio_printer_queues_t l;
	kio_err_t err;

	if (open_queue(o, NULL, &p))
		return 1;
	err = kio_printer_list_queues(p, &l);
	kio_printer_close(p);
	if (err) {
		fprintf(stderr, "adm-kioskctl printer list: %s\n", kio_err_name(err));
		return 1;
	}
	printf("%-20s %-10s %-9s %-14s %s\n", "QUEUE", "STATE", "ACCEPTING", "CONDITION",
	       "REASONS");
	for (int i = 0; i < l.n; i++) {
		const kio_printer_queue_t *q = &l.q[i];
		printf("%-20s %-10s %-9s %-14s %s%s%s\n", q->name, kio_printer_state_name(q->state),
		       q->accepting ? "yes" : "no", kio_printer_condition_name(q->condition),
		       q->reasons[0] ? q->reasons : "none", q->device_uri[0] ? "  " : "",
		       q->device_uri);
	}
	if (!l.n)
		printf("(no queues)\n");
	return 0;
}

/* "documents: ..." — what cupsd keeps of a printed document, in the
 * config's language (assets/strings tech.cups.*). True when it keeps
 * nothing past the kiosk's policy. */
static bool print_retention(const opts_t *o)
{
	kio_strings_t *str = NULL;
	kio_retention_t r;
	char line[600];
	/* A source tree's assets win over the installed ones, as in adm-kiosk. */
	const char *dir =
	    access("assets/strings", R_OK) == 0 ? "assets/strings" : KIO_ASSETS_DIR "/strings";
	kio_err_t err = kio_retention_check(server_of(o), &r);

	if (kio_strings_load(dir, o->cfg.language[0] ? o->cfg.language : "id", &str) != KIO_OK)
		str = NULL; /* the keys themselves are printed: still says which case */
	kio_retention_describe(str, err, &r, line, sizeof line);
	printf("documents: %s\n", line);
	kio_strings_free(str);
	return !err && kio_retention_is_private(&r);
}

static int cmd_status(opts_t *o)
{
	kio_printer_t *p = NULL;
	kio_printer_status_t st;
	kio_err_t err;

	if (open_queue(o, o->args[0], &p))
		return 1;
	err = kio_printer_status(p, &st);
	kio_printer_close(p);
	if (err) {
		fprintf(stderr, "adm-kioskctl printer status %s: %s\n", o->cfg.printer_queue,
		        kio_err_name(err));
		return 1;
	}
	printf("queue: %s\n", o->cfg.printer_queue);
	printf("state: %s\n", kio_printer_state_name(st.state));
	printf("accepting: %s\n", st.accepting ? "yes" : "no");
	printf("reasons: %s\n", st.reasons[0] ? st.reasons : "none");
	printf("condition: %s\n", kio_printer_condition_name(st.condition));
	printf("message: %s\n", st.message);
	printf("media-ready: %s\n", st.media_ready[0] ? st.media_ready : "(unknown)");
	if (st.pages_total >= 0)
		printf("pages-total: %d\n", st.pages_total);
	for (int i = 0; i < st.nmarkers; i++) {
		if (st.markers[i].level >= 0)
			printf("marker: %s %d%%\n", st.markers[i].name, st.markers[i].level);
		else
			printf("marker: %s unknown\n", st.markers[i].name);
	}
	print_retention(o);
	return kio_printer_condition_is_fault(st.condition) ? 1 : 0;
}

static int cmd_reset(opts_t *o)
{
	kio_printer_t *p = NULL;
	kio_err_t err;

	if (open_queue(o, o->args[0], &p))
		return 1;
	err = kio_printer_reset(p);
	kio_printer_close(p);
	if (err) {
		fprintf(stderr, "adm-kioskctl printer reset %s: %s (admin rights needed)\n",
		        o->cfg.printer_queue, kio_err_name(err));
		return 1;
	}
	printf("queue %s: resumed, accepting, fault reasons cleared\n", o->cfg.printer_queue);
	return 0;
}

/* Run a CUPS admin tool with "-h SERVER" when one is set; exit status. */
static int run_tool(const opts_t *o, const char *tool, const char *const *args)
{
	const char *argv[24];
	int n = 0, status = -1;
	pid_t pid;

	argv[n++] = tool;
	if (server_of(o)[0]) {
		argv[n++] = "-h";
		argv[n++] = server_of(o);
	}
	for (int i = 0; args[i] && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	/* posix_spawnp takes char *const[]; the strings are not modified. */
	if (posix_spawnp(&pid, tool, NULL, NULL, (char *const *)argv, environ)) {
		fprintf(stderr, "adm-kioskctl printer: cannot run %s\n", tool);
		return -1;
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* cupsd keeps no document and forgets jobs soon (retention.h). cupsctl
 * rewrites cupsd.conf and cupsd reloads: wait until it reports the new
 * values, bounded. */
static int setup_retention(const opts_t *o)
{
	char history[48];
	kio_retention_t r;

	snprintf(history, sizeof history, "PreserveJobHistory=%d", KIO_RETENTION_HISTORY_S);
	const char *args[] = {"PreserveJobFiles=No", history, NULL};
	if (run_tool(o, "cupsctl", args) != 0) {
		fprintf(stderr,
		        "adm-kioskctl printer setup: cupsctl failed (admin rights needed)\n");
		return 1;
	}
	/* cupsd serves the new file at once but reloads a moment later (not
	 * listening meanwhile): after the first good answer, give it a second
	 * and wait for it again, so the next command finds it up. */
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 50; i++) {
			if (kio_retention_check(server_of(o), &r) == KIO_OK &&
			    kio_retention_is_private(&r))
				break;
			usleep(200 * 1000);
		}
		if (round == 0)
			sleep(1);
	}
	return print_retention(o) ? 0 : 1;
}

static int cmd_setup(opts_t *o)
{
	const char *queue = o->args[0], *uri = o->args[1];
	char media[96];
	bool ipp;

	if (o->nargs != 2) {
		usage();
		return 2;
	}
	snprintf(media, sizeof media, "media=%s", o->cfg.media);
	ipp = !strncmp(uri, "ipp://", 6) || !strncmp(uri, "ipps://", 7);
	if (ipp && !o->raw) {
		const char *args[] = {"-p", queue,        "-v", uri,
		                      "-m", "everywhere", "-o", "printer-error-policy=abort-job",
		                      "-o", media,        "-o", "PageSize=A4",
		                      NULL};
		if (run_tool(o, "lpadmin", args) == 0) {
			printf("queue %s: IPP Everywhere -> %s\n", queue, uri);
			goto enable;
		}
		fprintf(stderr, "adm-kioskctl printer setup: IPP Everywhere failed, using raw\n");
	}
	{
		/* Raw: the PDF reaches the printer byte for byte (no pdftopdf). */
		const char *args[] = {"-p", queue, "-v",
		                      uri,  "-o",  "printer-error-policy=abort-job",
		                      "-o", media, NULL};
		if (run_tool(o, "lpadmin", args) != 0) {
			fprintf(stderr, "adm-kioskctl printer setup: lpadmin failed\n");
			return 1;
		}
		printf("queue %s: raw -> %s\n", queue, uri);
	}
enable : {
	const char *args[] = {queue, NULL};
	if (run_tool(o, "cupsenable", args) != 0 || run_tool(o, "cupsaccept", args) != 0) {
		fprintf(stderr, "adm-kioskctl printer setup: cannot enable %s\n", queue);
		return 1;
	}
}
	printf("queue %s: enabled, accepting, error policy abort-job, %s\n", queue, media);
	return setup_retention(o);
}

static int cmd_test_page(opts_t *o)
{
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	unsigned char *pdf = NULL;
	size_t len = 0;
	kio_testpage_info_t info;
	kio_printer_t *p = NULL;
	kio_print_opts_t popts;
	kio_printer_status_t st;
	kio_job_status_t fin;
	kio_err_t err;
	int rc = 1, id;

	if (o->args[0])
		snprintf(o->cfg.printer_queue, sizeof o->cfg.printer_queue, "%s", o->args[0]);
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S %Z", &tm);
	info = (kio_testpage_info_t){o->cfg.kiosk_id, o->cfg.printer_queue, date,
	                             KIO_VERSION,     o->cfg.verify_url,    NULL};
	kio_strings_t *str = NULL;
	/* A source tree's assets win over the installed ones, as in adm-kiosk. */
	const char *dir =
	    access("assets/strings", R_OK) == 0 ? "assets/strings" : KIO_ASSETS_DIR "/strings";
	if (kio_strings_load(dir, o->cfg.language[0] ? o->cfg.language : "id", &str) != KIO_OK)
		str = NULL;
	info.str = str;
	err = kio_testpage_render(&info, &pdf, &len);
	kio_strings_free(str);
	if (err) {
		fprintf(stderr, "adm-kioskctl printer test-page: render: %s\n", kio_err_name(err));
		return 1;
	}
	if (o->out) {
		err = kio_file_write_atomic(o->out, pdf, len, 0644);
		if (err)
			fprintf(stderr, "adm-kioskctl printer test-page: %s: %s\n", o->out,
			        kio_err_name(err));
		else
			printf("wrote %s (%zu bytes)\n", o->out, len);
		rc = err ? 1 : 0;
		goto out;
	}
	if (open_queue(o, NULL, &p))
		goto out;
	kio_print_opts_init(&popts, &o->cfg, "TEST-PAGE");
	err = kio_printer_precheck(p, &popts, &st);
	if (err) {
		fprintf(stderr, "adm-kioskctl printer test-page: printer not ready: %s (%s) %s\n",
		        kio_err_name(err), kio_printer_condition_name(st.condition), st.message);
		goto out;
	}
	err = kio_printer_submit(p, &popts, pdf, len, &id);
	if (err) {
		fprintf(stderr, "adm-kioskctl printer test-page: submit: %s\n", kio_err_name(err));
		goto out;
	}
	printf("job %d submitted to %s\n", id, o->cfg.printer_queue);
	err = kio_printer_track(p, id, o->cfg.job_timeout_s, NULL, NULL, NULL, &fin);
	if (err) {
		fprintf(stderr, "adm-kioskctl printer test-page: job %d: %s (%s) %s\n", id,
		        kio_err_name(err), kio_printer_condition_name(fin.condition), fin.reason);
		goto out;
	}
	printf("job %d completed\n", id);
	rc = 0;
out:
	kio_printer_close(p);
	free(pdf);
	return rc;
}

int ctl_printer_main(int argc, char **argv)
{
	const char *action = NULL;
	opts_t *o;
	int rc;

	/* The sheet count lives in the print log, not in cupsd. */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "paper"))
			return ctl_paper_main(argc, argv);
	/* kio_config_t is large; keep it off the stack. */
	o = calloc(1, sizeof *o);
	if (!o)
		return 1;
	rc = parse(argc, argv, o, &action);
	if (rc)
		goto out;
	if (!strcmp(action, "list"))
		rc = cmd_list(o);
	else if (!strcmp(action, "status"))
		rc = cmd_status(o);
	else if (!strcmp(action, "setup"))
		rc = cmd_setup(o);
	else if (!strcmp(action, "reset"))
		rc = cmd_reset(o);
	else if (!strcmp(action, "test-page")) {
		rc = cmd_test_page(o);
		/* Give back cairo's and fontconfig's process-wide caches so leak
		 * checkers see a clean exit; nothing draws after this. */
		cairo_debug_reset_static_data();
		FcFini();
	} else {
		usage();
		rc = 2;
	}
out:
	free(o);
	return rc;
}
