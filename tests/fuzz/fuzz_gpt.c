/* fuzz_gpt.c - GPT headers and entry arrays (gpt.c).
 *
 * The input is a disk image.  For 512- and 4096-byte sectors, the headers
 * at LBA 1 and at the last LBA go through mdm_gpt_parse_header, and the
 * entry array of a header that parses through mdm_gpt_check_entries,
 * mdm_gpt_entry and mdm_gpt_match, each from a buffer of exactly the bytes
 * it may read.  Then mdm_gpt_find reads the image from a memfd.  All of it
 * runs twice: on the bytes as they are, and with every CRC made right so
 * the fuzzer gets past the checksums.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fuzz.h"
#include "minidm-status.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

/* Make the CRCs of the header at byte offset at right, if it is one. */
static void fix_header(uint8_t *img, size_t size, size_t at, uint32_t ssz)
{
	uint8_t *h = img + at;
	uint64_t ent;
	uint32_t hs;
	size_t n;

	if (at > size || size - at < ssz || memcmp(h, "EFI PART", 8))
		return;
	ent = le64(h + 72);
	n = (size_t)le32(h + 80) * le32(h + 84);
	if (n <= MDM_GPT_MAX_ENTRIES * 512u && ent < size / ssz && n <= size - ent * ssz)
		put_le32(h + 88, mdm_crc32(0, img + ent * ssz, n));
	hs = le32(h + 12);
	if (hs >= 92 && hs <= ssz) {
		put_le32(h + 16, 0);
		put_le32(h + 16, mdm_crc32(0, h, hs));
	}
}

static void entries(const struct mdm_gpt_hdr *h, const uint8_t *img)
{
	size_t n = mdm_gpt_entries_bytes(h);
	uint8_t *ent = malloc(n);
	struct mdm_gpt_part p, m;
	char uuid[37];

	FUZZ_CHECK(ent);
	memcpy(ent, img + h->entries_lba * h->sector_size, n);
	if (mdm_gpt_check_entries(h, ent, n)) {
		free(ent);
		return;
	}
	for (uint32_t i = 0; i < h->n_entries; i++) {
		if (mdm_gpt_entry(h, ent, n, i, &p))
			continue;
		FUZZ_CHECK(p.partno == i + 1 && strlen(p.name) < sizeof(p.name));
		FUZZ_CHECK(p.first_lba <= p.last_lba && p.last_lba <= h->last_usable);
		mdm_guid_format(p.guid, uuid);
		/* the first entry with that GUID (or name) matches */
		FUZZ_CHECK(mdm_gpt_match(h, ent, n, uuid, NULL, &m) != -ENOENT);
		FUZZ_CHECK(mdm_gpt_match(h, ent, n, NULL, p.name, &m) != -ENOENT);
	}
	FUZZ_CHECK(mdm_gpt_entry(h, ent, n, h->n_entries, &p) == -EINVAL);
	free(ent);
}

static void headers(const uint8_t *img, size_t size, uint32_t ssz)
{
	uint64_t disk = size / ssz, lbas[2] = { 1, disk - 1 };
	struct mdm_gpt_hdr h;
	uint8_t *sec;

	if (disk < 3)
		return;
	sec = malloc(ssz);
	FUZZ_CHECK(sec);
	for (int i = 0; i < 2; i++) {
		memcpy(sec, img + lbas[i] * ssz, ssz);
		if (mdm_gpt_parse_header(sec, ssz, ssz, lbas[i], disk, &h))
			continue;
		FUZZ_CHECK(h.my_lba == lbas[i] && h.entries_lba < disk);
		FUZZ_CHECK(h.entries_lba * ssz + mdm_gpt_entries_bytes(&h) <= size);
		entries(&h, img);
	}
	free(sec);
}

static void find(const uint8_t *img, size_t size)
{
	static int fd = -1;
	struct mdm_gpt_part p;
	char uuid[37];
	int r;

	if (fd < 0)
		fd = memfd_create("gpt", 0);
	FUZZ_CHECK(fd >= 0 && ftruncate(fd, 0) == 0 && ftruncate(fd, (off_t)size) == 0);
	FUZZ_CHECK(pwrite(fd, img, size, 0) == (ssize_t)size);
	r = mdm_gpt_find(fd, NULL, "minidm-meta", &p);
	FUZZ_CHECK(r == 0 || r == -ENOENT || r == -EINVAL);
	if (r)
		return;
	FUZZ_CHECK(!strcmp(p.name, "minidm-meta") && p.partno >= 1);
	/* an earlier entry may carry the same GUID with a bad range */
	mdm_guid_format(p.guid, uuid);
	FUZZ_CHECK(mdm_gpt_find(fd, uuid, NULL, &p) != -ENOENT);
}

static void run(const uint8_t *img, size_t size)
{
	headers(img, size, 512);
	headers(img, size, 4096);
	find(img, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img = malloc(size ? size : 1);

	FUZZ_CHECK(img);
	memcpy(img, data, size);
	run(img, size);
	for (uint32_t ssz = 512; ssz <= 4096; ssz *= 8) {
		fix_header(img, size, ssz, ssz);
		if (size / ssz >= 3)
			fix_header(img, size, (size / ssz - 1) * ssz, ssz);
	}
	run(img, size);
	free(img);
	return 0;
}
