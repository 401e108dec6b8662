/* Without -t, a container never gets the caller's terminal: its stdin,
 * stdout and stderr are pipes the runtime relays (run, exec), or, with -d,
 * its monitor relays its output into the log, rotated at a size, as
 * containerd's shim does for docker. And every process that enters a
 * container starts a session of its own, so none has the caller's terminal
 * as its controlling terminal (/dev/tty: ENXIO). A terminal shared with a
 * container lets it type into the caller's shell (TIOCSTI) or read what the
 * caller types next, through /proc/PID/fd of any process holding it.
 * pipe(7), poll(2), setsid(2), credentials(7), signalfd(2). */
#ifndef MYDOCKER_RELAY_H
#define MYDOCKER_RELAY_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* A log that starts a new file past max_size bytes: FILE, then FILE.1
 * (older), FILE.2 ... FILE.(max_files - 1), as docker's json-file driver
 * does with max-size and max-file. A file never grows past max_size: a
 * write that would cross it is split. */
struct rotating_log {
	char path[4096];
	int fd;                       /* -1: not open */
	unsigned long long size;      /* of the current file */
	unsigned long long max_size;
	int max_files;
};

#define LOG_DEFAULT_MAX_SIZE (10ULL << 20)
#define LOG_DEFAULT_MAX_FILES 3

/* Opens (appends to) log->path. 0 or -1 (reported). */
int rotating_log_open(struct rotating_log *log);
/* Writes all of data, rotating as needed. 0 or -1 (reported). */
int rotating_log_write(struct rotating_log *log, const char *data, size_t size);
void rotating_log_close(struct rotating_log *log);
/* The path of the log's file number index (0: the current one). */
int rotating_log_file(const char *path, int index, char *file, size_t size);

/* The three pipes of a container's stdio: the container's ends (given to
 * it as 0, 1 and 2) and ours. */
struct stdio_pipes {
	int container[3];   /* stdin's read end (-1: no stdin: /dev/null), stdout's and stderr's write ends */
	int ours[3];        /* stdin's write end, stdout's and stderr's read ends (stderr -1 when merged) */
};

/* Empty: every fd -1. */
void stdio_pipes_init(struct stdio_pipes *pipes);
/* Makes the pipes: stdin's only with_stdin (-i); merged: one pipe for
 * stdout and stderr (a log keeps their order). 0 or -1 (reported). */
int stdio_pipes_open(struct stdio_pipes *pipes, bool with_stdin, bool merged);
/* In the child, before it becomes the container's process: the pipes as
 * 0, 1 and 2 (stdin untouched without one), and a new session. 0 or -1. */
int stdio_pipes_attach(const struct stdio_pipes *pipes);
/* In the parent, once the child has its copies. */
void stdio_pipes_close_container_ends(struct stdio_pipes *pipes);
void stdio_pipes_close(struct stdio_pipes *pipes);

/* Where the container's output goes: a descriptor (ours), or the log. */
struct relay_sink {
	int fd;
	struct rotating_log *log;   /* when set, fd is not used */
};

/* One relay: the caller's stdin (-i) to the container's, its stdout and
 * stderr to their sinks, until until_fd is readable (a pidfd: the process
 * ended; or init's ready pipe). Signals read from signal_fd (>= 0) are
 * passed on to forward_to. */
struct relay {
	struct stdio_pipes *pipes;
	int stdin_fd;                    /* the caller's stdin, -1: none */
	struct relay_sink sinks[2];      /* stdout's, stderr's */
	int until_fd;
	bool drain;                      /* once until_fd fires, copy what is left */
	int signal_fd;
	pid_t forward_to;
};

/* Runs the relay. 0 or -1 (reported). SIGPIPE is ignored meanwhile: a
 * reader of ours that went away closes that stream's pipe, so that the
 * container's writer gets EPIPE (or SIGPIPE) as it would have without us. */
int relay_run(struct relay *relay);
/* Copies, without waiting, what the container's output pipes hold. */
void relay_drain(struct relay *relay);

/* A pidfd for pid (pidfd_open(2)): readable once it has ended. -1 reported. */
int relay_pidfd(pid_t pid);

/* Blocks the signals a runtime passes on to the container (runtime_wait's);
 * *previous gets the mask before. Before a fork: none is lost, nor kills us. */
void relay_block_signals(sigset_t *previous);
/* After the fork, in the parent: a signalfd reading them (each of them
 * set to its default action first: one ignored would never be read).
 * The fd, or -1 (reported). */
int relay_signal_fd(void);

#endif
