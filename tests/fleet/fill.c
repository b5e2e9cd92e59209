/*
 * fill.c — fleet-fill: gives a fleet kiosk its backlog before it starts.
 *
 *   fleet-fill DATA_DIR N     appends N print events (pending upload) to the
 *                             print log in DATA_DIR (created if needed) and
 *                             prints their ids, one a line
 *
 * Through the store's own append (ids, seq, hash chain as the kiosk makes
 * them), so the fleet run uploads what a real kiosk would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store.h"

int main(int argc, char **argv)
{
	char *end = NULL;
	long n = argc == 3 ? strtol(argv[2], &end, 10) : -1;
	if (argc != 3 || !end || *end || n < 0 || n > 100000) {
		fprintf(stderr, "usage: fleet-fill DATA_DIR N (0-100000)\n");
		return 2;
	}
	mkdir(argv[1], 0700);
	kio_store_t *st = NULL;
	if (kio_store_open(&st, argv[1]) != KIO_OK) {
		fprintf(stderr, "fleet-fill: cannot open the print log in %s\n", argv[1]);
		return 1;
	}
	int rc = 0;
	for (long i = 0; i < n; i++) {
		kio_event_t ev;
		memset(&ev, 0, sizeof ev);
		snprintf(ev.type, sizeof ev.type, "%s", "print.completed");
		snprintf(ev.document_id, sizeof ev.document_id, "b%07ld", 1000000 + i % 1000);
		snprintf(ev.application, sizeof ev.application, "%s", "ADM-FLEET");
		snprintf(ev.kind, sizeof ev.kind, "%s", "kk");
		snprintf(ev.nik_masked, sizeof ev.nik_masked, "%s", "3201********0001");
		ev.pages = 1;
		ev.job_id = (int)i + 1;
		if (kio_store_event_append(st, &ev) != KIO_OK) {
			fprintf(stderr, "fleet-fill: append %ld failed\n", i);
			rc = 1;
			break;
		}
		printf("%s\n", ev.id);
	}
	kio_store_close(st);
	return rc;
}
