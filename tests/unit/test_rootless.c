/* Rootless: finding a user's subordinate range in /etc/subuid's text, and
 * the request that asks slirp4netns for a port forward. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "slirp.h"
#include "usermap.h"

static const char subuid[] = "alice:100000:65536\n"
			     "bob:165536:65536\n"
			     "1003:231072:1000\n"
			     "broken:12:\n"
			     "carol:300000:0\n";

static void a_range_is_found_by_name(void **state)
{
	struct subid_range range;

	(void)state;
	assert_int_equal(subid_find(subuid, "bob", 1002, &range), 0);
	assert_int_equal(range.start, 165536);
	assert_int_equal(range.count, 65536);
}

static void a_range_is_found_by_number(void **state)
{
	struct subid_range range;

	(void)state;
	assert_int_equal(subid_find(subuid, "dave", 1003, &range), 0);
	assert_int_equal(range.start, 231072);
	assert_int_equal(range.count, 1000);
	assert_int_equal(subid_find(subuid, NULL, 1003, &range), 0);
}

static void no_line_or_a_bad_line_is_no_range(void **state)
{
	struct subid_range range;

	(void)state;
	assert_int_equal(subid_find(subuid, "eve", 2000, &range), -1);
	assert_int_equal(subid_find(subuid, "broken", 2000, &range), -1);
	assert_int_equal(subid_find(subuid, "carol", 2000, &range), -1);
	/* A name that only starts like another's is not it. */
	assert_int_equal(subid_find(subuid, "ali", 2000, &range), -1);
	assert_int_equal(subid_find("", "alice", 1000, &range), -1);
	assert_int_equal(subid_find("alice:1:2", "alice", 1000, &range), 0);
	assert_int_equal(range.start, 1);
}

static void a_port_forward_request_is_slirp4netns_json(void **state)
{
	struct port_mapping port = { 8080, 80 };
	char request[256];

	(void)state;
	assert_true(slirp_hostfwd_request(&port, request, sizeof(request)) > 0);
	assert_string_equal(request, "{\"execute\": \"add_hostfwd\", \"arguments\": {\"proto\": \"tcp\", \"host_addr\": "
				     "\"127.0.0.1\", \"host_port\": 8080, \"guest_port\": 80}}");
	assert_int_equal(slirp_hostfwd_request(&port, request, 20), -1);
}

static void only_none_and_slirp_are_user_mode_networks(void **state)
{
	(void)state;
	assert_true(user_mode_network("none"));
	assert_true(user_mode_network("slirp"));
	assert_false(user_mode_network("web"));
	assert_false(user_mode_network(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_range_is_found_by_name),
		cmocka_unit_test(a_range_is_found_by_number),
		cmocka_unit_test(no_line_or_a_bad_line_is_no_range),
		cmocka_unit_test(a_port_forward_request_is_slirp4netns_json),
		cmocka_unit_test(only_none_and_slirp_are_user_mode_networks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
