/*
 * benchrun: the timing helper of `make bench` (runs in the guest; static,
 * musl).  Not part of minidm.
 *
 *   benchrun [-n N] [-i FILE] [-o FILE] [-e FILE] [-m | -t] -- CMD [ARG...]
 *
 * Runs CMD N times (default 1), one run after the other, each as a new
 * process (posix_spawnp, wait4); "%i" in an argument becomes the run's
 * number (0 .. N-1), "%%" a "%".  Standard input is FILE (-i, default
 * /dev/null), standard output FILE (-o, default /dev/null), standard error
 * FILE (-e, default: benchrun's own).
 *
 * The runs are timed with CLOCK_MONOTONIC from the first spawn to the last
 * exit, and the kernel's rusage gives ru_maxrss (VmHWM at exit; at least
 * benchrun's own resident set, shared until the exec; not exact for small
 * processes on 6.2 and later, see below).
 *
 * -m  traces each run with ptrace (never time it): every process it makes
 *     is followed (fork, vfork, clone, exec) and its exact peak resident
 *     set is found (see rss_now and shrink_filter).
 * -t  -m, and the system calls are counted at syscall entry (slower).
 *
 * Prints one line of KEY=VALUE words:
 *   runs=N failed=F wall_us=T maxrss_kb=K
 *                                     (T over all runs; K the largest of
 *                                     any process of any run)
 *   peak_kb=R procs=P execs=E          (-m, -t: R the largest resident set
 *                                     of any process; P, E totals)
 *   syscalls=S ioctls=I dm_ioctls=D   (-t: totals over all runs; D: ioctls
 *                                     of the device-mapper type, 0xfd)
 * Exits 0 when every run exited 0, else 1 after saying which run failed
 * first and how.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *in_file = "/dev/null", *out_file = "/dev/null", *err_file;

static void usage(void)
{
	fputs("usage: benchrun [-n N] [-i FILE] [-o FILE] [-e FILE] [-m | -t] -- CMD [ARG...]\n", stderr);
	exit(2);
}

static void die(const char *what)
{
	fprintf(stderr, "benchrun: %s: %s\n", what, strerror(errno));
	exit(2);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* expand ARG for run I: "%i" is I, "%%" is "%" */
static char *expand(const char *arg, long i)
{
	size_t len = strlen(arg) + 1, o = 0;
	const char *p;
	char *s;

	/* a number takes at most 20 characters where "%i" took 2 */
	for (p = arg; (p = strstr(p, "%i")); p += 2)
		len += 20;
	if (!(s = malloc(len)))
		die("malloc");
	for (; *arg; arg++) {
		if (arg[0] == '%' && arg[1] == 'i') {
			o += (size_t)snprintf(s + o, len - o, "%ld", i);
			arg++;
		} else if (arg[0] == '%' && arg[1] == '%') {
			s[o++] = '%';
			arg++;
		} else {
			s[o++] = *arg;
		}
	}
	s[o] = 0;
	return s;
}

static char **make_argv(char **tmpl, int argc, long i)
{
	char **v = calloc((size_t)argc + 1, sizeof(*v));
	int k;

	if (!v)
		die("calloc");
	for (k = 0; k < argc; k++)
		v[k] = strchr(tmpl[k], '%') ? expand(tmpl[k], i) : tmpl[k];
	return v;
}

static void free_argv(char **v, char **tmpl, int argc)
{
	int k;

	for (k = 0; k < argc; k++)
		if (v[k] != tmpl[k])
			free(v[k]);
	free(v);
}

/* the child side of a run: standard streams, then exec */
static void child_fds(void)
{
	int fd;

	if ((fd = open(in_file, O_RDONLY)) < 0 || dup2(fd, 0) < 0)
		_exit(126);
	close(fd);
	if ((fd = open(out_file, O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0 || dup2(fd, 1) < 0)
		_exit(126);
	close(fd);
	if (err_file) {
		if ((fd = open(err_file, O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		close(fd);
	}
}

static struct {
	unsigned long maxrss_kb, peak_kb, procs, execs, syscalls, ioctls, dm_ioctls;
} tr;

static void note_rusage(const struct rusage *ru)
{
	if ((unsigned long)ru->ru_maxrss > tr.maxrss_kb)
		tr.maxrss_kb = (unsigned long)ru->ru_maxrss;
}

/* one run: posix_spawnp (musl: clone with CLONE_VM|CLONE_VFORK, the
 * cheapest way to start a process), wait4, its rusage kept; returns the
 * wait status */
static int run_measured(char **argv)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	pid_t pid;
	int st, e;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in_file, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_file, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (err_file)
		posix_spawn_file_actions_addopen(&fa, 2, err_file, O_WRONLY | O_CREAT | O_APPEND, 0644);
	e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e) {
		errno = e;
		die(argv[0]);
	}
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4");
	note_rusage(&ru);
	return st;
}

/*
 * Exact peak RSS without counters: between two system calls a process's
 * resident set can only grow (page faults); it shrinks only in a system
 * call (munmap, mremap, brk, madvise, mmap over a mapping, shmdt, exit).
 * So its largest value is the largest seen at the entry of those calls,
 * read from /proc/PID/smaps_rollup (a walk of the page tables).  A seccomp
 * filter stops the process (SECCOMP_RET_TRACE) at exactly those calls.
 * The kernel's own counters (VmHWM, ru_maxrss) are not exact on 6.2 and
 * later for small processes: per-CPU batches of up to 32 pages a counter
 * are not folded in.
 */
struct bpf_insn { uint16_t code; uint8_t jt, jf; uint32_t k; };
struct bpf_prog { unsigned short len; const struct bpf_insn *insns; };
#define LD_ABS(off)     { 0x20, 0, 0, (off) }        /* BPF_LD|BPF_W|BPF_ABS */
#define JEQ(k, t, f)    { 0x15, (t), (f), (k) }      /* BPF_JMP|BPF_JEQ|BPF_K */
#define RET(k)          { 0x06, 0, 0, (k) }          /* BPF_RET|BPF_K */
#define RET_ALLOW       0x7fff0000u
#define RET_TRACE       0x7ff00000u
#define ARCH_X86_64     0xc000003eu                  /* AUDIT_ARCH_X86_64 */

static const struct bpf_insn shrink_filter[] = {
	LD_ABS(4),                                   /* seccomp_data.arch */
	JEQ(ARCH_X86_64, 1, 0),
	RET(RET_ALLOW),
	LD_ABS(0),                                   /* seccomp_data.nr */
	JEQ(SYS_munmap, 8, 0),
	JEQ(SYS_mremap, 7, 0),
	JEQ(SYS_brk, 6, 0),
	JEQ(SYS_madvise, 5, 0),
	JEQ(SYS_mmap, 4, 0),
	JEQ(SYS_shmdt, 3, 0),
	JEQ(SYS_exit, 2, 0),
	JEQ(SYS_exit_group, 1, 0),
	RET(RET_ALLOW),
	RET(RET_TRACE),
};

/* Rss of PID now, in KiB (0 when unreadable) */
static unsigned long rss_now(pid_t pid)
{
	char path[48], line[128];
	unsigned long kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Rss:", 4)) {
			kb = strtoul(line + 4, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

/* one traced run: follow every process it makes, sample the resident set
 * where it may shrink, count system calls when COUNT; returns the wait
 * status of the first process */
static int run_traced(char **argv, int count)
{
	const struct bpf_prog prog = { sizeof(shrink_filter) / sizeof(shrink_filter[0]), shrink_filter };
	long resume = count ? PTRACE_SYSCALL : PTRACE_CONT;
	pid_t pid, w;
	int st, first = 0;

	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		child_fds();
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
			_exit(125);
		/* PR_SET_SECCOMP, SECCOMP_MODE_FILTER; its calls stop only once
		 * the tracer set PTRACE_O_TRACESECCOMP, after this SIGSTOP */
		if (prctl(PR_SET_SECCOMP, 2, &prog, 0, 0) < 0)
			_exit(124);
		raise(SIGSTOP);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, __WALL) < 0 || !WIFSTOPPED(st))
		die("waiting for the traced child");
	if (ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXIT |
		   PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
		   PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL) < 0)
		die("PTRACE_SETOPTIONS");
	tr.procs++;
	ptrace(resume, pid, 0, 0);
	/* until no traced process is left (ECHILD) */
	for (;;) {
		struct rusage ru;
		int sig, event;

		w = wait4(-1, &st, __WALL, &ru);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			note_rusage(&ru);
			if (w == pid)
				first = st;
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		sig = WSTOPSIG(st);
		event = st >> 16;
		if (sig == (SIGTRAP | 0x80)) {
			struct __ptrace_syscall_info si;

			if (ptrace(PTRACE_GET_SYSCALL_INFO, w, sizeof(si), &si) > 0 &&
			    si.op == PTRACE_SYSCALL_INFO_ENTRY) {
				tr.syscalls++;
				if (si.entry.nr == SYS_ioctl) {
					tr.ioctls++;
					if (((si.entry.args[1] >> 8) & 0xff) == 0xfd)
						tr.dm_ioctls++;
				}
			}
			sig = 0;
		} else if (sig == SIGTRAP && event) {
			switch (event) {
			case PTRACE_EVENT_FORK:
			case PTRACE_EVENT_VFORK:
				tr.procs++;
				break;
			case PTRACE_EVENT_EXEC:
				tr.execs++;
				break;
			case PTRACE_EVENT_SECCOMP: {
				unsigned long kb = rss_now(w);

				if (kb > tr.peak_kb)
					tr.peak_kb = kb;
				break;
			}
			}
			sig = 0;
		} else if (sig == SIGSTOP) {
			/* the attach stop of a new process or thread */
			sig = 0;
		}
		ptrace(resume, w, 0, sig);
	}
	return first;
}

int main(int argc, char **argv)
{
	long n = 1, i, failed = 0, first_fail = -1;
	int opt, mode = 0, first_status = 0;
	uint64_t t0, t1;

	while ((opt = getopt(argc, argv, "+n:i:o:e:mt")) != -1) {
		switch (opt) {
		case 'n': n = strtol(optarg, NULL, 10); break;
		case 'i': in_file = optarg; break;
		case 'o': out_file = optarg; break;
		case 'e': err_file = optarg; break;
		case 'm':
		case 't': mode = opt; break;
		default: usage();
		}
	}
	if (optind >= argc || !argv[optind] || n < 1)
		usage();
	argv += optind;
	argc -= optind;

	t0 = now_us();
	for (i = 0; i < n; i++) {
		char **v = make_argv(argv, argc, i);
		int st;

		if (!v[0])
			usage();
		st = mode ? run_traced(v, mode == 't') : run_measured(v);

		free_argv(v, argv, argc);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			if (first_fail < 0) {
				first_fail = i;
				first_status = st;
			}
			failed++;
		}
	}
	t1 = now_us();

	printf("runs=%ld failed=%ld wall_us=%llu maxrss_kb=%lu", n, failed,
	       (unsigned long long)(t1 - t0), tr.maxrss_kb);
	if (mode)
		printf(" peak_kb=%lu procs=%lu execs=%lu", tr.peak_kb, tr.procs, tr.execs);
	if (mode == 't')
		printf(" syscalls=%lu ioctls=%lu dm_ioctls=%lu", tr.syscalls, tr.ioctls, tr.dm_ioctls);
	putchar('\n');
	fflush(stdout);
	if (failed) {
		if (WIFEXITED(first_status))
			fprintf(stderr, "benchrun: run %ld of %s exited %d\n", first_fail, argv[0],
				WEXITSTATUS(first_status));
		else
			fprintf(stderr, "benchrun: run %ld of %s: signal %d\n", first_fail, argv[0],
				WTERMSIG(first_status));
		return 1;
	}
	return 0;
}
