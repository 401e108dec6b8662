/* Image tar entry paths: what an unpacker must refuse before writing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "image.h"

static void ordinary_paths_pass(void **state)
{
	(void)state;
	assert_null(image_entry_path_problem("bin/busybox"));
	assert_null(image_entry_path_problem("./bin/sh"));
	assert_null(image_entry_path_problem("etc/"));
	assert_null(image_entry_path_problem("."));
	assert_null(image_entry_path_problem("usr/bin/[["));
	/* Dots that are part of a name are names. */
	assert_null(image_entry_path_problem("a/..b/c.."));
	assert_null(image_entry_path_problem("..."));
}

static void absolute_paths_are_refused(void **state)
{
	(void)state;
	assert_non_null(strstr(image_entry_path_problem("/etc/passwd"), "absolute"));
	assert_non_null(strstr(image_entry_path_problem("//x"), "absolute"));
}

static void dot_dot_components_are_refused(void **state)
{
	(void)state;
	assert_non_null(strstr(image_entry_path_problem(".."), ".."));
	assert_non_null(strstr(image_entry_path_problem("../escaped"), ".."));
	assert_non_null(strstr(image_entry_path_problem("a/../../b"), ".."));
	assert_non_null(strstr(image_entry_path_problem("a/b/.."), ".."));
	assert_non_null(strstr(image_entry_path_problem("a//../b"), ".."));
}

static void an_empty_path_is_refused(void **state)
{
	(void)state;
	assert_non_null(image_entry_path_problem(""));
	assert_non_null(image_entry_path_problem(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ordinary_paths_pass),
		cmocka_unit_test(absolute_paths_are_refused),
		cmocka_unit_test(dot_dot_components_are_refused),
		cmocka_unit_test(an_empty_path_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
