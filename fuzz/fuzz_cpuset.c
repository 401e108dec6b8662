/* CPU lists: --cpuset-cpus 0-1,3, checked against the machine's CPUs. */
#include "fuzz.h"

#include <stdlib.h>

#include "cgroup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	const char *why;

	if (size < 1)
		return 0;
	/* The first byte chooses the machine: 1 to 256 CPUs. */
	text = fuzz_string(data + 1, size - 1);
	if (!text)
		return 0;
	cgroup_parse_cpuset(text, 1 + data[0], &why);
	free(text);
	return 0;
}
