/* lvm-plan.c - the dm devices lvm 2.03.16 makes for a VG or one LV
 * (lib/activate/dev_manager.c, the segment types' add_target_line,
 * libdm-deptree.c).
 *
 *   device  name  VG-LV[-layer], every '-' of VG and LV doubled
 *           uuid  "LVM-" VGid LVid [ "-" suffix ]
 *   linear/striped LV   one target per (merged) segment
 *   thin-pool P         P_tmeta (tmeta), P_tdata (tdata), P-tpool (tpool:
 *                       the pool table), P (pool: linear over -tpool,
 *                       read-only; only when P itself is selected);
 *                       transaction_id 0: just P (tpool) with the table
 *   thin T              P-tpool and its parts, T: thin @tpool device_id
 *   cache C, cache pool CP_cdata (cdata), CP_cmeta (cmeta), O (real), C
 *   cache C, cachevol   V (cvol), V-cdata, V-cmeta (linear slices of V),
 *                       O (real), C
 *   writecache W        V (cvol), O (real), W
 *   snapshot origin O   O-real (real), then per snapshot S with COW LV C:
 *                       C-cow (cow), C: snapshot; O: snapshot-origin
 * Children come before their parents.  Targets name planned devices as
 * @N and PVs as MAJ:MIN.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "minidm-lvm.h"
#include "../internal.h"

#define UDEV_NEW_POOL 0x2cu
#define HIDDEN MDM_LVM_UDEV_HIDDEN
#define THIN_MAX_META 33161216ull      /* sectors a cropped tmeta keeps */

struct pl {
	struct mdm_lvm_why w;           /* w.vg is vg; a refusal: -EPERM */
	const struct mdm_lvm_vg *vg;
	const struct mdm_lvm_select *sel;
	struct mdm_lvm_arena *a;
	struct mdm_lvm_plan *p;
	uint32_t cap;
	unsigned depth;
	int32_t real1;                  /* 1 + the LV whose own device is made as
	                                   its -real layer (it has snapshots) */
	bool old;                       /* dev() found the device planned before */
	size_t sblen;                   /* the params being built in sb */
	char sb[4096];
};

/* "LV VG/LV: " and the rest; -EPERM */
#define REFUSE(...) mdm_lvm_refuse(&pl->w, __VA_ARGS__)

int mdm_lvm_word(const char *list, const char *w, size_t n)
{
	for (int i = 0; *list; i++) {
		size_t l = strcspn(list, " ");

		if (l == n && !memcmp(list, w, n))
			return i;
		list += l + !!list[l];
	}
	return -1;
}

/* a word from the metadata that goes into params as it is: one word, and
 * no '@', which would read as a device reference */
static bool word_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '@' || *s == 0x7f)
			return false;
	return true;
}

/* ---- params: built in sb, then copied to the arena ---------------------- */

/* appends; a leading blank is dropped at the start of the params */
static void put(struct pl *pl, const char *fmt, ...)
{
	size_t at = pl->sblen < sizeof(pl->sb) ? pl->sblen : sizeof(pl->sb);
	va_list ap;
	int n;

	fmt += !pl->sblen && *fmt == ' ';
	va_start(ap, fmt);
	n = vsnprintf(pl->sb + at, sizeof(pl->sb) - at, fmt, ap);
	va_end(ap);
	pl->sblen += n > 0 ? (size_t)n : 0;
}

/* " N" inserted at sb[at]: N the words put since (each put with its
 * blank); put at the end, then rotated into place */
static void count(struct pl *pl, size_t at)
{
	size_t end = pl->sblen;
	unsigned w = 0;

	for (size_t i = at; i < end && i < sizeof(pl->sb); i++)
		w += pl->sb[i] == ' ';
	put(pl, " %u", w);
	for (size_t r = pl->sblen - end; r > 0 && pl->sblen < sizeof(pl->sb); r--) {
		char c = pl->sb[pl->sblen - 1];

		memmove(pl->sb + at + 1, pl->sb + at, pl->sblen - at - 1);
		pl->sb[at] = c;
	}
}

/* a target of device dev over the params put since the last one */
static int32_t target(struct pl *pl, int32_t dev, uint64_t start, uint64_t len, const char *type)
{
	struct mdm_lvm_dev *d = &pl->p->dev[dev];
	struct mdm_lvm_target *t = &d->t[d->ntargets++];
	size_t n = pl->sblen;
	char *s;

	pl->sblen = 0;
	t->start = start;
	t->len = len;
	t->type = type;
	if (n >= sizeof(pl->sb) || !(s = mdm_lvm_alloc(pl->a, n + 1)))
		return -ENOSPC;
	t->params = memcpy(s, pl->sb, n);
	return dev;
}

/* ---- devices ----------------------------------------------------------- */

static bool good_name(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s | 32) >= 'a' && (*s | 32) <= 'z') && !(*s >= '0' && *s <= '9') &&
		    !strchr("._+-", *s))
			return false;
	return true;
}

int mdm_lvm_dm_name(const char *vg, const char *lv, const char *layer, char *out, size_t len)
{
	const char *part[3] = { vg, lv, layer };
	size_t n = 0;

	for (int i = 0; i < 3 && (i < 2 || *layer); i++) {
		if (i && n < len)
			out[n++] = '-';
		for (const char *s = part[i]; *s; s++) {
			if (*s == '-' && n < len)
				out[n++] = '-';
			if (n < len)
				out[n++] = *s;
		}
	}
	if (n >= len)
		return -ENAMETOOLONG;
	out[n] = 0;
	return 0;
}

/* the device of (lv, layer) with uuid LVM-VGID IDSRC[-SUFFIX]: the one
 * planned before (pl->old), or a new one at the end of the plan with room
 * for ntargets targets */
static int32_t dev(struct pl *pl, const struct mdm_lvm_lv *lv, const char *layer,
                   const char *idsrc, const char *suffix, uint16_t flags, uint32_t ntargets)
{
	const char *vg = pl->vg->name;
	struct mdm_lvm_dev *d = &pl->p->dev[pl->p->n];     /* a spare slot */

	memset(d, 0, sizeof(*d));
	d->layer = layer;
	d->meta = d->holder = -1;
	if (!good_name(vg) || !good_name(lv->name) ||
	    mdm_lvm_dm_name(vg, lv->name, layer, d->name, sizeof(d->name)))
		return REFUSE(lv, "bad name or dm name too long");
	snprintf(d->uuid, sizeof(d->uuid), "LVM-%s%s%s%s", pl->vg->id, idsrc ? idsrc : lv->id,
	         &"-"[!*suffix], suffix);
	pl->old = true;
	for (uint32_t i = 0; i < pl->p->n; i++) {
		if (!strcmp(pl->p->dev[i].uuid, d->uuid))
			return (int32_t)i;
		/* one LV in two roles (a pool's metadata and data): lvm refuses it */
		if (!strcmp(pl->p->dev[i].name, d->name))
			return REFUSE(lv, "used twice");
	}
	pl->old = false;
	if (pl->p->n == pl->cap)
		return REFUSE(lv, "more than %u devices", pl->cap), -E2BIG;
	d->lv = (int32_t)(lv - pl->vg->lv);
	d->udev_flags = flags;
	d->ro = !(lv->status & MDM_LVM_WRITE);
	if (!(d->t = mdm_lvm_alloc(pl->a, ntargets * sizeof(*d->t))))
		return -ENOSPC;
	return (int32_t)pl->p->n++;
}

static uint64_t lv_size(const struct pl *pl, const struct mdm_lvm_lv *lv)
{
	return lv->extents * pl->vg->extent_size;
}

/* a device with one target over the params put (len 0: the LV's size) */
static int32_t one(struct pl *pl, const struct mdm_lvm_lv *lv, const char *layer,
                   const char *idsrc, const char *suffix, uint16_t flags, uint64_t len,
                   const char *type)
{
	int32_t d = dev(pl, lv, layer, idsrc, suffix, flags, 1);

	if (d < 0 || pl->old)
		return pl->sblen = 0, d;
	return target(pl, d, 0, len ? len : lv_size(pl, lv), type);
}

static int32_t plain(struct pl *pl, int32_t lvi, const char *layer, const char *suffix,
                     uint16_t flags, uint64_t limit);
static int32_t part(struct pl *pl, int32_t lvi, const char *suffix);

/* one area of a striped segment: " M:m offset" or " @N offset" */
static int area(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *s,
                const struct mdm_lvm_stripe *st, int32_t sub)
{
	const struct mdm_lvm_pv *pv = &pl->vg->pv[st->pv >= 0 ? st->pv : 0];
	const struct mdm_lvm_pvdev *dev = &pl->sel->pvdev[st->pv >= 0 ? st->pv : 0];
	uint64_t es = pl->vg->extent_size, off = st->start * es, end;
	const char *where = pv->device ? pv->device : pv->name;
	char id[40];

	if (st->pv < 0)
		return put(pl, " @%d %llu", sub, (unsigned long long)off), 0;
	if (!dev->present || (pv->status & MDM_LVM_MISSING)) {
		mdm_lvm_id_format(pv->id, id);
		return REFUSE(lv, "PV %s (last seen on %s) is missing", id, where);
	}
	off += pv->pe_start;
	end = off + s->count / s->nstripes * es;
	if (end > dev->sectors)
		return REFUSE(lv, "maps to sector %llu of %s (%u:%u), which has %llu",
		              (unsigned long long)end, where,
		              dev->major, dev->minor, (unsigned long long)dev->sectors);
	put(pl, " %u:%u %llu", dev->major, dev->minor, (unsigned long long)off);
	return 0;
}

/* a device showing lv's own linear/striped/error/zero segments, at most
 * limit sectors of them; its LV areas as hidden devices before it */
__attribute__((always_inline))
static inline int32_t plain_dev(struct pl *pl, int32_t lvi, const char *layer, const char *suffix,
                         uint16_t flags, uint64_t limit)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[lvi];
	uint64_t es = pl->vg->extent_size;
	int32_t d = 0, sub[MDM_LVM_MAX_STRIPES];
	int e = 0;

	for (uint32_t pass = 0; pass < 2; pass++) {
		if (pass && ((d = dev(pl, lv, layer, NULL, suffix, flags, lv->nsegs)) < 0 || pl->old))
			return d;
		for (uint32_t i = 0; i < lv->nsegs; i++) {
			const struct mdm_lvm_seg *s = &lv->seg[i];
			uint64_t start = s->start * es, len = s->count * es;

			if (s->type != MDM_LVM_SEG_STRIPED && s->type != MDM_LVM_SEG_ERROR &&
			    s->type != MDM_LVM_SEG_ZERO)
				return REFUSE(lv, "a %s segment under another LV is not supported",
				              s->type_name);
			for (uint32_t k = 0; k < s->nstripes; k++)
				if ((sub[k] = s->stripe[k].lv >= 0 ? part(pl, s->stripe[k].lv, "") : 0) < 0)
					return sub[k];
			if (!pass || start >= limit)
				continue;
			len = len < limit - start ? len : limit - start;
			if (s->nstripes > 1)
				put(pl, "%u %u", s->nstripes, s->stripe_size);
			for (uint32_t k = 0; k < s->nstripes && !e; k++)
				e = area(pl, lv, s, &s->stripe[k], sub[k]);
			if (e || (e = target(pl, d, start, len, s->type == MDM_LVM_SEG_ERROR ? "error" :
			                     s->type == MDM_LVM_SEG_ZERO ? "zero" : s->nstripes > 1 ?
			                     "striped" : "linear")) < 0)
				return e;
			e = 0;
		}
	}
	return d;
}

/* LV areas may name LVs that name LVs...: not forever */
static int32_t plain(struct pl *pl, int32_t lvi, const char *layer, const char *suffix,
                     uint16_t flags, uint64_t limit)
{
	int32_t d;

	if (pl->depth >= MDM_LVM_MAX_DEPTH)
		return REFUSE(&pl->vg->lv[lvi], "LVs stacked too deep (or in a loop)");
	pl->depth++;
	d = plain_dev(pl, lvi, layer, suffix, flags, limit ? limit : UINT64_MAX);
	pl->depth--;
	return d;
}

/* LV lvi as a hidden part of another LV's devices (uuid suffix suffix) */
static int32_t part(struct pl *pl, int32_t lvi, const char *suffix)
{
	return plain(pl, lvi, "", suffix, HIDDEN, 0);
}

/* the numbers keys ("a\0b\0\0") of segment s into v[]; one absent keeps
 * v[i] unless it is needed (bit i) */
static int nums(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *s,
                const char *keys, unsigned need, uint64_t *v)
{
	for (int i = 0; *keys; keys += strlen(keys) + 1, i++) {
		int e = mdm_lvm_get_u64(s->sec, keys, &v[i]);

		if (e && (e != -ENOENT || (need >> i & 1)))
			return REFUSE(lv, "%s: bad or no %s", s->type_name, keys);
	}
	return 0;
}

/* the index of string key of s in list (def: absent), or an error */
static int pick(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *s,
                const char *key, const char *list, const char **val)
{
	int e = mdm_lvm_get_str(s->sec, key, val), i = e ? -1 : mdm_lvm_word(list, *val, strlen(*val));

	return e == -ENOENT ? 0 : i < 0 ? REFUSE(lv, "bad %s", key) : i;
}

/* " N w1 w2...": the words of the bits set in f */
static void words(struct pl *pl, unsigned f, const char *list)
{
	size_t at = pl->sblen;

	for (; f; f >>= 1, list += strcspn(list, " ") + 1)
		if (f & 1)
			put(pl, " %.*s", (int)strcspn(list, " "), list);
	count(pl, at);
}

static int32_t top(struct pl *pl, int32_t lvi, const char *type);

/* ---- thin -------------------------------------------------------------- */

/* P-tpool (or, for a new pool activated itself, P) */
static int32_t pool(struct pl *pl, int32_t pi, bool top)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[pi];
	const struct mdm_lvm_seg *s = &lv->seg[0];
	/* transaction_id chunk_size crop_metadata zero_new_blocks */
	uint64_t v[4] = { 0 }, size = lv_size(pl, lv), lwm = 0;
	unsigned t = pl->sel->thin_threshold ? pl->sel->thin_threshold : 100, f;
	const char *disc;
	int32_t d, tm, td;
	int k;

	if ((d = nums(pl, lv, s, "transaction_id\0chunk_size\0crop_metadata\0zero_new_blocks\0",
	              3, v)) ||
	    (k = d = pick(pl, lv, s, "discards", "ignore nopassdown passdown", &disc)) < 0)
		return d;
	if (!v[1])
		return REFUSE(lv, "chunk_size 0");
	for (const struct mdm_lvm_node *n = s->sec->child; n; n = n->next)
		if (n->type == MDM_LVM_SECTION && !strncmp(n->key, "message", 7))
			return REFUSE(lv, "thin pool has pending messages (%s): run lvm once",
			              n->key);
	top = top && !v[0];
	if ((tm = plain(pl, s->ref[0], "", "tmeta", HIDDEN, v[2] == 1 ||
	                (s->type_flags & MDM_LVM_CROP_METADATA) ? THIN_MAX_META : 0)) < 0)
		return tm;
	if ((td = part(pl, s->ref[1], "tdata")) < 0)
		return td;
	t = t < 50 ? 50 : t;
	if (t < 100)
		lwm = size / v[1] * (100 - t) / 100;
	put(pl, "@%d @%d %llu %llu", tm, td, (unsigned long long)v[1], (unsigned long long)lwm);
	f = (v[3] != 1) | (k == 0) << 1 | (k == 1) << 2 | !!(lv->status & MDM_LVM_ERROR_WHEN_FULL) << 3;
	words(pl, f, "skip_block_zeroing ignore_discard no_discard_passdown error_if_no_space");
	if ((d = one(pl, lv, top ? "" : "tpool", NULL, "tpool", top ? UDEV_NEW_POOL : HIDDEN, 0,
	             "thin-pool")) >= 0) {
		pl->p->dev[d].meta = tm;
		pl->p->dev[d].txid = v[0];
	}
	return d;
}

/* P: read-only linear over P-tpool, when the pool LV itself is active */
static int32_t pool_top(struct pl *pl, int32_t pi)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[pi];
	int32_t tp = pool(pl, pi, true), d;

	if (tp < 0 || !pl->p->dev[tp].txid)
		return tp;                      /* an error, or a new pool: done */
	put(pl, "@%d 0", tp);
	if ((d = one(pl, lv, "", NULL, "pool", HIDDEN, 0, "linear")) >= 0)
		pl->p->dev[d].ro = true;
	return d;
}

static int32_t thin(struct pl *pl, int32_t ti)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[ti], *pool_lv = &pl->vg->lv[lv->seg[0].ref[0]];
	uint64_t devid;
	int32_t tp, d;

	if (lv->seg[0].ref[2] >= 0)
		return REFUSE(lv, "thin volume with an external origin");
	if (pool_lv->seg[0].type != MDM_LVM_SEG_THIN_POOL)
		return REFUSE(lv, "thin_pool %s is not a thin pool", pool_lv->name);
	if ((d = nums(pl, lv, &lv->seg[0], "device_id\0", 1, &devid)))
		return d;
	if ((tp = pool(pl, lv->seg[0].ref[0], false)) < 0)
		return tp;
	put(pl, "@%d %llu", tp, (unsigned long long)devid);
	return top(pl, ti, "thin");
}

/* ---- cache and writecache --------------------------------------------- */

/* V-cmeta or V-cdata: a slice of cachevol V (device cv) */
static int32_t slice(struct pl *pl, const struct mdm_lvm_lv *c, int32_t vi, int32_t cv,
                     const char *kind)
{
	const struct mdm_lvm_lv *v = &pl->vg->lv[vi];
	const struct mdm_lvm_seg *s = &c->seg[0];
	const char *keys = kind[1] == 'm' ? "metadata_id\0metadata_start\0metadata_len\0" :
	                                    "data_id\0data_start\0data_len\0", *idstr;
	char idbuf[MDM_LVM_ID_LEN + 1];
	uint64_t r[2] = { 0 };          /* start, len */
	int32_t d;

	memcpy(idbuf, v->id, sizeof(idbuf));
	if (!mdm_lvm_get_str(s->sec, keys, &idstr) && mdm_lvm_id_parse(idstr, idbuf))
		return REFUSE(c, "bad %s", keys);
	if ((d = nums(pl, c, s, keys + strlen(keys) + 1, 3, r)))
		return d;
	if (!r[1] || r[0] > lv_size(pl, v) || r[1] > lv_size(pl, v) - r[0])
		return REFUSE(c, "%s outside cachevol %s", kind, v->name);
	put(pl, "@%d %llu", cv, (unsigned long long)r[0]);
	return one(pl, v, kind, idbuf, kind, MDM_LVM_UDEV_TOP, r[1], "linear");
}

/* " N [migration_threshold M] [k v]..." (cache.c, libdm-deptree.c) */
static int policy_args(struct pl *pl, const struct mdm_lvm_lv *lv,
                       const struct mdm_lvm_node *set, const char *filter, uint64_t chunk)
{
	const char *ok = !filter ? NULL : !strcasecmp(filter, "mq") ? "migration_threshold "
		"sequential_threshold random_threshold read_promote_adjustment "
		"write_promote_adjustment discard_promote_adjustment" :
		!strcasecmp(filter, "smq") ? "migration_threshold" : NULL;
	const struct mdm_lvm_node *m = mdm_lvm_get(set, "migration_threshold", MDM_LVM_INT);
	uint64_t mt = m ? (uint32_t)m->num : 2048;
	size_t at = pl->sblen;

	mt = mt < chunk * 8 ? chunk * 8 : mt;
	if (mt != 2048)
		put(pl, " migration_threshold %llu", (unsigned long long)mt);
	for (const struct mdm_lvm_node *c = set ? set->child : NULL; c; c = c->next) {
		if (c->type != MDM_LVM_INT)
			return REFUSE(lv, "cache policy setting %s is not a number", c->key);
		if (!strcmp(c->key, "migration_threshold") ||
		    (ok && mdm_lvm_word(ok, c->key, strlen(c->key)) < 0))
			continue;       /* lvm drops the others with a warning */
		if (!word_ok(c->key))
			return REFUSE(lv, "bad cache policy setting %s", c->key);
		put(pl, " %s %lld", c->key, (long long)c->num);
	}
	count(pl, at);
	return 0;
}

static int cache_line(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *set,
                      const char *name, const int32_t sub[3])
{
	const struct mdm_lvm_node *ps = mdm_lvm_get(set->sec, "policy_settings", MDM_LVM_SECTION);
	const char *mode = "writethrough", *filter = name;
	uint64_t chunk_fmt[2] = { 0, 1 }, cleaner = 0;
	int e;

	if ((e = nums(pl, lv, set, "chunk_size\0metadata_format\0", 1, chunk_fmt)) ||
	    (e = nums(pl, lv, &lv->seg[0], "cleaner\0", 0, &cleaner)) ||
	    (e = pick(pl, lv, set, "cache_mode", "writethrough writeback passthrough", &mode)) < 0)
		return e;
	if (chunk_fmt[1] - 1 > 1)
		return REFUSE(lv, "cache metadata format %llu", (unsigned long long)chunk_fmt[1]);
	if (cleaner)
		mode = "writethrough", name = "cleaner", ps = NULL, filter = NULL;
	if (name && !word_ok(name))
		return REFUSE(lv, "bad cache policy %s", name);
	put(pl, "@%d @%d @%d %llu %d%s %s %s", sub[0], sub[1], sub[2],
	    (unsigned long long)chunk_fmt[0], (int)chunk_fmt[1],
	    chunk_fmt[1] == 2 ? " metadata2" : "", mode, name ? name : "mq");
	return policy_args(pl, lv, ps, filter, chunk_fmt[0]);
}

static int32_t cache(struct pl *pl, int32_t ci)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[ci];
	const struct mdm_lvm_seg *s = &lv->seg[0], *ps = &pl->vg->lv[s->ref[0]].seg[0];
	const char *policy = NULL;
	bool cvol = ps->type != MDM_LVM_SEG_CACHE_POOL;
	int32_t sub[3], d;

	if (cvol) {
		int32_t v;

		if ((d = v = part(pl, s->ref[0], "cvol")) < 0 ||
		    (d = sub[1] = slice(pl, lv, s->ref[0], v, "cdata")) < 0 ||
		    (d = sub[0] = slice(pl, lv, s->ref[0], v, "cmeta")) < 0)
			return d;
	} else {
		mdm_lvm_get_str(ps->sec, "policy", &policy);
		if ((sub[1] = d = part(pl, ps->ref[1], "cdata")) < 0 ||
		    (sub[0] = d = part(pl, ps->ref[0], "cmeta")) < 0)
			return d;
	}
	/* lvm 2.03.16 takes the policy name from the cache pool's segment even
	 * for a cachevol, which has none: such caches always get "mq" */
	if ((sub[2] = d = part(pl, s->ref[1], "real")) < 0 ||
	    (d = cache_line(pl, lv, cvol ? s : ps, policy, sub)) ||
	    (d = top(pl, ci, "cache")) < 0)
		return d;
	pl->p->dev[d].meta = sub[0];
	pl->p->dev[d].cache = true;
	return d;
}

/* writecache options in lvm's order: the first five take a number, the
 * others are words (cleaner only when set to 1) */
static int wc_args(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *s)
{
	static const char opts[] MDM_ALIGN_AS(char) = "high_watermark\0low_watermark\0writeback_jobs\0"
		"autocommit_blocks\0autocommit_time\0fua\0nofua\0cleaner\0max_age\0";
	const char *key, *val = NULL;
	size_t at = pl->sblen;
	uint64_t v;
	int e, i = 0;

	if (!mdm_lvm_get_str(s->sec, "writecache_setting_key", &key) &&
	    (mdm_lvm_get_str(s->sec, "writecache_setting_val", &val) || !word_ok(key) ||
	     !word_ok(val)))
		return REFUSE(lv, val ? "bad writecache setting %s" :
		              "writecache_setting_key without a value", key);
	for (const char *k = opts; i < 9; k += strlen(k) + 1, i++) {
		if ((e = mdm_lvm_get_u64(s->sec, k, &v)) == -ENOENT || (i == 7 && !v))
			continue;
		if (e)
			return REFUSE(lv, "bad writecache setting %s", k);
		put(pl, i >= 5 && i <= 7 ? " %s" : " %s %llu", k, (unsigned long long)v);
	}
	if (val)
		put(pl, " %s %s", key, val);
	count(pl, at);
	return 0;
}

static int32_t writecache(struct pl *pl, int32_t wi)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[wi];
	const struct mdm_lvm_seg *s = &lv->seg[0];
	uint64_t bs = 0;
	int32_t d, v, o;

	if ((d = v = part(pl, s->ref[0], "cvol")) < 0 ||
	    (d = o = part(pl, s->ref[1], "real")) < 0 ||
	    (d = nums(pl, lv, s, "writecache_block_size\0", 0, &bs)))
		return d;
	/* "p" (pmem) only on DAX devices, which we cannot see: always "s" */
	put(pl, "s @%d @%d %llu", o, v, (unsigned long long)(bs ? bs : 4096));
	return (v = wc_args(pl, lv, s)) ? v : top(pl, wi, "writecache");
}

/* ---- old-style snapshots ---------------------------------------------- */

/* the first snapshot LV whose ref[slot] is lvi, or -1 */
__attribute__((always_inline))
static inline int32_t snap_of(const struct mdm_lvm_vg *vg, int slot, int32_t lvi)
{
	for (uint32_t i = 0; i < vg->nlv; i++)
		if (vg->lv[i].seg[0].type == MDM_LVM_SEG_SNAPSHOT && vg->lv[i].seg[0].ref[slot] == lvi)
			return (int32_t)i;
	return -1;
}

/* the origin of cow LV ci (-1 if it is not one) */
static int32_t origin_of(const struct mdm_lvm_vg *vg, int32_t ci)
{
	int32_t s = snap_of(vg, 1, ci);

	return s < 0 ? -1 : vg->lv[s].seg[0].ref[0];
}

bool mdm_lvm_lv_visible(const struct mdm_lvm_vg *vg, uint32_t k)
{
	int32_t lvi = (int32_t)k;

	for (int n = 0; n < MDM_LVM_MAX_DEPTH; n++) {
		int32_t o = origin_of(vg, lvi);

		if (vg->lv[lvi].seg[0].type == MDM_LVM_SEG_SNAPSHOT)
			return false;           /* lvm's internal snapshotN */
		if (o < 0)
			return vg->lv[lvi].status & MDM_LVM_VISIBLE;
		lvi = o;
	}
	return false;
}

static uint16_t top_flags(const struct pl *pl, int32_t lvi)
{
	return MDM_LVM_UDEV_TOP | (origin_of(pl->vg, lvi) >= 0 ? MDM_LVM_UDEV_LOW : 0);
}

/* "real" when LV lvi's own device is made as its -real layer (pl->real1),
 * else "" */
static const char *real_of(const struct pl *pl, int32_t lvi)
{
	return pl->real1 == lvi + 1 ? "real" : "";
}

/* LV lvi's own device: one target of type over the params put (as its
 * -real layer under its snapshots: real_of) */
static int32_t top(struct pl *pl, int32_t lvi, const char *type)
{
	const char *r = real_of(pl, lvi);

	return one(pl, &pl->vg->lv[lvi], r, NULL, r, *r ? HIDDEN : top_flags(pl, lvi), 0, type);
}

/* S's COW LV as C-cow, and C: snapshot of origin O (its -real is r) */
static int32_t snapshot(struct pl *pl, const struct mdm_lvm_lv *o, const struct mdm_lvm_seg *s,
                        int32_t r)
{
	const struct mdm_lvm_lv *c = &pl->vg->lv[s->ref[1]];
	uint64_t chunk;
	int32_t d, w;

	if (mdm_lvm_get(s->sec, "merging_store", 0) || mdm_lvm_get(o->seg[0].sec, "merging_store", 0))
		return REFUSE(c, "a snapshot merge is pending");
	if ((d = nums(pl, c, s, "chunk_size\0", 1, &chunk)) ||
	    (d = w = plain(pl, s->ref[1], "cow", "cow", HIDDEN | MDM_LVM_UDEV_LOW, 0)) < 0)
		return d;
	put(pl, "@%d @%d P %llu", r, w, (unsigned long long)chunk);
	return one(pl, c, "", NULL, "", MDM_LVM_UDEV_TOP | MDM_LVM_UDEV_LOW, lv_size(pl, o),
	           "snapshot");
}

static int32_t own(struct pl *pl, int32_t lvi);

/* O-real (O's own device, whatever its type: linear, thin, cache...), its
 * snapshots, O: snapshot-origin */
static int32_t origin(struct pl *pl, int32_t oi)
{
	const struct mdm_lvm_lv *o = &pl->vg->lv[oi];
	int32_t d, r;

	pl->real1 = oi + 1;
	d = r = own(pl, oi);
	pl->real1 = 0;
	if (d < 0)
		return d;
	for (uint32_t i = 0; i < pl->vg->nlv; i++) {
		const struct mdm_lvm_seg *s = &pl->vg->lv[i].seg[0];

		if (s->type == MDM_LVM_SEG_SNAPSHOT && s->ref[0] == oi &&
		    (d = snapshot(pl, o, s, r)) < 0)
			return d;
	}
	put(pl, "@%d", r);
	return one(pl, o, "", NULL, "", MDM_LVM_UDEV_TOP, 0, "snapshot-origin");
}

/* ---- selection --------------------------------------------------------- */

/* the LV whose first segment names LV ci (as ref[*k]), or -1 */
static int32_t user_of(const struct mdm_lvm_vg *vg, int32_t ci, int *k)
{
	for (uint32_t i = 0; i < vg->nlv; i++)
		for (*k = 0; *k < 2; ++*k)
			if (vg->lv[i].seg[0].ref[*k] == ci)
				return (int32_t)i;
	return -1;
}

/* Hidden LV ci as lvm 2.03 activates it when it is named (lvchange -ay -y
 * VG/LV, "component activation"): alone, read-only, under its own name
 * with the uuid suffix it has as a layer, and a /dev/VG/LV link; a thin
 * pool's metadata (uncropped: only a pool's table crops it) or data, a
 * cache pool's, a cache's or writecache's origin or cachevol.  -ENOENT:
 * not one.  (Not inlined into mdm_lvm_plan: 64 bytes smaller.) */
__attribute__((noinline)) static int component(struct pl *pl, int32_t ci)
{
	const struct mdm_lvm_vg *vg = pl->vg;
	const char *sfx = NULL;
	int k, k2;
	int32_t h = user_of(vg, ci, &k), d;
	uint8_t t = h < 0 ? 0 : vg->lv[h].seg[0].type;

	if (t == MDM_LVM_SEG_THIN_POOL)
		sfx = k ? "tdata" : "tmeta";
	else if (t == MDM_LVM_SEG_CACHE_POOL)
		sfx = k ? "cdata" : "cmeta", h = user_of(vg, h, &k2);  /* its cache, if any */
	else if ((t == MDM_LVM_SEG_CACHE || t == MDM_LVM_SEG_WRITECACHE) &&
	         (k || vg->lv[ci].seg[0].type != MDM_LVM_SEG_CACHE_POOL))
		sfx = k ? "real" : "cvol";
	if (!sfx)
		return -ENOENT;
	if ((d = plain(pl, ci, "", sfx, MDM_LVM_UDEV_TOP, 0)) < 0)
		return d;
	pl->p->dev[d].component = pl->p->dev[d].ro = pl->p->dev[d].selected = true;
	pl->p->dev[d].holder = h;
	return 0;
}

/* LV lvi's own devices by its type (its -real layer when real_of says) */
static int32_t own(struct pl *pl, int32_t lvi)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[lvi];
	uint8_t t = lv->seg[0].type;
	const char *r = real_of(pl, lvi);

	if (t > MDM_LVM_SEG_ZERO && lv->nsegs > 1)
		return REFUSE(lv, "%u %s segments", lv->nsegs, lv->seg[0].type_name);
	if (t == MDM_LVM_SEG_STRIPED || t == MDM_LVM_SEG_ERROR || t == MDM_LVM_SEG_ZERO)
		return plain(pl, lvi, r, r, *r ? HIDDEN : top_flags(pl, lvi), 0);
	if (t == MDM_LVM_SEG_THIN_POOL && !*r)
		return pool_top(pl, lvi);
	if (t == MDM_LVM_SEG_THIN)
		return thin(pl, lvi);
	if (t == MDM_LVM_SEG_CACHE)
		return cache(pl, lvi);
	if (t == MDM_LVM_SEG_WRITECACHE)
		return writecache(pl, lvi);
	return REFUSE(lv, t == MDM_LVM_SEG_CACHE_POOL ? "a cache pool has no device" :
	              t == MDM_LVM_SEG_SNAPSHOT ? "activate the snapshot's origin instead" :
	              t == MDM_LVM_SEG_THIN_POOL ? "a thin pool with snapshots" :
	              "segment type %s is not supported", lv->seg[0].type_name);
}

/* the devices of LV lvi as lvchange -ay makes them (not inlined: in
 * mdm_lvm_plan's loop gcc makes it 121 bytes larger) */
__attribute__((noinline)) static int activate(struct pl *pl, int32_t lvi)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[lvi];
	int32_t d, o = origin_of(pl->vg, lvi);

	if (lv->status & (MDM_LVM_PVMOVE | MDM_LVM_LOCKED))
		return REFUSE(lv, "pvmove in progress");
	if (o >= 0)
		d = origin(pl, o);              /* a snapshot comes with its origin */
	else
		d = snap_of(pl->vg, 0, lvi) >= 0 ? origin(pl, lvi) : own(pl, lvi);
	if (d < 0)
		return d;
	pl->p->dev[d].selected = true;
	pl->p->dev[d].ro |= pl->sel->read_only;
	return 0;
}

static int vg_usable(struct pl *pl)
{
	const struct mdm_lvm_vg *vg = pl->vg;
	const char *why = vg->status & MDM_LVM_EXPORTED ? "is exported" :
		vg->status & MDM_LVM_CLUSTERED ? "is clustered" :
		vg->status & MDM_LVM_SHARED || (vg->lock_type && strcmp(vg->lock_type, "none")) ?
			"is shared (lvmlockd)" :
		vg->status & MDM_LVM_PVMOVE ? "has a pvmove in progress" :
		!(vg->status & MDM_LVM_WRITE) ? "is read-only" :
		vg->system_id && *vg->system_id &&
		(!pl->sel->system_id || strcmp(vg->system_id, pl->sel->system_id)) ?
			"belongs to another host (system_id)" : NULL;

	if (why)
		return snprintf(pl->w.msg, pl->w.len, "VG %s %s", vg->name, why), -EPERM;
	return 0;
}

int mdm_lvm_plan(const struct mdm_lvm_vg *vg, const struct mdm_lvm_select *sel,
                 struct mdm_lvm_arena *a, struct mdm_lvm_plan *plan, char *msg, size_t msglen)
{
	struct pl pl = { .w = { msg, msglen, vg, -EPERM }, .vg = vg, .sel = sel, .a = a, .p = plan };
	int e = 0, found = 0;

	memset(plan, 0, sizeof(*plan));
	pl.cap = 4 * vg->nlv + 4 < MDM_LVM_MAX_DEVS ? 4 * vg->nlv + 4 : MDM_LVM_MAX_DEVS;
	if ((e = vg_usable(&pl)))
		return e;
	if (!(plan->dev = mdm_lvm_alloc(a, (pl.cap + 1) * sizeof(*plan->dev))))
		return -ENOSPC;
	for (uint32_t i = 0; i < vg->nlv && !e; i++) {
		const struct mdm_lvm_lv *lv = &vg->lv[i];
		bool skip = (lv->status & MDM_LVM_ACTIVATION_SKIP) && !sel->ignore_skip,
		     vis = mdm_lvm_lv_visible(vg, i), named = sel->lv && !strcmp(sel->lv, lv->name);

		found |= named;
		/* a cache pool has no device: lvchange -ay on one does nothing */
		if (skip || lv->seg[0].type == MDM_LVM_SEG_CACHE_POOL ||
		    (sel->lv ? !named : !vis || origin_of(vg, (int32_t)i) >= 0))
			continue;
		if (vis)
			e = activate(&pl, (int32_t)i);
		else if ((e = component(&pl, (int32_t)i)) == -ENOENT)
			return snprintf(msg, msglen, "LV %s/%s is hidden", vg->name, lv->name), -EPERM;
	}
	if (!e && sel->lv && !found)
		return snprintf(msg, msglen, "LV %s/%s not found", vg->name, sel->lv), -ENOENT;
	return e;
}

int mdm_lvm_expand(const char *params, const char *const *subst, uint32_t n,
                   char *out, size_t len)
{
	size_t o = 0, k;

	for (const char *p = params; *p; p++) {
		const char *s, *ins = p;
		unsigned long i = 0;

		k = 1;
		if (*p == '@') {
			for (s = p + 1; *s >= '0' && *s <= '9' && i <= n; s++)
				i = i * 10 + (unsigned long)(*s - '0');
			if (s == p + 1 || i >= n)
				return -EINVAL;
			ins = subst[i];
			k = strlen(ins);
			p = s - 1;
		}
		if (o + k >= len)
			return -ENOSPC;
		memcpy(out + o, ins, k);
		o += k;
	}
	if (o >= len)
		return -ENOSPC;
	out[o] = 0;
	return 0;
}
