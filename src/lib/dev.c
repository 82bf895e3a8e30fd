/* dev.c - whole-device steps built from the single ioctls, with cleanup:
 * a create that fails after the device exists removes it again. */
#include <errno.h>
#include <string.h>
#include "internal.h"

int mdm_dev_setup(struct mdm_ctx *ctx, const char *name, const char *uuid,
                 const struct mdm_table *tab, uint32_t flags, struct mdm_info *info)
{
	return mdm_dev_setup_at(ctx, name, uuid, -1, tab, flags, info);
}

void mdm_remove_quiet(struct mdm_ctx *ctx, const char *name)
{
	struct mdm_err saved = ctx->err;

	mdm_udev_remove_retry(ctx, &(struct mdm_id){ .name = name }, 0, 5);
	ctx->err = saved;
}

/* Beside the table load of a thin mdm_dev_setup_at made: that load waits
 * in the kernel for an RCU grace period (the thin joins its pool's list
 * of active thins), 5 to 15 ms under emulation, milliseconds on hardware,
 * with nothing to run.  The thin's udev database entry (ctx->udev_db;
 * removed again if the device is) and the caller's work (ctx->later) are
 * done in that time, in a thread of its own (ctx.c).  Not the thin's
 * /dev/mapper entry: the kernel makes /dev/dm-N for it to point at after
 * the wait.  A pool's or cache's load reads metadata instead: under
 * emulation that keeps the CPU busy (measured: nothing gained). */
static struct {
	struct mdm_info info;
	bool ran, db;
} m;

static void db_entry(struct mdm_ctx *ctx)
{
	m.ran = true;
	if (ctx->udev_db && !ctx->udev_sync)
		m.db = !mdm_udev_db_write(ctx, &m.info, ctx->udev_db);
}

static void beside_load(struct mdm_ctx *ctx)
{
	db_entry(ctx);
	if (ctx->later)
		ctx->later(ctx);
}

bool mdm_load_waits(const struct mdm_table *tab)
{
	return !strcmp(tab->t[0].type, "thin");
}

int mdm_dev_setup_at(struct mdm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
                    const struct mdm_table *tab, uint32_t flags, struct mdm_info *info)
{
	struct mdm_id id = { .name = name };
	bool no_nodes = ctx->no_nodes;
	int e;

	/* with a table, /dev/mapper/NAME is made once, after the resume (when
	 * /dev/dm-N exists for it to point at), not also at create */
	ctx->no_nodes = no_nodes || (tab && tab->n);
	m.ran = m.db = false;
	e = mdm_udev_create(ctx, name, uuid, minor, flags & DM_READONLY_FLAG, &m.info);
	ctx->no_nodes = no_nodes;
	if (info && !e)
		*info = m.info;
	if (e || !tab || !tab->n)
		return e;
	if (mdm_load_waits(tab) && ((ctx->udev_db && !ctx->udev_sync) || ctx->later))
		ctx->beside = beside_load;
	e = mdm_table_load(ctx, &id, tab, flags & DM_READONLY_FLAG);
	ctx->beside = NULL;
	if (!e && !m.ran)               /* a load that does not wait: after it */
		db_entry(ctx);
	if (!e)
		e = mdm_udev_resume(ctx, &id, 0, flags >> 16);
	if (!e) {
		if (info) {     /* the create's reply, now with its live table */
			info->flags |= DM_ACTIVE_PRESENT_FLAG;
			info->target_count = (uint32_t)tab->n;
		}
		return 0;
	}
	if (m.db)
		mdm_udev_db_remove(mdm_mkdev(m.info.major, m.info.minor));
	mdm_remove_quiet(ctx, name);    /* report the first failure, not the cleanup */
	return e;
}

int mdm_dev_wipe_table(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags)
{
	struct mdm_table live, err = { 0 };
	int e = mdm_table_status(ctx, id, DM_STATUS_TABLE_FLAG, &live, NULL);

	if (!e && (e = mdm_table_add(&err, 0, mdm_table_size(&live), "error", "")) != 0)
		mdm_fail(ctx, e, "wipe table", NULL, NULL);
	if (!e)
		e = mdm_table_load(ctx, id, &err, 0);
	if (!e)
		e = mdm_udev_resume(ctx, id, flags, 0);
	mdm_table_free(&live);
	mdm_table_free(&err);
	return e;
}

/* Wipe the table, so a busy device's users fail fast, then remove it. */
int mdm_dev_force_remove(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                         unsigned tries)
{
	struct mdm_info info;
	int e = mdm_info(ctx, id, &info);

	if (!e && info.exists && (info.flags & DM_ACTIVE_PRESENT_FLAG))
		e = mdm_dev_wipe_table(ctx, id, DM_NOFLUSH_FLAG);
	if (e && e != -ENXIO)
		return e;
	return mdm_udev_remove_retry(ctx, id, flags, tries);
}

int mdm_resume_after(struct mdm_ctx *ctx, const struct mdm_id *id, int e)
{
	struct mdm_err saved = ctx->err;
	int r = mdm_udev_resume(ctx, id, 0, 0);

	if (e)
		ctx->err = saved;
	return e ? e : r;
}

int mdm_dev_reload(struct mdm_ctx *ctx, const char *name, const struct mdm_table *tab,
                   int (*check)(struct mdm_ctx *ctx, const char *name))
{
	struct mdm_id id = { .name = name };
	int e = mdm_table_load(ctx, &id, tab, 0);

	if (e || (e = mdm_suspend(ctx, &id, 0)))
		return e;
	if (check && (e = check(ctx, name)))
		mdm_table_clear(ctx, &id);
	return mdm_resume_after(ctx, &id, e);
}

static const char *const kind_type[] MDM_ALIGN_AS(char *) = { "thin-pool", "thin", "cache" };

/* The one target's table (flags DM_STATUS_TABLE_FLAG) or status line
 * (with DM_NOFLUSH_FLAG: no metadata commit first) of NAME, a device of
 * the kind, parsed into out; *length (may be NULL) its length. */
static int target_line(struct mdm_ctx *ctx, const char *name, enum mdm_target_kind kind,
                       unsigned flags, struct mdm_info *info, uint64_t *length, void *out)
{
	const char *type = kind_type[kind], *line;
	struct mdm_id id = { .name = name };
	struct mdm_table t;
	bool table = flags & DM_STATUS_TABLE_FLAG;
	int e = mdm_table_status(ctx, &id, flags, &t, info);

	if (e)
		return e;
	line = t.n == 1 ? t.t[0].params : "";
	if (!info->exists)
		e = mdm_fail(ctx, ENXIO, NULL, name, "no such device");
	else if (t.n != 1 || strcmp(t.t[0].type, type))
		e = mdm_fail(ctx, EINVAL, NULL, name, "not a %s device", type);
	else if (table ? (kind == MDM_KIND_THIN_POOL ? mdm_parse_pool_table(line, out)
	                  : kind == MDM_KIND_THIN ? mdm_parse_thin_table(line, out)
	                  : mdm_parse_cache_table(line, out))
	         : (kind == MDM_KIND_THIN_POOL ? mdm_parse_pool_status(line, out)
	            : kind == MDM_KIND_THIN ? mdm_parse_thin_status(line, out)
	            : mdm_parse_cache_status(line, out)))
		e = mdm_fail(ctx, table ? EINVAL : EPROTO, NULL, name, "unreadable %s %s '%s'", type,
		             table ? "table" : "status", line);
	else if (length)
		*length = t.t[0].length;
	mdm_table_free(&t);
	return e;
}

int mdm_dev_status(struct mdm_ctx *ctx, const char *name, enum mdm_target_kind kind, void *st)
{
	struct mdm_info info;

	return target_line(ctx, name, kind, 0, &info, NULL, st);
}

int mdm_dev_target(struct mdm_ctx *ctx, const char *name, enum mdm_target_kind kind,
                   struct mdm_info *info, uint64_t *length, void *tab, void *st)
{
	int e = target_line(ctx, name, kind, DM_STATUS_TABLE_FLAG, info, length, tab);

	return e ? e : mdm_dev_status(ctx, name, kind, st);
}

int mdm_device_exists(struct mdm_ctx *ctx, const char *name)
{
	struct mdm_info info;
	struct mdm_id id = { .name = name };
	int e = mdm_info(ctx, &id, &info);

	return e ? e : info.exists;
}


int mdm_dev_health(struct mdm_ctx *ctx, const char *name, enum mdm_target_kind kind,
                   bool read_only, void *st)
{
	const char *type = kind_type[kind];
	const struct mdm_pool_status *p = st;
	const struct mdm_cache_status *c = st;
	bool pool = kind == MDM_KIND_THIN_POOL;
	struct mdm_info info;
	enum mdm_state state;
	/* just resumed: nothing to commit (a pool or cache status would
	 * write the metadata first) */
	int e = target_line(ctx, name, kind, DM_NOFLUSH_FLAG, &info, NULL, st);

	if (e || read_only)
		return e;
	state = pool ? p->state : c->state;
	if (state != MDM_STATE_WORKING)
		return mdm_fail(ctx, EIO, type, name, "%s state",
		               state == MDM_STATE_FAIL ? "Fail" : "Error");
	if (pool ? p->needs_check : c->needs_check)
		return mdm_fail(ctx, EUCLEAN, type, name, "metadata needs_check: run %s_check%s",
		               pool ? "thin" : "cache", "");     /* member.c's text */
	if (pool ? p->summary == MDM_POOL_READ_ONLY : c->metadata_ro)
		return mdm_fail(ctx, EROFS, type, name, "metadata came up read-only");
	return 0;
}
