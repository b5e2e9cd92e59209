/*
 * speech.h — spoken guidance: text to speech with espeak-ng, played through
 * SDL audio, on a thread of its own.
 *
 * The UI decides what is said (kio_ui_take_speech: the screen's own texts,
 * never a NIK or a password); this module only says it. kio_speech_say()
 * never blocks: it replaces whatever is waiting, and the utterance being
 * synthesised or played stops at its next audio chunk (a new screen
 * interrupts the old one). Nothing heavy happens at open: espeak-ng (its
 * voice data is ~10 MB) and the audio device start on the first utterance,
 * so a kiosk whose citizens never turn voice on pays nothing for it.
 *
 * espeak-ng keeps process-wide state: one kio_speech_t per process, and
 * kio_speech_render() only while its thread has not started.
 */
#ifndef KIO_SYS_SPEECH_H
#define KIO_SYS_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct kio_speech kio_speech_t;

enum {
	KIO_SPEECH_TEXT_MAX = 2048, /* bytes of one utterance */
	KIO_SPEECH_RATE_WPM = 150,  /* a little slower than espeak's 175 */
};

/* Called with every text handed to the synthesiser, exactly as handed over
 * (tests record it to prove no NIK or password is ever spoken). Runs on the
 * synthesis thread. */
typedef void (*kio_speech_hook_t)(void *ctx, const char *lang, const char *text);

typedef struct kio_speech_opts {
	int volume;             /* 0-100 */
	bool no_audio;          /* synthesise only (tests, benchmarks) */
	kio_speech_hook_t hook; /* NULL: none */
	void *hook_ctx;
} kio_speech_opts_t;

/* Allocates; starts nothing. KIO_ERR_NOMEM, KIO_ERR_INVAL. */
KIO_MUST_CHECK kio_err_t kio_speech_open(const kio_speech_opts_t *opts, kio_speech_t **out);
/* Stops speaking, joins the thread, frees espeak-ng and the device. NULL-safe. */
void kio_speech_close(kio_speech_t *s);

/* Says TEXT in LANG ("id", "en") instead of anything said or waiting.
 * Starts the thread on first use. Text longer than KIO_SPEECH_TEXT_MAX is
 * cut at a character boundary. KIO_ERR_IO if the thread cannot start. */
KIO_MUST_CHECK kio_err_t kio_speech_say(kio_speech_t *s, const char *lang, const char *text);
/* Silence now (voice turned off, session over). */
void kio_speech_stop(kio_speech_t *s);
/* 0-100; takes effect from the next audio chunk. */
void kio_speech_set_volume(kio_speech_t *s, int volume);

/* Waits up to TIMEOUT_MS until the last utterance is synthesised (tests,
 * benchmarks). True when idle. */
KIO_TEST_API bool kio_speech_wait(kio_speech_t *s, int timeout_ms);
/* Samples synthesised since open (16-bit mono at kio_speech_rate). */
KIO_TEST_API uint64_t kio_speech_samples(kio_speech_t *s);

/* Synthesises TEXT synchronously on the caller's thread into *SAMPLES
 * (malloc'd, 16-bit mono, *N of them, *RATE Hz; the caller frees). For tests
 * and `adm-kioskctl`-style checks; KIO_ERR_INVAL once the thread runs,
 * KIO_ERR_IO when espeak-ng or the voice is missing. */
KIO_TEST_API KIO_MUST_CHECK kio_err_t kio_speech_render(kio_speech_t *s, const char *lang,
                                                        const char *text, int16_t **samples,
                                                        size_t *n, int *rate);

#endif
