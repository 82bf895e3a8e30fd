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

/* the long names one after another, NUL-separated, in id order; for each
 * option the kind of value (top two bits) and its short letter as an
 * offset from '@' (0: none) */
#define CLI_OPT_NAME(id, name, shrt, arg) name "\0"
#define CLI_OPT_BITS(id, name, shrt, arg) (unsigned char)(((shrt) ? (shrt) - '@' : 0) | (arg) << 6),
static const char opt_names[] MDM_ALIGN_AS(char) = CLI_OPTIONS(CLI_OPT_NAME);
static const unsigned char opt_bits[OP_COUNT_] MDM_ALIGN_AS(char) = { CLI_OPTIONS(CLI_OPT_BITS) };
enum { V_FLAG, V_TEXT, V_SIZE, V_NUM };

/* (not inlined: it is in a loop of find_opt's short-letter half and in
 * cli_opt_name: 16 bytes less) */
__attribute__((noinline)) static char opt_short(int id)
{
	unsigned k = opt_bits[id] & 63u;

	return (char)(k ? '@' + k : 0);
}

#define GROUP(g) (const char *)&g##_group
static const char *const groups[] MDM_ALIGN_AS(char *) = {
	GROUP(dmsetup), GROUP(thin), GROUP(boot), GROUP(monitor), GROUP(cache), GROUP(udev),
	GROUP(lvm),
};

/* The bits of set, in order, that bits has (the first of set if bits & 1,
 * ...): a command's options as its group's table has them, as O() */
static uint64_t opts_of(uint32_t bits, uint64_t set)
{
	uint64_t o = 0;

	for (uint64_t b; set; set ^= b, bits >>= 1) {
		b = set & -set;
		if (bits & 1)
			o |= b;
	}
	return o;
}

const struct cmd *cli_cmd_next(struct cli_cmds *it)
{
	const char *t = it->text;

	if (t) {                                /* past this one's three words */
		t = cli_word(t, 3);
		it->k++;
	}
	while (!t || !*t) {                     /* the next group's first */
		const char *g, *end;

		if (it->g == sizeof(groups) / sizeof(groups[0]))
			return NULL;
		g = groups[it->g++];            /* its set of options, then its texts */
		memcpy(&it->all, g, sizeof(it->all));
		for (t = end = g + sizeof(it->all); *end; end = cli_word(end, 3))
			;
		it->k = (const struct cmd *)(end + 1);
	}
	it->text = t;
	it->opts = opts_of(it->k->opts, it->all);
	return it->k;
}

const char *cli_opt_name(int id, char *shrt)
{
	if (shrt)
		*shrt = opt_short(id);
	return cli_word(opt_names, id);
}

/* The option of the long name name[0..len) or (len 0) of the short
 * letter ch: its id, or -1 (also for an empty name).  (Inlined: each of
 * its two callers keeps its half of it.) */
__attribute__((always_inline))
static inline int find_opt(const char *name, size_t len, char ch)
{
	const char *p = opt_names;

	for (int i = 0; i < OP_COUNT_; p += strlen(p) + 1, i++)
		if (len ? !strncmp(p, name, len) && !p[len] : ch && opt_short(i) == ch)
			return i;
	return -1;
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
		int id;
		bool arg;

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

			id = find_opt(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2), 0);
			arg = id >= 0 && opt_bits[id] >> 6;
			if (id < 0)
				first_err(err, errlen, "unknown option '%s'", a);
			else if (arg == !eq && (eq || i + 1 >= argc))
				first_err(err, errlen, "option '--%s' %s", cli_opt_name(id, NULL),
				          eq ? "takes no value" : "needs a value");
			else
				OPT_SET(c, id, arg ? (eq ? eq + 1 : argv[++i]) : "");
			continue;
		}
		for (char *s = a + 1; *s; s++) {
			id = find_opt(NULL, 0, (char)(*s == 'C' ? 'c' : *s));
			if (id < 0) {
				first_err(err, errlen, "unknown option '-%c'", *s);
				break;
			}
			if (opt_bits[id] >> 6) {
				if (s[1])
					OPT_SET(c, id, s + 1);
				else if (i + 1 < argc)
					OPT_SET(c, id, argv[++i]);
				else
					first_err(err, errlen, "option '-%c' needs a value", *s);
				break;
			}
			OPT_SET(c, id, "");
		}
	}
}

/* Exact match only: no abbreviations.  "thin-pool" takes a subcommand.
 * The command, its text in c->name. */
static const struct cmd *find_cmd(struct cli *c, const char *name, const char *sub,
                                  bool *takes_sub)
{
	size_t n = strlen(name);
	struct cli_cmds it = { 0 };
	const struct cmd *k;

	*takes_sub = false;
	while ((k = cli_cmd_next(&it)) != NULL) {
		const char *t = it.text;

		if (strncmp(t, name, n) || (t[n] && t[n] != ' '))
			continue;
		if (t[n]) {
			*takes_sub = true;
			if (!sub || strcmp(t + n + 1, sub))
				continue;
		}
		c->name = t;
		c->opts = it.opts;
		return k;
	}
	return NULL;
}

static bool allowed(const struct cli *c, int id)
{
	return id >= OP_COMMON_ || (c->opts >> id & 4);
}

/* text's synopsis (for CLI_SAME_ARGS, the command before's: its text
 * starts after the fourth NUL back) */
static const char *args_of(const char *text)
{
	const char *a;

	while (*(a = cli_word(text, 1)) == *CLI_SAME_ARGS) {
		for (int n = 0; n < 4; )
			n += !*--text;
		text++;
	}
	return a;
}

/* text's "NAME ARGS" (or "NAME"), its options by their names, into buf;
 * then its help line */
static const char *usage_line(const char *text, char *buf, size_t len)
{
	const char *a = args_of(text);
	size_t n = (size_t)snprintf(buf, len, "%s%s", text, *a ? " " : "");

	for (; *a && n + 1 < len; a++)
		if ((unsigned char)*a < 0x80)
			buf[n++] = *a, buf[n] = 0;
		else                    /* an option: its long name */
			n += (size_t)snprintf(buf + n, len - n, "--%s",
			                      cli_opt_name(CLI_OPT_CODE(*a), NULL));
	return cli_word(text, 2);
}

/* title, then the options of ids from..to-1 that opts has (all from
 * OP_COMMON_ on) */
static void put_opts(FILE *f, const char *title, uint64_t opts, int from, int to)
{
	fputs(title, f);
	for (int i = from; i < to; i++) {
		char sh[4] = "-?|";
		const char *name = cli_opt_name(i, &sh[1]);

		if (i < OP_COMMON_ && !(opts & O_BIT(i)))
			continue;
		fprintf(f, " %s--%s%s", sh[1] ? sh : "", name, opt_bits[i] >> 6 ? " ARG" : "");
	}
	fputc('\n', f);
}

static void cmd_help(FILE *f, uint64_t opts, const char *text)
{
	char u[512];
	const char *help = usage_line(text, u, sizeof(u));

	fprintf(f, "usage: %s %s\n  %s\n", cli_prog, u, help);
	if (opts)
		put_opts(f, "options:", opts, 0, OP_COMMON_);
}

/* help --list: one command per line, for the man page check. */
static int list_commands(void)
{
	struct cli_cmds it = { 0 };

	while (cli_cmd_next(&it))
		puts(it.text);
	return 0;
}

int cmd_help_all(struct cli *c)
{
	FILE *f = c ? stdout : stderr;
	struct cli_cmds it = { 0 };
	char u[512];

	if (c && OPT(c, OP_LIST))
		return list_commands();
	if (c && OPT(c, OP_COLUMNS))
		return report_help(f), 0;
	fprintf(f, "usage: %s [OPTIONS] COMMAND [ARGS]\n"
	           "DEVICE: NAME, /dev/mapper/NAME, -u UUID or -j MAJOR -m MINOR\n"
	           "SIZE: 2048s (sectors), 64KiB, 10G (IEC), 10GB (SI)\n"
	           "Exit: 0 ok, 1 failed, 2 usage error\n"
	           "Commands:\n", cli_prog);
	while (cli_cmd_next(&it)) {
		const char *help = usage_line(it.text, u, sizeof(u));

		fprintf(f, "  %s\n      %s\n", u, help);
	}
	put_opts(f, "Every command takes:", 0, OP_COMMON_, OP_COUNT_);
	return 0;
}

/* The options a synopsis names outside brackets are required, unless it
 * has alternatives ("A | B": the command checks); "--pool POOL is
 * required" names the first one missing. */
static int check_required(struct cli *c, const char *args)
{
	const char *miss = NULL;
	int depth = 0;

	for (const char *p = args; *p; p++) {
		depth += (*p == '[') - (*p == ']');
		if (!depth && *p == '|')
			return 0;
		if (!depth && !miss && (unsigned char)*p >= 0x80 && !c->opt[CLI_OPT_CODE(*p)])
			miss = p;
	}
	if (!miss)
		return 0;
	/* and the name of its value: "--pool POOL is required" */
	depth = miss[1] == ' ' && miss[2] >= 'A' && miss[2] <= 'Z' ? 1 + (int)strcspn(miss + 2, " ")
	                                                             : 0;
	return cli_usage(c, "--%s%.*s is required", cli_opt_name(CLI_OPT_CODE(*miss), NULL), depth,
	                 miss + 1);
}

/* Sizes and numbers into c->val. */
static int check_values(struct cli *c)
{
	for (int i = 0; i < OP_COUNT_; i++) {
		unsigned kind = opt_bits[i] >> 6;
		const char *v = c->opt[i];

		if (!v || kind < V_SIZE)
			continue;
		if (kind == V_SIZE ? mdm_parse_sectors(v, &c->val[i]) || !c->val[i]
		                   : mdm_parse_u64(v, &c->val[i]) || c->val[i] > UINT32_MAX)
			return cli_usage(c, "bad %s '%s' for --%s%s", kind == V_SIZE ? "size" : "number",
			                 v, cli_opt_name(i, NULL), kind == V_SIZE ? " (a number with s, "
			                 "KiB, MiB, GiB... or kB, MB, GB...)" : "");
	}
	return 0;
}

static int set_mangling(struct cli *c)
{
	const char *s = c->opt[OP_MANGLENAME];
	int m = s ? cli_pick(s, strlen(s) + 1, "none\0auto\0hex\0") : MDM_MANGLE_AUTO;

	c->mangle = (enum mdm_mangling)m;
	return m < 0 ? cli_usage(c, "--manglename takes none, auto or hex") : 0;
}

/* Parse argv (argv[0] is the program) into c: the command, its options and
 * positional arguments.  Returns 0, or the exit code when there is nothing
 * to run (help printed: -1; usage error: 2). */
int cli_parse(struct cli *c, int argc, char **argv)
{
	int npos, rc, skip;
	uint32_t cookie = 0;
	bool takes_sub = false;
	const struct cmd *k;
	char err[160];

	*err = 0;
	c->pos = calloc((size_t)argc + 1, sizeof(char *));
	if (!c->pos)
		return 1;
	parse_opts(c, argc, argv, c->pos, &npos, err, sizeof(err));
	if (OPT(c, OP_VERSION)) {             /* dmsetup --version */
		c->pos[0] = "version";
		npos = 1;
		OPT_CLEAR(c, OP_VERSION);       /* taken: not an option of version */
	}
	/* option errors name the command when there is one */
	k = npos ? find_cmd(c, c->pos[0], npos > 1 ? c->pos[1] : NULL, &takes_sub) : NULL;
	c->cmd = k;
	if (*err)
		return cli_usage(c, "%s", err);
	if ((rc = set_mangling(c)) != 0)
		return rc;
	if (OPT(c, OP_UDEVCOOKIE) && mdm_cookie_parse(c->opt[OP_UDEVCOOKIE], &cookie))
		return cli_usage(c, "bad cookie '%s'", c->opt[OP_UDEVCOOKIE]);
	c->val[OP_UDEVCOOKIE] = cookie;         /* for cli_open */
	if (npos == 0 || (!k && takes_sub && npos == 1 && OPT(c, OP_HELP)))   /* or `thin --help` */
		return OPT(c, OP_HELP) ? (cmd_help_all(c), -1) : (cmd_help_all(NULL), 2);
	if (!k)                 /* (one call: the formats that take one word ignore pos[1]) */
		return cli_usage(NULL, !takes_sub ? "unknown command '%s'"
		                       : npos > 1 ? "unknown subcommand '%s %s'"
		                                  : "'%s' needs a subcommand", c->pos[0], c->pos[1]);
	if (OPT(c, OP_HELP)) {
		cmd_help(stdout, c->opts, c->name);
		return -1;
	}
	for (int i = 0; i < OP_COUNT_; i++)
		if (c->opt[i] && !allowed(c, i))
			return cli_usage(c, "option '--%s' does not apply", cli_opt_name(i, NULL));
	skip = strchr(c->name, ' ') ? 2 : 1;
	c->argv = c->pos + skip;
	c->argc = npos - skip;
	if (c->argc < k->min || (k->max >= 0 && c->argc > k->max))
		return cli_usage(c, "%s arguments", c->argc < k->min ? "missing" : "too many");
	if ((rc = check_required(c, args_of(c->name))))
		return rc;
	return check_values(c);
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
		rc = c.opts & O_PLAN ? cli_plan_apply(&c) : c.cmd->fn(&c);
	cli_klog_flush();
	/* as dmsetup ends every failed command (not a usage error) */
	if (rc == 1 && CLI_DMSETUP(cli_prog))
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
