/* monitor.c - follow device events (the devicemapper crate's arm_poll
 * protocol).
 *
 * monitor [--threshold PCT] [--exec CMD] [--count N] [--timeout SECONDS] [NAME...]
 *
 * List the devices and remember their event counters; poll the control
 * node; on POLLIN arm the poll again *before* looking (so an event that
 * comes while we look wakes the next poll), list again and handle every
 * device whose counter moved.  One line per event: time, device, counter,
 * and for thin pools and caches the parsed status.  With --threshold, on
 * each event of a pool whose data or metadata use is at or above PCT (the
 * pool raises one when it crosses its low water mark), CMD runs through
 * /bin/sh with MINIDM_NAME, MINIDM_TARGET, MINIDM_DATA_PCT and
 * MINIDM_META_PCT set: how an appliance grows a pool.  It runs to the end
 * before the next event is looked at.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

struct seen {
	char name[DM_NAME_LEN];
	uint32_t event_nr;
};

struct mon {
	struct cli *c;
	struct seen *s;
	size_t n;
	uint32_t threshold;      /* 0: none */
	unsigned long events;
};

static bool wanted(struct cli *c, const char *name)
{
	if (!c->argc)
		return true;
	for (int i = 0; i < c->argc; i++)
		if (!strcmp(c->argv[i], name))
			return true;
	return false;
}

static struct seen *find_seen(struct mon *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->s[i].name, name))
			return &m->s[i];
	return NULL;
}

/* (not inlined: its two calls share it) */
__attribute__((noinline)) static unsigned pct(uint64_t used, uint64_t total)
{
	return total ? (unsigned)(used * 100 / total) : 0;
}

extern char **environ;

/* Run the hook with the four MINIDM_* variables added to our environment
 * (built before vfork: the child only calls execve). */
static void run_hook(struct mon *m, const char *name, const char *target, unsigned dp,
                     unsigned mp)
{
	char v[4 * (DM_NAME_LEN + 24)];
	char *argv[] = { "sh", "-c", (char *)m->c->opt[OP_EXEC], NULL }, **env;
	size_t n = 0;
	pid_t pid;
	int st;

	while (environ && environ[n])
		n++;
	env = calloc(n + 5, sizeof(*env));
	if (!env)
		return (void)cli_err(m->c, name, "--exec: out of memory");
	/* the four, NUL-separated */
	snprintf(v, sizeof(v), "MINIDM_NAME=%s%cMINIDM_TARGET=%s%cMINIDM_DATA_PCT=%u%cMINIDM_META_PCT=%u",
	         name, 0, target, 0, dp, 0, mp);
	env[0] = v;
	for (size_t i = 1; i < 4; i++)
		env[i] = env[i - 1] + strlen(env[i - 1]) + 1;
	if (n)
		memcpy(env + 4, environ, n * sizeof(*env));
	pid = cli_spawn("/bin/sh", argv, env);
	free(env);
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		cli_err(m->c, name, "--exec: %s", strerror(errno));
	else if (!WIFEXITED(st) || WEXITSTATUS(st))
		cli_err(m->c, name, "--exec hook failed (status %d)", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	else
		printf("  hook ran for %s (data %u%%, metadata %u%%)\n", name, dp, mp);
}

/* One line for a device whose counter moved, and the threshold hook. */
static void report(struct mon *m, struct seen *s, uint32_t ev)
{
	struct mdm_id id = { .name = s->name };
	struct mdm_table t;
	struct timespec ts;
	unsigned dp = 0, mp = 0;
	bool pool = false;

	clock_gettime(CLOCK_REALTIME, &ts);
	printf("%lld.%03ld %s event %u", (long long)ts.tv_sec, ts.tv_nsec / 1000000, s->name, ev);
	if (!mdm_table_status(&m->c->dm, &id, DM_NOFLUSH_FLAG, &t, NULL) && t.n == 1) {
		const char *type = t.t[0].type;
		struct mdm_pool_status ps;
		struct mdm_cache_status cs;
		bool is_pool = !strcmp(type, "thin-pool");
		int state = -1;         /* -1: neither, or its status unreadable */

		if (is_pool && !mdm_parse_pool_status(t.t[0].params, &ps))
			state = (int)ps.state;
		else if (!strcmp(type, "cache") && !mdm_parse_cache_status(t.t[0].params, &cs))
			state = (int)cs.state;
		if (state < 0) {
			printf(": %s", type);
		} else if (state != MDM_STATE_WORKING) {
			printf(": %s %s", type, state == MDM_STATE_FAIL ? "Fail" : "Error");
		} else if (is_pool) {
			pool = true;
			dp = pct(ps.used_data, ps.total_data);
			mp = pct(ps.used_meta, ps.total_meta);
			printf(": thin-pool data %llu/%llu (%u%%) metadata %llu/%llu (%u%%) %s%s",
			       (unsigned long long)ps.used_data, (unsigned long long)ps.total_data, dp,
			       (unsigned long long)ps.used_meta, (unsigned long long)ps.total_meta, mp,
			       cli_word("rw\0ro\0out_of_data_space\0", ps.summary),   /* the kernel's */
			       ps.needs_check ? " needs_check" : "");
		} else {
			printf(": cache used %llu/%llu dirty %llu metadata %s%s",
			       (unsigned long long)cs.used_cache, (unsigned long long)cs.total_cache,
			       (unsigned long long)cs.dirty, cs.metadata_ro ? "ro" : "rw",
			       cs.needs_check ? " needs_check" : "");
		}
	}
	printf("\n");
	mdm_table_free(&t);
	m->events++;
	if (pool && m->threshold && (dp >= m->threshold || mp >= m->threshold))
		run_hook(m, s->name, "thin-pool", dp, mp);
	fflush(stdout);
}

/* List the devices; report those whose counter moved (unless first). */
static int scan(struct mon *m, bool first)
{
	struct mdm_devlist l;
	struct mdm_dev d;
	struct seen *ns;

	if (mdm_list_devices(&m->c->dm, &l))
		return cli_dmerr(m->c, NULL);
	ns = calloc(l.n ? l.n : 1, sizeof(*ns));
	if (!ns)
		return mdm_devlist_free(&l), cli_err(m->c, NULL, "out of memory");
	for (size_t i = 0; mdm_devlist_next(&l, &d); i++) {
		struct seen *old = find_seen(m, d.name);

		strcpy(ns[i].name, d.name);
		ns[i].event_nr = d.event_nr;
		if (!first && wanted(m->c, d.name) && (!old || old->event_nr != d.event_nr))
			report(m, &ns[i], d.event_nr);
	}
	free(m->s);
	m->s = ns;
	m->n = l.n;
	mdm_devlist_free(&l);
	return 0;
}

static int cmd_monitor(struct cli *c)
{
	struct mon m = { .c = c, .threshold = (uint32_t)c->val[OP_THRESHOLD] };
	uint64_t count = c->val[OP_COUNT], timeout = c->val[OP_TIMEOUT];
	time_t end;
	int rc = 0;

	if (OPT(c, OP_THRESHOLD) && (!m.threshold || m.threshold > 100))
		return cli_usage(c, "--threshold takes 1-100");
	if (OPT(c, OP_EXEC) != OPT(c, OP_THRESHOLD))
		return cli_usage(c, "--exec and --threshold go together");
	if (cli_open(c))
		return 1;
	if (mdm_arm_poll(&c->dm) || scan(&m, true))
		return cli_dmerr(c, NULL);
	/* pools already past the threshold when we start count as crossing */
	for (size_t i = 0; m.threshold && i < m.n; i++)
		if (wanted(c, m.s[i].name))
			report(&m, &m.s[i], m.s[i].event_nr);
	m.events = 0;
	end = time(NULL) + (time_t)timeout;
	while (!rc && (!count || m.events < count)) {
		struct pollfd p = { .fd = c->dm.fd, .events = POLLIN };
		int left = timeout ? (int)(end - time(NULL)) : -1, r;

		if (timeout && left <= 0)
			break;
		r = poll(&p, 1, timeout ? left * 1000 : -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = cli_err(c, NULL, "poll: %s", strerror(errno));
		else if (r > 0 && mdm_arm_poll(&c->dm))  /* re-arm before looking */
			rc = cli_dmerr(c, NULL);
		else if (r > 0)
			rc = scan(&m, false);
	}
	free(m.s);
	return rc;
}

#define MONITOR_CMDS(X) \
	X("monitor\0" \
	  "[" L(THRESHOLD) " PCT " L(EXEC) " CMD] [" L(COUNT) " N] [" L(TIMEOUT) " SECONDS] " \
	  "[NAME...]\0" \
	  "print events; run CMD at PCT", \
	  0, -1, O(THRESHOLD) | O(EXEC) | O(COUNT) | O(TIMEOUT), .fn = cmd_monitor)
CLI_DEFINE(monitor, MONITOR_CMDS);
