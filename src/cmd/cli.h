/* cli.h - what every command handler gets (internal to the binary). */
#ifndef MINIDM_CLI_H
#define MINIDM_CLI_H

#include <stdio.h>
#include "minidm.h"

enum {  /* option ids: index into opt_table[] in main.c */
	OP_UUID, OP_MAJOR, OP_MINOR, OP_READONLY, OP_NOTABLE, OP_COLUMNS, OP_OPTIONS, OP_FORCE,
	OP_VERBOSE, OP_NOHEADINGS, OP_SEPARATOR, OP_TABLE, OP_CONCISE, OP_TARGET, OP_TREE,
	OP_INACTIVE, OP_SHOWKEYS, OP_NOFLUSH, OP_NOLOCKFS, OP_DEFERRED, OP_RETRY, OP_SETUUID,
	OP_EXEC, OP_NOUDEVSYNC, OP_NOUDEVRULES, OP_YES, OP_NOOPENCOUNT, OP_HELP, OP_JSON,
	OP_META, OP_DATA, OP_BLOCKSIZE, OP_LOWWATER, OP_ERRNOSPACE, OP_NOZEROING, OP_NODISCARDPD,
	OP_RO, OP_WIPEMETA, OP_DATASIZE, OP_METASIZE, OP_POOL, OP_ID, OP_SIZE, OP_NEW, OP_ORIGIN,
	OP_CACHE, OP_MODE, OP_POLICY, OP_METADATA2, OP_FLUSH, OP_PROGRESS, OP_CONFIG, OP_CMDLINE,
	OP_TIMEOUT, OP_DRYRUN, OP_THRESHOLD, OP_COUNT, OP_NOUDEV, OP_UDEVCOOKIE, OP_POLICYARGS,
	OP_COUNT_
};

struct cli;
struct plan;
typedef int cmd_fn(struct cli *c);
typedef int plan_fn(struct cli *c, struct plan *p);

struct cmd {
	const char *name, *sub;   /* "create", NULL / "thin-pool", "create" */
	int min, max;             /* positional argument counts (-1: no max) */
	const char *opts;         /* allowed option names, space separated */
	cmd_fn *fn;
	const char *args;         /* usage synopsis of the arguments */
	const char *help;         /* one line */
	plan_fn *plan;            /* create-type commands: usable in a config file */
};

struct cli {
	const char *prog;         /* "minidm" or "dmsetup" */
	const struct cmd *cmd;
	int argc;
	char **argv;              /* positional arguments */
	const char *opt[OP_COUNT_];/* value ("" for flags) or NULL */
	struct dm_ctx dm;
	bool dm_open;
	bool shared_dm;           /* dm belongs to a caller (activate) */
	bool force_ro;            /* activate with minidm.ro: plans load read-only */
	char **pos;               /* all positional words (owned) */
};

/* What a create-type command would do, for activate and --dry-run: the
 * table it loads, and how to bring it up. */
struct plan {
	const char *name, *uuid;
	struct dm_table tab;
	uint32_t flags;           /* DM_READONLY_FLAG */
	/* NULL: dm_dev_setup(name, uuid, tab, flags) */
	int (*apply)(struct cli *c, struct plan *p);
	/* after apply, or when already active: is it healthy? (may be NULL) */
	int (*health)(struct cli *c, struct plan *p);
};

int  cli_parse(struct cli *c, int argc, char **argv);
void cli_free(struct cli *c);
/* Plan and bring up; the handler of every create-type command. */
int  cli_plan_apply(struct cli *c);

#define OPT(c, o) ((c)->opt[(o)] != NULL)

/* Print "PROG: CMD DEV: message" and return 1. */
int  cli_err(struct cli *c, const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The last library failure, printed the same way; returns 1. */
int  cli_dmerr(struct cli *c, const char *dev);
/* A usage error: one line, exit code 2. */
int  cli_usage(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Open the DM context once; prints and returns 1 on failure. */
int  cli_open(struct cli *c);
/* The device named by -u / -j -m or the first positional argument (NULL
 * when there is none); id->name points into argv. */
bool cli_id(struct cli *c, int argi, struct dm_id *id);
/* Read all of a stream (for tables on stdin); NULL on failure. */
char *cli_slurp(FILE *f, size_t max);

/* the command groups */
extern const struct cmd dmsetup_cmds[];
extern const size_t dmsetup_ncmds;
extern const struct cmd thin_cmds[];
extern const size_t thin_ncmds;
extern const struct cmd boot_cmds[];
extern const size_t boot_ncmds;
extern const struct cmd monitor_cmds[];
extern const size_t monitor_ncmds;
extern const struct cmd cache_cmds[];
extern const size_t cache_ncmds;

#endif
