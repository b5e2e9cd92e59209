/*
 * kiosk-private.h — the kiosk's one context struct, shared by kiosk.c (the
 * UI thread: main loop, effects, results), script-run.c (the automation
 * script, on the UI thread) and services.c (the workers).
 *
 * Ownership: the UI thread owns sm, ui, cfg and events. Each worker owns its
 * own client, printer and store handle and its own copy of the config, so no
 * handle is ever shared between threads. A technician's setting is changed
 * by the bg worker (JOB_SET_CONFIG: validate, apply, save, log), which sends
 * the new config back as a result; the UI thread then hands it to the
 * session worker (JOB_CONFIG). Workers talk back only through
 * kio_kiosk_post_result().
 */
#ifndef KIO_KIOSK_PRIVATE_H
#define KIO_KIOSK_PRIVATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "core/backoff.h"
#include "core/config.h"
#include "core/sm.h"
#include "kiosk/events.h"
#include "kiosk/kiosk.h"
#include "kiosk/script-run.h"
#include "kiosk/worker.h"
#include "net/client.h"
#include "sys/speech.h"
#include "print/preview.h"
#include "print/txn.h"
#include "printer/printer.h"
#include "scanner/scanner.h"
#include "store/store.h"
#include "ui/ui.h"
#include "watchdog/watchdog.h"

typedef enum kio_job_kind {
	JOB_LOGIN,
	JOB_LIST,
	JOB_LOGOUT,
	JOB_PIN,
	JOB_PRINT,
	JOB_LOG,
	JOB_STATUS,       /* printer status + store writable, now */
	JOB_RECOVER,      /* settle unsettled prints, now (a print just failed) */
	JOB_TECH,         /* fx.tech_cmd: a technician/officer command */
	JOB_SET_CONFIG,   /* fx.config_key = fx.value: validate, apply, save, log */
	JOB_PERSIST_LOCK, /* fx.locked_until_s into the key-value state */
	JOB_CONFIG,       /* cfg replaces the worker's copy */
	JOB_WIPE_PROBE,   /* test hook: does this worker still hold session data? */
	JOB_CODE_NEW,     /* phone.c: a login code (v1.1) */
	JOB_CODE_POLL,    /* fx.value: poll that code once */
	JOB_CODE_CLAIM,   /* fx.value: claim a scanned code */
	JOB_VERIFY_DOC,   /* fx.value: a scanned document's status */
	JOB_PREVIEW,      /* fx.doc: download + verify (no reservation), render page 1 */
	JOB_PREVIEW_DROP, /* wipe the verified bytes the session worker holds */
} kio_job_kind_t;

typedef struct kio_job {
	kio_job_kind_t kind;
	unsigned gen; /* session generation: stale results are dropped */
	kio_effect_t fx;
	kio_config_t cfg;         /* JOB_CONFIG */
	int preview_w, preview_h; /* JOB_PREVIEW: the box page 1 is scaled to fit */
} kio_job_t;

/* The bg worker's periodic duties (sched.c): when each is next due
 * (monotonic ms) and how failures back off. Heartbeats keep a random phase
 * per kiosk and boot; failed heartbeats, uploads and printer checks back
 * off with full jitter (core/backoff.h) between the configured base and
 * cap, honour Retry-After, and return to the normal interval after a
 * success. Only the bg worker has one: a citizen's requests (session
 * worker) never wait for it. */
typedef struct kio_sched {
	bool on;       /* false: a worker without periodic duties (session) */
	bool lockstep; /* test only (--test-lockstep): the schedule before backoff */
	uint64_t heartbeat_at, upload_at, status_at, disk_at, recover_at, prune_at;
	kio_backoff_t heartbeat, upload, status, pace;
	int64_t status_every_ms; /* adaptive: doubles while nothing changes */
	char condition[32];      /* the printer's at the last check */
	bool writable;           /* the print log's at the last check */
	uint64_t probed_ms;      /* last full (write) check of the print log */
	struct {                 /* the paper status last posted */
		bool known, low, blocked;
		int64_t left;
	} paper;
	bool unavailable; /* printer fault or no paper by the count: poll at the base rate */
} kio_sched_t;

/* A worker's own resources. */
typedef struct kio_service {
	struct kio_kiosk *k;
	const char *name;
	kio_config_t cfg;
	kio_client_t *client;
	kio_printer_t *printer;
	kio_store_t *store;
	kio_txn_env_t env;
	kio_worker_t *worker;
	bool needs_store;        /* opened at start; retried while it fails */
	uint64_t store_retry_ms; /* next attempt to open it */
	bool retention_checked;  /* cupsd's PreserveJob* looked at (retention.h) */
	kio_sched_t sched;       /* bg only */
	/* Session worker: the document the citizen's preview downloaded and
	 * verified (mlocked, wiped on drop, print, logout); "Cetak" prints
	 * exactly these bytes. */
	kio_docbuf_t verified;
	kio_document_t verified_doc;
} kio_service_t;

typedef enum kio_result_kind {
	KIO_RESULT_EVENT,      /* ev for the state machine */
	KIO_RESULT_CONFIG,     /* cfg: the config the bg worker applied and saved */
	KIO_RESULT_WIPE_PROBE, /* left: what a worker still holds ("" nothing) */
} kio_result_kind_t;

typedef struct kio_result {
	kio_result_kind_t kind;
	unsigned gen;
	kio_sm_event_t ev;
	kio_app_page_t *page;        /* LIST_DONE: heap page, freed by the UI thread */
	kio_config_t *cfg;           /* KIO_RESULT_CONFIG: heap, freed by the UI thread */
	const char *left;            /* KIO_RESULT_WIPE_PROBE: a static string */
	kio_officer_view_t *officer; /* OFFICER_VIEW: heap, freed by the UI thread */
	kio_facts_t *facts;          /* TECH_DONE: heap, freed by the UI thread */
	kio_preview_img_t *img;      /* PREVIEW_DONE: heap, wiped and freed by the UI thread */
	int render_ms;               /* PREVIEW_DONE: verified bytes → pixels */
} kio_result_t;

enum { KIO_RESULTS_MAX = 128, KIO_LAST_ERRORS = 5, KIO_WORKERS = 2 };

typedef struct kio_kiosk {
	kio_kiosk_opts_t opts;
	kio_config_t cfg;
	kio_sm_t *sm;
	kio_ui_t *ui;
	kio_speech_t *speech; /* spoken guidance; its thread starts on first use */
	kio_watchdog_t *watchdog;
	uint64_t start_ms;
	int64_t start_wall;

	kio_service_t session; /* login, list, logout, PIN checks, prints */
	kio_service_t bg;      /* log, heartbeat, upload, status, recovery, tech */
	atomic_bool print_cancel;
	atomic_llong active_tx; /* journal id of the print in progress (txn.h) */
	atomic_int preview_seq; /* the preview the screen waits for (sm preview.seq) */
	atomic_uint gen;

	pthread_mutex_t rq_lock;
	kio_result_t rq[KIO_RESULTS_MAX];
	int rq_head, rq_count;
	uint32_t wake_event; /* SDL user event that wakes the main loop */

	bool trim_pending;   /* a session was wiped: give pages back after the next frame */
	uint64_t compact_at; /* kio_ui_compact when due, on the idle screen; 0: none */
	/* Frame times for --events ("frame_stats" at exit, for the benchmarks):
	 * every drawn frame, those drawn while a print runs, and from a tap or
	 * key to the frame that shows its result. Microseconds. */
	struct {
		bool started;      /* the first frame, start-up's, is not counted */
		uint64_t input_us; /* an intent waits for its frame; 0 none */
		uint64_t n, sum_us, max_us, printing_max_us, taps, tap_max_us;
	} frames;

	kio_scanner_t *scanner; /* --scanner-driver; read on this thread */

	kio_events_t *events;     /* --events JSON lines, or NULL */
	kio_script_run_t *script; /* --script, or NULL */
	char last_errors[KIO_LAST_ERRORS][128];
	int nlast_errors;
} kio_kiosk_t;

/* services.c, for a worker's jobs: a state-machine event to the UI thread;
 * the print log, reopened if it failed (false: still not writable); a
 * printer status as KIO_EV_PRINTER_STATUS; NEXT as this worker's config
 * (a new queue or cupsd reopens the printer). */
void kio_service_post_event(kio_service_t *s, unsigned gen, kio_sm_event_t *ev);
bool kio_service_have_store(kio_service_t *s);
void kio_service_status_event(kio_sm_event_t *ev, kio_err_t err, const kio_printer_status_t *st);
void kio_service_take_config(kio_service_t *s, const kio_config_t *next);

/* services.c, the bg worker's periodic duties for sched.c: one heartbeat
 * (*RETRY_AFTER_S: the server's Retry-After, 0 none); up to ROUNDS upload
 * batches (*MORE: rows still pending; *ANSWERED: the server took one); the printer and store
 * status, posted when ANNOUNCE or when it changed; recovery (returns the prints still unsettled);
 * retention. */
kio_err_t kio_service_heartbeat(kio_service_t *s, unsigned gen, int *retry_after_s);
kio_err_t kio_service_upload(kio_service_t *s, int rounds, bool *more, bool *answered,
                             int *retry_after_s);
kio_err_t kio_service_printer_status(kio_service_t *s, unsigned gen, bool announce, bool *changed);
void kio_service_store_status(kio_service_t *s, unsigned gen, bool announce);
int kio_service_recover(kio_service_t *s);
void kio_service_prune(kio_service_t *s);

/* sched.c: sets up the bg worker's schedule at start (random phase), and
 * the worker's tick (worker.h) that runs what is due. */
void kio_sched_init(kio_service_t *s, bool lockstep);
int64_t kio_sched_tick(void *ctx, uint64_t now_ms);
/* kiosk-preview.c, on the UI thread: KIO_FX_PREVIEW / KIO_FX_PREVIEW_DROP
 * to the session worker; a PREVIEW_DONE result's page to the UI (only for
 * the preview on screen; sets ev.u.print.image) before the SM sees it. */
void kio_kiosk_preview_effect(kio_kiosk_t *k, const kio_effect_t *e);
void kio_kiosk_preview_done(kio_kiosk_t *k, kio_result_t *r);

/* staff.c: JOB_TECH, JOB_PERSIST_LOCK and JOB_SET_CONFIG on the bg worker. */
void kio_staff_tech(kio_service_t *s, kio_job_t *job);
void kio_staff_persist_lock(kio_service_t *s, kio_job_t *job);
void kio_staff_set_config(kio_service_t *s, kio_job_t *job);

/* paper.c: the sheets counted out of the print log and the daily cap.
 * kio_paper_refuse: before any reservation, true (and EV a refused
 * KIO_EV_PRINT_DONE) when today's cap is reached or the count says no paper
 * is left. kio_paper_printed logs TYPE ("testpage.printed", "report.printed")
 * with PAGES sheets. kio_paper_status_event: KIO_EV_PAPER_STATUS for the idle
 * screen; false when the log cannot be read. */
bool kio_paper_refuse(kio_service_t *s, kio_sm_event_t *ev);
void kio_paper_printed(kio_service_t *s, const char *type, int pages, int job_id);
bool kio_paper_status_event(kio_service_t *s, const kio_printer_status_t *st, kio_sm_event_t *ev);
void kio_paper_facts(kio_service_t *s, kio_facts_t *out);
void kio_paper_loaded(kio_service_t *s, kio_job_t *job, kio_facts_t *out);
void kio_paper_count(kio_service_t *s, kio_job_t *job, kio_facts_t *out);

/* officer.c: the dashboard's facts (KIO_EV_OFFICER_VIEW) and the daily
 * report printed from it. */
void kio_officer_view(kio_service_t *s, kio_job_t *job);
void kio_officer_print_report(kio_service_t *s, kio_facts_t *out);
void kio_officer_uploaded(kio_service_t *s);
/* phone.c: JOB_CODE_* and JOB_VERIFY_DOC on the session worker. */
void kio_phone_job(kio_service_t *s, kio_job_t *job);

/* voice.c: hands what the UI wants said to the synthesiser; never waits. */
void kio_kiosk_speak(kio_kiosk_t *k);

/* Start/stop the two workers (services.c). */
KIO_MUST_CHECK kio_err_t kio_services_start(kio_kiosk_t *k);
void kio_services_stop(kio_kiosk_t *k);
/* Post a job to the worker that runs that kind. */
kio_err_t kio_services_post(kio_kiosk_t *k, const kio_job_t *job);

/* Thread-safe: queue a state-machine event for the UI thread and wake it.
 * Takes PAGE. */
void kio_kiosk_post_result(kio_kiosk_t *k, unsigned gen, const kio_sm_event_t *ev,
                           kio_app_page_t *page);
/* Thread-safe: queue any result (kio_result_t); takes its heap parts. */
void kio_kiosk_post(kio_kiosk_t *k, kio_result_t *r);

/* UI thread, for script-run.c: one event into the state machine and its
 * effects carried out; one SDL event through the UI. */
void kio_kiosk_feed(kio_kiosk_t *k, kio_sm_event_t *ev);
void kio_kiosk_ui_event(kio_kiosk_t *k, const SDL_Event *e, bool *quit);

/* frames.c: the monotonic clock in microseconds; a frame drawn from T0 to
 * T1 (the first, start-up's, is not counted); the statistics as one
 * "frame_stats" event. */
uint64_t kio_frames_now_us(void);
void kio_frames_count(kio_kiosk_t *k, uint64_t t0, uint64_t t1);
void kio_frames_emit(kio_kiosk_t *k);
/* UI thread: every complete scan into the state machine (classified). */
void kio_kiosk_take_scans(kio_kiosk_t *k);
/* Posts a job of KIND to the worker that runs it (UI thread). */
void kio_kiosk_post_job(kio_kiosk_t *k, kio_job_kind_t kind, const kio_effect_t *fx);

#endif
