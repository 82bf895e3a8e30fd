/* dmsetup.c - dmsetup's device lifecycle commands, same syntax, and the
 * dmsetup command table (help and the man page check come from it).
 *
 * create NAME [TABLE_FILE] [--table T] [-u UUID] [-j MAJ -m MIN] [-r] [-n]
 * create --concise [SPEC]            (SPEC or stdin: name,uuid,minor,flags,table[;...])
 * load|reload DEVICE [TABLE_FILE] [--table T]
 * clear DEVICE...
 * remove [-f] [--deferred] [--retry] DEVICE...
 * remove_all [-f] [--deferred]
 * suspend|resume [--noflush] [--nolockfs] DEVICE...
 * wipe_table [--noflush] [--nolockfs] DEVICE...
 * rename DEVICE NEW_NAME | rename DEVICE --setuuid UUID
 * message DEVICE SECTOR MESSAGE...
 * wait DEVICE [EVENT_NR]
 * mknodes [DEVICE...]
 * setgeometry DEVICE CYL HEADS SECTORS START
 * version, targets, target-version TARGET...
 *
 * A DEVICE is a name, a node (/dev/mapper/NAME), or -u UUID / -j -m. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

#define TABLE_MAX (64u << 20)

__attribute__((noinline)) static const char *read_why(int e)
{
	return e == EFBIG ? "larger than 64 MiB" : strerror(e);
}

/* The table from --table, a file argument, or stdin. */
static int read_table(struct cli *c, int filearg, const char *dev, struct mdm_table *tab)
{
	const char *from = OPT(c, OP_TABLE) ? "--table" : filearg < c->argc ? c->argv[filearg]
	                                                                    : "stdin";
	char msg[256] = "", *text;
	size_t line = 0;
	int e;

	if (OPT(c, OP_TABLE)) {
		text = strdup(c->opt[OP_TABLE]);
		e = ENOMEM;
	} else {
		int fd = filearg < c->argc ? open(from, O_RDONLY | O_CLOEXEC) : 0;

		if (fd < 0)
			return cli_err(c, dev, "%s: %s", from, strerror(errno));
		text = cli_slurp(fd, TABLE_MAX);
		e = errno;
		if (fd)
			close(fd);
	}
	if (!text)
		return cli_err(c, dev, "cannot read the table from %s: %s", from, read_why(e));
	e = mdm_table_parse(tab, text, &line, msg, sizeof(msg));
	free(text);
	if (e && !line)
		return cli_usage(c, "%s: %s", dev, msg);
	if (e)
		return cli_usage(c, "%s: table line %zu: %s", dev, line, msg);
	if (mdm_table_resolve_paths(tab, msg, sizeof(msg))) {
		mdm_table_free(tab);
		return cli_errs(c, dev, msg);
	}
	return 0;
}

/* At least need bytes at *p (*cap of them, doubling from 4 KiB up to
 * TABLE_MAX): 0, -ENOMEM or -EFBIG. */
static int room(char **p, size_t *cap, size_t need)
{
	char *q;

	if (need <= *cap)
		return 0;
	if (*cap >= TABLE_MAX)
		return -EFBIG;
	q = realloc(*p, *cap = *cap ? 2 * *cap : 4096);
	if (!q)
		return -ENOMEM;
	*p = q;
	return room(p, cap, need);
}

/* A concise spec read one device at a time: from the argument (in place)
 * or from stdin in pieces, so memory holds one device, not the spec. */
struct spec {
	char  *buf;
	size_t cap, n, at, scan;    /* held; the next device; scanned up to */
	bool   eof, more;           /* more: a device was read (blanks after ';' go) */
};

#define BLANKS " \t\n\r"

/* The next device's text, ending at its ';' or a NUL: 1, or 0 at the
 * end, or -errno (-EFBIG: one device over TABLE_MAX). */
__attribute__((noinline)) static int spec_next(struct spec *s, char **text)
{
	for (;;) {
		ssize_t r;
		bool found;

		if (s->more)                  /* buf[n] is a NUL */
			s->at += strspn(s->buf + s->at, BLANKS);
		if (s->scan < s->at)
			s->scan = s->at;
		s->scan = mdm_concise_end(s->buf, s->scan, s->n);
		if (s->scan < s->n && !s->buf[s->scan])
			s->n = s->scan, s->eof = true;    /* a NUL ends the text, as in dmsetup */
		found = s->scan < s->n && s->buf[s->scan] == ';';
		if (found || (s->eof && s->at < s->n)) {
			*text = s->buf + s->at;
			s->at = s->scan = found ? s->scan + 1 : s->n;
			s->more = true;
			return 1;
		}
		if (s->eof)
			return 0;
		if (s->at) {                  /* what is left of the buffer to its start */
			memmove(s->buf, s->buf + s->at, s->n - s->at);
			s->n -= s->at, s->scan -= s->at, s->at = 0;
		}
		if ((r = room(&s->buf, &s->cap, s->n + 2)) < 0)   /* one device fills it */
			return (int)r;
		r = read(0, s->buf + s->n, s->cap - s->n - 1);
		if (r < 0)
			return -errno;
		s->n += (size_t)r;
		if (!r) {   /* a spec on stdin ends with a newline, as dmsetup allows */
			s->eof = true;
			while (s->n > s->at && strchr(BLANKS, s->buf[s->n - 1]))
				s->n--;
		}
		s->buf[s->n] = 0;
	}
}

/* The kernel names of the devices made so far, one after another. */
struct made {
	char  *s;
	size_t n, cap;
};

/* Make a device: arg (a name) in the kernel's form at name, uuid (may be
 * NULL or empty) mangled; tab NULL: no table (-n); read: the table is
 * read into tab (read_table) once the name and uuid are checked. */
static int make_dev(struct cli *c, const char *arg, char *name, const char *uuid, int32_t minor,
                    struct mdm_table *tab, bool ro, bool read)
{
	char u[DM_UUID_LEN] = "";
	int rc = cli_newname(c, arg, name, DM_NAME_LEN);

	if (rc)
		return rc;
	if (uuid && mdm_mangle_mode(uuid, c->mangle, u, sizeof(u)))
		return cli_usage(c, "%s: bad uuid '%s'", arg, uuid);
	if (read && (rc = read_table(c, 1, arg, tab)))
		return rc;
	if (cli_open(c))
		return 1;
	if (mdm_dev_setup_at(&c->dm, name, *u ? u : NULL, minor, tab, ro ? DM_READONLY_FLAG : 0,
	                     NULL))
		return cli_dmerr(c, arg);
	return 0;
}

/* One device of the spec at text: parsed, then made. */
static int concise_one(struct cli *c, char *text, struct made *m)
{
	struct mdm_concise_dev d;
	char msg[256] = "";
	int rc = 0;

	if (mdm_concise_dev(&text, MDM_CONCISE_DMSETUP, &d, msg, sizeof(msg)))
		rc = cli_usage(c, "%s", msg);
	else if (room(&m->s, &m->cap, m->n + DM_NAME_LEN))
		rc = cli_nomem(c, d.name);
	else if (mdm_table_resolve_paths(&d.table, msg, sizeof(msg)))
		rc = cli_errs(c, d.name, msg);
	else if (!(rc = make_dev(c, d.name, m->s + m->n, d.uuid, d.minor, &d.table, d.readonly,
	                       false)))
		m->n += strlen(m->s + m->n) + 1;
	mdm_table_free(&d.table);
	return rc;
}

/* create --concise: each device is parsed and made before the next is
 * read.  A failure removes the devices made, last first (dmsetup keeps
 * them), so a spec is all or nothing, as before it was read whole. */
static int create_concise(struct cli *c)
{
	struct spec s = { .eof = c->argc > 0 };
	struct made m = { 0 };
	char *text = NULL;
	int rc = 0, e;

	if (c->argc)
		s.buf = c->argv[0], s.n = strlen(s.buf), s.cap = s.n + 1;
	while (!rc && (e = spec_next(&s, &text)) > 0)
		rc = concise_one(c, text, &m);
	if (!rc && e < 0)
		rc = cli_err(c, NULL, "cannot read the concise table: %s", read_why(-e));
	else if (!rc && !s.more)
		rc = cli_usage(c, "no device");
	while (rc && m.n) {
		char *p = m.s + m.n - 1;

		while (p > m.s && p[-1])
			p--;
		mdm_udev_remove(&c->dm, &MDM_ID_NAME(p), 0);
		m.n = (size_t)(p - m.s);
	}
	if (!c->argc)
		free(s.buf);
	free(m.s);
	return rc;
}

static int cmd_create(struct cli *c)
{
	struct mdm_table tab = { 0 };
	char name[DM_NAME_LEN];
	uint32_t major, minor = UINT32_MAX;
	int rc;

	if (OPT(c, OP_CONCISE) && (OPT(c, OP_TABLE) || OPT(c, OP_NOTABLE) || OPT(c, OP_UUID) ||
	                           OPT(c, OP_MAJOR) || OPT(c, OP_MINOR) || OPT(c, OP_READONLY)))
		return cli_usage(c, "--concise takes the uuid, minor and flags of each device "
		                 "from its spec: not -u, -j, -m, -r, --table or -n");
	if (OPT(c, OP_CONCISE))
		return c->argc > 1 ? cli_usage(c, "too many arguments") : create_concise(c);
	if (!c->argc)
		return cli_usage(c, "missing device name");
	/* -j MAJOR -m MINOR: the number the new device gets */
	if ((OPT(c, OP_MAJOR) || OPT(c, OP_MINOR)) &&
	    (!OPT(c, OP_MAJOR) || !OPT(c, OP_MINOR) || mdm_parse_u32(c->opt[OP_MAJOR], &major) ||
	     mdm_parse_u32(c->opt[OP_MINOR], &minor) || minor > MDM_MINOR_MAX))
		return cli_usage(c, "-j MAJOR and -m MINOR go together, as numbers");
	rc = make_dev(c, c->argv[0], name, c->opt[OP_UUID], (int32_t)minor,
	              OPT(c, OP_NOTABLE) ? NULL : &tab, OPT(c, OP_READONLY), !OPT(c, OP_NOTABLE));
	mdm_table_free(&tab);
	return rc;
}

/* Where the positional arguments start after the device: 0 when -u or
 * -j/-m name it, else 1. */
static int after_dev(struct cli *c)
{
	return OPT(c, OP_UUID) || OPT(c, OP_MAJOR) ? 0 : 1;
}

/* The device (cli_id), then c->argv past its argument when one names it:
 * the arguments after the device from c->argv[0] on. */
static int dev_first(struct cli *c, struct mdm_id *id)
{
	int rc = cli_id(c, 0, id), n = after_dev(c);

	c->argv += n;
	c->argc -= n;
	return rc;
}

/* Does a target of t name the device i as a member?  The kernel loads such
 * a table; resumed, the device would map its I/O onto itself. */
static bool uses_itself(const struct mdm_table *t, const struct mdm_info *i)
{
	char mm[24];
	size_t n = (size_t)snprintf(mm, sizeof(mm), "%u:%u", i->major, i->minor);

	for (size_t k = 0; k < t->n; k++)
		for (const char *p = t->t[k].params; (p = strstr(p, mm)) != NULL; p += n)
			if ((p == t->t[k].params || p[-1] == ' ') && (!p[n] || p[n] == ' '))
				return true;
	return false;
}

static int cmd_load(struct cli *c)
{
	struct mdm_table tab = { 0 };
	struct mdm_info info;
	struct mdm_id id;
	char lb[DM_UUID_LEN + 8];
	int rc = dev_first(c, &id);

	if (rc)
		return rc;
	if (c->argc > 1)
		return cli_usage(c, "too many arguments");
	/* the table file, if given, is argv[0]; the device's argument before it */
	rc = read_table(c, 0, after_dev(c) ? c->argv[-1] : NULL, &tab);
	if (rc)
		return rc;
	rc = cli_open(c);
	if (!rc && !mdm_info(&c->dm, &id, &info) && info.exists && uses_itself(&tab, &info))
		rc = cli_err(c, mdm_id_label(&id, lb, sizeof(lb)), "the table uses the device itself "
		             "(%u:%u) as a member", info.major, info.minor);
	else if (!rc && mdm_table_load(&c->dm, &id, &tab, OPT(c, OP_READONLY) ? DM_READONLY_FLAG : 0))
		rc = cli_dmerr(c, NULL);
	mdm_table_free(&tab);
	return rc;
}

/* Run fn on each named device (or the -u / -j -m one); dmsetup stops at
 * the first failure. */
static int each_dev(struct cli *c, int (*fn)(struct cli *, const struct mdm_id *))
{
	struct mdm_id id;
	int rc;

	if (!c->argc || !after_dev(c))
		return (rc = cli_id(c, 0, &id)) || (rc = cli_open(c)) ? rc : fn(c, &id);
	if (cli_open(c))
		return 1;
	for (int i = 0; i < c->argc; i++)
		if ((rc = cli_dev(c, c->argv[i], &id)) || (rc = fn(c, &id)))
			return rc;
	return 0;
}

static int do_remove(struct cli *c, const struct mdm_id *id)
{
	unsigned tries = OPT(c, OP_RETRY) ? 25 : 0;
	uint32_t flags = OPT(c, OP_DEFERRED) ? DM_DEFERRED_REMOVE : 0;
	int e = OPT(c, OP_FORCE) ? mdm_dev_force_remove(&c->dm, id, flags, tries)
	                        : mdm_udev_remove_retry(&c->dm, id, flags, tries);

	/* dmsetup's --force looks the device up first and says so */
	if (e == -ENXIO && OPT(c, OP_FORCE) && CLI_DMSETUP(c->prog)) {
		char lb[DM_UUID_LEN + 8];

		fprintf(stderr, "Device %s not found\n", mdm_id_label(id, lb, sizeof(lb)));
		return 1;
	}
	return cli_dmrc(c, e, NULL);
}

/* clear, suspend, resume, wipe_table (by the command's first letter;
 * --noflush and --nolockfs for the last three) */
static int do_state(struct cli *c, const struct mdm_id *id)
{
	uint32_t f = (OPT(c, OP_NOFLUSH) ? DM_NOFLUSH_FLAG : 0) |
	             (OPT(c, OP_NOLOCKFS) ? DM_SKIP_LOCKFS_FLAG : 0);
	char k = c->name[0];

	return cli_dmrc(c, k == 'c' ? mdm_table_clear(&c->dm, id) :
	                   k == 's' ? mdm_suspend(&c->dm, id, f) :
	                   k == 'r' ? mdm_udev_resume(&c->dm, id, f, 0) :
	                   mdm_dev_wipe_table(&c->dm, id, f), NULL);
}

static int cmd_remove(struct cli *c)  { return each_dev(c, do_remove); }
static int cmd_state(struct cli *c)   { return each_dev(c, do_state); }

static int cmd_remove_all(struct cli *c)
{
	struct mdm_devlist l;
	struct mdm_dev d;
	int rc;

	if (cli_open(c))
		return 1;
	if (OPT(c, OP_FORCE) && !mdm_list_devices(&c->dm, &l)) {
		/* error out every device first so stacked users let go */
		while (mdm_devlist_next(&l, &d))
			mdm_dev_force_remove(&c->dm, &MDM_ID_NAME(d.name),
			                     OPT(c, OP_DEFERRED) ? DM_DEFERRED_REMOVE : 0, 0);
		mdm_devlist_free(&l);
	}
	rc = mdm_udev_remove_all(&c->dm, OPT(c, OP_DEFERRED) ? DM_DEFERRED_REMOVE : 0);
	return cli_dmrc(c, rc, NULL);
}

static int cmd_rename(struct cli *c)
{
	struct mdm_id id;
	char to[DM_UUID_LEN];
	int rc = dev_first(c, &id);

	if (rc)
		return rc;
	if (c->argc != 1)
		return cli_usage(c, "need a device and a new %s", OPT(c, OP_SETUUID) ? "uuid" : "name");
	if (!OPT(c, OP_SETUUID) && (rc = cli_newname(c, c->argv[0], to, DM_NAME_LEN)) != 0)
		return rc;
	if (OPT(c, OP_SETUUID) && mdm_mangle_mode(c->argv[0], c->mangle, to, DM_UUID_LEN))
		return cli_usage(c, "bad uuid '%s'", c->argv[0]);
	if (cli_open(c))
		return 1;
	if (OPT(c, OP_SETUUID) ? mdm_udev_set_uuid(&c->dm, &id, to) : mdm_udev_rename(&c->dm, &id, to))
		return cli_dmerr(c, NULL);
	return 0;
}

static int cmd_message(struct cli *c)
{
	struct mdm_id id;
	uint64_t sector;
	char *reply = NULL, *msg;
	struct sbuf b = { 0 };
	int rc = dev_first(c, &id);

	if (rc)
		return rc;
	if (c->argc < 2)
		return cli_usage(c, "need a device, a sector and a message");
	if (mdm_parse_u64(c->argv[0], &sector))
		return cli_usage(c, "bad sector '%s'", c->argv[0]);
	for (int i = 1; i < c->argc; i++)       /* the words, one space between */
		sb_printf(&b, "%s%s", i > 1 ? " " : "", c->argv[i]);
	if (!(msg = b.s))
		return cli_nomem(c, NULL);
	if (cli_open(c) || mdm_target_msg(&c->dm, &id, sector, msg, &reply))
		rc = c->ctx_open ? cli_dmerr(c, NULL) : 1;
	else if (reply)
		printf(reply[strlen(reply) - 1] == '\n' ? "%s" : "%s\n", reply);
	free(reply);
	free(msg);
	return rc;
}

static int cmd_wait(struct cli *c)
{
	struct mdm_id id;
	struct mdm_info info;
	uint32_t ev = 0;
	int rc = dev_first(c, &id);

	if (rc)
		return rc;
	if (c->argc > 1)
		return cli_usage(c, "too many arguments");
	if (c->argc && mdm_parse_u32(c->argv[0], &ev))
		return cli_usage(c, "bad event number '%s'", c->argv[0]);
	if (cli_open(c))
		return 1;
	if (mdm_wait(&c->dm, &id, ev, &info))
		return cli_dmerr(c, NULL);
	return 0;
}

static int cmd_mknodes(struct cli *c)
{
	struct mdm_id id;
	int rc;

	if (cli_open(c))
		return 1;
	if (!c->argc)
		return cli_dmrc(c, mdm_mknodes(&c->dm, NULL), NULL);
	for (int i = 0; i < c->argc; i++)
		if ((rc = cli_dev(c, c->argv[i], &id)) != 0)
			return rc;
		else if (id.name && mdm_mknodes(&c->dm, id.name))
			return cli_dmerr(c, c->argv[i]);
	return 0;
}

static int cmd_setgeometry(struct cli *c)
{
	struct mdm_id id;
	int rc = dev_first(c, &id);

	if (rc)
		return rc;
	if (c->argc != 4)
		return cli_usage(c, "need a device, cylinders, heads, sectors and start");
	if (cli_open(c))
		return 1;
	return cli_dmrc(c, mdm_set_geometry(&c->dm, &id, c->argv[0], c->argv[1], c->argv[2],
	                                    c->argv[3]), NULL);
}

static int cmd_version(struct cli *c)
{
	printf("Library version:   minidm " MINIDM_VERSION "\n");
	if (cli_open(c))
		return 1;
	printf("Driver version:    %u.%u.%u\n", c->dm.version[0], c->dm.version[1],
	       c->dm.version[2]);
	return 0;
}

/* targets (no arguments: every target type) and target-version TARGET... */
static int cmd_targets(struct cli *c)
{
	struct mdm_devlist l;
	struct mdm_version v;

	if (cli_open(c) || (!c->argc && mdm_list_versions(&c->dm, &l)))
		return c->ctx_open ? cli_dmerr(c, NULL) : 1;
	for (int i = 0; c->argc ? i < c->argc : mdm_versions_next(&l, &v); i++) {
		if (c->argc && mdm_get_target_version(&c->dm, c->argv[i], v.v))
			return cli_dmerr(c, c->argv[i]);
		printf("%-16s v%u.%u.%u\n", c->argc ? c->argv[i] : v.name, v.v[0], v.v[1], v.v[2]);
	}
	if (!c->argc)
		mdm_devlist_free(&l);
	return 0;
}

#define ID (O(UUID) | O(MAJOR) | O(MINOR))
#define REPORT (O(COLUMNS) | O(OPTIONS) | O(NOHEADINGS) | O(SEPARATOR) | O(ROWS) | \
                O(NAMEPREFIXES) | O(UNQUOTED))
#define DMSETUP_CMDS(X) \
	X("help\0" \
	  "[-c]\0" \
	  "list commands (-c: info -c fields)", \
	  0, 0, O(COLUMNS) | O(LIST), .fn = cmd_help_all) \
	X("version\0" \
	  "\0" \
	  "print versions", \
	  0, 0, 0, .fn = cmd_version) \
	X("targets\0" \
	  "\0" \
	  "list target types", \
	  0, 0, 0, .fn = cmd_targets) \
	X("target-version\0" \
	  "TARGET...\0" \
	  "print target versions", \
	  1, -1, 0, .fn = cmd_targets) \
	X("create\0" \
	  "NAME [TABLE_FILE] [" L(TABLE) " TABLE] [-u UUID] [-j MAJ -m MIN] [-r] [-n] | " \
	  L(CONCISE) " [SPEC]\0" \
	  "create, load, resume", \
	  0, 2, ID | O(READONLY) | O(NOTABLE) | O(TABLE) | O(CONCISE) | O(ADDNODERESUME) | \
	  O(ADDNODECREATE), .fn = cmd_create) \
	X("load\0" \
	  "DEVICE [TABLE_FILE] [" L(TABLE) " TABLE]\0" \
	  "load the inactive table", \
	  0, 2, ID | O(TABLE) | O(READONLY), .fn = cmd_load) \
	X("reload\0" \
	  CLI_SAME_ARGS "\0" \
	  "load", \
	  0, 2, ID | O(TABLE) | O(READONLY), .fn = cmd_load) \
	X("clear\0" \
	  "DEVICE...\0" \
	  "drop the inactive table", \
	  0, -1, ID, .fn = cmd_state) \
	X("remove\0" \
	  "[-f] [" L(DEFERRED) "] [" L(RETRY) "] DEVICE...\0" \
	  "remove devices", \
	  0, -1, ID | O(FORCE) | O(DEFERRED) | O(RETRY), .fn = cmd_remove) \
	X("remove_all\0" \
	  "[-f] [" L(DEFERRED) "]\0" \
	  "remove all", \
	  0, 0, O(FORCE) | O(DEFERRED), .fn = cmd_remove_all) \
	X("suspend\0" \
	  "[" L(NOFLUSH) "] [" L(NOLOCKFS) "] DEVICE...\0" \
	  "suspend devices", \
	  0, -1, ID | O(NOFLUSH) | O(NOLOCKFS), .fn = cmd_state) \
	X("resume\0" \
	  CLI_SAME_ARGS "\0" \
	  "resume devices", \
	  0, -1, ID | O(NOFLUSH) | O(NOLOCKFS) | O(ADDNODERESUME) | O(ADDNODECREATE), \
	  .fn = cmd_state) \
	X("wipe_table\0" \
	  CLI_SAME_ARGS "\0" \
	  "make all I/O fail", \
	  0, -1, ID | O(FORCE) | O(NOFLUSH) | O(NOLOCKFS), .fn = cmd_state) \
	X("rename\0" \
	  "DEVICE NEW_NAME | DEVICE " L(SETUUID) " UUID\0" \
	  "rename, or set the uuid", \
	  1, 2, ID | O(SETUUID), .fn = cmd_rename) \
	X("message\0" \
	  "DEVICE SECTOR MESSAGE...\0" \
	  "send a target message", \
	  2, -1, ID, .fn = cmd_message) \
	X("ls\0" \
	  "[" L(TARGET) " TYPE] [" L(EXEC) " CMD] [-o OPTIONS] [" L(TREE) "]\0" \
	  "list devices", \
	  0, 0, O(TARGET) | O(TREE) | O(EXEC) | O(OPTIONS), .fn = cmd_ls) \
	X("info\0" \
	  "[-c [-o FIELDS] [" L(NOHEADINGS) "] [" L(SEPARATOR) " SEP] [" L(ROWS) "] " \
	  "[" L(NAMEPREFIXES) "]] [DEVICE...]\0" \
	  "show device state", \
	  0, -1, ID | REPORT, .fn = cmd_info) \
	X("deps\0" \
	  "[-o devno|devname|blkdevname] [DEVICE...]\0" \
	  "list members", \
	  0, -1, ID | O(OPTIONS) | O(INACTIVE), .fn = cmd_deps) \
	X("status\0" \
	  "[" L(TARGET) " TYPE] [" L(INACTIVE) "] [" L(NOFLUSH) "] [DEVICE...]\0" \
	  "print target status", \
	  0, -1, ID | O(TARGET) | O(INACTIVE) | O(NOFLUSH), .fn = cmd_table) \
	X("table\0" \
	  "[" L(TARGET) " TYPE] [" L(INACTIVE) "] [" L(SHOWKEYS) "] [" L(CONCISE) "] " \
	  "[DEVICE...]\0" \
	  "print the table", \
	  0, -1, ID | O(TARGET) | O(INACTIVE) | O(SHOWKEYS) | O(CONCISE), .fn = cmd_table) \
	X("wait\0" \
	  "DEVICE [EVENT_NR]\0" \
	  "wait for an event", \
	  0, 2, ID | O(NOFLUSH), .fn = cmd_wait) \
	X("mknodes\0" \
	  "[DEVICE...]\0" \
	  "sync /dev/mapper", \
	  0, -1, 0, .fn = cmd_mknodes) \
	X("setgeometry\0" \
	  "DEVICE CYL HEADS SECTORS START\0" \
	  "set the geometry", \
	  1, 5, ID, .fn = cmd_setgeometry) \
	X("splitname\0" \
	  "NAME [SUBSYSTEM]\0" \
	  "split an LVM name", \
	  1, 2, REPORT, .fn = cmd_splitname)
CLI_DEFINE(dmsetup, DMSETUP_CMDS);
