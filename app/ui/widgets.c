/*
 * widgets.c — drawing primitives and the widgets screens are made of:
 * rounded rectangles, buttons, badges, keypad, keyboard, cards, spinner.
 *
 * Immediate mode: a screen calls a widget, which draws itself and records
 * its rectangle and intent in the hit list that input and taps test later.
 * Rounded corners and dots come from antialiased circle textures made once
 * per radius, tinted per use (SDL has no rounded primitives).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui-private.h"

int kio_px(const kio_ui_t *ui, int at1080)
{
	return (int)lroundf((float)at1080 * ui->unit);
}

int kio_sp(const kio_ui_t *ui, int at1080)
{
	return (int)lroundf((float)at1080 * ui->unit / ui->scale);
}

static void set_color(kio_ui_t *ui, uint32_t rgb, uint8_t a)
{
	rgb = kio_color(ui, rgb);
	SDL_SetRenderDrawColor(ui->ren, (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, a);
}

void kio_fill(kio_ui_t *ui, SDL_Rect r, uint32_t rgb)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	SDL_SetRenderDrawBlendMode(ui->ren, SDL_BLENDMODE_NONE);
	set_color(ui, rgb, 0xFF);
	kio_paint_fill(ui, &r);
}

void kio_blit(kio_ui_t *ui, SDL_Texture *t, int x, int y, int w, int h)
{
	SDL_Rect dst = {x, y, w, h};
	kio_paint_copy(ui, t, NULL, &dst);
}

void kio_fill_a(kio_ui_t *ui, SDL_Rect r, uint32_t rgb, uint8_t a)
{
	SDL_SetRenderDrawBlendMode(ui->ren, SDL_BLENDMODE_BLEND);
	set_color(ui, rgb, a);
	kio_paint_fill(ui, &r);
	SDL_SetRenderDrawBlendMode(ui->ren, SDL_BLENDMODE_NONE);
}

/*
 * Fills a 2R x 2R ARGB8888 image with white whose alpha is the share of each
 * pixel the disc of radius R covers, measured exactly across and on 16
 * sub-rows down. Straight alpha, as SDL blends it. Drawn here rather than
 * with cairo: this was all the idle screen needed cairo for, and cairo's
 * first use maps half a megabyte of cairo and pixman code (issue 20).
 */
static void disc_coverage(void *pixels, int pitch, int r)
{
	enum { SUB = 16 };
	int d = 2 * r;
	for (int y = 0; y < d; y++) {
		/* the disc's chord at each sub-row's centre: [x0, x1) */
		float x0[SUB], x1[SUB];
		for (int k = 0; k < SUB; k++) {
			float dy = (float)y + ((float)k + 0.5f) / SUB - (float)r;
			float half = sqrtf(fmaxf((float)r * (float)r - dy * dy, 0.0f));
			x0[k] = (float)r - half;
			x1[k] = (float)r + half;
		}
		uint32_t *row = (uint32_t *)((unsigned char *)pixels + (size_t)y * (size_t)pitch);
		for (int x = 0; x < d; x++) {
			float cover = 0;
			for (int k = 0; k < SUB; k++)
				cover += fmaxf(fminf(x1[k], (float)x + 1) - fmaxf(x0[k], (float)x),
				               0.0f);
			uint32_t alpha = (uint32_t)lroundf(fminf(cover / SUB, 1.0f) * 255.0f);
			row[x] = alpha << 24 | 0x00FFFFFFu;
		}
	}
}

/* A white antialiased disc of radius R on transparent, cached. */
static SDL_Texture *circle(kio_ui_t *ui, int r)
{
	int slot = -1;
	for (int i = 0; i < KIO_UI_CIRCLES; i++) {
		if (ui->circles[i].tex && ui->circles[i].r == r)
			return ui->circles[i].tex;
		if (!ui->circles[i].tex && slot < 0)
			slot = i;
	}
	if (slot < 0) {
		slot = 0; /* full: replace the first; radii in use are few */
		SDL_DestroyTexture(ui->circles[0].tex);
		ui->circles[0].tex = NULL;
	}
	int d = 2 * r;
	SDL_Texture *tex = NULL;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
	if (s) {
		disc_coverage(s->pixels, s->pitch, r);
		tex = SDL_CreateTextureFromSurface(ui->ren, s);
		SDL_FreeSurface(s);
	}
	if (tex) {
		SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
		ui->circles[slot].tex = tex;
		ui->circles[slot].r = r;
	}
	return tex;
}

/* The radius a rounded rectangle R can have: at most half its sides. */
static int fit_radius(SDL_Rect r, int radius)
{
	if (radius * 2 > r.w)
		radius = r.w / 2;
	if (radius * 2 > r.h)
		radius = r.h / 2;
	return radius;
}

/* The four quarter discs of R's corners, each RADIUS square. */
static void round_corners(kio_ui_t *ui, SDL_Texture *c, SDL_Rect r, int radius, uint32_t rgb)
{
	rgb = kio_color(ui, rgb);
	SDL_SetTextureColorMod(c, (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
	SDL_SetTextureAlphaMod(c, 0xFF);
	int q = radius;
	SDL_Rect src[4] = {{0, 0, q, q}, {q, 0, q, q}, {0, q, q, q}, {q, q, q, q}};
	SDL_Rect dst[4] = {{r.x, r.y, q, q},
	                   {r.x + r.w - q, r.y, q, q},
	                   {r.x, r.y + r.h - q, q, q},
	                   {r.x + r.w - q, r.y + r.h - q, q, q}};
	for (int i = 0; i < 4; i++)
		kio_paint_copy(ui, c, &src[i], &dst[i]);
}

void kio_round(kio_ui_t *ui, SDL_Rect r, int radius, uint32_t rgb)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	radius = fit_radius(r, radius);
	SDL_Texture *c = radius > 1 ? circle(ui, radius) : NULL;
	if (!c) {
		kio_fill(ui, r, rgb);
		return;
	}
	kio_fill(ui, (SDL_Rect){r.x + radius, r.y, r.w - 2 * radius, r.h}, rgb);
	kio_fill(ui, (SDL_Rect){r.x, r.y + radius, radius, r.h - 2 * radius}, rgb);
	kio_fill(ui, (SDL_Rect){r.x + r.w - radius, r.y + radius, radius, r.h - 2 * radius}, rgb);
	round_corners(ui, c, r, radius, rgb);
}

/* Only the border's own pixels are filled in its colour: its corners and
 * four strips BW wide. The inner rounded rectangle (radius less BW, so its
 * corners sit inside the outer ones) covers everything else, so filling
 * the whole outer shape first, as a plain "outer, then inner" would, wrote
 * each card's and key's area twice for the same pixels. */
void kio_round_border(kio_ui_t *ui, SDL_Rect r, int radius, int bw, uint32_t fill, uint32_t border)
{
	SDL_Rect in = {r.x + bw, r.y + bw, r.w - 2 * bw, r.h - 2 * bw};
	int q = r.w > 0 && r.h > 0 ? fit_radius(r, radius) : 0;
	SDL_Texture *c = q > 1 && q >= bw ? circle(ui, q) : NULL;
	if (!c || in.w <= 0 || in.h <= 0) {
		kio_round(ui, r, radius, border); /* no ring to cut out: all of it */
	} else {
		kio_fill(ui, (SDL_Rect){r.x + q, r.y, r.w - 2 * q, bw}, border);
		kio_fill(ui, (SDL_Rect){r.x + q, r.y + r.h - bw, r.w - 2 * q, bw}, border);
		kio_fill(ui, (SDL_Rect){r.x, r.y + q, bw, r.h - 2 * q}, border);
		kio_fill(ui, (SDL_Rect){r.x + r.w - bw, r.y + q, bw, r.h - 2 * q}, border);
		round_corners(ui, c, r, q, border);
	}
	kio_round(ui, in, radius > bw ? radius - bw : 0, fill);
}

void kio_dot(kio_ui_t *ui, int cx, int cy, int radius, uint32_t rgb, uint8_t a)
{
	SDL_Texture *c = circle(ui, radius);
	if (!c)
		return;
	rgb = kio_color(ui, rgb);
	SDL_SetTextureColorMod(c, (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
	SDL_SetTextureAlphaMod(c, a);
	SDL_Rect dst = {cx - radius, cy - radius, 2 * radius, 2 * radius};
	kio_paint_copy(ui, c, NULL, &dst);
	SDL_SetTextureAlphaMod(c, 0xFF);
}

void kio_hit_add(kio_ui_t *ui, const char *id, SDL_Rect r, kio_act_t act)
{
	if (ui->nhits >= KIO_UI_HITS_MAX || r.w <= 0 || r.h <= 0)
		return;
	kio_hit_t *h = &ui->hits[ui->nhits++];
	memset(h, 0, sizeof *h);
	snprintf(h->id, sizeof h->id, "%s", id);
	h->r = r;
	h->intent = act.intent;
	h->local = act.local;
	h->ch = act.ch;
	h->n = act.n;
	if (act.text)
		snprintf(h->text, sizeof h->text, "%s", act.text);
	if (act.value)
		snprintf(h->value, sizeof h->value, "%s", act.value);
	if (act.name)
		snprintf(h->name, sizeof h->name, "%s", act.name);
}

bool kio_pressed(const kio_ui_t *ui, const char *id)
{
	return ui->press.on && !ui->press.dragging && strcmp(ui->press.hit, id) == 0;
}

void kio_button(kio_ui_t *ui, const char *id, SDL_Rect r, const char *label, kio_bstyle_t st,
                kio_act_t act)
{
	kio_button_px(ui, id, r, label, st, act, 0);
}

void kio_button_px(kio_ui_t *ui, const char *id, SDL_Rect r, const char *label, kio_bstyle_t st,
                   kio_act_t act, int label_px)
{
	bool down = kio_pressed(ui, id);
	int radius = kio_px(ui, 14);
	uint32_t fg = KIO_C_TEXT;
	bool bold = true;
	switch (st) {
	case KIO_B_PRIMARY:
		kio_round(ui, r, radius, down ? KIO_C_PRIMARY_DOWN : KIO_C_PRIMARY);
		fg = KIO_C_ON_PRIMARY;
		break;
	case KIO_B_SECONDARY:
		kio_round_border(ui, r, radius, kio_px(ui, 3), down ? KIO_C_KEY_DOWN : KIO_C_CARD,
		                 KIO_C_PRIMARY);
		fg = KIO_C_PRIMARY;
		break;
	case KIO_B_KEY:
		kio_round_border(ui, r, radius, kio_px(ui, 2) > 0 ? kio_px(ui, 2) : 1,
		                 down ? KIO_C_KEY_DOWN : KIO_C_KEY, KIO_C_BORDER);
		fg = KIO_C_TEXT;
		break;
	case KIO_B_QUIET:
		if (down)
			kio_round(ui, r, radius, KIO_C_KEY_DOWN);
		fg = KIO_C_PRIMARY;
		break;
	}
	/* Label size follows the button: big buttons read from a step back. */
	int px = st == KIO_B_KEY ? r.h * (ui->large ? 56 : 42) / 100 : r.h * 34 / 100;
	if (px > kio_px(ui, 52))
		px = kio_px(ui, 52);
	if (label_px > 0)
		px = label_px;
	int room = r.w - kio_sp(ui, 24);
	int full = px;
	px = kio_text_fit(ui, label, px, bold, room);
	/* Large text: two lines rather than one line smaller, at the largest
	 * size at which two lines fit the button. */
	for (int p2 = full; ui->large && p2 > px && strchr(label, ' '); p2 -= 2) {
		int lh2 = 2 * kio_text_line_h(ui, p2, bold);
		if (lh2 <= r.h - kio_sp(ui, 8) &&
		    kio_text_box(ui, label, p2, bold, 0, (SDL_Rect){0, 0, room, 0}, KIO_CENTER, 0,
		                 false) <= lh2) {
			px = p2;
			break;
		}
	}
	/* One word is never split: smaller still, down to a floor. */
	while (!strchr(label, ' ') && px > 14 && kio_text_width(ui, label, px, bold) > room)
		px -= 2;
	int lh = kio_text_line_h(ui, px, bold);
	ui->in_label = true;
	if (kio_text_width(ui, label, px, bold) <= room) {
		kio_text(ui, label, px, bold, fg, r.x + r.w / 2, r.y + (r.h - lh) / 2, KIO_CENTER);
	} else {
		/* Too long even smaller (large text, narrow buttons): two lines
		 * rather than a label cut or running over the edge. */
		SDL_Rect box = {r.x + (r.w - room) / 2, 0, room, 0};
		int th = kio_text_box(ui, label, px, bold, fg, box, KIO_CENTER, 2, false);
		box.y = r.y + (r.h - th) / 2;
		kio_text_box(ui, label, px, bold, fg, box, KIO_CENTER, 2, true);
	}
	ui->in_label = false;
	if (!act.name)
		act.name = label;
	kio_hit_add(ui, id, r, act);
}

/* Triangles in colour RGB (palette-mapped): SDL has no polygon fill. */
static void triangles(kio_ui_t *ui, const SDL_FPoint *p, int n, uint32_t rgb)
{
	rgb = kio_color(ui, rgb);
	SDL_Color c = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 0xFF};
	SDL_Vertex v[12];
	for (int i = 0; i < n && i < 12; i++)
		v[i] = (SDL_Vertex){.position = p[i], .color = c};
	kio_paint_geometry(ui, v, n < 12 ? n : 12);
}

/* A loudspeaker: box and cone, then sound waves (on) or a cross (off). */
static void speaker(kio_ui_t *ui, SDL_Rect r, uint32_t fg, bool on)
{
	int s = r.h * 5 / 10;
	float x = (float)(r.x + r.w / 2 - s * 7 / 10), cy = (float)(r.y + r.h / 2);
	float u = (float)s / 10.0f;
	kio_fill(ui, (SDL_Rect){(int)x, (int)(cy - 2 * u), (int)(3 * u), (int)(4 * u)}, fg);
	SDL_FPoint cone[6] = {{x + 3 * u, cy - 2 * u}, {x + 7 * u, cy - 5 * u},
	                      {x + 7 * u, cy + 5 * u}, {x + 3 * u, cy - 2 * u},
	                      {x + 7 * u, cy + 5 * u}, {x + 3 * u, cy + 2 * u}};
	triangles(ui, cone, 6, fg);
	int bx = (int)(x + 8.5f * u), bw = (int)u > 1 ? (int)u : 1;
	if (on) {
		for (int i = 0; i < 3; i++) {
			int h = (int)((2.0f + 2.5f * (float)i) * u);
			kio_fill(ui, (SDL_Rect){bx + i * 2 * bw, (int)cy - h / 2, bw, h}, fg);
		}
		return;
	}
	for (int i = 0; i < 2; i++) {
		float a = x + 8.5f * u, b = a + 5 * u, t = cy - 2.5f * u, d = cy + 2.5f * u;
		float w = u * 0.6f;
		SDL_FPoint line[6] = {{a, i ? d : t}, {a + w, i ? d : t}, {b, i ? t : d},
		                      {a, i ? d : t}, {b, i ? t : d},     {b - w, i ? t : d}};
		triangles(ui, line, 6, fg);
	}
}

void kio_icon_button(kio_ui_t *ui, const char *id, SDL_Rect r, kio_icon_t icon, bool on,
                     kio_act_t act)
{
	bool down = kio_pressed(ui, id);
	int radius = kio_px(ui, 14);
	uint32_t fg = on ? KIO_C_ON_PRIMARY : KIO_C_PRIMARY;
	if (on)
		kio_round(ui, r, radius, down ? KIO_C_PRIMARY_DOWN : KIO_C_PRIMARY);
	else
		kio_round_border(ui, r, radius, kio_px(ui, 3), down ? KIO_C_KEY_DOWN : KIO_C_CARD,
		                 KIO_C_PRIMARY);
	if (icon == KIO_ICON_SPEAKER)
		speaker(ui, r, fg, on);
	kio_hit_add(ui, id, r, act);
}

int kio_badge(kio_ui_t *ui, int x, int y, int px, const char *label, uint32_t fg, uint32_t bg)
{
	int pad = px * 2 / 3;
	int w = kio_text_width(ui, label, px, true) + 2 * pad;
	int h = kio_text_line_h(ui, px, true) + px / 3;
	kio_round(ui, (SDL_Rect){x, y, w, h}, h / 2, bg);
	kio_text(ui, label, px, true, fg, x + pad, y + px / 6, KIO_LEFT);
	return w;
}

void kio_card(kio_ui_t *ui, SDL_Rect r)
{
	kio_round_border(ui, r, kio_px(ui, 18), kio_px(ui, 2) > 0 ? kio_px(ui, 2) : 1, KIO_C_CARD,
	                 KIO_C_BORDER);
}

static kio_act_t act_char(char c)
{
	return (kio_act_t){.intent = KIO_IN_CHAR, .ch = c};
}

void kio_keypad(kio_ui_t *ui, SDL_Rect r)
{
	int gap = kio_px(ui, 16);
	int kw = (r.w - 2 * gap) / 3, kh = (r.h - 3 * gap) / 4;
	const char *keys = "123456789";
	for (int i = 0; i < 12; i++) {
		SDL_Rect k = {r.x + (i % 3) * (kw + gap), r.y + (i / 3) * (kh + gap), kw, kh};
		char id[8], label[2] = {0, 0};
		if (i < 9 || i == 10) {
			char c = i < 9 ? keys[i] : '0';
			label[0] = c;
			snprintf(id, sizeof id, "key-%c", c);
			kio_button(ui, id, k, label, KIO_B_KEY, act_char(c));
		} else {
			/* Clear and delete share one label size: they are a pair. */
			const char *cl = kio_ui_str(ui, "button.clear"),
			           *dl = kio_ui_str(ui, "button.del");
			int px = kh * 34 / 100 < kio_px(ui, 40) ? kh * 34 / 100 : kio_px(ui, 40);
			/* Large text: a word too wide for the key at the key's
			 * size (1.4 times the normal one) takes its short form
			 * ("Ulang", the sign ⌫) rather than a smaller size. */
			if (ui->large) {
				int room = kw - kio_px(ui, 24);
				const char *cn = kio_ui_str(ui, "button.clear_narrow");
				if (kio_text_width(ui, cl, px, true) > room &&
				    kio_text_width(ui, cn, px, true) <
				        kio_text_width(ui, cl, px, true))
					cl = cn;
				if (kio_text_width(ui, dl, px, true) > room)
					dl = kio_ui_str(ui, "button.del_narrow");
			}
			int fit = kio_text_fit(ui, cl, px, true, kw - kio_px(ui, 24));
			int fit2 = kio_text_fit(ui, dl, px, true, kw - kio_px(ui, 24));
			px = fit < fit2 ? fit : fit2;
			if (i == 9)
				kio_button_px(ui, "clear", k, cl, KIO_B_SECONDARY,
				              (kio_act_t){.intent = KIO_IN_CLEAR}, px);
			else
				kio_button_px(ui, "del", k, dl, KIO_B_SECONDARY,
				              (kio_act_t){.intent = KIO_IN_BACKSPACE,
				                          .name = kio_ui_str(ui, "button.del")},
				              px);
		}
	}
}

void kio_keyboard(kio_ui_t *ui, SDL_Rect r)
{
	static const char *const letters[4] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
	static const char *const symbols[4] = {"1234567890", "!@#$%&*()-", "_=+.,?/:'", "\"<>[]{}"};
	const char *const *rows = ui->symbols ? symbols : letters;
	int gap = kio_px(ui, 10);
	int kh = (r.h - 4 * gap) / 5;
	int kw = (r.w - 9 * gap) / 10;
	for (int row = 0; row < 4; row++) {
		const char *keys = rows[row];
		int n = (int)strlen(keys);
		int rw = n * kw + (n - 1) * gap;
		int x = r.x + (r.w - rw) / 2;
		int y = r.y + row * (kh + gap);
		if (row == 3) {
			/* Shift (or the letters page) left, delete right of the last row. */
			int side = (r.w - rw) / 2 - gap;
			SDL_Rect sk = {r.x, y, side, kh};
			if (ui->symbols)
				kio_button(ui, "kb-symbols", sk, kio_ui_str(ui, "button.letters"),
				           KIO_B_SECONDARY,
				           (kio_act_t){.intent = -1, .local = KIO_LOCAL_SYMBOLS});
			else
				kio_button(
				    ui, "kb-shift", sk,
				    kio_ui_str(ui, ui->shift ? "button.unshift" : "button.shift"),
				    ui->shift ? KIO_B_PRIMARY : KIO_B_SECONDARY,
				    (kio_act_t){.intent = -1, .local = KIO_LOCAL_SHIFT});
			kio_button(ui, "kb-del", (SDL_Rect){r.x + r.w - side, y, side, kh},
			           kio_ui_str(ui, "button.del"), KIO_B_SECONDARY,
			           (kio_act_t){.intent = KIO_IN_BACKSPACE});
		}
		for (int i = 0; i < n; i++) {
			char c = keys[i];
			if (ui->shift && !ui->symbols && c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			char id[8], label[2] = {c, 0};
			/* Ids name the key, not the case: kb-a is the same key as A. */
			snprintf(id, sizeof id, "kb-%c", keys[i]);
			kio_button(ui, id, (SDL_Rect){x + i * (kw + gap), y, kw, kh}, label,
			           KIO_B_KEY, act_char(c));
		}
	}
	int y = r.y + 4 * (kh + gap);
	int side = kw * 2 + gap;
	if (!ui->symbols)
		kio_button(ui, "kb-symbols", (SDL_Rect){r.x, y, side, kh},
		           kio_ui_str(ui, "button.symbols"), KIO_B_SECONDARY,
		           (kio_act_t){.intent = -1, .local = KIO_LOCAL_SYMBOLS});
	kio_button(ui, "kb-space", (SDL_Rect){r.x + side + gap, y, r.w - side - gap, kh},
	           kio_ui_str(ui, "button.space"), KIO_B_KEY, act_char(' '));
}

/* The keyboard's rows for large text where ten keys across do not fit
 * (tall screens: seven across) or five rows do not (short screens: three,
 * with a second symbols page behind a key). Letters and characters are
 * themselves; the function keys are \1 shift (on the symbols pages: the
 * other page), \2 delete, \3 letters/symbols, \4 space. A run of one
 * function key is one key as wide as the run; a row of function keys only
 * spreads over the whole width. */
static const char *const grid7[2][7] = {
    {"abcdefg", "hijklmn", "opqrstu", "vwxyz", "1234567", "890", "\1\3\4\4\2"},
    {"!@#$%&*", "()-_=+.", ",?/:'\"<", ">[]{}", "1234567", "890", "\3\4\4\4\2"},
};
static const char *const grid10[3][3] = {
    {"qwertyuiop", "asdfghjkl\2", "\1zxcvbnm\3\4"},
    {"1234567890", "!@#$%&*()\2", "\3-_=+.,?\1\4"},
    {"1234567890", "/:'\"<>[]{\2", "\3}\1\4\4\4\4\4\4\4"},
};

static void grid_key(kio_ui_t *ui, char t, SDL_Rect k, bool digits_behind)
{
	const char *id = "kb-space", *label = kio_ui_str(ui, "button.space");
	kio_act_t a = act_char(' ');
	kio_bstyle_t st = KIO_B_SECONDARY;
	if (t == '\1') {
		id = "kb-shift";
		a = (kio_act_t){.intent = -1, .local = KIO_LOCAL_SHIFT};
		if (ui->symbols)
			label = kio_ui_str(ui, ui->shift ? "button.digits" : "button.symbols");
		else
			label = kio_ui_str(ui, ui->shift ? "button.unshift" : "button.shift");
		st = ui->shift && !ui->symbols ? KIO_B_PRIMARY : KIO_B_SECONDARY;
	} else if (t == '\2') {
		id = "kb-del";
		label = kio_ui_str(ui, "button.del");
		a = (kio_act_t){.intent = KIO_IN_BACKSPACE};
	} else if (t == '\3') {
		id = "kb-symbols";
		label = kio_ui_str(ui, ui->symbols     ? "button.letters"
		                       : digits_behind ? "button.digits"
		                                       : "button.symbols");
		a = (kio_act_t){.intent = -1, .local = KIO_LOCAL_SYMBOLS};
	} else {
		st = KIO_B_KEY;
	}
	/* A key too narrow for its word at 1.4 times its label on the normal
	 * keyboard (96 px keys at 1080p: delete 32 px, the space bar, a
	 * letter key, 40) shows the sign instead (and still says the word). */
	a.name = label;
	if ((t == '\2' || t == '\4') &&
	    kio_text_width(ui, label, kio_px(ui, t == '\2' ? 32 : 40), true) > k.w - kio_sp(ui, 24))
		label = kio_ui_str(ui, t == '\2' ? "button.del_narrow" : "button.space_narrow");
	kio_button(ui, id, k, label, st, a);
}

int kio_keyboard_grid(kio_ui_t *ui, SDL_Rect r, int cols, int kh, int fh, bool draw)
{
	const char *const *rows =
	    cols == 7 ? grid7[ui->symbols ? 1 : 0] : grid10[ui->symbols ? (ui->shift ? 2 : 1) : 0];
	int n = cols == 7 ? 7 : 3;
	int gap = kio_px(ui, 10), kw = (r.w - (cols - 1) * gap) / cols, y = r.y;
	for (int row = 0; row < n; row++) {
		const char *keys = rows[row];
		int len = (int)strlen(keys);
		bool fn = true;
		for (int i = 0; i < len; i++)
			fn = fn && keys[i] >= '\1' && keys[i] <= '\4';
		int h = fn ? fh : kh;
		/* Function keys only: the whole width in LEN equal parts. */
		int unit = fn ? (r.w - (len - 1) * gap) / len : kw;
		int x = fn ? r.x : r.x + (r.w - len * kw - (len - 1) * gap) / 2;
		for (int i = 0; draw && i < len;) {
			char c = keys[i];
			int span = 1;
			while (c <= '\4' && i + span < len && keys[i + span] == c)
				span++;
			SDL_Rect k = {x + i * (unit + gap), y, span * unit + (span - 1) * gap, h};
			if (c <= '\4') {
				grid_key(ui, c, k, cols != 7);
			} else {
				char ch = c, id[8], label[2] = {c, 0};
				if (ui->shift && !ui->symbols && c >= 'a' && c <= 'z')
					label[0] = ch = (char)(c - 'a' + 'A');
				snprintf(id, sizeof id, "kb-%c", c);
				kio_button(ui, id, k, label, KIO_B_KEY, act_char(ch));
			}
			i += span;
		}
		y += h + (row + 1 < n ? gap : 0);
	}
	return y - r.y;
}

void kio_spinner(kio_ui_t *ui, int cx, int cy, int radius, uint64_t ms)
{
	int phase = (int)((ms / KIO_UI_ANIM_MS) % 12);
	int dr = radius / 5 > 2 ? radius / 5 : 2;
	for (int i = 0; i < 12; i++) {
		double a = (double)i * 2.0 * M_PI / 12.0 - M_PI / 2.0;
		int age = (phase - i + 12) % 12;
		uint8_t alpha = (uint8_t)(255 - age * 18);
		kio_dot(ui, cx + (int)lround(cos(a) * radius), cy + (int)lround(sin(a) * radius),
		        dr, KIO_C_PRIMARY, alpha);
	}
}
