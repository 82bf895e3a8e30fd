/* dev.c - whole-device steps built from the single ioctls, with cleanup:
 * a create that fails after the device exists removes it again. */
#include <errno.h>
#include <string.h>
#include "minidm.h"

int dm_dev_setup(struct dm_ctx *ctx, const char *name, const char *uuid,
                 const struct dm_table *tab, uint32_t flags, struct dm_info *info)
{
	return dm_dev_setup_at(ctx, name, uuid, -1, tab, flags, info);
}

int dm_dev_setup_at(struct dm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
                    const struct dm_table *tab, uint32_t flags, struct dm_info *info)
{
	struct dm_id id = { .name = name };
	struct dm_err saved;
	unsigned no_nodes = ctx->no_nodes;
	int e;

	/* with a table, /dev/mapper/NAME is made once, after the resume (when
	 * /dev/dm-N exists for it to point at), not also at create */
	ctx->no_nodes = no_nodes || tab;
	e = dm_create_at(ctx, name, uuid, minor, flags & DM_READONLY_FLAG, info);
	ctx->no_nodes = no_nodes;
	if (e || !tab)
		return e;
	e = dm_table_load(ctx, &id, tab, flags & DM_READONLY_FLAG);
	if (!e)
		e = dm_resume(ctx, &id, 0);
	if (!e)
		return info ? dm_info(ctx, &id, info) : 0;
	saved = ctx->err;               /* report the first failure, not the cleanup */
	dm_remove_retry(ctx, &id, false, 5);
	ctx->err = saved;
	return e;
}

/* Replace the table with one that errors all I/O, so a busy device's users
 * fail fast, then remove it (dmsetup remove --force). */
int dm_dev_force_remove(struct dm_ctx *ctx, const struct dm_id *id, bool deferred,
                        unsigned tries)
{
	struct dm_table live = { 0 }, err = { 0 };
	struct dm_info info;
	int e = dm_table_status(ctx, id, DM_STATUS_TABLE_FLAG, &live, &info);

	if (!e && dm_table_size(&live)) {
		e = dm_table_add(&err, 0, dm_table_size(&live), "error", "");
		if (!e)
			e = dm_table_load(ctx, id, &err, 0);
		if (!e)
			e = dm_resume(ctx, id, DM_NOFLUSH_FLAG);
	}
	dm_table_free(&live);
	dm_table_free(&err);
	if (e && e != -ENXIO)
		return e;
	return dm_remove_retry(ctx, id, deferred, tries);
}
