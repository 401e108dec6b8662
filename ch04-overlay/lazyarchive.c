/* libarchive, loaded on first use. Linked the usual way, libarchive.so
 * brings 16 libraries with it (libxml2 for xar, then ICU and libstdc++),
 * and the dynamic loader maps and relocates them all at every execve of
 * every program that links it: about 4 ms and 3.5 MiB per start on the
 * bench machine, paid twice per container (mydocker, then its init re-exec)
 * although only unpacking an image or committing one uses a single call of
 * them. So the programs do not link it: each libarchive function image.c
 * calls is defined here, with libarchive's own prototype (archive.h checks
 * them), and calls the real one, found with dlopen(3) and dlsym(3) the
 * first time. See NOTES.md (Performance), `make bench`. */
#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>

#include "log.h"

/* The library's soname: libarchive 3's ABI, stable since 2013. */
static const char library_name[] = "libarchive.so.13";

/* The real function `name`, or NULL (reported once) when libarchive
 * cannot be loaded. Only the constructors (..._new) can be the first call,
 * and their callers handle NULL; every other call follows one of them. */
static void *real(const char *name)
{
	static void *library;
	static bool reported;
	void *function;

	if (!library)
		library = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
	function = library ? dlsym(library, name) : NULL;
	if (!function && !reported) {
		log_error("cannot load %s from %s: %s (apt-get install libarchive13)", name, library_name, dlerror());
		reported = true;
	}
	return function;
}

/* ---- the constructors: NULL when libarchive is missing ---- */

/* Each returns a pointer to a new object and takes nothing. */
static void *construct(const char *name)
{
	void *(*function)(void) = (void *(*)(void))real(name);

	return function ? function() : NULL;
}

struct archive *archive_read_new(void)
{
	return construct("archive_read_new");
}

struct archive *archive_write_new(void)
{
	return construct("archive_write_new");
}

struct archive *archive_write_disk_new(void)
{
	return construct("archive_write_disk_new");
}

struct archive_entry *archive_entry_new(void)
{
	return construct("archive_entry_new");
}

struct archive_entry_linkresolver *archive_entry_linkresolver_new(void)
{
	return construct("archive_entry_linkresolver_new");
}

/* ---- reading ---- */

int archive_read_support_format_all(struct archive *archive)
{
	return ((int (*)(struct archive *))real("archive_read_support_format_all"))(archive);
}

int archive_read_support_filter_all(struct archive *archive)
{
	return ((int (*)(struct archive *))real("archive_read_support_filter_all"))(archive);
}

int archive_read_open_filename(struct archive *archive, const char *filename, size_t block_size)
{
	return ((int (*)(struct archive *, const char *, size_t))real("archive_read_open_filename"))(archive, filename,
												    block_size);
}

int archive_read_next_header(struct archive *archive, struct archive_entry **entry)
{
	return ((int (*)(struct archive *, struct archive_entry **))real("archive_read_next_header"))(archive, entry);
}

int archive_read_extract2(struct archive *archive, struct archive_entry *entry, struct archive *destination)
{
	return ((int (*)(struct archive *, struct archive_entry *, struct archive *))real("archive_read_extract2"))(
		archive, entry, destination);
}

int archive_read_free(struct archive *archive)
{
	return ((int (*)(struct archive *))real("archive_read_free"))(archive);
}

/* ---- writing ---- */

int archive_write_disk_set_options(struct archive *archive, int flags)
{
	return ((int (*)(struct archive *, int))real("archive_write_disk_set_options"))(archive, flags);
}

int archive_write_set_format_pax_restricted(struct archive *archive)
{
	return ((int (*)(struct archive *))real("archive_write_set_format_pax_restricted"))(archive);
}

int archive_write_open_filename(struct archive *archive, const char *file)
{
	return ((int (*)(struct archive *, const char *))real("archive_write_open_filename"))(archive, file);
}

int archive_write_header(struct archive *archive, struct archive_entry *entry)
{
	return ((int (*)(struct archive *, struct archive_entry *))real("archive_write_header"))(archive, entry);
}

la_ssize_t archive_write_data(struct archive *archive, const void *data, size_t size)
{
	return ((la_ssize_t (*)(struct archive *, const void *, size_t))real("archive_write_data"))(archive, data, size);
}

int archive_write_close(struct archive *archive)
{
	return ((int (*)(struct archive *))real("archive_write_close"))(archive);
}

int archive_write_free(struct archive *archive)
{
	return ((int (*)(struct archive *))real("archive_write_free"))(archive);
}

int archive_format(struct archive *archive)
{
	return ((int (*)(struct archive *))real("archive_format"))(archive);
}

const char *archive_error_string(struct archive *archive)
{
	return ((const char *(*)(struct archive *))real("archive_error_string"))(archive);
}

/* ---- entries ---- */

const char *archive_entry_pathname(struct archive_entry *entry)
{
	return ((const char *(*)(struct archive_entry *))real("archive_entry_pathname"))(entry);
}

const char *archive_entry_hardlink(struct archive_entry *entry)
{
	return ((const char *(*)(struct archive_entry *))real("archive_entry_hardlink"))(entry);
}

__LA_MODE_T archive_entry_filetype(struct archive_entry *entry)
{
	return ((__LA_MODE_T (*)(struct archive_entry *))real("archive_entry_filetype"))(entry);
}

la_int64_t archive_entry_size(struct archive_entry *entry)
{
	return ((la_int64_t (*)(struct archive_entry *))real("archive_entry_size"))(entry);
}

void archive_entry_copy_stat(struct archive_entry *entry, const struct stat *info)
{
	((void (*)(struct archive_entry *, const struct stat *))real("archive_entry_copy_stat"))(entry, info);
}

void archive_entry_set_pathname(struct archive_entry *entry, const char *path)
{
	((void (*)(struct archive_entry *, const char *))real("archive_entry_set_pathname"))(entry, path);
}

void archive_entry_set_symlink(struct archive_entry *entry, const char *target)
{
	((void (*)(struct archive_entry *, const char *))real("archive_entry_set_symlink"))(entry, target);
}

void archive_entry_set_mtime(struct archive_entry *entry, time_t seconds, long nanoseconds)
{
	((void (*)(struct archive_entry *, time_t, long))real("archive_entry_set_mtime"))(entry, seconds, nanoseconds);
}

void archive_entry_set_uid(struct archive_entry *entry, la_int64_t uid)
{
	((void (*)(struct archive_entry *, la_int64_t))real("archive_entry_set_uid"))(entry, uid);
}

void archive_entry_set_gid(struct archive_entry *entry, la_int64_t gid)
{
	((void (*)(struct archive_entry *, la_int64_t))real("archive_entry_set_gid"))(entry, gid);
}

/* Which times a tar keeps: image.c unsets these three. */
void archive_entry_unset_atime(struct archive_entry *entry)
{
	((void (*)(struct archive_entry *))real("archive_entry_unset_atime"))(entry);
}

void archive_entry_unset_ctime(struct archive_entry *entry)
{
	((void (*)(struct archive_entry *))real("archive_entry_unset_ctime"))(entry);
}

void archive_entry_unset_birthtime(struct archive_entry *entry)
{
	((void (*)(struct archive_entry *))real("archive_entry_unset_birthtime"))(entry);
}

void archive_entry_free(struct archive_entry *entry)
{
	((void (*)(struct archive_entry *))real("archive_entry_free"))(entry);
}

/* ---- hard links, written once and linked after ---- */

void archive_entry_linkresolver_set_strategy(struct archive_entry_linkresolver *resolver, int format)
{
	((void (*)(struct archive_entry_linkresolver *, int))real("archive_entry_linkresolver_set_strategy"))(resolver,
													     format);
}

void archive_entry_linkify(struct archive_entry_linkresolver *resolver, struct archive_entry **entry,
			   struct archive_entry **sparse)
{
	((void (*)(struct archive_entry_linkresolver *, struct archive_entry **, struct archive_entry **))real(
		"archive_entry_linkify"))(resolver, entry, sparse);
}

void archive_entry_linkresolver_free(struct archive_entry_linkresolver *resolver)
{
	((void (*)(struct archive_entry_linkresolver *))real("archive_entry_linkresolver_free"))(resolver);
}
