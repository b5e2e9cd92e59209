/*
 * voice.c — the kiosk's side of spoken guidance: what the UI wants said
 * (kio_ui_take_speech) goes to the synthesiser (sys/speech.h), which is
 * opened the first time a citizen turns voice on.
 */
#include "core/log.h"
#include "kiosk/kiosk-private.h"
#include "ui/ui.h"

/* What the UI wants said goes to the synthesiser's thread; never waits. */
void kio_kiosk_speak(kio_kiosk_t *k)
{
	char lang[8], text[KIO_SPEECH_TEXT_MAX];
	if (!kio_ui_take_speech(k->ui, lang, sizeof lang, text, sizeof text))
		return;
	if (!text[0]) {
		kio_speech_stop(k->speech);
		return;
	}
	if (!k->speech) {
		kio_speech_opts_t so = {.volume = k->cfg.voice_volume};
		if (kio_speech_open(&so, &k->speech) != KIO_OK) {
			kio_warn("kiosk", "spoken guidance unavailable");
			return;
		}
	}
	/* The screen's own texts only (ui/speak.c): safe for the events log. */
	kio_events_emit(k->events, "speech", {"lang", lang}, {"text", text});
	if (kio_speech_say(k->speech, lang, text) != KIO_OK)
		kio_warn("kiosk", "spoken guidance could not start");
}
