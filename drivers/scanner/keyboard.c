/*
 * keyboard.c — scanners that type as a USB keyboard (HID keyboard wedge,
 * the default mode of most 2D scanners). A scan is a burst: every key
 * within KIO_SCANNER_GAP_MS of the previous one, ended by Enter, at least
 * KIO_SCANNER_MIN_LEN keys. A pause starts a new burst, so a person's slow
 * typing never becomes a scan; a burst longer than the limit is dropped
 * whole at its Enter, never cut.
 */
#include <string.h>

#include "scanner/scanner-private.h"

static void reset(kio_scanner_t *sc)
{
	explicit_bzero(sc->buf, sizeof sc->buf);
	sc->len = 0;
	sc->too_long = false;
}

static void kb_key(kio_scanner_t *sc, char ch, uint64_t now_ms)
{
	bool gap = sc->len > 0 && now_ms - sc->last_ms > KIO_SCANNER_GAP_MS;
	sc->last_ms = now_ms;
	if (gap)
		reset(sc);
	if (ch == '\n') {
		if (!gap && !sc->too_long && sc->len >= KIO_SCANNER_MIN_LEN)
			kio_scanner_push(sc, sc->buf, sc->len);
		reset(sc);
		return;
	}
	if (sc->len + 1 >= sizeof sc->buf) {
		sc->too_long = true;
		return;
	}
	/* Any byte is kept: the scan is judged whole (core/scan.h). */
	sc->buf[sc->len++] = ch;
}

static void kb_inject(kio_scanner_t *sc, const char *text, uint64_t now_ms)
{
	for (const char *p = text; *p; p++)
		kb_key(sc, *p, now_ms);
	kb_key(sc, '\n', now_ms);
}

const kio_scanner_ops_t kio_scanner_keyboard_ops = {"keyboard", kb_key, kb_inject};
