/* Names that must fit an interface name (IFNAMSIZ-1 = 15): networks
 * (their bridge) and the veth pairs derived from container IDs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "names.h"

static void network_names_fit_a_bridge(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(network_name_check("mydocker0", &why), 0);
	assert_int_equal(network_name_check("md-test.1_a", &why), 0);
	assert_int_equal(network_name_check("fifteen-chars-x", &why), 0);
	assert_int_equal(network_name_check("sixteen-chars-xy", &why), -1);
	assert_non_null(strstr(why, "15"));
	assert_int_equal(network_name_check("", &why), -1);
	assert_int_equal(network_name_check("a/b", &why), -1);
	assert_int_equal(network_name_check("..", &why), -1);
	assert_int_equal(network_name_check("-x", &why), -1);
	assert_int_equal(network_name_check("a b", &why), -1);
}

static void container_ids_are_checked(void **state)
{
	const char *why;
	char long_id[80];

	(void)state;
	assert_int_equal(container_id_check("0123456789", &why), 0);
	assert_int_equal(container_id_check("web", &why), 0);
	assert_int_equal(container_id_check("../x", &why), -1);
	memset(long_id, 'a', 65);
	long_id[65] = '\0';
	assert_int_equal(container_id_check(long_id, &why), -1);
	long_id[64] = '\0';
	assert_int_equal(container_id_check(long_id, &why), 0);
}

static void veth_names_come_from_the_id_and_fit(void **state)
{
	char host[IFNAMSIZ], peer[IFNAMSIZ], host2[IFNAMSIZ], peer2[IFNAMSIZ];

	(void)state;
	veth_names("3fa9c2d1e07b", host, peer);
	assert_string_equal(host, "md3fa9c2d1");
	assert_string_equal(peer, "md3fa9c2d1p");
	/* Not hex: a hash, the same every time, different for another ID. */
	veth_names("web-frontend-with-a-long-name", host, peer);
	assert_int_equal(strlen(host), 10);
	assert_int_equal(strlen(peer), 11);
	assert_true(strncmp(host, "md", 2) == 0);
	veth_names("web-frontend-with-a-long-name", host2, peer2);
	assert_string_equal(host, host2);
	veth_names("web-backend", host2, peer2);
	assert_string_not_equal(host, host2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(network_names_fit_a_bridge),
		cmocka_unit_test(container_ids_are_checked),
		cmocka_unit_test(veth_names_come_from_the_id_and_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
