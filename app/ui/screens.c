/*
 * screens.c — one draw function per screen of the state machine.
 *
 * Each function lays its widgets out from the window size (landscape or
 * portrait, unit = min(w, h) / 1080) and draws them from the view model.
 * Nothing here changes the SM; taps are recorded in the hit list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui-private.h"

typedef struct frame {
	int w, h;
	bool portrait;
	int m;         /* outer margin */
	SDL_Rect body; /* between header and footer */
} frame_t;

#define S(key) kio_ui_str(ui, key)
#define PX(v) kio_px(ui, v)

static kio_act_t act(kio_intent_t in)
{
	return (kio_act_t){.intent = (int)in};
}

static const char *fmt1(kio_ui_t *ui, const char *key, const char *name, const char *value,
                        char *buf, size_t len)
{
	kio_strings_format1(ui->str, key, name, value, buf, len);
	return buf;
}

static const char *fmt_int(kio_ui_t *ui, const char *key, const char *name, int v, char *buf,
                           size_t len)
{
	char n[16];
	snprintf(n, sizeof n, "%d", v);
	return fmt1(ui, key, name, n, buf, len);
}

/* "1610015708900001" -> "1610 0157 0890 0001" (also partial input). */
static void group4(const char *s, char *out, size_t len)
{
	size_t j = 0;
	for (size_t i = 0; s[i] && j + 2 < len; i++) {
		if (i > 0 && i % 4 == 0)
			out[j++] = ' ';
		out[j++] = s[i];
	}
	out[j] = '\0';
}

/* "2026-11-03T10:40:00+07:00" -> "3 November 2026" (date as the server wrote it). */
static void format_date(kio_ui_t *ui, const char *rfc, char *out, size_t len)
{
	int y = 0, m = 0, d = 0;
	out[0] = '\0';
	if (!rfc || sscanf(rfc, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31) {
		snprintf(out, len, "%s", rfc ? rfc : "");
		return;
	}
	char mkey[24], ds[16], ys[16];
	snprintf(mkey, sizeof mkey, "month.%d", m);
	snprintf(ds, sizeof ds, "%d", d);
	snprintf(ys, sizeof ys, "%d", y);
	const char *names[] = {"day", "month", "year"};
	const char *values[] = {ds, S(mkey), ys};
	kio_strings_fill(S("format.date"), out, len, names, values, 3);
}

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
	if (!f->portrait && clock) {
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
	kio_text(ui, S("app.title"), kio_text_fit(ui, S("app.title"), tpx, true, room), true,
	         KIO_C_HEADER_TEXT, f->m, y, KIO_LEFT);
	const char *sub = f->portrait ? clock : S("app.subtitle");
	if (sub)
		kio_text_box(ui, sub, kio_text_fit(ui, sub, spx, false, room), false,
		             KIO_C_HEADER_SUB, (SDL_Rect){f->m, y2, room, 0}, KIO_LEFT, 1, true);
}

static void footer(kio_ui_t *ui, const frame_t *f)
{
	int fh = PX(64);
	int y = f->h - fh;
	kio_fill(ui, (SDL_Rect){0, y, f->w, fh}, KIO_C_BG);
	kio_fill(ui, (SDL_Rect){0, y, f->w, PX(2) > 0 ? PX(2) : 1}, KIO_C_BORDER);
	int px = PX(24);
	int ty = y + (fh - kio_text_line_h(ui, px, false)) / 2;
	char buf[256];
	if (ui->hotline[0])
		kio_text(ui, fmt1(ui, "idle.hotline", "hotline", ui->hotline, buf, sizeof buf), px,
		         false, KIO_C_MUTED, f->m, ty, KIO_LEFT);
	if (ui->kiosk_id[0])
		kio_text(ui, fmt1(ui, "footer.kiosk", "id", ui->kiosk_id, buf, sizeof buf), px,
		         false, KIO_C_MUTED, f->w - f->m, ty, KIO_RIGHT);
}

/* A message box (red for problems, amber for waits); returns its height. */
static int message_box(kio_ui_t *ui, SDL_Rect r, const char *text, uint32_t fg, uint32_t bg)
{
	int px = PX(30);
	int pad = PX(22);
	SDL_Rect in = {r.x + pad, r.y + pad, r.w - 2 * pad, 0};
	int th = kio_text_box(ui, text, px, false, fg, in, KIO_LEFT, 4, false);
	/* R.h, when given, is the room there is: smaller type before overlap. */
	while (r.h > 0 && th + 2 * pad > r.h && px > PX(30) * 7 / 10) {
		px -= 1;
		th = kio_text_box(ui, text, px, false, fg, in, KIO_LEFT, 4, false);
	}
	r.h = th + 2 * pad;
	kio_round(ui, r, PX(14), bg);
	kio_fill(ui, (SDL_Rect){r.x, r.y + PX(14), PX(6), r.h - PX(28)}, fg);
	kio_text_box(ui, text, px, false, fg, in, KIO_LEFT, 4, true);
	return r.h;
}

/* ---- idle ------------------------------------------------------------- */

static void wa_link(const char *hotline, char *out, size_t len)
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
	wa_link(ui->hotline, link, sizeof link);
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

static void availability(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r, int *y)
{
	bool ok = sm->printer_ok && sm->server_ok && sm->store_ok;
	uint32_t fg = ok ? KIO_C_GREEN : KIO_C_AMBER;
	uint32_t bg = ok ? KIO_C_GREEN_BG : KIO_C_AMBER_BG;
	kio_dot(ui, r.x + PX(16), *y + PX(22), PX(14), fg, 0xFF);
	kio_text(ui, S(ok ? "idle.available" : "idle.unavailable"), PX(34), true, fg, r.x + PX(44),
	         *y, KIO_LEFT);
	*y += kio_text_line_h(ui, PX(34), true) + PX(8);
	if (ok)
		return;
	char buf[512], key[48];
	const char *why;
	if (!sm->store_ok) {
		why = S("idle.store");
	} else if (!sm->server_ok) {
		why = S("idle.server");
	} else {
		snprintf(key, sizeof key, "printer.%s",
		         sm->printer_condition[0] ? sm->printer_condition : "other");
		if (!kio_strings_has(ui->str, key))
			snprintf(key, sizeof key, "printer.other");
		why = fmt1(ui, "idle.printer", "condition", S(key), buf, sizeof buf);
	}
	*y += message_box(ui, (SDL_Rect){r.x, *y, r.w, 0}, why, fg, bg) + PX(8);
}

static void draw_idle(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	int colw = f->portrait ? b.w - 2 * f->m : (b.w - 3 * f->m) * 58 / 100;
	SDL_Rect left = {b.x + f->m, b.y + PX(56), colw, 0};
	int y = left.y;
	y += kio_text_box(ui, S("idle.title"), PX(60), true, KIO_C_TEXT,
	                  (SDL_Rect){left.x, y, colw, 0}, KIO_LEFT, 3, true) +
	     PX(20);
	y += kio_text_box(ui, S("idle.body"), PX(32), false, KIO_C_MUTED,
	                  (SDL_Rect){left.x, y, colw, 0}, KIO_LEFT, 6, true) +
	     PX(36);
	availability(ui, sm, left, &y);
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

/* ---- login ------------------------------------------------------------- */

static void login_message(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r)
{
	if (!sm->login.message_key[0])
		return;
	char buf[KIO_MESSAGE_MAX + 256];
	int minutes = (sm->login.wait_s + 59) / 60;
	const char *text;
	if (sm->login.server_message[0] && !kio_strings_has(ui->str, sm->login.message_key))
		text = sm->login.server_message; /* a code the kiosk does not know */
	else
		text = fmt_int(ui, sm->login.message_key, "n", minutes < 1 ? 1 : minutes, buf,
		               sizeof buf);
	bool wait =
	    strstr(sm->login.message_key, "attempts") || strstr(sm->login.message_key, "throttle");
	message_box(ui, r, text, wait ? KIO_C_AMBER : KIO_C_RED,
	            wait ? KIO_C_AMBER_BG : KIO_C_RED_BG);
}

/* The input field box with TEXT and a caret; COUNT under it. */
static int field_box(kio_ui_t *ui, SDL_Rect r, const char *text, const char *count)
{
	kio_round_border(ui, r, PX(14), PX(3), KIO_C_CARD, KIO_C_PRIMARY);
	int px = r.h * 45 / 100;
	int pad = PX(28);
	px = kio_text_fit(ui, text[0] ? text : " ", px, true, r.w - 2 * pad - PX(12));
	int lh = kio_text_line_h(ui, px, true);
	int tw =
	    kio_text(ui, text, px, true, KIO_C_TEXT, r.x + pad, r.y + (r.h - lh) / 2, KIO_LEFT);
	kio_fill(ui, (SDL_Rect){r.x + pad + tw + PX(6), r.y + r.h / 5, PX(4), r.h * 3 / 5},
	         KIO_C_PRIMARY);
	if (count)
		kio_text(ui, count, PX(26), false, KIO_C_MUTED, r.x + r.w, r.y + r.h + PX(8),
		         KIO_RIGHT);
	return r.h + PX(8) + kio_text_line_h(ui, PX(26), false);
}

static void draw_login_nik(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	ui->field = KIO_FIELD_DIGITS;
	ui->enter_intent = KIO_IN_NEXT;
	char grouped[40], count[64];
	group4(sm->login.nik, grouped, sizeof grouped);
	fmt_int(ui, "login.nik.count", "n", sm->login.nik_len, count, sizeof count);
	int colw = f->portrait ? b.w - 2 * f->m : (b.w - 3 * f->m) / 2;
	int x = b.x + f->m, y = b.y + PX(48);
	kio_text(ui, S("login.nik.title"), PX(52), true, KIO_C_TEXT, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(52), true) + PX(8);
	y += kio_text_box(ui, S("login.nik.hint"), PX(30), false, KIO_C_MUTED,
	                  (SDL_Rect){x, y, colw, 0}, KIO_LEFT, 2, true) +
	     PX(24);
	y += field_box(ui, (SDL_Rect){x, y, colw, PX(130)}, grouped, count) + PX(20);
	login_message(ui, sm, (SDL_Rect){x, y, colw, 0});
	int bh = PX(110), bw = (colw - PX(24)) / 2;
	int by = b.y + b.h - f->m - bh;
	kio_button(ui, "back", (SDL_Rect){x, by, bw, bh}, S("button.back"), KIO_B_SECONDARY,
	           act(KIO_IN_BACK));
	kio_button(ui, "next", (SDL_Rect){x + colw - bw, by, bw, bh}, S("button.next"),
	           KIO_B_PRIMARY, act(KIO_IN_NEXT));
	SDL_Rect pad;
	if (f->portrait) {
		/* Below the field and room for a message, as tall as fits. */
		int pw = PX(900), ph = by - PX(40) - (y + PX(200));
		if (ph > PX(820))
			ph = PX(820);
		pad = (SDL_Rect){b.x + (b.w - pw) / 2, by - PX(40) - ph, pw, ph};
	} else {
		int pw = colw - PX(60);
		pad = (SDL_Rect){x + colw + f->m + PX(30), b.y + PX(48), pw, b.h - PX(48) - f->m};
	}
	kio_keypad(ui, pad);
}

static void draw_login_password(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	ui->field = KIO_FIELD_TEXT;
	ui->enter_intent = KIO_IN_LOGIN;
	char shown[KIO_PASSWORD_MAX * 3 + 1], grouped[40], nikline[96], count[64];
	size_t j = 0;
	for (int i = 0; i < sm->login.password_len && sm->login.password[i] && j + 4 < sizeof shown;
	     i++) {
		if (sm->login.show_password) {
			shown[j++] = sm->login.password[i];
		} else {
			memcpy(shown + j, "•", 3); /* U+2022 */
			j += 3;
		}
	}
	shown[j] = '\0';
	group4(sm->login.nik, grouped, sizeof grouped);
	fmt1(ui, "login.password.nik", "nik", grouped, nikline, sizeof nikline);
	fmt_int(ui, "login.password.count", "n", sm->login.password_len, count, sizeof count);

	int x = b.x + f->m, y = b.y + PX(36);
	int fullw = b.w - 2 * f->m;
	int kbh = f->portrait ? PX(620) : PX(520);
	/* Portrait: ten keys across need nearly the full width to stay >= 90 px. */
	int kbw = f->portrait ? b.w - 2 * PX(20) : fullw > PX(1600) ? PX(1600) : fullw;
	int bh = PX(110);
	SDL_Rect kb = {b.x + (b.w - kbw) / 2, b.y + b.h - f->m - kbh, kbw, kbh};
	if (f->portrait)
		kb.y -= bh + PX(30);
	int topw = f->portrait ? fullw : fullw * 62 / 100;
	kio_text(ui, S("login.password.title"), PX(48), true, KIO_C_TEXT, x, y, KIO_LEFT);
	int tw = kio_text_width(ui, S("login.password.title"), PX(48), true);
	/* The NIK beside the title if it fits, else in the right column. */
	int nikw = kio_text_width(ui, nikline, PX(28), false);
	bool nik_here = f->portrait || tw + PX(30) + nikw <= topw;
	if (nik_here)
		kio_text(ui, nikline, PX(28), false, KIO_C_MUTED, x + tw + PX(30),
		         y + kio_text_line_h(ui, PX(48), true) -
		             kio_text_line_h(ui, PX(28), false) - PX(4),
		         KIO_LEFT);
	y += kio_text_line_h(ui, PX(48), true);
	y += kio_text_box(ui, S("login.password.hint"), PX(28), false, KIO_C_MUTED,
	                  (SDL_Rect){x, y, topw, 0}, KIO_LEFT, 2, true) +
	     PX(14);
	int showw = PX(240);
	int fh = PX(110);
	field_box(ui, (SDL_Rect){x, y, topw - showw - PX(20), fh}, shown, count);
	kio_button(ui, "show-password", (SDL_Rect){x + topw - showw, y, showw, fh},
	           S(sm->login.show_password ? "button.hide" : "button.show"), KIO_B_SECONDARY,
	           act(KIO_IN_TOGGLE_SHOW));
	int fy = y + fh + PX(44);
	if (f->portrait) {
		login_message(ui, sm, (SDL_Rect){x, fy, fullw, 0});
		int bw = (fullw - PX(24)) / 2, by = b.y + b.h - f->m - bh;
		kio_button(ui, "back", (SDL_Rect){x, by, bw, bh}, S("button.back"), KIO_B_SECONDARY,
		           act(KIO_IN_BACK));
		kio_button(ui, "login", (SDL_Rect){x + fullw - bw, by, bw, bh}, S("button.login"),
		           KIO_B_PRIMARY, act(KIO_IN_LOGIN));
	} else {
		int rx = x + topw + PX(40), rw = fullw - topw - PX(40);
		int bw = (rw - PX(20)) / 2;
		int by = b.y + PX(36);
		kio_button(ui, "back", (SDL_Rect){rx, by, bw, bh}, S("button.back"),
		           KIO_B_SECONDARY, act(KIO_IN_BACK));
		kio_button(ui, "login", (SDL_Rect){rx + rw - bw, by, bw, bh}, S("button.login"),
		           KIO_B_PRIMARY, act(KIO_IN_LOGIN));
		int my = by + bh + PX(20);
		if (!nik_here) {
			kio_text(ui, nikline, PX(28), false, KIO_C_MUTED, rx, my, KIO_LEFT);
			my += kio_text_line_h(ui, PX(28), false) + PX(10);
		}
		login_message(ui, sm, (SDL_Rect){rx, my, rw, kb.y - PX(12) - my});
	}
	kio_keyboard(ui, kb);
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
	y += kio_text_box(ui, S(key), PX(40), true, KIO_C_TEXT,
	                  (SDL_Rect){b.x + f->m, y, b.w - 2 * f->m, 0}, KIO_CENTER, 2, true);
	kio_text_box(ui, S("loading.wait"), PX(30), false, KIO_C_MUTED,
	             (SDL_Rect){b.x + f->m, y + PX(10), b.w - 2 * f->m, 0}, KIO_CENTER, 2, true);
}

/* ---- list --------------------------------------------------------------- */

enum { ROW_H = 150, ROW_RIGHT = 340 /* reason box width */ };

static int app_height(kio_ui_t *ui, const kio_application_t *a)
{
	return PX(28) + kio_text_line_h(ui, PX(34), true) + kio_text_line_h(ui, PX(26), false) +
	       PX(16) + a->ndocs * PX(ROW_H) + PX(12);
}

static const char *reason_key(kio_printable_t p)
{
	switch (p) {
	case KIO_NOT_PRINTABLE_OFFICE:
		return "reason.office";
	case KIO_NOT_PRINTABLE_USED_UP:
		return "reason.used_up";
	case KIO_NOT_PRINTABLE_INACTIVE:
		return "reason.inactive";
	case KIO_NOT_PRINTABLE_INVALID:
		return "reason.invalid";
	default:
		return "";
	}
}

static void doc_row(kio_ui_t *ui, const kio_document_t *d, SDL_Rect r, SDL_Rect view)
{
	kio_fill(ui, (SDL_Rect){r.x, r.y, r.w, PX(2) > 0 ? PX(2) : 1}, 0xE3E8EE);
	int btw = PX(240), bth = PX(100);
	int tw = r.w - PX(ROW_RIGHT) - PX(24);
	int y = r.y + PX(18);
	kio_text_box(ui, d->title, PX(32), true, KIO_C_TEXT, (SDL_Rect){r.x, y, tw, 0}, KIO_LEFT, 1,
	             true);
	y += kio_text_line_h(ui, PX(32), true) + PX(10);
	static const struct {
		const char *key;
		uint32_t fg, bg;
	} badges[] = {{"badge.aktif", KIO_C_GREEN, KIO_C_GREEN_BG},
	              {"badge.tidak_aktif", KIO_C_AMBER, KIO_C_AMBER_BG},
	              {"badge.tidak_valid", KIO_C_RED, KIO_C_RED_BG}};
	int bi =
	    d->status >= KIO_DOC_AKTIF && d->status <= KIO_DOC_TIDAK_VALID ? (int)d->status : 2;
	int x =
	    r.x + kio_badge(ui, r.x, y, PX(24), S(badges[bi].key), badges[bi].fg, badges[bi].bg);
	char buf[128], meta[256];
	fmt_int(ui, d->pages == 1 ? "list.pages_one" : "list.pages", "n", d->pages, buf,
	        sizeof buf);
	int left = kio_document_prints_left(d);
	char lb[96];
	if (left < 0)
		snprintf(lb, sizeof lb, "%s", S("list.prints_unlimited"));
	else
		fmt_int(ui, "list.prints_left", "n", left, lb, sizeof lb);
	snprintf(meta, sizeof meta, "%s  ·  %s", buf, lb);
	/* Never under the button or reason box on the right. */
	int room = r.x + r.w - PX(ROW_RIGHT) - PX(24) - (x + PX(18));
	kio_text_box(ui, meta, kio_text_fit(ui, meta, PX(26), false, room), false, KIO_C_MUTED,
	             (SDL_Rect){x + PX(18), y + PX(3), room, 0}, KIO_LEFT, 1, true);

	SDL_Rect br = {r.x + r.w - btw, r.y + (PX(ROW_H) - bth) / 2, btw, bth};
	kio_printable_t p = kio_document_printable(d);
	if (p == KIO_PRINTABLE) {
		char id[KIO_UI_ID_MAX];
		snprintf(id, sizeof id, "doc-%s", d->id);
		int before = ui->nhits;
		kio_button(ui, id, br, S("button.print"), KIO_B_PRIMARY,
		           (kio_act_t){.intent = KIO_IN_SELECT_DOC, .text = d->id});
		/* Only the visible part of a scrolled button can be tapped. */
		if (ui->nhits > before) {
			SDL_Rect vis;
			if (SDL_IntersectRect(&ui->hits[ui->nhits - 1].r, &view, &vis))
				ui->hits[ui->nhits - 1].r = vis;
			else
				ui->nhits--;
		}
	} else {
		int rw = PX(ROW_RIGHT);
		SDL_Rect rr = {r.x + r.w - rw, r.y + PX(22), rw, PX(ROW_H) - PX(44)};
		kio_round(ui, rr, PX(12), 0xF1F3F6);
		int px = PX(24);
		const char *t = S(reason_key(p));
		int th = kio_text_box(ui, t, px, true, KIO_C_MUTED,
		                      (SDL_Rect){rr.x + PX(14), 0, rw - PX(28), 0}, KIO_CENTER, 2,
		                      false);
		kio_text_box(ui, t, px, true, KIO_C_MUTED,
		             (SDL_Rect){rr.x + PX(14), rr.y + (rr.h - th) / 2, rw - PX(28), 0},
		             KIO_CENTER, 2, true);
	}
}

static void draw_list(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	int x = b.x + f->m, w = b.w - 2 * f->m;
	int y = b.y + PX(28);
	int lw = PX(240), lh = PX(96);
	kio_button(ui, "logout", (SDL_Rect){x + w - lw, y, lw, lh}, S("button.logout"),
	           KIO_B_SECONDARY, act(KIO_IN_LOGOUT));
	kio_text(ui, S("list.title"), PX(44), true, KIO_C_TEXT, x, y, KIO_LEFT);
	char who[KIO_NAME_MAX + 64];
	const char *names[] = {"name", "nik"};
	const char *values[] = {sm->citizen.name, sm->citizen.nik_masked};
	kio_strings_fill(S("list.citizen"), who, sizeof who, names, values, 2);
	kio_text_box(ui, who, PX(28), false, KIO_C_MUTED,
	             (SDL_Rect){x, y + kio_text_line_h(ui, PX(44), true), w - lw - PX(20), 0},
	             KIO_LEFT, 1, true);
	int top = y + lh + PX(24);
	int barh = PX(100);
	int bottom = b.y + b.h - PX(20) - barh - PX(20);
	SDL_Rect view = {x, top, w, bottom - top};

	const kio_app_page_t *pg = sm->page;
	int total = 0;
	int napps = pg ? pg->napps : 0;
	for (int i = 0; i < napps; i++)
		total += app_height(ui, &pg->apps[i]) + PX(24);
	int max = total - view.h > 0 ? total - view.h : 0;
	int off = sm->scroll_px < 0 ? 0 : sm->scroll_px > max ? max : sm->scroll_px;
	ui->scroll_area = view;
	ui->scroll_cur = off;
	ui->scroll_max = max;

	SDL_RenderSetClipRect(ui->ren, &view);
	if (napps == 0) {
		SDL_Rect c = {view.x, view.y, view.w, PX(200)};
		kio_card(ui, c);
		kio_text_box(ui, S("list.empty"), PX(32), false, KIO_C_MUTED,
		             (SDL_Rect){c.x + PX(40), c.y + PX(50), c.w - PX(80), 0}, KIO_CENTER, 3,
		             true);
	}
	int cy = view.y - off;
	for (int i = 0; i < napps; i++) {
		const kio_application_t *a = &pg->apps[i];
		int ah = app_height(ui, a);
		if (cy + ah >= view.y && cy <= view.y + view.h) {
			SDL_Rect c = {view.x, cy, view.w, ah};
			kio_card(ui, c);
			int pad = PX(32), iy = cy + PX(28);
			kio_text_box(ui, a->service, PX(34), true, KIO_C_TEXT,
			             (SDL_Rect){c.x + pad, iy, c.w - 2 * pad, 0}, KIO_LEFT, 1,
			             true);
			iy += kio_text_line_h(ui, PX(34), true);
			char date[64], meta[256];
			format_date(ui, a->completed_at, date, sizeof date);
			const char *mn[] = {"code", "date"};
			const char *mv[] = {a->code, date};
			kio_strings_fill(S("list.app_meta"), meta, sizeof meta, mn, mv, 2);
			kio_text(ui, meta, PX(26), false, KIO_C_MUTED, c.x + pad, iy, KIO_LEFT);
			iy += kio_text_line_h(ui, PX(26), false) + PX(16);
			for (int d = 0; d < a->ndocs; d++) {
				doc_row(ui, &a->docs[d],
				        (SDL_Rect){c.x + pad, iy, c.w - 2 * pad, PX(ROW_H)}, view);
				iy += PX(ROW_H);
			}
		}
		cy += ah + PX(24);
	}
	SDL_RenderSetClipRect(ui->ren, NULL);

	/* Bottom bar: paging at the ends, scrolling in the middle. */
	int by = bottom + PX(20);
	/* Narrow screens: four equal columns (prev, up, down, next). */
	bool narrow = f->portrait || 2 * PX(360) + 2 * PX(300) + 4 * PX(20) > w;
	/* Narrow: paging 30 % each, scrolling 20 % each of the row. */
	int bw = narrow ? (w - 3 * PX(20)) * 3 / 10 : PX(360);
	int step = view.h * 8 / 10;
	if (sm->page_no > 1)
		kio_button(ui, "page-prev", (SDL_Rect){x, by, bw, barh}, S("button.page_prev"),
		           KIO_B_SECONDARY, act(KIO_IN_PAGE_PREV));
	if (pg && pg->next_page)
		kio_button(ui, "page-next", (SDL_Rect){x + w - bw, by, bw, barh},
		           S("button.page_next"), KIO_B_SECONDARY, act(KIO_IN_PAGE_NEXT));
	int sw = narrow ? (w - 3 * PX(20)) / 5 : PX(300);
	int sx = x + (w - 2 * sw - PX(20)) / 2;
	if (off > 0)
		kio_button(ui, "scroll-up", (SDL_Rect){sx, by, sw, barh}, S("button.scroll_up"),
		           KIO_B_SECONDARY,
		           (kio_act_t){.intent = KIO_IN_SCROLL, .n = -(off < step ? off : step)});
	if (off < max)
		kio_button(
		    ui, "scroll-down", (SDL_Rect){sx + sw + PX(20), by, sw, barh},
		    S("button.scroll_down"), KIO_B_SECONDARY,
		    (kio_act_t){.intent = KIO_IN_SCROLL, .n = max - off < step ? max - off : step});
	if (sm->page_no > 1 || (pg && pg->next_page)) {
		char pb[64];
		fmt_int(ui, "list.page", "n", sm->page_no, pb, sizeof pb);
		if (!narrow)
			kio_text(ui, pb, PX(26), false, KIO_C_MUTED,
			         sm->page_no > 1 ? x + bw + PX(30) : x,
			         by + (barh - kio_text_line_h(ui, PX(26), false)) / 2, KIO_LEFT);
	}
}

/* ---- confirm ------------------------------------------------------------- */

static int kv_row(kio_ui_t *ui, int x, int y, int w, const char *k, const char *v)
{
	int px = PX(32);
	kio_text(ui, k, px, false, KIO_C_MUTED, x, y, KIO_LEFT);
	int h = kio_text_box(ui, v, px, true, KIO_C_TEXT,
	                     (SDL_Rect){x + w * 45 / 100, y, w * 55 / 100, 0}, KIO_LEFT, 2, true);
	return h + PX(14);
}

static SDL_Rect center_card(kio_ui_t *ui, const frame_t *f, int maxw, int h)
{
	SDL_Rect b = f->body;
	int w = b.w - 2 * f->m;
	if (w > PX(maxw))
		w = PX(maxw);
	if (h > b.h - 2 * PX(30))
		h = b.h - 2 * PX(30);
	return (SDL_Rect){b.x + (b.w - w) / 2, b.y + (b.h - h) / 2, w, h};
}

static void draw_confirm(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect c = center_card(ui, f, 1200, PX(820));
	kio_card(ui, c);
	int pad = PX(56), x = c.x + pad, w = c.w - 2 * pad, y = c.y + PX(48);
	kio_text(ui, S("confirm.title"), PX(34), true, KIO_C_MUTED, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(34), true) + PX(10);
	y += kio_text_box(ui, sm->selected.title, PX(52), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
	                  KIO_LEFT, 2, true);
	y += kio_text_box(ui, sm->selected_service, PX(30), false, KIO_C_MUTED,
	                  (SDL_Rect){x, y, w, 0}, KIO_LEFT, 1, true) +
	     PX(30);
	char pages[16], left[64];
	snprintf(pages, sizeof pages, "%d", sm->selected.pages);
	int l = kio_document_prints_left(&sm->selected);
	if (l < 0)
		snprintf(left, sizeof left, "%s", S("confirm.unlimited"));
	else
		snprintf(left, sizeof left, "%d", l > 0 ? l - 1 : 0);
	y += kv_row(ui, x, y, w, S("confirm.application"), sm->selected_app);
	y += kv_row(ui, x, y, w, S("confirm.pages"), pages);
	y += kv_row(ui, x, y, w, S("confirm.paper_label"), S("confirm.paper"));
	y += kv_row(ui, x, y, w, S("confirm.left_after"), left) + PX(10);
	kio_text_box(ui, S("confirm.note"), PX(26), false, KIO_C_MUTED, (SDL_Rect){x, y, w, 0},
	             KIO_LEFT, 2, true);
	int bh = PX(120), bw = (w - PX(30)) / 2, by = c.y + c.h - PX(48) - bh;
	kio_button(ui, "back", (SDL_Rect){x, by, bw, bh}, S("button.back"), KIO_B_SECONDARY,
	           act(KIO_IN_BACK));
	kio_button(ui, "print", (SDL_Rect){x + w - bw, by, bw, bh}, S("button.print"),
	           KIO_B_PRIMARY, act(KIO_IN_PRINT));
}

/* ---- printing ---------------------------------------------------------- */

static void draw_printing(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect c = center_card(ui, f, 1200, PX(860));
	kio_card(ui, c);
	int pad = PX(56), x = c.x + pad, w = c.w - 2 * pad, y = c.y + PX(48);
	kio_text(ui, S("print.title"), PX(48), true, KIO_C_TEXT, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(48), true);
	y += kio_text_box(ui, sm->selected.title, PX(30), false, KIO_C_MUTED,
	                  (SDL_Rect){x, y, w, 0}, KIO_LEFT, 1, true) +
	     PX(28);
	static const char *const keys[KIO_PSTEP__COUNT] = {
	    "print.step.reserving",  "print.step.downloading", "print.step.verifying",
	    "print.step.submitting", "print.step.printing",    "print.step.settling",
	};
	int cur = (int)sm->printing.step;
	for (int i = 0; i < KIO_PSTEP__COUNT; i++) {
		char buf[128];
		const char *t = S(keys[i]);
		if (i == KIO_PSTEP_DOWNLOADING && cur == i && sm->printing.percent >= 0)
			t = fmt_int(ui, "print.step.downloading_pct", "n", sm->printing.percent,
			            buf, sizeof buf);
		if (i == KIO_PSTEP_PRINTING && cur == i && sm->printing.pages_done >= 0 &&
		    sm->printing.pages_total > 0) {
			char xs[16], ys[16];
			snprintf(xs, sizeof xs, "%d",
			         sm->printing.pages_done + 1 > sm->printing.pages_total
			             ? sm->printing.pages_total
			             : sm->printing.pages_done + 1);
			snprintf(ys, sizeof ys, "%d", sm->printing.pages_total);
			const char *n[] = {"x", "y"};
			const char *v[] = {xs, ys};
			kio_strings_fill(S("print.step.printing_pages"), buf, sizeof buf, n, v, 2);
			t = buf;
		}
		int rowh = PX(62);
		int cx = x + PX(22), cyy = y + rowh / 2;
		if (i < cur) {
			kio_dot(ui, cx, cyy, PX(20), KIO_C_GREEN, 0xFF);
			kio_text(ui, "✓", PX(26), true, 0xFFFFFF, cx,
			         cyy - kio_text_line_h(ui, PX(26), true) / 2, KIO_CENTER);
		} else if (i == cur) {
			kio_spinner(ui, cx, cyy, PX(17), sm->now_ms);
		} else {
			kio_dot(ui, cx, cyy, PX(20), KIO_C_BORDER, 0xFF);
			kio_dot(ui, cx, cyy, PX(16), KIO_C_CARD, 0xFF);
		}
		int px = PX(32);
		kio_text(ui, t, px, i == cur, i > cur ? KIO_C_DISABLED : KIO_C_TEXT, x + PX(66),
		         cyy - kio_text_line_h(ui, px, i == cur) / 2, KIO_LEFT);
		y += rowh;
	}
	/* Overall progress: finished steps plus the current one's fraction. */
	double frac = 0;
	if (cur == KIO_PSTEP_DOWNLOADING && sm->printing.percent > 0)
		frac = sm->printing.percent / 100.0;
	if (cur == KIO_PSTEP_PRINTING && sm->printing.pages_total > 0 &&
	    sm->printing.pages_done > 0)
		frac = (double)sm->printing.pages_done / sm->printing.pages_total;
	double all = (cur + frac) / KIO_PSTEP__COUNT;
	y += PX(24);
	SDL_Rect bar = {x, y, w, PX(20)};
	kio_round(ui, bar, bar.h / 2, 0xE3E8EE);
	bar.w = (int)(bar.w * all);
	if (bar.w > bar.h)
		kio_round(ui, bar, bar.h / 2, KIO_C_PRIMARY);
	y += PX(44);
	kio_text_box(ui, S("print.wait"), PX(30), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
	             KIO_LEFT, 2, true);
	int bh = PX(110), bw = PX(340), by = c.y + c.h - PX(40) - bh;
	if (sm->printing.cancel_requested)
		kio_text(ui, S("print.canceling"), PX(30), false, KIO_C_MUTED, x + w,
		         by + (bh - kio_text_line_h(ui, PX(30), false)) / 2, KIO_RIGHT);
	else if (sm->printing.can_cancel)
		kio_button(ui, "cancel", (SDL_Rect){x + w - bw, by, bw, bh}, S("button.cancel"),
		           KIO_B_SECONDARY, act(KIO_IN_CANCEL));
}

/* ---- done ---------------------------------------------------------------- */

static void draw_done(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	int qs = 0;
	SDL_Texture *q = NULL;
	if (ui->verify_base[0] && sm->selected.id[0]) {
		char url[KIO_UI_QR_PAYLOAD];
		snprintf(url, sizeof url, "%s/v/%s", ui->verify_base, sm->selected.id);
		q = kio_qr_texture(ui, url, PX(360), &qs);
	}
	int colw = f->portrait ? b.w - 2 * f->m : (b.w - 3 * f->m) * 60 / 100;
	int x = b.x + f->m, y = b.y + PX(64);
	kio_dot(ui, x + PX(50), y + PX(50), PX(50), KIO_C_GREEN, 0xFF);
	kio_text(ui, "✓", PX(60), true, 0xFFFFFF, x + PX(50),
	         y + PX(50) - kio_text_line_h(ui, PX(60), true) / 2, KIO_CENTER);
	y += PX(130);
	y += kio_text_box(ui, S("done.title"), PX(56), true, KIO_C_TEXT, (SDL_Rect){x, y, colw, 0},
	                  KIO_LEFT, 2, true) +
	     PX(16);
	y += kio_text_box(ui, S("done.body"), PX(34), false, KIO_C_TEXT, (SDL_Rect){x, y, colw, 0},
	                  KIO_LEFT, 3, true) +
	     PX(16);
	if (strcmp(sm->selected.kind, "KK") == 0)
		y += message_box(ui, (SDL_Rect){x, y, colw, 0}, S("done.kk_sign"), KIO_C_AMBER,
		                 KIO_C_AMBER_BG) +
		     PX(16);
	kio_text_box(ui, S("done.logout_hint"), PX(28), false, KIO_C_MUTED,
	             (SDL_Rect){x, y, colw, 0}, KIO_LEFT, 3, true);
	int bh = PX(120), bw = f->portrait ? (colw - PX(24)) / 2 : PX(420);
	int by = b.y + b.h - f->m - bh;
	kio_button(ui, "print-another", (SDL_Rect){x, by, bw, bh}, S("button.print_another"),
	           KIO_B_SECONDARY, act(KIO_IN_PRINT_ANOTHER));
	kio_button(ui, "finish",
	           (SDL_Rect){x + (f->portrait ? colw - bw : bw + PX(24)), by, bw, bh},
	           S("button.finish"), KIO_B_PRIMARY, act(KIO_IN_FINISH));
	if (!q)
		return;
	SDL_Rect card;
	int ch = qs + PX(200);
	if (f->portrait)
		card = (SDL_Rect){b.x + (b.w - PX(600)) / 2, by - PX(40) - ch, PX(600), ch};
	else
		card = (SDL_Rect){x + colw + f->m, b.y + PX(64), b.w - colw - 3 * f->m, ch};
	kio_card(ui, card);
	kio_blit(ui, q, card.x + (card.w - qs) / 2, card.y + PX(30), qs, qs);
	kio_text_box(ui, S("done.qr"), PX(26), false, KIO_C_MUTED,
	             (SDL_Rect){card.x + PX(30), card.y + PX(40) + qs, card.w - PX(60), 0},
	             KIO_CENTER, 3, true);
}

/* ---- error --------------------------------------------------------------- */

static const char *error_text(kio_ui_t *ui, const char *key)
{
	if (!key[0])
		return S("error.internal");
	/* The SM names printer faults "printer.<condition>"; the error screen
	 * wants the sentence that also says what to do. */
	if (strncmp(key, "printer.", 8) == 0) {
		char full[64];
		snprintf(full, sizeof full, "error.%s", key);
		if (kio_strings_has(ui->str, full))
			return S(full);
		return S("error.printer");
	}
	if (kio_strings_has(ui->str, key))
		return S(key);
	/* "error.printer.<condition>" for a condition without its own text. */
	if (strncmp(key, "error.printer.", 14) == 0)
		return S("error.printer");
	if (strncmp(key, "api.", 4) == 0)
		return S("api.unknown");
	return S(key); /* unknown: the key itself, so the gap is noticed */
}

static void draw_error(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect c = center_card(ui, f, 1200, PX(780));
	kio_card(ui, c);
	int pad = PX(56), x = c.x + pad, w = c.w - 2 * pad, y = c.y + PX(48);
	kio_dot(ui, x + PX(40), y + PX(40), PX(40), KIO_C_AMBER, 0xFF);
	kio_text(ui, "!", PX(52), true, 0xFFFFFF, x + PX(40),
	         y + PX(40) - kio_text_line_h(ui, PX(52), true) / 2, KIO_CENTER);
	kio_text(ui, S("error.title"), PX(48), true, KIO_C_TEXT, x + PX(110),
	         y + PX(40) - kio_text_line_h(ui, PX(48), true) / 2, KIO_LEFT);
	y += PX(110);
	char buf[KIO_MESSAGE_MAX + 128];
	const char *text = error_text(ui, sm->error.key);
	if (strstr(text, "{n}")) {
		int minutes = (sm->login.wait_s + 59) / 60;
		char n[16];
		snprintf(n, sizeof n, "%d", minutes < 1 ? 1 : minutes);
		const char *nn[] = {"n"};
		const char *nv[] = {n};
		kio_strings_fill(text, buf, sizeof buf, nn, nv, 1);
		text = buf;
	}
	y += kio_text_box(ui, text, PX(36), false, KIO_C_TEXT, (SDL_Rect){x, y, w, 0}, KIO_LEFT, 5,
	                  true) +
	     PX(20);
	if (sm->error.credit_kept) {
		kio_text(ui, "✓", PX(32), true, KIO_C_GREEN, x, y, KIO_LEFT);
		y += kio_text_box(ui, S("error.credit_kept"), PX(32), true, KIO_C_GREEN,
		                  (SDL_Rect){x + PX(44), y, w - PX(44), 0}, KIO_LEFT, 2, true) +
		     PX(16);
	}
	if (sm->error.server_message[0]) {
		fmt1(ui, "error.server_message", "message", sm->error.server_message, buf,
		     sizeof buf);
		y += kio_text_box(ui, buf, PX(28), false, KIO_C_MUTED, (SDL_Rect){x, y, w, 0},
		                  KIO_LEFT, 3, true) +
		     PX(16);
	}
	if (ui->hotline[0]) {
		fmt1(ui, "error.help", "hotline", ui->hotline, buf, sizeof buf);
		kio_text_box(ui, buf, PX(28), false, KIO_C_MUTED, (SDL_Rect){x, y, w, 0}, KIO_LEFT,
		             2, true);
	}
	int bh = PX(120), bw = PX(360);
	kio_button(ui, "dismiss", (SDL_Rect){x + w - bw, c.y + c.h - PX(48) - bh, bw, bh},
	           S(sm->error.logout_after ? "button.dismiss_logout" : "button.dismiss"),
	           KIO_B_PRIMARY, act(KIO_IN_DISMISS));
}

/* ---- warning overlay ------------------------------------------------------- */

static void draw_warning(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	/* Modal: the screen below can be seen but not touched. */
	ui->nhits = 0;
	ui->modal = true;
	ui->field = KIO_FIELD_NONE;
	ui->enter_intent = KIO_IN_STAY;
	ui->scroll_area = (SDL_Rect){0, 0, 0, 0};
	kio_fill_a(ui, (SDL_Rect){0, 0, f->w, f->h}, 0x0A1A2A, 170);
	int w = f->w - 2 * f->m < PX(960) ? f->w - 2 * f->m : PX(960), h = PX(580);
	SDL_Rect c = {(f->w - w) / 2, (f->h - h) / 2, w, h};
	kio_card(ui, c);
	int pad = PX(56), y = c.y + PX(56);
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

/* ---- technician and officer ----------------------------------------------- */

static void pin_entry(kio_ui_t *ui, const frame_t *f, const char *title, int pin_len,
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
		message_box(ui, (SDL_Rect){x, y, colw, 0},
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

static void report_box(kio_ui_t *ui, SDL_Rect r, const char *title, const char *report)
{
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

static void draw_technician(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	if (sm->tech.page == KIO_TECH_PIN) {
		int64_t left = sm->tech.locked_until_s - sm->tech.wall_now_s;
		pin_entry(ui, f, S("tech.pin"), sm->tech.pin_len, sm->tech.verifying,
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
	report_box(ui, (SDL_Rect){area.x, area.y, area.w, area.h - ah}, title, sm->tech.report);
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

static void draw_officer(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	if (!sm->officer.unlocked) {
		pin_entry(ui, f, S("officer.pin"), sm->officer.pin_len, sm->officer.verifying,
		          sm->officer.message_key, 0, "officer-pin-submit", "officer-exit",
		          sm->now_ms);
		return;
	}
	SDL_Rect b = f->body;
	int x = b.x + f->m, y = b.y + PX(36);
	kio_text(ui, S("officer.title"), PX(44), true, KIO_C_TEXT, x, y, KIO_LEFT);
	int bh = PX(96), bw = PX(300);
	kio_button(ui, "officer-exit", (SDL_Rect){b.x + b.w - f->m - bw, y, bw, bh},
	           S("button.exit"), KIO_B_SECONDARY, act(KIO_IN_EXIT));
	y += bh + PX(24);
	report_box(ui, (SDL_Rect){x, y, b.w - 2 * f->m, b.y + b.h - f->m - y}, S("officer.report"),
	           sm->officer.report);
}

void kio_screens_draw(kio_ui_t *ui, const kio_sm_t *sm, const char *clock_text)
{
	frame_t f = {.w = ui->w, .h = ui->h, .portrait = ui->h > ui->w};
	f.m = PX(48);
	int hh = PX(120), fh = PX(64);
	f.body = (SDL_Rect){0, hh, f.w, f.h - hh - fh};
	kio_fill(ui, (SDL_Rect){0, 0, f.w, f.h}, KIO_C_BG);
	bool lang = sm->screen == KIO_SCREEN_IDLE || sm->screen == KIO_SCREEN_LOGIN ||
	            sm->screen == KIO_SCREEN_LIST;
	switch (sm->screen) {
	case KIO_SCREEN_IDLE:
		draw_idle(ui, sm, &f);
		break;
	case KIO_SCREEN_LOGIN:
		if (sm->login.step == KIO_LOGIN_PASSWORD)
			draw_login_password(ui, sm, &f);
		else
			draw_login_nik(ui, sm, &f);
		break;
	case KIO_SCREEN_LOADING:
		draw_loading(ui, sm, &f);
		break;
	case KIO_SCREEN_LIST:
		draw_list(ui, sm, &f);
		break;
	case KIO_SCREEN_CONFIRM:
		draw_confirm(ui, sm, &f);
		break;
	case KIO_SCREEN_PRINTING:
		draw_printing(ui, sm, &f);
		break;
	case KIO_SCREEN_DONE:
		draw_done(ui, sm, &f);
		break;
	case KIO_SCREEN_ERROR:
		draw_error(ui, sm, &f);
		break;
	case KIO_SCREEN_TECHNICIAN:
		draw_technician(ui, sm, &f);
		break;
	case KIO_SCREEN_OFFICER:
		draw_officer(ui, sm, &f);
		break;
	default:
		break;
	}
	/* Header and footer last: content never paints over them. */
	header(ui, &f, clock_text, lang);
	footer(ui, &f);
	if (sm->warning)
		draw_warning(ui, sm, &f);
}
