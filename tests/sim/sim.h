/* sim.h — shared parts of adm-central-sim (see main.c for the CLI and admin API). */
#ifndef KIO_SIM_H
#define KIO_SIM_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* Demo citizens: NIK, password, what the account shows (--demo-credentials). */
typedef struct sim_demo {
	const char *nik;
	const char *password;
	const char *name;
	const char *state; /* ok | not_verified | locked */
	const char *shows;
} sim_demo_t;

extern const sim_demo_t sim_demos[];
extern const size_t sim_ndemos;

/* Creates the schema (idempotent). 0 on success. */
int sim_db_schema(sqlite3 *db);
/* Empties the tables and seeds the demo data; documents are generated into
 * DATA_DIR/docs with the QR pointing at https://VERIFY_HOST/v/<id>.
 * BIG_DOCS adds the benchmark documents (1 MB and 10 MB). 0 on success. */
int sim_seed(sqlite3 *db, const char *data_dir, const char *verify_host, bool big_docs);

/* Renders one A4 PDF into memory (malloc'd, caller frees). Deterministic for
 * the same input: fixed creation date, no random ids. 0 on success. */
int sim_pdf_render(const char *title, const char *code, const char *holder, const char *nik,
                   const char *doc_id, const char *verify_host, size_t pad_to, unsigned char **out,
                   size_t *outlen);

/* Runs argv (no shell); 0 when it exits 0. */
int sim_run(const char *const argv[]);

/* SHA-256 hex of a buffer. */
void sim_sha256_hex(const unsigned char *data, size_t len, char out[65]);

/* ---- login codes (codes.c, contract v1.1 "Login with a phone") ---- */
enum { SIM_CODE_LEN = 6 };

typedef struct sim_codes {
	sqlite3 *db;
	const char *url_host; /* host[:port] of the codes' https URLs */
	int ttl_s;            /* expires_in of a new code */
	int poll_s;           /* poll_s the kiosk is told */
	int session_ttl;
} sim_codes_t;

/* Each returns the HTTP status and sets *OUT to the JSON answer (an error
 * body for non-2xx). */
int sim_code_new(const sim_codes_t *c, json_t **out);
int sim_code_poll(const sim_codes_t *c, const char *code, json_t **out);
int sim_code_claim(const sim_codes_t *c, const char *code, json_t **out);
/* Phone side: BODY {"nik": N[, "refuse": true]} confirms (or refuses) a
 * kiosk's pending code; sim_code_issue makes a code the phone shows. */
int sim_code_confirm(const sim_codes_t *c, const char *code, const char *body, size_t len,
                     json_t **out);
int sim_code_issue(const sim_codes_t *c, const char *body, size_t len, json_t **out);

#endif
