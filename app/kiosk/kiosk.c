/*
 * kiosk.c — the UI thread: one event-driven loop.
 *
 *   SDL input ──► ui (intent) ──┐
 *   worker results ─────────────┼──► sm ──► effects ──► workers / wipe / log
 *   timers (inactivity, status) ┘                 └──► ui redraw if changed
 *
 * The loop sleeps in SDL_WaitEventTimeout until the next deadline (state
 * machine countdown, spinner frame, watchdog, the minute clock), so an idle
 * kiosk uses ~0 % CPU; heartbeats, uploads and printer polls are the bg
 * worker's own schedule (sched.c) and wake this thread only with news.
 * --no-display runs the workers alone, without SDL (service_loop). Signals arrive through a sigwait
 * thread that turns them into SDL events: no work in signal handlers. The --events log is events.c,
 * the automation script script-run.c, the workers services.c.
 */
#include "kiosk/kiosk.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/str.h"
#include "kiosk/kiosk-private.h"
#include "sys/config-file.h"
#include "print/testpage.h"

enum {
	WAKE_SIGNAL = 1,
	WAKE_RESULT = 2,
};

/* ---- results from workers ------------------------------------------------------ */

static void result_free(kio_result_t *r)
{
	if (r->page) {
		explicit_bzero(r->page, sizeof *r->page);
		free(r->page);
	}
	if (r->cfg) {
		explicit_bzero(r->cfg, sizeof *r->cfg); /* holds PIN hashes */
		free(r->cfg);
	}
	free(r->facts);
	if (r->officer) {
		explicit_bzero(r->officer, sizeof *r->officer); /* masked NIKs */
		free(r->officer);
	}
	if (r->img) {
		kio_preview_img_free(r->img); /* the citizen's page: wiped */
		free(r->img);
	}
	explicit_bzero(r, sizeof *r);
}

void kio_kiosk_post(kio_kiosk_t *k, kio_result_t *r)
{
	if (k->opts.no_display) {
		/* No screen and no state machine to tell. */
		result_free(r);
		return;
	}
	pthread_mutex_lock(&k->rq_lock);
	if (k->rq_count >= KIO_RESULTS_MAX) {
		/* Only progress events can pile up; dropping one is harmless,
		 * dropping a final result is not — so keep finals, drop this. */
		pthread_mutex_unlock(&k->rq_lock);
		result_free(r);
		kio_warn("kiosk", "result queue full, dropped an event");
		return;
	}
	k->rq[(k->rq_head + k->rq_count) % KIO_RESULTS_MAX] = *r;
	k->rq_count++;
	pthread_mutex_unlock(&k->rq_lock);

	SDL_Event wake;
	memset(&wake, 0, sizeof wake);
	wake.type = k->wake_event;
	wake.user.code = WAKE_RESULT;
	SDL_PushEvent(&wake);
}

void kio_kiosk_post_result(kio_kiosk_t *k, unsigned gen, const kio_sm_event_t *ev,
                           kio_app_page_t *page)
{
	kio_result_t r = {.kind = KIO_RESULT_EVENT, .gen = gen, .ev = *ev, .page = page};
	kio_kiosk_post(k, &r);
}

static bool take_result(kio_kiosk_t *k, kio_result_t *out)
{
	bool got = false;
	pthread_mutex_lock(&k->rq_lock);
	if (k->rq_count > 0) {
		*out = k->rq[k->rq_head];
		memset(&k->rq[k->rq_head], 0, sizeof k->rq[k->rq_head]);
		k->rq_head = (k->rq_head + 1) % KIO_RESULTS_MAX;
		k->rq_count--;
		got = true;
	}
	pthread_mutex_unlock(&k->rq_lock);
	return got;
}

static void note_error(kio_kiosk_t *k, const char *what)
{
	int i = k->nlast_errors % KIO_LAST_ERRORS;
	time_t now = time(NULL);
	struct tm tm;
	char ts[16];
	localtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%H:%M:%S", &tm);
	snprintf(k->last_errors[i], sizeof k->last_errors[i], "%s %s", ts, what);
	k->nlast_errors++;
}

/* ---- effects --------------------------------------------------------------- */

void kio_kiosk_post_job(kio_kiosk_t *k, kio_job_kind_t kind, const kio_effect_t *fx)
{
	kio_job_t *job = calloc(1, sizeof *job);
	if (!job)
		return;
	job->kind = kind;
	job->gen = atomic_load(&k->gen);
	if (fx)
		job->fx = *fx;
	if (kind == JOB_TECH && job->fx.tech_cmd == KIO_TECH_CMD_PAGE &&
	    job->fx.tech_page == KIO_TECH_ABOUT) {
		/* The last errors live on this thread; hand a copy over. */
		size_t n = 0;
		for (int i = 0; i < KIO_LAST_ERRORS && i < k->nlast_errors; i++) {
			int at = (k->nlast_errors - 1 - i) % KIO_LAST_ERRORS;
			int w = snprintf(job->fx.value + n, sizeof job->fx.value - n, "%s\n",
			                 k->last_errors[at]);
			if (w < 0 || (size_t)w >= sizeof job->fx.value - n)
				break;
			n += (size_t)w;
		}
	}
	kio_err_t err = kio_services_post(k, job);
	if (err)
		kio_warn("kiosk", "job %d not queued: %s", kind, kio_err_name(err));
	explicit_bzero(job, sizeof *job);
	free(job);
}

/* The window size for CFG: the configured size turned to its orientation. */
static void screen_size(const kio_config_t *cfg, int *w, int *h)
{
	bool portrait = cfg->orientation == KIO_ORIENT_PORTRAIT;
	*w = cfg->screen_width;
	*h = cfg->screen_height;
	if (portrait != (*h > *w)) {
		int t = *w;
		*w = *h;
		*h = t;
	}
}

/* The bg worker changed and saved a setting: take the new config here, hand
 * it to the session worker, and let it take effect without a restart. */
static void config_applied(kio_kiosk_t *k, const kio_config_t *next)
{
	kio_config_t prev = k->cfg;
	k->cfg = *next;
	kio_job_t *job = calloc(1, sizeof *job);
	if (job) {
		job->kind = JOB_CONFIG;
		job->cfg = k->cfg;
		if (kio_services_post(k, job))
			kio_warn("kiosk", "config not handed to the session worker");
		explicit_bzero(job, sizeof *job);
		free(job);
	}
	kio_sm_event_t cc = {.kind = KIO_EV_CONFIG_CHANGED};
	cc.u.config.inactivity_s = k->cfg.inactivity_s;
	cc.u.config.warning_s = k->cfg.inactivity_warning_s;
	cc.u.config.voice_default = k->cfg.voice_default ? 1 : 0;
	kio_speech_set_volume(k->speech, k->cfg.voice_volume);
	if (strcmp(prev.language, k->cfg.language))
		KIO_COPY(cc.u.config.language, k->cfg.language);
	kio_kiosk_feed(k, &cc);
	if (prev.orientation != k->cfg.orientation || prev.screen_width != k->cfg.screen_width ||
	    prev.screen_height != k->cfg.screen_height) {
		int w, h;
		screen_size(&k->cfg, &w, &h);
		if (kio_ui_set_size(k->ui, w, h))
			kio_warn("kiosk", "cannot resize the window to %dx%d", w, h);
	}
	explicit_bzero(&prev, sizeof prev);
}

static void on_screen(kio_kiosk_t *k, const kio_effect_t *e)
{
	kio_events_emit(k->events, "screen", {"screen", kio_screen_name(e->screen)});
	/* Fresh printer and disk facts where a decision follows: the idle
	 * screen's availability and the confirm's "Cetak". */
	if (e->screen == KIO_SCREEN_IDLE || e->screen == KIO_SCREEN_CONFIRM)
		kio_kiosk_post_job(k, JOB_STATUS, NULL);
	if (e->screen == KIO_SCREEN_ERROR) {
		kio_events_emit(k->events, "error", {"key", k->sm->error.key});
		note_error(k, k->sm->error.key);
	}
}

/* After start-up or a session's end: the workers' first round (printer,
 * server, print log) or the logout is over by then. */
#define KIO_COMPACT_AFTER_MS 2000

static void on_wipe(kio_kiosk_t *k)
{
	/* The token is wiped by the session worker's logout; the PDF bytes
	 * never outlive their print job; the texts drawn for the citizen go
	 * here. A session's textures and buffers were freed above and by the
	 * workers. Once the idle screen's first frame is out the freed pages
	 * go back to the system, not just to malloc; the compaction after it
	 * (run_timers) shrinks what stays cached. */
	kio_ui_forget_session(k->ui);
	k->trim_pending = true;
	k->compact_at = kio_now_ms() + KIO_COMPACT_AFTER_MS;
	kio_events_emit(k->events, "session", {"what", "wiped"});
}

static void run_effect(kio_kiosk_t *k, kio_effect_t *e)
{
	switch (e->kind) {
	case KIO_FX_LOGIN:
		kio_events_emit(k->events, "request", {"what", "login"});
		kio_kiosk_post_job(k, JOB_LOGIN, e);
		break;
	case KIO_FX_LIST:
		kio_events_emit(k->events, "request", {"what", "list"});
		kio_kiosk_post_job(k, JOB_LIST, e);
		break;
	case KIO_FX_LOGOUT:
		/* Abort what is in flight, then tell the server. */
		kio_client_cancel(k->session.client);
		atomic_fetch_add(&k->gen, 1);
		kio_kiosk_post_job(k, JOB_LOGOUT, e);
		kio_events_emit(k->events, "request", {"what", "logout"});
		break;
	case KIO_FX_WIPE:
		on_wipe(k);
		break;
	case KIO_FX_PRINT:
		atomic_store(&k->print_cancel, false);
		kio_events_emit(k->events, "request", {"what", "print"}, {"document", e->doc.id});
		kio_kiosk_post_job(k, JOB_PRINT, e);
		break;
	case KIO_FX_PREVIEW:
	case KIO_FX_PREVIEW_DROP:
		kio_kiosk_preview_effect(k, e);
		break;
	case KIO_FX_CANCEL_PRINT:
		atomic_store(&k->print_cancel, true);
		kio_events_emit(k->events, "request", {"what", "cancel_print"});
		break;
	case KIO_FX_VERIFY_PIN:
		kio_kiosk_post_job(k, JOB_PIN, e);
		break;
	case KIO_FX_TECH:
		kio_events_emit(k->events, "technician",
		                {"action", kio_tech_cmd_name(e->tech_cmd)});
		kio_kiosk_post_job(k, JOB_TECH, e);
		break;
	case KIO_FX_SET_CONFIG:
		kio_events_emit(k->events, "technician", {"action", "set_config"},
		                {"key", e->config_key});
		kio_kiosk_post_job(k, JOB_SET_CONFIG, e);
		break;
	case KIO_FX_PERSIST_LOCK:
		kio_kiosk_post_job(k, JOB_PERSIST_LOCK, e);
		break;
	case KIO_FX_LOG:
		kio_kiosk_post_job(k, JOB_LOG, e);
		break;
	case KIO_FX_SCREEN:
		on_screen(k, e);
		break;
	case KIO_FX_CODE_NEW:
		kio_events_emit(k->events, "request", {"what", "login_code"});
		kio_kiosk_post_job(k, JOB_CODE_NEW, e);
		break;
	case KIO_FX_CODE_POLL:
		kio_events_emit(k->events, "request", {"what", "login_code_poll"});
		kio_kiosk_post_job(k, JOB_CODE_POLL, e);
		break;
	case KIO_FX_CODE_CLAIM:
		kio_events_emit(k->events, "request", {"what", "login_code_claim"});
		kio_kiosk_post_job(k, JOB_CODE_CLAIM, e);
		break;
	case KIO_FX_VERIFY_DOC:
		kio_events_emit(k->events, "request", {"what", "verify"}, {"document", e->value});
		kio_kiosk_post_job(k, JOB_VERIFY_DOC, e);
		break;
	}
}

static void run_effects(kio_kiosk_t *k, kio_effects_t *fx)
{
	for (int i = 0; i < fx->n; i++) {
		run_effect(k, &fx->fx[i]);
		explicit_bzero(fx->fx[i].password, sizeof fx->fx[i].password);
	}
}

void kio_kiosk_feed(kio_kiosk_t *k, kio_sm_event_t *ev)
{
	kio_effects_t fx;
	ev->now_ms = kio_now_ms();
	if (ev->kind == KIO_EV_INTENT && !k->frames.input_us)
		k->frames.input_us = kio_frames_now_us();
	if (!ev->wall_s)
		ev->wall_s = (int64_t)time(NULL);
	kio_sm_handle(k->sm, ev, &fx);
	run_effects(k, &fx);
	explicit_bzero(&fx, sizeof fx);
}

/* The dashboard's numbers in the --events log (tests compare them with
 * `adm-kioskctl log stats`). */
static void officer_event(kio_kiosk_t *k, const kio_officer_view_t *v)
{
	char docs[24], pages[24], fails[24], back[24], left[24];
	if (!v)
		return;
	snprintf(docs, sizeof docs, "%lld", (long long)v->docs);
	snprintf(pages, sizeof pages, "%lld", (long long)v->pages);
	snprintf(fails, sizeof fails, "%lld", (long long)v->failures);
	snprintf(back, sizeof back, "%lld", (long long)v->credits_back);
	snprintf(left, sizeof left, "%lld", (long long)v->sheets_left);
	kio_events_emit(k->events, "officer", {"docs", docs}, {"pages", pages}, {"failures", fails},
	                {"credits_back", back}, {"sheets_left", left},
	                {"chain", v->chain > 0    ? "ok"
	                          : v->chain == 0 ? "broken"
	                                          : "unknown"});
}

static void handle_event(kio_kiosk_t *k, kio_result_t *r)
{
	kio_sm_event_t *ev = &r->ev;
	bool session_event = ev->kind == KIO_EV_LOGIN_DONE || ev->kind == KIO_EV_LIST_DONE ||
	                     ev->kind == KIO_EV_CODE_DONE || ev->kind == KIO_EV_CODE_POLL_DONE;
	if (session_event && r->gen != atomic_load(&k->gen))
		return; /* an answer for a session that has ended: drop it */
	const char *err = kio_err_name((kio_err_t)ev->err);
	switch (ev->kind) {
	case KIO_EV_LOGIN_DONE:
		kio_events_emit(k->events, "result", {"what", "login"}, {"err", err},
		                {"code", ev->u.login.api_code});
		break;
	case KIO_EV_TECH_DONE:
		ev->u.tech.facts = r->facts;
		break;
	case KIO_EV_OFFICER_VIEW:
		ev->u.officer.view = r->officer;
		officer_event(k, r->officer);
		break;
	case KIO_EV_LIST_DONE:
		ev->u.list.page = r->page;
		kio_events_emit(k->events, "result", {"what", "list"}, {"err", err},
		                {"code", ev->u.list.api_code});
		break;
	case KIO_EV_CODE_POLL_DONE:
		kio_events_emit(k->events, "result", {"what", "login_code"}, {"err", err},
		                {"code", ev->u.phone.api_code},
		                {"pending", ev->u.phone.pending ? "yes" : "no"});
		break;
	case KIO_EV_VERIFY_DONE:
		kio_events_emit(k->events, "result", {"what", "verify"}, {"err", err},
		                {"code", ev->u.verify.api_code});
		break;
	case KIO_EV_PRINT_DONE:
		kio_events_emit(k->events, "print", {"err", err}, {"reason", ev->u.print.reason},
		                {"credit_kept", ev->u.print.credit_kept ? "yes" : "no"});
		/* A print the server may not have heard of is settled soon, not
		 * at recovery's idle pace (sched.c). */
		if (ev->err)
			kio_kiosk_post_job(k, JOB_RECOVER, NULL);
		break;
	case KIO_EV_PREVIEW_DONE:
		kio_kiosk_preview_done(k, r);
		break;
	case KIO_EV_PRINTER_STATUS:
		if (strcmp(ev->u.status.condition, k->sm->printer_condition))
			kio_events_emit(k->events, "printer",
			                {"condition", ev->u.status.condition});
		break;
	default:
		break;
	}
	kio_kiosk_feed(k, ev);
}

static void handle_result(kio_kiosk_t *k, kio_result_t *r)
{
	switch (r->kind) {
	case KIO_RESULT_EVENT:
		handle_event(k, r);
		break;
	case KIO_RESULT_CONFIG:
		config_applied(k, r->cfg);
		break;
	case KIO_RESULT_WIPE_PROBE:
		kio_script_run_probe_answer(k->script, r->left);
		break;
	}
	result_free(r);
}

/* ---- the loop -------------------------------------------------------------- */

/* The signals that stop the kiosk, blocked in every thread and taken by the
 * sigwait thread. */
static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
}

static void *signal_thread(void *arg)
{
	kio_kiosk_t *k = arg;
	sigset_t set;
	int sig;
	stop_signals(&set);
	if (sigwait(&set, &sig) == 0) {
		SDL_Event e;
		memset(&e, 0, sizeof e);
		e.type = k->wake_event;
		e.user.code = WAKE_SIGNAL;
		SDL_PushEvent(&e);
	}
	return NULL;
}

static int min_timeout(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

/* When the UI thread's own timers are next due (monotonic ms); the
 * background duties are the bg worker's (sched.c). */
typedef struct timers {
	uint64_t feed;
	uint64_t feed_ms;
	uint64_t first_frame_ms;
} timers_t;

/* Feed only while every worker makes progress; a stuck one gets the kiosk
 * restarted by the watchdog. */
static void feed_watchdog(kio_kiosk_t *k, timers_t *t, uint64_t now)
{
	if (now < t->feed)
		return;
	uint64_t bound = (uint64_t)(k->cfg.request_timeout_s + k->cfg.job_timeout_s + 60) * 1000u;
	if (!kio_worker_stuck(k->session.worker, now, bound * 2) &&
	    !kio_worker_stuck(k->bg.worker, now, bound * 4))
		kio_watchdog_feed(k->watchdog);
	else
		kio_warn("kiosk", "a worker is stuck; not feeding the watchdog");
	t->feed = now + t->feed_ms;
}

/* Timers only post jobs, never wait. */
static void run_timers(kio_kiosk_t *k, timers_t *t, uint64_t now)
{
	feed_watchdog(k, t, now);
	if (k->compact_at && now >= k->compact_at) {
		/* The texts shrink to their glyphs at the next frame (a whole
		 * repaint of the same picture); after it, their old pixels and
		 * the garbage of start-up or of the session (TLS and JSON, the
		 * status checks) go back to the system: they lie in free chunks
		 * between live ones, where free() cannot return them. 2.8 MB
		 * of the idle kiosk's 5.9 MB heap. Only on the idle screen: a
		 * citizen who is already busy gets it at the session's end. */
		if (k->sm->screen == KIO_SCREEN_IDLE) {
			kio_ui_compact(k->ui);
			k->trim_pending = true;
			kio_events_emit(k->events, "memory", {"what", "compacted"});
		}
		k->compact_at = 0;
	}
	/* Let the state machine see time pass (countdowns): its deadline is
	 * relative to the last event it saw. */
	int sm_due = kio_sm_next_deadline_ms(k->sm);
	if (sm_due >= 0 && now >= k->sm->now_ms + (uint64_t)sm_due) {
		kio_sm_event_t tick = kio_sm_tick(now);
		kio_kiosk_feed(k, &tick);
	}
}

/* Draws a frame if anything changed; after a session's wipe gives freed
 * pages back once the next frame is out. */
static void render(kio_kiosk_t *k, timers_t *t)
{
	char clk[64];
	kio_ui_format_clock(k->ui, (int64_t)time(NULL), clk, sizeof clk);
	uint64_t t0 = kio_frames_now_us();
	bool drawn = kio_ui_render(k->ui, k->sm, clk);
	if (drawn)
		kio_frames_count(k, t0, kio_frames_now_us());
	kio_kiosk_speak(k);
	if (drawn && k->trim_pending) {
		malloc_trim(0);
		kio_ui_trim(k->ui);
		k->trim_pending = false;
	}
	if (drawn && !t->first_frame_ms) {
		t->first_frame_ms = kio_now_ms();
		char ms[32], unix_ms[32];
		snprintf(ms, sizeof ms, "%llu",
		         (unsigned long long)(t->first_frame_ms - k->start_ms));
		/* Wall-clock too: a benchmark that noted the time of exec measures
		 * what this process cannot see, the loader and main()'s set-up. */
		struct timespec wall;
		clock_gettime(CLOCK_REALTIME, &wall);
		snprintf(unix_ms, sizeof unix_ms, "%lld",
		         (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000);
		/* And the CPU the UI thread spent to get here, loader included:
		 * on a shared machine wall time varies, this does not. */
		char cpu_ms[32];
		struct rusage ru;
		getrusage(RUSAGE_THREAD, &ru);
		snprintf(cpu_ms, sizeof cpu_ms, "%lld",
		         (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
		             (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000);
		kio_events_emit(k->events, "first_frame", {"ms", ms}, {"unix_ms", unix_ms},
		                {"cpu_ms", cpu_ms});
	}
}

/* How long the loop may sleep: until the first deadline of the script, the
 * state machine, the UI's animations, the timers and the minute clock. */
static int sleep_ms(kio_kiosk_t *k, const timers_t *t, int script_ms, uint64_t now)
{
	int timeout = script_ms;
	int sm_due = kio_sm_next_deadline_ms(k->sm);
	uint64_t t_now = kio_now_ms();
	if (sm_due >= 0) {
		uint64_t at = k->sm->now_ms + (uint64_t)sm_due;
		timeout = min_timeout(timeout, at > t_now ? (int)(at - t_now) : 0);
	}
	timeout = min_timeout(timeout, kio_ui_next_deadline_ms(k->ui, k->sm, now));
	uint64_t next = t->feed;
	if (k->compact_at && k->compact_at < next)
		next = k->compact_at;
	if (next != UINT64_MAX)
		timeout = min_timeout(timeout, next > t_now ? (int)(next - t_now) : 0);
	/* The clock on screen changes once a minute. */
	timeout = min_timeout(timeout, (int)(60000 - (uint64_t)time(NULL) % 60 * 1000));
	if (k->opts.exit_after_idle_ms > 0)
		timeout = min_timeout(timeout, 10);
	return timeout;
}

/* The watchdog's feeding times; none to feed: never (no wake-up for it). */
static void arm_feed(const kio_kiosk_t *k, timers_t *t)
{
	t->feed_ms = kio_watchdog_interval_ms(k->watchdog);
	t->feed = strcmp(kio_watchdog_driver(k->watchdog), "none") == 0 ? UINT64_MAX : 0;
}

/* --no-display: the workers alone (fleet runs, many kiosks on one machine):
 * no SDL, no state machine. This thread feeds the watchdog and waits for a
 * stop signal (blocked in every thread), each wait bounded by the next
 * feed or an hour. */
static int service_loop(kio_kiosk_t *k)
{
	sigset_t set;
	timers_t t = {0};
	arm_feed(k, &t);
	stop_signals(&set);
	for (;;) {
		uint64_t now = kio_now_ms();
		feed_watchdog(k, &t, now);
		uint64_t wait = t.feed > now ? t.feed - now : 0;
		if (wait > 3600000u)
			wait = 3600000u;
		struct timespec ts = {(time_t)(wait / 1000u), (long)(wait % 1000u) * 1000000L};
		if (sigtimedwait(&set, NULL, &ts) > 0)
			break;
	}
	kio_info("kiosk", "stop signal: stopping the workers");
	return 0;
}

static kio_err_t start_services(kio_kiosk_t *k, const kio_kiosk_opts_t *opts);
static void restore_lock(kio_kiosk_t *k);

static int main_loop(kio_kiosk_t *k, const kio_kiosk_opts_t *opts)
{
	timers_t t = {0};
	bool quit = false, started = false;

	while (!quit) {
		uint64_t now = kio_now_ms();
		if (started)
			run_timers(k, &t, now);
		render(k, &t);
		if (!started) {
			/* The idle screen is on the glass: only now open what it
			 * does not need (the print log, the workers with CUPS and
			 * libcurl, the watchdog), so a citizen sees the kiosk
			 * ready as early as a bare SDL window would be, and on a
			 * small board that work does not compete with the first
			 * frame. Nothing can be tapped before this runs. */
			restore_lock(k);
			if (start_services(k, opts) != KIO_OK)
				return 1;
			arm_feed(k, &t);
			k->compact_at = kio_now_ms() + KIO_COMPACT_AFTER_MS;
			started = true;
			continue;
		}
		if (k->opts.exit_after_idle_ms > 0 && t.first_frame_ms &&
		    kio_now_ms() - t.first_frame_ms >= (uint64_t)k->opts.exit_after_idle_ms)
			break;
		int script_ms = -1;
		if (k->script && (script_ms = kio_script_run_step(k, k->script)) < 0)
			break;

		SDL_Event e;
		if (!SDL_WaitEventTimeout(&e, sleep_ms(k, &t, script_ms, now)))
			continue;
		do {
			if (e.type == k->wake_event) {
				if (e.user.code == WAKE_SIGNAL)
					quit = true;
				continue;
			}
			kio_kiosk_ui_event(k, &e, &quit);
		} while (SDL_PollEvent(&e));

		kio_kiosk_take_scans(k);
		kio_result_t r;
		while (take_result(k, &r))
			handle_result(k, &r);
	}
	kio_frames_emit(k);
	if (k->script)
		return kio_script_run_passed(k->script) ? 0 : 1;
	return 0;
}

/* ---- start and stop ------------------------------------------------------------ */

static void cfg_diag(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "%s\n", line);
}

/* A technician lock and wrong-PIN count left by an earlier run, handed to
 * the state machine. */
static void restore_lock(kio_kiosk_t *k)
{
	kio_store_t *st = NULL;
	if (kio_store_open(&st, k->cfg.data_dir))
		return;
	int64_t until = 0, failures = 0;
	bool found = false, found_failures = false;
	if (kio_store_kv_get_int(st, "tech.locked_until", &until, &found) != KIO_OK)
		found = false;
	if (kio_store_kv_get_int(st, "tech.pin_failures", &failures, &found_failures) != KIO_OK)
		found_failures = false;
	if (found || found_failures) {
		kio_sm_event_t ev = {.kind = KIO_EV_LOCK_RESTORED};
		ev.u.lock.until_s = found ? until : 0;
		ev.u.lock.failures =
		    found_failures && failures > 0 && failures < 100 ? (int)failures : 0;
		kio_kiosk_feed(k, &ev);
	}
	kio_store_close(st);
}

/* Config, root check, data directory, --events and --script. Returns the
 * exit status to give up with, or -1 to go on. */
static int open_inputs(kio_kiosk_t *k, const kio_kiosk_opts_t *opts)
{
	kio_config_defaults(&k->cfg);
	if (kio_config_load(&k->cfg, opts->config_path, cfg_diag, NULL)) {
		fprintf(stderr, "adm-kiosk: refusing to start with an invalid configuration\n");
		return 2;
	}
	if (opts->dev)
		k->cfg.allow_plain_http = true;
	if (geteuid() == 0 && !opts->allow_root) {
		fprintf(stderr, "adm-kiosk: refusing to run as root (use a kiosk user, or "
		                "--allow-root for development)\n");
		return 2;
	}
	if (mkdir(k->cfg.data_dir, 0700) && errno != EEXIST)
		kio_warn("kiosk", "cannot create %s: %s", k->cfg.data_dir, strerror(errno));
	if (opts->events) {
		k->events = kio_events_open(opts->events, k->start_ms);
		if (!k->events)
			kio_warn("kiosk", "cannot write events to %s", opts->events);
	}
	if (opts->script) {
		char why[256];
		if (kio_script_run_open(opts->script, &k->script, why, sizeof why)) {
			fprintf(stderr, "adm-kiosk: %s: %s\n", opts->script, why);
			return 2;
		}
	}
	return -1;
}

static kio_err_t open_screen(kio_kiosk_t *k, const kio_kiosk_opts_t *opts)
{
	int w, h;
	screen_size(&k->cfg, &w, &h);
	/* The done screen's QR is the document's own verification address,
	 * on the verification host (which may differ from the API host). */
	char verify_base[KIO_CFG_STR];
	KIO_COPY(verify_base, k->cfg.verify_url); /* no trailing '/': config.c */
	kio_ui_opts_t uo = {
	    .width = w,
	    .height = h,
	    .fullscreen = opts->fullscreen || (!opts->windowed && !opts->hidden),
	    .hidden = opts->hidden,
	    .font_path = k->cfg.font_path,
	    .assets_dir = opts->assets_dir,
	    .language = k->cfg.language,
	    .hotline = k->cfg.hotline,
	    .verify_base_url = verify_base,
	    .kiosk_id = k->cfg.kiosk_id,
	    /* On screen, a frame stays short on a slow board; hidden (test
	     * scripts, screenshots) every frame is complete. */
	    .progressive = !opts->hidden,
	};
	kio_err_t err = kio_ui_open(&uo, &k->ui);
	if (err)
		fprintf(stderr, "adm-kiosk: cannot open the screen: %s\n", kio_err_name(err));
	return err;
}

/* Watchdog and workers; then the print log hears that the kiosk started. */
static kio_err_t start_services(kio_kiosk_t *k, const kio_kiosk_opts_t *opts)
{
	kio_err_t err = kio_watchdog_open(k->cfg.watchdog_device, &k->watchdog);
	if (err) {
		kio_warn("kiosk", "watchdog %s unavailable; running without",
		         k->cfg.watchdog_device);
		err = kio_watchdog_open("", &k->watchdog);
		if (err)
			return err;
	}
	err = kio_services_start(k);
	if (err) {
		kio_error("kiosk", "workers could not start: %s", kio_err_name(err));
		return err;
	}
	kio_effect_t started = {.kind = KIO_FX_LOG};
	KIO_COPY(started.log_type, "kiosk.started");
	KIO_COPY(started.value, KIO_VERSION);
	kio_kiosk_post_job(k, JOB_LOG, &started);
	kio_watchdog_ready(k->watchdog);
	kio_info("kiosk", "%s started (watchdog: %s, printer driver: %s, scanner: %s)",
	         k->cfg.kiosk_id, kio_watchdog_driver(k->watchdog),
	         opts->printer_driver ? opts->printer_driver : "cups",
	         kio_scanner_driver(k->scanner));
	return KIO_OK;
}

static void close_all(kio_kiosk_t *k)
{
	kio_services_stop(k);
	kio_result_t r;
	while (take_result(k, &r))
		result_free(&r);
	kio_watchdog_close(k->watchdog);
	kio_testpage_shutdown();     /* workers are gone; before the UI's FcFini */
	kio_speech_close(k->speech); /* its audio device before SDL goes */
	kio_ui_close(k->ui);
	kio_sm_free(k->sm);
	kio_scanner_close(k->scanner);
	kio_script_run_close(k->script);
	kio_events_close(k->events);
	pthread_mutex_destroy(&k->rq_lock);
	explicit_bzero(k, sizeof *k);
	free(k);
}

int kio_kiosk_run(const kio_kiosk_opts_t *opts)
{
	kio_kiosk_t *k = calloc(1, sizeof *k);
	pthread_t sig_thread;
	bool sig_started = false;
	int rc = 1;

	if (!k)
		return 1;
	k->opts = *opts;
	k->start_ms = kio_now_ms();
	k->start_wall = (int64_t)time(NULL);
	pthread_mutex_init(&k->rq_lock, NULL);
	int early = open_inputs(k, opts);
	if (early >= 0) {
		rc = early;
		goto out;
	}

	/* Signals become main-loop events: block them in every thread (the
	 * workers inherit the mask) and let one thread sigwait for them. */
	sigset_t set;
	stop_signals(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (opts->no_display) {
		if (start_services(k, opts) == KIO_OK)
			rc = service_loop(k);
		goto out;
	}
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");

	k->sm = kio_sm_new(k->cfg.inactivity_s, k->cfg.inactivity_warning_s, k->cfg.language);
	if (k->sm) {
		k->sm->access.voice_default = k->cfg.voice_default;
		k->sm->access.voice = k->cfg.voice_default;
	}
	if (!k->sm || open_screen(k, opts))
		goto out;
	if (kio_scanner_open(opts->scanner_driver, &k->scanner)) {
		fprintf(stderr, "adm-kiosk: unknown scanner driver '%s'\n", opts->scanner_driver);
		rc = 2;
		goto out;
	}
	k->wake_event = SDL_RegisterEvents(1);
	if (pthread_create(&sig_thread, NULL, signal_thread, k) == 0)
		sig_started = true;
	rc = main_loop(k, opts);

out:
	if (sig_started) {
		pthread_kill(sig_thread, SIGTERM);
		pthread_join(sig_thread, NULL);
	}
	close_all(k);
	return rc;
}
