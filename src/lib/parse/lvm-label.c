/* lvm-label.c - an LVM2 PV's label, pv_header and metadata area header,
 * and the committed metadata text (lvm2 lib/label, lib/format_text).
 *
 *   label (32 bytes, in one of sectors 0-3, little-endian):
 *     0 "LABELONE"  8 sector_xl u64 (== its sector)  16 crc_xl u32 (bytes
 *     20..511 of the sector)  20 offset_xl u32 (pv_header)  24 "LVM2 001"
 *   pv_header: uuid[32]  device_size u64  { offset u64, size u64 }* 0-ended
 *     data areas, then the same for metadata areas
 *   mda_header (512 bytes at the area's start):
 *     0 checksum u32 (bytes 4..511)  4 magic[16]  20 version u32 (1)
 *     24 start u64 (== the area's offset)  32 size u64
 *     40 raw_locn[] { offset u64, size u64, checksum u32, flags u32 }:
 *        slot 0 committed, slot 1 precommitted (not read here)
 *   text: size bytes (its NUL included) at start + offset; past the end of
 *     the area it continues at start + 512.
 */
#include <errno.h>
#include <string.h>
#include "minidm-lvm.h"
#include "minidm-status.h"
#include "../internal.h"

#define SECTOR 512u
#define RAW_LOCN_IGNORED 1u

static const char mda_magic[16] MDM_ALIGN_AS(char) = " LVM2 x[5A%r0N*>";

__attribute__((noinline)) uint32_t mdm_lvm_crc(uint32_t crc, const void *buf, size_t len)
{
	/* mdm_crc32 inverts before and after: undo both */
	return ~mdm_crc32(~crc, buf, len);
}


/* One 0-ended list of {offset, size} from *p, not past end. */
static int area_list(const unsigned char **p, const unsigned char *end,
                     struct mdm_lvm_disk_area *out, uint32_t *n)
{
	for (*n = 0;; *p += 16) {
		if (end - *p < 16)
			return -EINVAL;
		if (!mdm_le64(*p))
			break;
		if (*n == MDM_LVM_MAX_AREAS)
			return -E2BIG;
		out[*n].offset = mdm_le64(*p);
		out[(*n)++].size = mdm_le64(*p + 8);
	}
	*p += 16;
	return 0;
}

/* the pv_header after the label in sector s (not inlined: 11 bytes larger
 * in the label's loop) */
__attribute__((noinline)) static int pv_header(const unsigned char *s, struct mdm_lvm_label *l)
{
	uint32_t off = mdm_le32(s + 20);
	const unsigned char *p = s + off, *end = s + SECTOR;
	int e;

	if (memcmp(s + 24, "LVM2 001", 8))
		return -EINVAL;
	if (off < 32 || off > SECTOR - 40)
		return -EINVAL;
	memcpy(l->pv_id, p, MDM_LVM_ID_LEN);
	l->pv_id[MDM_LVM_ID_LEN] = 0;
	if (strlen(l->pv_id) != MDM_LVM_ID_LEN)
		return -EINVAL;
	l->dev_size = mdm_le64(p + 32);
	p += 40;
	e = area_list(&p, end, l->data, &l->n_data);
	return e ? e : area_list(&p, end, l->mda, &l->n_mda);
}

int mdm_lvm_label_read(const void *buf, size_t len, struct mdm_lvm_label *l)
{
	const unsigned char *b = buf;
	int e = -ENOENT;

	memset(l, 0, sizeof(*l));
	for (size_t i = 0; i < 4 && (i + 1) * SECTOR <= len; i++) {
		const unsigned char *s = b + i * SECTOR;

		if (memcmp(s, "LABELONE", 8))
			continue;
		/* lvm ignores a label that is not where it says or whose CRC
		 * is wrong, and looks at the next sector */
		if (mdm_le64(s + 8) != i) {
			e = -EINVAL;
			continue;
		}
		if (mdm_le32(s + 16) != mdm_lvm_crc(MDM_LVM_CRC_INIT, s + 20, SECTOR - 20)) {
			e = -EBADMSG;
			continue;
		}
		l->sector = i;
		return pv_header(s, l);
	}
	return e;
}

int mdm_lvm_mda_read(const void *hdr, uint64_t area_start, struct mdm_lvm_mda *m)
{
	const unsigned char *h = hdr;

	memset(m, 0, sizeof(*m));
	if (mdm_le32(h) != mdm_lvm_crc(MDM_LVM_CRC_INIT, h + 4, MDM_LVM_MDA_HDR - 4))
		return -EBADMSG;
	if (memcmp(h + 4, mda_magic, 16) || mdm_le32(h + 20) != 1 || mdm_le64(h + 24) != area_start)
		return -EINVAL;
	m->start = area_start;
	m->size = mdm_le64(h + 32);
	m->offset = mdm_le64(h + 40);
	m->len = mdm_le64(h + 48);
	m->crc = mdm_le32(h + 56);
	if (m->size < (uint64_t)2 * MDM_LVM_MDA_HDR)
		return -EINVAL;
	if ((mdm_le32(h + 60) & RAW_LOCN_IGNORED) || (!m->offset && !m->len)) {
		m->empty = true;
		return 0;
	}
	if (m->offset < MDM_LVM_MDA_HDR || m->offset >= m->size || !m->len ||
	    m->len > m->size - MDM_LVM_MDA_HDR)
		return -EINVAL;
	return 0;
}

int mdm_lvm_mda_text(const struct mdm_lvm_mda *m, mdm_lvm_read_fn *rd, void *arg,
                     char *buf, size_t buflen)
{
	uint64_t first;
	int e;

	if (m->empty)
		return -ENOENT;
	if (m->len >= buflen)
		return -ENOSPC;
	first = m->size - m->offset < m->len ? m->size - m->offset : m->len;
	e = rd(arg, m->start + m->offset, buf, (size_t)first);
	if (!e && first < m->len)
		e = rd(arg, m->start + MDM_LVM_MDA_HDR, buf + first, (size_t)(m->len - first));
	if (e)
		return e;
	buf[m->len] = 0;
	if (mdm_lvm_crc(MDM_LVM_CRC_INIT, buf, (size_t)m->len) != m->crc)
		return -EBADMSG;
	return 0;
}
