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

/* Little-endian integers at p (parse/le.c). */
uint32_t mdm_le32(const uint8_t *p);
uint64_t mdm_le64(const uint8_t *p);

#endif
