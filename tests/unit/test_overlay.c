/* overlay option strings: layer order, escaping of odd paths, refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "overlay.h"

static const char *options_of(const struct overlay_layers *layers, char *buf, size_t size)
{
	const char *why = NULL;

	if (overlay_options(layers, buf, size, &why) < 0)
		return why;
	return buf;
}

static void the_seeds_mount_reads_as_the_seed_wrote_it(void **state)
{
	const char *lower[] = { "image-layer1", "image-layer2", "image-layer3", "image-layer4" };
	struct overlay_layers layers = { lower, 4, "container-layer", "worker" };
	char buf[256];

	(void)state;
	assert_string_equal(options_of(&layers, buf, sizeof(buf)),
			    "lowerdir=image-layer1:image-layer2:image-layer3:image-layer4,upperdir=container-layer,workdir=worker");
}

static void lowerdirs_only_make_a_read_only_overlay(void **state)
{
	const char *lower[] = { "/a", "/b" };
	struct overlay_layers layers = { lower, 2, NULL, NULL };
	char buf[64];

	(void)state;
	assert_string_equal(options_of(&layers, buf, sizeof(buf)), "lowerdir=/a:/b");
}

static void commas_colons_and_backslashes_are_escaped(void **state)
{
	const char *lower[] = { "/l/a,b", "/l/c:d" };
	struct overlay_layers layers = { lower, 2, "/u/e\\f", "/w/x,upperdir=/etc" };
	char buf[256];

	(void)state;
	assert_string_equal(options_of(&layers, buf, sizeof(buf)),
			    "lowerdir=/l/a\\,b:/l/c\\:d,upperdir=/u/e\\\\f,workdir=/w/x\\,upperdir=/etc");
}

static void escaping_a_path_alone(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(overlay_escape_path("a:b", buf, sizeof(buf)), 4);
	assert_string_equal(buf, "a\\:b");
	assert_int_equal(overlay_escape_path("plain/path with space", buf, sizeof(buf)), 21);
	assert_string_equal(buf, "plain/path with space");
	/* Too small: cut and terminated, the wanted length returned. */
	assert_int_equal(overlay_escape_path(",,,,", buf, 4), 8);
	assert_int_equal(strlen(buf), 3);
}

static void what_cannot_work_is_refused(void **state)
{
	const char *lower[] = { "/a", "" };
	struct overlay_layers none = { lower, 0, NULL, NULL };
	struct overlay_layers empty = { lower, 2, NULL, NULL };
	struct overlay_layers upper_alone = { lower, 1, "/u", NULL };
	struct overlay_layers work_alone = { lower, 1, NULL, "/w" };
	struct overlay_layers too_many = { lower, OVERLAY_MAX_LOWERDIRS + 1, NULL, NULL };
	char buf[64];
	const char *why;

	(void)state;
	assert_int_equal(overlay_options(&none, buf, sizeof(buf), &why), -1);
	assert_non_null(strstr(why, "at least one lowerdir"));
	assert_int_equal(overlay_options(&empty, buf, sizeof(buf), &why), -1);
	assert_non_null(strstr(why, "empty"));
	assert_int_equal(overlay_options(&upper_alone, buf, sizeof(buf), &why), -1);
	assert_non_null(strstr(why, "go together"));
	assert_int_equal(overlay_options(&work_alone, buf, sizeof(buf), &why), -1);
	assert_int_equal(overlay_options(&too_many, buf, sizeof(buf), &why), -1);
	assert_non_null(strstr(why, "500"));
}

static void a_string_past_one_page_is_refused(void **state)
{
	static char long_path[3000];
	const char *lower[] = { long_path, long_path };
	struct overlay_layers layers = { lower, 2, NULL, NULL };
	char small[16];
	static char big[8192];
	const char *why;

	(void)state;
	memset(long_path, 'x', sizeof(long_path) - 1);
	long_path[0] = '/';
	assert_int_equal(overlay_options(&layers, big, sizeof(big), &why), -1);
	assert_non_null(strstr(why, "page"));
	lower[1] = "/b";
	layers.lower_count = 1;
	assert_int_equal(overlay_options(&layers, small, sizeof(small), &why), -1);
	assert_non_null(strstr(why, "buffer"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_seeds_mount_reads_as_the_seed_wrote_it),
		cmocka_unit_test(lowerdirs_only_make_a_read_only_overlay),
		cmocka_unit_test(commas_colons_and_backslashes_are_escaped),
		cmocka_unit_test(escaping_a_path_alone),
		cmocka_unit_test(what_cannot_work_is_refused),
		cmocka_unit_test(a_string_past_one_page_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
