/*
 * screens-phone.c — the ways in without typing: the "Masuk dengan HP" button
 * of the login screen, the phone-login screen (the code's URL as a QR, the
 * six digits in large type, a countdown), and the scanned document's status
 * (never its holder).
 *
 * Widget ids: login "phone"; phone "back", "phone-new" (after a failure);
 * scan "finish".
 */
#include <stdio.h>
#include <string.h>

#include "ui/screens-private.h"

/* "2026-11-03T10:40:00+07:00" -> "3 November 2026". */
static void issue_date(kio_ui_t *ui, const char *rfc, char *out, size_t len)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(rfc, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
		snprintf(out, len, "%s", rfc);
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

int kio_screen_phone_button(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r)
{
	if (sm->phone.unsupported)
		return 0; /* a v1 server: the feature is hidden, not broken */
	kio_button(ui, "phone", r, S("button.phone"), KIO_B_SECONDARY, act(KIO_IN_PHONE));
	return r.h;
}

/* The code as "482 913": two groups read more easily from a distance. */
static void grouped_code(const char *code, char *out, size_t len)
{
	snprintf(out, len, "%.3s %.3s", code, strlen(code) > 3 ? code + 3 : "");
}

static int phone_steps(kio_ui_t *ui, SDL_Rect r)
{
	static const char *const steps[] = {"phone.step1", "phone.step2", "phone.step3"};
	int y = r.y;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		y += kio_text_box(ui, S(steps[i]), PX(30), false, KIO_C_TEXT,
		                  (SDL_Rect){r.x, y, r.w, 0}, KIO_LEFT, 3, true) +
		     PX(14);
	return y - r.y;
}

static void phone_waiting(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f, int y, int bottom)
{
	SDL_Rect b = f->body;
	int qs = 0, colw = f->portrait ? b.w - 2 * f->m : (b.w - 3 * f->m) * 55 / 100;
	int x = b.x + f->m;
	int qmax = f->portrait ? PX(520) : PX(560);
	if (!f->portrait && qmax > bottom - y - PX(40))
		qmax = bottom - y - PX(40);
	SDL_Texture *q = kio_qr_texture(ui, sm->phone.url, qmax, &qs);
	SDL_Rect card;
	if (f->portrait)
		card = (SDL_Rect){b.x + (b.w - qs) / 2 - PX(24), y, qs + PX(48), qs + PX(48)};
	else
		card = (SDL_Rect){x + colw + f->m, y, qs + PX(48), qs + PX(48)};
	kio_card(ui, card);
	if (q)
		kio_blit(ui, q, card.x + PX(24), card.y + PX(24), qs, qs);
	if (f->portrait)
		y = card.y + card.h + PX(32);
	char code[16], left[96];
	grouped_code(sm->phone.code, code, sizeof code);
	kio_text(ui, S("phone.code"), PX(30), false, KIO_C_MUTED, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(30), false);
	kio_text(ui, code, PX(120), true, KIO_C_PRIMARY, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(120), true);
	fmt_int(ui, "phone.left", "n", sm->phone.left_s, left, sizeof left);
	kio_text(ui, left, PX(32), true, KIO_C_AMBER, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(32), true) + PX(28);
	phone_steps(ui, (SDL_Rect){x, y, colw, 0});
}

/* ---- large text ---------------------------------------------------------- */

/* The three steps, wrapped, never cut (kio_content_fn). */
static int steps_large(kio_ui_t *ui, const kio_sm_t *sm, int x, int y, int w, bool draw)
{
	(void)sm;
	static const char *const steps[] = {"phone.step1", "phone.step2", "phone.step3"};
	int y0 = y;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		y += kio_text_box(ui, S(steps[i]), PX(30), false, KIO_C_TEXT,
		                  (SDL_Rect){x, y, w, 0}, KIO_LEFT, 0, draw) +
		     SP(14);
	return y - y0;
}

/* The code, its label and the time left, W wide at X,Y; returns the height.
 * The code keeps its normal size: it is the largest text already. */
static int code_block(kio_ui_t *ui, const kio_sm_t *sm, int x, int y, int w, bool draw)
{
	char code[16], left[96];
	grouped_code(sm->phone.code, code, sizeof code);
	fmt_int(ui, "phone.left", "n", sm->phone.left_s, left, sizeof left);
	int y0 = y;
	int cw = kio_text_width(ui, code, SP(120), true), ch = kio_text_line_h(ui, SP(120), true);
	int lw = kio_text_width(ui, S("phone.code"), PX(30), false);
	if (cw + SP(32) + lw <= w) {
		/* The label beside the code, on its baseline: a line less, so
		 * the steps under it stay in view. */
		if (draw) {
			kio_text(ui, code, SP(120), true, KIO_C_PRIMARY, x, y, KIO_LEFT);
			kio_text(ui, S("phone.code"), PX(30), false, KIO_C_MUTED, x + cw + SP(32),
			         y + ch * 3 / 4 - kio_text_line_h(ui, PX(30), false), KIO_LEFT);
		}
		y += ch;
	} else {
		y += kio_text_box(ui, S("phone.code"), PX(30), false, KIO_C_MUTED,
		                  (SDL_Rect){x, y, w, 0}, KIO_LEFT, 0, draw);
		if (draw)
			kio_text(ui, code, SP(120), true, KIO_C_PRIMARY, x, y, KIO_LEFT);
		y += ch;
	}
	y += kio_text_box(ui, left, PX(32), true, KIO_C_AMBER, (SDL_Rect){x, y, w, 0}, KIO_LEFT, 0,
	                  draw);
	return y - y0;
}

/* The title wrapped in W from X,Y; returns the height with the gap under it. */
static int title_large(kio_ui_t *ui, int x, int y, int w, bool draw)
{
	return kio_text_box(ui, S("phone.title"), PX(52), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
	                    KIO_LEFT, 0, draw) +
	       SP(20);
}

/* Large text, waiting for the phone: the title, the QR and the code always
 * in view, the steps scrolled where they do not fit; "back" at the bottom.
 * In landscape the QR and "back" take a column on the right. Y: the top. */
static void phone_waiting_large(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f, int y)
{
	SDL_Rect b = f->body;
	int x = b.x + f->m, w = b.w - 2 * f->m, bottom = b.y + b.h - SP(24);
	int bh = PX(110), gap = SP(20), pad = SP(24), qs = 0;
	SDL_Texture *q;
	if (f->portrait) {
		int bw = (w - PX(24)) / 2;
		y += title_large(ui, x, y, w, true);
		kio_button(ui, "back", (SDL_Rect){x, bottom - bh, bw, bh}, S("button.back"),
		           KIO_B_SECONDARY, act(KIO_IN_BACK));
		/* The QR as large as leaves the steps their room. */
		int rest = code_block(ui, sm, x, 0, w, false) + steps_large(ui, sm, x, 0, w, false);
		int qmax = bottom - bh - gap - y - 2 * pad - 2 * gap - rest;
		qmax = qmax > SP(520) ? SP(520) : qmax < SP(300) ? SP(300) : qmax;
		q = kio_qr_texture(ui, sm->phone.url, qmax, &qs);
		SDL_Rect card = {b.x + (b.w - qs) / 2 - pad, y, qs + 2 * pad, qs + 2 * pad};
		kio_card(ui, card);
		if (q)
			kio_blit(ui, q, card.x + pad, card.y + pad, qs, qs);
		y += card.h + gap;
		y += code_block(ui, sm, x, y, w, true) + gap;
		kio_screen_scrolled(ui, sm, (SDL_Rect){x, y, w, bottom - bh - gap - y},
		                    (SDL_Rect){x + w - bw, bottom - bh, bw, bh}, steps_large);
		return;
	}
	int top = y, colw = PX(300);
	/* The right column: QR, the scroll buttons when the steps need
	 * them, "back". The QR gives way to the buttons only then. */
	int qmax = bottom - bh - gap - top - 2 * pad;
	for (int pass = 0; pass < 2; pass++) {
		q = kio_qr_texture(ui, sm->phone.url, qmax > SP(560) ? SP(560) : qmax, &qs);
		colw = qs + 2 * pad > PX(300) ? qs + 2 * pad : PX(300);
		int lw = w - colw - f->m;
		int view = bottom - (y + title_large(ui, x, y, lw, false) +
		                     code_block(ui, sm, x, y, lw, false) + gap);
		if (steps_large(ui, sm, x, 0, lw, false) <= view)
			break;
		qmax -= bh + gap;
	}
	int cx = x + w - colw, lw = w - colw - f->m;
	SDL_Rect card = {cx + (colw - qs - 2 * pad) / 2, top, qs + 2 * pad, qs + 2 * pad};
	kio_card(ui, card);
	if (q)
		kio_blit(ui, q, card.x + pad, card.y + pad, qs, qs);
	kio_button(ui, "back", (SDL_Rect){cx, bottom - bh, colw, bh}, S("button.back"),
	           KIO_B_SECONDARY, act(KIO_IN_BACK));
	y += title_large(ui, x, y, lw, true);
	y += code_block(ui, sm, x, y, lw, true) + gap;
	kio_screen_scrolled(ui, sm, (SDL_Rect){x, y, lw, bottom - y},
	                    (SDL_Rect){cx, card.y + card.h + gap, colw, bh}, steps_large);
}

void kio_screen_phone(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	int x = b.x + f->m, y = b.y + PX(40), w = b.w - 2 * f->m;
	int bh = PX(110), bw = f->portrait ? (w - PX(24)) / 2 : PX(420);
	int by = b.y + b.h - f->m - bh;
	kio_say(ui, S("phone.title"));
	if (ui->large) {
		/* Wrapped, never cut; beside the QR column in landscape. */
		by = b.y + b.h - SP(24) - bh;
		y = b.y + SP(24);
		if (sm->phone.state == KIO_PHONE_WAITING) {
			phone_waiting_large(ui, sm, f, y);
			return;
		}
		y += kio_text_box(ui, S("phone.title"), PX(52), true, KIO_C_TEXT,
		                  (SDL_Rect){x, y, w, 0}, KIO_LEFT, 0, true) +
		     SP(20);
	} else {
		kio_text(ui, S("phone.title"), PX(52), true, KIO_C_TEXT, x, y, KIO_LEFT);
		y += kio_text_line_h(ui, PX(52), true) + PX(24);
	}
	switch (sm->phone.state) {
	case KIO_PHONE_REQUESTING:
		kio_spinner(ui, b.x + b.w / 2, y + PX(160), PX(56), sm->now_ms);
		kio_text_box(ui, S("phone.requesting"), PX(36), true, KIO_C_TEXT,
		             (SDL_Rect){x, y + PX(260), w, 0}, KIO_CENTER, 2, true);
		break;
	case KIO_PHONE_WAITING:
		phone_waiting(ui, sm, f, y, by);
		break;
	case KIO_PHONE_FAILED: {
		const char *text = S(sm->phone.message_key);
		if (sm->phone.server_message[0] && !kio_strings_has(ui->str, sm->phone.message_key))
			text = sm->phone.server_message; /* a code the kiosk does not know */
		int colw = f->portrait ? w : w * 60 / 100;
		kio_screen_message_box(ui, (SDL_Rect){x, y, colw, 0}, text, KIO_C_RED,
		                       KIO_C_RED_BG);
		kio_button(ui, "phone-new", (SDL_Rect){x + w - bw, by, bw, bh},
		           S("button.phone_new"), KIO_B_PRIMARY, act(KIO_IN_PHONE));
		break;
	}
	}
	kio_button(ui, "back", (SDL_Rect){x, by, bw, bh}, S("button.back"), KIO_B_SECONDARY,
	           act(KIO_IN_BACK));
}

/* ---- scanned document -------------------------------------------------- */

static void scan_answer(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r)
{
	static const uint32_t fg[] = {KIO_C_GREEN, KIO_C_AMBER, KIO_C_RED};
	static const uint32_t bg[] = {KIO_C_GREEN_BG, KIO_C_AMBER_BG, KIO_C_RED_BG};
	int st = (int)sm->scan.status;
	if (st < 0 || st > 2)
		st = 2;
	char key[48], line[256], kind[96];
	int y = r.y;
	snprintf(key, sizeof key, "scan.status.%d", st);
	kio_say(ui, S(key)); /* AKTIF / TIDAK AKTIF / TIDAK VALID */
	SDL_Rect band = {r.x, y, r.w, PX(150)};
	kio_round(ui, band, PX(18), bg[st]);
	int px = kio_text_fit(ui, S(key), PX(96), true, r.w - PX(48));
	kio_text(ui, S(key), px, true, fg[st], r.x + r.w / 2,
	         y + (band.h - kio_text_line_h(ui, px, true)) / 2, KIO_CENTER);
	y += band.h + PX(28);
	snprintf(key, sizeof key, "scan.meaning.%d", st);
	y += kio_text_box(ui, S(key), PX(32), false, KIO_C_TEXT, (SDL_Rect){r.x, y, r.w, 0},
	                  KIO_LEFT, 6, true) +
	     PX(24);
	if (sm->scan.kind[0]) {
		snprintf(key, sizeof key, "scan.kind.%s", sm->scan.kind);
		snprintf(kind, sizeof kind, "%s",
		         kio_strings_has(ui->str, key) ? S(key) : sm->scan.kind);
		fmt1(ui, "scan.kind", "kind", kind, line, sizeof line);
		kio_text(ui, line, PX(32), true, KIO_C_TEXT, r.x, y, KIO_LEFT);
		y += kio_text_line_h(ui, PX(32), true) + PX(10);
	}
	if (sm->scan.issued_at[0]) {
		char date[96];
		issue_date(ui, sm->scan.issued_at, date, sizeof date);
		fmt1(ui, "scan.issued", "date", date, line, sizeof line);
		kio_text(ui, line, PX(32), true, KIO_C_TEXT, r.x, y, KIO_LEFT);
		y += kio_text_line_h(ui, PX(32), true) + PX(10);
	}
	kio_text_box(ui, S("scan.privacy"), PX(26), false, KIO_C_MUTED,
	             (SDL_Rect){r.x, y + PX(8), r.w, 0}, KIO_LEFT, 2, true);
}

/* Large text: what the status means, the kind, the date and the privacy
 * line, wrapped (kio_content_fn). */
static int scan_details(kio_ui_t *ui, const kio_sm_t *sm, int x, int y, int w, bool draw)
{
	char key[48], line[256], kind[96], date[96];
	int st = (int)sm->scan.status < 0 || (int)sm->scan.status > 2 ? 2 : (int)sm->scan.status;
	int y0 = y;
	snprintf(key, sizeof key, "scan.meaning.%d", st);
	y += kio_text_box(ui, S(key), PX(32), false, KIO_C_TEXT, (SDL_Rect){x, y, w, 0}, KIO_LEFT,
	                  0, draw) +
	     SP(24);
	if (sm->scan.kind[0]) {
		snprintf(key, sizeof key, "scan.kind.%s", sm->scan.kind);
		snprintf(kind, sizeof kind, "%s",
		         kio_strings_has(ui->str, key) ? S(key) : sm->scan.kind);
		fmt1(ui, "scan.kind", "kind", kind, line, sizeof line);
		y += kio_text_box(ui, line, PX(32), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
		                  KIO_LEFT, 0, draw) +
		     SP(10);
	}
	if (sm->scan.issued_at[0]) {
		issue_date(ui, sm->scan.issued_at, date, sizeof date);
		fmt1(ui, "scan.issued", "date", date, line, sizeof line);
		y += kio_text_box(ui, line, PX(32), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
		                  KIO_LEFT, 0, draw) +
		     SP(10);
	}
	y += SP(8) + kio_text_box(ui, S("scan.privacy"), PX(26), false, KIO_C_MUTED,
	                          (SDL_Rect){x, y + SP(8), w, 0}, KIO_LEFT, 0, draw);
	return y - y0;
}

/* Large text: the status in its band, the rest scrolled where it does not
 * fit, "finish" at the bottom right with the scroll buttons beside it. */
static void scan_large(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	static const uint32_t fg[] = {KIO_C_GREEN, KIO_C_AMBER, KIO_C_RED};
	static const uint32_t bg[] = {KIO_C_GREEN_BG, KIO_C_AMBER_BG, KIO_C_RED_BG};
	SDL_Rect b = f->body;
	int x = b.x + f->m, y = b.y + SP(24), w = b.w - 2 * f->m;
	int colw = f->portrait ? w : (w < PX(1200) ? w : PX(1200));
	int bh = PX(110), bw = f->portrait ? (w - PX(24)) / 2 : PX(420);
	int by = b.y + b.h - SP(24) - bh;
	kio_say(ui, S("scan.title"));
	y += kio_text_box(ui, S("scan.title"), PX(52), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
	                  KIO_LEFT, 0, true) +
	     SP(20);
	if (sm->scan.loading) {
		kio_spinner(ui, b.x + b.w / 2, y + PX(100), PX(56), sm->now_ms);
		kio_text_box(ui, S("scan.checking"), PX(36), true, KIO_C_TEXT,
		             (SDL_Rect){x, y + PX(180), w, 0}, KIO_CENTER, 0, true);
		return; /* nothing to tap until the answer is in */
	}
	kio_button(ui, "finish", (SDL_Rect){x + w - bw, by, bw, bh}, S("button.finish"),
	           KIO_B_PRIMARY, act(KIO_IN_FINISH));
	if (!sm->scan.answered) {
		kio_screen_message_box(
		    ui, (SDL_Rect){x, y, colw, 0},
		    S(sm->scan.message_key[0] ? sm->scan.message_key : "scan.unknown"), KIO_C_RED,
		    KIO_C_RED_BG);
		return;
	}
	char key[48];
	int st = (int)sm->scan.status < 0 || (int)sm->scan.status > 2 ? 2 : (int)sm->scan.status;
	snprintf(key, sizeof key, "scan.status.%d", st);
	kio_say(ui, S(key)); /* AKTIF / TIDAK AKTIF / TIDAK VALID */
	int px = kio_text_fit(ui, S(key), PX(72), true, colw - PX(48));
	SDL_Rect band = {x, y, colw, kio_text_line_h(ui, px, true) + SP(40)};
	kio_round(ui, band, PX(18), bg[st]);
	kio_text(ui, S(key), px, true, fg[st], x + colw / 2,
	         y + (band.h - kio_text_line_h(ui, px, true)) / 2, KIO_CENTER);
	y += band.h + SP(24);
	kio_screen_scrolled(ui, sm, (SDL_Rect){x, y, colw, by - SP(20) - y},
	                    (SDL_Rect){x, by, w - bw - PX(24), bh}, scan_details);
}

void kio_screen_scan(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	if (ui->large) {
		scan_large(ui, sm, f);
		return;
	}
	SDL_Rect b = f->body;
	int x = b.x + f->m, y = b.y + PX(40), w = b.w - 2 * f->m;
	int colw = f->portrait ? w : (w < PX(1200) ? w : PX(1200));
	kio_say(ui, S("scan.title"));
	kio_text(ui, S("scan.title"), PX(52), true, KIO_C_TEXT, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(52), true) + PX(28);
	if (sm->scan.loading) {
		kio_spinner(ui, b.x + b.w / 2, y + PX(160), PX(56), sm->now_ms);
		kio_text_box(ui, S("scan.checking"), PX(36), true, KIO_C_TEXT,
		             (SDL_Rect){x, y + PX(260), w, 0}, KIO_CENTER, 2, true);
		return; /* nothing to tap until the answer is in */
	}
	if (sm->scan.answered)
		scan_answer(ui, sm, (SDL_Rect){x, y, colw, 0});
	else
		kio_screen_message_box(
		    ui, (SDL_Rect){x, y, colw, 0},
		    S(sm->scan.message_key[0] ? sm->scan.message_key : "scan.unknown"), KIO_C_RED,
		    KIO_C_RED_BG);
	int bh = PX(110), bw = f->portrait ? w : PX(420);
	kio_button(ui, "finish", (SDL_Rect){x + w - bw, b.y + b.h - f->m - bh, bw, bh},
	           S("button.finish"), KIO_B_PRIMARY, act(KIO_IN_FINISH));
}
