/* See fuzz.h. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *text;

	if (memchr(data, '\0', size))
		return NULL;
	text = malloc(size + 1);
	if (!text)
		return NULL;
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}
