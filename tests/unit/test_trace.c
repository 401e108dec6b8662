/* The trace layer's pure parts: hints by call, errno and object; quoting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "trace.h"

static void a_failed_clone_names_the_missing_capability(void **state)
{
	(void)state;
	assert_non_null(strstr(trace_hint("clone", "CLONE_NEWUTS|SIGCHLD", EPERM), "CAP_SYS_ADMIN"));
}

static void a_hint_can_depend_on_the_object(void **state)
{
	(void)state;
	assert_non_null(strstr(trace_hint("write", "\"/proc/42/uid_map\", \"0 0 1\\n\"", EPERM), "own uid"));
	assert_non_null(strstr(trace_hint("write", "\"/sys/fs/cgroup/cpuset/x/cgroup.procs\"", ENOSPC), "cpuset.mems"));
	assert_null(trace_hint("write", "\"/tmp/file\"", EPERM));
}

static void no_hint_for_an_unknown_failure(void **state)
{
	(void)state;
	assert_null(trace_hint("mount", "x", EMLINK));
}

static void text_is_quoted_like_strace(void **state)
{
	char quoted[64];

	(void)state;
	trace_quote(quoted, sizeof(quoted), "a \"b\"\n", 100);
	assert_string_equal(quoted, "\"a \\\"b\\\"\\n\"");
	trace_quote(quoted, sizeof(quoted), NULL, 100);
	assert_string_equal(quoted, "NULL");
	trace_quote(quoted, sizeof(quoted), "", 100);
	assert_string_equal(quoted, "\"\"");
	trace_quote(quoted, sizeof(quoted), "abcdef", 3);
	assert_string_equal(quoted, "\"abc\"...");
}

static void a_long_text_is_cut_and_terminated(void **state)
{
	char quoted[10];

	(void)state;
	trace_quote(quoted, sizeof(quoted), "0123456789abcdef", 100);
	assert_true(strlen(quoted) < sizeof(quoted));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_failed_clone_names_the_missing_capability),
		cmocka_unit_test(a_hint_can_depend_on_the_object),
		cmocka_unit_test(no_hint_for_an_unknown_failure),
		cmocka_unit_test(text_is_quoted_like_strace),
		cmocka_unit_test(a_long_text_is_cut_and_terminated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
