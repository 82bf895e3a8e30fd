/* thin.c - thin-pool and thin devices (the devicemapper crate's ThinPoolDev
 * and ThinDev): table lines, messages, status, and the ordering rules
 * (suspend the origin around create_snap; no pool teardown under thins). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "minidm.h"

#define POOL_BS_MIN   128u          /* 64 KiB in sectors */
#define POOL_BS_MAX   2097152u      /* 1 GiB */

static void devstr(uint64_t dev, char *buf, size_t len)
{
	snprintf(buf, len, "%u:%u", mdm_major(dev), mdm_minor(dev));
}

/* The pool's table: members resolved, the metadata member read once and
 * judged (unless a wipe is asked for: the create wipes and judges), an
 * existing pool's block size kept, sizes and limits checked. */
static int pool_table(struct mdm_ctx *ctx, const char *name, const struct mdm_thin_pool_opts *o,
                      struct mdm_table *tab, bool *fresh)
{
	static const char op[] = "thin-pool create";
	struct mdm_pool_table pt;
	struct mdm_sb sb;
	uint64_t meta, data, dsize, blocks, had;
	char line[256];
	int e;

	memset(&pt, 0, sizeof(pt));
	memset(tab, 0, sizeof(*tab));
	if ((e = mdm_member_resolve(ctx, op, name, "metadata", o->meta, &meta)) ||
	    (e = mdm_member_resolve(ctx, op, name, "data", o->data, &data)))
		return e;
	if (meta == data)
		return mdm_fail(ctx, EINVAL, op, name, "metadata and data are the same device");
	if ((e = mdm_meta_read(ctx, op, name, meta, &sb)) ||
	    (!o->wipe_meta && (e = mdm_meta_judge(ctx, op, name, meta, false, false, o->read_only,
	                                          &sb, fresh))))
		return e;
	/* an existing pool keeps its block size */
	had = sb.kind == MDM_SB_THIN ? sb.data_block_size : 0;
	pt.block_sectors = o->block_sectors ? o->block_sectors : had ? had : POOL_BS_MIN;
	if (pt.block_sectors < POOL_BS_MIN || pt.block_sectors > POOL_BS_MAX ||
	    pt.block_sectors % POOL_BS_MIN)
		return mdm_fail(ctx, EINVAL, op, name,
		               "block size must be 64 KiB to 1 GiB, a multiple of 64 KiB");
	if (had && had != pt.block_sectors)
		return mdm_fail(ctx, EINVAL, op, name, "the existing pool has %llu-sector blocks, "
		               "not %llu", (unsigned long long)had,
		               (unsigned long long)pt.block_sectors);
	e = mdm_member_size(data, &dsize);
	if (e)
		return mdm_fail(ctx, e, op, name, "size of data device %u:%u", mdm_major(data),
		               mdm_minor(data));
	if (o->data_sectors) {
		if (o->data_sectors > dsize)
			return mdm_fail(ctx, ENOSPC, op, name, "data size larger than the data device");
		dsize = o->data_sectors;
	}
	blocks = dsize / pt.block_sectors;
	if (!blocks)
		return mdm_fail(ctx, ENOSPC, op, name, "data device smaller than one block");
	/* default low water: a tenth of the data blocks */
	pt.low_water = o->low_water_set ? o->low_water_sectors / pt.block_sectors : blocks / 10;
	if (pt.low_water >= blocks)
		return mdm_fail(ctx, EINVAL, op, name, "low water mark not below the pool size");
	devstr(meta, pt.meta_dev, sizeof(pt.meta_dev));
	devstr(data, pt.data_dev, sizeof(pt.data_dev));
	pt.skip_zeroing = o->skip_zeroing;
	pt.no_discard_passdown = o->no_discard_passdown;
	pt.read_only = o->read_only;
	pt.error_if_no_space = o->error_if_no_space;
	if (mdm_format_pool_table(&pt, line, sizeof(line)))
		return mdm_fail(ctx, ENAMETOOLONG, op, name, "table line");
	e = mdm_table_add(tab, 0, blocks * pt.block_sectors, "thin-pool", line);
	return e ? mdm_fail(ctx, e, op, name, NULL) : 0;
}

int mdm_thin_pool_table(struct mdm_ctx *ctx, const char *name,
                       const struct mdm_thin_pool_opts *o, struct mdm_table *tab)
{
	bool fresh;

	return pool_table(ctx, name, o, tab, &fresh);
}

/* The pool's status line (one ioctl); a pool that is not usable
 * read-write (needs_check, read-only, out of metadata, failed) is an error
 * unless read-only was asked for. */
int mdm_thin_pool_check_health(struct mdm_ctx *ctx, const char *name, bool read_only,
                               struct mdm_pool_status *out)
{
	struct mdm_pool_status st;
	int e = mdm_dev_status(ctx, name, MDM_KIND_THIN_POOL, &st);

	if (e)
		return e;
	if (out)
		*out = st;
	if (read_only)
		return 0;
	if (st.state != MDM_STATE_WORKING)
		return mdm_fail(ctx, EIO, "thin-pool", name, "pool is in %s state",
		               st.state == MDM_STATE_FAIL ? "Fail" : "Error");
	if (st.needs_check)
		return mdm_fail(ctx, EUCLEAN, "thin-pool", name,
		               "pool came up with needs_check set: run thin_check");
	if (st.summary == MDM_POOL_READ_ONLY)
		return mdm_fail(ctx, EROFS, "thin-pool", name, "pool came up read-only");
	return 0;
}

int mdm_thin_pool_setup(struct mdm_ctx *ctx, const char *name,
                       const struct mdm_thin_pool_opts *o, const struct mdm_table *tab,
                       bool *fresh)
{
	struct mdm_sb sb;
	uint64_t meta;
	int e = 0;

	if (o->wipe_meta && !(e = mdm_member_resolve(ctx, "thin-pool create", name, "metadata",
	                                             o->meta, &meta)))
		e = mdm_meta_check(ctx, "thin-pool create", name, meta, false, true, o->read_only,
		                  &sb, fresh);
	if (!e)
		e = mdm_dev_setup(ctx, name, o->uuid, tab, 0, NULL);
	if (!e)
		e = mdm_thin_pool_check_health(ctx, name, o->read_only, NULL);
	return e;
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

/* The pool's name and device number. */
static int find_pool(struct mdm_ctx *ctx, const char *op, const char *pool, uint64_t *dev)
{
	struct mdm_thin_pool_info pi;
	int e = mdm_thin_pool_status(ctx, pool, &pi);

	if (e)
		return e;
	if (!pi.info.exists)
		return mdm_fail(ctx, ENXIO, op, pool, "no such pool");
	*dev = mdm_mkdev(pi.info.major, pi.info.minor);
	return 0;
}

/* The pool messages: the kernel's word and how many numbers follow. */
static const struct { char word[24]; unsigned char args; } pool_msgs[] = {
	[MDM_POOL_CREATE_THIN] = { "create_thin", 1 },
	[MDM_POOL_CREATE_SNAP] = { "create_snap", 2 },
	[MDM_POOL_DELETE] = { "delete", 1 },
	[MDM_POOL_SET_TRANSACTION_ID] = { "set_transaction_id", 2 },
	[MDM_POOL_RESERVE_METADATA_SNAP] = { "reserve_metadata_snap", 0 },
	[MDM_POOL_RELEASE_METADATA_SNAP] = { "release_metadata_snap", 0 },
};

int mdm_thin_pool_message(struct mdm_ctx *ctx, const char *pool, enum mdm_pool_msg m,
                          uint64_t a, uint64_t b)
{
	struct mdm_id id = { .name = pool };
	char msg[64], *reply = NULL;
	unsigned n = 0;
	int e;

	if ((unsigned)m >= sizeof(pool_msgs) / sizeof(pool_msgs[0]))
		return mdm_fail(ctx, EINVAL, "message", pool, "unknown pool message %d", (int)m);
	snprintf(msg, sizeof(msg), "%s %llu %llu", pool_msgs[m].word, (unsigned long long)a,
	         (unsigned long long)b);
	/* cut after the numbers the message takes */
	for (char *p = msg; *p; p++)
		if (*p == ' ' && ++n > pool_msgs[m].args)
			*p = 0;
	e = mdm_target_msg(ctx, &id, 0, msg, &reply);
	free(reply);
	return e;
}

int mdm_thin_table(struct mdm_ctx *ctx, const char *name, const char *pool, uint32_t id,
                   uint64_t sectors, struct mdm_table *tab)
{
	struct mdm_info pi;
	struct mdm_thin_table tt = { .dev_id = id };
	char line[64];
	int e;

	if (id > MDM_THIN_ID_MAX)
		return mdm_fail(ctx, EINVAL, "thin create", name, "thin id above 2^24-1");
	if (!sectors)
		return mdm_fail(ctx, EINVAL, "thin create", name, "size must not be zero");
	e = mdm_dev_resolve(ctx, pool, &pi);
	if (e)
		return e;
	if (!pi.exists)
		return mdm_fail(ctx, ENXIO, "thin create", name, "pool %s is not active", pool);
	snprintf(tt.pool_dev, sizeof(tt.pool_dev), "%u:%u", pi.major, pi.minor);
	if (mdm_format_thin_table(&tt, line, sizeof(line)) ||
	    mdm_table_add(tab, 0, sectors, "thin", line))
		return mdm_fail(ctx, ENOMEM, "thin create", name, NULL);
	return 0;
}

int mdm_thin_create(struct mdm_ctx *ctx, const char *name, const char *pool, uint32_t id,
                   uint64_t sectors, bool create_new)
{
	struct mdm_table tab = { 0 };
	struct mdm_err saved;
	int e = mdm_thin_table(ctx, name, pool, id, sectors, &tab);

	if (!e && create_new)
		e = mdm_thin_pool_message(ctx, pool, MDM_POOL_CREATE_THIN, id, 0);
	if (!e) {
		e = mdm_dev_setup(ctx, name, NULL, &tab, 0, NULL);
		if (e && create_new) {  /* leave nothing behind */
			saved = ctx->err;
			mdm_thin_pool_message(ctx, pool, MDM_POOL_DELETE, id, 0);
			ctx->err = saved;
		}
	}
	mdm_table_free(&tab);
	return e;
}

int mdm_thin_info(struct mdm_ctx *ctx, const char *name, struct mdm_thin_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	return mdm_dev_target(ctx, name, MDM_KIND_THIN, &ti->info, &ti->length, &ti->table, &ti->st);
}

/* The pool device's name from its MAJ:MIN. */
static int pool_name(struct mdm_ctx *ctx, const char *devmm, char *name, size_t len)
{
	struct mdm_info info;
	uint64_t dev;
	struct mdm_id id = { .by_dev = true };
	int e = mdm_devnode_to_devno(devmm, &dev);

	if (e)
		return mdm_fail(ctx, -e, "thin", devmm, "bad pool device");
	id.major = mdm_major(dev);
	id.minor = mdm_minor(dev);
	e = mdm_info(ctx, &id, &info);
	if (!e && !info.exists)
		e = mdm_fail(ctx, ENXIO, "thin", devmm, "pool device is gone");
	if (!e)
		snprintf(name, len, "%s", info.name);
	return e;
}

int mdm_thin_snapshot(struct mdm_ctx *ctx, const char *name, const char *origin, uint32_t id,
                     uint64_t sectors)
{
	struct mdm_thin_info ti;
	struct mdm_id oid = { .name = origin };
	char pool[DM_NAME_LEN];
	struct mdm_err saved;
	int e, r;

	if (id > MDM_THIN_ID_MAX)
		return mdm_fail(ctx, EINVAL, "thin snapshot", name, "thin id above 2^24-1");
	e = mdm_thin_info(ctx, origin, &ti);
	if (e == -ENXIO || (!e && !ti.info.exists))
		e = mdm_fail(ctx, ENXIO, "thin snapshot", name, "no origin %s", origin);
	else if (e == -EINVAL)
		e = mdm_fail(ctx, EINVAL, "thin snapshot", name, "origin %s is not a thin device",
		            origin);
	if (!e)
		e = pool_name(ctx, ti.table.pool_dev, pool, sizeof(pool));
	if (e)
		return e;
	/* the origin must not change while the pool copies its mappings */
	e = mdm_suspend(ctx, &oid, 0);
	if (e)
		return e;
	e = mdm_thin_pool_message(ctx, pool, MDM_POOL_CREATE_SNAP, id, ti.table.dev_id);
	saved = ctx->err;
	r = mdm_udev_resume(ctx, &oid, 0, 0);
	if (e) {
		ctx->err = saved;
		return e;
	}
	if (r)
		return r;
	e = mdm_thin_create(ctx, name, pool, id, sectors ? sectors : ti.length, false);
	if (e) {                        /* leave nothing behind */
		saved = ctx->err;
		mdm_thin_pool_message(ctx, pool, MDM_POOL_DELETE, id, 0);
		ctx->err = saved;
	}
	return e;
}

/* Active thin devices on a pool (optionally only those with dev id `id`). */
int mdm_thin_users(struct mdm_ctx *ctx, const char *pool, int64_t id, char *names, size_t len)
{
	struct mdm_devlist l;
	struct mdm_dev dv;
	uint64_t pdev = 0;
	size_t used = 0;
	int e = find_pool(ctx, "thin-pool", pool, &pdev), n = 0;

	if (e)
		return e;
	names[0] = 0;
	e = mdm_list_devices(ctx, &l);
	if (e)
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
		    !mdm_devnode_to_devno(tt.pool_dev, &d) && d == pdev &&
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

int mdm_thin_delete(struct mdm_ctx *ctx, const char *pool, uint32_t id)
{
	char users[256];
	int n = mdm_thin_users(ctx, pool, id, users, sizeof(users));

	if (n < 0)
		return n;
	if (n)
		return mdm_fail(ctx, EBUSY, "thin delete", pool, "thin id %u is active as %s", id,
		               users);
	return mdm_thin_pool_message(ctx, pool, MDM_POOL_DELETE, id, 0);
}

int mdm_thin_pool_remove(struct mdm_ctx *ctx, const char *pool)
{
	struct mdm_id id = { .name = pool };
	char users[256];
	int n = mdm_thin_users(ctx, pool, -1, users, sizeof(users));

	if (n < 0)
		return n;
	if (n)
		return mdm_fail(ctx, EBUSY, "thin-pool remove", pool, "thin devices still active: %s",
		               users);
	return mdm_udev_remove_retry(ctx, &id, 0, 5);
}

/* Reload one target with a new length, then suspend and resume so the
 * kernel takes it (and, for a pool, rereads the metadata device size). */
int mdm_reload_length(struct mdm_ctx *ctx, const char *name, uint64_t length)
{
	struct mdm_id id = { .name = name };
	struct mdm_table t;
	int e = mdm_table_status(ctx, &id, DM_STATUS_TABLE_FLAG, &t, NULL);

	if (e)
		return e;
	if (t.n != 1) {
		mdm_table_free(&t);
		return mdm_fail(ctx, EINVAL, "resize", name, "expected one target, found %zu", t.n);
	}
	if (length)
		t.t[0].length = length;
	e = mdm_table_load(ctx, &id, &t, 0);
	mdm_table_free(&t);
	if (!e)
		e = mdm_suspend(ctx, &id, 0);
	if (!e)
		e = mdm_udev_resume(ctx, &id, 0, 0);
	return e;
}

int mdm_thin_pool_resize(struct mdm_ctx *ctx, const char *pool, uint64_t data_sectors,
                        uint64_t meta_sectors)
{
	struct mdm_thin_pool_info pi;
	uint64_t data, meta, dsize, msize, len;
	int e = mdm_thin_pool_status(ctx, pool, &pi);

	if (e)
		return e;
	if (mdm_devnode_to_devno(pi.table.data_dev, &data) ||
	    mdm_devnode_to_devno(pi.table.meta_dev, &meta))
		return mdm_fail(ctx, EINVAL, "thin-pool resize", pool, "bad member in table");
	if ((e = mdm_member_size(data, &dsize)) || (e = mdm_member_size(meta, &msize)))
		return mdm_fail(ctx, e, "thin-pool resize", pool, "member size");
	if (data_sectors > dsize)
		return mdm_fail(ctx, ENOSPC, "thin-pool resize", pool, "data member holds only "
		               "%llu sectors", (unsigned long long)dsize);
	if (meta_sectors > msize)
		return mdm_fail(ctx, ENOSPC, "thin-pool resize", pool, "metadata member holds only "
		               "%llu sectors: grow it first", (unsigned long long)msize);
	len = (data_sectors ? data_sectors : dsize) / pi.table.block_sectors *
	      pi.table.block_sectors;
	if (len < pi.length)
		return mdm_fail(ctx, EINVAL, "thin-pool resize", pool, "a pool cannot shrink "
		               "(%llu < %llu sectors)", (unsigned long long)len,
		               (unsigned long long)pi.length);
	return mdm_reload_length(ctx, pool, len);
}
