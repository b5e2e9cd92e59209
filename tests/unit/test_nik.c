/*
 * test_nik.c — NIK structural rules and masking (app/core/nik.c).
 *
 * One table: input, expected reason and, for valid NIKs, the parsed parts.
 * Every rejection reason appears, plus junk, separators, non-ASCII digits,
 * overlong and NULL input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/nik.h"

typedef struct nik_case {
	const char *input;
	kio_nik_reason_t want;
	/* checked only when want == KIO_NIK_OK */
	const char *digits;
	int province, day, month, year2;
	bool female;
} nik_case_t;

#define OK(in, dig, prov, d, m, y, f)                                                              \
	{                                                                                          \
		in, KIO_NIK_OK, dig, prov, d, m, y, f                                              \
	}
#define BAD(in, why)                                                                               \
	{                                                                                          \
		in, why, NULL, 0, 0, 0, 0, false                                                   \
	}

/* U+0661 ARABIC-INDIC DIGIT ONE and U+FF11 FULLWIDTH DIGIT ONE */
#define AR1 "\xd9\xa1"
#define FW1 "\xef\xbc\x91"

static const nik_case_t cases[] = {
    /* valid: men, women (day + 40), edges of day/month, every region */
    OK("1610015708900001", "1610015708900001", 16, 17, 8, 90, true),
    OK("3171011708450002", "3171011708450002", 31, 17, 8, 45, false),
    OK("1101010101000001", "1101010101000001", 11, 1, 1, 0, false),
    OK("1610014101000001", "1610014101000001", 16, 1, 1, 0, true),
    OK("2171013112990001", "2171013112990001", 21, 31, 12, 99, false),
    OK("1610017112990001", "1610017112990001", 16, 31, 12, 99, true),
    OK("9601012902000001", "9601012902000001", 96, 29, 2, 0, false),
    OK("5171016902040001", "5171016902040001", 51, 29, 2, 4, true),
    OK("8201010503889999", "8201010503889999", 82, 5, 3, 88, false),
    OK("6471053004770010", "6471053004770010", 64, 30, 4, 77, false),
    OK("7601017011010001", "7601017011010001", 76, 30, 11, 1, true),
    /* separators a citizen or a scanner may add */
    OK("1610 0157 0890 0001", "1610015708900001", 16, 17, 8, 90, true),
    OK("16.10.01.570890.0001", "1610015708900001", 16, 17, 8, 90, true),
    OK("1610-01-570890-0001", "1610015708900001", 16, 17, 8, 90, true),
    OK("  1610015708900001  ", "1610015708900001", 16, 17, 8, 90, true),
    /* empty */
    BAD("", KIO_NIK_EMPTY),
    BAD("    ", KIO_NIK_EMPTY),
    BAD(". - .", KIO_NIK_EMPTY),
    BAD(NULL, KIO_NIK_EMPTY),
    /* characters */
    BAD("1610a15708900001", KIO_NIK_BAD_CHAR),
    BAD("1610_015708900001", KIO_NIK_BAD_CHAR),
    BAD("1610\t015708900001", KIO_NIK_BAD_CHAR),
    BAD("+1610015708900001", KIO_NIK_BAD_CHAR),
    BAD("1610015708900001\n", KIO_NIK_BAD_CHAR),
    BAD(AR1 "610015708900001", KIO_NIK_BAD_CHAR),
    BAD(FW1 "610015708900001", KIO_NIK_BAD_CHAR),
    BAD("DROP TABLE nik;--", KIO_NIK_BAD_CHAR),
    BAD("\xff\xfe", KIO_NIK_BAD_CHAR),
    /* length */
    BAD("161001570890000", KIO_NIK_LENGTH),
    BAD("16100157089000011", KIO_NIK_LENGTH),
    BAD("1", KIO_NIK_LENGTH),
    BAD("1610 0157 0890 0001 0001", KIO_NIK_LENGTH),
    BAD("1610015708900001161001570890000116100157089000011610015708900001x", KIO_NIK_LENGTH),
    BAD("                                                                 1", KIO_NIK_LENGTH),
    /* province */
    BAD("0010015708900001", KIO_NIK_PROVINCE),
    BAD("1010015708900001", KIO_NIK_PROVINCE),
    BAD("2010015708900001", KIO_NIK_PROVINCE),
    BAD("2210015708900001", KIO_NIK_PROVINCE),
    BAD("3710015708900001", KIO_NIK_PROVINCE),
    BAD("5410015708900001", KIO_NIK_PROVINCE),
    BAD("6610015708900001", KIO_NIK_PROVINCE),
    BAD("7710015708900001", KIO_NIK_PROVINCE),
    BAD("8310015708900001", KIO_NIK_PROVINCE),
    BAD("9710015708900001", KIO_NIK_PROVINCE),
    /* regency, district */
    BAD("1600015708900001", KIO_NIK_REGENCY),
    BAD("1610005708900001", KIO_NIK_DISTRICT),
    /* day */
    BAD("1610010008900001", KIO_NIK_DAY),
    BAD("1610013208900001", KIO_NIK_DAY),
    BAD("1610014008900001", KIO_NIK_DAY),
    BAD("1610017208900001", KIO_NIK_DAY),
    BAD("1610019908900001", KIO_NIK_DAY),
    /* month */
    BAD("1610011700900001", KIO_NIK_MONTH),
    BAD("1610011713900001", KIO_NIK_MONTH),
    BAD("1610015799900001", KIO_NIK_MONTH),
    /* calendar */
    BAD("1610013002900001", KIO_NIK_DATE),
    BAD("1610013104900001", KIO_NIK_DATE),
    BAD("1610013109900001", KIO_NIK_DATE),
    BAD("1610013111900001", KIO_NIK_DATE),
    BAD("1610017102900001", KIO_NIK_DATE),
    OK("1610017006900001", "1610017006900001", 16, 30, 6, 90, true),
    /* serial */
    BAD("1610011308900000", KIO_NIK_SERIAL),
    BAD("1610015708900000", KIO_NIK_SERIAL),
};

static void test_table(void **state)
{
	(void)state;
	assert_true(sizeof cases / sizeof cases[0] >= 40);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const nik_case_t *c = &cases[i];
		kio_nik_t n;
		kio_nik_reason_t r;

		memset(&n, 0x5a, sizeof n);
		r = kio_nik_parse(c->input, &n);
		if (r != c->want)
			fail_msg("case %zu \"%s\": got %s, want %s", i,
			         c->input ? c->input : "(null)", kio_nik_reason_name(r),
			         kio_nik_reason_name(c->want));
		if (c->want != KIO_NIK_OK) {
			/* nothing of a rejected NIK is left in OUT */
			kio_nik_t zero;
			memset(&zero, 0, sizeof zero);
			assert_memory_equal(&n, &zero, sizeof n);
			continue;
		}
		if (!c->digits)
			continue;
		assert_string_equal(n.digits, c->digits);
		assert_int_equal(n.province, c->province);
		assert_int_equal(n.day, c->day);
		assert_int_equal(n.month, c->month);
		assert_int_equal(n.year2, c->year2);
		assert_int_equal(n.female, c->female);
	}
}

static void test_parts(void **state)
{
	kio_nik_t n;

	(void)state;
	assert_int_equal(kio_nik_parse("1610015708900001", &n), KIO_NIK_OK);
	assert_int_equal(n.regency, 10);
	assert_int_equal(n.district, 1);
	assert_int_equal(n.serial, 1);
	assert_int_equal(kio_nik_parse("3171021708459876", &n), KIO_NIK_OK);
	assert_int_equal(n.regency, 71);
	assert_int_equal(n.district, 2);
	assert_int_equal(n.serial, 9876);
	/* OUT may be NULL */
	assert_int_equal(kio_nik_parse("1610015708900001", NULL), KIO_NIK_OK);
	assert_int_equal(kio_nik_parse("1610015708900000", NULL), KIO_NIK_SERIAL);
}

static void test_reason_names(void **state)
{
	static const char *const names[] = {"ok",       "empty",   "bad_char", "length",
	                                    "province", "regency", "district", "day",
	                                    "month",    "date",    "serial"};

	(void)state;
	for (int r = 0; r < KIO_NIK__COUNT; r++) {
		assert_string_equal(kio_nik_reason_name((kio_nik_reason_t)r), names[r]);
		assert_true(strlen(kio_nik_reason_text((kio_nik_reason_t)r)) > 0);
	}
	assert_string_equal(kio_nik_reason_text(KIO_NIK_LENGTH), "NIK harus 16 angka");
	assert_string_equal(kio_nik_reason_name((kio_nik_reason_t)99), "unknown");
	assert_non_null(kio_nik_reason_text((kio_nik_reason_t)-1));
}

static void test_mask(void **state)
{
	static const struct {
		const char *in, *want;
	} m[] = {
	    {"1610015708900001", "1610**********01"},
	    {"3171011708450002", "3171**********02"},
	    {NULL, "****************"},
	    {"", "****************"},
	    {"1610", "****************"},
	    {"161001570890000", "****************"},
	    {"16100157089000011", "****************"},
	    {"1610 01570890001", "****************"},
	    {"16100157089000x1", "****************"},
	};
	char out[KIO_NIK_BUF];

	(void)state;
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		memset(out, 'x', sizeof out);
		kio_nik_mask(m[i].in, out);
		assert_string_equal(out, m[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_parts),
	    cmocka_unit_test(test_reason_names),
	    cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
