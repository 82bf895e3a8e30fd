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

/* ---- on-disk integers and text ------------------------------------------ */

/* Little-endian integers at p: one unaligned load on a little-endian
 * machine. */
static inline uint32_t mdm_le32(const uint8_t *p)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
#else
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
#endif
}

static inline uint64_t mdm_le64(const uint8_t *p)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
#else
	return (uint64_t)mdm_le32(p) | (uint64_t)mdm_le32(p + 4) << 32;
#endif
}

/* p[0..n) as a decimal number: -EINVAL when it is not one (or empty),
 * -ERANGE above 2^64-1 (parse/units.c). */
int mdm_parse_num(const char *p, size_t n, uint64_t *v);

/* Item n of the array *arr of n items of elem bytes, zeroed: the array
 * grows (realloc) when n is 0, 1, 2, 4...; NULL when out of memory (*arr
 * as it was) (parse/words.c; the commands borrow it, cli.h). */
void *mdm_grow(void **arr, size_t n, size_t elem);

/* A hex digit's value (either case), or -1 (parse/names.c). */
int mdm_hexval(int c);

/* Lower-case hex digits: a string literal, so the linker keeps one copy. */
#define MDM_HEX_DIGITS "0123456789abcdef"

/* ---- block devices ------------------------------------------------------ */

/* BLKGETSIZE64: _IOR(0x12, 114, size_t), the size in bytes */
#define MDM_BLKGETSIZE64 0x80081272ul

/* dev (mdm_mkdev) as "MAJ:MIN" into buf[len]: snprintf's count (member.c) */
int mdm_devno_fmt(char *buf, size_t len, uint64_t dev);
/* Is /dev/dm-MINOR the device (devtmpfs made it)?  dm[32] holds
 * "/dev/dm-MINOR" with dm + 2 the link to it from a directory of /dev,
 * "../dm-MINOR" (node.c). */
bool mdm_dm_link(char dm[32], uint32_t major, uint32_t minor);
/* Is path a block device node of dev (stat follows links)? (member.c) */
bool mdm_blk_is(const char *path, uint64_t dev);
/* A pool's or cache's metadata device just made: its superblock asked
 * for, the descriptor kept for mdm_meta_read (member.c) */
void mdm_meta_prefetch(uint64_t dev);
/* That descriptor closed: before any removal, the device may be the one
 * removed (member.c) */
void mdm_meta_release(void);
/* Does a load of this table wait in the kernel with nothing to run (a
 * thin's, for an RCU grace period)? (dev.c) */
bool mdm_load_waits(const struct mdm_table *tab);
/* Remove NAME (a few tries), keeping the error that made it necessary. (dev.c) */
void mdm_remove_quiet(struct mdm_ctx *ctx, const char *name);

/* ---- the members of a pool or cache (member.c) ------------------------- */

struct mdm_members {
	unsigned n;                     /* the metadata first, the one the */
	const char *const *what;        /* device's size is taken from last */
	const char *arg[3];             /* as given: a path or MAJ:MIN */
	char *mm[3];                    /* out: "MAJ:MIN" (MDM_DEV_LEN) */
	bool cache, wipe, read_only;    /* how the metadata is judged; existing: */
	bool existing;                  /* only the kind wanted (no zeros, and
	                                   so nothing for a wipe to wipe) */
	bool fresh;                     /* out: the metadata is zeros (or wiped) */
	uint64_t dev[3], size;          /* out: their numbers, the last one's size */
	struct mdm_sb sb;               /* out: the metadata's superblock */
};

/* Each resolved, no two the same, the last one sized, the metadata read
 * once; mdm_members_judge judges it after the caller checked its own
 * arguments (a bad block size is named before the metadata refusal). */
int mdm_members_check(struct mdm_ctx *ctx, const char *op, const char *name,
                      struct mdm_members *m);
int mdm_members_judge(struct mdm_ctx *ctx, const char *op, const char *name,
                      struct mdm_members *m);
/* "block size must be ... a multiple of" min sectors: -EINVAL. */
int mdm_bad_block_size(struct mdm_ctx *ctx, const char *op, const char *name, unsigned min);
/* The wipe and its check (m->wipe, the metadata in m->arg[0]), then
 * mdm_dev_setup of the table planned from the members. */
int mdm_members_setup(struct mdm_ctx *ctx, const char *op, const char *name, const char *uuid,
                      const struct mdm_table *tab, struct mdm_members *m);

/* A pool's or cache's status (into st: its mdm_pool_status or
 * mdm_cache_status), judged: failed, needs_check or read-only metadata is an
 * error unless read_only (dev.c). */
int mdm_dev_health(struct mdm_ctx *ctx, const char *name, enum mdm_target_kind kind,
                   bool read_only, void *st);

/* Resume a device suspended for a step whose result is e: e and its
 * error kept when it failed, else the resume's (dev.c). */
int mdm_resume_after(struct mdm_ctx *ctx, const struct mdm_id *id, int e);
/* Load tab, suspend, resume: the kernel takes the new table.  check (may
 * be NULL) runs while the device is suspended: when it fails, the new
 * table is dropped and the device resumes with the old one (dev.c). */
int mdm_dev_reload(struct mdm_ctx *ctx, const char *name, const struct mdm_table *tab,
                   int (*check)(struct mdm_ctx *ctx, const char *name));

/* The names of the udev flags (MDM_UDEV_*_FLAG), bits 0 to 6, each ended
 * by a NUL: "DISABLE_DM_RULES", "DISABLE_SUBSYSTEM_RULES"... (udev.c) */
extern const char mdm_udev_flag_names[];

/* ---- sysfs -------------------------------------------------------------- */

/* The first line of a small file (sysfs, proc) into buf[len], without its
 * newline; -errno when it cannot be opened or read (boot.c). */
int mdm_read_small(const char *path, char *buf, size_t len);
/* mdm_read_small of /sys/dev/block/MAJOR:MINOR then file ("/dm/name")
 * (sysfs.c) */
int mdm_sys_read(uint32_t major, uint32_t minor, const char *file, char *buf, size_t len);

/* ---- LVM: what parse/lvm-vg.c and parse/lvm-plan.c share --------------- */

/* Where a refusal of the VG's metadata or plan is told, and the error it
 * returns. */
struct mdm_lvm_lv;
struct mdm_lvm_why {
	char *msg;
	size_t len;
	const struct mdm_lvm_vg *vg;
	int err;
};

/* "LV VG/LV: " (lv NULL: "VG VG: ") and fmt's text into w->msg; w->err
 * (parse/lvm-vg.c). */
int mdm_lvm_refuse(const struct mdm_lvm_why *w, const struct mdm_lvm_lv *lv, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- GPT: what parse/gpt.c shares with gptfind.c ------------------------ */

struct mdm_gpt_want {
	bool by_uuid;
	uint8_t uuid[16];
	const char *label;              /* NULL: any name */
};

/* The partition asked for: by PARTUUID (printed form) and/or PARTLABEL. */
int mdm_gpt_want_init(struct mdm_gpt_want *w, const char *partuuid, const char *partlabel);
/* Scan n entries at ent, numbered from first; 0 and *p on a match (the
 * match's range checked), -ENOENT if none. */
int mdm_gpt_scan(const struct mdm_gpt_hdr *h, const uint8_t *ent, uint32_t n,
                 uint32_t first, const struct mdm_gpt_want *w, struct mdm_gpt_part *p);

#endif
