/*
 * damage.h — which parts of the screen a frame changes (app/ui only).
 *
 * The screens are drawn immediate-mode: every frame runs the whole screen's
 * drawing code. A full 1080p software frame costs ~2 ms of CPU and sends
 * 8 MB to the X server; at a quarter of a core that is a frame that misses
 * its 16.7 ms, and the idle screen's minute clock alone was most of the
 * kiosk's idle CPU. So a frame is drawn twice over: first recorded (every
 * fill and copy reports its rectangle and what it draws, nothing touches
 * pixels), then painted only inside the tiles whose recorded content
 * differs from the last frame's, and only those rectangles go to the
 * window system.
 *
 * The screen is cut into KIO_DAMAGE_TILE px tiles; each tile keeps a hash
 * of the drawing operations that touch it, in order. A tile whose hash is
 * unchanged shows the same pixels as last frame (the same operations in the
 * same order on the same earlier content), so it is not painted again.
 */
#ifndef KIO_UI_DAMAGE_H
#define KIO_UI_DAMAGE_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

enum {
	KIO_DAMAGE_TILE = 32, /* px: the clock or a key is a few tiles */
	KIO_DAMAGE_RECTS = 4, /* painted rectangles per frame; more merge into one */
};

typedef struct kio_damage {
	int w, h, cols, rows;
	uint64_t *cur, *prev; /* per tile: this frame's hash, the last frame's */
	bool all;             /* the next frame repaints everything */
	bool recording;       /* between begin and end: ops are recorded, not drawn */
	SDL_Rect clip;        /* the clip ops are recorded under (screen if none) */
} kio_damage_t;

/* A grid for W x H; everything is damaged after it. */
KIO_MUST_CHECK kio_err_t kio_damage_resize(kio_damage_t *d, int w, int h);
void kio_damage_free(kio_damage_t *d);

/* The next frame repaints and presents the whole screen (a new window
 * surface, an expose, a forced redraw). */
void kio_damage_all(kio_damage_t *d);

/* Start recording a frame: ops go to the tiles, not to the pixels. */
void kio_damage_begin(kio_damage_t *d);

/* One drawing op over R (screen coordinates, before clipping) whose result
 * is identified by HASH; clipped by the recorded clip. */
void kio_damage_op(kio_damage_t *d, SDL_Rect r, uint64_t hash);

/* The clip the following ops are recorded under; NULL is the whole screen. */
void kio_damage_clip(kio_damage_t *d, const SDL_Rect *r);

/* End recording: the rectangles to repaint (at most KIO_DAMAGE_RECTS)
 * into OUT; returns how many (0: the frame changes no pixel). */
int kio_damage_end(kio_damage_t *d, SDL_Rect *out);

/* FNV-1a over N bytes, continuing H: how ops name what they draw. */
uint64_t kio_damage_mix(uint64_t h, const void *p, size_t n);

#endif
