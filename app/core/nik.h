/*
 * nik.h — structural rules of the Indonesian NIK (Nomor Induk Kependudukan).
 *
 * A NIK is 16 digits: PP RR DD ddmmyy SSSS — province, regency/city,
 * district, birth date (day + 40 for women), two-digit year and a serial.
 * There is no check digit, so these rules only catch typos and junk before
 * a login is sent; the server decides whether the NIK exists. Pure functions:
 * no I/O, no allocation, safe on any input.
 */
#ifndef KIO_NIK_H
#define KIO_NIK_H

#include <stdbool.h>

#include "core/model.h"

/* Longest input accepted before stripping separators (a typed NIK with
 * spaces or dots fits easily; anything longer is junk). */
enum { KIO_NIK_INPUT_MAX = 64 };

typedef enum kio_nik_reason {
	KIO_NIK_OK,
	KIO_NIK_EMPTY,    /* nothing but separators, or NULL */
	KIO_NIK_BAD_CHAR, /* something other than ASCII 0-9, space, '.', '-' */
	KIO_NIK_LENGTH,   /* not exactly 16 digits, or input over the cap */
	KIO_NIK_PROVINCE, /* digits 1-2 not a province code */
	KIO_NIK_REGENCY,  /* digits 3-4 are 00 */
	KIO_NIK_DISTRICT, /* digits 5-6 are 00 */
	KIO_NIK_DAY,      /* digits 7-8 not 01-31 or 41-71 */
	KIO_NIK_MONTH,    /* digits 9-10 not 01-12 */
	KIO_NIK_DATE,     /* day/month never occur together (30 Feb, 31 Apr) */
	KIO_NIK_SERIAL,   /* digits 13-16 are 0000 */
	KIO_NIK__COUNT
} kio_nik_reason_t;

typedef struct kio_nik {
	char digits[KIO_NIK_BUF]; /* the 16 digits, separators removed */
	int province;             /* 11..96 */
	int regency;              /* 1..99 */
	int district;             /* 1..99 */
	int day;                  /* real day 1..31 (40 already taken off) */
	int month;                /* 1..12 */
	int year2;                /* 0..99; the century is not in the NIK */
	bool female;
	int serial; /* 1..9999 */
} kio_nik_t;

/* Parse INPUT (may be NULL). On KIO_NIK_OK fills OUT (may be NULL); on
 * any other result OUT is zeroed, so no partial NIK lingers in it. */
kio_nik_reason_t kio_nik_parse(const char *input, kio_nik_t *out);

/* Stable key ("ok", "bad_char", ...); the UI looks up "nik.<name>". Never NULL. */
const char *kio_nik_reason_name(kio_nik_reason_t reason);

/* Short Bahasa Indonesia text for the CLI ("NIK harus 16 angka"). Never NULL. */
const char *kio_nik_reason_text(kio_nik_reason_t reason);

/* "1610**********01": first four and last two digits kept. If DIGITS16 is
 * NULL or not exactly 16 ASCII digits, OUT is all '*' (nothing unverified
 * leaks into a log). */
void kio_nik_mask(const char *digits16, char out[KIO_NIK_BUF]);

#endif
