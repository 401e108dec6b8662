/* The rotated log: no file grows past max_size (a write is split), at most
 * max_files are kept, and read oldest first they hold the newest bytes in
 * the order written. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "relay.h"
#include "temp_dir.h"

/* Writes count lines "N\n" in chunks of chunk lines. */
static void write_lines(struct rotating_log *log, int count, int chunk)
{
	char text[4096];
	size_t length = 0;

	for (int line = 1; line <= count; line++) {
		length += (size_t)snprintf(text + length, sizeof(text) - length, "%d\n", line);
		if (line % chunk == 0 || line == count) {
			assert_int_equal(rotating_log_write(log, text, length), 0);
			length = 0;
		}
	}
}

static long long size_of(const char *path, int index)
{
	char file[4200];
	struct stat status;

	assert_int_equal(rotating_log_file(path, index, file, sizeof(file)), 0);
	return stat(file, &status) == 0 ? (long long)status.st_size : -1;
}

static void no_file_grows_past_the_size_and_three_are_kept(void **state)
{
	struct rotating_log log = { .fd = -1, .max_size = 1000, .max_files = 3 };

	snprintf(log.path, sizeof(log.path), "%s/container.log", (char *)*state);
	assert_int_equal(rotating_log_open(&log), 0);
	write_lines(&log, 5000, 37);
	rotating_log_close(&log);
	for (int index = 0; index < 3; index++) {
		assert_true(size_of(log.path, index) > 0);
		assert_true(size_of(log.path, index) <= 1000);
	}
	assert_int_equal(size_of(log.path, 1), 1000);
	assert_int_equal(size_of(log.path, 3), -1);
}

static void read_oldest_first_the_lines_follow_each_other_to_the_last(void **state)
{
	struct rotating_log log = { .fd = -1, .max_size = 100, .max_files = 4 };
	char file[4200], text[512], all[2048] = "";
	int previous = -1, line = 0;

	snprintf(log.path, sizeof(log.path), "%s/container.log", (char *)*state);
	assert_int_equal(rotating_log_open(&log), 0);
	write_lines(&log, 1000, 9);
	rotating_log_close(&log);
	for (int index = 3; index >= 0; index--) {
		assert_int_equal(rotating_log_file(log.path, index, file, sizeof(file)), 0);
		assert_true(read_file(file, text, sizeof(text), false) >= 0);
		strcat(all, text);
	}
	/* The first line may be cut (its start rotated away): skip it. */
	for (char *cursor = strchr(all, '\n') + 1; sscanf(cursor, "%d", &line) == 1; cursor = strchr(cursor, '\n') + 1) {
		assert_true(previous < 0 || line == previous + 1);
		previous = line;
	}
	assert_int_equal(previous, 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(no_file_grows_past_the_size_and_three_are_kept, make_temp_dir,
						remove_temp_dir),
		cmocka_unit_test_setup_teardown(read_oldest_first_the_lines_follow_each_other_to_the_last,
						make_temp_dir, remove_temp_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
