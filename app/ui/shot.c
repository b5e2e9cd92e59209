/*
 * shot.c — the last frame as a PNG (golden-image tests, `screenshot` in
 * scripts, technician support). Pixels come from SDL_RenderReadPixels into a
 * cairo image surface, which cairo writes as PNG.
 */
#include <cairo.h>

#include "ui/ui-private.h"

kio_err_t kio_ui_screenshot(kio_ui_t *ui, const char *png_path)
{
	if (!ui || !png_path)
		return KIO_ERR_INVAL;
	kio_err_t err = KIO_ERR_IO;
	int w = 0, h = 0;
	if (SDL_GetRendererOutputSize(ui->ren, &w, &h) != 0)
		return KIO_ERR_IO;
	/* RGB24 is cairo's 32-bit xRGB: the frame is opaque anyway. */
	cairo_surface_t *cs = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(cs) != CAIRO_STATUS_SUCCESS) {
		err = KIO_ERR_NOMEM;
		goto out;
	}
	cairo_surface_flush(cs);
	/* The software renderer keeps the presented frame in the window
	 * surface, so reading after present returns the last frame. */
	if (SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_ARGB8888,
	                         cairo_image_surface_get_data(cs),
	                         cairo_image_surface_get_stride(cs)) != 0)
		goto out;
	cairo_surface_mark_dirty(cs);
	if (cairo_surface_write_to_png(cs, png_path) != CAIRO_STATUS_SUCCESS)
		goto out;
	err = KIO_OK;
out:
	cairo_surface_destroy(cs);
	return err;
}
