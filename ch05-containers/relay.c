/* The container's stdio as pipes, relayed; the log, rotated; see relay.h. */
#include "relay.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "runtime.h"
#include "trace.h"

enum { RELAY_BUFFER = 65536 };

/* ---- the log, rotated ---- */

int rotating_log_file(const char *path, int index, char *file, size_t size)
{
	int length = index == 0 ? snprintf(file, size, "%s", path) : snprintf(file, size, "%s.%d", path, index);

	if (length < 0 || (size_t)length >= size) {
		log_error("%s: path too long", path);
		return -1;
	}
	return 0;
}

static int open_current(struct rotating_log *log, int truncate)
{
	struct stat status;

	log->fd = open(log->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | truncate, 0600);
	if (log->fd < 0 || fstat(log->fd, &status) < 0) {
		log_errno("open the log %s", log->path);
		return -1;
	}
	log->size = (unsigned long long)status.st_size;
	return 0;
}

int rotating_log_open(struct rotating_log *log)
{
	return open_current(log, 0);
}

/* FILE.(n-2) -> FILE.(n-1) (the oldest goes), ..., FILE -> FILE.1, and a
 * new FILE. A reader holding the old file keeps it whole (logs -f). */
static int rotate(struct rotating_log *log)
{
	char older[sizeof(log->path) + 16], newer[sizeof(log->path) + 16];

	close(log->fd);
	log->fd = -1;
	for (int index = log->max_files - 1; index >= 1; index--) {
		if (rotating_log_file(log->path, index - 1, newer, sizeof(newer)) < 0 ||
		    rotating_log_file(log->path, index, older, sizeof(older)) < 0)
			return -1;
		if (rename(newer, older) < 0 && errno != ENOENT) {
			log_errno("rotate the log: rename %s to %s", newer, older);
			return -1;
		}
	}
	trace_note("the log reached %llu bytes: rotated, %d files kept", log->max_size, log->max_files);
	return open_current(log, O_TRUNC);
}

int rotating_log_write(struct rotating_log *log, const char *data, size_t size)
{
	while (size > 0) {
		size_t room = log->max_size > log->size ? (size_t)(log->max_size - log->size) : 0;
		size_t part = size < room ? size : room;

		if (room == 0) {
			if (rotate(log) < 0)
				return -1;
			continue;
		}
		if (write_all(log->fd, data, part) < 0) {
			log_errno("write the log %s", log->path);
			return -1;
		}
		log->size += part;
		data += part;
		size -= part;
	}
	return 0;
}

void rotating_log_close(struct rotating_log *log)
{
	if (log->fd >= 0)
		close(log->fd);
	log->fd = -1;
}

/* ---- the pipes ---- */

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void stdio_pipes_init(struct stdio_pipes *pipes)
{
	for (int i = 0; i < 3; i++)
		pipes->container[i] = pipes->ours[i] = -1;
}

/* One pipe: the container's end at container[index], ours at ours[index]. */
static int open_pipe(struct stdio_pipes *pipes, int index)
{
	int ends[2];

	if (pipe2(ends, O_CLOEXEC) < 0) {
		log_errno("pipe for the container's %s", index == 0 ? "stdin" : index == 1 ? "stdout" : "stderr");
		return -1;
	}
	/* stdin: the container reads; stdout and stderr: it writes. */
	pipes->container[index] = ends[index == 0 ? 0 : 1];
	pipes->ours[index] = ends[index == 0 ? 1 : 0];
	return 0;
}

int stdio_pipes_open(struct stdio_pipes *pipes, bool with_stdin, bool merged)
{
	stdio_pipes_init(pipes);
	if ((with_stdin && open_pipe(pipes, 0) < 0) || open_pipe(pipes, 1) < 0 || (!merged && open_pipe(pipes, 2) < 0)) {
		stdio_pipes_close(pipes);
		return -1;
	}
	/* Our end of stdin never blocks the relay: a container that does not
	 * read its input must still get its output copied. */
	if (pipes->ours[0] >= 0 && fcntl(pipes->ours[0], F_SETFL, O_NONBLOCK) < 0) {
		log_errno("make the container's stdin pipe non-blocking");
		stdio_pipes_close(pipes);
		return -1;
	}
	trace_note("stdin%s, stdout and stderr are pipes we relay, never our terminal",
		   with_stdin ? "" : " /dev/null");
	return 0;
}

int stdio_pipes_attach(const struct stdio_pipes *pipes)
{
	/* merged: stderr is stdout's pipe. */
	int targets[3] = { pipes->container[0], pipes->container[1],
			   pipes->container[2] >= 0 ? pipes->container[2] : pipes->container[1] };

	for (int fd = 0; fd < 3; fd++) {
		if (targets[fd] >= 0 && dup2(targets[fd], fd) < 0) {
			log_errno("dup2 the container's pipe to fd %d", fd);
			return -1;
		}
	}
	/* Not the caller's session: no controlling terminal, so /dev/tty is
	 * ENXIO, and no signal of the caller's terminal reaches us (the
	 * runtime passes them on). */
	if (trace_call("setsid", "", setsid(), errno) < 0)
		return -1;
	return 0;
}

void stdio_pipes_close_container_ends(struct stdio_pipes *pipes)
{
	for (int i = 0; i < 3; i++)
		close_fd(&pipes->container[i]);
}

void stdio_pipes_close(struct stdio_pipes *pipes)
{
	stdio_pipes_close_container_ends(pipes);
	for (int i = 0; i < 3; i++)
		close_fd(&pipes->ours[i]);
}

/* ---- the relay ---- */

static int sink_write(const struct relay_sink *sink, const char *data, size_t size)
{
	if (sink->log)
		return rotating_log_write(sink->log, data, size);
	return write_all(sink->fd, data, size);
}

/* Copies one read of the container's stdout (1) or stderr (2): 1 when it
 * copied, 0 when there was nothing yet, -1 at its end; the stream is then
 * closed. A reader of ours that went away ends it too: the container's
 * writer gets EPIPE, as it would have without us in between. A log that
 * cannot be written (reported) loses the text, never the container. */
static int copy_output(struct relay *relay, int index)
{
	char buffer[RELAY_BUFFER];
	int *from = &relay->pipes->ours[index];
	const struct relay_sink *sink = &relay->sinks[index - 1];
	ssize_t got = read(*from, buffer, sizeof(buffer));

	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (got <= 0 || (sink_write(sink, buffer, (size_t)got) < 0 && !sink->log)) {
		close_fd(from);
		return -1;
	}
	return 1;
}

void relay_drain(struct relay *relay)
{
	for (int index = 1; index <= 2; index++) {
		int *from = &relay->pipes->ours[index];

		if (*from >= 0 && fcntl(*from, F_SETFL, O_NONBLOCK) == 0)
			while (*from >= 0 && copy_output(relay, index) > 0)
				;
	}
}

/* The caller's input, held until the container's stdin pipe takes it. */
struct pending_input {
	char data[RELAY_BUFFER];
	size_t start, length;
};

static void end_input(struct relay *relay, struct pending_input *pending)
{
	close_fd(&relay->pipes->ours[0]);
	relay->stdin_fd = -1;
	pending->length = 0;
}

/* Reads the caller's stdin; its end (EOF) closes the container's stdin. */
static void read_input(struct relay *relay, struct pending_input *pending)
{
	ssize_t got = read(relay->stdin_fd, pending->data, sizeof(pending->data));

	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (got <= 0) {
		end_input(relay, pending);
		return;
	}
	pending->start = 0;
	pending->length = (size_t)got;
}

/* Writes what the container's stdin takes; it stopped reading for good
 * (EPIPE): the rest is dropped. */
static void write_input(struct relay *relay, struct pending_input *pending)
{
	ssize_t written = write(relay->pipes->ours[0], pending->data + pending->start, pending->length);

	if (written < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (written < 0) {
		end_input(relay, pending);
		return;
	}
	pending->start += (size_t)written;
	pending->length -= (size_t)written;
}

static void forward_signal(struct relay *relay)
{
	struct signalfd_siginfo info;

	if (read(relay->signal_fd, &info, sizeof(info)) == (ssize_t)sizeof(info))
		k_kill(relay->forward_to, (int)info.ssi_signo);
}

enum { POLL_UNTIL, POLL_STDOUT, POLL_STDERR, POLL_CALLER_STDIN, POLL_CONTAINER_STDIN, POLL_SIGNALS, POLL_COUNT };

/* What to wait for now: input is read only when what was read before has
 * gone into the container's stdin. */
static void fill_poll_set(const struct relay *relay, const struct pending_input *pending, struct pollfd *polled)
{
	bool has_input = relay->stdin_fd >= 0 && relay->pipes->ours[0] >= 0;

	polled[POLL_UNTIL] = (struct pollfd){ .fd = relay->until_fd, .events = POLLIN };
	polled[POLL_STDOUT] = (struct pollfd){ .fd = relay->pipes->ours[1], .events = POLLIN };
	polled[POLL_STDERR] = (struct pollfd){ .fd = relay->pipes->ours[2], .events = POLLIN };
	polled[POLL_CALLER_STDIN] = (struct pollfd){ .fd = has_input && !pending->length ? relay->stdin_fd : -1,
						     .events = POLLIN };
	polled[POLL_CONTAINER_STDIN] = (struct pollfd){ .fd = pending->length ? relay->pipes->ours[0] : -1,
							.events = POLLOUT };
	polled[POLL_SIGNALS] = (struct pollfd){ .fd = relay->signal_fd, .events = POLLIN };
}

static void relay_loop(struct relay *relay)
{
	struct pending_input pending = { .length = 0 };
	struct pollfd polled[POLL_COUNT];
	const short ready = POLLIN | POLLHUP | POLLERR;

	for (;;) {
		fill_poll_set(relay, &pending, polled);
		if (poll(polled, POLL_COUNT, -1) < 0) {
			if (errno == EINTR)
				continue; /* a signal the runtime passed on */
			log_errno("poll the container's stdio");
			break;
		}
		/* Output first: what the container wrote before it ended. */
		for (int index = 1; index <= 2; index++)
			if (polled[index].revents & ready)
				copy_output(relay, index);
		if (polled[POLL_CALLER_STDIN].revents & ready)
			read_input(relay, &pending);
		if (polled[POLL_CONTAINER_STDIN].revents & (POLLOUT | POLLERR | POLLHUP))
			write_input(relay, &pending);
		if (polled[POLL_SIGNALS].revents & POLLIN)
			forward_signal(relay);
		if (polled[POLL_UNTIL].revents & ready)
			break;
	}
	if (relay->drain)
		relay_drain(relay);
}

int relay_run(struct relay *relay)
{
	struct sigaction ignore = { .sa_handler = SIG_IGN };
	struct sigaction previous;

	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &previous);
	relay_loop(relay);
	sigaction(SIGPIPE, &previous, NULL);
	return 0;
}

int relay_pidfd(pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (fd < 0)
		log_errno("pidfd_open %d", (int)pid);
	return fd;
}

void relay_block_signals(sigset_t *previous)
{
	sigset_t signals;

	runtime_forwarded_signals(&signals);
	sigprocmask(SIG_BLOCK, &signals, previous);
}

int relay_signal_fd(void)
{
	struct sigaction default_action = { .sa_handler = SIG_DFL };
	sigset_t signals;
	int fd;

	runtime_forwarded_signals(&signals);
	sigemptyset(&default_action.sa_mask);
	for (int number = 1; number < NSIG; number++)
		if (sigismember(&signals, number) == 1)
			sigaction(number, &default_action, NULL);
	fd = signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		log_errno("signalfd");
	return fd;
}
