/* ops.c - the operations layer: one function per DM ioctl, and nothing
 * else.  Each builds its request with the one builder, runs it through the
 * transport, and decodes the reply with the one walker.  The udev
 * handshake and /dev/mapper upkeep that resume, remove and rename need
 * live a layer above (udevsync.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "transport.h"

/* A request for the fixed part only, on the stack. */
#define SMALL_REQ(r, flags) \
	_Alignas(8) unsigned char r##_buf[sizeof(struct dm_ioctl) + 256]; \
	struct mdm_req r; \
	mdm_req_init(&(r), r##_buf, sizeof(r##_buf), (flags))

/* Issue a command about one device (id NULL: none) with an optional
 * string payload; info (may be NULL) gets the reply's device, *h the reply
 * and lb the device's label for messages. */
static int dev_req(struct mdm_ctx *ctx, unsigned cmd, const struct mdm_id *id, uint32_t flags,
                   uint32_t event_nr, const char *op, const char *str, struct mdm_info *info,
                   char *lb, struct dm_ioctl **h)
{
	int e;
	SMALL_REQ(r, flags);

	mdm_id_label(id, lb, DM_NAME_LEN + 8);
	mdm_req_set_id(&r, id);
	if (str)
		mdm_req_add_string(&r, str);
	r.hdr->event_nr = event_nr;
	e = mdm_run(ctx, cmd, &r, op, lb, h);
	if (!e)
		mdm_reply_info(*h, info);
	return e;
}

/* A command about one device whose reply is just the header. */
static int dev_cmd(struct mdm_ctx *ctx, unsigned cmd, const struct mdm_id *id,
                   uint32_t flags, uint32_t event_nr, const char *op,
                   struct mdm_info *info)
{
	char lb[DM_NAME_LEN + 8];
	struct dm_ioctl *h;

	return dev_req(ctx, cmd, id, flags, event_nr, op, NULL, info, lb, &h);
}

int mdm_version(struct mdm_ctx *ctx, uint32_t v[3])
{
	struct dm_ioctl *h;
	int e;
	SMALL_REQ(r, 0);

	e = mdm_run(ctx, DM_VERSION_CMD, &r, "version", NULL, &h);
	if (!e)
		memcpy(v, h->version, 3 * sizeof(uint32_t));
	return e;
}

int mdm_remove_all(struct mdm_ctx *ctx, uint32_t flags)
{
	mdm_meta_release();     /* the superblock descriptor may be on one of them */
	return dev_cmd(ctx, DM_REMOVE_ALL_CMD, NULL, flags & DM_DEFERRED_REMOVE, 0,
	               "remove all", NULL);
}

/* A request with no payload whose reply is a list (the target version of
 * target, in the header's name field, or every device or target): out
 * keeps the reply, the next ioctl gets a buffer of its own. */
static int list_cmd(struct mdm_ctx *ctx, unsigned cmd, const char *target, const char *op,
                    struct mdm_devlist *out)
{
	struct dm_ioctl *h;
	int e;
	SMALL_REQ(r, 0);

	if (target)
		mdm_strlcpy(r.hdr->name, target, DM_NAME_LEN);   /* checked by the caller */
	e = mdm_run(ctx, cmd, &r, op, target, &h);

	memset(out, 0, sizeof(*out));
	if (e)
		return e;
	out->buf = h;
	ctx->buf = NULL;
	ctx->cap = 0;
	out->versions = cmd != DM_LIST_DEVICES_CMD;
	out->trailer = mdm_has_minor(ctx, 37);     /* event_nr after the name */
	if (mdm_reply_list(out)) {
		mdm_devlist_free(out);
		return mdm_fail(ctx, EPROTO, op, target, "malformed reply");
	}
	return 0;
}

int mdm_list_devices(struct mdm_ctx *ctx, struct mdm_devlist *out)
{
	return list_cmd(ctx, DM_LIST_DEVICES_CMD, NULL, "list devices", out);
}

int mdm_create(struct mdm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
               uint32_t flags, struct mdm_info *info)
{
	struct mdm_id id = { .name = name };
	const char *why;
	int e;
	SMALL_REQ(r, (flags & DM_READONLY_FLAG) | (minor >= 0 ? DM_PERSISTENT_DEV_FLAG : 0));

	if (minor > (int32_t)MDM_MINOR_MAX)
		return mdm_fail(ctx, EINVAL, "create", name, "minor %d out of range", minor);
	if (minor >= 0)
		r.hdr->dev = mdm_mkdev(0, (uint32_t)minor);   /* the kernel takes the minor */
	if (mdm_check_name(name, &why))
		return mdm_fail(ctx, EINVAL, "create", name, "%s", why);
	if (uuid && *uuid && mdm_check_uuid(uuid, &why))
		return mdm_fail(ctx, EINVAL, "create", name, "uuid: %s", why);
	mdm_req_set_id(&r, &id);
	if (uuid)               /* beside the name (checked: it fits) */
		mdm_strlcpy(r.hdr->uuid, uuid, DM_UUID_LEN);
	e = mdm_run(ctx, DM_DEV_CREATE_CMD, &r, "create", name, &(struct dm_ioctl *){0});
	if (e == -EBUSY)
		return mdm_fail(ctx, EBUSY, "create", name, "a device with this name or uuid exists");
	if (e == -ENXIO && minor >= 0)  /* the kernel could not have that minor */
		return mdm_fail(ctx, ENXIO, "create", name, "minor %d in use", minor);
	if (!e)
		mdm_reply_info(r.hdr, info);
	return e;
}

int mdm_remove(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
               uint32_t event_nr, struct mdm_info *info)
{
	mdm_meta_release();
	return dev_cmd(ctx, DM_DEV_REMOVE_CMD, id, flags & DM_DEFERRED_REMOVE, event_nr,
	               "remove", info);
}

int mdm_rename(struct mdm_ctx *ctx, const struct mdm_id *id, const char *to, uint32_t flags,
               uint32_t event_nr, struct mdm_info *info)
{
	char lb[DM_NAME_LEN + 8];
	const char *op = flags & DM_UUID_FLAG ? "set uuid" : "rename";
	struct dm_ioctl *h;
	int e = dev_req(ctx, DM_DEV_RENAME_CMD, id, flags & DM_UUID_FLAG, event_nr, op, to, info,
	                lb, &h);

	if (e == -EBUSY)
		return mdm_fail(ctx, EBUSY, op, lb, "a device with %s %s exists",
		                flags & DM_UUID_FLAG ? "uuid" : "name", to);
	return e;
}

int mdm_dev_suspend(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                    uint32_t event_nr, struct mdm_info *info)
{
	flags &= DM_SUSPEND_FLAG | DM_NOFLUSH_FLAG | DM_SKIP_LOCKFS_FLAG;
	return dev_cmd(ctx, DM_DEV_SUSPEND_CMD, id, flags, event_nr,
	               flags & DM_SUSPEND_FLAG ? "suspend" : "resume", info);
}

int mdm_info(struct mdm_ctx *ctx, const struct mdm_id *id, struct mdm_info *info)
{
	int e = dev_cmd(ctx, DM_DEV_STATUS_CMD, id, 0, 0, "info", info);

	if (e == -ENXIO) {
		memset(info, 0, sizeof(*info));
		ctx->err.errnum = 0;
		return 0;
	}
	return e;
}

int mdm_wait(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t event_nr,
            struct mdm_info *info)
{
	return dev_cmd(ctx, DM_DEV_WAIT_CMD, id, 0, event_nr, "wait", info);
}

int mdm_table_load(struct mdm_ctx *ctx, const struct mdm_id *id,
                  const struct mdm_table *tab, uint32_t flags)
{
	char lb[DM_NAME_LEN + 8];
	struct mdm_req r;
	struct dm_ioctl *h;
	int e;

	mdm_req_init(&r, NULL, 0, flags & DM_READONLY_FLAG);
	mdm_req_set_id(&r, id);
	for (size_t i = 0; i < tab->n; i++)
		mdm_req_add_target(&r, tab->t[i].start, tab->t[i].length, tab->t[i].type,
		                  tab->t[i].params ? tab->t[i].params : "");
	e = mdm_run(ctx, DM_TABLE_LOAD_CMD, &r, "table load", mdm_id_label(id, lb, sizeof(lb)), &h);
	mdm_req_free(&r);
	return e;
}

int mdm_table_clear(struct mdm_ctx *ctx, const struct mdm_id *id)
{
	return dev_cmd(ctx, DM_TABLE_CLEAR_CMD, id, 0, 0, "table clear", NULL);
}

int mdm_table_deps(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                  uint64_t **devs, size_t *n, struct mdm_info *info)
{
	char lb[DM_NAME_LEN + 8];
	struct dm_ioctl *h;
	int e = dev_req(ctx, DM_TABLE_DEPS_CMD, id, flags & DM_QUERY_INACTIVE_TABLE_FLAG, 0,
	                "deps", NULL, info, lb, &h);

	*devs = NULL;
	*n = 0;
	if (!e && (e = mdm_reply_deps(h, devs, n)))
		return mdm_fail(ctx, e, "deps", lb, "malformed reply");
	return e;
}

int mdm_table_status(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                    struct mdm_table *out, struct mdm_info *info)
{
	char lb[DM_NAME_LEN + 8];
	const char *op = flags & DM_STATUS_TABLE_FLAG ? "table" : "status";
	struct dm_ioctl *h;
	int e = dev_req(ctx, DM_TABLE_STATUS_CMD, id, flags & (DM_STATUS_TABLE_FLAG |
	                DM_QUERY_INACTIVE_TABLE_FLAG | DM_NOFLUSH_FLAG | DM_SECURE_DATA_FLAG),
	                0, op, NULL, info, lb, &h);

	memset(out, 0, sizeof(*out));
	if (!e && (e = mdm_reply_targets(h, out))) {
		mdm_table_free(out);
		return mdm_fail(ctx, e, op, lb, "malformed reply");
	}
	return e;
}

int mdm_list_versions(struct mdm_ctx *ctx, struct mdm_devlist *out)
{
	return list_cmd(ctx, DM_LIST_VERSIONS_CMD, NULL, "list versions", out);
}

/* (not inlined: 12 bytes smaller) */
__attribute__((noinline)) int mdm_get_target_version(struct mdm_ctx *ctx, const char *target, uint32_t v[3])
{
	struct mdm_devlist l;
	struct mdm_version tv;
	int e;

	if (!mdm_has_minor(ctx, 41))
		return mdm_fail(ctx, ENOTSUP, "target version", target,
		               "needs DM interface 4.%u, kernel has 4.%u", 41, ctx->version[1]);
	/* the kernel reads the target's name from the header's name field */
	if (strlen(target) >= DM_NAME_LEN)
		return mdm_fail(ctx, ENAMETOOLONG, "target version", NULL, "target name too long");
	e = list_cmd(ctx, DM_GET_TARGET_VERSION_CMD, target, "target version", &l);
	if (e)
		return e;
	if (l.n != 1 || !mdm_versions_next(&l, &tv))
		e = mdm_fail(ctx, EPROTO, "target version", target, "malformed reply");
	else
		memcpy(v, tv.v, sizeof(tv.v));
	mdm_devlist_free(&l);
	return e;
}

int mdm_target_msg(struct mdm_ctx *ctx, const struct mdm_id *id, uint64_t sector,
                  const char *msg, char **reply)
{
	char lb[DM_NAME_LEN + 8];
	struct mdm_req r;
	struct dm_target_msg *m;
	struct dm_ioctl *h;
	size_t n;
	const unsigned char *d;
	int e;

	*reply = NULL;
	mdm_req_init(&r, NULL, 0, 0);
	mdm_req_set_id(&r, id);
	m = mdm_req_append(&r, NULL, sizeof(*m) + strlen(msg) + 1);
	if (m) {
		m->sector = sector;
		strcpy(m->message, msg);
	}
	e = mdm_run(ctx, DM_TARGET_MSG_CMD, &r, "message", mdm_id_label(id, lb, sizeof(lb)), &h);
	mdm_req_free(&r);
	if (e || !(h->flags & DM_DATA_OUT_FLAG))
		return e;
	d = mdm_reply_data(h, &n);
	if (d && n && mdm_strnlen_in(d, d + n) >= 0 && *d) {
		*reply = strdup((const char *)d);
		if (!*reply)
			return mdm_fail(ctx, ENOMEM, "message", lb, NULL);
	}
	return 0;
}

int mdm_set_geometry(struct mdm_ctx *ctx, const struct mdm_id *id, const char *cyl,
                    const char *heads, const char *sectors, const char *start)
{
	const char *const g[] = { cyl, heads, sectors, start };
	char lb[DM_NAME_LEN + 8], geo[96];
	uint32_t v;
	struct dm_ioctl *h;

	for (int i = 0; i < 4; i++)
		if (mdm_parse_u32(g[i], &v))
			return mdm_fail(ctx, EINVAL, "set geometry", mdm_id_label(id, lb, sizeof(lb)),
			               "geometry must be 4 numbers");
	snprintf(geo, sizeof(geo), "%s %s %s %s", cyl, heads, sectors, start);
	return dev_req(ctx, DM_DEV_SET_GEOMETRY_CMD, id, 0, 0, "set geometry", geo, NULL, lb, &h);
}

int mdm_arm_poll(struct mdm_ctx *ctx)
{
	if (!mdm_has_minor(ctx, 37))
		return mdm_fail(ctx, ENOTSUP, "arm poll", NULL,
		               "needs DM interface 4.%u, kernel has 4.%u", 37, ctx->version[1]);
	return dev_cmd(ctx, DM_DEV_ARM_POLL_CMD, NULL, 0, 0, "arm poll", NULL);
}
