/* uid_map/gid_map lines and the --map=INSIDE:OUTSIDE:COUNT parser. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "idmap.h"

static void a_map_line_is_three_numbers_and_a_newline(void **state)
{
	struct id_map map = { 0, 1000, 1 };
	char line[64];

	(void)state;
	assert_int_equal(id_map_line(&map, line, sizeof(line)), 9);
	assert_string_equal(line, "0 1000 1\n");
}

static void a_line_that_does_not_fit_is_refused(void **state)
{
	struct id_map map = { 0, 4000000000UL, 65536 };
	char line[8];

	(void)state;
	assert_int_equal(id_map_line(&map, line, sizeof(line)), -1);
}

static void a_map_parses_from_its_three_fields(void **state)
{
	struct id_map map;
	const char *why = NULL;

	(void)state;
	assert_int_equal(parse_id_map("0:100000:65536", &map, &why), 0);
	assert_int_equal(map.inside, 0);
	assert_int_equal(map.outside, 100000);
	assert_int_equal(map.count, 65536);
}

static void bad_maps_are_refused_with_a_reason(void **state)
{
	static const char *bad[] = { "", "0", "0:1000", "0:1000:", "0:1000:0", "a:1:1", "0:-1:1", "0:1:1:1",
				     "0:4294967295:1", "0:1:99999999999", " 0:1:1" };
	struct id_map map;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		assert_int_equal(parse_id_map(bad[i], &map, &why), -1);
		assert_non_null(why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_map_line_is_three_numbers_and_a_newline),
		cmocka_unit_test(a_line_that_does_not_fit_is_refused),
		cmocka_unit_test(a_map_parses_from_its_three_fields),
		cmocka_unit_test(bad_maps_are_refused_with_a_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
