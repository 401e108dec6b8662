/* Locked, atomic state files: the whole text or the old, no temp file left,
 * an exclusive lock keeps a second taker out, shared locks coexist; which
 * directories a state root may sit in. */
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

/* A directory's stat as the walk to the state root meets it. */
static struct stat directory_of(uid_t owner, mode_t mode)
{
	struct stat info = { 0 };

	info.st_uid = owner;
	info.st_mode = S_IFDIR | mode;
	return info;
}

static void the_state_root_is_the_callers_alone(void **state)
{
	(void)state;
	struct stat mine = directory_of(1000, 0700), link = mine;

	link.st_mode = S_IFLNK | 0777;
	assert_null(state_directory_problem(&mine, 1000, true));
	assert_string_equal(state_directory_problem(&link, 1000, true), "is a symbolic link (give the directory itself)");
	mine = directory_of(0, 0700);
	assert_non_null(strstr(state_directory_problem(&mine, 1000, true), "owned by another user"));
	mine = directory_of(1000, 0770);
	assert_string_equal(state_directory_problem(&mine, 1000, true), "is writable by its group (chmod g-w)");
	/* Sticky does not make a shared root safe: others add to it. */
	mine = directory_of(1000, 01777);
	assert_string_equal(state_directory_problem(&mine, 1000, true), "is writable by others (chmod o-w)");
}

static void a_directory_above_is_roots_or_the_callers_and_shared_only_if_sticky(void **state)
{
	(void)state;
	struct stat above = directory_of(0, 0755);

	assert_null(state_directory_problem(&above, 1000, false));
	above = directory_of(0, 01777);
	assert_null(state_directory_problem(&above, 1000, false));
	above = directory_of(0, 0777);
	assert_non_null(strstr(state_directory_problem(&above, 1000, false), "writable by others"));
	above = directory_of(65534, 0755);
	assert_non_null(strstr(state_directory_problem(&above, 1000, false), "owned by another user"));
	above = directory_of(1000, 0755);
	assert_null(state_directory_problem(&above, 1000, false));
	/* A link above that the walk did not follow: another user's. */
	above.st_mode = S_IFLNK | 0777;
	assert_string_equal(state_directory_problem(&above, 1000, false), "is a symbolic link of another user");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_file_is_replaced_whole, make_temp_dir, remove_temp_dir),
		cmocka_unit_test_setup_teardown(a_missing_directory_is_an_error, make_temp_dir, remove_temp_dir),
		cmocka_unit_test_setup_teardown(an_exclusive_lock_keeps_others_out, make_temp_dir, remove_temp_dir),
		cmocka_unit_test_setup_teardown(shared_locks_coexist, make_temp_dir, remove_temp_dir),
		cmocka_unit_test(the_state_root_is_the_callers_alone),
		cmocka_unit_test(a_directory_above_is_roots_or_the_callers_and_shared_only_if_sticky),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
