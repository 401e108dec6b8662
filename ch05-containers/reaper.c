/* --init; see reaper.h. */
#include "reaper.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "process.h"
#include "trace.h"

/* Reaps every child that has ended; returns the command's exit code once
 * it is among them, else -1. */
static int reap_children(pid_t command)
{
	int status;
	pid_t pid;
	int code = -1;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == command)
			code = exit_code_of(status);
		else
			trace_note("reaped orphan %d", (int)pid);
	}
	return code;
}

/* PID 1's loop: every signal is waited for, not handled; SIGCHLD reaps,
 * the others go to the command. */
static void reap_forever(pid_t command, const sigset_t *all)
{
	for (;;) {
		siginfo_t info;
		int code;

		if (sigwaitinfo(all, &info) < 0)
			continue;
		if (info.si_signo != SIGCHLD) {
			kill(command, info.si_signo);
			continue;
		}
		code = reap_children(command);
		if (code >= 0) {
			/* tini's rule: the container ends with its command. */
			_exit(code);
		}
	}
}

int init_become_reaper(struct container *container)
{
	const char *cursor = NULL;
	const char *reaper = message_next(&container->config, "reaper", &cursor);
	sigset_t all, previous;
	pid_t command;

	if (!reaper || strcmp(reaper, "yes") != 0)
		return 0;
	/* Blocked before the fork, so no signal is lost in between. */
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	if (sigprocmask(SIG_SETMASK, &all, &previous) < 0) {
		log_errno("sigprocmask");
		return -1;
	}
	command = fork();
	if (command < 0) {
		log_errno("fork the command");
		return -1;
	}
	if (command == 0) {
		sigprocmask(SIG_SETMASK, &previous, NULL);
		return 0;
	}
	/* The reaper keeps no descriptor above 2: the ready pipe must close
	 * when the command execs. */
	close_range(3, ~0U, 0);
	trace_note("PID 1 stays as the reaper; the command is PID %d", (int)command);
	reap_forever(command, &all);
	return -1;
}
