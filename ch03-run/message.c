/* The parent-to-init message; see message.h. */
#include "message.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "trace.h"

static int append(struct message *message, const char *text)
{
	size_t length = strlen(text) + 1;

	if (message->length + length > MESSAGE_MAX) {
		errno = E2BIG;
		log_errno("the container's configuration is too large");
		return -1;
	}
	if (message->length + length > message->capacity) {
		size_t capacity = message->capacity ? message->capacity : 256;
		char *data;

		while (capacity < message->length + length)
			capacity *= 2;
		data = realloc(message->data, capacity);
		if (!data) {
			log_errno("realloc");
			return -1;
		}
		message->data = data;
		message->capacity = capacity;
	}
	memcpy(message->data + message->length, text, length);
	message->length += length;
	return 0;
}

int message_add(struct message *message, const char *key, const char *value)
{
	return append(message, key) < 0 || append(message, value) < 0 ? -1 : 0;
}

void message_free(struct message *message)
{
	free(message->data);
	*message = (struct message){ 0 };
}

const char *message_next(const struct message *message, const char *key, const char **cursor)
{
	const char *p = *cursor ? *cursor : message->data;
	const char *end = message->data + message->length;

	while (p && p < end) {
		const char *value = p + strlen(p) + 1;
		const char *next = value + strlen(value) + 1;

		if (strcmp(p, key) == 0) {
			*cursor = next;
			return value;
		}
		p = next;
	}
	return NULL;
}

size_t message_count(const struct message *message, const char *key)
{
	const char *cursor = NULL;
	size_t count = 0;

	while (message_next(message, key, &cursor))
		count++;
	return count;
}

char **message_values(const struct message *message, const char *key)
{
	size_t count = message_count(message, key);
	char **values = calloc(count + 1, sizeof(*values));
	const char *cursor = NULL;

	if (!values) {
		log_errno("calloc");
		return NULL;
	}
	for (size_t i = 0; i < count; i++)
		values[i] = (char *)message_next(message, key, &cursor);
	return values;
}

int message_check(const char *data, size_t length)
{
	size_t strings = 0;

	if (length > 0 && data[length - 1] != '\0')
		return -1;
	for (size_t i = 0; i < length; i++)
		strings += data[i] == '\0';
	return strings % 2 == 0 ? 0 : -1;
}

/* read(2) may move fewer bytes than asked, on a pipe above PIPE_BUF (4096)
 * in particular: loop until all are through (file.h's write_all writes so). */
static int read_all(int fd, char *data, size_t length)
{
	while (length > 0) {
		ssize_t got = read(fd, data, length);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EPIPE;
			return -1;
		}
		data += got;
		length -= (size_t)got;
	}
	return 0;
}

int message_send(int fd, const struct message *message)
{
	uint32_t length = (uint32_t)message->length;

	/* Said before writing: init's "read" line can only come after it. */
	trace_note("write(pipe, 4 + %u bytes of configuration) ...", (unsigned)length);
	if (write_all(fd, (const char *)&length, sizeof(length)) < 0 || write_all(fd, message->data, message->length) < 0) {
		log_errno("write the configuration to init's pipe");
		return -1;
	}
	return 0;
}

int message_receive(int fd, struct message *message)
{
	uint32_t length;

	*message = (struct message){ 0 };
	if (read_all(fd, (char *)&length, sizeof(length)) < 0) {
		log_errno("read the configuration from the parent's pipe (fd %d)", fd);
		return -1;
	}
	if (length > MESSAGE_MAX || !(message->data = malloc(length ? length : 1))) {
		log_error("a configuration of %u bytes: too large", (unsigned)length);
		return -1;
	}
	message->capacity = message->length = length;
	if (read_all(fd, message->data, length) < 0 || message_check(message->data, length) < 0) {
		log_error("the configuration from the parent is cut short or malformed");
		message_free(message);
		return -1;
	}
	trace_note("read(pipe) = %u bytes of configuration", (unsigned)length);
	return 0;
}
