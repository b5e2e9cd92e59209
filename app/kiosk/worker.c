/* worker.c — one thread, one bounded FIFO of fixed-size jobs (worker.h). */
#include "kiosk/worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct kio_worker {
	char name[16];
	size_t job_size;
	kio_worker_fn run;
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

static void *worker_main(void *arg)
{
	kio_worker_t *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->stopping && w->count == 0)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->stopping)
			break;
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
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

kio_err_t kio_worker_start(const char *name, size_t job_size, kio_worker_fn run, void *ctx,
                           kio_worker_t **out)
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
	w->ctx = ctx;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
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
