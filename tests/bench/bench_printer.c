/*
 * bench_printer.c — printing costs on the rig (tests/rig/rig.sh, started here).
 *
 *   printer_submit_1mb   submit-to-job-accepted for a 1 MB PDF on the raw
 *                        cupsd queue, warm handle, median of 10 (< 50 ms)
 *   printer_track_cpu    CPU used by kio_printer_track() while a job prints
 *                        for ~5 s, as % of one core (< 1 %)
 * Rows on stdout: BENCH<TAB>name<TAB>value<TAB>unit<TAB>target<TAB>yes|no.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "print/testpage.h"
#include "printer/printer.h"

extern char **environ;

enum { DOC_BYTES = 1024 * 1024, SUBMITS = 10 };

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status = -1;

	/* Keep stdout for BENCH rows only. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, 2, 1);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) == 0)
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	posix_spawn_file_actions_destroy(&fa);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void row(const char *name, double value, const char *unit, const char *target, int ok)
{
	printf("BENCH\t%s\t%.2f\t%s\t%s\t%s\n", name, value, unit, target, ok ? "yes" : "no");
}

/* The test page padded with PDF comments to exactly DOC_BYTES. */
static unsigned char *make_doc(void)
{
	kio_testpage_info_t info = {"ADM-BENCH-01",
	                            "ADM-HVS",
	                            "bench",
	                            KIO_VERSION,
	                            "https://adm.example.go.id/verify",
	                            NULL};
	unsigned char *page = NULL, *doc;
	size_t len = 0;

	if (kio_testpage_render(&info, &page, &len) || len > DOC_BYTES)
		return NULL;
	doc = malloc(DOC_BYTES);
	if (doc) {
		memcpy(doc, page, len);
		for (size_t i = len; i < DOC_BYTES; i++)
			doc[i] = (i - len) % 64 == 0 ? '%' : (i - len) % 64 == 63 ? '\n' : 'x';
	}
	free(page);
	return doc;
}

static int env_get(const char *path, const char *key, char *out, size_t size)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t kl = strlen(key);
	int found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, key, kl) && line[kl] == '=') {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, size, "%s", line + kl + 1);
			found = 1;
		}
	fclose(f);
	return found;
}

int main(void)
{
	const char *root = getenv("KIO_ROOT");
	char script[512], dir[] = "/tmp/kio-bench-XXXXXX", envf[600], server[128];
	double times[SUBMITS], t0, wall, cpu;
	struct rusage r0, r1;
	kio_config_t cfg;
	kio_printer_t *p = NULL;
	kio_print_opts_t opts;
	kio_job_status_t fin;
	unsigned char *doc = NULL;
	int rc = 1, id;

	prctl(PR_SET_CHILD_SUBREAPER, 1); /* reap the rig's supervisor */
	snprintf(script, sizeof script, "%s/tests/rig/rig.sh", root ? root : ".");
	if (!mkdtemp(dir))
		return 1;
	if (run((char *const[]){"bash", script, "start", dir, NULL}) != 0) {
		fprintf(stderr, "bench_printer: rig did not start\n");
		goto out;
	}
	snprintf(envf, sizeof envf, "%s/rig.env", dir);
	if (!env_get(envf, "CUPS_SERVER", server, sizeof server))
		goto out;
	doc = make_doc();
	if (!doc)
		goto out;
	kio_config_defaults(&cfg);
	snprintf(cfg.kiosk_id, sizeof cfg.kiosk_id, "ADM-BENCH-01");
	snprintf(cfg.printer_queue, sizeof cfg.printer_queue, "ADM-HVS");
	snprintf(cfg.cups_server, sizeof cfg.cups_server, "%s", server);
	if (kio_printer_open("cups", &cfg, &p))
		goto out;
	kio_print_opts_init(&opts, &cfg, "OI-BENCH-000001");
	/* Warm: the kiosk keeps its handle; the first call connects. */
	if (kio_printer_precheck(p, &opts, NULL))
		goto out;
	for (int i = 0; i < SUBMITS; i++) {
		t0 = now_s();
		if (kio_printer_submit(p, &opts, doc, DOC_BYTES, &id))
			goto out;
		times[i] = (now_s() - t0) * 1000.0;
		if (kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin))
			goto out;
	}
	qsort(times, SUBMITS, sizeof times[0], cmp_double);
	row("printer_submit_1mb", times[SUBMITS / 2], "ms", "<50", times[SUBMITS / 2] < 50.0);

	run((char *const[]){"bash", script, "fault", dir, "slow 5", NULL});
	if (kio_printer_submit(p, &opts, doc, DOC_BYTES, &id))
		goto out;
	getrusage(RUSAGE_SELF, &r0);
	t0 = now_s();
	if (kio_printer_track(p, id, 10, NULL, NULL, NULL, &fin))
		goto out;
	wall = now_s() - t0;
	getrusage(RUSAGE_SELF, &r1);
	cpu = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) +
	      (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6 +
	      (double)(r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
	      (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
	fprintf(stderr, "bench_printer: tracked %.1f s, cpu %.4f s\n", wall, cpu);
	row("printer_track_cpu", 100.0 * cpu / wall, "%", "<1", 100.0 * cpu / wall < 1.0);
	rc = 0;
out:
	kio_printer_close(p);
	free(doc);
	run((char *const[]){"bash", script, "stop", dir, NULL});
	t0 = now_s();
	while (now_s() - t0 < 5 && waitpid(-1, NULL, WNOHANG) >= 0)
		usleep(20000);
	run((char *const[]){"rm", "-rf", dir, NULL});
	return rc;
}
