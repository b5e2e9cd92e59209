/*
 * bench_store.c — how fast the print log is where officers and prints feel it.
 *
 *   disk_fsync_raw   4 KiB write + fdatasync per second on the same disk:
 *                    the ceiling for durable_append (informational)
 *   durable_append   appends/s, each its own transaction (WAL, synchronous=
 *                    FULL: fsynced before it returns) — target >= 1000/s
 *   log_stats_1m     `adm-kioskctl log stats` on 1,000,000 rows — < 200 ms
 *   log_export_1m    `adm-kioskctl log export --format csv --out F` on the
 *                    same rows — < 3000 ms
 *
 * The 1M-row log is built through the normal append path (hashes, day
 * summaries) inside batches of 50,000 rows, over two years of timestamps
 * with a realistic mix of types. The real adm-kioskctl binary is timed
 * ($KIO_BUILD/adm-kioskctl, else next to this program's build dir).
 * Informational numbers (build rate, verify time) go to stderr.
 * Prints BENCH<TAB>name<TAB>value<TAB>unit<TAB>target<TAB>yes|no rows.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

extern char **environ;

enum {
	DURABLE_N = 2000,
	BIG_N = 1000000,
	BATCH_N = 50000,
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void row(const char *name, double value, const char *unit, const char *target, int ok)
{
	printf("BENCH\t%s\t%.1f\t%s\t%s\t%s\n", name, value, unit, target, ok ? "yes" : "no");
	fflush(stdout);
}

/* A plausible kiosk event number I at epoch T. */
static kio_event_t event_at(long i, int64_t t)
{
	static const char *const reasons[] = {"media-empty", "media-jam", "doc_hash",
	                                      "printer_unavailable", "timeout"};
	kio_event_t ev;
	int kind = (int)(i % 20);

	memset(&ev, 0, sizeof ev);
	if (kio_store_format_time(t, ev.at) != KIO_OK)
		ev.at[0] = '\0';
	snprintf(ev.document_id, sizeof ev.document_id, "d%07lx", i & 0xfffffff);
	snprintf(ev.application, sizeof ev.application, "OI-2026-%06ld", i % 1000000);
	snprintf(ev.kind, sizeof ev.kind, "KK");
	snprintf(ev.nik_masked, sizeof ev.nik_masked, "1610**********%02ld", i % 100);
	ev.pages = 1;
	ev.job_id = -1;
	if (kind < 14) {
		snprintf(ev.type, sizeof ev.type, "print.completed");
		ev.job_id = (int)(i % 100000);
	} else if (kind < 16) {
		snprintf(ev.type, sizeof ev.type, "print.failed");
		snprintf(ev.reason, sizeof ev.reason, "%s", reasons[i % 5]);
	} else if (kind == 16) {
		snprintf(ev.type, sizeof ev.type, "document.rejected");
		snprintf(ev.reason, sizeof ev.reason, "doc_hash");
	} else {
		snprintf(ev.type, sizeof ev.type, "session.login");
		ev.pages = -1;
	}
	return ev;
}

/* Run the ctl with ARGV (stdout to /dev/null); seconds taken, <0 on failure. */
static double time_ctl(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	double t0 = now_s();
	pid_t pid;
	int status = 0;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		fprintf(stderr, "cannot run %s\n", argv[0]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "%s %s %s failed (status %d)\n", argv[0], argv[1], argv[2], status);
		return -1;
	}
	return now_s() - t0;
}

/* What the disk itself allows: 4 KiB write + fdatasync, as a WAL commit
 * does. durable_append cannot beat this, so a "no" on a slow or busy disk
 * is read against it. */
static void bench_disk(const char *dir)
{
	enum { N = 300 };
	static const char page[4096];
	char path[PATH_MAX];
	double t0, dt;
	int fd;

	snprintf(path, sizeof path, "%s/fsync.probe", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	/* Allocate first, like a reused WAL: then each sync is data only. */
	for (int i = 0; i < N; i++)
		if (pwrite(fd, page, sizeof page, (off_t)i * 4096) != (ssize_t)sizeof page)
			break;
	fsync(fd);
	t0 = now_s();
	for (int i = 0; i < N; i++)
		if (pwrite(fd, page, sizeof page, (off_t)i * 4096) != (ssize_t)sizeof page ||
		    fdatasync(fd) != 0)
			break;
	dt = now_s() - t0;
	close(fd);
	unlink(path);
	printf("BENCH\tdisk_fsync_raw\t%.1f\t1/s\t-\tyes\n", N / dt);
}

static int bench_durable(const char *dir)
{
	char data[PATH_MAX];
	kio_store_t *s = NULL;
	double t0, dt;
	int rc = 1;

	snprintf(data, sizeof data, "%s/durable", dir);
	if (kio_store_open(&s, data) != KIO_OK)
		return 1;
	t0 = now_s();
	for (long i = 0; i < DURABLE_N; i++) {
		kio_event_t ev = event_at(i, 1795486500 + i);
		if (kio_store_event_append(s, &ev) != KIO_OK) {
			fprintf(stderr, "durable append %ld failed\n", i);
			goto out;
		}
	}
	dt = now_s() - t0;
	row("durable_append", DURABLE_N / dt, "1/s", ">=1000", DURABLE_N / dt >= 1000);
	rc = 0;
out:
	kio_store_close(s);
	return rc;
}

static int build_big(const char *db)
{
	kio_store_t *s = NULL;
	int64_t start = 1795486500 - 730LL * 86400, t;
	double t0 = now_s();
	int rc = 1;

	if (kio_store_open_file(&s, db, 0) != KIO_OK)
		return 1;
	for (long i = 0; i < BIG_N; i++) {
		if (i % BATCH_N == 0 && kio_store_batch_begin(s) != KIO_OK)
			goto out;
		t = start + (int64_t)i * (730LL * 86400) / BIG_N;
		kio_event_t ev = event_at(i, t);
		if (kio_store_event_append(s, &ev) != KIO_OK) {
			fprintf(stderr, "bulk append %ld failed\n", i);
			kio_store_batch_rollback(s);
			goto out;
		}
		if ((i + 1) % BATCH_N == 0 && kio_store_batch_commit(s) != KIO_OK)
			goto out;
	}
	fprintf(stderr, "# built %d rows in %.1f s (%.0f rows/s, batches of %d)\n", BIG_N,
	        now_s() - t0, BIG_N / (now_s() - t0), BATCH_N);
	t0 = now_s();
	int64_t rows = 0, bad = 0;
	char why[256];
	kio_err_t err = kio_store_verify(s, &bad, why, sizeof why, &rows);
	fprintf(stderr, "# verify %" PRId64 " rows: %s in %.2f s\n", rows, kio_err_name(err),
	        now_s() - t0);
	rc = err == KIO_OK ? 0 : 1;
out:
	kio_store_close(s);
	return rc;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bench_store.XXXXXX";
	char ctl[PATH_MAX], db[PATH_MAX], csv[PATH_MAX];
	const char *build = getenv("KIO_BUILD");
	double best;
	int rc = 1;

	(void)argc;
	/* A fixed zone: no /etc/localtime lookups per formatted time. */
	setenv("TZ", "WIB-7", 1);
	tzset();
	if (build && *build) {
		snprintf(ctl, sizeof ctl, "%s/adm-kioskctl", build);
	} else {
		/* $(OUT)/bench/bench_store -> $(OUT)/adm-kioskctl */
		const char *slash = strrchr(argv[0], '/');
		int len = slash ? (int)(slash - argv[0]) : 1;
		snprintf(ctl, sizeof ctl, "%.*s/../adm-kioskctl", len, slash ? argv[0] : ".");
	}
	if (access(ctl, X_OK) != 0) {
		fprintf(stderr, "no %s (set KIO_BUILD)\n", ctl);
		return 1;
	}
	if (!mkdtemp(dir))
		return 1;
	snprintf(db, sizeof db, "%s/big.db", dir);
	snprintf(csv, sizeof csv, "%s/export.csv", dir);

	bench_disk(dir);
	if (bench_durable(dir) != 0 || build_big(db) != 0)
		goto out;

	/* Best of three: the first run also pays for opening the file cold. */
	char *stats_argv[] = {ctl, "log", "stats", "--db", db, NULL};
	best = 1e9;
	for (int i = 0; i < 3; i++) {
		double t = time_ctl(stats_argv);
		if (t < 0)
			goto out;
		if (t < best)
			best = t;
	}
	row("log_stats_1m", best * 1000, "ms", "<200", best * 1000 < 200);

	char *export_argv[] = {ctl,    "log", "export", "--format", "csv",
	                       "--db", db,    "--out",  csv,        NULL};
	best = time_ctl(export_argv);
	if (best < 0)
		goto out;
	row("log_export_csv_1m", best * 1000, "ms", "<3000", best * 1000 < 3000);
	rc = 0;
out:
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
