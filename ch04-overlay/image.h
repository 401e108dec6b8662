/* An image is a root filesystem kept as a tar file. Unpacking one is
 * writing files a stranger chose, as root: every entry's path is checked
 * first, so nothing lands outside the target directory. libarchive(3),
 * archive_write_disk(3), tar(5). */
#ifndef MYDOCKER_IMAGE_H
#define MYDOCKER_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Checks a tar entry's path (or a hard link's target) before anything is
 * written: refuses an empty path, an absolute one, and any ".." component.
 * Returns NULL when it is fine, else the reason. Pure: no file is looked at. */
const char *image_entry_path_problem(const char *path);

/* Unpacks the tar at tar_path into directory (which must exist), keeping
 * modes, owners, times, symlinks, hard links and device nodes as the tar
 * says. Refuses, before writing it, an entry whose path has a problem above
 * or that would be written through a symlink, and stops there. Returns the
 * number of entries unpacked, or -1 (reported). */
long image_unpack(const char *tar_path, const char *directory);

/* What an unpack as an ordinary user (in a user namespace) left out. */
struct image_unpack_skipped {
	long devices;     /* device nodes: mknod needs the initial namespace */
	long attributes;  /* an owner (or time) that could not be set as the tar says */
};

/* image_unpack, but device nodes are skipped and owners that cannot be set
 * are left to the user, both counted in skipped, rather than fatal. */
long image_unpack_lenient(const char *tar_path, const char *directory, struct image_unpack_skipped *skipped);

struct image_pack_options {
	bool fixed_time;   /* every entry gets mtime below (reproducible tars) */
	time_t mtime;
	bool root_owned;   /* every entry owned by 0:0, as tar --owner=0 */
};

/* Packs directory's tree (not the directory itself) into a tar at tar_path,
 * entries sorted by name, with numeric owners only, hard links as links,
 * symlinks as symlinks. Only directory itself is resolved as a path; the
 * walk below it goes by descriptors and never follows a link, so a tree
 * that changes meanwhile cannot lead it out. Returns the number of entries
 * written, or -1 (reported). */
long image_pack(const char *directory, const char *tar_path, const struct image_pack_options *options);

/* The default image: $MYDOCKER_IMAGE, else build/images/busybox.tar of the
 * checkout holding this program (made by `make image`). */
int image_default_path(char *buf, size_t size);

#endif
