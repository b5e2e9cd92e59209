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
#include <cups/cups.h>
#include <errno.h>
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
	        "       adm-kioskctl printer test-page [--out FILE.pdf] [QUEUE] [--server H:P]\n");
}

static void print_diag(void *ctx, const char *line)
{
	fprintf(stderr, "%s\n", line);
}

/* Parse options after the subcommand; returns 0 or an exit status. */
static int parse(int argc, char **argv, opts_t *o)
{
	const char *config = NULL, *server = NULL;

	memset(o, 0, sizeof *o);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if ((!strcmp(a, "--config") || !strcmp(a, "--server") || !strcmp(a, "--out")) &&
		    i + 1 >= argc) {
			fprintf(stderr, "adm-kioskctl printer: %s needs a value\n", a);
			return 2;
		}
		if (!strcmp(a, "--config"))
			config = argv[++i];
		else if (!strcmp(a, "--server"))
			server = argv[++i];
		else if (!strcmp(a, "--out"))
			o->out = argv[++i];
		else if (!strcmp(a, "--raw"))
			o->raw = true;
		else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "adm-kioskctl printer: unknown option %s\n", a);
			return 2;
		} else if (o->nargs < 2) {
			o->args[o->nargs++] = a;
		} else {
			fprintf(stderr, "adm-kioskctl printer: too many arguments\n");
			return 2;
		}
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

static http_t *connect_server(const opts_t *o)
{
	char host[256];
	const char *s = server_of(o), *colon;
	int port = ippPort();
	http_t *http;

	if (!s[0]) {
		s = cupsServer();
		port = ippPort();
	}
	colon = s[0] == '/' ? NULL : strrchr(s, ':');
	if (colon && !strchr(colon, ']'))
		port = (int)strtol(colon + 1, NULL, 10);
	else
		colon = NULL;
	snprintf(host, sizeof host, "%.*s", colon ? (int)(colon - s) : (int)strlen(s), s);
	http =
	    httpConnect2(host, port, NULL, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 5000, NULL);
	if (!http)
		fprintf(stderr, "adm-kioskctl printer: cannot reach cupsd at %s: %s\n", s,
		        cupsLastErrorString());
	else
		httpSetTimeout(http, 5.0, NULL, NULL);
	return http;
}

static int cmd_list(opts_t *o)
{
	cups_dest_t *dests = NULL;
	http_t *http = connect_server(o);
	int n, rc = 0;

	if (!http)
		return 1;
	n = cupsGetDests2(http, &dests);
	if (n == 0 && cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		fprintf(stderr, "adm-kioskctl printer list: %s\n", cupsLastErrorString());
		rc = 1;
		goto out;
	}
	printf("%-20s %-10s %-9s %-14s %s\n", "QUEUE", "STATE", "ACCEPTING", "CONDITION",
	       "REASONS");
	for (int i = 0; i < n; i++) {
		const cups_dest_t *d = &dests[i];
		const char *state = cupsGetOption("printer-state", d->num_options, d->options);
		const char *reasons =
		    cupsGetOption("printer-state-reasons", d->num_options, d->options);
		const char *acc =
		    cupsGetOption("printer-is-accepting-jobs", d->num_options, d->options);
		const char *uri = cupsGetOption("device-uri", d->num_options, d->options);
		kio_printer_state_t ps = !state                ? KIO_PSTATE_UNKNOWN
		                         : !strcmp(state, "3") ? KIO_PSTATE_IDLE
		                         : !strcmp(state, "4") ? KIO_PSTATE_PROCESSING
		                         : !strcmp(state, "5") ? KIO_PSTATE_STOPPED
		                                               : KIO_PSTATE_UNKNOWN;
		bool accepting = !acc || !strcmp(acc, "true") || !strcmp(acc, "1");
		kio_printer_condition_t c = kio_printer_condition_of(ps, accepting, reasons);
		printf("%-20s %-10s %-9s %-14s %s%s%s\n", d->name, kio_printer_state_name(ps),
		       accepting ? "yes" : "no", kio_printer_condition_name(c),
		       reasons ? reasons : "none", uri ? "  " : "", uri ? uri : "");
	}
	if (!n)
		printf("(no queues)\n");
out:
	cupsFreeDests(n, dests);
	httpClose(http);
	return rc;
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
	info = (kio_testpage_info_t){o->cfg.kiosk_id, o->cfg.printer_queue, date, KIO_VERSION,
	                             o->cfg.verify_url};
	err = kio_testpage_render(&info, &pdf, &len);
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
	opts_t *o;
	int rc;

	if (argc < 2) {
		usage();
		return 2;
	}
	/* kio_config_t is large; keep it off the stack. */
	o = calloc(1, sizeof *o);
	if (!o)
		return 1;
	rc = parse(argc, argv, o);
	if (rc)
		goto out;
	if (!strcmp(argv[1], "list"))
		rc = cmd_list(o);
	else if (!strcmp(argv[1], "status"))
		rc = cmd_status(o);
	else if (!strcmp(argv[1], "setup"))
		rc = cmd_setup(o);
	else if (!strcmp(argv[1], "reset"))
		rc = cmd_reset(o);
	else if (!strcmp(argv[1], "test-page")) {
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
