/*
 * ui-private.h — what the files of app/ui share: the kio_ui struct, the hit
 * list of the last layout, drawing helpers. Not for use outside app/ui.
 */
#ifndef KIO_UI_PRIVATE_H
#define KIO_UI_PRIVATE_H

#include <SDL.h>
#include <SDL_ttf.h>

#include "core/strings.h"
#include "ui/damage.h"
#include "ui/ui.h"

enum {
	KIO_UI_HITS_MAX = 200, /* widgets in one layout (keyboard + list) */
	KIO_UI_ID_MAX = KIO_DOC_ID_MAX + 8,
	KIO_UI_FACES = 5,         /* open bold faces, re-sized on demand (text.c) */
	KIO_UI_FACES_REGULAR = 4, /* open regular faces: fewer sizes per screen */
	KIO_UI_METRICS = 64,      /* (size, weight) line heights */
	KIO_UI_WIDTHS = 4096,     /* measured string widths (direct-mapped) */
	KIO_UI_TEXT_CACHE = 640,  /* rendered strings kept as textures */
	KIO_UI_TEXT_MAX = 1024,   /* bytes of one drawn string */
	KIO_UI_DRAWN_MAX = 32768, /* texts of the last frame, for has_text */
	KIO_UI_CIRCLES = 12,      /* corner/dot textures by radius */
	KIO_UI_QR_CACHE = 2,      /* hotline QR + verification QR */
	KIO_UI_QR_PAYLOAD = 512,
	KIO_UI_LONG_PRESS_MS = 3000,
	KIO_UI_LOADING_DELAY_MS = 150, /* no spinner for answers faster than this */
	KIO_UI_ANIM_MS = 125,          /* spinner frame period */
	KIO_UI_TEXT_BUDGET_MS = 6,     /* rasterising per frame (opts.progressive) */
};

/* Spoken guidance: what one frame asks to be said, and one utterance. */
enum { KIO_UI_SAY_ITEMS = 8, KIO_UI_SAY_MAX = 512, KIO_UI_UTTER_MAX = 2048 };
enum { KIO_UI_DOUBLE_TAP_MS = 10000 }; /* a second tap this soon activates */

/* Large text: every length of a layout (text, targets, margins) times this. */
#define KIO_UI_LARGE 1.4f

/* Colours, 0xRRGGBB. A calm government look: dark blue header, white cards. */
enum {
	KIO_C_HEADER = 0x0B3A6E,
	KIO_C_HEADER_TEXT = 0xFFFFFF,
	KIO_C_HEADER_SUB = 0xC9D8EA,
	KIO_C_BG = 0xEEF2F7,
	KIO_C_CARD = 0xFFFFFF,
	KIO_C_BORDER = 0xC8D1DC,
	KIO_C_TEXT = 0x17212B,
	KIO_C_MUTED = 0x55616E,
	KIO_C_PRIMARY = 0x0B5CAD,
	KIO_C_PRIMARY_DOWN = 0x07437F,
	KIO_C_KEY = 0xFFFFFF,
	KIO_C_KEY_DOWN = 0xD5E3F3,
	KIO_C_GREEN = 0x1E7B34,
	KIO_C_GREEN_BG = 0xE3F4E8,
	KIO_C_AMBER = 0x8A5300,
	KIO_C_AMBER_BG = 0xFFF0D1,
	KIO_C_RED = 0xB3261E,
	KIO_C_RED_BG = 0xFDE7E5,
	KIO_C_DISABLED = 0x687482,   /* upcoming steps: still >= 4.5:1 on white */
	KIO_C_RULE = 0xE3E8EE,       /* separators, progress track */
	KIO_C_PANEL = 0xF1F3F6,      /* the list's reason box */
	KIO_C_ON_PRIMARY = 0xFFFFFF, /* text on a primary button or a dot */
};

/* palette.c: the colour the current palette draws for a normal-palette
 * colour RGB. Screens name the normal colours (KIO_C_*); the primitives
 * (fill, round, dot, text) map them, so every screen follows the high-contrast
 * toggle without knowing it. Unknown colours pass through unchanged. */
uint32_t kio_color(const kio_ui_t *ui, uint32_t rgb);

enum { KIO_UI_AUDIT_MAX = 400 };

typedef enum kio_align { KIO_LEFT, KIO_CENTER, KIO_RIGHT } kio_align_t;

/* What a widget does when tapped. */
typedef enum kio_local { KIO_LOCAL_NONE, KIO_LOCAL_SHIFT, KIO_LOCAL_SYMBOLS } kio_local_t;

typedef struct kio_act {
	int intent; /* kio_intent_t, or -1 for a UI-local action */
	kio_local_t local;
	char ch;
	int n;
	const char *text;
	const char *value;
	const char *name; /* spoken name when the label is an icon; NULL: the label */
} kio_act_t;

typedef struct kio_hit {
	char id[KIO_UI_ID_MAX];
	SDL_Rect r;
	int intent;
	kio_local_t local;
	char ch;
	int n;
	char text[KIO_DOC_ID_MAX];
	char value[48];
	char name[96]; /* what voice guidance says when it is touched */
} kio_hit_t;

/* Which field takes typed characters. */
typedef enum kio_field { KIO_FIELD_NONE, KIO_FIELD_DIGITS, KIO_FIELD_TEXT } kio_field_t;

typedef struct kio_text_entry {
	uint64_t hash;
	char *text;
	int px;
	bool bold;
	uint32_t rgb;
	SDL_Surface *surf; /* run-length encoded at its first blit (text.c) */
	int w, h;
	uint64_t used; /* frame number: LRU */
	bool shared;   /* from the strings table ... */
	bool greeting; /* ... drawn on the idle or login screen: kept over a wipe */
} kio_text_entry_t;

/* One open face: SDL_ttf re-sizes it in place (TTF_SetFontSize). */
typedef struct kio_face {
	TTF_Font *font;
	int px;
	uint64_t used; /* ui->face_tick: LRU */
} kio_face_t;

typedef struct kio_metric {
	int px;
	bool bold;
	int line_skip;
} kio_metric_t;

/* A measured width, keyed by the hash of (string, size, weight) only: the
 * string itself is not kept. */
typedef struct kio_width {
	uint64_t hash;
	int w;
} kio_width_t;

struct kio_ui {
	SDL_Window *win;
	SDL_Renderer *ren;
	bool covers_screen; /* fullscreen as a borderless window (no window manager) */
	int w, h;
	float unit;    /* min(w, h) / 1080, times scale */
	float scale;   /* 1, or KIO_UI_LARGE for large text */
	bool large;    /* large text: snap sizes up, not down */
	bool contrast; /* the high-contrast palette */
	bool ttf_up;
	bool fc_up; /* fontconfig was initialised (FcFini on close) */

	char font_regular[512];
	char font_bold[512];
	struct {
		void *data; /* the font file, mapped (text.c: why) */
		size_t len;
	} font_map[2];                     /* [bold] */
	bool synth_bold;                   /* no bold file: ask SDL_ttf for a synthetic bold */
	bool compact;                      /* new texts are run-length encoded (kio_ui_compact) */
	kio_face_t faces[2][KIO_UI_FACES]; /* [bold]; regular uses the first few */
	uint64_t face_tick;
	kio_metric_t metrics[KIO_UI_METRICS];
	int nmetrics;
	kio_width_t widths[KIO_UI_WIDTHS];
	kio_text_entry_t texts[KIO_UI_TEXT_CACHE];
	uint64_t frame;

	kio_strings_t *str;
	char assets[512];
	char hotline[32];
	char verify_base[256];
	char kiosk_id[64];

	/* The last layout: hit-tested by input and tap. */
	kio_hit_t hits[KIO_UI_HITS_MAX];
	int nhits;
	bool modal; /* the warning overlay: only its widgets count */
	kio_field_t field;
	int enter_intent; /* what Enter does here, -1 nothing */
	SDL_Rect scroll_area;
	int scroll_cur, scroll_max;
	kio_screen_t screen;

	char drawn[KIO_UI_DRAWN_MAX];
	size_t drawn_len;

	uint64_t last_hash;
	bool dirty;

	/* Partial frames (damage.h): the tiles of the last frame, and the
	 * rectangle this pass paints in (none: the whole frame, unclipped). */
	kio_damage_t damage;
	bool painting_part;
	SDL_Rect part;
	uintptr_t tex_serial; /* names textures for the damage hashes */
	long painted_px;      /* by the last frame */

	/* Progressive frames (opts.progressive): when this frame started, how
	 * many texts it rasterised, whether it left some for the next one. */
	bool progressive;
	int text_budget_ms; /* KIO_UI_TEXT_BUDGET_MS; tests may lower it */
	uint64_t frame_t0;
	int rasterised;
	bool incomplete;

	/* Test mode: every drawn text with its colours and box (kio_ui_audit). */
	bool auditing;
	kio_ui_text_t *audit; /* KIO_UI_AUDIT_MAX */
	int naudit;
	bool in_label;    /* kio_button_px is drawing its label */
	bool text_shared; /* the text being drawn is (a line of) a strings-table text */

	/* Spoken guidance (voice on): the texts this frame and the last one
	 * asked to be said, the utterance waiting for the kiosk, the widget a
	 * first tap named (a second tap activates it). */
	bool voice;
	char say[KIO_UI_SAY_ITEMS][KIO_UI_SAY_MAX];
	int nsay;
	char said[KIO_UI_SAY_ITEMS][KIO_UI_SAY_MAX];
	int nsaid;
	int said_nik_len, said_pw_len;
	int said_step;
	char utter[KIO_UI_UTTER_MAX];
	bool utter_pending;
	char focus[KIO_UI_ID_MAX];
	uint64_t focus_ms;

	/* A press in progress (finger or mouse). */
	struct {
		bool on;
		bool touch;
		SDL_FingerID finger;
		int x, y, last_y;
		char hit[KIO_UI_ID_MAX]; /* widget under the press, "" none */
		int corner;              /* 1 top-left, 2 top-right, 0 none */
		uint64_t since_ms;
		bool dragging;
	} press;

	bool shift, symbols; /* on-screen keyboard page */

	struct {
		int r;
		SDL_Texture *tex;
	} circles[KIO_UI_CIRCLES];

	struct {
		SDL_Surface *page; /* page 1 of the citizen's document (page-view.c) */
		SDL_Texture *tex;  /* it scaled to the size it is drawn at */
	} preview;

	struct {
		char payload[KIO_UI_QR_PAYLOAD];
		int px;
		SDL_Texture *tex;
		int size;
		uint64_t used;
	} qr[KIO_UI_QR_CACHE];
};

/* paint.c — the only code that puts pixels on the renderer. While a frame
 * is recorded (damage.h) these record instead of drawing. */
void kio_paint_fill(kio_ui_t *ui, const SDL_Rect *r);
void kio_paint_copy(kio_ui_t *ui, SDL_Texture *t, const SDL_Rect *src, const SDL_Rect *dst);
void kio_paint_surface(kio_ui_t *ui, SDL_Surface *s, const SDL_Rect *dst);
void kio_paint_geometry(kio_ui_t *ui, const SDL_Vertex *v, int n);
/* Clip what follows to R (NULL: no clip of the screen's own), inside the
 * rectangle a partial frame paints. */
void kio_paint_clip(kio_ui_t *ui, const SDL_Rect *r);

/* wm.c: false only on X11 with no (EWMH) window manager running. */
bool kio_ui_window_manager(void);

/* font.c */
KIO_MUST_CHECK kio_err_t kio_font_find(const char *pattern, char *path, size_t len);

/* text.c */
TTF_Font *kio_font(kio_ui_t *ui, int px, bool bold);
int kio_text_width(kio_ui_t *ui, const char *s, int px, bool bold);
int kio_text_line_h(kio_ui_t *ui, int px, bool bold);
/* One line, top at Y, X is the left/centre/right edge per ALIGN. Returns width. */
int kio_text(kio_ui_t *ui, const char *s, int px, bool bold, uint32_t rgb, int x, int y,
             kio_align_t align);
/* Wrapped into BOX.w; draws at most MAX_LINES (0: any) lines, the last one
 * cut with "…". Returns the height used. DRAW false only measures. */
int kio_text_box(kio_ui_t *ui, const char *s, int px, bool bold, uint32_t rgb, SDL_Rect box,
                 kio_align_t align, int max_lines, bool draw);
/* The largest size <= PX (not below PX*0.6) at which S fits in W. */
int kio_text_fit(kio_ui_t *ui, const char *s, int px, bool bold, int w);
void kio_text_cache_free(kio_ui_t *ui);
/* Drops (and wipes) every cached text: names and NIKs must not outlive a session. */
void kio_text_cache_forget(kio_ui_t *ui);
void kio_text_note(kio_ui_t *ui, const char *s); /* for has_text */

/* widgets.c */
int kio_px(const kio_ui_t *ui, int at1080); /* scale a 1080p length */
/* A 1080p spacing that keeps its size with large text: gaps need not grow,
 * and the room they leave lets the larger text and targets fit. */
int kio_sp(const kio_ui_t *ui, int at1080);
void kio_fill(kio_ui_t *ui, SDL_Rect r, uint32_t rgb);
void kio_blit(kio_ui_t *ui, SDL_Texture *t, int x, int y, int w, int h);
void kio_fill_a(kio_ui_t *ui, SDL_Rect r, uint32_t rgb, uint8_t a);
void kio_round(kio_ui_t *ui, SDL_Rect r, int radius, uint32_t rgb);
void kio_round_border(kio_ui_t *ui, SDL_Rect r, int radius, int bw, uint32_t fill, uint32_t border);
void kio_dot(kio_ui_t *ui, int cx, int cy, int radius, uint32_t rgb, uint8_t a);
void kio_hit_add(kio_ui_t *ui, const char *id, SDL_Rect r, kio_act_t act);
bool kio_pressed(const kio_ui_t *ui, const char *id);

typedef enum kio_bstyle { KIO_B_PRIMARY, KIO_B_SECONDARY, KIO_B_KEY, KIO_B_QUIET } kio_bstyle_t;
void kio_button(kio_ui_t *ui, const char *id, SDL_Rect r, const char *label, kio_bstyle_t st,
                kio_act_t act);
/* The same with the label size given (0: from the button height). */
void kio_button_px(kio_ui_t *ui, const char *id, SDL_Rect r, const char *label, kio_bstyle_t st,
                   kio_act_t act, int label_px);
/* A button whose label is a drawn icon; ON shows it as switched on. */
typedef enum kio_icon { KIO_ICON_SPEAKER } kio_icon_t;
void kio_icon_button(kio_ui_t *ui, const char *id, SDL_Rect r, kio_icon_t icon, bool on,
                     kio_act_t act);
/* Badge (pill) at X,Y; returns its width. */
int kio_badge(kio_ui_t *ui, int x, int y, int px, const char *label, uint32_t fg, uint32_t bg);
/* Numeric keypad of 4 rows x 3 (1-9, clear, 0, del) inside R. */
void kio_keypad(kio_ui_t *ui, SDL_Rect r);
/* QWERTY keyboard inside R (letters/digits, shift, symbols, space, del). */
void kio_keyboard(kio_ui_t *ui, SDL_Rect r);
/* The keyboard for large text where kio_keyboard's ten by five keys do not
 * fit: COLS 7 (seven rows, letters in alphabetical order; function keys in
 * the last, FH high) or 10 (three rows; digits and symbols on two pages
 * behind its keys), keys KH high, from the top of R across its width.
 * Returns the height it takes; draws only when DRAW. */
int kio_keyboard_grid(kio_ui_t *ui, SDL_Rect r, int cols, int kh, int fh, bool draw);
/* Card: white rounded rectangle with a light border. */
void kio_card(kio_ui_t *ui, SDL_Rect r);
/* Spinner of dots centred at CX,CY, phase from MS. */
void kio_spinner(kio_ui_t *ui, int cx, int cy, int radius, uint64_t ms);

/* qr.c: PAYLOAD as a texture at most MAX_PX wide; size in *SIZE. */
/* Page 1 at W x H for a 1:1 copy (page-view.c); NULL if there is none. */
SDL_Texture *kio_preview_texture(kio_ui_t *ui, int w, int h);
SDL_Texture *kio_qr_texture(kio_ui_t *ui, const char *payload, int max_px, int *size);
void kio_qr_free(kio_ui_t *ui);

/* speak.c: TEXT is one of the screen's texts to be said (its title, main
 * instruction, an error or message); only collected while voice is on. */
void kio_say(kio_ui_t *ui, const char *text);
/* After a frame: what is new since the last one becomes the utterance. */
void kio_say_frame(kio_ui_t *ui, const kio_sm_t *sm, bool screen_changed);
/* A widget touched with voice on: its name. */
void kio_say_widget(kio_ui_t *ui, const kio_hit_t *h);

/* screens.c */
void kio_screens_draw(kio_ui_t *ui, const kio_sm_t *sm, const char *clock_text);
const char *kio_ui_str(kio_ui_t *ui, const char *key);

#endif
