/*
 * fake.c — the scriptable test printer (see fake.h). No I/O; a mutex makes
 * scripting from a test thread safe while a worker thread tracks a job.
 */
#include "printer/fake.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FAKE_JOBS = 16 }; /* remembered jobs (a ring); older ones read as completed */

struct fake_job {
	int id;
	int polls;
	bool canceled;
	kio_fake_outcome_t outcome;
	int after_polls;
	int pages;
};

struct fake {
	pthread_mutex_t lock;
	char queue[KIO_PRINTER_KEYWORD_MAX];
	char media[KIO_PRINTER_KEYWORD_MAX];
	kio_printer_condition_t condition;
	bool accepting;
	bool pdf, media_ok;
	bool unreachable;
	kio_err_t submit_err;
	kio_fake_outcome_t outcome;
	int after_polls, pages;
	int next_id;
	struct fake_job jobs[FAKE_JOBS];
	kio_fake_stats_t stats;
};

static kio_err_t fake_open(const kio_config_t *cfg, void **impl)
{
	struct fake *f = calloc(1, sizeof *f);

	if (!f)
		return KIO_ERR_NOMEM;
	if (pthread_mutex_init(&f->lock, NULL)) {
		free(f);
		return KIO_ERR_NOMEM;
	}
	snprintf(f->media, sizeof f->media, "%s", cfg->media);
	snprintf(f->queue, sizeof f->queue, "%s", cfg->printer_queue);
	f->condition = KIO_PRINTER_READY;
	f->accepting = true;
	f->pdf = f->media_ok = true;
	f->outcome = KIO_FAKE_COMPLETE;
	f->after_polls = 2;
	f->pages = 1;
	f->next_id = 1;
	*impl = f;
	return KIO_OK;
}

static void fake_close(void *impl)
{
	struct fake *f = impl;

	if (!f)
		return;
	pthread_mutex_destroy(&f->lock);
	free(f);
}

/* The reasons and state a real printer would show for condition C. */
static void describe(kio_printer_condition_t c, const char **reasons, kio_printer_state_t *state)
{
	*state = KIO_PSTATE_IDLE;
	switch (c) {
	case KIO_PRINTER_PAPER_OUT:
		*reasons = "media-empty-error,paused";
		*state = KIO_PSTATE_STOPPED;
		break;
	case KIO_PRINTER_PAPER_LOW:
		*reasons = "media-low-warning";
		break;
	case KIO_PRINTER_JAM:
		*reasons = "media-jam-error";
		break;
	case KIO_PRINTER_DOOR_OPEN:
		*reasons = "door-open-error";
		break;
	case KIO_PRINTER_TONER_LOW:
		*reasons = "toner-low-warning";
		break;
	case KIO_PRINTER_TONER_EMPTY:
		*reasons = "toner-empty-error";
		break;
	case KIO_PRINTER_OFFLINE:
		*reasons = "offline-report";
		break;
	case KIO_PRINTER_STOPPED:
		*reasons = "paused";
		*state = KIO_PSTATE_STOPPED;
		break;
	case KIO_PRINTER_OTHER:
		*reasons = "other-warning";
		break;
	default:
		*reasons = "none";
		break;
	}
}

static kio_err_t fake_status(void *impl, kio_printer_status_t *st)
{
	struct fake *f = impl;
	const char *reasons;
	kio_err_t err = KIO_OK;

	memset(st, 0, sizeof *st);
	pthread_mutex_lock(&f->lock);
	if (f->unreachable) {
		err = KIO_ERR_PRINTER_UNAVAILABLE;
		goto out;
	}
	describe(f->condition, &reasons, &st->state);
	st->accepting = f->accepting;
	snprintf(st->reasons, sizeof st->reasons, "%s", reasons);
	snprintf(st->message, sizeof st->message, "fake printer: %s",
	         kio_printer_condition_name(f->condition));
	st->condition = kio_printer_condition_of(st->state, st->accepting, st->reasons);
	st->pages_total = f->stats.submitted;
	snprintf(st->media_ready, sizeof st->media_ready, "%s", f->media);
	st->nmarkers = 1;
	snprintf(st->markers[0].name, sizeof st->markers[0].name, "black");
	st->markers[0].level = f->condition == KIO_PRINTER_TONER_EMPTY ? 0 : 80;
out:
	pthread_mutex_unlock(&f->lock);
	return err;
}

static kio_err_t fake_capabilities(void *impl, const kio_print_opts_t *opts,
                                   kio_printer_caps_t *caps)
{
	struct fake *f = impl;
	kio_err_t err = KIO_OK;

	memset(caps, 0, sizeof *caps);
	pthread_mutex_lock(&f->lock);
	if (f->unreachable) {
		err = KIO_ERR_PRINTER_UNAVAILABLE;
	} else {
		caps->pdf = f->pdf;
		caps->media_listed = true;
		caps->media_ok = f->media_ok;
		caps->copies_max = KIO_PRINTER_COPIES_MAX;
		kio_printer_list_add(&caps->media_types, "stationery");
		kio_printer_list_add(&caps->media_types, "stationery-heavyweight");
	}
	pthread_mutex_unlock(&f->lock);
	return err;
}

/* One server with the configured queue and a spare, so a technician's
 * choice can be tried without a cupsd. */
static kio_err_t fake_queues(void *impl, kio_printer_queues_t *out)
{
	struct fake *f = impl;
	kio_err_t err = KIO_OK;
	const char *names[] = {f->queue, "FAKE-SPARE"};

	pthread_mutex_lock(&f->lock);
	if (f->unreachable)
		err = KIO_ERR_PRINTER_UNAVAILABLE;
	for (size_t i = 0; !err && i < sizeof names / sizeof names[0]; i++) {
		kio_printer_queue_t *q = &out->q[out->n++];
		snprintf(q->name, sizeof q->name, "%s", names[i]);
		q->state = KIO_PSTATE_IDLE;
		q->accepting = true;
	}
	pthread_mutex_unlock(&f->lock);
	return err;
}

static kio_err_t fake_create_job(void *impl, const kio_print_opts_t *opts, int *job_id)
{
	struct fake *f = impl;
	struct fake_job *j;
	kio_err_t err = KIO_OK;

	pthread_mutex_lock(&f->lock);
	if (f->unreachable) {
		err = KIO_ERR_PRINTER_UNAVAILABLE;
		goto out;
	}
	if (f->submit_err) {
		err = f->submit_err;
		f->submit_err = KIO_OK;
		goto out;
	}
	if (!f->accepting || f->condition == KIO_PRINTER_STOPPED) {
		err = KIO_ERR_PRINTER;
		goto out;
	}
	j = &f->jobs[f->next_id % FAKE_JOBS];
	*j = (struct fake_job){f->next_id, 0, false, f->outcome, f->after_polls, f->pages};
	*job_id = f->next_id++;
	f->stats.submitted++;
	f->stats.last_job_id = *job_id;
	f->stats.last_canceled = false;
	f->stats.last_opts = *opts;
	f->stats.last_len = 0;
out:
	pthread_mutex_unlock(&f->lock);
	return err;
}

static struct fake_job *find_job(struct fake *f, int id);

static kio_err_t fake_send_document(void *impl, const kio_print_opts_t *opts, int job_id,
                                    const unsigned char *pdf, size_t len)
{
	struct fake *f = impl;
	struct fake_job *j;
	kio_err_t err = KIO_OK;

	(void)opts;
	(void)pdf;
	pthread_mutex_lock(&f->lock);
	j = find_job(f, job_id);
	if (f->unreachable) {
		err = KIO_ERR_PRINTER_UNAVAILABLE;
	} else if (!j) {
		err = KIO_ERR_INVAL;
	} else {
		if (job_id == f->stats.last_job_id)
			f->stats.last_len = len;
		if (j->outcome == KIO_FAKE_UNREACHABLE)
			f->unreachable = true;
	}
	pthread_mutex_unlock(&f->lock);
	return err;
}

static struct fake_job *find_job(struct fake *f, int id)
{
	struct fake_job *j = &f->jobs[id % FAKE_JOBS];

	return j->id == id ? j : NULL;
}

static kio_err_t fake_poll(void *impl, int job_id, kio_job_status_t *js)
{
	struct fake *f = impl;
	struct fake_job *j;
	kio_err_t err = KIO_OK;

	memset(js, 0, sizeof *js);
	js->job_id = job_id;
	pthread_mutex_lock(&f->lock);
	f->stats.polls++;
	if (f->unreachable) {
		err = KIO_ERR_PRINTER_UNAVAILABLE;
		goto out;
	}
	j = find_job(f, job_id);
	if (!j) {
		if (job_id <= 0 || job_id >= f->next_id) {
			err = KIO_ERR_INVAL;
			goto out;
		}
		js->state = KIO_JOB_COMPLETED; /* fell out of the ring long ago */
		goto out;
	}
	if (j->canceled) {
		js->state = KIO_JOB_CANCELED;
		js->pages_done = j->pages > 0 && j->polls > 1 ? 0 : -1;
		snprintf(js->reason, sizeof js->reason, "job-canceled-by-user");
		goto out;
	}
	j->polls++;
	js->pages_done = 0;
	if (j->polls == 1) {
		js->state = KIO_JOB_PENDING;
	} else if (j->polls <= j->after_polls) {
		js->state = KIO_JOB_PROCESSING;
		js->pages_done = j->polls - 1 < j->pages ? j->polls - 1 : j->pages;
	} else {
		js->pages_done = j->after_polls - 1 < j->pages ? j->after_polls - 1 : j->pages;
		switch (j->outcome) {
		case KIO_FAKE_COMPLETE:
			js->state = KIO_JOB_COMPLETED;
			js->pages_done = j->pages;
			break;
		case KIO_FAKE_JAM:
			f->condition = KIO_PRINTER_JAM;
			js->state = KIO_JOB_PROCESSING;
			break;
		case KIO_FAKE_PAPER_OUT:
			f->condition = KIO_PRINTER_PAPER_OUT;
			js->state = KIO_JOB_PENDING;
			break;
		case KIO_FAKE_ABORT:
			js->state = KIO_JOB_ABORTED;
			snprintf(js->reason, sizeof js->reason, "aborted-by-system");
			break;
		default:
			js->state = KIO_JOB_PROCESSING;
			break;
		}
	}
	if (js->state != KIO_JOB_COMPLETED && js->state != KIO_JOB_ABORTED) {
		const char *reasons;
		kio_printer_state_t ps;
		describe(f->condition, &reasons, &ps);
		js->condition = kio_printer_condition_of(ps, f->accepting, reasons);
		if (js->condition != KIO_PRINTER_READY)
			snprintf(js->reason, sizeof js->reason, "%s", reasons);
	}
out:
	pthread_mutex_unlock(&f->lock);
	return err;
}

static kio_err_t fake_cancel(void *impl, int job_id)
{
	struct fake *f = impl;
	struct fake_job *j;
	kio_err_t err = KIO_OK;

	pthread_mutex_lock(&f->lock);
	f->stats.cancels++;
	if (f->unreachable) {
		err = KIO_ERR_PRINTER_UNAVAILABLE;
		goto out;
	}
	j = find_job(f, job_id);
	if (!j) {
		err = KIO_ERR_INVAL;
		goto out;
	}
	j->canceled = true;
	if (job_id == f->stats.last_job_id)
		f->stats.last_canceled = true;
out:
	pthread_mutex_unlock(&f->lock);
	return err;
}

/* The fake is one queue on one server: a job elsewhere is unknown. */
static kio_err_t fake_poll_at(void *impl, const char *server, const char *queue, int job_id,
                              kio_job_status_t *js)
{
	struct fake *f = impl;

	(void)server;
	if (strcmp(queue, f->queue)) {
		memset(js, 0, sizeof *js);
		return KIO_ERR_INVAL;
	}
	return fake_poll(impl, job_id, js);
}

static kio_err_t fake_cancel_at(void *impl, const char *server, const char *queue, int job_id)
{
	struct fake *f = impl;

	(void)server;
	return strcmp(queue, f->queue) ? KIO_ERR_INVAL : fake_cancel(impl, job_id);
}

static kio_err_t fake_reset(void *impl)
{
	struct fake *f = impl;
	kio_err_t err = KIO_OK;

	pthread_mutex_lock(&f->lock);
	if (f->unreachable) {
		err = KIO_ERR_PRINTER_UNAVAILABLE;
	} else {
		f->condition = KIO_PRINTER_READY;
		f->accepting = true;
	}
	pthread_mutex_unlock(&f->lock);
	return err;
}

const kio_printer_ops_t kio_printer_fake_ops = {
    .name = "fake",
    .open = fake_open,
    .status = fake_status,
    .capabilities = fake_capabilities,
    .create_job = fake_create_job,
    .send_document = fake_send_document,
    .poll = fake_poll,
    .cancel = fake_cancel,
    .poll_at = fake_poll_at,
    .cancel_at = fake_cancel_at,
    .reset = fake_reset,
    .queues = fake_queues,
    .close = fake_close,
};

static struct fake *fake_of(kio_printer_t *p)
{
	return kio_printer_impl(p, &kio_printer_fake_ops);
}

void kio_printer_fake_script(kio_printer_t *p, kio_fake_outcome_t outcome, int after_polls,
                             int pages)
{
	struct fake *f = fake_of(p);

	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->outcome = outcome;
	f->after_polls = after_polls < 1 ? 1 : after_polls;
	f->pages = pages < 0 ? 0 : pages;
	if (outcome != KIO_FAKE_UNREACHABLE)
		f->unreachable = false;
	pthread_mutex_unlock(&f->lock);
}

void kio_printer_fake_set_condition(kio_printer_t *p, kio_printer_condition_t c)
{
	struct fake *f = fake_of(p);

	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	if (c == KIO_PRINTER_NOT_ACCEPTING)
		f->accepting = false;
	else
		f->condition = c;
	pthread_mutex_unlock(&f->lock);
}

void kio_printer_fake_set_accepting(kio_printer_t *p, bool accepting)
{
	struct fake *f = fake_of(p);

	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->accepting = accepting;
	pthread_mutex_unlock(&f->lock);
}

void kio_printer_fake_set_caps(kio_printer_t *p, bool pdf, bool media_ok)
{
	struct fake *f = fake_of(p);

	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->pdf = pdf;
	f->media_ok = media_ok;
	pthread_mutex_unlock(&f->lock);
}

void kio_printer_fake_fail_submit(kio_printer_t *p, kio_err_t err)
{
	struct fake *f = fake_of(p);

	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->submit_err = err;
	pthread_mutex_unlock(&f->lock);
}

void kio_printer_fake_stats(kio_printer_t *p, kio_fake_stats_t *out)
{
	struct fake *f = fake_of(p);

	memset(out, 0, sizeof *out);
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	*out = f->stats;
	pthread_mutex_unlock(&f->lock);
}
