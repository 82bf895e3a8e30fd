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

/* Write an error line to stderr in one piece: prefix, message, suffix.  A
 * control character (a newline in an argument) is written as '?': an
 * error is always one line. */
static void err_line(const char *prefix, const char *suffix, const char *fmt, va_list ap)
{
	char line[8192];
	size_t n = (size_t)snprintf(line, sizeof(line), "%s", prefix);

	if (n < sizeof(line))
		n += (size_t)vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (n < sizeof(line))
		snprintf(line + n, sizeof(line) - n, "%s", suffix);
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	fprintf(stderr, "%s\n", line);
}

/* activate running a line of a config file: errors say where */
static const struct cmd *ctx_cmd;
static const char *ctx_where;

void cli_context(const struct cmd *k, const char *where)
{
	ctx_cmd = k;
	ctx_where = where;
}

/* "PROG: [activate WHERE: ][CMD][ DEV]" (the command is left out when it
 * is the one the context names) */
static void err_prefix(const struct cli *c, const char *dev, char *buf, size_t len)
{
	const char *words = "";
	size_t n = (size_t)snprintf(buf, len, "%s: ", cli_prog);

	if (ctx_where && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%s %s: ", ctx_cmd->name, ctx_where);
	if (c && c->cmd && (!ctx_where || c->cmd != ctx_cmd))
		words = c->cmd->name;
	if (n < len)
		snprintf(buf + n, len - n, "%s%s%s", words, *words && dev && *dev ? " " : "",
		         dev ? dev : "");
}

int cli_usage(struct cli *c, const char *fmt, ...)
{
	const char *words = c && c->cmd ? c->cmd->name : "";
	char pre[1024], post[128];
	va_list ap;

	err_prefix(c, NULL, pre, sizeof(pre) - 2);
	if (pre[strlen(pre) - 1] != ' ')
		strcat(pre, ": ");
	snprintf(post, sizeof(post), " (try '%s %s%s--help')", cli_prog, words, *words ? " " : "");
	va_start(ap, fmt);
	err_line(pre, post, fmt, ap);
	va_end(ap);
	return 2;
}

int cli_err(struct cli *c, const char *dev, const char *fmt, ...)
{
	char pre[1024];
	va_list ap;

	err_prefix(c, dev, pre, sizeof(pre) - 2);
	if (pre[strlen(pre) - 1] != ' ')
		strcat(pre, ": ");
	va_start(ap, fmt);
	err_line(pre, "", fmt, ap);
	va_end(ap);
	return 1;
}

/* dmsetup's names of the ioctls where minidm's operations say otherwise */
static const char dmsetup_ops[] = "table load=reload;table clear=clear;list devices=names;"
                                  "list versions=versions;target version=target-version;"
                                  "set geometry=setgeometry;remove all=remove_all;"
                                  "set uuid=rename;wait=waitevent;";

/* As dmsetup reports a refused ioctl, for the scripts that read it
 * (containerd maps the text after "failed: " to an errno):
 * "device-mapper: OP ioctl on NAME UUID(MAJ:MIN) failed: TEXT". */
static void dmsetup_ioctl_err(const struct mdm_err *e)
{
	const char *op = e->op, *p;
	size_t n = strlen(op);
	const char *name = e->dev, *uuid = "", *dev = "";

	for (p = dmsetup_ops; *p; p += strcspn(p, ";") + 1)
		if (!strncmp(p, op, n) && p[n] == '=') {
			op = p + n + 1;
			n = strcspn(op, ";");
			break;
		}
	if (!strncmp(name, "uuid ", 5))
		uuid = name + 5, name = "";
	else if (strchr(name, ':'))
		dev = name, name = "";
	fprintf(stderr, "device-mapper: %.*s ioctl on %s %s%s%s%s failed: %s\n", (int)n, op, name,
	        uuid, *dev ? "(" : "", dev, *dev ? ")" : "", strerror(e->errnum));
}

int cli_dmerr(struct cli *c, const char *dev)
{
	char msg[512];

	if (c->dm.err.kernel && c->prog && !strcmp(c->prog, "dmsetup")) {
		dmsetup_ioctl_err(&c->dm.err);
		return 1;
	}
	return cli_err(c, dev && *dev ? dev : c->dm.err.dev, "%s", mdm_errmsg(&c->dm, msg, sizeof(msg)));
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
	if (OPT(c, OP_UDEVCOOKIE))
		mdm_cookie_parse(c->opt[OP_UDEVCOOKIE], &c->dm.cookie);   /* checked by cli_parse */
	c->dm.udev_sync = !OPT(c, OP_NOUDEVSYNC) && !OPT(c, OP_NOUDEVRULES) && mdm_udev_running();
	return 0;
}

char *cli_slurp(int fd, size_t max)
{
	size_t n = 0, cap = 4096;
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
