/* Locked, atomic state files: the whole text or the old, no temp file left,
 * an exclusive lock keeps a second taker out, shared locks coexist. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "temp_dir.h"
#include "statefile.h"

static int entries_in(const char *dir)
{
	DIR *directory = opendir(dir);
	struct dirent *entry;
	int count = 0;

	while (directory && (entry = readdir(directory)))
		count += entry->d_name[0] != '.';
	if (directory)
		closedir(directory);
	return count;
}

static void a_file_is_replaced_whole(void **state)
{
	char path[512], text[64];
	struct stat info;

	snprintf(path, sizeof(path), "%s/record.json", (char *)*state);
	assert_int_equal(write_file_atomically(path, "{\"a\": 1}\n", 0640), 0);
	assert_int_equal(write_file_atomically(path, "{\"b\": 2}\n", 0640), 0);
	assert_int_equal(read_file(path, text, sizeof(text), false), 9);
	assert_string_equal(text, "{\"b\": 2}\n");
	assert_int_equal(stat(path, &info), 0);
	assert_int_equal(info.st_mode & 0777, 0640);
	assert_int_equal(entries_in(*state), 1); /* no temp file left */
}

static void a_missing_directory_is_an_error(void **state)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/no/such/dir/file", (char *)*state);
	assert_int_equal(write_file_atomically(path, "x", 0644), -1);
}

static void an_exclusive_lock_keeps_others_out(void **state)
{
	char path[512];
	int held, other;

	snprintf(path, sizeof(path), "%s/lock", (char *)*state);
	held = state_lock(path);
	assert_true(held >= 0);
	assert_true(fcntl(held, F_GETFD) & FD_CLOEXEC);
	other = open(path, O_RDONLY | O_CLOEXEC);
	assert_int_equal(flock(other, LOCK_SH | LOCK_NB), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	state_unlock(held);
	assert_int_equal(flock(other, LOCK_EX | LOCK_NB), 0);
	close(other);
}

static void shared_locks_coexist(void **state)
{
	char path[512];
	int first, second, other;

	snprintf(path, sizeof(path), "%s/lock", (char *)*state);
	first = state_lock_shared(path);
	second = state_lock_shared(path);
	assert_true(first >= 0 && second >= 0);
	other = open(path, O_RDONLY | O_CLOEXEC);
	assert_int_equal(flock(other, LOCK_EX | LOCK_NB), -1);
	state_unlock(first);
	state_unlock(second);
	assert_int_equal(flock(other, LOCK_EX | LOCK_NB), 0);
	close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_file_is_replaced_whole, make_temp_dir, remove_temp_dir),
		cmocka_unit_test_setup_teardown(a_missing_directory_is_an_error, make_temp_dir, remove_temp_dir),
		cmocka_unit_test_setup_teardown(an_exclusive_lock_keeps_others_out, make_temp_dir, remove_temp_dir),
		cmocka_unit_test_setup_teardown(shared_locks_coexist, make_temp_dir, remove_temp_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
