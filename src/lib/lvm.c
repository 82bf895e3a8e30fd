/* lvm.c - LVM2 volume groups brought up from their on-disk metadata, as
 * `lvm vgchange -ay` / `lvchange -ay` would: find the PVs (every block
 * device, or the ones named), read each metadata area's committed copy,
 * take the VG's newest, plan the devices (parse/lvm-plan.c) and make them
 * through the ensure policy, children first.  Pools and caches get the
 * superblock check in place of thin_check and cache_check, a new pool's
 * transaction id is compared with the metadata's.  Nothing here writes to
 * a PV; a failure removes every device this run made.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "minidm-lvm.h"

#define LABEL_READ 4096u

void mdm_lvm_scan_free(struct mdm_lvm_scan *s)
{
	for (size_t i = 0; i < s->ncopy; i++)
		free((char *)s->copy[i].text);
	free(s->copy);
	free(s->pv);
	memset(s, 0, sizeof(*s));
}

static int pv_read(void *arg, uint64_t off, void *buf, size_t len)
{
	ssize_t n = pread(*(int *)arg, buf, len, (off_t)off);

	return n == (ssize_t)len ? 0 : n < 0 ? -errno : -EIO;
}

/* One copy of the metadata: the text of the area at a (or why it is bad);
 * with ask, only the text asked for (read ahead), no copy made yet. */
static int add_copy(struct mdm_lvm_scan *s, int fd, size_t pv, const struct mdm_lvm_disk_area *a,
                    bool ask)
{
	unsigned char hdr[MDM_LVM_MDA_HDR];
	struct mdm_lvm_copy *c;
	struct mdm_lvm_mda m = { 0 };  /* cppcheck: mdm_lvm_mda_read sets it when e is 0 */
	char *text = NULL;
	int e = pv_read(&fd, a->offset, hdr, sizeof(hdr));

	if (!e)
		e = mdm_lvm_mda_read(hdr, a->offset, &m);
	if (!e && ask && !m.empty)
		readahead(fd, (off_t)(m.start + m.offset), (size_t)m.len);
	if (ask || (!e && m.empty))
		return 0;                       /* asked; or an ignored area: no copy here */
	if (!(c = mdm_grow((void **)&s->copy, s->ncopy, sizeof(*c))))
		return -ENOMEM;
	s->pv[pv].ncopies++;
	if (!e && !(text = malloc(m.len + 1)))
		return -ENOMEM;
	if (!e)
		e = mdm_lvm_mda_text(&m, pv_read, &fd, text, m.len + 1);
	c->text = text;
	c->len = e ? 0 : strlen(text);
	c->err = e;
	s->ncopy++;
	return 0;
}

/* A dm device that is an LVM LV is no PV (lvm's scan_lvs = 0). */
static bool is_lv(uint32_t major, uint32_t minor)
{
	char u[8];

	return !mdm_sys_read(major, minor, "/dm/uuid", u, sizeof(u)) && !strncmp(u, "LVM-", 4);
}

/* The device's node: path when it is that device (devtmpfs), else one
 * made for the moment. */
static int open_dev(const char *path, uint64_t devno)
{
	int fd = mdm_blk_is(path, devno) ? open(path, O_RDONLY | O_CLOEXEC) : -1;

	return fd >= 0 ? fd : mdm_open_devno(devno, O_RDONLY);
}

/* The scan reads the disks in parallel, a batch at a time.  Each disk is
 * opened and the kernel asked to read ahead its first 8 KiB (the label
 * and the first metadata area's header); then each label is read from
 * the page cache and each PV's committed texts asked for; then the texts
 * are read.  A boot that scans every disk waits about twice, not twice a
 * disk.  8 KiB, not more: the guest's page cache work for every page of
 * every disk, most of which hold no PV, costs more than the second wait
 * (paired runs in the bench guest, 9 disks: the dry run of an LVM thin
 * root 0.9x the time of a 64 KiB readahead).  The descriptors stay open
 * in between (the last close drops the pages): each disk opened once. */
struct batch {
	unsigned n;
	struct {
		int fd, pv;
		uint64_t devno;
		char path[64];
	} c[32];
};

/* The batch's labels and texts read, its descriptors closed (all of them,
 * also after an error e). */
static int flush(struct mdm_lvm_scan *s, struct batch *b, int e)
{
	unsigned char head[LABEL_READ];

	for (unsigned i = 0; i < b->n; i++) {
		int fd = b->c[i].fd;
		struct mdm_lvm_pvinfo *p = e ? NULL : mdm_grow((void **)&s->pv, s->npv, sizeof(*p));
		uint64_t bytes = 0;

		b->c[i].pv = -1;
		if (!e && !p)
			e = -ENOMEM;
		if (p && !pv_read(&fd, 0, head, sizeof(head)) &&
		    !mdm_lvm_label_read(head, sizeof(head), &p->label) &&
		    ioctl(fd, MDM_BLKGETSIZE64, &bytes) >= 0) {
			memcpy(p->path, b->c[i].path, sizeof(p->path));
			p->major = mdm_major(b->c[i].devno);
			p->minor = mdm_minor(b->c[i].devno);
			p->sectors = bytes / MDM_SECTOR;
			b->c[i].pv = (int)s->npv++;
			for (uint32_t k = 0; k < p->label.n_mda; k++)
				add_copy(s, fd, s->npv - 1, &p->label.mda[k], true);
		}
	}
	for (unsigned i = 0; i < b->n; i++) {
		int pv = b->c[i].pv;

		if (!e && pv >= 0) {
			s->pv[pv].copy0 = s->ncopy;
			for (uint32_t k = 0; k < s->pv[pv].label.n_mda && !e; k++)
				e = add_copy(s, b->c[i].fd, (size_t)pv, &s->pv[pv].label.mda[k], false);
		}
		close(b->c[i].fd);
	}
	b->n = 0;
	return e;
}

/* A device into the batch (opened, its head asked for); a full batch is
 * read. */
static int scan_dev(struct mdm_lvm_scan *s, struct batch *b, const char *path, uint64_t devno,
                    bool maybe_lv)
{
	int fd;

	if (maybe_lv && is_lv(mdm_major(devno), mdm_minor(devno)))
		return 0;
	if ((fd = open_dev(path, devno)) < 0)
		return 0;
	readahead(fd, 0, 8u << 10);
	b->c[b->n].fd = fd;
	b->c[b->n].devno = devno;
	snprintf(b->c[b->n].path, sizeof(b->c[0].path), "%s", path);
	return ++b->n < sizeof(b->c) / sizeof(b->c[0]) ? 0 : flush(s, b, 0);
}

/* Every block device the kernel lists: /proc/partitions, whose lines are
 * "MAJOR MINOR BLOCKS NAME" after a heading. */
static int scan_all(struct mdm_lvm_scan *s, struct batch *b)
{
	/* bss, not the stack: the frames below would be 64 KiB deeper, on
	 * pages of their own (2 page faults); page-aligned: cold (Makefile) */
	static _Alignas(4096) char buf[64 * 1024];
	char *w[4], path[80];
	int fd = open("/proc/partitions", O_RDONLY | O_CLOEXEC), e = 0, k = 0;
	ssize_t n;
	uint32_t ma, mi;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	for (char *p = buf; *p && !e; p++) {
		if (*p == ' ' || *p == '\n') {
			char c = *p;

			*p = 0;
			if (c == '\n' && k == 4 && !mdm_parse_u32(w[0], &ma) && !mdm_parse_u32(w[1], &mi) &&
			    snprintf(path, sizeof(path), "/dev/%s", w[3]) < (int)sizeof(path))
				e = scan_dev(s, b, path, mdm_mkdev(ma, mi), !strncmp(w[3], "dm-", 3));
			k = c == '\n' ? 0 : k;
		} else if (p == buf || !p[-1]) {
			if (k < 4)
				w[k] = p;
			k++;
		}
	}
	return e;
}

int mdm_lvm_scan(struct mdm_ctx *ctx, const char *const *devs, size_t n, struct mdm_lvm_scan *s)
{
	struct batch b;
	const char *bad = NULL;
	int e = 0;

	memset(s, 0, sizeof(*s));
	b.n = 0;
	if (!n)
		e = scan_all(s, &b);
	for (size_t i = 0; i < n && !e; i++) {
		uint64_t devno;

		if ((e = mdm_devnode_to_devno(devs[i], &devno)))
			bad = devs[i];
		else
			e = scan_dev(s, &b, devs[i], devno, true);
	}
	e = flush(s, &b, e);
	for (size_t i = 0; i < s->npv; i++)
		for (size_t k = 0; k < s->pv[i].ncopies; k++)
			s->copy[s->pv[i].copy0 + k].dev = s->pv[i].path;
	return e ? mdm_fail(ctx, e, "lvm scan", bad, NULL) : 0;
}

/* ---- a VG from the scan ------------------------------------------------- */

int mdm_lvm_load(struct mdm_ctx *ctx, struct mdm_lvm_scan *s, const char *vgname,
                 struct mdm_lvm_arena *a, struct mdm_lvm_vg *vg, struct mdm_lvm_pvdev **pdp)
{
	struct mdm_lvm_pvdev *pd;
	char msg[160];
	int e;

	*msg = 0;
	for (size_t size = (size_t)256 * 1024;; size *= 2) {
		free(a->base);
		a->size = size;
		a->used = 0;
		e = (a->base = malloc(size)) ?
		    mdm_lvm_choose(s->copy, s->ncopy, vgname, a, vg, msg, sizeof(msg)) : -ENOMEM;
		if (e != -ENOSPC || size >= ((size_t)64 << 20))
			break;
	}
	if (!e && !(*pdp = pd = mdm_lvm_alloc(a, (vg->npv + 1) * sizeof(*pd))))
		e = -ENOMEM;
	if (e)
		return mdm_fail(ctx, e, "lvm", vgname, "%s",
		                e == -ENOENT ? "no such volume group" : msg);
	/* where the scan found each PV; one seen on two devices (a cloned
	 * disk): which is the real one? */
	for (uint32_t k = 0; k < vg->npv; k++) {
		const char *at = NULL;

		for (size_t i = 0; i < s->npv; i++) {
			const struct mdm_lvm_pvinfo *p = &s->pv[i];
			char id[40];

			if (strcmp(vg->pv[k].id, p->label.pv_id))
				continue;
			if (at) {
				mdm_lvm_id_format(vg->pv[k].id, id);
				return mdm_fail(ctx, EEXIST, "lvm", vgname, "PV %s is on both %s and %s",
				                id, at, p->path);
			}
			at = p->path;
			pd[k] = (struct mdm_lvm_pvdev){ true, p->major, p->minor, p->sectors };
		}
	}
	return 0;
}

/* ---- bringing a plan up ------------------------------------------------- */

struct slot {
	char s[24];                     /* what @N stands for: MAJ:MIN (or the name) */
	uint64_t devno;
	bool made, later;               /* later: its entries wait (see make) */
	struct mdm_info info;           /* the device's (what later entries use) */
};

struct ap {
	struct mdm_ctx *ctx;
	const struct mdm_lvm_vg *vg;
	const struct mdm_lvm_plan *p;
	bool dry;
	mdm_lvm_report_fn *fn;
	void *arg;
	struct slot *sl;
	const char **sub;               /* sub[i] = sl[i].s */
};

/* Before a pool or cache is made: its metadata device's superblock (magic,
 * checksum, needs_check) in place of thin_check / cache_check.  All zeros
 * is a new pool's or cache's, which the kernel formats; a pool that the
 * VG says has had transactions is refused instead: its formatting would
 * write over what is left of the metadata (lvm 2.03 lets the kernel do
 * that, then refuses the transaction id).  After a pool is made: it must
 * report the metadata's transaction id (lvm takes one less: a transaction
 * that was not committed), and be healthy. */
static int check(struct ap *ap, const struct mdm_lvm_dev *d, bool made)
{
	struct mdm_pool_status ps;
	struct mdm_sb sb;
	bool fresh;
	int e;

	if (d->meta < 0)
		return 0;
	if (!made) {
		e = mdm_meta_check(ap->ctx, "lvm activate", d->name, ap->sl[d->meta].devno, d->cache,
		                   false, d->ro, &sb, &fresh);
		if (!e && fresh && !d->cache && d->txid)
			e = mdm_fail(ap->ctx, EUCLEAN, "lvm activate", d->name, "metadata superblock "
			             "all zeros, the VG says transaction %llu: not formatted",
			             (unsigned long long)d->txid);
		return e;
	}
	if (d->cache)
		return 0;
	if ((e = mdm_thin_pool_check_health(ap->ctx, d->name, d->ro, &ps)))
		return e;
	if (ps.transaction_id != d->txid && ps.transaction_id + 1 != d->txid)
		return mdm_fail(ap->ctx, EPROTO, "lvm activate", d->name, "pool transaction id %llu, "
		                "metadata says %llu", (unsigned long long)ps.transaction_id,
		                (unsigned long long)d->txid);
	return 0;
}

/* /dev/VG/LV made a link to `to` (not when there is one and keep: udev's
 * rules made it), or (to NULL) the link removed, and its directory when
 * that is empty */
static void vg_link(const char *vg, const char *lv, const char *to, bool keep)
{
	char p[2 * DM_NAME_LEN + 8], *slash;
	struct stat st;
	bool there;

	snprintf(p, sizeof(p), "/dev/%s/%s", vg, lv);
	there = !lstat(p, &st);
	if (to && there && keep)
		return;
	if (there && (to || S_ISLNK(st.st_mode)))
		unlink(p);
	*(slash = strrchr(p, '/')) = 0;
	if (!to) {
		rmdir(p);
		return;
	}
	mkdir(p, 0755);
	*slash = '/';
	symlink(to, p);
}

/* udev's database entry of a device made: lvm's keys, for the real root's
 * udev (mdm_dev_setup_at writes it beside the load, with the disable
 * flags lvm sends, as the dm rules record them) */
static void db_keys(const struct ap *ap, const struct mdm_lvm_dev *d, char *buf, size_t len)
{
	const char *nm = mdm_udev_flag_names;
	size_t n = (size_t)snprintf(buf, len, "E:DM_VG_NAME=%s\nE:DM_LV_NAME=%s\n%s%s%s",
	                            ap->vg->name, ap->vg->lv[d->lv].name,
	                            *d->layer ? "E:DM_LV_LAYER=" : "", d->layer,
	                            *d->layer ? "\n" : "");

	/* SUBSYSTEM, DISK and OTHER: bits 1 to 3 */
	for (unsigned i = 0; i < 4 && n < len; nm += strlen(nm) + 1, i++)
		if (i && (d->udev_flags & 1u << i))
			n += (size_t)snprintf(buf + n, len - n, "E:DM_UDEV_%s_FLAG=1\n", nm);
}

/* /dev/VG/LV for a visible LV's own device as lvm's fallback: when udev
 * does not run the dm rules, or ran them without lvm's rules (an initramfs
 * without them) and so made no link.  Not for a device lvm keeps from
 * udev's subsystem rules (an in-use pool's VG-POOL). */
static bool linked(const struct ap *ap, const struct mdm_lvm_dev *d)
{
	const struct mdm_ctx *ctx = ap->ctx;

	return !ctx->no_nodes && !ctx->cookie && !*d->layer &&
	       !(d->udev_flags & MDM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG) &&
	       (d->component || mdm_lvm_lv_visible(ap->vg, (uint32_t)d->lv));
}

static void announce(struct ap *ap, const struct mdm_lvm_dev *d, const struct mdm_info *info)
{
	const struct mdm_ctx *ctx = ap->ctx;
	char to[40], *t = to + 2;

	if (!linked(ap, d))
		return;
	if (!mdm_dm_link(to, info->major, info->minor))
		snprintf(t = to, sizeof(to), "../mapper/%.28s", d->name);
	vg_link(ap->vg->name, ap->vg->lv[d->lv].name, t, ctx->udev_sync);
}

/* A device's /dev/mapper entry, udev database entry and /dev/VG/LV link */
__attribute__((always_inline))
static inline void entries(struct ap *ap, const struct mdm_lvm_dev *d, const struct mdm_info *info)
{
	char keys[512];

	mdm_node_add(d->name, info->major, info->minor);
	db_keys(ap, d, keys, sizeof(keys));
	mdm_udev_db_write(ap->ctx, info, keys);
	announce(ap, d, info);
}

/* The entries of the devices made whose loads do not wait (all but a
 * thin: a pool's metadata and data layers, the pool), kept for the next
 * thin's load, which waits for an RCU grace period (mdm_dev_setup_at does
 * the caller's work beside it, ctx->later), or for the end. */
static struct ap *cur;
static void (*outer)(struct mdm_ctx *ctx);

static void flush_later(struct ap *ap)
{
	for (uint32_t i = 0; i < ap->p->n; i++)
		if (ap->sl[i].later) {
			ap->sl[i].later = false;
			entries(ap, &ap->p->dev[i], &ap->sl[i].info);
		}
}

static void later(struct mdm_ctx *ctx)
{
	flush_later(cur);
	if (outer)
		outer(ctx);
}

/* Make a device (create, load, resume with lvm's udev flags): its udev
 * database entry beside a load that waits, else (when minidm makes the
 * nodes) its entries kept for later (flush_later). */
static int make(struct ap *ap, const struct mdm_lvm_dev *d, const struct mdm_table *tab,
                struct slot *sl)
{
	struct mdm_ctx *ctx = ap->ctx;
	const char *had = ctx->udev_db;
	bool no_nodes = ctx->no_nodes;
	char keys[512];
	int e;

	sl->later = !no_nodes && !ctx->udev_sync && !ctx->cookie && !mdm_load_waits(tab);
	if (!sl->later)                 /* a kept device's: made by entries() */
		db_keys(ap, d, keys, sizeof(keys));
	ctx->udev_db = sl->later ? NULL : keys;
	ctx->no_nodes = no_nodes || sl->later;
	e = mdm_dev_setup_at(ctx, d->name, d->uuid, -1, tab,
	                     (d->ro ? DM_READONLY_FLAG : 0) | (uint32_t)d->udev_flags << 16, &sl->info);
	ctx->udev_db = had;
	ctx->no_nodes = no_nodes;
	sl->later &= !e;
	return e;
}

/* lvm's rule for components: one is not activated while its holder is
 * active, nor a holder's layer while the component is active on its own.
 * A component's device that is there writable is its holder's layer (an
 * active pool, cache or writecache has them all), and a layer that is
 * there read-only where the plan wants it writable is a component. */
static int holder_free(struct ap *ap, const struct mdm_lvm_dev *d, const struct mdm_info *info)
{
	const struct mdm_lvm_vg *vg = ap->vg;
	bool ro = info->flags & DM_READONLY_FLAG,
	     layer = d->udev_flags & MDM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG;

	if (d->component ? ro : !layer || d->ro || !ro)
		return 0;
	return mdm_fail(ap->ctx, EBUSY, "lvm activate", d->name, "prohibited while LV %s/%s is "
	                "active", vg->name, vg->lv[d->component && d->holder >= 0 ? d->holder
	                                                                          : d->lv].name);
}

/* device i: its table with every @N replaced by the number of device N,
 * then made as the ensure policy says (not inlined: in mdm_lvm_apply's
 * loop gcc makes it 130 bytes larger) */
__attribute__((noinline)) static int up(struct ap *ap, uint32_t i)
{
	const struct mdm_lvm_dev *d = &ap->p->dev[i];
	struct mdm_ctx *ctx = ap->ctx;
	struct slot *sl = &ap->sl[i];
	struct mdm_table tab = { 0 }, other = { 0 };
	struct mdm_info *info = &sl->info;      /* kept for the entries made later */
	enum mdm_ensure_state st;
	char params[1024];
	int e = 0;

	for (uint32_t k = 0; k < d->ntargets && !e; k++)
		if (mdm_lvm_expand(d->t[k].params, ap->sub, i, params, sizeof(params)) ||
		    mdm_table_add(&tab, d->t[k].start, d->t[k].len, d->t[k].type, params))
			e = mdm_fail(ctx, EINVAL, "lvm activate", d->name, "cannot build its table");
	if (!e)
		e = mdm_ensure_prepare(ctx, d->name, &tab, ap->dry, &st, info, &other);
	if (!e && (st == MDM_ENSURE_ACTIVE || st == MDM_ENSURE_RESUMED))
		e = holder_free(ap, d, info);
	if (e == -EEXIST && ap->fn)
		ap->fn(ap->arg, d, &tab, &other, e);
	mdm_table_free(&other);
	if (e)
		goto out;
	if (ap->dry) {
		st = 0;
	} else if (st == MDM_ENSURE_ACTIVE || st == MDM_ENSURE_RESUMED) {
		mdm_udev_node_keep(ctx, info);
		db_keys(ap, d, params, sizeof(params));
		mdm_udev_db_keep(ctx, info, params);
	} else {
		if ((e = check(ap, d, false)) || (e = make(ap, d, &tab, sl)))
			goto out;
		if ((e = check(ap, d, true))) {
			sl->later = false;
			mdm_udev_db_remove(mdm_mkdev(info->major, info->minor));
			mdm_remove_quiet(ctx, d->name);
			goto out;
		}
		sl->made = true;
	}
	if (!ap->dry && !sl->later)
		announce(ap, d, info);
	if (ap->fn)
		ap->fn(ap->arg, d, &tab, NULL, (int)st);
	/* a device a dry run would make has no number yet: its name stands in */
	sl->devno = mdm_mkdev(info->major, info->minor);
	if (ap->dry && !info->exists)
		snprintf(sl->s, sizeof(sl->s), "%.23s", d->name);
	else
		mdm_devno_fmt(sl->s, sizeof(sl->s), sl->devno);
	for (uint32_t j = i + 1; sl->made && j < ap->p->n; j++)
		if (ap->p->dev[j].meta == (int32_t)i)
			mdm_meta_prefetch(sl->devno);
out:
	ap->sub[i] = sl->s;
	mdm_table_free(&tab);
	return e;
}

int mdm_lvm_apply(struct mdm_ctx *ctx, const struct mdm_lvm_vg *vg, const struct mdm_lvm_plan *p,
                  bool dry, mdm_lvm_report_fn *fn, void *arg)
{
	size_t n = p->n ? p->n : 1;
	struct ap ap = { ctx, vg, p, dry, fn, arg, calloc(n, sizeof(struct slot) + sizeof(char *)),
	                 NULL };
	uint32_t i;
	int e = 0;

	if (!ap.sl)
		return mdm_fail(ctx, ENOMEM, "lvm activate", vg->name, NULL);
	ap.sub = (const char **)(ap.sl + n);
	cur = &ap;
	outer = ctx->later;
	ctx->later = later;
	for (i = 0; i < p->n && !e; i++)
		e = up(&ap, i);
	ctx->later = outer;
	cur = NULL;
	if (!e)
		flush_later(&ap);
	while (e && i-- > 0)            /* leave nothing half-made: last first */
		if (ap.sl[i].made) {
			const struct mdm_lvm_dev *d = &p->dev[i];

			mdm_udev_db_remove(ap.sl[i].devno);
			if (linked(&ap, d))
				vg_link(vg->name, vg->lv[d->lv].name, NULL, false);
			mdm_remove_quiet(ctx, d->name);
		}
	free(ap.sl);
	return e;
}

/* ---- taking it down ----------------------------------------------------- */

/* dmsetup splitname: VG-LV[-LAYER] with every '-' inside VG and LV
 * doubled, into part[3]; the number of parts found */
int mdm_lvm_split(const char *name, char part[3][DM_NAME_LEN])
{
	int k = 0;
	size_t n = 0;

	memset(part, 0, sizeof(char[3][DM_NAME_LEN]));
	for (const char *p = name; *p && n < DM_NAME_LEN - 1; p++) {
		if (*p == '-' && k < 2 && p[1] != '-') {
			k++, n = 0;
			continue;
		}
		p += *p == '-' && k < 2;        /* "--" is one '-' */
		part[k][n++] = *p;
	}
	return k + 1;
}

enum { VGS = 1, MINE = 2, GONE = 4, LAYER = 8, REAL = 16 };

struct down {
	struct mdm_dev dv;              /* in the list's order */
	uint64_t *deps;
	size_t n;
	uint8_t f;
};

/* Does device j use device i? */
static bool uses(const struct mdm_devlist *l, const struct down *d, size_t j, size_t i)
{
	for (size_t k = 0; k < d[j].n; k++)
		if (d[j].deps[k] == d[i].dv.dev)
			return true;
	return false;
}

/* Is device i used by another device that is still there (which: f)? */
static bool used(const struct mdm_devlist *l, const struct down *d, size_t i, uint8_t f)
{
	for (size_t j = 0; j < l->n; j++)
		if (j != i && !(d[j].f & GONE) && (d[j].f & f) == f && uses(l, d, j, i))
			return true;
	return false;
}

/* For an LV, what stands on its devices goes too (an origin's snapshots,
 * a pool's thin volumes), and a snapshot takes its origin along (both
 * stand on the origin's -real device), as lvm takes them down. */
static void mark_users(const struct mdm_devlist *l, struct down *d)
{
	for (bool more = true; more;) {
		more = false;
		for (size_t j = 0; j < l->n; j++)
			for (size_t i = 0; i < l->n && (d[j].f & (VGS | MINE)) == VGS; i++)
				if (uses(l, d, j, i) && ((d[i].f & MINE) ||
				                         ((d[i].f & REAL) && used(l, d, i, MINE))))
					d[j].f |= MINE, more = true;
	}
}

int mdm_lvm_deactivate(struct mdm_ctx *ctx, const char *vg, const char *lv,
                       mdm_lvm_down_fn *fn, void *arg)
{
	struct mdm_devlist l;
	struct mdm_id id = { 0 };
	struct down *d = NULL;
	char part[3][DM_NAME_LEN];
	bool found = false;
	unsigned removed;
	int e = mdm_list_devices(ctx, &l);

	if (e)
		return e;
	if (!(d = calloc(l.n ? l.n : 1, sizeof(*d)))) {
		mdm_devlist_free(&l);
		return mdm_fail(ctx, ENOMEM, "lvm deactivate", vg, NULL);
	}
	/* the VG's devices (LVM uuids, VG-... names); for an LV every other
	 * device stays and keeps what it uses */
	for (size_t i = 0; !e && mdm_devlist_next(&l, &d[i].dv); i++) {
		struct mdm_info info;
		int k = mdm_lvm_split(d[i].dv.name, part);
		size_t ul;

		id.name = d[i].dv.name;
		e = mdm_table_deps(ctx, &id, 0, &d[i].deps, &d[i].n, &info);
		if (e == -ENXIO) {      /* gone meanwhile */
			d[i].f = GONE, e = 0;
			continue;
		}
		ul = strlen(info.uuid);
		if (!strncmp(info.uuid, "LVM-", 4) && k > 1 && !strcmp(part[0], vg))
			d[i].f = VGS | (!lv || !strcmp(part[1], lv) ? MINE : 0) | (ul > 68 ? LAYER : 0) |
			         (ul > 5 && !strcmp(info.uuid + ul - 5, "-real") ? REAL : 0);
		else if (!lv)
			d[i].f = GONE;
		found |= d[i].f & VGS;
	}
	if (lv && !e)
		mark_users(&l, d);
	/* top devices first, then what nothing uses any more: the selected LVs'
	 * own devices, then (for an LV) the VG's layer devices left unused */
	do {
		removed = 0;
		for (size_t i = 0; i < l.n && !e; i++) {
			if ((d[i].f & GONE) || !(d[i].f & (lv ? MINE | LAYER : MINE)) || used(&l, d, i, 0))
				continue;
			id.name = d[i].dv.name;
			if ((e = mdm_udev_remove_retry(ctx, &id, 0, 5)))
				break;
			d[i].f |= GONE;
			removed++;
			/* /dev/VG/LV of an LV's own device: the link lvm (or minidm) made */
			if (mdm_lvm_split(d[i].dv.name, part) == 2)
				vg_link(part[0], part[1], NULL, false);
			if (fn)
				fn(arg, d[i].dv.name);
		}
	} while (!e && removed);
	for (size_t i = 0; i < l.n && !e; i++)
		if ((d[i].f & (MINE | GONE)) == MINE)
			e = mdm_fail(ctx, EBUSY, "lvm deactivate", d[i].dv.name, "in use");
	for (size_t i = 0; i < l.n; i++)
		free(d[i].deps);
	free(d);
	mdm_devlist_free(&l);
	return !e && !found ? -ENOENT : e;  /* nothing active: the caller says if it exists */
}
