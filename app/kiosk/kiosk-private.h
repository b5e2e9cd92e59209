/*
 * kiosk-private.h — the kiosk's one context struct, shared by kiosk.c (the
 * UI thread: main loop, effects, script) and services.c (the workers).
 *
 * Ownership: the UI thread owns sm, ui and cfg. Each worker owns its own
 * client, printer and store handle and its own copy of the config (updated
 * by a JOB_CONFIG job), so no handle is ever shared between threads. Workers
 * talk back only through kio_kiosk_post_result().
 */
#ifndef KIO_KIOSK_PRIVATE_H
#define KIO_KIOSK_PRIVATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "core/config.h"
#include "core/sm.h"
#include "kiosk/kiosk.h"
#include "kiosk/worker.h"
#include "net/client.h"
#include "print/txn.h"
#include "printer/printer.h"
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
	JOB_HEARTBEAT,
	JOB_UPLOAD,
	JOB_STATUS, /* printer status + store writable */
	JOB_RECOVER,
	JOB_PRUNE, /* print-log retention */
	JOB_TECH,
	JOB_CONFIG, /* replace the worker's config copy (and save it if asked) */
} kio_job_kind_t;

typedef struct kio_job {
	kio_job_kind_t kind;
	unsigned gen; /* session generation: stale results are dropped */
	bool save;    /* JOB_CONFIG: also write the file */
	kio_effect_t fx;
	kio_config_t cfg; /* JOB_CONFIG */
} kio_job_t;

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
} kio_service_t;

typedef struct kio_result {
	unsigned gen;
	kio_sm_event_t ev;
	kio_app_page_t *page; /* LIST_DONE: heap page, freed by the UI thread */
} kio_result_t;

enum { KIO_RESULTS_MAX = 128, KIO_LAST_ERRORS = 5 };

typedef struct kio_kiosk {
	kio_kiosk_opts_t opts;
	kio_config_t cfg;
	kio_sm_t *sm;
	kio_ui_t *ui;
	kio_watchdog_t *watchdog;
	uint64_t start_ms;
	int64_t start_wall;

	kio_service_t session; /* login, list, logout, PIN checks, prints */
	kio_service_t bg;      /* log, heartbeat, upload, status, recovery, tech */
	atomic_bool print_cancel;
	atomic_llong active_tx; /* journal id of the print in progress (txn.h) */
	atomic_uint gen;

	pthread_mutex_t rq_lock;
	kio_result_t rq[KIO_RESULTS_MAX];
	int rq_head, rq_count;
	uint32_t wake_event; /* SDL user event that wakes the main loop */

	bool trim_pending; /* a session was wiped: give pages back after the next frame */

	FILE *events; /* --events JSON lines, or NULL */
	char last_errors[KIO_LAST_ERRORS][128];
	int nlast_errors;
} kio_kiosk_t;

/* Start/stop the two workers (services.c). */
KIO_MUST_CHECK kio_err_t kio_services_start(kio_kiosk_t *k);
void kio_services_stop(kio_kiosk_t *k);
/* Post a job to the worker that runs that kind. */
kio_err_t kio_services_post(kio_kiosk_t *k, const kio_job_t *job);

/* Thread-safe: queue a result for the UI thread and wake it. Takes PAGE. */
void kio_kiosk_post_result(kio_kiosk_t *k, unsigned gen, const kio_sm_event_t *ev,
                           kio_app_page_t *page);

#endif
