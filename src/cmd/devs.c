/* devs.c - how dmsetup's commands name devices and what sysfs says.
 *
 * A device is named by -u UUID, by -j MAJOR -m MINOR, or by an argument:
 * a name (mangled as dmsetup mangles it, see mdm_mangle_mode) or a device
 * node such as /dev/mapper/NAME or mapper/NAME.  Names the kernel returns
 * are printed unmangled.  Display commands without arguments walk every
 * device in the kernel's order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

#ifndef BLKRAGET
#define BLKRAGET 0x1263   /* _IO(0x12, 99) */
#endif

__attribute__((always_inline))
static inline int by_node(struct cli *c, const char *arg, struct mdm_id *id)
{
	char alt[256];
	struct stat st;
	const char *p = arg;

	/* "mapper/x" means /dev/mapper/x, as in dmsetup */
	if (stat(p, &st) < 0 && arg[0] != '/' && !strchr(strchr(arg, '/') + 1, '/')) {
		snprintf(alt, sizeof(alt), "/dev/%s", arg);
		p = alt;
	}
	if (stat(p, &st) < 0)
		return cli_errno(c, arg, errno);
	if (!S_ISBLK(st.st_mode))
		return cli_err(c, arg, "not a block device");
	memset(id, 0, sizeof(*id));
	id->by_dev = true;
	id->major = mdm_major(st.st_rdev);
	id->minor = mdm_minor(st.st_rdev);
	return 0;
}

int cli_dev(struct cli *c, const char *arg, struct mdm_id *id)
{
	if (strchr(arg, '/'))
		return by_node(c, arg, id);
	if (cli_newname(c, arg, c->idbuf, DM_NAME_LEN))
		return 2;
	*id = (struct mdm_id){ .name = c->idbuf };
	return 0;
}

const char *cli_dm_name(struct cli *c, const char *dev, const char *what, const char *arg)
{
	struct mdm_info i;

	if (mdm_dev_resolve(&c->dm, arg, &i)) {
		cli_dmerr(c, dev);
		return NULL;
	}
	if (!i.exists && cli_would_make(arg))    /* activate --dry-run made it, in words */
		return arg;
	if (!i.exists) {
		cli_err(c, dev, what ? "%s %s is not active" : "no such device", what, arg);
		return NULL;
	}
	memcpy(c->dmname, i.name, sizeof(c->dmname));
	return c->dmname;
}

int cli_open_dm(struct cli *c)
{
	if (cli_open(c) || !cli_dm_name(c, c->argv[0], NULL, c->argv[0]))
		return 1;
	c->argv[0] = c->dmname;
	return 0;
}

int cli_newname(struct cli *c, const char *arg, char *out, size_t len)
{
	int e;

	if (strchr(arg, '/'))
		return cli_usage(c, "a device name cannot contain '/': '%s'", arg);
	e = mdm_mangle_mode(arg, c->mangle, out, len);
	if (e)
		return cli_usage(c, "name '%s' %s", arg, e == -EINVAL ?
		                 "mixes mangled and unmangled characters" : "is too long");
	return 0;
}

int cli_id(struct cli *c, int argi, struct mdm_id *id)
{
	memset(id, 0, sizeof(*id));
	if (OPT(c, OP_UUID)) {
		if (mdm_mangle_mode(c->opt[OP_UUID], c->mangle, c->idbuf, DM_UUID_LEN))
			return cli_usage(c, "bad uuid '%s'", c->opt[OP_UUID]);
		id->uuid = c->idbuf;
		return 0;
	}
	if (OPT(c, OP_MAJOR) || OPT(c, OP_MINOR)) {
		if (!OPT(c, OP_MAJOR) || !OPT(c, OP_MINOR) ||
		    mdm_parse_u32(c->opt[OP_MAJOR], &id->major) ||
		    mdm_parse_u32(c->opt[OP_MINOR], &id->minor))
			return cli_usage(c, "-j MAJOR and -m MINOR go together, as numbers");
		id->by_dev = true;
		return 0;
	}
	if (argi < c->argc)
		return cli_dev(c, c->argv[argi], id);
	return cli_usage(c, "no device given");
}

/* (MDM_NOIPA: gcc's clone of it that takes c->mangle, not c, makes each
 * caller load it: 48 bytes more) */
MDM_NOIPA const char *cli_shown(const struct cli *c, const char *kname, char *buf, size_t len)
{
	/* dmsetup refuses a kernel name that is not in mangled form; we show
	 * it as it is */
	if (c->mangle == MDM_MANGLE_NONE || !mdm_is_mangled_form(kname) ||
	    mdm_unmangle(kname, buf, len))
		return kname;
	return buf;
}

int cli_info(struct cli *c, const struct mdm_id *id, const char *label, struct mdm_info *i)
{
	char lb[DM_UUID_LEN + 8];

	if (mdm_info(&c->dm, id, i))
		return cli_dmerr(c, label);
	if (!i->exists)
		return cli_err(c, label ? label : mdm_id_label(id, lb, sizeof(lb)),
		               "device does not exist");
	return 0;
}

int cli_list(struct cli *c, struct mdm_devlist *l)
{
	if (mdm_list_devices(&c->dm, l))
		return cli_dmerr(c, NULL);
	if (!l->n)
		printf("No devices found\n");
	return 0;
}

static int each_listed(struct cli *c, dev_fn *fn)
{
	struct mdm_devlist l;
	struct mdm_dev d;
	int rc = 0;

	if (cli_list(c, &l))
		return 1;
	while (mdm_devlist_next(&l, &d)) {
		char shown[DM_NAME_LEN];

		if (fn(c, &MDM_ID_NAME(d.name), cli_shown(c, d.name, shown, sizeof(shown)), true))
			rc = 1;
	}
	mdm_devlist_free(&l);
	return rc;
}

int cli_each(struct cli *c, dev_fn *fn)
{
	struct mdm_id id;
	bool byid = OPT(c, OP_UUID) || OPT(c, OP_MAJOR) || OPT(c, OP_MINOR);
	int rc = !c->argc && byid ? cli_id(c, 0, &id) : 0;   /* a lone -m is refused */

	if (rc || cli_open(c))
		return rc ? rc : 1;
	if (!c->argc && !byid)
		return each_listed(c, fn);
	if (!c->argc)
		return fn(c, &id, NULL, false);
	for (int i = 0; i < c->argc; i++)
		if ((rc = cli_dev(c, c->argv[i], &id)) ||
		    (rc = fn(c, &id, c->argv[i], c->argc > 1)))
			return rc;   /* dmsetup stops at the first failure */
	return 0;
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!b->s && b->cap)
		return;                    /* an earlier allocation failed */
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->n + (size_t)n + 1 > b->cap) {
		size_t cap = (b->n + (size_t)n + 1) * 2;
		char *s = realloc(b->s, cap);

		if (!s) {
			free(b->s);
			b->s = NULL;
			b->cap = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}
