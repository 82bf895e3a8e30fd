/* activate.c - bring up the devices of the kernel command line and the
 * config file, in order; the boot path.  Also the plan/apply pair every
 * create-type command runs through.
 *
 * activate [--config FILE] [--cmdline FILE] [--timeout SECONDS] [--dry-run]
 *
 * Order: dm-mod.waitfor= members, dm-mod.create= devices, then the config
 * file's lines (minidm.conf=, default /etc/minidm.conf).  Each device:
 * wait for its members (up to the timeout), then if it is already active
 * with the same table leave it, with another table fail naming both, else
 * create it.  One line per device on stdout and /dev/kmsg, with the time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "minidm-lvm.h"

#define LINE_MAX_WORDS 64
/* the kernel keeps at most 2048 bytes of command line (x86): 1024 words */
#define CMDLINE_MAX_WORDS 1024
#define CONF_MAX (1u << 20)

uint64_t cli_now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

#define now_us cli_now_us

void cli_waiting(const struct cli *c, uint64_t start, uint64_t *next, const char *what,
                 const char *name)
{
	uint64_t now = now_us();

	if (now < *next)
		return;
	*next = now + 1000000;
	cli_klog_flush();
	fprintf(stderr, "%s: activate: waiting for %s%s (%u s)\n", c->prog, what, name,
	        (unsigned)((now - start) / 1000000));
}

/* All of a file (at most max - 1 bytes), or NULL after printing
 * "PATH: why" (nothing for a missing file when missing_ok). */
static char *read_file(struct cli *c, const char *path, size_t max, bool missing_ok)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;
	char *text = fd < 0 ? NULL : cli_slurp(fd, max);

	e = errno;
	if (fd >= 0)
		close(fd);
	if (!text && e == EFBIG)
		cli_err(c, path, "larger than %zu KiB", max >> 10);
	else if (!text && !(missing_ok && e == ENOENT))
		cli_errno(c, path, e);
	errno = e;
	return text;
}

/* A plan's device made: its own apply, else its table loaded. */
static int plan_setup(struct cli *c, struct plan *p)
{
	return p->apply ? p->apply(c, p)
	                : cli_dmrc(c, mdm_dev_setup(&c->dm, p->name, p->uuid, &p->tab, p->flags, NULL),
	                           p->name);
}

int cli_plan_apply(struct cli *c)
{
	struct plan p;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = c->cmd->plan(c, &p);
	if (!rc)
		rc = plan_setup(c, &p);
	mdm_table_free(&p.tab);
	return rc;
}

/* ---- logging ------------------------------------------------------------- */

void cli_table_put(FILE *f, const char *prefix, const struct mdm_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		fprintf(f, "%s%llu %llu %s %s", prefix, (unsigned long long)t->t[i].start,
		        (unsigned long long)t->t[i].length, t->t[i].type, t->t[i].params);
		fputc('\n', f);        /* (the format is cli_klog's) */
	}
}

int cli_conflict(struct cli *c, const char *name, const struct mdm_table *active,
                 const struct mdm_table *wanted)
{
	cli_err(c, name, "already active with another table:");
	cli_table_put(stderr, "  active: ", active);
	cli_table_put(stderr, "  wanted: ", wanted);
	return 1;
}

#define KMSG_PREFIX "<5>minidm: "
#define LINE_LEN 512

/* The lines of the devices made wait here for the next table load, which
 * writes them beside its wait in the kernel (mdm_ctx.later), or for the
 * next other output or the end: records of "LINE\0", in order. */
static char pend[4 * LINE_LEN];
static size_t npend;

void cli_klog_flush(void)
{
	/* /dev/kmsg's descriptor + 1, and the lines written through it: the
	 * kernel drops a writer's lines past 10 in 5 s (its rate limit, kept
	 * per open file), so every 10 lines it is opened again */
	static int fd1;
	static unsigned nk;
	/* the kernel log takes a record per write: "<5>minidm: LINE\n" */
	char rec[sizeof(KMSG_PREFIX) - 1 + LINE_LEN + 1] = KMSG_PREFIX;
	size_t n;

	for (char *line = pend; line < pend + npend; line += n + 1) {
		n = strlen(line);
		printf("%s: %s\n", cli_prog, line);
		if (!(nk++ % 10)) {
			if (fd1)
				close(fd1 - 1);
			fd1 = open("/dev/kmsg", O_WRONLY | O_CLOEXEC) + 1;
		}
		memcpy(rec + sizeof(KMSG_PREFIX) - 1, line, n);
		rec[sizeof(KMSG_PREFIX) - 1 + n] = '\n';
		if (fd1)
			write(fd1 - 1, rec, sizeof(KMSG_PREFIX) + n);
	}
	if (npend)
		fflush(stdout);
	npend = 0;
}

static void klog_later(struct mdm_ctx *ctx)
{
	(void)ctx;
	cli_klog_flush();
}

void cli_klog(const struct cli *c, const char *fmt, const char *name,
                 const struct mdm_table *t, uint64_t since)
{
	uint64_t us = now_us() - since;
	char line[LINE_LEN];
	int n;

	n = snprintf(line, LINE_LEN, fmt, name, (unsigned)(us / 1000), (unsigned)(us % 1000));
	for (size_t i = 0; t && i < t->n && n > 0 && (size_t)n < LINE_LEN; i++)
		n += snprintf(line + n, LINE_LEN - (size_t)n, "%s%llu %llu %s %s", i ? ", " : ": ",
		              (unsigned long long)t->t[i].start, (unsigned long long)t->t[i].length,
		              t->t[i].type, t->t[i].params);
	n = n < 0 ? 0 : n >= LINE_LEN ? LINE_LEN - 1 : n;
	if (npend + (size_t)n + 1 > sizeof(pend))
		cli_klog_flush();
	memcpy(pend + npend, line, (size_t)n + 1);
	npend += (size_t)n + 1;
	if (!c->dm.later)       /* no load to come that could write it */
		cli_klog_flush();
}

/* ---- what a dry run would make -------------------------------------------- */

/* The names of the devices a dry run would make (copies, kept to the
 * exit): a later line may use one (a thin on its pool), which has no
 * number yet. */
static const char *would[256];
static unsigned nwould;

bool cli_would_make(const char *name)
{
	for (unsigned i = 0; i < nwould; i++)
		if (!strcmp(would[i], name))
			return true;
	return false;
}

/* ---- waiting for members ------------------------------------------------- */

struct boot {
	struct cli *c;
	uint32_t timeout;
	bool dry;
	unsigned nkeep;
	char *keep[256];         /* strings made by resolve_word, freed at the end */
};

/* Replace member names in s (PARTUUID=, PARTLABEL=) by their paths, and
 * check every member word is there.  Returns 0, -ENOENT (not yet) with the
 * missing one in miss, or another -errno. */
static int resolve_text(const char *s, char **out, char *miss, size_t mlen)
{
	struct sbuf o = { 0 };
	int e = 0;

	sb_printf(&o, "%s", "");
	while (*s) {
		size_t w = strcspn(s, " ,;\t\n");
		char tok[512], dev[256], path[256];

		if (w < sizeof(tok) && w) {
			memcpy(tok, s, w);
			tok[w] = 0;
			if (mdm_member_word(tok, dev, sizeof(dev))) {
				int f = mdm_member_find(dev, path, sizeof(path));

				if (f && !e) {
					snprintf(miss, mlen, "%s", dev);
					e = f;
				}
				if (!f) {               /* the path for the name */
					sb_printf(&o, "%s", path);
					s += strlen(dev);
					w -= strlen(dev);
				}
			}
		}
		w += strspn(s + w, " ,;\t\n");
		sb_printf(&o, "%.*s", (int)w, s);
		s += w;
	}
	if (!e && !o.s)
		e = -ENOMEM;
	if (e)
		free(o.s);
	else
		*out = o.s;
	return e;
}

/* Wait until every member in words[] is there; rewrite words in place. */
static int wait_members(struct boot *b, char **words, int n)
{
	char miss[256];
	uint64_t start = now_us(), next = start + 1000000;

	*miss = 0;
	for (;;) {
		int e = 0, i;

		for (i = 0; i < n && !e; i++) {
			char *r = NULL;

			e = resolve_text(words[i], &r, miss, sizeof(miss));
			if (!e && strcmp(r, words[i]) && b->nkeep < 256) {
				b->keep[b->nkeep++] = r;
				words[i] = r;
			} else if (!e) {
				free(r);
			}
		}
		if (!e)
			return 0;
		if (e != -ENOENT)
			return cli_errno(b->c, miss, -e);
		if (now_us() >= b->c->deadline)
			return cli_err(b->c, miss, "not there after %u s: giving up (minidm.timeout=)",
			               b->timeout);
		cli_waiting(b->c, start, &next, "", miss);
		usleep(20000);
	}
}

/* Wait for the members of each target of a table; rewrite PARTUUID= and
 * PARTLABEL= to paths. */
static int wait_table(struct boot *b, struct mdm_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		char *p = t->t[i].params;
		int rc = wait_members(b, &p, 1);

		if (rc)
			return rc;
		/* a rewritten one is the last kept: the table takes it, the
		 * old one is freed at the end instead */
		if (p != t->t[i].params)
			b->keep[b->nkeep - 1] = t->t[i].params, t->t[i].params = p;
	}
	return 0;
}

/* ---- one device ----------------------------------------------------------- */

static int up(struct boot *b, struct cli *c, struct plan *p)
{
	struct mdm_info info;
	struct mdm_table cur;
	enum mdm_ensure_state st;
	uint64_t t0 = now_us();
	unsigned fallbacks = c->dm.udev_fallbacks;
	int rc;

	if (!p->tab.n)
		return cli_err(c, p->name, "no table: activate makes devices with a table only");
	rc = mdm_ensure_prepare(&c->dm, p->name, &p->tab, b->dry, &st, &info, &cur);
	if (rc == -EEXIST) {
		cli_conflict(c, p->name, &cur, &p->tab);
		mdm_table_free(&cur);
		return 1;
	}
	if (rc)
		return cli_dmerr(c, p->name);
	if ((st == MDM_ENSURE_HALF_MADE && !b->dry) || st == MDM_ENSURE_RESUMED)
		cli_klog(c, st == MDM_ENSURE_RESUMED ? "%s: was suspended: resumed (%u.%03u ms)"
		         : "%s: removed a half-made device (no live table) (%u.%03u ms)", p->name,
		         NULL, t0);
	if (st == MDM_ENSURE_ACTIVE || st == MDM_ENSURE_RESUMED) {
		if (!b->dry && p->health && (rc = p->health(c, p)))
			return rc;
		if (!b->dry) {
			mdm_udev_node_keep(&c->dm, &info);
			if (c->dm.udev_db)
				mdm_udev_db_keep(&c->dm, &info, c->dm.udev_db);
		}
		cli_klog(c, "%s: already active (%u.%03u ms)", p->name, NULL, t0);
		return 0;
	}
	if (b->dry) {
		if (nwould < 256 && (would[nwould] = strdup(p->name)))
			nwould++;
		return cli_table_put(stdout, "", &p->tab), 0;
	}
	rc = plan_setup(c, p);
	if (!rc && p->health && !p->apply)
		rc = p->health(c, p);
	if (rc)
		return rc;
	fallbacks = c->dm.udev_fallbacks - fallbacks;   /* nodes udev did not make */
	if (fallbacks)
		cli_err(c, p->name, "udev did not make or complete /dev/mapper/%s in time: made by "
		        "minidm", p->name);
	cli_klog(c, c->dm.udev_sync && !fallbacks
	         ? "%s: activated in %u.%03u ms (udev made the nodes)"
	         : "%s: activated in %u.%03u ms", p->name, &p->tab, t0);
	return 0;
}

/* dm-mod.create= (the kernel's grammar) or a config line's `create
 * --concise` (dmsetup's): several devices. */
static int up_concise(struct boot *b, struct cli *c, const char *spec,
                      enum mdm_concise_grammar g)
{
	struct mdm_concise cs;
	char msg[256];
	int rc = 0;

	*msg = 0;
	if (mdm_concise_parse(spec, g, &cs, msg, sizeof(msg)))
		return cli_err(c, NULL, "%s: %s", g == MDM_CONCISE_KERNEL ? "dm-mod.create"
		                                                         : "--concise", msg);
	for (size_t i = 0; i < cs.n && !rc; i++) {
		struct plan p = { .name = cs.d[i].name, .uuid = cs.d[i].uuid, .tab = cs.d[i].table,
		                  .flags = cs.d[i].readonly || c->force_ro ? DM_READONLY_FLAG : 0 };

		rc = wait_table(b, &p.tab);     /* earlier devices of the spec are there */
		if (!rc && mdm_table_resolve_paths(&p.tab, msg, sizeof(msg)))
			rc = cli_errs(c, p.name, msg);
		else if (!rc)
			rc = up(b, c, &p);
		cs.d[i].table = p.tab;
	}
	mdm_concise_free(&cs);
	return rc;
}

/* `create NAME --table TABLE` in a config file (not inlined, as up_all:
 * 56 bytes less for the two) */
__attribute__((noinline))
static int create_plan(struct cli *c, struct plan *p)
{
	char msg[256];
	size_t line = 0;

	*msg = 0;
	if (!c->argc || !OPT(c, OP_TABLE))
		return cli_usage(c, "in a config file: create NAME --table TABLE or create --concise SPEC");
	p->name = c->argv[0];
	p->uuid = c->opt[OP_UUID];
	p->flags = OPT(c, OP_READONLY) || c->force_ro ? DM_READONLY_FLAG : 0;
	if (mdm_table_parse(&p->tab, c->opt[OP_TABLE], &line, msg, sizeof(msg)))
		return cli_usage(c, "%s: table line %zu: %s", p->name, line, msg);
	if (mdm_table_resolve_paths(&p->tab, msg, sizeof(msg)))
		return cli_errs(c, p->name, msg);
	return 0;
}

/* ---- the config file ------------------------------------------------------ */

/* One line; its errors are one line each, "minidm: activate FILE:LINE: ...",
 * and a usage error in the file fails activate with 1. */
static int config_line(struct boot *b, char *text, unsigned lineno, const char *file)
{
	char *words[LINE_MAX_WORDS + 1], where[4096];
	const char *why;
	struct cli sub;
	struct plan p;
	bool concise;
	int n = mdm_config_split(text, words + 1, LINE_MAX_WORDS, &why), rc;

	snprintf(where, sizeof(where), "%s:%u", file, lineno);
	cli_context(b->c, where);
	if (n <= 0) {
		rc = n < 0 ? cli_errs(b->c, NULL, why) : 0;
		cli_context(NULL, NULL);
		return rc;
	}
	words[0] = "minidm";
	concise = false;
	for (int i = 1; i <= n; i++)
		concise |= !strcmp(words[i], "--concise");
	/* a concise spec waits device by device (it may use its own devices) */
	rc = concise ? 0 : wait_members(b, words + 1, n);
	if (rc) {
		cli_context(NULL, NULL);
		return rc;
	}
	memset(&sub, 0, sizeof(sub));
	sub.prog = b->c->prog;
	sub.dm = b->c->dm;
	sub.ctx_open = sub.shared_dm = true;
	sub.force_ro = b->c->force_ro;
	sub.klog = true;
	sub.deadline = b->c->deadline;
	rc = cli_parse(&sub, n + 1, words);
	if (b->dry)                             /* a line's lvm activate too */
		OPT_SET(&sub, OP_DRYRUN, "");
	if (!rc && !strcmp(sub.name, "create") && OPT(&sub, OP_CONCISE))
		rc = up_concise(b, &sub, sub.argc ? sub.argv[0] : "", MDM_CONCISE_DMSETUP);
	else if (!rc && sub.cmd->opts & O_BOOT)
		rc = sub.cmd->fn(&sub);
	else if (!rc && !(sub.cmd->opts & O_PLAN) && strcmp(sub.name, "create"))
		rc = cli_err(b->c, NULL, "'%.*s' cannot be used in a config file",
		             (int)strcspn(sub.name, " "), sub.name);
	else if (!rc) {
		memset(&p, 0, sizeof(p));
		rc = sub.cmd->opts & O_PLAN ? sub.cmd->plan(&sub, &p) : create_plan(&sub, &p);
		if (!rc)
			rc = up(b, &sub, &p);
		mdm_table_free(&p.tab);
	}
	b->c->dm = sub.dm;                      /* the context may have grown */
	cli_free(&sub);
	cli_context(NULL, NULL);
	return rc < 0 ? 0 : rc ? 1 : 0;
}

static int run_config(struct boot *b, const char *file, bool must_exist)
{
	char *text = read_file(b->c, file, CONF_MAX, !must_exist), *line, *next;
	unsigned lineno = 0;
	int rc = 0;

	if (!text)
		return errno == ENOENT && !must_exist ? 0 : 1;
	for (line = text; line && !rc; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		rc = config_line(b, line, lineno, file);
	}
	free(text);
	return rc;
}

/* The VG/LV a root= or resume= path names, as Debian's initramfs-tools
 * reads it: /dev/mapper/VG-LV (split as dmsetup splitname splits: a single
 * '-' ends the VG, "--" is a '-'; no layer) or /dev/VG/LV.  A path that is
 * a block device already is no LV to activate. */
static bool lv_of_path(const char *path, char *out, size_t len)
{
	char part[3][DM_NAME_LEN];
	struct stat st;

	if (!path || (!stat(path, &st) && S_ISBLK(st.st_mode)))
		return false;
	if (strncmp(path, "/dev/mapper/", 12)) {
		const char *s = NULL;

		/* its '/' looked for once it is in /dev (a shorter path has no byte 5) */
		return !strncmp(path, "/dev/", 5) && (s = strchr(path + 5, '/')) && s > path + 5 &&
		       s[1] && !strchr(s + 1, '/') && snprintf(out, len, "%s", path + 5) < (int)len;
	}
	/* no layer: an LV's own device */
	return mdm_lvm_split(path + 12, part) == 2 && *part[0] && *part[1] &&
	       snprintf(out, len, "%s/%s", part[0], part[1]) < (int)len;
}

/* rd.lvm.vg= (as vgchange -ay VG) and rd.lvm.lv= (as lvchange -ay -K),
 * waiting for their PVs until the timeout. */
static int up_lvm(struct cli *c, const struct mdm_boot_params *bp)
{
	int rc = 0;

	for (unsigned i = 0; i < bp->nlvm && !rc; i++)
		rc = cli_lvm_up(c, bp->lvm[i], bp->lvm_lv[i], false);
	return rc;
}

/* After the config (a root it makes, a crypt device say, is no LV): the
 * LVs root= and resume= name, as Debian's lvm2 script activates them.
 * (Inlined into its one caller: 16 bytes less.) */
static inline __attribute__((always_inline)) int up_lvm_root(struct cli *c, const struct mdm_boot_params *bp)
{
	char lv[2][2 * DM_NAME_LEN];
	int rc = 0;

	*lv[0] = 0;                     /* no root LV: none resume= could repeat */
	if (lv_of_path(bp->root, lv[0], sizeof(lv[0])))
		rc = cli_lvm_up(c, lv[0], false, true);
	if (!rc && lv_of_path(bp->resume, lv[1], sizeof(lv[1])) &&
	    strcmp(lv[0], lv[1]))
		rc = cli_lvm_up(c, lv[1], false, true);
	return rc;
}

/* All of it, in order, once the command line is read (rd.lvm=0: no LVM). */
__attribute__((noinline))
static int up_all(struct boot *b, struct cli *c, struct mdm_boot_params *bp, char *cmdline)
{
	int rc = 0;

	b->dry = OPT(c, OP_DRYRUN);
	/* a dry run waits for no member unless --timeout says so: its own
	 * devices, members of later lines, are never there */
	if (OPT(c, OP_TIMEOUT) || b->dry)
		bp->timeout = (uint32_t)c->val[OP_TIMEOUT];
	b->timeout = bp->timeout;
	c->deadline = now_us() + (uint64_t)bp->timeout * 1000000u;
	c->force_ro = bp->ro;
	c->klog = true;
	if (cli_open(c))
		return 1;
	if (!b->dry) {          /* the udev database entries and lines beside the loads */
		c->dm.udev_db = "";
		c->dm.later = klog_later;
	}
	if (bp->waitfor) {
		char *w = cmdline + (bp->waitfor - cmdline);    /* a word of cmdline */

		rc = wait_members(b, &w, 1);
	}
	if (!rc && !bp->lvm_off)
		rc = up_lvm(c, bp);
	if (!rc && bp->create)
		rc = up_concise(b, c, bp->create, MDM_CONCISE_KERNEL);
	if (!rc)
		rc = run_config(b, OPT(c, OP_CONFIG) ? c->opt[OP_CONFIG] : bp->conf,
		                OPT(c, OP_CONFIG) || bp->conf_given);
	if (!rc && !bp->lvm_off)
		rc = up_lvm_root(c, bp);
	return rc;
}

static int cmd_activate(struct cli *c)
{
	struct mdm_boot_params bp;
	struct boot b = { .c = c };
	char *cmdline, **words, msg[160];
	const char *path = OPT(c, OP_CMDLINE) ? c->opt[OP_CMDLINE] : "/proc/cmdline";
	size_t max;
	int n, rc;

	if (!(cmdline = read_file(c, path, 1u << 16, false)))
		return 1;
	/* as many words as the text can hold (a character and a blank each),
	 * on the heap: 8 KiB of stack here put every frame below it on pages
	 * of their own */
	max = strlen(cmdline) / 2 + 1;
	if (max > CMDLINE_MAX_WORDS)
		max = CMDLINE_MAX_WORDS;
	words = malloc(max * sizeof(*words));
	n = !words ? -ENOMEM : mdm_cmdline_split(cmdline, words, (int)max);
	if (n < 0)
		rc = n == -ENOMEM ? cli_nomem(c, path)
		                  : cli_err(c, path, "more than %d words", CMDLINE_MAX_WORDS);
	else if (mdm_boot_params_parse(words, n, &bp, msg, sizeof(msg)))
		rc = (cli_errs(c, NULL, msg), 2);
	else
		rc = up_all(&b, c, &bp, cmdline);
	free(words);
	while (b.nkeep)
		free(b.keep[--b.nkeep]);
	free(cmdline);
	return rc;
}

/* minidm modules [--config FILE] [TARGET...]: the modules an initramfs
 * needs, one a line, dm-mod first: for the targets named (words of the
 * config file that name targets, or the arguments), else the usual ones. */
static bool has_line(const char *lines, const char *w, size_t n)
{
	for (const char *l = lines; *l; l += strcspn(l, "\n") + 1)
		if (strcspn(l, "\n") == n && !memcmp(l, w, n))
			return true;
	return false;
}

static void add_modules(const char *p, char *mods, size_t cap)
{
	while (*p) {
		size_t n = strcspn(p, " \t\n\"',;:#");
		char buf[64];
		const char *k = mdm_target_modules(p, n, buf, sizeof(buf)) ? buf : NULL;

		while (k && *k) {
			size_t kl = strcspn(k, " "), m = strlen(mods);

			if (!has_line(mods, k, kl) && m + kl + 2 < cap) {
				memcpy(mods + m, k, kl);
				memcpy(mods + m + kl, "\n", 2);
			}
			k += kl + (k[kl] == ' ');
		}
		if (p[n] == '#')
			n += strcspn(p + n, "\n");
		p += n + (p[n] != 0);
	}
}

static int cmd_modules(struct cli *c)
{
	char mods[512] = "dm-mod\n";
	char *text;

	if (OPT(c, OP_CONFIG)) {
		if (!(text = read_file(c, c->opt[OP_CONFIG], CONF_MAX, false)))
			return 1;
		add_modules(text, mods, sizeof(mods));
		free(text);
	}
	for (int i = 0; i < c->argc; i++)
		add_modules(c->argv[i], mods, sizeof(mods));
	if (!OPT(c, OP_CONFIG) && !c->argc)
		add_modules("thin-pool cache zero", mods, sizeof(mods));
	fputs(mods, stdout);
	return 0;
}

#define BOOT_CMDS(X) \
	X("activate\0" \
	  "[" L(CONFIG) " FILE] [" L(CMDLINE) " FILE] [" L(TIMEOUT) " SECONDS] [" L(DRYRUN) "]\0" \
	  "bring up boot devices", \
	  0, 0, O(CONFIG) | O(CMDLINE) | O(TIMEOUT) | O(DRYRUN), .fn = cmd_activate) \
	X("modules\0" \
	  "[" L(CONFIG) " FILE] [TARGET...]\0" \
	  "kernel modules needed", \
	  0, -1, O(CONFIG), .fn = cmd_modules)
CLI_DEFINE(boot, BOOT_CMDS);
