/* internal.h - what more than one file of the library needs and the
 * public headers do not promise (internal; the commands do not include it).
 *
 * Everything here is either pure (the little-endian readers, the limits)
 * or says which file does the I/O it declares.
 */
#ifndef MINIDM_INTERNAL_H
#define MINIDM_INTERNAL_H

#include "minidm.h"

/* ---- the kernel's limits ------------------------------------------------ */

/* Logical block sizes a block device may have: 512 bytes up to a page. */
#define MDM_LBS_MIN 512u
#define MDM_LBS_MAX 4096u

/* ---- on-disk integers --------------------------------------------------- */

static inline uint32_t mdm_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t mdm_le64(const uint8_t *p)
{
	return (uint64_t)mdm_le32(p) | (uint64_t)mdm_le32(p + 4) << 32;
}

#endif
