/*
 * screens-print.c — the citizen's documents: the list of applications, the
 * print in progress, done and the error screen (the confirmation is in
 * screens-confirm.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens-private.h"

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

/* ---- list --------------------------------------------------------------- */

enum { ROW_H = 150, ROW_RIGHT = 340 /* reason box width */ };

/* A list spacing: with large text it keeps its normal size (SP), so the
 * larger texts and targets keep more of the list in view. */
static int gap(const kio_ui_t *ui, int at1080)
{
	return ui->large ? kio_sp(ui, at1080) : kio_px(ui, at1080);
}

static int doc_row_stacked(kio_ui_t *ui, const kio_document_t *d, SDL_Rect r, SDL_Rect view,
                           bool draw);

/* Large text: a document's row stacks title, status and button (see
 * doc_row_stacked); otherwise every row has the same height. */
static int row_height(kio_ui_t *ui, const kio_document_t *d, int w)
{
	if (!ui->large)
		return PX(ROW_H);
	SDL_Rect r = {0, 0, w, 0};
	return doc_row_stacked(ui, d, r, r, false);
}

static void format_date(kio_ui_t *ui, const char *rfc, char *out, size_t len);

/* "Kode OI-2026-000123  ·  Selesai 3 November 2026" */
static const char *app_meta(kio_ui_t *ui, const kio_application_t *a, char *meta, size_t len)
{
	char date[64];
	format_date(ui, a->completed_at, date, sizeof date);
	const char *mn[] = {"code", "date"};
	const char *mv[] = {a->code, date};
	kio_strings_fill(S("list.app_meta"), meta, len, mn, mv, 2);
	return meta;
}

/* W: the width of the document rows. */
static int app_height(kio_ui_t *ui, const kio_application_t *a, int w)
{
	char meta[256];
	int lines = ui->large ? 0 : 1;
	int h = gap(ui, 28) +
	        kio_text_box(ui, a->service, PX(34), true, 0, (SDL_Rect){0, 0, w, 0}, KIO_LEFT,
	                     lines, false) +
	        kio_text_box(ui, app_meta(ui, a, meta, sizeof meta), PX(26), false, 0,
	                     (SDL_Rect){0, 0, w, 0}, KIO_LEFT, lines, false) +
	        gap(ui, 16) + gap(ui, 12);
	for (int d = 0; d < a->ndocs; d++)
		h += row_height(ui, &a->docs[d], w);
	return h;
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

static const struct {
	const char *key;
	uint32_t fg, bg;
} badges[] = {{"badge.aktif", KIO_C_GREEN, KIO_C_GREEN_BG},
              {"badge.tidak_aktif", KIO_C_AMBER, KIO_C_AMBER_BG},
              {"badge.tidak_valid", KIO_C_RED, KIO_C_RED_BG}};

/* "1 halaman  ·  Sisa cetak 1" */
static void doc_meta(kio_ui_t *ui, const kio_document_t *d, char *meta, size_t len)
{
	char buf[128], lb[96];
	fmt_int(ui, d->pages == 1 ? "list.pages_one" : "list.pages", "n", d->pages, buf,
	        sizeof buf);
	int left = kio_document_prints_left(d);
	if (left < 0)
		snprintf(lb, sizeof lb, "%s", S("list.prints_unlimited"));
	else
		fmt_int(ui, "list.prints_left", "n", left, lb, sizeof lb);
	snprintf(meta, len, "%s  ·  %s", buf, lb);
}

/* The print button of a printable document, tappable only where visible. */
static void doc_button(kio_ui_t *ui, const kio_document_t *d, SDL_Rect br, SDL_Rect view)
{
	char id[KIO_UI_ID_MAX];
	snprintf(id, sizeof id, "doc-%s", d->id);
	int before = ui->nhits;
	kio_button(ui, id, br, S("button.print"), KIO_B_PRIMARY,
	           (kio_act_t){.intent = KIO_IN_SELECT_DOC, .text = d->id});
	if (ui->nhits > before) {
		SDL_Rect vis;
		if (SDL_IntersectRect(&ui->hits[ui->nhits - 1].r, &view, &vis))
			ui->hits[ui->nhits - 1].r = vis;
		else
			ui->nhits--;
	}
}

/* Large text: title (wrapped, never cut), whose document it is, then status
 * and meta, in a column W wide at X,Y. Returns its height; DRAW false only
 * measures. */
static int doc_text_stacked(kio_ui_t *ui, const kio_document_t *d, int x, int y, int w, bool draw)
{
	int y0 = y;
	y += kio_text_box(ui, d->title, PX(32), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0}, KIO_LEFT,
	                  0, draw);
	if (d->holder_name[0]) {
		/* Two children's birth certificates must not look alike. */
		char hb[KIO_NAME_MAX + 64];
		fmt1(ui, "list.holder", "name", d->holder_name, hb, sizeof hb);
		y += kio_text_box(ui, hb, PX(28), false, KIO_C_MUTED, (SDL_Rect){x, y, w, 0},
		                  KIO_LEFT, 0, draw);
	}
	y += SP(10);
	int bi =
	    d->status >= KIO_DOC_AKTIF && d->status <= KIO_DOC_TIDAK_VALID ? (int)d->status : 2;
	const char *bl = S(badges[bi].key);
	int bw = kio_text_width(ui, bl, PX(24), true) + 2 * (PX(24) * 2 / 3);
	int bh = kio_text_line_h(ui, PX(24), true) + PX(24) / 3;
	if (draw)
		kio_badge(ui, x, y, PX(24), bl, badges[bi].fg, badges[bi].bg);
	char meta[256];
	doc_meta(ui, d, meta, sizeof meta);
	int mx = x + bw + SP(18), mw = w - bw - SP(18);
	if (kio_text_width(ui, meta, PX(26), false) > mw) {
		/* Under the badge, wrapped, when beside it is too narrow. */
		y += bh + SP(8);
		mx = x;
		mw = w;
	}
	int mh = kio_text_box(ui, meta, PX(26), false, KIO_C_MUTED, (SDL_Rect){mx, y, mw, 0},
	                      KIO_LEFT, 0, draw);
	y += mx == x ? mh : (mh > bh ? mh : bh);
	return y - y0;
}

/* The reason a document cannot be printed, in a panel W wide at X,Y;
 * returns its height. */
static int doc_reason(kio_ui_t *ui, kio_printable_t p, int x, int y, int w, bool draw)
{
	const char *t = S(reason_key(p));
	int th = kio_text_box(ui, t, PX(24), true, KIO_C_MUTED,
	                      (SDL_Rect){x + SP(14), 0, w - 2 * SP(14), 0}, KIO_CENTER, 0, false);
	if (draw) {
		kio_round(ui, (SDL_Rect){x, y, w, th + 2 * SP(14)}, PX(12), KIO_C_PANEL);
		kio_text_box(ui, t, PX(24), true, KIO_C_MUTED,
		             (SDL_Rect){x + SP(14), y + SP(14), w - 2 * SP(14), 0}, KIO_CENTER, 0,
		             true);
	}
	return th + 2 * SP(14);
}

/* Large text: the document's texts in a column, the button or the reason
 * beside them where the row leaves the texts room (a short landscape screen
 * keeps a whole row in view), else under them. Returns the height; DRAW
 * false only measures. */
static int doc_row_stacked(kio_ui_t *ui, const kio_document_t *d, SDL_Rect r, SDL_Rect view,
                           bool draw)
{
	if (draw)
		kio_fill(ui, (SDL_Rect){r.x, r.y, r.w, PX(2) > 0 ? PX(2) : 1}, KIO_C_RULE);
	kio_printable_t p = kio_document_printable(d);
	int bw = PX(240), bh = PX(100);
	int rw = PX(ROW_RIGHT) < r.w ? PX(ROW_RIGHT) : r.w;
	int right = p == KIO_PRINTABLE ? bw : rw;
	bool side = r.w - right - SP(24) >= PX(400);
	int y = r.y + SP(18);
	int tw = side ? r.w - right - SP(24) : r.w;
	int th = doc_text_stacked(ui, d, r.x, y, tw, draw);
	int rh = p == KIO_PRINTABLE ? bh : doc_reason(ui, p, 0, 0, rw, false);
	int ry = side ? y + (th > rh ? (th - rh) / 2 : 0) : y + th + SP(14);
	int rx = side ? r.x + r.w - right : r.x;
	if (draw && p == KIO_PRINTABLE)
		doc_button(ui, d, (SDL_Rect){rx, ry, bw, bh}, view);
	else if (draw)
		doc_reason(ui, p, rx, ry, rw, true);
	int end = side ? y + (th > rh ? th : rh) : ry + rh;
	return end + SP(18) - r.y;
}

static void doc_row(kio_ui_t *ui, const kio_document_t *d, SDL_Rect r, SDL_Rect view)
{
	kio_fill(ui, (SDL_Rect){r.x, r.y, r.w, PX(2) > 0 ? PX(2) : 1}, KIO_C_RULE);
	int btw = PX(240), bth = PX(100);
	int tw = r.w - PX(ROW_RIGHT) - PX(24);
	int y = r.y + PX(18);
	kio_text_box(ui, d->title, PX(32), true, KIO_C_TEXT, (SDL_Rect){r.x, y, tw, 0}, KIO_LEFT, 1,
	             true);
	int ttw = kio_text_width(ui, d->title, PX(32), true);
	if (d->holder_name[0] && ttw + PX(24) < tw) {
		/* Whose document it is, beside its title: two children's birth
		 * certificates must not look alike. */
		char hb[KIO_NAME_MAX + 64];
		fmt1(ui, "list.holder", "name", d->holder_name, hb, sizeof hb);
		int room = tw - ttw - PX(24);
		int hpx = kio_text_fit(ui, hb, PX(28), false, room);
		kio_text_box(ui, hb, hpx, false, KIO_C_MUTED,
		             (SDL_Rect){r.x + ttw + PX(24),
		                        y + kio_text_line_h(ui, PX(32), true) -
		                            kio_text_line_h(ui, hpx, false),
		                        room, 0},
		             KIO_LEFT, 1, true);
	}
	y += kio_text_line_h(ui, PX(32), true) + PX(10);
	int bi =
	    d->status >= KIO_DOC_AKTIF && d->status <= KIO_DOC_TIDAK_VALID ? (int)d->status : 2;
	int x =
	    r.x + kio_badge(ui, r.x, y, PX(24), S(badges[bi].key), badges[bi].fg, badges[bi].bg);
	char meta[256];
	doc_meta(ui, d, meta, sizeof meta);
	/* Never under the button or reason box on the right. */
	int room = r.x + r.w - PX(ROW_RIGHT) - PX(24) - (x + PX(18));
	kio_text_box(ui, meta, kio_text_fit(ui, meta, PX(26), false, room), false, KIO_C_MUTED,
	             (SDL_Rect){x + PX(18), y + PX(3), room, 0}, KIO_LEFT, 1, true);

	SDL_Rect br = {r.x + r.w - btw, r.y + (PX(ROW_H) - bth) / 2, btw, bth};
	kio_printable_t p = kio_document_printable(d);
	if (p == KIO_PRINTABLE) {
		doc_button(ui, d, br, view);
	} else {
		int rw = PX(ROW_RIGHT);
		SDL_Rect rr = {r.x + r.w - rw, r.y + PX(22), rw, PX(ROW_H) - PX(44)};
		kio_round(ui, rr, PX(12), KIO_C_PANEL);
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

/* The width S needs at PX when it is wrapped into two lines at a space. */
static int two_lines_w(kio_ui_t *ui, const char *s, int px, bool bold)
{
	char a[KIO_UI_TEXT_MAX];
	int best = kio_text_width(ui, s, px, bold);
	for (size_t i = 0; s[i] && i + 1 < sizeof a; i++) {
		if (s[i] != ' ')
			continue;
		memcpy(a, s, i);
		a[i] = '\0';
		int wa = kio_text_width(ui, a, px, bold),
		    wb = kio_text_width(ui, s + i + 1, px, bold);
		int m = wa > wb ? wa : wb;
		best = m < best ? m : best;
	}
	return best;
}

/* The list's header: logout and "missing document" buttons, the title and
 * the citizen's name; returns where the list starts. */
static int list_header(kio_ui_t *ui, const kio_sm_t *sm, int x, int y, int w)
{
	int lw = PX(240), lh = PX(96);
	kio_button(ui, "logout", (SDL_Rect){x + w - lw, y, lw, lh}, S("button.logout"),
	           KIO_B_SECONDARY, act(KIO_IN_LOGOUT));
	kio_say(ui, S("list.title"));
	/* "My document is not here", on a full list and an empty one alike. */
	int natural = kio_text_width(ui, S("button.missing"), PX(30), true) + PX(56);
	int mw = natural > (w - lw) / 2 ? (w - lw) / 2 : natural;
	if (ui->large) {
		/* Large text: the button narrows (its label takes two lines)
		 * where that keeps the title beside it, not under it: a short
		 * screen keeps the height for the list. */
		int beside =
		    w - lw - 2 * gap(ui, 20) - kio_text_width(ui, S("list.title"), PX(44), true);
		if (beside < mw &&
		    beside >= two_lines_w(ui, S("button.missing"), lh * 34 / 100, true) + SP(24))
			mw = beside;
		else if (beside < mw)
			/* The title goes under the buttons anyway: the label
			 * gets the whole row rather than a smaller size. */
			mw = natural < w - lw - gap(ui, 20) ? natural : w - lw - gap(ui, 20);
	}
	kio_button(ui, "missing", (SDL_Rect){x + w - lw - gap(ui, 20) - mw, y, mw, lh},
	           S("button.missing"), KIO_B_SECONDARY, act(KIO_IN_MISSING));
	lw += mw + gap(ui, 20);
	char who[KIO_NAME_MAX + 64];
	const char *names[] = {"name", "nik"};
	const char *values[] = {sm->citizen.name, sm->citizen.nik_masked};
	kio_strings_fill(S("list.citizen"), who, sizeof who, names, values, 2);
	int room = w - lw - gap(ui, 20), top;
	if (kio_text_width(ui, S("list.title"), PX(44), true) > room) {
		/* No room beside the buttons (a narrow screen): the title and
		 * the citizen's line go under them, full width. */
		int ty = y + lh + PX(16);
		ty += kio_text_box(ui, S("list.title"), PX(44), true, KIO_C_TEXT,
		                   (SDL_Rect){x, ty, w, 0}, KIO_LEFT, ui->large ? 0 : 2, true);
		ty += kio_text_box(ui, who, PX(28), false, KIO_C_MUTED, (SDL_Rect){x, ty, w, 0},
		                   KIO_LEFT, ui->large ? 0 : 2, true);
		top = ty + gap(ui, 24);
	} else if (ui->large || kio_text_width(ui, who, PX(28), false) <= room) {
		kio_text(ui, S("list.title"), PX(44), true, KIO_C_TEXT, x, y, KIO_LEFT);
		int th = kio_text_line_h(ui, PX(44), true);
		th +=
		    kio_text_box(ui, who, PX(28), false, KIO_C_MUTED,
		                 (SDL_Rect){x, y + th, room, 0}, KIO_LEFT, ui->large ? 0 : 1, true);
		top = y + (th > lh ? th : lh) + gap(ui, 24);
	} else {
		/* The name and NIK get a line of their own. */
		kio_text(ui, S("list.title"), PX(44), true, KIO_C_TEXT, x, y, KIO_LEFT);
		top = y + lh + PX(24);
		kio_text_box(ui, who, PX(28), false, KIO_C_MUTED, (SDL_Rect){x, top - PX(12), w, 0},
		             KIO_LEFT, 1, true);
		top += kio_text_line_h(ui, PX(28), false) + PX(4);
	}
	return top;
}

void kio_screen_list(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	int x = b.x + f->m, w = b.w - 2 * f->m;
	int y = b.y + gap(ui, 28);
	int top = list_header(ui, sm, x, y, w);
	int barh = PX(100);
	int bottom = b.y + b.h - gap(ui, 20) - barh - gap(ui, 20);
	SDL_Rect view = {x, top, w, bottom - top};

	const kio_app_page_t *pg = sm->page;
	int total = 0;
	int napps = pg ? pg->napps : 0;
	int rw = w - 2 * PX(32); /* document rows inside a card's padding */
	for (int i = 0; i < napps; i++)
		total += app_height(ui, &pg->apps[i], rw) + PX(24);
	int max = total - view.h > 0 ? total - view.h : 0;
	int off = sm->scroll_px < 0 ? 0 : sm->scroll_px > max ? max : sm->scroll_px;
	ui->scroll_area = view;
	ui->scroll_cur = off;
	ui->scroll_max = max;

	kio_paint_clip(ui, &view);
	if (napps == 0) {
		/* Large text: the card grows with the wrapped sentence. */
		SDL_Rect in = {view.x + PX(40), view.y + PX(50), view.w - PX(80), 0};
		int th = kio_text_box(ui, S("list.empty"), PX(32), false, 0, in, KIO_CENTER,
		                      ui->large ? 0 : 3, false);
		int ch = ui->large && th + 2 * PX(50) > PX(200) ? th + 2 * PX(50) : PX(200);
		kio_card(ui, (SDL_Rect){view.x, view.y, view.w, ch});
		kio_text_box(ui, S("list.empty"), PX(32), false, KIO_C_MUTED, in, KIO_CENTER,
		             ui->large ? 0 : 3, true);
	}
	int cy = view.y - off;
	for (int i = 0; i < napps; i++) {
		const kio_application_t *a = &pg->apps[i];
		int ah = app_height(ui, a, rw);
		if (cy + ah >= view.y && cy <= view.y + view.h) {
			SDL_Rect c = {view.x, cy, view.w, ah};
			kio_card(ui, c);
			int pad = PX(32), iy = cy + gap(ui, 28);
			iy += kio_text_box(ui, a->service, PX(34), true, KIO_C_TEXT,
			                   (SDL_Rect){c.x + pad, iy, c.w - 2 * pad, 0}, KIO_LEFT,
			                   ui->large ? 0 : 1, true);
			char meta[256];
			iy += kio_text_box(ui, app_meta(ui, a, meta, sizeof meta), PX(26), false,
			                   KIO_C_MUTED, (SDL_Rect){c.x + pad, iy, rw, 0}, KIO_LEFT,
			                   ui->large ? 0 : 1, true) +
			      gap(ui, 16);
			for (int d = 0; d < a->ndocs; d++) {
				SDL_Rect r = {c.x + pad, iy, rw, row_height(ui, &a->docs[d], rw)};
				if (ui->large)
					doc_row_stacked(ui, &a->docs[d], r, view, true);
				else
					doc_row(ui, &a->docs[d], r, view);
				iy += r.h;
			}
		}
		cy += ah + PX(24);
	}
	kio_paint_clip(ui, NULL);

	/* Bottom bar: paging at the ends, scrolling in the middle. */
	int by = bottom + gap(ui, 20);
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
	kio_scroll_buttons(ui, (SDL_Rect){sx, by, sw, barh}, off, max, step);
	if (sm->page_no > 1 || (pg && pg->next_page)) {
		char pb[64];
		fmt_int(ui, "list.page", "n", sm->page_no, pb, sizeof pb);
		if (!narrow)
			kio_text(ui, pb, PX(26), false, KIO_C_MUTED,
			         sm->page_no > 1 ? x + bw + PX(30) : x,
			         by + (barh - kio_text_line_h(ui, PX(26), false)) / 2, KIO_LEFT);
	}
}

/* The card of confirm, printing and error: centred, or with large text the
 * whole body (the text needs the room more than the card needs margins). */
static SDL_Rect center_card(kio_ui_t *ui, const frame_t *f, int maxw, int h)
{
	SDL_Rect b = f->body;
	if (ui->large)
		return (SDL_Rect){b.x + SP(24), b.y + SP(16), b.w - 2 * SP(24), b.h - 2 * SP(16)};
	int w = b.w - 2 * f->m;
	if (w > PX(maxw))
		w = PX(maxw);
	if (h > b.h - 2 * PX(30))
		h = b.h - 2 * PX(30);
	return (SDL_Rect){b.x + (b.w - w) / 2, b.y + (b.h - h) / 2, w, h};
}

/* ---- printing ---------------------------------------------------------- */

void kio_screen_printing(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect c = center_card(ui, f, 1200, PX(860));
	kio_card(ui, c);
	int pad = ui->large ? SP(40) : PX(56), x = c.x + pad, w = c.w - 2 * pad;
	int y = c.y + (ui->large ? SP(24) : PX(48));
	kio_say(ui, S("print.title"));
	kio_say(ui, S("print.wait"));
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
		/* Large text: the step under way only; the bar shows the rest.
		 * Downloaded and checked on the confirm screen already: not listed. */
		if ((ui->large && i != cur) ||
		    (sm->preview.ready && (i == KIO_PSTEP_DOWNLOADING || i == KIO_PSTEP_VERIFYING)))
			continue;
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
			kio_text(ui, "✓", PX(26), true, KIO_C_ON_PRIMARY, cx,
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
	kio_round(ui, bar, bar.h / 2, KIO_C_RULE);
	bar.w = (int)(bar.w * all);
	if (bar.w > bar.h)
		kio_round(ui, bar, bar.h / 2, KIO_C_PRIMARY);
	y += PX(44);
	kio_text_box(ui, S("print.wait"), PX(30), true, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
	             KIO_LEFT, 2, true);
	int bh = PX(110), bw = PX(340);
	int by = c.y + c.h - (ui->large ? SP(24) : PX(40)) - bh;
	if (sm->printing.cancel_requested)
		kio_text(ui, S("print.canceling"), PX(30), false, KIO_C_MUTED, x + w,
		         by + (bh - kio_text_line_h(ui, PX(30), false)) / 2, KIO_RIGHT);
	else if (sm->printing.can_cancel)
		kio_button(ui, "cancel", (SDL_Rect){x + w - bw, by, bw, bh}, S("button.cancel"),
		           KIO_B_SECONDARY, act(KIO_IN_CANCEL));
}

/* ---- done ---------------------------------------------------------------- */

void kio_screen_done(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect b = f->body;
	bool lg = ui->large;
	int qs = 0;
	SDL_Texture *q = NULL;
	if (ui->verify_base[0] && sm->selected.id[0]) {
		char url[KIO_UI_QR_PAYLOAD];
		snprintf(url, sizeof url, "%s/v/%s", ui->verify_base, sm->selected.id);
		q = kio_qr_texture(ui, url, lg ? SP(300) : PX(360), &qs);
	}
	/* Large text on a small landscape screen: one column, no QR card. */
	bool one = f->portrait || (lg && b.w < PX(1200));
	if (one && !f->portrait)
		q = NULL;
	int colw = one ? b.w - 2 * f->m : (b.w - 3 * f->m) * 60 / 100;
	int x = b.x + f->m, y = b.y + (lg ? SP(24) : PX(64));
	if (!lg) {
		/* Large text leaves the big tick out: the title says it. */
		kio_dot(ui, x + PX(50), y + PX(50), PX(50), KIO_C_GREEN, 0xFF);
		kio_text(ui, "✓", PX(60), true, KIO_C_ON_PRIMARY, x + PX(50),
		         y + PX(50) - kio_text_line_h(ui, PX(60), true) / 2, KIO_CENTER);
		y += PX(130);
	}
	kio_say(ui, S("done.title"));
	kio_say(ui, S("done.body"));
	y += kio_text_box(ui, S("done.title"), PX(56), true, KIO_C_TEXT, (SDL_Rect){x, y, colw, 0},
	                  KIO_LEFT, lg ? 0 : 2, true) +
	     PX(16);
	y += kio_text_box(ui, S("done.body"), PX(34), false, KIO_C_TEXT, (SDL_Rect){x, y, colw, 0},
	                  KIO_LEFT, lg ? 0 : 3, true) +
	     PX(16);
	if (strcmp(sm->selected.kind, "KK") == 0)
		y += kio_screen_message_box(ui, (SDL_Rect){x, y, colw, 0}, S("done.kk_sign"),
		                            KIO_C_AMBER, KIO_C_AMBER_BG) +
		     PX(16);
	int bh = PX(120);
	int bw = one || lg ? (colw - PX(24)) / 2 : PX(420);
	int by = b.y + b.h - (lg ? SP(24) : f->m) - bh;
	int hint = kio_text_box(ui, S("done.logout_hint"), PX(28), false, KIO_C_MUTED,
	                        (SDL_Rect){x, y, colw, 0}, KIO_LEFT, 3, false);
	if (!lg || y + hint <= by - SP(12)) {
		kio_text_box(ui, S("done.logout_hint"), PX(28), false, KIO_C_MUTED,
		             (SDL_Rect){x, y, colw, 0}, KIO_LEFT, 3, true);
		y += hint;
	}
	kio_button(ui, "print-another", (SDL_Rect){x, by, bw, bh}, S("button.print_another"),
	           KIO_B_SECONDARY, act(KIO_IN_PRINT_ANOTHER));
	kio_button(ui, "finish", (SDL_Rect){x + (one || lg ? colw - bw : bw + PX(24)), by, bw, bh},
	           S("button.finish"), KIO_B_PRIMARY, act(KIO_IN_FINISH));
	if (!q)
		return;
	SDL_Rect card;
	int cw = f->portrait ? (PX(600) < b.w - 2 * f->m ? PX(600) : b.w - 2 * f->m)
	                     : b.w - colw - 3 * f->m;
	int ql = lg ? 0 : 6; /* the whole sentence: it names VeryDS (FAQ 22, 25) */
	int th = kio_text_box(ui, S("done.qr"), PX(26), false, KIO_C_MUTED,
	                      (SDL_Rect){0, 0, cw - PX(60), 0}, KIO_CENTER, ql, false);
	int ch = lg ? qs + SP(70) + th : qs + PX(80) + th;
	if (f->portrait)
		card = (SDL_Rect){b.x + (b.w - cw) / 2, by - PX(40) - ch, cw, ch};
	else
		card = (SDL_Rect){x + colw + f->m, b.y + (lg ? SP(24) : PX(64)), cw, ch};
	/* With large text the QR goes where it fits or not at all. */
	if (lg && (f->portrait ? card.y < y + SP(24) : card.y + ch > b.y + b.h - SP(24)))
		return;
	kio_card(ui, card);
	kio_blit(ui, q, card.x + (card.w - qs) / 2, card.y + PX(30), qs, qs);
	kio_text_box(ui, S("done.qr"), PX(26), false, KIO_C_MUTED,
	             (SDL_Rect){card.x + PX(30), card.y + PX(40) + qs, card.w - PX(60), 0},
	             KIO_CENTER, ql, true);
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

void kio_screen_error(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	SDL_Rect c = center_card(ui, f, 1200, PX(780));
	kio_card(ui, c);
	int pad = ui->large ? SP(40) : PX(56), x = c.x + pad, w = c.w - 2 * pad;
	int y = c.y + (ui->large ? SP(24) : PX(48));
	int bh = PX(120), bw = PX(360);
	int by = c.y + c.h - (ui->large ? SP(24) : PX(48)) - bh;
	kio_dot(ui, x + PX(40), y + PX(40), PX(40), KIO_C_AMBER, 0xFF);
	kio_text(ui, "!", PX(52), true, KIO_C_ON_PRIMARY, x + PX(40),
	         y + PX(40) - kio_text_line_h(ui, PX(52), true) / 2, KIO_CENTER);
	if (ui->large) {
		/* Wrapped beside the sign (a narrow screen), never cut. */
		SDL_Rect tb = {x + PX(110), y, w - PX(110), 0};
		int th =
		    kio_text_box(ui, S("error.title"), PX(48), true, 0, tb, KIO_LEFT, 0, false);
		tb.y = th < PX(80) ? y + PX(40) - th / 2 : y;
		kio_text_box(ui, S("error.title"), PX(48), true, KIO_C_TEXT, tb, KIO_LEFT, 0, true);
		y += th + SP(30) > PX(110) ? th + SP(30) : PX(110);
	} else {
		kio_text(ui, S("error.title"), PX(48), true, KIO_C_TEXT, x + PX(110),
		         y + PX(40) - kio_text_line_h(ui, PX(48), true) / 2, KIO_LEFT);
		y += PX(110);
	}
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
	kio_say(ui, S("error.title"));
	kio_say(ui, text);
	y += kio_text_box(ui, text, PX(36), false, KIO_C_TEXT, (SDL_Rect){x, y, w, 0}, KIO_LEFT,
	                  ui->large ? 0 : 5, true) +
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
		/* Large text: beside the button if need be, else left out (the
		 * hotline is in the footer too). */
		int hw = w, hh = kio_text_box(ui, buf, PX(28), false, 0, (SDL_Rect){x, y, w, 0},
		                              KIO_LEFT, 2, false);
		if (ui->large && y + hh > by - SP(12)) {
			hw = w - bw - SP(24);
			hh = kio_text_box(ui, buf, PX(28), false, 0, (SDL_Rect){x, y, hw, 0},
			                  KIO_LEFT, 3, false);
			if (y + hh > by + bh)
				hw = 0;
		}
		if (hw > 0)
			kio_text_box(ui, buf, PX(28), false, KIO_C_MUTED, (SDL_Rect){x, y, hw, 0},
			             KIO_LEFT, 3, true);
	}
	kio_button(ui, "dismiss", (SDL_Rect){x + w - bw, by, bw, bh},
	           S(sm->error.logout_after ? "button.dismiss_logout" : "button.dismiss"),
	           KIO_B_PRIMARY, act(KIO_IN_DISMISS));
}
