/* mydocker, chapter 5: the subcommands with chapter 5's tables. */
#include "containers.h"

int main(int argc, char **argv)
{
	return mydocker_main(argc, argv, &chapter5_flavor);
}
