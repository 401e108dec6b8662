/* Surviving a crash of the runtime: the record is written before anything
 * of the container exists outside its directory, so `rm -f NAME` finds
 * every resource a killed start left and removes it; removal may run any
 * number of times. `mydocker steps` lists the pipeline for MYDOCKER_FAIL_AT
 * (fault.h). */
#ifndef MYDOCKER_RECOVERY_H
#define MYDOCKER_RECOVERY_H

#include "containers.h"

/* mydocker steps: the parent's and init's steps, numbered, as
 * MYDOCKER_FAIL_AT names them. */
int command_steps(struct mydocker *mydocker, int argc, char **argv);

/* Chapter 5's release hook (chapter 6 calls it from its own): kills what
 * is left in the container's cgroups, removes them (the limits' and the
 * devices'), and unmounts anything mounted under its directory on the host,
 * so that rm's removal never reaches into a volume. Idempotent. */
void chapter5_release(struct mydocker *mydocker, const struct record *record);

#endif
