/* Sizes as people write them; see size.h. */
#include "size.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int parse_size(const char *text, unsigned long long *bytes, const char **why)
{
	static const char units[] = "kmgt";
	unsigned long long value = 0;
	unsigned shift = 0;
	const char *p = text;

	if (!text || !*text) {
		*why = "empty size";
		return -1;
	}
	if (strcasecmp(text, "max") == 0) {
		*bytes = SIZE_UNLIMITED;
		return 0;
	}
	if (!isdigit((unsigned char)*p)) {
		*why = "a size is a number of bytes, with an optional k, m, g or t, or max";
		return -1;
	}
	for (; isdigit((unsigned char)*p); p++) {
		if (value > (~0ULL - 9) / 10) {
			*why = "size too large";
			return -1;
		}
		value = value * 10 + (unsigned long long)(*p - '0');
	}
	if (*p) {
		const char *unit = strchr(units, tolower((unsigned char)*p));

		if (!unit) {
			*why = "unknown unit (use k, m, g or t)";
			return -1;
		}
		shift = 10 * (unsigned)(unit - units + 1);
		p++;
		if (*p == 'b' || *p == 'B')
			p++;
	}
	if (*p) {
		*why = "trailing characters after the size";
		return -1;
	}
	if (shift && value > (~0ULL >> shift)) {
		*why = "size too large";
		return -1;
	}
	*bytes = value << shift;
	return 0;
}

int parse_number(const char *text, long long min, long long max, long long *value, const char **why)
{
	char *end;
	long long parsed;

	if (!text || !*text) {
		*why = "empty number";
		return -1;
	}
	errno = 0;
	parsed = strtoll(text, &end, 10);
	if (*end || isspace((unsigned char)*text)) {
		*why = "not a whole number";
		return -1;
	}
	if (errno == ERANGE || parsed < min || parsed > max) {
		*why = "out of range";
		return -1;
	}
	*value = parsed;
	return 0;
}
