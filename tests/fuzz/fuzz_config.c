/* fuzz_config.c - activate's config file, up to the first device access:
 * each line split as a shell would (mdm_config_split), the words parsed as
 * a command line (cli_parse), and a `create --table` / `create --concise`
 * line's table through its grammar, as src/cmd/activate.c does.
 */
#include <errno.h>
#include "fuzz.h"
#include "../../src/cmd/cli.h"

#define LINE_MAX_WORDS 64

static void line(char *text)
{
	char *words[LINE_MAX_WORDS + 1], msg[256];
	const char *why;
	struct cli c;
	struct mdm_table tab;
	struct mdm_concise cs;
	size_t errline;
	int n = mdm_config_split(text, words + 1, LINE_MAX_WORDS, &why);

	FUZZ_CHECK(n >= 0 ? why == NULL : why != NULL);
	if (n <= 0)
		return;
	words[0] = "minidm";
	memset(&c, 0, sizeof(c));
	c.prog = "minidm";
	if (!cli_parse(&c, n + 1, words) && !strcmp(c.name, "create")) {
		FUZZ_CHECK(c.argc >= c.cmd->min);
		if (OPT(&c, OP_CONCISE) && !mdm_concise_parse(c.argc ? c.argv[0] : "", MDM_CONCISE_DMSETUP, &cs, msg,
		                                              sizeof(msg)))
			mdm_concise_free(&cs);
		else if (OPT(&c, OP_TABLE) &&
		         !mdm_table_parse(&tab, c.opt[OP_TABLE], &errline, msg, sizeof(msg)))
			mdm_table_free(&tab);
	}
	cli_free(&c);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_split it = { data, data + size, 0 };
	char *l;

	while ((l = fuzz_next(&it, '\n')) != NULL) {
		line(l);
		free(l);
	}
	return 0;
}
