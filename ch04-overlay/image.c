/* Image tars, unpacked safely and packed reproducibly; see image.h.
 * libarchive does the tar format (archive_read(3), archive_write_disk(3));
 * we add the checks a root-run unpacker must make, and report each refusal
 * by entry name. */
#include "image.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "trace.h"

const char *image_entry_path_problem(const char *path)
{
	const char *component = path;

	if (!path || !*path)
		return "an empty path";
	if (path[0] == '/')
		return "an absolute path: it would be written outside the image";
	while (*component) {
		size_t length = strcspn(component, "/");

		if (length == 2 && component[0] == '.' && component[1] == '.')
			return "a \"..\" component: it would climb out of the image";
		component += length;
		component += *component == '/';
	}
	return NULL;
}

/* Is any directory on the way to path (relative to the current directory,
 * which is the image's root) a symlink? And the last component, unless the
 * entry is itself a symlink that replaces it? A missing component ends the
 * walk: nothing beyond it exists yet, so nothing beyond it can be a link. */
static bool goes_through_symlink(const char *path, bool last_too)
{
	char partial[4096];
	struct stat info;
	size_t length = strlen(path);

	if (length >= sizeof(partial))
		return true;
	memcpy(partial, path, length + 1);
	for (char *slash = partial;; slash++) {
		bool last;

		slash = strchr(slash, '/');
		last = !slash || slash[1] == '\0';
		if (slash)
			*slash = '\0';
		if (*partial && (!last || last_too)) {
			if (lstat(partial, &info) < 0)
				return false;
			if (S_ISLNK(info.st_mode))
				return true;
		}
		if (!slash || last)
			return false;
		*slash = '/';
	}
}

/* Every check an entry must pass before libarchive writes it. */
static const char *entry_problem(struct archive_entry *entry)
{
	const char *path = archive_entry_pathname(entry);
	const char *link_target = archive_entry_hardlink(entry);
	const char *problem = image_entry_path_problem(path);

	if (problem)
		return problem;
	if (link_target && (problem = image_entry_path_problem(link_target)))
		return "a hard link whose target is outside the image";
	if (goes_through_symlink(path, archive_entry_filetype(entry) != AE_IFLNK))
		return "it would be written through a symlink";
	if (link_target && goes_through_symlink(link_target, false))
		return "a hard link whose target lies through a symlink";
	return NULL;
}

/* libarchive's own guards too: they stand behind ours. Owners are numeric
 * (no lookup in the host's /etc/passwd: the image's names are its own). */
static const int unpack_flags = ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
				ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_OWNER |
				ARCHIVE_EXTRACT_TIME;

/* Rootless (skipped given): a device node cannot be made in a user
 * namespace (mknod needs CAP_MKNOD in the initial one), so it is skipped;
 * an owner outside the namespace's map cannot be set (a warning from
 * libarchive), so the entry stays the user's. Both are counted. */
static bool skip_entry(struct archive_entry *entry, struct image_unpack_skipped *skipped)
{
	mode_t type = archive_entry_filetype(entry);

	if (!skipped || (type != AE_IFCHR && type != AE_IFBLK))
		return false;
	skipped->devices++;
	return true;
}

static long unpack_entries(struct archive *reader, struct archive *writer, const char *tar_path,
			   struct image_unpack_skipped *skipped)
{
	struct archive_entry *entry;
	long count = 0;
	int status, extracted;

	while ((status = archive_read_next_header(reader, &entry)) == ARCHIVE_OK) {
		const char *problem = entry_problem(entry);

		if (problem) {
			log_error("unpack %s: refused entry \"%s\": %s", tar_path, archive_entry_pathname(entry), problem);
			return -1;
		}
		if (skip_entry(entry, skipped))
			continue;
		extracted = archive_read_extract2(reader, entry, writer);
		if (extracted == ARCHIVE_WARN && skipped) {
			skipped->attributes++;
		} else if (extracted != ARCHIVE_OK) {
			log_error("unpack %s: entry \"%s\": %s", tar_path, archive_entry_pathname(entry),
				  archive_error_string(writer) ? archive_error_string(writer) : archive_error_string(reader));
			return -1;
		}
		count++;
	}
	if (status != ARCHIVE_EOF) {
		log_error("read %s: %s", tar_path, archive_error_string(reader));
		return -1;
	}
	return count;
}

static struct archive *open_tar(const char *tar_path)
{
	struct archive *reader = archive_read_new();

	if (!reader) {
		log_error("read %s: out of memory", tar_path);
		return NULL;
	}
	archive_read_support_format_all(reader);
	archive_read_support_filter_all(reader);
	if (archive_read_open_filename(reader, tar_path, 64 * 1024) != ARCHIVE_OK) {
		log_error("open %s: %s", tar_path, archive_error_string(reader));
		archive_read_free(reader);
		return NULL;
	}
	return reader;
}

/* A first pass over the names alone, so a tar with a bad name creates
 * nothing at all. (Whether a name goes through a symlink depends on what
 * the entries before it made; the second pass checks that.) */
static int check_names(const char *tar_path)
{
	struct archive *reader = open_tar(tar_path);
	struct archive_entry *entry;
	int status;

	if (!reader)
		return -1;
	while ((status = archive_read_next_header(reader, &entry)) == ARCHIVE_OK) {
		const char *link_target = archive_entry_hardlink(entry);
		const char *problem = image_entry_path_problem(archive_entry_pathname(entry));

		if (!problem && link_target && image_entry_path_problem(link_target))
			problem = "a hard link whose target is outside the image";
		if (problem) {
			log_error("unpack %s: refused entry \"%s\": %s", tar_path, archive_entry_pathname(entry), problem);
			break;
		}
	}
	if (status != ARCHIVE_EOF && status != ARCHIVE_OK)
		log_error("read %s: %s", tar_path, archive_error_string(reader));
	archive_read_free(reader);
	return status == ARCHIVE_EOF ? 0 : -1;
}

long image_unpack(const char *tar_path, const char *directory)
{
	return image_unpack_lenient(tar_path, directory, NULL);
}

long image_unpack_lenient(const char *tar_path, const char *directory, struct image_unpack_skipped *skipped)
{
	struct archive *reader = NULL;
	struct archive *writer = NULL;
	int saved_cwd = -1;
	long count = -1;

	if (check_names(tar_path) < 0 || !(reader = open_tar(tar_path)))
		return -1;
	writer = archive_write_disk_new();
	saved_cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (!writer || saved_cwd < 0) {
		log_errno("unpack %s", tar_path);
		goto out;
	}
	archive_write_disk_set_options(writer, unpack_flags);
	/* Entry paths are relative: work from inside the target directory. */
	if (chdir(directory) < 0) {
		log_errno("chdir %s", directory);
		goto out;
	}
	count = unpack_entries(reader, writer, tar_path, skipped);
	if (archive_write_close(writer) != ARCHIVE_OK && count >= 0) {
		log_error("unpack %s: %s", tar_path, archive_error_string(writer));
		count = -1;
	}
	if (fchdir(saved_cwd) < 0)
		log_errno("fchdir back");
out:
	if (saved_cwd >= 0)
		close(saved_cwd);
	archive_write_free(writer);
	archive_read_free(reader);
	return count;
}

/* What packing needs at every level of the walk. The walk holds a
 * descriptor of each directory on its way down and names every entry
 * relative to its directory's descriptor, one component at a time, never
 * following a symlink (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW): a path string
 * resolved again would follow a directory that the container swapped for a
 * symlink to the host's / in between (renameat2 RENAME_EXCHANGE). */
struct packer {
	struct archive *writer;
	struct archive_entry_linkresolver *links;
	const struct image_pack_options *options;
	const char *tar_path;
	dev_t root_device; /* the packed directory's filesystem: packing stays on it */
	long count;
};

static int copy_file_data(struct packer *packer, int fd, const char *relative)
{
	char block[64 * 1024];
	ssize_t got;

	while ((got = read(fd, block, sizeof(block))) > 0)
		if (archive_write_data(packer->writer, block, (size_t)got) != got) {
			log_error("write %s: %s", packer->tar_path, archive_error_string(packer->writer));
			return -1;
		}
	if (got < 0) {
		log_errno("read %s", relative);
		return -1;
	}
	return 0;
}

static void set_entry_fields(struct packer *packer, struct archive_entry *entry, const char *relative,
			     const struct stat *info)
{
	archive_entry_copy_stat(entry, info);
	archive_entry_set_pathname(entry, relative);
	archive_entry_unset_atime(entry);
	archive_entry_unset_ctime(entry);
	archive_entry_unset_birthtime(entry);
	if (packer->options->fixed_time)
		archive_entry_set_mtime(entry, packer->options->mtime, 0);
	if (packer->options->root_owned) {
		archive_entry_set_uid(entry, 0);
		archive_entry_set_gid(entry, 0);
	}
}

/* One file, directory, link or node: its header, then its data (read from
 * fd, the file opened without following a link). A symlink is packed as a
 * symlink: its target text, read where it is (readlinkat). */
static int pack_one(struct packer *packer, const char *relative, int directory, const char *name, int fd,
		    const struct stat *info)
{
	struct archive_entry *entry = archive_entry_new();
	struct archive_entry *sparse = NULL;
	char target[4096];
	int result = -1;

	set_entry_fields(packer, entry, relative, info);
	if (S_ISLNK(info->st_mode)) {
		ssize_t length = readlinkat(directory, name, target, sizeof(target) - 1);

		if (length < 0) {
			log_errno("readlink %s", relative);
			goto out;
		}
		target[length] = '\0';
		archive_entry_set_symlink(entry, target);
	}
	/* A second name of a file already packed becomes a hard link entry. */
	archive_entry_linkify(packer->links, &entry, &sparse);
	if (archive_write_header(packer->writer, entry) != ARCHIVE_OK) {
		log_error("write %s: entry %s: %s", packer->tar_path, relative, archive_error_string(packer->writer));
		goto out;
	}
	if (S_ISREG(info->st_mode) && archive_entry_size(entry) > 0 && copy_file_data(packer, fd, relative) < 0)
		goto out;
	packer->count++;
	result = 0;
out:
	archive_entry_free(entry);
	return result;
}

/* A directory or a regular file is opened, relative to its directory and
 * never through a link; what is packed is what was opened (fstat), so a
 * name swapped between the look and the open is refused, not followed. */
static int open_entry(int directory, const char *name, const char *relative, struct stat *info)
{
	struct stat opened;
	int fd;

	if (!S_ISDIR(info->st_mode) && !S_ISREG(info->st_mode))
		return -2; /* nothing to open: a link, a node, a FIFO, a socket */
	fd = openat(directory, name,
		    O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | (S_ISDIR(info->st_mode) ? O_DIRECTORY : 0));
	if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) {
		log_error("pack %s: it was replaced by a symlink while being packed; refused", relative);
		return -1;
	}
	if (fd < 0 || fstat(fd, &opened) < 0) {
		log_errno("open %s", relative);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if ((opened.st_mode & S_IFMT) != (info->st_mode & S_IFMT)) {
		log_error("pack %s: it changed type while being packed; refused", relative);
		close(fd);
		return -1;
	}
	*info = opened;
	return fd;
}

static int pack_directory(struct packer *packer, int directory, const char *relative);

/* A name in a directory: pack it, and descend into a directory. */
static int pack_name(struct packer *packer, int directory, const char *name, const char *relative)
{
	struct stat info;
	int fd, result;

	if (fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) < 0) {
		log_errno("lstat %s", relative);
		return -1;
	}
	fd = open_entry(directory, name, relative, &info);
	if (fd == -1)
		return -1;
	result = pack_one(packer, relative, directory, name, fd, &info);
	/* Another filesystem mounted here (/proc, /sys, /dev, a volume) is not
	 * the container's: its mount point goes in, empty, as docker commits. */
	if (result == 0 && S_ISDIR(info.st_mode) && info.st_dev == packer->root_device)
		result = pack_directory(packer, fd, relative);
	if (fd >= 0)
		close(fd);
	return result;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* The names in the directory open as fd, but . and .., sorted by byte
 * order (no locale is set), so the tar is the same whichever order the
 * filesystem lists. -1 when it cannot be read (reported). */
static long list_names(int fd, const char *relative, char ***names)
{
	int own = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = own >= 0 ? fdopendir(own) : NULL;
	struct dirent *entry;
	size_t count = 0, allocated = 0;
	char **grown;

	*names = NULL;
	if (!dir) {
		log_errno("opendir %s", *relative ? relative : "/");
		if (own >= 0)
			close(own);
		return -1;
	}
	while ((errno = 0, entry = readdir(dir))) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		if (count == allocated) {
			allocated = allocated ? 2 * allocated : 64;
			if (!(grown = realloc(*names, allocated * sizeof(**names))))
				break;
			*names = grown;
		}
		if (!((*names)[count] = strdup(entry->d_name)))
			break;
		count++;
	}
	if (errno) {
		log_errno("read directory %s", *relative ? relative : "/");
		free_names(*names, count);
		closedir(dir);
		return -1;
	}
	closedir(dir);
	qsort(*names, count, sizeof(**names), compare_names);
	return (long)count;
}

static int pack_directory(struct packer *packer, int directory, const char *relative)
{
	char **names;
	long count = list_names(directory, relative, &names);
	int result = count < 0 ? -1 : 0;

	for (long i = 0; i < count && result == 0; i++) {
		char child[4096];

		if (path_join(child, sizeof(child), "%s%s%s", relative, *relative ? "/" : "", names[i]) < 0 ||
		    pack_name(packer, directory, names[i], child) < 0)
			result = -1;
	}
	free_names(names, count < 0 ? 0 : (size_t)count);
	return result;
}

static int open_writer(struct packer *packer, const char *tar_path)
{
	packer->writer = archive_write_new();
	packer->links = archive_entry_linkresolver_new();
	if (!packer->writer || !packer->links) {
		log_error("pack %s: out of memory", tar_path);
		return -1;
	}
	archive_write_set_format_pax_restricted(packer->writer);
	archive_entry_linkresolver_set_strategy(packer->links, archive_format(packer->writer));
	if (archive_write_open_filename(packer->writer, tar_path) != ARCHIVE_OK) {
		log_error("create %s: %s", tar_path, archive_error_string(packer->writer));
		return -1;
	}
	return 0;
}

long image_pack(const char *directory, const char *tar_path, const struct image_pack_options *options)
{
	struct packer packer = { .options = options, .tar_path = tar_path };
	struct stat root_info;
	long result = -1;
	/* The only path resolved: the root, once (for a running container,
	 * /proc/PID/root, the root its processes see). */
	int root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (root < 0 || fstat(root, &root_info) < 0) {
		log_errno("open %s", directory);
		goto out;
	}
	packer.root_device = root_info.st_dev;
	trace_note("pack %s: each entry opened relative to its directory's descriptor, never through a symlink "
		   "(O_NOFOLLOW): a link is packed as a link, a name swapped meanwhile is refused",
		   directory);
	if (open_writer(&packer, tar_path) < 0)
		goto out;
	if (pack_directory(&packer, root, "") == 0)
		result = packer.count;
	if (archive_write_close(packer.writer) != ARCHIVE_OK && result >= 0) {
		log_error("write %s: %s", tar_path, archive_error_string(packer.writer));
		result = -1;
	}
out:
	if (root >= 0)
		close(root);
	if (packer.links)
		archive_entry_linkresolver_free(packer.links);
	if (packer.writer)
		archive_write_free(packer.writer);
	return result;
}

int image_default_path(char *buf, size_t size)
{
	char program[4096];
	char joined[4096];
	const char *chosen = getenv("MYDOCKER_IMAGE");
	ssize_t length;

	if (chosen && *chosen)
		return path_join(buf, size, "%s", chosen);
	/* A runtime running from its sealed copy (selfexec.h) is told where
	 * its binary is. */
	if (getenv("MYDOCKER_EXE") && *getenv("MYDOCKER_EXE"))
		length = snprintf(program, sizeof(program), "%s", getenv("MYDOCKER_EXE"));
	else
		length = readlink("/proc/self/exe", program, sizeof(program) - 1);
	if (length < 0 || length >= (ssize_t)sizeof(program)) {
		log_errno("readlink /proc/self/exe");
		return -1;
	}
	program[length] = '\0';
	/* The program is CHECKOUT/chNN-name/PROGRAM. */
	if (path_join(joined, sizeof(joined), "%s/../build/images/busybox.tar", dirname(program)) < 0)
		return -1;
	return path_join(buf, size, "%s", realpath(joined, program) ? program : joined);
}
