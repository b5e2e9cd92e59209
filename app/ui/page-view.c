/*
 * page-view.c — the confirm screen's picture of page 1 of the citizen's
 * document: the page as a surface and, scaled to where it is drawn, as a
 * streaming texture; both are wiped before they go (a citizen's page must
 * not outlive their session in freed memory).
 */
#include <string.h>

#include "ui/ui-private.h"

void kio_ui_preview_box(const kio_ui_t *ui, int *w, int *h)
{
	/* Page 1 fits the screen's shorter side with room for the header,
	 * footer and the details beside or under it; A4 keeps the width. */
	int side = ui->w < ui->h ? ui->w : ui->h;
	int ph = ui->h > ui->w ? ui->h * 40 / 100 : side * 70 / 100;
	*h = ph < 64 ? 64 : ph;
	*w = *h * 210 / 297 + 1;
}

/* Zeroes a streaming texture's pixels, then destroys it. */
static void wipe_texture(SDL_Texture *t, int h)
{
	void *px = NULL;
	int pitch = 0;
	if (SDL_LockTexture(t, NULL, &px, &pitch) == 0) {
		explicit_bzero(px, (size_t)pitch * (size_t)h);
		SDL_UnlockTexture(t); /* the zeroes reach the texture too */
	}
	SDL_DestroyTexture(t);
}

static void drop_scaled(kio_ui_t *ui)
{
	if (!ui->preview.tex)
		return;
	int h = 0;
	SDL_QueryTexture(ui->preview.tex, NULL, NULL, NULL, &h);
	wipe_texture(ui->preview.tex, h);
	ui->preview.tex = NULL;
}

void kio_ui_drop_preview(kio_ui_t *ui)
{
	if (!ui || !ui->preview.page)
		return;
	drop_scaled(ui);
	SDL_Surface *p = ui->preview.page;
	explicit_bzero(p->pixels, (size_t)p->pitch * (size_t)p->h);
	SDL_FreeSurface(p);
	memset(&ui->preview, 0, sizeof ui->preview);
	/* A frame, not a whole one: the tiles that showed it now differ. */
	ui->dirty = true;
}

kio_err_t kio_ui_set_preview(kio_ui_t *ui, const unsigned char *argb, int w, int h, int stride)
{
	if (!ui || !argb || w < 1 || h < 1 || stride < w * 4)
		return KIO_ERR_INVAL;
	kio_ui_drop_preview(ui);
	SDL_Surface *p = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!p)
		return KIO_ERR_NOMEM;
	for (int y = 0; y < h; y++)
		memcpy((unsigned char *)p->pixels + (size_t)y * (size_t)p->pitch,
		       argb + (size_t)y * (size_t)stride, (size_t)w * 4);
	ui->preview.page = p;
	ui->dirty = true;
	return KIO_OK;
}

/* The page is scaled once to the size the layout draws it at, so every
 * frame copies it 1:1: a copy scaled while it is drawn costs a whole
 * page's filtering each time, and painted in parts (damage.h) it does not
 * match itself at the parts' edges, which had made its arrival a whole
 * repaint (17-21 ms frames at a quarter core). */
SDL_Texture *kio_preview_texture(kio_ui_t *ui, int w, int h)
{
	if (!ui->preview.page || w < 1 || h < 1)
		return NULL;
	if (ui->preview.tex) {
		int tw = 0, th = 0;
		SDL_QueryTexture(ui->preview.tex, NULL, NULL, &tw, &th);
		if (tw == w && th == h)
			return ui->preview.tex;
		drop_scaled(ui);
	}
	SDL_Texture *t =
	    SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
	if (!t)
		return NULL;
	void *px = NULL;
	int pitch = 0;
	if (SDL_LockTexture(t, NULL, &px, &pitch) != 0) {
		SDL_DestroyTexture(t);
		return NULL;
	}
	SDL_Surface *dst =
	    SDL_CreateRGBSurfaceWithFormatFrom(px, w, h, 32, pitch, SDL_PIXELFORMAT_ARGB8888);
	bool ok = dst && SDL_SoftStretchLinear(ui->preview.page, NULL, dst, NULL) == 0;
	SDL_FreeSurface(dst);
	SDL_UnlockTexture(t);
	if (!ok) {
		wipe_texture(t, h);
		return NULL;
	}
	ui->preview.tex = t;
	return t;
}
