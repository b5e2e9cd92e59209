/*
 * screens-officer.c — the officer's dashboard: today at a glance, a 14-day
 * chart of pages per day, and the print log as sentences with filters.
 * Every word comes from assets/strings; the worker sends only facts
 * (kio_officer_view_t).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/facts.h"
#include "ui/screens-private.h"

/* Document kind in words ("Akta Kelahiran"), else the kind as logged. */
static const char *kind_words(kio_ui_t *ui, const char *kind, char *key, size_t len)
{
	snprintf(key, len, "kind.%s", kind[0] ? kind : "none");
	return kio_facts_word(ui->str, key);
}

/* A failure cause in words: officer.reason.X, else printer.X, else X. */
static const char *reason_words(kio_ui_t *ui, const char *reason, char *key, size_t len)
{
	snprintf(key, len, "officer.reason.%s", reason[0] ? reason : "other");
	if (kio_strings_has(ui->str, key))
		return S(key);
	snprintf(key, len, "printer.%s", reason[0] ? reason : "other");
	return kio_facts_word(ui->str, key);
}

static const char *num(int64_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRId64, v);
	return buf;
}

/* One log line as a sentence in the current language; false for a row
 * the officer's log leaves out (reservations, releases, sessions). */
static bool line_sentence(kio_ui_t *ui, const kio_officer_view_t *v, const kio_officer_line_t *l,
                          char *out, size_t len)
{
	char key[KIO_STRINGS_KEY_MAX], k1[KIO_STRINGS_KEY_MAX], k2[KIO_STRINGS_KEY_MAX];
	char when[24], pages[16];
	snprintf(key, sizeof key, "officer.line.%s", l->type);
	if (!kio_strings_has(ui->str, key))
		return false;
	if (!strcmp(l->day, v->today))
		snprintf(when, sizeof when, "%s", l->hm);
	else
		snprintf(when, sizeof when, "%.2s/%.2s %s", l->day + 8, l->day + 5, l->hm);
	snprintf(pages, sizeof pages, "%d", l->pages);
	const char *names[] = {"when", "doc", "reason", "nik", "pages"};
	const char *values[] = {when, kind_words(ui, l->kind, k1, sizeof k1),
	                        reason_words(ui, l->reason, k2, sizeof k2), l->nik, pages};
	kio_strings_fill(S(key), out, len, names, values, 5);
	return true;
}

/* "Kertas habis: 2", one per cause; returns the height used. */
static int stat_line(kio_ui_t *ui, int px, int x, int y, int w, const char *label,
                     const char *value, uint32_t rgb)
{
	char both[320];
	kio_text(ui, label, px, false, KIO_C_MUTED, x, y, KIO_LEFT);
	kio_text(ui, value, px, true, rgb, x + w, y, KIO_RIGHT);
	/* A row reads "Dokumen tercetak: 2" to scripts and screen readers. */
	snprintf(both, sizeof both, "%s: %s", label[0] == ' ' ? label + 2 : label, value);
	kio_text_note(ui, both);
	return kio_text_line_h(ui, px, false) + PX(6);
}

static void today_card(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r)
{
	const kio_officer_view_t *v = &sm->officer.view;
	char a[64], b[160], key[KIO_STRINGS_KEY_MAX];
	kio_card(ui, r);
	int x = r.x + PX(28), w = r.w - PX(56), y = r.y + PX(22);
	kio_text(ui, S("officer.today"), PX(34), true, KIO_C_TEXT, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(34), true) + PX(10);
	if (!v->ok) {
		kio_text_box(ui, S("officer.unreadable"), PX(28), false, KIO_C_RED,
		             (SDL_Rect){x, y, w, 0}, KIO_LEFT, 3, true);
		return;
	}
	/* Every row fits the card: more causes, smaller rows. */
	int rows = 10 + (v->ncauses < KIO_OFFICER_CAUSES ? v->ncauses : KIO_OFFICER_CAUSES) +
	           (sm->officer.result.key[0] ? 1 : 0);
	int px = PX(28);
	while (px > PX(18) &&
	       rows * (kio_text_line_h(ui, px, false) + PX(6)) > r.y + r.h - y - PX(12))
		px -= PX(2) > 0 ? PX(2) : 1;
	y += stat_line(ui, px, x, y, w, S("officer.docs"), num(v->docs, a, sizeof a), KIO_C_TEXT);
	y += stat_line(ui, px, x, y, w, S("officer.pages"), num(v->pages, a, sizeof a), KIO_C_TEXT);
	y += stat_line(ui, px, x, y, w, S("officer.citizens"), num(v->citizens, a, sizeof a),
	               KIO_C_TEXT);
	y += stat_line(ui, px, x, y, w, S("officer.failures"), num(v->failures, a, sizeof a),
	               v->failures ? KIO_C_RED : KIO_C_TEXT);
	for (int i = 0; i < v->ncauses && i < KIO_OFFICER_CAUSES; i++) {
		snprintf(b, sizeof b, "  %s",
		         reason_words(ui, v->cause[i].reason, key, sizeof key));
		if (b[2] >= 'a' && b[2] <= 'z') /* a row starts with a capital: "Kertas habis" */
			b[2] = (char)(b[2] - 'a' + 'A');
		y += stat_line(ui, px, x, y, w, b, num(v->cause[i].n, a, sizeof a), KIO_C_RED);
	}
	y += stat_line(ui, px, x, y, w, S("officer.credits_back"),
	               num(v->credits_back, a, sizeof a), KIO_C_TEXT);
	if (v->sheets_left < 0)
		snprintf(a, sizeof a, "%s", S("officer.sheets_uncounted"));
	else
		fmt1(ui, "officer.sheets_n", "n", num(v->sheets_left, b, sizeof b), a, sizeof a);
	y += stat_line(ui, px, x, y, w, S("officer.sheets_left"), a,
	               sm->paper.low ? KIO_C_AMBER : KIO_C_TEXT);
	if (v->daily_cap > 0) {
		const char *names[] = {"n", "cap"};
		char n1[24], n2[24];
		const char *values[] = {num(v->prints_left, n1, sizeof n1),
		                        num(v->daily_cap, n2, sizeof n2)};
		kio_strings_fill(S("officer.prints_left_of"), a, sizeof a, names, values, 2);
	} else {
		snprintf(a, sizeof a, "%s", S("officer.no_cap"));
	}
	y += stat_line(ui, px, x, y, w, S("officer.prints_left"), a, KIO_C_TEXT);
	snprintf(a, sizeof a, "%s", v->last_upload[0] ? v->last_upload : S("officer.never"));
	y += stat_line(ui, px, x, y, w, S("officer.last_upload"), a, KIO_C_TEXT);
	y += stat_line(ui, px, x, y, w, S("officer.pending"), num(v->pending, a, sizeof a),
	               KIO_C_TEXT);
	const char *chain = v->chain > 0    ? S("officer.chain_ok")
	                    : v->chain == 0 ? S("officer.chain_broken")
	                                    : S("officer.chain_unknown");
	y += stat_line(ui, px, x, y, w, S("officer.chain"), chain,
	               v->chain > 0 ? KIO_C_GREEN : KIO_C_RED);
	if (sm->officer.result.key[0]) {
		char res[512];
		kio_fact_format(ui->str, &sm->officer.result, res, sizeof res);
		kio_text_box(ui, res, px, false, KIO_C_PRIMARY, (SDL_Rect){x, y + PX(6), w, 0},
		             KIO_LEFT, 2, true);
	}
}

/* Pages per day, 14 bars, drawn with the UI's own rectangles. */
static void chart_card(kio_ui_t *ui, const kio_officer_view_t *v, SDL_Rect r)
{
	kio_card(ui, r);
	int x = r.x + PX(28), w = r.w - PX(56), y = r.y + PX(18);
	kio_text(ui, S("officer.chart"), PX(30), true, KIO_C_TEXT, x, y, KIO_LEFT);
	y += kio_text_line_h(ui, PX(30), true) + PX(8);
	int lab = kio_text_line_h(ui, PX(20), false);
	int h = r.y + r.h - PX(18) - lab - y;
	int64_t max = 1;
	for (int i = 0; i < KIO_OFFICER_DAYS; i++)
		if (v->day_pages[i] > max)
			max = v->day_pages[i];
	int slot = w / KIO_OFFICER_DAYS, bw = slot * 6 / 10;
	if (h < PX(20))
		return;
	kio_fill(ui, (SDL_Rect){x, y + h, w, PX(2)}, KIO_C_BORDER);
	for (int i = 0; i < KIO_OFFICER_DAYS; i++) {
		int bh = (int)(v->day_pages[i] * (h - lab) / max);
		int bx = x + i * slot + (slot - bw) / 2;
		char n[24];
		if (bh > 0)
			kio_fill(ui, (SDL_Rect){bx, y + h - bh, bw, bh},
			         i == KIO_OFFICER_DAYS - 1 ? KIO_C_PRIMARY : KIO_C_MUTED);
		if (v->day_pages[i] > 0)
			kio_text(ui, num(v->day_pages[i], n, sizeof n), PX(20), false, KIO_C_TEXT,
			         bx + bw / 2, y + h - bh - lab, KIO_CENTER);
		snprintf(n, sizeof n, "%.2s", v->day[i][0] ? v->day[i] + 8 : "");
		kio_text(ui, n, PX(20), false, KIO_C_MUTED, bx + bw / 2, y + h + PX(4), KIO_CENTER);
	}
}

static void log_card(kio_ui_t *ui, const kio_sm_t *sm, SDL_Rect r)
{
	static const struct {
		const char *id, *key, *value;
	} filters[KIO_LOG__COUNT] = {
	    {"officer-filter-today", "officer.filter.today", "today"},
	    {"officer-filter-week", "officer.filter.week", "week"},
	    {"officer-filter-failures", "officer.filter.failures", "failures"},
	};
	const kio_officer_view_t *v = &sm->officer.view;
	kio_card(ui, r);
	int x = r.x + PX(24), w = r.w - PX(48), y = r.y + PX(20), gap = PX(12);
	int bh = PX(96), fw = (w - 2 * gap) / 3;
	for (int i = 0; i < KIO_LOG__COUNT; i++)
		kio_button_px(
		    ui, filters[i].id, (SDL_Rect){x + i * (fw + gap), y, fw, bh}, S(filters[i].key),
		    sm->officer.filter == (kio_log_filter_t)i ? KIO_B_PRIMARY : KIO_B_SECONDARY,
		    (kio_act_t){
		        .intent = KIO_IN_TECH_ACTION, .text = "filter", .value = filters[i].value},
		    PX(26));
	y += bh + PX(16);
	int sb = PX(96), bottom = r.y + r.h - PX(20) - sb - PX(8);
	int px = PX(24), lh = kio_text_line_h(ui, px, false);
	int shown = 0;
	for (int i = sm->officer.scroll; i < v->nlines && i < KIO_OFFICER_LINES; i++) {
		char line[512];
		if (!line_sentence(ui, v, &v->line[i], line, sizeof line))
			continue;
		int th = kio_text_box(ui, line, px, false, KIO_C_TEXT, (SDL_Rect){x, y, w, 0},
		                      KIO_LEFT, 2, false);
		if (y + th > bottom)
			break;
		kio_text_box(ui, line, px, false, KIO_C_TEXT, (SDL_Rect){x, y, w, 0}, KIO_LEFT, 2,
		             true);
		y += th + PX(8);
		shown++;
	}
	if (!shown)
		kio_text(ui, S("officer.log_empty"), px, false, KIO_C_MUTED, x, y, KIO_LEFT);
	(void)lh;
	int sw = (w - gap) / 2, sy = r.y + r.h - PX(20) - sb;
	kio_button_px(ui, "officer-log-up", (SDL_Rect){x, sy, sw, sb}, S("officer.log_newer"),
	              KIO_B_SECONDARY, (kio_act_t){.intent = KIO_IN_SCROLL, .n = -1}, PX(24));
	kio_button_px(ui, "officer-log-down", (SDL_Rect){x + sw + gap, sy, sw, sb},
	              S("officer.log_older"), KIO_B_SECONDARY,
	              (kio_act_t){.intent = KIO_IN_SCROLL, .n = 1}, PX(24));
}

void kio_screen_officer(kio_ui_t *ui, const kio_sm_t *sm, const frame_t *f)
{
	if (!sm->officer.unlocked) {
		kio_screen_pin_entry(ui, f, S("officer.pin"), sm->officer.pin_len,
		                     sm->officer.verifying, sm->officer.message_key, 0,
		                     "officer-pin-submit", "officer-exit", sm->now_ms);
		return;
	}
	SDL_Rect b = f->body;
	int x = b.x + f->m, y = b.y + PX(24), W = b.w - 2 * f->m, gap = PX(20);
	int bh = PX(96), bw = f->portrait ? PX(240) : PX(300), rw = f->portrait ? PX(380) : PX(460);
	kio_text(ui, S("officer.title"), PX(40), true, KIO_C_TEXT, x, y + PX(16), KIO_LEFT);
	kio_button(ui, "officer-exit", (SDL_Rect){x + W - bw, y, bw, bh}, S("button.exit"),
	           KIO_B_SECONDARY, act(KIO_IN_EXIT));
	kio_button_px(ui, "officer-print-report", (SDL_Rect){x + W - bw - gap - rw, y, rw, bh},
	              S("officer.print_report"), KIO_B_PRIMARY,
	              (kio_act_t){.intent = KIO_IN_TECH_ACTION, .text = "print_report"}, PX(28));
	y += bh + gap;
	int H = b.y + b.h - f->m - y;
	if (f->portrait) {
		int th = H * 40 / 100, ch = H * 18 / 100;
		today_card(ui, sm, (SDL_Rect){x, y, W, th});
		chart_card(ui, &sm->officer.view, (SDL_Rect){x, y + th + gap, W, ch});
		log_card(ui, sm, (SDL_Rect){x, y + th + ch + 2 * gap, W, H - th - ch - 2 * gap});
		return;
	}
	int lw = W * 42 / 100, th = H * 66 / 100;
	today_card(ui, sm, (SDL_Rect){x, y, lw, th});
	chart_card(ui, &sm->officer.view, (SDL_Rect){x, y + th + gap, lw, H - th - gap});
	log_card(ui, sm, (SDL_Rect){x + lw + gap, y, W - lw - gap, H});
}
