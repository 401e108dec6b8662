/* -p HOST:CONTAINER port specs (chapter 6). */
#include "fuzz.h"

#include <stdlib.h>

#include "ports.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct port_mapping mapping;
	const char *why;

	if (!text)
		return 0;
	port_mapping_parse(text, &mapping, &why);
	free(text);
	return 0;
}
