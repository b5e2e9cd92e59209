/*
 * script-run.h — runs an automation script (script.h) on the UI thread:
 * taps, typing, keys, waits and screenshots go through the same UI and
 * state machine a person uses.
 *
 * Two steps are test hooks, not automation: `exec` (runs a shell command)
 * and `expect-wiped` (asks the workers whether they still hold a citizen's
 * data). They run only when the environment says KIO_SCRIPT_EXEC=1, and a
 * release build (-DKIO_RELEASE) refuses them whatever the environment says.
 */
#ifndef KIO_SCRIPT_RUN_H
#define KIO_SCRIPT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct kio_kiosk;
typedef struct kio_script_run kio_script_run_t;

/* Loads PATH; on failure WHY says why. */
KIO_MUST_CHECK kio_err_t kio_script_run_open(const char *path, kio_script_run_t **out, char *why,
                                             size_t whylen);
/* NULL-safe; wipes what was typed. */
void kio_script_run_close(kio_script_run_t *s);

/* Runs steps until one has to wait. Returns ms until it wants to run again
 * (0: at once after a frame), or -1 when the script is over. */
int kio_script_run_step(struct kio_kiosk *k, kio_script_run_t *s);
/* True once the script ended with every step done. */
bool kio_script_run_passed(const kio_script_run_t *s);

/* A worker's answer to the expect-wiped probe: LEFT names what it still
 * holds, or is "" when nothing. */
void kio_script_run_probe_answer(kio_script_run_t *s, const char *left);

#endif
