/* crc32c.c - the two reflected CRC-32s minidm needs, bit by bit.
 *
 * Castagnoli (crc32c) guards dm-thin and dm-cache superblocks; the IEEE
 * polynomial guards GPT headers and entry arrays.  No table: a 4 KiB
 * superblock or a 16 KiB entry array is read once, so 1 KiB of rodata
 * would buy nothing.  Both take and return the finished CRC (zlib style):
 * start with 0, feed the previous result to continue.
 */
#include "minidm-status.h"

static uint32_t crc_reflected(uint32_t crc, const void *buf, size_t len, uint32_t poly)
{
	const uint8_t *p = buf;
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (poly & (0u - (crc & 1u)));
	}
	return ~crc;
}

uint32_t mdm_crc32c(uint32_t crc, const void *buf, size_t len)
{
	return crc_reflected(crc, buf, len, 0x82f63b78u);
}

uint32_t mdm_crc32(uint32_t crc, const void *buf, size_t len)
{
	return crc_reflected(crc, buf, len, 0xedb88320u);
}
