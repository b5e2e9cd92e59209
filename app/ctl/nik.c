/*
 * nik.c — `adm-kioskctl nik check NIK`: explain what the NIK rules see.
 *
 * For technicians and officers answering "why does the kiosk refuse my NIK?".
 * Only the masked NIK is printed, so the output can be pasted into a ticket.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "core/nik.h"
#include "ctl/ctl.h"

int ctl_nik_main(int argc, char **argv)
{
	static const char *const months[12] = {
	    "Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
	    "Juli",    "Agustus",  "September", "Oktober", "November", "Desember",
	};
	kio_nik_t nik;
	kio_nik_reason_t r;
	char masked[KIO_NIK_BUF];
	int status = 2;
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1)
		if (c != 'h')
			return ctl_bad_option(argv[0], c, argv);
	argc -= optind;
	argv += optind;
	if (argc != 2 || strcmp(argv[0], "check") != 0) {
		fprintf(stderr, "usage: adm-kioskctl nik check NIK\n");
		goto out;
	}
	r = kio_nik_parse(argv[1], &nik);
	if (r != KIO_NIK_OK) {
		printf("NIK tidak valid: %s (%s)\n", kio_nik_reason_text(r),
		       kio_nik_reason_name(r));
		status = 1;
		goto out;
	}
	kio_nik_mask(nik.digits, masked);
	printf("nik:       %s\n", masked);
	printf("province:  %02d\n", nik.province);
	printf("regency:   %02d\n", nik.regency);
	printf("district:  %02d\n", nik.district);
	printf("birth:     %02d-%02d-%02d (%d %s, year ..%02d; day field %02d)\n", nik.day,
	       nik.month, nik.year2, nik.day, months[nik.month - 1], nik.year2,
	       nik.female ? nik.day + 40 : nik.day);
	printf("sex:       %s\n", nik.female ? "perempuan" : "laki-laki");
	status = 0;
out:
	explicit_bzero(&nik, sizeof nik);
	return status;
}
