/* -t: a pseudo-terminal for the container; see terminal.h. */
#include "terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

int terminal_open(struct terminal *terminal)
{
	struct winsize size;
	int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	terminal->master_fd = -1;
	if (fd < 0 || grantpt(fd) < 0 || unlockpt(fd) < 0 ||
	    ptsname_r(fd, terminal->slave_path, sizeof(terminal->slave_path)) != 0) {
		log_errno("open a pseudo-terminal (/dev/ptmx)");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &size) == 0)
		ioctl(fd, TIOCSWINSZ, &size);
	terminal->master_fd = fd;
	trace_note("opened a pseudo-terminal: master fd %d, slave %s", fd, terminal->slave_path);
	return 0;
}

int terminal_attach(const struct terminal *terminal)
{
	int slave;

	/* A new session has no controlling terminal; the first terminal its
	 * leader opens becomes it (TIOCSCTTY makes sure). */
	if (setsid() < 0) {
		log_errno("setsid");
		return -1;
	}
	slave = open(terminal->slave_path, O_RDWR | O_CLOEXEC);
	if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
		log_errno("make %s the controlling terminal", terminal->slave_path);
		return -1;
	}
	for (int fd = 0; fd <= 2; fd++) {
		if (dup2(slave, fd) < 0) {
			log_errno("dup2 the terminal to fd %d", fd);
			return -1;
		}
	}
	close(slave);
	return 0;
}

/* Copies what one read gives from in to out: 1 when it copied, 0 when
 * there was nothing yet, -1 at the end or on error. */
static int copy_once(int in, int out)
{
	char buffer[4096];
	ssize_t got = read(in, buffer, sizeof(buffer));

	if (got <= 0)
		return got < 0 && (errno == EINTR || errno == EAGAIN) ? 0 : -1;
	for (ssize_t done = 0; done < got;) {
		ssize_t written = write(out, buffer + done, (size_t)(got - done));

		if (written < 0 && errno == EINTR)
			continue;
		if (written < 0)
			return -1;
		done += written;
	}
	return 1;
}

static volatile sig_atomic_t window_changed;

static void note_window_change(int signal_number)
{
	(void)signal_number;
	window_changed = 1;
}

static void pass_window_size(int master_fd)
{
	struct winsize size;

	window_changed = 0;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &size) == 0)
		ioctl(master_fd, TIOCSWINSZ, &size);
}

/* The loop: stdin -> master, master -> stdout, until the child has exited
 * (its pidfd is readable) and the master has nothing more to say. */
static int relay(int master_fd, int pid_fd, bool with_stdin)
{
	struct pollfd polled[3] = {
		{ .fd = master_fd, .events = POLLIN },
		{ .fd = with_stdin ? STDIN_FILENO : -1, .events = POLLIN },
		{ .fd = pid_fd, .events = POLLIN },
	};

	for (;;) {
		if (window_changed)
			pass_window_size(master_fd);
		if (poll(polled, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (polled[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (copy_once(master_fd, STDOUT_FILENO) < 0)
				return 0; /* EIO: every slave fd is closed */
		}
		if (polled[1].revents & (POLLIN | POLLHUP)) {
			if (copy_once(STDIN_FILENO, master_fd) < 0)
				polled[1].fd = -1; /* our stdin ended: stop reading it */
		}
		if (polled[2].revents & POLLIN) {
			/* Exited: drain what it wrote, without waiting. */
			fcntl(master_fd, F_SETFL, O_NONBLOCK);
			while (copy_once(master_fd, STDOUT_FILENO) > 0)
				;
			return 0;
		}
	}
}

int terminal_relay(struct terminal *terminal, pid_t pid, bool with_stdin)
{
	struct termios saved;
	struct termios raw;
	struct sigaction on_resize = { .sa_handler = note_window_change };
	struct sigaction previous;
	int is_terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
	int pid_fd = (int)syscall(SYS_pidfd_open, pid, 0);
	int result;

	if (pid_fd < 0) {
		log_errno("pidfd_open %d", (int)pid);
		return -1;
	}
	if (is_terminal) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	sigemptyset(&on_resize.sa_mask);
	sigaction(SIGWINCH, &on_resize, &previous);
	result = relay(terminal->master_fd, pid_fd, with_stdin);
	sigaction(SIGWINCH, &previous, NULL);
	if (is_terminal)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	close(pid_fd);
	return result;
}

void terminal_close(struct terminal *terminal)
{
	if (terminal->master_fd >= 0)
		close(terminal->master_fd);
	terminal->master_fd = -1;
}
