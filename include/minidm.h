/* minidm.h - the public API of libminidm.
 *
 * A small C library that drives the Linux device-mapper by assembling
 * dm_ioctl buffers by hand.  Conventions (util-linux loopdev style):
 *   - every function that can fail returns 0 on success and -errno on
 *     failure; iterators return 1 at the end;
 *   - the library never prints and never exits: on failure it records
 *     what it was doing in the context (mdm_errmsg()), the caller prints;
 *   - sizes are in 512-byte sectors unless a name says otherwise;
 *   - one thread at a time: a few buffers are the library's own (bss).
 */
#ifndef MINIDM_H
#define MINIDM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dm-abi.h"
#include "minidm-status.h"

#define MDM_SECTOR 512u
/* the largest major and minor numbers the kernel's dev_t holds */
#define MDM_MAJOR_MAX 0xfffu
#define MDM_MINOR_MAX 0xfffffu
#define MINIDM_VERSION "0.1.0"
/* A constant table aligned as its element type t needs, not to the 16 bytes
 * the x86-64 psABI asks of every array of 16 bytes or more: no padding
 * between the tables in .rodata (the library's and the binary's). */
#define MDM_ALIGN_AS(t) __attribute__((aligned(_Alignof(t))))

/* gcc: no clone of a function with other arguments (noipa, which clang
 * does not know), where the clone costs its callers more than it saves */
#if defined(__GNUC__) && !defined(__clang__)
#define MDM_NOIPA __attribute__((noipa))
#else
#define MDM_NOIPA
#endif

/* ---- errors ------------------------------------------------------------ */

struct mdm_err {
	int  errnum;          /* positive errno, 0 when none */
	bool kernel;          /* the kernel refused the ioctl: errnum is its errno */
	char op[32];          /* "table load", "create", ... */
	char dev[DM_NAME_LEN];/* device the operation was about ("" if none) */
	char detail[192];     /* extra cause, e.g. the kernel's table complaint */
};

/* ---- the context ------------------------------------------------------- */

struct mdm_ctx {
	int       fd;            /* /dev/mapper/control */
	uint32_t  version[3];    /* kernel's DM interface version */
	uint32_t  cookie;        /* a caller's udev cookie (udevcreatecookie): each
	                            uevent adds 1 to it and the caller waits (0: none) */
	bool      no_nodes;      /* do not manage /dev/mapper nodes */
	bool      verbose;
	bool      udev_sync;     /* udev runs the dm rules (mdm_udev_running()): resume,
	                            remove and rename wait for it; see udev.c */
	unsigned  udev_wait_ms;  /* how long per uevent (0: MDM_UDEV_WAIT_MS) */
	unsigned  udev_fallbacks;/* /dev/mapper entries made or removed by minidm because
	                            udev did not complete in time or made none */
	void     *buf;           /* reply buffer, 8-byte aligned, grown on demand */
	size_t    cap;
	unsigned  ioctls;        /* ioctls issued (for tests and bench) */
	/* Transport override: replaces ioctl(2) when set (unit tests replay
	 * recorded replies through it; fault injection counts calls). */
	int     (*xioctl)(struct mdm_ctx *ctx, unsigned long nr, struct dm_ioctl *io);
	void     *hook_data;
	/* Fault injection (MINIDM_FAULT_AFTER): when non-zero, the process
	 * ends with exit code 99 right after this many ioctls, as if it had
	 * crashed there. */
	unsigned  fault_after;
	/* Work beside the next ioctl (once): the ioctl is issued while a
	 * thread of its own does this (mdm_dev_setup_at arms it for the table
	 * load of a thin, which waits for an RCU grace period) */
	void    (*beside)(struct mdm_ctx *ctx);
	/* The caller's work for that time (activate: its log lines) */
	void    (*later)(struct mdm_ctx *ctx);
	/* Set: mdm_dev_setup_at writes udev's database entry of each device
	 * it makes (mdm_udev_db_write) with these lines ("": none) */
	const char *udev_db;
	/* the last failure (last: the fields above are in reach of a
	 * one-byte offset) */
	struct mdm_err err;
};

/* Opens /dev/mapper/control (creating it from sysfs when missing) and checks
 * the interface major is 4. */
int  mdm_open(struct mdm_ctx *ctx);
void mdm_close(struct mdm_ctx *ctx);
/* "table load: Invalid argument (line 2: ...)" for the last failure. */
const char *mdm_errmsg(const struct mdm_ctx *ctx, char *buf, size_t len);
/* Record a failure in ctx and return -errnum (for constructs and commands). */
int  mdm_fail(struct mdm_ctx *ctx, int errnum, const char *op, const char *dev,
             const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Is the kernel's interface at least 4.minor? */
static inline bool mdm_has_minor(const struct mdm_ctx *ctx, uint32_t minor)
{
	return ctx->version[0] > 4 || (ctx->version[0] == 4 && ctx->version[1] >= minor);
}

/* ---- device identity --------------------------------------------------- */

/* A device as the user named it: by name, by uuid, or by major:minor. */
struct mdm_id {
	const char *name;
	const char *uuid;
	uint32_t    major, minor;
	bool        by_dev;
};
#define MDM_ID_NAME(n) ((struct mdm_id){ .name = (n) })
/* A printable label for the id ("root", "uuid LVM-...", "253:4"). */
const char *mdm_id_label(const struct mdm_id *id, char *buf, size_t len);

/* The kernel's dev_t encoding in dm_ioctl.dev. */
static inline uint64_t mdm_mkdev(uint32_t major, uint32_t minor)
{
	return (minor & 0xffu) | ((uint64_t)(major & 0xfffu) << 8) |
	       ((uint64_t)(minor & ~0xffu) << 12) | ((uint64_t)(major & ~0xfffu) << 32);
}
static inline uint32_t mdm_major(uint64_t dev) { return (uint32_t)(((dev >> 8) & 0xfffu) | ((dev >> 32) & ~0xfffu)); }
static inline uint32_t mdm_minor(uint64_t dev) { return (uint32_t)((dev & 0xffu) | ((dev >> 12) & ~0xffu)); }

struct mdm_info {
	bool     exists;
	uint32_t major, minor;
	int32_t  open_count;
	uint32_t flags;          /* DM_*_FLAG as the kernel reported them */
	uint32_t event_nr;
	uint32_t target_count;
	char     name[DM_NAME_LEN];
	char     uuid[DM_UUID_LEN];
};

/* ---- tables ------------------------------------------------------------ */

struct mdm_target {
	uint64_t start, length;  /* sectors */
	char     type[DM_MAX_TYPE_NAME];
	char    *params;         /* owned; for status replies, the status line */
	int32_t  status;
};

struct mdm_table {
	struct mdm_target *t;
	size_t n, cap;
};

void mdm_table_free(struct mdm_table *tab);
/* Append a target; params is copied. */
int  mdm_table_add(struct mdm_table *tab, uint64_t start, uint64_t length,
                  const char *type, const char *params);
/* Parse dmsetup table text: one "START LENGTH TYPE PARAMS" per line, '#'
 * comments and blank lines ignored.  On error, *errline is the 1-based line
 * and msg says why. */
int  mdm_table_parse(struct mdm_table *tab, const char *text, size_t *errline,
                    char *msg, size_t msglen);
/* Total length in sectors. */
uint64_t mdm_table_size(const struct mdm_table *tab);

/* Devices in one line (parse/concise.c): the kernel's dm-mod.create=
 * grammar, or dmsetup's `create --concise` (escapes, empty flags, table
 * comments, devices without a table). */
enum mdm_concise_grammar { MDM_CONCISE_KERNEL, MDM_CONCISE_DMSETUP };
struct mdm_concise_dev {
	int32_t  minor;              /* -1: any */
	bool     readonly;
	struct mdm_table table;
	char     name[DM_NAME_LEN];
	char     uuid[DM_UUID_LEN];
};
struct mdm_concise { struct mdm_concise_dev *d; size_t n; };
int  mdm_concise_parse(const char *text, enum mdm_concise_grammar g, struct mdm_concise *out,
                       char *msg, size_t msglen);
void mdm_concise_free(struct mdm_concise *c);
/* One device, parsed in place from the text at *pp, which ends at the
 * device's ';' or a NUL; *pp moves past the ';'.  d->table is the
 * caller's to free, also on failure. */
int  mdm_concise_dev(char **pp, enum mdm_concise_grammar g, struct mdm_concise_dev *d,
                     char *msg, size_t msglen);
/* dmsetup's grammar: where the device in s[from, n) ends: the index of
 * its ';' or a NUL; or, when the text so far does not say, n or that of a
 * backslash at the very end (scan again from there with more text). */
size_t mdm_concise_end(const char *s, size_t from, size_t n);

/* Resolve every "/dev/..." word of each target's params to MAJ:MIN.  On
 * failure, msg names the path and the cause. */
int  mdm_table_resolve_paths(struct mdm_table *tab, char *msg, size_t msglen);

/* ---- operations: one per DM ioctl -------------------------------------- */

/* A device of a list; its name points into the list's reply. */
struct mdm_dev {
	const char *name;
	uint64_t dev;
	uint32_t event_nr;           /* 0 before DM interface 4.37 */
};
/* A target type and its version, its name in the list's reply. */
struct mdm_version { const char *name; uint32_t v[3]; };
/* A list reply of the kernel (devices, or target versions), walked in
 * place (no copy per record): n records, given one by one by
 * mdm_devlist_next or mdm_versions_next (false after the last).  A copy
 * of the struct is a second walk over the same reply; only the original
 * is freed, with mdm_devlist_free. */
struct mdm_devlist {
	struct dm_ioctl *buf;
	size_t n, i, off;
	bool   trailer;              /* devices: records carry event_nr (4.37) */
	bool   versions;             /* a list of target versions */
};
bool mdm_devlist_next(struct mdm_devlist *l, struct mdm_dev *d);
bool mdm_versions_next(struct mdm_devlist *l, struct mdm_version *v);
void mdm_devlist_free(struct mdm_devlist *l);

/* The operations: each issues exactly its ioctl and nothing else (no
 * udev, no /dev/mapper; the layer below, "udev and /dev/mapper", does
 * that).  event_nr is the word resume, remove and rename carry: a udev
 * cookie and its flags (0: none).  info (may be NULL) gets the reply. */
int mdm_version(struct mdm_ctx *ctx, uint32_t v[3]);
/* flags: DM_DEFERRED_REMOVE */
int mdm_remove_all(struct mdm_ctx *ctx, uint32_t flags);
int mdm_list_devices(struct mdm_ctx *ctx, struct mdm_devlist *out);
/* minor -1: the kernel picks one.  flags: DM_READONLY_FLAG */
int mdm_create(struct mdm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
               uint32_t flags, struct mdm_info *info);
/* flags: DM_DEFERRED_REMOVE */
int mdm_remove(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
               uint32_t event_nr, struct mdm_info *info);
/* flags: DM_UUID_FLAG sets the uuid instead of renaming (the kernel checks
 * the new name; mdm_udev_rename checks it first, as dmsetup does) */
int mdm_rename(struct mdm_ctx *ctx, const struct mdm_id *id, const char *to, uint32_t flags,
               uint32_t event_nr, struct mdm_info *info);
/* DM_DEV_SUSPEND: with DM_SUSPEND_FLAG in flags it suspends, without it
 * resumes; also DM_NOFLUSH_FLAG, DM_SKIP_LOCKFS_FLAG. */
int mdm_dev_suspend(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                    uint32_t event_nr, struct mdm_info *info);
static inline int mdm_suspend(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags)
{
	return mdm_dev_suspend(ctx, id, flags | DM_SUSPEND_FLAG, 0, NULL);
}
/* A missing device is not an error: info->exists is false. */
int mdm_info(struct mdm_ctx *ctx, const struct mdm_id *id, struct mdm_info *info);
int mdm_wait(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t event_nr,
            struct mdm_info *info);
/* flags: DM_READONLY_FLAG */
int mdm_table_load(struct mdm_ctx *ctx, const struct mdm_id *id,
                  const struct mdm_table *tab, uint32_t flags);
int mdm_table_clear(struct mdm_ctx *ctx, const struct mdm_id *id);
/* flags: DM_QUERY_INACTIVE_TABLE_FLAG */
int mdm_table_deps(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                  uint64_t **devs, size_t *n, struct mdm_info *info);
/* flags: DM_STATUS_TABLE_FLAG (table, not status), DM_QUERY_INACTIVE_TABLE_FLAG,
 * DM_NOFLUSH_FLAG (status without flushing), DM_SECURE_DATA_FLAG. */
int mdm_table_status(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                    struct mdm_table *out, struct mdm_info *info);
int mdm_list_versions(struct mdm_ctx *ctx, struct mdm_devlist *out);
int mdm_get_target_version(struct mdm_ctx *ctx, const char *target, uint32_t v[3]);
/* *reply is malloc'd (NULL when the target said nothing). */
int mdm_target_msg(struct mdm_ctx *ctx, const struct mdm_id *id, uint64_t sector,
                  const char *msg, char **reply);
int mdm_set_geometry(struct mdm_ctx *ctx, const struct mdm_id *id, const char *cyl,
                    const char *heads, const char *sectors, const char *start);
int mdm_arm_poll(struct mdm_ctx *ctx);

/* ---- udev and /dev/mapper (udevsync.c, node.c, udev.c) ----------------- */

/* The operations that make uevents, with libdevmapper's cookie handshake
 * when udev runs the dm rules (ctx->udev_sync; they wait for it), a
 * caller's cookie (ctx->cookie; they do not wait), and /dev/mapper
 * entries made by minidm when udev does not make them (unless
 * ctx->no_nodes).  Flags as for the operations. */
int mdm_udev_create(struct mdm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
                    uint32_t flags, struct mdm_info *info);
/* udev_flags: MDM_UDEV_*_FLAG bits added to the ones every resume sends */
int mdm_udev_resume(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                    uint32_t udev_flags);
int mdm_udev_remove(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags);
/* Retry up to `tries` times on EBUSY (0: once), 200 ms apart. */
int mdm_udev_remove_retry(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                          unsigned tries);
int mdm_udev_remove_all(struct mdm_ctx *ctx, uint32_t flags);
int mdm_udev_rename(struct mdm_ctx *ctx, const struct mdm_id *id, const char *newname);
/* The kernel sets a uuid once: refused when the device has one. */
int mdm_udev_set_uuid(struct mdm_ctx *ctx, const struct mdm_id *id, const char *uuid);

/* The /dev/mapper entry of a device found active, when minidm makes them
 * (no udev, no caller's cookie, nodes not turned off); a no-op when the
 * entry is right. */
void mdm_udev_node_keep(const struct mdm_ctx *ctx, const struct mdm_info *i);
/* Without udev running the dm rules: the udev database entry
 * (/run/udev/data/bMAJ:MIN) that udev would have written, so that the real
 * root's udev takes the device over on its coldplug "add" (Debian's rules
 * ignore a dm device without DM_UDEV_PRIMARY_SOURCE_FLAG).  extra: more
 * "E:KEY=VALUE\n" lines (NULL: none).  0 also when nothing is written. */
int mdm_udev_db_write(const struct mdm_ctx *ctx, const struct mdm_info *i, const char *extra);
/* The same for a device found active, only when it has no entry (one that
 * udev or an earlier run wrote is left as it is): an activation cut short
 * between a device's resume and its entry gets it on the next run. */
int mdm_udev_db_keep(const struct mdm_ctx *ctx, const struct mdm_info *i, const char *extra);
/* The entry of device dev (mdm_mkdev) removed: a device made and removed again */
void mdm_udev_db_remove(uint64_t dev);

/* ---- whole devices (dev.c) --------------------------------------------- */

/* 1 if a device of that name exists, 0 if not, -errno on failure. */
int mdm_device_exists(struct mdm_ctx *ctx, const char *name);
/* create + load + resume; on a failure after create the device is removed
 * again (nothing left behind).  tab NULL: create only.  flags: DM_READONLY_FLAG,
 * and MDM_UDEV_*_FLAG bits << 16 for the resume.  With ctx->udev_db set, the
 * device's udev database entry too (removed with the device); a thin's load
 * is issued while a thread writes it and runs ctx->later (struct mdm_ctx).
 * info (may be NULL): the create's reply, with the live table's flag and
 * target count after the resume (no status ioctl of its own). */
int mdm_dev_setup(struct mdm_ctx *ctx, const char *name, const char *uuid,
                 const struct mdm_table *tab, uint32_t flags, struct mdm_info *info);
int mdm_dev_setup_at(struct mdm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
                    const struct mdm_table *tab, uint32_t flags, struct mdm_info *info);
/* The live table and status of NAME, a device of one target of the kind
 * (thin-pool: struct mdm_pool_table and mdm_pool_status; thin:
 * mdm_thin_table and mdm_thin_status; cache: mdm_cache_table and
 * mdm_cache_status), parsed into tab and st; *length its size.  -ENXIO
 * "no such device", -EINVAL "not a TYPE device" or an unreadable table,
 * -EPROTO an unreadable status. */
enum mdm_target_kind { MDM_KIND_THIN_POOL, MDM_KIND_THIN, MDM_KIND_CACHE };
int mdm_dev_target(struct mdm_ctx *ctx, const char *name, enum mdm_target_kind kind,
                   struct mdm_info *info, uint64_t *length, void *tab, void *st);
/* Only the status line (one ioctl) of a pool (struct mdm_pool_status) or a
 * cache (struct mdm_cache_status), parsed into *st. */
int mdm_dev_status(struct mdm_ctx *ctx, const char *name, enum mdm_target_kind kind, void *st);
/* dmsetup wipe_table: an error table over the whole device, made live
 * (flags: DM_NOFLUSH_FLAG, DM_SKIP_LOCKFS_FLAG for the resume). */
int mdm_dev_wipe_table(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags);
/* Wipe the table (so a busy device's users fail fast), then remove with
 * retries.  flags: DM_DEFERRED_REMOVE */
int mdm_dev_force_remove(struct mdm_ctx *ctx, const struct mdm_id *id, uint32_t flags,
                         unsigned tries);

/* ---- the ensure policy (ensure.c) ------------------------------------- */

/* Equal as the kernel echoes tables (runs of blanks are one, ends trimmed). */
bool mdm_table_equal(const struct mdm_table *x, const struct mdm_table *y);

enum mdm_ensure_state {
	MDM_ENSURE_ABSENT,      /* not there: to be made */
	MDM_ENSURE_HALF_MADE,   /* there without a live table (an interrupted
	                           create): removed (not when dry), to be made */
	MDM_ENSURE_ACTIVE,      /* active with the same table: left alone */
	MDM_ENSURE_RESUMED,     /* the same table, suspended: resumed */
};
/* What bringing NAME up with tab needs, and the steps that are not a
 * create: remove a half-made device, resume a suspended one (neither when
 * dry).  -EEXIST when it is active with another table, which is then in
 * *other (the caller frees it).  info: the device as found. */
int mdm_ensure_prepare(struct mdm_ctx *ctx, const char *name, const struct mdm_table *tab,
                       bool dry, enum mdm_ensure_state *st, struct mdm_info *info,
                       struct mdm_table *other);
/* prepare, then mdm_dev_setup when the device is to be made. */
int mdm_ensure(struct mdm_ctx *ctx, const char *name, const char *uuid,
               const struct mdm_table *tab, uint32_t flags, enum mdm_ensure_state *st,
               struct mdm_table *other);

/* ---- member devices ---------------------------------------------------- */

/* A dm device named as NAME, /dev/mapper/NAME, /dev/dm-N (any block node)
 * or MAJ:MIN: its info (info->exists false when there is none).  The one
 * resolver behind every option that names a dm device. */
int mdm_dev_resolve(struct mdm_ctx *ctx, const char *arg, struct mdm_info *info);
/* A block device node (or "MAJ:MIN") to a device number. */
int mdm_devnode_to_devno(const char *path, uint64_t *dev);
/* Open a block device by number (devtmpfs node, else a private node). */
int mdm_open_devno(uint64_t dev, int flags);
/* Its size in sectors. */
int mdm_member_size(uint64_t dev, uint64_t *sectors);
/* A member argument (path or MAJ:MIN) to a device number, with an error
 * naming `what` ("data", "metadata") on failure. */
int mdm_member_resolve(struct mdm_ctx *ctx, const char *op, const char *dev,
                      const char *what, const char *arg, uint64_t *devno);
/* Metadata safety: zeros = new (*fresh), a valid superblock of the wanted
 * kind = existing (refused read-write when needs_check), anything else
 * refused unless wipe, which zeroes only the first 4 KiB.  mdm_meta_check
 * is mdm_meta_read (the first 4 KiB, classified) then mdm_meta_judge. */
int mdm_meta_check(struct mdm_ctx *ctx, const char *op, const char *name, uint64_t devno,
                  bool want_cache, bool wipe, bool read_only, struct mdm_sb *sb, bool *fresh);
int mdm_meta_read(struct mdm_ctx *ctx, const char *op, const char *name, uint64_t devno,
                  struct mdm_sb *sb);
int mdm_meta_judge(struct mdm_ctx *ctx, const char *op, const char *name, uint64_t devno,
                  bool want_cache, bool wipe, bool read_only, const struct mdm_sb *sb,
                  bool *fresh);

/* ---- thin provisioning (thin.c) --------------------------------------- */

struct mdm_thin_pool_opts {
	const char *meta, *data;        /* paths or MAJ:MIN */
	const char *uuid;               /* optional */
	uint64_t block_sectors;         /* 0: 128 (64 KiB), or the existing pool's */
	uint64_t data_sectors;          /* 0: the whole data device */
	uint64_t low_water_sectors;     /* used when low_water_set */
	bool low_water_set;
	bool error_if_no_space, skip_zeroing, no_discard_passdown, read_only, wipe_meta;
	bool existing;                  /* only an existing pool: zeros (new
	                                   metadata) refused, no wipe */
};

struct mdm_thin_pool_info {
	uint64_t length;                /* sectors */
	struct mdm_pool_status st;
	struct mdm_pool_table table;
	struct mdm_info info;
};

struct mdm_thin_info {
	uint64_t length;
	struct mdm_thin_table table;
	struct mdm_thin_status st;
	struct mdm_info info;
};

/* The pool's table: members resolved, the metadata member's superblock
 * read once and checked (as mdm_meta_check, but with o->wipe_meta the
 * check and the wipe wait for mdm_thin_pool_setup), an existing pool's
 * block size kept, sizes and limits checked. */
int mdm_thin_pool_table(struct mdm_ctx *ctx, const char *name,
                       const struct mdm_thin_pool_opts *o, struct mdm_table *tab);
/* With the table mdm_thin_pool_table made of the same o: the wipe (if
 * o->wipe_meta), create + load + resume, then a health check: a pool that
 * comes up needs_check, read-only or failed is an error unless
 * o->read_only.  mdm_thin_pool_create: both.  *fresh: the kernel
 * formatted new metadata. */
int mdm_thin_pool_setup(struct mdm_ctx *ctx, const char *name,
                       const struct mdm_thin_pool_opts *o, const struct mdm_table *tab,
                       bool *fresh);
int mdm_thin_pool_create(struct mdm_ctx *ctx, const char *name,
                        const struct mdm_thin_pool_opts *o, bool *fresh);
/* One status ioctl; the status in *st (when not NULL). */
int mdm_thin_pool_check_health(struct mdm_ctx *ctx, const char *name, bool read_only,
                               struct mdm_pool_status *st);
int mdm_thin_pool_status(struct mdm_ctx *ctx, const char *name, struct mdm_thin_pool_info *pi);
/* Grow to data_sectors (0: the data member's size); meta_sectors checks
 * the metadata member is at least that big; suspend/resume makes the
 * kernel take both. */
int mdm_thin_pool_resize(struct mdm_ctx *ctx, const char *pool, uint64_t data_sectors,
                        uint64_t meta_sectors);
/* Refuses while thin devices of the pool are active. */
int mdm_thin_pool_remove(struct mdm_ctx *ctx, const char *pool);
/* The pool's messages (dm-thin's words), typed: numbers as each takes. */
enum mdm_pool_msg {
	MDM_POOL_CREATE_THIN,           /* a = new id */
	MDM_POOL_CREATE_SNAP,           /* a = new id, b = origin id */
	MDM_POOL_DELETE,                /* a = id */
	MDM_POOL_SET_TRANSACTION_ID,    /* a = current, b = new */
	MDM_POOL_RESERVE_METADATA_SNAP,
	MDM_POOL_RELEASE_METADATA_SNAP,
};
int mdm_thin_pool_message(struct mdm_ctx *ctx, const char *pool, enum mdm_pool_msg m,
                          uint64_t a, uint64_t b);
static inline int mdm_thin_pool_create_thin(struct mdm_ctx *ctx, const char *pool, uint32_t id)
{
	return mdm_thin_pool_message(ctx, pool, MDM_POOL_CREATE_THIN, id, 0);
}
static inline int mdm_thin_pool_delete_thin(struct mdm_ctx *ctx, const char *pool, uint32_t id)
{
	return mdm_thin_pool_message(ctx, pool, MDM_POOL_DELETE, id, 0);
}
static inline int mdm_thin_pool_set_transaction_id(struct mdm_ctx *ctx, const char *pool,
                                                   uint64_t cur, uint64_t next)
{
	return mdm_thin_pool_message(ctx, pool, MDM_POOL_SET_TRANSACTION_ID, cur, next);
}
/* The thin device's table: "thin POOL_MAJ:MIN ID" over sectors; the pool
 * (any form mdm_dev_resolve takes) must be active. */
int mdm_thin_table(struct mdm_ctx *ctx, const char *name, const char *pool, uint32_t id,
                   uint64_t sectors, struct mdm_table *tab);
/* Names of active thins of the pool (dev id `id`, or all when < 0) into
 * names; returns their count or -errno. */
int mdm_thin_users(struct mdm_ctx *ctx, const char *pool, int64_t id, char *names, size_t len);
/* create_new sends create_thin first (and deletes the id again when the
 * device cannot be made). */
int mdm_thin_create(struct mdm_ctx *ctx, const char *name, const char *pool, uint32_t id,
                   uint64_t sectors, bool create_new);
/* Suspends the origin around create_snap; sectors 0: the origin's size. */
int mdm_thin_snapshot(struct mdm_ctx *ctx, const char *name, const char *origin, uint32_t id,
                     uint64_t sectors);
int mdm_thin_delete(struct mdm_ctx *ctx, const char *pool, uint32_t id);
int mdm_thin_info(struct mdm_ctx *ctx, const char *name, struct mdm_thin_info *ti);
/* Reload a one-target device with a new length (0: same) and resume. */
int mdm_reload_length(struct mdm_ctx *ctx, const char *name, uint64_t length);

/* ---- early boot (parse/cmdline.c, boot.c) ---------------------------------------------- */

#define MDM_BOOT_MAX_LVM 16
struct mdm_boot_params {
	const char *create;             /* dm-mod.create= (the kernel's grammar) */
	const char *waitfor;            /* dm-mod.waitfor=D[,D...] */
	const char *conf;               /* minidm.conf= (default /etc/minidm.conf) */
	bool conf_given;
	uint32_t timeout;               /* minidm.timeout= seconds (default 30) */
	bool ro;                        /* minidm.ro */
	bool lvm_off;                   /* rd.lvm=0 */
	const char *root, *resume;      /* root=, resume= (NULL: none) */
	unsigned nlvm;                  /* rd.lvm.vg= and rd.lvm.lv=, in order: */
	bool lvm_lv[MDM_BOOT_MAX_LVM];  /* a VG/LV of rd.lvm.lv= (else a VG) */
	const char *lvm[MDM_BOOT_MAX_LVM];
};
/* Kernel command line words: blanks separate, double quotes group and are
 * dropped.  In place; returns the count or -E2BIG. */
int  mdm_cmdline_split(char *buf, char **words, int max);
/* The parameters minidm reads (above); one that is malformed (an empty
 * value, minidm.timeout= that is no number of seconds, rd.lvm.lv= that is
 * no VG/LV, ...) is -EINVAL with msg naming it. */
int  mdm_boot_params_parse(char **words, int n, struct mdm_boot_params *bp, char *msg,
                           size_t msglen);
/* A config line split as a shell would ('...', "...", \c, # comments). */
int  mdm_config_split(char *line, char **words, int max, const char **why);
/* A member spec (path, MAJ:MIN, PARTUUID=, PARTLABEL=) to a path: 0 when
 * it is there, -ENOENT while it is not. */
int  mdm_member_find(const char *spec, char *path, size_t len);
/* Whether a table or argument word names a member; out gets the device
 * part (DEV of DEV:START:LEN). */
bool mdm_member_word(const char *w, char *out, size_t len);

/* The kernel modules that provide the target named by target[0..len)
 * into buf ("dm-cache dm-cache-smq"): 1, or 0 for one that dm-mod has
 * built in (linear, striped, error) or that is unknown. */
int mdm_target_modules(const char *target, size_t len, char *buf, size_t cap);

/* ---- cache (cache.c) --------------------------------------------------- */

struct mdm_cache_opts {
	const char *meta, *cache, *origin; /* paths or MAJ:MIN */
	const char *uuid;               /* optional */
	const char *policy;             /* NULL: "smq" */
	const char *policy_args;        /* "KEY VALUE ...", e.g. "migration_threshold 0" */
	uint64_t block_sectors;         /* 0: 128 (64 KiB), or the existing cache's */
	enum mdm_cache_io mode;         /* DEFAULT: writeback */
	bool metadata2, wipe_meta;
	bool existing;                  /* only an existing cache: zeros (new
	                                   metadata) refused, no wipe */
};

struct mdm_cache_info {
	uint64_t length;                /* sectors */
	struct mdm_cache_status st;
	struct mdm_cache_table table;
	struct mdm_info info;
};

/* Called after each status poll of a flush. */
typedef void mdm_cache_progress_fn(void *arg, const struct mdm_cache_status *st);

/* The cache's table: members resolved, three different devices, the
 * metadata checked once (zeros: new, a cache superblock: existing, whose
 * block size and format are kept; else refused unless wipe_meta, when the
 * check waits for the setup), block size 32 KiB to 1 GiB in 32 KiB steps,
 * length the origin's size. */
int mdm_cache_table(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_opts *o,
                   struct mdm_table *tab);
/* With that table: the wipe (wipe_meta), create + load + resume, then a
 * health check; a cache that comes up failed, read-only or needs_check is
 * removed again.  mdm_cache_create: both.  *fresh: the kernel formatted it. */
int mdm_cache_setup(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_opts *o,
                   const struct mdm_table *tab, bool *fresh);
int mdm_cache_create(struct mdm_ctx *ctx, const char *name, const struct mdm_cache_opts *o,
                    bool *fresh);
int mdm_cache_check_health(struct mdm_ctx *ctx, const char *name);
int mdm_cache_status(struct mdm_ctx *ctx, const char *name, struct mdm_cache_info *ci);
/* Reload with another io mode and/or policy (DEFAULT / NULL: keep), policy
 * arguments dropped when the policy changes; suspend, resume. */
int mdm_cache_set(struct mdm_ctx *ctx, const char *name, enum mdm_cache_io mode,
                 const char *policy);
/* Switch to the cleaner policy (without policy arguments: a
 * migration_threshold of 0 would stop it), poll until no block is dirty
 * (sleeping 10 ms, doubling up to 500 ms), then reload the original table.
 * Returns only when dirty is 0, or on an error (the cleaner stays then). */
int mdm_cache_flush(struct mdm_ctx *ctx, const char *name, mdm_cache_progress_fn *fn, void *arg);
/* Refused while blocks are dirty; flush: clean first (the device stays on
 * the cleaner policy until it is gone). */
int mdm_cache_remove(struct mdm_ctx *ctx, const char *name, bool flush,
                    mdm_cache_progress_fn *fn, void *arg);
/* Reload for the origin's current size (it may only grow); the kernel
 * re-reads the cache member's size on resume. */
int mdm_cache_resize(struct mdm_ctx *ctx, const char *name);

/* ---- linear and flakey (parse/segment.c, linear.c) -------------------------------------- */

#define MDM_SEG_DEV_LEN 128
enum { MDM_FLAKEY_DROP_WRITES = 1, MDM_FLAKEY_ERROR_WRITES = 2 };

/* One segment: DEV[:START[:LENGTH]] or DEV:START:LENGTH:flakey:UP:DOWN
 * [:drop_writes|:error_writes][:corrupt_bio_byte=N,r|w,VALUE[,FLAGS]]
 * (grammar in parse/segment.c). */
struct mdm_segment {
	uint64_t start, length;         /* sectors; length 0: to the device's end */
	bool flakey;
	uint32_t up, down;              /* seconds */
	unsigned writes;                /* 0 or DM_FLAKEY_* */
	uint32_t corrupt_byte;          /* 1-based; 0: no corrupt_bio_byte */
	char corrupt_dir;               /* 'r' or 'w' */
	uint8_t corrupt_value;
	uint32_t corrupt_flags;
	char dev[MDM_SEG_DEV_LEN];       /* "/dev/..." or "MAJ:MIN", as given */
};

/* Pure: 0, or -EINVAL / -ENAMETOOLONG with *why saying what is wrong. */
int mdm_segment_parse(const char *spec, struct mdm_segment *seg, const char **why);
/* Pure: the linear or flakey target's parameters for seg on devmm. */
int mdm_segment_params(const struct mdm_segment *seg, const char *devmm, char *buf, size_t len);
/* The table of n segments laid end to end (devices resolved and sized). */
int mdm_linear_table(struct mdm_ctx *ctx, const char *name, const char *const *specs, size_t n,
                    struct mdm_table *tab);
/* mdm_linear_table + mdm_dev_setup.  flags: DM_READONLY_FLAG */
int mdm_linear_create(struct mdm_ctx *ctx, const char *name, const char *uuid,
                     const char *const *specs, size_t n, uint32_t flags);

/* ---- udev cooperation (udev.c) ----------------------------------------- */

#define MDM_UDEV_WAIT_MS 30000u
/* udev will answer cookies: its control socket accepts a connection, a
 * 95-dm-notify.rules and a dmsetup for it to run are installed, and
 * DM_DISABLE_UDEV is not set. */
bool mdm_udev_running(void);
/* A new cookie (its semaphore at 1); *cookie is its 16-bit base. */
int  mdm_cookie_create(uint32_t *cookie);
/* Add or take 1 (flags in the top 16 bits are ignored); dec of a semaphore
 * at zero is -EAGAIN, of a cookie that does not exist -ENOENT. */
int  mdm_cookie_inc(uint32_t cookie);
int  mdm_cookie_dec(uint32_t cookie);
/* Wait until the semaphore is 0 (-ETIMEDOUT after timeout_ms), then remove
 * it either way.  release takes the creator's 1 off first. */
int  mdm_cookie_wait(uint32_t cookie, unsigned timeout_ms);
int  mdm_cookie_release(uint32_t cookie, unsigned timeout_ms);
int  mdm_cookie_destroy(uint32_t cookie);
/* Remove every cookie semaphore not changed for age_s seconds (0: all). */
int  mdm_cookie_destroy_all(unsigned age_s, unsigned *n);
/* A cookie as udev passes it (DM_COOKIE, or 0x hex, or 0 octal). */
int  mdm_cookie_parse(const char *s, uint32_t *cookie);
/* The DM_UDEV_*_FLAG='1' lines `dmsetup udevflags COOKIE` prints. */
int  mdm_udev_flags_env(uint32_t cookie, char *buf, size_t len);

/* ---- names, uuids, units ----------------------------------------------- */

/* 0 if valid; else -EINVAL with a reason in why. */
int mdm_check_name(const char *name, const char **why);
int mdm_check_uuid(const char *uuid, const char **why);
/* dmsetup's name mangling.  The kernel holds names and uuids in mangled
 * form (characters outside udev's whitelist [0-9A-Za-z#+-.:=@_] as \xNN) so
 * that /dev/mapper entries are what udev makes; dmsetup mangles what the
 * user types and unmangles what it prints.  Modes as dmsetup --manglename:
 * none (copy), hex (mangle every such character), auto (the default: like
 * hex, but a string already in mangled form is kept, and one that mixes
 * both forms is -EINVAL).  Returns 0, -EINVAL or -ENAMETOOLONG. */
enum mdm_mangling { MDM_MANGLE_NONE, MDM_MANGLE_AUTO, MDM_MANGLE_HEX };
int mdm_mangle_mode(const char *in, enum mdm_mangling mode, char *out, size_t outlen);
int mdm_mangle(const char *in, char *out, size_t outlen);   /* hex mode */
/* \xNN (two hex digits) back to the byte; anything else is copied. */
int mdm_unmangle(const char *in, char *out, size_t outlen);
/* Does s hold only whitelisted characters and backslashes (so that dmsetup
 * would unmangle it rather than refuse it)? */
bool mdm_is_mangled_form(const char *s);

/* Parse a size: a number with an optional unit: s (sectors), b, k/K/KiB,
 * M/MiB, G/GiB, T/TiB, P/PiB (IEC, powers of 1024), kB/MB/GB/TB/PB (SI),
 * no unit means `defunit` bytes per unit.  The result in bytes. */
int mdm_parse_size(const char *s, uint64_t defunit, uint64_t *bytes);
/* The same, in sectors; a size that is not a whole number of sectors is
 * an error. */
int mdm_parse_sectors(const char *s, uint64_t *sectors);
/* Human-readable IEC size ("1.5 GiB", "512 B"). */
char *mdm_fmt_size(uint64_t bytes, char *buf, size_t len);
/* Strict unsigned integer parse (base 10), no sign, no overflow. */
int mdm_parse_u64(const char *s, uint64_t *v);
int mdm_parse_u32(const char *s, uint32_t *v);
/* "MAJ:MIN" (major up to 4095, minor up to 1048575) to a device number. */
int mdm_parse_devno(const char *s, uint64_t *dev);

/* ---- sysfs (sysfs.c) --------------------------------------------------- */

/* The kernel's name of a block device ("vda", "dm-3"); a dm device's own
 * name (else the kernel's name); its read-ahead in sectors (sysfs, else
 * BLKRAGET on /dev/mapper/NAME, as libdevmapper does).  0 or -errno. */
int mdm_sys_blkname(uint32_t major, uint32_t minor, char *buf, size_t len);
int mdm_sys_devname(uint32_t major, uint32_t minor, char *buf, size_t len);
int mdm_read_ahead(const struct mdm_info *i, uint32_t *sectors);

/* ---- device nodes ------------------------------------------------------ */

/* Make /dev/mapper/NAME for dev (block node 0600, or a symlink to ../dm-N
 * when /dev/dm-N exists); remove it; make /dev/mapper match the kernel. */
int mdm_node_add(const char *name, uint32_t major, uint32_t minor);
int mdm_node_del(const char *name);
int mdm_node_rename(const char *old, const char *newname, uint32_t major, uint32_t minor);
int mdm_mknodes(struct mdm_ctx *ctx, const char *only);

#endif
