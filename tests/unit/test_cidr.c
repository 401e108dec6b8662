/* CIDR parsing and arithmetic: /8 to /30, the gateway and broadcast
 * addresses, overlaps, and the inputs that must be refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cidr.h"

static void a_slash_24_has_its_gateway_and_broadcast(void **state)
{
	struct cidr subnet;
	const char *why = NULL;
	char text[IPV4_TEXT_SIZE], cidr_text[CIDR_TEXT_SIZE];

	(void)state;
	assert_int_equal(cidr_parse("10.213.1.0/24", &subnet, &why), 0);
	assert_int_equal(subnet.prefix, 24);
	assert_int_equal(cidr_size(&subnet), 256);
	ipv4_format(cidr_gateway(&subnet), text);
	assert_string_equal(text, "10.213.1.1");
	ipv4_format(cidr_broadcast(&subnet), text);
	assert_string_equal(text, "10.213.1.255");
	cidr_format(&subnet, cidr_text);
	assert_string_equal(cidr_text, "10.213.1.0/24");
}

static void every_prefix_from_8_to_30_parses(void **state)
{
	struct cidr subnet;
	const char *why;

	(void)state;
	assert_int_equal(cidr_parse("10.0.0.0/8", &subnet, &why), 0);
	assert_int_equal(cidr_size(&subnet), 1u << 24);
	assert_int_equal(cidr_parse("172.16.0.0/16", &subnet, &why), 0);
	assert_int_equal(cidr_size(&subnet), 65536);
	assert_int_equal(cidr_parse("192.168.5.4/30", &subnet, &why), 0);
	assert_int_equal(cidr_size(&subnet), 4);
	assert_int_equal(cidr_broadcast(&subnet) - subnet.network, 3);
}

static void bad_cidrs_are_refused_with_a_reason(void **state)
{
	static const char *const bad[] = {
		"", "10.213.1.0", "10.213.1.0/", "10.213.1.0/33", "10.213.1.0/31", "10.0.0.0/7", "10.213.1/24",
		"10.213.1.256/24", "a.b.c.d/24", "10.213.1.0/24x", "10.213.1.5/24", "10.213.1.0/-24", "10.213.1.0/+24",
		"1000000000000000000000/8",
	};
	struct cidr subnet;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		if (cidr_parse(bad[i], &subnet, &why) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_non_null(why);
	}
}

static void overlaps_are_seen_both_ways(void **state)
{
	struct cidr a, b, c;
	const char *why;

	(void)state;
	assert_int_equal(cidr_parse("10.213.0.0/16", &a, &why), 0);
	assert_int_equal(cidr_parse("10.213.7.0/24", &b, &why), 0);
	assert_int_equal(cidr_parse("10.214.7.0/24", &c, &why), 0);
	assert_true(cidr_overlaps(&a, &b));
	assert_true(cidr_overlaps(&b, &a));
	assert_false(cidr_overlaps(&a, &c));
	assert_false(cidr_overlaps(&b, &c));
	assert_true(cidr_contains(&b, cidr_gateway(&b)));
	assert_false(cidr_contains(&b, cidr_broadcast(&b) + 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_slash_24_has_its_gateway_and_broadcast),
		cmocka_unit_test(every_prefix_from_8_to_30_parses),
		cmocka_unit_test(bad_cidrs_are_refused_with_a_reason),
		cmocka_unit_test(overlaps_are_seen_both_ways),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
