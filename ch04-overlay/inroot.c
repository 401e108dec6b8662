/* Resolving inside a container's root; see inroot.h. */
#include "inroot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

/* path relative to root_fd, resolved as if root_fd were "/". */
static int open_in_root(int root_fd, const char *path)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	return (int)syscall(SYS_openat2, root_fd, path, &how, sizeof(how));
}

/* Opens prefix; when missing (and create), makes its last component in its
 * parent, itself resolved in the root, and opens it again. */
static int open_or_make(int root_fd, char *prefix, bool create)
{
	char *slash = strrchr(prefix, '/');
	int fd = open_in_root(root_fd, prefix);
	int parent;

	if (fd >= 0 || errno != ENOENT || !create || !slash)
		return fd;
	*slash = '\0';
	parent = open_in_root(root_fd, prefix[0] ? prefix : "/");
	*slash = '/';
	if (parent < 0)
		return -1;
	if (mkdirat(parent, slash + 1, 0755) < 0 && errno != EEXIST) {
		close(parent);
		return -1;
	}
	close(parent);
	return open_in_root(root_fd, prefix);
}

int open_directory_in_root(const char *root, const char *path, bool create)
{
	char prefix[PATH_MAX];
	int root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int fd = -1;
	size_t length = strlen(path);

	if (root_fd < 0 || length >= sizeof(prefix)) {
		log_errno("open %s", root);
		goto out;
	}
	/* Each component in turn, so that each missing one is made where its
	 * parent really is (inside the root). */
	for (size_t end = 1; end <= length; end++) {
		if (end < length && path[end] != '/')
			continue;
		memcpy(prefix, path, end);
		prefix[end] = '\0';
		if (fd >= 0)
			close(fd);
		fd = open_or_make(root_fd, prefix, create);
		if (fd < 0) {
			log_errno("resolve %s inside %s", prefix, root);
			break;
		}
	}
out:
	if (root_fd >= 0)
		close(root_fd);
	trace_note("%s resolved inside %s: fd %d", path, root, fd);
	return fd;
}

bool is_link_in_root(const char *root, const char *path)
{
	int root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat info;
	bool link;

	if (root_fd < 0)
		return false;
	while (*path == '/')
		path++;
	link = fstatat(root_fd, path, &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(info.st_mode);
	close(root_fd);
	return link;
}
