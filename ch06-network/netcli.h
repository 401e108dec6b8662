/* `mydocker network create|ls|rm` (and netdemo's): the command line of
 * chapter 6's network library. */
#ifndef MYDOCKER_NETCLI_H
#define MYDOCKER_NETCLI_H

#include <stdbool.h>

/* True for create, ls, list, rm, remove. */
bool network_command_known(const char *action);

/* argv[0] is the action. Returns the exit code: 0, 1 when it failed
 * (reported), 2 for bad usage. */
int network_command(const char *root, int argc, char **argv);

#endif
