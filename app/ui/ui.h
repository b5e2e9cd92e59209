/*
 * ui.h — the kiosk's screens: draws the state machine's view model with SDL2
 * and turns touches and keys into intents.
 *
 * The UI only reads kio_sm_t (core/sm.h) and returns kio_sm_event_t intents;
 * it never talks to the network, CUPS or the store. Rendering uses SDL's
 * software renderer on purpose: golden images are byte-identical on every
 * machine, start is fast and memory small (see PRINTING-NOTES "Screens
 * without a display"). Layouts are computed from the window size: one unit is
 * min(width, height) / 1080, so 1920x1080, 1080x1920 and 1024x768 all work.
 *
 * Main loop contract (event driven, no polling):
 *   kio_ui_open(); kio_ui_render(ui, sm, clock);
 *   for (;;) {
 *       int t = min(kio_sm_next_deadline_ms(sm), kio_ui_next_deadline_ms(ui, sm, now));
 *       SDL_WaitEventTimeout(&e, t < 0 ? -1 : t);   // then, for each event:
 *       r = kio_ui_input(ui, &e, now, &ev);
 *       if (r == KIO_UI_INTENT) kio_sm_handle(sm, &ev, &fx);
 *       if (r == KIO_UI_QUIT && dev_mode) break;    // citizens cannot leave
 *       on timeout: kio_sm_handle(sm, kio_sm_tick(now)) (also drives animation)
 *       kio_ui_render(ui, sm, clock);                // draws only on change
 *   }
 *
 * Widget ids (stable, used by kio_ui_tap, scripts and tests):
 *   header:   lang (idle, login, list)
 *   footer:   access-large, access-contrast, access-voice (every citizen
 *             screen: large text, high contrast, spoken guidance)
 *   idle:     start
 *   login:    back, next (NIK step), login (password step), clear, del,
 *             phone (NIK step, while the server has login codes),
 *             key-0..key-9 (NIK keypad), show-password,
 *             kb-<c> for the on-screen keyboard: kb-a..kb-z, kb-0..kb-9,
 *             kb-<symbol> on the symbol page (kb-@, kb-., ...), kb-shift,
 *             kb-symbols, kb-space, kb-del
 *   list:     logout, doc-<document id> (printable documents only),
 *             scroll-up, scroll-down (only while there is more to see),
 *             page-prev (page_no > 1), page-next (page->next_page)
 *   confirm:  back, print
 *   printing: cancel (only while sm->printing.can_cancel)
 *   done:     print-another, finish
 *   error:    dismiss
 *   phone:    back, phone-new (after a refusal or expiry)
 *   scan:     finish
 *   warning:  stay (the overlay hides every other widget)
 *   technician PIN: key-0..key-9, del, clear, tech-pin-submit, tech-exit
 *   technician pages: tech-page-printer, tech-page-media, tech-page-server,
 *             tech-page-kiosk, tech-page-about, tech-exit, and actions
 *             (KIO_IN_TECH_ACTION, arg.text = action, arg.value = value):
 *             tech-test-page ("test_page"), tech-printer-resume ("printer_resume"),
 *             tech-paper-loaded ("paper_loaded"), tech-server-check
 *             ("server_check"), tech-lang-id / tech-lang-en ("language",
 *             "id"/"en"), tech-orient-landscape / tech-orient-portrait
 *             ("orientation", "landscape"/"portrait"), tech-volume-40/70/100
 *             ("voice_volume", "40"/"70"/"100")
 *   officer:  key-0..key-9, del, clear, officer-pin-submit, officer-exit
 *
 * Hidden entries: a press of >= 3 s in the top-left corner (tech) or the
 * top-right corner (officer) of the header gives KIO_IN_TECH_ENTRY /
 * KIO_IN_OFFICER_ENTRY when the finger is lifted (so no timer is needed);
 * Ctrl+Alt+Shift+T / Ctrl+Alt+Shift+O do the same from a service keyboard.
 */
#ifndef KIO_UI_H
#define KIO_UI_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sm.h"

typedef struct kio_ui kio_ui_t;

typedef struct kio_ui_opts {
	int width, height;           /* window size; 0: 1920x1080 */
	bool fullscreen;             /* desktop fullscreen, no decorations */
	bool hidden;                 /* no visible window (tests, headless scripts) */
	const char *font_path;       /* regular face; NULL/"": fontconfig DejaVu Sans */
	const char *assets_dir;      /* holds strings/; NULL: "assets" */
	const char *language;        /* strings before the first frame; then sm->language */
	const char *hotline;         /* "0895346249816" (idle QR: wa.me/62...) */
	const char *verify_base_url; /* done-screen QR: <base>/v/<document id> */
	const char *kiosk_id;        /* footer */
	/* Texts not drawn before are rasterised at most KIO_UI_TEXT_BUDGET_MS
	 * per frame; the rest follow in the next frames, at once (the kiosk:
	 * on a slow board a screen of new texts would be one long frame).
	 * False (tests, screenshots): every frame is complete. */
	bool progressive;
} kio_ui_opts_t;

/* What an input or tap produced. */
typedef enum kio_ui_result {
	KIO_UI_NONE,   /* nothing (ignored key, no widget there, ...) */
	KIO_UI_INTENT, /* OUT holds an intent event for kio_sm_handle */
	KIO_UI_LOCAL,  /* handled inside the UI (keyboard shift, press feedback,
	                  resize); just call kio_ui_render */
	KIO_UI_QUIT,   /* window close / SDL_QUIT: main ignores it unless dev mode */
} kio_ui_result_t;

/* Initialises SDL video, the window, the software renderer, fonts and
 * strings. The screensaver is disabled. Errors: KIO_ERR_IO (SDL/font),
 * KIO_ERR_CONFIG (strings), KIO_ERR_NOMEM. On error *OUT is NULL. */
KIO_MUST_CHECK kio_err_t kio_ui_open(const kio_ui_opts_t *opts, kio_ui_t **out);
/* Frees everything and quits SDL; NULL-safe. */
void kio_ui_close(kio_ui_t *ui);

/* Lays out and draws the screen for SM if anything visible changed since
 * the last frame (view hash over the SM, the clock text, animation phase and
 * UI-local state); returns true if it drew and presented. CLOCK_TEXT may be
 * NULL. Strings follow sm->language (loaded on change). */
bool kio_ui_render(kio_ui_t *ui, const kio_sm_t *sm, const char *clock_text);
/* After a session: wipes every cached text and texture (the citizen's name and
 * NIK were drawn into them) and forces the next frame to redraw. */
void kio_ui_forget_session(kio_ui_t *ui);
/* Once start-up or a session has ended and settled: cached texts
 * keep only their glyphs' pixels from here on (run-length encoded, text.c),
 * those drawn so far at the next frame, which repaints the whole screen;
 * one face per weight stays open. The freed memory lies in the heap's
 * middle: malloc_trim after that frame gives it back. */
void kio_ui_compact(kio_ui_t *ui);
/* After the frame that follows a wipe or a compaction, when the screen's
 * texts are cached: drops the font files' pages from the process (they come
 * back from the page cache at the next glyph). */
void kio_ui_trim(kio_ui_t *ui);

/* The confirm screen's preview of page 1 (page-view.c): the box the
 * renderer should fit it into, for this screen size; the pixels (ARGB8888,
 * STRIDE bytes a row; copied, the caller wipes its own); and their removal,
 * wiped (also done by kio_ui_forget_session). */
void kio_ui_preview_box(const kio_ui_t *ui, int *w, int *h);
KIO_MUST_CHECK kio_err_t kio_ui_set_preview(kio_ui_t *ui, const unsigned char *argb, int w, int h,
                                            int stride);
void kio_ui_drop_preview(kio_ui_t *ui);

/* True if the last frame left texts for the next (opts.progressive); the
 * deadline (kio_ui_next_deadline_ms) is then 0. */
bool kio_ui_incomplete(const kio_ui_t *ui);

/* Test hooks: the per-frame rasterising budget (opts.progressive; 0: one
 * new text per frame), and whether a cached text contains NEEDLE. */
KIO_TEST_API void kio_ui_set_text_budget(kio_ui_t *ui, int ms);
KIO_TEST_API bool kio_ui_text_cached(const kio_ui_t *ui, const char *needle);
/* Bytes of cached texts still held as plain pixels (0 once compacted and
 * drawn). */
KIO_TEST_API long kio_ui_text_plain_bytes(const kio_ui_t *ui);

/* Pixels the last frame painted: a frame repaints only the parts of the
 * screen that changed (damage.h), the whole screen after an invalidate. */
KIO_TEST_API long kio_ui_painted_px(const kio_ui_t *ui);

/* Makes the next kio_ui_render draw and present the whole screen, even if
 * nothing changed. */
void kio_ui_invalidate(kio_ui_t *ui);

/* Milliseconds until the screen needs a new frame for an animation
 * (loading spinner after 150 ms, printing progress), -1 if none. The caller
 * feeds the SM a tick at that time (the UI animates from sm->now_ms). */
int kio_ui_next_deadline_ms(const kio_ui_t *ui, const kio_sm_t *sm, uint64_t now_ms);

/* Converts one SDL event: taps on the widgets of the last frame (fired on
 * release inside the pressed widget), drags on the list (KIO_IN_SCROLL,
 * bounded to the content), typed characters into the focused field only
 * (NIK/PIN: digits, password: printable ASCII), Backspace, Enter (next or
 * login or PIN submit), the service combos. Escape, Alt+F4, Alt+Tab, Ctrl+Q
 * and everything else give no intent; SDL_QUIT gives KIO_UI_QUIT. */
kio_ui_result_t kio_ui_input(kio_ui_t *ui, const SDL_Event *e, uint64_t now_ms,
                             kio_sm_event_t *out);

/* The intent of widget ID in the last frame's layout, as if tapped (for
 * scripts and tests). KIO_UI_NONE if no such widget is on screen. */
kio_ui_result_t kio_ui_tap(kio_ui_t *ui, const char *id, uint64_t now_ms, kio_sm_event_t *out);
/* One typed character into the focused field, as from a keyboard (a script's
 * `type "abc"` calls this per character). KIO_UI_NONE if no field takes it. */
kio_ui_result_t kio_ui_type_char(kio_ui_t *ui, char c, uint64_t now_ms, kio_sm_event_t *out);

/* Whether widget ID is on screen; if R is not NULL, its rectangle. */
KIO_TEST_API bool kio_ui_widget(const kio_ui_t *ui, const char *id, SDL_Rect *r);
/* Calls FN for every widget of the last frame (tests: target sizes). */
KIO_TEST_API void kio_ui_each_widget(const kio_ui_t *ui,
                                     void (*fn)(void *ctx, const char *id, SDL_Rect r), void *ctx);

/* One text a frame drew, recorded while auditing (tests: contrast and
 * clipping from what was really drawn). */
typedef struct kio_ui_text {
	char text[64];   /* the start of the text */
	uint32_t fg, bg; /* 0xRRGGBB: its colour; the most common pixel under it */
	SDL_Rect r;      /* where it was drawn */
	int box_w;       /* the width it had to fit in, 0: a one-line text */
	bool cut;        /* shortened with an ellipsis, or a word broken over two lines */
	bool label;      /* a widget's own label (drawn inside its rectangle) */
	bool scrolled;   /* partly outside the clip rectangle (a scrolled list) */
} kio_ui_text_t;

/* Turns the audit on or off (off by default: reading pixels is slow). */
KIO_TEST_API kio_err_t kio_ui_audit(kio_ui_t *ui, bool on);
/* The texts of the last frame while auditing; *N their count. */
KIO_TEST_API const kio_ui_text_t *kio_ui_audit_texts(const kio_ui_t *ui, int *n);

/* True if the last frame drew a text containing TEXT. */
bool kio_ui_has_text(const kio_ui_t *ui, const char *text);

/* Spoken guidance: true when the UI has something to say (or, with OUT
 * empty, wants silence: voice was turned off). LANG gets "id" or "en".
 * Never a NIK or a password (see speak.c). Call after render and input. */
bool kio_ui_take_speech(kio_ui_t *ui, char *lang, size_t langlen, char *out, size_t outlen);

/* Writes the last frame to PNG_PATH. */
KIO_MUST_CHECK kio_err_t kio_ui_screenshot(kio_ui_t *ui, const char *png_path);

/* Resizes the window (orientation change from the technician screen); the
 * next frame is laid out for the new size. */
KIO_MUST_CHECK kio_err_t kio_ui_set_size(kio_ui_t *ui, int width, int height);
/* Current drawable size. */
KIO_TEST_API void kio_ui_size(const kio_ui_t *ui, int *width, int *height);

/* "Selasa, 24 November 2026  09.15" for EPOCH_S in local time, in the
 * language of the last frame: the clock text for the header. */
void kio_ui_format_clock(const kio_ui_t *ui, int64_t epoch_s, char *out, size_t outlen);

#endif
