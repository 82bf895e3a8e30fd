/* sysfs.c - what sysfs (and the block layer) say of a device: its kernel
 * name, a dm device's name, its read-ahead. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "internal.h"
#include "transport.h"

#ifndef BLKRAGET
#define BLKRAGET 0x1263   /* _IO(0x12, 99) */
#endif

int mdm_sys_blkname(uint32_t major, uint32_t minor, char *buf, size_t len)
{
	char p[64], l[256];
	ssize_t n;
	const char *b;

	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u%s", major, minor, "");  /* mdm_sys_read's */
	n = readlink(p, l, sizeof(l) - 1);
	if (n <= 0)
		return -ENOENT;
	l[n] = 0;
	b = strrchr(l, '/');
	b = b ? b + 1 : l;
	return mdm_strlcpy(buf, b, len);
}

int mdm_sys_read(uint32_t major, uint32_t minor, const char *file, char *buf, size_t len)
{
	char p[64];

	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u%s", major, minor, file);
	return mdm_read_small(p, buf, len);
}

/* A dm device's own name, else the kernel's name of the device. */
int mdm_sys_devname(uint32_t major, uint32_t minor, char *buf, size_t len)
{
	if (!mdm_sys_read(major, minor, "/dm/name", buf, len))
		return 0;
	return mdm_sys_blkname(major, minor, buf, len);
}

/* sysfs, else BLKRAGET on the /dev/mapper node, as libdevmapper does; a
 * device without a table has neither. */
int mdm_read_ahead(const struct mdm_info *i, uint32_t *sectors)
{
	char p[sizeof("/dev/mapper/") + DM_NAME_LEN], b[24];
	uint64_t kb;
	long ra;
	int fd, e;

	if (!mdm_sys_read(i->major, i->minor, "/bdi/read_ahead_kb", b, sizeof(b)))
		return mdm_parse_u64(b, &kb) || kb > UINT32_MAX / 2 ? -EINVAL
		       : (*sectors = (uint32_t)kb * 2, 0);
	snprintf(p, sizeof(p), "/dev/mapper/%s", i->name);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	e = ioctl(fd, BLKRAGET, &ra) < 0 ? -errno : 0;
	close(fd);
	if (!e)
		*sectors = (uint32_t)ra;
	return e;
}
