/* test_lvm.c - the LVM metadata reader and planner against what Debian's
 * lvm 2.03.16 wrote and activated in a guest (tests/unit/data/lvm/, made
 * by tests/lvm-capture.sh), plus hand-made bad inputs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minidm-lvm.h"
#include "t.h"

#define DATA "tests/unit/data/lvm/"

static unsigned char block[4 << 20];
static struct mdm_lvm_arena arena;

static void arena_reset(void)
{
	arena.base = block;
	arena.size = sizeof(block);
	arena.used = 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	if (fread(b, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	b[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* ---- a disk from an extents file: { u64 off, u64 len, bytes }* -------- */

struct disk { unsigned char *b; size_t len; };

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* read from the sparse image: zeros where nothing was kept */
static int disk_read(void *arg, uint64_t off, void *buf, size_t len)
{
	const struct disk *d = arg;
	size_t p = 0;

	memset(buf, 0, len);
	while (p + 16 <= d->len) {
		uint64_t o = rd64(d->b + p), n = rd64(d->b + p + 8);

		for (uint64_t i = 0; i < n; i++)
			if (o + i >= off && o + i < off + len)
				((unsigned char *)buf)[o + i - off] = d->b[p + 16 + i];
		p += 16 + n;
	}
	return 0;
}

static struct disk disk_open(const char *name)
{
	char path[128];
	struct disk d;

	snprintf(path, sizeof(path), DATA "%s.ext", name);
	d.b = (unsigned char *)slurp(path, &d.len);
	return d;
}

/* the committed text of a PV's first metadata area, in a new allocation */
static int pv_text(const struct disk *d, struct mdm_lvm_label *l, struct mdm_lvm_mda *m,
                   char **text)
{
	unsigned char head[4096], hdr[512];
	int e;

	*text = NULL;
	disk_read((void *)d, 0, head, sizeof(head));
	if ((e = mdm_lvm_label_read(head, sizeof(head), l)))
		return e;
	if (!l->n_mda)
		return -ENOENT;
	disk_read((void *)d, l->mda[0].offset, hdr, sizeof(hdr));
	if ((e = mdm_lvm_mda_read(hdr, l->mda[0].offset, m)))
		return e;
	*text = malloc(m->len + 1);
	return mdm_lvm_mda_text(m, disk_read, (void *)d, *text, m->len + 1);
}

/* ---- the capture: "TAG: line" ----------------------------------------- */

static char *capture;

/* the n-th line of tag (without "TAG: "), or NULL */
static const char *cap_line(const char *tag, unsigned n, char *buf, size_t len)
{
	size_t tl = strlen(tag);

	for (const char *p = capture; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l > tl + 1 && !memcmp(p, tag, tl) && p[tl] == ':' && p[tl + 1] == ' ' && !n--) {
			l -= tl + 2;
			l = l < len - 1 ? l : len - 1;
			memcpy(buf, p + tl + 2, l);
			buf[l] = 0;
			while (l && buf[l - 1] == ' ')
				buf[--l] = 0;
			return buf;
		}
	}
	return NULL;
}

/* the name of the dm device MAJ:MIN in the info lines of tag ("" if none) */
static void dm_name_of(const char *tag, const char *mm, char *out)
{
	char line[512], name[128], uuid[160], attr[16];
	unsigned maj, min, i = 0, want_maj, want_min;

	*out = 0;
	if (sscanf(mm, "%u:%u", &want_maj, &want_min) != 2)
		return;
	while (cap_line(tag, i++, line, sizeof(line)))
		if (sscanf(line, "%127s %159s %15s %u %u", name, uuid, attr, &maj, &min) == 5 &&
		    maj == want_maj && min == want_min)
			strcpy(out, name);
}

/* lvm's table line of device name under tag, with dm devices as names */
static int lvm_table(const char *tag, const char *name, unsigned k, char *out, size_t len)
{
	char line[1024], *w, *save;
	size_t nl = strlen(name);
	unsigned i = 0;

	while (cap_line(tag, i++, line, sizeof(line))) {
		if (strncmp(line, name, nl) || strncmp(line + nl, ": ", 2) || k--)
			continue;
		*out = 0;
		for (w = strtok_r(line + nl + 2, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			char dm[128];

			dm_name_of(tag, w, dm);
			snprintf(out + strlen(out), len - strlen(out), "%s%s", *out ? " " : "",
			         *dm && strncmp(w, "253:", 4) ? dm : w);
		}
		return 0;
	}
	return -ENOENT;
}

/* lvm's info line for name: uuid and attr */
static int lvm_info(const char *tag, const char *name, char *uuid, char *attr)
{
	char line[512], n[128];
	unsigned i = 0;

	while (cap_line(tag, i++, line, sizeof(line)))
		if (sscanf(line, "%127s %159s %15s", n, uuid, attr) == 3 && !strcmp(n, name))
			return 0;
	return -ENOENT;
}

static unsigned lvm_count(const char *tag)
{
	char line[512], n[128], u[160], a[16];
	unsigned i = 0, c = 0;

	while (cap_line(tag, i++, line, sizeof(line)))
		c += sscanf(line, "%127s %159s %15s", n, u, a) == 3 && !strncmp(u, "LVM-", 4);
	return c;
}

/* ---- the VG "vg" as lvm left it --------------------------------------- */

static struct mdm_lvm_vg vg;
static struct mdm_lvm_pvdev pvdev[8];
static const char *const pvs[] = { "vda", "vdb", "vdc" };
static char *texts[3];

static void test_label_and_mda(void)
{
	char want[64], line[256];
	struct mdm_lvm_label l;
	struct mdm_lvm_mda m;

	for (int i = 0; i < 3; i++) {
		struct disk d = disk_open(pvs[i]);
		int e = pv_text(&d, &l, &m, &texts[i]);

		T_CHECK(d.b != NULL);
		T_EQ_U64(l.sector, 1);
		T_EQ_U64(l.dev_size, 1ull << 30);
		T_EQ_U64(l.n_data, 1);
		T_EQ_U64(l.data[0].offset, 1 << 20);
		T_EQ_U64(l.n_mda, 1);
		T_EQ_U64(l.mda[0].offset, 4096);
		T_EQ_U64(l.mda[0].size, (1 << 20) - 4096);
		T_EQ_U64(m.size, (1 << 20) - 4096);
		T_CHECK(!m.empty);
		/* the capture corrupted byte 64 of vdc's text */
		T_EQ_U64(e, i == 2 ? -EBADMSG : 0);
		/* the PV uuid as pvs printed it */
		snprintf(want, sizeof(want), "/dev/%s", pvs[i]);
		for (unsigned k = 0; cap_line("pvs", k, line, sizeof(line)); k++) {
			char dev[32], id[64], f[39];

			if (sscanf(line, "%31s %63s", dev, id) == 2 && !strcmp(dev, want)) {
				mdm_lvm_id_format(l.pv_id, f);
				T_EQ_STR(f, id);
			}
		}
		free(d.b);
	}
}

static void test_choose(void)
{
	struct mdm_lvm_copy c[3] = {
		{ .dev = "/dev/vda", .text = texts[0] }, { .dev = "/dev/vdb", .text = texts[1] },
		{ .dev = "/dev/vdc", .text = texts[2], .err = -EBADMSG },
	};
	char msg[256] = "";

	for (int i = 0; i < 3; i++)
		c[i].len = texts[i] ? strlen(texts[i]) : 0;
	arena_reset();
	T_EQ_U64(mdm_lvm_choose(c, 3, "vg", &arena, &vg, msg, sizeof(msg)), 0);
	T_EQ_STR(msg, "");
	T_EQ_U64(c[0].state, MDM_LVM_COPY_USED);
	T_EQ_U64(c[1].state, MDM_LVM_COPY_SAME);
	T_EQ_U64(c[2].state, MDM_LVM_COPY_BAD);
	T_EQ_STR(c[2].why, "metadata checksum mismatch");
	T_EQ_STR(vg.name, "vg");
	T_EQ_U64(vg.npv, 3);
	T_EQ_U64(vg.extent_size, 8192);
	T_EQ_U64(vg.status, MDM_LVM_READ | MDM_LVM_WRITE | MDM_LVM_RESIZEABLE);
	for (int i = 0; i < 3; i++) {
		char line[64];
		unsigned maj, min;

		cap_line("sysblock", (unsigned)i, line, sizeof(line));
		T_CHECK(sscanf(line + 4, "%u:%u", &maj, &min) == 2);
		pvdev[i] = (struct mdm_lvm_pvdev){ true, maj, min, 2097152 };
	}
}

/* The first section's name, as choose reads it to skip another VG's copy
 * without a parse */
static void test_other_first(void)
{
	static const char *const t[] = {
		"vg {\nid = 1\n}", "other {\n}", "# a comment\n  other\t{", "vgx {", "v {",
		"contents = \"Text\"\nother {", "other", "other = 1", "", "\"vg\" {", "other{",
	};
	static const bool want[] = { false, true, true, true, true, false, false, false, false,
	                             false, true };

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		T_EQ_U64(mdm_lvm_other_first(t[i], strlen(t[i]), "vg"), want[i]);
	T_EQ_U64(mdm_lvm_other_first("other {", 3, "vg"), false);     /* len ends the word */
	T_EQ_U64(mdm_lvm_other_first("oth\0er {", 9, "vg"), false);  /* so does a NUL */
}

/* another VG's copy first (no parse), then an older copy of vg, then the
 * newest: the newest's tree is the one imported, the older one's space
 * given back; without a VG name (lvm scan) every copy is parsed */
static void test_choose_order(void)
{
	char *older = malloc(strlen(texts[0]) + 1), *p, msg[256] = "";
	const char *other = "# not vg\nother {\nid = \"x\"\nseqno = 99\n}\n";
	struct mdm_lvm_copy c[3] = {
		{ .dev = "/dev/vdx", .text = other }, { .dev = "/dev/vdy", .text = older },
		{ .dev = "/dev/vda", .text = texts[0] },
	};

	strcpy(older, texts[0]);
	p = strstr(older, "seqno = 31");
	T_CHECK(p != NULL);
	if (!p)
		return;
	p[9] = '0';                                     /* seqno 30 */
	for (int i = 0; i < 3; i++)
		c[i].len = strlen(c[i].text);
	arena_reset();
	T_EQ_U64(mdm_lvm_choose(c, 3, "vg", &arena, &vg, msg, sizeof(msg)), 0);
	T_EQ_U64(c[0].state, MDM_LVM_COPY_OTHER_VG);
	T_EQ_U64(c[1].state, MDM_LVM_COPY_OLDER);
	T_EQ_U64(c[1].seqno, 30);
	T_EQ_U64(c[2].state, MDM_LVM_COPY_USED);
	T_EQ_U64(vg.seqno, 31);
	T_EQ_STR(vg.name, "vg");
	T_EQ_U64(vg.npv, 3);
	/* the newest first: the older one parsed after it, its space given back */
	c[0] = c[2];
	c[2] = (struct mdm_lvm_copy){ .dev = "/dev/vdy", .text = older, .len = strlen(older) };
	arena_reset();
	T_EQ_U64(mdm_lvm_choose(c, 3, "vg", &arena, &vg, msg, sizeof(msg)), 0);
	T_EQ_U64(c[0].state, MDM_LVM_COPY_USED);
	T_EQ_U64(c[2].state, MDM_LVM_COPY_OLDER);
	T_EQ_U64(vg.seqno, 31);
	/* no name: the other VG's copy is parsed (and is no VG: bad) */
	c[1] = (struct mdm_lvm_copy){ .dev = "/dev/vdx", .text = other, .len = strlen(other) };
	arena_reset();
	T_EQ_U64(mdm_lvm_choose(c, 3, NULL, &arena, &vg, msg, sizeof(msg)), 0);
	T_EQ_U64(c[0].state, MDM_LVM_COPY_USED);
	T_EQ_U64(c[1].state, MDM_LVM_COPY_BAD);
	T_EQ_U64(vg.seqno, 31);
	free(older);
	arena_reset();
	T_EQ_U64(mdm_lvm_choose((struct mdm_lvm_copy[]){ { .dev = "/dev/vda", .text = texts[0],
	         .len = strlen(texts[0]) } }, 1, "vg", &arena, &vg, msg, sizeof(msg)), 0);
}

/* plan sel, compare each device with the capture under tag */
static void compare(const char *tag, const struct mdm_lvm_select *sel)
{
	struct mdm_lvm_plan p;
	const char *names[MDM_LVM_MAX_DEVS];
	char msg[256] = "", got[1400], want[1024], uuid[160], attr[16];
	size_t mark = arena.used;
	int e = mdm_lvm_plan(&vg, sel, &arena, &p, msg, sizeof(msg));

	T_EQ_U64(e, 0);
	if (e) {
		fprintf(stderr, "  %s: %s\n", tag, msg);
		return;
	}
	for (uint32_t i = 0; i < p.n; i++)
		names[i] = p.dev[i].name;
	T_EQ_U64(p.n, lvm_count(tag));
	for (uint32_t i = 0; i < p.n; i++) {
		const struct mdm_lvm_dev *d = &p.dev[i];

		if (lvm_info(tag, d->name, uuid, attr)) {
			t_report(0, __FILE__, __LINE__, "planned device lvm did not make");
			fprintf(stderr, "  %s: %s\n", tag, d->name);
			continue;
		}
		T_EQ_STR(d->uuid, uuid);
		T_EQ_U64(d->ro, attr[3] == 'r');
		for (uint32_t k = 0; k < d->ntargets; k++) {
			char params[1024];

			T_EQ_U64(mdm_lvm_expand(d->t[k].params, names, p.n, params, sizeof(params)), 0);
			snprintf(got, sizeof(got), "%llu %llu %s %s", (unsigned long long)d->t[k].start,
			         (unsigned long long)d->t[k].len, d->t[k].type, params);
			if (lvm_table(tag, d->name, k, want, sizeof(want)))
				*want = 0;
			T_EQ_STR(got, want);
		}
		for (uint32_t j = 0; j < i; j++)        /* children first */
			T_CHECK(!strstr(p.dev[j].t[0].params, "@") ||
			        atoi(strchr(p.dev[j].t[0].params, '@') + 1) < (int)j);
	}
	arena.used = mark;
}

static void test_plans(void)
{
	static const char *const one[] = { "lin", "str", "pool", "thin1", "npool", "corig", "vorig",
		"worig", "olv", "osnap", "ro", "my-lv" };
	struct mdm_lvm_select sel = { .pvdev = pvdev };
	struct mdm_lvm_plan p;
	char tag[32], msg[256];

	compare("vgchange", &sel);
	sel.ignore_skip = true;
	compare("vgchange-K", &sel);
	sel.ignore_skip = false;
	for (size_t i = 0; i < sizeof(one) / sizeof(*one); i++) {
		sel.lv = one[i];
		snprintf(tag, sizeof(tag), "lv-%s", one[i]);
		compare(tag, &sel);
	}
	/* skipped without -K: nothing, as lvm (exit 0, no devices) */
	sel.lv = "tsnap";
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), 0);
	T_EQ_U64(p.n, 0);
	sel.ignore_skip = true;
	compare("lvK-tsnap", &sel);
	sel.lv = "skipme";
	compare("lvK-skipme", &sel);
	sel.ignore_skip = false;
	sel.lv = "thin1";
	sel.thin_threshold = 80;
	compare("lwm80", &sel);
	sel.thin_threshold = 0;
	/* a cache pool has no device (lvm: exit 0, no device) */
	sel.lv = "cpool_cpool";
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), 0);
	T_EQ_U64(p.n, lvm_count("lv-cpool_cpool"));
	/* a hidden component LV named alone: read-only, as lvm's component
	 * activation (lv-fast_cvol in the capture), its holder noted */
	sel.lv = "fast_cvol";
	compare("lv-fast_cvol", &sel);
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), 0);
	T_CHECK(p.n == 1 && p.dev[0].component && p.dev[0].selected && p.dev[0].ro);
	T_EQ_STR(vg.lv[p.dev[0].holder].name, "vorig");
	{
		static const char *const comp[][3] = { { "pool_tmeta", "tmeta", "pool" },
			{ "pool_tdata", "tdata", "pool" }, { "cpool_cpool_cdata", "cdata", "corig" },
			{ "cpool_cpool_cmeta", "cmeta", "corig" }, { "corig_corig", "real", "corig" },
			{ "worig_wcorig", "real", "worig" }, { "wfast_cvol", "cvol", "worig" } };

		for (size_t i = 0; i < sizeof(comp) / sizeof(*comp); i++) {
			size_t n;

			sel.lv = comp[i][0];
			T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), 0);
			if (p.n != 1) {
				T_EQ_U64(p.n, 1);
				continue;
			}
			n = strlen(p.dev[0].uuid);
			T_CHECK(p.dev[0].component && p.dev[0].ro && !*p.dev[0].layer);
			T_CHECK(n > strlen(comp[i][1]) && p.dev[0].uuid[n - strlen(comp[i][1]) - 1] == '-');
			T_EQ_STR(p.dev[0].uuid + n - strlen(comp[i][1]), comp[i][1]);
			T_EQ_STR(vg.lv[p.dev[0].holder].name, comp[i][2]);
			T_EQ_U64(p.dev[0].udev_flags, MDM_LVM_UDEV_TOP);
		}
	}
	/* a hidden LV that is no component stays hidden */
	sel.lv = "lvol0_pmspare";
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_EQ_STR(msg, "LV vg/lvol0_pmspare is hidden");
	sel.lv = "nosuch";
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), -ENOENT);
}

/* RESUME's event_nr >> 16 as lvm sent it (Debian's udev settings) */
static void test_udev_flags(void)
{
	struct mdm_lvm_select sel = { .pvdev = pvdev };
	struct mdm_lvm_plan p;
	char msg[256], line[256], name[128];
	unsigned long ev;
	unsigned n = 0;

	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), 0);
	for (unsigned i = 0; cap_line("udevflags", i, line, sizeof(line)); i++) {
		if (sscanf(line, "%127s %lu", name, &ev) != 2)
			continue;
		for (uint32_t k = 0; k < p.n; k++)
			if (!strcmp(p.dev[k].name, name)) {
				n++;
				if ((ev >> 16) != (p.dev[k].udev_flags | 0x40u))
					fprintf(stderr, "  %s: lvm 0x%lx, planned 0x%x\n", name, ev >> 16,
					        p.dev[k].udev_flags);
				T_EQ_U64(ev >> 16, p.dev[k].udev_flags | 0x40u);
			}
	}
	T_CHECK(n >= 20);
}

/* ---- refusals on the real VG ------------------------------------------- */

static void test_refusals(void)
{
	struct mdm_lvm_pvdev dev[3];
	struct mdm_lvm_select sel = { .pvdev = dev, .lv = "lin" };
	struct mdm_lvm_plan p;
	char msg[256], id[40];

	memcpy(dev, pvdev, sizeof(dev));
	dev[1].present = false;
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	mdm_lvm_id_format(vg.pv[1].id, id);
	T_CHECK(strstr(msg, id) && strstr(msg, "/dev/vdb") && strstr(msg, "vg/lin"));
	sel.lv = "str";
	dev[1].present = true;
	dev[1].sectors = 20000;                 /* a shrunken device */
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_CHECK(strstr(msg, "maps to sector") != NULL);
	memcpy(dev, pvdev, sizeof(dev));
	vg.pv[0].status |= MDM_LVM_MISSING;
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	vg.pv[0].status &= ~(uint32_t)MDM_LVM_MISSING;
	vg.system_id = "otherhost";
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_EQ_STR(msg, "VG vg belongs to another host (system_id)");
	sel.system_id = "otherhost";
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), 0);
	vg.system_id = NULL;
	vg.status |= MDM_LVM_EXPORTED;
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_EQ_STR(msg, "VG vg is exported");
	vg.status &= ~(uint32_t)MDM_LVM_EXPORTED;
	sel.read_only = true;
	T_EQ_U64(mdm_lvm_plan(&vg, &sel, &arena, &p, msg, sizeof(msg)), 0);
	T_CHECK(p.n == 1 && p.dev[0].ro && p.dev[0].selected);
}

/* ---- the wrapped metadata area (vdd) ----------------------------------- */

static void test_wrap(void)
{
	struct disk d = disk_open("vdd");
	struct mdm_lvm_label l;
	struct mdm_lvm_mda m;
	struct mdm_lvm_vg w;
	struct mdm_lvm_copy c = { .dev = "/dev/vdd" };
	struct mdm_lvm_select sel = { .pvdev = pvdev + 3 };
	struct mdm_lvm_plan p;
	char *text, msg[256] = "", line[256];
	unsigned long long seq = 0;
	unsigned maj, min;

	T_EQ_U64(pv_text(&d, &l, &m, &text), 0);
	T_CHECK(m.offset + m.len > m.size);     /* it does wrap */
	T_CHECK(strstr(text, "wrap-vg {") == text);
	c.text = text;
	c.len = strlen(text);
	T_EQ_U64(mdm_lvm_choose(&c, 1, NULL, &arena, &w, msg, sizeof(msg)), 0);
	T_EQ_STR(w.name, "wrap-vg");
	cap_line("sysblock", 3, line, sizeof(line));
	T_CHECK(sscanf(line + 4, "%u:%u", &maj, &min) == 2);
	pvdev[3] = (struct mdm_lvm_pvdev){ true, maj, min, 2097152 };
	T_EQ_U64(mdm_lvm_plan(&w, &sel, &arena, &p, msg, sizeof(msg)), 0);
	T_EQ_U64(p.n, lvm_count("wrap-vgchange"));
	T_EQ_STR(p.dev[0].name, "wrap--vg-a--b");
	for (uint32_t i = 0; i < p.n; i++) {
		char want[256], got[256];

		T_EQ_U64(lvm_table("wrap-vgchange", p.dev[i].name, 0, want, sizeof(want)), 0);
		snprintf(got, sizeof(got), "0 %llu linear %s", (unsigned long long)p.dev[i].t[0].len,
		         p.dev[i].t[0].params);
		T_EQ_STR(got, want);
	}
	/* a wrapped text cut short fails its CRC */
	m.len -= 10;
	T_EQ_U64(mdm_lvm_mda_text(&m, disk_read, &d, text, m.len + 11), -EBADMSG);
	T_EQ_U64(mdm_lvm_mda_text(&m, disk_read, &d, text, 10), -ENOSPC);
	(void)seq;
	free(text);
	free(d.b);
}

/* ---- hand-made bad labels and headers ------------------------------------ */

static void test_bad_label(void)
{
	struct disk d = disk_open("vda");
	unsigned char head[4096], hdr[512];
	struct mdm_lvm_label l;
	struct mdm_lvm_mda m;

	disk_read(&d, 0, head, sizeof(head));
	head[512 + 100] ^= 1;                   /* inside the CRC'd bytes */
	T_EQ_U64(mdm_lvm_label_read(head, sizeof(head), &l), -EBADMSG);
	head[512 + 100] ^= 1;
	head[512 + 8] = 2;                      /* sector_xl says 2 */
	T_EQ_U64(mdm_lvm_label_read(head, sizeof(head), &l), -EINVAL);
	head[512 + 8] = 1;
	T_EQ_U64(mdm_lvm_label_read(head, sizeof(head), &l), 0);
	T_EQ_U64(mdm_lvm_label_read(head, 1000, &l), -ENOENT);  /* sector 1 not there */
	memset(head, 0, sizeof(head));
	T_EQ_U64(mdm_lvm_label_read(head, sizeof(head), &l), -ENOENT);
	disk_read(&d, 4096, hdr, sizeof(hdr));
	T_EQ_U64(mdm_lvm_mda_read(hdr, 4096, &m), 0);
	T_EQ_U64(mdm_lvm_mda_read(hdr, 8192, &m), -EINVAL);     /* start must match */
	hdr[100] ^= 1;
	T_EQ_U64(mdm_lvm_mda_read(hdr, 4096, &m), -EBADMSG);
	free(d.b);
}

/* ---- the grammar ------------------------------------------------------- */

static void test_grammar(void)
{
	static const char text[] =
		"# comment\n"
		"a = 1 b = -5 c = 0x10 d = 010 e = 1.5 f = \"x\\\"y\\\\z\" g = 'q\\'\n"
		"h = [] i = [1 2, \"three\"] j = bare\n"
		"s { t = 1 s2 { u = \"v\" } }  # trailing\n"
		"a = 2\n";
	const struct mdm_lvm_node *r, *n;
	const char *str;
	uint64_t v;
	unsigned line;

	arena_reset();
	T_EQ_U64(mdm_lvm_parse(text, sizeof(text) - 1, &arena, &r, &line), 0);
	T_EQ_STR(r->child->key, "a");           /* first place, last value */
	T_EQ_U64(r->child->num, 2);
	T_EQ_U64(mdm_lvm_get(r, "b", MDM_LVM_INT)->num, (uint64_t)-5);
	T_EQ_U64(mdm_lvm_get_u64(r, "b", &v), -EINVAL);
	T_EQ_U64(mdm_lvm_get(r, "c", 0)->num, 16);
	T_EQ_U64(mdm_lvm_get(r, "d", 0)->num, 8);
	T_EQ_STR(mdm_lvm_get(r, "e", MDM_LVM_FLOAT)->str, "1.5");
	T_EQ_STR(mdm_lvm_get(r, "f", MDM_LVM_STR)->str, "x\"y\\z");
	T_EQ_STR(mdm_lvm_get(r, "g", MDM_LVM_STR)->str, "q\\");
	T_CHECK(mdm_lvm_get(r, "h", MDM_LVM_ARRAY) && !mdm_lvm_get(r, "h", 0)->child);
	n = mdm_lvm_get(r, "i", MDM_LVM_ARRAY)->child;
	T_CHECK(n->num == 1 && n->next->num == 2 && !strcmp(n->next->next->str, "three"));
	T_EQ_U64(mdm_lvm_get_str(r, "j", &str), 0);
	T_EQ_STR(str, "bare");
	n = mdm_lvm_get(mdm_lvm_get(r, "s", MDM_LVM_SECTION), "s2", MDM_LVM_SECTION);
	T_EQ_U64(mdm_lvm_get_str(n, "u", &str), 0);
	T_EQ_STR(str, "v");
	T_EQ_U64(mdm_lvm_get_str(n, "nope", &str), -ENOENT);

	static const char *const bad[] = { "a = ", "a = \"open", "a { b = 1", "a = [1,,2]",
		"a = 99999999999999999999", "= 1", "a = [1 [2]]", "a = 0x", "a }",
		"a{a{a{a{a{a{a{a{a{a{a{a{a{a{a{a{a{}}}}}}}}}}}}}}}}}" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		arena_reset();
		T_CHECK(mdm_lvm_parse(bad[i], strlen(bad[i]), &arena, &r, &line) < 0);
	}
	arena_reset();
	T_EQ_U64(mdm_lvm_parse("a = 1\n\nb = \"", 12, &arena, &r, &line), -EINVAL);
	T_EQ_U64(line, 3);
	/* a bare word: every byte above the blank but # = { } [ ] , " ' */
	for (unsigned c = '!'; c <= 255; c++) {
		char t[16];
		bool stop = strchr("#={}[],\"'", (int)c) != NULL;

		snprintf(t, sizeof(t), "k = x%cy\n", (int)c);
		arena_reset();
		if (stop) {
			/* the word ends there: an error, or "x" (a comment) */
			T_CHECK(mdm_lvm_parse(t, strlen(t), &arena, &r, &line) != 0 ||
			        (!mdm_lvm_get_str(r, "k", &str) && !strcmp(str, "x")));
			continue;
		}
		T_EQ_U64(mdm_lvm_parse(t, strlen(t), &arena, &r, &line), 0);
		T_EQ_U64(mdm_lvm_get_str(r, "k", &str), 0);
		T_EQ_U64(strlen(str), 3);
		T_EQ_U64((unsigned char)str[1], c);
	}
	/* a full arena says so */
	arena.size = 64;
	T_EQ_U64(mdm_lvm_parse("abc = 1 def = 2", 15, &arena, &r, &line), -ENOSPC);
	arena_reset();
}

static void test_ids(void)
{
	char out[33], f[39];

	T_EQ_U64(mdm_lvm_id_parse("l0u91J-HsXu-8KnH-EA1a-G7Yq-0Xc7-rbBQFu", out), 0);
	T_EQ_STR(out, "l0u91JHsXu8KnHEA1aG7Yq0Xc7rbBQFu");
	mdm_lvm_id_format(out, f);
	T_EQ_STR(f, "l0u91J-HsXu-8KnH-EA1a-G7Yq-0Xc7-rbBQFu");
	T_EQ_U64(mdm_lvm_id_parse("l0u91JHsXu8KnHEA1aG7Yq0Xc7rbBQF", out), -EINVAL);
	T_EQ_U64(mdm_lvm_id_parse("l0u91JHsXu8KnHEA1aG7Yq0Xc7rbBQFuu", out), -EINVAL);
	T_EQ_U64(mdm_lvm_id_parse("l0u91JHsXu8KnHEA1aG7Yq0Xc7rbBQF_", out), -EINVAL);
	T_EQ_U64(mdm_lvm_id_parse("!#u91JHsXu8KnHEA1aG7Yq0Xc7rbBQFu", out), 0);
}

/* ---- the model on edited copies of the real text ------------------------ */

static char *edit(const char *from, const char *to)
{
	const char *at = strstr(texts[0], from);
	size_t n = strlen(texts[0]), fl = strlen(from), tl = strlen(to);
	char *s = malloc(n + tl + 1);

	memcpy(s, texts[0], (size_t)(at - texts[0]));
	memcpy(s + (at - texts[0]), to, tl);
	strcpy(s + (at - texts[0]) + tl, at + fl);
	return s;
}

static int import(const char *text, struct mdm_lvm_vg *v, char *msg, size_t len)
{
	const struct mdm_lvm_node *r;
	unsigned line;
	int e;

	arena_reset();
	*msg = 0;
	e = mdm_lvm_parse(text, strlen(text), &arena, &r, &line);
	return e ? e : mdm_lvm_vg_import(r, &arena, v, msg, len);
}

static int32_t lv_index(const struct mdm_lvm_vg *v, const char *name)
{
	for (uint32_t i = 0; i < v->nlv; i++)
		if (!strcmp(v->lv[i].name, name))
			return (int32_t)i;
	return -1;
}

static void test_edits(void)
{
	struct mdm_lvm_vg v;
	struct mdm_lvm_select sel = { .pvdev = pvdev };
	struct mdm_lvm_plan p;
	char msg[256], *s;

	/* unknown status word: refused; unknown flags word: ignored */
	s = edit("status = [\"READ\", \"WRITE\", \"VISIBLE\"]", "status = [\"READ\", \"WRITE\", \"VISIBLE\", \"BOGUS\"]");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), -EINVAL);
	T_EQ_STR(msg, "LV vg/lin: status: BOGUS");
	free(s);
	s = edit("flags = []\ncreation_time", "flags = [\"BOGUS\", \"ACTIVATION_SKIP\"]\ncreation_time");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	T_CHECK(v.lv[0].status & MDM_LVM_ACTIVATION_SKIP);
	free(s);
	/* type+FLAG: unknown flag, unknown type, refused when planned */
	s = edit("type = \"cache+CACHE_USES_CACHEVOL\"", "type = \"cache+CACHE_USES_CACHEVOL+NEWTHING\"");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	T_EQ_U64(v.lv[lv_index(&v, "vorig")].seg[0].type, MDM_LVM_SEG_UNKNOWN);
	sel.lv = "vorig";
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_EQ_STR(msg, "LV vg/vorig: segment type cache+CACHE_USES_CACHEVOL+NEWTHING is not supported");
	free(s);
	/* raid: known, refused */
	s = edit("type = \"striped\"\nstripe_count = 2", "type = \"raid1\"\nstripe_count = 2");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	sel.lv = "str";
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	free(s);
	/* pending thin messages */
	s = edit("zero_new_blocks = 1\n", "zero_new_blocks = 1\nmessage1 {\ncreate = \"thin1\"\n}\n");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	sel.lv = "thin1";
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_CHECK(strstr(msg, "pending messages (message1)") != NULL);
	free(s);
	/* external origin */
	s = edit("device_id = 1\n", "device_id = 1\nexternal_origin = \"lin\"\n");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_EQ_STR(msg, "LV vg/thin1: thin volume with an external origin");
	free(s);
	/* lin's second segment moved to continue the first on pv0: merged on read */
	s = edit("\"pv1\", 0\n]", "\"pv0\", 2\n]");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	T_EQ_U64(v.lv[0].nsegs, 1);
	T_EQ_U64(v.lv[0].seg[0].count, 4);
	free(s);
	/* a segment past the end of its PV */
	s = edit("\"pv0\", 2,", "\"pv0\", 254,");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), -EINVAL);
	T_CHECK(strstr(msg, "past the end of pv0") != NULL);
	free(s);
	/* a missing LV reference, a bad segment_count, a bad id */
	s = edit("thin_pool = \"pool\"", "thin_pool = \"nopool\"");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), -EINVAL);
	free(s);
	s = edit("segment_count = 2", "segment_count = 3");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), -EINVAL);
	free(s);
	s = edit("\nid = \"", "\nid = \"_");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), -EINVAL);
	free(s);
	/* metadata words that go into params: one word each, no '@' (it
	 * would read as a planned device) */
	s = edit("cache_mode = \"writeback\"\npolicy = \"smq\"", "cache_mode = \"writeback\"\npolicy = \"s@q\"");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	sel.lv = NULL;
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_CHECK(strstr(msg, ": bad cache policy s@q") != NULL);
	free(s);
	s = edit("high_watermark = 60", "writecache_setting_key = \"a b\"\n"
	         "writecache_setting_val = \"1\"\nhigh_watermark = 60");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	sel.lv = "worig";
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_EQ_STR(msg, "LV vg/worig: bad writecache setting a b");
	free(s);
	/* an old-style snapshot of a cached LV: the cache is made as its
	 * -real layer under snapshot-origin (as lvm; found by 48-lvm-diff) */
	s = edit("origin = \"olv\"", "origin = \"corig\"");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	sel.lv = "corig";
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), 0);
	{
		int real = -1, top = -1, snap = -1;

		for (uint32_t i = 0; i < p.n; i++) {
			if (!strcmp(p.dev[i].name, "vg-corig-real"))
				real = (int)i;
			if (!strcmp(p.dev[i].name, "vg-corig"))
				top = (int)i;
			if (!strcmp(p.dev[i].name, "vg-osnap"))
				snap = (int)i;
		}
		T_CHECK(real >= 0 && top > real && snap > real);
		if (real >= 0 && top >= 0 && snap >= 0) {
			T_EQ_STR(p.dev[real].t[0].type, "cache");
			T_EQ_U64(p.dev[real].udev_flags, MDM_LVM_UDEV_HIDDEN);
			T_CHECK(strlen(p.dev[real].uuid) > 5 &&
			        !strcmp(p.dev[real].uuid + strlen(p.dev[real].uuid) - 5, "-real"));
			T_EQ_STR(p.dev[top].t[0].type, "snapshot-origin");
			T_EQ_STR(p.dev[snap].t[0].type, "snapshot");
		}
	}
	free(s);
	/* one LV as a pool's metadata and data (two devices of one name):
	 * refused, not planned twice (found by the lvm fuzz target) */
	s = edit("metadata = \"pool_tmeta\"", "metadata = \"pool_tdata\"");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	sel.lv = "pool";
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
	T_EQ_STR(msg, "LV vg/pool_tdata: used twice");
	free(s);
	/* a duplicated LV section: the last one wins */
	s = edit("\nstr {", "\nlin {\nid = \"aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa\"\nstatus = [\"READ\"]\n"
	         "segment_count = 1\nsegment1 {\nstart_extent = 0\nextent_count = 1\ntype = \"zero\"\n}\n}\nstr {");
	T_EQ_U64(import(s, &v, msg, sizeof(msg)), 0);
	T_EQ_STR(v.lv[0].name, "lin");
	T_EQ_STR(v.lv[0].id, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	T_EQ_U64(v.lv[0].seg[0].type, MDM_LVM_SEG_ZERO);
	free(s);
}

/* merging: two segments on one PV that continue each other */
static void test_merge(void)
{
	static const char text[] =
		"m { id = \"aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa\" seqno = 1 extent_size = 8\n"
		"status = [\"READ\", \"WRITE\"]\n"
		"physical_volumes { pv0 { id = \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" status = []\n"
		"  pe_start = 2048 pe_count = 100 } }\n"
		"logical_volumes { x { id = \"cccccccccccccccccccccccccccccccc\"\n"
		"  status = [\"READ\", \"WRITE\", \"VISIBLE\"] segment_count = 3\n"
		"  segment2 { start_extent = 4 extent_count = 4 type = \"striped\" stripe_count = 1\n"
		"    stripes = [\"pv0\", 14] }\n"
		"  segment1 { start_extent = 0 extent_count = 4 type = \"striped\" stripe_count = 1\n"
		"    stripes = [\"pv0\", 10] }\n"
		"  segment3 { start_extent = 8 extent_count = 2 type = \"striped\" stripe_count = 1\n"
		"    stripes = [\"pv0\", 50] } } } }\n"
		"contents = \"Text Format Volume Group\" version = 1\n";
	struct mdm_lvm_pvdev dev = { true, 8, 16, 4096 };
	struct mdm_lvm_select sel = { .pvdev = &dev };
	struct mdm_lvm_plan p;
	struct mdm_lvm_vg v;
	char msg[256];

	T_EQ_U64(import(text, &v, msg, sizeof(msg)), 0);
	T_EQ_U64(v.lv[0].nsegs, 2);
	T_EQ_U64(v.lv[0].seg[0].count, 8);
	T_EQ_U64(v.lv[0].extents, 10);
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), 0);
	T_EQ_U64(p.n, 1);
	T_EQ_STR(p.dev[0].name, "m-x");
	T_EQ_STR(p.dev[0].t[0].params, "8:16 2128");
	T_EQ_U64(p.dev[0].t[1].start, 64);
	T_EQ_STR(p.dev[0].t[1].params, "8:16 2448");
	T_EQ_U64(p.dev[0].udev_flags, MDM_LVM_UDEV_TOP);
	dev.sectors = 2448;                     /* the second segment does not fit */
	T_EQ_U64(mdm_lvm_plan(&v, &sel, &arena, &p, msg, sizeof(msg)), -EPERM);
}

/* more PVs or LVs than the limits: refused, naming the limit */
static void test_limits(void)
{
	struct mdm_lvm_vg v;
	char msg[256];

	for (int lvs = 0; lvs < 2; lvs++) {
		unsigned max = lvs ? MDM_LVM_MAX_LVS : MDM_LVM_MAX_PVS;
		size_t cap = 512 + (max + 1) * 16, n;
		char *text = malloc(cap);

		T_CHECK(text != NULL);
		if (!text)
			return;
		n = (size_t)snprintf(text, cap,
			"m { id = \"aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa\" seqno = 1 extent_size = 8\n"
			"status = [\"READ\", \"WRITE\"]\n%s {\n",
			lvs ? "physical_volumes { }\nlogical_volumes" : "physical_volumes");
		for (unsigned i = 0; i <= max; i++)
			n += (size_t)snprintf(text + n, cap - n, "s%u { }\n", i);
		snprintf(text + n, cap - n, "} }\ncontents = \"Text Format Volume Group\" version = 1\n");
		T_EQ_U64(import(text, &v, msg, sizeof(msg)), (uint64_t)-E2BIG);
		T_EQ_STR(msg, lvs ? "VG m: more than 4096 LVs" : "VG m: more than 1024 PVs");
		free(text);
	}
}

/* segments in any order are sorted (heapsort); equal starts keep their
 * metadata order, so the overlap is reported after the first of them */
static void test_seg_order(void)
{
	static const unsigned order[] = { 6, 2, 7, 0, 5, 3, 1, 4 }, start[] = { 0, 4, 4 };
	struct mdm_lvm_vg v;
	char text[4096], msg[256];
	size_t n;

	for (int pass = 0; pass < 2; pass++) {
		unsigned nseg = pass ? 3 : 8;

		n = (size_t)snprintf(text, sizeof(text),
			"m { id = \"aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa\" seqno = 1 extent_size = 8\n"
			"status = [\"READ\", \"WRITE\"]\n"
			"physical_volumes { pv0 { id = \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" status = []\n"
			"  pe_start = 2048 pe_count = 100 } }\n"
			"logical_volumes { x { id = \"cccccccccccccccccccccccccccccccc\"\n"
			"  status = [\"READ\", \"WRITE\", \"VISIBLE\"] segment_count = %u\n", nseg);
		for (unsigned i = 0; i < nseg; i++) {
			unsigned k = pass ? i : order[i];

			n += (size_t)snprintf(text + n, sizeof(text) - n,
				"  seg%u { start_extent = %u extent_count = %u type = \"striped\"\n"
				"    stripe_count = 1 stripes = [\"pv0\", %u] }\n", k,
				pass ? start[k] : 2 * k, pass ? (k ? 1 + k : 4) : 2, 90 - 10 * k);
		}
		snprintf(text + n, sizeof(text) - n,
		         "} } }\ncontents = \"Text Format Volume Group\" version = 1\n");
		if (!pass) {
			T_EQ_U64(import(text, &v, msg, sizeof(msg)), 0);
			T_EQ_U64(v.lv[0].nsegs, 8);
			for (unsigned i = 0; i < v.lv[0].nsegs; i++)
				T_EQ_U64(v.lv[0].seg[i].stripe[0].start, 90 - 10 * i);
			continue;
		}
		T_EQ_U64(import(text, &v, msg, sizeof(msg)), -EINVAL);
		T_EQ_STR(msg, "LV m/x: segments leave a gap or overlap at extent 6");
	}
}

static void test_expand(void)
{
	const char *sub[] = { "253:1", "vg-x" };
	char out[64];

	T_EQ_U64(mdm_lvm_expand("@1 @0 9", sub, 2, out, sizeof(out)), 0);
	T_EQ_STR(out, "vg-x 253:1 9");
	T_EQ_U64(mdm_lvm_expand("@2", sub, 2, out, sizeof(out)), -EINVAL);
	T_EQ_U64(mdm_lvm_expand("@", sub, 2, out, sizeof(out)), -EINVAL);
	T_EQ_U64(mdm_lvm_expand("@1 @1", sub, 2, out, 8), -ENOSPC);
}

int main(void)
{
	size_t len;

	capture = slurp(DATA "capture.txt", &len);
	T_CHECK(capture != NULL);
	if (!capture)
		return t_done();
	test_label_and_mda();
	test_choose();
	test_other_first();
	test_choose_order();
	test_plans();
	test_udev_flags();
	test_refusals();
	test_wrap();
	test_bad_label();
	test_ids();
	test_edits();
	test_grammar();
	test_merge();
	test_limits();
	test_seg_order();
	test_expand();
	for (int i = 0; i < 3; i++)
		free(texts[i]);
	free(capture);
	return t_done();
}
