/* main.c - main() of build/host/minidm-asan, the command line built with
 * the host compiler under ASan and UBSan for the bad-input matrix
 * (tests/bad/run.sh).  src/cmd/main.c has no main() in test builds. */
#include "../../src/cmd/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
