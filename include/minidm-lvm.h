/* minidm-lvm.h - LVM2 on-disk metadata, read without lvm: the PV label, the
 * metadata area, the text format, the VG model, and the plan of dm devices
 * that Debian bookworm's `lvm vgchange -ay` / `lvchange -ay` (2.03.16)
 * would make from it.
 *
 * Everything here is pure: no system calls, no global state.  The caller
 * reads the bytes (or passes a reader callback) and supplies, for each PV,
 * its device number and size.  Every function returns 0 or -errno:
 * -ENOENT nothing there, -EBADMSG a checksum mismatch, -EINVAL malformed,
 * -E2BIG a fixed cap exceeded, -ENOSPC the arena or an output buffer is
 * full, -EPERM (planner) a layout or state lvm would not activate.  Where a
 * function takes msg/msglen it leaves a one-line reason there on failure.
 * Sizes from the metadata are in 512-byte sectors, on-disk offsets in bytes.
 */
#ifndef MINIDM_LVM_H
#define MINIDM_LVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MDM_LVM_ID_LEN     32      /* [0-9a-zA-Z!#], no dashes */
#define MDM_LVM_MAX_AREAS  8       /* data or metadata areas per PV label */
#define MDM_LVM_LABEL_SCAN 2048    /* the label is in one of sectors 0-3 */
#define MDM_LVM_MDA_HDR    512
#define MDM_LVM_CRC_INIT   0xf597a6cfu
#define MDM_LVM_NAME_LEN   128     /* dm name incl. NUL (DM_NAME_LEN) */
#define MDM_LVM_UUID_LEN   129     /* dm uuid incl. NUL (DM_UUID_LEN) */

/* LVM's CRC-32: reflected 0xEDB88320, no final xor; start with
 * MDM_LVM_CRC_INIT and feed the result back to continue. */
uint32_t mdm_lvm_crc(uint32_t crc, const void *buf, size_t len);

/* ---- label and pv_header ---------------------------------------------- */

struct mdm_lvm_disk_area { uint64_t offset, size; };   /* bytes */

struct mdm_lvm_label {
	uint32_t sector;                       /* where LABELONE was found */
	char pv_id[MDM_LVM_ID_LEN + 1];
	uint64_t dev_size;                     /* bytes, as pvcreate saw it */
	uint32_t n_data, n_mda;
	struct mdm_lvm_disk_area data[MDM_LVM_MAX_AREAS];
	struct mdm_lvm_disk_area mda[MDM_LVM_MAX_AREAS];
};

/* buf: the first len (>= MDM_LVM_LABEL_SCAN) bytes of a device.  -ENOENT:
 * no LABELONE; -EBADMSG: one found but its CRC is wrong (lvm ignores such
 * a label and so do we, looking on); -EINVAL: wrong sector_xl, type, or a
 * pv_header that does not fit; -E2BIG: more than MDM_LVM_MAX_AREAS. */
int mdm_lvm_label_read(const void *buf, size_t len, struct mdm_lvm_label *l);

/* ---- metadata area ---------------------------------------------------- */

struct mdm_lvm_mda {
	uint64_t start, size;      /* the area on the device (bytes) */
	uint64_t offset, len;      /* committed text (slot 0): offset from start,
	                              length including its NUL */
	uint32_t crc;              /* of the text */
	bool empty;                /* slot 0 unused or flagged IGNORED */
};

/* hdr: the area's first 512 bytes; area_start: its offset from the label.
 * Checks the checksum, magic, version 1, start == area_start, and that the
 * committed text lies inside the area (offset >= 512, len <= size - 512). */
int mdm_lvm_mda_read(const void *hdr, uint64_t area_start, struct mdm_lvm_mda *m);

/* Read len bytes at byte offset off of the device into buf: 0 or -errno. */
typedef int mdm_lvm_read_fn(void *arg, uint64_t off, void *buf, size_t len);

/* The committed text into buf (buflen > m->len - 1 for the NUL we add),
 * following the wrap from the end of the area back to start + 512, and
 * checking its CRC.  -ENOENT if m->empty, -ENOSPC if buf is too small. */
int mdm_lvm_mda_text(const struct mdm_lvm_mda *m, mdm_lvm_read_fn *rd, void *arg,
                     char *buf, size_t buflen);

/* ---- arena: every tree, model and plan lives in one caller block -------- */

struct mdm_lvm_arena { unsigned char *base; size_t size, used; };

/* n zeroed bytes, 8-byte aligned, or NULL when the block is full. */
void *mdm_lvm_alloc(struct mdm_lvm_arena *a, size_t n);

/* ---- the text (libdm config) grammar ---------------------------------- */

enum mdm_lvm_type {
	MDM_LVM_SECTION = 1, MDM_LVM_INT, MDM_LVM_STR, MDM_LVM_FLOAT, MDM_LVM_ARRAY,
};

struct mdm_lvm_node {
	const char *key;                /* NULL for array elements */
	struct mdm_lvm_node *next;      /* the next in its section or array */
	struct mdm_lvm_node *child;     /* SECTION members, ARRAY elements */
	const char *str;                /* STR (unescaped) and FLOAT (as written) */
	int64_t num;                    /* INT */
	uint8_t type;                   /* enum mdm_lvm_type */
};

#define MDM_LVM_MAX_DEPTH 16

/* Parses text[0..len) (stopping early at a NUL) into a tree whose root is a
 * SECTION.  A key given twice keeps its first place and its last value.
 * On -EINVAL *line is the line of the error (1-based). */
int mdm_lvm_parse(const char *text, size_t len, struct mdm_lvm_arena *a,
                  const struct mdm_lvm_node **root, unsigned *line);
/* Does text[0..len) begin with a section not named name ("NAME {", as lvm
 * writes its VG first)?  false when it begins otherwise: only a parse
 * tells then. */
bool mdm_lvm_other_first(const char *text, size_t len, const char *name);

/* The member key of section sec (NULL if none, or not of type; 0: any). */
const struct mdm_lvm_node *mdm_lvm_get(const struct mdm_lvm_node *sec, const char *key,
                                       int type);
/* 0, -ENOENT (absent) or -EINVAL (wrong type or negative for u64). */
int mdm_lvm_get_u64(const struct mdm_lvm_node *sec, const char *key, uint64_t *v);
int mdm_lvm_get_str(const struct mdm_lvm_node *sec, const char *key, const char **s);

/* ---- the VG model ----------------------------------------------------- */

/* Status and flag words: bit i is word i of the table in lvm-vg.c. */
enum {
	MDM_LVM_READ = 1u << 0, MDM_LVM_WRITE = 1u << 1, MDM_LVM_VISIBLE = 1u << 2,
	MDM_LVM_RESIZEABLE = 1u << 3, MDM_LVM_EXPORTED = 1u << 4,
	MDM_LVM_CLUSTERED = 1u << 5, MDM_LVM_SHARED = 1u << 6, MDM_LVM_PVMOVE = 1u << 7,
	MDM_LVM_ALLOCATABLE = 1u << 8, MDM_LVM_MISSING = 1u << 9,
	MDM_LVM_FIXED_MINOR = 1u << 10, MDM_LVM_LOCKED = 1u << 11,
	/* 12-19: NOTSYNCED REBUILD WRITEMOSTLY and the raid reshape words */
	MDM_LVM_METADATA_FORMAT = 1u << 20, MDM_LVM_CROP_METADATA = 1u << 21,
	MDM_LVM_CACHE_USES_CACHEVOL = 1u << 22, MDM_LVM_WRITE_LOCKED = 1u << 23,
	MDM_LVM_NOAUTOACTIVATE = 1u << 24, MDM_LVM_ACTIVATION_SKIP = 1u << 25,
	MDM_LVM_ERROR_WHEN_FULL = 1u << 26, MDM_LVM_CACHE_VOL = 1u << 27,
	MDM_LVM_PARTIAL = 1u << 28,
};

enum mdm_lvm_segtype {
	MDM_LVM_SEG_UNKNOWN = 0,        /* unknown name or unknown +FLAG */
	MDM_LVM_SEG_UNSUPPORTED,        /* raid*, mirror, vdo*, integrity: known, refused */
	MDM_LVM_SEG_STRIPED,            /* "striped" or "linear" */
	MDM_LVM_SEG_ERROR, MDM_LVM_SEG_ZERO,
	MDM_LVM_SEG_THIN_POOL, MDM_LVM_SEG_THIN,
	MDM_LVM_SEG_CACHE_POOL, MDM_LVM_SEG_CACHE,
	MDM_LVM_SEG_WRITECACHE, MDM_LVM_SEG_SNAPSHOT,
};

struct mdm_lvm_stripe {
	int32_t pv, lv;                 /* index of the PV or of the LV (the other -1) */
	uint64_t start;                 /* extent on it */
};

/* ref[] by type: thin-pool {metadata, pool}; thin {thin_pool, origin,
 * external_origin}; cache-pool {metadata, data}; cache {cache_pool,
 * origin}; writecache {writecache, origin}; snapshot {origin, cow_store}.
 * Other values stay in sec (the segment's own section). */
struct mdm_lvm_seg {
	uint64_t start, count;          /* extents */
	uint8_t type;                   /* enum mdm_lvm_segtype */
	uint32_t type_flags;            /* the +FLAG words of type */
	uint32_t nstripes, stripe_size;
	struct mdm_lvm_stripe *stripe;
	int32_t ref[3];                 /* LV indexes, -1 for none */
	const struct mdm_lvm_node *sec;
	const char *type_name;          /* as written */
};

struct mdm_lvm_lv {
	const char *name;
	char id[MDM_LVM_ID_LEN + 1];
	uint32_t status;                /* status and flags words together */
	uint64_t extents;
	uint32_t nsegs;
	struct mdm_lvm_seg *seg;        /* by start extent, striped runs merged */
	const struct mdm_lvm_node *sec;
};

struct mdm_lvm_pv {
	const char *name, *device;      /* "pv0"; the device hint (may be NULL) */
	char id[MDM_LVM_ID_LEN + 1];
	uint32_t status;
	uint64_t dev_size, pe_start, pe_count;
};

struct mdm_lvm_vg {
	const char *name;
	char id[MDM_LVM_ID_LEN + 1];
	uint64_t seqno, extent_size;
	uint32_t status;
	const char *system_id, *lock_type;   /* NULL when absent */
	uint32_t npv, nlv;
	struct mdm_lvm_pv *pv;
	struct mdm_lvm_lv *lv;          /* in metadata order */
	const struct mdm_lvm_node *sec;
};

#define MDM_LVM_MAX_PVS  1024
#define MDM_LVM_MAX_LVS  4096
#define MDM_LVM_MAX_SEGS 65536          /* per LV */
#define MDM_LVM_MAX_STRIPES 128

/* An id of 32 characters [0-9a-zA-Z!#], written with or without the dashes
 * of 6-4-4-4-4-4-6, into out (33 bytes). */
int mdm_lvm_id_parse(const char *s, char *out);
/* out (39 bytes): the 6-4-4-4-4-4-6 form of a 32-character id. */
void mdm_lvm_id_format(const char *id, char *out);

/* The VG of a parsed text (the first top-level section; contents and
 * version = 1 required).  Unknown status words refuse the text, unknown
 * flags words are ignored. */
int mdm_lvm_vg_import(const struct mdm_lvm_node *root, struct mdm_lvm_arena *a,
                      struct mdm_lvm_vg *vg, char *msg, size_t msglen);

/* The newest of several copies of a VG's metadata (one per metadata area
 * read).  The caller fills dev, text, len, and err (nonzero: the copy
 * could not be read, e.g. -EBADMSG for a bad checksum); choose sets state
 * and why for each.  vgname picks the VG; NULL: the VG of the first good
 * copy.  The winner is imported into
 * vg; -ENOENT if no good copy. */
enum { MDM_LVM_COPY_USED = 1, MDM_LVM_COPY_SAME, MDM_LVM_COPY_OLDER,
       MDM_LVM_COPY_BAD, MDM_LVM_COPY_OTHER_VG };
struct mdm_lvm_copy {
	const char *dev;
	const char *text;
	size_t len;
	int err;
	int state;                      /* out: MDM_LVM_COPY_* */
	uint64_t seqno;                 /* out */
	char why[96];                   /* out: for BAD, what was wrong */
};
int mdm_lvm_choose(struct mdm_lvm_copy *c, size_t n, const char *vgname,
                   struct mdm_lvm_arena *a, struct mdm_lvm_vg *vg, char *msg, size_t msglen);

/* ---- the plan of dm devices ------------------------------------------- */

struct mdm_lvm_pvdev {
	bool present;
	uint32_t major, minor;
	uint64_t sectors;               /* the device's size */
};

struct mdm_lvm_select {
	const char *lv;                 /* one LV (lvchange -ay VG/LV); NULL: the VG */
	bool ignore_skip;               /* -K: activate ACTIVATION_SKIP LVs too */
	bool read_only;                 /* the selected LVs' own devices read-only */
	const char *system_id;          /* this host's system_id, NULL if none */
	unsigned thin_threshold;        /* thin_pool_autoextend_threshold, 0 = 100 */
	const struct mdm_lvm_pvdev *pvdev;   /* [vg->npv], by PV index */
};

/* Target parameters name PVs by MAJ:MIN and other planned devices as @N
 * (their index in the plan); mdm_lvm_expand() substitutes them. */
struct mdm_lvm_target {
	uint64_t start, len;            /* sectors */
	const char *type;
	const char *params;
};

/* udev flags lvm gives a device (libdm adds PRIMARY_SOURCE 0x40 itself) */
#define MDM_LVM_UDEV_TOP    0x20u   /* DISABLE_LIBRARY_FALLBACK */
#define MDM_LVM_UDEV_HIDDEN 0x2eu   /* + SUBSYSTEM, DISK, OTHER rules off */
#define MDM_LVM_UDEV_LOW    0x10u   /* LOW_PRIORITY: snapshot COW LVs */

struct mdm_lvm_dev {
	int32_t lv;                     /* the LV it belongs to */
	bool ro;
	bool selected;                  /* the device of an LV the selection named */
	bool cache;                     /* a cache (else, with meta, a thin pool) */
	bool component;                 /* a hidden LV on its own, read-only (lvm's
	                                   component activation): /dev/VG/LV too */
	uint16_t udev_flags;
	int32_t holder;                 /* component: the LV whose activity forbids it
	                                   (its pool, cache or cache pool's cache), or -1 */
	const char *layer;              /* of the name ("tpool", "real"...; "" none) */
	int32_t meta;                   /* a pool's or cache's metadata device, or -1 */
	uint64_t txid;                  /* a thin pool's transaction_id */
	uint32_t ntargets;
	struct mdm_lvm_target *t;
	/* the texts last: the fields above in reach of one-byte offsets */
	char name[MDM_LVM_NAME_LEN];
	char uuid[MDM_LVM_UUID_LEN];
};

struct mdm_lvm_plan {
	uint32_t n;                     /* devices, children before parents */
	struct mdm_lvm_dev *dev;
};

#define MDM_LVM_MAX_DEVS 4096

int mdm_lvm_plan(const struct mdm_lvm_vg *vg, const struct mdm_lvm_select *sel,
                 struct mdm_lvm_arena *a, struct mdm_lvm_plan *plan,
                 char *msg, size_t msglen);

/* VG-LV[-LAYER] as lvm names a device (every '-' of each part doubled;
 * layer "": none) into out[len]; -ENAMETOOLONG. */
int mdm_lvm_dm_name(const char *vg, const char *lv, const char *layer, char *out, size_t len);
/* Is LV k visible as lvm sees it (a snapshot's COW LV as its origin; the
 * internal snapshotN never)? */
bool mdm_lvm_lv_visible(const struct mdm_lvm_vg *vg, uint32_t k);
/* The index of word w[0..n) in list (words with one blank between), or -1. */
int mdm_lvm_word(const char *list, const char *w, size_t n);

/* params with every @N replaced by subst[N] (N < n). */
int mdm_lvm_expand(const char *params, const char *const *subst, uint32_t n,
                   char *out, size_t len);

/* ---- activation (lvm.c): the system calls, over what is above ---------- */

#include "minidm.h"

/* A PV the scan found: where, and its label. */
struct mdm_lvm_pvinfo {
	char path[64];
	uint32_t major, minor;
	uint64_t sectors;               /* the device's size */
	size_t copy0, ncopies;          /* its metadata copies in the scan's copy[] */
	struct mdm_lvm_label label;
};

struct mdm_lvm_scan {
	struct mdm_lvm_pvinfo *pv;
	size_t npv;
	struct mdm_lvm_copy *copy;      /* every metadata area read (texts owned) */
	size_t ncopy;
};

/* Read the label and metadata areas of the block devices named (paths or
 * MAJ:MIN), or of every block device the kernel lists (/proc/partitions),
 * dm devices that are LVM LVs left out.  A device that is no PV is
 * skipped; a metadata copy that cannot be read is kept with its error. */
int  mdm_lvm_scan(struct mdm_ctx *ctx, const char *const *devs, size_t n, struct mdm_lvm_scan *s);
void mdm_lvm_scan_free(struct mdm_lvm_scan *s);
/* The VG named, from its newest good copy, into an arena of its own
 * (a->base is malloc'd; the caller frees it), and *pd[vg->npv] (in the
 * arena): each PV of the VG as the scan found it (present or not).  A PV
 * on two devices is refused (-EEXIST). */
int  mdm_lvm_load(struct mdm_ctx *ctx, struct mdm_lvm_scan *s, const char *vgname,
                  struct mdm_lvm_arena *a, struct mdm_lvm_vg *vg, struct mdm_lvm_pvdev **pd);

/* Called for each device of a plan as it is brought up: tab its table
 * (numbers of devices made, names where a dry run would make them), other
 * the table it has when it is active with another (then e is -EEXIST),
 * else e is the enum mdm_ensure_state it was found in (0 for a dry run). */
typedef void mdm_lvm_report_fn(void *arg, const struct mdm_lvm_dev *d,
                               const struct mdm_table *tab, const struct mdm_table *other,
                               int e);
/* Bring the plan up, children first, through the ensure policy; on a
 * failure every device this call made is removed again. */
int  mdm_lvm_apply(struct mdm_ctx *ctx, const struct mdm_lvm_vg *vg,
                   const struct mdm_lvm_plan *p, bool dry, mdm_lvm_report_fn *fn, void *arg);

/* Take down the devices of VG (or of VG/LV): top devices first, then, for
 * an LV, the VG's layer devices nothing uses any more (a thin LV's pool
 * parts, a cache's).  Devices are known by their names and LVM uuids; no
 * metadata is read.  For an LV, what stands on its devices goes too (an
 * origin's snapshots, a pool's thin volumes).  /dev/VG/LV links of the
 * devices removed go with them.  fn (may be NULL) hears of each device
 * removed.  A device of the selection still in use is -EBUSY; nothing of
 * the VG active at all is -ENOENT (is there such a VG? the caller asks). */
typedef void mdm_lvm_down_fn(void *arg, const char *name);
/* dmsetup splitname: a dm name VG-LV[-LAYER] (every '-' inside VG and LV
 * doubled) into part[3]; the number of parts found */
int  mdm_lvm_split(const char *name, char part[3][DM_NAME_LEN]);
int  mdm_lvm_deactivate(struct mdm_ctx *ctx, const char *vg, const char *lv,
                        mdm_lvm_down_fn *fn, void *arg);

#endif
