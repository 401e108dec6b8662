/* What every chapter's `run` program does around its own step tables: be
 * init when re-executed as init, read the options, and at the end run the
 * command (a shell on a terminal when none is given). */
#ifndef MYDOCKER_RUNMAIN_H
#define MYDOCKER_RUNMAIN_H

#include <stdio.h>

#include "options.h"
#include "runtime.h"

enum { RUN_GO_ON = -1 };

/* As init (argv: PROGRAM init), runs init_steps and returns init's exit
 * code; else parses the option tables: returns RUN_GO_ON with *first the
 * index of the first word after them, or the exit code (0 after --help, 2
 * for a bad option). */
int run_main_start(int argc, char **argv, const struct init_step *init_steps, const struct run_option *const tables[],
		   struct container *container, void (*usage)(FILE *out), int *first);

/* Runs command (an empty one: /bin/sh with -it on a terminal, else usage
 * and 2) through steps; name names the cgroup (NULL: by PID). Returns the
 * exit code. */
int run_main_finish(const struct parent_step *steps, struct container *container, char **command, const char *name,
		    void (*usage)(FILE *out));

#endif
