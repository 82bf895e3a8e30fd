/* cli.c - what every command shares: the one error function behind every
 * message ("PROG: CMD DEV: what"), opening the DM context, reading input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

const char *cli_prog = "minidm";

/* activate running a line of a config file: errors say where */
static const char *ctx_name, *ctx_where;       /* its command's text, where */

void cli_context(const struct cli *c, const char *where)
{
	ctx_name = c ? c->name : NULL;
	ctx_where = where;
}

#define LINE 8192

/* Append to line (LINE bytes) at n; a line that is full stays full. */
__attribute__((noinline)) static size_t vput(char *line, size_t n, const char *fmt, va_list ap)
{
	n += (size_t)vsnprintf(line + n, LINE - n, fmt, ap);
	return n < LINE ? n : LINE - 1;
}

static size_t put(char *line, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	n = vput(line, n, fmt, ap);
	va_end(ap);
	return n;
}

/* "PROG: [activate WHERE: ][CMD][ DEV]: message" (the command is left out
 * when it is the one the context names), then for a usage error (rc 2)
 * " (try 'PROG CMD --help')", written to stderr in one piece.  A control
 * character (a newline in an argument) is written as '?': an error is
 * always one line.  Returns rc. */
static int report(const struct cli *c, const char *dev, int rc, const char *fmt, va_list ap)
{
	char line[LINE];
	const char *name = c && c->cmd ? c->name : "";
	const char *words = ctx_where && c && c->name == ctx_name ? "" : name;
	size_t n;

	if (!dev)
		dev = "";
	/* "PROG: [activate WHERE: ][CMD][ DEV]" in one piece */
	n = put(line, 0, "%s: %s%s%s%s%s%s%s", cli_prog, ctx_name ? ctx_name : "",
	        ctx_where ? " " : "", ctx_where ? ctx_where : "", ctx_where ? ": " : "", words,
	        *words && *dev ? " " : "", dev);
	if (line[n - 1] != ' ')
		n = put(line, n, ": ");
	n = vput(line, n, fmt, ap);
	if (rc == 2)
		put(line, n, " (try '%s %s%s--help')", cli_prog, name, *name ? " " : "");
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	cli_klog_flush();       /* the lines before it first */
	fprintf(stderr, "%s\n", line);
	return rc;
}

int cli_usage(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(c, NULL, 2, fmt, ap);
	va_end(ap);
	return 2;
}

int cli_err(struct cli *c, const char *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(c, dev, 1, fmt, ap);
	va_end(ap);
	return 1;
}

/* dmsetup's names of the ioctls where minidm's operations say otherwise:
 * pairs of words (cli_word) */
static const char dmsetup_ops[] MDM_ALIGN_AS(char) =
	"table load\0reload\0table clear\0clear\0list devices\0names\0"
	"list versions\0versions\0target version\0target-version\0"
	"set geometry\0setgeometry\0remove all\0remove_all\0"
	"set uuid\0rename\0wait\0waitevent\0";

/* As dmsetup reports a refused ioctl, for the scripts that read it
 * (containerd maps the text after "failed: " to an errno):
 * "device-mapper: OP ioctl on NAME UUID(MAJ:MIN) failed: TEXT". */
static void dmsetup_ioctl_err(const struct mdm_err *e)
{
	const char *op = e->op, *p;
	const char *name = e->dev, *uuid = "", *dev = "";

	for (p = dmsetup_ops; *p; p = cli_word(p, 2))
		if (!strcmp(p, op)) {
			op = cli_word(p, 1);
			break;
		}
	if (!strncmp(name, "uuid ", 5))
		uuid = name + 5, name = "";
	else if (strchr(name, ':'))
		dev = name, name = "";
	fprintf(stderr, "device-mapper: %s ioctl on %s %s%s%s%s failed: %s\n", op, name,
	        uuid, *dev ? "(" : "", dev, *dev ? ")" : "", strerror(e->errnum));
}

int cli_dmerr(struct cli *c, const char *dev)
{
	char msg[512];

	if (c->dm.err.kernel && c->prog && CLI_DMSETUP(c->prog)) {
		dmsetup_ioctl_err(&c->dm.err);
		return 1;
	}
	return cli_errs(c, dev && *dev ? dev : c->dm.err.dev, mdm_errmsg(&c->dm, msg, sizeof(msg)));
}

int cli_errs(struct cli *c, const char *dev, const char *s)
{
	return cli_err(c, dev, "%s", s);
}

int cli_errno(struct cli *c, const char *dev, int e)
{
	return cli_errs(c, dev, strerror(e));
}

int cli_nomem(struct cli *c, const char *dev)
{
	return cli_errno(c, dev, ENOMEM);
}

int cli_dmrc(struct cli *c, int e, const char *dev)
{
	return e ? cli_dmerr(c, dev) : 0;
}

/* Fault injection for tests: MINIDM_FAULT_AFTER=K ends the process right
 * after its K-th ioctl returns (as a kill or a power cut would), so tests
 * can check that every partial state can be completed or is reported. */
int cli_open(struct cli *c)
{
	const char *k = getenv("MINIDM_FAULT_AFTER");
	uint32_t n;

	if (c->ctx_open)
		return 0;
	if (mdm_open(&c->dm))
		return cli_dmerr(c, NULL);
	c->ctx_open = true;
	if (k && !mdm_parse_u32(k, &n) && n)
		c->dm.fault_after = n + c->dm.ioctls;
	/* udev makes the /dev/mapper entries when it runs the dm rules; we
	 * wait for it (cookie handshake), unless told not to */
	c->dm.cookie = (uint32_t)c->val[OP_UDEVCOOKIE];   /* --udevcookie, read by cli_parse */
	c->dm.udev_sync = !OPT(c, OP_NOUDEVSYNC) && !OPT(c, OP_NOUDEVRULES) && mdm_udev_running();
	return 0;
}

int cli_pick(const char *s, size_t n, const char *words)
{
	for (int i = 0; *words; words += strlen(words) + 1, i++)
		if (!strncmp(s, words, n))
			return i;
	return -1;
}

pid_t cli_spawn(const char *path, char *const argv[], char *const env[])
{
	pid_t pid = -1;

	fflush(stdout);
	/* vfork: the child only execs or exits */
	if (path && (pid = vfork()) == 0) {
		if (env)
			execve(path, argv, env);
		else
			execvp(path, argv);
		_exit(127);
	}
	return pid;
}

char *cli_slurp(int fd, size_t max)
{
	size_t n = 0, cap = 1024;         /* a config, a command line; grown */
	char *b = malloc(cap), *nb;
	int e = ENOMEM;

	while (b) {
		ssize_t r = read(fd, b + n, cap - n - 1);

		if (r <= 0) {
			if (r < 0) {
				e = errno;
				break;
			}
			b[n] = 0;
			return b;
		}
		n += (size_t)r;
		if (n + 1 < cap)
			continue;
		if (cap >= max) {
			e = EFBIG;
			break;
		}
		nb = realloc(b, cap * 2);
		if (!nb)
			break;
		b = nb;
		cap *= 2;
	}
	free(b);
	errno = e;
	return NULL;
}
