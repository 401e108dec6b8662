/* The container's configuration, as the parent sends it to init over an
 * anonymous pipe (seed 002): a list of KEY=VALUE pairs, any bytes but NUL,
 * any length, sent after the child has started. The child blocks in read(2)
 * until the parent writes. Later chapters add their own keys (rootfs,
 * volume, env...). pipe(7). */
#ifndef MYDOCKER_MESSAGE_H
#define MYDOCKER_MESSAGE_H

#include <stddef.h>

struct message {
	char *data;       /* key\0value\0key\0value\0... */
	size_t length;
	size_t capacity;
};

/* Largest message init accepts: arguments are limited by the pipe's
 * reader, not by ARG_MAX, but a bound keeps a broken parent from making
 * init allocate without end. */
#define MESSAGE_MAX (64u << 20)

int message_add(struct message *message, const char *key, const char *value);
void message_free(struct message *message);

/* The value after *cursor (start with NULL) whose key is key, or NULL. */
const char *message_next(const struct message *message, const char *key, const char **cursor);
/* How many pairs have this key. */
size_t message_count(const struct message *message, const char *key);
/* A NULL-terminated array of the values of key (the pointers point into the
 * message); free() the array. NULL on allocation failure. */
char **message_values(const struct message *message, const char *key);

/* Writes the whole message (a 4-byte length, then the pairs). 0 or -1. */
int message_send(int fd, const struct message *message);
/* Reads one whole message; checks it is well formed. 0 or -1 (reported). */
int message_receive(int fd, struct message *message);

/* Checks data is a list of complete pairs. 0 or -1. */
int message_check(const char *data, size_t length);

#endif
