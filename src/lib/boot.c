/* boot.c - finding the member devices early boot names: a path, MAJ:MIN,
 * PARTUUID= or PARTLABEL= (the GPT of every whole disk is read), in sysfs
 * and /dev.  The command line and config grammars are in parse/cmdline.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "transport.h"

int mdm_read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* The partition of disk `disk` with number partno, as /dev/NAME: named
 * as the kernel names partitions ("vda" 1: "vda1", "nvme0n1" 1:
 * "nvme0n1p1": a 'p' after a disk name that ends in a digit). */
static int part_path(const char *disk, uint32_t partno, char *path, size_t len)
{
	size_t n = strlen(disk);
	bool p = n && disk[n - 1] >= '0' && disk[n - 1] <= '9';

	if (snprintf(path, len, "/dev/%s%s%u", disk, p ? "p" : "", partno) >= (int)len)
		return -ENAMETOOLONG;
	return access(path, F_OK) ? -ENOENT : 0;
}

/* Search every whole disk's GPT for the partition. */
static int find_gpt(const char *uuid, const char *label, char *path, size_t len)
{
	DIR *d = opendir("/sys/class/block");
	struct dirent *de;
	int e = -ENOENT;

	while (d && e && (de = readdir(d))) {
		char p[300];
		struct mdm_gpt_part part;
		int fd;

		if (de->d_name[0] == '.' || !strncmp(de->d_name, "dm-", 3) ||
		    !strncmp(de->d_name, "ram", 3))
			continue;
		snprintf(p, sizeof(p), "/sys/class/block/%s/partition", de->d_name);
		if (!access(p, F_OK))
			continue;                       /* a partition, not a disk */
		snprintf(p, sizeof(p), "/dev/%s", de->d_name);
		fd = open(p, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!mdm_gpt_find(fd, uuid, label, &part))
			e = part_path(de->d_name, part.partno, path, len);
		close(fd);
	}
	if (d)
		closedir(d);
	return e;
}

/* A device is there once it opens and has a size (a loop device without
 * a backing file, or a disk being probed, has none).  The size ioctl on
 * the node just resolved: cheaper than sysfs's size file. */
static bool has_size(uint64_t dev)
{
	uint64_t n;

	return !mdm_member_size(dev, &n) && n > 0;
}

__attribute__((noinline)) int mdm_member_find(const char *spec, char *path, size_t len)
{
	uint64_t dev;
	int e;

	if (!strncmp(spec, "PARTUUID=", 9))
		return find_gpt(spec + 9, NULL, path, len);
	if (!strncmp(spec, "PARTLABEL=", 10))
		return find_gpt(NULL, spec + 10, path, len);
	if (mdm_strlcpy(path, spec, len))
		return -ENAMETOOLONG;
	if ((e = mdm_devnode_to_devno(spec, &dev)))
		return spec[0] != '/' ? -EINVAL : e;
	return has_size(dev) ? 0 : -ENOENT;
}
