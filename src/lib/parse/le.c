/* le.c - little-endian integers, as GPT and the dm metadata store them. */
#include "../internal.h"

uint32_t mdm_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint64_t mdm_le64(const uint8_t *p)
{
	return (uint64_t)mdm_le32(p) | (uint64_t)mdm_le32(p + 4) << 32;
}
