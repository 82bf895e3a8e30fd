/* node.c - /dev/mapper entries without udev, and device numbers of nodes.
 *
 * The entry we make is what udev would make: a symlink to ../dm-N when the
 * kernel's devtmpfs node /dev/dm-N exists with the right number, else a
 * block node (0600, root).  udev then finds nothing to fight over.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"

#define MAPPER "/dev/mapper/"

__attribute__((always_inline))
static inline int node_path(char *buf, size_t len, const char *name)
{
	const char *why;

	if (mdm_check_name(name, &why))
		return -EINVAL;
	return snprintf(buf, len, MAPPER "%s", name) < (int)len ? 0 : -ENAMETOOLONG;
}

/* "/dev/dm-MINOR" into dm, then "../dm-MINOR" at dm + 2 (internal.h) */
bool mdm_dm_link(char dm[32], uint32_t major, uint32_t minor)
{
	bool link;

	snprintf(dm, 32, "/dev/dm-%u", minor);
	link = mdm_blk_is(dm, mdm_mkdev(major, minor));
	dm[2] = dm[3] = '.';
	return link;
}

/* The entry: a symlink to ../dm-N when /dev/dm-N is the device, else a
 * block node.  Made first and looked at only when something is there
 * already (one system call less in the usual case): one already right is
 * left, a wrong one replaced; /dev/mapper is made only when it is missing. */
int mdm_node_add(const char *name, uint32_t major, uint32_t minor)
{
	char path[sizeof(MAPPER) + DM_NAME_LEN], dm[32];
	dev_t dev = mdm_mkdev(major, minor);       /* dev_t's encoding */
	struct stat l;
	bool link;
	int e = node_path(path, sizeof(path), name);

	if (e)
		return e;
	link = mdm_dm_link(dm, major, minor);
	for (int tries = 0; tries < 4; tries++) {
		if (!(link ? symlink(dm + 2, path) : mknod(path, S_IFBLK | 0600, dev)))
			return 0;
		if (errno == ENOENT)
			mkdir("/dev/mapper", 0755);
		else if (errno != EEXIST)
			break;
		else if (!lstat(path, &l) && link == S_ISLNK(l.st_mode) && mdm_blk_is(path, dev))
			return 0;
		else
			unlink(path);
	}
	return -errno;
}

int mdm_node_del(const char *name)
{
	char path[sizeof(MAPPER) + DM_NAME_LEN];
	int e = node_path(path, sizeof(path), name);

	if (e)
		return e;
	if (unlink(path) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

int mdm_node_rename(const char *old, const char *newname, uint32_t major, uint32_t minor)
{
	mdm_node_del(old);
	return mdm_node_add(newname, major, minor);
}

/* The number of the device NAME in the list, 0 when it is not there. */
static uint64_t in_list(struct mdm_devlist *l, const char *name)
{
	struct mdm_dev d;

	for (l->i = l->off = 0; mdm_devlist_next(l, &d);)   /* from the start */
		if (!strcmp(d.name, name))
			return d.dev;
	return 0;
}

/* Make /dev/mapper match the kernel: add what is missing, drop entries of
 * devices that are gone.  only != NULL limits it to one name. */
int mdm_mknodes(struct mdm_ctx *ctx, const char *only)
{
	struct mdm_devlist l;
	struct mdm_dev dv;
	DIR *d;
	struct dirent *de;
	int e = mdm_list_devices(ctx, &l);

	if (e)
		return e;
	while (mdm_devlist_next(&l, &dv))
		if (!only || !strcmp(only, dv.name))
			mdm_node_add(dv.name, mdm_major(dv.dev), mdm_minor(dv.dev));
	d = opendir("/dev/mapper");
	while (d && (de = readdir(d))) {
		char path[sizeof(MAPPER) + 256];
		struct stat s;
		uint64_t dev;

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "control") ||
		    (only && strcmp(only, de->d_name)))
			continue;
		snprintf(path, sizeof(path), MAPPER "%s", de->d_name);
		dev = in_list(&l, de->d_name);
		if (dev && mdm_blk_is(path, dev))
			continue;
		if (lstat(path, &s) == 0 && (S_ISBLK(s.st_mode) || S_ISLNK(s.st_mode)))
			unlink(path);
	}
	if (d)
		closedir(d);
	mdm_devlist_free(&l);
	return 0;
}
