/* run's whole command line, through every option table of chapter 5:
 * env pairs (-e KEY=VALUE), volumes (-v HOSTDIR:DIR:ro), names, limits,
 * capabilities. The input is the arguments, separated by NUL bytes. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "security.h"

static const struct run_option *const tables[] = { run_options, image_run_options, container_run_options,
						    security_run_options, NULL };

/* One parse of the input's arguments, from a copy freed afterwards. */
static void parse_once(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	char *argv[64] = { "run" };
	int argc = 1;
	struct managed_container *self = calloc(1, sizeof(*self));
	struct container container = { .config_fd = -1, .chapter = self };

	if (!copy || !self)
		goto out;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (char *word = copy; word <= copy + size && argc < 63; word += strlen(word) + 1)
		argv[argc++] = word;
	argv[argc] = NULL;
	parse_run_options(argc, argv, tables, &container);
out:
	message_free(&container.config);
	free(self);
	free(copy);
}

/* Twice: what one parse leaves behind (getopt keeps state) must not
 * reach into the next one's freed arguments. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_once(data, size);
	parse_once(data, size);
	return 0;
}
