/* crc32c.c - the two reflected CRC-32s minidm needs, a byte at a time.
 *
 * Castagnoli (crc32c) guards dm-thin and dm-cache superblocks; the IEEE
 * polynomial guards GPT headers and entry arrays and LVM's labels and
 * metadata.  The byte table is built in bss on first use of a polynomial
 * (2,048 steps; no rodata): bit by bit, a 4 KiB superblock took 32,768
 * steps, on the activation path under emulation about as long as one
 * system call with a disk read.  Both take and return the finished CRC
 * (zlib style): start with 0, feed the previous result to continue.
 */
#include "minidm-status.h"

static uint32_t crc_reflected(uint32_t crc, const void *buf, size_t len, uint32_t poly)
{
	static uint32_t table[256], table_poly;
	const uint8_t *p = buf;

	if (table_poly != poly) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int k = 0; k < 8; k++)
				c = (c >> 1) ^ (poly & (0u - (c & 1u)));
			table[i] = c;
		}
		table_poly = poly;
	}
	crc = ~crc;
	while (len--)
		crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xffu];
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
