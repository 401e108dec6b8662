/* Messages for people, on stderr, one line each, named after the program:
 * errors, and the narration for a class (say), so that a command's own
 * output on stdout stays clean for scripts. Only a program's main exits. */
#ifndef MYDOCKER_LOG_H
#define MYDOCKER_LOG_H

/* The name every message starts with ("uts", "run", "mydocker"). */
void log_set_program(const char *name);
const char *log_program(void);

/* "PROGRAM: message" on stderr. */
void log_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* "PROGRAM: message: strerror(errno) (ENAME)" on stderr; errno kept. */
void log_errno(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Narration: "PROGRAM: text" on stderr (unbuffered, so it interleaves with
 * the children's output in order). */
void say(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
