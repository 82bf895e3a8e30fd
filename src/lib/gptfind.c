/* gptfind.c - find a partition by PARTUUID or PARTLABEL without libblkid:
 * read a device's GPT with pread() and walk its entry array a buffer at a
 * time (the parsers are in parse/gpt.c).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

#define CHUNK 4096u             /* bytes of the entry array read at a time */

static int read_at(int fd, uint8_t *buf, size_t n, uint64_t off)
{
	while (n) {
		ssize_t r = pread(fd, buf, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EIO;
		buf += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/* What find_at and find_entries return when there is no valid GPT at
 * that LBA (header, size or entry CRC), so the next place is tried. */
#define NO_GPT 1

/* Walk the entry array a chunk at a time: CRC all of it, remember the
 * first match, and believe the match only if the CRC holds.  The scan
 * decodes into *p; what it holds without a match mdm_gpt_find clears. */
static int find_entries(int fd, const struct mdm_gpt_hdr *h, const struct mdm_gpt_want *w,
                        struct mdm_gpt_part *p)
{
	uint8_t buf[CHUNK];
	size_t total = mdm_gpt_entries_bytes(h), done = 0;
	uint32_t crc = 0;
	int r, found = -ENOENT;

	while (done < total) {
		size_t n = total - done < CHUNK ? total - done : CHUNK;

		r = read_at(fd, buf, n, h->entries_lba * h->sector_size + done);
		if (r < 0)
			return r;
		crc = mdm_crc32(crc, buf, n);
		if (found == -ENOENT)
			found = mdm_gpt_scan(h, buf, (uint32_t)(n / h->entry_size),
			             (uint32_t)(done / h->entry_size) + 1, w, p);
		done += n;
	}
	return crc == h->entries_crc ? found : NO_GPT;
}

/* 0, -ENOENT or -EINVAL (the match's range is impossible) from a valid
 * GPT at lba; NO_GPT if there is none there.  As for the kernel, a valid
 * primary is the answer even when its entry for us is bad: the backup
 * may describe other partitions than the ones the kernel made. */
static int find_at(int fd, uint32_t ssz, uint64_t lba, uint64_t disk,
                   const struct mdm_gpt_want *w, struct mdm_gpt_part *p)
{
	uint8_t sec[MDM_LBS_MAX];
	struct mdm_gpt_hdr h;
	int r = read_at(fd, sec, ssz, lba * ssz);

	if (r < 0)
		return r == -EIO ? NO_GPT : r;
	if (mdm_gpt_parse_header(sec, ssz, ssz, lba, disk, &h) < 0)
		return NO_GPT;
	return find_entries(fd, &h, w, p);
}

int mdm_gpt_find(int fd, const char *partuuid, const char *partlabel,
                 struct mdm_gpt_part *p)
{
	static const uint32_t sizes[] = { MDM_LBS_MIN, MDM_LBS_MAX };
	struct mdm_gpt_want w;
	off_t end;
	size_t i;
	int r;

	memset(p, 0, sizeof(*p));
	if ((r = mdm_gpt_want_init(&w, partuuid, partlabel)) < 0)
		return r;
	end = lseek(fd, 0, SEEK_END);
	if (end < 0)
		return -errno;
	r = NO_GPT;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t disk = (uint64_t)end / sizes[i];

		if (disk < 3)
			break;
		r = find_at(fd, sizes[i], 1, disk, &w, p);
		if (r == NO_GPT)
			r = find_at(fd, sizes[i], disk - 1, disk, &w, p);
		if (r != NO_GPT)
			break;
	}
	if (r == NO_GPT)
		r = -EINVAL;
	if (r)
		memset(p, 0, sizeof(*p));
	return r;
}
