/*
 * text.c — fonts by size and a texture cache of rendered strings.
 *
 * Each distinct (string, size, weight, colour) is rasterised once with
 * SDL_ttf and kept as a texture; a frame then only copies textures, which is
 * what keeps a full 1080p frame well under 8 ms with the software renderer.
 * The cache is capped (KIO_UI_TEXT_CACHE) and evicts the least recently used.
 */
#include <stdlib.h>
#include <string.h>

#include "ui/ui-private.h"

/* Sizes above 28 px snap down to a short scale: each (size, weight) is a
 * FreeType face with its own HarfBuzz tables and glyph cache (~150 KB), and
 * fitted labels would otherwise open a face for every other pixel size.
 * Down, so measured text still fits; never below 28 px, the smallest size
 * body text may have. */
static int snap_px(int px)
{
	static const int scale[] = {28, 32, 36, 40, 44, 48, 56, 64, 72, 80, 96, 112, 128};
	int n = (int)(sizeof scale / sizeof scale[0]);
	if (px <= scale[0])
		return px;
	for (int i = n - 1; i >= 0; i--)
		if (scale[i] <= px)
			return scale[i];
	return px;
}

TTF_Font *kio_font(kio_ui_t *ui, int px, bool bold)
{
	if (px < 6)
		px = 6;
	px = snap_px(px);
	for (int i = 0; i < ui->nfonts; i++)
		if (ui->fonts[i].px == px && ui->fonts[i].bold == bold)
			return ui->fonts[i].font;
	const char *file = bold && !ui->synth_bold ? ui->font_bold : ui->font_regular;
	TTF_Font *f = TTF_OpenFont(file, px);
	if (!f)
		return NULL;
	if (bold && ui->synth_bold)
		TTF_SetFontStyle(f, TTF_STYLE_BOLD);
	TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
	/* Full: drop the least useful (first opened) face; rare, sizes are few. */
	if (ui->nfonts == KIO_UI_FONTS_MAX) {
		TTF_CloseFont(ui->fonts[0].font);
		memmove(&ui->fonts[0], &ui->fonts[1], sizeof ui->fonts[0] * (KIO_UI_FONTS_MAX - 1));
		ui->nfonts--;
		/* Cached textures keep their pixels; nothing refers to the face. */
	}
	ui->fonts[ui->nfonts++] = (kio_font_entry_t){.px = px, .bold = bold, .font = f};
	return f;
}

int kio_text_width(kio_ui_t *ui, const char *s, int px, bool bold)
{
	TTF_Font *f = kio_font(ui, px, bold);
	int w = 0, h = 0;
	if (!f || !s || !*s || TTF_SizeUTF8(f, s, &w, &h) != 0)
		return 0;
	return w;
}

int kio_text_line_h(kio_ui_t *ui, int px, bool bold)
{
	TTF_Font *f = kio_font(ui, px, bold);
	return f ? TTF_FontLineSkip(f) : px;
}

void kio_text_note(kio_ui_t *ui, const char *s)
{
	size_t n = strlen(s);
	if (ui->drawn_len + n + 2 > sizeof ui->drawn)
		return;
	memcpy(ui->drawn + ui->drawn_len, s, n);
	ui->drawn_len += n;
	ui->drawn[ui->drawn_len++] = '\n';
	ui->drawn[ui->drawn_len] = '\0';
}

static uint64_t fnv(const char *s, int px, bool bold, uint32_t rgb)
{
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	h = (h ^ (uint64_t)px) * 1099511628211ull;
	h = (h ^ (uint64_t)bold) * 1099511628211ull;
	h = (h ^ rgb) * 1099511628211ull;
	return h;
}

static kio_text_entry_t *text_get(kio_ui_t *ui, const char *s, int px, bool bold, uint32_t rgb)
{
	uint64_t h = fnv(s, px, bold, rgb);
	kio_text_entry_t *victim = NULL;
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++) {
		kio_text_entry_t *e = &ui->texts[i];
		if (e->tex && e->hash == h && e->px == px && e->bold == bold && e->rgb == rgb &&
		    strcmp(e->text, s) == 0) {
			e->used = ui->frame;
			return e;
		}
		if (!victim || !e->tex || (victim->tex && e->used < victim->used))
			victim = e;
	}
	TTF_Font *f = kio_font(ui, px, bold);
	if (!f)
		return NULL;
	SDL_Color c = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 0xFF};
	SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, c);
	if (!surf)
		return NULL;
	SDL_Texture *tex = SDL_CreateTextureFromSurface(ui->ren, surf);
	int w = surf->w, hh = surf->h;
	SDL_FreeSurface(surf);
	char *copy = strdup(s);
	if (!tex || !copy) {
		if (tex)
			SDL_DestroyTexture(tex);
		free(copy);
		return NULL;
	}
	SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
	if (victim->tex)
		SDL_DestroyTexture(victim->tex);
	free(victim->text);
	*victim = (kio_text_entry_t){.hash = h,
	                             .text = copy,
	                             .px = px,
	                             .bold = bold,
	                             .rgb = rgb,
	                             .tex = tex,
	                             .w = w,
	                             .h = hh,
	                             .used = ui->frame};
	return victim;
}

void kio_text_cache_forget(kio_ui_t *ui)
{
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++) {
		kio_text_entry_t *e = &ui->texts[i];
		if (e->tex)
			SDL_DestroyTexture(e->tex);
		if (e->text) {
			explicit_bzero(e->text, strlen(e->text));
			free(e->text);
		}
		memset(e, 0, sizeof *e);
	}
	explicit_bzero(ui->drawn, sizeof ui->drawn);
	ui->drawn_len = 0;
}

void kio_text_cache_free(kio_ui_t *ui)
{
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++) {
		if (ui->texts[i].tex)
			SDL_DestroyTexture(ui->texts[i].tex);
		free(ui->texts[i].text);
		memset(&ui->texts[i], 0, sizeof ui->texts[i]);
	}
	for (int i = 0; i < ui->nfonts; i++)
		TTF_CloseFont(ui->fonts[i].font);
	ui->nfonts = 0;
}

/* One line from the texture cache; X is the edge ALIGN names. Returns width. */
static int draw_cached(kio_ui_t *ui, const char *s, int px, bool bold, uint32_t rgb, int x, int y,
                       kio_align_t align)
{
	kio_text_entry_t *e = text_get(ui, s, px, bold, rgb);
	if (!e)
		return 0;
	SDL_Rect dst = {x, y, e->w, e->h};
	if (align == KIO_CENTER)
		dst.x = x - e->w / 2;
	else if (align == KIO_RIGHT)
		dst.x = x - e->w;
	SDL_RenderCopy(ui->ren, e->tex, NULL, &dst);
	return e->w;
}

int kio_text(kio_ui_t *ui, const char *s, int px, bool bold, uint32_t rgb, int x, int y,
             kio_align_t align)
{
	if (!s || !*s)
		return 0;
	kio_text_note(ui, s);
	return draw_cached(ui, s, px, bold, rgb, x, y, align);
}

int kio_text_fit(kio_ui_t *ui, const char *s, int px, bool bold, int w)
{
	int min = px * 6 / 10;
	while (px > min && kio_text_width(ui, s, px, bold) > w)
		px -= 2;
	return px;
}

/* Longest prefix of LINE (ending at a space) that fits W; always >= 1 char. */
static size_t fit_prefix(kio_ui_t *ui, const char *line, size_t len, int px, bool bold, int w)
{
	char buf[KIO_UI_TEXT_MAX];
	size_t best = 0;
	size_t i = 0;
	while (i <= len) {
		if (i == len || line[i] == ' ') {
			memcpy(buf, line, i);
			buf[i] = '\0';
			if (kio_text_width(ui, buf, px, bold) > w)
				break;
			best = i;
			if (i == len)
				break;
		}
		i++;
	}
	if (best == 0) {
		/* One word wider than the box: cut it by characters. */
		size_t j = 0;
		for (j = 1; j <= len; j++) {
			if (j < len && ((unsigned char)line[j] & 0xC0) == 0x80)
				continue;
			memcpy(buf, line, j);
			buf[j] = '\0';
			if (kio_text_width(ui, buf, px, bold) > w)
				break;
			best = j;
		}
		if (best == 0) {
			best = 1;
			while (best < len && ((unsigned char)line[best] & 0xC0) == 0x80)
				best++;
		}
	}
	return best;
}

int kio_text_box(kio_ui_t *ui, const char *s, int px, bool bold, uint32_t rgb, SDL_Rect box,
                 kio_align_t align, int max_lines, bool draw)
{
	if (!s || !*s)
		return 0;
	if (draw)
		kio_text_note(ui, s);
	int lh = kio_text_line_h(ui, px, bold);
	int y = box.y;
	int lines = 0;
	char buf[KIO_UI_TEXT_MAX];
	const char *p = s;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t plen = nl ? (size_t)(nl - p) : strlen(p);
		if (plen >= sizeof buf)
			plen = sizeof buf - 1;
		size_t off = 0;
		do {
			size_t n =
			    plen - off ? fit_prefix(ui, p + off, plen - off, px, bold, box.w) : 0;
			bool last = max_lines > 0 && lines + 1 == max_lines;
			bool more = off + n < plen || (nl && nl[1]);
			memcpy(buf, p + off, n);
			buf[n] = '\0';
			if (last && more) {
				/* Cut the last allowed line with an ellipsis. */
				const char *ell = "…";
				size_t k = n;
				for (;;) {
					char tmp[KIO_UI_TEXT_MAX];
					memcpy(tmp, buf, k);
					memcpy(tmp + k, ell, strlen(ell) + 1);
					if (k == 0 || kio_text_width(ui, tmp, px, bold) <= box.w) {
						memcpy(buf, tmp, k + strlen(ell) + 1);
						break;
					}
					k--;
					while (k > 0 && ((unsigned char)buf[k] & 0xC0) == 0x80)
						k--;
				}
			}
			if (draw && buf[0]) {
				int x = box.x;
				if (align == KIO_CENTER)
					x = box.x + box.w / 2;
				else if (align == KIO_RIGHT)
					x = box.x + box.w;
				draw_cached(ui, buf, px, bold, rgb, x, y, align);
			}
			y += lh;
			lines++;
			off += n;
			while (off < plen && p[off] == ' ')
				off++;
			if (last)
				return y - box.y;
		} while (off < plen);
		if (!nl)
			break;
		p = nl + 1;
	}
	return y - box.y;
}
