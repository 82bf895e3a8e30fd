/* cache.c - dm-cache devices (the devicemapper crate's CacheDev): the table
 * from three member devices, metadata safety, health, status, io mode and
 * policy switches, and flush, resize and removal that never drop a dirty
 * block. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"
#include "transport.h"
#include "parse/words.h"

#define CACHE_BS_MIN     64u        /* 32 KiB in sectors */
#define CACHE_BS_DEFAULT 128u       /* 64 KiB */

static const char *const member_what[3] MDM_ALIGN_AS(char *) = { "metadata", "cache", "origin" };

int mdm_cache_table(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_opts *o,
                   struct mdm_table *tab)
{
	const char *pa = o->policy_args ? o->policy_args : "";
	struct mdm_cache_table ct = { .io_mode = o->mode ? o->mode : MDM_CACHE_IO_WRITEBACK,
		.metadata2 = o->metadata2,
		.block_sectors = o->block_sectors ? o->block_sectors : CACHE_BS_DEFAULT };
	struct mdm_members m = { .n = 3, .what = member_what,
		.arg = { o->meta, o->cache, o->origin },
		.mm = { ct.meta_dev, ct.cache_dev, ct.origin_dev }, .cache = true,
		.wipe = o->wipe_meta, .existing = o->existing };
	char line[256];
	int e;

	memset(tab, 0, sizeof(*tab));
	/* existing metadata keeps its block size and format */
	if ((e = mdm_members_check(ctx, NULL, name, &m)))
		return e;
	if (m.sb.kind == MDM_SB_CACHE) {
		if (o->block_sectors && o->block_sectors != m.sb.data_block_size)
			return mdm_fail(ctx, EINVAL, NULL, name, "existing metadata has %u-sector "
			               "blocks", m.sb.data_block_size);
		ct.block_sectors = m.sb.data_block_size;
		ct.metadata2 = m.sb.version >= 2;
	}
	if (!mdm_block_size_ok(ct.block_sectors, CACHE_BS_MIN))
		return mdm_bad_block_size(ctx, NULL, name, CACHE_BS_MIN);
	if (mdm_strlcpy(ct.policy, o->policy ? o->policy : "smq", sizeof(ct.policy)) ||
	    mdm_strlcpy(ct.policy_args, pa, sizeof(ct.policy_args)))
		return mdm_fail(ctx, ENAMETOOLONG, NULL, name, "policy or its arguments too long");
	for (; *pa; pa++)       /* the formatter checks words and count */
		ct.n_policy_args += pa[0] != ' ' && (pa[1] == ' ' || !pa[1]);
	if ((e = mdm_members_judge(ctx, NULL, name, &m)))
		return e;
	if ((e = mdm_format_cache_table(&ct, line, sizeof(line))) ||
	    (e = mdm_table_add(tab, 0, m.size, "cache", line)))
		return mdm_fail(ctx, e, NULL, name, "bad policy or policy arguments");
	return 0;
}

int mdm_cache_status(struct mdm_ctx *ctx, const char *name, struct mdm_cache_info *ci)
{
	memset(ci, 0, sizeof(*ci));
	return mdm_dev_target(ctx, name, MDM_KIND_CACHE, &ci->info, &ci->length, &ci->table, &ci->st);
}

int mdm_cache_check_health(struct mdm_ctx *ctx, const char *name)
{
	struct mdm_cache_status st;

	return mdm_dev_health(ctx, name, MDM_KIND_CACHE, false, &st);
}

/* A cache that comes up unusable is removed again. */
int mdm_cache_setup(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_opts *o,
                   const struct mdm_table *tab, bool *fresh)
{
	struct mdm_members m = { .arg = { o->meta }, .cache = true, .wipe = o->wipe_meta };
	int e = mdm_members_setup(ctx, NULL, name, o->uuid, tab, &m);

	*fresh = m.fresh;
	if (!e && (e = mdm_cache_check_health(ctx, name)))
		mdm_remove_quiet(ctx, name);    /* leave nothing behind */
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

/* Passthrough needs a clean cache: the kernel checks that when it builds
 * the table, from dirty bits the live table writes only when it is
 * suspended, so the count is checked again while suspended. */
static int still_clean(struct mdm_ctx *ctx, const char *name)
{
	struct mdm_cache_status st;
	int e = mdm_dev_status(ctx, name, MDM_KIND_CACHE, &st);

	if (!e && st.dirty)
		e = mdm_fail(ctx, EBUSY, NULL, name, "%llu dirty blocks: flush first%s",
		            (unsigned long long)st.dirty, "");
	return e;
}

/* Reload with table t and the device's length. */
static int cache_reload(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_table *t,
                        uint64_t length)
{
	struct mdm_table tab = { 0 };
	char line[256];
	int e = mdm_format_cache_table(t, line, sizeof(line));

	if (e || (e = mdm_table_add(&tab, 0, length, "cache", line)))
		return mdm_fail(ctx, e, NULL, name, "table line");
	e = mdm_dev_reload(ctx, name, &tab,
	                   t->io_mode == MDM_CACHE_IO_PASSTHROUGH ? still_clean : NULL);
	mdm_table_free(&tab);
	return e;
}

static int set_table(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_info *ci,
                     enum mdm_cache_io mode, const char *policy)
{
	struct mdm_cache_table t = ci->table;

	if (mode)
		t.io_mode = mode;
	if (policy && strcmp(policy, t.policy)) {
		if (mdm_strlcpy(t.policy, policy, sizeof(t.policy)))
			return mdm_fail(ctx, ENAMETOOLONG, NULL, name, "policy name too long");
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
	unsigned ms = 10;
	int e = mdm_cache_status(ctx, name, orig);

	*switched = false;
	if (e)
		return e;
	ci = *orig;
	for (;;) {
		if (ci.st.state != MDM_STATE_WORKING)
			return mdm_fail(ctx, EIO, NULL, name, "cache is in %s state",
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
			usleep(ms * 1000);
			ms = ms * 2 > 500 ? 500 : ms * 2;
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
		return mdm_fail(ctx, EBUSY, NULL, name, "%llu dirty blocks: flush first%s",
		               (unsigned long long)ci.st.dirty, " (--flush)");
	return mdm_udev_remove_retry(ctx, &id, 0, 5);
}

int mdm_cache_resize(struct mdm_ctx *ctx, const char *name)
{
	struct mdm_cache_info ci;
	uint64_t origin, size;
	int e = mdm_cache_status(ctx, name, &ci);

	if (e)
		return e;
	if ((e = mdm_parse_devno(ci.table.origin_dev, &origin)) ||
	    (e = mdm_member_size(origin, &size)))
		return mdm_fail(ctx, e, NULL, name, "size of origin %s",
		               ci.table.origin_dev);
	if (size < ci.length)
		return mdm_fail(ctx, EINVAL, NULL, name, "origin shrank (%llu < %llu "
		               "sectors)", (unsigned long long)size,
		               (unsigned long long)ci.length);
	return cache_reload(ctx, name, &ci.table, size);
}
