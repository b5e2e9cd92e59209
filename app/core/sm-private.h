/*
 * sm-private.h — what sm.c (citizen screens, time, results) and sm-staff.c
 * (technician and officer) share inside the state machine.
 */
#ifndef KIO_SM_PRIVATE_H
#define KIO_SM_PRIVATE_H

#include "core/sm.h"

/* Appends an effect of KIND (zeroed) to FX; NULL if FX is full. */
kio_effect_t *kio_sm_push(kio_effects_t *fx, kio_effect_kind_t kind);
/* Appends a print-log effect (the NIK masked). */
void kio_sm_log_fx(kio_effects_t *fx, const char *type, const char *nik_masked, const char *reason);
/* Moves to screen TO and says so (KIO_FX_SCREEN). */
void kio_sm_go(kio_sm_t *sm, kio_screen_t to, kio_effects_t *fx);

static inline void append_char(char *buf, int *len, int cap, char ch)
{
	if (*len >= cap - 1)
		return;
	buf[(*len)++] = ch;
	buf[*len] = 0;
}

static inline void backspace(char *buf, int *len)
{
	if (*len > 0)
		buf[--(*len)] = 0;
}

/* sm-staff.c */
void kio_sm_leave_service_mode(kio_sm_t *sm, kio_effects_t *fx);
void kio_sm_on_pin_done(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx);
void kio_sm_on_tech_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx);
void kio_sm_on_tech_done(kio_sm_t *sm, const kio_sm_event_t *ev);
void kio_sm_on_officer_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx);
void kio_sm_on_officer_view(kio_sm_t *sm, const kio_sm_event_t *ev);
void kio_sm_on_officer_result(kio_sm_t *sm, const kio_sm_event_t *ev);
void kio_sm_on_paper_status(kio_sm_t *sm, const kio_sm_event_t *ev);
/* No sheets left by the count: the printer counts as unavailable. */
void kio_sm_paper_gate(kio_sm_t *sm);

/* sm.c, for sm-phone.c */
void kio_sm_request_list(kio_sm_t *sm, kio_effects_t *fx, int page);
void kio_sm_start_loading(kio_sm_t *sm, kio_effects_t *fx, const char *key);

/* sm-phone.c: login with a phone, scans */
void kio_sm_phone_start(kio_sm_t *sm, kio_effects_t *fx);
void kio_sm_phone_event(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx);
void kio_sm_phone_intent(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx);
void kio_sm_phone_tick(kio_sm_t *sm, kio_effects_t *fx);
int kio_sm_phone_deadline_ms(const kio_sm_t *sm);
/* sm-preview.c */
void kio_sm_preview_start(kio_sm_t *sm, kio_effects_t *fx);
void kio_sm_preview_drop(kio_sm_t *sm, kio_effects_t *fx);
void kio_sm_on_preview(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx);
/* The strings key for a failed print or preview: "api.<code>",
 * "printer.<condition>", "error.doc_invalid" or "error.<err name>". */
void kio_sm_result_key(int err, const char *reason, const char *api_code, char *key, size_t cap);
/* sm.c */
void kio_sm_error_screen(kio_sm_t *sm, kio_effects_t *fx, const char *key, bool credit_kept,
                         bool logout_after, const char *server_message);

#endif
