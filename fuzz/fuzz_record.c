/* A container's record (config.json), as ps, stop and rm read it: any
 * text on disk, truncated or hostile, parses or is refused, and what
 * parses writes back. */
#include "fuzz.h"

#include <stdlib.h>

#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct record record;
	const char *why;

	if (!text)
		return 0;
	if (record_from_json(text, &record, &why) == 0) {
		free(record_to_json(&record));
		record_live_status(&record);
	}
	record_free(&record);
	free(text);
	return 0;
}
