/* -v HOSTDIR:DIR[:ro]: what the parser accepts, and the targets it refuses
 * before anything is made (.., /proc, /sys, /dev). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "volume.h"

static void ordinary_volumes_parse(void **state)
{
	struct volume volume;
	const char *why = NULL;

	(void)state;
	assert_int_equal(parse_volume("/tmp/h:/data", &volume, &why), 0);
	assert_string_equal(volume.source, "/tmp/h");
	assert_string_equal(volume.target, "/data");
	assert_false(volume.read_only);
	assert_int_equal(parse_volume("/tmp/h:/data/x:ro", &volume, &why), 0);
	assert_true(volume.read_only);
	/* Names that merely start like a reserved one are names. */
	assert_int_equal(parse_volume("/tmp/h:/procedures", &volume, &why), 0);
	assert_int_equal(parse_volume("/tmp/h:/device", &volume, &why), 0);
	assert_int_equal(parse_volume("/tmp/h:/system/sys", &volume, &why), 0);
}

static void escaping_targets_are_refused(void **state)
{
	struct volume volume;
	const char *why = NULL;

	(void)state;
	assert_int_equal(parse_volume("/tmp/h:../../etc", &volume, &why), -1);
	assert_int_equal(parse_volume("/tmp/h:/data/../../etc", &volume, &why), -1);
	assert_non_null(strstr(why, ".."));
	assert_int_equal(parse_volume("/tmp/h:/", &volume, &why), -1);
	assert_int_equal(parse_volume("/tmp/h:///", &volume, &why), -1);
}

static void kernel_filesystem_targets_are_refused(void **state)
{
	static const char *const refused[] = { "/tmp/h:/proc", "/tmp/h:/proc/self", "/tmp/h:/sys/fs/cgroup",
					       "/tmp/h:/dev", "/tmp/h:/dev/shm:ro", "/tmp/h://proc/sys", "/tmp/h:/sys/" };
	struct volume volume;
	const char *why = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		assert_int_equal(parse_volume(refused[i], &volume, &why), -1);
		assert_non_null(strstr(why, "/proc, /sys or /dev"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ordinary_volumes_parse),
		cmocka_unit_test(escaping_targets_are_refused),
		cmocka_unit_test(kernel_filesystem_targets_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
