/*
 * retention.h — what the print server (cupsd) keeps after a job.
 *
 * CUPS 2.4 keeps every job's document in its spool directory for a day by
 * default (PreserveJobFiles 86400) and the job's attributes, its name
 * included, until MaxJobs pushes them out (PreserveJobHistory Yes). On a
 * kiosk that is every citizen's Kartu Keluarga, with every NIK on it, on
 * disk for 24 hours. `adm-kioskctl printer setup` sets the kiosk's policy
 * (PreserveJobFiles No, PreserveJobHistory KIO_RETENTION_HISTORY_S with
 * cupsctl); the kiosk checks it at start, `printer status`
 * and the technician's printer page report it.
 *
 * The job history is kept for a short while on purpose: after a crash the
 * print journal asks cupsd whether a job printed (app/print/txn.h), and a
 * job without history would be settled as "unknown". Job names are private
 * to the kiosk and administrators (cupsd's JobPrivateValues default).
 */
#ifndef KIO_RETENTION_H
#define KIO_RETENTION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Seconds cupsd keeps a finished job's attributes (no document). */
#define KIO_RETENTION_HISTORY_S 600

typedef struct kio_retention {
	char files[24];       /* PreserveJobFiles as cupsd.conf says; "" = default (86400) */
	char history[24];     /* PreserveJobHistory; "" = default (Yes) */
	bool keeps_documents; /* finished jobs' documents stay in the spool */
	bool keeps_history;   /* job names stay longer than KIO_RETENTION_HISTORY_S */
} kio_retention_t;

/* Reads cupsd's settings from SERVER ("host:port", a socket path, or "" for
 * libcups' default) and judges them. KIO_ERR_PRINTER_UNAVAILABLE when cupsd
 * cannot be reached or will not show its settings (then *OUT says nothing). */
KIO_MUST_CHECK kio_err_t kio_retention_check(const char *server, kio_retention_t *out);

/* One line for a technician from the strings table STR (keys
 * tech.cups.*): what cupsd keeps, or that it cannot be read (ERR). */
struct kio_strings;
void kio_retention_describe(const struct kio_strings *str, kio_err_t err, const kio_retention_t *r,
                            char *out, size_t outlen);

/* Judges the two values as cupsd would ("" = its default); fills *OUT. */
void kio_retention_judge(const char *files, const char *history, kio_retention_t *out);

/* True when cupsd deletes documents when a job ends and forgets the job
 * within KIO_RETENTION_HISTORY_S: the kiosk's policy. */
bool kio_retention_is_private(const kio_retention_t *r);

#endif
