/* damage.c — tiles changed by a frame (see damage.h). */
#include "ui/damage.h"

#include <stdlib.h>
#include <string.h>

enum { SEED = 0x6b3a9e51u };

/* FNV-1a over 8-byte words (then the tail byte by byte): the view model is
 * over a hundred kilobytes and is hashed on every wake of the loop, idle
 * included, so a byte-at-a-time loop would cost more than drawing. */
uint64_t kio_damage_mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, b + i, sizeof w);
		h = (h ^ w) * 1099511628211ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

kio_err_t kio_damage_resize(kio_damage_t *d, int w, int h)
{
	if (w <= 0 || h <= 0)
		return KIO_ERR_INVAL;
	int cols = (w + KIO_DAMAGE_TILE - 1) / KIO_DAMAGE_TILE,
	    rows = (h + KIO_DAMAGE_TILE - 1) / KIO_DAMAGE_TILE;
	if (d->cur && d->cols == cols && d->rows == rows && d->w == w && d->h == h) {
		d->all = true;
		return KIO_OK;
	}
	uint64_t *cur = calloc((size_t)cols * (size_t)rows, sizeof *cur),
	         *prev = calloc((size_t)cols * (size_t)rows, sizeof *prev);
	if (!cur || !prev) {
		free(cur);
		free(prev);
		return KIO_ERR_NOMEM;
	}
	kio_damage_free(d);
	*d = (kio_damage_t){.w = w,
	                    .h = h,
	                    .cols = cols,
	                    .rows = rows,
	                    .cur = cur,
	                    .prev = prev,
	                    .all = true,
	                    .clip = {0, 0, w, h}};
	return KIO_OK;
}

void kio_damage_free(kio_damage_t *d)
{
	free(d->cur);
	free(d->prev);
	memset(d, 0, sizeof *d);
}

void kio_damage_all(kio_damage_t *d)
{
	d->all = true;
}

void kio_damage_begin(kio_damage_t *d)
{
	for (int i = 0; i < d->cols * d->rows; i++)
		d->cur[i] = SEED;
	d->clip = (SDL_Rect){0, 0, d->w, d->h};
	d->recording = true;
}

void kio_damage_clip(kio_damage_t *d, const SDL_Rect *r)
{
	SDL_Rect all = {0, 0, d->w, d->h};
	if (!r || !SDL_IntersectRect(r, &all, &d->clip))
		d->clip = r ? (SDL_Rect){0, 0, 0, 0} : all;
}

void kio_damage_op(kio_damage_t *d, SDL_Rect r, uint64_t hash)
{
	SDL_Rect in;
	if (!d->recording || !SDL_IntersectRect(&r, &d->clip, &in))
		return;
	/* Where it lands is part of what it draws: a moved text is a change
	 * in both the tiles it left and the tiles it reaches. */
	hash = kio_damage_mix(hash, &r, sizeof r);
	int c0 = in.x / KIO_DAMAGE_TILE, c1 = (in.x + in.w - 1) / KIO_DAMAGE_TILE,
	    r0 = in.y / KIO_DAMAGE_TILE, r1 = (in.y + in.h - 1) / KIO_DAMAGE_TILE;
	for (int row = r0; row <= r1; row++)
		for (int col = c0; col <= c1; col++) {
			uint64_t *t = &d->cur[row * d->cols + col];
			*t = (*t ^ hash) * 1099511628211ull;
		}
}

/* The tile rectangle [C0, C1] x [R0, R1] in pixels, inside the screen. */
static SDL_Rect tiles_px(const kio_damage_t *d, int c0, int c1, int r0, int r1)
{
	SDL_Rect r = {c0 * KIO_DAMAGE_TILE, r0 * KIO_DAMAGE_TILE, (c1 - c0 + 1) * KIO_DAMAGE_TILE,
	              (r1 - r0 + 1) * KIO_DAMAGE_TILE};
	if (r.x + r.w > d->w)
		r.w = d->w - r.x;
	if (r.y + r.h > d->h)
		r.h = d->h - r.y;
	return r;
}

/* Changed tiles as rectangles: each row's runs, a run stacked on an equal
 * run of the row above grows that rectangle. More than fit: one box
 * around all (each rectangle costs a pass over the screen's layout). */
static int changed_rects(const kio_damage_t *d, SDL_Rect *out)
{
	enum { OPEN = 64 };
	struct run {
		int c0, c1, r0, r1;
	} runs[OPEN];
	int n = 0;
	bool spill = false;
	int bx0 = d->cols, bx1 = -1, by0 = d->rows, by1 = -1;
	for (int row = 0; row < d->rows; row++) {
		for (int col = 0; col < d->cols; col++) {
			if (d->cur[row * d->cols + col] == d->prev[row * d->cols + col])
				continue;
			int c0 = col;
			while (col + 1 < d->cols &&
			       d->cur[row * d->cols + col + 1] != d->prev[row * d->cols + col + 1])
				col++;
			bx0 = c0 < bx0 ? c0 : bx0;
			bx1 = col > bx1 ? col : bx1;
			by0 = row < by0 ? row : by0;
			by1 = row;
			int i = 0;
			while (i < n &&
			       !(runs[i].c0 == c0 && runs[i].c1 == col && runs[i].r1 == row - 1))
				i++;
			if (i < n)
				runs[i].r1 = row;
			else if (n < OPEN)
				runs[n++] = (struct run){c0, col, row, row};
			else
				spill = true;
		}
	}
	if (bx1 < 0)
		return 0;
	if (spill || n > KIO_DAMAGE_RECTS) {
		out[0] = tiles_px(d, bx0, bx1, by0, by1);
		return 1;
	}
	for (int i = 0; i < n; i++)
		out[i] = tiles_px(d, runs[i].c0, runs[i].c1, runs[i].r0, runs[i].r1);
	return n;
}

int kio_damage_end(kio_damage_t *d, SDL_Rect *out)
{
	d->recording = false;
	int n;
	if (d->all) {
		out[0] = (SDL_Rect){0, 0, d->w, d->h};
		n = 1;
		d->all = false;
	} else {
		n = changed_rects(d, out);
	}
	uint64_t *t = d->prev;
	d->prev = d->cur;
	d->cur = t;
	d->clip = (SDL_Rect){0, 0, d->w, d->h};
	return n;
}
