/* run's options as tables: each option names the step of the container it
 * sets. Chapter 3's table holds the namespaces', terminal's and cgroups'
 * options; later chapters pass theirs beside it. getopt_long(3). */
#ifndef MYDOCKER_OPTIONS_H
#define MYDOCKER_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "runtime.h"

struct run_option {
	const char *name;          /* --name */
	char short_name;           /* -m, or 0 */
	const char *value_name;    /* "SIZE", or NULL for a flag */
	int (*apply)(struct container *container, const char *value);
	const char *help;
};

/* Chapter 3's options: -i -t -m --cpu-shares --cpu-quota --cpuset
 * --pids-limit --userns --trace. Ends with {NULL}. */
extern const struct run_option run_options[];

enum { OPTIONS_HELP = -2, OPTIONS_BAD = -1 };

/* Parses the options of every table (a NULL-terminated list), stopping at
 * the first argument that is not one (the image or command). Returns the
 * index of that argument, OPTIONS_HELP after --help, or OPTIONS_BAD (one
 * line said what was wrong). */
int parse_run_options(int argc, char **argv, const struct run_option *const tables[], struct container *container);

/* Prints "  -m, --memory SIZE  help" for every option of the tables. */
void print_run_options(FILE *out, const struct run_option *const tables[]);

#endif
