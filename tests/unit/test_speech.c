/*
 * test_speech.c — spoken guidance end to end without a loudspeaker: the UI
 * (headless) says each citizen screen's own title and instruction, espeak-ng
 * renders them to samples of a plausible length (also written as WAV files
 * under build/speech/ to listen to), and a hook on the synthesiser proves
 * that no NIK digits and no password ever reach it, whatever is typed,
 * shown or touched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/strings.h"
#include "sys/speech.h"
#include "sys/strings-file.h"
#include "ui/ui.h"

static const char NIK[] = "1610015708900001";
static const char PASSWORD[] = "rahasia1";

static const char *root(void)
{
	const char *r = getenv("KIO_ROOT");
	return r && *r ? r : ".";
}

static const char *build(void)
{
	const char *b = getenv("KIO_BUILD");
	return b && *b ? b : "build";
}

static kio_ui_t *open_ui(void)
{
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	char assets[1024];
	snprintf(assets, sizeof assets, "%s/assets", root());
	kio_ui_opts_t o = {.width = 1920,
	                   .height = 1080,
	                   .hidden = true,
	                   .assets_dir = assets,
	                   .language = "id",
	                   .hotline = "0895346249816",
	                   .kiosk_id = "ADM-1610-001"};
	kio_ui_t *ui = NULL;
	assert_int_equal(kio_ui_open(&o, &ui), KIO_OK);
	return ui;
}

static kio_strings_t *strings(void)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/assets/strings", root());
	kio_strings_t *s = NULL;
	assert_int_equal(kio_strings_load(dir, "id", &s), KIO_OK);
	return s;
}

static kio_sm_t *citizen(kio_screen_t screen)
{
	kio_sm_t *sm = calloc(1, sizeof *sm);
	assert_non_null(sm);
	sm->screen = screen;
	sm->now_ms = 100000;
	sm->loading_since_ms = 99000;
	snprintf(sm->language, sizeof sm->language, "id");
	sm->printer_ok = sm->server_ok = sm->store_ok = true;
	sm->in_session = screen != KIO_SCREEN_IDLE && screen != KIO_SCREEN_LOGIN;
	sm->access.voice = true;
	snprintf(sm->selected.title, sizeof sm->selected.title, "Kartu Keluarga");
	snprintf(sm->selected.kind, sizeof sm->selected.kind, "KK");
	snprintf(sm->error.key, sizeof sm->error.key, "printer.paper_out");
	snprintf(sm->loading_key, sizeof sm->loading_key, "loading.login");
	return sm;
}

/* Everything the synthesiser was handed, in order. */
typedef struct record {
	pthread_mutex_t mu;
	char text[64][KIO_SPEECH_TEXT_MAX];
	int n;
} record_t;

static void hook(void *ctx, const char *lang, const char *text)
{
	record_t *r = ctx;
	assert_true(!strcmp(lang, "id") || !strcmp(lang, "en"));
	pthread_mutex_lock(&r->mu);
	if (r->n < 64)
		snprintf(r->text[r->n++], sizeof r->text[0], "%s", text);
	pthread_mutex_unlock(&r->mu);
}

/* Renders SM, hands what the UI says to S and waits until it is spoken.
 * Returns whether the UI said anything. */
static bool frame(kio_ui_t *ui, const kio_sm_t *sm, kio_speech_t *s, char *said, size_t len)
{
	char lang[8], text[KIO_SPEECH_TEXT_MAX];
	kio_ui_render(ui, sm, NULL);
	if (!kio_ui_take_speech(ui, lang, sizeof lang, text, sizeof text))
		return false;
	if (said)
		snprintf(said, len, "%s", text);
	if (text[0]) {
		assert_int_equal(kio_speech_say(s, lang, text), KIO_OK);
		assert_true(kio_speech_wait(s, 20000));
	}
	return true;
}

static void write_wav(const char *name, const int16_t *pcm, size_t n, int rate)
{
	char dir[1024], path[1200];
	snprintf(dir, sizeof dir, "%s/speech", build());
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/%s.wav", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	uint32_t data = (uint32_t)(n * 2), riff = 36 + data, fmt = 16, r = (uint32_t)rate,
	         bps = r * 2;
	uint16_t pcm_fmt = 1, ch = 1, align = 2, bits = 16;
	fwrite("RIFF", 1, 4, f);
	fwrite(&riff, 4, 1, f);
	fwrite("WAVEfmt ", 1, 8, f);
	fwrite(&fmt, 4, 1, f);
	fwrite(&pcm_fmt, 2, 1, f);
	fwrite(&ch, 2, 1, f);
	fwrite(&r, 4, 1, f);
	fwrite(&bps, 4, 1, f);
	fwrite(&align, 2, 1, f);
	fwrite(&bits, 2, 1, f);
	fwrite("data", 1, 4, f);
	fwrite(&data, 4, 1, f);
	fwrite(pcm, 2, n, f);
	fclose(f);
}

static const struct {
	const char *name;
	kio_screen_t screen;
	const char *title_key;
} screens[] = {
    {"idle", KIO_SCREEN_IDLE, "idle.title"},
    {"login", KIO_SCREEN_LOGIN, "login.nik.title"},
    {"loading", KIO_SCREEN_LOADING, "loading.login"},
    {"list", KIO_SCREEN_LIST, "list.title"},
    {"confirm", KIO_SCREEN_CONFIRM, "confirm.title"},
    {"printing", KIO_SCREEN_PRINTING, "print.title"},
    {"done", KIO_SCREEN_DONE, "done.title"},
    {"error", KIO_SCREEN_ERROR, "error.title"},
};

/* Each citizen screen says its title on entry; the speech for it renders to
 * a WAV of plausible length: espeak-ng at 150 words a minute speaks a
 * character in roughly 50-90 ms, so 20-250 ms a character is generous. */
static void test_each_screen_spoken(void **st)
{
	(void)st;
	kio_ui_t *ui = open_ui();
	kio_strings_t *str = strings();
	kio_speech_t *sp = NULL;
	kio_speech_opts_t so = {.volume = 80, .no_audio = true};
	assert_int_equal(kio_speech_open(&so, &sp), KIO_OK);
	for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
		kio_sm_t *sm = citizen(screens[i].screen);
		char lang[8], text[KIO_SPEECH_TEXT_MAX];
		kio_ui_render(ui, sm, NULL);
		assert_true(kio_ui_take_speech(ui, lang, sizeof lang, text, sizeof text));
		const char *title = kio_strings_get(str, screens[i].title_key);
		if (!strstr(text, title))
			fail_msg("%s: said \"%s\", not the title \"%s\"", screens[i].name, text,
			         title);
		/* Nothing new on the same screen: silence, no repetition. */
		kio_ui_invalidate(ui);
		kio_ui_render(ui, sm, NULL);
		assert_false(kio_ui_take_speech(ui, lang, sizeof lang, text, sizeof text));

		int16_t *pcm = NULL;
		size_t n = 0;
		int rate = 0;
		kio_ui_invalidate(ui);
		assert_int_equal(kio_speech_render(sp, lang, title, &pcm, &n, &rate), KIO_OK);
		double secs = (double)n / rate, chars = (double)strlen(title);
		if (secs < 0.02 * chars || secs > 0.25 * chars)
			fail_msg("%s: %.2f s of speech for %d characters", screens[i].name, secs,
			         (int)chars);
		int peak = 0;
		for (size_t j = 0; j < n; j++)
			peak = abs(pcm[j]) > peak ? abs(pcm[j]) : peak;
		assert_true(peak > 1000); /* sound, not silence */
		write_wav(screens[i].name, pcm, n, rate);
		free(pcm);
		free(sm);
	}
	/* English has its own voice. */
	int16_t *pcm = NULL;
	size_t n = 0;
	int rate = 0;
	assert_int_equal(kio_speech_render(sp, "en", "Print your documents", &pcm, &n, &rate),
	                 KIO_OK);
	assert_true(n > 0);
	free(pcm);
	kio_speech_close(sp);
	kio_strings_free(str);
	kio_ui_close(ui);
}

/* No four NIK digits in a row and no part of the password ever reach the
 * synthesiser: typing, showing the password, touching keys and buttons. */
static void assert_private(record_t *r)
{
	for (int i = 0; i < r->n; i++) {
		for (size_t k = 0; k + 4 <= strlen(NIK); k++) {
			char part[5];
			memcpy(part, NIK + k, 4);
			part[4] = '\0';
			if (strstr(r->text[i], part))
				fail_msg("NIK digits \"%s\" spoken in \"%s\"", part, r->text[i]);
		}
		if (strcasestr(r->text[i], "rahasia"))
			fail_msg("password spoken in \"%s\"", r->text[i]);
	}
}

static void tap_at(kio_ui_t *ui, const char *id, uint64_t now, kio_sm_event_t *ev)
{
	SDL_Rect r;
	assert_true(kio_ui_widget(ui, id, &r));
	SDL_Event e = {0};
	e.type = SDL_MOUSEBUTTONDOWN;
	e.button.button = SDL_BUTTON_LEFT;
	e.button.x = r.x + r.w / 2;
	e.button.y = r.y + r.h / 2;
	kio_ui_input(ui, &e, now, ev);
	e.type = SDL_MOUSEBUTTONUP;
	kio_ui_input(ui, &e, now + 50, ev);
}

static void test_never_speaks_secrets(void **st)
{
	(void)st;
	kio_ui_t *ui = open_ui();
	record_t *rec = calloc(1, sizeof *rec);
	assert_non_null(rec);
	pthread_mutex_init(&rec->mu, NULL);
	kio_speech_t *sp = NULL;
	kio_speech_opts_t so = {.volume = 80, .no_audio = true, .hook = hook, .hook_ctx = rec};
	assert_int_equal(kio_speech_open(&so, &sp), KIO_OK);
	kio_sm_t *sm = citizen(KIO_SCREEN_LOGIN);
	char said[KIO_SPEECH_TEXT_MAX];
	assert_true(frame(ui, sm, sp, said, sizeof said));
	kio_sm_event_t ev;
	for (int i = 1; i <= 16; i++) {
		/* A key touched with voice on acts at once and is not named. */
		char id[8];
		snprintf(id, sizeof id, "key-%c", NIK[i - 1]);
		memset(&ev, 0, sizeof ev);
		tap_at(ui, id, 1000 + (uint64_t)i * 200, &ev);
		assert_int_equal(ev.u.in.intent, KIO_IN_CHAR);
		assert_int_equal(ev.u.in.ch, NIK[i - 1]);
		memcpy(sm->login.nik, NIK, (size_t)i);
		sm->login.nik[i] = '\0';
		sm->login.nik_len = i;
		assert_true(frame(ui, sm, sp, said, sizeof said));
		char want[16];
		snprintf(want, sizeof want, "ke-%d dari 16", i);
		if (!strstr(said, want))
			fail_msg("after digit %d said \"%s\"", i, said);
	}
	sm->login.step = KIO_LOGIN_PASSWORD;
	assert_true(frame(ui, sm, sp, NULL, 0));
	for (int i = 1; i <= 8; i++) {
		memcpy(sm->login.password, PASSWORD, (size_t)i);
		sm->login.password_len = i;
		sm->login.show_password = i > 4; /* on screen, still not spoken */
		frame(ui, sm, sp, said, sizeof said);
	}
	/* A button: the first tap names it, the second activates it. */
	memset(&ev, 0, sizeof ev);
	tap_at(ui, "login", 9000, &ev);
	assert_true(frame(ui, sm, sp, said, sizeof said));
	assert_non_null(strstr(said, "Masuk"));
	memset(&ev, 0, sizeof ev);
	tap_at(ui, "login", 9500, &ev);
	assert_int_equal(ev.kind, KIO_EV_INTENT);
	assert_int_equal(ev.u.in.intent, KIO_IN_LOGIN);
	/* A login error is said when it appears. */
	snprintf(sm->login.message_key, sizeof sm->login.message_key, "api.invalid_credentials");
	assert_true(frame(ui, sm, sp, said, sizeof said));
	assert_true(kio_speech_wait(sp, 20000));
	assert_true(rec->n >= 20);
	assert_private(rec);
	assert_true(kio_speech_samples(sp) > 0);
	/* Voice off: the UI asks for silence. */
	sm->access.voice = false;
	assert_true(frame(ui, sm, sp, said, sizeof said));
	assert_string_equal(said, "");
	free(sm);
	kio_speech_close(sp);
	pthread_mutex_destroy(&rec->mu);
	free(rec);
	kio_ui_close(ui);
}

/* A new screen interrupts the old one's speech; say() never waits for it. */
static void test_interrupt(void **st)
{
	(void)st;
	record_t *rec = calloc(1, sizeof *rec);
	assert_non_null(rec);
	pthread_mutex_init(&rec->mu, NULL);
	kio_speech_t *sp = NULL;
	kio_speech_opts_t so = {.volume = 80, .no_audio = true, .hook = hook, .hook_ctx = rec};
	assert_int_equal(kio_speech_open(&so, &sp), KIO_OK);
	char longtext[1500];
	size_t at = 0;
	for (int i = 0; i < 40; i++)
		at += (size_t)snprintf(longtext + at, sizeof longtext - at, "%s",
		                       "Dokumen Anda sedang dicetak. ");
	assert_int_equal(kio_speech_say(sp, "id", longtext), KIO_OK);
	assert_int_equal(kio_speech_say(sp, "id", "Silakan ambil dokumen Anda"), KIO_OK);
	assert_true(kio_speech_wait(sp, 20000));
	pthread_mutex_lock(&rec->mu);
	assert_true(rec->n >= 1);
	assert_string_equal(rec->text[rec->n - 1], "Silakan ambil dokumen Anda");
	pthread_mutex_unlock(&rec->mu);
	kio_speech_close(sp);
	pthread_mutex_destroy(&rec->mu);
	free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_screen_spoken),
	    cmocka_unit_test(test_never_speaks_secrets),
	    cmocka_unit_test(test_interrupt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
