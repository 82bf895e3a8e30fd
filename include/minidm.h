/* minidm.h - the public API of libminidm.
 *
 * A small C library that drives the Linux device-mapper by assembling
 * dm_ioctl buffers by hand.  Conventions (util-linux loopdev style):
 *   - every function that can fail returns 0 on success and -errno on
 *     failure; iterators return 1 at the end;
 *   - the library never prints and never exits: on failure it records
 *     what it was doing in the context (dm_errmsg()), the caller prints;
 *   - sizes are in 512-byte sectors unless a name says otherwise.
 */
#ifndef MINIDM_H
#define MINIDM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dm-abi.h"

#define MDM_SECTOR 512u
#define MINIDM_VERSION "0.1.0"

/* ---- errors ------------------------------------------------------------ */

struct dm_err {
	int  errnum;          /* positive errno, 0 when none */
	char op[32];          /* "table load", "create", ... */
	char dev[DM_NAME_LEN];/* device the operation was about ("" if none) */
	char detail[192];     /* extra cause, e.g. the kernel's table complaint */
};

/* ---- the context ------------------------------------------------------- */

struct dm_ctx {
	int       fd;            /* /dev/mapper/control */
	uint32_t  version[3];    /* kernel's DM interface version */
	uint32_t  cookie;        /* udev cookie/flags sent in event_nr (0: none) */
	unsigned  no_nodes : 1;  /* do not manage /dev/mapper nodes */
	unsigned  verbose  : 1;
	void     *buf;           /* reply buffer, 8-byte aligned, grown on demand */
	size_t    cap;
	struct dm_err err;       /* the last failure */
	unsigned  ioctls;        /* ioctls issued (for tests and bench) */
	/* Transport override: replaces ioctl(2) when set (unit tests replay
	 * recorded replies through it; fault injection counts calls). */
	int     (*xioctl)(struct dm_ctx *ctx, unsigned long nr, struct dm_ioctl *io);
	void     *hook_data;
};

/* Opens /dev/mapper/control (creating it from sysfs when missing) and checks
 * the interface major is 4. */
int  dm_open(struct dm_ctx *ctx);
void dm_close(struct dm_ctx *ctx);
/* "table load: Invalid argument (line 2: ...)" for the last failure. */
const char *dm_errmsg(const struct dm_ctx *ctx, char *buf, size_t len);
/* Record a failure in ctx and return -errnum (for constructs and commands). */
int  dm_fail(struct dm_ctx *ctx, int errnum, const char *op, const char *dev,
             const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Is the kernel's interface at least 4.minor? */
static inline bool dm_has_minor(const struct dm_ctx *ctx, uint32_t minor)
{
	return ctx->version[0] > 4 || (ctx->version[0] == 4 && ctx->version[1] >= minor);
}

/* ---- device identity --------------------------------------------------- */

/* A device as the user named it: by name, by uuid, or by major:minor. */
struct dm_id {
	const char *name;
	const char *uuid;
	uint32_t    major, minor;
	bool        by_dev;
};
#define DM_ID_NAME(n) ((struct dm_id){ .name = (n) })
/* A printable label for the id ("root", "uuid LVM-...", "253:4"). */
const char *dm_id_label(const struct dm_id *id, char *buf, size_t len);

/* The kernel's dev_t encoding in dm_ioctl.dev. */
static inline uint64_t dm_mkdev(uint32_t major, uint32_t minor)
{
	return (minor & 0xffu) | ((uint64_t)(major & 0xfffu) << 8) |
	       ((uint64_t)(minor & ~0xffu) << 12) | ((uint64_t)(major & ~0xfffu) << 32);
}
static inline uint32_t dm_major(uint64_t dev) { return (uint32_t)(((dev >> 8) & 0xfffu) | ((dev >> 32) & ~0xfffu)); }
static inline uint32_t dm_minor(uint64_t dev) { return (uint32_t)((dev & 0xffu) | ((dev >> 12) & ~0xffu)); }

struct dm_info {
	bool     exists;
	char     name[DM_NAME_LEN];
	char     uuid[DM_UUID_LEN];
	uint32_t major, minor;
	int32_t  open_count;
	uint32_t flags;          /* DM_*_FLAG as the kernel reported them */
	uint32_t event_nr;
	uint32_t target_count;
};

/* ---- tables ------------------------------------------------------------ */

struct dm_target {
	uint64_t start, length;  /* sectors */
	char     type[DM_MAX_TYPE_NAME];
	char    *params;         /* owned; for status replies, the status line */
	int32_t  status;
};

struct dm_table {
	struct dm_target *t;
	size_t n, cap;
};

void dm_table_free(struct dm_table *tab);
/* Append a target; params is copied. */
int  dm_table_add(struct dm_table *tab, uint64_t start, uint64_t length,
                  const char *type, const char *params);
/* Parse dmsetup table text: one "START LENGTH TYPE PARAMS" per line, '#'
 * comments and blank lines ignored.  On error, *errline is the 1-based line
 * and msg says why. */
int  dm_table_parse(struct dm_table *tab, const char *text, size_t *errline,
                    char *msg, size_t msglen);
/* Total length in sectors. */
uint64_t dm_table_size(const struct dm_table *tab);

/* The kernel's dm-mod.create= grammar (dmsetup create --concise). */
struct dm_concise_dev {
	char     name[DM_NAME_LEN];
	char     uuid[DM_UUID_LEN];
	int32_t  minor;              /* -1: any */
	bool     readonly;
	struct dm_table table;
};
struct dm_concise { struct dm_concise_dev *d; size_t n; };
int  dm_concise_parse(const char *text, struct dm_concise *out, char *msg, size_t msglen);
void dm_concise_free(struct dm_concise *c);

/* Resolve every "/dev/..." word of each target's params to MAJ:MIN.  On
 * failure, msg names the path and the cause. */
int  dm_table_resolve_paths(struct dm_table *tab, char *msg, size_t msglen);

/* ---- operations: one per DM ioctl -------------------------------------- */

struct dm_dev {
	char     name[DM_NAME_LEN];
	char     uuid[DM_UUID_LEN];  /* "" when the kernel did not say */
	uint64_t dev;
	uint32_t event_nr;
	bool     has_event_nr;
	bool     has_uuid;           /* the kernel reported uuid presence */
};
struct dm_devlist { struct dm_dev *d; size_t n; };
void dm_devlist_free(struct dm_devlist *l);

struct dm_version { char name[DM_MAX_TYPE_NAME * 2]; uint32_t v[3]; };
struct dm_versions { struct dm_version *v; size_t n; };

int dm_version(struct dm_ctx *ctx, uint32_t v[3]);
int dm_remove_all(struct dm_ctx *ctx, bool deferred);
int dm_list_devices(struct dm_ctx *ctx, struct dm_devlist *out);
int dm_create(struct dm_ctx *ctx, const char *name, const char *uuid,
              uint32_t flags, struct dm_info *info);
/* The same with a chosen minor number (-1: the kernel picks one). */
int dm_create_at(struct dm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
                 uint32_t flags, struct dm_info *info);
int dm_remove(struct dm_ctx *ctx, const struct dm_id *id, bool deferred);
int dm_rename(struct dm_ctx *ctx, const struct dm_id *id, const char *newname);
int dm_set_uuid(struct dm_ctx *ctx, const struct dm_id *id, const char *uuid);
/* flags: DM_NOFLUSH_FLAG, DM_SKIP_LOCKFS_FLAG */
int dm_suspend(struct dm_ctx *ctx, const struct dm_id *id, uint32_t flags);
int dm_resume(struct dm_ctx *ctx, const struct dm_id *id, uint32_t flags);
/* A missing device is not an error: info->exists is false. */
int dm_info(struct dm_ctx *ctx, const struct dm_id *id, struct dm_info *info);
int dm_wait(struct dm_ctx *ctx, const struct dm_id *id, uint32_t event_nr,
            struct dm_info *info);
/* flags: DM_READONLY_FLAG */
int dm_table_load(struct dm_ctx *ctx, const struct dm_id *id,
                  const struct dm_table *tab, uint32_t flags);
int dm_table_clear(struct dm_ctx *ctx, const struct dm_id *id);
/* flags: DM_QUERY_INACTIVE_TABLE_FLAG */
int dm_table_deps(struct dm_ctx *ctx, const struct dm_id *id, uint32_t flags,
                  uint64_t **devs, size_t *n, struct dm_info *info);
/* flags: DM_STATUS_TABLE_FLAG (table, not status), DM_QUERY_INACTIVE_TABLE_FLAG,
 * DM_NOFLUSH_FLAG (status without flushing), DM_SECURE_DATA_FLAG. */
int dm_table_status(struct dm_ctx *ctx, const struct dm_id *id, uint32_t flags,
                    struct dm_table *out, struct dm_info *info);
int dm_list_versions(struct dm_ctx *ctx, struct dm_versions *out);
int dm_get_target_version(struct dm_ctx *ctx, const char *target, uint32_t v[3]);
/* *reply is malloc'd (NULL when the target said nothing). */
int dm_target_msg(struct dm_ctx *ctx, const struct dm_id *id, uint64_t sector,
                  const char *msg, char **reply);
int dm_set_geometry(struct dm_ctx *ctx, const struct dm_id *id, const char *cyl,
                    const char *heads, const char *sectors, const char *start);
int dm_arm_poll(struct dm_ctx *ctx);

/* ---- helpers ----------------------------------------------------------- */

/* 1 if a device of that name exists, 0 if not, -errno on failure. */
int dm_device_exists(struct dm_ctx *ctx, const char *name);
/* Resolve a block device node (or "MAJ:MIN") to a device number. */
int dm_devnode_to_devno(const char *path, uint64_t *dev);
/* Remove, retrying up to `tries` times on EBUSY (0: once). */
int dm_remove_retry(struct dm_ctx *ctx, const struct dm_id *id, bool deferred,
                    unsigned tries);

/* create + load + resume; on a failure after create the device is removed
 * again (nothing left behind).  tab NULL: create only.  flags: DM_READONLY_FLAG */
int dm_dev_setup(struct dm_ctx *ctx, const char *name, const char *uuid,
                 const struct dm_table *tab, uint32_t flags, struct dm_info *info);
int dm_dev_setup_at(struct dm_ctx *ctx, const char *name, const char *uuid, int32_t minor,
                    const struct dm_table *tab, uint32_t flags, struct dm_info *info);
/* Load an error table over the device, then remove it. */
int dm_dev_force_remove(struct dm_ctx *ctx, const struct dm_id *id, bool deferred,
                        unsigned tries);

/* ---- names, uuids, units ----------------------------------------------- */

/* 0 if valid; else -EINVAL with a reason in why. */
int dm_check_name(const char *name, const char **why);
int dm_check_uuid(const char *uuid, const char **why);
/* dmsetup's name mangling.  The kernel holds names and uuids in mangled
 * form (characters outside udev's whitelist [0-9A-Za-z#+-.:=@_] as \xNN) so
 * that /dev/mapper entries are what udev makes; dmsetup mangles what the
 * user types and unmangles what it prints.  Modes as dmsetup --manglename:
 * none (copy), hex (mangle every such character), auto (the default: like
 * hex, but a string already in mangled form is kept, and one that mixes
 * both forms is -EINVAL).  Returns 0, -EINVAL or -ENAMETOOLONG. */
enum dm_mangling { DM_MANGLE_NONE, DM_MANGLE_AUTO, DM_MANGLE_HEX };
int dm_mangle_mode(const char *in, enum dm_mangling mode, char *out, size_t outlen);
int dm_mangle(const char *in, char *out, size_t outlen);   /* hex mode */
/* \xNN (two hex digits) back to the byte; anything else is copied. */
int dm_unmangle(const char *in, char *out, size_t outlen);
/* Does s hold only whitelisted characters and backslashes (so that dmsetup
 * would unmangle it rather than refuse it)? */
bool dm_is_mangled_form(const char *s);

/* Parse a size: a number with an optional unit: s (sectors), b, k/K/KiB,
 * M/MiB, G/GiB, T/TiB, P/PiB (IEC, powers of 1024), kB/MB/GB/TB/PB (SI),
 * no unit means `defunit` bytes per unit.  The result in bytes. */
int dm_parse_size(const char *s, uint64_t defunit, uint64_t *bytes);
/* The same, in sectors; a size that is not a whole number of sectors is
 * an error. */
int dm_parse_sectors(const char *s, uint64_t *sectors);
/* Human-readable IEC size ("1.5 GiB", "512 B"). */
char *dm_fmt_size(uint64_t bytes, char *buf, size_t len);
/* Strict unsigned integer parse (base 10), no sign, no overflow. */
int dm_parse_u64(const char *s, uint64_t *v);
int dm_parse_u32(const char *s, uint32_t *v);

/* ---- device nodes ------------------------------------------------------ */

/* Make /dev/mapper/NAME for dev (block node 0600, or a symlink to ../dm-N
 * when /dev/dm-N exists); remove it; make /dev/mapper match the kernel. */
int dm_node_add(const char *name, uint32_t major, uint32_t minor);
int dm_node_del(const char *name);
int dm_node_rename(const char *old, const char *newname, uint32_t major, uint32_t minor);
int dm_mknodes(struct dm_ctx *ctx, const char *only);

#endif
