/*
 * screens-private.h — what the screen files share: the frame every screen is
 * laid out in, the string and pixel shorthands, and the common boxes.
 *
 *   screens.c        frame, header, footer; idle, loading, the
 *                    inactivity warning, and the dispatch by screen
 *   screens-login.c  the NIK and password entry
 *   screens-print.c  the citizen's documents: list, printing, done, error
 *   screens-confirm.c the confirmation with page 1 of the document
 *   screens-staff.c  technician screens, the staff PIN entry
 *   screens-officer.c the officer's dashboard and log
 *   screens-phone.c  login with a phone, the scanned document's status
 *   screens-help.c   help for a citizen whose document is not listed
 */
#ifndef KIO_UI_SCREENS_PRIVATE_H
#define KIO_UI_SCREENS_PRIVATE_H

#include <stdio.h>

#include "ui/ui-private.h"

typedef struct frame {
	int w, h;
	bool portrait;
	int m;         /* outer margin */
	SDL_Rect body; /* between header and footer */
} frame_t;

#define S(key) kio_ui_str(ui, key)
#define PX(v) kio_px(ui, v)
#define SP(v) kio_sp(ui, v)

static inline kio_act_t act(kio_intent_t in)
{
	return (kio_act_t){.intent = (int)in};
}

static inline const char *fmt1(kio_ui_t *ui, const char *key, const char *name, const char *value,
                               char *buf, size_t len)
{
	kio_strings_format1(ui->str, key, name, value, buf, len);
	return buf;
}

static inline const char *fmt_int(kio_ui_t *ui, const char *key, const char *name, int v, char *buf,
                                  size_t len)
{
	char n[16];
	snprintf(n, sizeof n, "%d", v);
	return fmt1(ui, key, name, n, buf, len);
}

/* A message box (red for problems, amber for waits); returns its height. */
int kio_screen_message_box(kio_ui_t *ui, SDL_Rect r, const char *text, uint32_t fg, uint32_t bg);

/* Large text: content that may not fit VIEW. FN draws it W wide from X,Y
 * (DRAW false only measures) and returns its height. Where it does not
 * fit, it scrolls (sm->view_scroll_px, or a drag) and the scroll buttons
 * go in BAR (one button high), or at the bottom of VIEW when BAR is empty.
 * Returns whether it scrolls. */
typedef int (*kio_content_fn)(kio_ui_t *ui, const kio_sm_t *sm, int x, int y, int w, bool draw);
/* The scroll buttons of a body that scrolls (screens.c). */
void kio_scroll_buttons(kio_ui_t *ui, SDL_Rect r, int off, int max, int step);
bool kio_screen_scrolled(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect view, SDL_Rect bar,
                         kio_content_fn fn);

/* screens-login.c: the login's NIK and password steps. */
void kio_screen_login_nik(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
void kio_screen_login_password(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
/* The screens of screens-print.c and screens-staff.c. */
void kio_screen_list(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
void kio_screen_confirm(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
void kio_screen_printing(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
void kio_screen_done(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
void kio_screen_error(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
void kio_screen_technician(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
void kio_screen_officer(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
/* screens-staff.c, shared with screens-officer.c: the PIN entry and the
 * box that words a worker's facts. */
void kio_screen_pin_entry(kio_ui_t *ui, const frame_t *f, const char *title, int pin_len,
                          bool verifying, const char *msg_key, int minutes, const char *submit_id,
                          const char *exit_id, uint64_t now_ms);
void kio_screen_report_box(kio_ui_t *ui, SDL_Rect r, const char *title, const kio_facts_t *facts);
/* screens-help.c: "Dokumen saya tidak ada" (the FAQ's reasons, hotline QR). */
void kio_screen_missing(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
/* The hotline as a https://wa.me/62... chat link (screens.c). */
void kio_screen_wa_link(const char *hotline, char *out, size_t len);

/* screens-phone.c: login with a phone, the scanned document; the login
 * screen's "Masuk dengan HP" button in R (returns the height used, 0 when
 * the server has no login codes). */
void kio_screen_phone(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
void kio_screen_scan(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f);
int kio_screen_phone_button(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r);

#endif
