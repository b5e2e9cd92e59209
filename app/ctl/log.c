/*
 * log.c — `adm-kioskctl log`: the officers' view of the print log.
 *
 *   log show   [--since T] [--until T] [--type X]           one row per line
 *   log export --format csv|json [--since T] [--until T] [--type X] [--out F]
 *   log verify [--server]   hash chain, then the server's acknowledged head
 *                           (recorded, or asked afresh with --server)
 *   log stats  [--since T] [--until T]      prints and failures per day/reason
 *   log report --date YYYY-MM-DD --out F.pdf [--lang id|en]
 *                           the officer's daily report (log-report.c)
 *
 * Every action also takes --db FILE or --config FILE. The database is, in
 * order: --db FILE; data_dir/kiosk.db from --config FILE (the kiosk's own
 * loader, so a config the kiosk would refuse is refused here too);
 * ./build/run/data/kiosk.db (what `make run` writes) when neither is given. It is
 * opened read-only: an officer's query never changes the log and can run
 * while the kiosk is printing.
 *
 * T is "YYYY-MM-DD" (local day; --until includes that whole day), RFC 3339
 * ("2026-11-24T09:00:00+07:00"; --until is then exclusive) or epoch seconds.
 *
 * Export formats:
 *   csv   RFC 4180: a header row, CRLF line ends, a field quoted (with ""
 *         doubled) when it holds a comma, quote, CR or LF; pages/job_id are
 *         empty when there is none. A field starting with = + - @ TAB or CR
 *         is quoted and prefixed with ' so a spreadsheet shows it as text.
 *   json  JSON Lines (one object per line, oldest first), each object exactly
 *         an event of POST /api/v1/kiosk/events (null for absent values), so
 *         a batch can be replayed to the server and the file can be streamed
 *         and appended without holding 1M rows in memory.
 *
 * verify reports each failure distinctly (contract v1.1 "Print-log anchor"):
 *   TAMPERED at seq N (chain broken)    a row edited, deleted or reordered
 *   TAMPERED (rows missing)             the log lacks rows the server acknowledged
 *   TAMPERED (rewritten)                the acknowledged row has another hash
 *   TAMPERED (acknowledgement altered)  the record of the server's answer fails
 *                                       its MAC (data_dir/anchor.key)
 * --server needs --config (the server's address and TLS settings).
 *
 * Exit status: 0 ok; 1 failure (for verify: any of the above, or the server
 * cannot be asked); 2 usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "sys/config-file.h"
#include "ctl/ctl.h"
#include "net/client.h"
#include "store/store.h"

#define DEFAULT_DB "./build/run/data/kiosk.db"
#define OUT_BUF (1u << 20)

typedef enum { FMT_NONE, FMT_CSV, FMT_JSON } fmt_t;

typedef struct opts {
	const char *action;
	const char *db;
	const char *config;
	const char *out;
	fmt_t format;
	kio_event_filter_t filter;
	bool server;                     /* verify --server */
	const char *date;                /* report --date */
	const char *lang;                /* report --lang */
	char kiosk_id[64];               /* report: from --config */
	char db_path[KIO_CFG_PATH + 16]; /* the database opened (open_db fills) */
} opts_t;

typedef struct sink {
	FILE *f;
	int64_t rows;
	size_t n;        /* bytes of the current row in line */
	char line[8192]; /* one row; a longer one is written in pieces */
} sink_t;

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: adm-kioskctl log show [--since T] [--until T] [--type X] [DB]\n"
	        "       adm-kioskctl log export --format csv|json [--since T] [--until T]"
	        " [--type X] [--out FILE] [DB]\n"
	        "       adm-kioskctl log verify [--server] [DB]\n"
	        "       adm-kioskctl log stats [--since T] [--until T] [DB]\n"
	        "       adm-kioskctl log report --date YYYY-MM-DD --out F.pdf [--lang id|en] [DB]\n"
	        "  DB: --db FILE | --config FILE (data_dir/kiosk.db); default " DEFAULT_DB "\n"
	        "  T:  YYYY-MM-DD | RFC 3339 | epoch seconds\n");
}

static void print_diag(void *ctx, const char *line)
{
	fprintf(ctx, "%s\n", line);
}

/* --since/--until T into the filter; returns 0 or 2. */
static int take_time(opts_t *o, const char *name, const char *val, bool until)
{
	int64_t t;
	if (kio_store_parse_time(val, until, &t) != KIO_OK) {
		fprintf(stderr,
		        "adm-kioskctl log: %s '%s': want YYYY-MM-DD, RFC 3339 or epoch seconds\n",
		        name, val);
		return 2;
	}
	*(until ? &o->filter.until : &o->filter.since) = t;
	return 0;
}

/* One option into O; returns 0, -1 (help shown) or the usage exit status. */
static int take_option(opts_t *o, int c, const char *val, char **argv)
{
	switch (c) {
	case 'd':
		o->db = val;
		return 0;
	case 'c':
		o->config = val;
		return 0;
	case 'o':
		o->out = val;
		return 0;
	case 't':
		o->filter.type = val;
		return 0;
	case 'f':
		if (!strcmp(val, "csv") || !strcmp(val, "json")) {
			o->format = val[0] == 'c' ? FMT_CSV : FMT_JSON;
			return 0;
		}
		fprintf(stderr, "adm-kioskctl log: --format is csv or json\n");
		return 2;
	case 's':
		return take_time(o, "--since", val, false);
	case 'u':
		return take_time(o, "--until", val, true);
	case 'S':
		o->server = true;
		return 0;
	case 'D':
		o->date = val;
		return 0;
	case 'L':
		o->lang = val;
		return 0;
	case 'h':
		usage(stdout);
		return -1;
	default:
		(void)ctl_bad_option("log", c, argv);
		usage(stderr);
		return 2;
	}
}

/* Parse argv into O; returns 0, -1 (help shown) or the usage exit status. */
static int parse_args(int argc, char **argv, opts_t *o)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},     {"config", required_argument, NULL, 'c'},
	    {"out", required_argument, NULL, 'o'},    {"type", required_argument, NULL, 't'},
	    {"format", required_argument, NULL, 'f'}, {"since", required_argument, NULL, 's'},
	    {"until", required_argument, NULL, 'u'},  {"server", no_argument, NULL, 'S'},
	    {"date", required_argument, NULL, 'D'},   {"lang", required_argument, NULL, 'L'},
	    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1)
		if ((rc = take_option(o, c, optarg, argv)) != 0)
			return rc;
	if (argc - optind != 1) {
		usage(stderr);
		return 2;
	}
	o->action = argv[optind];
	return 0;
}

static int open_db(opts_t *o, kio_store_t **s)
{
	char path[KIO_CFG_PATH + 16];
	const char *file = o->db;
	kio_err_t err;

	if (!file && o->config) {
		kio_config_t cfg;

		err = kio_config_load(&cfg, o->config, print_diag, stderr);
		if (err == KIO_OK) {
			snprintf(path, sizeof path, "%s/%s", cfg.data_dir, KIO_STORE_FILE);
			snprintf(o->kiosk_id, sizeof o->kiosk_id, "%s", cfg.kiosk_id);
		}
		/* The config holds PIN hashes; do not leave them on the stack. */
		explicit_bzero(&cfg, sizeof cfg);
		if (err != KIO_OK) {
			fprintf(stderr, "adm-kioskctl log: %s: invalid config (%s)\n", o->config,
			        kio_err_name(err));
			return 1;
		}
		file = path;
	}
	if (!file)
		file = DEFAULT_DB;
	snprintf(o->db_path, sizeof o->db_path, "%s", file);
	err = kio_store_open_file(s, file, KIO_STORE_READONLY);
	if (err != KIO_OK) {
		fprintf(stderr, "adm-kioskctl log: cannot read %s (%s)\n", file, kio_err_name(err));
		return 1;
	}
	return 0;
}

/* ---- output formats ------------------------------------------------------------- */

/* Rows are built in the sink's line buffer and written with one fwrite:
 * per-field stdio calls cost more than the SQLite scan on a 1M-row export. */
static void put(sink_t *k, const char *s, size_t n)
{
	if (k->n + n > sizeof k->line) {
		fwrite(k->line, 1, k->n, k->f);
		k->n = 0;
		if (n > sizeof k->line) {
			fwrite(s, 1, n, k->f);
			return;
		}
	}
	memcpy(k->line + k->n, s, n);
	k->n += n;
}

#define PUT_LIT(k, lit) put((k), (lit), sizeof(lit) - 1)

static void put_int(sink_t *k, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%" PRId64, v);
	put(k, num, (size_t)n);
}

static void end_row(sink_t *k)
{
	fwrite(k->line, 1, k->n, k->f);
	k->n = 0;
	k->rows++;
}

static void csv_field(sink_t *k, const char *s)
{
	const char *q;
	/* A cell starting like a formula is run by spreadsheets (CSV
	 * injection): such a field is quoted and starts with ' instead. */
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);

	if (!formula && !strpbrk(s, ",\"\r\n")) {
		put(k, s, strlen(s));
		return;
	}
	PUT_LIT(k, "\"");
	if (formula)
		PUT_LIT(k, "'");
	while ((q = strchr(s, '"')) != NULL) {
		put(k, s, (size_t)(q - s) + 1);
		PUT_LIT(k, "\""); /* "" inside a quoted field */
		s = q + 1;
	}
	put(k, s, strlen(s));
	PUT_LIT(k, "\"");
}

static void csv_int(sink_t *k, int64_t v)
{
	if (v >= 0)
		put_int(k, v);
}

/* Length of the valid UTF-8 sequence at P, or 0. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* A JSON string, or null for an empty one (the contract's null). Bytes that
 * are not UTF-8 (a damaged row) become U+FFFD so the line stays valid. */
static json_t *json_text(const char *s)
{
	if (!*s)
		return json_null();
	json_t *v = json_string(s);
	if (v)
		return v;
	char fixed[3 * 512 + 1];
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && o + 4 < sizeof fixed;) {
		size_t n = utf8_len(p);
		if (!n) {
			memcpy(fixed + o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
			continue;
		}
		if (o + n + 1 > sizeof fixed)
			break;
		memcpy(fixed + o, p, n);
		o += n;
		p += n;
	}
	fixed[o] = '\0';
	return json_string(fixed);
}

static json_t *json_count(int64_t v)
{
	return v >= 0 ? json_integer((json_int_t)v) : json_null();
}

static int write_csv(void *ctx, const kio_event_t *ev)
{
	sink_t *k = ctx;
	const char *const text[] = {ev->id,          ev->at,   ev->type,      ev->document_id,
	                            ev->application, ev->kind, ev->nik_masked};

	put_int(k, ev->seq);
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
		PUT_LIT(k, ",");
		csv_field(k, text[i]);
	}
	PUT_LIT(k, ",");
	csv_int(k, ev->pages);
	PUT_LIT(k, ",");
	csv_int(k, ev->job_id);
	PUT_LIT(k, ",");
	csv_field(k, ev->reason);
	PUT_LIT(k, ",");
	csv_field(k, ev->prev_hash);
	PUT_LIT(k, ",");
	csv_field(k, ev->hash);
	PUT_LIT(k, "\r\n");
	end_row(k);
	return ferror(k->f); /* stop at the first write error (disk full, EPIPE) */
}

static int write_json(void *ctx, const kio_event_t *ev)
{
	sink_t *k = ctx;
	json_t *o = json_object();
	const struct {
		const char *key;
		json_t *value;
	} fields[] = {
	    {"id", json_text(ev->id)},
	    {"seq", json_integer((json_int_t)ev->seq)},
	    {"at", json_text(ev->at)},
	    {"type", json_text(ev->type)},
	    {"document_id", json_text(ev->document_id)},
	    {"application", json_text(ev->application)},
	    {"kind", json_text(ev->kind)},
	    {"nik_masked", json_text(ev->nik_masked)},
	    {"pages", json_count(ev->pages)},
	    {"job_id", json_count(ev->job_id)},
	    {"reason", json_text(ev->reason)},
	    {"prev_hash", json_text(ev->prev_hash)},
	    {"hash", json_text(ev->hash)},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (o)
			json_object_set_new(o, fields[i].key, fields[i].value);
		else
			json_decref(fields[i].value);
	}
	/* Into the row buffer when it fits (it always does for a real row):
	 * one fwrite per row, as for CSV. */
	if (k->n) {
		fwrite(k->line, 1, k->n, k->f);
		k->n = 0;
	}
	size_t n =
	    o ? json_dumpb(o, k->line, sizeof k->line - 1, JSON_COMPACT | JSON_PRESERVE_ORDER) : 0;
	if (n && n < sizeof k->line - 1) {
		k->line[n] = '\n';
		k->n = n + 1;
		end_row(k);
	} else if (o) {
		json_dumpf(o, k->f, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fputc('\n', k->f);
		k->rows++;
	}
	json_decref(o);
	return ferror(k->f);
}

static const char *dash(const char *s)
{
	return *s ? s : "-";
}

static int write_show(void *ctx, const kio_event_t *ev)
{
	sink_t *k = ctx;
	char pages[16] = "-", job[16] = "-";

	if (ev->pages >= 0)
		snprintf(pages, sizeof pages, "%d", ev->pages);
	if (ev->job_id >= 0)
		snprintf(job, sizeof job, "%d", ev->job_id);
	fprintf(k->f, "%8" PRId64 "  %-25s  %-20s  %-10s  %-16s  %-10s  %-16s  %5s  %5s  %s\n",
	        ev->seq, ev->at, ev->type, dash(ev->document_id), dash(ev->application),
	        dash(ev->kind), dash(ev->nik_masked), pages, job, dash(ev->reason));
	k->rows++;
	return ferror(k->f);
}

/* ---- actions ------------------------------------------------------------------------ */

static FILE *open_out(const char *path)
{
	int fd;
	FILE *f;

	if (!path || !strcmp(path, "-"))
		return stdout;
	/* 0600: the log holds masked NIKs and document ids. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f)
		close(fd);
	return f;
}

static int finish_out(FILE *f, const char *path)
{
	int bad = fflush(f) != 0 || ferror(f);
	int e = errno;

	if (f != stdout && fclose(f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		fprintf(stderr, "adm-kioskctl log: writing %s: %s\n", path ? path : "stdout",
		        strerror(e));
		return 1;
	}
	return 0;
}

static int do_rows(kio_store_t *s, const opts_t *o)
{
	sink_t k = {0};
	char *iobuf = NULL;
	kio_event_fn fn;
	kio_err_t err;
	int rc;

	if (!strcmp(o->action, "export")) {
		if (o->format == FMT_NONE) {
			fprintf(stderr, "adm-kioskctl log export: --format csv|json is required\n");
			return 2;
		}
		fn = o->format == FMT_CSV ? write_csv : write_json;
	} else {
		if (o->format != FMT_NONE || o->out) {
			fprintf(stderr, "adm-kioskctl log show: --format/--out are for export\n");
			return 2;
		}
		fn = write_show;
	}
	k.f = open_out(o->out);
	if (!k.f) {
		fprintf(stderr, "adm-kioskctl log: cannot create %s: %s\n", o->out,
		        strerror(errno));
		return 1;
	}
	/* An export of 1M rows is ~270 MB: write it in 1 MB pieces. Only for
	 * our own file: stdout's buffer must outlive this function. */
	if (k.f != stdout) {
		iobuf = malloc(OUT_BUF);
		if (iobuf)
			setvbuf(k.f, iobuf, _IOFBF, OUT_BUF);
	}
	if (fn == write_csv)
		fputs("seq,id,at,type,document_id,application,kind,nik_masked,pages,job_id,"
		      "reason,prev_hash,hash\r\n",
		      k.f);
	err = kio_store_events_query(s, &o->filter, fn, &k);
	rc = finish_out(k.f, o->out);
	free(iobuf);
	if (err != KIO_OK) {
		fprintf(stderr, "adm-kioskctl log: reading the log failed (%s)\n",
		        kio_err_name(err));
		return 1;
	}
	if (rc == 0 && fn == write_show)
		fprintf(stderr, "%" PRId64 " rows\n", k.rows);
	return rc;
}

/* The head the central server holds now (GET /log-head); 0 or 1 exit. */
static int server_head(const opts_t *o, kio_log_head_t *head)
{
	kio_config_t cfg;
	kio_client_t *c = NULL;
	kio_api_error_t aerr = {0};
	kio_err_t err;

	kio_config_defaults(&cfg);
	err = kio_config_load(&cfg, o->config, print_diag, stderr);
	if (err == KIO_OK)
		err = kio_client_new(&cfg, &c);
	explicit_bzero(&cfg, sizeof cfg); /* PIN hashes */
	if (err == KIO_OK)
		err = kio_client_log_head(c, head, &aerr);
	kio_client_free(c);
	if (err == KIO_ERR_API && aerr.kind == KIO_API_E_NOT_FOUND) {
		printf("server: keeps no log head (a contract v1 server): not checked\n");
		return 1;
	}
	if (err != KIO_OK) {
		printf("server: cannot ask for its log head (%s)\n", kio_err_name(err));
		return 1;
	}
	return 0;
}

static const char *const ack_label[] = {
    [KIO_ACK_TRUNCATED] = "rows missing",
    [KIO_ACK_REWRITTEN] = "rewritten",
    [KIO_ACK_FORGED] = "acknowledgement altered",
};

/* Checks the log against the acknowledged head (recorded, or SERVER's). */
static int check_ack(kio_store_t *s, const opts_t *o, const kio_log_head_t *server)
{
	unsigned char key[KIO_ACK_KEY_LEN];
	char dir[sizeof o->db_path];
	kio_ack_check_t c;

	snprintf(dir, sizeof dir, "%s", o->db_path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	bool have_key = kio_store_ack_key(dir, false, key) == KIO_OK;
	kio_err_t err = kio_store_ack_check(s, have_key ? key : NULL, server, &c);
	explicit_bzero(key, sizeof key);
	if (err != KIO_OK) {
		fprintf(stderr, "adm-kioskctl log verify: cannot read the log (%s)\n",
		        kio_err_name(err));
		return 1;
	}
	switch (c.verdict) {
	case KIO_ACK_NONE:
		printf("%s: no acknowledged head yet\n", server ? "server" : "anchor");
		return 0;
	case KIO_ACK_OK:
		printf("%s: the log holds seq %" PRId64 " as the server does\n",
		       server ? "server" : "anchor", c.acked.seq);
		return 0;
	default:
		printf("TAMPERED (%s): %s\n", ack_label[c.verdict], c.why);
		return 1;
	}
}

static int do_verify(kio_store_t *s, const opts_t *o)
{
	char why[KIO_STORE_ERRMSG_MAX];
	int64_t bad = 0, rows = 0;
	kio_log_head_t head;
	kio_err_t err = kio_store_verify(s, &bad, why, sizeof why, &rows);
	int rc = 0;

	if (err == KIO_OK) {
		printf("ok %" PRId64 " rows\n", rows);
		/* The head the daily report's QR code carries. */
		if (kio_store_log_head(s, &head) == KIO_OK)
			printf("head: seq %" PRId64 " hash %s\n", head.seq,
			       head.hash[0] ? head.hash : "-");
	} else if (err == KIO_ERR_TAMPERED) {
		if (bad > 0)
			printf("TAMPERED at seq %" PRId64 " (chain broken): %s\n", bad, why);
		else
			printf("TAMPERED (chain broken): %s\n", why);
		rc = 1;
	} else {
		fprintf(stderr, "adm-kioskctl log verify: cannot read the log (%s)\n",
		        kio_err_name(err));
		return 1;
	}
	/* The anchor is checked even under a broken chain: it tells a cut log
	 * from an edited row. */
	rc |= check_ack(s, o, NULL);
	if (o->server)
		rc |= server_head(o, &head) || check_ack(s, o, &head);
	return rc;
}

typedef struct stats_acc {
	int64_t prints, failures;
} stats_acc_t;

static int print_stat(void *ctx, const kio_stats_row_t *row)
{
	stats_acc_t *a = ctx;

	printf("%-10s  %-18s  %-24s  %8" PRId64 "\n", row->day, row->type, dash(row->reason),
	       row->count);
	*(row->failure ? &a->failures : &a->prints) += row->count;
	return 0;
}

static int do_stats(kio_store_t *s, const opts_t *o)
{
	stats_acc_t a = {0, 0};
	kio_err_t err;

	if (o->filter.type || o->format != FMT_NONE || o->out) {
		fprintf(stderr, "adm-kioskctl log stats: only --since/--until and the database\n");
		return 2;
	}
	printf("%-10s  %-18s  %-24s  %8s\n", "day", "type", "reason", "count");
	err = kio_store_stats(s, o->filter.since, o->filter.until, print_stat, &a);
	if (err != KIO_OK) {
		fprintf(stderr, "adm-kioskctl log stats: cannot read the log (%s)\n",
		        kio_err_name(err));
		return 1;
	}
	printf("total: %" PRId64 " prints, %" PRId64 " failures\n", a.prints, a.failures);
	return 0;
}

int ctl_log_main(int argc, char **argv)
{
	opts_t o = {0};
	kio_store_t *s = NULL;
	int rc = parse_args(argc, argv, &o);

	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (strcmp(o.action, "show") && strcmp(o.action, "export") && strcmp(o.action, "verify") &&
	    strcmp(o.action, "stats") && strcmp(o.action, "report")) {
		fprintf(stderr, "adm-kioskctl log: unknown action '%s'\n", o.action);
		usage(stderr);
		return 2;
	}
	if (!strcmp(o.action, "verify") &&
	    (o.filter.since || o.filter.until || o.filter.type || o.format || o.out)) {
		fprintf(stderr, "adm-kioskctl log verify: always checks the whole log\n");
		return 2;
	}
	if (o.server && (strcmp(o.action, "verify") || !o.config)) {
		fprintf(stderr, "adm-kioskctl log: --server is for verify, with --config FILE\n");
		return 2;
	}
	rc = open_db(&o, &s);
	if (rc != 0)
		return rc;
	if (!strcmp(o.action, "verify"))
		rc = do_verify(s, &o);
	else if (!strcmp(o.action, "stats"))
		rc = do_stats(s, &o);
	else if (!strcmp(o.action, "report"))
		rc = ctl_log_report(s, o.date, o.out, o.kiosk_id, o.lang);
	else
		rc = do_rows(s, &o);
	kio_store_close(s);
	return rc;
}
