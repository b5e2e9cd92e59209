/*
 * fake.h — a scriptable printer behind the same ops table as CUPS.
 *
 * For unit tests of the print flow and the UI state machine: open it with
 * kio_printer_open("fake", ...), then script what the printer does. Each
 * submitted job is pending on its first poll, then processing; it reaches
 * the scripted outcome after `after_polls` polls, counting one page per poll
 * up to `pages`. kio_printer_reset() makes it ready and accepting again. A
 * jam or paper out stays on the printer until reset or set_condition.
 * All calls are thread-safe (a test thread may script while a
 * worker tracks). Every function ignores a handle that is not the fake.
 */
#ifndef KIO_PRINTER_FAKE_H
#define KIO_PRINTER_FAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "printer/printer.h"

typedef enum kio_fake_outcome {
	KIO_FAKE_COMPLETE = 0, /* job completed */
	KIO_FAKE_JAM,          /* printer reports media-jam-error, job stays processing */
	KIO_FAKE_PAPER_OUT,    /* printer stopped with media-empty-error, job pending */
	KIO_FAKE_ABORT,        /* job aborted by the printer (reason "aborted-by-system") */
	KIO_FAKE_STALL,        /* job stays processing, no progress, forever */
	KIO_FAKE_UNREACHABLE,  /* every call fails as if cupsd were gone */
} kio_fake_outcome_t;

/* What every job submitted from now on does (default: COMPLETE, 2 polls, 1 page). */
KIO_TEST_API void kio_printer_fake_script(kio_printer_t *p, kio_fake_outcome_t outcome,
                                          int after_polls, int pages);
/* Printer status as seen by status/precheck (default READY, accepting). The
 * condition is turned into matching reasons and state ("paper_out" ->
 * media-empty-error + stopped). */
KIO_TEST_API void kio_printer_fake_set_condition(kio_printer_t *p, kio_printer_condition_t c);
KIO_TEST_API void kio_printer_fake_set_accepting(kio_printer_t *p, bool accepting);
/* Capabilities (default: PDF and the configured media supported). */
KIO_TEST_API void kio_printer_fake_set_caps(kio_printer_t *p, bool pdf, bool media_ok);
/* Make the next submit fail with ERR (KIO_OK: no failure). */
KIO_TEST_API void kio_printer_fake_fail_submit(kio_printer_t *p, kio_err_t err);

/* Inspection for assertions. */
typedef struct kio_fake_stats {
	int submitted; /* jobs accepted */
	int polls;     /* poll calls */
	int cancels;   /* cancel calls */
	int last_job_id;
	bool last_canceled;         /* the last job was cancelled */
	kio_print_opts_t last_opts; /* options of the last job */
	size_t last_len;            /* its document size */
} kio_fake_stats_t;
KIO_TEST_API void kio_printer_fake_stats(kio_printer_t *p, kio_fake_stats_t *out);

#endif
