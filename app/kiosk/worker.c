/* worker.c — one thread, one bounded FIFO of fixed-size jobs (worker.h). */
#include "kiosk/worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Workers run below the UI thread. On a board with little CPU (the
 * low-end profile: a quarter core shared by every thread of the kiosk) a
 * print's download, check and submission otherwise took half of each slice
 * the UI thread needed for a frame: 30 ms frames while printing. A worker
 * waits on the network or CUPS most of the time; at nice 10 it still gets
 * all the CPU the UI thread leaves, which is nearly all of it. */
#define KIO_WORKER_NICE 10

struct kio_worker {
	char name[16];
	size_t job_size;
	kio_worker_fn run;
	kio_worker_tick_fn tick;
	uint64_t due_ms; /* when TICK is next due; 0: now, UINT64_MAX: never */
	void *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned char *ring; /* KIO_WORKER_QUEUE slots of job_size bytes */
	unsigned char *current;
	int head, count;
	bool stopping;
	bool busy;
	uint64_t busy_since_ms;
};

uint64_t kio_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* With the lock held and the queue empty: run the periodic duties if they
 * are due, else sleep until they are or a job arrives. */
static void idle(kio_worker_t *w)
{
	uint64_t now = kio_now_ms();
	if (!w->tick) {
		pthread_cond_wait(&w->cond, &w->lock);
		return;
	}
	if (now < w->due_ms) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		uint64_t wait = w->due_ms - now;
		if (wait > 86400000u)
			wait = 86400000u; /* never is a day: the loop is bounded in time */
		ts.tv_sec += (time_t)(wait / 1000u);
		ts.tv_nsec += (long)(wait % 1000u) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->cond, &w->lock, &ts);
		return;
	}
	w->busy = true;
	w->busy_since_ms = now;
	pthread_mutex_unlock(&w->lock);
	int64_t next = w->tick(w->ctx, now);
	pthread_mutex_lock(&w->lock);
	w->busy = false;
	w->due_ms = next < 0 ? UINT64_MAX : kio_now_ms() + (uint64_t)next;
}

static void *worker_main(void *arg)
{
	kio_worker_t *w = arg;

	/* Failure (a seccomp profile, say) only costs smoothness. */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), KIO_WORKER_NICE);
	pthread_mutex_lock(&w->lock);
	for (;;) {
		if (w->stopping)
			break;
		if (w->count == 0) {
			idle(w);
			continue;
		}
		unsigned char *slot = w->ring + (size_t)w->head * w->job_size;
		memcpy(w->current, slot, w->job_size);
		explicit_bzero(slot, w->job_size);
		w->head = (w->head + 1) % KIO_WORKER_QUEUE;
		w->count--;
		w->busy = true;
		w->busy_since_ms = kio_now_ms();
		pthread_mutex_unlock(&w->lock);

		w->run(w->ctx, w->current);
		explicit_bzero(w->current, w->job_size);

		pthread_mutex_lock(&w->lock);
		w->busy = false;
		w->due_ms = 0; /* a job may have changed what is due */
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

kio_err_t kio_worker_start(const char *name, size_t job_size, kio_worker_fn run,
                           kio_worker_tick_fn tick, void *ctx, kio_worker_t **out)
{
	kio_worker_t *w = calloc(1, sizeof *w);
	if (!w)
		return KIO_ERR_NOMEM;
	w->ring = calloc(KIO_WORKER_QUEUE, job_size);
	w->current = calloc(1, job_size);
	if (!w->ring || !w->current)
		goto fail;
	snprintf(w->name, sizeof w->name, "%s", name);
	w->job_size = job_size;
	w->run = run;
	w->tick = tick;
	w->ctx = ctx;
	pthread_mutex_init(&w->lock, NULL);
	/* Timed waits on the monotonic clock: a wall-clock step (NTP, RTC)
	 * must not make a heartbeat late or early. */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->lock);
		goto fail;
	}
	pthread_setname_np(w->thread, w->name);
	*out = w;
	return KIO_OK;
fail:
	free(w->ring);
	free(w->current);
	free(w);
	return KIO_ERR_NOMEM;
}

void kio_worker_stop(kio_worker_t *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	explicit_bzero(w->ring, (size_t)KIO_WORKER_QUEUE * w->job_size);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w->ring);
	free(w->current);
	free(w);
}

kio_err_t kio_worker_post(kio_worker_t *w, const void *job)
{
	kio_err_t err = KIO_OK;
	pthread_mutex_lock(&w->lock);
	if (w->count >= KIO_WORKER_QUEUE) {
		err = KIO_ERR_TOOBIG;
	} else {
		int tail = (w->head + w->count) % KIO_WORKER_QUEUE;
		memcpy(w->ring + (size_t)tail * w->job_size, job, w->job_size);
		w->count++;
		pthread_cond_signal(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return err;
}

bool kio_worker_stuck(kio_worker_t *w, uint64_t now_ms, uint64_t bound_ms)
{
	pthread_mutex_lock(&w->lock);
	bool stuck = w->busy && now_ms > w->busy_since_ms + bound_ms;
	pthread_mutex_unlock(&w->lock);
	return stuck;
}
