/*
 * script-run.c — the automation script on the UI thread (see script-run.h).
 *
 * Each step either finishes at once, or waits (the widget may appear with
 * the next frame, a result may still be arriving) and says how long until
 * it wants to be asked again, so an idle script costs no CPU.
 */
#include "kiosk/script-run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "core/str.h"
#include "kiosk/kiosk-private.h"
#include "kiosk/script.h"

enum {
	TAP_RETRY_MS = 2000,     /* a widget may appear with a later frame */
	PREVIEW_WAIT_MS = 30000, /* "Cetak" appears once the preview is verified */
	EXPECT_RETRY_MS = 5000,  /* results may still be arriving (a loaded CI box) */
	WIPE_RETRY_MS = 2000,    /* the logout job may still be running */
	PROBE_WAIT_MS = 30000,   /* a worker busy with a print still answers by then */
	RETRY_EVERY_MS = 50,
};

struct kio_script_run {
	kio_script_t script;
	int pc;
	uint64_t step_start_ms;
	bool step_started;
	bool failed;
	bool done;
	bool probe_sent;        /* expect-wiped: the workers were asked */
	int probes_waiting;     /* workers yet to answer */
	const char *probe_left; /* what a worker said it still holds */
};

/* What one step did. */
typedef enum { STEP_NEXT, STEP_WAIT, STEP_FAIL } step_t;

kio_err_t kio_script_run_open(const char *path, kio_script_run_t **out, char *why, size_t whylen)
{
	kio_script_run_t *s = calloc(1, sizeof *s);
	*out = NULL;
	if (!s) {
		snprintf(why, whylen, "nomem");
		return KIO_ERR_NOMEM;
	}
	kio_err_t err = kio_script_load(path, &s->script, why, whylen);
	if (err) {
		free(s);
		return err;
	}
	*out = s;
	return KIO_OK;
}

void kio_script_run_close(kio_script_run_t *s)
{
	if (!s)
		return;
	kio_script_free(&s->script);
	free(s);
}

bool kio_script_run_passed(const kio_script_run_t *s)
{
	return s->done && !s->failed;
}

void kio_script_run_probe_answer(kio_script_run_t *s, const char *left)
{
	if (!s || s->probes_waiting <= 0)
		return;
	s->probes_waiting--;
	if (left && *left)
		s->probe_left = left;
}

/* "Ctrl+Alt+Shift+t" → a key-down event. */
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

/* A failed step: one --events line and one log line say which and why. */
static step_t fail(kio_kiosk_t *k, const kio_script_step_t *st, const char *what, const char *arg)
{
	char line[16];
	snprintf(line, sizeof line, "%d", st->line);
	kio_events_emit(k->events, "script", {"error", what}, {"arg", arg}, {"line", line});
	kio_error("script", "line %d: %s: '%s' (screen %s)", st->line, what, arg,
	          kio_screen_name(k->sm->screen));
	return STEP_FAIL;
}

static step_t step_tap(kio_kiosk_t *k, kio_script_step_t *st, uint64_t now, uint64_t waited)
{
	kio_sm_event_t ev;
	if (kio_ui_tap(k->ui, st->arg, now, &ev) == KIO_UI_INTENT) {
		kio_kiosk_feed(k, &ev);
		return STEP_NEXT;
	}
	/* A document still being downloaded and verified for its preview
	 * (a loaded machine, a slow server) is not a missing widget yet. */
	bool preparing = k->sm->screen == KIO_SCREEN_CONFIRM && !k->sm->preview.ready;
	uint64_t limit = preparing ? PREVIEW_WAIT_MS : TAP_RETRY_MS;
	return waited < limit ? STEP_WAIT : fail(k, st, "no such widget", st->arg);
}

static step_t step_type(kio_kiosk_t *k, kio_script_step_t *st, uint64_t now)
{
	kio_sm_event_t ev;
	for (const char *c = st->arg; *c; c++)
		if (kio_ui_type_char(k->ui, *c, now, &ev) == KIO_UI_INTENT)
			kio_kiosk_feed(k, &ev);
	/* A script types NIKs and passwords: keep them no longer than a
	 * citizen's own typing is kept. */
	explicit_bzero(st->arg, strlen(st->arg));
	explicit_bzero(&ev, sizeof ev);
	return STEP_NEXT;
}

static step_t step_key(kio_kiosk_t *k, kio_script_step_t *st)
{
	SDL_Event down;
	bool quit = false;
	if (!key_event(st->arg, &down))
		return fail(k, st, "unknown key", st->arg);
	kio_kiosk_ui_event(k, &down, &quit);
	down.type = SDL_KEYUP;
	down.key.state = SDL_RELEASED;
	kio_kiosk_ui_event(k, &down, &quit);
	return STEP_NEXT;
}

static step_t step_wait(kio_kiosk_t *k, kio_script_step_t *st, uint64_t waited)
{
	if (!strcmp(kio_screen_name(k->sm->screen), st->arg))
		return STEP_NEXT;
	return waited > (uint64_t)st->ms ? fail(k, st, "wait timed out", st->arg) : STEP_WAIT;
}

static step_t step_expect_text(kio_kiosk_t *k, kio_script_step_t *st, uint64_t waited)
{
	if (kio_ui_has_text(k->ui, st->arg))
		return STEP_NEXT;
	return waited < EXPECT_RETRY_MS ? STEP_WAIT : fail(k, st, "text not shown", st->arg);
}

static step_t step_screenshot(kio_kiosk_t *k, kio_script_step_t *st, uint64_t waited)
{
	/* A frame that left texts for the next ones is not the screen yet. */
	if (kio_ui_incomplete(k->ui) && waited < EXPECT_RETRY_MS)
		return STEP_WAIT;
	char path[1024];
	snprintf(path, sizeof path, "%s/%s.png", k->opts.shot_dir ? k->opts.shot_dir : ".",
	         st->arg);
	if (kio_ui_screenshot(k->ui, path))
		kio_warn("script", "screenshot %s failed", path);
	return STEP_NEXT;
}

/* ---- test hooks ---------------------------------------------------------------- */

static bool test_hooks_allowed(kio_kiosk_t *k, kio_script_step_t *st)
{
#ifdef KIO_RELEASE
	(void)fail(k, st, "test hooks are not in a release build", st->arg);
	return false;
#else
	const char *allow = getenv("KIO_SCRIPT_EXEC");
	if (allow && !strcmp(allow, "1"))
		return true;
	(void)fail(k, st, "test hooks need KIO_SCRIPT_EXEC=1", st->arg);
	return false;
#endif
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* What the state machine (UI thread) still holds of a session, or NULL. */
static const char *sm_leftover(const kio_sm_t *sm)
{
	if (sm->in_session || !all_zero(&sm->citizen, sizeof sm->citizen))
		return "citizen in the state machine";
	if (!all_zero(sm->page, sizeof *sm->page))
		return "applications page";
	if (!all_zero(&sm->login, sizeof sm->login))
		return "login buffers";
	if (!all_zero(&sm->selected, sizeof sm->selected))
		return "selected document";
	return NULL;
}

/* expect-wiped: the state machine is checked here; the token and document
 * buffers belong to the workers' clients, so each worker is asked on its
 * own thread and answers through kio_script_run_probe_answer(). */
static step_t step_expect_wiped(kio_kiosk_t *k, kio_script_run_t *s, kio_script_step_t *st,
                                uint64_t waited)
{
	if (!test_hooks_allowed(k, st))
		return STEP_FAIL;
	if (s->probe_sent && s->probes_waiting > 0) {
		/* The answers wake the loop; a worker that never answers fails the
		 * step rather than hang the script. */
		if (waited < PROBE_WAIT_MS)
			return STEP_WAIT;
		s->probe_sent = false;
		return fail(k, st, "workers did not answer", "expect-wiped");
	}
	const char *left = sm_leftover(k->sm);
	if (!left && !s->probe_sent) {
		s->probe_sent = true;
		s->probes_waiting = KIO_WORKERS;
		s->probe_left = NULL;
		kio_kiosk_post_job(k, JOB_WIPE_PROBE, NULL);
		return STEP_WAIT;
	}
	if (!left)
		left = s->probe_left;
	s->probe_sent = false;
	if (!left) {
		kio_events_emit(k->events, "script", {"wiped", "yes"});
		return STEP_NEXT;
	}
	return waited < WIPE_RETRY_MS ? STEP_WAIT : fail(k, st, "not wiped", left);
}

static step_t step_exec(kio_kiosk_t *k, kio_script_step_t *st)
{
	if (!test_hooks_allowed(k, st))
		return STEP_FAIL;
	int rc = system(st->arg);
	if (rc != 0) {
		char code[16];
		snprintf(code, sizeof code, "%d", rc);
		return fail(k, st, "exec failed", code);
	}
	return STEP_NEXT;
}

/* scan: with the keyboard driver the text arrives as a USB scanner's keys
 * would, as SDL text input and an Enter key through the kiosk's input path;
 * other drivers take it directly. */
static step_t step_scan(kio_kiosk_t *k, kio_script_step_t *st, uint64_t now)
{
	if (strcmp(kio_scanner_driver(k->scanner), "keyboard") != 0) {
		kio_scanner_inject(k->scanner, st->arg, now);
	} else {
		SDL_Event e;
		bool quit = false;
		for (const char *c = st->arg; *c; c++) {
			memset(&e, 0, sizeof e);
			e.type = SDL_TEXTINPUT;
			e.text.text[0] = *c;
			kio_kiosk_ui_event(k, &e, &quit);
		}
		if (key_event("Return", &e))
			kio_kiosk_ui_event(k, &e, &quit);
	}
	kio_kiosk_take_scans(k);
	return STEP_NEXT;
}

/* scan-file: the first line of a file a test wrote (a login code the
 * simulator's phone side issued at run time) goes to the scanner. */
static step_t step_scan_file(kio_kiosk_t *k, kio_script_step_t *st, uint64_t now)
{
	char line[KIO_SCANNER_TEXT_MAX];
	if (!test_hooks_allowed(k, st))
		return STEP_FAIL;
	FILE *f = fopen(st->arg, "re");
	if (!f)
		return fail(k, st, "cannot read", st->arg);
	bool got = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	if (!got)
		return fail(k, st, "empty file", st->arg);
	line[strcspn(line, "\r\n")] = '\0';
	kio_scanner_inject(k->scanner, line, now);
	explicit_bzero(line, sizeof line);
	kio_kiosk_take_scans(k);
	return STEP_NEXT;
}

/* ---- the runner ---------------------------------------------------------------- */

static step_t run_one(kio_kiosk_t *k, kio_script_run_t *s, kio_script_step_t *st, uint64_t now)
{
	uint64_t waited = now - s->step_start_ms;
	switch (st->op) {
	case KIO_OP_TAP:
		return step_tap(k, st, now, waited);
	case KIO_OP_TYPE:
		return step_type(k, st, now);
	case KIO_OP_KEY:
		return step_key(k, st);
	case KIO_OP_WAIT:
		return step_wait(k, st, waited);
	case KIO_OP_EXPECT_TEXT:
		return step_expect_text(k, st, waited);
	case KIO_OP_SCREENSHOT:
		return step_screenshot(k, st, waited);
	case KIO_OP_SLEEP:
		return waited < (uint64_t)st->ms ? STEP_WAIT : STEP_NEXT;
	case KIO_OP_EXPECT_WIPED:
		return step_expect_wiped(k, s, st, waited);
	case KIO_OP_EXEC:
		return step_exec(k, st);
	case KIO_OP_SCAN:
		return step_scan(k, st, now);
	case KIO_OP_SCAN_FILE:
		return step_scan_file(k, st, now);
	}
	return STEP_FAIL;
}

int kio_script_run_step(kio_kiosk_t *k, kio_script_run_t *s)
{
	for (;;) {
		if (s->done)
			return -1;
		if (s->pc >= s->script.nsteps) {
			s->done = true;
			kio_events_emit(k->events, "script",
			                {"result", s->failed ? "failed" : "ok"});
			return -1;
		}
		kio_script_step_t *st = &s->script.steps[s->pc];
		uint64_t now = kio_now_ms();
		if (!s->step_started) {
			s->step_started = true;
			s->step_start_ms = now;
		}
		step_t r = run_one(k, s, st, now);
		if (r == STEP_FAIL) {
			s->failed = s->done = true;
			return -1;
		}
		if (r == STEP_WAIT) {
			/* Results and input wake the loop by themselves; the
			 * timeout is only for deadlines. */
			uint64_t elapsed = now - s->step_start_ms;
			if (st->op == KIO_OP_SLEEP)
				return (int)((uint64_t)st->ms - elapsed);
			if (st->op == KIO_OP_WAIT)
				return (int)((uint64_t)st->ms > elapsed
				                 ? (uint64_t)st->ms - elapsed + 1
				                 : 1);
			return RETRY_EVERY_MS;
		}
		char line[16];
		snprintf(line, sizeof line, "%d", st->line);
		kio_events_emit(k->events, "script", {"step", line});
		s->pc++;
		s->step_started = false;
		return 0;
	}
}
