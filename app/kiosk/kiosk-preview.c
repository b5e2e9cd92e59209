/*
 * kiosk-preview.c — the UI thread's side of the confirm screen's preview:
 * the state machine's KIO_FX_PREVIEW / KIO_FX_PREVIEW_DROP become jobs for
 * the session worker (services.c do_preview: download, verify, render page
 * 1), and its answer's pixels go to the UI only while that preview is still
 * on screen (sm-preview.c has the rules).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "kiosk/kiosk-private.h"

/* JOB_PREVIEW with the box the confirm screen gives page 1 (ui.h). */
static void post_preview(kio_kiosk_t *k, const kio_effect_t *e)
{
	kio_job_t *job = calloc(1, sizeof *job);
	if (!job)
		return;
	job->kind = JOB_PREVIEW;
	job->gen = atomic_load(&k->gen);
	job->fx = *e;
	kio_ui_preview_box(k->ui, &job->preview_w, &job->preview_h);
	if (kio_services_post(k, job))
		kio_warn("kiosk", "preview not queued");
	explicit_bzero(job, sizeof *job);
	free(job);
}

void kio_kiosk_preview_effect(kio_kiosk_t *k, const kio_effect_t *e)
{
	atomic_store(&k->preview_seq, e->page);
	kio_ui_drop_preview(k->ui);
	if (e->kind == KIO_FX_PREVIEW) {
		kio_events_emit(k->events, "request", {"what", "preview"}, {"document", e->doc.id});
		post_preview(k, e);
		return;
	}
	/* Stop a download still under way; the worker wipes the bytes. */
	kio_client_cancel(k->session.client);
	kio_kiosk_post_job(k, JOB_PREVIEW_DROP, e);
}

void kio_kiosk_preview_done(kio_kiosk_t *k, kio_result_t *r)
{
	kio_sm_event_t *ev = &r->ev;
	bool current = k->sm->screen == KIO_SCREEN_CONFIRM && ev->seq == k->sm->preview.seq;
	ev->u.print.image = false;
	if (current && r->img && r->img->px &&
	    kio_ui_set_preview(k->ui, r->img->px, r->img->w, r->img->h, r->img->stride) == KIO_OK)
		ev->u.print.image = true;
	char ms[16];
	snprintf(ms, sizeof ms, "%d", r->render_ms);
	kio_events_emit(k->events, "preview", {"err", kio_err_name((kio_err_t)ev->err)},
	                {"reason", ev->u.print.reason}, {"render_ms", ms},
	                {"image", ev->u.print.image ? "yes" : "no"});
}
