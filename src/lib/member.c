/* member.c - member devices: resolve, open, size, and the metadata safety
 * check shared by thin pools and caches.  Nothing here writes to a member
 * unless the caller asked for a wipe. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"

/* The block nodes this process resolved last: mdm_open_devno tries them
 * first (checked again with stat), so that a member named by its path is
 * not looked up again in sysfs. */
static struct {
	uint64_t dev;
	char path[56];
} seen[4];
static unsigned nseen;

/* "MAJ:MIN" or a block device node. */
int mdm_devnode_to_devno(const char *path, uint64_t *dev)
{
	struct stat s;

	if (strchr(path, ':') && path[0] != '/')
		return mdm_parse_devno(path, dev);
	if (stat(path, &s) < 0)
		return -errno;
	if (!S_ISBLK(s.st_mode))
		return -ENOTBLK;
	*dev = s.st_rdev;       /* dev_t is mdm_mkdev's encoding */
	if (strlen(path) < sizeof(seen[0].path)) {
		seen[nseen % 4].dev = *dev;
		strcpy(seen[nseen++ % 4].path, path);
	}
	return 0;
}

int mdm_devno_fmt(char *buf, size_t len, uint64_t dev)
{
	return snprintf(buf, len, "%u:%u", mdm_major(dev), mdm_minor(dev));
}

int mdm_dev_resolve(struct mdm_ctx *ctx, const char *arg, struct mdm_info *info)
{
	struct mdm_id id = { .name = arg };
	uint64_t dev = 0;
	int e;

	if (!strncmp(arg, "/dev/mapper/", 12) && !strchr(arg + 12, '/'))
		id.name = arg + 12;     /* the name, whether or not the entry is there */
	else if (strpbrk(arg, "/:")) {
		e = mdm_devnode_to_devno(arg, &dev);
		if (e)
			return mdm_fail(ctx, e, NULL, arg, e == -ENOTBLK ? "not a block device" : NULL);
		id = (struct mdm_id){ .by_dev = true, .major = mdm_major(dev), .minor = mdm_minor(dev) };
	}
	return mdm_info(ctx, &id, info);
}

bool mdm_blk_is(const char *path, uint64_t dev)
{
	struct stat s;          /* stat, not fstat: musl's fstat is large */

	return !stat(path, &s) && S_ISBLK(s.st_mode) && s.st_rdev == dev;
}

/* Open a block device by number: a node this process resolved, its
 * devtmpfs node (a dm device's is dm-MINOR, tried first: a device minidm
 * just made; else sysfs names it: '!' there is '/'), else a private node
 * made for the moment. */
int mdm_open_devno(uint64_t dev, int flags)
{
	char p[96] = "/dev/";
	int fd, e;

	flags |= O_CLOEXEC;
	for (unsigned i = 0; i < 4; i++)
		if (seen[i].dev == dev && *seen[i].path && mdm_blk_is(seen[i].path, dev))
			return open(seen[i].path, flags);
	snprintf(p + 5, sizeof(p) - 5, "dm-%u", mdm_minor(dev));
	if (mdm_blk_is(p, dev))         /* a stat, where sysfs is a readlink */
		return open(p, flags);
	if (!mdm_sys_blkname(mdm_major(dev), mdm_minor(dev), p + 5, sizeof(p) - 5)) {
		for (char *c = p; *c; c++)
			if (*c == '!')
				*c = '/';
		if (mdm_blk_is(p, dev))
			return open(p, flags);
	}
	snprintf(p, sizeof(p), "/dev/.minidm-%llx-%d", (unsigned long long)dev, (int)getpid());
	if (mknod(p, S_IFBLK | 0600, dev) < 0)
		return -1;
	fd = open(p, flags);
	e = errno;
	unlink(p);
	errno = e;
	return fd;
}

int mdm_member_size(uint64_t dev, uint64_t *sectors)
{
	uint64_t bytes = 0;
	int fd = mdm_open_devno(dev, O_RDONLY), e = 0;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, MDM_BLKGETSIZE64, &bytes) < 0)
		e = -errno;
	close(fd);
	*sectors = bytes / MDM_SECTOR;
	return e;
}

int mdm_member_resolve(struct mdm_ctx *ctx, const char *op, const char *dev,
                      const char *what, const char *arg, uint64_t *devno)
{
	int e;

	if (!arg || !*arg)
		return mdm_fail(ctx, EINVAL, op, dev, "no %s device given", what);
	e = mdm_devnode_to_devno(arg, devno);
	if (e)
		return mdm_fail(ctx, -e, op, dev, "%s device %s: %s", what, arg,
		               e == -ENOTBLK ? "not a block device" : strerror(-e));
	return 0;
}

static int wipe_first_block(uint64_t devno)
{
	/* bss: costs no file bytes; page-aligned: cold (Makefile) */
	static _Alignas(4096) unsigned char zero[MDM_SB_SIZE];
	int fd = mdm_open_devno(devno, O_WRONLY), e = 0;

	if (fd < 0)
		return -errno;
	if (pwrite(fd, zero, sizeof(zero), 0) != (ssize_t)sizeof(zero) || fsync(fd) < 0)
		e = errno ? -errno : -EIO;
	close(fd);
	return e;
}

/* LVM makes a pool's metadata device, then its data device, then the
 * pool: the superblock is asked for as soon as the metadata device is
 * there, and its disk read (0.5 ms and more under emulation) overlaps the
 * data device's creation.  The descriptor keeps the page until the check
 * reads it; its close there is the device's last (the pool is not made
 * yet) and drops the page, so nothing stale stays cached once the kernel
 * writes the metadata through its own buffers.  A removal closes it
 * first (the device may be the one removed). */
static int sb_fd = -1;
static uint64_t sb_dev;

void mdm_meta_release(void)
{
	if (sb_fd >= 0)
		close(sb_fd);
	sb_fd = -1;
}

void mdm_meta_prefetch(uint64_t dev)
{
	mdm_meta_release();
	if ((sb_fd = mdm_open_devno(dev, O_RDONLY)) >= 0)
		readahead(sb_fd, 0, MDM_SB_SIZE);
	sb_dev = dev;
}

int mdm_meta_read(struct mdm_ctx *ctx, const char *op, const char *name, uint64_t devno,
                  struct mdm_sb *sb)
{
	/* Else O_DIRECT (every block device takes an aligned 4 KiB read): one
	 * read, no readahead, and no cached pages for the last close to drop
	 * (the kernel reads the superblock again through its own buffers). */
	static _Alignas(4096) unsigned char blk[MDM_SB_SIZE];
	bool pre = sb_fd >= 0 && sb_dev == devno;
	int fd = pre ? sb_fd : mdm_open_devno(devno, O_RDONLY | O_DIRECT), e;
	ssize_t n;

	if (fd < 0)
		return mdm_fail(ctx, errno, op, name, "open metadata device");
	n = pread(fd, blk, sizeof(blk), 0);
	e = errno;
	if (pre)
		sb_fd = -1;
	close(fd);
	if (n != (ssize_t)sizeof(blk))
		return mdm_fail(ctx, n < 0 ? e : EIO, op, name, "read metadata superblock");
	mdm_sb_classify(blk, sizeof(blk), sb);
	return 0;
}

int mdm_meta_judge(struct mdm_ctx *ctx, const char *op, const char *name, uint64_t devno,
                  bool want_cache, bool wipe, bool read_only, const struct mdm_sb *sb,
                  bool *fresh)
{
	int want = want_cache ? MDM_SB_CACHE : MDM_SB_THIN, e;

	*fresh = sb->kind == MDM_SB_ZERO;
	if (sb->kind == want) {
		if (sb->needs_check && !read_only)
			return mdm_fail(ctx, EUCLEAN, op, name, "metadata needs_check: run %s_check%s",
			               want_cache ? "cache" : "thin",
			               want_cache ? "" : " (read-only activation works)");
		return 0;
	}
	if (*fresh)
		return 0;
	if (!wipe)
		return mdm_fail(ctx, EEXIST, op, name, "metadata holds %s, not %s metadata: refusing "
		               "(--wipe-meta zeroes its first 4 KiB)", mdm_sb_kind_name(sb->kind),
		               want_cache ? "cache" : "thin-pool");
	e = wipe_first_block(devno);
	if (e)
		return mdm_fail(ctx, e, op, name, "wipe metadata superblock");
	*fresh = true;
	return 0;
}

/* (not inlined into its two callers: 9 bytes smaller) */
__attribute__((noinline))
int mdm_meta_check(struct mdm_ctx *ctx, const char *op, const char *name, uint64_t devno,
                  bool want_cache, bool wipe, bool read_only, struct mdm_sb *sb, bool *fresh)
{
	int e = mdm_meta_read(ctx, op, name, devno, sb);

	return e ? e : mdm_meta_judge(ctx, op, name, devno, want_cache, wipe, read_only, sb, fresh);
}

int mdm_bad_block_size(struct mdm_ctx *ctx, const char *op, const char *name, unsigned min)
{
	return mdm_fail(ctx, EINVAL, op, name, "block size must be %u KiB to 1 GiB, a multiple "
	                "of %u KiB", min / 2, min / 2);
}

int mdm_members_check(struct mdm_ctx *ctx, const char *op, const char *name,
                      struct mdm_members *m)
{
	unsigned i, j, last = m->n - 1;
	int e;

	for (i = 0; i < m->n; i++) {
		if ((e = mdm_member_resolve(ctx, op, name, m->what[i], m->arg[i], &m->dev[i])))
			return e;
		mdm_devno_fmt(m->mm[i], MDM_DEV_LEN, m->dev[i]);
		for (j = 0; j < i; j++)
			if (m->dev[j] == m->dev[i])
				return mdm_fail(ctx, EINVAL, op, name, "%s and %s are the same device",
				               m->what[j], m->what[i]);
	}
	if ((e = mdm_member_size(m->dev[last], &m->size)))
		return mdm_fail(ctx, e, op, name, "size of %s device", m->what[last]);
	return mdm_meta_read(ctx, op, name, m->dev[0], &m->sb);
}

/* After the caller has checked its arguments against what was read: the
 * metadata judged (with a wipe, the setup wipes and judges; with
 * m->existing, judged here without the wipe and zeros refused, so that
 * the setup finds the kind it wants and neither wipes nor formats).
 * (MDM_NOIPA: inlined into its two callers, mdm_meta_judge's nine
 * arguments are set up twice) */
MDM_NOIPA int mdm_members_judge(struct mdm_ctx *ctx, const char *op, const char *name,
                      struct mdm_members *m)
{
	if (m->existing && m->sb.kind == MDM_SB_ZERO)
		return mdm_fail(ctx, ENODATA, op, name, "metadata superblock all zeros, "
		               "--existing: not formatted");
	return m->wipe && !m->existing ? 0 : mdm_meta_judge(ctx, op, name, m->dev[0], m->cache,
	                                                    false, m->read_only, &m->sb, &m->fresh);
}

int mdm_members_setup(struct mdm_ctx *ctx, const char *op, const char *name, const char *uuid,
                      const struct mdm_table *tab, struct mdm_members *m)
{
	int e = 0;

	if (m->wipe && !(e = mdm_member_resolve(ctx, op, name, "metadata", m->arg[0], &m->dev[0])))
		e = mdm_meta_check(ctx, op, name, m->dev[0], m->cache, true, m->read_only, &m->sb,
		                   &m->fresh);
	return e ? e : mdm_dev_setup(ctx, name, uuid, tab, 0, NULL);
}
