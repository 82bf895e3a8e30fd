/* cache.c - dm-cache devices (the devicemapper crate's CacheDev): the table
 * from three member devices, metadata safety, health, status, io mode and
 * policy switches, and flush, resize and removal that never drop a dirty
 * block. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "minidm.h"

#define CACHE_BS_MIN     64u        /* 32 KiB in sectors */
#define CACHE_BS_MAX     2097152u   /* 1 GiB */
#define CACHE_BS_DEFAULT 128u       /* 64 KiB */

static const char *const member_what[3] = { "metadata", "cache", "origin" };

int mdm_cache_table(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_opts *o,
                   struct mdm_table *tab)
{
	static const char op[] = "cache create";
	const char *arg[3] = { o->meta, o->cache, o->origin };
	const char *pol = o->policy ? o->policy : "smq", *pa = o->policy_args ? o->policy_args : "";
	char *mm[3];
	struct mdm_cache_table ct;
	struct mdm_sb sb;
	uint64_t dev[3], osize;
	char line[256];
	bool fresh;
	int e;

	memset(&ct, 0, sizeof(ct));
	memset(tab, 0, sizeof(*tab));
	mm[0] = ct.meta_dev, mm[1] = ct.cache_dev, mm[2] = ct.origin_dev;
	for (int i = 0; i < 3; i++) {
		if ((e = mdm_member_resolve(ctx, op, name, member_what[i], arg[i], &dev[i])))
			return e;
		snprintf(mm[i], MDM_DEV_LEN, "%u:%u", mdm_major(dev[i]), mdm_minor(dev[i]));
	}
	if (dev[0] == dev[1] || dev[0] == dev[2] || dev[1] == dev[2])
		return mdm_fail(ctx, EINVAL, op, name, "metadata, cache and origin must be "
		               "three different devices");
	/* the metadata read once; existing metadata keeps its block size and
	 * format (with a wipe, the check waits for the setup) */
	if ((e = mdm_meta_read(ctx, op, name, dev[0], &sb)) ||
	    (!o->wipe_meta && (e = mdm_meta_judge(ctx, op, name, dev[0], true, false, false, &sb,
	                                          &fresh))))
		return e;
	ct.block_sectors = o->block_sectors ? o->block_sectors : CACHE_BS_DEFAULT;
	ct.metadata2 = o->metadata2;
	if (sb.kind == MDM_SB_CACHE) {
		if (o->block_sectors && o->block_sectors != sb.data_block_size)
			return mdm_fail(ctx, EINVAL, op, name, "existing cache has %u-sector blocks, "
			               "not %llu", sb.data_block_size,
			               (unsigned long long)o->block_sectors);
		ct.block_sectors = sb.data_block_size;
		ct.metadata2 = sb.version >= 2;
	}
	if (ct.block_sectors < CACHE_BS_MIN || ct.block_sectors > CACHE_BS_MAX ||
	    ct.block_sectors % CACHE_BS_MIN)
		return mdm_fail(ctx, EINVAL, op, name,
		               "block size must be 32 KiB to 1 GiB, a multiple of 32 KiB");
	if ((e = mdm_member_size(dev[2], &osize)))
		return mdm_fail(ctx, e, op, name, "size of origin device %s", mm[2]);
	if (strlen(pol) >= sizeof(ct.policy) || strlen(pa) >= sizeof(ct.policy_args))
		return mdm_fail(ctx, ENAMETOOLONG, op, name, "policy or its arguments too long");
	strcpy(ct.policy, pol);
	strcpy(ct.policy_args, pa);         /* the formatter checks words and count */
	for (; *pa; pa++)
		ct.n_policy_args += pa[0] != ' ' && (pa[1] == ' ' || !pa[1]);
	ct.io_mode = o->mode ? o->mode : MDM_CACHE_IO_WRITEBACK;
	e = mdm_format_cache_table(&ct, line, sizeof(line));
	if (!e)
		e = mdm_table_add(tab, 0, osize, "cache", line);
	return e ? mdm_fail(ctx, e, op, name, "bad policy or policy arguments") : 0;
}

int mdm_cache_status(struct mdm_ctx *ctx, const char *name, struct mdm_cache_info *ci)
{
	memset(ci, 0, sizeof(*ci));
	return mdm_dev_target(ctx, name, MDM_KIND_CACHE, &ci->info, &ci->length, &ci->table, &ci->st);
}

/* A cache that is failed, read-only or needs_check is not usable (one
 * status ioctl). */
int mdm_cache_check_health(struct mdm_ctx *ctx, const char *name)
{
	struct mdm_cache_status st;
	int e = mdm_dev_status(ctx, name, MDM_KIND_CACHE, &st);

	if (e)
		return e;
	if (st.state != MDM_STATE_WORKING)
		return mdm_fail(ctx, EIO, "cache", name, "cache is in %s state",
		               st.state == MDM_STATE_FAIL ? "Fail" : "Error");
	if (st.needs_check)
		return mdm_fail(ctx, EUCLEAN, "cache", name, "metadata needs_check: run cache_check");
	if (st.metadata_ro)
		return mdm_fail(ctx, EROFS, "cache", name, "metadata came up read-only");
	return 0;
}

int mdm_cache_setup(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_opts *o,
                   const struct mdm_table *tab, bool *fresh)
{
	struct mdm_id id = { .name = name };
	struct mdm_err saved;
	struct mdm_sb sb;
	uint64_t meta;
	int e = 0;

	if (o->wipe_meta && !(e = mdm_member_resolve(ctx, "cache create", name, "metadata",
	                                             o->meta, &meta)))
		e = mdm_meta_check(ctx, "cache create", name, meta, true, true, false, &sb, fresh);
	if (!e)
		e = mdm_dev_setup(ctx, name, o->uuid, tab, 0, NULL);
	if (e || !(e = mdm_cache_check_health(ctx, name)))
		return e;
	saved = ctx->err;               /* leave nothing behind */
	mdm_udev_remove_retry(ctx, &id, 0, 5);
	ctx->err = saved;
	return e;
}

int mdm_cache_create(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_opts *o,
                    bool *fresh)
{
	struct mdm_table tab;
	int e = mdm_cache_table(ctx, name, o, &tab);

	if (!e)
		e = mdm_cache_setup(ctx, name, o, &tab, fresh);
	mdm_table_free(&tab);
	return e;
}

/* Load t (with the device's length), suspend, resume.  Passthrough needs a
 * clean cache: the kernel checks that when it builds the table, from dirty
 * bits the live table writes only when it is suspended, so the count is
 * checked again while suspended and the new table dropped if blocks are
 * dirty. */
static int cache_reload(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_table *t,
                        uint64_t length)
{
	struct mdm_id id = { .name = name };
	struct mdm_table tab = { 0 };
	struct mdm_cache_info ci;
	struct mdm_err saved;
	char line[256];
	int r, e = mdm_format_cache_table(t, line, sizeof(line));

	if (e)
		return mdm_fail(ctx, e, "cache", name, "table line");
	e = mdm_table_add(&tab, 0, length, "cache", line);
	if (!e)
		e = mdm_table_load(ctx, &id, &tab, 0);
	mdm_table_free(&tab);
	if (e || (e = mdm_suspend(ctx, &id, 0)))
		return e;
	if (t->io_mode == MDM_CACHE_IO_PASSTHROUGH && !(e = mdm_cache_status(ctx, name, &ci)) &&
	    ci.st.dirty)
		e = mdm_fail(ctx, EBUSY, "cache", name, "%llu dirty blocks: passthrough needs a "
		            "clean cache (flush first)", (unsigned long long)ci.st.dirty);
	saved = ctx->err;
	if (e)
		mdm_table_clear(ctx, &id);
	r = mdm_udev_resume(ctx, &id, 0, 0);
	if (e)
		ctx->err = saved;
	return e ? e : r;
}

static int set_table(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_info *ci,
                     enum mdm_cache_io mode, const char *policy)
{
	struct mdm_cache_table t = ci->table;

	if (mode)
		t.io_mode = mode;
	if (policy && strcmp(policy, t.policy)) {
		size_t n = strlen(policy) + 1;

		if (n > sizeof(t.policy))
			return mdm_fail(ctx, ENAMETOOLONG, "cache", name, "policy name too long");
		memcpy(t.policy, policy, n);
		t.n_policy_args = 0;
		t.policy_args[0] = 0;
	}
	return cache_reload(ctx, name, &t, ci->length);
}

int mdm_cache_set(struct mdm_ctx *ctx, const char *name, enum mdm_cache_io mode,
                 const char *policy)
{
	struct mdm_cache_info ci;
	int e = mdm_cache_status(ctx, name, &ci);

	return e ? e : set_table(ctx, name, &ci, mode, policy);
}

/* Switch to the cleaner policy and wait for dirty 0.  *orig: the table
 * before, *switched: whether it was changed. */
static int clean(struct mdm_ctx *ctx, const char *name, mdm_cache_progress_fn *fn, void *arg,
                 struct mdm_cache_info *orig, bool *switched)
{
	struct mdm_cache_info ci;
	long ms = 10;
	int e = mdm_cache_status(ctx, name, orig);

	*switched = false;
	if (e)
		return e;
	ci = *orig;
	for (;;) {
		if (ci.st.state != MDM_STATE_WORKING)
			return mdm_fail(ctx, EIO, "cache flush", name, "cache is in %s state",
			               ci.st.state == MDM_STATE_FAIL ? "Fail" : "Error");
		if (fn)
			fn(arg, &ci.st);
		if (!ci.st.dirty)
			return 0;
		if (!*switched && strcmp(ci.table.policy, "cleaner")) {
			if ((e = set_table(ctx, name, orig, 0, "cleaner")))
				return e;
			*switched = true;
		} else {
			struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };

			ms = ms * 2 > 500 ? 500 : ms * 2;
			nanosleep(&ts, NULL);
		}
		if ((e = mdm_cache_status(ctx, name, &ci)))
			return e;
	}
}

int mdm_cache_flush(struct mdm_ctx *ctx, const char *name, mdm_cache_progress_fn *fn, void *arg)
{
	struct mdm_cache_info orig;
	bool switched;
	int e = clean(ctx, name, fn, arg, &orig, &switched);

	if (!e && switched)
		e = cache_reload(ctx, name, &orig.table, orig.length);
	/* found on cleaner: a flush was interrupted (the policy it replaced is
	 * not known any more): give the cache the default policy back */
	else if (!e && !strcmp(orig.table.policy, "cleaner"))
		e = set_table(ctx, name, &orig, 0, "smq");
	return e;
}

int mdm_cache_remove(struct mdm_ctx *ctx, const char *name, bool flush,
                    mdm_cache_progress_fn *fn, void *arg)
{
	struct mdm_id id = { .name = name };
	struct mdm_cache_info ci;
	bool switched;
	int e = flush ? clean(ctx, name, fn, arg, &ci, &switched) : 0;

	if (!e)
		e = mdm_cache_status(ctx, name, &ci);
	if (e)
		return e;
	if (ci.st.state == MDM_STATE_WORKING && ci.st.dirty)
		return mdm_fail(ctx, EBUSY, "cache remove", name, "%llu dirty blocks not yet on the "
		               "origin: flush first (--flush)", (unsigned long long)ci.st.dirty);
	return mdm_udev_remove_retry(ctx, &id, 0, 5);
}

int mdm_cache_resize(struct mdm_ctx *ctx, const char *name)
{
	struct mdm_cache_info ci;
	uint64_t origin, size;
	int e = mdm_cache_status(ctx, name, &ci);

	if (e)
		return e;
	if (mdm_devnode_to_devno(ci.table.origin_dev, &origin))
		return mdm_fail(ctx, EINVAL, "cache resize", name, "bad origin in table");
	if ((e = mdm_member_size(origin, &size)))
		return mdm_fail(ctx, e, "cache resize", name, "size of origin %s",
		               ci.table.origin_dev);
	if (size < ci.length)
		return mdm_fail(ctx, EINVAL, "cache resize", name, "origin shrank to %llu sectors "
		               "(< %llu): a cache cannot shrink", (unsigned long long)size,
		               (unsigned long long)ci.length);
	return cache_reload(ctx, name, &ci.table, size);
}
