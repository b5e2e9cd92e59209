/*
 * screens-confirm.c — the confirmation before printing: page 1 of the
 * document (or the progress of its download and check), what will be
 * printed and what it costs, "Cetak" once the document is verified.
 */
#include <stdio.h>
#include <string.h>

#include "ui/screens-private.h"

/* Label and value; the label above the value when it would not leave the
 * value room (large text on a narrow screen). */
/* A label and its value, drawn when DRAW; its height either way. */
static int kv_row_in(kio_ui_t *ui, int x, int y, int w, const char *k, const char *v, bool draw)
{
	int px = PX(32);
	/* Also a value of one word (a code) that would be broken beside it. */
	bool stacked = kio_text_width(ui, k, px, false) + SP(24) > w * 45 / 100 ||
	               (!strchr(v, ' ') && kio_text_width(ui, v, px, true) > w * 55 / 100);
	if (stacked) {
		int h = kio_text_box(ui, k, px, false, KIO_C_MUTED, (SDL_Rect){x, y, w, 0},
		                     KIO_LEFT, 2, draw);
		h += kio_text_box(ui, v, px, true, KIO_C_TEXT, (SDL_Rect){x, y + h, w, 0}, KIO_LEFT,
		                  2, draw);
		return h + SP(14);
	}
	if (draw)
		kio_text(ui, k, px, false, KIO_C_MUTED, x, y, KIO_LEFT);
	int h = kio_text_box(ui, v, px, true, KIO_C_TEXT,
	                     (SDL_Rect){x + w * 45 / 100, y, w * 55 / 100, 0}, KIO_LEFT, 2, draw);
	return h + (ui->large ? SP(14) : PX(14));
}

/* The same, drawn only when it ends above LIMIT (0: no limit), else left
 * out (returns 0): a row is never drawn over the buttons. */
static int kv_row_max(kio_ui_t *ui, int x, int y, int w, const char *k, const char *v, int limit)
{
	if (limit > 0 && y + kv_row_in(ui, x, y, w, k, v, false) > limit)
		return 0;
	return kv_row_in(ui, x, y, w, k, v, true);
}

/* The width of the widest word of S at PX. */
static int longest_word(kio_ui_t *ui, const char *s, int px, bool bold)
{
	char word[128];
	int best = 0;
	while (*s) {
		size_t n = strcspn(s, " ");
		if (n > 0 && n < sizeof word) {
			memcpy(word, s, n);
			word[n] = '\0';
			int ww = kio_text_width(ui, word, px, bold);
			best = ww > best ? ww : best;
		}
		s += n;
		s += strspn(s, " ");
	}
	return best;
}

/* Page 1 in R: the picture once drawn, the progress of the download and
 * check before that, or a sentence when the page cannot be shown. */
static void page_panel(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r)
{
	int cap = kio_text_line_h(ui, PX(26), false) + PX(12);
	const SDL_Surface *page = ui->preview.page;
	if (sm->preview.image && page) {
		int ph = r.h - cap, pw = ph * page->w / page->h;
		if (pw > r.w) {
			pw = r.w;
			ph = pw * page->h / page->w;
		}
		SDL_Rect p = {r.x + (r.w - pw) / 2, r.y, pw, ph};
		kio_fill(ui, (SDL_Rect){p.x - PX(2), p.y - PX(2), p.w + PX(4), p.h + PX(4)},
		         KIO_C_BORDER);
		SDL_Texture *t = kio_preview_texture(ui, p.w, p.h);
		if (t)
			kio_blit(ui, t, p.x, p.y, p.w, p.h);
		char buf[64];
		fmt_int(ui, "preview.caption", "n", sm->preview.pages > 0 ? sm->preview.pages : 1,
		        buf, sizeof buf);
		kio_text(ui, buf, PX(26), false, KIO_C_MUTED, r.x + r.w / 2, p.y + p.h + PX(10),
		         KIO_CENTER);
		return;
	}
	kio_round(ui, r, PX(12), 0xF1F3F6);
	char buf[128];
	const char *t;
	if (sm->preview.ready)
		t = S("preview.none");
	else if (sm->preview.step == KIO_PSTEP_VERIFYING)
		t = S("preview.verifying");
	else if (sm->preview.percent >= 0)
		t = fmt_int(ui, "preview.downloading", "n", sm->preview.percent, buf, sizeof buf);
	else
		t = S("preview.loading");
	int cy = r.y + r.h / 2;
	if (!sm->preview.ready)
		kio_spinner(ui, r.x + r.w / 2, cy - PX(60), PX(28), sm->now_ms);
	/* Large text in a narrow panel: no word broken, smaller type first. */
	int in = ui->large ? r.w - 2 * SP(12) : r.w - PX(48), px = PX(28);
	while (ui->large && px > PX(28) * 6 / 10 &&
	       longest_word(ui, t, px, !sm->preview.ready) > in)
		px -= 2;
	kio_text_box(ui, t, px, !sm->preview.ready, KIO_C_MUTED,
	             (SDL_Rect){r.x + (r.w - in) / 2, cy, in, 0}, KIO_CENTER, ui->large ? 0 : 4,
	             true);
}

/* Where the confirm screen puts page 1 (PANEL) and the details (C). Large
 * text gives the details more of the screen: page 1 smaller. */
static void confirm_boxes(kio_ui_t *ui, const frame_t *f, SDL_Rect *panel, SDL_Rect *c)
{
	SDL_Rect b = f->body;
	int pw, ph;
	kio_ui_preview_box(ui, &pw, &ph);
	if (f->portrait) {
		if (ui->large) {
			ph = ph * 70 / 100;
			pw = ph * 210 / 297;
		}
		*panel = (SDL_Rect){b.x + (b.w - pw) / 2, b.y + PX(30), pw, ph + PX(50)};
		*c = (SDL_Rect){b.x + f->m, panel->y + panel->h + PX(24), b.w - 2 * f->m, 0};
		c->h = b.y + b.h - PX(24) - c->y;
		return;
	}
	int top = ui->large ? SP(30) : PX(30);
	int maxh = b.h - 2 * top;
	ph = ph + PX(50) > maxh ? maxh - PX(50) : ph;
	pw = ph * 210 / 297;
	if (ui->large && pw > b.w * 22 / 100) {
		pw = b.w * 22 / 100;
		ph = pw * 297 / 210;
	}
	int cw = b.w - 3 * f->m - pw;
	cw = cw > PX(1100) ? PX(1100) : cw;
	int x0 = b.x + (b.w - pw - f->m - cw) / 2;
	*panel = (SDL_Rect){x0, b.y + top, pw, ph + PX(50)};
	*c = (SDL_Rect){x0 + pw + f->m, b.y + top, cw, maxh};
}

void kio_screen_confirm(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect panel, c;
	confirm_boxes(ui, f, &panel, &c);
	page_panel(ui, sm, panel);
	kio_card(ui, c);
	int pad = ui->large ? SP(40) : PX(56), x = c.x + pad, w = c.w - 2 * pad;
	int y = c.y + (ui->large ? SP(24) : PX(48));
	/* Large text in landscape: the buttons in a column on the right where
	 * that leaves the details room, else in a row under them. */
	bool side = ui->large && !f->portrait && w - PX(240) - SP(40) >= PX(520);
	int bh = PX(120), bw = side ? PX(240) : (w - PX(30)) / 2;
	if (side)
		w -= bw + SP(40);
	int lines = ui->large ? 0 : 2; /* large: wrapped, never cut */
	kio_say(ui, S("confirm.title"));
	kio_say(ui, sm->selected.title);
	y += kio_text_box(ui, S("confirm.title"), PX(34), true, KIO_C_MUTED, (SDL_Rect){x, y, w, 0},
	                  KIO_LEFT, lines, true) +
	     PX(10);
	y += kio_text_box(ui, sm->selected.title, PX(52), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
	                  KIO_LEFT, lines, true);
	y += kio_text_box(ui, sm->selected_service, PX(30), false, KIO_C_MUTED,
	                  (SDL_Rect){x, y, w, 0}, KIO_LEFT, lines, true) +
	     (ui->large ? SP(24) : PX(30));
	char pages[16], left[64];
	snprintf(pages, sizeof pages, "%d", sm->selected.pages);
	int l = kio_document_prints_left(&sm->selected);
	if (l < 0)
		snprintf(left, sizeof left, "%s", S("confirm.unlimited"));
	else
		snprintf(left, sizeof left, "%d", l > 0 ? l - 1 : 0);
	int by = c.y + c.h - (ui->large ? SP(24) : PX(48)) - bh;
	int lim = side ? c.y + c.h - SP(12) : by - SP(12);
	const char *k[] = {S("confirm.holder"), S("confirm.application"), S("confirm.pages"),
	                   S("confirm.paper_label"), S("confirm.left_after")};
	const char *v[] = {sm->selected.holder_name, sm->selected_app, pages, S("confirm.paper"),
	                   left};
	/* In their order until one has no room: the rest (and the note) are
	 * left out with it. */
	bool all = true;
	for (size_t i = 0; i < sizeof k / sizeof k[0] && all; i++) {
		if (!v[i][0])
			continue; /* no holder name: the citizen's own document */
		int h = kv_row_max(ui, x, y, w, k[i], v[i], lim);
		all = h > 0;
		y += h;
	}
	y += PX(10);
	int note = kio_text_box(ui, S("confirm.note"), PX(26), false, KIO_C_MUTED,
	                        (SDL_Rect){x, y, w, 0}, KIO_LEFT, lines, false);
	if (all && y + note <= (side ? c.y + c.h - SP(12) : by - SP(12)))
		kio_text_box(ui, S("confirm.note"), PX(26), false, KIO_C_MUTED,
		             (SDL_Rect){x, y, w, 0}, KIO_LEFT, lines, true);
	SDL_Rect back = {x, by, bw, bh}, print = {x + w - bw, by, bw, bh};
	if (side) {
		print = (SDL_Rect){c.x + c.w - pad - bw, c.y + SP(24), bw, bh};
		back = (SDL_Rect){print.x, print.y + bh + SP(24), bw, bh};
	}
	kio_button(ui, "back", back, S("button.back"), KIO_B_SECONDARY, act(KIO_IN_BACK));
	if (sm->preview.ready) {
		kio_button(ui, "print", print, S("button.print"), KIO_B_PRIMARY, act(KIO_IN_PRINT));
	} else {
		/* Not yet verified: nothing to tap, and it looks so. */
		kio_round(ui, print, PX(16), KIO_C_PANEL);
		kio_text(ui, S("button.print"), PX(36), true, KIO_C_MUTED, print.x + print.w / 2,
		         print.y + (print.h - kio_text_line_h(ui, PX(36), true)) / 2, KIO_CENTER);
	}
}
