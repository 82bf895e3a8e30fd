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
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "minidm-lvm.h"
#include "../internal.h"
#include "words.h"

/* Word i is bit i of the MDM_LVM_* status bits. */
static const char words[] MDM_ALIGN_AS(char) =
	"READ WRITE VISIBLE RESIZEABLE EXPORTED CLUSTERED SHARED PVMOVE ALLOCATABLE "
	"MISSING FIXED_MINOR LOCKED NOTSYNCED REBUILD WRITEMOSTLY RESHAPE "
	"RESHAPE_DATA_OFFSET RESHAPE_DELTA_DISKS_PLUS RESHAPE_DELTA_DISKS_MINUS "
	"REMOVE_AFTER_RESHAPE METADATA_FORMAT CROP_METADATA CACHE_USES_CACHEVOL "
	"WRITE_LOCKED NOAUTOACTIVATE ACTIVATION_SKIP ERROR_WHEN_FULL CACHE_VOL PARTIAL";

#define SEGTYPE_WORDS 0x007f8000u               /* bits 15-22 */
/* which words each object takes in "status" and in "flags" */
static const uint32_t status_ok[3] = { 0x100000fbu, 0x00000310u, 0x08007c87u | SEGTYPE_WORDS };
static const uint32_t flags_ok[3] = { 0x01800000u, 0x00000200u, 0x0f800000u };
enum { VG, PV, LV };

/* the bit of word [b, b + n) within mask, 0 if none (not inlined: its
 * two copies cost 22 bytes more) */
__attribute__((noinline)) static uint32_t word_bit(const char *b, size_t n, uint32_t mask)
{
	int i = mdm_lvm_word(words, b, n);

	return i < 0 ? 0 : mask & (1u << i);
}

/* status (required, strict) and flags (lenient) of an object; the word
 * refused, or NULL */
static const char *status_of(const struct mdm_lvm_node *sec, int kind, uint32_t *st)
{
	*st = 0;
	for (int f = 0; f < 2; f++) {
		const struct mdm_lvm_node *n = mdm_lvm_get(sec, f ? "flags" : "status", 0), *v;

		if (!n && !f)
			return "no status";
		for (v = n && n->type == MDM_LVM_ARRAY ? n->child : n; v; v = v->next) {
			uint32_t b;

			if (v->type != MDM_LVM_STR)
				return "a status word that is not a string";
			b = word_bit(v->str, strlen(v->str), (f ? flags_ok : status_ok)[kind]);
			if (!b && !f)
				return v->str;
			*st |= b;
		}
	}
	if (*st & MDM_LVM_WRITE_LOCKED)
		*st = (*st & ~(uint32_t)MDM_LVM_WRITE_LOCKED) | MDM_LVM_WRITE;
	return NULL;
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
	for (int i = 0; i < MDM_LVM_ID_LEN; i++) {
		*out++ = id[i];
		if (i % 4 == 1 && i > 1 && i < 26)
			*out++ = '-';
	}
	*out = 0;
}

/* id and status of an object: what is bad ("" and *word: the status
 * word refused), or NULL */
static const char *head_of(const struct mdm_lvm_node *sec, int kind, char *id, uint32_t *st,
                           const char **word)
{
	const char *s;

	*word = "";
	if (mdm_lvm_get_str(sec, "id", &s) || mdm_lvm_id_parse(s, id))
		return "bad or no id";
	return (*word = status_of(sec, kind, st)) ? "status: " : (*word = "", NULL);
}

int mdm_lvm_refuse(const struct mdm_lvm_why *w, const struct mdm_lvm_lv *lv, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(w->msg, w->len, lv ? "LV %s/%s: " : "VG %s: ", w->vg->name,
	                 lv ? lv->name : NULL);

	va_start(ap, fmt);
	if ((size_t)n < w->len)         /* not truncated already */
		vsnprintf(w->msg + n, w->len - (size_t)n, fmt, ap);
	va_end(ap);
	return w->err;
}

/* "LV VG/LV: " (lv NULL: "VG VG: ") and the rest; -EINVAL */
#define FAIL(lv, ...) mdm_lvm_refuse(w, lv, __VA_ARGS__)

/* the sections of sec into a new array of elem-byte items (n of them, at
 * most max: else "more than MAX WHAT" when what is given); -E2BIG, -ENOSPC */
static int sections(const struct mdm_lvm_node *sec, struct mdm_lvm_arena *a, size_t elem,
                    uint32_t max, void **arr, uint32_t *n, const char *what,
                    const struct mdm_lvm_why *w)
{
	const struct mdm_lvm_node *c;

	*n = 0;
	for (c = sec ? sec->child : NULL; c; c = c->next)
		*n += c->type == MDM_LVM_SECTION;
	if (*n > max) {
		if (what)
			FAIL(NULL, "more than %u %s", max, what);
		return -E2BIG;
	}
	return *n && !(*arr = mdm_lvm_alloc(a, *n * elem)) ? -ENOSPC : 0;
}

/* the next section from *c on */
__attribute__((always_inline))
static inline const struct mdm_lvm_node *next_sec(const struct mdm_lvm_node **c)
{
	const struct mdm_lvm_node *s = *c;

	while (s->type != MDM_LVM_SECTION)
		s = s->next;
	*c = s->next;
	return s;
}

static int import_pvs(const struct mdm_lvm_node *pvs, struct mdm_lvm_arena *a,
                      struct mdm_lvm_vg *vg, const struct mdm_lvm_why *w)
{
	const struct mdm_lvm_node *c = pvs ? pvs->child : NULL;
	int e = sections(pvs, a, sizeof(*vg->pv), MDM_LVM_MAX_PVS, (void **)&vg->pv, &vg->npv,
	                 "PVs", w);

	if (e)
		return e;
	for (uint32_t i = 0; i < vg->npv; i++) {
		struct mdm_lvm_pv *pv = &vg->pv[i];
		const struct mdm_lvm_node *n = next_sec(&c);
		const char *word, *bad = head_of(n, PV, pv->id, &pv->status, &word);

		pv->name = n->key;
		mdm_lvm_get_str(n, "device", &pv->device);
		if (!bad && (mdm_lvm_get_u64(n, "dev_size", &pv->dev_size) == -EINVAL ||
		             mdm_lvm_get_u64(n, "pe_start", &pv->pe_start) ||
		             mdm_lvm_get_u64(n, "pe_count", &pv->pe_count) || pv->pe_count > UINT32_MAX))
			bad = "bad dev_size, pe_start or pe_count";
		if (bad)
			return FAIL(NULL, "%s: %s%s", n->key, bad, word);
	}
	return 0;
}

/* the index of the object called name in an array of structs that start
 * with their name, or -1 (MDM_NOIPA: gcc's clone of it with an argument
 * made constant costs 40 bytes more) */
MDM_NOIPA static int32_t find(const void *arr, size_t elem, uint32_t n, const char *name)
{
	for (uint32_t i = 0; i < n; i++)
		if (!strcmp(*(const char *const *)((const char *)arr + i * elem), name))
			return (int32_t)i;
	return -1;
}

/* the segment type: its base name and +FLAG words */
static void seg_type(struct mdm_lvm_seg *s)
{
	static const unsigned char type_of[] MDM_ALIGN_AS(char) = {
		MDM_LVM_SEG_STRIPED, MDM_LVM_SEG_STRIPED, MDM_LVM_SEG_ERROR, MDM_LVM_SEG_ZERO,
		MDM_LVM_SEG_THIN_POOL, MDM_LVM_SEG_THIN, MDM_LVM_SEG_CACHE_POOL,
		MDM_LVM_SEG_CACHE, MDM_LVM_SEG_WRITECACHE, MDM_LVM_SEG_SNAPSHOT,
		MDM_LVM_SEG_UNSUPPORTED, MDM_LVM_SEG_UNSUPPORTED,
	};
	const char *t = s->type_name, *plus = t;
	size_t n = strcspn(t, "+");
	int i = mdm_lvm_word("striped linear error zero thin-pool thin cache-pool cache writecache "
	                     "snapshot mirror integrity", t, n);

	s->type = i >= 0 ? type_of[i] : !strncmp(t, "raid", 4) || !strncmp(t, "vdo", 3) ?
	          MDM_LVM_SEG_UNSUPPORTED : MDM_LVM_SEG_UNKNOWN;
	while (*(plus += n)) {
		uint32_t b;

		n = strcspn(++plus, "+");
		b = word_bit(plus, n, SEGTYPE_WORDS);

		if (!b)
			s->type = MDM_LVM_SEG_UNKNOWN;
		s->type_flags |= b;
	}
}

/* stripes = [ "pvN" or "LV", extent, ... ] */
static int stripes(const struct mdm_lvm_vg *vg, const struct mdm_lvm_lv *lv,
                   struct mdm_lvm_seg *s, struct mdm_lvm_arena *a, const struct mdm_lvm_why *w)
{
	const struct mdm_lvm_node *arr = mdm_lvm_get(s->sec, "stripes", MDM_LVM_ARRAY), *v;
	uint64_t n = 0, size = 0, len;

	if (mdm_lvm_get_u64(s->sec, "stripe_count", &n) || !n || n > MDM_LVM_MAX_STRIPES ||
	    s->count % n || (n > 1 && (mdm_lvm_get_u64(s->sec, "stripe_size", &size) ||
	                               !size || size > UINT32_MAX)) || !arr)
		return FAIL(lv, "bad stripe_count, stripe_size or stripes");
	s->nstripes = (uint32_t)n;
	s->stripe_size = (uint32_t)size;
	len = s->count / n;
	if (!(s->stripe = mdm_lvm_alloc(a, n * sizeof(*s->stripe))))
		return -ENOSPC;
	v = arr->child;
	for (uint32_t i = 0; i < n; i++, v = v->next->next) {
		struct mdm_lvm_stripe *st = &s->stripe[i];

		if (!v || v->type != MDM_LVM_STR || !v->next || v->next->type != MDM_LVM_INT ||
		    v->next->num < 0)
			return FAIL(lv, "stripes: want %u name, extent pairs", s->nstripes);
		st->start = (uint64_t)v->next->num;
		st->pv = find(vg->pv, sizeof(*vg->pv), vg->npv, v->str);
		st->lv = st->pv < 0 ? find(vg->lv, sizeof(*vg->lv), vg->nlv, v->str) : -1;
		if (st->pv < 0 && st->lv < 0)
			return FAIL(lv, "no PV or LV %s", v->str);
		if (st->pv >= 0 && (st->start > vg->pv[st->pv].pe_count ||
		                    len > vg->pv[st->pv].pe_count - st->start))
			return FAIL(lv, "extents %llu+%llu past the end of %s",
			            (unsigned long long)st->start, (unsigned long long)len, v->str);
	}
	return v ? FAIL(lv, "stripes: more than %u areas", s->nstripes) : 0;
}

/* the keys of the LVs a segment refers to, three per type from thin-pool
 * on (see minidm-lvm.h), "" for none */
static const char ref_keys[] MDM_ALIGN_AS(char) =
	"metadata\0pool\0\0"                          /* thin-pool */
	"thin_pool\0origin\0external_origin\0"         /* thin */
	"metadata\0data\0\0"                          /* cache-pool */
	"cache_pool\0origin\0\0"                      /* cache */
	"writecache\0origin\0\0"                      /* writecache */
	"origin\0cow_store\0";                        /* snapshot */

/* what a segment refers to: its stripes' PVs and LVs, or the LVs of its
 * type's keys */
static int link_seg(const struct mdm_lvm_vg *vg, const struct mdm_lvm_lv *lv,
                    struct mdm_lvm_seg *s, struct mdm_lvm_arena *a, const struct mdm_lvm_why *w)
{
	const char *k = ref_keys, *name;

	if (s->type == MDM_LVM_SEG_STRIPED)
		return stripes(vg, lv, s, a, w);
	if (s->type < MDM_LVM_SEG_THIN_POOL)
		return 0;
	k = mdm_word_nth(k, (unsigned)(s->type - MDM_LVM_SEG_THIN_POOL) * 3);
	for (int i = 0; i < 3 && *k; i++, k += strlen(k) + 1) {
		int e = mdm_lvm_get_str(s->sec, k, &name);

		if (e == -ENOENT && i > 0 && s->type == MDM_LVM_SEG_THIN)
			continue;
		if (e || (s->ref[i] = find(vg->lv, sizeof(*vg->lv), vg->nlv, name)) < 0)
			return FAIL(lv, "%s: no LV '%s'", k, e ? "" : name);
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

static void swap(struct mdm_lvm_seg *a, struct mdm_lvm_seg *b)
{
	struct mdm_lvm_seg t = *a;

	*a = *b;
	*b = t;
}

static void sift(struct mdm_lvm_seg *s, uint32_t i, uint32_t n)
{
	for (uint32_t c; (c = 2 * i + 1) < n; i = c) {
		c += c + 1 < n && before(&s[c], &s[c + 1]);
		if (!before(&s[i], &s[c]))
			break;
		swap(&s[i], &s[c]);
	}
}

/* heapsort: small, and n log n whatever the order (qsort is 2 KiB in musl) */
static void sort_segs(struct mdm_lvm_seg *s, uint32_t n)
{
	for (uint32_t k = n / 2 + n; k-- > 0; ) {
		if (k >= n) {
			sift(s, k - n, n);
		} else {
			swap(&s[0], &s[k]);
			sift(s, 0, k);
		}
	}
}

static const struct mdm_lvm_node *tags(const struct mdm_lvm_seg *s)
{
	const struct mdm_lvm_node *t = mdm_lvm_get(s->sec, "tags", MDM_LVM_ARRAY);

	return t ? t->child : NULL;
}

/* b continues a on the same PVs with the same tags (striped.c
 * _striped_segments_compatible) */
static bool continues(const struct mdm_lvm_seg *a, const struct mdm_lvm_seg *b)
{
	const struct mdm_lvm_node *x, *y;

	if (a->type != MDM_LVM_SEG_STRIPED || b->type != MDM_LVM_SEG_STRIPED ||
	    a->nstripes != b->nstripes || a->stripe_size != b->stripe_size)
		return false;
	for (uint32_t i = 0; i < a->nstripes; i++)
		if (a->stripe[i].pv < 0 || a->stripe[i].pv != b->stripe[i].pv ||
		    a->stripe[i].start + a->count / a->nstripes != b->stripe[i].start)
			return false;
	for (x = tags(a), y = tags(b); x && y; x = x->next, y = y->next)
		if (x->type != MDM_LVM_STR || y->type != MDM_LVM_STR || strcmp(x->str, y->str))
			return false;
	return !x && !y;
}

/* an LV's segments: read, linked, sorted, checked to tile the LV, merged
 * (not for pvmove's locked LVs) */
static int link_lv(const struct mdm_lvm_vg *vg, struct mdm_lvm_lv *lv, struct mdm_lvm_arena *a,
                   const struct mdm_lvm_why *w)
{
	uint32_t j = 0;
	int e;

	for (uint32_t i = 0; i < lv->nsegs; i++)
		if ((e = link_seg(vg, lv, &lv->seg[i], a, w)))
			return e;
	sort_segs(lv->seg, lv->nsegs);
	for (uint32_t i = 0; i < lv->nsegs; i++) {
		if (lv->seg[i].start != lv->extents)
			return FAIL(lv, "segments leave a gap or overlap at extent %llu",
			            (unsigned long long)lv->extents);
		lv->extents += lv->seg[i].count;
		if (j && !(lv->status & (MDM_LVM_LOCKED | MDM_LVM_PVMOVE)) &&
		    continues(&lv->seg[j - 1], &lv->seg[i]))
			lv->seg[j - 1].count += lv->seg[i].count;
		else
			lv->seg[j++] = lv->seg[i];
	}
	lv->nsegs = j;
	return lv->extents > UINT32_MAX ? FAIL(lv, "too large") : 0;
}

static int read_lv(const struct mdm_lvm_vg *vg, struct mdm_lvm_lv *lv, struct mdm_lvm_arena *a,
                   const struct mdm_lvm_why *w)
{
	const struct mdm_lvm_node *c = lv->sec->child;
	const char *word, *bad = head_of(lv->sec, LV, lv->id, &lv->status, &word);
	uint64_t count;
	int e;

	if (bad)
		return FAIL(lv, "%s%s", bad, word);
	e = sections(lv->sec, a, sizeof(*lv->seg), MDM_LVM_MAX_SEGS, (void **)&lv->seg, &lv->nsegs,
	             NULL, w);
	if (e == -ENOSPC)
		return e;
	if (e || mdm_lvm_get_u64(lv->sec, "segment_count", &count) || count != lv->nsegs || !count)
		return FAIL(lv, "segment_count does not match its segments");
	for (uint32_t i = 0; i < lv->nsegs; i++) {
		struct mdm_lvm_seg *s = &lv->seg[i];
		const struct mdm_lvm_node *sn = next_sec(&c);

		s->sec = sn;
		s->ref[0] = s->ref[1] = s->ref[2] = -1;
		if (mdm_lvm_get_u64(sn, "start_extent", &s->start) ||
		    mdm_lvm_get_u64(sn, "extent_count", &s->count) || !s->count ||
		    s->count > UINT32_MAX || s->start > UINT32_MAX ||
		    mdm_lvm_get_str(sn, "type", &s->type_name))
			return FAIL(lv, "%s: bad start_extent, extent_count or type", sn->key);
		seg_type(s);
	}
	return 0;
}

static int import_lvs(const struct mdm_lvm_node *lvs, struct mdm_lvm_arena *a,
                      struct mdm_lvm_vg *vg, const struct mdm_lvm_why *w)
{
	const struct mdm_lvm_node *c = lvs ? lvs->child : NULL;
	int e = sections(lvs, a, sizeof(*vg->lv), MDM_LVM_MAX_LVS, (void **)&vg->lv, &vg->nlv,
	                 "LVs", w);

	if (e)
		return e;
	for (uint32_t i = 0; i < vg->nlv; i++) {
		vg->lv[i].sec = next_sec(&c);
		vg->lv[i].name = vg->lv[i].sec->key;
		if ((e = read_lv(vg, &vg->lv[i], a, w)))
			return e;
	}
	for (uint32_t i = 0; i < vg->nlv; i++)
		if ((e = link_lv(vg, &vg->lv[i], a, w)))
			return e;
	return 0;
}

/* name, id, seqno (enough to compare copies) of the VG section of a text:
 * its first section; contents and version checked */
static int vg_head(const struct mdm_lvm_node *root, struct mdm_lvm_vg *vg,
                   const struct mdm_lvm_why *w)
{
	const struct mdm_lvm_node *s = root->child;
	const char *contents, *id;
	uint64_t version;

	memset(vg, 0, sizeof(*vg));
	while (s && s->type != MDM_LVM_SECTION)
		s = s->next;
	if (!s || mdm_lvm_get_str(root, "contents", &contents) ||
	    strcmp(contents, "Text Format Volume Group") ||
	    mdm_lvm_get_u64(root, "version", &version) || version != 1)
		return snprintf(w->msg, w->len, "not a VG's metadata (contents, version 1 and a "
		                "VG section)"), -EINVAL;
	vg->sec = s;
	vg->name = s->key;
	if (mdm_lvm_get_str(s, "id", &id) || mdm_lvm_id_parse(id, vg->id) ||
	    mdm_lvm_get_u64(s, "seqno", &vg->seqno))
		return FAIL(NULL, "bad or no id or seqno");
	return 0;
}

/* the VG section's values, PVs and LVs (not inlined: 21 bytes larger in
 * mdm_lvm_choose) */
__attribute__((noinline)) static int import(const struct mdm_lvm_node *root,
                                            struct mdm_lvm_arena *a, struct mdm_lvm_vg *vg,
                                            const struct mdm_lvm_why *w)
{
	const struct mdm_lvm_node *s;
	const char *bad;
	int e = vg_head(root, vg, w);

	if (e)
		return e;
	s = vg->sec;
	if ((bad = status_of(s, VG, &vg->status)))
		return FAIL(NULL, "status: %s", bad);
	if (mdm_lvm_get_u64(s, "extent_size", &vg->extent_size) || !vg->extent_size ||
	    vg->extent_size > UINT32_MAX)
		return FAIL(NULL, "bad extent_size");
	mdm_lvm_get_str(s, "system_id", &vg->system_id);
	mdm_lvm_get_str(s, "lock_type", &vg->lock_type);
	e = import_pvs(mdm_lvm_get(s, "physical_volumes", MDM_LVM_SECTION), a, vg, w);
	return e ? e : import_lvs(mdm_lvm_get(s, "logical_volumes", MDM_LVM_SECTION), a, vg, w);
}

int mdm_lvm_vg_import(const struct mdm_lvm_node *root, struct mdm_lvm_arena *a,
                      struct mdm_lvm_vg *vg, char *msg, size_t msglen)
{
	return import(root, a, vg, &(struct mdm_lvm_why){ msg, msglen, vg, -EINVAL });
}

int mdm_lvm_choose(struct mdm_lvm_copy *c, size_t n, const char *vgname,
                   struct mdm_lvm_arena *a, struct mdm_lvm_vg *vg, char *msg, size_t msglen)
{
	char id[MDM_LVM_ID_LEN + 1] = "";
	const struct mdm_lvm_node *root = NULL, *use = NULL;
	size_t best = n;
	unsigned line;
	int e;

	for (size_t i = 0; i < n; i++) {
		/* parse each copy to learn its VG's name, id and seqno; the
		 * best's tree is kept (the others' arena space given back) */
		const struct mdm_lvm_why why = { c[i].why, sizeof(c[i].why), vg, -EINVAL };
		size_t mark = a->used;

		c[i].state = MDM_LVM_COPY_BAD;
		if (c[i].err)
			snprintf(c[i].why, sizeof(c[i].why), "metadata %s", c[i].err == -EBADMSG ?
			         "checksum mismatch" : "not readable");
		else if (vgname && mdm_lvm_other_first(c[i].text, c[i].len, vgname))
			c[i].state = MDM_LVM_COPY_OTHER_VG;     /* another VG: no parse */
		else if ((e = mdm_lvm_parse(c[i].text, c[i].len, a, &root, &line)))
			snprintf(c[i].why, sizeof(c[i].why), "%s at line %u", e == -ENOSPC ?
			         "out of memory" : "syntax error", line);
		else if (!vg_head(root, vg, &why))
			c[i].state = MDM_LVM_COPY_OLDER, c[i].seqno = vg->seqno;
		if (c[i].state == MDM_LVM_COPY_OLDER) {
			if (!*id && (!vgname || !strcmp(vgname, vg->name)))
				memcpy(id, vg->id, sizeof(id));
			if (strcmp(id, vg->id)) {
				c[i].state = MDM_LVM_COPY_OTHER_VG;
			} else if (best == n || c[i].seqno > c[best].seqno) {
				best = i;
				use = root;
				continue;
			}
		}
		a->used = mark;
	}
	if (best == n)
		return snprintf(msg, msglen, "VG %s: no good metadata copy", vgname ? vgname : ""),
		       -ENOENT;
	for (size_t i = 0; i < n; i++)
		if (c[i].state == MDM_LVM_COPY_OLDER && c[i].seqno == c[best].seqno)
			c[i].state = MDM_LVM_COPY_SAME;
	c[best].state = MDM_LVM_COPY_USED;
	return mdm_lvm_vg_import(use, a, vg, msg, msglen);
}
