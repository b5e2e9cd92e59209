/*
 * sm-staff.c — the state machine's technician and officer part: PIN entry
 * with its lock, the technician's pages and actions (typed commands and
 * setting changes for the workers), the officer's report. See sm.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/facts.h"
#include "core/sm-private.h"
#include "core/str.h"

static const char *const tech_cmd_names[KIO_TECH_CMD__COUNT] = {
    "page",           "test_page",    "printer_resume", "server_check",
    "officer_report", "print_report", "paper_loaded",   "paper_count",
};

const char *kio_tech_cmd_name(kio_tech_cmd_t cmd)
{
	return (unsigned)cmd < KIO_TECH_CMD__COUNT ? tech_cmd_names[cmd] : "unknown";
}

/* The technician screens' action names (the UI's vocabulary): a command for
 * a worker, or a setting the action's value is written to. */
static const struct {
	const char *action;
	kio_tech_cmd_t cmd;
	const char *config_key; /* NULL: a command */
} tech_actions[] = {
    {"test_page", KIO_TECH_CMD_TEST_PAGE, NULL},
    {"printer_resume", KIO_TECH_CMD_PRINTER_RESUME, NULL},
    {"paper_loaded", KIO_TECH_CMD_PAPER_LOADED, NULL},
    {"paper_count", KIO_TECH_CMD_PAPER_COUNT, NULL},
    {"server_check", KIO_TECH_CMD_SERVER_CHECK, NULL},
    {"language", KIO_TECH_CMD__COUNT, "kiosk.language"},
    {"orientation", KIO_TECH_CMD__COUNT, "screen.orientation"},
    {"inactivity", KIO_TECH_CMD__COUNT, "kiosk.inactivity_s"},
    {"voice_volume", KIO_TECH_CMD__COUNT, "kiosk.voice_volume"},
    {"media_type", KIO_TECH_CMD__COUNT, "printer.media_type"},
    {"queue", KIO_TECH_CMD__COUNT, "printer.queue"},
};

/* Not inlined: gcc 12 with -fsanitize=address, once this is inlined into
 * kio_sm_on_tech_intent, takes &sm->tech for its first member and rejects
 * the wipe (-Wstringop-overflow), a false positive. */
__attribute__((noinline)) void kio_sm_leave_service_mode(kio_sm_t *sm, kio_effects_t *fx)
{
	int64_t locked = sm->tech.locked_until_s;
	int failures = sm->tech.failures;
	explicit_bzero(&sm->tech, sizeof sm->tech);
	explicit_bzero(&sm->officer, sizeof sm->officer);
	sm->tech.locked_until_s = locked; /* a lock outlives the visit */
	sm->tech.failures = failures;
	sm->tech.page = KIO_TECH_PIN;
	kio_sm_go(sm, KIO_SCREEN_IDLE, fx);
}

static void officer_report(kio_effects_t *fx, kio_log_filter_t filter)
{
	kio_effect_t *e = kio_sm_push(fx, KIO_FX_TECH);
	if (e) {
		e->tech_cmd = KIO_TECH_CMD_OFFICER_REPORT;
		e->officer_filter = filter;
	}
}

/* Asks the worker to keep the lock and FAILURES across restarts. */
static void persist_lock(kio_sm_t *sm, kio_effects_t *fx, int failures)
{
	kio_effect_t *e = kio_sm_push(fx, KIO_FX_PERSIST_LOCK);
	if (e) {
		e->locked_until_s = sm->tech.locked_until_s;
		e->pin_failures = failures;
	}
}

void kio_sm_on_pin_done(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	bool officer = ev->u.pin.officer;
	if (officer ? (sm->screen != KIO_SCREEN_OFFICER || !sm->officer.verifying)
	            : (sm->screen != KIO_SCREEN_TECHNICIAN || !sm->tech.verifying))
		return;
	sm->tech.verifying = sm->officer.verifying = false;
	if (ev->u.pin.ok) {
		if (sm->tech.failures > 0)
			persist_lock(sm, fx, 0);
		sm->tech.failures = 0;
		kio_sm_log_fx(fx, "technician.login", "", officer ? "ok officer" : "ok");
		if (officer) {
			sm->officer.unlocked = true;
			KIO_COPY(sm->officer.message_key, "");
			officer_report(fx, sm->officer.filter);
		} else {
			sm->tech.page = KIO_TECH_MENU;
			KIO_COPY(sm->tech.message_key, "");
		}
		return;
	}
	sm->tech.failures++;
	const char *key = "tech.wrong_pin";
	if (sm->tech.failures >= KIO_TECH_MAX_FAILURES) {
		sm->tech.locked_until_s = sm->tech.wall_now_s + KIO_TECH_LOCK_S;
		sm->tech.failures = 0;
		key = "tech.locked";
	}
	/* Every wrong PIN is kept, not only the lock: a restart must not hand
	 * out fresh guesses below the lock. */
	persist_lock(sm, fx, sm->tech.failures);
	kio_sm_log_fx(fx, "technician.login", "", officer ? "wrong_pin officer" : "wrong_pin");
	if (officer)
		KIO_COPY(sm->officer.message_key, key);
	else
		KIO_COPY(sm->tech.message_key, key);
}

static void on_service_pin_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx,
                                  bool officer)
{
	char *pin = officer ? sm->officer.pin : sm->tech.pin;
	int *len = officer ? &sm->officer.pin_len : &sm->tech.pin_len;
	char *msg = officer ? sm->officer.message_key : sm->tech.message_key;
	bool *verifying = officer ? &sm->officer.verifying : &sm->tech.verifying;

	switch (ev->u.in.intent) {
	case KIO_IN_CHAR:
		if (ev->u.in.ch >= '0' && ev->u.in.ch <= '9')
			append_char(pin, len, KIO_PIN_BUF, ev->u.in.ch);
		break;
	case KIO_IN_BACKSPACE:
		backspace(pin, len);
		break;
	case KIO_IN_CLEAR:
		explicit_bzero(pin, KIO_PIN_BUF);
		*len = 0;
		break;
	case KIO_IN_PIN_SUBMIT:
	case KIO_IN_LOGIN:
	case KIO_IN_NEXT:
		if (*verifying || *len == 0)
			break;
		if (sm->tech.wall_now_s < sm->tech.locked_until_s) {
			snprintf(msg, 48, "tech.locked");
			kio_sm_log_fx(fx, "technician.login", "",
			              officer ? "locked officer" : "locked");
		} else {
			kio_effect_t *e = kio_sm_push(fx, KIO_FX_VERIFY_PIN);
			if (e) {
				snprintf(e->password, sizeof e->password, "%s", pin);
				e->officer = officer;
			}
			*verifying = true;
			msg[0] = 0;
		}
		explicit_bzero(pin, KIO_PIN_BUF);
		*len = 0;
		break;
	case KIO_IN_BACK:
	case KIO_IN_EXIT:
		kio_sm_leave_service_mode(sm, fx);
		break;
	default:
		break;
	}
}

/* A tapped technician action: a command for a worker, or a setting. */
static void tech_action(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	for (size_t i = 0; i < sizeof tech_actions / sizeof tech_actions[0]; i++) {
		if (strcmp(tech_actions[i].action, ev->u.in.text))
			continue;
		kio_effect_t *e =
		    kio_sm_push(fx, tech_actions[i].config_key ? KIO_FX_SET_CONFIG : KIO_FX_TECH);
		if (!e)
			return;
		if (tech_actions[i].config_key) {
			KIO_COPY(e->config_key, tech_actions[i].config_key);
			KIO_COPY(e->value, ev->u.in.value);
		} else {
			e->tech_cmd = tech_actions[i].cmd;
			KIO_COPY(e->value, ev->u.in.value);
			if (e->tech_cmd == KIO_TECH_CMD_PAPER_LOADED) {
				/* The sheets typed on the number pad ("" : count unknown). */
				KIO_COPY(e->value, sm->tech.entry);
				explicit_bzero(sm->tech.entry, sizeof sm->tech.entry);
				sm->tech.entry_len = 0;
			}
		}
		memset(&sm->tech.report, 0, sizeof sm->tech.report);
		sm->tech.report.n = 1;
		KIO_COPY(sm->tech.report.line[0].key, "tech.working");
		return;
	}
}

void kio_sm_on_tech_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	if (sm->tech.page == KIO_TECH_PIN) {
		on_service_pin_intent(sm, ev, fx, false);
		return;
	}
	kio_effect_t *e;
	switch (ev->u.in.intent) {
	case KIO_IN_TECH_PAGE:
		if (ev->u.in.n <= KIO_TECH_PIN || ev->u.in.n >= KIO_TECH__COUNT)
			break;
		sm->tech.page = (kio_tech_page_t)ev->u.in.n;
		memset(&sm->tech.report, 0, sizeof sm->tech.report);
		sm->tech.entry_len = 0;
		sm->tech.entry[0] = 0;
		memset(&sm->tech.choices, 0, sizeof sm->tech.choices);
		/* Each page starts with fresh facts, gathered off the UI thread. */
		e = kio_sm_push(fx, KIO_FX_TECH);
		if (e) {
			e->tech_cmd = KIO_TECH_CMD_PAGE;
			e->tech_page = sm->tech.page;
		}
		break;
	case KIO_IN_TECH_ACTION:
		tech_action(sm, ev, fx);
		break;
	case KIO_IN_CHAR: /* the media page's number pad: sheets loaded */
		if (sm->tech.page == KIO_TECH_MEDIA && ev->u.in.ch >= '0' && ev->u.in.ch <= '9' &&
		    !(sm->tech.entry_len == 0 && ev->u.in.ch == '0'))
			append_char(sm->tech.entry, &sm->tech.entry_len, 6, ev->u.in.ch);
		break;
	case KIO_IN_BACKSPACE:
		backspace(sm->tech.entry, &sm->tech.entry_len);
		break;
	case KIO_IN_CLEAR:
		sm->tech.entry[0] = 0;
		sm->tech.entry_len = 0;
		break;
	case KIO_IN_BACK:
		if (sm->tech.page != KIO_TECH_MENU) {
			sm->tech.page = KIO_TECH_MENU;
			break;
		}
		kio_sm_leave_service_mode(sm, fx);
		break;
	case KIO_IN_EXIT:
		kio_sm_leave_service_mode(sm, fx);
		break;
	default:
		break;
	}
}

void kio_sm_on_tech_done(kio_sm_t *sm, const kio_sm_event_t *ev)
{
	const kio_tech_choices_t *c = &ev->u.tech.choices;
	memset(&sm->tech.report, 0, sizeof sm->tech.report);
	if (ev->u.tech.facts) {
		sm->tech.report = *ev->u.tech.facts;
		kio_facts_sanitize(&sm->tech.report);
	}
	/* Choices gathered for a page the technician has left stay off screen. */
	if (c->action[0] && c->page == sm->tech.page) {
		sm->tech.choices = *c;
		if (sm->tech.choices.n < 0 || sm->tech.choices.n > KIO_TECH_CHOICES_MAX)
			sm->tech.choices.n = 0;
	}
}

/* The officer's buttons: a log filter ("today", "week", "failures"), the
 * daily report, a refresh. */
static void officer_action(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	static const char *const filters[KIO_LOG__COUNT] = {"today", "week", "failures"};
	const char *a = ev->u.in.text;
	if (!strcmp(a, "filter")) {
		for (int i = 0; i < KIO_LOG__COUNT; i++)
			if (!strcmp(ev->u.in.value, filters[i]))
				sm->officer.filter = (kio_log_filter_t)i;
		sm->officer.scroll = 0;
		officer_report(fx, sm->officer.filter);
	} else if (!strcmp(a, "print_report")) {
		memset(&sm->officer.result, 0, sizeof sm->officer.result);
		KIO_COPY(sm->officer.result.key, "tech.working");
		kio_effect_t *e = kio_sm_push(fx, KIO_FX_TECH);
		if (e)
			e->tech_cmd = KIO_TECH_CMD_PRINT_REPORT;
	} else {
		officer_report(fx, sm->officer.filter);
	}
}

/* The officer's screen shows one line of an action's result. */
void kio_sm_on_officer_result(kio_sm_t *sm, const kio_sm_event_t *ev)
{
	const kio_facts_t *f = ev->u.tech.facts;
	memset(&sm->officer.result, 0, sizeof sm->officer.result);
	if (f && f->n > 0 && f->n <= KIO_FACTS_MAX) {
		sm->officer.result = f->line[0];
		kio_fact_sanitize(&sm->officer.result);
	}
}

void kio_sm_on_officer_view(kio_sm_t *sm, const kio_sm_event_t *ev)
{
	const kio_officer_view_t *v = ev->u.officer.view;
	if (!v || sm->screen != KIO_SCREEN_OFFICER || !sm->officer.unlocked)
		return;
	sm->officer.view = *v;
	kio_officer_view_t *c = &sm->officer.view;
	if (c->nlines < 0 || c->nlines > KIO_OFFICER_LINES)
		c->nlines = 0;
	if (c->ncauses < 0 || c->ncauses > KIO_OFFICER_CAUSES)
		c->ncauses = 0;
	if (sm->officer.scroll >= c->nlines)
		sm->officer.scroll = 0;
		/* From a worker: every text ends inside its field. */
#define KIO_TERM(f) ((f)[sizeof(f) - 1] = 0)
	KIO_TERM(c->today);
	KIO_TERM(c->last_upload);
	KIO_TERM(c->head_hash);
	for (int i = 0; i < KIO_OFFICER_DAYS; i++)
		KIO_TERM(c->day[i]);
	for (int i = 0; i < KIO_OFFICER_CAUSES; i++)
		KIO_TERM(c->cause[i].reason);
	for (int i = 0; i < KIO_OFFICER_LINES; i++) {
		kio_officer_line_t *l = &c->line[i];
		KIO_TERM(l->day);
		KIO_TERM(l->hm);
		KIO_TERM(l->type);
		KIO_TERM(l->kind);
		KIO_TERM(l->reason);
		KIO_TERM(l->nik);
	}
#undef KIO_TERM
}

void kio_sm_paper_gate(kio_sm_t *sm)
{
	if (sm->paper.blocked) {
		sm->printer_ok = false;
		KIO_COPY(sm->printer_condition, "paper_count");
	}
}

void kio_sm_on_paper_status(kio_sm_t *sm, const kio_sm_event_t *ev)
{
	bool was = sm->paper.blocked;
	sm->paper.sheets_left = ev->u.paper.sheets_left;
	sm->paper.low = ev->u.paper.low;
	sm->paper.blocked = ev->u.paper.blocked;
	if (was && !sm->paper.blocked && !strcmp(sm->printer_condition, "paper_count")) {
		/* A refill recorded: the printer's own state follows within a poll. */
		sm->printer_ok = true;
		KIO_COPY(sm->printer_condition, "ready");
	}
	kio_sm_paper_gate(sm);
}

void kio_sm_on_officer_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	if (!sm->officer.unlocked) {
		on_service_pin_intent(sm, ev, fx, true);
		return;
	}
	if (ev->u.in.intent == KIO_IN_TECH_ACTION) {
		officer_action(sm, ev, fx);
	} else if (ev->u.in.intent == KIO_IN_SCROLL) {
		int n = sm->officer.scroll + (ev->u.in.n > 0 ? 1 : -1) * 5;
		int max = sm->officer.view.nlines - 1;
		sm->officer.scroll = n < 0 ? 0 : n > max ? (max > 0 ? max : 0) : n;
	} else if (ev->u.in.intent == KIO_IN_BACK || ev->u.in.intent == KIO_IN_EXIT) {
		kio_sm_leave_service_mode(sm, fx);
	}
}
