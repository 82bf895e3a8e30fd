/* dev.c - whole-device steps built from the single ioctls, with cleanup:
 * a create that fails after the device exists removes it again. */
#include <errno.h>
#include <string.h>
#include "minidm.h"

int mdm_dev_setup(struct mdm_ctx *ctx, const char *name, const char *uuid,
                 const struct mdm_table *tab, uint32_t flags, struct mdm_info *info)
{
	return mdm_dev_setup_at(ctx, name, uuid, -1, tab, flags, info);
}

int mdm_dev_setup_at(struct mdm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
                    const struct mdm_table *tab, uint32_t flags, struct mdm_info *info)
{
	struct mdm_id id = { .name = name };
	struct mdm_err saved;
	unsigned no_nodes = ctx->no_nodes;
	int e;

	/* with a table, /dev/mapper/NAME is made once, after the resume (when
	 * /dev/dm-N exists for it to point at), not also at create */
	ctx->no_nodes = no_nodes || (tab && tab->n);
	e = mdm_udev_create(ctx, name, uuid, minor, flags & DM_READONLY_FLAG, info);
	ctx->no_nodes = no_nodes;
	if (e || !tab || !tab->n)
		return e;
	e = mdm_table_load(ctx, &id, tab, flags & DM_READONLY_FLAG);
	if (!e)
		e = mdm_udev_resume(ctx, &id, 0, 0);
	if (!e)
		return info ? mdm_info(ctx, &id, info) : 0;
	saved = ctx->err;               /* report the first failure, not the cleanup */
	mdm_udev_remove_retry(ctx, &id, 0, 5);
	ctx->err = saved;
	return e;
}

int mdm_dev_wipe_table(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags)
{
	struct mdm_table live = { 0 }, err = { 0 };
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

static const char *const kind_type[] = { "thin-pool", "thin", "cache" };

/* table and status line of the one target into the kind's parsed forms */
static int parse_kind(enum mdm_target_kind k, const char *tl, const char *sl, void *tab, void *st)
{
	switch (k) {
	case MDM_KIND_THIN_POOL:
		return mdm_parse_pool_table(tl, tab) ? -EINVAL : mdm_parse_pool_status(sl, st) ? -EPROTO : 0;
	case MDM_KIND_THIN:
		return mdm_parse_thin_table(tl, tab) ? -EINVAL : mdm_parse_thin_status(sl, st) ? -EPROTO : 0;
	default:
		return mdm_parse_cache_table(tl, tab) ? -EINVAL : mdm_parse_cache_status(sl, st) ? -EPROTO : 0;
	}
}

int mdm_dev_target(struct mdm_ctx *ctx, const char *name, enum mdm_target_kind kind,
                   struct mdm_info *info, uint64_t *length, void *tab, void *st)
{
	const char *type = kind_type[kind];
	struct mdm_id id = { .name = name };
	struct mdm_table t, s = { 0 };
	int e = mdm_table_status(ctx, &id, DM_STATUS_TABLE_FLAG, &t, info);

	if (e)
		return e;
	if (!info->exists)
		e = mdm_fail(ctx, ENXIO, type, name, "no such device");
	else if (t.n != 1 || strcmp(t.t[0].type, type))
		e = mdm_fail(ctx, EINVAL, type, name, "not a %s device", type);
	else if (!(e = mdm_table_status(ctx, &id, 0, &s, NULL)) && s.n != 1)
		e = mdm_fail(ctx, EPROTO, type, name, "no status line");
	if (!e && t.t && s.t) {
		*length = t.t[0].length;
		e = parse_kind(kind, t.t[0].params, s.t[0].params, tab, st);
		if (e)
			mdm_fail(ctx, e, type, name, e == -EINVAL ? "unreadable table '%s'"
			         : "unreadable status '%s'", e == -EINVAL ? t.t[0].params : s.t[0].params);
	}
	mdm_table_free(&t);
	mdm_table_free(&s);
	return e;
}

int mdm_dev_status(struct mdm_ctx *ctx, const char *name, enum mdm_target_kind kind, void *st)
{
	const char *type = kind_type[kind];
	struct mdm_id id = { .name = name };
	struct mdm_info info;
	struct mdm_table s;
	int e = mdm_table_status(ctx, &id, 0, &s, &info);

	if (e)
		return e;
	if (!info.exists || s.n != 1 || strcmp(s.t[0].type, type))
		e = mdm_fail(ctx, EINVAL, type, name, "not a %s device", type);
	else if (kind == MDM_KIND_THIN_POOL ? mdm_parse_pool_status(s.t[0].params, st)
	         : mdm_parse_cache_status(s.t[0].params, st))
		e = mdm_fail(ctx, EPROTO, type, name, "unreadable status '%s'", s.t[0].params);
	mdm_table_free(&s);
	return e;
}

int mdm_device_exists(struct mdm_ctx *ctx, const char *name)
{
	struct mdm_info info;
	struct mdm_id id = { .name = name };
	int e = mdm_info(ctx, &id, &info);

	return e ? e : info.exists;
}

