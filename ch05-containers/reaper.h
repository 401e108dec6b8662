/* --init: a small PID 1, as docker's --init (tini) is. A namespace's PID 1
 * inherits every orphan and must wait() for it, or zombies pile up; and the
 * kernel gives PID 1 only the signals it handles. So init forks: the command
 * runs as PID 2, and PID 1 stays, reaping every child and passing signals
 * on, and exits as the command did. wait(2), pid_namespaces(7). */
#ifndef MYDOCKER_REAPER_H
#define MYDOCKER_REAPER_H

#include "runtime.h"

/* init's last step: with "reaper" in the configuration, forks; the child
 * returns 0 (and goes on to exec the command), the parent never returns. */
int init_become_reaper(struct container *container);

#endif
