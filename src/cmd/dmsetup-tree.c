/* dmsetup-tree.c - ls --tree: every device with what it is stacked on, drawn as
 * dmsetup draws it.
 *
 * ls --tree [-o OPTIONS]   OPTIONS (comma separated, a prefix will do):
 *   device|nodevice   MAJ:MIN after the name (default on)
 *   blkdevname        the kernel's name (<dm-3>)
 *   active, open, rw, uuid   attributes in brackets
 *   ascii, utf, vt100 drawing characters (default: utf in a UTF-8 locale)
 *   compact           children on the parent's line when there is nothing else
 *   inverted          bottom up: disks first, then what uses them
 *   notrunc           do not cut lines at the terminal width (80 off a tty)
 *   table, status     accepted (dmsetup prints nothing more for them)
 *
 * The tree is built as libdevmapper builds it: devices in the kernel's
 * order, each added under the root unless something already uses it,
 * its dependencies linked below it in the order the kernel reports them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "dmsetup-tree.h"

/* ---- building ------------------------------------------------------------ */

static int il_add(struct ilist *l, int v)
{
	int *nv = mdm_grow((void **)&l->v, l->n, sizeof(int));

	if (!nv)
		return -ENOMEM;
	*nv = v;
	l->n++;
	return 0;
}

static bool il_has(const struct ilist *l, int v)
{
	for (uint32_t i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return true;
	return false;
}

static void il_del(struct ilist *l, int v)
{
	for (uint32_t i = 0; i < l->n; i++)
		if (l->v[i] == v) {
			memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(int));
			l->n--;
			return;
		}
}

static bool linked(const struct dtree *t, int p, int ch)
{
	return il_has(&t->n[p].uses, ch);
}

static int link_nodes(struct dtree *t, int p, int ch)
{
	if (linked(t, p, ch))
		return 0;
	return il_add(&t->n[p].uses, ch) ? -ENOMEM : il_add(&t->n[ch].used_by, p);
}

static void unlink_nodes(struct dtree *t, int p, int ch)
{
	if (!linked(t, p, ch))
		return;
	il_del(&t->n[p].uses, ch);
	il_del(&t->n[ch].used_by, p);
}

uint32_t tree_nchildren(const struct dtree *t, int i, bool inverted)
{
	if (inverted)
		return linked(t, 0, i) ? 0 : t->n[i].used_by.n;
	return linked(t, i, 0) ? 0 : t->n[i].uses.n;
}

/* A child gets a real parent: it leaves the top level, the parent leaves
 * the bottom level. */
static int link_tree_nodes(struct dtree *t, int p, int ch)
{
	if (p != 0)
		unlink_nodes(t, 0, ch);
	else if (tree_nchildren(t, ch, true))
		return 0;
	unlink_nodes(t, p, 0);     /* the child is never the root here */
	return link_nodes(t, p, ch);
}

int tree_find(const struct dtree *t, uint32_t major, uint32_t minor)
{
	for (size_t i = 1; i < t->count; i++)
		if (t->n[i].info.major == major && t->n[i].info.minor == minor)
			return (int)i;
	return -1;
}

static int new_node(struct dtree *t)
{
	if (!mdm_grow((void **)&t->n, t->count, sizeof(*t->n)))
		return -ENOMEM;
	return (int)t->count++;
}

static int add_dev(struct cli *c, struct dtree *t, int parent, uint32_t ma, uint32_t mi)
{
	struct mdm_id id = { .by_dev = true, .major = ma, .minor = mi };
	uint64_t *deps = NULL;
	size_t nd = 0;
	int i = tree_find(t, ma, mi), e;

	if (i >= 0)
		return link_tree_nodes(t, parent, i);
	if ((i = new_node(t)) < 0)
		return i;
	if (ma == t->dm_major && (e = mdm_table_deps(&c->dm, &id, 0, &deps, &nd, &t->n[i].info)))
		return e;
	t->n[i].info.major = ma;
	t->n[i].info.minor = mi;
	e = link_tree_nodes(t, parent, i);
	if (!e && !nd)
		e = link_nodes(t, i, 0);
	for (size_t k = 0; k < nd && !e; k++)
		e = add_dev(c, t, i, mdm_major(deps[k]), mdm_minor(deps[k]));
	free(deps);
	return e;
}

int tree_build(struct cli *c, struct dtree *t)
{
	struct mdm_devlist l;
	struct mdm_dev d;
	int e = 0;

	memset(t, 0, sizeof(*t));
	if (cli_list(c, &l))
		return 1;
	if (new_node(t) < 0)
		e = -ENOMEM;
	while (!e && mdm_devlist_next(&l, &d)) {
		t->dm_major = mdm_major(d.dev);
		e = add_dev(c, t, 0, t->dm_major, mdm_minor(d.dev));
	}
	mdm_devlist_free(&l);
	if (e == -ENOMEM)
		return cli_nomem(c, NULL);
	return cli_dmrc(c, e, NULL);
}

void tree_free(struct dtree *t)
{
	for (size_t i = 0; i < t->count; i++) {
		free(t->n[i].uses.v);
		free(t->n[i].used_by.v);
	}
	free(t->n);
	memset(t, 0, sizeof(*t));
}

/* ---- drawing ------------------------------------------------------------- */

enum { TR_DEVICE, TR_BLKDEVNAME, TR_NODEVICE, TR_STATUS, TR_TABLE, TR_ACTIVE, TR_OPEN,
       TR_UUID, TR_RW, TR_UTF, TR_VT100, TR_ASCII, TR_INVERTED, TR_COMPACT, TR_NOTRUNC,
       TR_N };

static const char tree_words[] MDM_ALIGN_AS(char) =
	"device\0blkdevname\0nodevice\0status\0table\0active\0open\0"
	"uuid\0rw\0utf\0vt100\0ascii\0inverted\0compact\0notrunc\0";

/* empty, branch, vertical, last, single, first (cli_word) */
static const char sym_ascii[] MDM_ALIGN_AS(char) = "  \0|-\0| \0`-\0---\0-+-";
static const char sym_utf[] MDM_ALIGN_AS(char) =
	"  \0\342\224\234\342\224\200\0\342\224\202 \0\342\224\224\342\224\200\0"
	"\342\224\200\342\224\200\342\224\200\0\342\224\200\342\224\254\342\224\200";
#define VT(s) "\033(0\017" s "\033(B"
static const char sym_vt100[] MDM_ALIGN_AS(char) =
	"  \0" VT("tq") "\0" VT("x") " \0" VT("mq") "\0" VT("qqq") "\0" VT("qwq");

#define MAX_DEPTH 100

struct draw {
	const struct cli *c;
	const struct dtree *t;
	const char *sym;          /* sym_ascii, sym_utf or sym_vt100 */
	bool sw[TR_N], trunc, attrs, compact;
	int termwidth, x;       /* columns, 1-based position of the next char */
	int last;               /* a char held back at the right margin */
	int width[MAX_DEPTH], more[MAX_DEPTH];
};

/* One byte; UTF-8 continuation bytes take no column.  At the margin the
 * line ends in "..." (or the one char that still fits), as dmsetup does. */
static void out_char(struct draw *d, unsigned char ch)
{
	d->x += (ch & 0xc0) != 0x80;
	if (!d->trunc) {
		putchar(ch);
		return;
	}
	if (d->x <= d->termwidth)
		putchar(ch);
	if (d->x == d->termwidth + 1 && (ch & 0xc0) != 0x80) {
		if (d->last || (ch & 0x80)) {
			fputs("...", stdout);
		} else {
			d->last = ch;
			d->x--;
		}
	}
}

static void out_str(struct draw *d, const char *s)
{
	while (*s)
		out_char(d, (unsigned char)*s++);
}

static void out_num(struct draw *d, unsigned long n)
{
	char b[24];

	snprintf(b, sizeof(b), "%lu", n);
	out_str(d, b);
}

static void out_newline(struct draw *d)
{
	if (d->last && d->x == d->termwidth)
		putchar(d->last);
	d->last = 0;
	putchar('\n');
	d->x = 1;
}

static void out_prefix(struct draw *d, int depth)
{
	for (int k = 0; k < depth; k++) {
		for (int s = d->width[k] + 1; s > 0; s--)
			out_char(d, ' ');
		if (k == depth - 1)
			out_str(d, cli_word(d->sym, d->more[depth] ? 1 : 3));
		else
			out_str(d, cli_word(d->sym, d->more[k + 1] ? 2 : 0));
	}
}

static void out_attrs(struct draw *d, const struct mdm_info *i)
{
	static const unsigned char which[4] = { TR_ACTIVE, TR_RW, TR_OPEN, TR_UUID };
	int n = 0;

	if (!i->exists)
		return;
	for (int k = 0; k < 4; k++) {
		char u[DM_UUID_LEN];

		if (!d->sw[which[k]])
			continue;
		out_str(d, n++ ? ", " : " [");
		if (k == 0)
			out_str(d, i->flags & DM_SUSPEND_FLAG ? "SUSPENDED" : "ACTIVE");
		else if (k == 1)
			out_str(d, i->flags & DM_READONLY_FLAG ? "RO" : "RW");
		else if (k == 2)
			out_num(d, (unsigned)i->open_count);
		else
			out_str(d, cli_shown(d->c, i->uuid, u, sizeof(u)));
	}
	if (n)
		out_char(d, ']');
}

static void draw_node(struct draw *d, int node, int depth, bool last, bool kids)
{
	const struct mdm_info *i = &d->t->n[node].info;
	char name[DM_NAME_LEN], blk[DM_NAME_LEN];
	bool first = d->x == 1;
	int offset;

	if (depth + 2 > MAX_DEPTH || (!*i->name && !d->sw[TR_DEVICE] && !d->sw[TR_BLKDEVNAME]))
		return;
	d->more[depth] = !last;
	d->width[depth] = 0;
	if (!d->compact || first)
		out_prefix(d, depth);
	offset = d->x;
	if (d->compact && !first)
		out_str(d, cli_word(d->sym, d->more[depth] ? 5 : 4));
	out_str(d, cli_shown(d->c, i->name, name, sizeof(name)));
	if (d->sw[TR_BLKDEVNAME] && !mdm_sys_blkname(i->major, i->minor, blk, sizeof(blk))) {
		out_str(d, " <");
		out_str(d, blk);
		out_char(d, '>');
	}
	if (d->sw[TR_DEVICE]) {
		out_str(d, " (");
		out_num(d, i->major);
		out_char(d, ':');
		out_num(d, i->minor);
		out_char(d, ')');
	}
	if (d->attrs)
		out_attrs(d, i);
	if (d->compact)
		d->width[depth] = d->x - offset;
	if (!d->compact || !kids)
		out_newline(d);
}

static void walk(struct draw *d, int node, int depth)
{
	bool inv = d->sw[TR_INVERTED];
	const struct ilist *l = inv ? &d->t->n[node].used_by : &d->t->n[node].uses;

	for (uint32_t k = 0; k < l->n; k++) {
		int ch = l->v[k];
		bool kids = tree_nchildren(d->t, ch, inv) != 0;

		draw_node(d, ch, depth, k + 1 == l->n, kids);
		if (kids)
			walk(d, ch, depth + 1);
	}
}

static bool utf8_locale(void)
{
	const char *v = getenv("LC_ALL");

	if (!v || !*v)
		v = getenv("LC_CTYPE");
	if (!v || !*v)
		v = getenv("LANG");
	for (; v && *v; v++)
		if ((v[0] | 0x20) == 'u' && (v[1] | 0x20) == 't' && (v[2] | 0x20) == 'f')
			return v[3] == '8' || (v[3] == '-' && v[4] == '8');
	return false;
}

static int tree_options(struct cli *c, struct draw *d)
{
	const char *s = c->opt[OP_OPTIONS];

	d->sym = utf8_locale() ? sym_utf : sym_ascii;
	d->sw[TR_DEVICE] = true;
	while (s && *s) {
		size_t n = strcspn(s, ",");
		int w = cli_pick(s, n, tree_words);

		if (w < 0)
			return cli_usage(c, "unknown tree option '%.*s'", (int)n, s);
		d->sw[w] = true;
		if (w == TR_NODEVICE)
			d->sw[TR_DEVICE] = false;
		if (w == TR_UTF || w == TR_VT100 || w == TR_ASCII)
			d->sym = w == TR_UTF ? sym_utf : w == TR_VT100 ? sym_vt100 : sym_ascii;
		s += n + (s[n] == ',');
	}
	return 0;
}

int cmd_ls_tree(struct cli *c)
{
	struct draw d = { .c = c, .termwidth = 80, .x = 1 };
	struct dtree t;
	struct winsize ws;
	int rc = tree_options(c, &d);

	if (rc)
		return rc;
	d.trunc = !d.sw[TR_NOTRUNC];
	d.attrs = d.sw[TR_ACTIVE] || d.sw[TR_RW] || d.sw[TR_OPEN] || d.sw[TR_UUID];
	d.compact = d.sw[TR_COMPACT] && !d.attrs && !d.sw[TR_TABLE] && !d.sw[TR_STATUS];
	if (d.sym != sym_vt100 && ioctl(1, TIOCGWINSZ, &ws) >= 0 && ws.ws_col > 3)
		d.termwidth = ws.ws_col - 3;
	rc = tree_build(c, &t);
	d.t = &t;
	if (!rc && t.count)     /* node 0, the root, exists when rc is 0 */
		walk(&d, 0, 0);
	tree_free(&t);
	return rc;
}
