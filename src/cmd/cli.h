/* cli.h - what every command handler gets (internal to the binary). */
#ifndef MINIDM_CLI_H
#define MINIDM_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include "minidm.h"

/* The options: X(ID, long name, short letter or 0, value): value 0 for a
 * flag, 1 text, 2 a size (in sectors, not 0), 3 a number (0 to 2^32-1);
 * cli_parse checks sizes and numbers into val[].  The order is the order
 * of `CMD --help`.  A command lists the options it
 * takes as bits, O(UUID) | O(MAJOR) ... (from bit 2 on: bits 0 and 1 are
 * O_PLAN and O_BOOT); the ones from VERBOSE on, dmsetup's global options,
 * every command takes. */
#define CLI_OPTIONS(X) \
	X(UUID, "uuid", 'u', 1) X(MAJOR, "major", 'j', 1) X(MINOR, "minor", 'm', 1) \
	X(READONLY, "readonly", 'r', 0) X(NOTABLE, "notable", 'n', 0) X(COLUMNS, "columns", 'c', 0) \
	X(OPTIONS, "options", 'o', 1) X(FORCE, "force", 'f', 0) X(NOHEADINGS, "noheadings", 0, 0) \
	X(SEPARATOR, "separator", 0, 1) X(TABLE, "table", 0, 1) X(CONCISE, "concise", 0, 0) \
	X(TARGET, "target", 0, 1) X(TREE, "tree", 0, 0) X(INACTIVE, "inactive", 0, 0) \
	X(SHOWKEYS, "showkeys", 0, 0) X(NOFLUSH, "noflush", 0, 0) X(NOLOCKFS, "nolockfs", 0, 0) \
	X(DEFERRED, "deferred", 0, 0) X(RETRY, "retry", 0, 0) X(SETUUID, "setuuid", 0, 0) \
	X(EXEC, "exec", 0, 1) X(JSON, "json", 0, 0) X(META, "meta", 0, 1) X(DATA, "data", 0, 1) \
	X(BLOCKSIZE, "block-size", 0, 2) X(LOWWATER, "low-water", 0, 2) \
	X(ERRNOSPACE, "error-if-no-space", 0, 0) X(NOZEROING, "no-zeroing", 0, 0) \
	X(NODISCARDPD, "no-discard-passdown", 0, 0) X(RO, "read-only", 0, 0) \
	X(WIPEMETA, "wipe-meta", 0, 0) X(DATASIZE, "data-size", 0, 2) X(METASIZE, "meta-size", 0, 2) \
	X(POOL, "pool", 0, 1) X(ID, "id", 0, 3) X(SIZE, "size", 0, 2) X(NEW, "new", 0, 0) \
	X(ORIGIN, "origin", 0, 1) X(CACHE, "cache", 0, 1) X(MODE, "mode", 0, 1) \
	X(POLICY, "policy", 0, 1) X(METADATA2, "metadata2", 0, 0) X(FLUSH, "flush", 0, 0) \
	X(PROGRESS, "progress", 0, 0) X(CONFIG, "config", 0, 1) X(CMDLINE, "cmdline", 0, 1) \
	X(TIMEOUT, "timeout", 0, 3) X(DRYRUN, "dry-run", 0, 0) X(THRESHOLD, "threshold", 0, 3) \
	X(COUNT, "count", 0, 3) X(NOUDEV, "no-udev", 0, 0) X(POLICYARGS, "policy-args", 0, 1) \
	X(ROWS, "rows", 0, 0) X(NAMEPREFIXES, "nameprefixes", 0, 0) X(UNQUOTED, "unquoted", 0, 0) \
	X(VERSION, "version", 0, 0) X(ADDNODERESUME, "addnodeonresume", 0, 0) \
	X(ADDNODECREATE, "addnodeoncreate", 0, 0) X(LIST, "list", 0, 0) \
	X(IGNORESKIP, "ignoreactivationskip", 'K', 0) X(EXISTING, "existing", 0, 0) \
	X(VERBOSE, "verbose", 'v', 0) X(NOUDEVSYNC, "noudevsync", 0, 0) \
	X(NOUDEVRULES, "noudevrules", 0, 0) X(YES, "yes", 'y', 0) \
	X(NOOPENCOUNT, "noopencount", 0, 0) X(HELP, "help", 'h', 0) \
	X(UDEVCOOKIE, "udevcookie", 0, 1) X(MANGLENAME, "manglename", 0, 1) \
	X(CHECKS, "checks", 0, 0) X(VERIFYUDEV, "verifyudev", 0, 0)

#define CLI_OPT_ID(id, name, shrt, arg) OP_##id,
enum { CLI_OPTIONS(CLI_OPT_ID) OP_COUNT_ };
#define OP_COMMON_ OP_VERBOSE
_Static_assert(OP_COMMON_ <= 62, "a command's options are bits 2-63 of a uint64_t");
#define O_BIT(id) ((uint64_t)4 << (id))
#define O(name) O_BIT(OP_##name)

/* An option in a command's synopsis: L(META) is one byte, 0x80 + OP_META,
 * that help and the usage errors print as --meta ("POOL " L(META) " DEV"
 * is "POOL --meta DEV"): a name written once.  The codes follow the
 * order above (an option added renumbers those after it; test_man checks
 * each against its id). */
#define L(name) LO_##name
#define LO_UUID "\x80"
#define LO_MAJOR "\x81"
#define LO_MINOR "\x82"
#define LO_READONLY "\x83"
#define LO_NOTABLE "\x84"
#define LO_COLUMNS "\x85"
#define LO_OPTIONS "\x86"
#define LO_FORCE "\x87"
#define LO_NOHEADINGS "\x88"
#define LO_SEPARATOR "\x89"
#define LO_TABLE "\x8a"
#define LO_CONCISE "\x8b"
#define LO_TARGET "\x8c"
#define LO_TREE "\x8d"
#define LO_INACTIVE "\x8e"
#define LO_SHOWKEYS "\x8f"
#define LO_NOFLUSH "\x90"
#define LO_NOLOCKFS "\x91"
#define LO_DEFERRED "\x92"
#define LO_RETRY "\x93"
#define LO_SETUUID "\x94"
#define LO_EXEC "\x95"
#define LO_JSON "\x96"
#define LO_META "\x97"
#define LO_DATA "\x98"
#define LO_BLOCKSIZE "\x99"
#define LO_LOWWATER "\x9a"
#define LO_ERRNOSPACE "\x9b"
#define LO_NOZEROING "\x9c"
#define LO_NODISCARDPD "\x9d"
#define LO_RO "\x9e"
#define LO_WIPEMETA "\x9f"
#define LO_DATASIZE "\xa0"
#define LO_METASIZE "\xa1"
#define LO_POOL "\xa2"
#define LO_ID "\xa3"
#define LO_SIZE "\xa4"
#define LO_NEW "\xa5"
#define LO_ORIGIN "\xa6"
#define LO_CACHE "\xa7"
#define LO_MODE "\xa8"
#define LO_POLICY "\xa9"
#define LO_METADATA2 "\xaa"
#define LO_FLUSH "\xab"
#define LO_PROGRESS "\xac"
#define LO_CONFIG "\xad"
#define LO_CMDLINE "\xae"
#define LO_TIMEOUT "\xaf"
#define LO_DRYRUN "\xb0"
#define LO_THRESHOLD "\xb1"
#define LO_COUNT "\xb2"
#define LO_NOUDEV "\xb3"
#define LO_POLICYARGS "\xb4"
#define LO_ROWS "\xb5"
#define LO_NAMEPREFIXES "\xb6"
#define LO_UNQUOTED "\xb7"
#define LO_VERSION "\xb8"
#define LO_ADDNODERESUME "\xb9"
#define LO_ADDNODECREATE "\xba"
#define LO_LIST "\xbb"
#define LO_IGNORESKIP "\xbc"
#define LO_EXISTING "\xbd"
#define LO_VERBOSE "\xbe"
#define LO_NOUDEVSYNC "\xbf"
#define LO_NOUDEVRULES "\xc0"
#define LO_YES "\xc1"
#define LO_NOOPENCOUNT "\xc2"
#define LO_HELP "\xc3"
#define LO_UDEVCOOKIE "\xc4"
#define LO_MANGLENAME "\xc5"
#define LO_CHECKS "\xc6"
#define LO_VERIFYUDEV "\xc7"
#define CLI_OPT_CODE(code) ((unsigned)(unsigned char)(code) - 0x80)
/* the command is a create-type command: .plan, not .fn */
#define O_PLAN 1u
/* its .fn runs as it is on a line of activate's config file */
#define O_BOOT 2u

struct cli;
struct plan;
typedef int cmd_fn(struct cli *c);
typedef int plan_fn(struct cli *c, struct plan *p);

/* packed: 13 bytes a command, not 24 (the tables hold about 50; x86 reads
 * the unaligned fields as it reads aligned ones).  Its text is in its
 * group's g_group (CLI_DEFINE). */
struct __attribute__((packed)) cmd {
	/* positional argument counts (-1: no max), -8 to 7 (clang refuses a
	 * table with more: -Wbitfield-constant-conversion) */
	signed char min : 4, max : 4;
	/* O_PLAN, O_BOOT and the options it takes (O(UUID) | ...) as the
	 * bits of its group's set of them (CLI_DEFINE; struct cli's opts
	 * has them as they were written) */
	uint32_t opts;
	union {
		cmd_fn *fn;
		plan_fn *plan;    /* O_PLAN: usable in a config file (cli_plan_apply runs it) */
	};
};

/* The small fields first and then dm, whose own first fields (fd,
 * version, cookie...) are in reach of one-byte offsets there; the option
 * arrays after it. */
struct cli {
	char **argv;              /* positional arguments */
	int argc;
	bool ctx_open;            /* dm has been opened */
	bool shared_dm;           /* dm belongs to a caller (activate) */
	bool force_ro;            /* activate with minidm.ro: plans load read-only */
	bool klog;                /* activate: report lines go to /dev/kmsg too */
	bool conflict;            /* lvm activate: a conflict was shown (exit 1) */
	enum mdm_mangling mangle;  /* --manglename, default auto */
	/* the options given, bit o of has[o / 8] (OPT; set with OPT_SET,
	 * beside opt[]): a byte test in reach of a one-byte offset */
	uint8_t has[(OP_COUNT_ + 7) / 8];
	const char *prog;         /* "minidm" or "dmsetup" */
	const struct cmd *cmd;
	uint64_t opts;            /* its options, O(UUID) | ..., and O_PLAN, O_BOOT */
	const char *name;         /* its text "NAME\0ARGS\0HELP": the name ("thin-pool
	                             create"), the usage synopsis of its arguments,
	                             one line of help */
	char **pos;               /* all positional words (owned) */
	void *data;               /* the running command's own state */
	uint64_t deadline;        /* activate: when waiting for devices stops
	                             (cli_now_us(); 0: no waiting) */
	struct mdm_ctx dm;
	const char *opt[OP_COUNT_];/* value ("" for flags) or NULL */
	uint64_t val[OP_COUNT_];  /* sizes and numbers (0 when not given) */
	char idbuf[DM_UUID_LEN];  /* the kernel form of the last device argument */
	char dmname[DM_NAME_LEN]; /* the last device cli_dm_name resolved */
};

/* What a create-type command would do, for activate and --dry-run: the
 * table it loads, and how to bring it up. */
struct plan {
	const char *name, *uuid;
	struct mdm_table tab;
	uint32_t flags;           /* DM_READONLY_FLAG */
	/* NULL: mdm_dev_setup(name, uuid, tab, flags) */
	int (*apply)(struct cli *c, struct plan *p);
	/* after apply, or when already active: is it healthy? (may be NULL) */
	int (*health)(struct cli *c, struct plan *p);
};

/* "minidm", or "dmsetup" when the binary runs under that name (main.c) */
extern const char *cli_prog;
/* prog (cli_prog, or a struct cli's copy) is "dmsetup": its first letter
 * tells the two apart */
#define CLI_DMSETUP(prog) (*(prog) == 'd')

/* The whole program: parse, run, exit code (main.c; tests/bad runs it). */
int  cli_main(int argc, char **argv);
int  cli_parse(struct cli *c, int argc, char **argv);
void cli_free(struct cli *c);
/* Plan and bring up; the handler of every create-type command. */
int  cli_plan_apply(struct cli *c);

/* Was option o given?  OPT_SET gives it (value v; "" for a flag),
 * OPT_CLEAR takes it back. */
#define OPT(c, o) (((c)->has[(o) / 8] >> ((o) % 8)) & 1)
#define OPT_SET(c, o, v) ((c)->opt[(o)] = (v), (c)->has[(o) / 8] |= (uint8_t)(1u << ((o) % 8)))
#define OPT_CLEAR(c, o) ((c)->opt[(o)] = NULL, (c)->has[(o) / 8] &= (uint8_t)~(1u << ((o) % 8)))

/* Print "PROG: CMD DEV: message" and return 1. */
int  cli_err(struct cli *c, const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* While activate runs a config line: errors start "PROG: activate WHERE: "
 * (WHERE is "FILE:LINE"; NULL ends it). */
void cli_context(const struct cli *c, const char *where);
/* The last library failure, printed the same way; returns 1. */
int  cli_dmerr(struct cli *c, const char *dev);
/* e (a library result): 0 when 0, else cli_dmerr(c, dev). */
int  cli_dmrc(struct cli *c, int e, const char *dev);
/* "PROG: CMD DEV: S" (s as it is, no format); returns 1. */
int  cli_errs(struct cli *c, const char *dev, const char *s);
/* "PROG: CMD DEV: " and strerror(e); returns 1. */
int  cli_errno(struct cli *c, const char *dev, int e);
/* "PROG: CMD DEV: Cannot allocate memory"; returns 1. */
int  cli_nomem(struct cli *c, const char *dev);
/* A usage error: one line, exit code 2. */
int  cli_usage(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Open the DM context once; prints and returns 1 on failure. */
int  cli_open(struct cli *c);
/* The device named by -u / -j -m, else by the positional argument argi;
 * 0, or the exit code of the error already printed (a usage error when
 * there is none).  Names and uuids are mangled as dmsetup does, into
 * c->idbuf; a name with a '/' is a device node (dmsetup accepts
 * /dev/mapper/NAME).  cli_dev does the same for one argument. */
int  cli_id(struct cli *c, int argi, struct mdm_id *id);
int  cli_dev(struct cli *c, const char *arg, struct mdm_id *id);
/* An argument that names an active dm device (NAME, /dev/mapper/NAME,
 * /dev/dm-N, MAJ:MIN: mdm_dev_resolve) as its kernel name, in c->dmname;
 * arg itself for a device activate's dry run would make (cli_would_make);
 * NULL after printing "DEV: WHAT ARG is not active" ("DEV: no such device"
 * when WHAT is NULL) or the failure. */
const char *cli_dm_name(struct cli *c, const char *dev, const char *what, const char *arg);
/* cli_open, then argv[0] (an existing device, any form) to its kernel name. */
int cli_open_dm(struct cli *c);
/* A name for a new device (create, rename) in the kernel's form; a usage
 * error (2, printed) for a '/' or a name dmsetup would not mangle. */
int  cli_newname(struct cli *c, const char *arg, char *out, size_t len);
/* A kernel name or uuid as dmsetup prints it (unmangled). */
const char *cli_shown(const struct cli *c, const char *kname, char *buf, size_t len);
/* The kernel's device list; "No devices found" printed when it is empty;
 * 0, or 1 after printing the failure. */
int  cli_list(struct cli *c, struct mdm_devlist *l);
/* Run fn on each device named on the command line (stopping at the first
 * failure, as dmsetup does) or on every device the kernel lists, with the
 * label dmsetup prints for it and whether several devices are shown.
 * "No devices found" when there are none. */
typedef int dev_fn(struct cli *c, const struct mdm_id *id, const char *label, bool many);
int  cli_each(struct cli *c, dev_fn *fn);
/* mdm_info of a device cli_each passes: 0, or 1 after printing the
 * failure or "LABEL: device does not exist". */
int  cli_info(struct cli *c, const struct mdm_id *id, const char *label, struct mdm_info *i);
/* A growing string: append with sb_printf; s is NULL after a failed
 * allocation (the caller reports ENOMEM). */
struct sbuf { char *s; size_t n, cap; };
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The index of the first of words ("a\0b\0", ending in an empty word) that
 * s[0..n) is a prefix of (n = strlen(s) + 1: that s is), or -1. */
int  cli_pick(const char *s, size_t n, const char *words);

/* The n-th (from 0) of words ("a\0b\0"; n must be in range): the
 * library's parsers' helper (parse/words.c). */
const char *mdm_word_nth(const char *names, unsigned n);
#define cli_word(words, n) mdm_word_nth((words), (unsigned)(n))

/* Item n of the array *arr of n items of elem bytes, zeroed: the array
 * grows (realloc) when n is 0, 1, 2, 4...; NULL when out of memory (*arr
 * as it was): the library's (parse/words.c). */
void *mdm_grow(void **arr, size_t n, size_t elem);

/* stdout flushed, then path run with argv in a child (vfork): through
 * PATH when env is NULL, else with env; its pid, or -1 (also when path is
 * NULL: nothing to run). */
pid_t cli_spawn(const char *path, char *const argv[], char *const env[]);

/* Read all of a file (for tables on stdin); NULL on failure, with errno
 * EFBIG when it holds max - 1 bytes or more. */
char *cli_slurp(int fd, size_t max);

/* Handlers that live in a file other than their group's table, and the
 * helpers one command file lends another: each declared here once. */
int  cmd_help_all(struct cli *c);                 /* main.c */
int  cmd_ls(struct cli *c);                       /* dmsetup-show.c */
int  cmd_info(struct cli *c);
int  cmd_deps(struct cli *c);
int  cmd_table(struct cli *c);
int  cmd_ls_tree(struct cli *c);                  /* dmsetup-tree.c */
int  cmd_info_columns(struct cli *c);             /* dmsetup-report.c */
int  cmd_splitname(struct cli *c);
/* lvm.c: bring up VG or VG/LV from its metadata, waiting (progress a line
 * a second) until the VG and all its PVs are there or c->deadline; at the
 * deadline what is complete comes up, the rest is refused naming the
 * missing PVs.  root (an LV guessed from root=/resume=): a VG no PV
 * belongs to, once no new PV has come for a few seconds, is no LV's: a
 * note, and 0. */
int  cli_lvm_up(struct cli *c, const char *arg, bool ignore_skip, bool root);
/* activate.c: CLOCK_MONOTONIC in us; once *next (us) is past, the line
 * "waiting for WHAT NAME (N s)" (since start) and *next a second on */
uint64_t cli_now_us(void);
void cli_waiting(const struct cli *c, uint64_t start, uint64_t *next, const char *what,
                 const char *name);
/* activate.c: true when activate's dry run would have made the device NAME */
bool cli_would_make(const char *name);
/* activate.c: "minidm: LINE" on stdout and in the kernel log; fmt takes
 * name, then ms and its fraction of the time since (cli_now_us); t's
 * lines follow when given.  With c->dm.later set the line waits for the
 * next table load (written beside it), other output or the end:
 * cli_klog_flush writes what waits. */
void cli_klog_flush(void);
void cli_klog(const struct cli *c, const char *fmt, const char *name, const struct mdm_table *t,
              uint64_t since);
/* activate.c: t's lines, each after prefix; the error of a device active
 * with another table (both tables after it): 1 */
void cli_table_put(FILE *f, const char *prefix, const struct mdm_table *t);
int  cli_conflict(struct cli *c, const char *name, const struct mdm_table *active,
                  const struct mdm_table *wanted);
/* thin.c: thin-pool, thin and cache status: argv[0]'s device of that kind
 * (mdm_dev_target into its mdm_*_info, dev) shown by show: its human
 * lines (json NULL), or with --json its JSON object (show's -errno when it
 * does not fit in len) */
typedef int status_show(const char *name, const void *dev, char *json, size_t len);
int  cli_status(struct cli *c, enum mdm_target_kind kind, status_show *show);
/* "HEAD USED/TOTAL blocks (P.PP%)" on stdout, no newline (thin.c) */
void cli_blocks(const char *head, uint64_t used, uint64_t total);
/* help -c: the fields info -c knows (dmsetup-report.c) */
void report_help(FILE *f);

/* Every command of all groups in turn: it zeroed, then each call the
 * next command (NULL after the last, and then no more calls), its text in
 * it->text, its options as struct cli's opts in it->opts; and an
 * option's long name and short letter: for help and the man page test. */
struct cli_cmds { const struct cmd *k; const char *text; uint64_t opts, all; unsigned g; };
const struct cmd *cli_cmd_next(struct cli_cmds *it);
const char *cli_opt_name(int id, char *shrt);

/* A command group: LIST(X) is X(TEXT, MIN, MAX, OPTS, .fn = F or .plan = F)
 * for each command, TEXT its "NAME\0ARGS\0HELP"; CLI_DEFINE(g, LIST) makes
 * g_group: the set of options its commands take (and O_PLAN, O_BOOT),
 * the texts one after another with an empty one after the last, and
 * right after that NUL the commands (no pointer and no count to keep),
 * each with its OPTS as the bits of that set: bit n for the set's n-th
 * (from 0) in the order of O().  (A file defines one group: cli_pN, the
 * place in the set of bit N, are its enum constants.) */
/* a synopsis that is the command before's, written once */
#define CLI_SAME_ARGS "\1"
#define CLI_TEXT_(text, min, max, opts, fn) text "\0"
#define CLI_OR_(text, min, max, opts, fn) | (opts)
#define CLI_ONE_(text, min, max, opts, fn) 1 +
#define CLI_BITS_(X, a) X(a, 0) X(a, 1) X(a, 2) X(a, 3) X(a, 4) X(a, 5) X(a, 6) X(a, 7) \
	X(a, 8) X(a, 9) X(a, 10) X(a, 11) X(a, 12) X(a, 13) X(a, 14) X(a, 15) X(a, 16) X(a, 17) \
	X(a, 18) X(a, 19) X(a, 20) X(a, 21) X(a, 22) X(a, 23) X(a, 24) X(a, 25) X(a, 26) \
	X(a, 27) X(a, 28) X(a, 29) X(a, 30) X(a, 31) X(a, 32) X(a, 33) X(a, 34) X(a, 35) \
	X(a, 36) X(a, 37) X(a, 38) X(a, 39) X(a, 40) X(a, 41) X(a, 42) X(a, 43) X(a, 44) \
	X(a, 45) X(a, 46) X(a, 47) X(a, 48) X(a, 49) X(a, 50) X(a, 51) X(a, 52) X(a, 53) \
	X(a, 54) X(a, 55) X(a, 56) X(a, 57) X(a, 58) X(a, 59) X(a, 60) X(a, 61) X(a, 62) \
	X(a, 63)
#define CLI_POS_(all, n) cli_p##n = __builtin_popcountll((all) & ((UINT64_C(1) << n) - 1)),
#define CLI_PUT_(opts, n) | ((opts) >> n & 1) << cli_p##n
#define CLI_CMD_(text, min, max, opts, fn) \
	{ min, max, (uint32_t)(0 CLI_BITS_(CLI_PUT_, (uint64_t)(opts))), { fn } },
#define CLI_ALL_(LIST) ((uint64_t)(O_PLAN | O_BOOT) LIST(CLI_OR_))
#define CLI_DEFINE(g, LIST) \
	enum { CLI_BITS_(CLI_POS_, CLI_ALL_(LIST)) }; \
	const struct __attribute__((packed)) g##_group { \
		uint64_t all; \
		char text[sizeof(LIST(CLI_TEXT_))]; \
		struct cmd k[LIST(CLI_ONE_) 0]; \
	} g##_group = { CLI_ALL_(LIST), LIST(CLI_TEXT_), { LIST(CLI_CMD_) } }; \
	_Static_assert(__builtin_popcountll(CLI_ALL_(LIST)) <= 32, \
	               "a group's commands take 30 options at most"); \
	_Static_assert(offsetof(struct g##_group, k) == 8 + sizeof(g##_group.text), "k after text")
#define CLI_GROUP(g) extern const struct g##_group g##_group
CLI_GROUP(dmsetup);
CLI_GROUP(thin);
CLI_GROUP(boot);
CLI_GROUP(monitor);
CLI_GROUP(cache);
CLI_GROUP(udev);
CLI_GROUP(lvm);

#endif
