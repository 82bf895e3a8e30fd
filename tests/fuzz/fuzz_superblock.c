/* fuzz_superblock.c - thin-pool and cache metadata superblock
 * classification (mdm_sb_classify, mdm_sb_details).
 *
 * The input is the first block of a metadata device, zero-padded to 4 KiB.
 * It is classified as it is, then again with its checksum made right, so
 * the fuzzer reaches the field decoding of valid-looking superblocks.
 */
#include <errno.h>
#include "fuzz.h"
#include "minidm-status.h"

#define THIN_MAGIC 27022010u
#define THIN_CSUM_XOR 160774u
#define CACHE_CSUM_XOR 9031977u

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static void check(const uint8_t *blk, size_t len)
{
	struct mdm_sb sb;

	FUZZ_CHECK(mdm_sb_classify(blk, len, &sb) == 0);
	mdm_sb_details(blk, &sb);
	FUZZ_CHECK(sb.kind >= MDM_SB_ZERO && sb.kind <= MDM_SB_OTHER);
	FUZZ_CHECK(strlen(sb.policy) < sizeof(sb.policy));
	FUZZ_CHECK(strcmp(mdm_sb_kind_name(sb.kind), "unknown"));
	if (sb.kind == MDM_SB_THIN || sb.kind == MDM_SB_CACHE)
		FUZZ_CHECK(sb.csum == sb.csum_want && sb.blocknr == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size < MDM_SB_SIZE ? MDM_SB_SIZE : size;
	uint8_t *blk = calloc(1, len);
	struct mdm_sb sb;

	FUZZ_CHECK(blk);
	memcpy(blk, data, size);
	FUZZ_CHECK(mdm_sb_classify(blk, MDM_SB_SIZE - 1, &sb) == -EINVAL);
	check(blk, len);
	/* as the kernel would checksum it, for either magic */
	put_le32(blk, ~mdm_crc32c(0, blk + 4, MDM_SB_SIZE - 4) ^
	              (blk[32] == (THIN_MAGIC & 0xff) ? THIN_CSUM_XOR : CACHE_CSUM_XOR));
	check(blk, len);
	free(blk);
	return 0;
}
