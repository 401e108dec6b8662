/* Sizes as people write them (parse_size) and whole numbers (parse_number):
 * every limit a chapter takes goes through these. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "size.h"

static void sizes_with_units_are_powers_of_1024(void **state)
{
	unsigned long long bytes;
	const char *why;

	(void)state;
	assert_int_equal(parse_size("100m", &bytes, &why), 0);
	assert_true(bytes == 100ULL * 1024 * 1024);
	assert_int_equal(parse_size("1g", &bytes, &why), 0);
	assert_true(bytes == 1ULL << 30);
	assert_int_equal(parse_size("512k", &bytes, &why), 0);
	assert_true(bytes == 512ULL * 1024);
	assert_int_equal(parse_size("1048576", &bytes, &why), 0);
	assert_true(bytes == 1048576ULL);
	assert_int_equal(parse_size("2T", &bytes, &why), 0);
	assert_true(bytes == 2ULL << 40);
	assert_int_equal(parse_size("100MB", &bytes, &why), 0);
	assert_true(bytes == 100ULL << 20);
	assert_int_equal(parse_size("0", &bytes, &why), 0);
	assert_true(bytes == 0);
}

static void max_is_unlimited(void **state)
{
	unsigned long long bytes;
	const char *why;

	(void)state;
	assert_int_equal(parse_size("max", &bytes, &why), 0);
	assert_true(bytes == SIZE_UNLIMITED);
	assert_int_equal(parse_size("MAX", &bytes, &why), 0);
	assert_true(bytes == SIZE_UNLIMITED);
}

static void bad_sizes_get_one_clear_error(void **state)
{
	static const char *const bad[] = { "-1", "10x", "", "m", " 10m", "10m ", "10mm", "1.5g", "0x10", "maxi" };
	unsigned long long bytes = 7;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(parse_size(bad[i], &bytes, &why), -1);
		assert_non_null(why);
		assert_true(bytes == 7); /* untouched */
	}
	assert_int_equal(parse_size(NULL, &bytes, &why), -1);
}

static void overflow_is_refused(void **state)
{
	unsigned long long bytes;
	const char *why;

	(void)state;
	assert_int_equal(parse_size("1000000000000000000", &bytes, &why), 0); /* 10^18 fits in 64 bits */
	assert_int_equal(parse_size("18446744073709551616", &bytes, &why), -1); /* 2^64 does not */
	assert_string_equal(why, "size too large");
	assert_int_equal(parse_size("99999999999999999999", &bytes, &why), -1);
	assert_int_equal(parse_size("16777216t", &bytes, &why), -1); /* 2^24 TiB = 2^64 */
	assert_string_equal(why, "size too large");
	assert_int_equal(parse_size("16777215t", &bytes, &why), 0);
}

static void numbers_are_whole_and_in_range(void **state)
{
	long long value;
	const char *why;

	(void)state;
	assert_int_equal(parse_number("20", 1, 100, &value, &why), 0);
	assert_int_equal(value, 20);
	assert_int_equal(parse_number("-1", -1, 100, &value, &why), 0);
	assert_int_equal(value, -1);
	assert_int_equal(parse_number("0", 1, 100, &value, &why), -1);
	assert_int_equal(parse_number("101", 1, 100, &value, &why), -1);
	assert_int_equal(parse_number("2x", 1, 100, &value, &why), -1);
	assert_int_equal(parse_number("", 1, 100, &value, &why), -1);
	assert_int_equal(parse_number(" 5", 1, 100, &value, &why), -1);
	assert_int_equal(parse_number("99999999999999999999", 1, 100, &value, &why), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes_with_units_are_powers_of_1024),
		cmocka_unit_test(max_is_unlimited),
		cmocka_unit_test(bad_sizes_get_one_clear_error),
		cmocka_unit_test(overflow_is_refused),
		cmocka_unit_test(numbers_are_whole_and_in_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
