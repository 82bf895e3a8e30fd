/* main.c - the command table walker: options, dispatch, help.
 *
 * usage: minidm [OPTIONS] COMMAND [SUBCOMMAND] [ARGS...]
 *        dmsetup [OPTIONS] COMMAND [ARGS...]     (through a symlink)
 *
 * Options may come before or after the command, as with dmsetup.  Every
 * command lists the options it accepts; anything else is a usage error
 * (exit 2).  `minidm help` lists the commands, `minidm CMD --help` shows one.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli.h"

struct opt { const char *name; char shrt; bool arg; };

static const struct opt opt_table[OP_COUNT_] = {
	[OP_UUID] = { "uuid", 'u', true },       [OP_MAJOR] = { "major", 'j', true },
	[OP_MINOR] = { "minor", 'm', true },     [OP_READONLY] = { "readonly", 'r', false },
	[OP_NOTABLE] = { "notable", 'n', false },[OP_COLUMNS] = { "columns", 'c', false },
	[OP_OPTIONS] = { "options", 'o', true }, [OP_FORCE] = { "force", 'f', false },
	[OP_VERBOSE] = { "verbose", 'v', false },[OP_NOHEADINGS] = { "noheadings", 0, false },
	[OP_SEPARATOR] = { "separator", 0, true },[OP_TABLE] = { "table", 0, true },
	[OP_CONCISE] = { "concise", 0, false },  [OP_TARGET] = { "target", 0, true },
	[OP_TREE] = { "tree", 0, false },        [OP_INACTIVE] = { "inactive", 0, false },
	[OP_SHOWKEYS] = { "showkeys", 0, false },[OP_NOFLUSH] = { "noflush", 0, false },
	[OP_NOLOCKFS] = { "nolockfs", 0, false },[OP_DEFERRED] = { "deferred", 0, false },
	[OP_RETRY] = { "retry", 0, false },      [OP_SETUUID] = { "setuuid", 0, false },
	[OP_EXEC] = { "exec", 0, true },         [OP_NOUDEVSYNC] = { "noudevsync", 0, false },
	[OP_NOUDEVRULES] = { "noudevrules", 0, false }, [OP_YES] = { "yes", 'y', false },
	[OP_NOOPENCOUNT] = { "noopencount", 0, false }, [OP_HELP] = { "help", 'h', false },
	[OP_JSON] = { "json", 0, false },        [OP_META] = { "meta", 0, true },
	[OP_DATA] = { "data", 0, true },         [OP_BLOCKSIZE] = { "block-size", 0, true },
	[OP_LOWWATER] = { "low-water", 0, true },[OP_ERRNOSPACE] = { "error-if-no-space", 0, false },
	[OP_NOZEROING] = { "no-zeroing", 0, false },
	[OP_NODISCARDPD] = { "no-discard-passdown", 0, false },
	[OP_RO] = { "read-only", 0, false },     [OP_WIPEMETA] = { "wipe-meta", 0, false },
	[OP_DATASIZE] = { "data-size", 0, true },[OP_METASIZE] = { "meta-size", 0, true },
	[OP_POOL] = { "pool", 0, true },         [OP_ID] = { "id", 0, true },
	[OP_SIZE] = { "size", 0, true },         [OP_NEW] = { "new", 0, false },
	[OP_ORIGIN] = { "origin", 0, true },     [OP_CACHE] = { "cache", 0, true },
	[OP_MODE] = { "mode", 0, true },         [OP_POLICY] = { "policy", 0, true },
	[OP_METADATA2] = { "metadata2", 0, false }, [OP_FLUSH] = { "flush", 0, false },
	[OP_PROGRESS] = { "progress", 0, false },[OP_CONFIG] = { "config", 0, true },
	[OP_CMDLINE] = { "cmdline", 0, true },   [OP_TIMEOUT] = { "timeout", 0, true },
	[OP_DRYRUN] = { "dry-run", 0, false },   [OP_THRESHOLD] = { "threshold", 0, true },
	[OP_COUNT] = { "count", 0, true },       [OP_NOUDEV] = { "no-udev", 0, false },
	[OP_UDEVCOOKIE] = { "udevcookie", 0, true }, [OP_POLICYARGS] = { "policy-args", 0, true },
	[OP_MANGLENAME] = { "manglename", 0, true }, [OP_ROWS] = { "rows", 0, false },
	[OP_NAMEPREFIXES] = { "nameprefixes", 0, false },
	[OP_UNQUOTED] = { "unquoted", 0, false },[OP_VERSION] = { "version", 0, false },
	[OP_CHECKS] = { "checks", 0, false },    [OP_VERIFYUDEV] = { "verifyudev", 0, false },
	[OP_ADDNODERESUME] = { "addnodeonresume", 0, false },
	[OP_ADDNODECREATE] = { "addnodeoncreate", 0, false },
	[OP_LIST] = { "list", 0, false },
	[OP_IGNORESKIP] = { "ignoreactivationskip", 'K', false },
};

static const struct { const struct cmd *c; const size_t *n; } groups[] = {
	{ dmsetup_cmds, &dmsetup_ncmds },
	{ thin_cmds, &thin_ncmds },
	{ boot_cmds, &boot_ncmds },
	{ monitor_cmds, &monitor_ncmds },
	{ cache_cmds, &cache_ncmds },
	{ udev_cmds, &udev_ncmds },
	{ lvm_cmds, &lvm_ncmds },
};

const struct cmd *cli_cmd_at(size_t n)
{
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); n -= *groups[g++].n)
		if (n < *groups[g].n)
			return &groups[g].c[n];
	return NULL;
}

const char *cli_opt_name(int id, char *shrt)
{
	*shrt = opt_table[id].shrt;
	return opt_table[id].name;
}

static const struct opt *find_long(const char *name, size_t len, int *id)
{
	for (int i = 0; i < OP_COUNT_; i++)
		if (strlen(opt_table[i].name) == len && !strncmp(opt_table[i].name, name, len))
			return *id = i, &opt_table[i];
	return NULL;
}

static const struct opt *find_short(char ch, int *id)
{
	for (int i = 0; i < OP_COUNT_; i++)
		if (opt_table[i].shrt == ch)
			return *id = i, &opt_table[i];
	return NULL;
}

/* The first error in err (later ones are dropped). */
static void first_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void first_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (*err)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

/* Split argv into options (any position, "--" ends them) and positional
 * words.  A bad option is described in err and parsing goes on, so that
 * the usage error can name the command. */
static void parse_opts(struct cli *c, int argc, char **argv, char **pos, int *npos,
                       char *err, size_t errlen)
{
	bool done = false;

	*npos = 0;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		const struct opt *o;
		int id;

		if (done || a[0] != '-' || !a[1]) {
			pos[(*npos)++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			done = true;
			continue;
		}
		if (a[1] == '-') {
			char *eq = strchr(a + 2, '=');

			o = find_long(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2), &id);
			if (!o)
				first_err(err, errlen, "unknown option '%s'", a);
			else if (o->arg && !eq && i + 1 >= argc)
				first_err(err, errlen, "option '--%s' needs a value", o->name);
			else if (!o->arg && eq)
				first_err(err, errlen, "option '--%s' takes no value", o->name);
			else
				c->opt[id] = o->arg ? (eq ? eq + 1 : argv[++i]) : "";
			continue;
		}
		for (char *s = a + 1; *s; s++) {
			o = find_short(*s, &id);
			if (!o && (*s == 'C'))
				o = find_short('c', &id);
			if (!o) {
				first_err(err, errlen, "unknown option '-%c'", *s);
				break;
			}
			if (o->arg) {
				if (s[1])
					c->opt[id] = s + 1;
				else if (i + 1 < argc)
					c->opt[id] = argv[++i];
				else
					first_err(err, errlen, "option '-%c' needs a value", *s);
				break;
			}
			c->opt[id] = "";
		}
	}
}

/* Exact match only: no abbreviations.  "thin-pool" takes a subcommand. */
static const struct cmd *find_cmd(const char *name, const char *sub, bool *takes_sub)
{
	size_t n = strlen(name);

	*takes_sub = false;
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (size_t i = 0; i < *groups[g].n; i++) {
			const struct cmd *k = &groups[g].c[i];

			if (strncmp(k->name, name, n) || (k->name[n] && k->name[n] != ' '))
				continue;
			if (!k->name[n])
				return k;
			*takes_sub = true;
			if (sub && !strcmp(k->name + n + 1, sub))
				return k;
		}
	return NULL;
}

static bool allowed(const struct cmd *k, int id)
{
	return id >= OP_COMMON_ || (k->opts >> id & 1);
}

static void print_usage(FILE *f, const struct cmd *k)
{
	fprintf(f, "  %s%s%s\n      %s\n", k->name, *k->args ? " " : "", k->args, k->help);
}

static void cmd_help(FILE *f, const struct cmd *k)
{
	fprintf(f, "usage: %s %s%s%s\n  %s\n", cli_prog, k->name, *k->args ? " " : "", k->args,
	        k->help);
	if (!k->opts)
		return;
	fprintf(f, "options:");
	for (int i = 0; i < OP_COMMON_; i++) {
		const struct opt *o = &opt_table[i];

		if (!allowed(k, i))
			continue;
		if (o->shrt)
			fprintf(f, " -%c|--%s%s", o->shrt, o->name, o->arg ? " ARG" : "");
		else
			fprintf(f, " --%s%s", o->name, o->arg ? " ARG" : "");
	}
	fputc('\n', f);
}

/* help --list: one command per line, for the man page check. */
static int list_commands(void)
{
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (size_t i = 0; i < *groups[g].n; i++)
			printf("%s\n", groups[g].c[i].name);
	return 0;
}

int cmd_help_all(struct cli *c)
{
	FILE *f = c ? stdout : stderr;

	if (c && OPT(c, OP_LIST))
		return list_commands();
	if (c && OPT(c, OP_COLUMNS))
		return report_help(f), 0;
	fprintf(f, "usage: %s [OPTIONS] COMMAND [ARGS]\n"
	           "Devices are named by name, /dev/mapper/NAME, -u UUID or -j MAJOR -m MINOR.\n"
	           "Sizes take units: 2048s (sectors), 64KiB, 10G (IEC), 10GB (SI).\n"
	           "Exit codes: 0 ok, 1 operation failed, 2 usage error.\n"
	           "Commands:\n", cli_prog);
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (size_t i = 0; i < *groups[g].n; i++)
			print_usage(f, &groups[g].c[i]);
	fprintf(f, "Options every command takes: --%s (see %s COMMAND --help)\n",
	        "verbose --yes --noudevsync --noudevrules --noopencount --udevcookie C "
	        "--manglename auto|hex|none --checks --verifyudev", cli_prog);
	return 0;
}

static int set_mangling(struct cli *c)
{
	static const char *const modes[] = { "none", "auto", "hex" };

	c->mangle = MDM_MANGLE_AUTO;
	if (!OPT(c, OP_MANGLENAME))
		return 0;
	for (int m = 0; m < 3; m++)
		if (!strcmp(c->opt[OP_MANGLENAME], modes[m]))
			return c->mangle = (enum mdm_mangling)m, 0;
	return cli_usage(c, "--manglename takes none, auto or hex");
}

/* Parse argv (argv[0] is the program) into c: the command, its options and
 * positional arguments.  Returns 0, or the exit code when there is nothing
 * to run (help printed: -1; usage error: 2). */
int cli_parse(struct cli *c, int argc, char **argv)
{
	int npos, rc, skip;
	bool takes_sub = false;
	const struct cmd *k;
	char err[160] = "";

	c->pos = calloc((size_t)argc + 1, sizeof(char *));
	if (!c->pos)
		return 1;
	parse_opts(c, argc, argv, c->pos, &npos, err, sizeof(err));
	if (OPT(c, OP_VERSION)) {             /* dmsetup --version */
		c->pos[0] = "version";
		npos = 1;
		c->opt[OP_VERSION] = NULL;
	}
	/* option errors name the command when there is one */
	k = npos ? find_cmd(c->pos[0], npos > 1 ? c->pos[1] : NULL, &takes_sub) : NULL;
	c->cmd = k;
	if (*err)
		return cli_usage(c, "%s", err);
	if ((rc = set_mangling(c)) != 0)
		return rc;
	if (OPT(c, OP_UDEVCOOKIE) && mdm_cookie_parse(c->opt[OP_UDEVCOOKIE], &(uint32_t){0}))
		return cli_usage(c, "bad cookie '%s'", c->opt[OP_UDEVCOOKIE]);
	if (npos == 0)
		return OPT(c, OP_HELP) ? (cmd_help_all(c), -1) : (cmd_help_all(NULL), 2);
	if (!k)
		return !takes_sub ? cli_usage(NULL, "unknown command '%s'", c->pos[0])
		       : npos > 1 ? cli_usage(NULL, "unknown subcommand '%s %s'", c->pos[0], c->pos[1])
		                  : cli_usage(NULL, "'%s' needs a subcommand", c->pos[0]);
	if (OPT(c, OP_HELP)) {
		cmd_help(stdout, k);
		return -1;
	}
	for (int i = 0; i < OP_COUNT_; i++)
		if (c->opt[i] && !allowed(k, i))
			return cli_usage(c, "option '--%s' does not apply", opt_table[i].name);
	skip = strchr(k->name, ' ') ? 2 : 1;
	c->argv = c->pos + skip;
	c->argc = npos - skip;
	if (c->argc < k->min || (k->max >= 0 && c->argc > k->max))
		return cli_usage(c, "%s arguments", c->argc < k->min ? "missing" : "too many");
	return 0;
}

void cli_free(struct cli *c)
{
	if (c->ctx_open && !c->shared_dm)
		mdm_close(&c->dm);
	free(c->pos);
	c->pos = NULL;
}

int cli_main(int argc, char **argv)
{
	struct cli c;
	const char *base = strrchr(argv[0], '/');
	int rc;

	base = base ? base + 1 : argv[0];
	cli_prog = strcmp(base, "dmsetup") ? "minidm" : "dmsetup";
	memset(&c, 0, sizeof(c));
	c.prog = cli_prog;
	rc = cli_parse(&c, argc, argv);
	if (!rc && c.cmd)
		rc = c.cmd->fn(&c);
	/* as dmsetup ends every failed command (not a usage error) */
	if (rc == 1 && strcmp(cli_prog, "minidm"))
		fputs("Command failed.\n", stderr);
	cli_free(&c);
	return rc < 0 ? 0 : rc;
}

#ifndef MINIDM_TEST
int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
#endif
