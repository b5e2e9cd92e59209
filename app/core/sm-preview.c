/*
 * sm-preview.c — the confirm screen's preview: a chosen document is
 * downloaded, verified and its first page drawn BEFORE "Cetak" may reserve a
 * credit, so a document that fails verification never costs a reservation
 * and the citizen sees what will come out (see sm.h, kio_sm_t.preview).
 *
 *   select_doc ─► KIO_FX_PREVIEW(seq) ─► progress … ─► PREVIEW_DONE ok ─► ready
 *                                                 └─► PREVIEW_DONE err ─► error
 *   back / logout ─► KIO_FX_PREVIEW_DROP (bytes and picture wiped)
 */
#include <stdio.h>
#include <string.h>

#include "core/sm-private.h"
#include "core/str.h"

void kio_sm_result_key(int err, const char *reason, const char *api_code, char *key, size_t cap)
{
	if (api_code && api_code[0])
		snprintf(key, cap, "api.%s", api_code);
	else if (err == KIO_ERR_PRINTER && reason && reason[0])
		snprintf(key, cap, "printer.%s", reason);
	else if (err == KIO_ERR_DOC_INACTIVE && reason && !strcmp(reason, "doc_invalid"))
		snprintf(key, cap, "error.doc_invalid"); /* TIDAK VALID: its own text */
	else
		snprintf(key, cap, "error.%s", kio_err_name((kio_err_t)err));
}

void kio_sm_preview_start(kio_sm_t *sm, kio_effects_t *fx)
{
	int seq = sm->preview.seq + 1;
	memset(&sm->preview, 0, sizeof sm->preview);
	sm->preview.seq = seq;
	sm->preview.step = KIO_PSTEP_DOWNLOADING;
	sm->preview.percent = -1;
	kio_effect_t *e = kio_sm_push(fx, KIO_FX_PREVIEW);
	if (!e)
		return;
	e->doc = sm->selected;
	e->page = seq;
	KIO_COPY(e->app_code, sm->selected_app);
	KIO_COPY(e->nik, sm->citizen.nik_masked);
}

void kio_sm_preview_drop(kio_sm_t *sm, kio_effects_t *fx)
{
	int seq = sm->preview.seq + 1; /* whatever is still under way is stale */
	memset(&sm->preview, 0, sizeof sm->preview);
	sm->preview.seq = seq;
	kio_effect_t *e = kio_sm_push(fx, KIO_FX_PREVIEW_DROP);
	if (e)
		e->page = seq;
}

void kio_sm_on_preview(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx)
{
	/* Only the answer to the preview on screen counts. */
	if (sm->screen != KIO_SCREEN_CONFIRM || ev->seq != sm->preview.seq || sm->preview.ready)
		return;
	if (ev->kind == KIO_EV_PREVIEW_PROGRESS) {
		sm->preview.step = ev->u.progress.step;
		sm->preview.percent = ev->u.progress.percent;
		return;
	}
	if (ev->err == 0) {
		sm->preview.ready = true;
		sm->preview.image = ev->u.print.image;
		sm->preview.pages = ev->u.print.pages;
		return;
	}
	/* Refused before any reservation: the credit is untouched. */
	char key[48];
	kio_sm_result_key(ev->err, ev->u.print.reason, ev->u.print.api_code, key, sizeof key);
	kio_sm_preview_drop(sm, fx);
	kio_sm_error_screen(sm, fx, key, true, false, ev->u.print.message);
}
