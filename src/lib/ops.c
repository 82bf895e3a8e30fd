/* ops.c - one function per DM ioctl.  Each builds its request with the one
 * builder, runs it, and decodes the reply with the one walker. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "transport.h"

/* A request for the fixed part only, on the stack. */
#define SMALL_REQ(r, flags) \
	_Alignas(8) unsigned char r##_buf[sizeof(struct dm_ioctl) + 256]; \
	struct mdm_req r; \
	mdm_req_init(&(r), r##_buf, sizeof(r##_buf), (flags))

static const char *label(const struct mdm_id *id, char *buf, size_t len)
{
	return mdm_id_label(id, buf, len);
}

/* Who looks after /dev/mapper after an ioctl that makes a uevent. */
enum nodes { NODES_OURS, NODES_CHECK, NODES_UDEVS };

/* Run resume, remove or rename with the udev cookie handshake (udev.c);
 * flags as libdevmapper sends them (measured: PRIMARY_SOURCE on all three).
 * Returns the ioctl's result; *nodes says who does /dev/mapper now: we do
 * (no udev, no uevent, or udev did not answer in time), we check what udev
 * did (it completed), or udev will (the caller's cookie, not waited for). */
static int uevent_run(struct mdm_ctx *ctx, unsigned cmd, struct mdm_req *r, uint32_t flags,
                      const char *op, const char *lb, struct dm_ioctl **h, enum nodes *nodes)
{
	uint32_t cookie = 0;
	bool own = false;
	int e;

	*nodes = NODES_OURS;
	if (ctx->cookie && !mdm_cookie_inc(ctx->cookie))
		cookie = ctx->cookie;
	else if (!ctx->cookie && ctx->udev_sync && !mdm_cookie_create(&cookie))
		own = true;
	/* as libdevmapper: without a cookie, a udev that runs anyway must not
	 * fight over the /dev/mapper entries minidm makes */
	flags |= cookie ? MDM_UDEV_DISABLE_LIBRARY_FALLBACK
	                : MDM_UDEV_DISABLE_DM_RULES_FLAG | MDM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG;
	r->hdr->event_nr = (cookie & 0xffffu) | flags << MDM_UDEV_FLAGS_SHIFT;
	e = mdm_run(ctx, cmd, r, op, lb, h);
	if (!cookie)
		return e;
	if (e || !((*h)->flags & DM_UEVENT_GENERATED_FLAG)) {
		if (own)
			mdm_cookie_destroy(cookie);
		else
			mdm_cookie_dec(cookie);
		return e;
	}
	if (!own)
		*nodes = NODES_UDEVS;
	else if (!mdm_cookie_wait(cookie, ctx->udev_wait_ms ? ctx->udev_wait_ms : MDM_UDEV_WAIT_MS))
		*nodes = NODES_CHECK;
	else
		ctx->udev_fallbacks++;
	return e;
}

/* After udev completed: is /dev/mapper/NAME there (want) or gone (!want)?
 * If not, minidm puts it right and counts a fallback. */
static void check_node(struct mdm_ctx *ctx, enum nodes nodes, const char *name, bool want)
{
	char p[sizeof("/dev/mapper/") + DM_NAME_LEN];
	struct stat s;

	snprintf(p, sizeof(p), "/dev/mapper/%s", name);
	if (nodes == NODES_CHECK && (lstat(p, &s) == 0) != want)
		ctx->udev_fallbacks++;
}

/* Issue a command about one device whose reply is just the header. */
static int dev_cmd(struct mdm_ctx *ctx, unsigned cmd, const struct mdm_id *id,
                   uint32_t flags, uint32_t event_nr, const char *op,
                   struct mdm_info *info)
{
	char lb[DM_NAME_LEN + 8];
	struct dm_ioctl *h;
	int e;
	SMALL_REQ(r, flags);

	mdm_req_set_id(&r, id);
	r.hdr->event_nr = event_nr;
	e = mdm_run(ctx, cmd, &r, op, label(id, lb, sizeof(lb)), &h);
	if (!e)
		mdm_reply_info(h, info);
	return e;
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

int mdm_remove_all(struct mdm_ctx *ctx, bool deferred)
{
	int e = dev_cmd(ctx, DM_REMOVE_ALL_CMD, NULL, deferred ? DM_DEFERRED_REMOVE : 0,
	                0, "remove all", NULL);

	if (!e && !ctx->no_nodes)
		mdm_mknodes(ctx, NULL);
	return e;
}

int mdm_list_devices(struct mdm_ctx *ctx, struct mdm_devlist *out)
{
	struct dm_ioctl *h;
	int e;
	SMALL_REQ(r, 0);

	memset(out, 0, sizeof(*out));
	e = mdm_run(ctx, DM_LIST_DEVICES_CMD, &r, "list devices", NULL, &h);
	if (e)
		return e;
	/* event_nr trailer since 4.37 (arm_poll); uuid flags since 4.46 */
	e = mdm_reply_names(h, mdm_has_minor(ctx, 37), out);
	if (e)
		return mdm_fail(ctx, -e, "list devices", NULL, "malformed reply");
	return 0;
}

void mdm_devlist_free(struct mdm_devlist *l)
{
	free(l->d);
	l->d = NULL;
	l->n = 0;
}

int mdm_create(struct mdm_ctx *ctx, const char *name, const char *uuid,
              uint32_t flags, struct mdm_info *info)
{
	return mdm_create_at(ctx, name, uuid, -1, flags, info);
}

int mdm_create_at(struct mdm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
                 uint32_t flags, struct mdm_info *info)
{
	struct mdm_info tmp;
	struct mdm_id id = { .name = name };
	const char *why;
	char u[DM_UUID_LEN] = "";
	int e;
	SMALL_REQ(r, (flags & DM_READONLY_FLAG) | (minor >= 0 ? DM_PERSISTENT_DEV_FLAG : 0));

	if (minor > 0xfffff)
		return mdm_fail(ctx, EINVAL, "create", name, "minor %d out of range", minor);
	if (minor >= 0)
		r.hdr->dev = mdm_mkdev(0, (uint32_t)minor);   /* the kernel takes the minor */
	if (mdm_check_name(name, &why))
		return mdm_fail(ctx, EINVAL, "create", name, "%s", why);
	if (uuid && *uuid && mdm_check_uuid(uuid, &why))
		return mdm_fail(ctx, EINVAL, "create", name, "uuid: %s", why);
	if (uuid)
		mdm_strlcpy(u, uuid, sizeof(u));
	mdm_req_set_id(&r, &id);
	memcpy(r.hdr->uuid, u, sizeof(u));
	e = mdm_run(ctx, DM_DEV_CREATE_CMD, &r, "create", name, &(struct dm_ioctl *){0});
	if (e == -EBUSY)
		return mdm_fail(ctx, EBUSY, "create", name, "a device with this name or uuid exists");
	if (e == -ENXIO && minor >= 0)  /* the kernel could not have that minor */
		return mdm_fail(ctx, ENXIO, "create", name, "minor %d in use", minor);
	if (e)
		return e;
	mdm_reply_info(r.hdr, info ? info : &tmp);
	/* with udev, the entry comes with the resume's uevent */
	if (!ctx->no_nodes && !ctx->udev_sync && !ctx->cookie)
		mdm_node_add(name, mdm_major(r.hdr->dev), mdm_minor(r.hdr->dev));
	return 0;
}

int mdm_remove(struct mdm_ctx *ctx, const struct mdm_id *id, bool deferred)
{
	char lb[DM_NAME_LEN + 8];
	struct mdm_info info;
	struct dm_ioctl *h;
	enum nodes nodes;
	int e;
	SMALL_REQ(r, deferred ? DM_DEFERRED_REMOVE : 0);

	mdm_req_set_id(&r, id);
	e = uevent_run(ctx, DM_DEV_REMOVE_CMD, &r, MDM_UDEV_PRIMARY_SOURCE_FLAG, "remove",
	               label(id, lb, sizeof(lb)), &h, &nodes);
	if (e)
		return e;
	mdm_reply_info(h, &info);
	/* a deferred remove of a busy device leaves it in place */
	if (!ctx->no_nodes && nodes != NODES_UDEVS && !(info.flags & DM_DEFERRED_REMOVE)) {
		check_node(ctx, nodes, info.name, false);
		mdm_node_del(info.name);
	}
	return 0;
}

int mdm_remove_retry(struct mdm_ctx *ctx, const struct mdm_id *id, bool deferred,
                    unsigned tries)
{
	int e;

	for (unsigned i = 0;; i++) {
		e = mdm_remove(ctx, id, deferred);
		if (e != -EBUSY || i >= tries)
			return e;
		usleep(200000);  /* something (udev, blkid) may hold it briefly */
	}
}

static int rename_cmd(struct mdm_ctx *ctx, const struct mdm_id *id, const char *to,
                      bool set_uuid)
{
	char lb[DM_NAME_LEN + 8];
	const char *why;
	struct dm_ioctl *h;
	struct mdm_info before;
	enum nodes nodes;
	int e;
	SMALL_REQ(r, set_uuid ? DM_UUID_FLAG : 0);

	lb[0] = 0;
	label(id, lb, sizeof(lb));
	if (set_uuid ? mdm_check_uuid(to, &why) : mdm_check_name(to, &why))
		return mdm_fail(ctx, EINVAL, set_uuid ? "set uuid" : "rename", lb, "%s: %s",
		               to, why);
	e = mdm_info(ctx, id, &before);
	if (e)
		return e;
	if (!before.exists)
		return mdm_fail(ctx, ENXIO, set_uuid ? "set uuid" : "rename", lb, NULL);
	if (set_uuid && *before.uuid)   /* the kernel sets a uuid once */
		return mdm_fail(ctx, EINVAL, "set uuid", lb, "it has uuid %s already", before.uuid);
	mdm_req_set_id(&r, id);
	mdm_req_add_string(&r, to);
	e = uevent_run(ctx, DM_DEV_RENAME_CMD, &r, MDM_UDEV_PRIMARY_SOURCE_FLAG,
	               set_uuid ? "set uuid" : "rename", lb, &h, &nodes);
	if (e == -EBUSY)
		return mdm_fail(ctx, EBUSY, set_uuid ? "set uuid" : "rename", lb,
		               "a device with %s %s exists", set_uuid ? "uuid" : "name", to);
	if (!e && !set_uuid && !ctx->no_nodes && nodes != NODES_UDEVS) {
		check_node(ctx, nodes, before.name, false);
		check_node(ctx, nodes, to, true);
		mdm_node_rename(before.name, to, before.major, before.minor);
	}
	return e;
}

int mdm_rename(struct mdm_ctx *ctx, const struct mdm_id *id, const char *newname)
{
	return rename_cmd(ctx, id, newname, false);
}

int mdm_set_uuid(struct mdm_ctx *ctx, const struct mdm_id *id, const char *uuid)
{
	return rename_cmd(ctx, id, uuid, true);
}

int mdm_suspend(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags)
{
	return dev_cmd(ctx, DM_DEV_SUSPEND_CMD, id, DM_SUSPEND_FLAG |
	               (flags & (DM_NOFLUSH_FLAG | DM_SKIP_LOCKFS_FLAG)), 0, "suspend", NULL);
}

int mdm_resume(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags)
{
	char lb[DM_NAME_LEN + 8];
	struct mdm_info info;
	struct dm_ioctl *h;
	enum nodes nodes;
	int e;
	SMALL_REQ(r, flags & (DM_NOFLUSH_FLAG | DM_SKIP_LOCKFS_FLAG));

	mdm_req_set_id(&r, id);
	e = uevent_run(ctx, DM_DEV_SUSPEND_CMD, &r, MDM_UDEV_PRIMARY_SOURCE_FLAG, "resume",
	               label(id, lb, sizeof(lb)), &h, &nodes);
	if (e)
		return e;
	mdm_reply_info(h, &info);
	if (!ctx->no_nodes && nodes != NODES_UDEVS) {
		check_node(ctx, nodes, info.name, true);
		mdm_node_add(info.name, info.major, info.minor);
	}
	return 0;
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

int mdm_device_exists(struct mdm_ctx *ctx, const char *name)
{
	struct mdm_info info;
	struct mdm_id id = { .name = name };
	int e = mdm_info(ctx, &id, &info);

	return e ? e : info.exists;
}

int mdm_wait(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t event_nr,
            struct mdm_info *info)
{
	char lb[DM_NAME_LEN + 8];
	struct dm_ioctl *h;
	int e;
	SMALL_REQ(r, 0);

	mdm_req_set_id(&r, id);
	r.hdr->event_nr = event_nr;
	e = mdm_run(ctx, DM_DEV_WAIT_CMD, &r, "wait", label(id, lb, sizeof(lb)), &h);
	if (!e)
		mdm_reply_info(h, info);
	return e;
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
	e = mdm_run(ctx, DM_TABLE_LOAD_CMD, &r, "table load", label(id, lb, sizeof(lb)), &h);
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
	int e;
	SMALL_REQ(r, flags & DM_QUERY_INACTIVE_TABLE_FLAG);

	*devs = NULL;
	*n = 0;
	mdm_req_set_id(&r, id);
	label(id, lb, sizeof(lb));
	e = mdm_run(ctx, DM_TABLE_DEPS_CMD, &r, "deps", lb, &h);
	if (e)
		return e;
	mdm_reply_info(h, info);
	e = mdm_reply_deps(h, devs, n);
	return e ? mdm_fail(ctx, e, "deps", lb, "malformed reply") : 0;
}

int mdm_table_status(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                    struct mdm_table *out, struct mdm_info *info)
{
	char lb[DM_NAME_LEN + 8];
	const char *op = flags & DM_STATUS_TABLE_FLAG ? "table" : "status";
	struct dm_ioctl *h;
	int e;
	SMALL_REQ(r, flags & (DM_STATUS_TABLE_FLAG | DM_QUERY_INACTIVE_TABLE_FLAG |
	                      DM_NOFLUSH_FLAG | DM_SECURE_DATA_FLAG));

	memset(out, 0, sizeof(*out));
	mdm_req_set_id(&r, id);
	label(id, lb, sizeof(lb));
	e = mdm_run(ctx, DM_TABLE_STATUS_CMD, &r, op, lb, &h);
	if (e)
		return e;
	mdm_reply_info(h, info);
	e = mdm_reply_targets(h, out);
	if (e) {
		mdm_table_free(out);
		return mdm_fail(ctx, e, op, lb, "malformed reply");
	}
	return 0;
}

int mdm_list_versions(struct mdm_ctx *ctx, struct mdm_versions *out)
{
	struct dm_ioctl *h;
	int e;
	SMALL_REQ(r, 0);

	memset(out, 0, sizeof(*out));
	e = mdm_run(ctx, DM_LIST_VERSIONS_CMD, &r, "list versions", NULL, &h);
	if (!e && (e = mdm_reply_versions(h, out)) != 0)
		return mdm_fail(ctx, e, "list versions", NULL, "malformed reply");
	return e;
}

int mdm_get_target_version(struct mdm_ctx *ctx, const char *target, uint32_t v[3])
{
	struct mdm_versions vs;
	struct dm_target_versions *tv;
	struct dm_ioctl *h;
	int e;
	SMALL_REQ(r, 0);

	if (!mdm_has_minor(ctx, 41))
		return mdm_fail(ctx, ENOTSUP, "target version", target,
		               "needs DM interface 4.41, kernel has 4.%u", ctx->version[1]);
	tv = mdm_req_append(&r, NULL, sizeof(*tv) + strlen(target) + 1);
	if (tv)
		strcpy(tv->name, target);
	e = mdm_run(ctx, DM_GET_TARGET_VERSION_CMD, &r, "target version", target, &h);
	if (e)
		return e;
	e = mdm_reply_versions(h, &vs);
	if (e || vs.n != 1) {
		free(vs.v);
		return mdm_fail(ctx, e ? e : EPROTO, "target version", target, "malformed reply");
	}
	memcpy(v, vs.v[0].v, sizeof(vs.v[0].v));
	free(vs.v);
	return 0;
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
	e = mdm_run(ctx, DM_TARGET_MSG_CMD, &r, "message", label(id, lb, sizeof(lb)), &h);
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
	char lb[DM_NAME_LEN + 8], geo[96];
	uint32_t v;
	struct dm_ioctl *h;
	SMALL_REQ(r, 0);

	label(id, lb, sizeof(lb));
	if (mdm_parse_u32(cyl, &v) || mdm_parse_u32(heads, &v) || mdm_parse_u32(sectors, &v) ||
	    mdm_parse_u32(start, &v))
		return mdm_fail(ctx, EINVAL, "set geometry", lb, "geometry must be 4 numbers");
	snprintf(geo, sizeof(geo), "%s %s %s %s", cyl, heads, sectors, start);
	mdm_req_set_id(&r, id);
	mdm_req_add_string(&r, geo);
	return mdm_run(ctx, DM_DEV_SET_GEOMETRY_CMD, &r, "set geometry", lb, &h);
}

int mdm_arm_poll(struct mdm_ctx *ctx)
{
	if (!mdm_has_minor(ctx, 37))
		return mdm_fail(ctx, ENOTSUP, "arm poll", NULL,
		               "needs DM interface 4.37, kernel has 4.%u", ctx->version[1]);
	return dev_cmd(ctx, DM_DEV_ARM_POLL_CMD, NULL, 0, 0, "arm poll", NULL);
}
