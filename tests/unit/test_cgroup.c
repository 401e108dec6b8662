/* The cgroup library: mode detection from sample mount tables, CPU lists,
 * limit parsing, and the v1 and v2 code paths run against a fake cgroupfs
 * in a temp dir, checking which files get which values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "file.h"
#include "size.h"

/* Ubuntu 22.04, Debian 12, Fedora: one unified tree. */
static const char v2_mountinfo[] =
	"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	"25 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"35 25 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 "
	"rw,nsdelegate,memory_recursiveprot\n";

/* Ubuntu 18.04, CentOS 7 (the book's machines): a tree per controller,
 * cpu and cpuacct mounted together. */
static const char v1_mountinfo[] =
	"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	"26 25 0:24 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
	"28 26 0:26 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup "
	"rw,xattr,name=systemd\n"
	"31 26 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup "
	"rw,cpu,cpuacct\n"
	"32 26 0:30 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,memory\n"
	"33 26 0:31 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,pids\n"
	"34 26 0:32 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,cpuset\n";

/* This machine: v1 controllers plus an empty cgroup2 tree. */
static const char hybrid_mountinfo[] =
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
	"35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	"40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

static void the_three_layouts_are_told_apart(void **state)
{
	(void)state;
	assert_int_equal(cgroup_mode_from_mountinfo(v2_mountinfo), CGROUP_MODE_V2);
	assert_int_equal(cgroup_mode_from_mountinfo(v1_mountinfo), CGROUP_MODE_V1);
	assert_int_equal(cgroup_mode_from_mountinfo(hybrid_mountinfo), CGROUP_MODE_HYBRID);
	assert_int_equal(cgroup_mode_from_mountinfo("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"), CGROUP_MODE_NONE);
	assert_int_equal(cgroup_mode_from_mountinfo(""), CGROUP_MODE_NONE);
	/* name=systemd alone holds no controller: with cgroup2 beside it, v2 */
	assert_int_equal(cgroup_mode_from_mountinfo("1 2 0:1 / /a rw - cgroup cgroup rw,name=systemd\n"
						    "3 2 0:2 / /b rw - cgroup2 cgroup2 rw\n"),
			 CGROUP_MODE_V2);
	assert_string_equal(cgroup_mode_name(CGROUP_MODE_HYBRID), "hybrid");
	assert_string_equal(cgroup_mode_name(CGROUP_MODE_V2), "v2");
}

static void controllers_are_found_in_their_mount(void **state)
{
	char path[256];

	(void)state;
	assert_int_equal(cgroup_mount_from_mountinfo(v1_mountinfo, CGROUP_MODE_V1, "cpuacct", path, sizeof(path)), 0);
	assert_string_equal(path, "/sys/fs/cgroup/cpu,cpuacct");
	assert_int_equal(cgroup_mount_from_mountinfo(v1_mountinfo, CGROUP_MODE_V1, "cpu", path, sizeof(path)), 0);
	assert_string_equal(path, "/sys/fs/cgroup/cpu,cpuacct");
	assert_int_equal(cgroup_mount_from_mountinfo(hybrid_mountinfo, CGROUP_MODE_HYBRID, "cpu", path, sizeof(path)),
			 0);
	assert_string_equal(path, "/sys/fs/cgroup/cpu");
	assert_int_equal(cgroup_mount_from_mountinfo(v2_mountinfo, CGROUP_MODE_V2, "memory", path, sizeof(path)), 0);
	assert_string_equal(path, "/sys/fs/cgroup");
	assert_int_equal(cgroup_mount_from_mountinfo(hybrid_mountinfo, CGROUP_MODE_HYBRID, "cpuset", path, sizeof(path)),
			 -1);
}

static void cpu_lists_are_validated(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(cgroup_parse_cpuset("0", 0, &why), 1);
	assert_int_equal(cgroup_parse_cpuset("0-1,3", 0, &why), 3);
	assert_int_equal(cgroup_parse_cpuset("0-1,3", 4, &why), 3);
	assert_int_equal(cgroup_parse_cpuset("0-1,3", 2, &why), -1);
	assert_int_equal(cgroup_parse_cpuset("", 0, &why), -1);
	assert_int_equal(cgroup_parse_cpuset("1-0", 0, &why), -1);
	assert_int_equal(cgroup_parse_cpuset("3,1", 0, &why), -1);
	assert_int_equal(cgroup_parse_cpuset("0,,1", 0, &why), -1);
	assert_int_equal(cgroup_parse_cpuset("0-", 0, &why), -1);
	assert_int_equal(cgroup_parse_cpuset("a", 0, &why), -1);
	assert_int_equal(cgroup_parse_cpuset("-1", 0, &why), -1);
	assert_int_equal(cgroup_parse_cpuset("0 1", 0, &why), -1);
	assert_int_equal(cgroup_parse_cpuset("99999", 0, &why), -1);
}

static void limits_are_parsed_or_refused(void **state)
{
	unsigned long long bytes, shares;
	unsigned percent;
	long long pids;
	const char *why;

	(void)state;
	assert_int_equal(cgroup_parse_memory("100m", &bytes, &why), 0);
	assert_true(bytes == 100ULL << 20);
	assert_int_equal(cgroup_parse_memory("max", &bytes, &why), 0);
	assert_true(bytes == SIZE_UNLIMITED);
	assert_int_equal(cgroup_parse_memory("0", &bytes, &why), -1);
	assert_int_equal(cgroup_parse_memory("-1", &bytes, &why), -1);
	assert_int_equal(cgroup_parse_memory("10x", &bytes, &why), -1);
	assert_int_equal(cgroup_parse_memory("", &bytes, &why), -1);
	assert_int_equal(cgroup_parse_memory("99999999999999999999", &bytes, &why), -1);
	assert_int_equal(cgroup_parse_cpu_percent("20", &percent, &why), 0);
	assert_int_equal(percent, 20);
	assert_int_equal(cgroup_parse_cpu_percent("0", &percent, &why), -1);
	assert_int_equal(cgroup_parse_cpu_percent("20%", &percent, &why), -1);
	assert_int_equal(cgroup_parse_cpu_percent("100000", &percent, &why), -1);
	assert_int_equal(cgroup_parse_cpu_shares("1024", &shares, &why), 0);
	assert_int_equal(cgroup_parse_cpu_shares("1", &shares, &why), -1);
	assert_int_equal(cgroup_parse_pids("20", &pids, &why), 0);
	assert_int_equal(pids, 20);
	assert_int_equal(cgroup_parse_pids("max", &pids, &why), 0);
	assert_int_equal(pids, -1);
	/* docker's spellings of no limit */
	assert_int_equal(cgroup_parse_pids("-1", &pids, &why), 0);
	assert_int_equal(pids, -1);
	assert_int_equal(cgroup_parse_pids("0", &pids, &why), 0);
	assert_int_equal(pids, -1);
	assert_int_equal(cgroup_parse_pids("-2", &pids, &why), -1);
	assert_int_equal(cgroup_parse_pids("4194305", &pids, &why), -1);
	assert_int_equal(cgroup_parse_pids("", &pids, &why), -1);
}

static void shares_become_weights(void **state)
{
	(void)state;
	assert_int_equal(cgroup_shares_to_weight(2), 1);
	assert_int_equal(cgroup_shares_to_weight(1024), 39);
	assert_int_equal(cgroup_shares_to_weight(262144), 10000);
}

/* ---- a fake cgroupfs ---- */

struct fake {
	char root[256];
};

static int make_fake(void **state)
{
	struct fake *fake = calloc(1, sizeof(*fake));

	snprintf(fake->root, sizeof(fake->root), "/tmp/mydocker-fakecg.XXXXXX");
	assert_non_null(mkdtemp(fake->root));
	*state = fake;
	return 0;
}

static int remove_fake(void **state)
{
	struct fake *fake = *state;

	cgroup_set_root_for_testing(NULL, CGROUP_MODE_NONE);
	remove_tree(fake->root);
	free(fake);
	return 0;
}

/* Asserts that root/relative holds exactly expected (the writes, a line each). */
static void assert_file(const char *root, const char *relative, const char *expected)
{
	char path[1024], text[512];

	snprintf(path, sizeof(path), "%s/%s", root, relative);
	if (read_file(path, text, sizeof(text), false) < 0)
		fail_msg("%s was never written", relative);
	assert_string_equal(text, expected);
}

static void put_file(const char *root, const char *relative, const char *text)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", root, relative);
	assert_int_equal(create_file(path, text, 0644), 0);
}

static const struct cgroup_limits every_limit = {
	.memory_bytes = 100ULL << 20,
	.cpu_shares = 512,
	.cpu_quota_percent = 20,
	.cpuset = "1",
	.pids_max = 20,
};

static void v2_writes_its_files_and_enables_controllers(void **state)
{
	struct fake *fake = *state;
	struct cgroup_stats stats;
	struct cgroup *group;
	char dir[512];

	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_V2);
	group = cgroup_create("mydocker-test", &every_limit);
	assert_non_null(group);
	snprintf(dir, sizeof(dir), "%s/mydocker-test", fake->root);
	assert_string_equal(cgroup_display_path(group), dir);
	assert_file(fake->root, "cgroup.subtree_control", "+memory\n+cpu\n+cpuset\n+pids\n");
	assert_file(dir, "memory.max", "104857600\n");
	assert_file(dir, "memory.swap.max", "0\n");
	assert_file(dir, "cpu.weight", "20\n");
	assert_file(dir, "cpu.max", "20000 100000\n");
	assert_file(dir, "cpuset.cpus", "1\n");
	assert_file(dir, "pids.max", "20\n");
	assert_int_equal(cgroup_add_process(group, 4242), 0);
	assert_file(dir, "cgroup.procs", "4242\n");

	put_file(dir, "memory.current", "1000\n");
	put_file(dir, "memory.peak", "2000\n");
	put_file(dir, "memory.events", "low 0\nhigh 0\nmax 5\noom 2\noom_kill 2\n");
	put_file(dir, "cpu.stat", "usage_usec 123456\nuser_usec 100000\n");
	put_file(dir, "pids.current", "20\n");
	put_file(dir, "pids.events", "max 7\n");
	assert_int_equal(cgroup_read_stats(group, &stats), 0);
	assert_true(stats.memory_current == 1000 && stats.memory_peak == 2000 && stats.oom_kills == 2);
	assert_true(stats.cpu_usage_usec == 123456 && stats.pids_current == 20 && stats.pids_refused == 7);

	assert_int_equal(cgroup_destroy(group), 0);
	assert_false(path_exists(dir));
}

static void v2_unlimited_is_max(void **state)
{
	struct fake *fake = *state;
	struct cgroup_limits limits = { .memory_bytes = SIZE_UNLIMITED, .pids_max = -1 };
	struct cgroup *group;
	char dir[512];

	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_V2);
	group = cgroup_create("mydocker-max", &limits);
	assert_non_null(group);
	snprintf(dir, sizeof(dir), "%s/mydocker-max", fake->root);
	assert_file(dir, "memory.max", "max\n");
	assert_file(dir, "memory.swap.max", "max\n");
	assert_file(dir, "pids.max", "max\n");
	assert_int_equal(cgroup_destroy(group), 0);
}

static void make_v1_tree(const char *root)
{
	static const char *const controllers[] = { "memory", "cpu", "cpuacct", "cpuset", "pids" };
	char path[512];

	for (size_t i = 0; i < sizeof(controllers) / sizeof(controllers[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, controllers[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	put_file(root, "cpuset/cpuset.cpus", "0-1\n");
	put_file(root, "cpuset/cpuset.mems", "0\n");
}

static void v1_writes_one_dir_per_controller(void **state)
{
	struct fake *fake = *state;
	const char *r = fake->root;
	struct cgroup_stats stats;
	struct cgroup *group;
	char dir[512];

	make_v1_tree(r);
	cgroup_set_root_for_testing(r, CGROUP_MODE_V1);
	group = cgroup_create("mydocker-test", &every_limit);
	assert_non_null(group);
	assert_file(r, "memory/mydocker-test/memory.limit_in_bytes", "104857600\n");
	assert_file(r, "memory/mydocker-test/memory.memsw.limit_in_bytes", "104857600\n");
	assert_file(r, "cpu/mydocker-test/cpu.shares", "512\n");
	assert_file(r, "cpu/mydocker-test/cpu.cfs_period_us", "100000\n");
	assert_file(r, "cpu/mydocker-test/cpu.cfs_quota_us", "20000\n");
	/* cpuset: the parent's cpus and mems first (else joining is ENOSPC), then ours */
	assert_file(r, "cpuset/mydocker-test/cpuset.cpus", "0-1\n1\n");
	assert_file(r, "cpuset/mydocker-test/cpuset.mems", "0\n");
	assert_file(r, "pids/mydocker-test/pids.max", "20\n");
	assert_true(path_exists(cgroup_controller_path(group, "cpuacct")));
	assert_int_equal(cgroup_add_process(group, 4242), 0);
	assert_file(r, "memory/mydocker-test/cgroup.procs", "4242\n");
	assert_file(r, "cpuacct/mydocker-test/cgroup.procs", "4242\n");
	assert_file(r, "pids/mydocker-test/cgroup.procs", "4242\n");

	put_file(r, "memory/mydocker-test/memory.usage_in_bytes", "1000\n");
	put_file(r, "memory/mydocker-test/memory.max_usage_in_bytes", "2000\n");
	put_file(r, "memory/mydocker-test/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
	put_file(r, "cpuacct/mydocker-test/cpuacct.usage", "5000000\n");
	assert_int_equal(cgroup_read_stats(group, &stats), 0);
	assert_true(stats.memory_current == 1000 && stats.memory_peak == 2000 && stats.oom_kills == 3);
	assert_true(stats.cpu_usage_usec == 5000);
	assert_int_equal(cgroup_destroy(group), 0);
	snprintf(dir, sizeof(dir), "%s/memory/mydocker-test", r);
	assert_false(path_exists(dir));
	snprintf(dir, sizeof(dir), "%s/cpuset/mydocker-test", r);
	assert_false(path_exists(dir));
}

static void a_failed_create_leaves_nothing(void **state)
{
	struct fake *fake = *state;
	struct cgroup_limits limits = every_limit;
	char path[512];

	make_v1_tree(fake->root);
	snprintf(path, sizeof(path), "%s/pids", fake->root);
	assert_int_equal(rmdir(path), 0); /* no pids hierarchy: the last step fails */
	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_V1);
	assert_null(cgroup_create("mydocker-test", &limits));
	snprintf(path, sizeof(path), "%s/memory/mydocker-test", fake->root);
	assert_false(path_exists(path));
	snprintf(path, sizeof(path), "%s/cpu/mydocker-test", fake->root);
	assert_false(path_exists(path));
	snprintf(path, sizeof(path), "%s/cpuset/mydocker-test", fake->root);
	assert_false(path_exists(path));
}

static void an_existing_group_is_not_taken_or_removed(void **state)
{
	struct fake *fake = *state;
	struct cgroup_limits limits = { .memory_bytes = 100ULL << 20 };
	char path[512];

	make_v1_tree(fake->root);
	snprintf(path, sizeof(path), "%s/memory/mydocker-busy", fake->root);
	assert_int_equal(mkdir(path, 0755), 0);
	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_V1);
	assert_null(cgroup_create("mydocker-busy", &limits));
	assert_true(path_exists(path));
}

static void bad_names_and_cpusets_create_nothing(void **state)
{
	struct fake *fake = *state;
	struct cgroup_limits limits = { .cpuset = "1-0" };
	char path[512];

	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_V2);
	assert_null(cgroup_create("../escape", NULL));
	assert_null(cgroup_create("", NULL));
	assert_null(cgroup_create("..", NULL));
	assert_null(cgroup_create("mydocker-x", &limits));
	assert_false(path_exists("/tmp/escape"));
	snprintf(path, sizeof(path), "%s/mydocker-x", fake->root);
	assert_false(path_exists(path));
}

/* The freezer: which file gets which word, in each version, and the undo
 * of a freeze group (thaw, members back home, directory gone). */
static void v1_freezes_in_the_freezer_hierarchy(void **state)
{
	struct fake *fake = *state;
	char group[512], home[512];

	snprintf(home, sizeof(home), "%s/freezer", fake->root);
	assert_int_equal(mkdir(home, 0755), 0);
	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_HYBRID);
	assert_int_equal(cgroup_freezer_path("mydocker-commit-1", group, sizeof(group)), 0);
	assert_string_equal(group + strlen(fake->root), "/freezer/mydocker-commit-1");
	assert_int_equal(cgroup_freezer_make(group), 0);
	assert_int_equal(cgroup_freezer_add(group, 4242), 0);
	assert_int_equal(cgroup_freezer_add(group, 4343), 0);
	assert_int_equal(cgroup_freeze(group, true), 0);
	assert_file(group, "freezer.state", "FROZEN\n");
	assert_int_equal(cgroup_freezer_release(group, home), 0);
	assert_file(home, "cgroup.procs", "4242\n4343\n");
	assert_false(path_exists(group));
	/* Again: nothing left to undo is no error. */
	assert_int_equal(cgroup_freezer_release(group, home), 0);
}

static void v2_freezes_with_cgroup_freeze(void **state)
{
	struct fake *fake = *state;
	char group[512];

	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_V2);
	assert_int_equal(cgroup_freezer_path("mydocker-box", group, sizeof(group)), 0);
	assert_string_equal(group + strlen(fake->root), "/mydocker-box");
	assert_int_equal(cgroup_freezer_make(group), 0);
	assert_int_equal(cgroup_freeze(group, true), 0);
	assert_int_equal(cgroup_freeze(group, false), 0);
	assert_file(group, "cgroup.freeze", "1\n0\n");
	/* A group made for the freeze goes back: thawed again, removed. */
	assert_int_equal(cgroup_freezer_release(group, fake->root), 0);
	assert_false(path_exists(group));
}

static void freezer_names_and_missing_hierarchies_are_refused(void **state)
{
	struct fake *fake = *state;
	char group[512];

	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_V1);
	assert_int_equal(cgroup_freezer_path("../x", group, sizeof(group)), -1);
	assert_int_equal(cgroup_freezer_path("", group, sizeof(group)), -1);
	/* no freezer directory in the fake v1 tree: making the group fails */
	assert_int_equal(cgroup_freezer_path("mydocker-commit-2", group, sizeof(group)), 0);
	assert_int_equal(cgroup_freezer_make(group), -1);
	assert_false(path_exists(group));
}

/* A group someone else made (a systemd scope): opened by its path, read,
 * and given as a descriptor for clone3's CLONE_INTO_CGROUP; closing it
 * leaves it. Only on v2. */
static void a_v2_group_is_opened_by_path_and_as_a_descriptor(void **state)
{
	struct fake *fake = *state;
	struct cgroup_stats stats;
	struct cgroup *group;
	char dir[512];
	int fd;

	snprintf(dir, sizeof(dir), "%s/machine.slice/mydocker-x.scope", fake->root);
	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_V2);
	assert_null(cgroup_open_path(dir));
	assert_int_equal(make_directories(dir, 0755), 0);
	put_file(dir, "cgroup.procs", "4242\n");
	put_file(dir, "memory.peak", "2000\n");
	group = cgroup_open_path(dir);
	assert_non_null(group);
	assert_string_equal(cgroup_display_path(group), dir);
	assert_int_equal(cgroup_read_stats(group, &stats), 0);
	assert_true(stats.memory_peak == 2000);
	fd = cgroup_directory_fd(group);
	assert_true(fd >= 0);
	close(fd);
	cgroup_close(group);
	assert_true(path_exists(dir));
	cgroup_set_root_for_testing(fake->root, CGROUP_MODE_V1);
	assert_null(cgroup_open_path(dir));
}

static void limits_name_their_controllers(void **state)
{
	const char *names[8];

	(void)state;
	assert_int_equal(cgroup_controllers_needed(&every_limit, names, 8), 5);
	assert_string_equal(names[0], "memory");
	assert_string_equal(names[1], "cpu");
	assert_string_equal(names[2], "cpuacct");
	assert_string_equal(names[3], "cpuset");
	assert_string_equal(names[4], "pids");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_three_layouts_are_told_apart),
		cmocka_unit_test(controllers_are_found_in_their_mount),
		cmocka_unit_test(cpu_lists_are_validated),
		cmocka_unit_test(limits_are_parsed_or_refused),
		cmocka_unit_test(shares_become_weights),
		cmocka_unit_test_setup_teardown(v2_writes_its_files_and_enables_controllers, make_fake, remove_fake),
		cmocka_unit_test_setup_teardown(v2_unlimited_is_max, make_fake, remove_fake),
		cmocka_unit_test_setup_teardown(v1_writes_one_dir_per_controller, make_fake, remove_fake),
		cmocka_unit_test_setup_teardown(a_failed_create_leaves_nothing, make_fake, remove_fake),
		cmocka_unit_test_setup_teardown(an_existing_group_is_not_taken_or_removed, make_fake, remove_fake),
		cmocka_unit_test_setup_teardown(bad_names_and_cpusets_create_nothing, make_fake, remove_fake),
		cmocka_unit_test_setup_teardown(v1_freezes_in_the_freezer_hierarchy, make_fake, remove_fake),
		cmocka_unit_test_setup_teardown(v2_freezes_with_cgroup_freeze, make_fake, remove_fake),
		cmocka_unit_test_setup_teardown(freezer_names_and_missing_hierarchies_are_refused, make_fake, remove_fake),
		cmocka_unit_test_setup_teardown(a_v2_group_is_opened_by_path_and_as_a_descriptor, make_fake, remove_fake),
		cmocka_unit_test(limits_name_their_controllers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
