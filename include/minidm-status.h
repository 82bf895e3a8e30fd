/* minidm-status.h - pure parsers: dm-thin and dm-cache status and table
 * lines, JSON for them, metadata superblocks and GPT partition tables.
 *
 * Nothing here does an ioctl or keeps state.  Every function returns 0 or
 * -errno: -EINVAL for malformed input, -ENAMETOOLONG when a word does not
 * fit its fixed-size field (nothing is ever truncated), -ENOSPC when an
 * output buffer is too small.  On failure the output struct is undefined.
 * Status and table lines are NUL-terminated strings; the kernel's habit of
 * ending a status line with a space is accepted.
 */
#ifndef MINIDM_STATUS_H
#define MINIDM_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MDM_DEV_LEN 32                 /* "MAJ:MIN" or a short path, NUL incl. */
#define MDM_THIN_ID_MAX 0xffffffu       /* dm-thin device ids are 24 bits */
#define MDM_THIN_META_BLOCK_BYTES 4096u /* dm-thin and dm-cache metadata block */

enum mdm_state {
	MDM_STATE_WORKING = 0,
	MDM_STATE_ERROR,                /* the kernel printed "Error" */
	MDM_STATE_FAIL,                 /* the kernel printed "Fail" */
};

/* ---- thin-pool (parse/thin-lines.c) ------------------------------------- */

enum mdm_pool_summary {
	MDM_POOL_GOOD = 0,              /* rw */
	MDM_POOL_READ_ONLY,             /* ro */
	MDM_POOL_OUT_OF_SPACE,          /* out_of_data_space */
};

struct mdm_pool_status {
	enum mdm_state state;
	uint64_t transaction_id;
	uint64_t used_meta, total_meta; /* metadata blocks (4 KiB) */
	uint64_t used_data, total_data; /* data blocks */
	bool has_held_root;             /* false for "-" */
	uint64_t held_metadata_root;
	enum mdm_pool_summary summary;
	bool discard_passdown;
	bool ignore_discard;            /* the kernel printed "ignore_discard" */
	bool error_if_no_space;         /* else queue_if_no_space */
	bool needs_check;
	bool has_meta_low_water;
	uint64_t meta_low_water;        /* blocks */
	char extra[128];                /* unknown trailing words, space-joined */
};

/* "<txid> <um>/<tm> <ud>/<td> <held|-> ro|rw|out_of_data_space
 *  discard_passdown|no_discard_passdown|ignore_discard
 *  error_if_no_space|queue_if_no_space needs_check|- [<meta low water>]
 *  [unknown words...]", or "Fail", or "Error". */
int mdm_parse_pool_status(const char *line, struct mdm_pool_status *st);

struct mdm_pool_table {
	char meta_dev[MDM_DEV_LEN], data_dev[MDM_DEV_LEN];
	uint64_t block_sectors;         /* 128..2097152, a multiple of 128 */
	uint64_t low_water;             /* data blocks */
	bool skip_zeroing;              /* skip_block_zeroing */
	bool ignore_discard;
	bool no_discard_passdown;
	bool read_only;
	bool error_if_no_space;
};

/* "<meta dev> <data dev> <block sectors> <low water> [<#features> <feature>*]"
 * Feature names are matched without regard to case, as the kernel does. */
int mdm_parse_pool_table(const char *line, struct mdm_pool_table *t);
/* The kernel's own echo of a pool table: "M D BS LW N f1 f2 ... " with the
 * features in the kernel's order and the kernel's trailing space. */
int mdm_format_pool_table(const struct mdm_pool_table *t, char *buf, size_t len);

/* ---- thin (parse/thin-lines.c) ------------------------------------------ */

struct mdm_thin_status {
	enum mdm_state state;
	uint64_t mapped_sectors;
	bool has_highest;               /* false for "-": nothing mapped */
	uint64_t highest_mapped_sector;
};

/* "<mapped sectors> <highest mapped sector|->", "Fail" or "Error".  A lone
 * "-" (the kernel's output for a thin with no device open) parses as a
 * working thin with nothing mapped. */
int mdm_parse_thin_status(const char *line, struct mdm_thin_status *st);

struct mdm_thin_table {
	char pool_dev[MDM_DEV_LEN];
	uint64_t dev_id;                /* 0..2^24-1 */
	bool has_origin;
	char origin_dev[MDM_DEV_LEN];   /* external origin */
};

/* "<pool dev> <dev id> [<external origin dev>]" */
int mdm_parse_thin_table(const char *line, struct mdm_thin_table *t);
/* The kernel's echo: "P ID" or "P ID O", no trailing space. */
int mdm_format_thin_table(const struct mdm_thin_table *t, char *buf, size_t len);

/* ---- cache (parse/cache-lines.c) ---------------------------------------- */

struct mdm_cache_status {
	enum mdm_state state;
	uint64_t meta_block_size;       /* sectors, as the kernel prints it */
	uint64_t used_meta, total_meta;
	uint64_t cache_block_size;      /* sectors */
	uint64_t used_cache, total_cache;
	uint64_t read_hits, read_misses, write_hits, write_misses;
	uint64_t demotions, promotions, dirty;
	bool metadata_ro;               /* "ro" (else "rw") */
	bool needs_check;
	char features[128];             /* space-joined */
	char core_args[128];
	char policy[32];
	char policy_args[128];
	char extra[128];                /* unknown trailing words */
};

/* cache.rst's status line, or "Fail", or "Error".  Every count must be
 * backed by that many words. */
int mdm_parse_cache_status(const char *line, struct mdm_cache_status *st);

enum mdm_cache_io {
	MDM_CACHE_IO_DEFAULT = 0,       /* no io mode word: the kernel's writeback */
	MDM_CACHE_IO_WRITEBACK,
	MDM_CACHE_IO_WRITETHROUGH,
	MDM_CACHE_IO_PASSTHROUGH,
};

struct mdm_cache_table {
	uint64_t block_sectors;         /* 64..2097152, a multiple of 64 */
	enum mdm_cache_io io_mode;
	bool metadata2;
	bool no_discard_passdown;
	uint32_t n_policy_args;         /* even: key value pairs */
	char meta_dev[MDM_DEV_LEN], cache_dev[MDM_DEV_LEN], origin_dev[MDM_DEV_LEN];
	char policy[32];
	char policy_args[128];          /* space-joined */
};

/* "<meta> <cache> <origin> <block size> <#features> <feature>* <policy>
 *  <#policy args> <policy arg>*" */
int mdm_parse_cache_table(const char *line, struct mdm_cache_table *t);
/* The table line in canonical form: features as metadata2, io mode,
 * no_discard_passdown (the kernel's status order), no trailing space.  The
 * kernel echoes a cache table's arguments verbatim, so a table loaded from
 * this string reads back as this string. */
int mdm_format_cache_table(const struct mdm_cache_table *t, char *buf, size_t len);

/* ---- JSON (parse/json.c) ------------------------------------------------ */

/* One JSON object each, no newline.  Block sizes are bytes; a size of 0
 * (unknown) is written as null.  Error and Fail states give the state and
 * null for every other field. */
int mdm_pool_status_json(const struct mdm_pool_status *st, uint64_t data_block_bytes,
                         uint64_t meta_block_bytes, char *buf, size_t len);
int mdm_thin_status_json(const struct mdm_thin_status *st, char *buf, size_t len);
int mdm_cache_status_json(const struct mdm_cache_status *st, char *buf, size_t len);
/* s[0..n) as a quoted JSON string: '"', '\\' and control characters are
 * escaped, invalid UTF-8 becomes U+FFFD. */
int mdm_json_escape(const char *s, size_t n, char *buf, size_t len);

/* ---- checksums (parse/crc32c.c) ----------------------------------------- */

/* zlib-style: pass 0 to start, the previous result to continue. */
uint32_t mdm_crc32c(uint32_t crc, const void *buf, size_t len); /* Castagnoli */
uint32_t mdm_crc32(uint32_t crc, const void *buf, size_t len);  /* IEEE, as GPT */

/* ---- metadata superblocks (parse/superblock.c) -------------------------- */

#define MDM_SB_SIZE MDM_THIN_META_BLOCK_BYTES /* the superblock is block 0 */

enum mdm_sb_kind {
	MDM_SB_ZERO = 0,                /* all zero: unformatted */
	MDM_SB_THIN,                    /* valid thin-pool superblock */
	MDM_SB_CACHE,                   /* valid dm-cache superblock */
	MDM_SB_BAD_CSUM,                /* thin or cache magic, the kernel would
	                                   reject it (checksum or block number) */
	MDM_SB_OTHER,
};

#define MDM_THIN_SB_NEEDS_CHECK  (1u << 0)
#define MDM_CACHE_SB_CLEAN       (1u << 0)
#define MDM_CACHE_SB_NEEDS_CHECK (1u << 1)

struct mdm_sb {
	int kind;                       /* enum mdm_sb_kind */
	bool is_cache;                  /* which magic (for BAD_CSUM) */
	uint32_t csum, csum_want;       /* stored, computed */
	uint32_t flags;
	uint64_t blocknr;
	uint8_t uuid[16];
	uint32_t version;
	bool needs_check;
	uint32_t data_block_size;       /* sectors: thin data / cache block */
	uint32_t metadata_block_size;   /* sectors */
	/* thin */
	uint32_t time;
	uint64_t transaction_id;
	uint64_t held_root;
	uint64_t metadata_nr_blocks;
	uint64_t data_nr_blocks, data_nr_allocated; /* data space map root */
	/* cache */
	bool clean_shutdown;
	char policy[17];                /* NUL-terminated, '?' for odd bytes */
	uint32_t policy_version[3];
	uint32_t policy_hint_size;
	uint32_t cache_blocks;
};

/* Classify the first len (>= 4096) bytes of a metadata device: kind,
 * is_cache, the checksums, flags, blocknr, version, needs_check and
 * data_block_size (what activation judges) are filled for THIN, CACHE and
 * BAD_CSUM; mdm_sb_details adds the other fields (uuid and the format's
 * own) from the same block. */
int mdm_sb_classify(const uint8_t *blk, size_t len, struct mdm_sb *out);
void mdm_sb_details(const uint8_t *blk, struct mdm_sb *sb);
const char *mdm_sb_kind_name(int kind);

/* ---- GPT (parse/gpt.c; mdm_gpt_find: gptfind.c) ------------------------- */

#define MDM_GPT_MAX_ENTRIES 1024u

struct mdm_gpt_hdr {
	uint32_t sector_size;           /* 512 or 4096 */
	uint32_t header_size;
	uint64_t my_lba, alt_lba;
	uint64_t first_usable, last_usable;
	uint8_t disk_guid[16];
	uint64_t entries_lba;
	uint32_t n_entries, entry_size, entries_crc;
};

struct mdm_gpt_part {
	uint32_t partno;                /* 1-based */
	uint64_t first_lba, last_lba;   /* in sector_size units */
	uint8_t type_guid[16], guid[16];
	uint64_t attrs;
	char name[109];                 /* UTF-8 of the UTF-16LE name */
};

/* Check the GPT header read from sector lba (1, or the last for the
 * backup) of a disk of disk_sectors sectors of ssz (512..4096) bytes:
 * signature, size, CRC, that it says it is at lba, entry size (128, 256
 * or 512), entry count (1..1024), and that every LBA it names is on the
 * disk.  -EINVAL for anything else. */
int mdm_gpt_parse_header(const uint8_t *sec, size_t len, uint32_t ssz, uint64_t lba,
                         uint64_t disk_sectors, struct mdm_gpt_hdr *h);
/* Size in bytes of the entry array the header describes. */
size_t mdm_gpt_entries_bytes(const struct mdm_gpt_hdr *h);
/* Check the entry array's CRC (ent holds at least mdm_gpt_entries_bytes). */
int mdm_gpt_check_entries(const struct mdm_gpt_hdr *h, const uint8_t *ent, size_t len);
/* Entry idx (0-based): 0, or 1 if the slot is unused. */
int mdm_gpt_entry(const struct mdm_gpt_hdr *h, const uint8_t *ent, size_t len,
                  uint32_t idx, struct mdm_gpt_part *p);
/* The first used entry whose unique GUID is partuuid (printed form, any
 * case) and/or whose name is partlabel (UTF-8); NULL matches anything.
 * -ENOENT when none does. */
int mdm_gpt_match(const struct mdm_gpt_hdr *h, const uint8_t *ent, size_t len,
                  const char *partuuid, const char *partlabel, struct mdm_gpt_part *p);
/* GUID text <-> the 16 on-disk bytes (mixed-endian).  buf >= 37. */
int mdm_guid_parse(const char *s, uint8_t g[16]);
void mdm_guid_format(const uint8_t g[16], char *buf);
/* Read the GPT of the block device or image fd (512-byte sectors, then
 * 4096), falling back to the backup header at the last LBA, and find a
 * partition as mdm_gpt_match does. */
int mdm_gpt_find(int fd, const char *partuuid, const char *partlabel,
                 struct mdm_gpt_part *p);

#endif
