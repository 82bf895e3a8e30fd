/* show.c - dmsetup's display commands, same output.
 *
 * ls [--target TYPE] [--tree] [--exec CMD]
 * info [-c [-o FIELDS] [--noheadings] [--separator SEP]] [NAME...]
 * deps [-o devname|blkdevname] [NAME...]
 * status|table [--target TYPE] [--inactive] [--showkeys] [NAME...]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

/* Every device, sorted as the kernel lists them, or the named ones. */
static int for_devices(struct cli *c, int (*fn)(struct cli *, const struct dm_id *, bool many),
                       bool *none)
{
	struct dm_devlist l;
	struct dm_id id;
	int rc = 0;

	*none = false;
	if (cli_open(c))
		return 1;
	if (c->argc || OPT(c, OP_UUID) || OPT(c, OP_MAJOR)) {
		if (!c->argc)
			return cli_id(c, 0, &id) ? fn(c, &id, false) : cli_usage(c, "missing device");
		for (int i = 0; i < c->argc; i++) {
			id = (struct dm_id){ .name = c->argv[i] };
			rc |= fn(c, &id, c->argc > 1);
		}
		return rc;
	}
	if (dm_list_devices(&c->dm, &l))
		return cli_dmerr(c, NULL);
	*none = l.n == 0;
	for (size_t i = 0; i < l.n; i++) {
		id = (struct dm_id){ .name = l.d[i].name };
		rc |= fn(c, &id, true);
	}
	dm_devlist_free(&l);
	return rc;
}

static bool target_matches(struct cli *c, const struct dm_table *t)
{
	if (!OPT(c, OP_TARGET))
		return true;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->t[i].type, c->opt[OP_TARGET]))
			return true;
	return false;
}

static int show_table(struct cli *c, const struct dm_id *id, bool many)
{
	struct dm_table t;
	struct dm_info info;
	bool table = !strcmp(c->cmd->name, "table");
	uint32_t flags = (table ? DM_STATUS_TABLE_FLAG : 0) |
	                 (OPT(c, OP_INACTIVE) ? DM_QUERY_INACTIVE_TABLE_FLAG : 0) |
	                 (OPT(c, OP_NOFLUSH) ? DM_NOFLUSH_FLAG : 0) |
	                 (OPT(c, OP_SHOWKEYS) ? DM_SECURE_DATA_FLAG : 0);

	if (dm_table_status(&c->dm, id, flags, &t, &info))
		return cli_dmerr(c, NULL);
	for (size_t i = 0; i < t.n; i++) {
		if (OPT(c, OP_TARGET) && strcmp(t.t[i].type, c->opt[OP_TARGET]))
			continue;
		if (many)
			printf("%s: ", info.name);
		printf("%llu %llu %s %s\n", (unsigned long long)t.t[i].start,
		       (unsigned long long)t.t[i].length, t.t[i].type, t.t[i].params);
	}
	if (!t.n && many && !OPT(c, OP_TARGET))
		printf("%s: \n", info.name);
	dm_table_free(&t);
	return 0;
}

int cmd_table(struct cli *c);
int cmd_table(struct cli *c)
{
	bool none;
	int rc = for_devices(c, show_table, &none);

	if (none)
		printf("No devices found\n");
	return rc;
}

static int read_ahead(const struct dm_info *info, long *ra)
{
	char p[64], b[32];
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u/bdi/read_ahead_kb", info->major, info->minor);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, b, sizeof(b) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	uint64_t kb;

	b[n] = 0;
	b[strcspn(b, "\n")] = 0;
	if (dm_parse_u64(b, &kb))
		return -1;
	*ra = (long)kb * 2;
	return 0;
}

static int info_long(struct cli *c, const struct dm_id *id, bool many)
{
	struct dm_info i;
	long ra;
	bool live, inact;

	if (dm_info(&c->dm, id, &i))
		return cli_dmerr(c, NULL);
	if (!i.exists)
		return cli_err(c, id->name, "device does not exist"), 1;
	live = i.flags & DM_ACTIVE_PRESENT_FLAG;
	inact = i.flags & DM_INACTIVE_PRESENT_FLAG;
	printf("Name:              %s\n", i.name);
	printf("State:             %s%s%s\n", i.flags & DM_SUSPEND_FLAG ? "SUSPENDED" : "ACTIVE",
	       i.flags & DM_READONLY_FLAG ? " (READ-ONLY)" : "",
	       i.flags & DM_DEFERRED_REMOVE ? " (DEFERRED REMOVE)" : "");
	if (!read_ahead(&i, &ra))
		printf("Read Ahead:        %ld\n", ra);
	printf("Tables present:    %s\n", live && inact ? "LIVE & INACTIVE" : live ? "LIVE"
	       : inact ? "INACTIVE" : "None");
	printf("Open count:        %d\n", i.open_count);
	printf("Event number:      %u\n", i.event_nr);
	printf("Major, minor:      %u, %u\n", i.major, i.minor);
	printf("Number of targets: %u\n", i.target_count);
	if (*i.uuid)
		printf("UUID: %s\n", i.uuid);
	printf("\n");
	return 0;
}

int cmd_info(struct cli *c);
int cmd_info(struct cli *c)
{
	bool none;
	int rc = for_devices(c, info_long, &none);

	if (none)
		printf("No devices found\n");
	return rc;
}

static int show_deps(struct cli *c, const struct dm_id *id, bool many)
{
	uint64_t *devs;
	size_t n;
	struct dm_info info;

	if (dm_table_deps(&c->dm, id, 0, &devs, &n, &info))
		return cli_dmerr(c, NULL);
	if (many)
		printf("%s: ", info.name);
	printf("%zu dependencies\t:", n);
	for (size_t i = 0; i < n; i++)
		printf(" (%u, %u)", dm_major(devs[i]), dm_minor(devs[i]));
	printf("\n");
	free(devs);
	return 0;
}

int cmd_deps(struct cli *c);
int cmd_deps(struct cli *c)
{
	bool none;
	int rc = for_devices(c, show_deps, &none);

	if (none)
		printf("No devices found\n");
	return rc;
}

int cmd_ls(struct cli *c);
int cmd_ls(struct cli *c)
{
	struct dm_devlist l;
	size_t w = 0;

	if (cli_open(c))
		return 1;
	if (dm_list_devices(&c->dm, &l))
		return cli_dmerr(c, NULL);
	if (!l.n)
		printf("No devices found\n");
	for (size_t i = 0; i < l.n; i++)
		if (strlen(l.d[i].name) > w)
			w = strlen(l.d[i].name);
	for (size_t i = 0; i < l.n; i++) {
		if (OPT(c, OP_TARGET)) {
			struct dm_table t;
			struct dm_id id = { .name = l.d[i].name };
			bool m;

			if (dm_table_status(&c->dm, &id, DM_STATUS_TABLE_FLAG, &t, NULL))
				continue;
			m = target_matches(c, &t);
			dm_table_free(&t);
			if (!m)
				continue;
		}
		printf("%-*s\t(%u:%u)\n", (int)w, l.d[i].name, dm_major(l.d[i].dev),
		       dm_minor(l.d[i].dev));
	}
	dm_devlist_free(&l);
	return 0;
}
