/* test_gpt.c - GPT parsing and partition lookup.
 *
 * data/gpt-sectors.bin holds the only non-zero sectors of a 4 MiB (8192
 * sector) image partitioned by sfdisk 2.38.1 (see data/README): LBA 0, 1,
 * 2 (protective MBR, primary header, first entry sector), 8159 (first
 * backup entry sector) and 8191 (backup header).  The tests rebuild the
 * image around them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "minidm-status.h"
#include "t.h"

#define SEC 512
#define DISK 8192u
#define ENT_BYTES (128 * 128)

static uint8_t raw[5 * SEC];
static const uint64_t raw_lba[5] = { 0, 1, 2, 8159, 8191 };

#define UUID1 "1B4E28BA-2FA1-11D2-883F-0016D3CCA427"
#define UUID2 "0D7C8A5E-3B2F-4E6A-9F10-ABCDEF012345"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Recompute a header's CRC after a change (over 92 bytes if the size
 * field says something a sector cannot hold). */
static void reseal(uint8_t *hdr)
{
	uint32_t n = get32(hdr + 12);

	put32(hdr + 16, 0);
	put32(hdr + 16, mdm_crc32(0, hdr, n >= 92 && n <= SEC ? n : 92));
}

static size_t load(const char *name, uint8_t *buf, size_t cap)
{
	char path[512];
	const char *slash = strrchr(__FILE__, '/');
	int dir = slash ? (int)(slash - __FILE__ + 1) : 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%.*sdata/%s", dir, __FILE__, name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return 0;
	}
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

/* A temporary sparse image of DISK sectors with the recorded sectors. */
static int make_image(void)
{
	char path[] = "/tmp/minidm-gpt-XXXXXX";
	int fd = mkstemp(path);
	size_t i;

	if (fd < 0)
		return -1;
	unlink(path);
	if (ftruncate(fd, (off_t)DISK * SEC) < 0)
		return -1;
	for (i = 0; i < 5; i++)
		if (pwrite(fd, raw + i * SEC, SEC, (off_t)(raw_lba[i] * SEC)) != SEC)
			return -1;
	return fd;
}

static void test_header(void)
{
	static uint8_t ent[ENT_BYTES];
	struct mdm_gpt_hdr h;
	char g[37];

	T_EQ_U64(mdm_gpt_parse_header(raw + SEC, SEC, SEC, 1, DISK, &h), 0);
	T_EQ_U64(h.sector_size, 512);
	T_EQ_U64(h.header_size, 92);
	T_EQ_U64(h.my_lba, 1);
	T_EQ_U64(h.alt_lba, 8191);
	T_EQ_U64(h.first_usable, 34);
	T_EQ_U64(h.last_usable, 8158);
	T_EQ_U64(h.entries_lba, 2);
	T_EQ_U64(h.n_entries, 128);
	T_EQ_U64(h.entry_size, 128);
	T_EQ_U64(mdm_gpt_entries_bytes(&h), ENT_BYTES);
	mdm_guid_format(h.disk_guid, g);
	T_EQ_STR(g, "5a2c4e1b-7d3f-4a8b-9c6d-1e2f3a4b5c6d");
	memcpy(ent, raw + 2 * SEC, SEC);
	T_EQ_U64(mdm_gpt_check_entries(&h, ent, sizeof(ent)), 0);
	T_EQ_U64(mdm_gpt_check_entries(&h, ent, sizeof(ent) - 1), -EINVAL);

	/* the backup header, read from the last LBA */
	T_EQ_U64(mdm_gpt_parse_header(raw + 4 * SEC, SEC, SEC, DISK - 1, DISK, &h), 0);
	T_EQ_U64(h.my_lba, 8191);
	T_EQ_U64(h.alt_lba, 1);
	T_EQ_U64(h.entries_lba, 8159);
	memcpy(ent, raw + 3 * SEC, SEC);
	T_EQ_U64(mdm_gpt_check_entries(&h, ent, sizeof(ent)), 0);
	/* a header is only good where it says it is */
	T_EQ_U64(mdm_gpt_parse_header(raw + 4 * SEC, SEC, SEC, 1, DISK, &h), -EINVAL);
	T_EQ_U64(mdm_gpt_parse_header(raw + SEC, SEC, SEC, 1, 100, &h), -EINVAL);
	T_EQ_U64(mdm_gpt_parse_header(raw + SEC, 91, SEC, 1, DISK, &h), -EINVAL);
	T_EQ_U64(mdm_gpt_parse_header(raw + SEC, SEC, 1000, 1, DISK, &h), -EINVAL);
	T_EQ_U64(mdm_gpt_parse_header(NULL, SEC, SEC, 1, DISK, &h), -EINVAL);
	T_EQ_U64(mdm_gpt_parse_header(raw, SEC, SEC, 1, DISK, &h), -EINVAL);   /* the MBR */
}

/* Change one header field, reseal, and expect a refusal. */
static void bad_field(size_t off, int width, uint64_t v)
{
	uint8_t s[SEC];
	struct mdm_gpt_hdr h;

	memcpy(s, raw + SEC, SEC);
	if (width == 4)
		put32(s + off, (uint32_t)v);
	else
		put64(s + off, v);
	reseal(s);
	T_EQ_U64(mdm_gpt_parse_header(s, SEC, SEC, 1, DISK, &h), -EINVAL);
}

static void test_header_bad(void)
{
	uint8_t s[SEC];
	struct mdm_gpt_hdr h;
	size_t i;

	for (i = 0; i < 92; i++) {              /* every header byte is covered */
		memcpy(s, raw + SEC, SEC);
		s[i] ^= 0x04;
		T_EQ_U64(mdm_gpt_parse_header(s, SEC, SEC, 1, DISK, &h), -EINVAL);
	}
	memcpy(s, raw + SEC, SEC);
	s[200] ^= 1;                            /* past header_size: not covered */
	T_EQ_U64(mdm_gpt_parse_header(s, SEC, SEC, 1, DISK, &h), 0);

	bad_field(80, 4, 100000);               /* entry count */
	bad_field(80, 4, 1025);
	bad_field(80, 4, 0);
	bad_field(80, 4, 0xffffffffu);
	bad_field(84, 4, 64);                   /* entry size */
	bad_field(84, 4, 192);
	bad_field(84, 4, 0x80000000u);
	bad_field(12, 4, 91);                   /* header size */
	bad_field(12, 4, 513);
	bad_field(72, 8, DISK);                 /* entries past the disk */
	bad_field(72, 8, DISK - 10);
	bad_field(72, 8, 1);                    /* entries over the header */
	bad_field(72, 8, UINT64_MAX);
	bad_field(48, 8, DISK);                 /* last usable */
	bad_field(40, 8, 8159);                 /* first usable > last usable */
	bad_field(24, 8, 2);                    /* my LBA */

	/* the largest sane count is accepted */
	memcpy(s, raw + SEC, SEC);
	put32(s + 80, 1024);
	reseal(s);
	T_EQ_U64(mdm_gpt_parse_header(s, SEC, SEC, 1, DISK, &h), 0);
	T_EQ_U64(mdm_gpt_entries_bytes(&h), 1024 * 128);
}

static void test_match(void)
{
	static uint8_t ent[ENT_BYTES];
	struct mdm_gpt_hdr h;
	struct mdm_gpt_part p;
	char g[37];

	T_EQ_U64(mdm_gpt_parse_header(raw + SEC, SEC, SEC, 1, DISK, &h), 0);
	memcpy(ent, raw + 2 * SEC, SEC);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), UUID1, NULL, &p), 0);
	T_EQ_U64(p.partno, 1);
	T_EQ_U64(p.first_lba, 2048);
	T_EQ_U64(p.last_lba, 4095);
	T_EQ_STR(p.name, "minidm-meta");
	mdm_guid_format(p.guid, g);
	T_EQ_STR(g, "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
	mdm_guid_format(p.type_guid, g);
	T_EQ_STR(g, "0fc63daf-8483-4772-8e79-3d69d8477de4");
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), "0d7c8a5e-3b2f-4e6a-9f10-abcdef012345",
	                       NULL, &p), 0);
	T_EQ_U64(p.partno, 2);
	T_EQ_U64(p.first_lba, 4096);
	T_EQ_U64(p.last_lba, 6143);
	T_EQ_STR(p.name, "donn\xc3\xa9" "es");
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), NULL, "donn\xc3\xa9" "es", &p), 0);
	T_EQ_U64(p.partno, 2);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), NULL, "minidm-meta", &p), 0);
	T_EQ_U64(p.partno, 1);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), UUID1, "minidm-meta", &p), 0);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), UUID2, "minidm-meta", &p), -ENOENT);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), NULL, "donnees", &p), -ENOENT);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), NULL, "MINIDM-META", &p), -ENOENT);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), NULL, "minidm-met", &p), -ENOENT);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), "1b4e28ba-2fa1-11d2-883f-0016d3cca428",
	                       NULL, &p), -ENOENT);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), "1b4e28ba2fa111d2883f0016d3cca427",
	                       NULL, &p), -EINVAL);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), NULL, NULL, &p), -EINVAL);
	ent[SEC + 5] = 1;                       /* an unused slot, covered by the CRC */
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), UUID1, NULL, &p), -EINVAL);
	ent[SEC + 5] = 0;

	T_EQ_U64(mdm_gpt_entry(&h, ent, sizeof(ent), 0, &p), 0);
	T_EQ_STR(p.name, "minidm-meta");
	T_EQ_U64(mdm_gpt_entry(&h, ent, sizeof(ent), 2, &p), 1);
	T_EQ_U64(mdm_gpt_entry(&h, ent, sizeof(ent), 127, &p), 1);
	T_EQ_U64(mdm_gpt_entry(&h, ent, sizeof(ent), 128, &p), -EINVAL);
	T_EQ_U64(mdm_gpt_entry(&h, ent, 255, 1, &p), -EINVAL);
	T_EQ_U64(mdm_gpt_entry(&h, ent, 256, 1, &p), 0);
	T_EQ_U64(p.partno, 2);
}

/* Entries made by hand: odd names and an impossible range. */
static void test_crafted(void)
{
	static uint8_t ent[ENT_BYTES];
	static const uint8_t name[] = {
		'r', 0, 0x3d, 0xd8, 0x00, 0xde, 0x00, 0xdc, 'x', 0, 0x3d, 0xd8 };
	uint8_t s[SEC];
	struct mdm_gpt_hdr h;
	struct mdm_gpt_part p;

	memcpy(s, raw + SEC, SEC);
	memcpy(ent, raw + 2 * SEC, SEC);
	memset(ent + 56, 0, 72);
	memcpy(ent + 56, name, sizeof(name));   /* r, U+1F600, lone low, x, lone high */
	memset(ent + 128 + 56, 'A', 72);        /* 36 x U+4141, no terminator */
	put64(ent + 128 + 32, 5000);            /* first > last */
	put64(ent + 128 + 40, 4999);
	put32(s + 88, mdm_crc32(0, ent, sizeof(ent)));
	reseal(s);
	T_EQ_U64(mdm_gpt_parse_header(s, SEC, SEC, 1, DISK, &h), 0);
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), UUID1, NULL, &p), 0);
	T_EQ_STR(p.name, "r\xf0\x9f\x98\x80\xef\xbf\xbdx\xef\xbf\xbd");
	T_EQ_U64(mdm_gpt_match(&h, ent, sizeof(ent), UUID2, NULL, &p), -EINVAL);
	T_EQ_U64(mdm_gpt_entry(&h, ent, sizeof(ent), 1, &p), -EINVAL);
	T_EQ_U64(strlen(p.name), 108);
	put64(ent + 128 + 32, 10);              /* before first usable */
	put32(s + 88, mdm_crc32(0, ent, sizeof(ent)));
	reseal(s);
	T_EQ_U64(mdm_gpt_parse_header(s, SEC, SEC, 1, DISK, &h), 0);
	T_EQ_U64(mdm_gpt_entry(&h, ent, sizeof(ent), 1, &p), -EINVAL);
}

static void test_guid(void)
{
	uint8_t g[16];
	char buf[37];

	T_EQ_U64(mdm_guid_parse(UUID1, g), 0);
	T_EQ_U64(g[0], 0xba);                   /* first field little-endian */
	T_EQ_U64(g[3], 0x1b);
	T_EQ_U64(g[4], 0xa1);
	T_EQ_U64(g[6], 0xd2);
	T_EQ_U64(g[8], 0x88);                   /* last two fields in order */
	T_EQ_U64(g[15], 0x27);
	mdm_guid_format(g, buf);
	T_EQ_STR(buf, "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
	T_EQ_U64(mdm_guid_parse("1b4e28ba-2fa1-11d2-883f-0016d3cca42", g), -EINVAL);
	T_EQ_U64(mdm_guid_parse("1b4e28ba-2fa1-11d2-883f-0016d3cca4271", g), -EINVAL);
	T_EQ_U64(mdm_guid_parse("1b4e28ba-2fa1-11d2-883f-0016d3cca42g", g), -EINVAL);
	T_EQ_U64(mdm_guid_parse("1b4e28ba-2fa1-11d2-883f+0016d3cca427", g), -EINVAL);
	T_EQ_U64(mdm_guid_parse("1b4e28ba-2fa1-11d2-883f-0016d3cca427 ", g), -EINVAL);
	T_EQ_U64(mdm_guid_parse("", g), -EINVAL);
}

static void test_find(void)
{
	struct mdm_gpt_part p;
	uint8_t junk = 0xff;
	int fd = make_image();

	T_CHECK(fd >= 0);
	if (fd < 0)
		return;
	T_EQ_U64(mdm_gpt_find(fd, UUID1, NULL, &p), 0);
	T_EQ_U64(p.partno, 1);
	T_EQ_U64(p.first_lba, 2048);
	T_EQ_U64(p.last_lba, 4095);
	T_EQ_U64(mdm_gpt_find(fd, NULL, "donn\xc3\xa9" "es", &p), 0);
	T_EQ_U64(p.partno, 2);
	T_EQ_U64(mdm_gpt_find(fd, NULL, "nope", &p), -ENOENT);
	T_EQ_U64(p.partno, 0);
	T_EQ_U64(mdm_gpt_find(fd, "bad", NULL, &p), -EINVAL);

	/* a corrupt primary header: the backup answers */
	T_EQ_U64(pwrite(fd, &junk, 1, SEC + 40), 1);
	T_EQ_U64(mdm_gpt_find(fd, UUID2, NULL, &p), 0);
	T_EQ_U64(p.partno, 2);
	T_EQ_U64(pwrite(fd, raw + SEC, SEC, SEC), SEC);
	/* a corrupt primary entry array: the backup answers */
	T_EQ_U64(pwrite(fd, &junk, 1, 2 * SEC + 300), 1);
	T_EQ_U64(mdm_gpt_find(fd, NULL, "minidm-meta", &p), 0);
	T_EQ_U64(p.partno, 1);
	/* and both corrupt: no GPT */
	T_EQ_U64(pwrite(fd, &junk, 1, (off_t)(DISK - 1) * SEC + 40), 1);
	T_EQ_U64(mdm_gpt_find(fd, NULL, "minidm-meta", &p), -EINVAL);
	/* too small to hold a GPT */
	T_EQ_U64(ftruncate(fd, 1024), 0);
	T_EQ_U64(mdm_gpt_find(fd, UUID1, NULL, &p), -EINVAL);
	close(fd);
	T_EQ_U64(mdm_gpt_find(fd, UUID1, NULL, &p), -EBADF);
}

/* A valid primary whose entry for us has an impossible range: the kernel
 * uses the primary and makes no such partition, so the lookup fails
 * rather than taking the entry from the backup (whose partition numbers
 * need not be the kernel's). */
static void test_find_primary_wins(void)
{
	static uint8_t ent[ENT_BYTES];
	uint8_t hdr[SEC];
	struct mdm_gpt_part p;
	int fd = make_image();

	T_CHECK(fd >= 0);
	if (fd < 0)
		return;
	memcpy(ent, raw + 2 * SEC, SEC);
	put64(ent + 32, 5000);                  /* partition 1: first > last */
	memcpy(hdr, raw + SEC, SEC);
	put32(hdr + 88, mdm_crc32(0, ent, sizeof(ent)));
	reseal(hdr);
	T_EQ_U64(pwrite(fd, hdr, SEC, SEC), SEC);
	T_EQ_U64(pwrite(fd, ent, SEC, 2 * SEC), SEC);
	T_EQ_U64(mdm_gpt_find(fd, NULL, "minidm-meta", &p), -EINVAL);
	T_EQ_U64(mdm_gpt_find(fd, UUID1, NULL, &p), -EINVAL);
	T_EQ_U64(mdm_gpt_find(fd, UUID2, NULL, &p), 0);
	T_EQ_U64(p.partno, 2);
	close(fd);
}

/* The same table laid out on 4096-byte sectors. */
static void test_find_4k(void)
{
	static uint8_t ent[ENT_BYTES];
	uint8_t hdr[4096];
	char path[] = "/tmp/minidm-gpt4k-XXXXXX";
	struct mdm_gpt_part p;
	int fd = mkstemp(path);

	T_CHECK(fd >= 0);
	if (fd < 0)
		return;
	unlink(path);
	memcpy(ent, raw + 2 * SEC, SEC);
	put64(ent + 32, 256);                   /* partition 1: LBAs 256..511 */
	put64(ent + 40, 511);
	put64(ent + 128 + 32, 512);
	put64(ent + 128 + 40, 767);
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, raw + SEC, 92);
	put64(hdr + 32, 2047);                  /* alternate */
	put64(hdr + 40, 6);                     /* first usable */
	put64(hdr + 48, 2042);                  /* last usable */
	put32(hdr + 88, mdm_crc32(0, ent, sizeof(ent)));
	reseal(hdr);
	T_EQ_U64(ftruncate(fd, 2048 * 4096), 0);
	T_EQ_U64(pwrite(fd, hdr, sizeof(hdr), 4096), sizeof(hdr));
	T_EQ_U64(pwrite(fd, ent, sizeof(ent), 2 * 4096), sizeof(ent));
	T_EQ_U64(mdm_gpt_find(fd, NULL, "donn\xc3\xa9" "es", &p), 0);
	T_EQ_U64(p.partno, 2);
	T_EQ_U64(p.first_lba, 512);
	T_EQ_U64(p.last_lba, 767);
	close(fd);
}

/* Random headers with a valid CRC must never read out of bounds. */
static void test_random_headers(void)
{
	static uint8_t ent[ENT_BYTES];
	uint8_t s[SEC];
	struct mdm_gpt_hdr h;
	struct mdm_gpt_part p;
	uint32_t x = 1;
	unsigned i, j, ok = 0;

	memcpy(ent, raw + 2 * SEC, SEC);
	for (i = 0; i < 20000; i++) {
		memcpy(s, raw + SEC, SEC);
		for (j = 0; j < 3; j++) {
			x = x * 1103515245u + 12345u;
			s[24 + (x >> 8) % 68] = (uint8_t)(x >> 20);
		}
		reseal(s);
		if (mdm_gpt_parse_header(s, SEC, SEC, 1, DISK, &h) < 0)
			continue;
		ok++;
		if (mdm_gpt_entries_bytes(&h) <= sizeof(ent))
			(void)mdm_gpt_match(&h, ent, sizeof(ent), NULL, "minidm-meta", &p);
		for (j = 0; j < h.n_entries; j += 7)
			(void)mdm_gpt_entry(&h, ent, sizeof(ent), j, &p);
	}
	T_CHECK(ok > 0);
}

int main(void)
{
	T_EQ_U64(load("gpt-sectors.bin", raw, sizeof(raw)), sizeof(raw));
	test_header();
	test_header_bad();
	test_match();
	test_crafted();
	test_guid();
	test_find();
	test_find_primary_wins();
	test_find_4k();
	test_random_headers();
	return t_done();
}
