/* Starting a command and reading how it ended, with the shell's exit codes
 * (tini's too): 127 not found, 126 not executable, 128+N killed by signal N. */
#ifndef MYDOCKER_PROCESS_H
#define MYDOCKER_PROCESS_H

#include <stdbool.h>
#include <sys/types.h>

enum {
	EXIT_RUNTIME_FAILED = 125, /* the runtime itself failed, as docker says */
	EXIT_NOT_EXECUTABLE = 126,
	EXIT_NOT_FOUND = 127,
	EXIT_SIGNAL_BASE = 128,
};

/* A waitpid(2) status as a shell reports it: the exit code, or 128+N. */
int exit_code_of(int wait_status);

/* Waits for pid (through EINTR); returns exit_code_of its status, or -1. */
int wait_for_exit(pid_t pid);

/* Finds argv[0] through PATH (the PATH in envp, or a default) and execve()s
 * it. Returns only on failure, having said "CMD: not found" or why it could
 * not run, with the exit code to use: 127 or 126. */
int exec_command(char *const argv[], char *const envp[]);

/* Whether an executable named name is on $PATH (or the default PATH). */
bool program_installed(const char *name);

#endif
