/*
 * txnsim.c — the deterministic simulation of the print transaction: the
 * scheduler, the kiosk's two workers, the schedules and the named cases.
 *
 *   txnsim --seeds N [--seed S]   N random schedules from seed S (default 1)
 *   txnsim --case NAME            one scripted schedule (the four holes)
 *   txnsim --replay S -v          one schedule, with the kiosk's log
 *
 * Ends with "txnsim: N schedules, K violations"; each violation prints its
 * seed and the command that replays it. See txnsim.h for the design.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/str.h"
#include "txnsim.h"

enum { LT_PRINT, LT_RECOVER, LT_N };

static const int64_t T0_MS = 1800000000000LL; /* 2027-01-15, any fixed time */

/* ---- the fake clock (linked with -Wl,--wrap=...) ---------------------------------- */

int __real_nanosleep(const struct timespec *req, struct timespec *rem);
static __thread int t_self = -1; /* logical thread of this pthread; -1: main */

time_t __wrap_time(time_t *t);
time_t __wrap_time(time_t *t)
{
	time_t s = (time_t)(W.now_ms / 1000);
	if (t)
		*t = s;
	return s;
}

int __wrap_clock_gettime(clockid_t id, struct timespec *ts);
int __wrap_clock_gettime(clockid_t id, struct timespec *ts)
{
	(void)id;
	ts->tv_sec = (time_t)(W.now_ms / 1000);
	ts->tv_nsec = (long)(W.now_ms % 1000) * 1000000L;
	return 0;
}

int __wrap_nanosleep(const struct timespec *req, struct timespec *rem);
int __wrap_nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (t_self < 0)
		return __real_nanosleep(req, rem);
	sim_yield((int64_t)req->tv_sec * 1000 + req->tv_nsec / 1000000);
	if (rem)
		memset(rem, 0, sizeof *rem);
	return 0;
}

/* ---- the baton ------------------------------------------------------------------------ */

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int running; /* logical thread holding the baton; -1: none */
	int nalive;
	bool alive[LT_N];
	int64_t wake[LT_N];
	jmp_buf jb[LT_N];
	bool crashed; /* this life of the kiosk is over */
} S = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .running = -1};

/* Hand the baton to a thread whose wake time has come, advancing the clock
 * when none has; the schedule's knobs say how to choose. Under S.mu. */
static void pass_baton(void)
{
	for (;;) {
		int ready[LT_N], n = 0;
		int64_t next = INT64_MAX;
		for (int i = 0; i < LT_N; i++) {
			if (!S.alive[i])
				continue;
			if (S.wake[i] <= W.now_ms || S.crashed) /* the dead wait for no one */
				ready[n++] = i;
			if (S.wake[i] < next)
				next = S.wake[i];
		}
		if (n) {
			S.running = W.k.random_pick ? ready[sim_rand() % (uint64_t)n] : ready[0];
			break;
		}
		if (next == INT64_MAX) {
			S.running = -1;
			break;
		}
		W.now_ms = next;
	}
	pthread_cond_broadcast(&S.cv);
}

/* Wait for the baton; unwind if the kiosk crashed meanwhile. */
static void take_baton(int self)
{
	bool dead;

	pthread_mutex_lock(&S.mu);
	while (S.running != self)
		pthread_cond_wait(&S.cv, &S.mu);
	dead = S.crashed;
	pthread_mutex_unlock(&S.mu);
	if (dead)
		longjmp(S.jb[self], 1);
}

int sim_thread(void)
{
	return t_self;
}

static void crash(void)
{
	trace("CRASH");
	W.crashes++;
	S.crashed = true;
	longjmp(S.jb[t_self], 1);
}

void sim_maybe_crash(void)
{
	if (W.crash_now && t_self >= 0) {
		W.crash_now = false;
		crash();
	}
}

void sim_yield(int64_t cost_ms)
{
	int self = t_self;

	if (self < 0) {
		W.now_ms += cost_ms;
		return;
	}
	if (!W.calm && W.crashes < W.k.max_crashes && sim_chance(W.k.crash_permille))
		crash();
	pthread_mutex_lock(&S.mu);
	S.wake[self] = W.now_ms + (cost_ms > 0 ? cost_ms : 0);
	pass_baton();
	pthread_mutex_unlock(&S.mu);
	take_baton(self);
}

int64_t sim_cost(bool server)
{
	if (!W.k.random_costs)
		return server ? 100 : 50;
	return server ? sim_range(20, 3000) : sim_range(5, 500);
}

/* ---- the kiosk's workers ---------------------------------------------------------------- */

static char g_db[256];
static atomic_llong g_active;
static bool g_print_done;   /* the print worker has nothing more to do */
static int g_in_print = -1; /* document being printed when the kiosk died */
static int g_attempts;

typedef struct worker {
	kio_config_t cfg;
	kio_store_t *store;
	kio_printer_t *printer;
	sim_server_t srv;
	kio_txn_env_t env;
	int loc;
} worker_t;

static worker_t g_w[LT_N];

/* The queue the technician chose, as of now. */
static int configured_loc(void)
{
	return W.k.switch_at_s >= 0 && W.now_ms >= T0_MS + W.k.switch_at_s * 1000LL ? 1 : 0;
}

/* Like services.c's do_config: a new queue means a new driver handle. */
static void follow_config(worker_t *w)
{
	int loc = configured_loc();

	if (w->printer && loc == w->loc)
		return;
	w->loc = loc;
	KIO_COPY(w->cfg.printer_queue, W.locs[loc].queue);
	KIO_COPY(w->cfg.cups_server, W.locs[loc].server);
	kio_printer_close(w->printer);
	w->printer = NULL;
	if (kio_printer_open_ops(&sim_printer_ops, &w->cfg, &w->printer))
		violation("cannot open the simulated printer");
	w->env.printer = w->printer;
}

static void worker_open(worker_t *w, bool token)
{
	memset(w, 0, sizeof *w);
	kio_config_defaults(&w->cfg);
	KIO_COPY(w->cfg.kiosk_id, "KIOSK-SIM");
	w->cfg.job_timeout_s = SIM_TIMEOUT_S;
	w->srv.token = token;
	if (kio_store_open_file(&w->store, g_db, 0))
		violation("cannot open the journal");
	w->env.cfg = &w->cfg;
	w->env.server = &sim_server_ops;
	w->env.server_impl = &w->srv;
	w->env.store = w->store;
	w->env.active = &g_active;
	w->loc = -1;
	follow_config(w);
}

/* What a crash leaves behind is gone with the process: handles, and the
 * document in memory. */
static void worker_close(worker_t *w)
{
	kio_printer_close(w->printer);
	kio_store_close(w->store);
	memset(w, 0, sizeof *w);
}

static void thread_exit(int self)
{
	pthread_mutex_lock(&S.mu);
	S.alive[self] = false;
	S.nalive--;
	pass_baton();
	pthread_mutex_unlock(&S.mu);
}

static void do_print(worker_t *w, int n)
{
	kio_document_t doc;
	kio_txn_result_t res;
	char app[KIO_CODE_MAX];

	memset(&doc, 0, sizeof doc);
	snprintf(doc.id, sizeof doc.id, "D%d", n);
	KIO_COPY(doc.kind, "akta");
	KIO_COPY(doc.title, "Akta");
	doc.pages = 1;
	doc.size = 64;
	KIO_COPY(doc.sha256, "5f1c0f0e6b3a4d2c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d");
	doc.adm_printable = true;
	doc.prints_allowed = -1;
	snprintf(app, sizeof app, "A%d", ++g_attempts);
	g_in_print = n;
	/* Even prints go as the kiosk does them: downloaded and verified
	 * first (the preview), then reserved and printed from those bytes;
	 * odd ones download and verify after reserving (the older path). */
	kio_docbuf_t verified = {0};
	kio_err_t err = KIO_OK;
	if (n % 2 == 0)
		err = kio_txn_prepare(&w->env, &doc, app, "3201********0001", NULL, NULL, &verified,
		                      &res);
	if (err == KIO_OK)
		err = kio_txn_print(&w->env, &doc, app, "3201********0001",
		                    n % 2 == 0 ? &verified : NULL, NULL, NULL, NULL, &res);
	kio_docbuf_free(&verified);
	(void)err; /* the judge looks at the world, not at what the citizen saw */
	g_in_print = -1;
}

static void *print_main(void *arg)
{
	worker_t *w = &g_w[LT_PRINT];

	(void)arg;
	t_self = LT_PRINT;
	if (setjmp(S.jb[LT_PRINT]))
		goto out;
	take_baton(LT_PRINT);
	worker_open(w, true);
	while (W.next_print < W.k.prints) {
		struct timespec gap = {W.k.gap_max_s ? sim_range(0, W.k.gap_max_s) : 0, 0};
		nanosleep(&gap, NULL);
		follow_config(w);
		do_print(w, W.next_print);
		W.next_print++;
	}
	g_print_done = true;
out:
	worker_close(w);
	thread_exit(LT_PRINT);
	return NULL;
}

static int unsettled(kio_store_t *s)
{
	kio_tx_t tx[1];
	int n = 0;

	return kio_store_tx_unsettled(s, tx, 1, &n) == KIO_OK ? n : 1;
}

/* The bg worker: recovery at start and every 30 s. In the last life (calm)
 * it runs until the journal has nothing open. */
static void *recover_main(void *arg)
{
	worker_t *w = &g_w[LT_RECOVER];

	(void)arg;
	t_self = LT_RECOVER;
	if (setjmp(S.jb[LT_RECOVER]))
		goto out;
	take_baton(LT_RECOVER);
	worker_open(w, false);
	for (int round = 0; round < 400; round++) {
		int settled = 0, left = 0;
		follow_config(w);
		kio_err_t err = kio_txn_recover(&w->env, &settled, &left);
		trace("recovery round: settled %d, left %d (%s)", settled, left, kio_err_name(err));
		if (g_print_done && (!W.calm || !unsettled(w->store)))
			break;
		struct timespec tick = {30, 0};
		nanosleep(&tick, NULL);
	}
out:
	worker_close(w);
	thread_exit(LT_RECOVER);
	return NULL;
}

/* One life of the kiosk, from start to crash or to the end of its work. */
static void run_life(bool prints)
{
	pthread_t th[LT_N];

	S.crashed = false;
	atomic_store(&g_active, 0);
	g_print_done = !prints;
	pthread_mutex_lock(&S.mu);
	S.nalive = 0;
	for (int i = 0; i < LT_N; i++) {
		S.alive[i] = i == LT_RECOVER || prints;
		S.nalive += S.alive[i];
	}
	S.wake[LT_PRINT] = W.now_ms;
	S.wake[LT_RECOVER] = W.now_ms + W.k.recover_delay_ms;
	S.running = -1;
	pthread_mutex_unlock(&S.mu);
	if (prints && pthread_create(&th[LT_PRINT], NULL, print_main, NULL))
		abort();
	if (pthread_create(&th[LT_RECOVER], NULL, recover_main, NULL))
		abort();
	pthread_mutex_lock(&S.mu);
	pass_baton();
	pthread_mutex_unlock(&S.mu);
	if (prints)
		pthread_join(th[LT_PRINT], NULL);
	pthread_join(th[LT_RECOVER], NULL);
	/* the document a crash left in memory goes with the process */
	if (atomic_load(&sim_live_docs) > 0) {
		free(sim_doc_ptr);
		atomic_store(&sim_live_docs, 0);
	}
	sim_doc_ptr = NULL;
}

/* ---- schedules ------------------------------------------------------------------------- */

static void remove_db(void)
{
	char p[300];

	unlink(g_db);
	snprintf(p, sizeof p, "%s-wal", g_db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", g_db);
	unlink(p);
}

static void draw_knobs(sim_knobs_t *k)
{
	static const int crash[] = {0, 2, 10, 30}, lost[] = {0, 10, 50, 150}, err[] = {0, 20, 100};
	static const int gap[] = {0, 5, 40}, down[] = {1, 30, 400};

	memset(k, 0, sizeof *k);
	k->prints = sim_range(1, 4);
	k->crash_permille = crash[sim_range(0, 3)];
	k->max_crashes = sim_range(0, 3);
	k->lost_req_permille = lost[sim_range(0, 3)];
	k->lost_ans_permille = lost[sim_range(0, 3)];
	k->srv_err_permille = err[sim_range(0, 2)];
	k->switch_at_s = sim_chance(300) ? sim_range(0, 300) : -1;
	k->random_costs = k->random_pick = true;
	k->gap_max_s = gap[sim_range(0, 2)];
	k->restart_max_s = down[sim_range(0, 2)];
	k->retry_same_doc_pct = 50;
	k->recover_delay_ms = sim_range(0, 3000);
	k->seed_spare_history = sim_chance(500);
}

static void draw_outages(void)
{
	for (int l = 0; l < SIM_LOCS; l++) {
		int n = sim_range(0, 2);
		for (int i = 0; i < n; i++) {
			sim_loc_t *loc = &W.locs[l];
			int64_t from = T0_MS + 1000LL * sim_range(0, 600);
			int64_t len =
			    1000LL * (sim_chance(500) ? sim_range(1, 15) : sim_range(25, 900));
			loc->out_from[loc->nout] = from;
			loc->out_to[loc->nout++] = from + len;
		}
	}
}

/* Run one schedule; true if it kept every invariant. */
static bool run_schedule(uint64_t seed, const sim_knobs_t *scripted)
{
	sim_knobs_t k;

	bool verbose = W.verbose;

	W.rng = seed * 0x9E3779B97F4A7C15ULL + 1;
	W.now_ms = T0_MS;
	if (scripted)
		k = *scripted;
	else
		draw_knobs(&k);
	world_reset(&k);
	W.verbose = verbose;
	if (!scripted)
		draw_outages();
	g_attempts = 0;
	g_in_print = -1;
	remove_db();
	for (int life = 0; life < 8; life++) {
		run_life(true);
		if (!S.crashed || W.violation[0])
			break;
		/* The kiosk is down a while; the printer and the server go on. */
		W.now_ms +=
		    1000LL * (k.random_costs ? sim_range(1, k.restart_max_s) : k.restart_max_s);
		if (g_in_print >= 0 && sim_range(1, 100) > k.retry_same_doc_pct)
			W.next_print++; /* the citizen walked away */
		g_in_print = -1;
	}
	W.calm = true;
	if (!W.violation[0])
		run_life(false);
	if (!W.violation[0])
		world_check(g_db);
	remove_db();
	return !W.violation[0];
}

/* ---- the four holes of issue 13, as scripted schedules ------------------------------- */

static void case_base(sim_knobs_t *k)
{
	memset(k, 0, sizeof *k);
	k->prints = 1;
	k->switch_at_s = -1;
	k->restart_max_s = 1;
	k->recover_delay_ms = 500;
}

static bool case_knobs(const char *name, sim_knobs_t *k)
{
	case_base(k);
	if (!strcmp(name, "hole1_free_print")) {
		/* cupsd goes away while the job is queued and stays away far
		 * longer than job_timeout_s; the job prints when it is back. */
		k->plans[k->nplans++] = PLAN_LATE;
		k->late_end_s = 200;
		k->outage_on_first_poll_s = 400;
	} else if (!strcmp(name, "hole2_stale_snapshot")) {
		/* A stalled job from before a crash keeps recovery busy while
		 * the next citizen's print runs and completes. */
		k->prints = 2;
		k->plans[k->nplans++] = PLAN_STALL;
		k->plans[k->nplans++] = PLAN_COMPLETE;
		k->crash_on_first_poll = true;
		k->max_crashes = 1;
		k->restart_max_s = 30;
		k->recover_delay_ms = 250;
	} else if (!strcmp(name, "hole3_finish_lost")) {
		/* cupsd got the whole document, then restarted before it
		 * answered finish-document. */
		k->plans[k->nplans++] = PLAN_COMPLETE;
		k->lose_send_answer = true;
		k->outage_on_send_s = 10;
	} else if (!strcmp(name, "hole3_crash_after_send")) {
		/* The kiosk died between finish-document and journalling the
		 * job as submitted. */
		k->plans[k->nplans++] = PLAN_COMPLETE;
		k->crash_after_send = true;
		k->max_crashes = 1;
		k->restart_max_s = 30;
	} else if (!strcmp(name, "hole4_wrong_queue")) {
		/* The kiosk died with a job queued; the technician then switched
		 * to the spare queue, whose history has a cancelled job 1. */
		k->plans[k->nplans++] = PLAN_LATE;
		k->late_end_s = 60;
		k->crash_on_first_poll = true;
		k->max_crashes = 1;
		k->restart_max_s = 5;
		k->switch_at_s = 3;
		k->seed_spare_history = true;
	} else if (!strcmp(name, "crash_after_reserve") || !strcmp(name, "crash_after_create") ||
	           !strcmp(name, "crash_before_send")) {
		/* The preview's print (verified bytes) journals the key, then
		 * the print id and job id together: the kiosk dies after the
		 * reservation, after Create-Job (a job without its document,
		 * neither journalled), or with both journalled before the
		 * document went. Each: released once, no paper. */
		k->plans[k->nplans++] = PLAN_COMPLETE;
		k->crash_after_reserve = !strcmp(name, "crash_after_reserve");
		k->crash_after_create = !strcmp(name, "crash_after_create");
		k->crash_before_send = !strcmp(name, "crash_before_send");
		k->max_crashes = 1;
		k->restart_max_s = 30;
		k->retry_same_doc_pct = 100; /* the citizen tries again */
	} else {
		return false;
	}
	return true;
}

static const char *const CASES[] = {
    "hole1_free_print",  "hole2_stale_snapshot", "hole3_finish_lost",  "hole3_crash_after_send",
    "hole4_wrong_queue", "crash_after_reserve",  "crash_after_create", "crash_before_send"};

/* ---- main ------------------------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr, "usage: txnsim [--seeds N] [--seed S] [--replay S] [--case NAME] [-v]\n");
}

int main(int argc, char **argv)
{
	long long seeds = 1, first = 1;
	const char *only_case = NULL;
	bool verbose = false;
	int violations = 0, quiet_fd = -1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seeds") && i + 1 < argc) {
			seeds = strtoll(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			first = strtoll(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--replay") && i + 1 < argc) {
			first = strtoll(argv[++i], NULL, 10);
			seeds = 1;
		} else if (!strcmp(argv[i], "--case") && i + 1 < argc) {
			only_case = argv[++i];
		} else if (!strcmp(argv[i], "-v")) {
			verbose = true;
		} else {
			usage();
			return 2;
		}
	}
	if (seeds < 1) {
		usage();
		return 2;
	}
	W.verbose = verbose;
	const char *dir = getenv("TXNSIM_DIR") ? getenv("TXNSIM_DIR") : "/dev/shm";
	snprintf(g_db, sizeof g_db, "%s/txnsim-%d.db", dir, (int)getpid());
	if (!verbose) {
		/* The kiosk's own log would be thousands of lines per schedule. */
		fflush(stderr);
		quiet_fd = dup(2);
		if (!freopen("/dev/null", "w", stderr))
			return 2;
	}
	FILE *out = quiet_fd >= 0 ? fdopen(quiet_fd, "w") : stderr;
	if (only_case) {
		sim_knobs_t k;
		if (!case_knobs(only_case, &k)) {
			fprintf(out, "txnsim: no case %s; cases:", only_case);
			for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
				fprintf(out, " %s", CASES[i]);
			fprintf(out, "\n");
			return 2;
		}
		bool ok = run_schedule(1, &k);
		printf("txnsim: case %s: %s%s\n", only_case,
		       ok ? "ok" : "VIOLATION: ", ok ? "" : W.violation);
		return ok ? 0 : 1;
	}
	for (long long s = first; s < first + seeds; s++) {
		if (run_schedule((uint64_t)s, NULL))
			continue;
		violations++;
		printf("txnsim: seed %lld: %s\n  replay: make txnsim SEEDS=1 SEED=%lld"
		       "  (or: build/txnsim --replay %lld -v)\n",
		       s, W.violation, s, s);
		fflush(stdout);
	}
	printf("txnsim: %lld schedules, %d violations\n", seeds, violations);
	return violations ? 1 : 0;
}
