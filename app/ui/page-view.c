/*
 * page-view.c — the confirm screen's picture of page 1 of the citizen's
 * document: a streaming texture, so its pixels can be wiped before it goes
 * (a citizen's page must not outlive their session in freed memory).
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

void kio_ui_drop_preview(kio_ui_t *ui)
{
	if (!ui || !ui->preview.tex)
		return;
	void *px = NULL;
	int pitch = 0;
	if (SDL_LockTexture(ui->preview.tex, NULL, &px, &pitch) == 0) {
		explicit_bzero(px, (size_t)pitch * (size_t)ui->preview.h);
		SDL_UnlockTexture(ui->preview.tex); /* the zeroes reach the texture too */
	}
	SDL_DestroyTexture(ui->preview.tex);
	memset(&ui->preview, 0, sizeof ui->preview);
	kio_ui_invalidate(ui);
}

kio_err_t kio_ui_set_preview(kio_ui_t *ui, const unsigned char *argb, int w, int h, int stride)
{
	if (!ui || !argb || w < 1 || h < 1 || stride < w * 4)
		return KIO_ERR_INVAL;
	kio_ui_drop_preview(ui);
	SDL_Texture *t =
	    SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
	if (!t)
		return KIO_ERR_NOMEM;
	void *px = NULL;
	int pitch = 0;
	if (SDL_LockTexture(t, NULL, &px, &pitch) != 0) {
		SDL_DestroyTexture(t);
		return KIO_ERR_NOMEM;
	}
	for (int y = 0; y < h; y++)
		memcpy((unsigned char *)px + (size_t)y * (size_t)pitch,
		       argb + (size_t)y * (size_t)stride, (size_t)w * 4);
	SDL_UnlockTexture(t);
	SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
	ui->preview.tex = t;
	ui->preview.w = w;
	ui->preview.h = h;
	/* Whole: the page is scaled as it is drawn, and a scaled copy painted
	 * in parts would not match itself at the parts' edges. */
	kio_ui_invalidate(ui);
	return KIO_OK;
}
