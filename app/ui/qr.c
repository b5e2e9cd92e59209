/*
 * qr.c — QR codes (libqrencode) as cached textures.
 *
 * The code is shown at a whole number of pixels per module with a 4-module
 * quiet zone, so phones read it from the screen. Encoding happens once per
 * payload and size; the texture holds one texel per module and the renderer
 * scales it up by that whole number with nearest sampling, which gives the
 * same pixels as drawing every module at full size (a full-size texture
 * was 350-450 kB per code, this one is ~6 kB).
 */
#include <qrencode.h>
#include <string.h>

#include "ui/ui-private.h"

enum { QUIET = 4 };

static SDL_Texture *make(kio_ui_t *ui, const char *payload, int max_px, int *size)
{
	QRcode *q = QRcode_encodeString8bit(payload, 0, QR_ECLEVEL_M);
	if (!q)
		return NULL;
	int mods = q->width + 2 * QUIET;
	int scale = max_px / mods;
	if (scale < 1)
		scale = 1;
	SDL_Texture *tex = NULL;
	SDL_Surface *s =
	    SDL_CreateRGBSurfaceWithFormat(0, mods, mods, 32, SDL_PIXELFORMAT_ARGB8888);
	if (s) {
		SDL_FillRect(s, NULL, 0xFFFFFFFFu);
		for (int y = 0; y < q->width; y++) {
			for (int x = 0; x < q->width; x++) {
				if (!(q->data[y * q->width + x] & 1))
					continue;
				SDL_Rect m = {x + QUIET, y + QUIET, 1, 1};
				SDL_FillRect(s, &m, 0xFF000000u);
			}
		}
		tex = SDL_CreateTextureFromSurface(ui->ren, s);
		SDL_FreeSurface(s);
	}
	if (tex)
		SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
	QRcode_free(q);
	*size = mods * scale;
	return tex;
}

SDL_Texture *kio_qr_texture(kio_ui_t *ui, const char *payload, int max_px, int *size)
{
	int slot = 0;
	for (int i = 0; i < KIO_UI_QR_CACHE; i++) {
		if (ui->qr[i].tex && ui->qr[i].px == max_px &&
		    strcmp(ui->qr[i].payload, payload) == 0) {
			ui->qr[i].used = ui->frame;
			*size = ui->qr[i].size;
			return ui->qr[i].tex;
		}
		if (!ui->qr[i].tex || ui->qr[i].used < ui->qr[slot].used)
			slot = i;
	}
	if (strlen(payload) >= KIO_UI_QR_PAYLOAD)
		return NULL;
	int sz = 0;
	SDL_Texture *tex = make(ui, payload, max_px, &sz);
	if (!tex)
		return NULL;
	if (ui->qr[slot].tex)
		SDL_DestroyTexture(ui->qr[slot].tex);
	memcpy(ui->qr[slot].payload, payload, strlen(payload) + 1);
	ui->qr[slot].px = max_px;
	ui->qr[slot].tex = tex;
	ui->qr[slot].size = sz;
	ui->qr[slot].used = ui->frame;
	*size = sz;
	return tex;
}

void kio_qr_free(kio_ui_t *ui)
{
	for (int i = 0; i < KIO_UI_QR_CACHE; i++) {
		if (ui->qr[i].tex)
			SDL_DestroyTexture(ui->qr[i].tex);
		explicit_bzero(&ui->qr[i], sizeof ui->qr[i]);
	}
}
