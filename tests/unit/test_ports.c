/* -p HOST:CONTAINER parsing: good mappings, and what must be refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ports.h"

static void a_mapping_gives_both_ports(void **state)
{
	struct port_mapping mapping;
	const char *why;

	(void)state;
	assert_int_equal(port_mapping_parse("8080:80", &mapping, &why), 0);
	assert_int_equal(mapping.host_port, 8080);
	assert_int_equal(mapping.container_port, 80);
	assert_int_equal(port_mapping_parse("65535:1", &mapping, &why), 0);
	assert_int_equal(mapping.host_port, 65535);
	assert_int_equal(mapping.container_port, 1);
}

static void bad_mappings_are_refused(void **state)
{
	static const char *const bad[] = {
		"80", "0:80", "80:0", "70000:80", "80:70000", "a:b", ":80", "80:", "", "8080:80:90",
		"-1:80", "+80:80", "80 :80", "99999999999:80", "1.5:80",
	};
	struct port_mapping mapping;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		if (port_mapping_parse(bad[i], &mapping, &why) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_non_null(why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_mapping_gives_both_ports),
		cmocka_unit_test(bad_mappings_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
