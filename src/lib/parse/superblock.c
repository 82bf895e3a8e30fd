/* superblock.c - what is on a metadata device: nothing, a dm-thin pool, a
 * dm-cache, a damaged one of those, or something else.
 *
 * Both superblocks live in block 0 (4096 bytes) and start alike
 * (drivers/md/dm-thin-metadata.c, dm-cache-metadata.c):
 *     0 csum  4 flags  8 blocknr  16 uuid[16]  32 magic (le64)  40 version
 * The checksum is the kernel's dm_bm_checksum over bytes 4..4095: a crc32c
 * seeded with ~0 and not finally inverted, xor'ed with a per-format
 * constant.  The kernel also insists that blocknr is 0.
 *
 * thin:  44 time  48 trans_id  56 held_root  64 data space map root
 *        (nr_blocks, nr_allocated, ...)  192 metadata space map root
 *        336 data_block_size  340 metadata_block_size  344 metadata_nr_blocks
 * cache: 44 policy_name[16]  60 policy_hint_size  232 data_block_size
 *        236 metadata_block_size  240 cache_blocks  272 policy_version[3]
 */
#include <errno.h>
#include <string.h>
#include "../internal.h"
#include "words.h"

#define THIN_MAGIC 27022010u
#define THIN_CSUM_XOR 160774u
#define CACHE_MAGIC 06142003u          /* octal, as in the kernel source */
#define CACHE_CSUM_XOR 9031977u

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static void thin_fields(const uint8_t *b, struct mdm_sb *sb)
{
	sb->time = mdm_le32(b + 44);
	sb->transaction_id = mdm_le64(b + 48);
	sb->held_root = mdm_le64(b + 56);
	sb->data_nr_blocks = mdm_le64(b + 64);
	sb->data_nr_allocated = mdm_le64(b + 72);
	sb->metadata_block_size = mdm_le32(b + 340);
	sb->metadata_nr_blocks = mdm_le64(b + 344);
}

static void cache_fields(const uint8_t *b, struct mdm_sb *sb)
{
	size_t i;

	sb->clean_shutdown = sb->flags & MDM_CACHE_SB_CLEAN;
	for (i = 0; i < 16 && b[44 + i]; i++)
		sb->policy[i] = (char)(b[44 + i] > ' ' && b[44 + i] < 0x7f ? b[44 + i] : '?');
	sb->policy[i] = 0;
	sb->policy_hint_size = mdm_le32(b + 60);
	sb->metadata_block_size = mdm_le32(b + 236);
	sb->cache_blocks = mdm_le32(b + 240);
	for (i = 0; i < 3; i++)
		sb->policy_version[i] = mdm_le32(b + 272 + 4 * i);
}

int mdm_sb_classify(const uint8_t *blk, size_t len, struct mdm_sb *out)
{
	uint64_t magic;
	uint32_t xor;

	memset(out, 0, sizeof(*out));
	if (!blk || len < MDM_SB_SIZE)
		return -EINVAL;
	out->kind = MDM_SB_OTHER;
	if (all_zero(blk, MDM_SB_SIZE)) {
		out->kind = MDM_SB_ZERO;
		return 0;
	}
	magic = mdm_le64(blk + 32);
	if (magic != THIN_MAGIC && magic != CACHE_MAGIC)
		return 0;
	out->is_cache = magic == CACHE_MAGIC;
	xor = out->is_cache ? CACHE_CSUM_XOR : THIN_CSUM_XOR;
	out->csum = mdm_le32(blk);
	out->csum_want = ~mdm_crc32c(0, blk + 4, MDM_SB_SIZE - 4) ^ xor;
	out->flags = mdm_le32(blk + 4);
	out->blocknr = mdm_le64(blk + 8);
	out->version = mdm_le32(blk + 40);
	out->needs_check = out->flags & (out->is_cache ? MDM_CACHE_SB_NEEDS_CHECK
	                                               : MDM_THIN_SB_NEEDS_CHECK);
	out->data_block_size = mdm_le32(blk + (out->is_cache ? 232 : 336));
	if (out->csum != out->csum_want || out->blocknr != 0)
		out->kind = MDM_SB_BAD_CSUM;
	else
		out->kind = out->is_cache ? MDM_SB_CACHE : MDM_SB_THIN;
	return 0;
}

void mdm_sb_details(const uint8_t *blk, struct mdm_sb *sb)
{
	if (sb->kind == MDM_SB_ZERO || sb->kind == MDM_SB_OTHER)
		return;
	memcpy(sb->uuid, blk + 16, sizeof(sb->uuid));
	if (sb->is_cache)
		cache_fields(blk, sb);
	else
		thin_fields(blk, sb);
}

const char *mdm_sb_kind_name(int kind)
{
	if (kind < MDM_SB_ZERO || kind > MDM_SB_OTHER)
		return "unknown";
	return mdm_word_nth("zero\0thin-pool\0cache\0bad-csum\0other", (unsigned)kind);
}
