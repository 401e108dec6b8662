/* Sizes and numbers from the command line: -m 100m, --cpus 50,
 * --cpu-shares 512, --pids-limit max, stop -t 10. */
#include "fuzz.h"

#include <stdlib.h>

#include "cgroup.h"
#include "size.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	unsigned long long bytes, shares;
	unsigned percent;
	long long number;
	const char *why;

	if (!text)
		return 0;
	parse_size(text, &bytes, &why);
	parse_number(text, -1000, 1000000, &number, &why);
	parse_number(text, 0, 3600, &number, &why);
	cgroup_parse_memory(text, &bytes, &why);
	cgroup_parse_cpu_percent(text, &percent, &why);
	cgroup_parse_cpu_shares(text, &shares, &why);
	cgroup_parse_pids(text, &number, &why);
	free(text);
	return 0;
}
