/* The experiments' bench; see lab.h. */
#include "lab.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "process.h"
#include "trace.h"

extern char **environ;

int enter_private_mount_namespace(void)
{
	if (k_unshare(CLONE_NEWNS) < 0)
		return -1;
	return k_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

int make_scratch(const char *name, const char *keep_dir, char *path, size_t size)
{
	if (keep_dir) {
		if (path_join(path, size, "%s", keep_dir) < 0 || k_mkdir(path, 0755) < 0)
			return -1;
	} else {
		if (path_join(path, size, "/tmp/mydocker-%s.XXXXXX", name) < 0)
			return -1;
		if (!mkdtemp(path)) {
			log_errno("mkdtemp %s", path);
			return -1;
		}
	}
	if (chmod(path, 0755) < 0) {
		log_errno("chmod %s", path);
		return -1;
	}
	return 0;
}

/* Dropping every id to 65534 clears all capabilities (capabilities(7)). */
static int become_nobody(void)
{
	if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0) {
		log_errno("become nobody");
		return -1;
	}
	return 0;
}

int run_as_nobody(int (*function)(const void *), const void *argument)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		log_errno("fork");
		return -1;
	}
	if (pid == 0) {
		int code = become_nobody() < 0 ? EXIT_RUNTIME_FAILED : function(argument);

		fflush(NULL);
		_exit(code);
	}
	return wait_for_exit(pid);
}

static bool is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

static int skip_dots(const struct dirent *entry)
{
	return !is_dot(entry->d_name);
}

struct tree_count {
	int directories;
	int files;
};

/* One level: names sorted, the branches drawn as tree(1) draws them. */
static void print_level(const char *path, const char *prefix, struct tree_count *count)
{
	struct dirent **names;
	int total = scandir(path, &names, skip_dots, alphasort);

	for (int i = 0; i < total; i++) {
		bool last = i == total - 1;
		char child[4096];
		char deeper[1024];
		struct stat info;

		snprintf(child, sizeof(child), "%s/%s", path, names[i]->d_name);
		printf("%s%s%s", prefix, last ? "└── " : "├── ", names[i]->d_name);
		if (lstat(child, &info) == 0 && S_ISDIR(info.st_mode)) {
			DIR *probe = opendir(child);

			count->directories++;
			printf("%s\n", probe ? "" : " [error opening dir]");
			if (probe) {
				closedir(probe);
				snprintf(deeper, sizeof(deeper), "%s%s", prefix, last ? "    " : "│   ");
				print_level(child, deeper, count);
			}
		} else {
			count->files++;
			printf("\n");
		}
		free(names[i]);
	}
	if (total >= 0)
		free(names);
}

static int print_trees(const void *argument)
{
	const char *const *paths = argument;

	for (; *paths; paths++) {
		struct tree_count count = { 0, 0 };

		printf("$ tree %s\n%s\n", *paths, *paths);
		print_level(*paths, "", &count);
		printf("\n%d director%s, %d file%s\n", count.directories, count.directories == 1 ? "y" : "ies",
		       count.files, count.files == 1 ? "" : "s");
	}
	return 0;
}

int show_trees(const char *const *paths)
{
	return run_as_nobody(print_trees, paths) == 0 ? 0 : -1;
}

void show_file(const char *path)
{
	char text[4096];

	printf("$ cat %s\n", path);
	if (read_file(path, text, sizeof(text), true) >= 0)
		printf("%s", text);
	else
		printf("cat: %s: %s\n", path, strerror(errno));
	fflush(stdout);
}

int show_command(char *const argv[])
{
	pid_t pid;

	printf("$");
	for (int i = 0; argv[i]; i++)
		printf(" %s", argv[i]);
	printf("\n");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		log_errno("fork");
		return -1;
	}
	if (pid == 0)
		_exit(exec_command(argv, environ));
	return wait_for_exit(pid);
}

int verdict(const char *id, bool held, const char *text, int *differed)
{
	printf("%-8s %-7s %s\n", id, held ? "ok" : "DIFFERS", text);
	fflush(stdout);
	if (!held)
		(*differed)++;
	return held ? 0 : 1;
}
