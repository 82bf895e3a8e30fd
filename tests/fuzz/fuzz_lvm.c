/* fuzz_lvm.c - the LVM metadata reader (include/minidm-lvm.h).
 *
 * Byte 0 picks what the rest is:
 *   even: a metadata text.  It is parsed; the tree written back out as
 *         text parses to the same tree; a VG imported from it is planned
 *         (the whole VG, then each LV alone, every PV present and large),
 *         and every planned device has a dm name and uuid of legal length,
 *         targets that tile it, and @N references only to devices before
 *         it, which mdm_lvm_expand() resolves.
 *   odd:  the first bytes of a device: label, then the metadata area
 *         header at the area the label names (if the input reaches it),
 *         and the text read through a reader bounded by the input.
 *
 * Seeds (tests/fuzz/corpus/lvm/): text-vda and text-vdd, the committed
 * texts of tests/unit/data/lvm/vda.ext and vdd.ext; text-grammar, the unit
 * test's grammar sample; device-vdd, vdd.ext laid out as the disk (label
 * and its whole wrapped 60 KiB metadata area).
 */
#include <errno.h>
#include "fuzz.h"
#include "minidm-lvm.h"

static unsigned char block[1 << 20];

struct out { char *b; size_t len, cap; };

static void emit(struct out *o, const char *s, size_t n)
{
	FUZZ_CHECK(o->len + n < o->cap);
	memcpy(o->b + o->len, s, n);
	o->len += n;
	o->b[o->len] = 0;
}

static void emits(struct out *o, const char *s)
{
	emit(o, s, strlen(s));
}

static void value(struct out *o, const struct mdm_lvm_node *n)
{
	char num[32];

	if (n->type == MDM_LVM_INT) {
		snprintf(num, sizeof(num), "%lld", (long long)n->num);
		emits(o, num);
	} else if (n->type == MDM_LVM_FLOAT) {
		emits(o, n->str);
	} else {
		emits(o, "\"");
		for (const char *s = n->str; *s; s++) {
			if (*s == '"' || *s == '\\')
				emits(o, "\\");
			emit(o, s, 1);
		}
		emits(o, "\"");
	}
}

static void write_items(struct out *o, const struct mdm_lvm_node *sec)
{
	for (const struct mdm_lvm_node *n = sec->child; n; n = n->next) {
		emits(o, n->key);
		if (n->type == MDM_LVM_SECTION) {
			emits(o, " {\n");
			write_items(o, n);
			emits(o, "}\n");
			continue;
		}
		emits(o, " = ");
		if (n->type == MDM_LVM_ARRAY) {
			emits(o, "[");
			for (const struct mdm_lvm_node *v = n->child; v; v = v->next) {
				value(o, v);
				emits(o, v->next ? ", " : "");
			}
			emits(o, "]");
		} else {
			value(o, n);
		}
		emits(o, "\n");
	}
}

static bool same(const struct mdm_lvm_node *a, const struct mdm_lvm_node *b)
{
	for (; a && b; a = a->next, b = b->next) {
		if (a->type != b->type || !a->key != !b->key || (a->key && strcmp(a->key, b->key)))
			return false;
		if (a->type == MDM_LVM_INT && a->num != b->num)
			return false;
		if ((a->type == MDM_LVM_STR || a->type == MDM_LVM_FLOAT) && strcmp(a->str, b->str))
			return false;
		if (!same(a->child, b->child))
			return false;
	}
	return !a && !b;
}

static void check_plan(const struct mdm_lvm_plan *p)
{
	static const char *names[MDM_LVM_MAX_DEVS];
	static char params[1 << 16];

	for (uint32_t i = 0; i < p->n; i++) {
		const struct mdm_lvm_dev *d = &p->dev[i];
		uint64_t at = 0;

		names[i] = d->name;
		FUZZ_CHECK(*d->name && strlen(d->name) < MDM_LVM_NAME_LEN);
		FUZZ_CHECK(!strncmp(d->uuid, "LVM-", 4) && strlen(d->uuid) >= 4 + 2 * MDM_LVM_ID_LEN);
		FUZZ_CHECK(strlen(d->uuid) < MDM_LVM_UUID_LEN);
		FUZZ_CHECK(d->ntargets > 0);
		for (uint32_t k = 0; k < d->ntargets; k++) {
			const char *s = d->t[k].params;

			FUZZ_CHECK(d->t[k].start == at && d->t[k].len > 0);
			at += d->t[k].len;
			for (; (s = strchr(s, '@')); s++)
				FUZZ_CHECK(atoi(s + 1) < (int)i);
			FUZZ_CHECK(mdm_lvm_expand(d->t[k].params, names, i, params, sizeof(params)) == 0);
		}
		for (uint32_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(p->dev[j].uuid, d->uuid) && strcmp(p->dev[j].name, d->name));
	}
}

static void plan_all(const struct mdm_lvm_vg *vg, struct mdm_lvm_arena *a)
{
	static struct mdm_lvm_pvdev dev[MDM_LVM_MAX_PVS];
	struct mdm_lvm_select sel = { .pvdev = dev, .system_id = vg->system_id };
	struct mdm_lvm_plan p;
	char msg[256];
	size_t mark = a->used;

	for (uint32_t i = 0; i < vg->npv; i++)
		dev[i] = (struct mdm_lvm_pvdev){ true, 8, i, UINT64_MAX / 2 };
	if (!mdm_lvm_plan(vg, &sel, a, &p, msg, sizeof(msg)))
		check_plan(&p);
	for (uint32_t i = 0; i < vg->nlv && i < 64; i++) {
		a->used = mark;
		sel.lv = vg->lv[i].name;
		sel.ignore_skip = i & 1;
		if (!mdm_lvm_plan(vg, &sel, a, &p, msg, sizeof(msg))) {
			check_plan(&p);
			/* a component on its own: read-only, selected, last */
			for (uint32_t k = 0; k < p.n; k++)
				FUZZ_CHECK(!p.dev[k].component || (p.dev[k].ro && p.dev[k].selected &&
				           k == p.n - 1 && p.dev[k].holder < (int32_t)vg->nlv));
		} else {
			FUZZ_CHECK(strlen(msg) < sizeof(msg));
		}
	}
}

static void text(const uint8_t *data, size_t size)
{
	struct mdm_lvm_arena a = { block, sizeof(block), 0 };
	const struct mdm_lvm_node *r, *r2;
	struct mdm_lvm_vg vg;
	struct out o;
	unsigned line;
	char msg[256];
	char *s = fuzz_str(data, size);

	(void)mdm_lvm_other_first(s, size, "vg");
	if (mdm_lvm_parse(s, size, &a, &r, &line)) {
		free(s);
		return;
	}
	/* choose skips a copy that begins with another VG's section without
	 * a parse: never the one whose first section the parse finds */
	if (r->child && r->child->type == MDM_LVM_SECTION)
		FUZZ_CHECK(!mdm_lvm_other_first(s, size, r->child->key));
	o.cap = 4 * size + 64;
	o.b = malloc(o.cap);
	o.len = 0;
	FUZZ_CHECK(o.b);
	write_items(&o, r);
	FUZZ_CHECK(mdm_lvm_parse(o.b, o.len, &a, &r2, &line) == 0);
	FUZZ_CHECK(same(r->child, r2->child));
	if (!mdm_lvm_vg_import(r, &a, &vg, msg, sizeof(msg))) {
		FUZZ_CHECK(strlen(vg.id) == MDM_LVM_ID_LEN);
		for (uint32_t i = 0; i < vg.nlv; i++) {
			uint64_t sum = 0;

			for (uint32_t k = 0; k < vg.lv[i].nsegs; k++) {
				FUZZ_CHECK(vg.lv[i].seg[k].start == sum);
				sum += vg.lv[i].seg[k].count;
			}
			FUZZ_CHECK(sum == vg.lv[i].extents);
		}
		plan_all(&vg, &a);
	}
	free(o.b);
	free(s);
}

struct mem { const uint8_t *b; size_t len; };

static int mem_read(void *arg, uint64_t off, void *buf, size_t len)
{
	const struct mem *m = arg;

	if (off > m->len || len > m->len - off)
		return -EIO;
	memcpy(buf, m->b + off, len);
	return 0;
}

static void device(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct mdm_lvm_label l;
	struct mdm_lvm_mda mda;
	unsigned char *head = calloc(1, MDM_LVM_LABEL_SCAN);
	char *t;

	FUZZ_CHECK(head);
	memcpy(head, data, size < MDM_LVM_LABEL_SCAN ? size : MDM_LVM_LABEL_SCAN);
	if (mdm_lvm_label_read(head, MDM_LVM_LABEL_SCAN, &l) || !l.n_mda ||
	    l.mda[0].offset > size || size - l.mda[0].offset < MDM_LVM_MDA_HDR ||
	    mdm_lvm_mda_read(data + l.mda[0].offset, l.mda[0].offset, &mda)) {
		free(head);
		return;
	}
	FUZZ_CHECK(strlen(l.pv_id) == MDM_LVM_ID_LEN && l.n_mda <= MDM_LVM_MAX_AREAS);
	FUZZ_CHECK(mda.empty || (mda.offset < mda.size && mda.len <= mda.size - MDM_LVM_MDA_HDR));
	if (!mda.empty && mda.len < (1u << 20)) {
		t = malloc(mda.len + 1);
		FUZZ_CHECK(t);
		if (!mdm_lvm_mda_text(&mda, mem_read, &m, t, mda.len + 1))
			FUZZ_CHECK(t[mda.len] == 0);
		free(t);
	}
	free(head);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		device(data + 1, size - 1);
	else
		text(data + 1, size - 1);
	return 0;
}
