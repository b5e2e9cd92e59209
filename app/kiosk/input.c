/*
 * input.c — what the UI thread's events become: a touch or key through the
 * UI to an intent for the state machine, and a keyboard-wedge scanner's
 * keystrokes through the scanner driver to scans.
 */
#include <string.h>

#include "core/scan.h"
#include "kiosk/kiosk-private.h"

/* A keyboard-wedge scanner types like a keyboard: on the screens without a
 * text field its keys go to the scanner driver, which keeps only fast
 * bursts ended by Enter (drivers/scanner). */
static void scanner_input(kio_kiosk_t *k, const SDL_Event *e)
{
	kio_screen_t s = k->sm->screen;
	if (s != KIO_SCREEN_IDLE && s != KIO_SCREEN_SCAN && s != KIO_SCREEN_PHONE)
		return;
	uint64_t now = kio_now_ms();
	if (e->type == SDL_TEXTINPUT) {
		for (const char *c = e->text.text; *c; c++)
			kio_scanner_key(k->scanner, *c, now);
	} else if (e->type == SDL_KEYDOWN &&
	           (e->key.keysym.sym == SDLK_RETURN || e->key.keysym.sym == SDLK_KP_ENTER)) {
		kio_scanner_key(k->scanner, '\n', now);
	}
}

void kio_kiosk_take_scans(kio_kiosk_t *k)
{
	char text[KIO_SCANNER_TEXT_MAX];
	for (int i = 0; i < KIO_SCANNER_QUEUE && kio_scanner_take(k->scanner, text, sizeof text);
	     i++) {
		kio_sm_event_t ev = {.kind = KIO_EV_SCAN};
		ev.u.scan.kind =
		    kio_scan_classify(text, strlen(text), k->cfg.verify_url, k->cfg.server_url,
		                      ev.u.scan.value, sizeof ev.u.scan.value);
		static const char *const kinds[] = {"verify", "login", "refused"};
		/* The id of a document is no secret; a login code is. */
		kio_events_emit(k->events, "scan", {"kind", kinds[ev.u.scan.kind]},
		                {"value", ev.u.scan.kind == KIO_SCAN_LOGIN ? "" : ev.u.scan.value});
		explicit_bzero(text, sizeof text);
		kio_kiosk_feed(k, &ev);
		explicit_bzero(&ev, sizeof ev);
	}
}

void kio_kiosk_ui_event(kio_kiosk_t *k, const SDL_Event *e, bool *quit)
{
	kio_sm_event_t ev;
	memset(&ev, 0, sizeof ev);
	scanner_input(k, e);
	switch (kio_ui_input(k->ui, e, kio_now_ms(), &ev)) {
	case KIO_UI_INTENT:
		kio_kiosk_feed(k, &ev);
		break;
	case KIO_UI_QUIT:
		/* Window close / Alt+F4 from a window manager: a citizen must not
		 * be able to leave the kiosk. Only a developer run may quit. */
		if (k->opts.dev)
			*quit = true;
		else
			kio_events_emit(k->events, "input", {"ignored", "quit"});
		break;
	default:
		break;
	}
}
