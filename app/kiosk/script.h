/*
 * script.h — the automation script format of `adm-kiosk --script FILE`.
 *
 * One command per line; blank lines and lines starting with '#' are skipped:
 *   tap <widget-id>         tap the widget with that id on the current screen
 *                           (waits up to 2 s for it to appear; up to 30 s on
 *                           the confirm screen while its preview is prepared)
 *   type <text>             enter TEXT into the focused field, key by key
 *   key <name>              a keyboard key, e.g. Escape, Return, Alt+F4, Ctrl+q
 *   wait <screen> [ms]      until that screen is shown (default 10000 ms)
 *   expect-text <text>      the current frame shows TEXT, else the run fails
 *   screenshot <name>       write <screenshot-dir>/<name>.png
 *   sleep <ms>              let time pass (events still processed)
 *   scan <text>             the scanner reads TEXT: with the keyboard driver as
 *                           SDL text input + Enter (a USB scanner's keys), with
 *                           the fake one directly
 *   scan-file <path>        test hook: the scanner reads the first line of PATH
 *                           (a code a test got at run time, e.g. from a phone)
 *   exec <command>          test hook: run a shell command (tests use it to
 *                           inject faults between steps)
 *   expect-wiped            test hook: no citizen data is left in the kiosk's
 *                           buffers (state machine, token, documents, texts)
 * The test hooks run only with KIO_SCRIPT_EXEC=1 and never in a release build
 * (kiosk/script-run.h, which runs scripts).
 * Parsing is pure (fuzzed); limits are named below.
 */
#ifndef KIO_SCRIPT_H
#define KIO_SCRIPT_H

#include <stddef.h>

#include "core/err.h"

enum {
	KIO_SCRIPT_MAX_BYTES = 4 * 1024 * 1024, /* a 1000-session soak script fits */
	KIO_SCRIPT_MAX_STEPS = 32768,
	KIO_SCRIPT_ARG_MAX = 512,
	KIO_SCRIPT_WAIT_DEFAULT_MS = 10000,
	KIO_SCRIPT_WAIT_MAX_MS = 600000,
};

typedef enum kio_script_op {
	KIO_OP_TAP,
	KIO_OP_TYPE,
	KIO_OP_KEY,
	KIO_OP_WAIT,
	KIO_OP_EXPECT_TEXT,
	KIO_OP_SCREENSHOT,
	KIO_OP_SLEEP,
	KIO_OP_EXEC,
	KIO_OP_EXPECT_WIPED,
	KIO_OP_SCAN,
	KIO_OP_SCAN_FILE,
} kio_script_op_t;

typedef struct kio_script_step {
	kio_script_op_t op;
	int line;
	int ms;    /* wait/sleep */
	char *arg; /* owned, never NULL, shorter than KIO_SCRIPT_ARG_MAX; on the
	            * heap at its own length: a soak script has thousands of
	            * steps, and the kiosk's memory is measured while it runs */
} kio_script_step_t;

typedef struct kio_script {
	int nsteps;
	kio_script_step_t *steps;
} kio_script_t;

/* Parses TEXT[0..LEN). On error writes "line N: what" into WHY. */
KIO_MUST_CHECK kio_err_t kio_script_parse(const char *text, size_t len, kio_script_t *out,
                                          char *why, size_t whylen);
/* Reads and parses PATH (capped at KIO_SCRIPT_MAX_BYTES). */
KIO_MUST_CHECK kio_err_t kio_script_load(const char *path, kio_script_t *out, char *why,
                                         size_t whylen);
/* Wipes (typed text may be a password) and frees every argument. */
void kio_script_free(kio_script_t *s);

#endif
