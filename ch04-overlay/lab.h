/* The bench the chapter's experiments run on: a private mount namespace no
 * mount can outlive, a scratch directory, trees and files shown the way the
 * seeds show them (tree, cat, ls -l), and checks that print one verdict line
 * each. mount_namespaces(7), unshare(2), tree(1). */
#ifndef MYDOCKER_LAB_H
#define MYDOCKER_LAB_H

#include <stdbool.h>
#include <sys/types.h>

/* unshare(CLONE_NEWNS), then / private (recursively): every mount made
 * after this lives and dies with this process and never reaches the host. */
int enter_private_mount_namespace(void);

/* Makes a scratch directory: keep_dir if given (it must not exist yet),
 * else a new /tmp/mydocker-NAME.XXXXXX. Mode 0755. Writes its path. */
int make_scratch(const char *name, const char *keep_dir, char *path, size_t size);

/* Runs function(argument) in a forked child as user nobody (65534, no
 * capabilities), as the seed's author ran tree; returns its exit code. */
int run_as_nobody(int (*function)(const void *), const void *argument);

/* Prints the trees below each path like tree(1) ("[error opening dir]"
 * where the reader may not look), read as nobody. paths ends with NULL. */
int show_trees(const char *const *paths);

/* "$ cat PATH" and the file's text. */
void show_file(const char *path);

/* Runs argv (found in PATH, no shell) showing "$ argv...", output as is;
 * returns its exit code, or -1. */
int show_command(char *const argv[]);

/* One verdict line on stdout: "ID       ok     text", or DIFFERS. Counts
 * what differed in *differed. Returns 0 when held, 1 when not. */
int verdict(const char *id, bool held, const char *text, int *differed);

#endif
