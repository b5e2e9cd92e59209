/*
 * services.c — what the kiosk's two workers do with their jobs.
 *
 *   session  login, list, logout, PIN checks (Argon2id takes ~0.1 s: never on
 *            the UI thread), and the print transaction (app/print/txn), which
 *            needs the citizen's token that only this worker's client holds
 *   bg       print-log appends, heartbeat, event upload, printer status,
 *            recovery of unsettled prints, technician actions, config saves
 *
 * Every result goes back to the UI thread as a state-machine event.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "core/log.h"
#include "core/str.h"
#include "core/pin.h"
#include "core/strings.h"
#include "kiosk/kiosk-private.h"
#include "print/retention.h"
#include "print/testpage.h"

static void post(kio_service_t *s, unsigned gen, kio_sm_event_t *ev)
{
	kio_kiosk_post_result(s->k, gen, ev, NULL);
}

static void api_fields(kio_err_t err, const kio_api_error_t *aerr, char *code, size_t codelen,
                       char *msg, size_t msglen, int *retry)
{
	if (err == KIO_ERR_API || (aerr->code[0] && err != KIO_OK)) {
		snprintf(code, codelen, "%s", aerr->code[0] ? aerr->code : "unknown");
		snprintf(msg, msglen, "%s", aerr->message);
	}
	if (retry)
		*retry = aerr->retry_after_s;
}

/* The print log could not be opened (full or read-only disk): try again,
 * at most every few seconds, so the kiosk heals itself once space is back.
 * Until then nothing is printed (no print without its log). */
static bool have_store(kio_service_t *s)
{
	if (s->store)
		return true;
	uint64_t now = kio_now_ms();
	if (!s->needs_store || now < s->store_retry_ms)
		return false;
	s->store_retry_ms = now + 5000;
	if (kio_store_open(&s->store, s->cfg.data_dir) != KIO_OK) {
		s->store = NULL;
		return false;
	}
	s->env.store = s->store;
	kio_info(s->name, "print log in %s is open again", s->cfg.data_dir);
	return true;
}

/* ---- session worker --------------------------------------------------------- */

static void do_login(kio_service_t *s, kio_job_t *job)
{
	kio_sm_event_t ev = {.kind = KIO_EV_LOGIN_DONE};
	kio_api_error_t aerr;
	memset(&aerr, 0, sizeof aerr);
	kio_client_reset_cancel(s->client);
	kio_err_t err =
	    kio_client_login(s->client, job->fx.nik, job->fx.password, &ev.u.login.citizen, &aerr);
	explicit_bzero(job->fx.password, sizeof job->fx.password);
	ev.err = err;
	api_fields(err, &aerr, ev.u.login.api_code, sizeof ev.u.login.api_code, ev.u.login.message,
	           sizeof ev.u.login.message, &ev.u.login.retry_after_s);
	if (err)
		kio_info("session", "login failed: %s %s", kio_err_name(err), aerr.code);
	post(s, job->gen, &ev);
}

static void do_list(kio_service_t *s, kio_job_t *job)
{
	kio_sm_event_t ev = {.kind = KIO_EV_LIST_DONE};
	kio_api_error_t aerr;
	memset(&aerr, 0, sizeof aerr);
	kio_app_page_t *page = calloc(1, sizeof *page);
	kio_err_t err =
	    page ? kio_client_list(s->client, job->fx.page, page, &aerr) : KIO_ERR_NOMEM;
	ev.err = err;
	api_fields(err, &aerr, ev.u.list.api_code, sizeof ev.u.list.api_code, ev.u.list.message,
	           sizeof ev.u.list.message, NULL);
	if (err) {
		kio_info("session", "list failed: %s", kio_err_name(err));
		free(page);
		page = NULL;
	}
	kio_kiosk_post_result(s->k, job->gen, &ev, page);
}

static void do_logout(kio_service_t *s)
{
	kio_client_reset_cancel(s->client);
	if (kio_client_has_session(s->client)) {
		kio_err_t err = kio_client_logout(s->client);
		if (err)
			kio_info("session", "logout not heard by server: %s", kio_err_name(err));
	}
}

static void do_pin(kio_service_t *s, kio_job_t *job)
{
	kio_sm_event_t ev = {.kind = KIO_EV_PIN_DONE};
	const char *hash = job->fx.officer ? s->cfg.officer_pin_hash : s->cfg.technician_pin_hash;
	/* No hash configured: no PIN opens the door. */
	ev.u.pin.ok = hash[0] && kio_pin_verify(hash, job->fx.password);
	ev.u.pin.officer = job->fx.officer;
	ev.wall_s = (int64_t)time(NULL);
	explicit_bzero(job->fx.password, sizeof job->fx.password);
	post(s, job->gen, &ev);
}

/* ---- print worker ----------------------------------------------------------- */

struct print_ctx {
	kio_service_t *s;
	unsigned gen;
};

static void on_progress(void *arg, kio_print_step_t step, int percent, int pages_done,
                        int pages_total)
{
	struct print_ctx *pc = arg;
	kio_sm_event_t ev = {.kind = KIO_EV_PRINT_PROGRESS};
	ev.u.progress.step = step;
	ev.u.progress.percent = percent;
	ev.u.progress.pages_done = pages_done;
	ev.u.progress.pages_total = pages_total;
	post(pc->s, pc->gen, &ev);
}

static void do_print(kio_service_t *s, kio_job_t *job)
{
	struct print_ctx pc = {s, job->gen};
	kio_txn_result_t res;
	kio_sm_event_t ev = {.kind = KIO_EV_PRINT_DONE};

	kio_client_reset_cancel(s->client);
	(void)have_store(s); /* the transaction refuses without its log */
	kio_err_t err = kio_txn_print(&s->env, &job->fx.doc, job->fx.app_code, job->fx.nik,
	                              on_progress, &pc, &s->k->print_cancel, &res);
	atomic_store(&s->k->print_cancel, false);
	ev.err = err;
	KIO_COPY(ev.u.print.reason, res.reason);
	ev.u.print.credit_kept = res.credit_kept;
	KIO_COPY(ev.u.print.api_code, res.api_code);
	KIO_COPY(ev.u.print.message, res.message);
	kio_info("print", "document %s: %s (%s) job %d settled=%d", job->fx.doc.id,
	         err ? kio_err_name(err) : "printed", res.reason, res.job_id, res.settled);
	post(s, job->gen, &ev);
}

/* ---- background worker ---------------------------------------------------- */

static void do_log(kio_service_t *s, kio_job_t *job)
{
	kio_event_t ev;
	memset(&ev, 0, sizeof ev);
	KIO_COPY(ev.type, job->fx.log_type);
	KIO_COPY(ev.nik_masked, job->fx.nik);
	KIO_COPY(ev.reason, job->fx.value);
	KIO_COPY(ev.document_id, job->fx.doc.id);
	KIO_COPY(ev.application, job->fx.app_code);
	KIO_COPY(ev.kind, job->fx.doc.kind);
	ev.pages = -1;
	ev.job_id = -1;
	kio_err_t err = have_store(s) ? kio_store_event_append(s->store, &ev) : KIO_ERR_DISK_FULL;
	if (err)
		kio_error("log", "cannot append %s: %s", ev.type, kio_err_name(err));
}

static void fill_status_event(kio_sm_event_t *ev, kio_err_t err, const kio_printer_status_t *st)
{
	ev->kind = KIO_EV_PRINTER_STATUS;
	if (err) {
		ev->u.status.ok = false;
		KIO_COPY(ev->u.status.condition, "offline");
		return;
	}
	ev->u.status.ok = !kio_printer_condition_is_fault(st->condition);
	KIO_COPY(ev->u.status.condition, kio_printer_condition_name(st->condition));
}

static void do_status(kio_service_t *s, kio_job_t *job)
{
	kio_printer_status_t st;
	kio_err_t err = kio_printer_status(s->printer, &st);
	kio_sm_event_t ev = {0};
	fill_status_event(&ev, err, &st);
	post(s, job->gen, &ev);

	kio_sm_event_t sv = {.kind = KIO_EV_STORE_STATUS};
	sv.u.status.ok = have_store(s) && kio_store_writable(s->store) == KIO_OK;
	post(s, job->gen, &sv);
}

/* Records the head the server acknowledged (store.h, part 4). A head the
 * local log does not hold as the server does means this log was cut or
 * rewritten since it was uploaded: said loudly, never recorded. */
static void anchor(kio_service_t *s, const kio_log_head_t *acked)
{
	unsigned char key[KIO_ACK_KEY_LEN];
	char why[KIO_STORE_ERRMSG_MAX];
	kio_err_t err = kio_store_ack_key(s->cfg.data_dir, true, key);
	if (err == KIO_OK)
		err = kio_store_ack_record(s->store, key, acked);
	explicit_bzero(key, sizeof key);
	if (err == KIO_ERR_TAMPERED) {
		kio_store_last_error(s->store, why, sizeof why);
		kio_error(s->name, "print log does not match the server's copy: %s", why);
	} else if (err != KIO_OK) {
		kio_warn(s->name, "cannot record the server's log head: %s", kio_err_name(err));
	}
}

static void do_heartbeat(kio_service_t *s, kio_job_t *job)
{
	kio_heartbeat_t hb;
	kio_printer_status_t st;
	memset(&hb, 0, sizeof hb);
	KIO_COPY(hb.version, KIO_VERSION);
	hb.uptime_s = (int64_t)((kio_now_ms() - s->k->start_ms) / 1000); /* not the wall clock */
	KIO_COPY(hb.printer_name, s->cfg.printer_queue);
	if (kio_printer_status(s->printer, &st) == KIO_OK) {
		KIO_COPY(hb.printer_state, kio_printer_state_name(st.state));
		hb.pages_total = st.pages_total;
		char list[KIO_PRINTER_REASONS_MAX], *save = NULL;
		KIO_COPY(list, st.reasons);
		for (char *r = strtok_r(list, ",", &save); r && hb.nreasons < KIO_API_REASONS_MAX;
		     r = strtok_r(NULL, ",", &save))
			if (strcmp(r, "none"))
				KIO_COPY(hb.reasons[hb.nreasons++], r);
	} else {
		KIO_COPY(hb.printer_state, "unknown");
		hb.pages_total = -1;
	}
	int64_t pending = 0;
	if (have_store(s) && kio_store_events_pending_count(s->store, &pending) == KIO_OK)
		hb.pending_events = (int)pending;
	if (have_store(s) && kio_store_log_head(s->store, &hb.log_head) != KIO_OK)
		hb.log_head.seq = 0;
	char server_time[KIO_TIME_MAX];
	kio_log_head_t acked;
	kio_api_error_t aerr;
	kio_err_t err = kio_client_heartbeat(s->client, &hb, server_time, &acked, &aerr);
	if (err == KIO_OK && acked.seq > 0 && have_store(s))
		anchor(s, &acked);
	kio_sm_event_t ev = {.kind = KIO_EV_SERVER_STATUS};
	ev.u.status.ok = err == KIO_OK;
	post(s, job->gen, &ev);
}

/* Upload the print log oldest first; a row counts as sent only when the
 * server lists its id as accepted. */
static void do_upload(kio_service_t *s)
{
	enum { BATCH = 64 };
	kio_event_t *evs = calloc(BATCH, sizeof *evs);
	char(*ids)[KIO_UUID_BUF] = calloc(BATCH, KIO_UUID_BUF);
	if (!evs || !ids || !have_store(s))
		goto out;
	for (int round = 0; round < 50; round++) { /* bounded per wake-up */
		int n = 0, nacc = 0;
		if (kio_store_events_pending(s->store, evs, BATCH, &n) || n == 0)
			break;
		kio_api_error_t aerr;
		kio_err_t err = kio_client_upload_events(s->client, evs, n, ids, &nacc, &aerr);
		if (err) {
			kio_info("upload", "events not uploaded: %s", kio_err_name(err));
			break;
		}
		if (kio_store_events_mark_sent(s->store, (const char(*)[KIO_UUID_BUF])ids, nacc))
			break;
		if (nacc < n)
			break; /* the server kept some back: try again later */
	}
out:
	free(evs);
	free(ids);
}

/* Retention: prune print-log rows older than the configured age; the store
 * keeps an anchor so the chain still verifies. */
static void do_prune(kio_service_t *s)
{
	int64_t deleted = 0;
	if (!have_store(s))
		return;
	int64_t cutoff = (int64_t)time(NULL) - (int64_t)s->cfg.log_retention_days * 86400;
	kio_err_t err = kio_store_prune(s->store, cutoff, &deleted);
	if (err)
		kio_warn("log", "retention prune failed: %s", kio_err_name(err));
	else if (deleted)
		kio_info("log", "retention: pruned %lld rows", (long long)deleted);
}

/* Once, at start: say in the journal when cupsd keeps what it prints. */
static void check_retention(kio_service_t *s)
{
	kio_retention_t r;
	s->retention_checked = true;
	kio_err_t err = kio_retention_check(s->cfg.cups_server, &r);
	if (err)
		kio_warn("printer",
		         "cannot read cupsd's PreserveJobFiles/PreserveJobHistory: it may "
		         "keep printed documents");
	else if (r.keeps_documents)
		kio_warn("printer",
		         "cupsd keeps every printed document (PreserveJobFiles %s): run "
		         "adm-kioskctl printer setup",
		         r.files[0] ? r.files : "86400");
	else if (r.keeps_history)
		kio_warn("printer",
		         "cupsd keeps job names (PreserveJobHistory %s): run adm-kioskctl "
		         "printer setup",
		         r.history[0] ? r.history : "Yes");
	else
		kio_info("printer", "cupsd keeps no printed document");
}

static void do_recover(kio_service_t *s)
{
	int settled = 0, left = 0;
	if (!s->retention_checked && s->printer)
		check_retention(s);
	if (!have_store(s))
		return;
	kio_err_t err = kio_txn_recover(&s->env, &settled, &left);
	if (settled || left || err)
		kio_info("recover", "settled %d, waiting %d (%s)", settled, left,
		         err ? kio_err_name(err) : "ok");
}

/* TEXT for the technician's report box; CHOICES (may be NULL) refresh the
 * page's buttons. */
static void report_choices(kio_service_t *s, unsigned gen, const char *text,
                           const kio_tech_choices_t *choices)
{
	kio_sm_event_t ev = {.kind = KIO_EV_TECH_DONE};
	KIO_COPY(ev.u.tech.text, text);
	if (choices)
		ev.u.tech.choices = *choices;
	post(s, gen, &ev);
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
	for (int i = 0; have_st && i < st.nmarkers && n > 0 && (size_t)n < len; i++)
		n += snprintf(out + n, len - (size_t)n, "Tinta/toner %s: %d%%\n",
		              st.markers[i].name, st.markers[i].level);
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
	for (int i = 0; i < st.nmarkers && n > 0 && (size_t)n < len; i++)
		n += snprintf(out + n, len - (size_t)n, "Tinta/toner %s: %d%%\n",
		              st.markers[i].name, st.markers[i].level);
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
	if (n > 0 && (size_t)n < len)
		snprintf(out + n, len - (size_t)n, "%s\n", line);
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
	if (!have_store(s) || kio_store_events_pending_count(s->store, &pending))
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
	if (!have_store(s) || kio_store_today(s->store, &t)) {
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

static void do_tech(kio_service_t *s, kio_job_t *job)
{
	char text[1024] = "";
	const char *a = job->fx.action;
	kio_tech_choices_t choices = {0};

	if (!strcmp(a, "persist-lock")) {
		char *end;
		long long until = strtoll(job->fx.value, &end, 10);
		kio_err_t err = have_store(s)
		                    ? kio_store_kv_set_int(s->store, "tech.locked_until", until)
		                    : KIO_ERR_DISK_FULL;
		if (err)
			kio_error("tech", "cannot persist lock: %s", kio_err_name(err));
		return;
	}
	if (!strcmp(a, "page-2") || !strcmp(a, "printer-status")) {
		char q[160];
		printer_report(s, text, sizeof text);
		queue_choices(s, &choices, q, sizeof q);
		KIO_APPEND(text, q);
	} else if (!strcmp(a, "page-3")) {
		media_report(s, &choices, text, sizeof text);
	} else if (!strcmp(a, "page-4")) {
		snprintf(text, sizeof text, "Server: %s", s->cfg.server_url);
	} else if (!strcmp(a, "server_check")) {
		kio_check_report_t r;
		kio_err_t err = kio_client_check(s->client, &r);
		snprintf(text, sizeof text,
		         "DNS: %s (%.1f ms)\nTCP: %s (%.1f ms)\nTLS: %s (%.1f ms)\n"
		         "API: %s (%.1f ms, HTTP %d)\n%s",
		         r.dns.reached ? kio_err_name(r.dns.result) : "-", r.dns.us / 1000.0,
		         r.tcp.reached ? kio_err_name(r.tcp.result) : "-", r.tcp.us / 1000.0,
		         r.tls.reached ? kio_err_name(r.tls.result) : "-", r.tls.us / 1000.0,
		         r.api.reached ? kio_err_name(r.api.result) : "-", r.api.us / 1000.0,
		         r.http_status, err ? r.detail : "Koneksi baik.");
	} else if (!strcmp(a, "page-5")) {
		snprintf(text, sizeof text,
		         "ID kiosk: %s\nOrientasi: %s\nBatas diam: %d detik\n"
		         "Bahasa: %s",
		         s->cfg.kiosk_id,
		         s->cfg.orientation == KIO_ORIENT_PORTRAIT ? "portrait" : "landscape",
		         s->cfg.inactivity_s, s->cfg.language);
	} else if (!strcmp(a, "page-6") || !strcmp(a, "about")) {
		about(s, job, text, sizeof text);
	} else if (!strcmp(a, "printer_resume") || !strcmp(a, "paper_loaded")) {
		/* After refilling paper or clearing a jam: resume the queue, accept
		 * jobs and drop the stale fault reasons cupsd keeps. */
		kio_err_t err = kio_printer_reset(s->printer);
		char st[768];
		printer_report(s, st, sizeof st);
		snprintf(text, sizeof text, "%s\n%s",
		         err ? "Antrian tidak dapat dilanjutkan." : "Antrian dilanjutkan.", st);
		kio_sm_event_t ev = {0};
		kio_printer_status_t pst;
		fill_status_event(&ev, kio_printer_status(s->printer, &pst), &pst);
		post(s, job->gen, &ev);
	} else if (!strcmp(a, "test_page")) {
		test_page(s, text, sizeof text);
	} else if (!strcmp(a, "officer-report")) {
		officer_report(s, text, sizeof text);
	} else if (!strcmp(a, "report")) {
		KIO_COPY(text, job->fx.value); /* composed by the UI thread */
	} else {
		snprintf(text, sizeof text, "Perintah tidak dikenal: %.40s", a);
	}
	report_choices(s, job->gen, text, choices.action[0] ? &choices : NULL);
}

static void do_config(kio_service_t *s, kio_job_t *job)
{
	bool new_printer = strcmp(s->cfg.printer_queue, job->cfg.printer_queue) ||
	                   strcmp(s->cfg.cups_server, job->cfg.cups_server);
	s->cfg = job->cfg;
	if (new_printer && s->printer) {
		/* A driver handle is bound to its queue: open the new one. */
		kio_printer_t *p = NULL;
		kio_err_t perr = kio_printer_open(kio_printer_driver(s->printer), &s->cfg, &p);
		if (perr) {
			kio_error(s->name, "cannot open printer %s: %s", s->cfg.printer_queue,
			          kio_err_name(perr));
		} else {
			kio_printer_close(s->printer);
			s->printer = s->env.printer = p;
		}
	}
	if (!job->save)
		return;
	kio_err_t err = kio_config_save(&s->cfg, s->k->opts.config_path);
	char text[512];
	if (err) {
		snprintf(text, sizeof text, "Gagal menyimpan konfigurasi: %s", kio_err_name(err));
	} else {
		kio_event_t ev;
		memset(&ev, 0, sizeof ev);
		KIO_COPY(ev.type, "config.changed");
		KIO_COPY(ev.reason, job->fx.value); /* "section.key=value", never a PIN */
		ev.pages = ev.job_id = -1;
		if (have_store(s))
			err = kio_store_event_append(s->store, &ev);
		snprintf(text, sizeof text, "Tersimpan: %s", job->fx.value);
	}
	/* A chosen queue or media type: the buttons show the new current one. */
	kio_tech_choices_t choices = {0};
	if (!strncmp(job->fx.value, "printer.queue=", 14)) {
		/* How the new queue is doing, from the reopened handle. */
		char st[768];
		printer_report(s, st, sizeof st);
		queue_choices(s, &choices, NULL, 0);
		KIO_APPEND(text, "\n");
		KIO_APPEND(text, st);
	} else if (!strncmp(job->fx.value, "printer.media_type=", 19)) {
		kio_printer_caps_t caps;
		media_choices(s, ask_caps(s, &caps) ? &caps : NULL, &choices);
	}
	report_choices(s, job->gen, text, choices.action[0] ? &choices : NULL);
}

/* ---- dispatch -------------------------------------------------------------- */

static void run_job(void *ctx, void *arg)
{
	kio_service_t *s = ctx;
	kio_job_t *job = arg;

	switch (job->kind) {
	case JOB_LOGIN:
		do_login(s, job);
		break;
	case JOB_LIST:
		do_list(s, job);
		break;
	case JOB_LOGOUT:
		do_logout(s);
		break;
	case JOB_PIN:
		do_pin(s, job);
		break;
	case JOB_PRINT:
		do_print(s, job);
		break;
	case JOB_LOG:
		do_log(s, job);
		break;
	case JOB_HEARTBEAT:
		do_heartbeat(s, job);
		break;
	case JOB_UPLOAD:
		do_upload(s);
		break;
	case JOB_STATUS:
		do_status(s, job);
		break;
	case JOB_RECOVER:
		do_recover(s);
		break;
	case JOB_PRUNE:
		do_prune(s);
		break;
	case JOB_TECH:
		do_tech(s, job);
		break;
	case JOB_CONFIG:
		do_config(s, job);
		break;
	}
}

static kio_err_t service_open(kio_kiosk_t *k, kio_service_t *s, const char *name, bool printer,
                              bool store)
{
	kio_err_t err;
	memset(s, 0, sizeof *s);
	s->k = k;
	s->name = name;
	s->cfg = k->cfg;
	err = kio_client_new(&s->cfg, &s->client);
	if (err) {
		kio_error(name, "cannot create the server client: %s", kio_err_name(err));
		return err;
	}
	if (printer) {
		err = kio_printer_open(k->opts.printer_driver ? k->opts.printer_driver : "cups",
		                       &s->cfg, &s->printer);
		if (err) {
			kio_error(name, "cannot open the printer: %s", kio_err_name(err));
			return err;
		}
	}
	if (store) {
		s->needs_store = true;
		err = kio_store_open(&s->store, s->cfg.data_dir);
		if (err) {
			/* A kiosk that cannot log must not print; it still runs so
			 * the screen can say so, and have_store() retries. */
			kio_error(name, "cannot open the print log in %s: %s", s->cfg.data_dir,
			          kio_err_name(err));
			s->store = NULL;
			s->store_retry_ms = kio_now_ms() + 5000;
		}
	}
	s->env.cfg = &s->cfg;
	s->env.client = s->client;
	s->env.printer = s->printer;
	s->env.store = s->store;
	s->env.active = &k->active_tx;
	return kio_worker_start(name, sizeof(kio_job_t), run_job, s, &s->worker);
}

static void service_close(kio_service_t *s)
{
	kio_worker_stop(s->worker);
	kio_client_free(s->client);
	kio_printer_close(s->printer);
	kio_store_close(s->store);
	memset(s, 0, sizeof *s);
}

kio_err_t kio_services_start(kio_kiosk_t *k)
{
	/* Prints run on the session worker: reserve and download need the
	 * citizen's token, which never leaves that worker's client. */
	kio_err_t err = service_open(k, &k->session, "session", true, true);
	if (!err)
		err = service_open(k, &k->bg, "bg", true, true);
	return err;
}

void kio_services_stop(kio_kiosk_t *k)
{
	/* Abort transfers in flight so that joining never waits on a network
	 * timeout. A print in progress is left to recovery at next start. */
	if (k->session.client)
		kio_client_cancel(k->session.client);
	if (k->bg.client)
		kio_client_cancel(k->bg.client);
	atomic_store(&k->print_cancel, true);
	service_close(&k->session);
	service_close(&k->bg);
}

kio_err_t kio_services_post(kio_kiosk_t *k, const kio_job_t *job)
{
	kio_service_t *s;
	switch (job->kind) {
	case JOB_LOGIN:
	case JOB_LIST:
	case JOB_LOGOUT:
	case JOB_PIN:
	case JOB_PRINT:
		s = &k->session;
		break;
	default:
		s = &k->bg;
		break;
	}
	if (!s->worker)
		return KIO_ERR_INTERNAL;
	return kio_worker_post(s->worker, job);
}
