/* gpt.c - GPT headers, entry arrays, GUIDs and partition names.
 *
 * GPT header (UEFI 2.x, all little-endian), at LBA 1 and again at the
 * last LBA:
 *     0 "EFI PART"  8 revision  12 header size  16 header CRC32 (computed
 *     with this field zero)  24 my LBA  32 alternate LBA  40 first usable
 *     48 last usable  56 disk GUID  72 entries LBA  80 entry count
 *     84 entry size  88 entry array CRC32
 * Entry: 0 type GUID (zero: unused)  16 unique GUID  32 first LBA
 *     40 last LBA  48 attributes  56 name, 36 UTF-16LE units
 * A GUID's first three fields are stored little-endian, the last two as
 * bytes in order.  These parsers take what the caller read; gptfind.c
 * reads a device.
 */
#include <errno.h>
#include <string.h>
#include "../internal.h"

#define HDR_MIN 92u
#define ENTRY_MIN 128u
#define ENTRY_MAX 512u

static bool pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* The entry array's shape, as any header must state it. */
static bool shape_ok(const struct mdm_gpt_hdr *h)
{
	return h->n_entries <= MDM_GPT_MAX_ENTRIES && h->entry_size >= ENTRY_MIN &&
	       h->entry_size <= ENTRY_MAX;
}

size_t mdm_gpt_entries_bytes(const struct mdm_gpt_hdr *h)
{
	return (size_t)h->n_entries * h->entry_size;
}

/* The usable range and the entry array must be on the disk, and the array
 * must not cover LBA 0, LBA 1 or the header itself.  The alternate LBA is
 * not checked: a disk that grew keeps a valid primary pointing inside. */
static bool hdr_lbas_ok(const struct mdm_gpt_hdr *h, uint64_t disk)
{
	uint64_t n = (mdm_gpt_entries_bytes(h) + h->sector_size - 1) / h->sector_size;

	if (h->my_lba >= disk || h->first_usable > h->last_usable || h->last_usable >= disk)
		return false;
	if (h->entries_lba < 2 || h->entries_lba > disk || n > disk - h->entries_lba)
		return false;
	return h->my_lba < h->entries_lba || h->my_lba >= h->entries_lba + n;
}

__attribute__((noinline)) static uint32_t hdr_crc(const uint8_t *sec, uint32_t size)
{
	static const uint8_t zero[4];
	uint32_t crc = mdm_crc32(0, sec, 16);

	crc = mdm_crc32(crc, zero, 4);
	return mdm_crc32(crc, sec + 20, size - 20);
}

int mdm_gpt_parse_header(const uint8_t *sec, size_t len, uint32_t ssz, uint64_t lba,
                         uint64_t disk_sectors, struct mdm_gpt_hdr *h)
{
	memset(h, 0, sizeof(*h));
	if (!sec || ssz < MDM_LBS_MIN || ssz > MDM_LBS_MAX || !pow2(ssz) || len < HDR_MIN)
		return -EINVAL;
	if (memcmp(sec, "EFI PART", 8))
		return -EINVAL;
	h->sector_size = ssz;
	h->header_size = mdm_le32(sec + 12);
	if (h->header_size < HDR_MIN || h->header_size > ssz || h->header_size > len ||
	    hdr_crc(sec, h->header_size) != mdm_le32(sec + 16))
		return -EINVAL;
	h->my_lba = mdm_le64(sec + 24);
	h->alt_lba = mdm_le64(sec + 32);
	h->first_usable = mdm_le64(sec + 40);
	h->last_usable = mdm_le64(sec + 48);
	memcpy(h->disk_guid, sec + 56, 16);
	h->entries_lba = mdm_le64(sec + 72);
	h->n_entries = mdm_le32(sec + 80);
	h->entry_size = mdm_le32(sec + 84);
	h->entries_crc = mdm_le32(sec + 88);
	if (h->my_lba != lba || h->n_entries < 1 || !shape_ok(h) || !pow2(h->entry_size) ||
	    !hdr_lbas_ok(h, disk_sectors))
		return -EINVAL;
	return 0;
}

int mdm_gpt_check_entries(const struct mdm_gpt_hdr *h, const uint8_t *ent, size_t len)
{
	size_t n = mdm_gpt_entries_bytes(h);

	if (!ent || len < n || mdm_crc32(0, ent, n) != h->entries_crc)
		return -EINVAL;
	return 0;
}

/* ---- names and GUIDs ---------------------------------------------------- */

__attribute__((noinline)) static size_t put_utf8(char *o, uint32_t c)
{
	size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;

	for (size_t i = n; --i; c >>= 6)
		o[i] = (char)(0x80 | (c & 0x3f));
	/* the lead byte: n - 1 ones and a zero above the rest (none for ASCII) */
	o[0] = (char)(n > 1 ? (0xff00u >> n & 0xff) | c : c);
	return n;
}

/* 36 UTF-16LE units to at most 108 bytes of UTF-8 and a NUL; a lone
 * surrogate becomes U+FFFD. */
static void name_utf8(const uint8_t *u, char *out)
{
	size_t i = 0, o = 0;

	while (i < 36) {
		uint32_t c = (uint32_t)u[2 * i] | (uint32_t)u[2 * i + 1] << 8, d;

		i++;
		if (!c)
			break;
		if (c >= 0xd800 && c <= 0xdbff && i < 36 &&
		    (d = (uint32_t)u[2 * i] | (uint32_t)u[2 * i + 1] << 8) >= 0xdc00 && d <= 0xdfff) {
			c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
			i++;
		} else if (c >= 0xd800 && c <= 0xdfff) {
			c = 0xfffd;
		}
		o += put_utf8(out + o, c);
	}
	out[o] = 0;
}

/* Text position of each on-disk byte's two hex digits. */
static const uint8_t guid_pos[16] MDM_ALIGN_AS(char) = {
	6, 4, 2, 0, 11, 9, 16, 14, 19, 21, 24, 26, 28, 30, 32, 34
};

int mdm_guid_parse(const char *s, uint8_t g[16])
{
	size_t i;

	for (i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (!s[i] || (dash ? s[i] != '-' : mdm_hexval(s[i]) < 0))
			return -EINVAL;
	}
	if (s[36])
		return -EINVAL;
	for (i = 0; i < 16; i++)
		g[i] = (uint8_t)(mdm_hexval(s[guid_pos[i]]) << 4 | mdm_hexval(s[guid_pos[i] + 1]));
	return 0;
}

void mdm_guid_format(const uint8_t g[16], char *buf)
{
	size_t i;

	memset(buf, '-', 36);
	for (i = 0; i < 16; i++) {
		buf[guid_pos[i]] = MDM_HEX_DIGITS[g[i] >> 4];
		buf[guid_pos[i] + 1] = MDM_HEX_DIGITS[g[i] & 15];
	}
	buf[36] = 0;
}

/* ---- entries ------------------------------------------------------------ */

static const uint8_t zero_guid[16] MDM_ALIGN_AS(uint8_t);

/* One 128-byte entry; 1 if unused. */
static int entry_decode(const uint8_t *e, uint32_t partno, struct mdm_gpt_part *p)
{
	memset(p, 0, sizeof(*p));
	if (!memcmp(e, zero_guid, 16))
		return 1;
	p->partno = partno;
	memcpy(p->type_guid, e, 16);
	memcpy(p->guid, e + 16, 16);
	p->first_lba = mdm_le64(e + 32);
	p->last_lba = mdm_le64(e + 40);
	p->attrs = mdm_le64(e + 48);
	name_utf8(e + 56, p->name);
	return 0;
}

static int entry_range(const struct mdm_gpt_hdr *h, const struct mdm_gpt_part *p)
{
	if (p->first_lba > p->last_lba || p->first_lba < h->first_usable ||
	    p->last_lba > h->last_usable)
		return -EINVAL;
	return 0;
}

int mdm_gpt_entry(const struct mdm_gpt_hdr *h, const uint8_t *ent, size_t len,
                  uint32_t idx, struct mdm_gpt_part *p)
{
	size_t off = (size_t)idx * h->entry_size;
	int r;

	memset(p, 0, sizeof(*p));
	if (!ent || idx >= h->n_entries || !shape_ok(h) || off > len || len - off < h->entry_size)
		return -EINVAL;
	r = entry_decode(ent + off, idx + 1, p);
	return r ? r : entry_range(h, p);
}

int mdm_gpt_want_init(struct mdm_gpt_want *w, const char *partuuid, const char *partlabel)
{
	memset(w, 0, sizeof(*w));
	if (!partuuid && !partlabel)
		return -EINVAL;
	w->label = partlabel;
	w->by_uuid = partuuid != NULL;
	return partuuid ? mdm_guid_parse(partuuid, w->uuid) : 0;
}

int mdm_gpt_scan(const struct mdm_gpt_hdr *h, const uint8_t *ent, uint32_t n,
                 uint32_t first, const struct mdm_gpt_want *w, struct mdm_gpt_part *p)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (entry_decode(ent + (size_t)i * h->entry_size, first + i, p))
			continue;
		if (w->by_uuid && memcmp(p->guid, w->uuid, 16))
			continue;
		if (w->label && strcmp(p->name, w->label))
			continue;
		return entry_range(h, p);
	}
	return -ENOENT;
}

int mdm_gpt_match(const struct mdm_gpt_hdr *h, const uint8_t *ent, size_t len,
                  const char *partuuid, const char *partlabel, struct mdm_gpt_part *p)
{
	struct mdm_gpt_want w;
	int r;

	memset(p, 0, sizeof(*p));
	if ((r = mdm_gpt_want_init(&w, partuuid, partlabel)) < 0)
		return r;
	if (!shape_ok(h) || mdm_gpt_check_entries(h, ent, len) < 0)
		return -EINVAL;
	return mdm_gpt_scan(h, ent, h->n_entries, 1, &w, p);
}
