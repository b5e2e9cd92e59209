/*
 * screens-help.c — "Dokumen saya tidak ada": why a document a citizen expects
 * is not on their list, in the FAQ's words (only Selesai is printable; up to
 * 24 working hours after Diproses; only in the submitting account, FAQ 32;
 * KTP-el and KIA are not printed on HVS), and the hotline as a QR code.
 */
#include <stdio.h>
#include <string.h>

#include "ui/screens-private.h"

/* One numbered reason in R (R.h unused) at PX; returns the height it takes.
 * DRAW false only measures. */
static int reason(kio_ui_t *ui, SDL_Rect r, int n, const char *text, int px, bool draw)
{
	int d = PX(52);
	int h = kio_text_box(ui, text, px, false, KIO_C_TEXT,
	                     (SDL_Rect){r.x + d + PX(24), r.y + PX(6), r.w - d - PX(24), 0},
	                     KIO_LEFT, ui->large ? 0 : 4, draw);
	if (draw) {
		char num[8];
		snprintf(num, sizeof num, "%d", n);
		kio_dot(ui, r.x + d / 2, r.y + d / 2, d / 2, KIO_C_PRIMARY, 0xFF);
		kio_text(ui, num, PX(28), true, 0xFFFFFF, r.x + d / 2,
		         r.y + (d - kio_text_line_h(ui, PX(28), true)) / 2, KIO_CENTER);
	}
	return (h + PX(6) > d ? h + PX(6) : d) + PX(18);
}

/* The hotline QR and its sentence in R; nothing without a hotline. */
static void help_box(kio_ui_t *ui, SDL_Rect r)
{
	char link[96], buf[512];
	if (!ui->hotline[0])
		return;
	kio_card(ui, r);
	int pad = PX(28), qs = 0;
	kio_screen_wa_link(ui->hotline, link, sizeof link);
	int qmax = r.h - 2 * pad < PX(260) ? r.h - 2 * pad : PX(260);
	SDL_Texture *q = kio_qr_texture(ui, link, qmax, &qs);
	int tx = r.x + pad;
	if (q) {
		kio_blit(ui, q, r.x + pad, r.y + (r.h - qs) / 2, qs, qs);
		tx += qs + pad;
	}
	fmt1(ui, "missing.help", "hotline", ui->hotline, buf, sizeof buf);
	int tw = r.x + r.w - pad - tx;
	int th = kio_text_box(ui, buf, PX(28), false, KIO_C_TEXT, (SDL_Rect){tx, 0, tw, 0},
	                      KIO_LEFT, 5, false);
	kio_text_box(ui, buf, PX(28), false, KIO_C_TEXT,
	             (SDL_Rect){tx, r.y + (r.h - th) / 2, tw, 0}, KIO_LEFT, 5, true);
}

/* Large text: the hotline QR and its sentence wrapped beside it, in a card
 * W wide at X,Y; returns its height (0 without a hotline). DRAW false only
 * measures. */
static int help_box_large(kio_ui_t *ui, int x, int y, int w, bool draw)
{
	char link[96], buf[512];
	if (!ui->hotline[0])
		return 0;
	int pad = SP(28), qs = 0;
	kio_screen_wa_link(ui->hotline, link, sizeof link);
	SDL_Texture *q = kio_qr_texture(ui, link, SP(260), &qs);
	int tx = x + pad + (q ? qs + pad : 0), tw = x + w - pad - tx;
	fmt1(ui, "missing.help", "hotline", ui->hotline, buf, sizeof buf);
	int th =
	    kio_text_box(ui, buf, PX(28), false, 0, (SDL_Rect){tx, 0, tw, 0}, KIO_LEFT, 0, false);
	int h = (th > qs ? th : qs) + 2 * pad;
	if (!draw)
		return h;
	kio_card(ui, (SDL_Rect){x, y, w, h});
	if (q)
		kio_blit(ui, q, x + pad, y + (h - qs) / 2, qs, qs);
	kio_text_box(ui, buf, PX(28), false, KIO_C_TEXT, (SDL_Rect){tx, y + (h - th) / 2, tw, 0},
	             KIO_LEFT, 0, true);
	return h;
}

static const char *const reason_keys[] = {"missing.status", "missing.time", "missing.account",
                                          "missing.card"};
enum { NREASONS = sizeof reason_keys / sizeof reason_keys[0] };

/* Large text: the introduction, the reasons and the hotline, W wide from
 * X,Y, every sentence whole; returns the height. DRAW false only measures. */
static int missing_content(kio_ui_t *ui, const kio_sm_t *sm, int x, int y, int w, bool draw)
{
	(void)sm;
	int y0 = y;
	y += kio_text_box(ui, S("missing.intro"), PX(30), false, KIO_C_MUTED,
	                  (SDL_Rect){x, y, w, 0}, KIO_LEFT, 0, draw) +
	     SP(20);
	SDL_Rect in = {x + SP(28), 0, w - 2 * SP(28), 0};
	int need = 2 * SP(22);
	for (int i = 0; i < NREASONS; i++)
		need += reason(ui, in, i + 1, S(reason_keys[i]), PX(30), false);
	if (draw) {
		kio_card(ui, (SDL_Rect){x, y, w, need});
		in.y = y + SP(22);
		for (int i = 0; i < NREASONS; i++)
			in.y += reason(ui, in, i + 1, S(reason_keys[i]), PX(30), true);
	}
	y += need + SP(20);
	y += help_box_large(ui, x, y, w, draw);
	return y - y0;
}

void kio_screen_missing(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	int x = b.x + f->m, w = b.w - 2 * f->m, y = b.y + (ui->large ? SP(36) : PX(36));
	int bh = PX(110), bw = PX(300); /* large: 1.4 times, as the text */
	kio_button(ui, "back", (SDL_Rect){x + w - bw, y, bw, bh}, S("button.back"), KIO_B_SECONDARY,
	           act(KIO_IN_BACK));
	kio_say(ui, S("missing.title"));
	int th =
	    kio_text_box(ui, S("missing.title"), PX(44), true, KIO_C_TEXT,
	                 (SDL_Rect){x, y, w - bw - PX(24), 0}, KIO_LEFT, ui->large ? 0 : 2, true);
	if (ui->large) {
		/* Under the title, scrolled where it does not fit. */
		int top = y + (th > bh ? th : bh) + SP(20);
		kio_screen_scrolled(ui, sm, (SDL_Rect){x, top, w, b.y + b.h - SP(24) - top},
		                    (SDL_Rect){0}, missing_content);
		return;
	}
	y += bh + PX(20);
	y += kio_text_box(ui, S("missing.intro"), PX(30), false, KIO_C_MUTED,
	                  (SDL_Rect){x, y, w, 0}, KIO_LEFT, 1, true) +
	     PX(20);
	const char *const *keys = reason_keys;
	enum { NKEYS = NREASONS };
	int helpmin = PX(170), bottom = b.y + b.h - f->m;
	SDL_Rect card = {x, y, w, 0};
	SDL_Rect in = {card.x + PX(28), 0, card.w - PX(56), 0};
	/* The reasons at the largest size that leaves room for the hotline. */
	int px = PX(30), need = 0;
	for (; px >= PX(22); px -= PX(2) > 0 ? PX(2) : 1) {
		need = 2 * PX(22);
		for (int i = 0; i < NKEYS; i++)
			need += reason(ui, in, i + 1, S(keys[i]), px, false);
		if (y + need + PX(20) + helpmin <= bottom)
			break;
	}
	card.h = need;
	kio_card(ui, card);
	int ry = card.y + PX(22);
	for (int i = 0; i < NKEYS; i++) {
		in.y = ry;
		ry += reason(ui, in, i + 1, S(keys[i]), px, true);
	}
	int hy = card.y + card.h + PX(20);
	int hh = bottom - hy > PX(300) ? PX(300) : bottom - hy;
	help_box(ui, (SDL_Rect){x, hy, w, hh});
}
