/* thin.c - thin-pool and thin commands.
 *
 * thin-pool create POOL --meta DEV --data DEV [--block-size SIZE] [--low-water SIZE]
 *         [--error-if-no-space] [--no-zeroing] [--no-discard-passdown] [--read-only]
 *         [--wipe-meta] [-u UUID]
 * thin-pool status POOL [--json]
 * thin-pool resize POOL [--data-size SIZE] [--meta-size SIZE]
 * thin-pool remove POOL
 * thin-pool message POOL set-transaction-id OLD NEW | reserve-metadata-snap |
 *         release-metadata-snap
 * thin create NAME --pool POOL --id N --size SIZE [--new]
 * thin snapshot NAME --origin THIN --id N [--size SIZE]
 * thin delete --pool POOL --id N
 * thin status NAME [--json]
 * thin resize NAME --size SIZE
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

/* --id N (checked by cli_parse to be a number), then the dm device *arg
 * names (the --pool or --origin of DEV, what says which) as its kernel
 * name: 0, or the exit code of the error printed. */
static int id_dev(struct cli *c, uint32_t *id, const char *dev, const char *what,
                  const char **arg)
{
	if (c->val[OP_ID] > MDM_THIN_ID_MAX)
		return cli_usage(c, "bad thin id '%s' (0 to 16777215)", c->opt[OP_ID]);
	*id = (uint32_t)c->val[OP_ID];
	return cli_open(c) || !(*arg = cli_dm_name(c, dev, what, *arg));
}

/* (inlined into both callers: 48 bytes less than one copy called twice) */
__attribute__((always_inline))
static inline void pool_opts(struct cli *c, struct mdm_thin_pool_opts *o)
{
	*o = (struct mdm_thin_pool_opts){
		.meta = c->opt[OP_META], .data = c->opt[OP_DATA], .uuid = c->opt[OP_UUID],
		.error_if_no_space = OPT(c, OP_ERRNOSPACE), .skip_zeroing = OPT(c, OP_NOZEROING),
		.no_discard_passdown = OPT(c, OP_NODISCARDPD),
		.read_only = OPT(c, OP_RO) || c->force_ro,
		.wipe_meta = OPT(c, OP_WIPEMETA), .existing = OPT(c, OP_EXISTING),
		.low_water_set = OPT(c, OP_LOWWATER),
		.block_sectors = c->val[OP_BLOCKSIZE], .low_water_sectors = c->val[OP_LOWWATER],
	};
}

static int pool_apply(struct cli *c, struct plan *p)
{
	struct mdm_thin_pool_opts o;
	bool fresh;

	pool_opts(c, &o);
	return cli_dmrc(c, mdm_thin_pool_setup(&c->dm, p->name, &o, &p->tab, &fresh), p->name);
}

static int pool_health(struct cli *c, struct plan *p)
{
	return cli_dmrc(c, mdm_thin_pool_check_health(&c->dm, p->name, OPT(c, OP_RO) || c->force_ro,
	                                                  NULL), p->name);
}

static int pool_plan(struct cli *c, struct plan *p)
{
	struct mdm_thin_pool_opts o;

	pool_opts(c, &o);
	p->name = c->argv[0];
	p->uuid = o.uuid;
	p->apply = pool_apply;
	p->health = pool_health;
	if (cli_open(c))
		return 1;
	return cli_dmrc(c, mdm_thin_pool_table(&c->dm, p->name, &o, &p->tab), p->name);
}

/* " (P.PP%)" of used in total, rounded down */
static void put_pct(uint64_t used, uint64_t total)
{
	int p = total ? (int)(used * 10000 / total) : 0;

	printf(" (%d.%02d%%)", p / 100, p % 100);
}

void cli_blocks(const char *head, uint64_t used, uint64_t total)
{
	printf("%s%llu/%llu blocks", head, (unsigned long long)used, (unsigned long long)total);
	put_pct(used, total);
}

static int show_pool(const char *name, const void *dev, char *json, size_t len)
{
	const struct mdm_thin_pool_info *p = dev;
	const struct mdm_pool_status *s = &p->st;
	uint64_t bs = p->table.block_sectors * MDM_SECTOR;
	char a[32], b[32];

	if (json)
		return mdm_pool_status_json(s, bs, MDM_THIN_META_BLOCK_BYTES, json, len);
	printf("%s: thin-pool %u:%u, %s, %s blocks, size %s\n", name, p->info.major,
	       /* the summary of a working pool, else its state (ERROR, FAILED) */
	       p->info.minor, cli_word("rw\0read-only\0out of data space\0ERROR\0FAILED",
	                               s->state == MDM_STATE_WORKING ? s->summary : s->state + 2),
	       mdm_fmt_size(bs, a, sizeof(a)),
	       mdm_fmt_size(p->length * MDM_SECTOR, b, sizeof(b)));
	if (s->state != MDM_STATE_WORKING)
		return 0;
	cli_blocks("  data:      ", s->used_data, s->total_data);
	printf(", %s used\n", mdm_fmt_size(s->used_data * bs, a, sizeof(a)));
	cli_blocks("  metadata:  ", s->used_meta, s->total_meta);
	printf(", 4 KiB blocks\n  low water: %llu blocks (%s)", (unsigned long long)p->table.low_water,
	       mdm_fmt_size(p->table.low_water * bs, a, sizeof(a)));
	if (s->has_meta_low_water)
		printf(", metadata low water %llu blocks", (unsigned long long)s->meta_low_water);
	printf("\n  transaction %llu, %s if no space, discard passdown %s, needs_check %s, "
	       "held metadata root %s\n", (unsigned long long)s->transaction_id,
	       s->error_if_no_space ? "error" : "queue", s->discard_passdown ? "on" : "off",
	       s->needs_check ? "YES" : "no", s->has_held_root ? "yes" : "none");
	return 0;
}

/* The three begin with the length; the table, the status and the info
 * follow, each where its struct puts it. */
union status_dev {
	uint64_t length;
	struct mdm_thin_pool_info pool;
	struct mdm_thin_info thin;
	struct mdm_cache_info cache;
};
_Static_assert(offsetof(struct mdm_thin_pool_info, length) == 0 &&
               offsetof(struct mdm_thin_info, length) == 0 &&
               offsetof(struct mdm_cache_info, length) == 0, "cli_status: the length first");

/* argv[0]'s device of that kind; --json: the object (show's -errno when
 * it does not fit), else the human lines (show with no buffer); lent to
 * cache.c through cli.h. */
int cli_status(struct cli *c, enum mdm_target_kind kind, status_show *show)
{
#define AT(T) { offsetof(T, table), offsetof(T, st), offsetof(T, info) }
	static const unsigned short at[][3] = { AT(struct mdm_thin_pool_info),
		AT(struct mdm_thin_info), AT(struct mdm_cache_info) };
#undef AT
	union status_dev d;
	char *p = (char *)&d;
	struct mdm_info *info = (struct mdm_info *)(p + at[kind][2]);
	char json[1024];

	if (cli_open_dm(c))
		return 1;
	if (mdm_dev_target(&c->dm, c->argv[0], kind, info, &d.length, p + at[kind][0],
	                   p + at[kind][1]))
		return cli_dmerr(c, c->argv[0]);
	if (!info->exists)
		return cli_err(c, c->argv[0], "no such device");
	if (!OPT(c, OP_JSON))
		return show(c->argv[0], &d, NULL, 0);
	if (show(NULL, &d, json, sizeof(json)))
		return cli_err(c, c->argv[0], "status too long for JSON buffer");
	puts(json);
	return 0;
}

static int pool_status(struct cli *c)
{
	return cli_status(c, MDM_KIND_THIN_POOL, show_pool);
}

/* thin resize (takes --size), thin-pool resize (--data-size), thin-pool
 * remove, told apart by the options they take */
static int resize_remove(struct cli *c)
{
	uint64_t o = c->opts;
	const char *dev;

	if (cli_open_dm(c))
		return 1;
	dev = c->argv[0];
	return cli_dmrc(c, o & O(SIZE) ? mdm_reload_length(&c->dm, dev, c->val[OP_SIZE]) :
	                   o & O(DATASIZE) ? mdm_thin_pool_resize(&c->dm, dev, c->val[OP_DATASIZE],
	                                                          c->val[OP_METASIZE]) :
	                   mdm_thin_pool_remove(&c->dm, dev), dev);
}

static int pool_message(struct cli *c)
{
	const char *m = c->argv[1];
	const char *pool;
	uint64_t a = 0, b = 0;
	enum mdm_pool_msg msg;

	if (!strcmp(m, "set-transaction-id")) {
		if (c->argc != 4 || mdm_parse_u64(c->argv[2], &a) || mdm_parse_u64(c->argv[3], &b))
			return cli_usage(c, "set-transaction-id needs OLD and NEW numbers");
		msg = MDM_POOL_SET_TRANSACTION_ID;
	} else if (!strcmp(m, "reserve-metadata-snap") || !strcmp(m, "release-metadata-snap")) {
		if (c->argc != 2)
			return cli_usage(c, "%s takes no arguments", m);
		msg = m[1] == 'e' && m[2] == 's' ? MDM_POOL_RESERVE_METADATA_SNAP
		                                 : MDM_POOL_RELEASE_METADATA_SNAP;
	} else {
		return cli_usage(c, "unknown pool message '%s'", m);
	}
	if (cli_open(c) || !(pool = cli_dm_name(c, c->argv[0], "pool", c->argv[0])))
		return 1;
	return cli_dmrc(c, mdm_thin_pool_message(&c->dm, pool, msg, a, b), c->argv[0]);
}

static int thin_apply(struct cli *c, struct plan *p)
{
	uint32_t id = (uint32_t)c->val[OP_ID];   /* checked by thin_plan */
	bool is_new = true;
	int e;

	/* at boot, --new means "create it if the pool lacks it": an activate
	 * interrupted after create_thin finds the id there */
	if (c->shared_dm) {
		e = mdm_thin_pool_create_thin(&c->dm, c->opt[OP_POOL], id);
		if (e && e != -EEXIST)
			return cli_dmerr(c, p->name);
		is_new = false;
	}
	return cli_dmrc(c, mdm_thin_create(&c->dm, p->name, c->opt[OP_POOL], id, c->val[OP_SIZE],
	                                   is_new), p->name);
}

/* The thin table points at the pool's MAJ:MIN: the pool must be active. */
static int thin_plan(struct cli *c, struct plan *p)
{
	uint32_t id = 0;
	int rc = id_dev(c, &id, c->argv[0], "pool", &c->opt[OP_POOL]);

	if (rc)
		return rc;
	p->name = c->argv[0];
	p->uuid = c->opt[OP_UUID];
	p->flags = c->force_ro ? DM_READONLY_FLAG : 0;
	if (OPT(c, OP_NEW))
		p->apply = thin_apply;
	if (c->opt[OP_POOL] != c->dmname) {
		/* left as it was by cli_dm_name: a pool activate's dry run
		 * would make, which has no number yet; its name stands in (as
		 * in lvm activate's dry run) */
		char line[DM_NAME_LEN + 12];

		snprintf(line, sizeof(line), "%s %u", c->opt[OP_POOL], id);
		return mdm_table_add(&p->tab, 0, c->val[OP_SIZE], "thin", line) ?
		       cli_nomem(c, p->name) : 0;
	}
	return cli_dmrc(c, mdm_thin_table(&c->dm, p->name, c->opt[OP_POOL], id, c->val[OP_SIZE],
	                                  &p->tab), p->name);
}

static int thin_snapshot(struct cli *c)
{
	uint32_t id = 0;
	int rc = id_dev(c, &id, c->argv[0], "origin", &c->opt[OP_ORIGIN]);

	if (rc)
		return rc;
	return cli_dmrc(c, mdm_thin_snapshot(&c->dm, c->argv[0], c->opt[OP_ORIGIN], id,
	                                     c->val[OP_SIZE]), c->argv[0]);
}

static int thin_delete(struct cli *c)
{
	uint32_t id = 0;
	int rc = id_dev(c, &id, c->opt[OP_POOL], "pool", &c->opt[OP_POOL]);

	if (rc)
		return rc;
	return cli_dmrc(c, mdm_thin_delete(&c->dm, c->opt[OP_POOL], id), c->opt[OP_POOL]);
}

static int show_thin(const char *name, const void *dev, char *json, size_t len)
{
	const struct mdm_thin_info *t = dev;
	char a[32], b[32];

	if (json)
		return mdm_thin_status_json(&t->st, json, len);
	mdm_fmt_size(t->length * MDM_SECTOR, b, sizeof(b));
	printf("%s: thin %u:%u, id %llu in pool %s, size %s", name, t->info.major,
	       t->info.minor, (unsigned long long)t->table.dev_id, t->table.pool_dev, b);
	if (t->st.state != MDM_STATE_WORKING) {
		printf(", %s\n", t->st.state == MDM_STATE_FAIL ? "FAILED" : "ERROR");
		return 0;
	}
	printf("\n  mapped:    %s of %s", mdm_fmt_size(t->st.mapped_sectors * MDM_SECTOR, a, sizeof(a)),
	       b);
	put_pct(t->st.mapped_sectors, t->length);
	printf(t->st.has_highest ? ", highest mapped sector %llu\n" : ", nothing mapped\n",
	       (unsigned long long)t->st.highest_mapped_sector);
	return 0;
}

static int thin_status(struct cli *c)
{
	return cli_status(c, MDM_KIND_THIN, show_thin);
}

#define THIN_CMDS(X) \
	X("thin-pool create\0" \
	  "POOL " L(META) " DEV " L(DATA) " DEV [" L(BLOCKSIZE) " SIZE] [" L(LOWWATER) " SIZE] " \
	  "[" L(ERRNOSPACE) "] [" L(NOZEROING) "] [" L(NODISCARDPD) "] [" L(RO) "] " \
	  "[" L(WIPEMETA) "|" L(EXISTING) "]\0" \
	  "create or reopen a pool", \
	  1, 1, O(META) | O(DATA) | O(BLOCKSIZE) | O(LOWWATER) | O(ERRNOSPACE) | O(NOZEROING) | \
	  O(NODISCARDPD) | O(RO) | O(WIPEMETA) | O(EXISTING) | O(UUID) | O_PLAN, .plan = pool_plan) \
	X("thin-pool status\0" \
	  "POOL [" L(JSON) "]\0" \
	  "pool use and mode", \
	  1, 1, O(JSON), .fn = pool_status) \
	X("thin-pool resize\0" \
	  "POOL [" L(DATASIZE) " SIZE] [" L(METASIZE) " SIZE]\0" \
	  "grow a pool", \
	  1, 1, O(DATASIZE) | O(METASIZE), .fn = resize_remove) \
	X("thin-pool remove\0" \
	  "POOL\0" \
	  "remove a pool", \
	  1, 1, 0, .fn = resize_remove) \
	X("thin-pool message\0" \
	  "POOL set-transaction-id OLD NEW | reserve-metadata-snap | release-metadata-snap\0" \
	  "pool message", \
	  2, 4, 0, .fn = pool_message) \
	X("thin create\0" \
	  "NAME " L(POOL) " POOL " L(ID) " N " L(SIZE) " SIZE [" L(NEW) "]\0" \
	  "activate (--new: make) volume N", \
	  1, 1, O(POOL) | O(ID) | O(SIZE) | O(NEW) | O(UUID) | O_PLAN, .plan = thin_plan) \
	X("thin snapshot\0" \
	  "NAME " L(ORIGIN) " THIN " L(ID) " N [" L(SIZE) " SIZE]\0" \
	  "snapshot a thin volume", \
	  1, 1, O(ORIGIN) | O(ID) | O(SIZE), .fn = thin_snapshot) \
	X("thin delete\0" \
	  L(POOL) " POOL " L(ID) " N\0" \
	  "delete volume N", \
	  0, 0, O(POOL) | O(ID), .fn = thin_delete) \
	X("thin status\0" \
	  "NAME [" L(JSON) "]\0" \
	  "mapped size", \
	  1, 1, O(JSON), .fn = thin_status) \
	X("thin resize\0" \
	  "NAME " L(SIZE) " SIZE\0" \
	  "resize", \
	  1, 1, O(SIZE), .fn = resize_remove)
CLI_DEFINE(thin, THIN_CMDS);
