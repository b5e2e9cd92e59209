/*
 * screens.c — one draw function per screen of the state machine; this file
 * has the frame (header, footer), the idle and loading screens, the
 * inactivity warning and the dispatch by screen (screens-private.h lists the
 * other files).
 *
 * Each function lays its widgets out from the window size (landscape or
 * portrait, unit = min(w, h) / 1080) and draws them from the view model.
 * Nothing here changes the SM; taps are recorded in the hit list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens-private.h"

static void header(kio_ui_t *ui, const frame_t *f, const char *clock, bool lang)
{
	int hh = PX(120);
	kio_fill(ui, (SDL_Rect){0, 0, f->w, hh}, KIO_C_HEADER);
	int tpx = PX(40), spx = PX(26), cpx = PX(30);
	int y = (hh - kio_text_line_h(ui, tpx, true) - kio_text_line_h(ui, spx, false)) / 2;
	int y2 = y + kio_text_line_h(ui, tpx, true);
	int lh = PX(90);
	/* Wide enough for "Bahasa Indonesia" at a readable size. */
	int lw = kio_text_width(ui, S("lang.switch"), PX(30), true) + PX(48);
	lw = lw < PX(260) ? PX(260) : lw > PX(380) ? PX(380) : lw;
	/* Right side first (clock, language), the title gets what is left. */
	int right = f->w - f->m;
	/* Tall or large: the clock takes the subtitle's line instead. */
	bool compact = f->portrait || ui->large;
	if (!compact && clock) {
		int cw = kio_text(ui, clock, cpx, true, KIO_C_HEADER_TEXT, right,
		                  (hh - kio_text_line_h(ui, cpx, true)) / 2, KIO_RIGHT);
		right -= cw + PX(32);
	}
	if (lang) {
		kio_button(ui, "lang", (SDL_Rect){right - lw, (hh - lh) / 2, lw, lh},
		           S("lang.switch"), KIO_B_SECONDARY, act(KIO_IN_LANGUAGE));
		right -= lw + PX(32);
	}
	int room = right - f->m;
	int tp = kio_text_fit(ui, S("app.title"), tpx, true, room);
	/* Large text on a narrow screen: the name gives way to the buttons. */
	while (tp > 12 && kio_text_width(ui, S("app.title"), tp, true) > room)
		tp -= 2;
	kio_text(ui, S("app.title"), tp, true, KIO_C_HEADER_TEXT, f->m, y, KIO_LEFT);
	const char *sub = compact ? clock : S("app.subtitle");
	int sp = sub ? kio_text_fit(ui, sub, spx, false, room) : 0;
	/* Left out rather than cut when even the smaller size does not fit. */
	if (sub && kio_text_width(ui, sub, sp, false) <= room)
		kio_text(ui, sub, sp, false, KIO_C_HEADER_SUB, f->m, y2, KIO_LEFT);
}

/* The access bar: large text, high contrast and voice, centred in the footer
 * of every citizen screen, where a hand finds them at the same place. */
static int access_bar(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f, int y, int fh)
{
	int bw = PX(110), bh = fh - PX(16), gap = PX(14);
	int total = 3 * bw + 2 * gap;
	int x = (f->w - total) / 2;
	SDL_Rect r = {x, y + (fh - bh) / 2, bw, bh};
	kio_button(ui, "access-large", r, "Aa",
	           sm->access.large_text ? KIO_B_PRIMARY : KIO_B_SECONDARY,
	           (kio_act_t){.intent = KIO_IN_LARGE_TEXT, .name = S("access.large")});
	r.x += bw + gap;
	kio_button(ui, "access-contrast", r, "◐",
	           sm->access.contrast ? KIO_B_PRIMARY : KIO_B_SECONDARY,
	           (kio_act_t){.intent = KIO_IN_CONTRAST, .name = S("access.contrast")});
	r.x += bw + gap;
	kio_icon_button(ui, "access-voice", r, KIO_ICON_SPEAKER, sm->access.voice,
	                (kio_act_t){.intent = KIO_IN_VOICE, .name = S("access.voice")});
	return total;
}

/* PRIVACY (idle and list): the footer's left side says the session's data
 * goes when it ends, in place of the hotline those screens show anyway. */
static void footer(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f, bool access, bool privacy)
{
	int fh = f->h - f->body.y - f->body.h;
	int y = f->h - fh;
	kio_fill(ui, (SDL_Rect){0, y, f->w, fh}, KIO_C_BG);
	kio_fill(ui, (SDL_Rect){0, y, f->w, PX(2) > 0 ? PX(2) : 1}, KIO_C_BORDER);
	int mid = access ? access_bar(ui, sm, f, y, fh) + 2 * PX(24) : 0;
	/* Left and right of the bar; each side keeps what it has room for. */
	int side = (f->w - mid) / 2 - f->m;
	int px = PX(24);
	int ty = y + (fh - kio_text_line_h(ui, px, false)) / 2;
	char buf[256];
	const char *left = NULL;
	if (privacy)
		left = S("footer.privacy");
	else if (ui->hotline[0])
		left = fmt1(ui, "idle.hotline", "hotline", ui->hotline, buf, sizeof buf);
	if (left) {
		/* Smaller type before none; left out rather than cut. */
		int lp = kio_text_fit(ui, left, px, false, side);
		if (kio_text_width(ui, left, lp, false) <= side)
			kio_text(ui, left, lp, false, KIO_C_MUTED, f->m,
			         y + (fh - kio_text_line_h(ui, lp, false)) / 2, KIO_LEFT);
	}
	char id[128];
	if (ui->kiosk_id[0]) {
		const char *t = fmt1(ui, "footer.kiosk", "id", ui->kiosk_id, id, sizeof id);
		if (kio_text_width(ui, t, px, false) <= side)
			kio_text(ui, t, px, false, KIO_C_MUTED, f->w - f->m, ty, KIO_RIGHT);
	}
}

/* A message box's padding and line limit (large text: every line). */
static int message_pad(kio_ui_t *ui, int *lines)
{
	*lines = ui->large ? 0 : 4;
	return ui->large ? SP(22) : PX(22);
}

/* The height kio_screen_message_box gives TEXT in a box W wide (no room
 * limit). */
static int message_box_h(kio_ui_t *ui, int w, const char *text)
{
	int lines, pad = message_pad(ui, &lines);
	return kio_text_box(ui, text, PX(30), false, 0, (SDL_Rect){0, 0, w - 2 * pad, 0}, KIO_LEFT,
	                    lines, false) +
	       2 * pad;
}

int kio_screen_message_box(kio_ui_t *ui, SDL_Rect r, const char *text, uint32_t fg, uint32_t bg)
{
	int px = PX(30);
	int lines, pad = message_pad(ui, &lines);
	SDL_Rect in = {r.x + pad, r.y + pad, r.w - 2 * pad, 0};
	kio_say(ui, text); /* messages are what a listener most needs */
	int th = kio_text_box(ui, text, px, false, fg, in, KIO_LEFT, lines, false);
	/* R.h, when given, is the room there is: smaller type before overlap. */
	while (r.h > 0 && th + 2 * pad > r.h && px > PX(30) * 7 / 10) {
		px -= 1;
		th = kio_text_box(ui, text, px, false, fg, in, KIO_LEFT, lines, false);
	}
	r.h = th + 2 * pad;
	kio_round(ui, r, PX(14), bg);
	kio_fill(ui, (SDL_Rect){r.x, r.y + PX(14), PX(6), r.h - PX(28)}, fg);
	kio_text_box(ui, text, px, false, fg, in, KIO_LEFT, lines, true);
	return r.h;
}

/* ---- idle ------------------------------------------------------------- */

/* "Naik" / "Turun" side by side from R (each R's size), moving by STEP
 * within [0, MAX]; a button only where there is somewhere to go. */
void kio_scroll_buttons(kio_ui_t *ui, SDL_Rect r, int off, int max, int step)
{
	if (off > 0)
		kio_button(ui, "scroll-up", r, S("button.scroll_up"), KIO_B_SECONDARY,
		           (kio_act_t){.intent = KIO_IN_SCROLL, .n = -(off < step ? off : step)});
	r.x += r.w + PX(20);
	if (off < max)
		kio_button(
		    ui, "scroll-down", r, S("button.scroll_down"), KIO_B_SECONDARY,
		    (kio_act_t){.intent = KIO_IN_SCROLL, .n = max - off < step ? max - off : step});
}

bool kio_screen_scrolled(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect view, SDL_Rect bar,
                         kio_content_fn fn)
{
	int total = fn(ui, sm, view.x, 0, view.w, false);
	int barh = PX(100), max = 0; /* as the list's */
	if (total > view.h && bar.w <= 0) {
		view.h -= barh + SP(20);
		bar = (SDL_Rect){view.x, view.y + view.h + SP(20), view.w, barh};
	}
	if (total > view.h)
		max = total - view.h;
	int off = sm->view_scroll_px < 0 ? 0 : sm->view_scroll_px > max ? max : sm->view_scroll_px;
	ui->scroll_area = view;
	ui->scroll_cur = off;
	ui->scroll_max = max;
	kio_paint_clip(ui, &view);
	fn(ui, sm, view.x, view.y - off, view.w, true);
	kio_paint_clip(ui, NULL);
	if (max == 0)
		return false;
	int by = bar.y;
	int sw = (bar.w - PX(20)) / 2 < PX(300) ? (bar.w - PX(20)) / 2 : PX(300);
	int sx = bar.x + (bar.w - 2 * sw - PX(20)) / 2, step = view.h * 8 / 10;
	kio_scroll_buttons(ui, (SDL_Rect){sx, by, sw, barh}, off, max, step);
	return true;
}

void kio_screen_wa_link(const char *hotline, char *out, size_t len)
{
	/* wa.me wants the international number: 0895... -> 62895... */
	char digits[32];
	size_t j = 0;
	for (size_t i = 0; hotline[i] && j + 1 < sizeof digits; i++)
		if (hotline[i] >= '0' && hotline[i] <= '9')
			digits[j++] = hotline[i];
	digits[j] = '\0';
	if (digits[0] == '0')
		snprintf(out, len, "https://wa.me/62%s", digits + 1);
	else
		snprintf(out, len, "https://wa.me/%s", digits);
}

static void help_card(kio_ui_t *ui, SDL_Rect r, bool side_by_side)
{
	kio_card(ui, r);
	int pad = PX(32);
	char link[96], buf[256];
	kio_screen_wa_link(ui->hotline, link, sizeof link);
	int qmax = side_by_side ? r.h - 2 * pad : r.w - 2 * pad;
	if (qmax > PX(320))
		qmax = PX(320);
	int qs = 0;
	SDL_Texture *q = ui->hotline[0] ? kio_qr_texture(ui, link, qmax, &qs) : NULL;
	int tx = r.x + pad, ty = r.y + pad, tw = r.w - 2 * pad;
	if (q && side_by_side) {
		kio_blit(ui, q, r.x + pad, r.y + (r.h - qs) / 2, qs, qs);
		tx += qs + pad;
		tw -= qs + pad;
	}
	kio_text(ui, S("idle.help"), PX(40), true, KIO_C_TEXT, tx, ty, KIO_LEFT);
	ty += kio_text_line_h(ui, PX(40), true) + PX(12);
	ty +=
	    kio_text_box(ui, fmt1(ui, "idle.hotline", "hotline", ui->hotline, buf, sizeof buf),
	                 PX(32), true, KIO_C_PRIMARY, (SDL_Rect){tx, ty, tw, 0}, KIO_LEFT, 2, true);
	ty += PX(12);
	ty += kio_text_box(ui, S("idle.hotline_scan"), PX(28), false, KIO_C_MUTED,
	                   (SDL_Rect){tx, ty, tw, 0}, KIO_LEFT, 3, true);
	if (q && !side_by_side)
		kio_blit(ui, q, r.x + (r.w - qs) / 2, ty + PX(20), qs, qs);
}

/* Why printing is unavailable, in BUF when it needs formatting. */
static const char *unavailable_why(kio_ui_t *ui, const kio_sm_t *sm, char *buf, size_t len)
{
	char key[48];
	if (!sm->store_ok)
		return S("idle.store");
	if (!sm->server_ok)
		return S("idle.server");
	snprintf(key, sizeof key, "printer.%s",
	         sm->printer_condition[0] ? sm->printer_condition : "other");
	if (!kio_strings_has(ui->str, key))
		snprintf(key, sizeof key, "printer.other");
	return fmt1(ui, "idle.printer", "condition", S(key), buf, len);
}

/* The availability line (and why not) from *Y, W wide; its height, drawn
 * only when DRAW. */
static int availability(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r, int *y, bool draw)
{
	bool ok = sm->printer_ok && sm->server_ok && sm->store_ok;
	uint32_t fg = ok ? KIO_C_GREEN : KIO_C_AMBER;
	uint32_t bg = ok ? KIO_C_GREEN_BG : KIO_C_AMBER_BG;
	int y0 = *y;
	if (draw) {
		kio_dot(ui, r.x + PX(16), *y + PX(22), PX(14), fg, 0xFF);
		kio_text(ui, S(ok ? "idle.available" : "idle.unavailable"), PX(34), true, fg,
		         r.x + PX(44), *y, KIO_LEFT);
	}
	*y += kio_text_line_h(ui, PX(34), true) + PX(8);
	if (ok)
		return *y - y0;
	char buf[512];
	const char *why = unavailable_why(ui, sm, buf, sizeof buf);
	if (draw)
		*y += kio_screen_message_box(ui, (SDL_Rect){r.x, *y, r.w, 0}, why, fg, bg) + PX(8);
	else
		*y += message_box_h(ui, r.w, why) + PX(8);
	return *y - y0;
}

/* The staff's paper note under the availability line (sheets running
 * low); its height, drawn only when DRAW. 0 when there is none. */
static int paper_note(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r, bool draw)
{
	if (!sm->paper.low || sm->paper.blocked || sm->paper.sheets_left < 0)
		return 0;
	char buf[256];
	const char *text =
	    fmt_int(ui, "idle.paper_low", "n", (int)sm->paper.sheets_left, buf, sizeof buf);
	if (draw)
		return PX(8) + kio_screen_message_box(ui, r, text, KIO_C_AMBER, KIO_C_AMBER_BG);
	int pad = PX(22);
	return PX(8) + 2 * pad +
	       kio_text_box(ui, text, PX(30), false, 0, (SDL_Rect){0, 0, r.w - 2 * pad, 0},
	                    KIO_LEFT, 4, false);
}

/* Large text or a short screen: one column; what must be seen (title,
 * availability, start) first, the explanation only where room is left, and
 * the hotline as a line instead of the help card. */
static void draw_idle_compact(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	kio_say(ui, S("idle.title"));
	kio_say(ui, S("idle.touch"));
	SDL_Rect b = f->body;
	int x = b.x + f->m, w = b.w - 2 * f->m, bottom = b.y + b.h - SP(24);
	int y = b.y + SP(32);
	/* Availability's height first: the explanation goes only above room.
	 * Large text: the normal layout's start button, 1.4 times. */
	int bh = ui->large ? PX(140) : PX(110), bw = f->portrait ? w : PX(480);
	int touch = kio_text_box(ui, S("idle.touch"), PX(28), false, KIO_C_MUTED,
	                         (SDL_Rect){x, 0, f->portrait ? w : w - bw - SP(24), 0}, KIO_LEFT,
	                         0, false);
	int need = bh + SP(24) + (f->portrait ? touch + SP(12) : 0);
	int ay = 0;
	int avail = availability(ui, sm, (SDL_Rect){x, 0, w, 0}, &ay, false);
	/* The title in fewer lines (or none) rather than the start button
	 * pushed onto the access bar: a short screen with large text. */
	const char *title = S("idle.title");
	for (int i = 0; i < 3; i++) {
		int th = title ? kio_text_box(ui, title, PX(60), true, 0, (SDL_Rect){x, y, w, 0},
		                              KIO_LEFT, 0, false)
		               : 0;
		if (y + th + SP(16) + avail + need <= bottom || !title)
			break;
		title = i == 0 ? S("idle.title_short") : NULL;
	}
	if (title)
		y += kio_text_box(ui, title, PX(60), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
		                  KIO_LEFT, 0, true) +
		     SP(16);
	int body = kio_text_box(ui, S("idle.body"), PX(32), false, KIO_C_MUTED,
	                        (SDL_Rect){x, y, w, 0}, KIO_LEFT, 0, false);
	SDL_Rect col = {x, y, w, 0};
	int note0 = paper_note(ui, sm, (SDL_Rect){x, 0, w, 0}, false);
	if (y + body + SP(24) + avail + note0 + need <= bottom) {
		kio_text_box(ui, S("idle.body"), PX(32), false, KIO_C_MUTED, (SDL_Rect){x, y, w, 0},
		             KIO_LEFT, 0, true);
		y += body + SP(24);
	}
	col.y = y;
	ay = y;
	availability(ui, sm, col, &ay, true);
	/* The staff's note only where the start button still fits below it. */
	int note = paper_note(ui, sm, (SDL_Rect){x, ay, w, 0}, false);
	if (note && ay + note + SP(16) + need <= bottom)
		ay += paper_note(ui, sm, (SDL_Rect){x, ay, w, 0}, true);
	y = ay + SP(16);
	kio_button(ui, "start", (SDL_Rect){x, y, bw, bh}, S("button.start"), KIO_B_PRIMARY,
	           act(KIO_IN_START));
	if (f->portrait) {
		y += bh + SP(12);
		y += kio_text_box(ui, S("idle.touch"), PX(28), false, KIO_C_MUTED,
		                  (SDL_Rect){x, y, w, 0}, KIO_LEFT, 0, true);
		char buf[256];
		const char *hl = fmt1(ui, "idle.hotline", "hotline", ui->hotline, buf, sizeof buf);
		int hh = kio_text_box(ui, hl, PX(32), true, KIO_C_PRIMARY, (SDL_Rect){x, 0, w, 0},
		                      KIO_LEFT, 0, false);
		if (ui->hotline[0] && y + SP(40) + hh <= bottom)
			kio_text_box(ui, hl, PX(32), true, KIO_C_PRIMARY,
			             (SDL_Rect){x, y + SP(40), w, 0}, KIO_LEFT, 0, true);
	} else {
		kio_text_box(ui, S("idle.touch"), PX(28), false, KIO_C_MUTED,
		             (SDL_Rect){x + bw + SP(24), y + (bh - touch) / 2, w - bw - SP(24), 0},
		             KIO_LEFT, 0, true);
	}
}

static void draw_idle(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	/* The two-column layout's height, measured before anything is drawn. */
	int colw0 = f->portrait ? b.w - 2 * f->m : (b.w - 3 * f->m) * 58 / 100;
	bool ok = sm->printer_ok && sm->server_ok && sm->store_ok;
	int need = PX(56) + PX(20 + 36 + 28 + 140 + 18 + 8) + (ok ? 0 : PX(130)) +
	           kio_text_box(ui, S("idle.title"), PX(60), true, 0, (SDL_Rect){0, 0, colw0, 0},
	                        KIO_LEFT, 3, false) +
	           kio_text_box(ui, S("idle.body"), PX(32), false, 0, (SDL_Rect){0, 0, colw0, 0},
	                        KIO_LEFT, 6, false) +
	           kio_text_line_h(ui, PX(34), true) + 2 * kio_text_line_h(ui, PX(28), false) +
	           paper_note(ui, sm, (SDL_Rect){0, 0, colw0, 0}, false);
	if (ui->large || need > b.h) {
		draw_idle_compact(ui, sm, f);
		return;
	}
	kio_say(ui, S("idle.title"));
	kio_say(ui, S("idle.touch"));
	int colw = f->portrait ? b.w - 2 * f->m : (b.w - 3 * f->m) * 58 / 100;
	SDL_Rect left = {b.x + f->m, b.y + PX(56), colw, 0};
	int y = left.y;
	y += kio_text_box(ui, S("idle.title"), PX(60), true, KIO_C_TEXT,
	                  (SDL_Rect){left.x, y, colw, 0}, KIO_LEFT, 3, true) +
	     PX(20);
	y += kio_text_box(ui, S("idle.body"), PX(32), false, KIO_C_MUTED,
	                  (SDL_Rect){left.x, y, colw, 0}, KIO_LEFT, 6, true) +
	     PX(36);
	availability(ui, sm, left, &y, true);
	/* Staff walking past see it before the tray runs dry. */
	y += paper_note(ui, sm, (SDL_Rect){left.x, y, colw, 0}, true);
	y += PX(28);
	int bw = f->portrait ? colw : PX(520), bh = PX(140);
	kio_button(ui, "start", (SDL_Rect){left.x, y, bw, bh}, S("button.start"), KIO_B_PRIMARY,
	           act(KIO_IN_START));
	y += bh + PX(18);
	y += kio_text_box(ui, S("idle.touch"), PX(28), false, KIO_C_MUTED,
	                  (SDL_Rect){left.x, y, colw, 0}, KIO_LEFT, 2, true);
	if (f->portrait) {
		/* Right under the start button: the lower screen is out of reach
		 * of the eye on a tall kiosk. */
		int ch = PX(400);
		SDL_Rect card = {b.x + f->m, y + PX(60), colw, ch};
		if (card.y + ch <= b.y + b.h - f->m)
			help_card(ui, card, true);
	} else {
		SDL_Rect card = {left.x + colw + f->m, b.y + PX(56), b.w - colw - 3 * f->m, 0};
		card.h = b.h - PX(56) - f->m;
		if (card.h > PX(700))
			card.h = PX(700);
		help_card(ui, card, false);
	}
}

/* ---- loading ----------------------------------------------------------- */

static void draw_loading(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	uint64_t el = sm->now_ms >= sm->loading_since_ms ? sm->now_ms - sm->loading_since_ms : 0;
	if (el < KIO_UI_LOADING_DELAY_MS)
		return; /* a quick answer should not flash a spinner */
	SDL_Rect b = f->body;
	int cy = b.y + b.h / 2 - PX(80);
	kio_spinner(ui, b.x + b.w / 2, cy, PX(56), el);
	int y = cy + PX(100);
	const char *key = sm->loading_key[0] ? sm->loading_key : "loading.wait";
	kio_say(ui, S(key));
	y += kio_text_box(ui, S(key), PX(40), true, KIO_C_TEXT,
	                  (SDL_Rect){b.x + f->m, y, b.w - 2 * f->m, 0}, KIO_CENTER, 2, true);
	kio_text_box(ui, S("loading.wait"), PX(30), false, KIO_C_MUTED,
	             (SDL_Rect){b.x + f->m, y + PX(10), b.w - 2 * f->m, 0}, KIO_CENTER, 2, true);
}

/* ---- warning overlay ------------------------------------------------------- */

static void draw_warning(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	/* Modal: the screen below can be seen but not touched (nor audited). */
	ui->nhits = 0;
	ui->naudit = 0;
	ui->modal = true;
	ui->field = KIO_FIELD_NONE;
	ui->enter_intent = KIO_IN_STAY;
	ui->scroll_area = (SDL_Rect){0, 0, 0, 0};
	kio_fill_a(ui, (SDL_Rect){0, 0, f->w, f->h}, 0x0A1A2A, 170);
	int w = f->w - 2 * f->m < PX(960) ? f->w - 2 * f->m : PX(960), h = PX(580);
	SDL_Rect c = {(f->w - w) / 2, (f->h - h) / 2, w, h};
	kio_card(ui, c);
	int pad = PX(56), y = c.y + PX(56);
	kio_say(ui, S("warning.title"));
	kio_text(ui, S("warning.title"), PX(52), true, KIO_C_TEXT, c.x + c.w / 2, y, KIO_CENTER);
	y += kio_text_line_h(ui, PX(52), true) + PX(20);
	char buf[256], n[16];
	snprintf(n, sizeof n, "%d", sm->warning_left_s > 0 ? sm->warning_left_s : 0);
	kio_text(ui, n, PX(96), true, KIO_C_PRIMARY, c.x + c.w / 2, y, KIO_CENTER);
	y += kio_text_line_h(ui, PX(96), true) + PX(10);
	kio_text_box(ui, fmt1(ui, "warning.body", "n", n, buf, sizeof buf), PX(32), false,
	             KIO_C_TEXT, (SDL_Rect){c.x + pad, y, c.w - 2 * pad, 0}, KIO_CENTER, 3, true);
	int bw = PX(440), bh = PX(120);
	kio_button(ui, "stay", (SDL_Rect){c.x + (c.w - bw) / 2, c.y + c.h - PX(48) - bh, bw, bh},
	           S("button.stay"), KIO_B_PRIMARY, act(KIO_IN_STAY));
}

void kio_screens_draw(kio_ui_t *ui, const kio_sm_t *sm, const char *clock_text)
{
	frame_t f = {.w = ui->w, .h = ui->h, .portrait = ui->h > ui->w};
	f.m = PX(48);
	bool staff = sm->screen == KIO_SCREEN_TECHNICIAN || sm->screen == KIO_SCREEN_OFFICER;
	/* Citizen screens: a taller footer holds the access bar. */
	int hh = PX(120), fh = staff ? PX(64) : PX(110);
	f.body = (SDL_Rect){0, hh, f.w, f.h - hh - fh};
	/* The body only: header and footer fill their own bands. */
	kio_fill(ui, f.body, KIO_C_BG);
	bool lang = sm->screen == KIO_SCREEN_IDLE || sm->screen == KIO_SCREEN_LOGIN ||
	            sm->screen == KIO_SCREEN_LIST;
	switch (sm->screen) {
	case KIO_SCREEN_IDLE:
		draw_idle(ui, sm, &f);
		break;
	case KIO_SCREEN_LOGIN:
		if (sm->login.step == KIO_LOGIN_PASSWORD)
			kio_screen_login_password(ui, sm, &f);
		else
			kio_screen_login_nik(ui, sm, &f);
		break;
	case KIO_SCREEN_LOADING:
		draw_loading(ui, sm, &f);
		break;
	case KIO_SCREEN_LIST:
		kio_screen_list(ui, sm, &f);
		break;
	case KIO_SCREEN_CONFIRM:
		kio_screen_confirm(ui, sm, &f);
		break;
	case KIO_SCREEN_PRINTING:
		kio_screen_printing(ui, sm, &f);
		break;
	case KIO_SCREEN_DONE:
		kio_screen_done(ui, sm, &f);
		break;
	case KIO_SCREEN_ERROR:
		kio_screen_error(ui, sm, &f);
		break;
	case KIO_SCREEN_TECHNICIAN:
		kio_screen_technician(ui, sm, &f);
		break;
	case KIO_SCREEN_OFFICER:
		kio_screen_officer(ui, sm, &f);
		break;
	case KIO_SCREEN_PHONE:
		kio_screen_phone(ui, sm, &f);
		break;
	case KIO_SCREEN_SCAN:
		kio_screen_scan(ui, sm, &f);
		break;
	case KIO_SCREEN_MISSING:
		kio_screen_missing(ui, sm, &f);
		break;
	default:
		break;
	}
	/* Header and footer last: content never paints over them. */
	header(ui, &f, clock_text, lang);
	footer(ui, sm, &f, !staff, sm->screen == KIO_SCREEN_IDLE || sm->screen == KIO_SCREEN_LIST);
	if (sm->warning)
		draw_warning(ui, sm, &f);
}
