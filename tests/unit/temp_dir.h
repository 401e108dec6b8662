/* A cmocka setup/teardown pair for tests that need files: a fresh
 * /tmp/mydocker-test.XXXXXX in *state, removed afterwards. Included by
 * the test programs that use it (each is its own program). */
#ifndef MYDOCKER_TEST_TEMP_DIR_H
#define MYDOCKER_TEST_TEMP_DIR_H

#include <stdlib.h>
#include <string.h>

#include "file.h"

static int make_temp_dir(void **state)
{
	char *dir = strdup("/tmp/mydocker-test.XXXXXX");

	if (!dir || !mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static int remove_temp_dir(void **state)
{
	remove_tree(*state);
	free(*state);
	return 0;
}

#endif
