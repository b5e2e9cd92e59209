/*
 * text.c — fonts by size and a texture cache of rendered strings.
 *
 * Each distinct (string, size, weight, colour) is rasterised once with
 * SDL_ttf and kept; a frame then only blits it, which is what keeps a full
 * 1080p frame well under 8 ms with the software renderer. Kept as a
 * run-length encoded surface rather than a texture: SDL encodes a surface
 * with an alpha channel as runs of skipped, opaque and blended pixels and
 * frees the pixels, so a text keeps only the pixels of its glyphs (the
 * idle screen's texts: 1.9 MB as textures) and its blit skips the
 * transparent rest.
 * The cache is capped (KIO_UI_TEXT_CACHE) and evicts the least recently used.
 * Widths and line heights are cached too, so a frame that draws nothing new
 * does not call SDL_ttf at all.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/ui-private.h"

/* Sizes above 28 px snap to a short scale: each size is another glyph
 * cache to fill (and, beyond the faces kept open, a re-size), and fitted
 * labels would otherwise ask for every other pixel size.
 * Down, so measured text still fits; never below 28 px, the smallest size
 * body text may have. With large text, up: the promise is at least
 * KIO_UI_LARGE times the normal size, and snapping down would lose some. */
static int snap_px(const kio_ui_t *ui, int px)
{
	static const int scale[] = {28, 32, 36, 40, 44, 48, 56, 64, 72, 80, 96, 112, 128};
	int n = (int)(sizeof scale / sizeof scale[0]);
	if (px < 6)
		px = 6;
	if (px <= scale[0] && !ui->large)
		return px;
	if (ui->large) {
		for (int i = 0; i < n; i++)
			if (scale[i] >= px)
				return scale[i];
		return px;
	}
	for (int i = n - 1; i >= 0; i--)
		if (scale[i] <= px)
			return scale[i];
	return px;
}

/* A face of the weight BOLD at PX. Each TTF_Font is a FreeType face with its
 * own copies of the font's tables, HarfBuzz shaper state and glyph cache,
 * ~270 kB: one per (size, weight) made 15 faces after a few sessions. A
 * weight keeps KIO_UI_FACES (regular: KIO_UI_FACES_REGULAR) faces instead
 * and re-sizes the least recently used one. TTF_SetFontSize renders exactly
 * like a face opened at that size but empties the face's glyph cache, which
 * makes the next strings ~2-3x slower to rasterise; the counts cover the
 * sizes one screen uses per weight, so a cold frame re-sizes a face at most
 * once per new size and stays as fast as with a face per size. */
_Static_assert(KIO_UI_FACES_REGULAR <= KIO_UI_FACES, "faces[] holds both weights");

/* A new face of the file of weight BOLD (mapped on first use). SDL_ttf
 * reads a font through an SDL_RWops; from a file, FreeType's every table
 * and glyph load was a seek and a read system call (about a fifth of the
 * first frame's text time). Mapped, they are memory copies, and the pages
 * are the page cache's, shared with every other process using the font. */
static TTF_Font *open_face(kio_ui_t *ui, int px, bool bold)
{
	int w = bold && !ui->synth_bold ? 1 : 0;
	const char *file = w ? ui->font_bold : ui->font_regular;
	if (!ui->font_map[w].data) {
		int fd = open(file, O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (fd < 0)
			return NULL;
		void *p = MAP_FAILED;
		if (fstat(fd, &st) == 0 && st.st_size > 0)
			p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
		close(fd);
		if (p == MAP_FAILED)
			return TTF_OpenFont(file, px); /* a pipe or special file */
		ui->font_map[w].data = p;
		ui->font_map[w].len = (size_t)st.st_size;
	}
	SDL_RWops *rw = SDL_RWFromConstMem(ui->font_map[w].data, (int)ui->font_map[w].len);
	return rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
}

TTF_Font *kio_font(kio_ui_t *ui, int px, bool bold)
{
	px = snap_px(ui, px);
	kio_face_t *faces = ui->faces[bold ? 1 : 0];
	int nfaces = bold ? KIO_UI_FACES : KIO_UI_FACES_REGULAR;
	kio_face_t *pick = &faces[0];
	for (int i = 0; i < nfaces; i++) {
		if (faces[i].font && faces[i].px == px) {
			faces[i].used = ++ui->face_tick;
			return faces[i].font;
		}
		if (!faces[i].font || (pick->font && faces[i].used < pick->used))
			pick = &faces[i];
	}
	if (pick->font) {
		if (TTF_SetFontSize(pick->font, px) != 0) {
			pick->px = 0; /* size unknown: re-size on next use */
			return NULL;
		}
	} else {
		TTF_Font *f = open_face(ui, px, bold);
		if (!f)
			return NULL;
		if (bold && ui->synth_bold)
			TTF_SetFontStyle(f, TTF_STYLE_BOLD);
		TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
		pick->font = f;
	}
	pick->px = px;
	pick->used = ++ui->face_tick;
	return pick->font;
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

int kio_text_width(kio_ui_t *ui, const char *s, int px, bool bold)
{
	if (!s || !*s)
		return 0;
	/* Layout measures every frame; on a face re-sized since, TTF_SizeUTF8
	 * would reload the glyphs. Direct-mapped: a clash costs one measure.
	 * The slot holds a hash, not the text. */
	uint64_t h = fnv(s, snap_px(ui, px), bold, 0);
	kio_width_t *slot = &ui->widths[h % KIO_UI_WIDTHS];
	if (slot->hash == h && h != 0)
		return slot->w;
	TTF_Font *f = kio_font(ui, px, bold);
	int w = 0, hh = 0;
	if (!f || TTF_SizeUTF8(f, s, &w, &hh) != 0)
		return 0;
	*slot = (kio_width_t){.hash = h, .w = w};
	return w;
}

int kio_text_line_h(kio_ui_t *ui, int px, bool bold)
{
	px = snap_px(ui, px);
	for (int i = 0; i < ui->nmetrics; i++)
		if (ui->metrics[i].px == px && ui->metrics[i].bold == bold)
			return ui->metrics[i].line_skip;
	TTF_Font *f = kio_font(ui, px, bold);
	if (!f)
		return px;
	int skip = TTF_FontLineSkip(f);
	if (ui->nmetrics < KIO_UI_METRICS)
		ui->metrics[ui->nmetrics++] =
		    (kio_metric_t){.px = px, .bold = bold, .line_skip = skip};
	return skip;
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

/* The screens a logout leads to: their shared texts are worth keeping over
 * the wipe (all the strings table's would grow the cache session by
 * session: 63 MB after 100 sessions). */
static bool greeting_screen(const kio_ui_t *ui)
{
	return ui->screen == KIO_SCREEN_IDLE || ui->screen == KIO_SCREEN_LOGIN;
}

static kio_text_entry_t *text_get(kio_ui_t *ui, const char *s, int px, bool bold, uint32_t rgb)
{
	uint64_t h = fnv(s, px, bold, rgb);
	kio_text_entry_t *victim = NULL;
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++) {
		kio_text_entry_t *e = &ui->texts[i];
		if (e->surf && e->hash == h && e->px == px && e->bold == bold && e->rgb == rgb &&
		    strcmp(e->text, s) == 0) {
			e->used = ui->frame;
			e->greeting = e->greeting || greeting_screen(ui);
			return e;
		}
		if (!victim || !e->surf || (victim->surf && e->used < victim->used))
			victim = e;
	}
	/* Over the frame's budget: this text waits for the next frame (at
	 * least one text per frame, so a screen always completes). Not in the
	 * very first frame: what the kiosk shows first is the whole idle
	 * screen (and start-up is measured to it). */
	if (ui->progressive && !ui->auditing && ui->rasterised > 0 && ui->frame > 1 &&
	    SDL_GetTicks64() - ui->frame_t0 >= (uint64_t)ui->text_budget_ms) {
		ui->incomplete = true;
		return NULL;
	}
	TTF_Font *f = kio_font(ui, px, bold);
	if (!f)
		return NULL;
	ui->rasterised++;
	SDL_Color c = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 0xFF};
	SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, c);
	if (!surf)
		return NULL;
	char *copy = strdup(s);
	if (!copy) {
		SDL_FreeSurface(surf);
		return NULL;
	}
	/* Encoded for the window's format at its first blit (paint.c); not
	 * before kio_ui_compact: encoding costs the first frame 2 ms. */
	SDL_SetSurfaceBlendMode(surf, SDL_BLENDMODE_BLEND);
	if (ui->compact)
		SDL_SetSurfaceRLE(surf, 1);
	if (victim->surf)
		SDL_FreeSurface(victim->surf);
	free(victim->text);
	*victim = (kio_text_entry_t){.greeting = greeting_screen(ui),
	                             .shared = ui->text_shared || kio_strings_is_text(ui->str, s) ||
	                                       strlen(s) <= 1,
	                             .hash = h,
	                             .text = copy,
	                             .px = px,
	                             .bold = bold,
	                             .rgb = rgb,
	                             .surf = surf,
	                             .w = surf->w,
	                             .h = surf->h,
	                             .used = ui->frame};
	return victim;
}

/* After a session: every text that may hold something of the citizen goes.
 * A text of the strings table (a title, a button, a key's letter) is the
 * same for everyone; those of the idle and login screens stay, so the idle
 * screen after a logout, and the next citizen's login screen, do not
 * rasterise their texts again: at a quarter of a core that was a 40 ms
 * first frame. */
bool kio_ui_text_cached(const kio_ui_t *ui, const char *needle)
{
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++)
		if (ui->texts[i].text && strstr(ui->texts[i].text, needle))
			return true;
	return false;
}

/* Each open face holds ~200 kB (FreeType's copies of the font's tables,
 * HarfBuzz's of its layout tables, the glyph cache). An idle screen
 * rasterises nothing but the clock's minute: the most recently used face
 * of each weight stays, the others open again (from the mapping, about a
 * millisecond) when a screen needs their size. */
static void close_spare_faces(kio_ui_t *ui)
{
	for (int b = 0; b < 2; b++) {
		kio_face_t *faces = ui->faces[b];
		int keep = -1;
		for (int i = 0; i < KIO_UI_FACES; i++)
			if (faces[i].font && (keep < 0 || faces[i].used > faces[keep].used))
				keep = i;
		for (int i = 0; i < KIO_UI_FACES; i++) {
			if (i == keep || !faces[i].font)
				continue;
			TTF_CloseFont(faces[i].font);
			faces[i] = (kio_face_t){0};
		}
	}
}

void kio_ui_compact(kio_ui_t *ui)
{
	if (!ui)
		return;
	ui->compact = true;
	close_spare_faces(ui);
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++)
		if (ui->texts[i].surf)
			SDL_SetSurfaceRLE(ui->texts[i].surf, 1);
	kio_ui_invalidate(ui);
}

void kio_ui_trim(kio_ui_t *ui)
{
	if (!ui)
		return;
	/* Glyphs are read from the mapped font files only while texts are
	 * rasterised; the kernel maps 64 kB around every page touched, so a
	 * screen's worth of new text leaves ~300 kB of each file mapped. The
	 * pages are clean copies of the file: dropping them from this process
	 * costs nothing, and the next glyph faults its page back in from the
	 * page cache. */
	for (int b = 0; b < 2; b++)
		if (ui->font_map[b].data)
			(void)madvise(ui->font_map[b].data, ui->font_map[b].len, MADV_DONTNEED);
}

long kio_ui_text_plain_bytes(const kio_ui_t *ui)
{
	long n = 0;
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++) {
		const SDL_Surface *s = ui->texts[i].surf;
		if (s && s->pixels)
			n += (long)s->pitch * s->h;
	}
	return n;
}

void kio_text_cache_forget(kio_ui_t *ui)
{
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++) {
		kio_text_entry_t *e = &ui->texts[i];
		if (e->text && e->shared && e->greeting)
			continue;
		if (e->surf)
			SDL_FreeSurface(e->surf);
		if (e->text) {
			explicit_bzero(e->text, strlen(e->text));
			free(e->text);
		}
		memset(e, 0, sizeof *e);
	}
	explicit_bzero(ui->drawn, sizeof ui->drawn);
	ui->drawn_len = 0;
	/* Widths of names are not names, but they go with the session too;
	 * the kept texts' widths come back (the layout measures them first). */
	explicit_bzero(ui->widths, sizeof ui->widths);
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++) {
		const kio_text_entry_t *e = &ui->texts[i];
		if (!e->text)
			continue;
		uint64_t h = fnv(e->text, e->px, e->bold, 0);
		ui->widths[h % KIO_UI_WIDTHS] = (kio_width_t){.hash = h, .w = e->w};
	}
}

void kio_text_cache_free(kio_ui_t *ui)
{
	for (int i = 0; i < KIO_UI_TEXT_CACHE; i++) {
		if (ui->texts[i].surf)
			SDL_FreeSurface(ui->texts[i].surf);
		free(ui->texts[i].text);
		memset(&ui->texts[i], 0, sizeof ui->texts[i]);
	}
	for (int b = 0; b < 2; b++) {
		for (int i = 0; i < KIO_UI_FACES; i++) {
			if (ui->faces[b][i].font)
				TTF_CloseFont(ui->faces[b][i].font);
			ui->faces[b][i] = (kio_face_t){0};
		}
		/* After the faces: they read from it. */
		if (ui->font_map[b].data)
			munmap(ui->font_map[b].data, ui->font_map[b].len);
		ui->font_map[b].data = NULL;
	}
	ui->nmetrics = 0;
}

/* The most common colour of the frame under R so far: the background a
 * text is about to be drawn on (test mode only: reading pixels is slow). */
static uint32_t background_under(kio_ui_t *ui, SDL_Rect r)
{
	SDL_Rect all = {0, 0, ui->w, ui->h}, clip;
	SDL_RenderGetClipRect(ui->ren, &clip);
	if (!SDL_IntersectRect(&r, &all, &r) ||
	    (!SDL_RectEmpty(&clip) && !SDL_IntersectRect(&r, &clip, &r)))
		return 0;
	size_t n = (size_t)r.w * (size_t)r.h;
	uint32_t *px = malloc(n * sizeof *px);
	if (!px)
		return 0;
	uint32_t best = 0;
	if (SDL_RenderReadPixels(ui->ren, &r, SDL_PIXELFORMAT_RGB888, px, r.w * 4) == 0) {
		/* Majority vote (Boyer-Moore): glyphs cover well under half of
		 * their box, so the background is the majority colour. */
		uint32_t cand = 0;
		size_t votes = 0;
		for (size_t i = 0; i < n; i++) {
			uint32_t c = px[i] & 0xFFFFFF;
			if (votes == 0)
				cand = c;
			votes += c == cand ? 1 : (size_t)-1;
		}
		best = cand;
	}
	free(px);
	return best;
}

static void audit(kio_ui_t *ui, const char *s, uint32_t rgb, SDL_Rect dst, int box_w, bool cut)
{
	SDL_Rect clip, in;
	SDL_RenderGetClipRect(ui->ren, &clip);
	if (ui->naudit >= KIO_UI_AUDIT_MAX ||
	    (!SDL_RectEmpty(&clip) && !SDL_IntersectRect(&dst, &clip, &in)))
		return; /* scrolled out of sight: not drawn at all */
	kio_ui_text_t *a = &ui->audit[ui->naudit++];
	memset(a, 0, sizeof *a);
	snprintf(a->text, sizeof a->text, "%s", s);
	a->fg = rgb;
	a->bg = background_under(ui, dst);
	a->r = dst;
	a->box_w = box_w;
	a->cut = cut;
	a->label = ui->in_label;
	a->scrolled = !SDL_RectEmpty(&clip) &&
	              !(SDL_IntersectRect(&dst, &clip, &in) && SDL_RectEquals(&in, &dst));
}

/* One line from the texture cache; X is the edge ALIGN names. Returns width.
 * BOX_W and CUT only feed the audit. */
static int draw_cached(kio_ui_t *ui, const char *s, int px, bool bold, uint32_t rgb, int x, int y,
                       kio_align_t align, int box_w, bool cut)
{
	rgb = kio_color(ui, rgb);
	kio_text_entry_t *e = text_get(ui, s, snap_px(ui, px), bold, rgb);
	if (!e)
		return 0;
	SDL_Rect dst = {x, y, e->w, e->h};
	if (align == KIO_CENTER)
		dst.x = x - e->w / 2;
	else if (align == KIO_RIGHT)
		dst.x = x - e->w;
	if (ui->auditing && ui->audit)
		audit(ui, s, rgb, dst, box_w, cut);
	kio_paint_surface(ui, e->surf, &dst);
	return e->w;
}

int kio_text(kio_ui_t *ui, const char *s, int px, bool bold, uint32_t rgb, int x, int y,
             kio_align_t align)
{
	if (!s || !*s)
		return 0;
	kio_text_note(ui, s);
	return draw_cached(ui, s, px, bold, rgb, x, y, align, 0, false);
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
	/* Lines of a strings-table text are the same for every citizen. */
	bool shared = ui->text_shared;
	ui->text_shared = draw && kio_strings_is_text(ui->str, s);
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
			/* For the audit: a word too wide for the box, broken by
			 * characters, is as cut as an ellipsis. */
			bool broken =
			    n > 0 && off + n < plen && p[off + n] != ' ' && p[off + n - 1] != ' ';
			bool cut = (last && more) || broken;
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
				draw_cached(ui, buf, px, bold, rgb, x, y, align, box.w, cut);
			}
			y += lh;
			lines++;
			off += n;
			while (off < plen && p[off] == ' ')
				off++;
			if (last) {
				ui->text_shared = shared;
				return y - box.y;
			}
		} while (off < plen);
		if (!nl)
			break;
		p = nl + 1;
	}
	ui->text_shared = shared;
	return y - box.y;
}
