/* Sizes as people write them: 100m, 1g, 512k, 1048576, max. */
#ifndef MYDOCKER_SIZE_H
#define MYDOCKER_SIZE_H

/* "max": no limit. */
#define SIZE_UNLIMITED (~0ULL)

/* Parses a byte count with an optional k, m, g or t suffix (powers of 1024,
 * either case, an optional trailing b), or "max". On error returns -1 and
 * sets *why to the reason (for "-m 10x: ..."). */
int parse_size(const char *text, unsigned long long *bytes, const char **why);

/* Parses a whole number in [min, max]; -1 and *why on error. */
int parse_number(const char *text, long long min, long long max, long long *value, const char **why);

#endif
