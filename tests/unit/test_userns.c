/* Why a user namespace could not be made (userns_restriction_hint): each
 * distribution's switch gets its own line, with the command that turns it;
 * a failure the switches do not explain gets none. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "userns.h"

/* The switches of a machine where nothing restricts user namespaces. */
static const struct userns_switches open_machine = { -1, -1, 15000, false };

static const char *hint_for(struct userns_switches switches, int error)
{
	static char line[1024];

	return userns_restriction_hint(&switches, error, "/usr/local/bin/mydocker", line, sizeof(line)) == 0 ? line
													   : NULL;
}

static void nothing_is_said_when_no_switch_is_set(void **state)
{
	(void)state;
	assert_null(hint_for(open_machine, EPERM));
	assert_null(hint_for(open_machine, ENOSPC));
	/* A limit reached, not turned off: the generic hint is right. */
	struct userns_switches full = open_machine;
	full.max_user_namespaces = 10;
	assert_null(hint_for(full, ENOSPC));
}

static void debian_switch_off_names_its_sysctl(void **state)
{
	(void)state;
	struct userns_switches debian = open_machine;
	debian.unprivileged_clone = 0;
	assert_non_null(strstr(hint_for(debian, EPERM), "sudo sysctl -w kernel.unprivileged_userns_clone=1"));
	/* root is spared by the switch: its EPERM has another cause. */
	debian.privileged = true;
	assert_null(hint_for(debian, EPERM));
	/* Set to 1, the switch allows. */
	debian.privileged = false;
	debian.unprivileged_clone = 1;
	assert_null(hint_for(debian, EPERM));
}

static void zero_user_namespaces_names_its_sysctl_even_for_root(void **state)
{
	(void)state;
	struct userns_switches none = open_machine;
	none.max_user_namespaces = 0;
	none.privileged = true;
	assert_string_equal(hint_for(none, ENOSPC), "user namespaces are turned off here (user.max_user_namespaces=0): "
						    "sudo sysctl -w user.max_user_namespaces=15000");
	assert_null(hint_for(none, EPERM));
}

static void apparmor_restriction_gives_a_profile_for_this_program(void **state)
{
	(void)state;
	struct userns_switches ubuntu = open_machine;
	ubuntu.apparmor_restrict = 1;
	const char *line = hint_for(ubuntu, EACCES);

	assert_non_null(line);
	assert_non_null(strstr(line, "kernel.apparmor_restrict_unprivileged_userns=1"));
	assert_non_null(strstr(line, "profile /usr/local/bin/mydocker flags=(unconfined)"));
	assert_non_null(strstr(line, "userns,"));
	assert_non_null(strstr(line, "sudo apparmor_parser -r /etc/apparmor.d/usr.local.bin.mydocker"));
	assert_null(strchr(line, '\n'));
	assert_non_null(hint_for(ubuntu, EPERM));
	ubuntu.apparmor_restrict = 0;
	assert_null(hint_for(ubuntu, EACCES));
}

static void a_line_too_long_for_the_buffer_is_not_cut(void **state)
{
	char line[40];
	struct userns_switches ubuntu = open_machine;

	(void)state;
	ubuntu.apparmor_restrict = 1;
	assert_int_equal(userns_restriction_hint(&ubuntu, EACCES, "/bin/x", line, sizeof(line)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nothing_is_said_when_no_switch_is_set),
		cmocka_unit_test(debian_switch_off_names_its_sysctl),
		cmocka_unit_test(zero_user_namespaces_names_its_sysctl_even_for_root),
		cmocka_unit_test(apparmor_restriction_gives_a_profile_for_this_program),
		cmocka_unit_test(a_line_too_long_for_the_buffer_is_not_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
