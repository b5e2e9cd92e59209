/*
 * txnsim.h — what the simulation's parts share (tests/txnsim).
 *
 * The simulation runs the real print transaction (app/print/txn.c), the real
 * journal and print log (app/store) and the real job tracking
 * (drivers/printer/printer.c) against an in-process central server and a
 * simulated cupsd + printer (world.c), on a fake clock, under a seeded
 * scheduler (txnsim.c). Logical threads are real pthreads, but only the one
 * holding the baton runs: every call into the server, the printer or
 * nanosleep() is a yield point where the scheduler picks who runs next, may
 * advance the clock, and may crash the kiosk (the kiosk's threads unwind
 * with longjmp and the journal is reopened from disk).
 */
#ifndef KIO_TXNSIM_H
#define KIO_TXNSIM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "print/txn.h"

enum {
	SIM_LOCS = 2,        /* two queues on two cupsd servers */
	SIM_JOBS = 64,       /* jobs per queue in one schedule */
	SIM_RSV = 32,        /* reservations in one schedule */
	SIM_CALLS = 128,     /* complete/release calls remembered */
	SIM_TIMEOUT_S = 20,  /* printer.job_timeout_s */
	SIM_RSV_TTL_S = 900, /* the server's reservation lifetime */
	SIM_NAME = 48,
};

/* A job's plan, drawn when its document arrives. */
typedef enum { PLAN_COMPLETE, PLAN_LATE, PLAN_ABORT, PLAN_STALL, PLAN_PAPER_OUT } sim_plan_t;

typedef struct sim_job {
	int id;
	char attempt[SIM_NAME]; /* the job name: the print attempt's application code */
	sim_plan_t plan;
	bool doc_done;
	int64_t created_ms, doc_ms, proc_ms, end_ms;
	int64_t cancel_ms; /* 0: never cancelled */
	bool seeded;       /* history from before the schedule (not a citizen's) */
	bool seeded_ok;    /* a seeded job's outcome: completed (else canceled) */
} sim_job_t;

typedef struct sim_loc {
	char queue[SIM_NAME];
	char server[SIM_NAME];
	int njobs;
	sim_job_t jobs[SIM_JOBS];
	int nout;
	int64_t out_from[4], out_to[4]; /* cupsd outages [from, to) */
} sim_loc_t;

typedef struct sim_call {
	int64_t at_ms;
	bool complete; /* else release */
	bool effective;
} sim_call_t;

typedef enum { RSV_HELD, RSV_COMPLETED, RSV_RELEASED } sim_rsv_state_t;

typedef struct sim_rsv {
	char key[40];
	char print_id[SIM_NAME];
	char doc[SIM_NAME];
	int64_t created_ms;
	sim_rsv_state_t state;
	int ncalls;
	sim_call_t calls[8];
} sim_rsv_t;

/* Knobs of one schedule: drawn from the seed, or set by a named case. */
typedef struct sim_knobs {
	int prints;
	int crash_permille; /* per yield point */
	int max_crashes;
	int lost_req_permille, lost_ans_permille, srv_err_permille;
	int switch_at_s;   /* technician switches queue at this time; <0 never */
	bool random_costs; /* else fixed: server 100 ms, printer 50 ms */
	bool random_pick;  /* else earliest wake first, print thread on ties */
	int gap_max_s;     /* pause before each print */
	int restart_max_s; /* kiosk down after a crash */
	int retry_same_doc_pct;
	/* scripted cases */
	int nplans;                 /* 0: drawn; else the plans of the first jobs, */
	sim_plan_t plans[4];        /* the last one repeated */
	int late_end_s;             /* PLAN_LATE: prints this long after its document */
	int outage_on_first_poll_s; /* cupsd down from the first job poll, this long */
	bool lose_send_answer;      /* send_document: the answer is lost */
	int outage_on_send_s;       /* cupsd restarts right after send_document */
	bool crash_after_send;      /* the kiosk dies right after send_document */
	bool crash_after_reserve;   /* ... right after the reservation was made */
	bool crash_after_create;    /* ... right after Create-Job (no document yet) */
	bool crash_before_send;     /* ... with the job id journalled, before its document */
	bool crash_on_first_poll;   /* the kiosk dies at the first job poll */
	int recover_delay_ms;       /* first recovery after (re)start */
	bool seed_spare_history;    /* the spare queue already ran jobs 1..3 */
} sim_knobs_t;

typedef struct sim_world {
	int64_t now_ms;
	uint64_t rng;
	sim_knobs_t k;
	bool calm; /* quiesce: no more crashes, lost messages or server errors */
	int loc;   /* the queue the technician configured */
	sim_loc_t locs[SIM_LOCS];
	int nrsv;
	sim_rsv_t rsv[SIM_RSV];
	int next_print;
	int crashes;
	bool crash_now; /* a scripted crash waits for the next yield */
	int polls;      /* job polls so far (scripted triggers) */
	int ndocs;      /* documents that reached a printer */
	bool verbose;
	char violation[512];
} sim_world_t;

extern sim_world_t W;
extern const kio_printer_ops_t sim_printer_ops;
extern const kio_txn_server_ops_t sim_server_ops;

/* Server impl of a worker: the session worker holds a citizen token. */
typedef struct sim_server {
	bool token;
} sim_server_t;

uint64_t sim_rand(void);
int sim_range(int lo, int hi); /* lo..hi inclusive */
bool sim_chance(int permille);

/* A yield point costing COST_MS of fake time (txnsim.c). */
void sim_yield(int64_t cost_ms);
/* The cost of a server or printer call under the current knobs. */
int64_t sim_cost(bool server);
/* Crash here if a scripted crash is pending (never returns then). */
void sim_maybe_crash(void);

/* world.c */
void world_reset(const sim_knobs_t *k);
bool world_reachable(int loc);
/* Documents a fake download handed out and not yet freed. */
extern atomic_int sim_live_docs;
extern unsigned char *sim_doc_ptr;
void world_check(const char *db_path);
void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* With -v: one line per call into the world, on stderr. */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sim_thread(void);

#endif
