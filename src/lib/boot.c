/* boot.c - what early boot reads: the kernel command line, minidm's config
 * lines, and member devices named by path, MAJ:MIN, PARTUUID= or PARTLABEL=.
 *
 * Kernel command line: words separated by blanks; double quotes group
 * blanks into a word and are dropped (dm-mod.create="a,,,rw,0 8 zero").
 *   dm-mod.create=SPEC     the kernel's own grammar (see concise.c)
 *   dm-mod.waitfor=D[,D]   members to wait for before creating
 *   minidm.conf=PATH       config file (default /etc/minidm.conf)
 *   minidm.timeout=SECS    how long to wait for members (default 30)
 *   minidm.ro              activate everything read-only
 * Config lines: words as in a POSIX shell ('...', "...", \c); a word that
 * starts with '#' starts a comment.  Caps: 64 words a line, 4 KiB a line.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "minidm.h"

int mdm_cmdline_split(char *buf, char **words, int max)
{
	int n = 0;
	char *r = buf, *w = buf;

	while (*r) {
		bool quoted = false;

		while (*r == ' ' || *r == '\t' || *r == '\n')
			r++;
		if (!*r)
			break;
		if (n == max)
			return -E2BIG;
		words[n++] = w;
		for (; *r && (quoted || (*r != ' ' && *r != '\t' && *r != '\n')); r++)
			if (*r == '"')
				quoted = !quoted;
			else
				*w++ = *r;
		if (*r)
			r++;
		*w++ = 0;
	}
	return n;
}

int mdm_config_split(char *line, char **words, int max, const char **why)
{
	char *r = line, *w = line;
	int n = 0;

	*why = NULL;
	for (;;) {
		char q = 0;

		while (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n')
			r++;
		if (!*r || *r == '#')
			return n;
		if (n == max)
			return *why = "too many words", -E2BIG;
		words[n++] = w;
		for (; *r && (q || !strchr(" \t\r\n", *r)); r++) {
			if (*r == '\\' && q != '\'' && r[1]) {
				*w++ = *++r;
			} else if ((*r == '\'' || *r == '"') && (!q || q == *r)) {
				q = (char)(q ? 0 : *r);
			} else {
				*w++ = *r;
			}
		}
		if (q)
			return *why = "unterminated quote", -EINVAL;
		if (*r)
			r++;
		*w++ = 0;
	}
}

void mdm_boot_params_parse(char **words, int n, struct mdm_boot_params *bp)
{
	memset(bp, 0, sizeof(*bp));
	bp->conf = "/etc/minidm.conf";
	bp->timeout = 30;
	for (int i = 0; i < n; i++) {
		const char *w = words[i];
		uint32_t t;

		if (!strncmp(w, "dm-mod.create=", 14))
			bp->create = w + 14;
		else if (!strncmp(w, "dm-mod.waitfor=", 15))
			bp->waitfor = w + 15;
		else if (!strncmp(w, "minidm.conf=", 12))
			bp->conf = w + 12, bp->conf_given = true;
		else if (!strncmp(w, "minidm.timeout=", 15) && !mdm_parse_u32(w + 15, &t))
			bp->timeout = t;
		else if (!strcmp(w, "minidm.ro"))
			bp->ro = true;
	}
}

static int read_small(const char *path, char *buf, size_t len)
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

/* The partition of disk `disk` with number partno, as /dev/NAME. */
static int part_path(const char *disk, uint32_t partno, char *path, size_t len)
{
	char p[600], b[16];
	struct dirent *de;
	DIR *d;
	int e = -ENOENT;

	snprintf(p, sizeof(p), "/sys/class/block/%s", disk);
	d = opendir(p);
	while (d && (de = readdir(d))) {
		uint32_t n;

		if (strncmp(de->d_name, disk, strlen(disk)))
			continue;
		snprintf(p, sizeof(p), "/sys/class/block/%s/%s/partition", disk, de->d_name);
		if (!read_small(p, b, sizeof(b)) && !mdm_parse_u32(b, &n) && n == partno) {
			snprintf(path, len, "/dev/%s", de->d_name);
			e = access(path, F_OK) ? -ENOENT : 0;
			break;
		}
	}
	if (d)
		closedir(d);
	return e;
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

/* A device is there once the kernel knows it and it has a size (a loop
 * device without a backing file, or a disk being probed, has none). */
static bool has_size(uint64_t dev)
{
	char p[64], b[32];
	uint64_t n;

	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u/size", mdm_major(dev), mdm_minor(dev));
	return !read_small(p, b, sizeof(b)) && !mdm_parse_u64(b, &n) && n > 0;
}

int mdm_member_find(const char *spec, char *path, size_t len)
{
	struct stat s;
	uint64_t dev;

	if (!strncmp(spec, "PARTUUID=", 9))
		return find_gpt(spec + 9, NULL, path, len);
	if (!strncmp(spec, "PARTLABEL=", 10))
		return find_gpt(NULL, spec + 10, path, len);
	if (snprintf(path, len, "%s", spec) >= (int)len)
		return -ENAMETOOLONG;
	if (mdm_devnode_to_devno(spec, &dev))
		return spec[0] != '/' ? -EINVAL : stat(spec, &s) < 0 ? -errno : -ENOTBLK;
	return has_size(dev) ? 0 : -ENOENT;
}

/* Does a word name a member?  Copies the member part (a segment's DEV in
 * DEV:START:LEN) into out. */
bool mdm_member_word(const char *w, char *out, size_t len)
{
	size_t n;

	if (!strncmp(w, "PARTUUID=", 9) || !strncmp(w, "PARTLABEL=", 10) || w[0] == '/') {
		if (w[0] == '/' && strncmp(w, "/dev/", 5))
			return false;
		n = strcspn(w, ":");
	} else {
		size_t a = strspn(w, "0123456789"), b;

		if (!a || w[a] != ':')
			return false;
		b = strspn(w + a + 1, "0123456789");
		if (!b || (w[a + 1 + b] && w[a + 1 + b] != ':'))
			return false;
		n = a + 1 + b;
	}
	if (n >= len)
		return false;
	memcpy(out, w, n);
	out[n] = 0;
	return true;
}
