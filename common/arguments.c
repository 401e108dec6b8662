/* The arguments of the small programs; see arguments.h. */
#include "arguments.h"

#include <stdbool.h>
#include <string.h>

#include "log.h"
#include "trace.h"

/* The option of the table named by argument, or NULL. */
static const struct valued_option *find_option(const struct valued_option *options, const char *argument)
{
	for (const struct valued_option *option = options; option && option->name; option++)
		if (strncmp(argument, "--", 2) == 0 && strcmp(argument + 2, option->name) == 0)
			return option;
	return NULL;
}

int parse_arguments(int argc, char **argv, const struct valued_option *options, const char **operands, int max_operands,
		    int *operand_count, void (*usage)(FILE *out))
{
	int count = 0;

	for (int i = 1; i < argc; i++) {
		const struct valued_option *option = find_option(options, argv[i]);

		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--trace") == 0) {
			trace_enable(true);
		} else if (option && i + 1 < argc) {
			*option->value = argv[++i];
		} else if (argv[i][0] != '-' && count < max_operands) {
			operands[count++] = argv[i];
		} else {
			log_error("unexpected argument %s", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (operand_count)
		*operand_count = count;
	return ARGUMENTS_GO_ON;
}
