/*
 * paper.c — `adm-kioskctl printer paper [--set N] (--config FILE | --db FILE)`:
 * the sheets left by the kiosk's count (kiosk/paper.c), and a refill
 * recorded from the shell: a "paper.loaded" event with N sheets in the print
 * log, as the technician's number pad records it.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "ctl/ctl.h"
#include "sys/config-file.h"

static void diag(void *ctx, const char *line)
{
	fprintf(ctx, "%s\n", line);
}

static int open_store(const char *db, const char *config, kio_store_t **s)
{
	char path[KIO_CFG_PATH + 16];
	if (!db && config) {
		kio_config_t *cfg = calloc(1, sizeof *cfg);
		kio_err_t err = cfg ? kio_config_load(cfg, config, diag, stderr) : KIO_ERR_NOMEM;
		if (err == KIO_OK)
			snprintf(path, sizeof path, "%s/%s", cfg->data_dir, KIO_STORE_FILE);
		if (cfg)
			explicit_bzero(cfg, sizeof *cfg); /* PIN hashes */
		free(cfg);
		if (err) {
			fprintf(stderr, "adm-kioskctl printer paper: %s: invalid config\n", config);
			return 1;
		}
		db = path;
	}
	if (!db) {
		fprintf(stderr, "adm-kioskctl printer paper: --config FILE or --db FILE\n");
		return 2;
	}
	if (kio_store_open_file(s, db, 0) != KIO_OK) {
		fprintf(stderr, "adm-kioskctl printer paper: cannot open %s\n", db);
		return 1;
	}
	return 0;
}

int ctl_paper_main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"set", required_argument, NULL, 's'},
	    {"db", required_argument, NULL, 'd'},
	    {"config", required_argument, NULL, 'c'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *config = NULL, *set = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 's')
			set = optarg;
		else if (c == 'd')
			db = optarg;
		else if (c == 'c')
			config = optarg;
		else
			return ctl_bad_option("printer paper", c, argv);
	}
	long n = 0;
	char *end = NULL;
	if (set && ((n = strtol(set, &end, 10)) < 1 || n > 100000 || !end || *end)) {
		fprintf(stderr, "adm-kioskctl printer paper: --set takes 1 to 100000 sheets\n");
		return 2;
	}
	kio_store_t *s = NULL;
	int rc = open_store(db, config, &s);
	if (rc)
		return rc;
	if (set) {
		kio_event_t ev;
		memset(&ev, 0, sizeof ev);
		snprintf(ev.type, sizeof ev.type, "paper.loaded");
		snprintf(ev.reason, sizeof ev.reason, "adm-kioskctl");
		ev.pages = (int)n;
		ev.job_id = -1;
		if (kio_store_event_append(s, &ev) != KIO_OK) {
			fprintf(stderr, "adm-kioskctl printer paper: refill not logged\n");
			kio_store_close(s);
			return 1;
		}
	}
	int64_t loaded = 0, used = 0;
	bool found = false;
	kio_err_t err = kio_store_paper(s, &loaded, &used, &found);
	kio_store_close(s);
	if (err) {
		fprintf(stderr, "adm-kioskctl printer paper: cannot read the log\n");
		return 1;
	}
	if (!found)
		printf("sheets: not counted (no refill recorded)\n");
	else
		printf("sheets: %" PRId64 " left (%" PRId64 " loaded, %" PRId64 " printed since)\n",
		       loaded > used ? loaded - used : 0, loaded, used);
	return 0;
}
