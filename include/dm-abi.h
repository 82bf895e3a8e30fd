/* dm-abi.h - the kernel's device-mapper ioctl ABI, written out by hand.
 *
 * The layout follows the kernel's uapi header (interface major 4). Every
 * struct size and field offset the transport relies on is pinned below with
 * _Static_assert, so a mistake here fails the build instead of the ioctl.
 * Nothing but structs, constants and ioctl numbers lives in this file.
 */
#ifndef MINIDM_DM_ABI_H
#define MINIDM_DM_ABI_H

#include <stddef.h>
#include <stdint.h>

#define DM_VERSION_MAJOR        4
#define DM_VERSION_MINOR_WANTED 0     /* we ask for 4.0.0 and read what the kernel has */
#define DM_NAME_LEN             128
#define DM_UUID_LEN             129
#define DM_MAX_TYPE_NAME        16
#define DM_DIR                  "mapper"
#define DM_CONTROL_NODE         "control"

/* The header of every request and reply.  data_start is where the payload
 * begins (relative to the header); data_size is the whole buffer. */
struct dm_ioctl {
	uint32_t version[3];     /* in: wanted, out: kernel's */
	uint32_t data_size;      /* in: buffer size, out: size needed/used */
	uint32_t data_start;     /* in/out: offset of payload */
	uint32_t target_count;   /* in/out */
	int32_t  open_count;     /* out */
	uint32_t flags;          /* in/out: DM_*_FLAG */
	uint32_t event_nr;       /* in/out: event counter, or udev cookie */
	uint32_t padding;
	uint64_t dev;            /* in/out: kernel dev_t (huge encoding) */
	char     name[DM_NAME_LEN];
	char     uuid[DM_UUID_LEN];
	char     data[7];        /* padding, or the start of the payload */
};

/* One target in a table load, or in a status/table reply.  In a load, `next`
 * counts from the start of this spec; in a reply it counts from the start of
 * the payload.  The parameter string follows the struct, NUL-terminated. */
struct dm_target_spec {
	uint64_t sector_start;
	uint64_t length;
	int32_t  status;         /* used when reading from kernel only */
	uint32_t next;
	char     target_type[DM_MAX_TYPE_NAME];
};

/* Reply of TABLE_DEPS: count, then count 64-bit device numbers. */
struct dm_target_deps {
	uint32_t count;
	uint32_t padding;
	uint64_t dev[];
};

/* Reply of LIST_DEVICES: records chained by `next` (from this record's
 * start; 0 ends the list).  After the name's NUL, aligned to 8 bytes, newer
 * kernels put: uint32 event_nr, uint32 flags, then the uuid when
 * flags & DM_NAME_LIST_FLAG_HAS_UUID. */
struct dm_name_list {
	uint64_t dev;
	uint32_t next;
	char     name[];
};
#define DM_NAME_LIST_FLAG_HAS_UUID          1
#define DM_NAME_LIST_FLAG_DOESNT_HAVE_UUID  2

/* Reply of LIST_VERSIONS and GET_TARGET_VERSION: records chained by `next`
 * (from this record's start; 0 ends the list). */
struct dm_target_versions {
	uint32_t next;
	uint32_t version[3];
	char     name[];
};

/* Payload of TARGET_MSG: the sector selects the target, then the message. */
struct dm_target_msg {
	uint64_t sector;
	char     message[];
};

enum {
	DM_VERSION_CMD = 0,
	DM_REMOVE_ALL_CMD,
	DM_LIST_DEVICES_CMD,
	DM_DEV_CREATE_CMD,
	DM_DEV_REMOVE_CMD,
	DM_DEV_RENAME_CMD,
	DM_DEV_SUSPEND_CMD,
	DM_DEV_STATUS_CMD,
	DM_DEV_WAIT_CMD,
	DM_TABLE_LOAD_CMD,
	DM_TABLE_CLEAR_CMD,
	DM_TABLE_DEPS_CMD,
	DM_TABLE_STATUS_CMD,
	DM_LIST_VERSIONS_CMD,
	DM_TARGET_MSG_CMD,
	DM_DEV_SET_GEOMETRY_CMD,
	DM_DEV_ARM_POLL_CMD,
	DM_GET_TARGET_VERSION_CMD,
	DM_CMD_COUNT
};

/* _IOWR(0xfd, nr, struct dm_ioctl): dir=3 (read|write), size=312. */
#define DM_IOCTL_TYPE   0xfdu
#define DM_IOC(nr)      ((3ul << 30) | ((unsigned long)sizeof(struct dm_ioctl) << 16) | \
                         (DM_IOCTL_TYPE << 8) | (unsigned long)(nr))

#define DM_READONLY_FLAG             (1u << 0)   /* in/out */
#define DM_SUSPEND_FLAG              (1u << 1)   /* in/out */
#define DM_PERSISTENT_DEV_FLAG       (1u << 3)   /* in: use the given dev */
#define DM_STATUS_TABLE_FLAG         (1u << 4)   /* in: table, not status */
#define DM_ACTIVE_PRESENT_FLAG       (1u << 5)   /* out */
#define DM_INACTIVE_PRESENT_FLAG     (1u << 6)   /* out */
#define DM_BUFFER_FULL_FLAG          (1u << 8)   /* out: grow and retry */
#define DM_SKIP_BDGET_FLAG           (1u << 9)   /* in (obsolete) */
#define DM_SKIP_LOCKFS_FLAG          (1u << 10)  /* in: no fs freeze */
#define DM_NOFLUSH_FLAG              (1u << 11)  /* in: keep queued I/O */
#define DM_QUERY_INACTIVE_TABLE_FLAG (1u << 12)  /* in */
#define DM_UEVENT_GENERATED_FLAG     (1u << 13)  /* out */
#define DM_UUID_FLAG                 (1u << 14)  /* in: rename sets uuid */
#define DM_SECURE_DATA_FLAG          (1u << 15)  /* in: wipe buffers */
#define DM_DATA_OUT_FLAG             (1u << 16)  /* out: message replied */
#define DM_DEFERRED_REMOVE           (1u << 17)  /* in/out */
#define DM_INTERNAL_SUSPEND_FLAG     (1u << 18)  /* out */
#define DM_IMA_MEASUREMENT_FLAG      (1u << 19)  /* in */

/* udev cookie carried in event_nr: low 16 bits the cookie id, high 16 bits
 * the flags that Debian's dm udev rules read back as DM_UDEV_* variables. */
#define MDM_UDEV_FLAGS_SHIFT                  16
#define MDM_COOKIE_MAGIC                      0x0D4Du
#define MDM_UDEV_DISABLE_DM_RULES_FLAG        0x0001u
#define MDM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG 0x0002u
#define MDM_UDEV_DISABLE_DISK_RULES_FLAG      0x0004u
#define MDM_UDEV_DISABLE_OTHER_RULES_FLAG     0x0008u
#define MDM_UDEV_LOW_PRIORITY_FLAG            0x0010u
#define MDM_UDEV_DISABLE_LIBRARY_FALLBACK     0x0020u
#define MDM_UDEV_PRIMARY_SOURCE_FLAG          0x0040u

_Static_assert(sizeof(struct dm_ioctl) == 312, "dm_ioctl size");
_Static_assert(offsetof(struct dm_ioctl, data_size) == 12, "data_size");
_Static_assert(offsetof(struct dm_ioctl, data_start) == 16, "data_start");
_Static_assert(offsetof(struct dm_ioctl, target_count) == 20, "target_count");
_Static_assert(offsetof(struct dm_ioctl, open_count) == 24, "open_count");
_Static_assert(offsetof(struct dm_ioctl, flags) == 28, "flags");
_Static_assert(offsetof(struct dm_ioctl, event_nr) == 32, "event_nr");
_Static_assert(offsetof(struct dm_ioctl, dev) == 40, "dev");
_Static_assert(offsetof(struct dm_ioctl, name) == 48, "name");
_Static_assert(offsetof(struct dm_ioctl, uuid) == 176, "uuid");
_Static_assert(offsetof(struct dm_ioctl, data) == 305, "data");
_Static_assert(sizeof(struct dm_target_spec) == 40, "dm_target_spec size");
_Static_assert(offsetof(struct dm_target_spec, status) == 16, "spec status");
_Static_assert(offsetof(struct dm_target_spec, next) == 20, "spec next");
_Static_assert(offsetof(struct dm_target_spec, target_type) == 24, "spec type");
_Static_assert(sizeof(struct dm_target_deps) == 8, "dm_target_deps size");
_Static_assert(offsetof(struct dm_target_deps, dev) == 8, "deps dev");
_Static_assert(sizeof(struct dm_name_list) == 16, "dm_name_list size");
_Static_assert(offsetof(struct dm_name_list, next) == 8, "name_list next");
_Static_assert(offsetof(struct dm_name_list, name) == 12, "name_list name");
_Static_assert(sizeof(struct dm_target_versions) == 16, "dm_target_versions size");
_Static_assert(offsetof(struct dm_target_versions, name) == 16, "versions name");
_Static_assert(sizeof(struct dm_target_msg) == 8, "dm_target_msg size");
_Static_assert(DM_IOC(DM_VERSION_CMD) == 0xc138fd00ul, "DM_VERSION ioctl number");
_Static_assert(DM_IOC(DM_GET_TARGET_VERSION_CMD) == 0xc138fd11ul, "DM_GET_TARGET_VERSION");

#endif
