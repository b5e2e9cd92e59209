/*
 * paint.c — fills, texture copies and triangles onto the renderer, or, while
 * a frame is being recorded, into the damage tiles (damage.h). Each op is
 * named by everything that decides its pixels besides its place: colour and
 * blend for a fill; the texture, its source rectangle, colour and alpha
 * modulation for a copy; the vertices for triangles.
 */
#include <string.h>
#include <wchar.h>

#include "ui/ui-private.h"

/* A texture's or surface's name for the hashes: a serial kept in its user
 * data, so a new one that reuses a freed one's address is still new. ID is
 * the user data; 0 asks for a new serial, which the caller stores. */
static uintptr_t serial(kio_ui_t *ui, uintptr_t id)
{
	return id ? id : ++ui->tex_serial;
}

static uintptr_t texture_serial(kio_ui_t *ui, SDL_Texture *t)
{
	uintptr_t id = serial(ui, (uintptr_t)SDL_GetTextureUserData(t));
	SDL_SetTextureUserData(t, (void *)id);
	return id;
}

/* The window's surface limited by the renderer's clip into OUT; false if
 * nothing of it can be drawn. */
static bool target_clip(kio_ui_t *ui, SDL_Surface *s, SDL_Rect *out)
{
	*out = (SDL_Rect){0, 0, s->w, s->h};
	if (!SDL_RenderIsClipEnabled(ui->ren))
		return true;
	SDL_Rect clip;
	SDL_RenderGetClipRect(ui->ren, &clip);
	return SDL_IntersectRect(&clip, out, out);
}

/* An opaque fill written straight into the window's surface. SDL's own
 * (SDL_FillRect, under the software renderer) writes every row with
 * non-temporal stores: right for one big clear, but a screen is a few
 * hundred small rectangles (keys, borders, rounded corners), each row of
 * them a partial cache line sent past the cache, and the texts blended on
 * top must then read it back from memory. That was two thirds of a whole
 * frame's time (perf, bench_ui); plain stores leave the pixels in the
 * cache for what is drawn over them. Each row is one wmemset: glibc's
 * vector stores (and, for long rows, rep stosb); the loop it replaced stored
 * one pixel at a time, which GCC does not vectorise at -O2, and was half of
 * a whole frame's time (bench_ui idle frame 1.91 -> 1.32 ms). */
_Static_assert(sizeof(wchar_t) == sizeof(Uint32), "wmemset fills 32-bit pixels");
static void fill_opaque(kio_ui_t *ui, SDL_Surface *s, const SDL_Rect *r, Uint32 px)
{
	SDL_Rect clip, d;
	if (!target_clip(ui, s, &clip) || !SDL_IntersectRect(r, &clip, &d))
		return;
	SDL_RenderFlush(ui->ren); /* what was queued before lies under it */
	for (int y = 0; y < d.h; y++) {
		Uint32 *row =
		    (Uint32 *)((Uint8 *)s->pixels + (size_t)(d.y + y) * (size_t)s->pitch) + d.x;
		wmemset((wchar_t *)row, (wchar_t)px, (size_t)d.w);
	}
}

void kio_paint_fill(kio_ui_t *ui, const SDL_Rect *r)
{
	if (!ui->damage.recording) {
		Uint8 c[4];
		SDL_BlendMode blend;
		SDL_GetRenderDrawColor(ui->ren, &c[0], &c[1], &c[2], &c[3]);
		SDL_GetRenderDrawBlendMode(ui->ren, &blend);
		SDL_Surface *s = SDL_GetWindowSurface(ui->win);
		if (s && s->format->BytesPerPixel == 4 &&
		    (blend == SDL_BLENDMODE_NONE || c[3] == 255))
			fill_opaque(ui, s, r, SDL_MapRGBA(s->format, c[0], c[1], c[2], c[3]));
		else
			SDL_RenderFillRect(ui->ren, r);
		return;
	}
	struct {
		Uint8 c[4];
		SDL_BlendMode blend;
	} op;
	memset(&op, 0, sizeof op);
	SDL_GetRenderDrawColor(ui->ren, &op.c[0], &op.c[1], &op.c[2], &op.c[3]);
	SDL_GetRenderDrawBlendMode(ui->ren, &op.blend);
	kio_damage_op(&ui->damage, *r, kio_damage_mix(1, &op, sizeof op));
}

void kio_paint_copy(kio_ui_t *ui, SDL_Texture *t, const SDL_Rect *src, const SDL_Rect *dst)
{
	if (!ui->damage.recording) {
		SDL_RenderCopy(ui->ren, t, src, dst);
		return;
	}
	struct {
		uintptr_t id;
		SDL_Rect src;
		Uint8 mod[4];
		SDL_BlendMode blend;
	} op;
	memset(&op, 0, sizeof op);
	op.id = texture_serial(ui, t);
	if (src)
		op.src = *src;
	else
		op.src.w = -1;
	SDL_GetTextureColorMod(t, &op.mod[0], &op.mod[1], &op.mod[2]);
	SDL_GetTextureAlphaMod(t, &op.mod[3]);
	SDL_GetTextureBlendMode(t, &op.blend);
	kio_damage_op(&ui->damage, *dst, kio_damage_mix(2, &op, sizeof op));
}

/* A surface blitted straight onto the window's surface, which is where the
 * software renderer draws: what the renderer has queued goes first, and
 * the renderer's clip applies. (SDL's renderer API cannot blit a surface,
 * and a texture cannot be run-length encoded: text.c says why that
 * matters.) */
void kio_paint_surface(kio_ui_t *ui, SDL_Surface *s, const SDL_Rect *dst)
{
	if (ui->damage.recording) {
		uintptr_t id = serial(ui, (uintptr_t)s->userdata);
		s->userdata = (void *)id;
		kio_damage_op(&ui->damage, *dst, kio_damage_mix(4, &id, sizeof id));
		return;
	}
	SDL_Surface *target = SDL_GetWindowSurface(ui->win);
	SDL_Rect clip, d = *dst;
	if (!target || !target_clip(ui, target, &clip))
		return;
	SDL_RenderFlush(ui->ren);
	SDL_SetClipRect(target, &clip);
	SDL_BlitSurface(s, NULL, target, &d);
	SDL_SetClipRect(target, NULL);
}

void kio_paint_geometry(kio_ui_t *ui, const SDL_Vertex *v, int n)
{
	if (!ui->damage.recording) {
		SDL_RenderGeometry(ui->ren, NULL, v, n, NULL, 0);
		return;
	}
	if (n <= 0)
		return;
	float x0 = v[0].position.x, x1 = x0, y0 = v[0].position.y, y1 = y0;
	for (int i = 1; i < n; i++) {
		x0 = SDL_min(x0, v[i].position.x);
		x1 = SDL_max(x1, v[i].position.x);
		y0 = SDL_min(y0, v[i].position.y);
		y1 = SDL_max(y1, v[i].position.y);
	}
	/* A pixel of margin: antialiasing-free, but rounding may reach it. */
	SDL_Rect box = {(int)x0 - 1, (int)y0 - 1, (int)(x1 - x0) + 3, (int)(y1 - y0) + 3};
	kio_damage_op(&ui->damage, box, kio_damage_mix(3, v, sizeof *v * (size_t)n));
}

void kio_paint_clip(kio_ui_t *ui, const SDL_Rect *r)
{
	if (ui->damage.recording) {
		kio_damage_clip(&ui->damage, r);
		return;
	}
	if (!ui->painting_part) {
		SDL_RenderSetClipRect(ui->ren, r);
		return;
	}
	SDL_Rect in = {0, 0, 0, 0};
	if (!r)
		in = ui->part;
	else if (!SDL_IntersectRect(r, &ui->part, &in))
		in = (SDL_Rect){ui->part.x, ui->part.y, 0, 0}; /* nothing of it shows */
	SDL_RenderSetClipRect(ui->ren, &in);
}
