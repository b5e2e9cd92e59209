/*
 * bench_speech.c — spoken guidance must never slow the screen: frame times
 * of the citizen screens (large text, voice on) while espeak-ng synthesises
 * on its own thread and SDL plays it (dummy audio driver unless
 * SDL_AUDIODRIVER says otherwise), how long kio_speech_say() holds the UI
 * thread, and the time from the first utterance (cold espeak-ng start) to
 * its first audio.
 *
 * Wall-clock rows suffer from other load on the machine; the cpu rows (the
 * UI thread's own CPU time) do not.
 *
 * Prints BENCH<TAB>name<TAB>value<TAB>unit<TAB>target<TAB>yes|no rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "core/sm.h"
#include "sys/speech.h"
#include "ui/ui.h"

enum { FRAMES = 60 };

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* This thread's CPU time: what the UI thread itself spends, which a loaded
 * machine (other processes preempting it) does not inflate. */
static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void row(const char *name, double v, const char *unit, double target)
{
	printf("BENCH\t%s\t%.2f\t%s\t< %g\t%s\n", name, v, unit, target, v < target ? "yes" : "no");
}

static const kio_screen_t screens[] = {KIO_SCREEN_IDLE,    KIO_SCREEN_LOGIN,    KIO_SCREEN_LOADING,
                                       KIO_SCREEN_CONFIRM, KIO_SCREEN_PRINTING, KIO_SCREEN_DONE,
                                       KIO_SCREEN_ERROR};

/* Frame I of the cycle: a new citizen screen every 4 frames, large text. */
static void view(kio_sm_t *v, int i, bool voice)
{
	memset(v, 0, sizeof *v);
	v->screen = screens[(size_t)i / 4 % (sizeof screens / sizeof screens[0])];
	snprintf(v->language, sizeof v->language, "id");
	v->printer_ok = v->server_ok = v->store_ok = true;
	v->access.large_text = true;
	v->access.voice = voice;
	v->now_ms = 10000 + (uint64_t)i * 125;
	v->loading_since_ms = 9000;
	snprintf(v->loading_key, sizeof v->loading_key, "loading.login");
	snprintf(v->selected.title, sizeof v->selected.title, "Kartu Keluarga");
	snprintf(v->error.key, sizeof v->error.key, "printer.paper_out");
}

typedef struct stats {
	double p95, max, mean, say_max, first_audio, cpu_p95, say_cpu_max;
} stats_t;

/* FRAMES frames, one every 16 ms as a busy kiosk would draw; with VOICE,
 * what the UI says goes to SP as in the kiosk's loop. */
static stats_t run(kio_ui_t *ui, kio_speech_t *sp, kio_sm_t *v, bool voice)
{
	stats_t st = {.first_audio = -1};
	double all[FRAMES], cpu[FRAMES], sum = 0, t_first = 0;
	char lang[8], text[KIO_SPEECH_TEXT_MAX];
	for (int i = 0; i < FRAMES; i++) {
		view(v, i, voice);
		kio_ui_invalidate(ui);
		double a = now_ms(), c = cpu_ms();
		kio_ui_render(ui, v, "Selasa, 24 November 2026  09.15");
		if (kio_ui_take_speech(ui, lang, sizeof lang, text, sizeof text) && text[0] &&
		    voice) {
			double s0 = now_ms(), c0 = cpu_ms();
			if (kio_speech_say(sp, lang, text) != KIO_OK)
				exit(1);
			double d = now_ms() - s0, dc = cpu_ms() - c0;
			st.say_max = d > st.say_max ? d : st.say_max;
			st.say_cpu_max = dc > st.say_cpu_max ? dc : st.say_cpu_max;
			if (t_first == 0)
				t_first = s0;
		}
		all[i] = now_ms() - a;
		cpu[i] = cpu_ms() - c;
		sum += all[i];
		if (voice && st.first_audio < 0 && kio_speech_samples(sp) > 0)
			st.first_audio = now_ms() - t_first;
		struct timespec gap = {0, 16 * 1000000L};
		nanosleep(&gap, NULL);
	}
	qsort(all, FRAMES, sizeof all[0], cmp_double);
	qsort(cpu, FRAMES, sizeof cpu[0], cmp_double);
	st.cpu_p95 = cpu[FRAMES * 95 / 100];
	st.p95 = all[FRAMES * 95 / 100];
	st.max = all[FRAMES - 1];
	st.mean = sum / FRAMES;
	return st;
}

int main(void)
{
	setenv("SDL_VIDEODRIVER", getenv("SDL_VIDEODRIVER") ? getenv("SDL_VIDEODRIVER") : "dummy",
	       1);
	setenv("SDL_AUDIODRIVER", getenv("SDL_AUDIODRIVER") ? getenv("SDL_AUDIODRIVER") : "dummy",
	       1);
	const char *root = getenv("KIO_ROOT");
	char assets[1024];
	snprintf(assets, sizeof assets, "%s/assets", root && *root ? root : ".");
	kio_ui_opts_t o = {.width = 1920,
	                   .height = 1080,
	                   .hidden = true,
	                   .assets_dir = assets,
	                   .language = "id",
	                   .hotline = "0895346249816",
	                   .kiosk_id = "ADM-1610-001"};
	kio_ui_t *ui = NULL;
	kio_speech_t *sp = NULL;
	kio_speech_opts_t so = {.volume = 80};
	kio_sm_t *v = calloc(1, sizeof *v);
	if (!v || kio_ui_open(&o, &ui) != KIO_OK || kio_speech_open(&so, &sp) != KIO_OK) {
		fprintf(stderr, "bench_speech: cannot open the UI or the synthesiser\n");
		return 1;
	}
	/* Warm caches first (bench_ui has the cold frames), then the same
	 * frames silent and speaking: the difference is what voice costs. */
	run(ui, sp, v, false);
	stats_t off = run(ui, sp, v, false);
	stats_t on = run(ui, sp, v, true);
	row("speech.frame_p95_voice_off", off.p95, "ms", kio_bench_frame_ms());
	row("speech.frame_p95_while_speaking", on.p95, "ms", kio_bench_frame_ms());
	row("speech.frame_max_while_speaking", on.max, "ms", kio_bench_frame_ms());
	row("speech.frame_mean_while_speaking", on.mean, "ms", kio_bench_frame_ms());
	row("speech.frame_cpu_p95_voice_off", off.cpu_p95, "ms", kio_bench_frame_ms());
	row("speech.frame_cpu_p95_while_speaking", on.cpu_p95, "ms", kio_bench_frame_ms());
	row("speech.say_call_max", on.say_max, "ms", 1);
	row("speech.say_call_cpu_max", on.say_cpu_max, "ms", 1);
	row("speech.first_audio_cold", on.first_audio, "ms", 1000);
	kio_speech_close(sp);
	kio_ui_close(ui);
	free(v);
	return 0;
}
