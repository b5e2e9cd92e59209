/*
 * staff.c — the technician's and officer's jobs on the bg worker: the facts
 * of each technician page (with the queues and media types to choose from),
 * the test page, resuming a queue, the server check, the officer's report,
 * setting changes (validated, applied, saved, logged, sent back to the UI
 * thread) and the persisted PIN lock.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "core/log.h"
#include "core/str.h"
#include "core/strings.h"
#include "kiosk/kiosk-private.h"
#include "print/retention.h"
#include "print/testpage.h"
#include "sys/strings-file.h"
#include "sys/config-file.h"

/* TEXT for the technician's report box; CHOICES (may be NULL) refresh the
 * page's buttons. */
static void report_choices(kio_service_t *s, unsigned gen, const char *text,
                           const kio_tech_choices_t *choices)
{
	kio_sm_event_t ev = {.kind = KIO_EV_TECH_DONE};
	KIO_COPY(ev.u.tech.text, text);
	if (choices)
		ev.u.tech.choices = *choices;
	kio_service_post_event(s, gen, &ev);
}

static void choices_init(kio_tech_choices_t *c, kio_tech_page_t page, const char *action,
                         const char *current)
{
	memset(c, 0, sizeof *c);
	c->page = page;
	KIO_COPY(c->action, action);
	KIO_COPY(c->current, current);
}

static void choices_add(kio_tech_choices_t *c, const char *value)
{
	if (c->n < KIO_TECH_CHOICES_MAX && strlen(value) < sizeof c->value[0])
		KIO_COPY(c->value[c->n++], value);
}

/* The queues of the configured cupsd, for the printer page; OUT (may be
 * NULL) gets one line saying what was found. */
static void queue_choices(kio_service_t *s, kio_tech_choices_t *c, char *out, size_t len)
{
	kio_printer_list_t l;
	choices_init(c, KIO_TECH_PRINTER, "queue", s->cfg.printer_queue);
	kio_err_t err = kio_printer_queues(s->printer, &l);
	for (int i = 0; !err && i < l.n; i++)
		choices_add(c, l.name[i]);
	if (!out)
		return;
	if (err)
		snprintf(out, len, "Daftar antrean tidak dapat dibaca (%s).", kio_err_name(err));
	else if (!c->n)
		snprintf(out, len, "Tidak ada antrean lain untuk dipilih.");
	else
		snprintf(out, len, "Antrean tersedia: %d. Ketuk satu untuk memakainya.", c->n);
}

/* HVS 80 g is plain paper: of the media types a printer lists, the
 * stationery ones are offered. A raw queue lists none; then the common
 * stationery keywords are offered (the driver sends the choice as
 * media-type, the printer behind the queue decides what to do with it).
 * CAPS NULL: the printer could not be asked. */
static void media_choices(kio_service_t *s, const kio_printer_caps_t *caps, kio_tech_choices_t *c)
{
	static const char *const common[] = {"stationery", "stationery-lightweight",
	                                     "stationery-heavyweight"};
	choices_init(c, KIO_TECH_MEDIA, "media_type", s->cfg.media_type);
	for (int i = 0; caps && i < caps->media_types.n; i++)
		if (!strncmp(caps->media_types.name[i], "stationery", 10))
			choices_add(c, caps->media_types.name[i]);
	bool listed = c->n > 0;
	for (size_t i = 0; !listed && i < sizeof common / sizeof common[0]; i++)
		choices_add(c, common[i]);
}

static bool ask_caps(kio_service_t *s, kio_printer_caps_t *caps)
{
	kio_print_opts_t opts;
	kio_print_opts_init(&opts, &s->cfg, "MEDIA");
	return kio_printer_capabilities(s->printer, &opts, caps) == KIO_OK;
}

/* Appends one "Tinta/toner NAME: N%" line per marker to OUT at N. */
static void marker_lines(const kio_printer_status_t *st, char *out, size_t len, int n)
{
	for (int i = 0; i < st->nmarkers && n > 0 && (size_t)n < len; i++)
		n += snprintf(out + n, len - (size_t)n, "Tinta/toner %s: %d%%\n",
		              st->markers[i].name, st->markers[i].level);
}

/* The media page: size and type configured, what the printer has loaded and
 * takes, toner levels; its choices in C. */
static void media_report(kio_service_t *s, kio_tech_choices_t *c, char *out, size_t len)
{
	kio_printer_caps_t caps;
	kio_printer_status_t st;
	bool have_caps = ask_caps(s, &caps);
	bool have_st = kio_printer_status(s->printer, &st) == KIO_OK;
	char types[512] = "";
	for (int i = 0; have_caps && i < caps.media_types.n; i++) {
		KIO_APPEND(types, i ? ", " : "");
		KIO_APPEND(types, caps.media_types.name[i]);
	}
	int n = snprintf(out, len,
	                 "Ukuran kertas: %s%s\nJenis kertas: %s\nKertas siap di printer: %s\n"
	                 "Jenis kertas yang diterima printer: %s\n",
	                 s->cfg.media,
	                 !have_caps      ? ""
	                 : caps.media_ok ? " (diterima)"
	                                 : " (DITOLAK)",
	                 s->cfg.media_type[0] ? s->cfg.media_type : "-",
	                 have_st && st.media_ready[0] ? st.media_ready : "-",
	                 !have_caps ? "printer tidak terjangkau"
	                 : types[0] ? types
	                            : "tidak dilaporkan");
	if (have_st)
		marker_lines(&st, out, len, n);
	media_choices(s, have_caps ? &caps : NULL, c);
}

static void printer_report(kio_service_t *s, char *out, size_t len)
{
	kio_printer_status_t st;
	kio_err_t err = kio_printer_status(s->printer, &st);
	if (err) {
		snprintf(out, len, "Antrian %s: tidak terjangkau (%s)\n", s->cfg.printer_queue,
		         kio_err_name(err));
		return;
	}
	int n = snprintf(out, len,
	                 "Antrian: %s\nStatus: %s (%s)\nMenerima tugas: %s\nAlasan: %s\n"
	                 "Pesan: %s\nKertas siap: %s\n",
	                 s->cfg.printer_queue, kio_printer_state_name(st.state),
	                 kio_printer_condition_name(st.condition), st.accepting ? "ya" : "tidak",
	                 st.reasons[0] ? st.reasons : "none", st.message,
	                 st.media_ready[0] ? st.media_ready : "-");
	marker_lines(&st, out, len, n);
	/* What cupsd keeps of a citizen's document, in the kiosk's language. */
	kio_retention_t r;
	kio_err_t rerr = kio_retention_check(s->cfg.cups_server, &r);
	kio_strings_t *str = NULL;
	char dir[600], line[600];
	snprintf(dir, sizeof dir, "%s/strings", s->k->opts.assets_dir);
	if (kio_strings_load(dir, s->cfg.language, &str) != KIO_OK)
		str = NULL; /* the key itself shows: still says which case */
	kio_retention_describe(str, rerr, &r, line, sizeof line);
	kio_strings_free(str);
	size_t used = strlen(out);
	if (used < len)
		snprintf(out + used, len - used, "%s\n", line);
}

static void test_page(kio_service_t *s, char *out, size_t len)
{
	kio_testpage_info_t info;
	unsigned char *pdf = NULL;
	size_t n = 0;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
	memset(&info, 0, sizeof info);
	info.kiosk_id = s->cfg.kiosk_id;
	info.queue = s->cfg.printer_queue;
	info.date = date;
	info.version = KIO_VERSION;
	info.verify_url = s->cfg.verify_url;
	kio_err_t err = kio_testpage_render(&info, &pdf, &n);
	if (err) {
		snprintf(out, len, "Halaman uji gagal dibuat: %s", kio_err_name(err));
		return;
	}
	kio_print_opts_t opts;
	kio_print_opts_init(&opts, &s->cfg, "TEST-PAGE");
	int job = -1;
	err = kio_printer_submit(s->printer, &opts, pdf, n, &job);
	free(pdf);
	if (err) {
		snprintf(out, len, "Halaman uji ditolak printer: %s", kio_err_name(err));
		return;
	}
	kio_job_status_t final;
	err = kio_printer_track(s->printer, job, s->cfg.job_timeout_s, NULL, NULL, NULL, &final);
	snprintf(out, len, "Halaman uji (tugas %d): %s %s", job, err ? "GAGAL" : "tercetak",
	         err ? kio_printer_condition_name(final.condition) : "");
}

static void about(kio_service_t *s, kio_job_t *job, char *out, size_t len)
{
	struct statvfs vfs;
	unsigned long long free_mb = 0;
	if (statvfs(s->cfg.data_dir, &vfs) == 0)
		free_mb = (unsigned long long)vfs.f_bavail * vfs.f_frsize / (1024 * 1024);
	int64_t pending = -1;
	if (!kio_service_have_store(s) || kio_store_events_pending_count(s->store, &pending))
		pending = -1;
	snprintf(out, len,
	         "adm-kiosk %s\nKiosk: %s\nBerjalan: %" PRId64 " detik\nDisk bebas: %llu MB\n"
	         "Log belum terkirim: %" PRId64 "\nGalat terakhir:\n%s",
	         KIO_VERSION, s->cfg.kiosk_id, (int64_t)((kio_now_ms() - s->k->start_ms) / 1000),
	         free_mb, pending, job->fx.value[0] ? job->fx.value : "-");
}

static void officer_report(kio_service_t *s, char *out, size_t len)
{
	kio_store_today_t t;
	char prn[512];
	if (!kio_service_have_store(s) || kio_store_today(s->store, &t)) {
		snprintf(out, len, "Log cetak tidak dapat dibaca.");
		return;
	}
	kio_printer_status_t st;
	if (kio_printer_status(s->printer, &st) == KIO_OK)
		snprintf(prn, sizeof prn, "%s (%s)", kio_printer_state_name(st.state),
		         kio_printer_condition_name(st.condition));
	else
		KIO_COPY(prn, "tidak terjangkau");
	snprintf(out, len,
	         "Cetak hari ini: %" PRId64 "\nGagal hari ini: %" PRId64 "\nPrinter: %s\n"
	         "Antrean unggah log: %" PRId64,
	         t.prints, t.failures, prn, t.pending);
}

/* The facts of a technician page. */
static void tech_page(kio_service_t *s, kio_job_t *job, char *text, size_t len,
                      kio_tech_choices_t *choices)
{
	switch (job->fx.tech_page) {
	case KIO_TECH_PRINTER: {
		char q[160];
		printer_report(s, text, len);
		queue_choices(s, choices, q, sizeof q);
		snprintf(text + strlen(text), len - strlen(text), "%s", q);
		break;
	}
	case KIO_TECH_MEDIA:
		media_report(s, choices, text, len);
		break;
	case KIO_TECH_SERVER:
		snprintf(text, len, "Server: %s", s->cfg.server_url);
		break;
	case KIO_TECH_KIOSK:
		snprintf(text, len, "ID kiosk: %s\nOrientasi: %s\nBatas diam: %d detik\nBahasa: %s",
		         s->cfg.kiosk_id,
		         s->cfg.orientation == KIO_ORIENT_PORTRAIT ? "portrait" : "landscape",
		         s->cfg.inactivity_s, s->cfg.language);
		break;
	case KIO_TECH_ABOUT:
		about(s, job, text, len);
		break;
	default:
		break;
	}
}

static void server_check(kio_service_t *s, char *text, size_t len)
{
	kio_check_report_t r;
	kio_err_t err = kio_client_check(s->client, &r);
	snprintf(text, len,
	         "DNS: %s (%.1f ms)\nTCP: %s (%.1f ms)\nTLS: %s (%.1f ms)\n"
	         "API: %s (%.1f ms, HTTP %d)\n%s",
	         r.dns.reached ? kio_err_name(r.dns.result) : "-", r.dns.us / 1000.0,
	         r.tcp.reached ? kio_err_name(r.tcp.result) : "-", r.tcp.us / 1000.0,
	         r.tls.reached ? kio_err_name(r.tls.result) : "-", r.tls.us / 1000.0,
	         r.api.reached ? kio_err_name(r.api.result) : "-", r.api.us / 1000.0, r.http_status,
	         err ? r.detail : "Koneksi baik.");
}

/* After refilling paper or clearing a jam: resume the queue, accept jobs and
 * drop the stale fault reasons cupsd keeps; the idle screen hears at once. */
static void printer_resume(kio_service_t *s, kio_job_t *job, char *text, size_t len)
{
	kio_err_t err = kio_printer_reset(s->printer);
	char st[768];
	printer_report(s, st, sizeof st);
	snprintf(text, len, "%s\n%s",
	         err ? "Antrian tidak dapat dilanjutkan." : "Antrian dilanjutkan.", st);
	kio_sm_event_t ev = {0};
	kio_printer_status_t pst;
	kio_service_status_event(&ev, kio_printer_status(s->printer, &pst), &pst);
	kio_service_post_event(s, job->gen, &ev);
}

void kio_staff_tech(kio_service_t *s, kio_job_t *job)
{
	char text[1024] = "";
	kio_tech_choices_t choices = {0};

	switch (job->fx.tech_cmd) {
	case KIO_TECH_CMD_PAGE:
		tech_page(s, job, text, sizeof text, &choices);
		break;
	case KIO_TECH_CMD_TEST_PAGE:
		test_page(s, text, sizeof text);
		break;
	case KIO_TECH_CMD_PRINTER_RESUME:
		printer_resume(s, job, text, sizeof text);
		break;
	case KIO_TECH_CMD_SERVER_CHECK:
		server_check(s, text, sizeof text);
		break;
	case KIO_TECH_CMD_OFFICER_REPORT:
		officer_report(s, text, sizeof text);
		break;
	case KIO_TECH_CMD__COUNT:
		break;
	}
	report_choices(s, job->gen, text, choices.action[0] ? &choices : NULL);
}

void kio_staff_persist_lock(kio_service_t *s, kio_job_t *job)
{
	kio_err_t err = KIO_ERR_DISK_FULL;
	if (kio_service_have_store(s)) {
		err = kio_store_kv_set_int(s->store, "tech.locked_until", job->fx.locked_until_s);
		if (err == KIO_OK)
			err = kio_store_kv_set_int(s->store, "tech.pin_failures",
			                           job->fx.pin_failures);
	}
	if (err)
		kio_error("tech", "cannot persist lock: %s", kio_err_name(err));
}

/* Validates "section.key" = value on a copy of the config; on failure TEXT
 * says why and false is returned. */
static bool config_change(kio_service_t *s, const kio_effect_t *fx, kio_config_t *next, char *text,
                          size_t len)
{
	char sec[64], why[256];
	const char *dot = strchr(fx->config_key, '.');
	if (!dot || dot - fx->config_key >= (long)sizeof sec) {
		snprintf(text, len, "Format: bagian.kunci=nilai");
		return false;
	}
	snprintf(sec, sizeof sec, "%.*s", (int)(dot - fx->config_key), fx->config_key);
	if (strstr(dot + 1, "pin")) {
		/* PINs are set with adm-kioskctl set-pin, never typed into a log. */
		snprintf(text, len, "PIN diubah lewat adm-kioskctl.");
		return false;
	}
	*next = s->cfg;
	if (kio_config_set(next, sec, dot + 1, fx->value, why, sizeof why)) {
		snprintf(text, len, "Ditolak: %s: %s", fx->config_key, why);
		return false;
	}
	return true;
}

/* A technician's setting: validated, applied to this worker, saved
 * atomically, logged as config.changed, and the new config sent back to the
 * UI thread, which hands it on to the session worker. */
void kio_staff_set_config(kio_service_t *s, kio_job_t *job)
{
	char text[1024], what[KIO_MESSAGE_MAX];
	kio_config_t *next = calloc(1, sizeof *next);
	if (!next)
		return;
	if (!config_change(s, &job->fx, next, text, sizeof text)) {
		free(next);
		report_choices(s, job->gen, text, NULL);
		return;
	}
	snprintf(what, sizeof what, "%s=%s", job->fx.config_key, job->fx.value);
	kio_service_take_config(s, next);
	kio_result_t r = {.kind = KIO_RESULT_CONFIG, .gen = job->gen, .cfg = next};
	kio_kiosk_post(s->k, &r);

	kio_err_t err = kio_config_save(&s->cfg, s->k->opts.config_path);
	if (err) {
		snprintf(text, sizeof text, "Gagal menyimpan konfigurasi: %s", kio_err_name(err));
	} else {
		kio_event_t ev;
		memset(&ev, 0, sizeof ev);
		KIO_COPY(ev.type, "config.changed");
		KIO_COPY(ev.reason, what); /* "section.key=value", never a PIN */
		ev.pages = ev.job_id = -1;
		if (kio_service_have_store(s))
			err = kio_store_event_append(s->store, &ev);
		snprintf(text, sizeof text, "Tersimpan: %s", what);
	}
	/* A chosen queue or media type: the buttons show the new current one. */
	kio_tech_choices_t choices = {0};
	if (!strcmp(job->fx.config_key, "printer.queue")) {
		/* How the new queue is doing, from the reopened handle. */
		char st[768];
		printer_report(s, st, sizeof st);
		queue_choices(s, &choices, NULL, 0);
		KIO_APPEND(text, "\n");
		KIO_APPEND(text, st);
	} else if (!strcmp(job->fx.config_key, "printer.media_type")) {
		kio_printer_caps_t caps;
		media_choices(s, ask_caps(s, &caps) ? &caps : NULL, &choices);
	}
	report_choices(s, job->gen, text, choices.action[0] ? &choices : NULL);
}
