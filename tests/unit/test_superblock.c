/* test_superblock.c - crc32c/crc32 and metadata superblock classification.
 * tests/unit/data/{thin,cache}-sb*.bin are the first 4 KiB of metadata
 * written by thin_restore / cache_restore 0.9.0 (see data/README). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "minidm-status.h"
#include "t.h"

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

/* Both steps: the classification and the details. */
static int classify(const uint8_t *b, size_t len, struct mdm_sb *sb)
{
	int e = mdm_sb_classify(b, len, sb);

	if (!e)
		mdm_sb_details(b, sb);
	return e;
}

/* The kernel's dm_bm_checksum: crc32c seeded ~0, not inverted, ^ xor. */
static void seal(uint8_t *b, uint32_t xor)
{
	put32(b, ~mdm_crc32c(0, b + 4, MDM_SB_SIZE - 4) ^ xor);
}

/* Load tests/unit/data/NAME, found next to this source file. */
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

static void test_crc(void)
{
	T_EQ_U64(mdm_crc32c(0, "123456789", 9), 0xe3069283u);
	T_EQ_U64(mdm_crc32(0, "123456789", 9), 0xcbf43926u);
	T_EQ_U64(mdm_crc32c(mdm_crc32c(0, "1234", 4), "56789", 5), 0xe3069283u);
	T_EQ_U64(mdm_crc32(mdm_crc32(0, "12", 2), "3456789", 7), 0xcbf43926u);
	T_EQ_U64(mdm_crc32c(0, "", 0), 0);
	T_EQ_U64(mdm_crc32(0, "", 0), 0);
}

/* The definition, a bit at a time: the byte tables must agree with it on
 * every byte value, with the polynomials alternating (each call may
 * rebuild the table of the other). */
static uint32_t crc_bits(uint32_t crc, const uint8_t *p, size_t len, uint32_t poly)
{
	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ poly : crc >> 1;
	}
	return ~crc;
}

static void test_crc_tables(void)
{
	static uint8_t buf[4096];
	uint32_t x = 12345;

	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = i < 512 ? (uint8_t)i : (uint8_t)(x >> 16);
	}
	for (size_t len = 0; len <= sizeof(buf); len += len < 600 ? 1 : 509) {
		T_EQ_U64(mdm_crc32c(0, buf, len), crc_bits(0, buf, len, 0x82f63b78u));
		T_EQ_U64(mdm_crc32(0, buf, len), crc_bits(0, buf, len, 0xedb88320u));
		T_EQ_U64(mdm_crc32c(7, buf, len), crc_bits(7, buf, len, 0x82f63b78u));
	}
	T_EQ_U64(mdm_crc32(0, buf, sizeof(buf)), crc_bits(0, buf, sizeof(buf), 0xedb88320u));
}

static void make_thin(uint8_t *b)
{
	memset(b, 0, MDM_SB_SIZE);
	put32(b + 4, 0);                        /* flags */
	put64(b + 8, 0);                        /* blocknr */
	memcpy(b + 16, "0123456789abcdef", 16);
	put64(b + 32, 27022010);
	put32(b + 40, 2);                       /* version */
	put32(b + 44, 5);                       /* time */
	put64(b + 48, 99);                      /* transaction id */
	put64(b + 56, 0);                       /* held root */
	put64(b + 64, 16384);                   /* data sm: nr_blocks */
	put64(b + 72, 100);                     /* data sm: nr_allocated */
	put32(b + 336, 128);
	put32(b + 340, 8);
	put64(b + 344, 1024);
	seal(b, 160774);
}

static void make_cache(uint8_t *b)
{
	memset(b, 0, MDM_SB_SIZE);
	put32(b + 4, MDM_CACHE_SB_CLEAN);
	put64(b + 32, 06142003);                /* octal, as the kernel has it */
	put32(b + 40, 2);
	memcpy(b + 44, "smq", 3);
	put32(b + 60, 4);
	put32(b + 232, 512);
	put32(b + 236, 8);
	put32(b + 240, 4096);
	put32(b + 272, 2);
	put32(b + 276, 0);
	put32(b + 280, 0);
	seal(b, 9031977);
}

static void test_built(void)
{
	static uint8_t b[MDM_SB_SIZE + 16];
	struct mdm_sb sb;

	make_thin(b);
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_THIN);
	T_EQ_STR(mdm_sb_kind_name(sb.kind), "thin-pool");
	T_EQ_U64(sb.csum, sb.csum_want);
	T_EQ_U64(sb.version, 2);
	T_EQ_U64(sb.time, 5);
	T_EQ_U64(sb.transaction_id, 99);
	T_EQ_U64(sb.data_block_size, 128);
	T_EQ_U64(sb.metadata_block_size, 8);
	T_EQ_U64(sb.metadata_nr_blocks, 1024);
	T_EQ_U64(sb.data_nr_blocks, 16384);
	T_EQ_U64(sb.data_nr_allocated, 100);
	T_CHECK(!sb.needs_check && !sb.is_cache);
	T_CHECK(!memcmp(sb.uuid, "0123456789abcdef", 16));
	/* the classification alone: what activation judges, no details */
	T_EQ_U64(mdm_sb_classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_THIN);
	T_EQ_U64(sb.data_block_size, 128);
	T_EQ_U64(sb.version, 2);
	T_CHECK(!sb.time && !sb.transaction_id && !sb.metadata_nr_blocks && !sb.uuid[0]);

	put32(b + 4, MDM_THIN_SB_NEEDS_CHECK);
	seal(b, 160774);
	T_EQ_U64(classify(b, sizeof(b), &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_THIN);
	T_CHECK(sb.needs_check);

	b[4000] ^= 1;                           /* any byte after the csum */
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_BAD_CSUM);
	T_CHECK(!sb.is_cache);
	T_EQ_STR(mdm_sb_kind_name(sb.kind), "bad-csum");
	make_thin(b);
	b[0] ^= 0x80;                           /* the csum itself */
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_BAD_CSUM);
	make_thin(b);
	seal(b, 9031977);                       /* the cache's xor on a thin */
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_BAD_CSUM);
	make_thin(b);
	put64(b + 8, 1);                        /* right csum, wrong block */
	seal(b, 160774);
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_BAD_CSUM);

	make_cache(b);
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_CACHE);
	T_EQ_STR(mdm_sb_kind_name(sb.kind), "cache");
	T_CHECK(sb.is_cache && sb.clean_shutdown && !sb.needs_check);
	T_EQ_STR(sb.policy, "smq");
	T_EQ_U64(sb.policy_hint_size, 4);
	T_EQ_U64(sb.policy_version[0], 2);
	T_EQ_U64(sb.data_block_size, 512);
	T_EQ_U64(sb.metadata_block_size, 8);
	T_EQ_U64(sb.cache_blocks, 4096);
	put32(b + 4, MDM_CACHE_SB_NEEDS_CHECK);
	memcpy(b + 44, "abcdefghijklm\x01op", 16);      /* no NUL, a control byte */
	seal(b, 9031977);
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_CACHE);
	T_CHECK(sb.needs_check && !sb.clean_shutdown);
	T_EQ_STR(sb.policy, "abcdefghijklm?op");
	b[100] ^= 4;
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_BAD_CSUM);
	T_CHECK(sb.is_cache);
	/* the magic read as decimal is not the kernel's */
	make_cache(b);
	put64(b + 32, 6142003);
	seal(b, 9031977);
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_OTHER);
}

static void test_other(void)
{
	static uint8_t b[MDM_SB_SIZE];
	struct mdm_sb sb;
	uint32_t x = 12345;
	size_t i;

	memset(b, 0, sizeof(b));
	T_EQ_U64(classify(b, sizeof(b), &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_ZERO);
	T_EQ_STR(mdm_sb_kind_name(sb.kind), "zero");
	b[4095] = 1;
	T_EQ_U64(classify(b, sizeof(b), &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_OTHER);
	T_EQ_STR(mdm_sb_kind_name(sb.kind), "other");
	for (i = 0; i < sizeof(b); i++) {
		x = x * 1103515245u + 12345u;
		b[i] = (uint8_t)(x >> 16);
	}
	T_EQ_U64(classify(b, sizeof(b), &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_OTHER);
	T_EQ_U64(classify(b, sizeof(b) - 1, &sb), -EINVAL);
	T_EQ_U64(classify(NULL, sizeof(b), &sb), -EINVAL);
	T_EQ_STR(mdm_sb_kind_name(-1), "unknown");
	T_EQ_STR(mdm_sb_kind_name(5), "unknown");
}

static void test_real(void)
{
	static uint8_t b[MDM_SB_SIZE + 1];
	struct mdm_sb sb;

	T_EQ_U64(load("thin-sb.bin", b, sizeof(b)), MDM_SB_SIZE);
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_THIN);
	T_CHECK(!sb.needs_check);
	T_EQ_U64(sb.version, 2);
	T_EQ_U64(sb.time, 3);
	T_EQ_U64(sb.transaction_id, 7);
	T_EQ_U64(sb.data_block_size, 128);
	T_EQ_U64(sb.metadata_block_size, 8);
	T_EQ_U64(sb.data_nr_blocks, 16384);
	T_EQ_U64(sb.data_nr_allocated, 2);
	T_EQ_U64(sb.metadata_nr_blocks, 1024);
	b[2000] ^= 0x10;
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_BAD_CSUM);

	T_EQ_U64(load("thin-sb-needs-check.bin", b, sizeof(b)), MDM_SB_SIZE);
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_THIN);
	T_CHECK(sb.needs_check);
	T_EQ_U64(sb.flags, 1);

	T_EQ_U64(load("cache-sb-v1.bin", b, sizeof(b)), MDM_SB_SIZE);
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_CACHE);
	T_EQ_U64(sb.version, 1);
	T_CHECK(sb.clean_shutdown && !sb.needs_check);
	T_EQ_STR(sb.policy, "smq");
	T_EQ_U64(sb.data_block_size, 128);
	T_EQ_U64(sb.metadata_block_size, 8);
	T_EQ_U64(sb.cache_blocks, 8192);

	T_EQ_U64(load("cache-sb-v2-dirty.bin", b, sizeof(b)), MDM_SB_SIZE);
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_CACHE);
	T_EQ_U64(sb.version, 2);
	T_CHECK(!sb.clean_shutdown && !sb.needs_check);
	b[8] = 1;                               /* blocknr */
	T_EQ_U64(classify(b, MDM_SB_SIZE, &sb), 0);
	T_EQ_U64(sb.kind, MDM_SB_BAD_CSUM);
}

int main(void)
{
	test_crc();
	test_crc_tables();
	test_built();
	test_other();
	test_real();
	return t_done();
}
