/*
 * printer.h — the kiosk's printer: one small ops table, a CUPS driver and a
 * fake behind it, and the generic job tracking both share.
 *
 * A handle is used by one thread at a time (the print worker); handles are
 * independent, so two workers may each own one. Every call is bounded: the
 * CUPS driver sets connect and request timeouts, kio_printer_track() never
 * waits longer than its no-progress bound plus one request timeout.
 *
 * Conditions are the kiosk's view of printer-state-reasons; their stable
 * names ("paper_out") are used in logs, events and as the strings key
 * "printer.<name>" for the citizen-facing text.
 */
#ifndef KIO_PRINTER_H
#define KIO_PRINTER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"
#include "core/err.h"

/* Named limits of the value types below (bytes include the NUL). */
enum {
	KIO_PRINTER_REASONS_MAX = 512, /* "media-empty-error,paused" */
	KIO_PRINTER_TEXT_MAX = 256,    /* printer-state-message, job reason */
	KIO_PRINTER_MEDIA_MAX = 256,   /* media-ready list */
	KIO_PRINTER_MARKERS_MAX = 8,
	KIO_PRINTER_MARKER_NAME_MAX = 64,
	KIO_PRINTER_JOB_NAME_MAX = 64,  /* application code */
	KIO_PRINTER_USER_MAX = 64,      /* kiosk id */
	KIO_PRINTER_KEYWORD_MAX = 64,   /* media, media-type */
	KIO_PRINTER_COPIES_MAX = 10,    /* the kiosk never prints more at once */
	KIO_PRINTER_LIST_MAX = 16,      /* names in a kio_printer_list_t */
	KIO_PRINTER_LOCATION_MAX = 384, /* "queue@host:port" (kio_printer_location) */
};

/* A short list of names for a technician to choose from: the queues on a
 * cupsd, the media types a printer takes. Longer lists are cut at
 * KIO_PRINTER_LIST_MAX; a name that does not fit is left out, not cut. */
typedef struct kio_printer_list {
	int n;
	char name[KIO_PRINTER_LIST_MAX][KIO_PRINTER_KEYWORD_MAX];
} kio_printer_list_t;

/* Ordered by nothing in particular; severity lives in printer.c. */
typedef enum kio_printer_condition {
	KIO_PRINTER_READY = 0,
	KIO_PRINTER_PAPER_OUT,
	KIO_PRINTER_PAPER_LOW,
	KIO_PRINTER_JAM,
	KIO_PRINTER_DOOR_OPEN,
	KIO_PRINTER_TONER_LOW,
	KIO_PRINTER_TONER_EMPTY,
	KIO_PRINTER_OFFLINE,
	KIO_PRINTER_STOPPED,
	KIO_PRINTER_NOT_ACCEPTING,
	KIO_PRINTER_OTHER,
	KIO_PRINTER_CONDITION__COUNT
} kio_printer_condition_t;

typedef enum kio_printer_state {
	KIO_PSTATE_UNKNOWN = 0,
	KIO_PSTATE_IDLE,
	KIO_PSTATE_PROCESSING,
	KIO_PSTATE_STOPPED,
} kio_printer_state_t;

typedef struct kio_printer_marker {
	char name[KIO_PRINTER_MARKER_NAME_MAX];
	int level; /* 0-100 %; -1 unknown (IPP -2/-3 are reported as -1) */
} kio_printer_marker_t;

typedef struct kio_printer_status {
	kio_printer_condition_t condition; /* from reasons, state and accepting */
	kio_printer_state_t state;
	bool accepting;
	char reasons[KIO_PRINTER_REASONS_MAX];   /* comma list as the printer sent */
	char message[KIO_PRINTER_TEXT_MAX];      /* printer-state-message */
	int pages_total;                         /* lifetime impressions; -1 unknown */
	char media_ready[KIO_PRINTER_MEDIA_MAX]; /* comma list; "" unknown */
	int nmarkers;
	kio_printer_marker_t markers[KIO_PRINTER_MARKERS_MAX];
} kio_printer_status_t;

/* One queue of a cupsd as listed (Get-Printers), for adm-kioskctl. */
typedef struct kio_printer_queue {
	char name[KIO_PRINTER_KEYWORD_MAX];
	kio_printer_state_t state;
	bool accepting;
	kio_printer_condition_t condition;     /* from state, accepting, reasons */
	char reasons[KIO_PRINTER_REASONS_MAX]; /* comma list; "" none */
	char device_uri[KIO_PRINTER_TEXT_MAX]; /* "" not told */
} kio_printer_queue_t;

typedef struct kio_printer_queues {
	int n;
	kio_printer_queue_t q[KIO_PRINTER_LIST_MAX];
} kio_printer_queues_t;

typedef struct kio_printer_caps {
	bool pdf;                       /* application/pdf (or raw octet-stream) accepted */
	bool media_listed;              /* the printer lists media-supported at all */
	bool media_ok;                  /* the configured media is listed (or not listed) */
	bool raw;                       /* a cupsd queue without driver: bytes go unaltered */
	int copies_max;                 /* 1 if unknown */
	kio_printer_list_t media_types; /* media-type-supported; n == 0: not listed */
} kio_printer_caps_t;

typedef enum kio_job_state {
	KIO_JOB_PENDING = 0,
	KIO_JOB_HELD,
	KIO_JOB_PROCESSING,
	KIO_JOB_STOPPED,
	KIO_JOB_CANCELED,
	KIO_JOB_ABORTED,
	KIO_JOB_COMPLETED,
} kio_job_state_t;

typedef struct kio_job_status {
	int job_id;
	kio_job_state_t state;
	int pages_done;                    /* -1 unknown */
	kio_printer_condition_t condition; /* the printer's, while the job waits */
	char reason[KIO_PRINTER_TEXT_MAX]; /* job-state-reasons / printer message */
} kio_job_status_t;

/* One print request. print-scaling=none and sides=one-sided are not options:
 * the driver always sends them (a legal document must print at 100 %). */
typedef struct kio_print_opts {
	char job_name[KIO_PRINTER_JOB_NAME_MAX];  /* application code */
	char user[KIO_PRINTER_USER_MAX];          /* kiosk id — never a NIK */
	int copies;                               /* 1..KIO_PRINTER_COPIES_MAX */
	char media[KIO_PRINTER_KEYWORD_MAX];      /* iso_a4_210x297mm */
	char media_type[KIO_PRINTER_KEYWORD_MAX]; /* stationery; "" not sent */
} kio_print_opts_t;

/* A driver. impl is the driver's own state; every op but close returns
 * KIO_ERR_PRINTER_UNAVAILABLE when the printer/cupsd cannot be reached. */
typedef struct kio_printer_ops {
	const char *name;
	kio_err_t (*open)(const kio_config_t *cfg, void **impl);
	kio_err_t (*status)(void *impl, kio_printer_status_t *st);
	kio_err_t (*capabilities)(void *impl, const kio_print_opts_t *opts,
	                          kio_printer_caps_t *caps);
	/* The two halves of submit, so that the caller can journal the job
	 * id before the document goes (a job that has its document may
	 * print). send_document never cancels the job on failure. */
	kio_err_t (*create_job)(void *impl, const kio_print_opts_t *opts, int *job_id);
	kio_err_t (*send_document)(void *impl, const kio_print_opts_t *opts, int job_id,
	                           const unsigned char *pdf, size_t len);
	/* Fills js including js->condition (the printer's, unless terminal).
	 * KIO_ERR_INVAL: the printer does not know JOB_ID (gone). */
	kio_err_t (*poll)(void *impl, int job_id, kio_job_status_t *js);
	kio_err_t (*cancel)(void *impl, int job_id);
	/* poll and cancel of a job on QUEUE at SERVER ("": the handle's) over a
	 * connection of their own, whatever queue the handle is bound to and
	 * whatever state its connection is in. */
	kio_err_t (*poll_at)(void *impl, const char *server, const char *queue, int job_id,
	                     kio_job_status_t *js);
	kio_err_t (*cancel_at)(void *impl, const char *server, const char *queue, int job_id);
	/* Technician: the fault is fixed (may be NULL: nothing to reset). */
	kio_err_t (*reset)(void *impl);
	/* Technician: the queues this driver's server offers with their state
	 * (may be NULL: nothing to choose). Works while the configured queue
	 * is missing. */
	kio_err_t (*queues)(void *impl, kio_printer_queues_t *out);
	void (*close)(void *impl);
} kio_printer_ops_t;

typedef struct kio_printer kio_printer_t;

extern const kio_printer_ops_t kio_printer_cups_ops;
extern const kio_printer_ops_t kio_printer_fake_ops;

/* Open DRIVER ("cups" or "fake") with CFG (copied; not kept). Opening does not
 * contact cupsd: a kiosk must start while the printer is still off. */
KIO_MUST_CHECK kio_err_t kio_printer_open(const char *driver, const kio_config_t *cfg,
                                          kio_printer_t **out);
KIO_MUST_CHECK kio_err_t kio_printer_open_ops(const kio_printer_ops_t *ops, const kio_config_t *cfg,
                                              kio_printer_t **out);
void kio_printer_close(kio_printer_t *p); /* NULL ok */
const char *kio_printer_driver(const kio_printer_t *p);
/* The driver state if P runs OPS, else NULL (for a driver's own extras). */
void *kio_printer_impl(kio_printer_t *p, const kio_printer_ops_t *ops);

KIO_MUST_CHECK kio_err_t kio_printer_status(kio_printer_t *p, kio_printer_status_t *st);
KIO_MUST_CHECK kio_err_t kio_printer_capabilities(kio_printer_t *p, const kio_print_opts_t *opts,
                                                  kio_printer_caps_t *caps);
/* Submit LEN bytes of PDF unaltered; *job_id is the accepted job. A job
 * whose document could not be sent is cancelled (on a fresh connection). */
KIO_MUST_CHECK kio_err_t kio_printer_submit(kio_printer_t *p, const kio_print_opts_t *opts,
                                            const unsigned char *pdf, size_t len, int *job_id);
/* Submit in two steps (see the ops): create the job, then send its bytes. */
KIO_MUST_CHECK kio_err_t kio_printer_create_job(kio_printer_t *p, const kio_print_opts_t *opts,
                                                int *job_id);
KIO_MUST_CHECK kio_err_t kio_printer_send_document(kio_printer_t *p, const kio_print_opts_t *opts,
                                                   int job_id, const unsigned char *pdf,
                                                   size_t len);
/* KIO_ERR_INVAL: the printer does not know JOB_ID (gone from its history). */
KIO_MUST_CHECK kio_err_t kio_printer_poll(kio_printer_t *p, int job_id, kio_job_status_t *js);
/* Cancelling a job that already ended is KIO_OK: poll to learn how it ended. */
KIO_MUST_CHECK kio_err_t kio_printer_cancel(kio_printer_t *p, int job_id);

/* Where CFG's jobs go, as one string for the print journal: the queue, and
 * "@server" when cfg->cups_server names one ("KIOSK@127.0.0.1:8631"); a
 * printer URI stands alone. KIO_ERR_TOOBIG if it does not fit LEN. */
KIO_MUST_CHECK kio_err_t kio_printer_location(const kio_config_t *cfg, char *out, size_t len);
/* The queue part of LOCATION into OUT (for reports to the server). */
void kio_printer_location_queue(const char *location, char *out, size_t len);
/* Poll / cancel JOB_ID where LOCATION says it went, on a fresh connection
 * (a job journalled before a technician switched queue or server, or after
 * the handle's own connection failed). Same results as poll / cancel. */
KIO_MUST_CHECK kio_err_t kio_printer_poll_at(kio_printer_t *p, const char *location, int job_id,
                                             kio_job_status_t *js);
KIO_MUST_CHECK kio_err_t kio_printer_cancel_at(kio_printer_t *p, const char *location, int job_id);
/* After the technician fixed the printer: resume the queue, accept jobs and
 * clear fault reasons a backend left behind (cupsd keeps e.g. a stale
 * media-jam-error until some later job's backend removes it, and the
 * precheck would refuse every job until then). On a cupsd queue this needs
 * CUPS admin rights (root or lpadmin group via the local socket);
 * KIO_ERR_PRINTER if refused. A direct IPP printer clears its own state. */
KIO_MUST_CHECK kio_err_t kio_printer_reset(kio_printer_t *p);
/* The queues a technician may choose (OUT->n == 0: nothing to choose, e.g. a
 * printer URI). KIO_ERR_PRINTER_UNAVAILABLE when cupsd cannot be reached. */
KIO_MUST_CHECK kio_err_t kio_printer_queues(kio_printer_t *p, kio_printer_list_t *out);
/* The same queues with state, accepting, reasons, condition and device URI
 * (adm-kioskctl printer list). */
KIO_MUST_CHECK kio_err_t kio_printer_list_queues(kio_printer_t *p, kio_printer_queues_t *out);
/* Append NAME to L unless it is full, already listed, or too long. */
void kio_printer_list_add(kio_printer_list_t *l, const char *name);

/* Fill OPTS from CFG (media, media type, kiosk id) for JOB_NAME, 1 copy. */
void kio_print_opts_init(kio_print_opts_t *opts, const kio_config_t *cfg, const char *job_name);

/* Before charging a citizen: KIO_OK only if the printer is ready (or only
 * warns: paper/toner low), accepting, takes PDF and the configured media.
 * Otherwise KIO_ERR_PRINTER with ST->condition saying why (OTHER with
 * ST->message for a capability), or KIO_ERR_PRINTER_UNAVAILABLE. ST may be
 * NULL. */
KIO_MUST_CHECK kio_err_t kio_printer_precheck(kio_printer_t *p, const kio_print_opts_t *opts,
                                              kio_printer_status_t *st);

typedef void (*kio_job_progress_fn)(void *ctx, const kio_job_status_t *js);

/* Follow JOB_ID until it ends, polling every ~0.5 s (nanosleep; a few
 * syscalls a second). PROGRESS (may be NULL) is called when state or pages
 * change. Returns
 *   KIO_OK                   completed;
 *   KIO_ERR_PRINTER          aborted/canceled by the printer, or a printer
 *                            fault (paper out, jam, door, offline, stopped,
 *                            toner empty) while the job waits — the job is
 *                            then cancelled, see printer.c for why;
 *   KIO_ERR_TIMEOUT          no change of state or pages for BOUND_S — the job
 *                            is cancelled;
 *   KIO_ERR_CANCELED         *CANCEL became true — the job is cancelled;
 *   KIO_ERR_PRINTER_UNAVAILABLE  cupsd/printer unreachable for a few polls
 *                            (the job's fate is unknown; it cannot be cancelled).
 * FINAL (may be NULL) gets the last known status, condition and reason. */
KIO_MUST_CHECK kio_err_t kio_printer_track(kio_printer_t *p, int job_id, int bound_s,
                                           kio_job_progress_fn progress, void *ctx,
                                           const atomic_bool *cancel, kio_job_status_t *final);

/* Map printer-state-reasons to one condition (pure). Suffixes -error and
 * -warning are ignored for the match; -report reasons are informational and
 * count only when no other reason maps. Faults outrank warnings. */
KIO_TEST_API kio_printer_condition_t kio_printer_condition_from_reasons(const char *const *reasons,
                                                                        int n);
/* The same for a comma list ("media-empty-error,paused"). */
kio_printer_condition_t kio_printer_condition_from_list(const char *list);
/* A condition that stops printing (paper out, jam, door, offline, stopped,
 * toner empty, not accepting). Low paper/toner and OTHER are not faults. */
bool kio_printer_condition_is_fault(kio_printer_condition_t c);
/* Stable token: "ready", "paper_out", ...; never NULL. */
const char *kio_printer_condition_name(kio_printer_condition_t c);
const char *kio_job_state_name(kio_job_state_t s);         /* "completed", ... */
const char *kio_printer_state_name(kio_printer_state_t s); /* "idle", ... */
/* Overall condition for a status: reasons, then stopped, then accepting. */
kio_printer_condition_t kio_printer_condition_of(kio_printer_state_t state, bool accepting,
                                                 const char *reasons);

#endif
