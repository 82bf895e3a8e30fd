/* libc.c - smaller stand-ins for musl functions, in the minidm binary only
 * (not the library; empty in the host builds, which use the system's).
 *
 * A static link takes a member of libc.a only for symbols still undefined,
 * so these replace musl's, as alloc.c and fmt.c do.  Each does what musl's
 * does for every input; they are plain where musl's are fast, which no
 * caller here needs.
 */
#ifndef MINIDM_TEST
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
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

int fstat(int fd, struct stat *st)
{
	return (int)syscall(SYS_fstat, fd, st);
}
#endif

/* musl's socket retries without SOCK_CLOEXEC for kernels older than
 * 2.6.27, setting it by fcntl */
int socket(int domain, int type, int protocol)
{
	return (int)syscall(SYS_socket, domain, type, protocol);
}

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

/* musl's getenv and execvp use strchrnul (about 240 bytes); execvp's
 * PATH search is musl's, step for step. */
char *getenv(const char *name)
{
	size_t l = strcspn(name, "=");

	if (l && !name[l] && environ)
		for (char **e = environ; *e; e++)
			if (!strncmp(name, *e, l) && (*e)[l] == '=')
				return *e + l + 1;
	return NULL;
}

int execvp(const char *file, char *const argv[])
{
	const char *p = getenv("PATH"), *z;
	size_t k = strnlen(file, NAME_MAX + 1), l, n;
	int eacces = 0;
	char b[PATH_MAX + NAME_MAX + 2];

	errno = ENOENT;
	if (!*file)
		return -1;
	if (strchr(file, '/'))
		return execve(file, argv, environ);
	if (!p)
		p = "/usr/local/bin:/bin:/usr/bin";
	if (k > NAME_MAX)
		return errno = ENAMETOOLONG, -1;
	l = strnlen(p, PATH_MAX - 1) + 1;
	for (;; p = z + 1) {
		z = p + strcspn(p, ":");
		n = (size_t)(z - p);
		if (n < l) {                    /* longer: skipped */
			memcpy(b, p, n);
			b[n] = '/';
			memcpy(b + n + !!n, file, k + 1);
			execve(b, argv, environ);
			if (errno == EACCES)
				eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (!*z)
			break;
	}
	if (eacces)
		errno = EACCES;
	return -1;
}

/* musl's nanosleep goes through clock_nanosleep, which for CLOCK_REALTIME
 * makes this system call */
int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)syscall(SYS_nanosleep, req, rem);
}

int usleep(unsigned us)
{
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };

	return nanosleep(&ts, &ts);
}

/* musl's, without its wait for threads (none here) */
void *mmap(void *start, size_t len, int prot, int flags, int fd, off_t off)
{
	long r;

	if (off & (off_t)(0x8000000000000000ull | 4095))
		return errno = EINVAL, MAP_FAILED;
	if (len >= PTRDIFF_MAX)
		return errno = ENOMEM, MAP_FAILED;
	r = syscall(SYS_mmap, start, len, prot, flags, fd, off);
	if (r == -1 && errno == EPERM && !start && (flags & MAP_ANON) && !(flags & MAP_FIXED))
		errno = ENOMEM;
	return (void *)r;
}

/* musl's also sets FD_CLOEXEC by fcntl for kernels older than 2.6.23,
 * which ignore O_CLOEXEC */
int open(const char *path, int flags, ...)
{
	unsigned mode = 0;

	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	return (int)syscall(SYS_open, path, flags | O_LARGEFILE, mode);
}
#endif
