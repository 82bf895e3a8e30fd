/* dmsetup-show.c - dmsetup's display commands, byte for byte the same output.
 *
 * ls [--target TYPE] [--exec CMD] [-o devno|devname|blkdevname] [--tree]
 * info [DEVICE...]                 (info -c is dmsetup-report.c, ls --tree dmsetup-tree.c)
 * deps [-o devno|devname|blkdevname] [--inactive] [DEVICE...]
 * status|table [--target TYPE] [--inactive] [--noflush] [--showkeys]
 *              [--concise] [DEVICE...]
 *
 * Without DEVICE every device is shown in the kernel's order, each line
 * prefixed with "NAME: " where dmsetup does; with DEVICEs the first failure
 * ends the command.  Names are printed unmangled.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli.h"

enum { DN_DEVNO, DN_BLK, DN_MAP };

/* -o for ls and deps: devno, blkdevname or devname (a prefix will do, as
 * in dmsetup).  -1 after a usage error. */
static int name_type(struct cli *c)
{
	const char *s = c->opt[OP_OPTIONS];
	int t = DN_DEVNO;

	while (s && *s) {
		size_t n = strcspn(s, ",");

		if ((t = cli_pick(s, n, "devno\0blkdevname\0devname\0")) < 0)
			return cli_usage(c, "unknown -o option '%.*s'", (int)n, s), -1;
		s += n + (s[n] == ',');
	}
	return t;
}

/* " (vda)" for DN_BLK / DN_MAP when sysfs knows the name, else false. */
static bool print_devname(int type, uint32_t major, uint32_t minor)
{
	char b[DM_NAME_LEN];

	if (type == DN_DEVNO || (type == DN_BLK ? mdm_sys_blkname(major, minor, b, sizeof(b))
	                                        : mdm_sys_devname(major, minor, b, sizeof(b))))
		return false;
	printf("(%s)", b);
	return true;
}

static int ls_plain(struct cli *c)
{
	struct mdm_devlist l;
	struct mdm_dev d;
	int type = name_type(c);

	if (type < 0)
		return 2;
	if (cli_list(c, &l))
		return 1;
	while (mdm_devlist_next(&l, &d)) {
		char shown[DM_NAME_LEN];
		uint32_t ma = mdm_major(d.dev), mi = mdm_minor(d.dev);

		printf("%s\t", cli_shown(c, d.name, shown, sizeof(shown)));
		if (!print_devname(type, ma, mi))
			printf("(%u:%u)", ma, mi);
		putchar('\n');
	}
	mdm_devlist_free(&l);
	return 0;
}

/* ls --exec: run CMD with /dev/mapper/NAME appended, its words split on
 * white space as dmsetup does. */
static int exec_on(struct cli *c, const char *kname, const char *shown)
{
	char path[sizeof("/dev/mapper/") + DM_NAME_LEN], *copy = strdup(c->opt[OP_EXEC]), *p;
	char *args[258];
	int n = 0, st;
	pid_t pid;

	if (!copy)
		return cli_nomem(c, shown);
	for (p = copy; n < 256;) {
		while (*p && strchr(" \t\n\v\f\r", *p))
			*p++ = 0;
		if (!*p)
			break;
		args[n++] = p;
		p += strcspn(p, " \t\n\v\f\r");
	}
	snprintf(path, sizeof(path), "/dev/mapper/%s", shown);
	args[n++] = path;
	args[n] = NULL;
	mdm_mknodes(&c->dm, kname);
	pid = cli_spawn(n > 1 ? args[0] : NULL, args, NULL);
	if (pid > 0)
		waitpid(pid, &st, 0);
	free(copy);
	return pid < 0 ? cli_err(c, shown, "cannot run '%s'", c->opt[OP_EXEC]) : 0;
}

/* ls --target / --exec: the devices that have a target of that type. */
static int ls_match(struct cli *c, const struct mdm_id *id, const char *label, bool many)
{
	struct mdm_table t;
	struct mdm_info i;
	bool hit = !OPT(c, OP_TARGET);

	if (mdm_table_status(&c->dm, id, 0, &t, &i))
		return cli_dmerr(c, label);
	for (size_t k = 0; k < t.n && !hit; k++)
		hit = !strcmp(t.t[k].type, c->opt[OP_TARGET]);
	mdm_table_free(&t);
	if (!hit)
		return 0;
	if (OPT(c, OP_EXEC))
		return exec_on(c, i.name, label);
	printf("%s\t(%u, %u)\n", label, i.major, i.minor);
	return 0;
}

int cmd_ls(struct cli *c)
{
	if (cli_open(c))
		return 1;
	if (OPT(c, OP_TARGET) || OPT(c, OP_EXEC))
		return cli_each(c, ls_match);
	if (OPT(c, OP_TREE))
		return cmd_ls_tree(c);
	return ls_plain(c);
}

static int info_long(struct cli *c, const struct mdm_id *id, const char *label, bool many)
{
	struct mdm_info i;
	char shown[DM_UUID_LEN];
	uint32_t ra;

	if (cli_info(c, id, label, &i))
		return 1;
	printf("Name:              %s\nState:             %s%s%s\n",
	       cli_shown(c, i.name, shown, sizeof(shown)),
	       i.flags & DM_SUSPEND_FLAG ? "SUSPENDED" : "ACTIVE",
	       i.flags & DM_READONLY_FLAG ? " (READ-ONLY)" : "",
	       i.flags & DM_DEFERRED_REMOVE ? " (DEFERRED REMOVE)" : "");
	if (!mdm_read_ahead(&i, &ra))
		printf("Read Ahead:        %u\n", ra);
	printf("Tables present:    %s\nOpen count:        %d\nEvent number:      %u\n"
	       "Major, minor:      %u, %u\nNumber of targets: %u\n",
	       cli_word("None\0LIVE\0INACTIVE\0LIVE & INACTIVE\0",
	                (i.flags & DM_ACTIVE_PRESENT_FLAG ? 1 : 0) |
	                (i.flags & DM_INACTIVE_PRESENT_FLAG ? 2 : 0)),
	       i.open_count, i.event_nr, i.major, i.minor, i.target_count);
	if (*i.uuid)
		printf("UUID: %s\n", cli_shown(c, i.uuid, shown, sizeof(shown)));
	putchar('\n');
	return 0;
}

int cmd_info(struct cli *c)
{
	return OPT(c, OP_COLUMNS) ? cmd_info_columns(c) : cli_each(c, info_long);
}

static int show_deps(struct cli *c, const struct mdm_id *id, const char *label, bool many)
{
	uint64_t *devs;
	size_t n;
	struct mdm_info info;

	if (mdm_table_deps(&c->dm, id, OPT(c, OP_INACTIVE) ? DM_QUERY_INACTIVE_TABLE_FLAG : 0,
	                  &devs, &n, &info))
		return cli_dmerr(c, label);
	if (many)
		printf("%s: ", label);
	printf("%zu dependencies\t:", n);
	for (size_t i = 0; i < n; i++) {
		uint32_t ma = mdm_major(devs[i]), mi = mdm_minor(devs[i]);

		putchar(' ');
		if (!print_devname(*(int *)c->data, ma, mi))
			printf("(%u, %u)", ma, mi);
	}
	printf("\n");
	free(devs);
	return 0;
}

int cmd_deps(struct cli *c)
{
	int type = name_type(c), rc;

	c->data = &type;
	rc = type < 0 ? 2 : cli_each(c, show_deps);
	c->data = NULL;
	return rc;
}

/* Overwrite the hex key that follows "name:" with zeros (integrity). */
static void zero_key_after(char *params, const char *name)
{
	char *p = strstr(params, name);

	if (!p || !(p = strpbrk(p + strlen(name), " :")) || *p++ != ':')
		return;
	while (*p && *p != ' ')
		*p++ = '0';
}

/* What dmsetup hides without --showkeys: the crypt key (its second word,
 * unless a ":keyring" reference) and integrity's keys. */
static void hide_keys(struct mdm_target *t)
{
	char *p = t->params;

	if (!strcmp(t->type, "crypt")) {
		p += strcspn(p, " ");
		if (*p && *++p != ':')
			while (*p && *p != ' ')
				*p++ = '0';
	} else if (!strcmp(t->type, "integrity")) {
		zero_key_after(p, "internal_hash:");
		zero_key_after(p, "journal_crypt:");
		zero_key_after(p, "journal_mac:");
	}
}

/* table --concise: ',' ';' '\' in names and params get a backslash. */
static void put_quoted(const char *s)
{
	for (; *s; s++) {
		if (strchr(",;\\", *s))
			putchar('\\');
		putchar(*s);
	}
}

/* c->data: whether a device was printed yet */
static void concise_dev(struct cli *c, const struct mdm_info *i, const char *label)
{
	char shown[DM_UUID_LEN];
	bool *started = c->data;

	if (*started)
		putchar(';');
	*started = true;
	put_quoted(label);
	putchar(',');
	put_quoted(cli_shown(c, i->uuid, shown, sizeof(shown)));
	printf(",%u,%s", i->minor, i->flags & DM_READONLY_FLAG ? "ro" : "rw");
}

static int show_table(struct cli *c, const struct mdm_id *id, const char *label, bool many)
{
	struct mdm_table t;
	struct mdm_info info;
	char shown[DM_NAME_LEN];
	bool table = !strcmp(c->name, "table"), concise = OPT(c, OP_CONCISE), seen = false;
	uint32_t flags = (table ? DM_STATUS_TABLE_FLAG : 0) |
	                 (OPT(c, OP_INACTIVE) ? DM_QUERY_INACTIVE_TABLE_FLAG : 0) |
	                 (OPT(c, OP_NOFLUSH) ? DM_NOFLUSH_FLAG : 0);

	if (mdm_table_status(&c->dm, id, flags, &t, &info))
		return cli_dmerr(c, label);
	if (!label)
		label = cli_shown(c, info.name, shown, sizeof(shown));
	/* a device without targets is one empty line, unless filtered out */
	for (size_t k = 0; k < (t.n ? t.n : !OPT(c, OP_TARGET)); k++) {
		struct mdm_target *tg = t.n ? &t.t[k] : NULL;

		if (tg && OPT(c, OP_TARGET) && strcmp(tg->type, c->opt[OP_TARGET]))
			continue;
		if (tg && table && !OPT(c, OP_SHOWKEYS))
			hide_keys(tg);
		if (concise && !seen)
			concise_dev(c, &info, label);
		else if (!concise && many)
			printf("%s: ", label);
		if (tg)
			printf("%s%llu %llu %s ", concise ? "," : "", (unsigned long long)tg->start,
			       (unsigned long long)tg->length, tg->type);
		if (tg && concise)
			put_quoted(tg->params);
		else if (tg)
			fputs(tg->params, stdout);
		if (!concise)
			putchar('\n');
		seen = true;
	}
	mdm_table_free(&t);
	return 0;
}

int cmd_table(struct cli *c)
{
	bool concise_started = false;
	int rc;

	c->data = &concise_started;
	rc = cli_each(c, show_table);
	c->data = NULL;
	if (concise_started)
		putchar('\n');
	return rc;
}
