/*
 * kiosk.h — the kiosk program: config, state machine, UI and workers wired
 * into one event-driven main loop. main() parses arguments and calls
 * kio_kiosk_run(); everything else lives behind it.
 */
#ifndef KIO_KIOSK_H
#define KIO_KIOSK_H

#include <stdbool.h>

typedef struct kio_kiosk_opts {
	const char *config_path;
	bool windowed; /* a window instead of fullscreen (demo) */
	bool fullscreen;
	bool hidden;                /* headless: no visible window (scripts, tests) */
	const char *script;         /* --script FILE */
	const char *events;         /* --events FILE (JSON lines) */
	const char *shot_dir;       /* --screenshot-dir DIR */
	bool allow_root;            /* --allow-root */
	bool dev;                   /* --dev: window close quits; plain http allowed */
	const char *printer_driver; /* "cups" (default) or "fake" */
	const char *scanner_driver; /* "keyboard" (default), "fake" or "none" */
	const char *assets_dir;     /* default: assets */
	int exit_after_idle_ms;     /* benchmarks: quit this long after first frame */
	bool no_display;            /* --no-display: the workers only, no SDL (fleet runs) */
	bool test_lockstep;         /* --test-lockstep: no phase, no backoff (fleet baseline) */
} kio_kiosk_opts_t;

/* Runs until a stop signal (or the script's end). Returns the process exit
 * status: 0 ok, 1 runtime failure or a failed script, 2 bad configuration. */
int kio_kiosk_run(const kio_kiosk_opts_t *opts);

#endif
