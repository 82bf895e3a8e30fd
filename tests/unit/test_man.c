/* test_man.c - minidm.8 documents every command of the command table and
 * every option a command takes (run from the top directory); the option
 * codes of the synopses are the options' ids, each an option its command
 * takes. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "t.h"
#include "../../src/cmd/cli.h"

static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	char *s = fd >= 0 ? cli_slurp(fd, 1u << 20) : NULL;

	if (fd >= 0)
		close(fd);
	return s;
}

/* Is there a line ".B WORDS" followed by a space or the end of the line? */
static int has_entry(const char *man, const char *words)
{
	char want[96];
	size_t n = (size_t)snprintf(want, sizeof(want), "\n.B %s", words);

	for (const char *p = man; (p = strstr(p, want)) != NULL; p += n)
		if (p[n] == ' ' || p[n] == '\n')
			return 1;
	return 0;
}

/* The options a synopsis names (L(...) bytes) are options its command
 * takes (opts). */
static void check_synopsis(uint64_t opts, const char *text)
{
	for (const char *p = cli_word(text, 1); *p; p++) {
		unsigned id = CLI_OPT_CODE(*p);

		if ((unsigned char)*p >= 0x80)
			t_report(id < OP_COUNT_ && (id >= OP_COMMON_ || (opts & O_BIT(id))),
			         __FILE__, __LINE__, text);
	}
}

/* Every option of ids first..last-1 that is in opts appears as \-\-name. */
static void check_options(const char *man, uint64_t opts, int first, int last)
{
	char want[40], shrt;

	for (int id = first; id < last; id++) {
		if (id < OP_COMMON_ && !(opts & O_BIT(id)))
			continue;
		snprintf(want, sizeof(want), "\\-\\-%s", cli_opt_name(id, &shrt));
		t_report(strstr(man, want) != NULL, __FILE__, __LINE__, want);
	}
}

int main(void)
{
	char *man = slurp("minidm.8");
	struct cli_cmds it = { 0 };

	T_CHECK(man != NULL);
	if (!man)
		return t_done();
	while (cli_cmd_next(&it)) {
		t_report(has_entry(man, it.text), __FILE__, __LINE__, it.text);
		check_options(man, it.opts, 0, OP_COMMON_);
		check_synopsis(it.opts, it.text);
	}
#define CODE_IS_ID(id, name, shrt, arg) T_CHECK(CLI_OPT_CODE(*L(id)) == OP_##id);
	CLI_OPTIONS(CODE_IS_ID)
	check_options(man, 0, OP_COMMON_, OP_COUNT_);       /* every command takes these */
	T_CHECK(strstr(man, "\n.SH EXIT STATUS\n") != NULL);
	T_CHECK(strstr(man, "\n.SH CONCISE FORMAT\n") != NULL);
	T_CHECK(strstr(man, "\n.SH TABLES\n") != NULL);
	free(man);
	return t_done();
}
