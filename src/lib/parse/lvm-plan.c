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

#define UDEV_NEW_POOL 0x2cu
#define THIN_MAX_META 33161216ull      /* sectors a cropped tmeta keeps */

struct pl {
	const struct mdm_lvm_vg *vg;
	const struct mdm_lvm_select *sel;
	struct mdm_lvm_arena *a;
	struct mdm_lvm_plan *p;
	uint32_t cap;
	char *msg;
	size_t msglen;
	char *sb;                       /* params being built at the arena's end */
	size_t sblen, sbcap;
	unsigned depth;
};

static int refuse(struct pl *pl, const struct mdm_lvm_lv *lv, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(pl->msg, pl->msglen, "LV %s/%s: ", pl->vg->name, lv ? lv->name : "");

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < pl->msglen)
		vsnprintf(pl->msg + n, pl->msglen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EPERM;
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

/* ---- params: built in place at the arena's end ------------------------ */

static void sb_start(struct pl *pl)
{
	size_t at = pl->a->used;

	pl->sb = (char *)pl->a->base + at;
	pl->sbcap = pl->a->size > at ? pl->a->size - at : 0;
	pl->sblen = 0;
}

static void put(struct pl *pl, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(pl->sb + pl->sblen, pl->sbcap > pl->sblen ? pl->sbcap - pl->sblen : 0, fmt, ap);
	va_end(ap);
	pl->sblen += n > 0 ? (size_t)n : 0;
}

/* the finished params, or NULL if the arena was too small */
static const char *sb_end(struct pl *pl)
{
	if (pl->sblen >= pl->sbcap)
		return NULL;
	pl->a->used += pl->sblen + 1;
	return pl->sb;
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

/* append s to out[*n..] doubling dashes */
static bool dashes(char *out, size_t *n, const char *s)
{
	for (; *s; s++) {
		if (*n + 3 > MDM_LVM_NAME_LEN)
			return false;
		if (*s == '-')
			out[(*n)++] = '-';
		out[(*n)++] = *s;
	}
	out[*n] = 0;
	return true;
}

/* name and uuid of (lv, layer, suffix) into d; the index of an existing
 * device with that uuid, or -1 */
static int32_t ident(struct pl *pl, const struct mdm_lvm_lv *lv, const char *layer,
                     const char *idsrc, const char *suffix, struct mdm_lvm_dev *d)
{
	size_t n = 0;

	if (!good_name(pl->vg->name) || !good_name(lv->name) ||
	    !dashes(d->name, &n, pl->vg->name) || !dashes(d->name, &n, "-") ||
	    (n--, !dashes(d->name, &n, lv->name)) ||
	    (*layer && (!dashes(d->name, &n, "-") || (n--, !dashes(d->name, &n, layer)))))
		return -2;
	snprintf(d->uuid, sizeof(d->uuid), "LVM-%s%s%s%s", pl->vg->id, idsrc, *suffix ? "-" : "",
	         suffix);
	for (uint32_t i = 0; i < pl->p->n; i++)
		if (!strcmp(pl->p->dev[i].uuid, d->uuid))
			return (int32_t)i;
	return -1;
}

/* a new device at the end of the plan, targets to follow */
static int32_t new_dev(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_dev *id,
                       uint16_t flags, uint32_t ntargets)
{
	struct mdm_lvm_dev *d;

	if (pl->p->n == pl->cap)
		return refuse(pl, lv, "more than %u devices", pl->cap), -E2BIG;
	d = &pl->p->dev[pl->p->n];
	*d = *id;
	d->lv = (int32_t)(lv - pl->vg->lv);
	d->udev_flags = flags;
	d->ro = !(lv->status & MDM_LVM_WRITE);
	if (!(d->t = mdm_lvm_alloc(pl->a, ntargets * sizeof(*d->t))))
		return -ENOSPC;
	return (int32_t)pl->p->n++;
}

static int target(struct pl *pl, int32_t dev, uint64_t start, uint64_t len, const char *type)
{
	struct mdm_lvm_dev *d = &pl->p->dev[dev];
	struct mdm_lvm_target *t = &d->t[d->ntargets++];

	t->start = start;
	t->len = len;
	t->type = type;
	return (t->params = sb_end(pl)) ? 0 : -ENOSPC;
}

static uint64_t lv_size(const struct pl *pl, const struct mdm_lvm_lv *lv)
{
	return lv->extents * pl->vg->extent_size;
}

static int32_t plain(struct pl *pl, int32_t lvi, const char *layer, const char *suffix,
                     uint16_t flags, uint64_t limit);

/* one area of a striped segment: " M:m offset" or " @N offset" */
static int area(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *s,
                const struct mdm_lvm_stripe *st, int32_t sub)
{
	const struct mdm_lvm_pv *pv = &pl->vg->pv[st->pv >= 0 ? st->pv : 0];
	const struct mdm_lvm_pvdev *dev = &pl->sel->pvdev[st->pv >= 0 ? st->pv : 0];
	uint64_t es = pl->vg->extent_size, end;
	char id[40];

	if (st->pv < 0)
		return put(pl, " @%d %llu", sub, (unsigned long long)st->start * es), 0;
	if (!dev->present || (pv->status & MDM_LVM_MISSING)) {
		mdm_lvm_id_format(pv->id, id);
		return refuse(pl, lv, "PV %s (last seen on %s) is missing", id,
		              pv->device ? pv->device : "an unknown device");
	}
	end = pv->pe_start + (st->start + s->count / s->nstripes) * es;
	if (end > dev->sectors)
		return refuse(pl, lv, "maps to sector %llu of %s (%u:%u), which has %llu",
		              (unsigned long long)end, pv->device ? pv->device : pv->name,
		              dev->major, dev->minor, (unsigned long long)dev->sectors);
	put(pl, " %u:%u %llu", dev->major, dev->minor,
	    (unsigned long long)pv->pe_start + (unsigned long long)st->start * es);
	return 0;
}

/* the LV areas of a segment as planned devices (hidden sub-LVs) */
static int subs(struct pl *pl, const struct mdm_lvm_seg *s, int32_t *sub)
{
	for (uint32_t i = 0; i < s->nstripes; i++)
		if (s->stripe[i].lv >= 0 &&
		    (sub[i] = plain(pl, s->stripe[i].lv, "", "", MDM_LVM_UDEV_HIDDEN, 0)) < 0)
			return sub[i];
	return 0;
}

static int seg_line(struct pl *pl, int32_t dev, const struct mdm_lvm_lv *lv,
                    const struct mdm_lvm_seg *s, const int32_t *sub, uint64_t limit)
{
	uint64_t es = pl->vg->extent_size, start = s->start * es, len = s->count * es;
	int e = 0;

	if (start >= limit)
		return 0;
	len = len < limit - start ? len : limit - start;
	sb_start(pl);
	if (s->type == MDM_LVM_SEG_ERROR || s->type == MDM_LVM_SEG_ZERO)
		return target(pl, dev, start, len, s->type == MDM_LVM_SEG_ERROR ? "error" : "zero");
	if (s->nstripes > 1)
		put(pl, "%u %u", s->nstripes, s->stripe_size);
	for (uint32_t i = 0; i < s->nstripes && !e; i++)
		e = area(pl, lv, s, &s->stripe[i], sub[i]);
	if (e)
		return e;
	if (s->nstripes == 1 && pl->sblen < pl->sbcap)  /* no leading space */
		memmove(pl->sb, pl->sb + 1, pl->sblen--);
	return target(pl, dev, start, len, s->nstripes > 1 ? "striped" : "linear");
}

/* a device showing lv's own linear/striped/error/zero segments, at most
 * limit sectors of them (0: all) */
static int32_t plain_dev(struct pl *pl, int32_t lvi, const char *layer, const char *suffix,
                         uint16_t flags, uint64_t limit)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[lvi];
	struct mdm_lvm_dev id = { 0 };
	int32_t d = ident(pl, lv, layer, lv->id, suffix, &id), sub[MDM_LVM_MAX_STRIPES] = { 0 };
	int e;

	if (d >= 0 || d == -2)
		return d >= 0 ? d : refuse(pl, lv, "bad name or dm name too long");
	for (uint32_t i = 0; i < lv->nsegs; i++) {
		uint8_t t = lv->seg[i].type;

		if (t != MDM_LVM_SEG_STRIPED && t != MDM_LVM_SEG_ERROR && t != MDM_LVM_SEG_ZERO)
			return refuse(pl, lv, "a %s segment under another LV is not supported",
			              lv->seg[i].type_name);
		if ((e = subs(pl, &lv->seg[i], sub)))
			return e;
	}
	if ((d = new_dev(pl, lv, &id, flags, lv->nsegs)) < 0)
		return d;
	for (uint32_t i = 0; i < lv->nsegs; i++)
		if ((e = subs(pl, &lv->seg[i], sub)) ||
		    (e = seg_line(pl, d, lv, &lv->seg[i], sub, limit ? limit : UINT64_MAX)))
			return e;
	return d;
}

/* LV areas may name LVs that name LVs...: not forever */
static int32_t plain(struct pl *pl, int32_t lvi, const char *layer, const char *suffix,
                     uint16_t flags, uint64_t limit)
{
	int32_t d;

	if (pl->depth >= MDM_LVM_MAX_DEPTH)
		return refuse(pl, &pl->vg->lv[lvi], "LVs stacked too deep (or in a loop)");
	pl->depth++;
	d = plain_dev(pl, lvi, layer, suffix, flags, limit);
	pl->depth--;
	return d;
}

/* ---- settings ---------------------------------------------------------- */

static int need_u64(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *s,
                    const char *key, uint64_t def, uint64_t *v)
{
	int e = mdm_lvm_get_u64(s->sec, key, v);

	if (e == -ENOENT && def != UINT64_MAX)
		*v = def, e = 0;
	return e ? refuse(pl, lv, "%s: bad or no %s", s->type_name, key) : 0;
}

static uint16_t top_flags(const struct pl *pl, int32_t lvi);

/* ---- thin -------------------------------------------------------------- */

static int pool_features(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *s)
{
	const char *disc = "ignore";
	uint64_t zero;
	int e = mdm_lvm_get_str(s->sec, "discards", &disc);

	if ((e && e != -ENOENT) || (strcmp(disc, "ignore") && strcmp(disc, "nopassdown") &&
	                            strcmp(disc, "passdown")))
		return refuse(pl, lv, "bad discards");
	if ((e = need_u64(pl, lv, s, "zero_new_blocks", 0, &zero)))
		return e;
	put(pl, " %d%s%s%s%s", (zero != 1) + !strcmp(disc, "ignore") + !strcmp(disc, "nopassdown") +
	    !!(lv->status & MDM_LVM_ERROR_WHEN_FULL),
	    zero != 1 ? " skip_block_zeroing" : "", !strcmp(disc, "ignore") ? " ignore_discard" : "",
	    !strcmp(disc, "nopassdown") ? " no_discard_passdown" : "",
	    lv->status & MDM_LVM_ERROR_WHEN_FULL ? " error_if_no_space" : "");
	return 0;
}

/* P-tpool (or, for a new pool activated itself, P) */
static int32_t pool(struct pl *pl, int32_t pi, bool top)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[pi];
	const struct mdm_lvm_seg *s = &lv->seg[0];
	struct mdm_lvm_dev id = { 0 };
	uint64_t txid, chunk, crop, size = lv_size(pl, lv), lwm = 0;
	unsigned t = pl->sel->thin_threshold ? pl->sel->thin_threshold : 100;
	int32_t d, tm, td;
	int e;

	if ((e = need_u64(pl, lv, s, "transaction_id", UINT64_MAX, &txid)) ||
	    (e = need_u64(pl, lv, s, "chunk_size", UINT64_MAX, &chunk)) ||
	    (e = need_u64(pl, lv, s, "crop_metadata", 0, &crop)))
		return e;
	if (!chunk)
		return refuse(pl, lv, "chunk_size 0");
	for (const struct mdm_lvm_node *n = s->sec->child; n; n = n->next)
		if (n->type == MDM_LVM_SECTION && !strncmp(n->key, "message", 7))
			return refuse(pl, lv, "thin pool has pending messages (%s): run lvm once",
			              n->key);
	top = top && !txid;
	if ((d = ident(pl, lv, top ? "" : "tpool", lv->id, "tpool", &id)) != -1)
		return d >= 0 ? d : refuse(pl, lv, "bad name or dm name too long");
	crop = crop == 1 || (s->type_flags & MDM_LVM_CROP_METADATA);
	if ((tm = plain(pl, s->ref[0], "", "tmeta", MDM_LVM_UDEV_HIDDEN, crop ? THIN_MAX_META : 0)) < 0)
		return tm;
	if ((td = plain(pl, s->ref[1], "", "tdata", MDM_LVM_UDEV_HIDDEN, 0)) < 0)
		return td;
	if ((d = new_dev(pl, lv, &id, top ? UDEV_NEW_POOL : MDM_LVM_UDEV_HIDDEN, 1)) < 0)
		return d;
	t = t < 50 ? 50 : t;
	if (t < 100)
		lwm = size / chunk * (100 - t) / 100;
	sb_start(pl);
	put(pl, "@%d @%d %llu %llu", tm, td, (unsigned long long)chunk, (unsigned long long)lwm);
	return (e = pool_features(pl, lv, s)) ? e : (e = target(pl, d, 0, size, "thin-pool")) ? e : d;
}

/* P: read-only linear over P-tpool, when the pool LV itself is active */
static int32_t pool_top(struct pl *pl, int32_t pi)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[pi];
	struct mdm_lvm_dev id = { 0 };
	int32_t tp = pool(pl, pi, true), d;
	uint64_t txid = 0;
	int e;

	mdm_lvm_get_u64(lv->seg[0].sec, "transaction_id", &txid);
	if (tp < 0 || !txid)
		return tp;                      /* an error, or a new pool: done */
	if ((d = ident(pl, lv, "", lv->id, "pool", &id)) != -1)
		return d;
	if ((d = new_dev(pl, lv, &id, MDM_LVM_UDEV_HIDDEN, 1)) < 0)
		return d;
	pl->p->dev[d].ro = true;
	sb_start(pl);
	put(pl, "@%d 0", tp);
	return (e = target(pl, d, 0, lv_size(pl, lv), "linear")) ? e : d;
}

static int32_t thin(struct pl *pl, int32_t ti)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[ti];
	const struct mdm_lvm_seg *s = &lv->seg[0];
	struct mdm_lvm_dev id = { 0 };
	uint64_t devid;
	int32_t tp, d;
	int e;

	if (s->ref[2] >= 0)
		return refuse(pl, lv, "thin volume with an external origin");
	if (pl->vg->lv[s->ref[0]].seg[0].type != MDM_LVM_SEG_THIN_POOL)
		return refuse(pl, lv, "thin_pool %s is not a thin pool", pl->vg->lv[s->ref[0]].name);
	if ((e = need_u64(pl, lv, s, "device_id", UINT64_MAX, &devid)))
		return e;
	if ((d = ident(pl, lv, "", lv->id, "", &id)) != -1)
		return d;
	if ((tp = pool(pl, s->ref[0], false)) < 0)
		return tp;
	if ((d = new_dev(pl, lv, &id, top_flags(pl, ti), 1)) < 0)
		return d;
	sb_start(pl);
	put(pl, "@%d %llu", tp, (unsigned long long)devid);
	return (e = target(pl, d, 0, lv_size(pl, lv), "thin")) ? e : d;
}

/* ---- cache and writecache --------------------------------------------- */

/* V-cmeta or V-cdata: a slice of cachevol V (device cv) */
static int32_t slice(struct pl *pl, const struct mdm_lvm_lv *c, int32_t vi, int32_t cv,
                     const char *kind)
{
	const struct mdm_lvm_lv *v = &pl->vg->lv[vi];
	const struct mdm_lvm_seg *s = &c->seg[0];
	struct mdm_lvm_dev id = { 0 };
	char key[16], idbuf[MDM_LVM_ID_LEN + 1];
	const char *idstr, *what = kind[1] == 'm' ? "metadata" : "data";
	uint64_t start, len;
	int32_t d;
	int e;

	snprintf(key, sizeof(key), "%s_id", what);
	if (mdm_lvm_get_str(s->sec, key, &idstr))
		memcpy(idbuf, v->id, sizeof(idbuf));
	else if (mdm_lvm_id_parse(idstr, idbuf))
		return refuse(pl, c, "bad %s", key);
	snprintf(key, sizeof(key), "%s_start", what);
	if ((e = need_u64(pl, c, s, key, UINT64_MAX, &start)))
		return e;
	snprintf(key, sizeof(key), "%s_len", what);
	if ((e = need_u64(pl, c, s, key, UINT64_MAX, &len)))
		return e;
	if (!len || start > lv_size(pl, v) || len > lv_size(pl, v) - start)
		return refuse(pl, c, "%s outside cachevol %s", key, v->name);
	if ((d = ident(pl, v, kind, idbuf, kind, &id)) != -1)
		return d;
	if ((d = new_dev(pl, v, &id, MDM_LVM_UDEV_TOP, 1)) < 0)
		return d;
	sb_start(pl);
	put(pl, "@%d %llu", cv, (unsigned long long)start);
	return (e = target(pl, d, 0, len, "linear")) ? e : d;
}

/* " N [migration_threshold M] [k v]..." (cache.c, libdm-deptree.c) */
static int policy_args(struct pl *pl, const struct mdm_lvm_lv *lv,
                       const struct mdm_lvm_node *set, const char *filter, uint64_t chunk)
{
	static const char mq[] = " migration_threshold sequential_threshold random_threshold "
		"read_promote_adjustment write_promote_adjustment discard_promote_adjustment ";
	const char *ok = !filter ? NULL : !strcasecmp(filter, "mq") ? mq :
	                 !strcasecmp(filter, "smq") ? " migration_threshold " : NULL;
	uint64_t mt = 2048;
	unsigned n = 0;
	char w[64];

	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			put(pl, " %u", (n + (mt != 2048)) * 2);
		if (pass && mt != 2048)
			put(pl, " migration_threshold %llu", (unsigned long long)mt);
		for (const struct mdm_lvm_node *c = set ? set->child : NULL; c; c = c->next) {
			if (c->type != MDM_LVM_INT)
				return refuse(pl, lv, "cache policy setting %s is not a number", c->key);
			snprintf(w, sizeof(w), " %s ", c->key);
			if (!strcmp(c->key, "migration_threshold"))
				mt = pass ? mt : (uint32_t)c->num;
			else if (ok && !strstr(ok, w))
				continue;       /* lvm drops it with a warning */
			else if (!word_ok(c->key))
				return refuse(pl, lv, "bad cache policy setting %s", c->key);
			else if (pass)
				put(pl, " %s %lld", c->key, (long long)c->num);
			else
				n++;
		}
		if (!pass && mt < chunk * 8)
			mt = chunk * 8;
	}
	return 0;
}

static int cache_line(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *set,
                      const char *policy, int32_t dev[3])
{
	const struct mdm_lvm_seg *s = &lv->seg[0];
	const struct mdm_lvm_node *ps = mdm_lvm_get(set->sec, "policy_settings", MDM_LVM_SECTION);
	const char *mode = "writethrough", *name = policy;
	uint64_t chunk, fmt, cleaner;
	int e;

	if ((e = need_u64(pl, lv, set, "chunk_size", UINT64_MAX, &chunk)) ||
	    (e = need_u64(pl, lv, set, "metadata_format", 1, &fmt)) ||
	    (e = need_u64(pl, lv, s, "cleaner", 0, &cleaner)))
		return e;
	if (fmt != 1 && fmt != 2)
		return refuse(pl, lv, "cache metadata format %llu", (unsigned long long)fmt);
	e = mdm_lvm_get_str(set->sec, "cache_mode", &mode);
	if ((e && e != -ENOENT) || (strcmp(mode, "writethrough") && strcmp(mode, "writeback") &&
	                            strcmp(mode, "passthrough")))
		return refuse(pl, lv, "bad cache_mode");
	if (cleaner)
		mode = "writethrough", name = "cleaner", ps = NULL;
	if (name && !word_ok(name))
		return refuse(pl, lv, "bad cache policy %s", name);
	sb_start(pl);
	put(pl, "@%d @%d @%d %llu %d%s %s %s", dev[0], dev[1], dev[2], (unsigned long long)chunk,
	    (int)fmt, fmt == 2 ? " metadata2" : "", mode, name ? name : "mq");
	return policy_args(pl, lv, ps, cleaner ? NULL : policy, chunk);
}

static int32_t cache(struct pl *pl, int32_t ci)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[ci];
	const struct mdm_lvm_seg *s = &lv->seg[0], *ps = &pl->vg->lv[s->ref[0]].seg[0];
	struct mdm_lvm_dev id = { 0 };
	const char *policy = NULL;
	bool cvol = ps->type != MDM_LVM_SEG_CACHE_POOL;
	int32_t dev[3], d, v;
	int e;

	if ((d = ident(pl, lv, "", lv->id, "", &id)) != -1)
		return d;
	if (cvol) {
		if ((v = plain(pl, s->ref[0], "", "cvol", MDM_LVM_UDEV_HIDDEN, 0)) < 0)
			return v;
		if ((dev[1] = slice(pl, lv, s->ref[0], v, "cdata")) < 0 ||
		    (dev[0] = slice(pl, lv, s->ref[0], v, "cmeta")) < 0)
			return dev[dev[1] < 0 ? 1 : 0];
	} else {
		mdm_lvm_get_str(ps->sec, "policy", &policy);
		if ((dev[1] = plain(pl, ps->ref[1], "", "cdata", MDM_LVM_UDEV_HIDDEN, 0)) < 0 ||
		    (dev[0] = plain(pl, ps->ref[0], "", "cmeta", MDM_LVM_UDEV_HIDDEN, 0)) < 0)
			return dev[dev[1] < 0 ? 1 : 0];
	}
	if ((dev[2] = plain(pl, s->ref[1], "", "real", MDM_LVM_UDEV_HIDDEN, 0)) < 0)
		return dev[2];
	if ((d = new_dev(pl, lv, &id, top_flags(pl, ci), 1)) < 0)
		return d;
	/* lvm 2.03.16 takes the policy name from the cache pool's segment even
	 * for a cachevol, which has none: such caches always get "mq" */
	if ((e = cache_line(pl, lv, cvol ? s : ps, policy, dev)))
		return e;
	return (e = target(pl, d, 0, lv_size(pl, lv), "cache")) ? e : d;
}

/* writecache options in lvm's order: name, then 2 (key value) or 1 (key) */
static const char wc_opts[] = "high_watermark\0" "low_watermark\0" "writeback_jobs\0"
	"autocommit_blocks\0" "autocommit_time\0" "fua\0" "nofua\0" "cleaner\0" "max_age\0";

static int wc_args(struct pl *pl, const struct mdm_lvm_lv *lv, const struct mdm_lvm_seg *s,
                   bool emit)
{
	const char *k, *val;
	unsigned n = 0;
	uint64_t v;
	int e, i = 0;

	for (k = wc_opts; *k; k += strlen(k) + 1, i++) {
		if ((e = mdm_lvm_get_u64(s->sec, k, &v)) == -ENOENT || (i == 7 && !v))
			continue;               /* cleaner only when set to 1 */
		if (e)
			return refuse(pl, lv, "bad writecache setting %s", k);
		n += i >= 5 && i <= 7 ? 1 : 2;
		if (emit && i >= 5 && i <= 7)
			put(pl, " %s", k);
		else if (emit)
			put(pl, " %s %llu", k, (unsigned long long)v);
	}
	if (!mdm_lvm_get_str(s->sec, "writecache_setting_key", &k)) {
		if (mdm_lvm_get_str(s->sec, "writecache_setting_val", &val))
			return refuse(pl, lv, "writecache_setting_key without a value");
		if (!word_ok(k) || !word_ok(val))
			return refuse(pl, lv, "bad writecache setting %s", k);
		n += 2;
		if (emit)
			put(pl, " %s %s", k, val);
	}
	if (!emit)
		put(pl, " %u", n);
	return 0;
}

static int32_t writecache(struct pl *pl, int32_t wi)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[wi];
	const struct mdm_lvm_seg *s = &lv->seg[0];
	struct mdm_lvm_dev id = { 0 };
	uint64_t bs;
	int32_t d, v, o;
	int e;

	if ((d = ident(pl, lv, "", lv->id, "", &id)) != -1)
		return d;
	if ((v = plain(pl, s->ref[0], "", "cvol", MDM_LVM_UDEV_HIDDEN, 0)) < 0 ||
	    (o = plain(pl, s->ref[1], "", "real", MDM_LVM_UDEV_HIDDEN, 0)) < 0)
		return v < 0 ? v : o;
	if ((e = need_u64(pl, lv, s, "writecache_block_size", 0, &bs)))
		return e;
	if ((d = new_dev(pl, lv, &id, top_flags(pl, wi), 1)) < 0)
		return d;
	/* "p" (pmem) only on DAX devices, which we cannot see: always "s" */
	sb_start(pl);
	put(pl, "s @%d @%d %llu", o, v, (unsigned long long)(bs ? bs : 4096));
	if ((e = wc_args(pl, lv, s, false)) || (e = wc_args(pl, lv, s, true)))
		return e;
	return (e = target(pl, d, 0, lv_size(pl, lv), "writecache")) ? e : d;
}

/* ---- old-style snapshots ---------------------------------------------- */

/* the origin of cow LV ci (-1 if it is not one) */
static int32_t origin_of(const struct pl *pl, int32_t ci)
{
	for (uint32_t i = 0; i < pl->vg->nlv; i++) {
		const struct mdm_lvm_seg *s = &pl->vg->lv[i].seg[0];

		if (s->type == MDM_LVM_SEG_SNAPSHOT && s->ref[1] == ci)
			return s->ref[0];
	}
	return -1;
}

static bool has_snapshots(const struct pl *pl, int32_t oi)
{
	for (uint32_t i = 0; i < pl->vg->nlv; i++)
		if (pl->vg->lv[i].seg[0].type == MDM_LVM_SEG_SNAPSHOT &&
		    pl->vg->lv[i].seg[0].ref[0] == oi)
			return true;
	return false;
}

static uint16_t top_flags(const struct pl *pl, int32_t lvi)
{
	return MDM_LVM_UDEV_TOP | (origin_of(pl, lvi) >= 0 ? MDM_LVM_UDEV_LOW : 0);
}

/* S's COW LV as C-cow, and C: snapshot of origin O (its -real is r) */
static int32_t snapshot(struct pl *pl, const struct mdm_lvm_lv *o, const struct mdm_lvm_seg *s,
                        int32_t r)
{
	const struct mdm_lvm_lv *c = &pl->vg->lv[s->ref[1]];
	struct mdm_lvm_dev id = { 0 };
	uint64_t chunk;
	int32_t d, w;
	int e;

	if (mdm_lvm_get(s->sec, "merging_store", 0) || mdm_lvm_get(o->seg[0].sec, "merging_store", 0))
		return refuse(pl, c, "a snapshot merge is pending");
	if ((e = need_u64(pl, c, s, "chunk_size", UINT64_MAX, &chunk)))
		return e;
	if ((w = plain(pl, s->ref[1], "cow", "cow", MDM_LVM_UDEV_HIDDEN | MDM_LVM_UDEV_LOW, 0)) < 0)
		return w;
	if ((d = ident(pl, c, "", c->id, "", &id)) != -1)
		return d;
	if ((d = new_dev(pl, c, &id, MDM_LVM_UDEV_TOP | MDM_LVM_UDEV_LOW, 1)) < 0)
		return d;
	sb_start(pl);
	put(pl, "@%d @%d P %llu", r, w, (unsigned long long)chunk);
	return (e = target(pl, d, 0, lv_size(pl, o), "snapshot")) ? e : d;
}

static int32_t origin(struct pl *pl, int32_t oi)
{
	const struct mdm_lvm_lv *o = &pl->vg->lv[oi];
	struct mdm_lvm_dev id = { 0 };
	int32_t d, r;
	int e;

	if ((d = ident(pl, o, "", o->id, "", &id)) != -1)
		return d;
	if ((r = plain(pl, oi, "real", "real", MDM_LVM_UDEV_HIDDEN, 0)) < 0)
		return r;
	for (uint32_t i = 0; i < pl->vg->nlv; i++) {
		const struct mdm_lvm_seg *s = &pl->vg->lv[i].seg[0];

		if (s->type == MDM_LVM_SEG_SNAPSHOT && s->ref[0] == oi &&
		    (e = snapshot(pl, o, s, r)) < 0)
			return e;
	}
	if ((d = new_dev(pl, o, &id, MDM_LVM_UDEV_TOP, 1)) < 0)
		return d;
	sb_start(pl);
	put(pl, "@%d", r);
	return (e = target(pl, d, 0, lv_size(pl, o), "snapshot-origin")) ? e : d;
}

/* ---- selection --------------------------------------------------------- */

static bool visible(const struct pl *pl, int32_t lvi)
{
	int32_t o = origin_of(pl, lvi);

	if (pl->vg->lv[lvi].seg[0].type == MDM_LVM_SEG_SNAPSHOT)
		return false;
	return o >= 0 ? visible(pl, o) : pl->vg->lv[lvi].status & MDM_LVM_VISIBLE;
}

/* the devices of LV lvi as lvchange -ay makes them */
static int activate(struct pl *pl, int32_t lvi)
{
	const struct mdm_lvm_lv *lv = &pl->vg->lv[lvi];
	uint8_t t = lv->seg[0].type;
	int32_t d, o = origin_of(pl, lvi);

	if (lv->status & (MDM_LVM_PVMOVE | MDM_LVM_LOCKED))
		return refuse(pl, lv, "pvmove in progress");
	if (t > MDM_LVM_SEG_ZERO && lv->nsegs > 1)
		return refuse(pl, lv, "%u %s segments", lv->nsegs, lv->seg[0].type_name);
	if (o >= 0)
		d = origin(pl, o);              /* a snapshot comes with its origin */
	else if (t == MDM_LVM_SEG_STRIPED || t == MDM_LVM_SEG_ERROR || t == MDM_LVM_SEG_ZERO)
		d = has_snapshots(pl, lvi) ? origin(pl, lvi) : plain(pl, lvi, "", "", top_flags(pl, lvi), 0);
	else if (t == MDM_LVM_SEG_THIN_POOL)
		d = pool_top(pl, lvi);
	else if (t == MDM_LVM_SEG_THIN)
		d = thin(pl, lvi);
	else if (t == MDM_LVM_SEG_CACHE)
		d = cache(pl, lvi);
	else if (t == MDM_LVM_SEG_WRITECACHE)
		d = writecache(pl, lvi);
	else
		return refuse(pl, lv, t == MDM_LVM_SEG_CACHE_POOL ? "a cache pool has no device" :
		              t == MDM_LVM_SEG_SNAPSHOT ? "activate the snapshot's origin instead" :
		              "segment type %s is not supported", lv->seg[0].type_name);
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
		!(vg->status & MDM_LVM_WRITE) ? "is read-only" : NULL;

	if (!why && vg->system_id && *vg->system_id &&
	    (!pl->sel->system_id || strcmp(vg->system_id, pl->sel->system_id)))
		why = "belongs to another host (system_id)";
	if (why)
		return snprintf(pl->msg, pl->msglen, "VG %s %s", vg->name, why), -EPERM;
	return 0;
}

int mdm_lvm_plan(const struct mdm_lvm_vg *vg, const struct mdm_lvm_select *sel,
                 struct mdm_lvm_arena *a, struct mdm_lvm_plan *plan, char *msg, size_t msglen)
{
	struct pl pl = { .vg = vg, .sel = sel, .a = a, .p = plan, .msg = msg, .msglen = msglen };
	int e = 0, found = 0;

	memset(plan, 0, sizeof(*plan));
	pl.cap = 4 * vg->nlv + 4 < MDM_LVM_MAX_DEVS ? 4 * vg->nlv + 4 : MDM_LVM_MAX_DEVS;
	if ((e = vg_usable(&pl)))
		return e;
	if (!(plan->dev = mdm_lvm_alloc(a, pl.cap * sizeof(*plan->dev))))
		return -ENOSPC;
	for (uint32_t i = 0; i < vg->nlv && !e; i++) {
		const struct mdm_lvm_lv *lv = &vg->lv[i];
		bool skip = (lv->status & MDM_LVM_ACTIVATION_SKIP) && !sel->ignore_skip;

		found |= sel->lv && !strcmp(sel->lv, lv->name);
		/* a cache pool has no device: lvchange -ay on one does nothing */
		if (sel->lv ? strcmp(sel->lv, lv->name) || skip ||
		              lv->seg[0].type == MDM_LVM_SEG_CACHE_POOL :
		    skip || !visible(&pl, (int32_t)i) || origin_of(&pl, (int32_t)i) >= 0 ||
		    lv->seg[0].type == MDM_LVM_SEG_CACHE_POOL)
			continue;
		if (sel->lv && !visible(&pl, (int32_t)i))
			return snprintf(msg, msglen, "LV %s/%s is hidden", vg->name, lv->name), -EPERM;
		e = activate(&pl, (int32_t)i);
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
