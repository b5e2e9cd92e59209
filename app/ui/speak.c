/*
 * speak.c — what spoken guidance says: the screen's own texts (title, main
 * instruction, messages), collected while a frame is drawn, and the name of
 * a touched widget. The kiosk takes the utterance (kio_ui_take_speech) and
 * hands it to the synthesiser (sys/speech.h).
 *
 * Privacy by construction: only texts a screen marks with kio_say() and
 * widget names are spoken. The NIK and the password are never marked; the
 * NIK step says how many digits are in ("digit 5 of 16 entered"), the
 * password step how many characters, both from the SM's counts only.
 */
#include <stdio.h>
#include <string.h>

#include "ui/ui-private.h"

void kio_say(kio_ui_t *ui, const char *text)
{
	if (!ui->voice || !text || !text[0] || ui->nsay >= KIO_UI_SAY_ITEMS)
		return;
	for (int i = 0; i < ui->nsay; i++)
		if (strcmp(ui->say[i], text) == 0)
			return;
	snprintf(ui->say[ui->nsay++], KIO_UI_SAY_MAX, "%s", text);
}

static void append(kio_ui_t *ui, const char *text)
{
	size_t n = strlen(ui->utter);
	if (n && n + 1 < sizeof ui->utter)
		ui->utter[n++] = ' ';
	snprintf(ui->utter + n, sizeof ui->utter - n, "%s", text);
	ui->utter_pending = true;
}

static bool said_before(const kio_ui_t *ui, const char *text)
{
	for (int i = 0; i < ui->nsaid; i++)
		if (strcmp(ui->said[i], text) == 0)
			return true;
	return false;
}

/* "Angka ke-5 dari 16 dimasukkan." / "8 karakter password dimasukkan." */
static void say_count(kio_ui_t *ui, const kio_sm_t *sm)
{
	if (sm->screen != KIO_SCREEN_LOGIN)
		return;
	char n[16], buf[256];
	if (sm->login.step == KIO_LOGIN_NIK && sm->login.nik_len != ui->said_nik_len &&
	    sm->login.nik_len > 0) {
		snprintf(n, sizeof n, "%d", sm->login.nik_len);
		kio_strings_format1(ui->str, "speech.nik_digit", "n", n, buf, sizeof buf);
		append(ui, buf);
	}
	if (sm->login.step == KIO_LOGIN_PASSWORD && sm->login.password_len != ui->said_pw_len &&
	    sm->login.password_len > 0) {
		snprintf(n, sizeof n, "%d", sm->login.password_len);
		kio_strings_format1(ui->str, "speech.password_count", "n", n, buf, sizeof buf);
		append(ui, buf);
	}
}

void kio_say_frame(kio_ui_t *ui, const kio_sm_t *sm, bool screen_changed)
{
	int step = sm->screen == KIO_SCREEN_LOGIN ? (int)sm->login.step : -1;
	if (screen_changed || step != ui->said_step) {
		/* A new screen (or login step) says everything again; what was
		 * still being said of the old one is cut off by it. */
		ui->nsaid = 0;
		ui->utter[0] = '\0';
	}
	if (ui->voice) {
		for (int i = 0; i < ui->nsay; i++)
			if (!said_before(ui, ui->say[i]))
				append(ui, ui->say[i]);
		if (!screen_changed && step == ui->said_step)
			say_count(ui, sm);
	}
	memcpy(ui->said, ui->say, sizeof ui->said[0] * (size_t)ui->nsay);
	ui->nsaid = ui->nsay;
	ui->said_step = step;
	ui->said_nik_len = sm->login.nik_len;
	ui->said_pw_len = sm->login.password_len;
}

void kio_say_widget(kio_ui_t *ui, const kio_hit_t *h)
{
	ui->utter[0] = '\0';
	append(ui, h->name[0] ? h->name : h->id);
	append(ui, kio_strings_get(ui->str, "speech.double_tap"));
}

bool kio_ui_take_speech(kio_ui_t *ui, char *lang, size_t langlen, char *out, size_t outlen)
{
	if (!ui || !ui->utter_pending)
		return false;
	snprintf(lang, langlen, "%s", kio_strings_lang(ui->str));
	snprintf(out, outlen, "%s", ui->utter);
	ui->utter[0] = '\0';
	ui->utter_pending = false;
	return true;
}
