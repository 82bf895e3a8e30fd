/* thin.c - thin-pool and thin devices (the devicemapper crate's ThinPoolDev
 * and ThinDev): table lines, messages, status, and the ordering rules
 * (suspend the origin around create_snap; no pool teardown under thins). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"
#include "parse/words.h"

#define POOL_BS_MIN   128u          /* 64 KiB in sectors */

static const char *const pool_what[] MDM_ALIGN_AS(char *) = { "metadata", "data" };

/* The pool's table: members resolved, the metadata member read once and
 * judged (unless a wipe is asked for: the setup wipes and judges), an
 * existing pool's block size kept, sizes and limits checked. */
static int pool_table(struct mdm_ctx *ctx, const char *name, const struct mdm_thin_pool_opts *o,
                      struct mdm_table *tab, bool *fresh)
{
	struct mdm_pool_table pt = { .skip_zeroing = o->skip_zeroing, .read_only = o->read_only,
		.no_discard_passdown = o->no_discard_passdown,
		.error_if_no_space = o->error_if_no_space };
	struct mdm_members m = { .n = 2, .what = pool_what, .arg = { o->meta, o->data },
		.mm = { pt.meta_dev, pt.data_dev }, .wipe = o->wipe_meta, .read_only = o->read_only,
		.existing = o->existing };
	uint64_t size, blocks, had;
	char line[256];
	int e;

	memset(tab, 0, sizeof(*tab));
	if ((e = mdm_members_check(ctx, NULL, name, &m)))
		return e;
	/* an existing pool keeps its block size */
	had = m.sb.kind == MDM_SB_THIN ? m.sb.data_block_size : 0;
	pt.block_sectors = o->block_sectors ? o->block_sectors : had ? had : POOL_BS_MIN;
	if (!mdm_block_size_ok(pt.block_sectors, POOL_BS_MIN))
		return mdm_bad_block_size(ctx, NULL, name, POOL_BS_MIN);
	if (had && had != pt.block_sectors)
		return mdm_fail(ctx, EINVAL, NULL, name, "existing metadata has %u-sector "
		               "blocks", (unsigned)had);
	size = o->data_sectors ? o->data_sectors : m.size;
	blocks = size / pt.block_sectors;
	if (size > m.size || !blocks)
		return mdm_fail(ctx, ENOSPC, NULL, name, blocks ? "data size larger than the "
		               "data device" : "data device smaller than one block");
	/* default low water: a tenth of the data blocks */
	pt.low_water = o->low_water_set ? o->low_water_sectors / pt.block_sectors : blocks / 10;
	if (pt.low_water >= blocks)
		return mdm_fail(ctx, EINVAL, NULL, name, "low water mark not below the pool size");
	if ((e = mdm_members_judge(ctx, NULL, name, &m)))
		return e;
	*fresh = m.fresh;
	if ((e = mdm_format_pool_table(&pt, line, sizeof(line))) ||
	    (e = mdm_table_add(tab, 0, blocks * pt.block_sectors, "thin-pool", line)))
		return mdm_fail(ctx, e, NULL, name, "table line");
	return 0;
}

int mdm_thin_pool_table(struct mdm_ctx *ctx, const char *name,
                       const struct mdm_thin_pool_opts *o, struct mdm_table *tab)
{
	bool fresh;

	return pool_table(ctx, name, o, tab, &fresh);
}

/* (not inlined into its three callers: 8 bytes smaller) */
__attribute__((noinline))
int mdm_thin_pool_check_health(struct mdm_ctx *ctx, const char *name, bool read_only,
                               struct mdm_pool_status *out)
{
	struct mdm_pool_status st;

	return mdm_dev_health(ctx, name, MDM_KIND_THIN_POOL, read_only, out ? out : &st);
}

int mdm_thin_pool_setup(struct mdm_ctx *ctx, const char *name,
                       const struct mdm_thin_pool_opts *o, const struct mdm_table *tab,
                       bool *fresh)
{
	struct mdm_members m = { .arg = { o->meta }, .wipe = o->wipe_meta,
		.read_only = o->read_only };
	int e = mdm_members_setup(ctx, NULL, name, o->uuid, tab, &m);

	return e ? e : mdm_thin_pool_check_health(ctx, name, o->read_only, NULL);
}

int mdm_thin_pool_create(struct mdm_ctx *ctx, const char *name,
                        const struct mdm_thin_pool_opts *o, bool *fresh)
{
	struct mdm_table tab;
	int e = pool_table(ctx, name, o, &tab, fresh);

	if (!e)
		e = mdm_thin_pool_setup(ctx, name, o, &tab, fresh);
	mdm_table_free(&tab);
	return e;
}

int mdm_thin_pool_status(struct mdm_ctx *ctx, const char *name, struct mdm_thin_pool_info *pi)
{
	memset(pi, 0, sizeof(*pi));
	return mdm_dev_target(ctx, name, MDM_KIND_THIN_POOL, &pi->info, &pi->length, &pi->table, &pi->st);
}

/* The pool messages in enum mdm_pool_msg's order: the kernel's words and
 * the numbers each takes (a format takes the numbers it names and ignores
 * the rest). */
static const char pool_msgs[] MDM_ALIGN_AS(char) =
	"create_thin %llu\0create_snap %llu %llu\0delete %llu\0"
	"set_transaction_id %llu %llu\0reserve_metadata_snap\0release_metadata_snap";

static int pool_msg(struct mdm_ctx *ctx, const struct mdm_id *pool, enum mdm_pool_msg m,
                    uint64_t a, uint64_t b)
{
	const char *f;
	char msg[64], *reply = NULL;
	int e;

	if ((unsigned)m > MDM_POOL_RELEASE_METADATA_SNAP)
		return mdm_fail(ctx, EINVAL, "message", pool->name, "unknown pool message %d", (int)m);
	f = mdm_word_nth(pool_msgs, m);
	snprintf(msg, sizeof(msg), f, (unsigned long long)a, (unsigned long long)b);
	e = mdm_target_msg(ctx, pool, 0, msg, &reply);
	free(reply);
	return e;
}

int mdm_thin_pool_message(struct mdm_ctx *ctx, const char *pool, enum mdm_pool_msg m,
                          uint64_t a, uint64_t b)
{
	struct mdm_id id = { .name = pool };

	return pool_msg(ctx, &id, m, a, b);
}

/* Delete thin id `id` again, keeping the error that made it necessary. */
static void undo_thin(struct mdm_ctx *ctx, const struct mdm_id *pool, uint32_t id)
{
	struct mdm_err saved = ctx->err;

	pool_msg(ctx, pool, MDM_POOL_DELETE, id, 0);
	ctx->err = saved;
}

int mdm_thin_table(struct mdm_ctx *ctx, const char *name, const char *pool, uint32_t id,
                   uint64_t sectors, struct mdm_table *tab)
{
	struct mdm_info pi;
	char line[48];
	int e;

	if (id > MDM_THIN_ID_MAX || !sectors)
		return mdm_fail(ctx, EINVAL, NULL, name, sectors ? "thin id above 2^24-1"
		               : "size must not be zero");
	if ((e = mdm_dev_resolve(ctx, pool, &pi)))
		return e;
	if (!pi.exists)
		return mdm_fail(ctx, ENXIO, NULL, name, "pool %s is not active", pool);
	snprintf(line, sizeof(line), "%u:%u %u", pi.major, pi.minor, id);
	if ((e = mdm_table_add(tab, 0, sectors, "thin", line)))
		return mdm_fail(ctx, e, NULL, name, NULL);
	return 0;
}

int mdm_thin_create(struct mdm_ctx *ctx, const char *name, const char *pool, uint32_t id,
                   uint64_t sectors, bool create_new)
{
	struct mdm_id pid = { .name = pool };
	struct mdm_table tab = { 0 };
	int e = mdm_thin_table(ctx, name, pool, id, sectors, &tab);

	if (!e && create_new)
		e = pool_msg(ctx, &pid, MDM_POOL_CREATE_THIN, id, 0);
	if (!e && (e = mdm_dev_setup(ctx, name, NULL, &tab, 0, NULL)) && create_new)
		undo_thin(ctx, &pid, id);       /* leave nothing behind */
	mdm_table_free(&tab);
	return e;
}

int mdm_thin_info(struct mdm_ctx *ctx, const char *name, struct mdm_thin_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	return mdm_dev_target(ctx, name, MDM_KIND_THIN, &ti->info, &ti->length, &ti->table, &ti->st);
}

/* The origin suspended around create_snap (its mappings must not change
 * while the pool copies them); the pool addressed by the MAJ:MIN of the
 * origin's table. */
int mdm_thin_snapshot(struct mdm_ctx *ctx, const char *name, const char *origin, uint32_t id,
                     uint64_t sectors)
{
	struct mdm_thin_info ti;
	struct mdm_id oid = { .name = origin }, pid = { .by_dev = true };
	uint64_t pdev;
	int e, r;

	if (id > MDM_THIN_ID_MAX)
		return mdm_fail(ctx, EINVAL, NULL, name, "thin id above 2^24-1");
	e = mdm_thin_info(ctx, origin, &ti);
	if (e == -ENXIO || e == -EINVAL)
		return mdm_fail(ctx, e, NULL, name, "origin %s is %s", origin,
		               e == -EINVAL ? "not a thin device" : "not active");
	if (e || (e = mdm_parse_devno(ti.table.pool_dev, &pdev)) ||
	    (e = mdm_suspend(ctx, &oid, 0)))
		return e;
	pid.major = mdm_major(pdev);
	pid.minor = mdm_minor(pdev);
	e = pool_msg(ctx, &pid, MDM_POOL_CREATE_SNAP, id, ti.table.dev_id);
	if ((e = mdm_resume_after(ctx, &oid, e)))
		return e;
	if ((r = mdm_thin_create(ctx, name, ti.table.pool_dev, id,
	                         sectors ? sectors : ti.length, false)))
		undo_thin(ctx, &pid, id);       /* leave nothing behind */
	return r;
}

/* Active thin devices on a pool (optionally only those with dev id `id`). */
int mdm_thin_users(struct mdm_ctx *ctx, const char *pool, int64_t id, char *names, size_t len)
{
	struct mdm_thin_pool_info pi;
	struct mdm_devlist l;
	struct mdm_dev dv;
	size_t used = 0;
	int e = mdm_thin_pool_status(ctx, pool, &pi), n = 0;

	names[0] = 0;
	if (e || (e = mdm_list_devices(ctx, &l)))
		return e;
	while (mdm_devlist_next(&l, &dv)) {
		struct mdm_id did = { .name = dv.name };
		struct mdm_table t;
		struct mdm_thin_table tt;
		uint64_t d;

		if (mdm_table_status(ctx, &did, DM_STATUS_TABLE_FLAG, &t, NULL))
			continue;
		if (t.n == 1 && !strcmp(t.t[0].type, "thin") &&
		    !mdm_parse_thin_table(t.t[0].params, &tt) &&
		    !mdm_parse_devno(tt.pool_dev, &d) && d == mdm_mkdev(pi.info.major, pi.info.minor) &&
		    (id < 0 || tt.dev_id == (uint64_t)id)) {
			n++;
			used += (size_t)snprintf(names + used, used < len ? len - used : 0, "%s%s",
			                         used ? " " : "", dv.name);
		}
		mdm_table_free(&t);
	}
	mdm_devlist_free(&l);
	return n;
}

/* Refused while thin devices of the pool (thin id `id`, or any) are active. */
static int no_users(struct mdm_ctx *ctx, const char *pool, int64_t id)
{
	char users[256];
	int n = mdm_thin_users(ctx, pool, id, users, sizeof(users));

	return n > 0 ? mdm_fail(ctx, EBUSY, NULL, pool, "active: %s", users) : n;
}

int mdm_thin_delete(struct mdm_ctx *ctx, const char *pool, uint32_t id)
{
	int e = no_users(ctx, pool, id);

	return e ? e : mdm_thin_pool_message(ctx, pool, MDM_POOL_DELETE, id, 0);
}

int mdm_thin_pool_remove(struct mdm_ctx *ctx, const char *pool)
{
	struct mdm_id id = { .name = pool };
	int e = no_users(ctx, pool, -1);

	return e ? e : mdm_udev_remove_retry(ctx, &id, 0, 5);
}

/* Reload one target with a new length, then suspend and resume so the
 * kernel takes it (and, for a pool, rereads the metadata device size). */
int mdm_reload_length(struct mdm_ctx *ctx, const char *name, uint64_t length)
{
	struct mdm_id id = { .name = name };
	struct mdm_table t;
	int e = mdm_table_status(ctx, &id, DM_STATUS_TABLE_FLAG, &t, NULL);

	if (!e && t.n != 1)
		e = mdm_fail(ctx, EINVAL, NULL, name, "expected one target, found %zu", t.n);
	if (!e) {
		if (length)
			t.t[0].length = length;
		e = mdm_dev_reload(ctx, name, &t, NULL);
	}
	mdm_table_free(&t);
	return e;
}

int mdm_thin_pool_resize(struct mdm_ctx *ctx, const char *pool, uint64_t data_sectors,
                        uint64_t meta_sectors)
{
	struct mdm_thin_pool_info pi;
	const uint64_t want[2] = { data_sectors, meta_sectors };
	uint64_t size[2], dev, len;
	int e = mdm_thin_pool_status(ctx, pool, &pi);

	for (int i = 0; !e && i < 2; i++) {
		const char *mm = i ? pi.table.meta_dev : pi.table.data_dev;

		if ((e = mdm_parse_devno(mm, &dev)) || (e = mdm_member_size(dev, &size[i])))
			return mdm_fail(ctx, e, NULL, pool, "size of %s", mm);
		if (want[i] > size[i])
			return mdm_fail(ctx, ENOSPC, NULL, pool, "%s member holds only %llu sectors",
			               pool_what[!i], (unsigned long long)size[i]);
	}
	if (e)
		return e;
	len = (data_sectors ? data_sectors : size[0]) / pi.table.block_sectors *
	      pi.table.block_sectors;
	if (len < pi.length)
		return mdm_fail(ctx, EINVAL, NULL, pool, "a pool cannot shrink (%llu < %llu sectors)",
		               (unsigned long long)len, (unsigned long long)pi.length);
	return mdm_reload_length(ctx, pool, len);
}
