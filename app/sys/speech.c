/*
 * speech.c — espeak-ng synthesis on its own thread, streamed into an SDL
 * audio queue chunk by chunk (see speech.h for the contract).
 *
 * The newest request wins: kio_speech_say bumps a generation number; the
 * synthesis callback compares it on every chunk and aborts a stale
 * utterance, and the audio still queued for it is dropped. espeak-ng runs
 * in AUDIO_OUTPUT_SYNCHRONOUS mode, so the only thread that ever touches
 * it is this one (or the caller of kio_speech_render, before it starts).
 */
#include <SDL.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "sys/speech.h"

struct kio_speech {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	bool started, quit;
	char lang[8];
	char text[KIO_SPEECH_TEXT_MAX];
	uint64_t done; /* generation last finished, under mu */
	_Atomic uint64_t gen;
	_Atomic int volume;
	_Atomic uint64_t samples;

	/* Synthesis side: only the speaking thread (or render's caller). */
	bool espeak_up;
	int rate;
	char voice[8];
	bool no_audio, audio_up;
	SDL_AudioDeviceID dev;
	kio_speech_hook_t hook;
	void *hook_ctx;
	uint64_t speaking; /* generation being synthesised */
	int16_t *buf;      /* render: collected samples */
	size_t n, cap;
	bool collect;
};

kio_err_t kio_speech_open(const kio_speech_opts_t *o, kio_speech_t **out)
{
	*out = NULL;
	if (!o || o->volume < 0 || o->volume > 100)
		return KIO_ERR_INVAL;
	kio_speech_t *s = calloc(1, sizeof *s);
	if (!s)
		return KIO_ERR_NOMEM;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	atomic_store(&s->volume, o->volume);
	s->no_audio = o->no_audio;
	s->hook = o->hook;
	s->hook_ctx = o->hook_ctx;
	*out = s;
	return KIO_OK;
}

/* espeak-ng gives its chunks here; user_data is the kio_speech_t. Returns
 * 1 to abort a stale utterance. */
static int on_chunk(short *wav, int n, espeak_EVENT *ev)
{
	kio_speech_t *s = ev ? ev->user_data : NULL;
	if (!s)
		return 0;
	if (!s->collect && atomic_load(&s->gen) != s->speaking)
		return 1;
	if (!wav || n <= 0)
		return 0;
	atomic_fetch_add(&s->samples, (uint64_t)n);
	int vol = atomic_load(&s->volume);
	if (s->collect) {
		if (s->n + (size_t)n > s->cap) {
			size_t cap = (s->cap ? s->cap * 2 : 16384) + (size_t)n;
			int16_t *b = realloc(s->buf, cap * sizeof *b);
			if (!b)
				return 1;
			s->buf = b;
			s->cap = cap;
		}
		memcpy(s->buf + s->n, wav, (size_t)n * sizeof *wav);
		s->n += (size_t)n;
		return 0;
	}
	if (!s->audio_up)
		return 0;
	for (int i = 0; i < n; i++)
		wav[i] = (short)((int)wav[i] * vol / 100);
	SDL_QueueAudio(s->dev, wav, (Uint32)n * sizeof *wav);
	return 0;
}

/* espeak-ng and (unless no_audio) the audio device, on first use. */
static kio_err_t start_engine(kio_speech_t *s)
{
	if (!s->espeak_up) {
		int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 100, NULL,
		                             espeakINITIALIZE_DONT_EXIT);
		if (rate <= 0) {
			kio_warn("speech", "espeak-ng did not start (espeak-ng-data missing?)");
			return KIO_ERR_IO;
		}
		s->rate = rate;
		s->espeak_up = true;
		espeak_SetSynthCallback(on_chunk);
		espeak_SetParameter(espeakRATE, KIO_SPEECH_RATE_WPM, 0);
	}
	if (!s->no_audio && !s->audio_up) {
		if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
			kio_warn("speech", "SDL audio: %s", SDL_GetError());
			s->no_audio = true; /* keep synthesising: the hook still sees it */
			return KIO_OK;
		}
		SDL_AudioSpec want = {
		    .freq = s->rate, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024};
		s->dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
		if (!s->dev) {
			kio_warn("speech", "audio device: %s", SDL_GetError());
			SDL_QuitSubSystem(SDL_INIT_AUDIO);
			s->no_audio = true;
			return KIO_OK;
		}
		SDL_PauseAudioDevice(s->dev, 0);
		s->audio_up = true;
	}
	return KIO_OK;
}

/* One utterance, synchronously, on the current thread. */
static kio_err_t synth(kio_speech_t *s, const char *lang, const char *text)
{
	if (start_engine(s) != KIO_OK)
		return KIO_ERR_IO;
	if (strcmp(s->voice, lang) != 0) {
		if (espeak_SetVoiceByName(lang) != EE_OK) {
			kio_warn("speech", "no espeak-ng voice \"%s\"", lang);
			return KIO_ERR_IO;
		}
		snprintf(s->voice, sizeof s->voice, "%s", lang);
	}
	if (s->hook)
		s->hook(s->hook_ctx, lang, text);
	espeak_ERROR e =
	    espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, s);
	return e == EE_OK ? KIO_OK : KIO_ERR_IO;
}

static void *run(void *arg)
{
	kio_speech_t *s = arg;
	char text[KIO_SPEECH_TEXT_MAX], lang[8];
	/* Below the UI thread: on a busy CPU a frame matters more than the
	 * synthesiser, which runs many times faster than speech anyway (SDL
	 * plays from its own thread, not this one). */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10) != 0)
		kio_warn("speech", "cannot lower the synthesiser's priority");
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->quit && s->done == atomic_load(&s->gen))
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->quit)
			break;
		s->speaking = atomic_load(&s->gen);
		memcpy(text, s->text, sizeof text);
		memcpy(lang, s->lang, sizeof lang);
		pthread_mutex_unlock(&s->mu);
		/* What the last screen was still saying goes. */
		if (s->audio_up)
			SDL_ClearQueuedAudio(s->dev);
		if (text[0] && synth(s, lang, text) != KIO_OK)
			kio_warn("speech", "could not speak (%s)", lang);
		pthread_mutex_lock(&s->mu);
		s->done = s->speaking;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	/* SDL keeps per-thread data (its error text: a machine without a
	 * sound card sets one) that only its own threads free on exit. */
	SDL_TLSCleanup();
	return NULL;
}

kio_err_t kio_speech_say(kio_speech_t *s, const char *lang, const char *text)
{
	if (!s || !lang || !text)
		return KIO_ERR_INVAL;
	pthread_mutex_lock(&s->mu);
	kio_err_t err = KIO_OK;
	if (!s->started) {
		if (pthread_create(&s->thread, NULL, run, s) != 0) {
			err = KIO_ERR_IO;
			goto out;
		}
		s->started = true;
	}
	snprintf(s->lang, sizeof s->lang, "%s", lang);
	size_t n = strlen(text);
	if (n >= sizeof s->text) {
		n = sizeof s->text - 1;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--; /* not inside a UTF-8 character */
	}
	memcpy(s->text, text, n);
	s->text[n] = '\0';
	atomic_fetch_add(&s->gen, 1);
	pthread_cond_broadcast(&s->cv);
out:
	pthread_mutex_unlock(&s->mu);
	return err;
}

void kio_speech_stop(kio_speech_t *s)
{
	if (s && s->started && kio_speech_say(s, "", "") != KIO_OK)
		kio_warn("speech", "cannot stop");
}

void kio_speech_set_volume(kio_speech_t *s, int volume)
{
	if (s)
		atomic_store(&s->volume, volume < 0 ? 0 : volume > 100 ? 100 : volume);
}

bool kio_speech_wait(kio_speech_t *s, int timeout_ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->mu);
	while (s->started && s->done != atomic_load(&s->gen))
		if (pthread_cond_timedwait(&s->cv, &s->mu, &until) != 0)
			break;
	bool idle = !s->started || s->done == atomic_load(&s->gen);
	pthread_mutex_unlock(&s->mu);
	return idle;
}

uint64_t kio_speech_samples(kio_speech_t *s)
{
	return s ? atomic_load(&s->samples) : 0;
}

kio_err_t kio_speech_render(kio_speech_t *s, const char *lang, const char *text, int16_t **samples,
                            size_t *n, int *rate)
{
	*samples = NULL;
	*n = 0;
	if (!s || s->started || !lang || !text)
		return KIO_ERR_INVAL;
	bool no_audio = s->no_audio;
	s->no_audio = true; /* to the buffer, not the speaker */
	s->collect = true;
	s->n = 0;
	kio_err_t err = synth(s, lang, text);
	s->collect = false;
	s->no_audio = no_audio;
	if (err != KIO_OK) {
		free(s->buf);
		s->buf = NULL;
		s->cap = s->n = 0;
		return err;
	}
	*samples = s->buf;
	*n = s->n;
	*rate = s->rate;
	s->buf = NULL;
	s->cap = s->n = 0;
	return KIO_OK;
}

void kio_speech_close(kio_speech_t *s)
{
	if (!s)
		return;
	if (s->started) {
		pthread_mutex_lock(&s->mu);
		s->quit = true;
		atomic_fetch_add(&s->gen, 1); /* aborts an utterance under way */
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->thread, NULL);
	}
	if (s->audio_up) {
		SDL_CloseAudioDevice(s->dev);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	}
	/* No espeak_Terminate(): in espeak-ng 1.51 it waits forever for its
	 * event thread after AUDIO_OUTPUT_SYNCHRONOUS use. Its state lives until
	 * the process exits (one kio_speech_t per process: speech.h). */
	explicit_bzero(s->text, sizeof s->text);
	free(s->buf);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
