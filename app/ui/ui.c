/*
 * ui.c — window, renderer and frame of the kiosk UI; input to intents.
 *
 * Owns SDL: opens video with the software renderer (deterministic pixels,
 * fast start, small memory), decides per frame whether anything visible
 * changed, and hit-tests touches against the layout the last frame drew.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "ui/ui-private.h"
#include "sys/strings-file.h"

#define DEJAVU_DIR "/usr/share/fonts/truetype/dejavu/"

const char *kio_ui_str(kio_ui_t *ui, const char *key)
{
	return kio_strings_get(ui->str, key);
}

static void copy_opt(char *dst, size_t len, const char *src, const char *dflt)
{
	snprintf(dst, len, "%s", src && *src ? src : dflt);
}

static void update_size(kio_ui_t *ui)
{
	int w = 0, h = 0;
	if (SDL_GetRendererOutputSize(ui->ren, &w, &h) != 0 || w <= 0 || h <= 0)
		return;
	ui->w = w;
	ui->h = h;
	/* A new size is a new window surface: the next frame paints it all.
	 * Without a grid (no memory) every frame is whole, as before. */
	if ((w != ui->damage.w || h != ui->damage.h) &&
	    kio_damage_resize(&ui->damage, w, h) != KIO_OK)
		kio_damage_free(&ui->damage);
	ui->unit = (float)(w < h ? w : h) / 1080.0f * ui->scale;
}

/* Large text and the palette follow the citizen's choice; staff screens
 * keep the normal look (their layouts are dense and not for the public). */
static void follow_access(kio_ui_t *ui, const kio_sm_t *sm)
{
	bool staff = sm->screen == KIO_SCREEN_TECHNICIAN || sm->screen == KIO_SCREEN_OFFICER;
	bool large = sm->access.large_text && !staff;
	bool contrast = sm->access.contrast && !staff;
	bool voice = sm->access.voice && !staff;
	if (voice != ui->voice) {
		ui->voice = voice;
		ui->nsaid = 0; /* turned on: say the screen; off: silence now */
		ui->utter[0] = '\0';
		ui->utter_pending = !voice;
		ui->focus[0] = '\0';
		ui->dirty = true;
	}
	if (large != ui->large || contrast != ui->contrast) {
		ui->large = large;
		ui->contrast = contrast;
		ui->scale = large ? KIO_UI_LARGE : 1.0f;
		/* Sizes snap the other way now: measured widths and line heights
		 * were for the old scale. */
		ui->nmetrics = 0;
		memset(ui->widths, 0, sizeof ui->widths);
		ui->dirty = true;
	}
}

kio_err_t kio_ui_audit(kio_ui_t *ui, bool on)
{
	if (on && !ui->audit) {
		ui->audit = calloc(KIO_UI_AUDIT_MAX, sizeof *ui->audit);
		if (!ui->audit)
			return KIO_ERR_NOMEM;
	}
	ui->auditing = on;
	ui->dirty = true;
	return KIO_OK;
}

const kio_ui_text_t *kio_ui_audit_texts(const kio_ui_t *ui, int *n)
{
	*n = ui->auditing ? ui->naudit : 0;
	return ui->audit;
}

/* The window: config-sized, or covering the screen (fullscreen). */
static bool create_window(kio_ui_t *ui, const kio_ui_opts_t *o)
{
	int w = o->width > 0 ? o->width : 1920, h = o->height > 0 ? o->height : 1080;
	Uint32 flags = o->hidden ? SDL_WINDOW_HIDDEN : SDL_WINDOW_SHOWN;
	int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
	SDL_Rect screen;
	bool have_screen = SDL_GetDisplayBounds(0, &screen) == 0;
	if (o->fullscreen && have_screen && !o->hidden && !kio_ui_window_manager()) {
		/* X without a window manager (xinit): a borderless window over
		 * the screen is the fullscreen window, without SDL's 100 ms wait
		 * for a window manager's answer (wm.c). */
		ui->covers_screen = true;
		ui->win = SDL_CreateWindow("Anjungan Dukcapil Mandiri", screen.x, screen.y,
		                           screen.w, screen.h, flags | SDL_WINDOW_BORDERLESS);
		if (ui->win)
			SDL_SetWindowKeyboardGrab(ui->win, SDL_TRUE);
	} else {
		if (o->fullscreen) {
			/* From the start, so the first frame has the screen's size
			 * (asking after the first frame showed a config-sized first
			 * frame under cage: test_field). Started at the screen's
			 * corner: a config-sized window centred on a smaller screen
			 * would keep its corner when SDL resizes it. (The size stays:
			 * created at the desktop's exact size, the window was never
			 * shown under cage 0.1.4's Xwayland in our tests.) */
			flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
			if (have_screen) {
				x = screen.x;
				y = screen.y;
			}
		}
		ui->win = SDL_CreateWindow("Anjungan Dukcapil Mandiri", x, y, w, h, flags);
	}
	if (!ui->win)
		fprintf(stderr, "ui: window: %s\n", SDL_GetError());
	return ui->win != NULL;
}

/* The window's framebuffer (X11: a shared-memory segment) is new memory:
 * the first frame's fills would fault it in a page at a time, about 2000
 * faults at 1080p that cost the first frame some 5 ms here. Asked for in
 * one go it costs about 3 ms. Contents are unchanged, so this is safe on
 * any surface; on a kernel without MADV_POPULATE_WRITE (before 5.14) the
 * call fails and the pages fault in as before. */
static void prefault_frame(kio_ui_t *ui)
{
	SDL_Surface *s = SDL_GetWindowSurface(ui->win);
	if (!s || !s->pixels)
		return;
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)s->pixels & ~(uintptr_t)(page - 1);
	uintptr_t end = (uintptr_t)s->pixels + (size_t)s->pitch * (size_t)s->h;
	(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
}

kio_err_t kio_ui_open(const kio_ui_opts_t *o, kio_ui_t **out)
{
	*out = NULL;
	if (!o)
		return KIO_ERR_INVAL;
	kio_err_t err = KIO_ERR_IO;
	bool sdl_up = false;
	kio_ui_t *ui = calloc(1, sizeof *ui);
	if (!ui)
		return KIO_ERR_NOMEM;
	copy_opt(ui->assets, sizeof ui->assets, o->assets_dir, "assets");
	copy_opt(ui->hotline, sizeof ui->hotline, o->hotline, "");
	copy_opt(ui->verify_base, sizeof ui->verify_base, o->verify_base_url, "");
	copy_opt(ui->kiosk_id, sizeof ui->kiosk_id, o->kiosk_id, "");
	ui->progressive = o->progressive;
	ui->text_budget_ms = KIO_UI_TEXT_BUDGET_MS;
	ui->enter_intent = -1;
	ui->scale = 1.0f;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/strings", ui->assets);
	err = kio_strings_load(dir, o->language && *o->language ? o->language : "id", &ui->str);
	if (err != KIO_OK)
		goto out;

	err = KIO_ERR_IO;
	if (o->font_path && *o->font_path) {
		/* One configured face; bold is synthesised from it. */
		copy_opt(ui->font_regular, sizeof ui->font_regular, o->font_path, "");
		ui->synth_bold = true;
	} else if (access(DEJAVU_DIR "DejaVuSans.ttf", R_OK) == 0 &&
	           access(DEJAVU_DIR "DejaVuSans-Bold.ttf", R_OK) == 0) {
		/* Where fonts-dejavu-core puts them (the package depends on it):
		 * opened directly, they spare the first frame fontconfig's
		 * start-up, which reads its whole configuration and cache. */
		copy_opt(ui->font_regular, sizeof ui->font_regular, DEJAVU_DIR "DejaVuSans.ttf",
		         "");
		copy_opt(ui->font_bold, sizeof ui->font_bold, DEJAVU_DIR "DejaVuSans-Bold.ttf", "");
	} else {
		ui->fc_up = true;
		if (kio_font_find("DejaVu Sans", ui->font_regular, sizeof ui->font_regular) !=
		    KIO_OK) {
			fprintf(stderr, "ui: font \"DejaVu Sans\" not found (fonts-dejavu-core)\n");
			goto out;
		}
		if (kio_font_find("DejaVu Sans:style=Bold", ui->font_bold, sizeof ui->font_bold) !=
		    KIO_OK)
			ui->synth_bold = true;
	}

	/* Software rendering straight into the window surface: without this
	 * hint SDL would route it through Mesa's GL (slower start, 6x memory). */
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "1");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
	/* Screens map touches themselves; a kiosk must not be grabbed away. */
	SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, o->fullscreen ? "1" : "0");
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "ui: SDL video: %s\n", SDL_GetError());
		goto out;
	}
	sdl_up = true;
	SDL_DisableScreenSaver();
	if (!create_window(ui, o))
		goto out;
	ui->ren = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_SOFTWARE);
	if (!ui->ren) {
		fprintf(stderr, "ui: renderer: %s\n", SDL_GetError());
		goto out;
	}
	prefault_frame(ui);
	if (o->fullscreen)
		SDL_ShowCursor(SDL_DISABLE); /* touch screen: no pointer */
	if (TTF_Init() != 0) {
		fprintf(stderr, "ui: SDL_ttf: %s\n", TTF_GetError());
		goto out;
	}
	ui->ttf_up = true;
	update_size(ui);
	if (!kio_font(ui, 32, false)) {
		fprintf(stderr, "ui: font %s: %s\n", ui->font_regular, TTF_GetError());
		goto out;
	}
	ui->dirty = true;
	*out = ui;
	return KIO_OK;
out:
	if (!sdl_up) {
		if (ui->fc_up)
			FcFini();
		kio_strings_free(ui->str);
		free(ui);
		return err;
	}
	kio_ui_close(ui);
	return err;
}

void kio_ui_close(kio_ui_t *ui)
{
	if (!ui)
		return;
	kio_text_cache_free(ui);
	kio_qr_free(ui);
	free(ui->audit);
	kio_damage_free(&ui->damage);
	kio_ui_drop_preview(ui);
	for (int i = 0; i < KIO_UI_CIRCLES; i++)
		if (ui->circles[i].tex)
			SDL_DestroyTexture(ui->circles[i].tex);
	if (ui->ttf_up)
		TTF_Quit();
	if (ui->ren)
		SDL_DestroyRenderer(ui->ren);
	if (ui->win)
		SDL_DestroyWindow(ui->win);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	SDL_Quit();
	/* font.c initialised fontconfig only to find the files; its caches go
	 * with the UI (close the UI last if another module uses fontconfig). */
	if (ui->fc_up)
		FcFini();
	kio_strings_free(ui->str);
	free(ui);
}

/* Animation frame the screen shows, -1 for none. */
static int anim_phase(const kio_sm_t *sm)
{
	if (sm->screen == KIO_SCREEN_LOADING) {
		uint64_t el = sm->now_ms - sm->loading_since_ms;
		if (sm->now_ms < sm->loading_since_ms || el < KIO_UI_LOADING_DELAY_MS)
			return -1;
		return (int)((el / KIO_UI_ANIM_MS) % 12);
	}
	if (sm->screen == KIO_SCREEN_PRINTING ||
	    (sm->screen == KIO_SCREEN_CONFIRM && !sm->preview.ready) ||
	    (sm->screen == KIO_SCREEN_TECHNICIAN && sm->tech.verifying) ||
	    (sm->screen == KIO_SCREEN_OFFICER && sm->officer.verifying))
		return (int)((sm->now_ms / KIO_UI_ANIM_MS) % 12);
	return -1;
}

/* A cheap fingerprint of everything a frame shows. The SM struct is hashed
 * whole minus its clocks, so a new field can never be forgotten here. */
static uint64_t view_hash(kio_ui_t *ui, const kio_sm_t *sm, const char *clock)
{
	/* The clocks, in the order they lie in the struct: hashed around, in
	 * place (a copy with them zeroed cost a 140 KB allocation per wake). */
	struct span {
		size_t off, len;
	} skip[] = {
	    {offsetof(kio_sm_t, now_ms), sizeof sm->now_ms},
	    {offsetof(kio_sm_t, last_activity_ms), sizeof sm->last_activity_ms},
	    {offsetof(kio_sm_t, tech.wall_now_s), sizeof sm->tech.wall_now_s},
	    {offsetof(kio_sm_t, local_fail), sizeof sm->local_fail},
	};
	enum { NSKIP = sizeof skip / sizeof skip[0] };
	for (int i = 1; i < NSKIP; i++) /* insertion sort: layout may change */
		for (int j = i; j > 0 && skip[j].off < skip[j - 1].off; j--) {
			struct span t = skip[j];
			skip[j] = skip[j - 1];
			skip[j - 1] = t;
		}
	uint64_t h = 1469598103934665603ull;
	size_t at = 0;
	for (int i = 0; i < NSKIP; i++) {
		if (skip[i].off > at)
			h = kio_damage_mix(h, (const char *)sm + at, skip[i].off - at);
		at = skip[i].off + skip[i].len;
	}
	h = kio_damage_mix(h, (const char *)sm + at, sizeof *sm - at);
	if (sm->page)
		h = kio_damage_mix(h, sm->page, sizeof *sm->page);
	if (sm->screen == KIO_SCREEN_TECHNICIAN && sm->tech.locked_until_s > sm->tech.wall_now_s) {
		int64_t left_min = (sm->tech.locked_until_s - sm->tech.wall_now_s + 59) / 60;
		h = kio_damage_mix(h, &left_min, sizeof left_min);
	}
	int phase = anim_phase(sm);
	h = kio_damage_mix(h, &phase, sizeof phase);
	if (clock)
		h = kio_damage_mix(h, clock, strlen(clock));
	int local[6] = {ui->w, ui->h, ui->shift, ui->symbols, ui->press.on, ui->press.dragging};
	h = kio_damage_mix(h, local, sizeof local);
	h = kio_damage_mix(h, ui->press.hit, strlen(ui->press.hit));
	h = kio_damage_mix(h, kio_strings_lang(ui->str), strlen(kio_strings_lang(ui->str)));
	return h;
}

static void follow_language(kio_ui_t *ui, const char *lang)
{
	if (!lang || !*lang || strcmp(lang, kio_strings_lang(ui->str)) == 0)
		return;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/strings", ui->assets);
	kio_strings_t *s = NULL;
	if (kio_strings_load(dir, lang, &s) != KIO_OK) {
		/* Keep the current language rather than show keys. */
		return;
	}
	kio_strings_free(ui->str);
	ui->str = s;
	ui->dirty = true;
}

/* One run of the screen's drawing code: recording (damage.h), or painting
 * inside PART (NULL: everything). What the layout leaves for input (hits,
 * field, scroll area) is rebuilt by each run alike. */
static void draw_pass(kio_ui_t *ui, const kio_sm_t *sm, const char *clock_text,
                      const SDL_Rect *part)
{
	ui->nhits = 0;
	ui->naudit = 0;
	ui->drawn_len = 0;
	ui->drawn[0] = '\0';
	ui->modal = false;
	ui->field = KIO_FIELD_NONE;
	ui->enter_intent = -1;
	ui->scroll_area = (SDL_Rect){0, 0, 0, 0};
	ui->scroll_cur = ui->scroll_max = 0;
	ui->nsay = 0;
	ui->painting_part = part != NULL;
	if (part)
		ui->part = *part;
	SDL_RenderSetClipRect(ui->ren, part);
	kio_screens_draw(ui, sm, clock_text);
	SDL_RenderSetClipRect(ui->ren, NULL);
	ui->painting_part = false;
}

/* The window shows the renderer's surface (the software renderer draws
 * into the window's own framebuffer), so only the painted rectangles need
 * to go to the window system: the rest of the screen already shows them. */
static void present(kio_ui_t *ui, const SDL_Rect *part, int n)
{
	if (n == 0)
		return;
	SDL_RenderFlush(ui->ren);
	if (SDL_UpdateWindowSurfaceRects(ui->win, part, n) != 0) {
		kio_damage_all(&ui->damage);
		SDL_RenderPresent(ui->ren);
	}
}

bool kio_ui_render(kio_ui_t *ui, const kio_sm_t *sm, const char *clock_text)
{
	if (!ui || !sm)
		return false;
	follow_language(ui, sm->language);
	follow_access(ui, sm);
	update_size(ui);
	if (sm->screen != ui->screen) {
		/* A new screen starts with the letter keyboard, unshifted. */
		ui->shift = false;
		ui->symbols = false;
	}
	uint64_t h = view_hash(ui, sm, clock_text);
	if (!ui->dirty && h == ui->last_hash)
		return false;
	ui->frame++;
	ui->frame_t0 = SDL_GetTicks64();
	ui->rasterised = 0;
	ui->incomplete = false;
	bool screen_changed = ui->screen != sm->screen;
	if (screen_changed)
		ui->focus[0] = '\0'; /* a named widget of the old screen is gone */
	ui->screen = sm->screen;
	if (ui->auditing || !ui->damage.cur) {
		/* The audit reads the pixels under each text as it is drawn. */
		draw_pass(ui, sm, clock_text, NULL);
		kio_damage_all(&ui->damage); /* the tiles did not follow */
		ui->painted_px = (long)ui->w * ui->h;
		kio_say_frame(ui, sm, screen_changed);
		SDL_RenderPresent(ui->ren);
	} else {
		SDL_Rect part[KIO_DAMAGE_RECTS];
		kio_damage_begin(&ui->damage);
		draw_pass(ui, sm, clock_text, NULL);
		int n = kio_damage_end(&ui->damage, part);
		ui->painted_px = 0;
		for (int i = 0; i < n; i++) {
			draw_pass(ui, sm, clock_text, &part[i]);
			ui->painted_px += (long)part[i].w * part[i].h;
		}
		kio_say_frame(ui, sm, screen_changed);
		present(ui, part, n);
	}
	ui->last_hash = h;
	ui->dirty = ui->incomplete; /* the texts it left come next frame */
	return true;
}

void kio_ui_forget_session(kio_ui_t *ui)
{
	if (!ui)
		return;
	kio_text_cache_forget(ui);
	/* The verification QR spells the citizen's document id. */
	kio_qr_free(ui);
	kio_ui_drop_preview(ui);
	kio_ui_compact(ui); /* back to an idle kiosk's memory */
}

void kio_ui_set_text_budget(kio_ui_t *ui, int ms)
{
	ui->text_budget_ms = ms < 0 ? 0 : ms;
}

bool kio_ui_incomplete(const kio_ui_t *ui)
{
	return ui && ui->incomplete;
}

long kio_ui_painted_px(const kio_ui_t *ui)
{
	return ui ? ui->painted_px : 0;
}

void kio_ui_invalidate(kio_ui_t *ui)
{
	if (!ui)
		return;
	ui->dirty = true;
	kio_damage_all(&ui->damage);
}

int kio_ui_next_deadline_ms(const kio_ui_t *ui, const kio_sm_t *sm, uint64_t now_ms)
{
	if (ui->incomplete)
		return 0;
	if (sm->screen == KIO_SCREEN_LOADING) {
		uint64_t el = now_ms > sm->loading_since_ms ? now_ms - sm->loading_since_ms : 0;
		if (el < KIO_UI_LOADING_DELAY_MS)
			return (int)(KIO_UI_LOADING_DELAY_MS - el);
		return (int)(KIO_UI_ANIM_MS - el % KIO_UI_ANIM_MS);
	}
	if (anim_phase(sm) >= 0)
		return (int)(KIO_UI_ANIM_MS - now_ms % KIO_UI_ANIM_MS);
	return -1;
}

static const kio_hit_t *find_id(const kio_ui_t *ui, const char *id)
{
	for (int i = 0; i < ui->nhits; i++)
		if (strcmp(ui->hits[i].id, id) == 0)
			return &ui->hits[i];
	return NULL;
}

static const kio_hit_t *find_at(const kio_ui_t *ui, int x, int y)
{
	SDL_Point p = {x, y};
	/* Last drawn is on top. */
	for (int i = ui->nhits - 1; i >= 0; i--)
		if (SDL_PointInRect(&p, &ui->hits[i].r))
			return &ui->hits[i];
	return NULL;
}

static void intent_event(kio_sm_event_t *out, int intent, uint64_t now_ms)
{
	memset(out, 0, sizeof *out);
	out->kind = KIO_EV_INTENT;
	out->now_ms = now_ms;
	out->u.in.intent = (kio_intent_t)intent;
}

/* Carry out widget H: an intent for the SM or a UI-local change. */
static kio_ui_result_t activate(kio_ui_t *ui, const kio_hit_t *h, uint64_t now_ms,
                                kio_sm_event_t *out)
{
	if (h->intent < 0) {
		if (h->local == KIO_LOCAL_SHIFT)
			ui->shift = !ui->shift;
		else if (h->local == KIO_LOCAL_SYMBOLS)
			ui->symbols = !ui->symbols;
		ui->dirty = true;
		return KIO_UI_LOCAL;
	}
	intent_event(out, h->intent, now_ms);
	out->u.in.ch = h->ch;
	out->u.in.n = h->n;
	snprintf(out->u.in.text, sizeof out->u.in.text, "%s", h->text);
	snprintf(out->u.in.value, sizeof out->u.in.value, "%s", h->value);
	/* Shift is for one letter, as on a phone keyboard. */
	if (h->intent == KIO_IN_CHAR && ui->shift && strncmp(h->id, "kb-", 3) == 0) {
		ui->shift = false;
		ui->dirty = true;
	}
	return KIO_UI_INTENT;
}

/* Voice on: a first tap says the widget's name, a second tap on it (the
 * screen-reader pattern) activates it. Keys of the NIK and password fields
 * act at once and are never named: their count is said instead. */
static kio_ui_result_t voice_tap(kio_ui_t *ui, const kio_hit_t *h, uint64_t now_ms,
                                 kio_sm_event_t *out)
{
	bool secret_key = ui->field != KIO_FIELD_NONE &&
	                  (!strncmp(h->id, "key-", 4) || !strncmp(h->id, "kb-", 3) ||
	                   !strcmp(h->id, "del") || !strcmp(h->id, "clear"));
	if (!ui->voice || secret_key)
		return activate(ui, h, now_ms, out);
	if (strcmp(ui->focus, h->id) != 0 || now_ms - ui->focus_ms > KIO_UI_DOUBLE_TAP_MS) {
		snprintf(ui->focus, sizeof ui->focus, "%s", h->id);
		ui->focus_ms = now_ms;
		kio_say_widget(ui, h);
		return KIO_UI_LOCAL;
	}
	ui->focus[0] = '\0';
	return activate(ui, h, now_ms, out);
}

kio_ui_result_t kio_ui_tap(kio_ui_t *ui, const char *id, uint64_t now_ms, kio_sm_event_t *out)
{
	const kio_hit_t *h = ui && id ? find_id(ui, id) : NULL;
	if (!h)
		return KIO_UI_NONE;
	return activate(ui, h, now_ms, out);
}

kio_ui_result_t kio_ui_type_char(kio_ui_t *ui, char c, uint64_t now_ms, kio_sm_event_t *out)
{
	if (!ui)
		return KIO_UI_NONE;
	bool ok = (ui->field == KIO_FIELD_DIGITS && c >= '0' && c <= '9') ||
	          (ui->field == KIO_FIELD_TEXT && c >= 0x20 && c <= 0x7E);
	if (!ok)
		return KIO_UI_NONE;
	intent_event(out, KIO_IN_CHAR, now_ms);
	out->u.in.ch = c;
	return KIO_UI_INTENT;
}

bool kio_ui_widget(const kio_ui_t *ui, const char *id, SDL_Rect *r)
{
	const kio_hit_t *h = ui && id ? find_id(ui, id) : NULL;
	if (h && r)
		*r = h->r;
	return h != NULL;
}

void kio_ui_each_widget(const kio_ui_t *ui, void (*fn)(void *ctx, const char *id, SDL_Rect r),
                        void *ctx)
{
	for (int i = 0; ui && i < ui->nhits; i++)
		fn(ctx, ui->hits[i].id, ui->hits[i].r);
}

bool kio_ui_has_text(const kio_ui_t *ui, const char *text)
{
	return ui && text && strstr(ui->drawn, text) != NULL;
}

/* The hidden corners: the header's outer ends, where no widget lives. */
static int corner_at(const kio_ui_t *ui, int x, int y)
{
	int size = kio_px(ui, 160);
	if (y > kio_px(ui, 120))
		return 0;
	if (x < size)
		return 1;
	if (x >= ui->w - size)
		return 2;
	return 0;
}

static kio_ui_result_t press_begin(kio_ui_t *ui, int x, int y, uint64_t now_ms, bool touch,
                                   SDL_FingerID finger)
{
	const kio_hit_t *h = find_at(ui, x, y);
	ui->press.on = true;
	ui->press.touch = touch;
	ui->press.finger = finger;
	ui->press.x = x;
	ui->press.y = ui->press.last_y = y;
	ui->press.since_ms = now_ms;
	ui->press.dragging = false;
	snprintf(ui->press.hit, sizeof ui->press.hit, "%s", h ? h->id : "");
	ui->press.corner = h ? 0 : corner_at(ui, x, y);
	return KIO_UI_LOCAL;
}

static kio_ui_result_t press_move(kio_ui_t *ui, int x, int y, kio_sm_event_t *out, uint64_t now_ms)
{
	(void)x;
	SDL_Point start = {ui->press.x, ui->press.y};
	bool in_list = SDL_PointInRect(&start, &ui->scroll_area);
	if (!in_list)
		return KIO_UI_NONE;
	if (!ui->press.dragging) {
		int dy = y - ui->press.y;
		if (abs(dy) < kio_px(ui, 16))
			return KIO_UI_NONE;
		ui->press.dragging = true; /* a drag is not a tap on what it started on */
		ui->press.last_y = ui->press.y;
	}
	int delta = ui->press.last_y - y; /* finger up: content moves up */
	if (delta < -ui->scroll_cur)
		delta = -ui->scroll_cur;
	if (delta > ui->scroll_max - ui->scroll_cur)
		delta = ui->scroll_max - ui->scroll_cur;
	ui->press.last_y = y;
	if (delta == 0)
		return KIO_UI_LOCAL;
	ui->scroll_cur += delta;
	intent_event(out, KIO_IN_SCROLL, now_ms);
	out->u.in.n = delta;
	return KIO_UI_INTENT;
}

static kio_ui_result_t press_end(kio_ui_t *ui, int x, int y, uint64_t now_ms, kio_sm_event_t *out)
{
	kio_ui_result_t r = KIO_UI_LOCAL;
	if (!ui->press.on)
		return KIO_UI_NONE;
	if (ui->press.dragging) {
		/* nothing: the drag already scrolled */
	} else if (ui->press.corner) {
		if (now_ms - ui->press.since_ms >= KIO_UI_LONG_PRESS_MS &&
		    corner_at(ui, x, y) == ui->press.corner) {
			intent_event(
			    out, ui->press.corner == 1 ? KIO_IN_TECH_ENTRY : KIO_IN_OFFICER_ENTRY,
			    now_ms);
			r = KIO_UI_INTENT;
		}
	} else if (ui->press.hit[0]) {
		const kio_hit_t *h = find_id(ui, ui->press.hit);
		SDL_Point p = {x, y};
		if (h && SDL_PointInRect(&p, &h->r))
			r = voice_tap(ui, h, now_ms, out);
	}
	ui->press.on = false;
	ui->press.dragging = false;
	ui->press.hit[0] = '\0';
	ui->press.corner = 0;
	return r;
}

static kio_ui_result_t key_down(kio_ui_t *ui, const SDL_KeyboardEvent *k, uint64_t now_ms,
                                kio_sm_event_t *out)
{
	Uint16 mod = k->keysym.mod;
	SDL_Keycode sym = k->keysym.sym;
	bool ctrl = mod & KMOD_CTRL, alt = mod & KMOD_ALT, shift = mod & KMOD_SHIFT;
	if (ctrl && alt && shift && (sym == SDLK_t || sym == SDLK_o)) {
		intent_event(out, sym == SDLK_t ? KIO_IN_TECH_ENTRY : KIO_IN_OFFICER_ENTRY, now_ms);
		return KIO_UI_INTENT;
	}
	/* Escape, Alt+F4, Alt+Tab, Ctrl+Q, ...: a citizen cannot leave. */
	if (ctrl || alt || (mod & KMOD_GUI))
		return KIO_UI_NONE;
	if (sym == SDLK_BACKSPACE && ui->field != KIO_FIELD_NONE) {
		intent_event(out, KIO_IN_BACKSPACE, now_ms);
		return KIO_UI_INTENT;
	}
	if ((sym == SDLK_RETURN || sym == SDLK_KP_ENTER) && ui->enter_intent >= 0) {
		intent_event(out, ui->enter_intent, now_ms);
		return KIO_UI_INTENT;
	}
	return KIO_UI_NONE;
}

kio_ui_result_t kio_ui_input(kio_ui_t *ui, const SDL_Event *e, uint64_t now_ms, kio_sm_event_t *out)
{
	if (!ui || !e || !out)
		return KIO_UI_NONE;
	switch (e->type) {
	case SDL_QUIT:
		return KIO_UI_QUIT;
	case SDL_WINDOWEVENT:
		switch (e->window.event) {
		case SDL_WINDOWEVENT_SIZE_CHANGED:
		case SDL_WINDOWEVENT_EXPOSED:
		case SDL_WINDOWEVENT_SHOWN:
		case SDL_WINDOWEVENT_RESTORED:
			/* The window system may have lost any of our pixels. */
			kio_ui_invalidate(ui);
			return KIO_UI_LOCAL;
		default:
			return KIO_UI_NONE;
		}
	case SDL_MOUSEBUTTONDOWN:
		/* Touches arrive as finger events; SDL's mouse copies are ignored. */
		if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT ||
		    ui->press.on)
			return KIO_UI_NONE;
		return press_begin(ui, e->button.x, e->button.y, now_ms, false, 0);
	case SDL_MOUSEMOTION:
		if (e->motion.which == SDL_TOUCH_MOUSEID || !ui->press.on || ui->press.touch)
			return KIO_UI_NONE;
		return press_move(ui, e->motion.x, e->motion.y, out, now_ms);
	case SDL_MOUSEBUTTONUP:
		if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT ||
		    !ui->press.on || ui->press.touch)
			return KIO_UI_NONE;
		return press_end(ui, e->button.x, e->button.y, now_ms, out);
	case SDL_FINGERDOWN:
		if (ui->press.on)
			return KIO_UI_NONE; /* one finger at a time */
		return press_begin(ui, (int)(e->tfinger.x * (float)ui->w),
		                   (int)(e->tfinger.y * (float)ui->h), now_ms, true,
		                   e->tfinger.fingerId);
	case SDL_FINGERMOTION:
		if (!ui->press.on || !ui->press.touch || ui->press.finger != e->tfinger.fingerId)
			return KIO_UI_NONE;
		return press_move(ui, (int)(e->tfinger.x * (float)ui->w),
		                  (int)(e->tfinger.y * (float)ui->h), out, now_ms);
	case SDL_FINGERUP:
		if (!ui->press.on || !ui->press.touch || ui->press.finger != e->tfinger.fingerId)
			return KIO_UI_NONE;
		return press_end(ui, (int)(e->tfinger.x * (float)ui->w),
		                 (int)(e->tfinger.y * (float)ui->h), now_ms, out);
	case SDL_KEYDOWN:
		return key_down(ui, &e->key, now_ms, out);
	case SDL_TEXTINPUT:
		if (SDL_GetModState() & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
			return KIO_UI_NONE;
		/* Only single ASCII characters: the fields take nothing else. */
		if (e->text.text[0] && !e->text.text[1])
			return kio_ui_type_char(ui, e->text.text[0], now_ms, out);
		return KIO_UI_NONE;
	default:
		return KIO_UI_NONE;
	}
}

kio_err_t kio_ui_set_size(kio_ui_t *ui, int width, int height)
{
	if (!ui || width < 320 || height < 320)
		return KIO_ERR_INVAL;
	if (ui->covers_screen) {
		/* Covering the screen without a window manager: follow the
		 * display (rotated with xrandr), not the config. */
		SDL_Rect screen;
		if (SDL_GetDisplayBounds(0, &screen) == 0)
			SDL_SetWindowSize(ui->win, screen.w, screen.h);
		ui->dirty = true;
		return KIO_OK;
	}
	if (SDL_GetWindowFlags(ui->win) & SDL_WINDOW_FULLSCREEN_DESKTOP) {
		/* Fullscreen follows the display (rotate it with xrandr). */
		ui->dirty = true;
		return KIO_OK;
	}
	SDL_SetWindowSize(ui->win, width, height);
	/* The software renderer resizes its surface on the next frame. */
	ui->dirty = true;
	update_size(ui);
	return KIO_OK;
}

void kio_ui_size(const kio_ui_t *ui, int *width, int *height)
{
	if (width)
		*width = ui ? ui->w : 0;
	if (height)
		*height = ui ? ui->h : 0;
}

void kio_ui_format_clock(const kio_ui_t *ui, int64_t epoch_s, char *out, size_t outlen)
{
	if (!out || outlen == 0)
		return;
	out[0] = '\0';
	if (!ui)
		return;
	time_t t = (time_t)epoch_s;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return;
	char wkey[24], mkey[24], day[16], year[16], hh[16], mm[16];
	snprintf(wkey, sizeof wkey, "day.%d", tm.tm_wday);
	snprintf(mkey, sizeof mkey, "month.%d", tm.tm_mon + 1);
	snprintf(day, sizeof day, "%d", tm.tm_mday);
	snprintf(year, sizeof year, "%d", tm.tm_year + 1900);
	snprintf(hh, sizeof hh, "%02d", tm.tm_hour);
	snprintf(mm, sizeof mm, "%02d", tm.tm_min);
	const char *names[] = {"weekday", "day", "month", "year", "hh", "mm"};
	const char *values[] = {
	    kio_strings_get(ui->str, wkey), day, kio_strings_get(ui->str, mkey), year, hh, mm};
	kio_strings_fill(kio_strings_get(ui->str, "format.clock"), out, outlen, names, values, 6);
}
