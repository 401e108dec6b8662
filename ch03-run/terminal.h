/* -t: the container gets a terminal of its own, a pseudo-terminal whose far
 * end (the slave) is its stdin, stdout and stderr and its controlling
 * terminal; the runtime copies bytes between the user's terminal and the
 * near end (the master), in raw mode, as docker does. Sharing the user's own
 * terminal instead breaks job control (the shell cannot give the terminal
 * back to a process group of another PID namespace) and lets the container
 * push keystrokes into the user's shell (TIOCSTI, CVE-2017-5226).
 * pty(7), posix_openpt(3), termios(3), tty_ioctl(4). */
#ifndef MYDOCKER_TERMINAL_H
#define MYDOCKER_TERMINAL_H

#include <stdbool.h>
#include <sys/types.h>

struct terminal {
	int master_fd;          /* -1: none */
	char slave_path[64];    /* /dev/pts/N */
};

/* Opens a pseudo-terminal sized like ours. 0 or -1 (reported). */
int terminal_open(struct terminal *terminal);
/* In the child, before init: a new session whose controlling terminal is
 * the slave, on fds 0, 1 and 2. 0 or -1 (reported). */
int terminal_attach(const struct terminal *terminal);
/* In the parent: copies stdin (with_stdin: -i) to the master and the
 * master to stdout, with our terminal in raw mode, until the child (pid)
 * has exited and its output is drained; keeps the window size in step.
 * 0 or -1. */
int terminal_relay(struct terminal *terminal, pid_t pid, bool with_stdin);
void terminal_close(struct terminal *terminal);

#endif
