/* Reading iptables -S back: a rule line split into words, the quoted
 * comment whole, so it can be replayed as -D. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "iptables.h"

static void a_listed_rule_splits_into_its_words(void **state)
{
	char line[] = "-A POSTROUTING -s 10.213.1.0/24 ! -o md-a -m comment --comment \"mydocker:md-a\" -j MASQUERADE\n";
	char *words[20];

	(void)state;
	assert_int_equal(iptables_split_line(line, words, 20), 13);
	assert_string_equal(words[0], "-A");
	assert_string_equal(words[4], "!");
	assert_string_equal(words[10], "mydocker:md-a");
	assert_string_equal(words[12], "MASQUERADE");
}

static void quotes_and_escapes_inside_a_comment_are_kept(void **state)
{
	char line[] = "-A INPUT -m comment --comment \"a \\\"b\\\" c\" -j ACCEPT";
	char *words[20];

	(void)state;
	assert_int_equal(iptables_split_line(line, words, 20), 8);
	assert_string_equal(words[5], "a \"b\" c");
	assert_string_equal(words[7], "ACCEPT");
}

static void too_many_words_is_an_error(void **state)
{
	char line[] = "a b c d";
	char *words[3];

	(void)state;
	assert_int_equal(iptables_split_line(line, words, 3), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_listed_rule_splits_into_its_words),
		cmocka_unit_test(quotes_and_escapes_inside_a_comment_are_kept),
		cmocka_unit_test(too_many_words_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
