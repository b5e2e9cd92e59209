/*
 * test_pin.c — PIN format, Argon2id hash and verify (app/core/pin.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "core/pin.h"

static void test_format(void **state)
{
	static const struct {
		const char *pin;
		bool ok;
	} f[] = {
	    {"1234", true},
	    {"000000", true},
	    {"123456789012", true},
	    {"123", false},
	    {"1234567890123", false},
	    {"", false},
	    {NULL, false},
	    {"12a4", false},
	    {"1234 ", false},
	    {" 1234", false},
	    {"-123", false},
	    {"\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4", false}, /* Arabic-Indic digits */
	};

	(void)state;
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		assert_int_equal(kio_pin_valid_format(f[i].pin), f[i].ok);
}

static void test_hash_verify(void **state)
{
	char h1[KIO_PIN_HASH_MAX], h2[KIO_PIN_HASH_MAX];

	(void)state;
	assert_int_equal(kio_pin_hash("482915", h1, sizeof h1), KIO_OK);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_null(strstr(h1, "482915"));
	assert_true(kio_pin_verify(h1, "482915"));
	assert_false(kio_pin_verify(h1, "482916"));
	assert_false(kio_pin_verify(h1, "48291"));
	assert_false(kio_pin_verify(h1, ""));
	assert_false(kio_pin_verify(h1, NULL));
	/* a fresh salt each time */
	assert_int_equal(kio_pin_hash("482915", h2, sizeof h2), KIO_OK);
	assert_string_not_equal(h1, h2);
	assert_true(kio_pin_verify(h2, "482915"));
}

static void test_bad_input(void **state)
{
	char h[KIO_PIN_HASH_MAX];

	(void)state;
	assert_int_equal(kio_pin_hash("12", h, sizeof h), KIO_ERR_INVAL);
	assert_int_equal(kio_pin_hash("abcd", h, sizeof h), KIO_ERR_INVAL);
	assert_int_equal(kio_pin_hash(NULL, h, sizeof h), KIO_ERR_INVAL);
	assert_int_equal(kio_pin_hash("1234", h, 10), KIO_ERR_TOOBIG);
	/* an unset or foreign hash never verifies */
	assert_false(kio_pin_verify("", "1234"));
	assert_false(kio_pin_verify(NULL, "1234"));
	assert_false(kio_pin_verify("$2y$10$abcdefghijklmnopqrstuv", "1234"));
	assert_false(kio_pin_verify("$argon2id$garbage", "1234"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_hash_verify),
	    cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
