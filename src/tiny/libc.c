/* libc.c - smaller stand-ins for musl functions, in the minidm binary only
 * (not the library; empty in the host builds, which use the system's).
 *
 * A static link takes a member of libc.a only for symbols still undefined,
 * so these replace musl's, as alloc.c and fmt.c do.  Each does what musl's
 * does for every input; they are plain where musl's are fast, which no
 * caller here needs.
 */
#ifndef MINIDM_TEST
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* musl's strstr is a two-way search (about 1.2 KiB); needles here are a
 * few characters long. */
char *strstr(const char *h, const char *n)
{
	size_t len = strlen(n);

	for (; *h; h++)
		if (!strncmp(h, n, len))
			return (char *)h;
	return len ? NULL : (char *)h;
}

/* musl's stat and lstat go through fstatat, which copies the kernel's
 * struct field by field and handles AT_EMPTY_PATH (about 700 bytes).  On
 * x86_64 the kernel's struct stat is musl's, so the system calls fill it
 * directly. */
#ifdef __x86_64__
_Static_assert(sizeof(struct stat) == 144, "x86_64: struct stat is the kernel's");

int stat(const char *restrict path, struct stat *restrict st)
{
	return (int)syscall(SYS_stat, path, st);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return (int)syscall(SYS_lstat, path, st);
}
#endif

/* musl's clock_gettime looks the call up in the vDSO first (about 1 KiB
 * with the lookup); minidm reads the clock a few times a second at most.
 * Only where the kernel's timespec is the C library's (64-bit systems;
 * 32-bit ones have clock_gettime64 and keep musl's). */
#ifndef SYS_clock_gettime64
int clock_gettime(clockid_t clk, struct timespec *ts)
{
	return (int)syscall(SYS_clock_gettime, clk, ts);
}

time_t time(time_t *t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}
#endif
#endif
