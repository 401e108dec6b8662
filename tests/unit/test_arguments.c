/* The small programs' arguments: options with values, operands, --help,
 * and what is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "arguments.h"

static int usage_calls;

static void count_usage(FILE *out)
{
	(void)out;
	usage_calls++;
}

static void options_and_operands_are_sorted_out(void **state)
{
	char *argv[] = { "p", "--keep", "/tmp/k", "a", "b", NULL };
	const char *keep = NULL;
	const char *operands[2] = { NULL, NULL };
	const struct valued_option options[] = { { "keep", &keep }, { NULL, NULL } };
	int count = -1;

	(void)state;
	assert_int_equal(parse_arguments(5, argv, options, operands, 2, &count, count_usage), ARGUMENTS_GO_ON);
	assert_string_equal(keep, "/tmp/k");
	assert_int_equal(count, 2);
	assert_string_equal(operands[0], "a");
	assert_string_equal(operands[1], "b");
}

static void help_leaves_with_zero_and_bad_words_with_two(void **state)
{
	char *help[] = { "p", "--help", NULL };
	char *unknown[] = { "p", "--nope", NULL };
	char *too_many[] = { "p", "a", "b", NULL };
	char *missing_value[] = { "p", "--keep", NULL };
	const char *keep = NULL;
	const char *operands[1];
	const struct valued_option options[] = { { "keep", &keep }, { NULL, NULL } };

	(void)state;
	usage_calls = 0;
	assert_int_equal(parse_arguments(2, help, options, operands, 1, NULL, count_usage), 0);
	assert_int_equal(parse_arguments(2, unknown, options, operands, 1, NULL, count_usage), 2);
	assert_int_equal(parse_arguments(3, too_many, options, operands, 1, NULL, count_usage), 2);
	assert_int_equal(parse_arguments(2, missing_value, options, operands, 1, NULL, count_usage), 2);
	assert_int_equal(usage_calls, 4);
	assert_null(keep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(options_and_operands_are_sorted_out),
		cmocka_unit_test(help_leaves_with_zero_and_bad_words_with_two),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
