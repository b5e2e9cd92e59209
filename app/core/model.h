/*
 * model.h — the kiosk's domain data: citizen, applications, documents.
 *
 * Plain value types with fixed, named capacities so that nothing a server
 * sends can make them grow. app/net fills them from JSON (rejecting values
 * over a limit), the state machine keeps them for the session, the UI reads
 * them, and the session wipe zeroes them (wipe_session in core/sm.c, on
 * every logout and timeout).
 */
#ifndef KIO_MODEL_H
#define KIO_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/* Named limits (bytes include the terminating NUL). */
enum {
	KIO_NIK_LEN = 16,
	KIO_NIK_BUF = KIO_NIK_LEN + 1,
	KIO_PASSWORD_MAX = 128,     /* password typed on the keyboard */
	KIO_PASSWORD_MIN = 8,       /* the online service's shortest password */
	KIO_TOKEN_MAX = 512,        /* bearer token from login */
	KIO_NAME_MAX = 128,         /* citizen name, holder */
	KIO_CODE_MAX = 64,          /* application code "OI-2026-000123" */
	KIO_SERVICE_MAX = 128,      /* service name */
	KIO_TIME_MAX = 40,          /* RFC 3339 timestamp */
	KIO_DOC_ID_MAX = 64,        /* document id */
	KIO_KIND_MAX = 32,          /* document kind "AKTA_LAHIR" */
	KIO_TITLE_MAX = 128,        /* document title */
	KIO_SHA256_HEX = 65,        /* 64 hex + NUL */
	KIO_PRINT_ID_MAX = 64,      /* reservation id "p-81f2" */
	KIO_MESSAGE_MAX = 256,      /* server's message for the citizen */
	KIO_DOCS_PER_APP_MAX = 8,   /* documents per application */
	KIO_APPS_PER_PAGE_MAX = 50, /* applications per listing page */
	KIO_UUID_BUF = 37,          /* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" */
};

/* Largest document the kiosk accepts (an A4 TTE PDF is ~100-500 kB). */
#define KIO_DOC_SIZE_MAX (32u * 1024u * 1024u)

typedef enum {
	KIO_DOC_AKTIF = 0,
	KIO_DOC_TIDAK_AKTIF,
	KIO_DOC_TIDAK_VALID,
} kio_doc_status_t;

typedef struct kio_document {
	char id[KIO_DOC_ID_MAX];
	char kind[KIO_KIND_MAX];
	char title[KIO_TITLE_MAX];
	int pages;
	uint64_t size;
	char sha256[KIO_SHA256_HEX]; /* lower-case hex */
	bool adm_printable;
	int prints_used;
	int prints_allowed; /* -1: no limit (JSON null) */
	kio_doc_status_t status;
	/* Whom the document is about (contract v1.1 holder_name; "" when the
	 * server does not say): a parent tells two children's papers apart. */
	char holder_name[KIO_NAME_MAX];
} kio_document_t;

typedef struct kio_application {
	char code[KIO_CODE_MAX];
	char service[KIO_SERVICE_MAX];
	char status[24]; /* "Selesai", ... as sent */
	char submitted_at[KIO_TIME_MAX];
	char completed_at[KIO_TIME_MAX];
	int ndocs;
	kio_document_t docs[KIO_DOCS_PER_APP_MAX];
} kio_application_t;

typedef struct kio_app_page {
	int napps;
	kio_application_t apps[KIO_APPS_PER_PAGE_MAX];
	int next_page; /* 0: no further page */
} kio_app_page_t;

typedef struct kio_citizen {
	char name[KIO_NAME_MAX];
	char nik_masked[KIO_NIK_BUF];
} kio_citizen_t;

/* Why a listed document cannot be printed at the kiosk (UI explains it). */
typedef enum {
	KIO_PRINTABLE = 0,
	KIO_NOT_PRINTABLE_OFFICE,   /* adm_printable false: collect at office */
	KIO_NOT_PRINTABLE_USED_UP,  /* prints_used >= prints_allowed */
	KIO_NOT_PRINTABLE_INACTIVE, /* status TIDAK AKTIF */
	KIO_NOT_PRINTABLE_INVALID,  /* status TIDAK VALID */
} kio_printable_t;

static inline kio_printable_t kio_document_printable(const kio_document_t *d)
{
	if (d->status == KIO_DOC_TIDAK_VALID)
		return KIO_NOT_PRINTABLE_INVALID;
	if (d->status == KIO_DOC_TIDAK_AKTIF)
		return KIO_NOT_PRINTABLE_INACTIVE;
	if (!d->adm_printable)
		return KIO_NOT_PRINTABLE_OFFICE;
	if (d->prints_allowed >= 0 && d->prints_used >= d->prints_allowed)
		return KIO_NOT_PRINTABLE_USED_UP;
	return KIO_PRINTABLE;
}

/* Prints left, or -1 for no limit. */
static inline int kio_document_prints_left(const kio_document_t *d)
{
	if (d->prints_allowed < 0)
		return -1;
	int left = d->prints_allowed - d->prints_used;
	return left > 0 ? left : 0;
}

/* One row of the officers' print log, as stored and as uploaded to /events.
 * Strings are empty when the contract says null; pages/job_id are -1 then. */
typedef struct kio_event {
	char id[KIO_UUID_BUF]; /* UUIDv4, unique, the server dedups by it */
	int64_t seq;           /* monotonic, gap-free except below an anchor */
	char at[KIO_TIME_MAX]; /* RFC 3339 with offset */
	char type[32];         /* "print.completed", ... (contract list) */
	char document_id[KIO_DOC_ID_MAX];
	char application[KIO_CODE_MAX];
	char kind[KIO_KIND_MAX];
	char nik_masked[KIO_NIK_BUF];
	int pages;
	int job_id;
	char reason[KIO_MESSAGE_MAX];
	char prev_hash[KIO_SHA256_HEX];
	char hash[KIO_SHA256_HEX];
} kio_event_t;

/* The head of a print log: its last event's seq and hash (contract v1.1
 * "Print-log anchor"). seq 0 (hash "") is an empty log, or no head known. */
typedef struct kio_log_head {
	int64_t seq;
	char hash[KIO_SHA256_HEX];
} kio_log_head_t;

#endif
