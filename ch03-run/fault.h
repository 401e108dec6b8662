/* Fault injection: MYDOCKER_FAIL_AT=WHERE makes the runtime die with
 * SIGKILL just before the step WHERE, as a crash or an OOM kill would, so a
 * test can check that `mydocker rm -f` still leaves nothing behind.
 * WHERE is "parent:N" or "init:N" (N counts a table's steps from 1), or any
 * part of a step's name (the first step whose name holds it). signal(7). */
#ifndef MYDOCKER_FAULT_H
#define MYDOCKER_FAULT_H

#include <stdbool.h>

#define FAULT_VARIABLE "MYDOCKER_FAIL_AT"

/* Whether WHERE names step number index (from 1) of side ("parent" or
 * "init") called name. Pure. */
bool fault_matches(const char *where, const char *side, int index, const char *name);

/* Dies here when MYDOCKER_FAIL_AT names this step: SIGKILL, nothing undone.
 * init, PID 1 of its namespace, cannot get its own SIGKILL (the kernel
 * protects a namespace's init): it _exits with 137 instead, undoing as
 * little. */
void fault_point(const char *side, int index, const char *name);

#endif
