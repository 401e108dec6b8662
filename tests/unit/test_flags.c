/* Flag decoding: every combination by name, unknown bits in hex. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>

#include "flags.h"

static void clone_flags_are_named(void **state)
{
	char text[256];

	(void)state;
	clone_flags_to_string(CLONE_NEWUTS | CLONE_NEWPID | SIGCHLD, text, sizeof(text));
	assert_string_equal(text, "CLONE_NEWUTS|CLONE_NEWPID|SIGCHLD");
	clone_flags_to_string(SIGCHLD, text, sizeof(text));
	assert_string_equal(text, "SIGCHLD");
	clone_flags_to_string(CLONE_NEWNS, text, sizeof(text));
	assert_string_equal(text, "CLONE_NEWNS");
	clone_flags_to_string(0, text, sizeof(text));
	assert_string_equal(text, "0");
}

static void mount_flags_are_named_in_table_order(void **state)
{
	char text[256];

	(void)state;
	flags_to_string(MS_NOSUID | MS_NODEV | MS_NOEXEC, mount_flag_names, text, sizeof(text));
	assert_string_equal(text, "MS_NOSUID|MS_NODEV|MS_NOEXEC");
	flags_to_string(MS_PRIVATE | MS_REC, mount_flag_names, text, sizeof(text));
	assert_string_equal(text, "MS_REC|MS_PRIVATE");
}

static void unknown_bits_are_shown_in_hex(void **state)
{
	char text[256];

	(void)state;
	flags_to_string(MS_BIND | (1UL << 40), mount_flag_names, text, sizeof(text));
	assert_string_equal(text, "MS_BIND|0x10000000000");
	flags_to_string(1UL << 40, mount_flag_names, text, sizeof(text));
	assert_string_equal(text, "0x10000000000");
}

static void a_short_buffer_is_cut_and_terminated(void **state)
{
	char text[8];
	size_t wanted;

	(void)state;
	wanted = flags_to_string(CLONE_NEWUTS | CLONE_NEWPID, clone_flag_names, text, sizeof(text));
	assert_int_equal(wanted, strlen("CLONE_NEWUTS|CLONE_NEWPID"));
	assert_int_equal(strlen(text), sizeof(text) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clone_flags_are_named),
		cmocka_unit_test(mount_flags_are_named_in_table_order),
		cmocka_unit_test(unknown_bits_are_shown_in_hex),
		cmocka_unit_test(a_short_buffer_is_cut_and_terminated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
