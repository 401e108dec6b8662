/* Image tar entry paths: what an unpacker must refuse before writing; and
 * the pack walk, which packs a symlink as a symlink, never what it points at. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "temp_dir.h"

static void ordinary_paths_pass(void **state)
{
	(void)state;
	assert_null(image_entry_path_problem("bin/busybox"));
	assert_null(image_entry_path_problem("./bin/sh"));
	assert_null(image_entry_path_problem("etc/"));
	assert_null(image_entry_path_problem("."));
	assert_null(image_entry_path_problem("usr/bin/[["));
	/* Dots that are part of a name are names. */
	assert_null(image_entry_path_problem("a/..b/c.."));
	assert_null(image_entry_path_problem("..."));
}

static void absolute_paths_are_refused(void **state)
{
	(void)state;
	assert_non_null(strstr(image_entry_path_problem("/etc/passwd"), "absolute"));
	assert_non_null(strstr(image_entry_path_problem("//x"), "absolute"));
}

static void dot_dot_components_are_refused(void **state)
{
	(void)state;
	assert_non_null(strstr(image_entry_path_problem(".."), ".."));
	assert_non_null(strstr(image_entry_path_problem("../escaped"), ".."));
	assert_non_null(strstr(image_entry_path_problem("a/../../b"), ".."));
	assert_non_null(strstr(image_entry_path_problem("a/b/.."), ".."));
	assert_non_null(strstr(image_entry_path_problem("a//../b"), ".."));
}

static void an_empty_path_is_refused(void **state)
{
	(void)state;
	assert_non_null(image_entry_path_problem(""));
	assert_non_null(image_entry_path_problem(NULL));
}

static void a_symlink_is_packed_as_a_symlink(void **state)
{
	const char *dir = *state;
	char path[512], target[512], tar[512], text[512];
	struct stat info;
	ssize_t length;

	/* root/data -> DIR/outside, which holds a file; root/dir/file. */
	snprintf(target, sizeof(target), "%s/outside", dir);
	assert_int_equal(mkdir(target, 0700), 0);
	snprintf(path, sizeof(path), "%s/outside/secret", dir);
	assert_int_equal(create_file(path, "host only\n", 0600), 0);
	snprintf(path, sizeof(path), "%s/root", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/root/data", dir);
	assert_int_equal(symlink(target, path), 0);
	snprintf(path, sizeof(path), "%s/root/dir", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/root/dir/file", dir);
	assert_int_equal(create_file(path, "mine\n", 0644), 0);

	/* Three entries: data (the link), dir, dir/file; following the link
	 * would have added data/secret. */
	snprintf(path, sizeof(path), "%s/root", dir);
	snprintf(tar, sizeof(tar), "%s/out.tar", dir);
	assert_int_equal(image_pack(path, tar, &(struct image_pack_options){ .fixed_time = true }), 3);
	snprintf(path, sizeof(path), "%s/unpacked", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(image_unpack(tar, path), 3);
	snprintf(path, sizeof(path), "%s/unpacked/data", dir);
	assert_int_equal(lstat(path, &info), 0);
	assert_true(S_ISLNK(info.st_mode));
	length = readlink(path, text, sizeof(text) - 1);
	assert_true(length > 0);
	text[length] = '\0';
	assert_string_equal(text, target);
	snprintf(path, sizeof(path), "%s/unpacked/dir/file", dir);
	assert_true(path_exists(path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ordinary_paths_pass),
		cmocka_unit_test(absolute_paths_are_refused),
		cmocka_unit_test(dot_dot_components_are_refused),
		cmocka_unit_test(an_empty_path_is_refused),
		cmocka_unit_test_setup_teardown(a_symlink_is_packed_as_a_symlink, make_temp_dir, remove_temp_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
