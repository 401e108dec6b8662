/* Starting a command and reading how it ended; see process.h. */
#include "process.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

int exit_code_of(int wait_status)
{
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	if (WIFSIGNALED(wait_status))
		return EXIT_SIGNAL_BASE + WTERMSIG(wait_status);
	return EXIT_RUNTIME_FAILED;
}

int wait_for_exit(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			log_errno("waitpid %d", (int)pid);
			return -1;
		}
	}
	return exit_code_of(status);
}

static const char *path_of(char *const envp[])
{
	for (int i = 0; envp && envp[i]; i++)
		if (strncmp(envp[i], "PATH=", 5) == 0)
			return envp[i] + 5;
	return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

/* The first executable regular file named name in the PATH list. */
static int find_in_path(const char *name, const char *path, char *found, size_t size)
{
	const char *start = path;
	struct stat info;

	for (;;) {
		const char *end = strchr(start, ':');
		size_t length = end ? (size_t)(end - start) : strlen(start);

		if (length == 0)
			snprintf(found, size, "./%s", name);
		else
			snprintf(found, size, "%.*s/%s", (int)length, start, name);
		if (stat(found, &info) == 0 && S_ISREG(info.st_mode) && access(found, X_OK) == 0)
			return 0;
		if (!end)
			return -1;
		start = end + 1;
	}
}

bool program_installed(const char *name)
{
	const char *path = getenv("PATH");
	char found[4096];

	return find_in_path(name, path && *path ? path : path_of(NULL), found, sizeof(found)) == 0;
}

int exec_command(char *const argv[], char *const envp[])
{
	char found[4096];
	const char *program = argv[0];

	if (!strchr(program, '/')) {
		if (find_in_path(program, path_of(envp), found, sizeof(found)) < 0) {
			log_error("%s: not found", program);
			return EXIT_NOT_FOUND;
		}
		program = found;
	}
	k_expect_failure();
	k_execve(program, argv, envp);
	if (errno == ENOENT) {
		log_error("%s: not found", argv[0]);
		return EXIT_NOT_FOUND;
	}
	log_error("%s: cannot run: %s", argv[0], strerror(errno));
	return EXIT_NOT_EXECUTABLE;
}
