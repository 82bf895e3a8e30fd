/*
 * floor: the floor of `make bench` (runs in the guest; static, musl; built
 * by qemu/bench.sh like benchrun).  Not part of minidm.
 *
 *   floor [-s DEV] NAME UUID MODE TABLE [NAME UUID MODE TABLE]...
 *
 * Opens /dev/mapper/control and, for each device in order, issues only
 * DM_DEV_CREATE (with UUID, "-" for none), DM_TABLE_LOAD (MODE "ro": the
 * read-only flag, else "rw") and DM_DEV_SUSPEND (the resume): the least a
 * program can do to make those devices.  No checks, no /dev/mapper entry,
 * no udev, no output.  TABLE is the table text, one target a line
 * ("START LENGTH TYPE PARAMS", lines split by newlines), as `minidm table
 * NAME` prints it.  -s DEV: first the least a superblock check reads,
 * DEV's first 4 KiB with O_DIRECT (the floor of a check that reads the
 * metadata before the load).  Exits 1 with a line on stderr on the first
 * error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "dm-abi.h"

static union {
	struct dm_ioctl io;
	char b[16384];
} req;

static void die(const char *what, const char *name)
{
	const char *e = strerror(errno);

	write(2, "floor: ", 7);
	write(2, what, strlen(what));
	write(2, " ", 1);
	write(2, name, strlen(name));
	write(2, ": ", 2);
	write(2, e, strlen(e));
	write(2, "\n", 1);
	exit(1);
}

static void head(const char *name, const char *uuid, uint32_t flags)
{
	memset(&req.io, 0, sizeof(req.io));
	req.io.version[0] = DM_VERSION_MAJOR;
	req.io.data_size = sizeof(req.io);
	req.io.data_start = sizeof(req.io);
	req.io.flags = flags;
	strncpy(req.io.name, name, DM_NAME_LEN - 1);
	if (uuid && strcmp(uuid, "-"))
		strncpy(req.io.uuid, uuid, DM_UUID_LEN - 1);
}

/* the load request: one spec a line of text */
static void table(const char *name, char *text)
{
	size_t off = sizeof(req.io);
	char *line, *next;

	for (line = text; line && *line; line = next) {
		struct dm_target_spec *s = (struct dm_target_spec *)(req.b + off);
		char *type, *params;
		size_t plen;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		memset(s, 0, sizeof(*s));
		s->sector_start = strtoull(line, &line, 10);
		s->length = strtoull(line, &line, 10);
		type = line + strspn(line, " ");
		params = type + strcspn(type, " ");
		if (*params)
			*params++ = 0;
		plen = strlen(params) + 1;
		if (off + sizeof(*s) + plen + 8 > sizeof(req) || strlen(type) >= DM_MAX_TYPE_NAME) {
			errno = E2BIG;
			die("table", name);
		}
		strcpy(s->target_type, type);
		memcpy(s + 1, params, plen);
		s->next = (uint32_t)((sizeof(*s) + plen + 7) & ~(size_t)7);
		off += s->next;
		req.io.target_count++;
	}
	req.io.data_size = (uint32_t)off;
}

static _Alignas(4096) char sb[4096];

int main(int argc, char **argv)
{
	int fd;

	if (argc > 2 && !strcmp(argv[1], "-s")) {
		if ((fd = open(argv[2], O_RDONLY | O_DIRECT | O_CLOEXEC)) < 0 ||
		    pread(fd, sb, sizeof(sb), 0) != (ssize_t)sizeof(sb))
			die("read superblock", argv[2]);
		close(fd);
		argv += 2;
		argc -= 2;
	}
	if (argc < 5 || (argc - 1) % 4) {
		errno = EINVAL;
		die("usage:", "floor NAME UUID MODE TABLE...");
	}
	if ((fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC)) < 0)
		die("open", "/dev/mapper/control");
	for (int i = 1; i < argc; i += 4) {
		head(argv[i], argv[i + 1], 0);
		if (ioctl(fd, DM_IOC(DM_DEV_CREATE_CMD), &req) < 0)
			die("create", argv[i]);
		head(argv[i], NULL, strcmp(argv[i + 2], "ro") ? 0 : DM_READONLY_FLAG);
		table(argv[i], argv[i + 3]);
		if (ioctl(fd, DM_IOC(DM_TABLE_LOAD_CMD), &req) < 0)
			die("load", argv[i]);
		head(argv[i], NULL, 0);
		if (ioctl(fd, DM_IOC(DM_DEV_SUSPEND_CMD), &req) < 0)
			die("resume", argv[i]);
	}
	return 0;
}
