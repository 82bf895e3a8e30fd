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
#include <sys/sysmacros.h>
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

static int grow(void **arr, size_t n, size_t elem)
{
	void *p;

	if (n & (n - 1))                /* 0, 1, 2, 4...: double */
		return 0;
	p = realloc(*arr, (n ? 2 * n : 1) * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

/* One copy of the metadata: the text of the area at a (or why it is bad). */
static int add_copy(struct mdm_lvm_scan *s, int fd, size_t pv, const struct mdm_lvm_disk_area *a)
{
	unsigned char hdr[MDM_LVM_MDA_HDR];
	struct mdm_lvm_copy *c;
	struct mdm_lvm_mda m;
	char *text = NULL;
	int e;

	if (grow((void **)&s->copy, s->ncopy, sizeof(*s->copy)))
		return -ENOMEM;
	c = memset(&s->copy[s->ncopy], 0, sizeof(*c));
	s->pv[pv].ncopies++;
	e = pv_read(&fd, a->offset, hdr, sizeof(hdr));
	if (!e)
		e = mdm_lvm_mda_read(hdr, a->offset, &m);
	if (!e && m.empty)
		return 0;                       /* an ignored area: no copy here */
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
	char p[64], u[8];

	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u/dm/uuid", major, minor);
	return !mdm_read_small(p, u, sizeof(u)) && !strncmp(u, "LVM-", 4);
}

/* The device's node: path when it is that device (devtmpfs), else one
 * made for the moment.  (stat before open: musl's fstat is large.) */
static int open_dev(const char *path, uint64_t devno)
{
	struct stat st;
	int fd = stat(path, &st) || !S_ISBLK(st.st_mode) || st.st_rdev != devno ? -1 :
	         open(path, O_RDONLY | O_CLOEXEC);

	return fd >= 0 ? fd : mdm_open_devno(devno, O_RDONLY);
}

/* Few system calls a device (a boot scans every one): open, read the
 * label sectors, close; the size only of a PV. */
static int scan_dev(struct mdm_lvm_scan *s, const char *path, uint64_t devno, bool maybe_lv)
{
	unsigned char head[LABEL_READ];
	struct mdm_lvm_pvinfo *p;
	uint64_t bytes = 0;
	int fd, e;

	if (maybe_lv && is_lv(mdm_major(devno), mdm_minor(devno)))
		return 0;
	fd = open_dev(path, devno);
	if (fd < 0)
		return 0;
	if (grow((void **)&s->pv, s->npv, sizeof(*s->pv))) {
		close(fd);
		return -ENOMEM;
	}
	p = memset(&s->pv[s->npv], 0, sizeof(*p));
	e = pv_read(&fd, 0, head, sizeof(head));
	if (e || mdm_lvm_label_read(head, sizeof(head), &p->label) ||
	    ioctl(fd, MDM_BLKGETSIZE64, &bytes) < 0) {
		close(fd);
		return 0;
	}
	snprintf(p->path, sizeof(p->path), "%s", path);
	p->major = mdm_major(devno);
	p->minor = mdm_minor(devno);
	p->sectors = bytes / MDM_SECTOR;
	p->copy0 = s->ncopy;
	for (uint32_t i = 0; i < p->label.n_mda && !e; i++)
		e = add_copy(s, fd, s->npv, &p->label.mda[i]);
	close(fd);
	s->npv++;
	return e;
}

/* Every block device the kernel lists: /proc/partitions, whose lines are
 * "MAJOR MINOR BLOCKS NAME" after a heading. */
static int scan_all(struct mdm_lvm_scan *s)
{
	char buf[64 * 1024], *w[4], path[80];
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
				e = scan_dev(s, path, mdm_mkdev(ma, mi), !strncmp(w[3], "dm-", 3));
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
	int e = 0;

	memset(s, 0, sizeof(*s));
	if (!n)
		e = scan_all(s);
	for (size_t i = 0; i < n && !e; i++) {
		uint64_t devno;

		e = mdm_devnode_to_devno(devs[i], &devno);
		if (e)
			return mdm_fail(ctx, e, "lvm scan", devs[i], NULL);
		e = scan_dev(s, devs[i], devno, true);
	}
	for (size_t i = 0; i < s->npv; i++)
		for (size_t k = 0; k < s->pv[i].ncopies; k++)
			s->copy[s->pv[i].copy0 + k].dev = s->pv[i].path;
	return e ? mdm_fail(ctx, e, "lvm scan", NULL, NULL) : 0;
}

/* ---- a VG from the scan ------------------------------------------------- */

int mdm_lvm_load(struct mdm_ctx *ctx, struct mdm_lvm_scan *s, const char *vgname,
                 struct mdm_lvm_arena *a, struct mdm_lvm_vg *vg)
{
	char msg[160] = "";
	int e;

	for (size_t size = (size_t)256 * 1024;; size *= 2) {
		free(a->base);
		a->base = malloc(size);
		a->size = size;
		a->used = 0;
		if (!a->base)
			return mdm_fail(ctx, ENOMEM, "lvm", vgname, NULL);
		e = mdm_lvm_choose(s->copy, s->ncopy, vgname, a, vg, msg, sizeof(msg));
		if (e != -ENOSPC || size >= ((size_t)64 << 20))
			break;
	}
	if (e == -ENOENT)
		return mdm_fail(ctx, ENOENT, "lvm", vgname, "no such volume group");
	if (e)
		return mdm_fail(ctx, e, "lvm", vgname, "%s", msg);
	/* a PV seen on two devices (a cloned disk): which is the real one? */
	for (size_t i = 0; i < s->npv; i++)
		for (size_t j = i + 1; j < s->npv; j++)
			if (!strcmp(s->pv[i].label.pv_id, s->pv[j].label.pv_id)) {
				char id[40];

				mdm_lvm_id_format(s->pv[i].label.pv_id, id);
				for (uint32_t k = 0; k < vg->npv; k++)
					if (!strcmp(vg->pv[k].id, s->pv[i].label.pv_id))
						return mdm_fail(ctx, EEXIST, "lvm", vgname, "PV %s is on "
						                "both %s and %s", id, s->pv[i].path,
						                s->pv[j].path);
			}
	return 0;
}

/* For each PV of the VG: where the scan found it. */
void mdm_lvm_pvdevs(const struct mdm_lvm_scan *s, const struct mdm_lvm_vg *vg,
                    struct mdm_lvm_pvdev *pd)
{
	for (uint32_t k = 0; k < vg->npv; k++) {
		memset(&pd[k], 0, sizeof(pd[k]));
		for (size_t i = 0; i < s->npv; i++)
			if (!strcmp(vg->pv[k].id, s->pv[i].label.pv_id))
				pd[k] = (struct mdm_lvm_pvdev){ true, s->pv[i].major, s->pv[i].minor,
				                                 s->pv[i].sectors };
	}
}

/* ---- bringing a plan up ------------------------------------------------- */

/* dev's table with every @N replaced by the number of device N. */
static int dev_table(struct mdm_ctx *ctx, const struct mdm_lvm_plan *p, uint32_t i,
                     const char *const *subst, struct mdm_table *tab)
{
	const struct mdm_lvm_dev *d = &p->dev[i];
	char params[1024];

	memset(tab, 0, sizeof(*tab));
	for (uint32_t k = 0; k < d->ntargets; k++)
		if (mdm_lvm_expand(d->t[k].params, subst, i, params, sizeof(params)) ||
		    mdm_table_add(tab, d->t[k].start, d->t[k].len, d->t[k].type, params))
			return mdm_fail(ctx, EINVAL, "lvm activate", d->name, "cannot build its table");
	return 0;
}

/* Before a pool or cache is made: its metadata device's superblock (magic,
 * checksum, needs_check) in place of thin_check / cache_check. */
static int check_meta(struct mdm_ctx *ctx, const struct mdm_lvm_dev *d,
                      const struct mdm_table *tab, bool ro)
{
	bool cache = !strcmp(tab->t[0].type, "cache"), fresh;
	uint64_t meta;
	struct mdm_sb sb;
	char dev[32];

	if (!cache && strcmp(tab->t[0].type, "thin-pool"))
		return 0;
	snprintf(dev, sizeof(dev), "%.*s", (int)strcspn(tab->t[0].params, " "), tab->t[0].params);
	if (mdm_parse_devno(dev, &meta))
		return mdm_fail(ctx, EINVAL, "lvm activate", d->name, "no metadata device");
	return mdm_meta_check(ctx, "lvm activate", d->name, meta, cache, false, ro, &sb, &fresh);
}

/* A new thin-pool must report the metadata's transaction id (lvm takes
 * one less: a transaction that was not committed). */
static int check_transaction(struct mdm_ctx *ctx, const struct mdm_lvm_vg *vg,
                             const struct mdm_lvm_dev *d, const struct mdm_table *tab)
{
	const struct mdm_lvm_lv *lv = &vg->lv[d->lv];
	struct mdm_pool_status st;
	uint64_t want = 0;
	int e;

	if (strcmp(tab->t[0].type, "thin-pool"))
		return 0;
	for (uint32_t k = 0; k < lv->nsegs; k++)
		if (lv->seg[k].type == MDM_LVM_SEG_THIN_POOL)
			mdm_lvm_get_u64(lv->seg[k].sec, "transaction_id", &want);
	e = mdm_thin_pool_check_health(ctx, d->name, d->ro, &st);
	if (e)
		return e;
	if (st.transaction_id != want && st.transaction_id + 1 != want)
		return mdm_fail(ctx, EPROTO, "lvm activate", d->name, "pool transaction id %llu, "
		                "metadata says %llu", (unsigned long long)st.transaction_id,
		                (unsigned long long)want);
	return 0;
}

/* udev's database entry with lvm's keys, for the real root's udev. */
static void db_entry(struct mdm_ctx *ctx, const struct mdm_lvm_vg *vg,
                     const struct mdm_lvm_dev *d, const struct mdm_info *info)
{
	const char *lv = vg->lv[d->lv].name;
	size_t vl = strlen(vg->name), ll = strlen(lv);
	char extra[512];
	const char *layer = "";
	int n;

	/* the name is VG-LV[-LAYER] with every '-' doubled: find the layer */
	for (size_t i = 0, k = 0; d->name[i]; i++, k++) {
		if (k == vl + 1 + ll && d->name[i] == '-') {
			layer = d->name + i + 1;
			break;
		}
		if (d->name[i] == '-' && d->name[i + 1] == '-')
			i++;
	}
	n = snprintf(extra, sizeof(extra), "E:DM_VG_NAME=%s\nE:DM_LV_NAME=%s\n%s%s%s", vg->name, lv,
	             *layer ? "E:DM_LV_LAYER=" : "", layer, *layer ? "\n" : "");
	/* the disable flags lvm sends, as the dm rules record them */
	snprintf(extra + n, sizeof(extra) - (size_t)n, "%s%s%s",
	         d->udev_flags & MDM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG
	         ? "E:DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG=1\n" : "",
	         d->udev_flags & MDM_UDEV_DISABLE_DISK_RULES_FLAG
	         ? "E:DM_UDEV_DISABLE_DISK_RULES_FLAG=1\n" : "",
	         d->udev_flags & MDM_UDEV_DISABLE_OTHER_RULES_FLAG
	         ? "E:DM_UDEV_DISABLE_OTHER_RULES_FLAG=1\n" : "");
	mdm_udev_db_write(ctx, info, extra);
}

/* /dev/VG/LV for a visible LV's own device, as lvm's fallback: when udev
 * does not run the dm rules, or ran them without lvm's rules (an initramfs
 * without them) and so made no link. */
static void lv_link(const struct mdm_ctx *ctx, const struct mdm_lvm_vg *vg,
                    const struct mdm_lvm_dev *d, const struct mdm_info *info)
{
	const struct mdm_lvm_lv *lv = &vg->lv[d->lv];
	char dir[sizeof("/dev/") + DM_NAME_LEN], link[sizeof(dir) + DM_NAME_LEN], to[40];
	struct stat st;

	char own[DM_NAME_LEN];

	/* the LV's own device (VG-LV with every '-' doubled, no layer), not one
	 * lvm keeps from udev's subsystem rules (an in-use pool's VG-POOL) */
	if (ctx->no_nodes || ctx->cookie || !mdm_lvm_lv_visible(vg, (uint32_t)d->lv) ||
	    (d->udev_flags & MDM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG) ||
	    mdm_lvm_dm_name(vg->name, lv->name, "", own, sizeof(own)) || strcmp(own, d->name))
		return;
	snprintf(dir, sizeof(dir), "/dev/%s", vg->name);
	snprintf(link, sizeof(link), "%s/%s", dir, lv->name);
	if (ctx->udev_sync && lstat(link, &st) == 0)
		return;                 /* udev's rules made it */
	snprintf(to, sizeof(to), "/dev/dm-%u", info->minor);
	if (stat(to, &st) || !S_ISBLK(st.st_mode) || st.st_rdev != makedev(info->major, info->minor))
		snprintf(to, sizeof(to), "../mapper/%.28s", d->name);
	else
		snprintf(to, sizeof(to), "../dm-%u", info->minor);
	mkdir(dir, 0755);
	unlink(link);
	symlink(to, link);
}

/* Make device i of the plan (create, load, resume with lvm's udev flags). */
static int make(struct mdm_ctx *ctx, const struct mdm_lvm_dev *d, const struct mdm_table *tab,
                struct mdm_info *info)
{
	struct mdm_id id = { .name = d->name };
	uint32_t ro = d->ro ? DM_READONLY_FLAG : 0;
	struct mdm_err saved;
	unsigned no_nodes = ctx->no_nodes;
	int e;

	ctx->no_nodes = 1;              /* the entry comes after the resume */
	e = mdm_udev_create(ctx, d->name, d->uuid, -1, ro, info);
	ctx->no_nodes = no_nodes;
	if (e)
		return e;
	e = mdm_table_load(ctx, &id, tab, ro);
	if (!e)
		e = mdm_udev_resume(ctx, &id, 0, d->udev_flags);
	if (!e)
		return 0;
	saved = ctx->err;
	mdm_udev_remove_retry(ctx, &id, 0, 5);
	ctx->err = saved;
	return e;
}

static int up(struct mdm_ctx *ctx, const struct mdm_lvm_vg *vg, const struct mdm_lvm_plan *p,
              uint32_t i, char (*subst)[24], bool *made, mdm_lvm_report_fn *fn, void *arg,
              bool dry)
{
	const struct mdm_lvm_dev *d = &p->dev[i];
	const char *sub[MDM_LVM_MAX_DEVS];
	struct mdm_table tab, other;
	struct mdm_info info;
	enum mdm_ensure_state st;
	int e;

	for (uint32_t k = 0; k < i; k++)
		sub[k] = subst[k];
	e = dev_table(ctx, p, i, sub, &tab);
	if (!e)
		e = mdm_ensure_prepare(ctx, d->name, &tab, dry, &st, &info, &other);
	if (e == -EEXIST && fn)
		fn(arg, d, &tab, &other, e);
	mdm_table_free(&other);
	if (!e && !dry && st != MDM_ENSURE_ACTIVE && st != MDM_ENSURE_RESUMED) {
		e = check_meta(ctx, d, &tab, d->ro);
		if (!e)
			e = make(ctx, d, &tab, &info);
		*made = !e;
		if (!e && (e = check_transaction(ctx, vg, d, &tab)) != 0) {
			struct mdm_err saved = ctx->err;

			mdm_udev_remove_retry(ctx, &(struct mdm_id){ .name = d->name }, 0, 5);
			ctx->err = saved;
			*made = false;
		}
		if (!e)
			db_entry(ctx, vg, d, &info);
	} else if (!e && !dry) {
		mdm_udev_node_keep(ctx, &info);
	}
	if (!e && !dry)
		lv_link(ctx, vg, d, &info);
	if (!e && fn)
		fn(arg, d, &tab, NULL, dry ? 0 : (int)st);
	/* a device a dry run would make has no number yet: its name stands in */
	if (!e && dry && !info.exists)
		snprintf(subst[i], sizeof(subst[i]), "%.23s", d->name);
	else if (!e)
		snprintf(subst[i], sizeof(subst[i]), "%u:%u", info.major, info.minor);
	mdm_table_free(&tab);
	return e;
}

int mdm_lvm_apply(struct mdm_ctx *ctx, const struct mdm_lvm_vg *vg, const struct mdm_lvm_plan *p,
                  bool dry, mdm_lvm_report_fn *fn, void *arg)
{
	char (*subst)[24] = calloc(p->n ? p->n : 1, sizeof(*subst));
	bool *made = calloc(p->n ? p->n : 1, sizeof(*made));
	struct mdm_err saved;
	uint32_t i;
	int e = subst && made ? 0 : mdm_fail(ctx, ENOMEM, "lvm activate", vg->name, NULL);

	for (i = 0; i < p->n && subst && made && !e; i++)
		e = up(ctx, vg, p, i, subst, &made[i], fn, arg, dry);
	if (e && made) {                /* leave nothing half-made: last first */
		saved = ctx->err;
		while (i-- > 0)
			if (made[i])
				mdm_udev_remove_retry(ctx, &(struct mdm_id){ .name = p->dev[i].name },
				                      0, 5);
		ctx->err = saved;
	}
	free(subst);
	free(made);
	return e;
}

/* ---- taking it down ----------------------------------------------------- */

/* dmsetup splitname: VG-LV[-LAYER] with every '-' inside a part doubled.
 * Compares the VG part (and the LV part when lv) with the names given. */
static bool lvm_name_is(const char *name, const char *vg, const char *lv)
{
	const char *want[2] = { vg, lv };
	const char *p = name;

	for (int part = 0; part < 2 && want[part]; part++) {
		const char *w = want[part];

		for (; *p && !(*p == '-' && p[1] != '-'); p++, w++) {
			if (*p != *w)
				return false;
			if (*p == '-')
				p++;            /* "--" is one '-' */
		}
		if (*w)
			return false;
		if (part == 0 && *p != '-')
			return false;
		p += *p == '-';
		if (part == 1 && *p && p[-1] != '-')
			return false;
	}
	return true;
}

struct down {
	struct mdm_devlist l;
	struct mdm_dev *dv;             /* the list's devices, in its order */
	uint64_t **deps;
	size_t *ndeps;
	bool *gone, *mine, *vgs, *real, *layer;  /* real, layer: from the uuid */
};

/* Is device i used by another device that is still there? */
static bool in_use(const struct down *d, size_t i)
{
	for (size_t j = 0; j < d->l.n; j++)
		for (size_t k = 0; !d->gone[j] && j != i && k < d->ndeps[j]; k++)
			if (d->deps[j][k] == d->dv[i].dev)
				return true;
	return false;
}

/* /dev/VG/LV of a device removed: the link lvm (or minidm) made for it */
static void unlink_lv(const char *vg, const char *name)
{
	char link[2 * DM_NAME_LEN + 8], *q;
	struct stat st;
	size_t n = (size_t)snprintf(link, sizeof(link), "/dev/%s/", vg);
	const char *p = name;

	/* name is VG-LV: skip the VG part, undouble the LV's dashes */
	while (*p && !(*p == '-' && p[1] != '-'))
		p += *p == '-' ? 2 : 1;
	if (!*p)
		return;
	for (q = link + n, p++; *p && q < link + sizeof(link) - 1; p++) {
		if (*p == '-' && p[1] != '-')
			return;                 /* a layer device: no link */
		*q++ = *p;
		p += *p == '-';
	}
	*q = 0;
	if (!lstat(link, &st) && S_ISLNK(st.st_mode))
		unlink(link);
	link[n - 1] = 0;
	rmdir(link);                    /* only when it is empty */
}

static bool uses(const struct down *d, size_t j, size_t i);

/* Is device i used by one of the selection's devices? */
static bool mine_uses(const struct down *d, size_t i)
{
	for (size_t j = 0; j < d->l.n; j++)
		if (d->mine[j] && uses(d, j, i))
			return true;
	return false;
}

/* Does device j use device i? */
static bool uses(const struct down *d, size_t j, size_t i)
{
	for (size_t k = 0; k < d->ndeps[j]; k++)
		if (d->deps[j][k] == d->dv[i].dev)
			return true;
	return false;
}

/* For an LV, what stands on its devices goes too (an origin's snapshots,
 * a pool's thin volumes), and a snapshot takes its origin along (both
 * stand on the origin's -real device), as lvm takes them down. */
static void mark_users(struct down *d)
{
	for (bool more = true; more;) {
		more = false;
		for (size_t j = 0; j < d->l.n; j++)
			for (size_t i = 0; i < d->l.n && d->vgs[j] && !d->mine[j]; i++) {
				if ((d->mine[i] && uses(d, j, i)) ||
				    (d->real[i] && uses(d, j, i) && mine_uses(d, i)))
					d->mine[j] = more = true;
			}
	}
}

static int down_pass(struct mdm_ctx *ctx, struct down *d, const char *vg, bool layers,
                     mdm_lvm_down_fn *fn, void *arg, unsigned *removed)
{
	int e = 0;

	for (size_t i = 0; i < d->l.n && !e; i++) {
		if (d->gone[i] || !(d->mine[i] || (layers && d->layer[i])) || in_use(d, i))
			continue;
		e = mdm_udev_remove_retry(ctx, &(struct mdm_id){ .name = d->dv[i].name }, 0, 5);
		if (!e) {
			d->gone[i] = true;
			(*removed)++;
			unlink_lv(vg, d->dv[i].name);
			if (fn)
				fn(arg, d->dv[i].name);
		}
	}
	return e;
}

int mdm_lvm_deactivate(struct mdm_ctx *ctx, const char *vg, const char *lv,
                       mdm_lvm_down_fn *fn, void *arg)
{
	struct down d = { 0 };
	bool found = false;
	unsigned removed;
	int e = mdm_list_devices(ctx, &d.l);
	size_t n = d.l.n ? d.l.n : 1;

	if (e)
		return e;
	d.dv = calloc(n, sizeof(*d.dv));
	d.deps = calloc(n, sizeof(*d.deps));
	d.ndeps = calloc(n, sizeof(*d.ndeps));
	d.gone = calloc(n, 5 * sizeof(bool));  /* gone, mine, vgs, real, layer */
	if (!d.dv || !d.deps || !d.ndeps || !d.gone) {
		e = mdm_fail(ctx, ENOMEM, "lvm deactivate", vg, NULL);
		goto out;
	}
	d.mine = d.gone + n, d.vgs = d.mine + n, d.real = d.vgs + n, d.layer = d.real + n;
	/* the VG's devices (LVM uuids, VG-... names); for an LV every other
	 * device stays and keeps what it uses */
	for (size_t i = 0; !e && mdm_devlist_next(&d.l, &d.dv[i]); i++) {
		struct mdm_id id = { .name = d.dv[i].name };
		struct mdm_info info;
		size_t ul;
		bool vgs;

		e = mdm_table_deps(ctx, &id, 0, &d.deps[i], &d.ndeps[i], &info);
		if (e == -ENXIO) {      /* gone meanwhile */
			d.gone[i] = true, e = 0;
			continue;
		}
		ul = strlen(info.uuid);
		d.real[i] = ul > 5 && !strcmp(info.uuid + ul - 5, "-real");
		d.layer[i] = ul > 68;
		vgs = !strncmp(info.uuid, "LVM-", 4) && lvm_name_is(d.dv[i].name, vg, NULL);
		d.vgs[i] = vgs;
		d.mine[i] = vgs && (!lv || lvm_name_is(d.dv[i].name, vg, lv));
		d.gone[i] = !vgs && !lv;
		found |= vgs;
	}
	if (lv && !e)
		mark_users(&d);
	/* top devices first, then what nothing uses any more: the selected LVs'
	 * own devices, then (for an LV) the VG's layer devices left unused */
	do {
		removed = 0;
		if (!e)
			e = down_pass(ctx, &d, vg, !!lv, fn, arg, &removed);
	} while (!e && removed);
	for (size_t i = 0; i < d.l.n && !e; i++)
		if (d.mine[i] && !d.gone[i])
			e = mdm_fail(ctx, EBUSY, "lvm deactivate", d.dv[i].name, "in use");
out:
	for (size_t i = 0; d.deps && i < d.l.n; i++)
		free(d.deps[i]);
	free(d.deps);
	free(d.ndeps);
	free(d.gone);
	free(d.dv);
	mdm_devlist_free(&d.l);
	if (!e && !found)
		e = -ENOENT;            /* nothing of it active: the caller says if it exists */
	return e;
}
