/*
 * kiosk.c — the UI thread: one event-driven loop.
 *
 *   SDL input ──► ui (intent) ──┐
 *   worker results ─────────────┼──► sm ──► effects ──► workers / wipe / log
 *   timers (inactivity, status) ┘                 └──► ui redraw if changed
 *
 * The loop sleeps in SDL_WaitEventTimeout until the next deadline (state
 * machine countdown, spinner frame, status poll, heartbeat, watchdog), so an
 * idle kiosk uses ~0 % CPU. Signals arrive through a sigwait thread that
 * turns them into SDL events: no work in signal handlers.
 */
#include "kiosk/kiosk.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/str.h"
#include "core/nik.h"
#include "kiosk/kiosk-private.h"
#include "kiosk/script.h"
#include "print/testpage.h"

enum {
	STATUS_EVERY_MS = 5000,           /* printer + disk check for the idle screen */
	RECOVER_EVERY_MS = 30000,         /* settle prints the server has not heard of */
	PRUNE_EVERY_MS = 6 * 3600 * 1000, /* retention is in days: a few checks a day */
	WAKE_SIGNAL = 1,
	WAKE_RESULT = 2,
};

/* ---- results from workers ------------------------------------------------------ */

void kio_kiosk_post_result(kio_kiosk_t *k, unsigned gen, const kio_sm_event_t *ev,
                           kio_app_page_t *page)
{
	pthread_mutex_lock(&k->rq_lock);
	if (k->rq_count >= KIO_RESULTS_MAX) {
		/* Only progress events can pile up; dropping one is harmless,
		 * dropping a final result is not — so keep finals, drop this. */
		pthread_mutex_unlock(&k->rq_lock);
		if (page) {
			explicit_bzero(page, sizeof *page);
			free(page);
		}
		kio_warn("kiosk", "result queue full, dropped an event");
		return;
	}
	kio_result_t *r = &k->rq[(k->rq_head + k->rq_count) % KIO_RESULTS_MAX];
	r->gen = gen;
	r->ev = *ev;
	r->page = page;
	k->rq_count++;
	pthread_mutex_unlock(&k->rq_lock);

	SDL_Event wake;
	memset(&wake, 0, sizeof wake);
	wake.type = k->wake_event;
	wake.user.code = WAKE_RESULT;
	SDL_PushEvent(&wake);
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

/* ---- the --events log of a run (JSON lines; never a NIK or a secret) ---- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void emit(kio_kiosk_t *k, const char *type, const char *k1, const char *v1, const char *k2,
                 const char *v2, const char *k3, const char *v3)
{
	if (!k->events)
		return;
	fprintf(k->events,
	        "{\"t_ms\":%llu,\"type\":", (unsigned long long)(kio_now_ms() - k->start_ms));
	json_str(k->events, type);
	const char *keys[3] = {k1, k2, k3}, *vals[3] = {v1, v2, v3};
	for (int i = 0; i < 3; i++) {
		if (!keys[i])
			continue;
		fprintf(k->events, ",\"%s\":", keys[i]);
		json_str(k->events, vals[i]);
	}
	fputs("}\n", k->events);
	fflush(k->events);
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

static void post_job(kio_kiosk_t *k, kio_job_kind_t kind, const kio_effect_t *fx)
{
	kio_job_t *job = calloc(1, sizeof *job);
	if (!job)
		return;
	job->kind = kind;
	job->gen = atomic_load(&k->gen);
	if (fx)
		job->fx = *fx;
	if (kind == JOB_TECH && !strcmp(job->fx.action, "page-6")) {
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

static void post_config(kio_kiosk_t *k, bool save, const char *what)
{
	kio_job_t *job = calloc(1, sizeof *job);
	if (!job)
		return;
	job->kind = JOB_CONFIG;
	job->cfg = k->cfg;
	job->gen = atomic_load(&k->gen);
	/* Every worker gets the new copy; only bg writes the file and logs. */
	kio_service_t *svcs[] = {&k->session};
	for (int i = 0; i < 1; i++)
		if (svcs[i]->worker && kio_worker_post(svcs[i]->worker, job))
			kio_warn("kiosk", "config not handed to %s", svcs[i]->name);
	job->save = save;
	KIO_COPY(job->fx.value, what);
	if (k->bg.worker && kio_worker_post(k->bg.worker, job))
		kio_warn("kiosk", "config not saved: worker queue full");
	free(job);
}

static void sm_feed(kio_kiosk_t *k, kio_sm_event_t *ev);

static void apply_screen_size(kio_kiosk_t *k)
{
	int w = k->cfg.screen_width, h = k->cfg.screen_height;
	bool portrait = k->cfg.orientation == KIO_ORIENT_PORTRAIT;
	if ((portrait && w > h) || (!portrait && h > w)) {
		int t = w;
		w = h;
		h = t;
	}
	if (kio_ui_set_size(k->ui, w, h))
		kio_warn("kiosk", "cannot resize the window to %dx%d", w, h);
}

/* A technician's "set section.key=value": validated here, applied at once,
 * saved atomically by the bg worker (which also logs config.changed). */
static void tech_set(kio_kiosk_t *k, const char *assignment)
{
	char sec[64], key[64], value[KIO_MESSAGE_MAX], why[256];
	const char *dot = strchr(assignment, '.'), *eq = strchr(assignment, '=');
	kio_sm_event_t ev = {.kind = KIO_EV_TECH_DONE};

	if (!dot || !eq || eq < dot || dot - assignment >= (long)sizeof sec ||
	    eq - dot - 1 >= (long)sizeof key) {
		snprintf(ev.u.tech.text, sizeof ev.u.tech.text, "Format: bagian.kunci=nilai");
		sm_feed(k, &ev);
		return;
	}
	snprintf(sec, sizeof sec, "%.*s", (int)(dot - assignment), assignment);
	snprintf(key, sizeof key, "%.*s", (int)(eq - dot - 1), dot + 1);
	KIO_COPY(value, eq + 1);
	if (strstr(key, "pin")) {
		/* PINs are set with adm-kioskctl set-pin, never typed into a log. */
		snprintf(ev.u.tech.text, sizeof ev.u.tech.text, "PIN diubah lewat adm-kioskctl.");
		sm_feed(k, &ev);
		return;
	}
	kio_config_t next = k->cfg;
	if (kio_config_set(&next, sec, key, value, why, sizeof why)) {
		snprintf(ev.u.tech.text, sizeof ev.u.tech.text, "Ditolak: %s.%s: %s", sec, key,
		         why);
		sm_feed(k, &ev);
		return;
	}
	kio_config_t prev = k->cfg;
	k->cfg = next;
	char what[KIO_MESSAGE_MAX];
	snprintf(what, sizeof what, "%s.%s=%s", sec, key, value);
	post_config(k, true, what);

	/* Take effect without a restart where possible. */
	kio_sm_event_t cc = {.kind = KIO_EV_CONFIG_CHANGED};
	cc.u.config.inactivity_s = k->cfg.inactivity_s;
	cc.u.config.warning_s = k->cfg.inactivity_warning_s;
	if (strcmp(prev.language, k->cfg.language))
		KIO_COPY(cc.u.config.language, k->cfg.language);
	sm_feed(k, &cc);
	if (prev.orientation != k->cfg.orientation || prev.screen_width != k->cfg.screen_width ||
	    prev.screen_height != k->cfg.screen_height)
		apply_screen_size(k);
}

/* Settings the technician screens change directly map to config keys. */
static void tech_action(kio_kiosk_t *k, const kio_effect_t *e)
{
	static const struct {
		const char *action, *key;
	} settings[] = {
	    {"language", "kiosk.language"},       {"orientation", "screen.orientation"},
	    {"inactivity", "kiosk.inactivity_s"}, {"media_type", "printer.media_type"},
	    {"queue", "printer.queue"},
	};
	char assignment[KIO_MESSAGE_MAX + 64];
	if (!strcmp(e->action, "set")) {
		tech_set(k, e->value);
		return;
	}
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		if (strcmp(e->action, settings[i].action))
			continue;
		snprintf(assignment, sizeof assignment, "%s=%s", settings[i].key, e->value);
		tech_set(k, assignment);
		return;
	}
	post_job(k, JOB_TECH, e);
}

static void run_effects(kio_kiosk_t *k, kio_effects_t *fx)
{
	for (int i = 0; i < fx->n; i++) {
		kio_effect_t *e = &fx->fx[i];
		switch (e->kind) {
		case KIO_FX_LOGIN:
			emit(k, "request", "what", "login", NULL, NULL, NULL, NULL);
			post_job(k, JOB_LOGIN, e);
			break;
		case KIO_FX_LIST:
			emit(k, "request", "what", "list", NULL, NULL, NULL, NULL);
			post_job(k, JOB_LIST, e);
			break;
		case KIO_FX_LOGOUT:
			/* Abort what is in flight, then tell the server. */
			kio_client_cancel(k->session.client);
			atomic_fetch_add(&k->gen, 1);
			post_job(k, JOB_LOGOUT, e);
			emit(k, "request", "what", "logout", NULL, NULL, NULL, NULL);
			break;
		case KIO_FX_WIPE:
			/* The token is wiped by the session worker's logout; the
			 * PDF bytes never outlive their print job; the texts drawn
			 * for the citizen go here. */
			kio_ui_forget_session(k->ui);
			/* A session's textures and buffers were freed above and by
			 * the workers; the idle screen's first frame re-rasterises its
			 * texts through temporary surfaces. Once that frame is out,
			 * the freed pages go back to the system, not just to malloc. */
			k->trim_pending = true;
			emit(k, "session", "what", "wiped", NULL, NULL, NULL, NULL);
			break;
		case KIO_FX_PRINT:
			atomic_store(&k->print_cancel, false);
			emit(k, "request", "what", "print", "document", e->doc.id, NULL, NULL);
			post_job(k, JOB_PRINT, e);
			break;
		case KIO_FX_CANCEL_PRINT:
			atomic_store(&k->print_cancel, true);
			emit(k, "request", "what", "cancel_print", NULL, NULL, NULL, NULL);
			break;
		case KIO_FX_VERIFY_PIN:
			post_job(k, JOB_PIN, e);
			break;
		case KIO_FX_TECH_ACTION:
			emit(k, "technician", "action", e->action, NULL, NULL, NULL, NULL);
			tech_action(k, e);
			break;
		case KIO_FX_LOG:
			post_job(k, JOB_LOG, e);
			break;
		case KIO_FX_SCREEN:
			emit(k, "screen", "screen", kio_screen_name(e->screen), NULL, NULL, NULL,
			     NULL);
			/* Fresh printer and disk facts where a decision follows: the
			 * idle screen's availability and the confirm's "Cetak". */
			if (e->screen == KIO_SCREEN_IDLE || e->screen == KIO_SCREEN_CONFIRM)
				post_job(k, JOB_STATUS, NULL);
			if (e->screen == KIO_SCREEN_ERROR) {
				emit(k, "error", "key", k->sm->error.key, NULL, NULL, NULL, NULL);
				note_error(k, k->sm->error.key);
			}
			break;
		}
		explicit_bzero(e->password, sizeof e->password);
	}
}

static void sm_feed(kio_kiosk_t *k, kio_sm_event_t *ev)
{
	kio_effects_t fx;
	ev->now_ms = kio_now_ms();
	if (!ev->wall_s)
		ev->wall_s = (int64_t)time(NULL);
	kio_sm_handle(k->sm, ev, &fx);
	run_effects(k, &fx);
	explicit_bzero(&fx, sizeof fx);
}

static void handle_result(kio_kiosk_t *k, kio_result_t *r)
{
	kio_sm_event_t *ev = &r->ev;
	bool session_event = ev->kind == KIO_EV_LOGIN_DONE || ev->kind == KIO_EV_LIST_DONE;
	if (session_event && r->gen != atomic_load(&k->gen)) {
		/* An answer for a session that has ended: drop it. */
		goto out;
	}
	switch (ev->kind) {
	case KIO_EV_LOGIN_DONE:
		emit(k, "result", "what", "login", "err", kio_err_name((kio_err_t)ev->err), "code",
		     ev->u.login.api_code);
		break;
	case KIO_EV_LIST_DONE:
		ev->u.list.page = r->page;
		emit(k, "result", "what", "list", "err", kio_err_name((kio_err_t)ev->err), "code",
		     ev->u.list.api_code);
		break;
	case KIO_EV_PRINT_DONE:
		emit(k, "print", "err", kio_err_name((kio_err_t)ev->err), "reason",
		     ev->u.print.reason, "credit_kept", ev->u.print.credit_kept ? "yes" : "no");
		break;
	case KIO_EV_PRINTER_STATUS:
		if (strcmp(ev->u.status.condition, k->sm->printer_condition))
			emit(k, "printer", "condition", ev->u.status.condition, NULL, NULL, NULL,
			     NULL);
		break;
	default:
		break;
	}
	sm_feed(k, ev);
out:
	if (r->page) {
		explicit_bzero(r->page, sizeof *r->page);
		free(r->page);
	}
	explicit_bzero(r, sizeof *r);
}

/* ---- the automation script --------------------------------------------------- */

typedef struct script_run {
	kio_script_t script;
	int pc;
	uint64_t step_start_ms;
	bool step_started;
	bool failed;
	bool done;
} script_run_t;

static bool key_event(const char *name, SDL_Event *down)
{
	char buf[64];
	Uint16 mod = 0;
	KIO_COPY(buf, name);
	char *p = buf, *plus;
	while ((plus = strchr(p, '+')) && plus[1]) {
		*plus = 0;
		if (!strcasecmp(p, "ctrl"))
			mod |= KMOD_LCTRL;
		else if (!strcasecmp(p, "alt"))
			mod |= KMOD_LALT;
		else if (!strcasecmp(p, "shift"))
			mod |= KMOD_LSHIFT;
		else if (!strcasecmp(p, "super") || !strcasecmp(p, "gui"))
			mod |= KMOD_LGUI;
		else
			return false;
		p = plus + 1;
	}
	SDL_Keycode code = SDL_GetKeyFromName(p);
	if (code == SDLK_UNKNOWN)
		return false;
	memset(down, 0, sizeof *down);
	down->type = SDL_KEYDOWN;
	down->key.state = SDL_PRESSED;
	down->key.keysym.sym = code;
	down->key.keysym.scancode = SDL_GetScancodeFromKey(code);
	down->key.keysym.mod = mod;
	return true;
}

static void ui_event(kio_kiosk_t *k, const SDL_Event *e, bool *quit);

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* Test hook: what a session leaves behind must be gone after logout. Returns
 * NULL when clean, else what is still there. */
static const char *leftover(kio_kiosk_t *k)
{
	const kio_sm_t *sm = k->sm;
	if (sm->in_session || !all_zero(&sm->citizen, sizeof sm->citizen))
		return "citizen in the state machine";
	if (!all_zero(sm->page, sizeof *sm->page))
		return "applications page";
	if (!all_zero(&sm->login, sizeof sm->login))
		return "login buffers";
	if (!all_zero(&sm->selected, sizeof sm->selected))
		return "selected document";
	if (kio_client_has_session(k->session.client))
		return "session token";
	if (kio_client_live_docs(k->session.client) || kio_client_live_docs(k->bg.client))
		return "document bytes";
	return NULL;
}

/* Runs script steps until one has to wait. Returns ms until it wants to run
 * again (0: at once after a frame), or -1 when the script is over. */
static int script_step(kio_kiosk_t *k, script_run_t *s)
{
	if (s->done)
		return -1;
	if (s->pc >= s->script.nsteps) {
		s->done = true;
		emit(k, "script", "result", s->failed ? "failed" : "ok", NULL, NULL, NULL, NULL);
		return -1;
	}
	kio_script_step_t *st = &s->script.steps[s->pc];
	uint64_t now = kio_now_ms();
	char line[16];
	snprintf(line, sizeof line, "%d", st->line);
	if (!s->step_started) {
		s->step_started = true;
		s->step_start_ms = now;
	}
	kio_sm_event_t ev;
	bool advance = true;
	switch (st->op) {
	case KIO_OP_TAP:
		if (kio_ui_tap(k->ui, st->arg, now, &ev) == KIO_UI_INTENT) {
			sm_feed(k, &ev);
		} else if (now - s->step_start_ms < 2000) {
			advance = false; /* the widget may appear with the next frame */
		} else {
			emit(k, "script", "error", "no such widget", "arg", st->arg, "line", line);
			kio_error("script", "line %d: no widget '%s' on screen %s", st->line,
			          st->arg, kio_screen_name(k->sm->screen));
			s->failed = true;
			s->done = true;
			return -1;
		}
		break;
	case KIO_OP_TYPE:
		for (const char *c = st->arg; *c; c++)
			if (kio_ui_type_char(k->ui, *c, now, &ev) == KIO_UI_INTENT)
				sm_feed(k, &ev);
		/* A script types NIKs and passwords: keep them no longer than a
		 * citizen's own typing is kept. */
		explicit_bzero(st->arg, strlen(st->arg));
		explicit_bzero(&ev, sizeof ev);
		break;
	case KIO_OP_KEY: {
		SDL_Event down;
		bool quit = false;
		if (!key_event(st->arg, &down)) {
			kio_error("script", "line %d: unknown key '%s'", st->line, st->arg);
			s->failed = s->done = true;
			return -1;
		}
		ui_event(k, &down, &quit);
		down.type = SDL_KEYUP;
		down.key.state = SDL_RELEASED;
		ui_event(k, &down, &quit);
		break;
	}
	case KIO_OP_WAIT:
		if (strcmp(kio_screen_name(k->sm->screen), st->arg)) {
			if (now - s->step_start_ms > (uint64_t)st->ms) {
				emit(k, "script", "error", "wait timed out", "arg", st->arg, "line",
				     line);
				kio_error("script", "line %d: still on %s after %d ms, wanted %s",
				          st->line, kio_screen_name(k->sm->screen), st->ms,
				          st->arg);
				s->failed = s->done = true;
				return -1;
			}
			advance = false;
		}
		break;
	case KIO_OP_EXPECT_TEXT:
		if (!kio_ui_has_text(k->ui, st->arg)) {
			/* Results may still be arriving: allow one second. */
			if (now - s->step_start_ms < 1000) {
				advance = false;
				break;
			}
			emit(k, "script", "error", "text not shown", "arg", st->arg, "line", line);
			kio_error("script", "line %d: text '%s' not on screen %s", st->line,
			          st->arg, kio_screen_name(k->sm->screen));
			s->failed = s->done = true;
			return -1;
		}
		break;
	case KIO_OP_SCREENSHOT: {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s.png", k->opts.shot_dir ? k->opts.shot_dir : ".",
		         st->arg);
		if (kio_ui_screenshot(k->ui, path))
			kio_warn("script", "screenshot %s failed", path);
		break;
	}
	case KIO_OP_SLEEP:
		if (now - s->step_start_ms < (uint64_t)st->ms)
			advance = false;
		break;
	case KIO_OP_EXPECT_WIPED: {
		const char *left = leftover(k);
		if (left && now - s->step_start_ms < 2000) {
			advance = false; /* the logout job may still be running */
			break;
		}
		if (left) {
			emit(k, "script", "error", "not wiped", "arg", left, "line", line);
			kio_error("script", "line %d: after logout the kiosk still holds: %s",
			          st->line, left);
			s->failed = s->done = true;
			return -1;
		}
		emit(k, "script", "wiped", "yes", NULL, NULL, NULL, NULL);
		break;
	}
	case KIO_OP_EXEC: {
		const char *allow = getenv("KIO_SCRIPT_EXEC");
		if (!allow || strcmp(allow, "1")) {
			kio_error("script", "line %d: exec needs KIO_SCRIPT_EXEC=1", st->line);
			s->failed = s->done = true;
			return -1;
		}
		int rc = system(st->arg);
		if (rc != 0) {
			kio_error("script", "line %d: exec failed (%d): %s", st->line, rc, st->arg);
			s->failed = s->done = true;
			return -1;
		}
		break;
	}
	}
	if (!advance) {
		/* Results and input wake the loop by themselves; the timeout is
		 * only for deadlines, so an idle script costs no CPU. */
		uint64_t elapsed = now - s->step_start_ms;
		if (st->op == KIO_OP_SLEEP)
			return (int)((uint64_t)st->ms - elapsed);
		if (st->op == KIO_OP_WAIT)
			return (int)((uint64_t)st->ms > elapsed ? (uint64_t)st->ms - elapsed + 1
			                                        : 1);
		return 50; /* tap/expect retries while the next frame settles */
	}
	emit(k, "script", "step", line, NULL, NULL, NULL, NULL);
	s->pc++;
	s->step_started = false;
	return 0;
}

/* ---- the loop -------------------------------------------------------------- */

static void *signal_thread(void *arg)
{
	kio_kiosk_t *k = arg;
	sigset_t set;
	int sig;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigwait(&set, &sig) == 0) {
		SDL_Event e;
		memset(&e, 0, sizeof e);
		e.type = k->wake_event;
		e.user.code = WAKE_SIGNAL;
		SDL_PushEvent(&e);
	}
	return NULL;
}

static void ui_event(kio_kiosk_t *k, const SDL_Event *e, bool *quit)
{
	kio_sm_event_t ev;
	memset(&ev, 0, sizeof ev);
	switch (kio_ui_input(k->ui, e, kio_now_ms(), &ev)) {
	case KIO_UI_INTENT:
		sm_feed(k, &ev);
		break;
	case KIO_UI_QUIT:
		/* Window close / Alt+F4 from a window manager: a citizen must not
		 * be able to leave the kiosk. Only a developer run may quit. */
		if (k->opts.dev)
			*quit = true;
		else
			emit(k, "input", "ignored", "quit", NULL, NULL, NULL, NULL);
		break;
	default:
		break;
	}
}

static int min_timeout(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static void clock_text(kio_kiosk_t *k, char *out, size_t len)
{
	kio_ui_format_clock(k->ui, (int64_t)time(NULL), out, len);
}

static int main_loop(kio_kiosk_t *k, script_run_t *script)
{
	uint64_t next_status = 0, next_heartbeat = 0, next_recover = 0, next_feed = 0;
	uint64_t next_prune = 0;
	uint64_t heartbeat_ms = (uint64_t)k->cfg.heartbeat_s * 1000u;
	uint64_t feed_ms = kio_watchdog_interval_ms(k->watchdog);
	uint64_t first_frame_ms = 0;
	bool quit = false;
	int rc = 0;

	while (!quit) {
		uint64_t now = kio_now_ms();
		char clk[64];

		/* Timers first: they only post jobs, never wait. */
		if (now >= next_status) {
			post_job(k, JOB_STATUS, NULL);
			next_status = now + STATUS_EVERY_MS;
		}
		if (now >= next_heartbeat) {
			post_job(k, JOB_HEARTBEAT, NULL);
			post_job(k, JOB_UPLOAD, NULL);
			next_heartbeat = now + heartbeat_ms;
		}
		if (now >= next_recover) {
			post_job(k, JOB_RECOVER, NULL);
			next_recover = now + RECOVER_EVERY_MS;
		}
		if (now >= next_prune) {
			post_job(k, JOB_PRUNE, NULL);
			next_prune = now + PRUNE_EVERY_MS;
		}
		if (now >= next_feed) {
			/* Feed only while every worker makes progress; a stuck
			 * one gets the kiosk restarted by the watchdog. */
			uint64_t bound =
			    (uint64_t)(k->cfg.request_timeout_s + k->cfg.job_timeout_s + 60) *
			    1000u;
			if (!kio_worker_stuck(k->session.worker, now, bound * 2) &&
			    !kio_worker_stuck(k->bg.worker, now, bound * 4))
				kio_watchdog_feed(k->watchdog);
			else
				kio_warn("kiosk", "a worker is stuck; not feeding the watchdog");
			next_feed = now + feed_ms;
		}

		/* Let the state machine see time pass (countdowns): its deadline
		 * is relative to the last event it saw. */
		int sm_due = kio_sm_next_deadline_ms(k->sm);
		if (sm_due >= 0 && now >= k->sm->now_ms + (uint64_t)sm_due) {
			kio_sm_event_t t = kio_sm_tick(now);
			sm_feed(k, &t);
		}

		clock_text(k, clk, sizeof clk);
		bool drawn = kio_ui_render(k->ui, k->sm, clk);
		if (drawn && k->trim_pending) {
			malloc_trim(0);
			k->trim_pending = false;
		}
		if (drawn && !first_frame_ms) {
			first_frame_ms = kio_now_ms();
			char ms[32];
			snprintf(ms, sizeof ms, "%llu",
			         (unsigned long long)(first_frame_ms - k->start_ms));
			emit(k, "first_frame", "ms", ms, NULL, NULL, NULL, NULL);
			/* No kio_ui_prewarm here on purpose: it keeps ~10 MB of
			 * textures for every screen, the cache is wiped at each
			 * logout anyway, and a cold screen still draws in a frame. */
		}
		if (k->opts.exit_after_idle_ms > 0 && first_frame_ms &&
		    kio_now_ms() - first_frame_ms >= (uint64_t)k->opts.exit_after_idle_ms)
			break;

		int timeout = -1;
		if (script) {
			int st = script_step(k, script);
			if (st < 0)
				break;
			timeout = st;
		}
		sm_due = kio_sm_next_deadline_ms(k->sm);
		if (sm_due >= 0) {
			uint64_t at = k->sm->now_ms + (uint64_t)sm_due, t_now = kio_now_ms();
			timeout = min_timeout(timeout, at > t_now ? (int)(at - t_now) : 0);
		}
		timeout = min_timeout(timeout, kio_ui_next_deadline_ms(k->ui, k->sm, now));
		uint64_t next_timer = next_status;
		if (next_heartbeat < next_timer)
			next_timer = next_heartbeat;
		if (next_recover < next_timer)
			next_timer = next_recover;
		if (next_feed < next_timer)
			next_timer = next_feed;
		now = kio_now_ms();
		timeout = min_timeout(timeout, next_timer > now ? (int)(next_timer - now) : 0);
		/* The clock on screen changes once a minute. */
		timeout = min_timeout(timeout, (int)(60000 - (uint64_t)time(NULL) % 60 * 1000));
		if (k->opts.exit_after_idle_ms > 0)
			timeout = min_timeout(timeout, 10);

		SDL_Event e;
		if (!SDL_WaitEventTimeout(&e, timeout))
			continue;
		do {
			if (e.type == k->wake_event) {
				if (e.user.code == WAKE_SIGNAL)
					quit = true;
				continue;
			}
			ui_event(k, &e, &quit);
		} while (SDL_PollEvent(&e));

		kio_result_t r;
		while (take_result(k, &r))
			handle_result(k, &r);
	}
	if (script)
		rc = script->failed || !script->done ? 1 : 0;
	return rc;
}

static void cfg_diag(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "%s\n", line);
}

/* Reads the technician lock left by an earlier run. */
static void restore_lock(kio_kiosk_t *k)
{
	kio_store_t *st = NULL;
	if (kio_store_open(&st, k->cfg.data_dir))
		return;
	int64_t until = 0;
	bool found = false;
	if (kio_store_kv_get_int(st, "tech.locked_until", &until, &found) == KIO_OK && found)
		k->sm->tech.locked_until_s = until;
	kio_store_close(st);
}

int kio_kiosk_run(const kio_kiosk_opts_t *opts)
{
	kio_kiosk_t *k = calloc(1, sizeof *k);
	script_run_t *script = NULL;
	pthread_t sig_thread;
	bool sig_started = false;
	int rc = 1;

	if (!k)
		return 1;
	k->opts = *opts;
	k->start_ms = kio_now_ms();
	k->start_wall = (int64_t)time(NULL);
	pthread_mutex_init(&k->rq_lock, NULL);

	kio_config_defaults(&k->cfg);
	if (kio_config_load(&k->cfg, opts->config_path, cfg_diag, NULL)) {
		fprintf(stderr, "adm-kiosk: refusing to start with an invalid configuration\n");
		rc = 2;
		goto out;
	}
	if (opts->dev)
		k->cfg.allow_plain_http = true;
	if (geteuid() == 0 && !opts->allow_root) {
		fprintf(stderr, "adm-kiosk: refusing to run as root (use a kiosk user, or "
		                "--allow-root for development)\n");
		rc = 2;
		goto out;
	}
	if (mkdir(k->cfg.data_dir, 0700) && errno != EEXIST)
		kio_warn("kiosk", "cannot create %s: %s", k->cfg.data_dir, strerror(errno));

	if (opts->events) {
		k->events = fopen(opts->events, "ae");
		if (!k->events)
			kio_warn("kiosk", "cannot write events to %s", opts->events);
	}
	if (opts->script) {
		char why[256];
		script = calloc(1, sizeof *script);
		if (!script || kio_script_load(opts->script, &script->script, why, sizeof why)) {
			fprintf(stderr, "adm-kiosk: %s: %s\n", opts->script,
			        script ? why : "nomem");
			rc = 2;
			goto out;
		}
	}

	/* Signals become main-loop events: block them in every thread (the
	 * workers inherit the mask) and let one thread sigwait for them. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");

	k->sm = kio_sm_new(k->cfg.inactivity_s, k->cfg.inactivity_warning_s, k->cfg.language);
	if (!k->sm)
		goto out;
	restore_lock(k);

	int w = k->cfg.screen_width, h = k->cfg.screen_height;
	if ((k->cfg.orientation == KIO_ORIENT_PORTRAIT) != (h > w)) {
		int t = w;
		w = h;
		h = t;
	}
	char verify_base[KIO_CFG_STR];
	KIO_COPY(verify_base, k->cfg.server_url);
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
	};
	kio_err_t err = kio_ui_open(&uo, &k->ui);
	if (err) {
		fprintf(stderr, "adm-kiosk: cannot open the screen: %s\n", kio_err_name(err));
		goto out;
	}
	k->wake_event = SDL_RegisterEvents(1);
	if (pthread_create(&sig_thread, NULL, signal_thread, k) == 0)
		sig_started = true;

	err = kio_watchdog_open(k->cfg.watchdog_device, &k->watchdog);
	if (err) {
		kio_warn("kiosk", "watchdog %s unavailable; running without",
		         k->cfg.watchdog_device);
		if (kio_watchdog_open("", &k->watchdog))
			goto out;
	}
	err = kio_services_start(k);
	if (err) {
		kio_error("kiosk", "workers could not start: %s", kio_err_name(err));
		goto out;
	}
	kio_effects_t fx = {0};
	kio_effect_t *started = &fx.fx[fx.n++];
	memset(started, 0, sizeof *started);
	started->kind = KIO_FX_LOG;
	KIO_COPY(started->log_type, "kiosk.started");
	KIO_COPY(started->value, KIO_VERSION);
	run_effects(k, &fx);
	kio_watchdog_ready(k->watchdog);
	kio_info("kiosk", "%s started (watchdog: %s, printer driver: %s)", k->cfg.kiosk_id,
	         kio_watchdog_driver(k->watchdog),
	         opts->printer_driver ? opts->printer_driver : "cups");

	rc = main_loop(k, script);

out:
	if (sig_started) {
		pthread_kill(sig_thread, SIGTERM);
		pthread_join(sig_thread, NULL);
	}
	kio_services_stop(k);
	kio_result_t r;
	while (take_result(k, &r)) {
		if (r.page) {
			explicit_bzero(r.page, sizeof *r.page);
			free(r.page);
		}
	}
	kio_watchdog_close(k->watchdog);
	kio_testpage_shutdown(); /* workers are gone; before the UI's FcFini */
	kio_ui_close(k->ui);
	kio_sm_free(k->sm);
	if (script) {
		kio_script_free(&script->script);
		free(script);
	}
	if (k->events)
		fclose(k->events);
	pthread_mutex_destroy(&k->rq_lock);
	explicit_bzero(k, sizeof *k);
	free(k);
	return rc;
}
