/* udevsync.c - the layer above the operations that keeps /dev/mapper right:
 * create, resume, remove and rename with libdevmapper's udev cookie
 * handshake (udev.c) when udev runs the dm rules, and minidm's own
 * /dev/mapper entries (node.c) when it does not or does not answer in time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "minidm.h"

/* Who looks after /dev/mapper after an ioctl that makes a uevent. */
enum nodes { NODES_OURS, NODES_CHECK, NODES_UDEVS };

struct uevent {
	uint32_t cookie;
	bool own;                /* a cookie of our own: we wait for it */
};

/* The event_nr word of resume, remove or rename: the cookie and the flags
 * as libdevmapper sends them (measured: PRIMARY_SOURCE on all three). */
static uint32_t uevent_begin(struct mdm_ctx *ctx, struct uevent *u, uint32_t flags)
{
	u->cookie = 0;
	u->own = false;
	if (ctx->cookie && !mdm_cookie_inc(ctx->cookie))
		u->cookie = ctx->cookie;
	else if (!ctx->cookie && ctx->udev_sync && !mdm_cookie_create(&u->cookie))
		u->own = true;
	/* as libdevmapper: without a cookie, a udev that runs anyway must not
	 * fight over the /dev/mapper entries minidm makes */
	flags |= MDM_UDEV_PRIMARY_SOURCE_FLAG |
	         (u->cookie ? MDM_UDEV_DISABLE_LIBRARY_FALLBACK
	                    : MDM_UDEV_DISABLE_DM_RULES_FLAG | MDM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG);
	return (u->cookie & 0xffffu) | flags << MDM_UDEV_FLAGS_SHIFT;
}

/* After the ioctl (result e, reply flags in info): who does /dev/mapper
 * now: we do (no udev, no uevent, or udev did not answer in time), we
 * check what udev did (it completed), or udev will (the caller's cookie,
 * not waited for). */
static enum nodes uevent_end(struct mdm_ctx *ctx, const struct uevent *u, int e,
                             const struct mdm_info *info)
{
	if (!u->cookie)
		return NODES_OURS;
	if (e || !(info->flags & DM_UEVENT_GENERATED_FLAG)) {
		if (u->own)
			mdm_cookie_destroy(u->cookie);
		else
			mdm_cookie_dec(u->cookie);
		return NODES_OURS;
	}
	if (!u->own)
		return NODES_UDEVS;
	if (!mdm_cookie_wait(u->cookie, ctx->udev_wait_ms ? ctx->udev_wait_ms : MDM_UDEV_WAIT_MS))
		return NODES_CHECK;
	ctx->udev_fallbacks++;
	return NODES_OURS;
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

int mdm_udev_create(struct mdm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
                    uint32_t flags, struct mdm_info *info)
{
	struct mdm_info tmp;
	int e = mdm_create(ctx, name, uuid, minor, flags, info ? info : &tmp);

	/* with udev, the entry comes with the resume's uevent */
	if (!e)
		mdm_udev_node_keep(ctx, info ? info : &tmp);
	return e;
}

/* Resume (up) or remove (!up) with the uevent handshake; then
 * /dev/mapper/NAME made or removed unless udev looks after it (a deferred
 * remove of a busy device leaves it in place). */
static int up_down(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                   uint32_t udev_flags, bool up)
{
	struct uevent u;
	struct mdm_info info;
	uint32_t ev = uevent_begin(ctx, &u, udev_flags);
	int e = up ? mdm_dev_suspend(ctx, id, flags & ~DM_SUSPEND_FLAG, ev, &info)
	           : mdm_remove(ctx, id, flags, ev, &info);
	enum nodes nodes = uevent_end(ctx, &u, e, &info);

	if (e || ctx->no_nodes || nodes == NODES_UDEVS ||
	    (!up && (info.flags & DM_DEFERRED_REMOVE)))
		return e;
	check_node(ctx, nodes, info.name, up);
	if (up)
		mdm_node_add(info.name, info.major, info.minor);
	else
		mdm_node_del(info.name);
	return 0;
}

int mdm_udev_resume(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                    uint32_t udev_flags)
{
	return up_down(ctx, id, flags, udev_flags, true);
}

int mdm_udev_remove(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags)
{
	return up_down(ctx, id, flags, 0, false);
}

int mdm_udev_remove_retry(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                          unsigned tries)
{
	int e;

	for (unsigned i = 0;; i++) {
		e = mdm_udev_remove(ctx, id, flags);
		if (e != -EBUSY || i >= tries)
			return e;
		usleep(200000);  /* something (udev, blkid) may hold it briefly */
	}
}

int mdm_udev_remove_all(struct mdm_ctx *ctx, uint32_t flags)
{
	int e = mdm_remove_all(ctx, flags);

	if (!e && !ctx->no_nodes)
		mdm_mknodes(ctx, NULL);
	return e;
}

/* rename and set uuid: the same ioctl; a uuid is set once */
static int rename_cmd(struct mdm_ctx *ctx, const struct mdm_id *id, const char *to,
                      uint32_t flags)
{
	char lb[DM_NAME_LEN + 8];
	const char *why, *op = flags & DM_UUID_FLAG ? "set uuid" : "rename";
	struct mdm_info before, after;
	struct uevent u;
	enum nodes nodes;
	uint32_t ev;
	int e;

	mdm_id_label(id, lb, sizeof(lb));
	/* a bad name is refused before any ioctl */
	if (flags & DM_UUID_FLAG ? mdm_check_uuid(to, &why) : mdm_check_name(to, &why))
		return mdm_fail(ctx, EINVAL, op, lb, "%s: %s", to, why);
	e = mdm_info(ctx, id, &before);
	if (e)
		return e;
	if (!before.exists)
		return mdm_fail(ctx, ENXIO, op, lb, NULL);
	if ((flags & DM_UUID_FLAG) && *before.uuid)
		return mdm_fail(ctx, EINVAL, op, lb, "it has uuid %s already", before.uuid);
	ev = uevent_begin(ctx, &u, 0);
	e = mdm_rename(ctx, id, to, flags, ev, &after);
	nodes = uevent_end(ctx, &u, e, &after);
	if (!e && !(flags & DM_UUID_FLAG) && !ctx->no_nodes && nodes != NODES_UDEVS) {
		check_node(ctx, nodes, before.name, false);
		check_node(ctx, nodes, to, true);
		mdm_node_rename(before.name, to, before.major, before.minor);
	}
	return e;
}

int mdm_udev_rename(struct mdm_ctx *ctx, const struct mdm_id *id, const char *newname)
{
	return rename_cmd(ctx, id, newname, 0);
}

int mdm_udev_set_uuid(struct mdm_ctx *ctx, const struct mdm_id *id, const char *uuid)
{
	return rename_cmd(ctx, id, uuid, DM_UUID_FLAG);
}

void mdm_udev_node_keep(const struct mdm_ctx *ctx, const struct mdm_info *i)
{
	if (!ctx->no_nodes && !ctx->udev_sync && !ctx->cookie)
		mdm_node_add(i->name, i->major, i->minor);
}

/* The udev database entry of device dev (mdm_mkdev), into path[64] */
static void db_path(char *path, uint64_t dev)
{
	snprintf(path, 64, "/run/udev/data/b%u:%u", mdm_major(dev), mdm_minor(dev));
}

void mdm_udev_db_remove(uint64_t dev)
{
	char path[64];

	db_path(path, dev);
	unlink(path);
}

/* What Debian's dm udev rules read on a coldplug "add" event: without it a
 * device udev never processed gets no /dev/mapper link and systemd waits.
 * Only written when udev is not running the dm rules (when it is, it writes
 * its own while minidm waits for it).  how: O_TRUNC (replace) or O_EXCL
 * (only when there is none). */
static int db_write(const struct mdm_ctx *ctx, const struct mdm_info *i, const char *extra,
                    int how)
{
	char path[64], text[1024];     /* a name, a uuid and lvm's keys fit */
	struct timespec t;
	int fd, n;

	if (ctx->udev_sync)
		return 0;
	db_path(path, mdm_mkdev(i->major, i->minor));
	clock_gettime(CLOCK_MONOTONIC, &t);
	n = snprintf(text, sizeof(text),
	             "I:%llu\nE:DM_UDEV_PRIMARY_SOURCE_FLAG=1\nE:DM_UDEV_RULES_VSN=2\nE:DM_NAME=%s\n"
	             "%s%s%s%sE:DM_SUSPENDED=0\nE:DM_ACTIVATION=1\nG:systemd\nQ:systemd\n",
	             (unsigned long long)t.tv_sec * 1000000u + (unsigned long long)t.tv_nsec / 1000u,
	             i->name, *i->uuid ? "E:DM_UUID=" : "", i->uuid, *i->uuid ? "\n" : "",
	             extra ? extra : "");
	if (n < 0 || (size_t)n >= sizeof(text))
		return -ENAMETOOLONG;
	/* the directories only when they are missing (not writable: nothing) */
	while ((fd = open(path, O_WRONLY | O_CREAT | how | O_CLOEXEC, 0666)) < 0)
		if (errno != ENOENT || (mkdir("/run/udev", 0755) && errno != EEXIST) ||
		    mkdir("/run/udev/data", 0755))
			return errno == ENOENT || errno == EACCES || errno == EROFS ||
			       errno == EEXIST ? 0 : -errno;
	n = write(fd, text, (size_t)n) == n ? 0 : -EIO;
	close(fd);
	return n;
}

int mdm_udev_db_write(const struct mdm_ctx *ctx, const struct mdm_info *i, const char *extra)
{
	return db_write(ctx, i, extra, O_TRUNC);
}

int mdm_udev_db_keep(const struct mdm_ctx *ctx, const struct mdm_info *i, const char *extra)
{
	return db_write(ctx, i, extra, O_EXCL);
}
