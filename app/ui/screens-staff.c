/*
 * screens-staff.c — the technician's screens (PIN, menu, printer, media,
 * server, kiosk, about pages) and the officer's screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/facts.h"
#include "ui/screens-private.h"

/* ---- technician and officer ----------------------------------------------- */

void kio_screen_pin_entry(kio_ui_t *ui, const frame_t *f, const char *title, int pin_len,
                          bool verifying, const char *msg_key, int minutes, const char *submit_id,
                          const char *exit_id, uint64_t now_ms)
{
	SDL_Rect b = f->body;
	ui->field = KIO_FIELD_DIGITS;
	ui->enter_intent = KIO_IN_PIN_SUBMIT;
	int colw = f->portrait ? b.w - 2 * f->m : (b.w - 3 * f->m) / 2;
	int x = b.x + f->m, y = b.y + PX(48);
	kio_text(ui, title, PX(48), true, KIO_C_TEXT, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(48), true) + PX(24);
	SDL_Rect fr = {x, y, colw, PX(120)};
	kio_round_border(ui, fr, PX(14), PX(3), KIO_C_CARD, KIO_C_PRIMARY);
	for (int i = 0; i < pin_len && i < KIO_PIN_BUF; i++)
		kio_dot(ui, fr.x + PX(50) + i * PX(52), fr.y + fr.h / 2, PX(14), KIO_C_TEXT, 0xFF);
	y += fr.h + PX(24);
	if (verifying) {
		kio_spinner(ui, x + PX(24), y + PX(24), PX(20), now_ms);
		kio_text(ui, S("tech.verifying"), PX(30), false, KIO_C_MUTED, x + PX(64), y + PX(6),
		         KIO_LEFT);
	} else if (msg_key && msg_key[0]) {
		char buf[256];
		kio_screen_message_box(
		    ui, (SDL_Rect){x, y, colw, 0},
		    fmt_int(ui, msg_key, "n", minutes < 1 ? 1 : minutes, buf, sizeof buf),
		    KIO_C_RED, KIO_C_RED_BG);
	}
	int bh = PX(110), bw = (colw - PX(24)) / 2, by = b.y + b.h - f->m - bh;
	kio_button(ui, exit_id, (SDL_Rect){x, by, bw, bh}, S("button.exit"), KIO_B_SECONDARY,
	           act(KIO_IN_EXIT));
	if (!verifying)
		kio_button(ui, submit_id, (SDL_Rect){x + colw - bw, by, bw, bh}, S("button.submit"),
		           KIO_B_PRIMARY, act(KIO_IN_PIN_SUBMIT));
	SDL_Rect pad;
	if (f->portrait) {
		int pw = PX(840), ph = PX(640);
		pad = (SDL_Rect){b.x + (b.w - pw) / 2, by - PX(40) - ph, pw, ph};
	} else {
		pad = (SDL_Rect){x + colw + f->m + PX(30), b.y + PX(48), colw - PX(60),
		                 b.h - PX(48) - f->m};
	}
	kio_keypad(ui, pad);
}

void kio_screen_report_box(kio_ui_t *ui, SDL_Rect r, const char *title, const kio_facts_t *facts)
{
	char report[4096];
	kio_facts_format(ui->str, facts, report, sizeof report);
	kio_card(ui, r);
	int pad = PX(36), y = r.y + PX(30);
	kio_text(ui, title, PX(40), true, KIO_C_TEXT, r.x + pad, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(40), true) + PX(16);
	int lh = kio_text_line_h(ui, PX(28), false);
	int lines = (r.y + r.h - pad - y) / lh;
	kio_text_box(ui, report[0] ? report : S("tech.no_report"), PX(28), false, KIO_C_TEXT,
	             (SDL_Rect){r.x + pad, y, r.w - 2 * pad, 0}, KIO_LEFT, lines > 0 ? lines : 1,
	             true);
}

/* The page's choices (queues, media types) as buttons at the bottom of R,
 * the current one highlighted; returns the height used. Ids are
 * "tech-queue-<name>" / "tech-media-<keyword>". */
static int tech_choices(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r, int bh, int gap)
{
	enum { COLS = 3 };
	const kio_tech_choices_t *c = &sm->tech.choices;
	if (!c->action[0] || c->page != sm->tech.page || c->n <= 0)
		return 0;
	bool queue = !strcmp(c->action, "queue");
	int n = c->n < KIO_TECH_CHOICES_MAX ? c->n : KIO_TECH_CHOICES_MAX;
	int lh = kio_text_line_h(ui, PX(30), true);
	/* A cupsd with many queues: as many rows as leave the report readable
	 * (a Dukcapil office has one or two printers). */
	int fit = (r.h - PX(260) - lh - PX(24)) / (bh + gap);
	if (fit < 1)
		fit = 1;
	if (n > fit * COLS)
		n = fit * COLS;
	int rows = (n + COLS - 1) / COLS;
	int h = lh + PX(12) + rows * (bh + gap) + PX(12);
	int y = r.y + r.h - h + PX(12);
	kio_text(ui, S(queue ? "tech.choose_queue" : "tech.choose_media_type"), PX(30), true,
	         KIO_C_TEXT, r.x, y, KIO_LEFT);
	y += lh + PX(12);
	int w = (r.w - (COLS - 1) * gap) / COLS;
	for (int i = 0; i < n; i++) {
		char id[KIO_UI_ID_MAX], key[KIO_STRINGS_KEY_MAX];
		snprintf(id, sizeof id, "tech-%s-%s", queue ? "queue" : "media", c->value[i]);
		snprintf(key, sizeof key, "media_type.%s", c->value[i]);
		const char *label = !queue && kio_strings_has(ui->str, key) ? S(key) : c->value[i];
		SDL_Rect b = {r.x + (i % COLS) * (w + gap), y + (i / COLS) * (bh + gap), w, bh};
		kio_button_px(ui, id, b, label,
		              strcmp(c->value[i], c->current) ? KIO_B_SECONDARY : KIO_B_PRIMARY,
		              (kio_act_t){.intent = KIO_IN_TECH_ACTION,
		                          .text = c->action,
		                          .value = c->value[i]},
		              PX(28));
	}
	return h;
}

/* The media page's number pad for the sheets loaded, at the right of R;
 * returns the width it took. "Kertas sudah diisi" records the number. */
static int sheets_pad(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r, bool portrait)
{
	int w = portrait ? r.w * 45 / 100 : r.w * 40 / 100, gap = PX(24);
	SDL_Rect p = {r.x + r.w - w, r.y, w, r.h};
	ui->field = KIO_FIELD_DIGITS;
	kio_card(ui, p);
	int x = p.x + PX(24), y = p.y + PX(24);
	y += kio_text_box(ui, S("tech.sheets_prompt"), PX(28), true, KIO_C_TEXT,
	                  (SDL_Rect){x, y, p.w - PX(48), 0}, KIO_LEFT, 2, true) +
	     PX(12);
	SDL_Rect fr = {x, y, p.w - PX(48), PX(80)};
	kio_round_border(ui, fr, PX(12), PX(3), KIO_C_CARD, KIO_C_PRIMARY);
	kio_text(ui, sm->tech.entry_len ? sm->tech.entry : "-", PX(40), true, KIO_C_TEXT,
	         fr.x + PX(20), fr.y + PX(14), KIO_LEFT);
	y += fr.h + PX(16);
	kio_keypad(ui, (SDL_Rect){x, y, p.w - PX(48), p.y + p.h - PX(24) - y});
	return w + gap;
}

void kio_screen_technician(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	if (sm->tech.page == KIO_TECH_PIN) {
		int64_t left = sm->tech.locked_until_s - sm->tech.wall_now_s;
		kio_screen_pin_entry(ui, f, S("tech.pin"), sm->tech.pin_len, sm->tech.verifying,
		                     sm->tech.message_key, left > 0 ? (int)((left + 59) / 60) : 0,
		                     "tech-pin-submit", "tech-exit", sm->now_ms);
		return;
	}
	static const struct {
		const char *id, *key;
		kio_tech_page_t page;
	} pages[] = {
	    {"tech-page-printer", "tech.page.printer", KIO_TECH_PRINTER},
	    {"tech-page-media", "tech.page.media", KIO_TECH_MEDIA},
	    {"tech-page-server", "tech.page.server", KIO_TECH_SERVER},
	    {"tech-page-kiosk", "tech.page.kiosk", KIO_TECH_KIOSK},
	    {"tech-page-about", "tech.page.about", KIO_TECH_ABOUT},
	};
	static const struct {
		kio_tech_page_t page;
		const char *id, *key, *action, *value;
	} actions[] = {
	    {KIO_TECH_PRINTER, "tech-test-page", "tech.action.test_page", "test_page", ""},
	    {KIO_TECH_PRINTER, "tech-printer-resume", "tech.action.resume", "printer_resume", ""},
	    {KIO_TECH_MEDIA, "tech-paper-loaded", "tech.action.paper_loaded", "paper_loaded", ""},
	    {KIO_TECH_MEDIA, "tech-paper-count-off", "tech.action.count_off", "paper_count", "off"},
	    {KIO_TECH_MEDIA, "tech-paper-count-on", "tech.action.count_on", "paper_count", "on"},
	    {KIO_TECH_SERVER, "tech-server-check", "tech.action.check_server", "server_check", ""},
	    {KIO_TECH_KIOSK, "tech-lang-id", "tech.action.lang_id", "language", "id"},
	    {KIO_TECH_KIOSK, "tech-lang-en", "tech.action.lang_en", "language", "en"},
	    {KIO_TECH_KIOSK, "tech-orient-landscape", "tech.action.landscape", "orientation",
	     "landscape"},
	    {KIO_TECH_KIOSK, "tech-orient-portrait", "tech.action.portrait", "orientation",
	     "portrait"},
	    {KIO_TECH_KIOSK, "tech-inactivity-30", "tech.action.idle_30", "inactivity", "30"},
	    {KIO_TECH_KIOSK, "tech-inactivity-60", "tech.action.idle_60", "inactivity", "60"},
	    {KIO_TECH_KIOSK, "tech-inactivity-120", "tech.action.idle_120", "inactivity", "120"},
	    {KIO_TECH_KIOSK, "tech-volume-40", "tech.action.volume_40", "voice_volume", "40"},
	    {KIO_TECH_KIOSK, "tech-volume-70", "tech.action.volume_70", "voice_volume", "70"},
	    {KIO_TECH_KIOSK, "tech-volume-100", "tech.action.volume_100", "voice_volume", "100"},
	};
	enum { PER_ROW = 4 }; /* more actions wrap onto further rows */
	SDL_Rect b = f->body;
	int x = b.x + f->m, y = b.y + PX(36);
	kio_text(ui, S("tech.title"), PX(44), true, KIO_C_TEXT, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(44), true) + PX(20);
	int bh = PX(96), gap = PX(16);
	int navw = f->portrait ? (b.w - 2 * f->m - 2 * gap) / 3 : PX(400);
	const char *title = S("tech.menu");
	for (int i = 0; i < 5; i++) {
		SDL_Rect r;
		if (f->portrait)
			r = (SDL_Rect){x + (i % 3) * (navw + gap), y + (i / 3) * (bh + gap), navw,
			               bh};
		else
			r = (SDL_Rect){x, y + i * (bh + gap), navw, bh};
		bool on = sm->tech.page == pages[i].page;
		if (on)
			title = S(pages[i].key);
		kio_button(ui, pages[i].id, r, S(pages[i].key),
		           on ? KIO_B_PRIMARY : KIO_B_SECONDARY,
		           (kio_act_t){.intent = KIO_IN_TECH_PAGE, .n = (int)pages[i].page});
	}
	SDL_Rect ex;
	if (f->portrait)
		ex = (SDL_Rect){x + 2 * (navw + gap), y + bh + gap, navw, bh};
	else
		ex = (SDL_Rect){x, b.y + b.h - f->m - bh, navw, bh};
	kio_button(ui, "tech-exit", ex, S("button.exit"), KIO_B_SECONDARY, act(KIO_IN_EXIT));
	SDL_Rect area;
	if (f->portrait)
		area = (SDL_Rect){x, y + 2 * (bh + gap) + PX(20), b.w - 2 * f->m, 0};
	else
		area = (SDL_Rect){x + navw + f->m, y, b.w - 3 * f->m - navw, 0};
	area.h = b.y + b.h - f->m - area.y;
	int na = 0;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		na += actions[i].page == sm->tech.page;
	int rows = (na + PER_ROW - 1) / PER_ROW;
	int ah = na ? rows * (bh + gap) + PX(24) - gap : 0;
	ah += tech_choices(ui, sm, (SDL_Rect){area.x, area.y, area.w, area.h - ah}, bh, gap);
	SDL_Rect rep = {area.x, area.y, area.w, area.h - ah};
	if (sm->tech.page == KIO_TECH_MEDIA)
		rep.w -= sheets_pad(ui, sm, rep, f->portrait);
	kio_screen_report_box(ui, rep, title, &sm->tech.report);
	int cols = na < PER_ROW ? na : PER_ROW;
	int aw = na ? (area.w - (cols - 1) * gap) / cols : 0;
	if (aw > PX(420))
		aw = PX(420);
	int k = 0;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		if (actions[i].page != sm->tech.page)
			continue;
		int row = k / PER_ROW, col = k % PER_ROW;
		int ay = area.y + area.h - (rows - row) * (bh + gap) + gap;
		kio_button(ui, actions[i].id, (SDL_Rect){area.x + col * (aw + gap), ay, aw, bh},
		           S(actions[i].key), KIO_B_SECONDARY,
		           (kio_act_t){.intent = KIO_IN_TECH_ACTION,
		                       .text = actions[i].action,
		                       .value = actions[i].value});
		k++;
	}
}
