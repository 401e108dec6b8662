/* The arguments of the small programs (whiteout, unpack, mkimage,
 * chroot-escape...): --help, --trace, their own --NAME VALUE options, and
 * up to a few operands. */
#ifndef MYDOCKER_ARGUMENTS_H
#define MYDOCKER_ARGUMENTS_H

#include <stdio.h>

/* --NAME VALUE: value receives VALUE. Tables end with {NULL, NULL}. */
struct valued_option {
	const char *name;
	const char **value;
};

enum { ARGUMENTS_GO_ON = -1 };

/* Parses argv. Operands (words not starting with '-') fill operands, at
 * most max_operands; *operand_count says how many. Returns ARGUMENTS_GO_ON,
 * or the exit code to leave with: 0 after --help (usage on stdout), 2 on an
 * unexpected argument (said, with usage on stderr). */
int parse_arguments(int argc, char **argv, const struct valued_option *options, const char **operands, int max_operands,
		    int *operand_count, void (*usage)(FILE *out));

#endif
