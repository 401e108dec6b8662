/* init's configuration as it arrives over the pipe: a 4-byte length, then
 * key\0value\0 pairs. A broken or hostile parent must not make init crash. */
#include "fuzz.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct message message = { 0 };
	int pipe_fds[2];

	message_check((const char *)data, size);
	/* The real reader, on a pipe holding the input (a pipe holds 64 KiB). */
	if (size > 60000 || pipe2(pipe_fds, O_CLOEXEC) < 0)
		return 0;
	if (write(pipe_fds[1], data, size) == (ssize_t)size) {
		close(pipe_fds[1]);
		pipe_fds[1] = -1;
		if (message_receive(pipe_fds[0], &message) == 0) {
			char **values = message_values(&message, "arg");
			const char *cursor = NULL;

			free(values);
			while (message_next(&message, "env", &cursor))
				;
		}
	}
	message_free(&message);
	close(pipe_fds[0]);
	if (pipe_fds[1] >= 0)
		close(pipe_fds[1]);
	return 0;
}
