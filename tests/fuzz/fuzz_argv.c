/* fuzz_argv.c - the table-driven command line parser (cli_parse): options
 * anywhere, "--", short option clusters, --opt=value, commands and
 * subcommands, argument counts.  Only the parse: no command runs, no
 * ioctl.  The input is argv[1..] separated by NUL bytes.
 */
#include "fuzz.h"
#include "../../src/cmd/cli.h"

#define MAX_ARGS 64

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_split it = { data, data + size, 0 };
	char *argv[MAX_ARGS + 2];
	struct cli c;
	int argc = 1, rc;

	argv[0] = "minidm";
	while (argc <= MAX_ARGS && (argv[argc] = fuzz_next(&it, 0)) != NULL)
		argc++;
	argv[argc] = NULL;
	memset(&c, 0, sizeof(c));
	c.prog = "minidm";
	rc = cli_parse(&c, argc, argv);
	FUZZ_CHECK(rc == 0 || rc == -1 || rc == 1 || rc == 2);
	if (!rc) {
		const struct cmd *k = c.cmd;

		FUZZ_CHECK(k && k->fn);
		FUZZ_CHECK(c.argc >= k->min && (k->max < 0 || c.argc <= k->max));
		for (int i = 0; i < c.argc; i++)
			FUZZ_CHECK(c.argv[i] != NULL);
	}
	cli_free(&c);
	for (int i = 1; i < argc; i++)
		free(argv[i]);
	return 0;
}
