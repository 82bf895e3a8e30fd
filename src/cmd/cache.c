/* cache.c - cache and linear commands.
 *
 * cache create NAME --meta DEV --cache DEV --origin DEV [--block-size SIZE]
 *         [--mode writethrough|writeback|passthrough] [--policy smq|cleaner]
 *         [--metadata2] [--wipe-meta] [--policy-args 'KEY VALUE...'] [-u UUID]
 * cache status NAME [--json]
 * cache flush NAME [--progress]
 * cache remove NAME [--flush] [--progress]
 * cache resize NAME
 * cache set NAME [--mode MODE] [--policy POLICY]
 * linear create NAME SEGMENT... [-u UUID] [-r]
 *   SEGMENT: DEV[:START[:LENGTH]] | DEV:START:LENGTH:flakey:UP:DOWN[:FEATURE]...
 *   FEATURE: drop_writes | error_writes | corrupt_bio_byte=N,r|w,VALUE[,FLAGS]
 */
#include <string.h>
#include <unistd.h>
#include "cli.h"

/* --mode and --policy: 0, or a usage exit code. */
static int mode_policy(struct cli *c, enum mdm_cache_io *mode, const char **policy)
{
	const char *m = c->opt[OP_MODE], *p = c->opt[OP_POLICY];
	int i = m ? cli_pick(m, strlen(m) + 1, "writeback\0writethrough\0passthrough\0") : -1;

	*mode = (enum mdm_cache_io)(MDM_CACHE_IO_WRITEBACK + i);    /* i -1: the default */
	if (m && i < 0)
		return cli_usage(c, "bad --mode '%s' (writeback, writethrough or passthrough)", m);
	if (p && cli_pick(p, strlen(p) + 1, "smq\0cleaner\0mq\0") < 0)
		return cli_usage(c, "bad --policy '%s' (smq or cleaner)", p);
	*policy = p;
	return 0;
}

static int cache_opts(struct cli *c, struct mdm_cache_opts *o)
{
	*o = (struct mdm_cache_opts){
		.meta = c->opt[OP_META], .cache = c->opt[OP_CACHE], .origin = c->opt[OP_ORIGIN],
		.uuid = c->opt[OP_UUID], .metadata2 = OPT(c, OP_METADATA2),
		.policy_args = c->opt[OP_POLICYARGS],
		.wipe_meta = OPT(c, OP_WIPEMETA), .existing = OPT(c, OP_EXISTING),
		.block_sectors = c->val[OP_BLOCKSIZE],
	};
	return mode_policy(c, &o->mode, &o->policy);
}

static int cache_apply(struct cli *c, struct plan *p)
{
	struct mdm_cache_opts o;
	bool fresh;

	if (cache_opts(c, &o))
		return 2;
	return cli_dmrc(c, mdm_cache_setup(&c->dm, p->name, &o, &p->tab, &fresh), p->name);
}

static int cache_health(struct cli *c, struct plan *p)
{
	return cli_dmrc(c, mdm_cache_check_health(&c->dm, p->name), p->name);
}

static int cache_plan(struct cli *c, struct plan *p)
{
	struct mdm_cache_opts o;
	int rc = cache_opts(c, &o);

	if (rc)
		return rc;
	p->name = c->argv[0];
	p->uuid = o.uuid;
	p->apply = cache_apply;
	p->health = cache_health;
	if (cli_open(c))
		return 1;
	return cli_dmrc(c, mdm_cache_table(&c->dm, p->name, &o, &p->tab), p->name);
}

static int show_cache(const char *name, const void *dev, char *json, size_t len)
{
	const struct mdm_cache_info *ci = dev;
	const struct mdm_cache_status *s = &ci->st;
	char a[32], b[32];

	if (json)
		return mdm_cache_status_json(s, json, len);
	printf("%s: cache %u:%u, %s, %s blocks, %s%s%s\n", name, ci->info.major, ci->info.minor,
	       mdm_fmt_size(ci->length * MDM_SECTOR, a, sizeof(a)),
	       mdm_fmt_size(ci->table.block_sectors * MDM_SECTOR, b, sizeof(b)),
	       s->state ? (s->state == MDM_STATE_FAIL ? "FAILED" : "ERROR") : s->features,
	       s->state ? "" : " ", s->state ? "" : s->policy);
	if (s->state)
		return 0;
	cli_blocks("  cache:    ", s->used_cache, s->total_cache);
	printf(", %llu dirty\n", (unsigned long long)s->dirty);
	cli_blocks("  metadata: ", s->used_meta, s->total_meta);
	printf(", %s, needs_check %s\n"
	       "  reads:    %llu hits, %llu misses; writes: %llu hits, %llu misses\n"
	       "  moves:    %llu promotions, %llu demotions\n  args:     %s%s%s\n",
	       s->metadata_ro ? "READ-ONLY" : "rw", s->needs_check ? "YES" : "no",
	       (unsigned long long)s->read_hits, (unsigned long long)s->read_misses,
	       (unsigned long long)s->write_hits, (unsigned long long)s->write_misses,
	       (unsigned long long)s->promotions, (unsigned long long)s->demotions,
	       s->core_args, *s->policy_args ? " " : "", s->policy_args);
	return 0;
}

static int cache_status(struct cli *c)
{
	return cli_status(c, MDM_KIND_CACHE, show_cache);
}

struct progress { const char *name; bool tty; uint64_t last; };

static void show_progress(void *arg, const struct mdm_cache_status *st)
{
	struct progress *p = arg;

	if (st->dirty == p->last)
		return;
	fprintf(stderr, "%s%s: %llu dirty blocks%s", p->tty ? "\r" : "", p->name,
	        (unsigned long long)st->dirty, p->tty ? "   " : "\n");
	p->last = st->dirty;
}

/* flush, remove (with --flush), set, resize: told apart by the options
 * they take (--progress, --flush, --mode, none) */
static int cache_op(struct cli *c)
{
	struct progress p = { c->argv[0], isatty(2), UINT64_MAX };
	mdm_cache_progress_fn *fn = p.tty || OPT(c, OP_PROGRESS) ? show_progress : NULL;
	uint64_t o = c->opts;
	enum mdm_cache_io mode = 0;
	const char *policy = NULL;
	int e = o & O(MODE) ? mode_policy(c, &mode, &policy) : 0;

	if (e)
		return e;
	if (o & O(MODE) && !mode && !policy)
		return cli_usage(c, "--mode or --policy expected");
	if (cli_open_dm(c))
		return 1;
	e = o & O(FLUSH) ? mdm_cache_remove(&c->dm, c->argv[0], OPT(c, OP_FLUSH), fn, &p) :
	    o & O(PROGRESS) ? mdm_cache_flush(&c->dm, c->argv[0], fn, &p) :
	    o & O(MODE) ? mdm_cache_set(&c->dm, c->argv[0], mode, policy) :
	    mdm_cache_resize(&c->dm, c->argv[0]);
	if (p.tty && p.last != UINT64_MAX)
		fputc('\n', stderr);
	return cli_dmrc(c, e, c->argv[0]);
}

static int linear_plan(struct cli *c, struct plan *p)
{
	struct mdm_segment seg;
	const char *why;

	for (int i = 1; i < c->argc; i++)
		if (mdm_segment_parse(c->argv[i], &seg, &why))
			return cli_usage(c, "segment '%s': %s", c->argv[i], why);
	p->name = c->argv[0];
	p->uuid = c->opt[OP_UUID];
	p->flags = OPT(c, OP_READONLY) || c->force_ro ? DM_READONLY_FLAG : 0;
	if (cli_open(c))
		return 1;
	return cli_dmrc(c, mdm_linear_table(&c->dm, p->name, (const char *const *)c->argv + 1,
	                                    (size_t)c->argc - 1, &p->tab), p->name);
}

#define CACHE_CMDS(X) \
	X("cache create\0" \
	  "NAME " L(META) " DEV " L(CACHE) " DEV " L(ORIGIN) " DEV [" L(BLOCKSIZE) " SIZE] " \
	  "[" L(MODE) " writeback|writethrough|passthrough] [" L(POLICY) " smq|cleaner] " \
	  "[" L(METADATA2) "] [" L(WIPEMETA) "|" L(EXISTING) "] [" L(POLICYARGS) " 'KEY VALUE...']\0" \
	  "cache an origin", \
	  1, 1, O(META) | O(CACHE) | O(ORIGIN) | O(BLOCKSIZE) | O(MODE) | O(POLICY) | \
	  O(METADATA2) | O(WIPEMETA) | O(EXISTING) | O(UUID) | O(POLICYARGS) | O_PLAN, .plan = cache_plan) \
	X("cache status\0" \
	  "NAME [" L(JSON) "]\0" \
	  "use, hits, dirty", \
	  1, 1, O(JSON), .fn = cache_status) \
	X("cache flush\0" \
	  "NAME [" L(PROGRESS) "]\0" \
	  "write dirty blocks back", \
	  1, 1, O(PROGRESS), .fn = cache_op) \
	X("cache remove\0" \
	  "NAME [" L(FLUSH) "] [" L(PROGRESS) "]\0" \
	  "remove (not while dirty)", \
	  1, 1, O(FLUSH) | O(PROGRESS), .fn = cache_op) \
	X("cache resize\0" \
	  "NAME\0" \
	  "reload after growth", \
	  1, 1, 0, .fn = cache_op) \
	X("cache set\0" \
	  "NAME [" L(MODE) " MODE] [" L(POLICY) " POLICY]\0" \
	  "set mode or policy", \
	  1, 1, O(MODE) | O(POLICY), .fn = cache_op) \
	X("linear create\0" \
	  "NAME SEGMENT...\0" \
	  "SEGMENT: DEV[:START[:LENGTH]] or DEV:START:LENGTH:flakey:UP:DOWN[:FEATURE]...", \
	  2, -1, O(UUID) | O(READONLY) | O_PLAN, .plan = linear_plan)
CLI_DEFINE(cache, CACHE_CMDS);
