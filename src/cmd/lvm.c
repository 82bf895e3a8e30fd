/* lvm.c - LVM2 volume groups without lvm.
 *
 * lvm scan [--json] [DEV...]
 *     the PVs, VGs and LVs found (type, size, active, skip flag) and every
 *     metadata copy skipped and why
 * lvm activate [-K] [-r] [--dry-run] VG|VG/LV...
 *     as `lvm vgchange -ay VG` / `lvm lvchange -ay VG/LV`; -K: LVs with
 *     the activation-skip flag too; -r: read-only; --dry-run: print the
 *     devices and tables instead
 * lvm deactivate VG|VG/LV...
 *     as `lvm vgchange -an` / `lvchange -an`
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "minidm-lvm.h"

/* "VG" or "VG/LV" into vg and *lv (NULL for a VG); 0 or a usage error. */
static int vg_lv(struct cli *c, const char *arg, char *vg, size_t len, const char **lv)
{
	const char *s = strchr(arg, '/');
	size_t n = s ? (size_t)(s - arg) : strlen(arg);

	*lv = s ? s + 1 : NULL;
	if (!n || n >= len || (s && (!*lv || strchr(*lv, '/'))))
		return cli_usage(c, "'%s': a volume group VG or a volume VG/LV", arg);
	memcpy(vg, arg, n);
	vg[n] = 0;
	return 0;
}

static void report(void *arg, const struct mdm_lvm_dev *d, const struct mdm_table *tab,
                   const struct mdm_table *other, int e)
{
	struct cli *c = arg;
	/* by enum mdm_ensure_state */
	const char *how = cli_word("%s: activated\0%s: activated (a half-made one removed)\0"
	                           "%s: already active\0%s: resumed (was suspended)", e & 3);

	if (e == -EEXIST) {
		cli_conflict(c, d->name, other, tab);
		c->conflict = true;
	} else if (OPT(c, OP_DRYRUN)) {
		printf("%s%s uuid %s\n", d->name, d->ro ? " (read-only)" : "", d->uuid);
		cli_table_put(stdout, "  ", tab);
	} else if (c->klog) {           /* under activate: its lines, the tables made */
		cli_klog(c, how, d->name, e < MDM_ENSURE_ACTIVE ? tab : NULL, 0);
	} else if (OPT(c, OP_VERBOSE) || e != MDM_ENSURE_ACTIVE) {
		printf(how, d->name), putchar('\n');
	}
}


/* The UUIDs of the VG's PVs the scan did not find, into buf ("" if none). */
__attribute__((noinline))
static void missing_pvs(const struct mdm_lvm_vg *vg, const struct mdm_lvm_pvdev *pd, char *buf,
                        size_t len)
{
	size_t n = 0;

	*buf = 0;
	for (uint32_t k = 0; k < vg->npv && n + 48 < len; k++) {
		char id[40];

		if (pd[k].present)
			continue;
		mdm_lvm_id_format(vg->pv[k].id, id);
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", id);
	}
}

/* Plan the selection and bring it up; 0, or 1 after saying why. */
static int plan_apply(struct cli *c, const char *arg, const struct mdm_lvm_vg *vg,
                      const struct mdm_lvm_select *sel, struct mdm_lvm_arena *a)
{
	char msg[256];
	struct mdm_lvm_plan p;
	size_t mark = a->used;
	int rc = 0;

	*msg = 0;
	c->conflict = false;
	if (mdm_lvm_plan(vg, sel, a, &p, msg, sizeof(msg)))
		rc = cli_errs(c, arg, msg);
	else if (mdm_lvm_apply(&c->dm, vg, &p, OPT(c, OP_DRYRUN), report, c))
		rc = c->conflict ? 1 : cli_dmerr(c, arg);     /* a conflict: shown */
	a->used = mark;
	return rc;
}

/* root=/resume= LVs: how long no new PV may come before the devices count
 * as settled (a PV later than that needs rd.lvm.vg= or rd.lvm.lv=) */
#define SETTLE_US 5000000

/* VG or VG/LV: wait until the VG and all its PVs are there (or the
 * deadline), then bring it up. */
int cli_lvm_up(struct cli *c, const char *arg, bool ignore_skip, bool root)
{
	uint64_t deadline = c->deadline;
	char vgname[DM_NAME_LEN], miss[512];
	struct mdm_lvm_scan s = { 0 };
	/* the arena is kept for the next VG and left to the exit: unmapping
	 * its touched pages cost about 0.15 ms under emulation */
	static struct mdm_lvm_arena a;
	struct mdm_lvm_vg vg;           /* vg, pd and miss: read once the VG loads */
	struct mdm_lvm_pvdev *pd;
	struct mdm_lvm_select sel = { .ignore_skip = ignore_skip, .read_only = OPT(c, OP_READONLY) ||
	                              c->force_ro };
	uint64_t start = cli_now_us(), said = start + 1000000, news = start, now;
	size_t npv = 0;
	unsigned secs;
	int rc = vg_lv(c, arg, vgname, sizeof(vgname), &sel.lv), e = 0;

	if (rc)
		return rc;
	for (;;) {
		mdm_lvm_scan_free(&s);
		if (mdm_lvm_scan(&c->dm, NULL, 0, &s)) {
			rc = cli_dmerr(c, arg);
			goto out;
		}
		e = mdm_lvm_load(&c->dm, &s, vgname, &a, &vg, &pd);
		if (!e)
			missing_pvs(&vg, pd, miss, sizeof(miss));
		now = cli_now_us();
		if ((e != -ENOENT && (e || !*miss)) || now >= deadline)
			break;
		if (s.npv != npv)       /* PVs still coming */
			npv = s.npv, news = now;
		/* root=/resume= names no LV when no PV is of its VG once PVs
		 * stop coming (Debian's lvm2 script activates only what exists) */
		if (root && e == -ENOENT && now - news >= SETTLE_US)
			break;
		cli_waiting(c, start, &said, e ? "volume group " : "PVs ", e ? vgname : miss);
		usleep(100000);
	}
	secs = (unsigned)((now - start) / 1000000);
	if (e == -ENOENT && root)
		cli_klog(c, "%s: not an LV (no PV of its VG)", arg, NULL, 0);
	else if (e == -ENOENT && deadline)
		rc = cli_err(c, arg, "no volume group %s after %u s", vgname, secs);
	else if (e)
		rc = cli_dmerr(c, arg);
	else {
		if (*miss && deadline)
			cli_err(c, arg, "PVs missing after %u s: %s", secs, miss);
		sel.pvdev = pd;
		if (sel.lv || !*miss)
			rc = plan_apply(c, arg, &vg, &sel, &a);
		/* a PV missing: as lvm's "degraded" mode, the complete LVs come
		 * up one by one, those that need the PV are refused (exit 1) */
		for (uint32_t k = 0; !sel.lv && *miss && k < vg.nlv; k++) {
			if (!mdm_lvm_lv_visible(&vg, k))
				continue;
			sel.lv = vg.lv[k].name;
			rc |= plan_apply(c, arg, &vg, &sel, &a);
			sel.lv = NULL;
		}
	}
out:
	mdm_lvm_scan_free(&s);
	return rc;
}

/* Every argument a VG or VG/LV (a usage error else), then open. */
static int args_open(struct cli *c)
{
	char vgname[DM_NAME_LEN];
	const char *lv;
	int rc = 0;

	for (int i = 0; i < c->argc && !rc; i++)
		rc = vg_lv(c, c->argv[i], vgname, sizeof(vgname), &lv);
	return rc ? rc : cli_open(c);
}

static int lvm_activate(struct cli *c)
{
	int rc = args_open(c);

	if (rc)
		return rc;
	/* as lvm, the others still come up; as activate (a config line),
	 * not after a failure */
	for (int i = 0; i < c->argc && !(rc && c->klog); i++) {
		int r = cli_lvm_up(c, c->argv[i], OPT(c, OP_IGNORESKIP), false);

		rc = rc ? rc : r;
	}
	return rc;
}

/* Is there a VG (with that LV)?  Prints why not. */
static bool lvm_exists(struct cli *c, const char *vgname, const char *lvname)
{
	struct mdm_lvm_scan s;
	struct mdm_lvm_arena a = { 0 };
	struct mdm_lvm_vg vg;
	struct mdm_lvm_pvdev *pd;
	bool ok = false;

	if (mdm_lvm_scan(&c->dm, NULL, 0, &s) || mdm_lvm_load(&c->dm, &s, vgname, &a, &vg, &pd)) {
		cli_dmerr(c, vgname);
	} else {
		ok = !lvname;
		for (uint32_t k = 0; k < vg.nlv && !ok; k++)
			ok = !strcmp(vg.lv[k].name, lvname);
		if (!ok)
			cli_err(c, vgname, "no volume %s/%s", vgname, lvname);
	}
	free(a.base);
	mdm_lvm_scan_free(&s);
	return ok;
}

static void removed(void *arg, const char *name)
{
	if (OPT((struct cli *)arg, OP_VERBOSE))
		printf("%s: removed\n", name);
}

static int lvm_deactivate(struct cli *c)
{
	char vgname[DM_NAME_LEN];
	const char *lv;
	int rc = args_open(c);

	for (int i = 0; i < c->argc && !rc; i++) {
		int e;

		vg_lv(c, c->argv[i], vgname, sizeof(vgname), &lv);
		e = mdm_lvm_deactivate(&c->dm, vgname, lv, removed, c);
		if (e == -ENOENT)       /* nothing active: fine, if there is such a VG */
			rc = lvm_exists(c, vgname, lv) ? 0 : 1;
		else if (e)
			rc = cli_dmerr(c, c->argv[i]);
	}
	return rc;
}

/* ---- scan ----------------------------------------------------------------- */

static const char *lv_type(const struct mdm_lvm_lv *lv)
{
	const struct mdm_lvm_seg *g = lv->nsegs ? &lv->seg[0] : NULL;

	if (!g)
		return "none";
	if (g->type == MDM_LVM_SEG_STRIPED)
		return g->nstripes > 1 ? "striped" : "linear";
	return g->type_name ? g->type_name : "unknown";      /* (printed up to a '+') */
}

/* Its device is there: LVM-VGID+LVID, or with a pool's suffix. */
static bool lv_active(struct cli *c, const struct mdm_lvm_vg *vg, const struct mdm_lvm_lv *lv)
{
	char uuid[80];
	struct mdm_info i;

	for (int k = 0; k < 3; k++) {
		snprintf(uuid, sizeof(uuid), "LVM-%s%s%s", vg->id, lv->id,
		         cli_word("\0-pool\0-tpool", k));      /* its own, a pool's */
		if (!mdm_info(&c->dm, &(struct mdm_id){ .uuid = uuid }, &i) && i.exists)
			return true;
	}
	return false;
}

static const char *tf(bool b)
{
	return b ? "true" : "false";
}

__attribute__((noinline))
static void print_vg(struct cli *c, const struct mdm_lvm_vg *vg, bool first)
{
	bool json = OPT(c, OP_JSON);
	char id[40], size[32];

	mdm_lvm_id_format(vg->id, id);
	if (json)
		printf("%s{\"name\":\"%s\",\"uuid\":\"%s\",\"seqno\":%llu,\"extent_size\":%llu,"
		       "\"lvs\":[", first ? "" : ",", vg->name, id, (unsigned long long)vg->seqno,
		       (unsigned long long)vg->extent_size * MDM_SECTOR);
	else
		printf("VG %s  uuid %s  seqno %llu  %u PVs, %u LVs\n", vg->name, id,
		       (unsigned long long)vg->seqno, vg->npv, vg->nlv);
	for (uint32_t k = 0; k < vg->nlv; k++) {
		const struct mdm_lvm_lv *lv = &vg->lv[k];
		uint64_t bytes = lv->extents * vg->extent_size * MDM_SECTOR;
		bool act = lv_active(c, vg, lv), skip = lv->status & MDM_LVM_ACTIVATION_SKIP,
		     vis = mdm_lvm_lv_visible(vg, k);
		const char *type = lv_type(lv);
		int tl = (int)strcspn(type, "+");

		if (json)
			printf("%s{\"name\":\"%s\",\"type\":\"%.*s\",\"size_bytes\":%llu,\"active\":%s,"
			       "\"visible\":%s,\"skip\":%s}", k ? "," : "", lv->name, tl, type,
			       (unsigned long long)bytes, tf(act), tf(vis), tf(skip));
		else
			printf("  LV %-20s %-12.*s %10s  %s%s%s\n", lv->name, tl, type,
			       mdm_fmt_size(bytes, size, sizeof(size)), act ? "active" : "inactive",
			       skip ? ", skip" : "", vis ? "" : ", hidden");
	}
	if (json)
		printf("]}");
}

static int lvm_scan(struct cli *c)
{
	struct mdm_lvm_scan s;
	bool json = OPT(c, OP_JSON), first = true;
	int *taken;                     /* each copy's state in the round that took it */
	int rc = 0;

	if (cli_open(c))
		return 1;
	if (mdm_lvm_scan(&c->dm, (const char *const *)c->argv, (size_t)c->argc, &s))
		return cli_dmerr(c, NULL);
	printf(json ? "{\"pvs\":[" : "");
	for (size_t i = 0; i < s.npv; i++) {
		char id[40];

		mdm_lvm_id_format(s.pv[i].label.pv_id, id);
		printf(json ? "%s{\"device\":\"%s\",\"devno\":\"%u:%u\",\"uuid\":\"%s\"}"
		            : "%sPV %s  (%u:%u)  uuid %s\n", json && i ? "," : "", s.pv[i].path,
		       s.pv[i].major, s.pv[i].minor, id);
	}
	printf(json ? "],\"vgs\":[" : "");
	/* every VG once: each round loads the VG of the first copy no round
	 * has taken yet, from that copy on (all before it are taken) */
	taken = calloc(s.ncopy ? s.ncopy : 1, sizeof(*taken));
	for (size_t next = 0; taken; next++) {
		struct mdm_lvm_scan sub = s;
		struct mdm_lvm_arena a = { 0 };
		struct mdm_lvm_vg vg;
		struct mdm_lvm_pvdev *pd;

		while (next < s.ncopy && (taken[next] || s.copy[next].err))
			next++;
		if (next >= s.ncopy)
			break;
		sub.copy += next;
		sub.ncopy -= next;
		if (!mdm_lvm_load(&c->dm, &sub, NULL, &a, &vg, &pd)) {
			print_vg(c, &vg, first);
			first = false;
		}
		for (size_t i = next; i < s.ncopy; i++)
			if (!taken[i] && s.copy[i].state != MDM_LVM_COPY_OTHER_VG)
				taken[i] = s.copy[i].state ? s.copy[i].state : MDM_LVM_COPY_BAD;
		free(a.base);
	}
	printf(json ? "],\"skipped\":[" : "");
	first = true;
	for (size_t i = 0; i < s.ncopy; i++) {
		const struct mdm_lvm_copy *k = &s.copy[i];

		char why[48];
		const char *w = why;
		int st = taken ? taken[i] : 0;

		if (!k->err && st != MDM_LVM_COPY_BAD && st != MDM_LVM_COPY_OLDER)
			continue;
		if (st == MDM_LVM_COPY_OLDER)
			snprintf(why, sizeof(why), "older metadata (seqno %llu)",
			         (unsigned long long)k->seqno);
		else
			w = k->err == -EBADMSG ? "checksum error" : k->err ? strerror(-k->err) : k->why;
		printf(json ? "%s{\"device\":\"%s\",\"why\":\"%s\"}"
		            : "%smetadata copy on %s skipped: %s\n", json && !first ? "," : "",
		       k->dev, w);
		first = false;
	}
	if (json)
		printf("]}\n");
	free(taken);
	mdm_lvm_scan_free(&s);
	return rc;
}

#define LVM_CMDS(X) \
	X("lvm scan\0" \
	  "[" L(JSON) "] [DEV...]\0" \
	  "list LVM PVs, VGs, LVs, skipped copies", \
	  0, -1, O(JSON), .fn = lvm_scan) \
	X("lvm activate\0" \
	  "[-K] [-r] [" L(DRYRUN) "] VG|VG/LV...\0" \
	  "activate as lvm would", \
	  1, -1, O(IGNORESKIP) | O(READONLY) | O(DRYRUN) | O_BOOT, .fn = lvm_activate) \
	X("lvm deactivate\0" \
	  "VG|VG/LV...\0" \
	  "deactivate", \
	  1, -1, 0, .fn = lvm_deactivate)
CLI_DEFINE(lvm, LVM_CMDS);
