/* lvm-vg.c - the VG model of a parsed metadata text (lvm2
 * lib/format_text/import_vsn1.c, flags.c), and the newest of its copies.
 *
 *   VG name { id seqno extent_size status [flags] [system_id] [lock_type]
 *             physical_volumes { pvN { id [device] status [flags]
 *                                      [dev_size] pe_start pe_count } }
 *             logical_volumes { LV { id status [flags] segment_count
 *                 segmentN { start_extent extent_count type ... } } } }
 *   contents = "Text Format Volume Group"   version = 1
 *
 * status words: one unknown word refuses the text; flags words: unknown
 * ones are ignored; "type+WORD": an unknown WORD makes the type unknown.
 * Segments are sorted, must tile the LV, and adjacent striped segments
 * that continue each other on the same PVs are merged, as lvm does when
 * it reads (merge.c, striped.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "minidm-lvm.h"

/* Word i is bit i of the MDM_LVM_* status bits. */
static const char words[] =
	"READ WRITE VISIBLE RESIZEABLE EXPORTED CLUSTERED SHARED PVMOVE ALLOCATABLE "
	"MISSING FIXED_MINOR LOCKED NOTSYNCED REBUILD WRITEMOSTLY RESHAPE "
	"RESHAPE_DATA_OFFSET RESHAPE_DELTA_DISKS_PLUS RESHAPE_DELTA_DISKS_MINUS "
	"REMOVE_AFTER_RESHAPE METADATA_FORMAT CROP_METADATA CACHE_USES_CACHEVOL "
	"WRITE_LOCKED NOAUTOACTIVATE ACTIVATION_SKIP ERROR_WHEN_FULL CACHE_VOL PARTIAL ";

#define SEGTYPE_WORDS 0x007f8000u               /* bits 15-22 */
/* which words each object takes in "status" and in "flags" */
static const uint32_t status_ok[3] = { 0x100000fbu, 0x00000310u, 0x08007c87u | SEGTYPE_WORDS };
static const uint32_t flags_ok[3] = { 0x01800000u, 0x00000200u, 0x0f800000u };
enum { VG, PV, LV };

/* the bit of word [b, e) within mask, 0 if none */
static uint32_t word_bit(const char *b, size_t n, uint32_t mask)
{
	const char *w = words, *sp;

	for (uint32_t i = 0; (sp = strchr(w, ' ')); i++, w = sp + 1)
		if ((size_t)(sp - w) == n && !memcmp(w, b, n))
			return mask & (1u << i);
	return 0;
}

static int read_words(const struct mdm_lvm_node *n, uint32_t mask, bool strict, uint32_t *out,
                      const char **bad)
{
	const struct mdm_lvm_node *v = n->type == MDM_LVM_ARRAY ? n->child : n;

	for (; v; v = v->next) {
		uint32_t b;

		if (v->type != MDM_LVM_STR)
			return *bad = "a status word that is not a string", -EINVAL;
		b = word_bit(v->str, strlen(v->str), mask);
		if (!b && strict)
			return *bad = v->str, -EINVAL;
		*out |= b;
	}
	return 0;
}

/* status (required, strict) and flags (lenient) of an object */
static int status_of(const struct mdm_lvm_node *sec, int kind, uint32_t *st, const char **bad)
{
	const struct mdm_lvm_node *s = mdm_lvm_get(sec, "status", 0), *f;
	int e;

	*st = 0;
	if (!s)
		return *bad = "no status", -EINVAL;
	e = read_words(s, status_ok[kind], true, st, bad);
	if (!e && (f = mdm_lvm_get(sec, "flags", 0)))
		e = read_words(f, flags_ok[kind], false, st, bad);
	if (*st & MDM_LVM_WRITE_LOCKED)
		*st = (*st & ~(uint32_t)MDM_LVM_WRITE_LOCKED) | MDM_LVM_WRITE;
	return e;
}

int mdm_lvm_id_parse(const char *s, char *out)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == '-')
			continue;
		if (n == MDM_LVM_ID_LEN || !(strchr("!#", *s) || (*s >= '0' && *s <= '9') ||
		                             ((*s | 32) >= 'a' && (*s | 32) <= 'z')))
			return -EINVAL;
		out[n++] = *s;
	}
	out[n] = 0;
	return n == MDM_LVM_ID_LEN ? 0 : -EINVAL;
}

void mdm_lvm_id_format(const char *id, char *out)
{
	static const unsigned char group[7] = { 6, 4, 4, 4, 4, 4, 6 };

	for (int g = 0; g < 7; g++) {
		memcpy(out, id, group[g]);
		out += group[g];
		id += group[g];
		*out++ = g < 6 ? '-' : 0;
	}
}

static int get_id(const struct mdm_lvm_node *sec, char *id)
{
	const char *s;

	return mdm_lvm_get_str(sec, "id", &s) ? -EINVAL : mdm_lvm_id_parse(s, id);
}

#define FAIL(...) (snprintf(msg, msglen, __VA_ARGS__), -EINVAL)

static int import_pvs(const struct mdm_lvm_node *pvs, struct mdm_lvm_arena *a,
                      struct mdm_lvm_vg *vg, char *msg, size_t msglen)
{
	const struct mdm_lvm_node *n;
	const char *bad = "";

	for (n = pvs ? pvs->child : NULL; n; n = n->next)
		vg->npv += n->type == MDM_LVM_SECTION;
	if (vg->npv > MDM_LVM_MAX_PVS)
		return snprintf(msg, msglen, "VG %s: more than %d PVs", vg->name, MDM_LVM_MAX_PVS),
		       -E2BIG;
	if (vg->npv && !(vg->pv = mdm_lvm_alloc(a, vg->npv * sizeof(*vg->pv))))
		return -ENOSPC;
	vg->npv = 0;
	for (n = pvs ? pvs->child : NULL; n; n = n->next) {
		struct mdm_lvm_pv *pv = &vg->pv[vg->npv];

		if (n->type != MDM_LVM_SECTION)
			continue;
		vg->npv++;
		pv->name = n->key;
		mdm_lvm_get_str(n, "device", &pv->device);
		if (get_id(n, pv->id))
			return FAIL("VG %s: %s: bad or no id", vg->name, n->key);
		if (status_of(n, PV, &pv->status, &bad))
			return FAIL("VG %s: %s: status: %s", vg->name, n->key, bad);
		if (mdm_lvm_get_u64(n, "dev_size", &pv->dev_size) == -EINVAL ||
		    mdm_lvm_get_u64(n, "pe_start", &pv->pe_start) ||
		    mdm_lvm_get_u64(n, "pe_count", &pv->pe_count) || pv->pe_count > UINT32_MAX)
			return FAIL("VG %s: %s: bad dev_size, pe_start or pe_count", vg->name, n->key);
	}
	return 0;
}

static int32_t find_pv(const struct mdm_lvm_vg *vg, const char *name)
{
	for (uint32_t i = 0; i < vg->npv; i++)
		if (!strcmp(vg->pv[i].name, name))
			return (int32_t)i;
	return -1;
}

static int32_t find_lv(const struct mdm_lvm_vg *vg, const char *name)
{
	for (uint32_t i = 0; i < vg->nlv; i++)
		if (!strcmp(vg->lv[i].name, name))
			return (int32_t)i;
	return -1;
}

/* the segment type: its base name and +FLAG words */
static void seg_type(struct mdm_lvm_seg *s)
{
	static const char names[] =
		" striped linear error zero thin-pool thin cache-pool cache writecache snapshot ";
	static const unsigned char type_of[] = {
		MDM_LVM_SEG_STRIPED, MDM_LVM_SEG_STRIPED, MDM_LVM_SEG_ERROR, MDM_LVM_SEG_ZERO,
		MDM_LVM_SEG_THIN_POOL, MDM_LVM_SEG_THIN, MDM_LVM_SEG_CACHE_POOL,
		MDM_LVM_SEG_CACHE, MDM_LVM_SEG_WRITECACHE, MDM_LVM_SEG_SNAPSHOT,
	};
	const char *t = s->type_name, *plus = strchr(t, '+'), *w = names, *sp;
	size_t n = plus ? (size_t)(plus - t) : strlen(t);

	s->type = MDM_LVM_SEG_UNKNOWN;
	for (int i = 0; (sp = strchr(w + 1, ' ')); i++, w = sp)
		if ((size_t)(sp - w - 1) == n && !memcmp(w + 1, t, n))
			s->type = type_of[i];
	if (s->type == MDM_LVM_SEG_UNKNOWN &&
	    (!strncmp(t, "raid", 4) || !strncmp(t, "mirror", n) || !strncmp(t, "vdo", 3) ||
	     !strncmp(t, "integrity", n)))
		s->type = MDM_LVM_SEG_UNSUPPORTED;
	while (plus) {
		const char *next = strchr(plus + 1, '+');
		size_t len = next ? (size_t)(next - plus - 1) : strlen(plus + 1);
		uint32_t b = word_bit(plus + 1, len, SEGTYPE_WORDS);

		if (!b)
			s->type = MDM_LVM_SEG_UNKNOWN;
		s->type_flags |= b;
		plus = next;
	}
}

/* stripes = [ "pvN" or "LV", extent, ... ]: PVs now, LVs in link_refs() */
static int stripes(const struct mdm_lvm_vg *vg, const struct mdm_lvm_lv *lv,
                   struct mdm_lvm_seg *s, struct mdm_lvm_arena *a, char *msg, size_t msglen)
{
	const struct mdm_lvm_node *arr = mdm_lvm_get(s->sec, "stripes", MDM_LVM_ARRAY), *v;
	uint64_t n = 0, size = 0, area_len;

	if (mdm_lvm_get_u64(s->sec, "stripe_count", &n) || !n || n > MDM_LVM_MAX_STRIPES ||
	    s->count % n || (n > 1 && (mdm_lvm_get_u64(s->sec, "stripe_size", &size) ||
	                               !size || size > UINT32_MAX)) || !arr)
		return FAIL("LV %s/%s: bad stripe_count, stripe_size or stripes", vg->name, lv->name);
	s->nstripes = (uint32_t)n;
	s->stripe_size = (uint32_t)size;
	area_len = s->count / n;
	if (!(s->stripe = mdm_lvm_alloc(a, n * sizeof(*s->stripe))))
		return -ENOSPC;
	v = arr->child;
	for (uint32_t i = 0; i < n; i++, v = v->next->next) {
		struct mdm_lvm_stripe *st = &s->stripe[i];

		if (!v || v->type != MDM_LVM_STR || !v->next || v->next->type != MDM_LVM_INT ||
		    v->next->num < 0)
			return FAIL("LV %s/%s: stripes: want %u name, extent pairs", vg->name,
			            lv->name, s->nstripes);
		st->start = (uint64_t)v->next->num;
		st->lv = -1;
		if ((st->pv = find_pv(vg, v->str)) >= 0 &&
		    (st->start > vg->pv[st->pv].pe_count ||
		     area_len > vg->pv[st->pv].pe_count - st->start))
			return FAIL("LV %s/%s: extents %llu+%llu past the end of %s", vg->name,
			            lv->name, (unsigned long long)st->start,
			            (unsigned long long)area_len, v->str);
	}
	return v ? FAIL("LV %s/%s: stripes: more than %u areas", vg->name, lv->name,
	                s->nstripes) : 0;
}

static int read_seg(const struct mdm_lvm_vg *vg, struct mdm_lvm_lv *lv,
                    const struct mdm_lvm_node *sn, struct mdm_lvm_seg *s,
                    struct mdm_lvm_arena *a, char *msg, size_t msglen)
{
	s->sec = sn;
	s->ref[0] = s->ref[1] = s->ref[2] = -1;
	if (mdm_lvm_get_u64(sn, "start_extent", &s->start) ||
	    mdm_lvm_get_u64(sn, "extent_count", &s->count) || !s->count ||
	    s->count > UINT32_MAX || s->start > UINT32_MAX ||
	    mdm_lvm_get_str(sn, "type", &s->type_name))
		return FAIL("LV %s/%s: %s: bad start_extent, extent_count or type", vg->name,
		            lv->name, sn->key);
	seg_type(s);
	return s->type == MDM_LVM_SEG_STRIPED ? stripes(vg, lv, s, a, msg, msglen) : 0;
}

/* the keys of the LVs a segment refers to, three per type from thin-pool
 * on (see minidm-lvm.h), "" for none */
static const char ref_keys[] =
	"metadata\0pool\0\0"                          /* thin-pool */
	"thin_pool\0origin\0external_origin\0"         /* thin */
	"metadata\0data\0\0"                          /* cache-pool */
	"cache_pool\0origin\0\0"                      /* cache */
	"writecache\0origin\0\0"                      /* writecache */
	"origin\0cow_store\0";                        /* snapshot */

static const char *ref_key(uint8_t type, int i)
{
	const char *k = ref_keys;

	for (int n = (type - MDM_LVM_SEG_THIN_POOL) * 3 + i; n > 0; n--)
		k += strlen(k) + 1;
	return k;
}

static int link_refs(const struct mdm_lvm_vg *vg, struct mdm_lvm_lv *lv, struct mdm_lvm_seg *s,
                     char *msg, size_t msglen)
{
	const struct mdm_lvm_node *v;
	const char *name;

	if (s->type == MDM_LVM_SEG_STRIPED) {
		v = mdm_lvm_get(s->sec, "stripes", MDM_LVM_ARRAY)->child;
		for (uint32_t i = 0; i < s->nstripes; i++, v = v->next->next)
			if (s->stripe[i].pv < 0 && (s->stripe[i].lv = find_lv(vg, v->str)) < 0)
				return FAIL("LV %s/%s: no PV or LV %s", vg->name, lv->name, v->str);
		return 0;
	}
	if (s->type < MDM_LVM_SEG_THIN_POOL)
		return 0;
	for (int i = 0; i < 3 && *ref_key(s->type, i); i++) {
		int e = mdm_lvm_get_str(s->sec, ref_key(s->type, i), &name);

		if (e == -ENOENT && (i > 0 && s->type == MDM_LVM_SEG_THIN))
			continue;
		if (e || (s->ref[i] = find_lv(vg, name)) < 0)
			return FAIL("LV %s/%s: %s: no LV '%s'", vg->name, lv->name,
			            ref_key(s->type, i), e ? "" : name);
	}
	return 0;
}

/* a before b: by start extent, then in metadata order (sibling sections
 * are allocated in order), so that equal starts sort as a stable sort
 * leaves them */
static bool before(const struct mdm_lvm_seg *a, const struct mdm_lvm_seg *b)
{
	return a->start < b->start || (a->start == b->start && a->sec < b->sec);
}

/* heapsort: small, and n log n whatever the order (qsort is 2 KiB in musl) */
static void sift(struct mdm_lvm_seg *s, uint32_t i, uint32_t n)
{
	for (uint32_t c; (c = 2 * i + 1) < n; i = c) {
		struct mdm_lvm_seg t;

		c += c + 1 < n && before(&s[c], &s[c + 1]);
		if (!before(&s[i], &s[c]))
			break;
		t = s[i];
		s[i] = s[c];
		s[c] = t;
	}
}

static void sort_segs(struct mdm_lvm_seg *s, uint32_t n)
{
	for (uint32_t i = n / 2; i--; )
		sift(s, i, n);
	while (n-- > 1) {
		struct mdm_lvm_seg t = s[0];

		s[0] = s[n];
		s[n] = t;
		sift(s, 0, n);
	}
}

static bool same_tags(const struct mdm_lvm_seg *a, const struct mdm_lvm_seg *b)
{
	const struct mdm_lvm_node *x = mdm_lvm_get(a->sec, "tags", MDM_LVM_ARRAY);
	const struct mdm_lvm_node *y = mdm_lvm_get(b->sec, "tags", MDM_LVM_ARRAY);

	for (x = x ? x->child : NULL, y = y ? y->child : NULL; x && y; x = x->next, y = y->next)
		if (x->type != MDM_LVM_STR || y->type != MDM_LVM_STR || strcmp(x->str, y->str))
			return false;
	return !x && !y;
}

/* b continues a on the same PVs (striped.c _striped_segments_compatible) */
static bool continues(const struct mdm_lvm_seg *a, const struct mdm_lvm_seg *b)
{
	if (a->type != MDM_LVM_SEG_STRIPED || b->type != MDM_LVM_SEG_STRIPED ||
	    a->nstripes != b->nstripes || a->stripe_size != b->stripe_size)
		return false;
	for (uint32_t i = 0; i < a->nstripes; i++)
		if (a->stripe[i].pv < 0 || a->stripe[i].pv != b->stripe[i].pv ||
		    a->stripe[i].start + a->count / a->nstripes != b->stripe[i].start)
			return false;
	return same_tags(a, b);
}

/* sort, check they tile the LV, merge (not for pvmove's locked LVs) */
static int tidy_segs(const struct mdm_lvm_vg *vg, struct mdm_lvm_lv *lv, char *msg, size_t msglen)
{
	uint32_t j = 0;

	sort_segs(lv->seg, lv->nsegs);
	for (uint32_t i = 0; i < lv->nsegs; i++) {
		if (lv->seg[i].start != lv->extents)
			return FAIL("LV %s/%s: segments leave a gap or overlap at extent %llu",
			            vg->name, lv->name, (unsigned long long)lv->extents);
		lv->extents += lv->seg[i].count;
		if (j && !(lv->status & (MDM_LVM_LOCKED | MDM_LVM_PVMOVE)) &&
		    continues(&lv->seg[j - 1], &lv->seg[i]))
			lv->seg[j - 1].count += lv->seg[i].count;
		else
			lv->seg[j++] = lv->seg[i];
	}
	lv->nsegs = j;
	return lv->extents > UINT32_MAX ? FAIL("LV %s/%s: too large", vg->name, lv->name) : 0;
}

static int read_lv(const struct mdm_lvm_vg *vg, struct mdm_lvm_lv *lv,
                   struct mdm_lvm_arena *a, char *msg, size_t msglen)
{
	const struct mdm_lvm_node *n;
	const char *bad = "";
	uint64_t count;
	int e;

	if (get_id(lv->sec, lv->id))
		return FAIL("LV %s/%s: bad or no id", vg->name, lv->name);
	if (status_of(lv->sec, LV, &lv->status, &bad))
		return FAIL("LV %s/%s: status: %s", vg->name, lv->name, bad);
	for (n = lv->sec->child; n; n = n->next)
		lv->nsegs += n->type == MDM_LVM_SECTION;
	if (mdm_lvm_get_u64(lv->sec, "segment_count", &count) || count != lv->nsegs ||
	    !count || count > MDM_LVM_MAX_SEGS)
		return FAIL("LV %s/%s: segment_count does not match its segments", vg->name,
		            lv->name);
	if (!(lv->seg = mdm_lvm_alloc(a, lv->nsegs * sizeof(*lv->seg))))
		return -ENOSPC;
	lv->nsegs = 0;
	for (n = lv->sec->child; n; n = n->next)
		if (n->type == MDM_LVM_SECTION &&
		    (e = read_seg(vg, lv, n, &lv->seg[lv->nsegs++], a, msg, msglen)))
			return e;
	return 0;
}

static int import_lvs(const struct mdm_lvm_node *lvs, struct mdm_lvm_arena *a,
                      struct mdm_lvm_vg *vg, char *msg, size_t msglen)
{
	const struct mdm_lvm_node *n;
	int e;

	for (n = lvs ? lvs->child : NULL; n; n = n->next)
		vg->nlv += n->type == MDM_LVM_SECTION;
	if (vg->nlv > MDM_LVM_MAX_LVS)
		return snprintf(msg, msglen, "VG %s: more than %d LVs", vg->name, MDM_LVM_MAX_LVS),
		       -E2BIG;
	if (vg->nlv && !(vg->lv = mdm_lvm_alloc(a, vg->nlv * sizeof(*vg->lv))))
		return -ENOSPC;
	vg->nlv = 0;
	for (n = lvs ? lvs->child : NULL; n; n = n->next)
		if (n->type == MDM_LVM_SECTION) {
			vg->lv[vg->nlv].name = n->key;
			vg->lv[vg->nlv].sec = n;
			if ((e = read_lv(vg, &vg->lv[vg->nlv++], a, msg, msglen)))
				return e;
		}
	for (uint32_t i = 0; i < vg->nlv; i++) {
		for (uint32_t s = 0; s < vg->lv[i].nsegs; s++)
			if ((e = link_refs(vg, &vg->lv[i], &vg->lv[i].seg[s], msg, msglen)))
				return e;
		if ((e = tidy_segs(vg, &vg->lv[i], msg, msglen)))
			return e;
	}
	return 0;
}

/* the VG section of a text, checking contents and version */
static const struct mdm_lvm_node *vg_section(const struct mdm_lvm_node *root)
{
	const struct mdm_lvm_node *n;
	const char *contents;
	uint64_t version;

	if (mdm_lvm_get_str(root, "contents", &contents) ||
	    strcmp(contents, "Text Format Volume Group") ||
	    mdm_lvm_get_u64(root, "version", &version) || version != 1)
		return NULL;
	for (n = root->child; n && n->type != MDM_LVM_SECTION; n = n->next)
		;
	return n;
}

/* name, id, seqno: enough to compare copies */
static int vg_head(const struct mdm_lvm_node *root, struct mdm_lvm_vg *vg, char *msg,
                   size_t msglen)
{
	const struct mdm_lvm_node *s = vg_section(root);

	memset(vg, 0, sizeof(*vg));
	if (!s)
		return FAIL("not a VG's metadata (contents, version 1 and a VG section)");
	vg->sec = s;
	vg->name = s->key;
	if (get_id(s, vg->id) || mdm_lvm_get_u64(s, "seqno", &vg->seqno))
		return FAIL("VG %s: bad or no id or seqno", vg->name);
	return 0;
}

int mdm_lvm_vg_import(const struct mdm_lvm_node *root, struct mdm_lvm_arena *a,
                      struct mdm_lvm_vg *vg, char *msg, size_t msglen)
{
	const struct mdm_lvm_node *s;
	const char *bad = "";
	int e = vg_head(root, vg, msg, msglen);

	if (e)
		return e;
	s = vg->sec;
	if (status_of(s, VG, &vg->status, &bad))
		return FAIL("VG %s: status: %s", vg->name, bad);
	if (mdm_lvm_get_u64(s, "extent_size", &vg->extent_size) || !vg->extent_size ||
	    vg->extent_size > UINT32_MAX)
		return FAIL("VG %s: bad extent_size", vg->name);
	mdm_lvm_get_str(s, "system_id", &vg->system_id);
	mdm_lvm_get_str(s, "lock_type", &vg->lock_type);
	e = import_pvs(mdm_lvm_get(s, "physical_volumes", MDM_LVM_SECTION), a, vg, msg, msglen);
	return e ? e : import_lvs(mdm_lvm_get(s, "logical_volumes", MDM_LVM_SECTION), a, vg,
	                          msg, msglen);
}

/* parse copy c just to learn its VG's name, id and seqno */
static void peek(struct mdm_lvm_copy *c, struct mdm_lvm_arena *a, struct mdm_lvm_vg *vg)
{
	size_t mark = a->used;
	const struct mdm_lvm_node *root;
	unsigned line;
	int e;

	c->state = MDM_LVM_COPY_BAD;
	if (c->err) {
		snprintf(c->why, sizeof(c->why), "%s", c->err == -EBADMSG ?
		         "metadata checksum mismatch" : "metadata not readable");
	} else if ((e = mdm_lvm_parse(c->text, c->len, a, &root, &line))) {
		snprintf(c->why, sizeof(c->why), e == -ENOSPC ? "out of memory at line %u" :
		         "syntax error at line %u", line);
	} else if (!vg_head(root, vg, c->why, sizeof(c->why))) {
		c->state = MDM_LVM_COPY_OLDER;
		c->seqno = vg->seqno;
	}
	a->used = mark;
}

int mdm_lvm_choose(struct mdm_lvm_copy *c, size_t n, const char *vgid, const char *vgname,
                   struct mdm_lvm_arena *a, struct mdm_lvm_vg *vg, char *msg, size_t msglen)
{
	char id[MDM_LVM_ID_LEN + 1] = "";
	const struct mdm_lvm_node *root;
	size_t best = n;
	unsigned line;
	int e;

	for (size_t i = 0; i < n; i++) {
		peek(&c[i], a, vg);
		if (c[i].state == MDM_LVM_COPY_BAD)
			continue;
		if (!*id && (vgid ? !strcmp(vgid, vg->id) : !vgname || !strcmp(vgname, vg->name)))
			memcpy(id, vg->id, sizeof(id));
		if (strcmp(id, vg->id))
			c[i].state = MDM_LVM_COPY_OTHER_VG;
		else if (best == n || c[i].seqno > c[best].seqno)
			best = i;
	}
	if (best == n)
		return snprintf(msg, msglen, "VG %s: no good metadata copy",
		                vgname ? vgname : vgid ? vgid : ""), -ENOENT;
	for (size_t i = 0; i < n; i++)
		if (c[i].state == MDM_LVM_COPY_OLDER && c[i].seqno == c[best].seqno)
			c[i].state = MDM_LVM_COPY_SAME;
	c[best].state = MDM_LVM_COPY_USED;
	e = mdm_lvm_parse(c[best].text, c[best].len, a, &root, &line);
	return e ? e : mdm_lvm_vg_import(root, a, vg, msg, msglen);
}
