/*
 * screens-login.c — the login screens: the NIK on a number pad, then the
 * password on a keyboard, each with a layout of its own for large text
 * (keys and buttons 1.4 times their normal size, the rest reflowed).
 */
#include <stdio.h>
#include <string.h>

#include "ui/screens-private.h"

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
	kio_screen_message_box(ui, r, text, wait ? KIO_C_AMBER : KIO_C_RED,
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

/* The number pad in R at its key size: keys at most PX(120) high and
 * PX(200) wide (1.4 times that with large text, where PX grows), centred
 * across R, at its top, middle or bottom (VALIGN 0, 1, 2). */
static SDL_Rect keypad_fit(kio_ui_t *ui, SDL_Rect r, int valign)
{
	int gap = PX(16);
	int kh = (r.h - 3 * gap) / 4, kw = (r.w - 2 * gap) / 3;
	kh = kh > PX(120) ? PX(120) : kh;
	kw = kw > PX(200) ? PX(200) : kw;
	SDL_Rect k = {0, r.y, 3 * kw + 2 * gap, 4 * kh + 3 * gap};
	k.x = r.x + (r.w - k.w) / 2;
	k.y = r.y + (r.h - k.h) * valign / 2;
	return k;
}

/* Large text: the number pad the whole body high (landscape: right; tall:
 * above the buttons), back and next and the phone button at the normal
 * layout's height, all 1.4 times; the field, its count and a message get
 * the rest, the title only where room is left (it is also spoken). */
static void nik_large(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f, const char *grouped,
                      const char *count)
{
	SDL_Rect b = f->body;
	int gap = SP(16), bh = PX(110), m = f->m;
	int x = b.x + m, cw = b.w - 2 * m, bottom = b.y + b.h - SP(16);
	SDL_Rect pad;
	if (!f->portrait) {
		/* Keys wide enough for the clear key's word at the keypad's
		 * label size, up to half the width (a short screen: keys
		 * already as high as they may be, and "Clear" keeps 1.4 times
		 * its normal size). */
		int cl = kio_text_width(ui, S("button.clear"), PX(40), true);
		int cn = kio_text_width(ui, S("button.clear_narrow"), PX(40), true);
		int padw = 3 * ((cl < cn ? cl : cn) + PX(24)) + 2 * PX(16);
		padw = padw > cw / 2 ? cw / 2 : padw < cw * 45 / 100 ? cw * 45 / 100 : padw;
		pad = (SDL_Rect){0, b.y + SP(8), padw, b.h - 2 * SP(8)};
		pad.x = b.x + b.w - m - pad.w;
		pad = keypad_fit(ui, pad, 1);
		cw = pad.x - SP(32) - x;
	}
	/* From the bottom: the phone button, back and next. */
	int ph = kio_screen_phone_button(ui, sm, (SDL_Rect){x, bottom - bh, cw, bh});
	if (ph)
		bottom -= ph + gap;
	int bw = (cw - gap) / 2;
	kio_button(ui, "back", (SDL_Rect){x, bottom - bh, bw, bh}, S("button.back"),
	           KIO_B_SECONDARY, act(KIO_IN_BACK));
	kio_button(ui, "next", (SDL_Rect){x + cw - bw, bottom - bh, bw, bh}, S("button.next"),
	           KIO_B_PRIMARY, act(KIO_IN_NEXT));
	int low = bottom - bh - gap; /* where the column above them ends */
	if (f->portrait) {
		pad = (SDL_Rect){x, 0, cw, PX(120) * 4 + PX(16) * 3};
		pad.y = low - SP(8) - pad.h;
		pad = keypad_fit(ui, pad, 0);
		low = pad.y - SP(24);
	}
	kio_keypad(ui, pad);
	int y = b.y + SP(24), fieldh = PX(100);
	int fieldb = fieldh + PX(8) + kio_text_line_h(ui, PX(26), false) + SP(16);
	int msg = 0;
	if (sm->login.message_key[0])
		msg = kio_text_box(ui, S(sm->login.message_key), PX(30), false, 0,
		                   (SDL_Rect){0, 0, cw - 2 * SP(22), 0}, KIO_LEFT, 0, false) +
		      2 * SP(22);
	int title = kio_text_box(ui, S("login.nik.title"), PX(52), true, 0, (SDL_Rect){x, y, cw, 0},
	                         KIO_LEFT, 2, false);
	if (y + title + SP(12) + fieldb + msg <= low)
		y += kio_text_box(ui, S("login.nik.title"), PX(52), true, KIO_C_TEXT,
		                  (SDL_Rect){x, y, cw, 0}, KIO_LEFT, 2, true) +
		     SP(12);
	y += field_box(ui, (SDL_Rect){x, y, cw, fieldh}, grouped, count) + SP(16);
	login_message(ui, sm, (SDL_Rect){x, y, cw, low - y});
}

void kio_screen_login_nik(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	ui->field = KIO_FIELD_DIGITS;
	ui->enter_intent = KIO_IN_NEXT;
	char grouped[40], count[64];
	group4(sm->login.nik, grouped, sizeof grouped);
	fmt_int(ui, "login.nik.count", "n", sm->login.nik_len, count, sizeof count);
	kio_say(ui, S("login.nik.title"));
	kio_say(ui, S("login.nik.hint"));
	if (ui->large) {
		nik_large(ui, sm, f, grouped, count);
		return;
	}
	int colw = f->portrait ? b.w - 2 * f->m : (b.w - 3 * f->m) / 2;
	int x = b.x + f->m, y = b.y + PX(48);
	int bh = PX(110), bw = (colw - PX(24)) / 2;
	int by = b.y + b.h - f->m - bh;
	y += kio_text_box(ui, S("login.nik.title"), PX(52), true, KIO_C_TEXT,
	                  (SDL_Rect){x, y, colw, 0}, KIO_LEFT, 2, true) +
	     PX(8);
	y += kio_text_box(ui, S("login.nik.hint"), PX(30), false, KIO_C_MUTED,
	                  (SDL_Rect){x, y, colw, 0}, KIO_LEFT, 2, true) +
	     PX(24);
	y += field_box(ui, (SDL_Rect){x, y, colw, PX(130)}, grouped, count) + PX(20);
	login_message(ui, sm, (SDL_Rect){x, y, colw, 0});
	kio_button(ui, "back", (SDL_Rect){x, by, bw, bh}, S("button.back"), KIO_B_SECONDARY,
	           act(KIO_IN_BACK));
	kio_button(ui, "next", (SDL_Rect){x + colw - bw, by, bw, bh}, S("button.next"),
	           KIO_B_PRIMARY, act(KIO_IN_NEXT));
	/* Login with a phone, right above: the other way in (screens-phone.c). */
	int phone_h = kio_screen_phone_button(ui, sm, (SDL_Rect){x, by - PX(24) - bh, colw, bh});
	if (phone_h)
		by -= PX(24) + phone_h;
	SDL_Rect pad;
	if (f->portrait) {
		/* Below the field and room for a message, right above the
		 * buttons: the hand stays in one place. */
		int pw = PX(900) < b.w - 2 * SP(24) ? PX(900) : b.w - 2 * SP(24);
		int ph = by - PX(40) - (y + PX(200));
		if (ph > PX(820))
			ph = PX(820);
		pad = keypad_fit(ui, (SDL_Rect){b.x + (b.w - pw) / 2, by - PX(40) - ph, pw, ph},
		                 true);
	} else {
		int pw = colw - PX(60);
		pad = keypad_fit(
		    ui, (SDL_Rect){x + colw + f->m + PX(30), b.y + PX(48), pw, b.h - PX(48) - f->m},
		    false);
	}
	kio_keypad(ui, pad);
}

/* The message (amber: it says what to wait for or change) or else the
 * title, in R.w, at most R.h high: smaller type before overlap. */
static void password_top(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r)
{
	char buf[KIO_MESSAGE_MAX + 256];
	const char *t = S("login.password.title");
	uint32_t fg = KIO_C_TEXT;
	if (sm->login.message_key[0]) {
		int minutes = (sm->login.wait_s + 59) / 60;
		t = sm->login.server_message[0] && !kio_strings_has(ui->str, sm->login.message_key)
		        ? sm->login.server_message
		        : fmt_int(ui, sm->login.message_key, "n", minutes < 1 ? 1 : minutes, buf,
		                  sizeof buf);
		fg = KIO_C_AMBER;
		kio_say(ui, t);
	}
	int px = sm->login.message_key[0] ? PX(28) : PX(40);
	SDL_Rect box = {r.x, r.y, r.w, 0};
	while (px > PX(28) * 7 / 10 &&
	       kio_text_box(ui, t, px, true, fg, box, KIO_LEFT, 0, false) > r.h)
		px--;
	kio_text_box(ui, t, px, true, fg, box, KIO_LEFT, 0, true);
}

/* The height password_top takes at its first size in W. */
static int password_top_h(kio_ui_t *ui, const kio_sm_t *sm, int w)
{
	char buf[KIO_MESSAGE_MAX + 256];
	if (!sm->login.message_key[0])
		return kio_text_box(ui, S("login.password.title"), PX(40), true, 0,
		                    (SDL_Rect){0, 0, w, 0}, KIO_LEFT, 0, false);
	const char *t = fmt_int(ui, sm->login.message_key, "n", 5, buf, sizeof buf);
	if (sm->login.server_message[0] && !kio_strings_has(ui->str, sm->login.message_key))
		t = sm->login.server_message;
	return kio_text_box(ui, t, PX(28), true, 0, (SDL_Rect){0, 0, w, 0}, KIO_LEFT, 0, false);
}

static void password_buttons(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect show, SDL_Rect back,
                             SDL_Rect login)
{
	kio_button(ui, "show-password", show,
	           S(sm->login.show_password ? "button.hide" : "button.show"), KIO_B_SECONDARY,
	           act(KIO_IN_TOGGLE_SHOW));
	kio_button(ui, "back", back, S("button.back"), KIO_B_SECONDARY, act(KIO_IN_BACK));
	kio_button(ui, "login", login, S("button.login"), KIO_B_PRIMARY, act(KIO_IN_LOGIN));
}

/* The width of a button of height BH whose label KEY keeps its full size
 * (kio_button: BH * 34 / 100, at most PX(52)), never under BH. */
static int button_w(kio_ui_t *ui, const char *key, int bh)
{
	int px = bh * 34 / 100 < PX(52) ? bh * 34 / 100 : PX(52);
	int w = kio_text_width(ui, S(key), px, true) + SP(24) + SP(8);
	return w > bh ? w : bh;
}

/* Large text: keys, the show button, back and login 1.4 times their normal
 * size (PX(96) keys, PX(110) buttons; PX grows with the text), and so are
 * their labels. Wide screens: the whole keyboard at the left, field and
 * buttons in a column at its right, where back and login fit side by side
 * at their labels' size (not 1920x1080: 414 px). Tall: seven keys across
 * (kio_keyboard_grid), the field above, back and login below. Else three
 * rows of keys, digits and symbols on pages behind a key, under the
 * field's row of buttons, each as wide as its label. */
static void draw_login_password_large(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f,
                                      const char *shown)
{
	SDL_Rect b = f->body;
	int m = SP(24), gap = SP(16), bh = PX(110), key = PX(96), kgap = PX(10);
	int x = b.x + m, w = b.w - 2 * m, top = b.y + SP(12), bottom = b.y + b.h - SP(12);
	/* Wide: narrow margins, every pixel to the column's labels. */
	int kbw = 10 * key + 9 * kgap, colw = b.w - 2 * SP(12) - kbw - gap;
	int lb = button_w(ui, "button.back", bh), ll = button_w(ui, "button.login", bh);
	if (!f->portrait && 5 * key + 4 * kgap <= bottom - top && colw >= lb + gap + ll) {
		x = b.x + SP(12);
		/* Back and login share the column by their labels' widths
		 * ("Kembali" is longer than "Masuk"). */
		int cx = x + kbw + gap, bw = (colw - gap) * lb / (lb + ll);
		SDL_Rect login = {cx + bw + gap, bottom - bh, colw - gap - bw, bh};
		SDL_Rect back = {cx, bottom - bh, bw, bh};
		SDL_Rect show = {cx, back.y - gap - bh, colw, bh};
		int fy = show.y - gap - PX(80);
		field_box(ui, (SDL_Rect){cx, fy, colw, PX(80)}, shown, NULL);
		password_top(ui, sm, (SDL_Rect){cx, top, colw, fy - gap - top});
		password_buttons(ui, sm, show, back, login);
		kio_keyboard(ui, (SDL_Rect){x, top, kbw, bottom - top});
		return;
	}
	if (f->portrait) {
		SDL_Rect back = {x, bottom - bh, (w - gap) / 2, bh};
		SDL_Rect login = {x + w - back.w, back.y, back.w, bh};
		int kh = kio_keyboard_grid(ui, (SDL_Rect){x, 0, w, 0}, 7, key, PX(116), false);
		int ky = back.y - gap - kh;
		int sw = PX(260), fy = ky - gap - bh;
		field_box(ui, (SDL_Rect){x, fy, w - sw - gap, bh}, shown, NULL);
		password_top(ui, sm, (SDL_Rect){x, top, w, fy - gap - top});
		password_buttons(ui, sm, (SDL_Rect){x + w - sw, fy, sw, bh}, back, login);
		kio_keyboard_grid(ui, (SDL_Rect){x, ky, w, 0}, 7, key, PX(116), true);
		return;
	}
	/* Short or 1920x1080: the top line, the field's row, three rows of
	 * keys as high as the rest allows. */
	int th = password_top_h(ui, sm, w);
	int fy = top + th + gap;
	int kh = (bottom - (fy + bh + gap) - 2 * kgap) / 3;
	password_top(ui, sm, (SDL_Rect){x, top, w, th});
	int sw = button_w(ui, "button.show", bh);
	SDL_Rect login = {x + w - ll, fy, ll, bh}, back = {login.x - gap - lb, fy, lb, bh};
	SDL_Rect show = {back.x - gap - sw, fy, sw, bh};
	field_box(ui, (SDL_Rect){x, fy, show.x - gap - x, bh}, shown, NULL);
	password_buttons(ui, sm, show, back, login);
	kio_keyboard_grid(ui, (SDL_Rect){x, fy + bh + gap, w, 0}, 10, kh, kh, true);
}

void kio_screen_login_password(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
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
	kio_say(ui, S("login.password.title"));
	kio_say(ui, S("login.password.hint"));
	if (ui->large) {
		draw_login_password_large(ui, sm, f, shown);
		return;
	}

	int x = b.x + f->m, y = b.y + PX(28);
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
	/* The count line under the field ends here; the keyboard may start. */
	int count_end = y + fh + PX(10) + kio_text_line_h(ui, PX(26), false);
	if (!f->portrait && kb.y < count_end) {
		/* A short body: the keyboard gives up height, not the count line. */
		kb.h -= count_end - kb.y;
		kb.y = count_end;
	}
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
