/* dmsetup-report.c - dmsetup's column reports: info -c and splitname.
 *
 * info -c [-o [+]FIELD,...] [--noheadings] [--separator S] [--rows]
 *         [--nameprefixes] [--unquoted] [DEVICE...]
 * splitname NAME [SUBSYSTEM]       (fields subsystem, vg_name, lv_name, lv_layer)
 *
 * Output rules, as libdevmapper's report prints them: a heading line, then
 * one line per device; columns separated by one space and padded to the
 * widest of the field's minimum width and its values, numbers to the
 * right (the last column too).  --noheadings: no headings, ':' between
 * unpadded values.  --separator S: S between unpadded values.
 * --nameprefixes: DM_FIELD='value'.  --rows: one line per field.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dmsetup-tree.h"

/* TREE: dmsetup's tree fields, the tree built first (its listing says "No
 * devices found" too, as dmsetup's does); DEPS: the dependency fields,
 * dmsetup's deps of each device, here from the tree built at the first
 * device */
enum { NUM = 1, DEPS = 2, TREE = 4, SPLIT = 8 };

enum { F_NAME, F_MNAME, F_UNAME, F_UUID, F_MUUID, F_UUUID, F_RA, F_BLK, F_ATTR, F_TABLES,
       F_SUSP, F_RO, F_DEVNO, F_MAJ, F_MIN, F_OPEN, F_SEG, F_EVENTS, F_NDEVS, F_DEVSUSED,
       F_DEVNOSUSED, F_BLKSUSED, F_NREFS, F_REFNAMES, F_REFDEVNOS, F_SUBSYS, F_VG, F_LV,
       F_LAYER, F_N };

/* Each field's name and heading, NUL-separated, in F_ order; then its
 * minimum width and its flags. */
static const char field_ids[] MDM_ALIGN_AS(char) =
	"name\0Name\0mangled_name\0MangledName\0unmangled_name\0UnmangledName\0"
	"uuid\0UUID\0mangled_uuid\0MangledUUID\0unmangled_uuid\0UnmangledUUID\0"
	"read_ahead\0RAhead\0blkdevname\0BlkDevName\0attr\0Stat\0tables_loaded\0Tables\0"
	"suspended\0Suspended\0readonly\0Read-only\0devno\0DevNo\0major\0Maj\0minor\0Min\0"
	"open\0Open\0segments\0Targ\0events\0Event\0device_count\0#Devs\0"
	"devs_used\0DevNamesUsed\0devnos_used\0DevNosUsed\0blkdevs_used\0BlkDevNamesUsed\0"
	"device_ref_count\0#Refs\0names_using_dev\0RefNames\0devnos_using_dev\0RefDevNos\0"
	"subsystem\0Subsys\0vg_name\0VG\0lv_name\0LV\0lv_layer\0LVLayer\0";
static const unsigned char field_width[F_N] MDM_ALIGN_AS(char) = {
	16, 16, 16, 32, 32, 32, 6, 16, 4, 6, 9, 9, 5, 3, 3, 4, 4, 6, 5, 16, 16, 16, 5, 8, 9,
	6, 4, 4, 7,
};
static const unsigned char field_flags[F_N] MDM_ALIGN_AS(char) = {
	[F_RA] = NUM, [F_MAJ] = NUM, [F_MIN] = NUM, [F_OPEN] = NUM, [F_SEG] = NUM,
	[F_EVENTS] = NUM, [F_NDEVS] = NUM | DEPS, [F_DEVSUSED] = TREE, [F_DEVNOSUSED] = DEPS,
	[F_BLKSUSED] = DEPS, [F_NREFS] = NUM | TREE, [F_REFNAMES] = TREE, [F_REFDEVNOS] = TREE,
	[F_SUBSYS] = SPLIT, [F_VG] = SPLIT, [F_LV] = SPLIT, [F_LAYER] = SPLIT,
};

#define MAX_COLS 64

struct report {
	int ncols;
	unsigned needs;
	char **cell;              /* nrows * ncols strings (mdm_grow: a row an item) */
	size_t nrows;
	bool aligned, headings, prefixes, quoted, rows;
	const char *sep;
	struct dtree tree;
	int col[MAX_COLS];
	unsigned width[MAX_COLS];
};

/* One device (or one splitname argument) being reported. */
struct robj {
	struct mdm_info info;
	char split[4][DM_NAME_LEN];   /* subsystem, vg, lv, layer */
};

__attribute__((noinline)) static const char *field_id(int f)
{
	return cli_word(field_ids, 2 * f);
}

__attribute__((noinline)) static const char *head(int f)
{
	return cli_word(field_ids, 2 * f + 1);
}

void report_help(FILE *f)
{
	fprintf(f, "Fields of info -c -o [+]FIELD,... (heading; see minidm(8)):\n");
	for (int i = 0; i < F_N; i++)
		fprintf(f, "  %-17s %s\n", field_id(i), head(i));
}

/* Field names compare without case and without underscores. */
static bool same_field(const char *id, const char *s, size_t n)
{
	for (;; id++) {
		while (n && *s == '_')
			s++, n--;
		while (*id == '_')
			id++;
		if (!n || !*id)
			return !n && !*id;
		if ((*id | 0x20) != (*s | 0x20))
			return false;
		s++, n--;
	}
}

static int add_fields(struct cli *c, struct report *r, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, ",");
		int f = 0;

		while (n && f < F_N && !same_field(field_id(f), s, n))
			f++;
		if (n && (f == F_N || r->ncols == MAX_COLS))
			return cli_usage(c, "unknown field '%.*s' (%s help -c lists them)", (int)n, s,
			                 c->prog);
		if (n) {
			r->width[r->ncols] = field_width[f];
			r->col[r->ncols++] = f;
			r->needs |= field_flags[f];
		}
		s += n + (s[n] == ',');
	}
	return 0;
}

/* -o FIELDS replaces the defaults, -o +FIELDS adds to them. */
static int parse_fields(struct cli *c, struct report *r, const char *defaults)
{
	const char *o = c->opt[OP_OPTIONS];
	int rc = !o || *o == '+' ? add_fields(c, r, defaults) : 0;

	if (!rc && o)
		rc = add_fields(c, r, *o == '+' ? o + 1 : o);
	return rc ? rc : r->ncols ? 0 : cli_usage(c, "no fields");
}

static void set_style(struct cli *c, struct report *r)
{
	r->headings = !OPT(c, OP_NOHEADINGS);
	r->sep = OPT(c, OP_SEPARATOR) ? c->opt[OP_SEPARATOR] : r->headings ? " " : ":";
	r->prefixes = OPT(c, OP_NAMEPREFIXES);
	r->rows = OPT(c, OP_ROWS);
	r->quoted = !OPT(c, OP_UNQUOTED);
	r->aligned = r->headings && !r->prefixes && !OPT(c, OP_SEPARATOR) && !r->rows;
}

/* libdevmapper's LVM name split: '-' ends a part, "--" is a '-'. */
static const char *unquote(const char *s, char *out)
{
	size_t j = 0;

	for (; *s; s++) {
		if (s[0] == '-' && s[1]) {
			if (s[1] != '-')
				break;
			s++;
		}
		out[j++] = *s;
	}
	out[j] = 0;
	return *s ? s + 1 : s;
}

static void split_name(struct robj *o, const char *subsys, const char *name)
{
	snprintf(o->split[0], DM_NAME_LEN, "%s", subsys);
	o->split[1][0] = o->split[2][0] = o->split[3][0] = 0;
	if (!strcmp(subsys, "LVM"))
		unquote(unquote(unquote(name, o->split[1]), o->split[2]), o->split[3]);
}

/* The devices o uses (inverted: that use o), from the tree: their names,
 * numbers or kernel names (form 0, 1, 2), comma-separated. */
static int tree_list(struct cli *c, const struct report *r, const struct robj *o,
                     bool inverted, int form, struct sbuf *b)
{
	const struct dtree *t = &r->tree;
	int i = tree_find(t, o->info.major, o->info.minor);
	const struct ilist *l;
	const char *sep = "";

	if (i < 0)
		return 0;
	l = inverted ? &t->n[i].used_by : &t->n[i].uses;
	for (uint32_t k = 0; k < l->n; k++) {
		const struct mdm_info *d = &t->n[l->v[k]].info;
		char u[DM_NAME_LEN];

		if (!l->v[k] || (!form && !*d->name))
			continue;               /* the root; a device that is not dm */
		if (form == 2 && mdm_sys_blkname(d->major, d->minor, u, sizeof(u)))
			return cli_err(c, NULL, "cannot resolve the kernel name of %u:%u", d->major,
			               d->minor);
		if (form == 1)
			sb_printf(b, "%s%u:%u", sep, d->major, d->minor);
		else
			sb_printf(b, "%s%s", sep, form ? u : cli_shown(c, d->name, u, sizeof(u)));
		sep = ",";
	}
	return 0;
}

/* The name or uuid fields: shown (unmangled unless --manglename none),
 * mangled, unmangled. */
static void name_value(struct cli *c, const char *k, int form, struct sbuf *b)
{
	char u[DM_UUID_LEN], m[DM_UUID_LEN];
	const char *v = m;

	if (form == 0)
		v = cli_shown(c, k, u, sizeof(u));
	else if (mdm_unmangle(k, u, sizeof(u)))
		v = k;
	else if (form == 2 || mdm_mangle_mode(u, c->mangle == MDM_MANGLE_HEX ? MDM_MANGLE_HEX
	                                              : MDM_MANGLE_AUTO, m, sizeof(m)))
		v = u;
	sb_printf(b, "%s", v);
}

static int value(struct cli *c, const struct report *r, const struct robj *o, int f,
                 struct sbuf *b)
{
	const struct mdm_info *i = &o->info;
	uint32_t fl = i->flags, ra = 0;
	long long v = 0;
	const char *s = NULL;
	char n[DM_NAME_LEN];
	/* F_MAJ to F_EVENTS */
	const long long num[] = { i->major, i->minor, i->open_count, i->target_count, i->event_nr };

	if (f <= F_UUUID)           /* the three forms of the name, then of the uuid */
		return name_value(c, f < F_UUID ? i->name : i->uuid, f % 3, b), 0;
	if (f >= F_MAJ && f <= F_EVENTS)
		v = num[f - F_MAJ];
	else switch (f) {
	case F_RA: mdm_read_ahead(i, &ra); v = ra; break;
	case F_BLK:
		if (mdm_sys_blkname(i->major, i->minor, n, sizeof(n)))
			return cli_err(c, NULL, "cannot resolve the kernel name of %u:%u", i->major,
			               i->minor);
		s = n; break;
	case F_ATTR:        /* live, inactive, suspended, read-only: the flag bits 5, 6, 1, 0 */
		for (int k = 0; k < 4; k++)
			n[k] = (fl >> "\5\6\1\0"[k] & 1 ? "LIsr" : "---w")[k];
		n[4] = 0;
		s = n; break;
	case F_TABLES: case F_SUSP: case F_RO:   /* the words of the flags, in F_ order */
		s = cli_word("None\0Live\0Inactive\0Both\0Active\0Suspended\0Writeable\0Read-only\0",
		             f == F_TABLES ? (fl & DM_ACTIVE_PRESENT_FLAG ? 1 : 0) |
		                             (fl & DM_INACTIVE_PRESENT_FLAG ? 2 : 0) :
		             f == F_SUSP ? 4 + (fl & DM_SUSPEND_FLAG ? 1 : 0) :
		             6 + (fl & DM_READONLY_FLAG ? 1 : 0)); break;
	case F_DEVNO: sb_printf(b, "%u:%u", i->major, i->minor); break;
	case F_NDEVS: case F_NREFS: {
		int t = tree_find(&r->tree, i->major, i->minor);

		v = t < 0 ? 0 : tree_nchildren(&r->tree, t, f == F_NREFS); break;
	}
	case F_DEVSUSED: case F_DEVNOSUSED: case F_BLKSUSED:
		return tree_list(c, r, o, false, f - F_DEVSUSED, b);
	case F_REFNAMES: case F_REFDEVNOS: return tree_list(c, r, o, true, f == F_REFDEVNOS, b);
	default: s = o->split[f - F_SUBSYS]; break;
	}
	if (s)
		sb_printf(b, "%s", s);
	else if (field_flags[f] & NUM)
		sb_printf(b, "%lld", v);
	return 0;
}

/* Add a row; on a failed field the row is dropped (and the command fails). */
static int add_row(struct cli *c, struct report *r, const struct robj *o)
{
	char **row;
	int rc = 0, k;

	/* (ncols > 0: parse_fields) */
	row = mdm_grow((void **)&r->cell, r->nrows, (size_t)r->ncols * sizeof(char *));
	if (!row)
		return cli_nomem(c, NULL);
	for (k = 0; k < r->ncols && !rc; k++) {
		struct sbuf b = { 0 };

		rc = value(c, r, o, r->col[k], &b);
		sb_printf(&b, "%s", "");
		row[k] = b.s;
		if (!rc && !b.s)
			rc = cli_nomem(c, NULL);
		if (!rc && b.s && strlen(b.s) > r->width[k])
			r->width[k] = (unsigned)strlen(b.s);
	}
	if (rc)
		while (k--)
			free(row[k]);
	else
		r->nrows++;
	return rc;
}

static void put_cell(const struct report *r, int k, const char *v)
{
	int f = r->col[k];

	if (r->prefixes) {
		printf("DM_");
		for (const char *p = field_id(f); *p; p++)
			putchar(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		putchar('=');
	}
	if (r->prefixes && r->quoted)
		putchar('\'');
	printf(field_flags[f] & NUM ? "%*s" : "%-*s", r->aligned ? (int)r->width[k] : 0, v);
	if (r->prefixes && r->quoted)
		putchar('\'');
}

/* A line a row (--rows: a line a field), the headings first; with --rows
 * the headings are not padded (nothing is). */
static void output(const struct report *r)
{
	size_t h = r->headings, n = r->nrows + h;
	size_t lines = r->rows ? (size_t)r->ncols : n, items = r->rows ? n : (size_t)r->ncols;

	for (size_t a = 0; r->nrows && a < lines; a++) {
		for (size_t b = 0; b < items; b++) {
			size_t i = r->rows ? b : a;     /* the row, after the headings */
			int k = (int)(r->rows ? a : b);

			if (b)
				fputs(r->sep, stdout);
			if (i < h)
				printf("%-*s", r->aligned ? (int)r->width[k] : 0, head(r->col[k]));
			else
				put_cell(r, k, r->cell[(i - h) * (size_t)r->ncols + (size_t)k]);
		}
		putchar('\n');
	}
}

static void report_free(struct report *r)
{
	for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++)
		free(r->cell[i]);
	free(r->cell);
	tree_free(&r->tree);
}

/* c->data is the report */
static int info_row(struct cli *c, const struct mdm_id *id, const char *label, bool many)
{
	struct report *r = c->data;
	struct robj o;
	char u[DM_UUID_LEN];
	int rc;

	if (cli_info(c, id, label, &o.info))
		return 1;
	if ((r->needs & DEPS) && !r->tree.count && (rc = tree_build(c, &r->tree)))
		return rc;
	if (r->needs & SPLIT) {
		const char *uuid = cli_shown(c, o.info.uuid, u, sizeof(u));
		char sub[DM_UUID_LEN], name[DM_NAME_LEN];

		snprintf(sub, sizeof(sub), "%.*s", strchr(uuid, '-') ? (int)strcspn(uuid, "-") : 0,
		         uuid);
		split_name(&o, sub, cli_shown(c, o.info.name, name, sizeof(name)));
	}
	return add_row(c, r, &o);
}

int cmd_info_columns(struct cli *c)
{
	struct report r = { .ncols = 0 };
	int rc;

	if (OPT(c, OP_OPTIONS) && (!strcmp(c->opt[OP_OPTIONS], "help") ||
	                           !strcmp(c->opt[OP_OPTIONS], "?")))
		return report_help(stdout), 0;
	if ((rc = parse_fields(c, &r, "name,major,minor,attr,open,segments,events,uuid")))
		return rc;
	set_style(c, &r);
	if (cli_open(c))
		return 1;
	if ((r.needs & TREE) && (rc = tree_build(c, &r.tree)))
		return rc;
	c->data = &r;
	rc = cli_each(c, info_row);
	c->data = NULL;
	output(&r);
	report_free(&r);
	return rc;
}

int cmd_splitname(struct cli *c)
{
	struct report r = { .ncols = 0 };
	struct robj o;
	int rc = parse_fields(c, &r, "vg_name,lv_name,lv_layer");

	if (rc)
		return rc;
	if (r.needs != SPLIT)
		return cli_usage(c, "splitname prints only subsystem, vg_name, lv_name, lv_layer");
	set_style(c, &r);
	split_name(&o, c->argc > 1 ? c->argv[1] : "LVM", c->argv[0]);
	rc = add_row(c, &r, &o);
	output(&r);
	report_free(&r);
	return rc;
}
