/* libc.c - smaller stand-ins for musl functions, in the minidm binary only
 * (not the library; empty in the host builds, which use the system's).
 *
 * A static link takes a member of libc.a only for symbols still undefined,
 * so these replace musl's, as alloc.c and fmt.c do.  Each does what musl's
 * does for every input; they are plain where musl's are fast, which no
 * caller here needs.
 */
#ifndef MINIDM_TEST
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __x86_64__
/* System calls without musl's syscall() (variadic, about 130 bytes) and
 * without its one wrapper of 30 to 100 bytes per call, each aligned to 16
 * bytes: raw() is the kernel's answer (-errno on failure), ret() turns it
 * into musl's (-1 and errno), sys() is both.  No cancellation points: no
 * pthreads here. */
static long raw(long a, long b, long c, long d, long n)
{
	register long r10 __asm__("r10") = d;
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "0"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
	                 : "rcx", "r11", "memory");
	return r;
}

static long ret(long r)
{
	if ((unsigned long)r > -4096ul) {
		errno = (int)-r;
		r = -1;
	}
	return r;
}

__attribute__((noinline)) static long sys(long a, long b, long c, long d, long n)
{
	return ret(raw(a, b, c, d, n));
}

/* what musl's vfork jumps to with the kernel's answer */
long __syscall_ret(unsigned long r);
long __syscall_ret(unsigned long r)
{
	return ret((long)r);
}

#define SYS(n, a, b, c, d) sys((long)(a), (long)(b), (long)(c), (long)(d), SYS_##n)

/* read, write: called, not inlined where they are used (15 bytes less) */
__attribute__((noinline))
ssize_t read(int fd, void *buf, size_t len)           { return SYS(read, fd, buf, len, 0); }
__attribute__((noinline))
ssize_t write(int fd, const void *buf, size_t len)    { return SYS(write, fd, buf, len, 0); }
ssize_t writev(int fd, const struct iovec *v, int n)  { return SYS(writev, fd, v, n, 0); }
ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	return SYS(pread64, fd, buf, len, off);
}
ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return SYS(pwrite64, fd, buf, len, off);
}
off_t lseek(int fd, off_t off, int whence)            { return SYS(lseek, fd, off, whence, 0); }
ssize_t readahead(int fd, off_t off, size_t len)      { return SYS(readahead, fd, off, len, 0); }
pid_t getpid(void)                                    { return (pid_t)raw(0, 0, 0, 0, SYS_getpid); }

/* exit_group does not return (musl's _exit calls its _Exit, which tries
 * exit after it) */
_Noreturn void _exit(int code)
{
	for (;;)
		raw(code, 0, 0, 0, SYS_exit_group);
}
int fsync(int fd)                                     { return (int)SYS(fsync, fd, 0, 0, 0); }
int poll(struct pollfd *p, nfds_t n, int ms)          { return (int)SYS(poll, p, n, ms, 0); }
int connect(int fd, const struct sockaddr *a, socklen_t n)
{
	return (int)SYS(connect, fd, a, n, 0);
}
pid_t waitpid(pid_t pid, int *st, int opt)            { return (pid_t)SYS(wait4, pid, st, opt, 0); }
int execve(const char *p, char *const a[], char *const e[])
{
	return (int)SYS(execve, p, a, e, 0);
}
int access(const char *p, int mode)                   { return (int)SYS(access, p, mode, 0, 0); }
int mkdir(const char *p, mode_t mode)                 { return (int)SYS(mkdir, p, mode, 0, 0); }
int mknod(const char *p, mode_t mode, dev_t dev)      { return (int)SYS(mknod, p, mode, dev, 0); }
int rmdir(const char *p)                              { return (int)SYS(rmdir, p, 0, 0, 0); }
int unlink(const char *p)                             { return (int)SYS(unlink, p, 0, 0, 0); }
int symlink(const char *to, const char *p)            { return (int)SYS(symlink, to, p, 0, 0); }
int munmap(void *p, size_t len)                       { return (int)SYS(munmap, p, len, 0, 0); }
int semop(int id, struct sembuf *b, size_t n)         { return (int)SYS(semop, id, b, n, 0); }
int semtimedop(int id, struct sembuf *b, size_t n, const struct timespec *ts)
{
	return (int)SYS(semtimedop, id, b, n, ts);
}

/* musl's refuses more semaphores than a semid_ds counts */
int semget(key_t key, int n, int flags)
{
	return n > USHRT_MAX ? (int)ret(-EINVAL) : (int)SYS(semget, key, n, flags, 0);
}

/* ioctl and semctl take their last argument through "...": in the x86_64
 * calling convention it arrives in the register of a named one, so these
 * are aliases of functions that name it (no va_list code).  semctl passes
 * it on only for the commands that take one (musl's list: IPC_SET,
 * IPC_STAT, IPC_INFO, GETALL, SETVAL, SETALL, SEM_STAT, SEM_INFO,
 * SEM_STAT_ANY), 0 for the others. */
static int semctl4(int id, int num, int cmd, long arg)
{
	if (!((unsigned)cmd < 21 && (0x1f200eu >> cmd & 1)))
		arg = 0;
	return (int)SYS(semctl, id, num, cmd, arg);
}

static int ioctl3(int fd, int req, void *arg)
{
	return (int)SYS(ioctl, fd, req, arg, 0);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wattribute-alias"
__typeof__(semctl) semctl __attribute__((alias("semctl4")));
__typeof__(ioctl) ioctl __attribute__((alias("ioctl3")));
#pragma GCC diagnostic pop

int isatty(int fd)
{
	struct winsize ws;

	if (!SYS(ioctl, fd, TIOCGWINSZ, &ws, 0))
		return 1;
	if (errno != EBADF)
		errno = ENOTTY;
	return 0;
}

/* an interrupted close has closed the descriptor */
int close(int fd)
{
	long r = raw(fd, 0, 0, 0, SYS_close);

	return (int)ret(r == -EINTR ? 0 : r);
}

/* the kernel refuses a size of 0: musl reads into a byte of its own */
ssize_t readlink(const char *restrict p, char *restrict buf, size_t len)
{
	char dummy[1];
	long r;

	if (!len)
		buf = dummy, len = 1;
	r = raw((long)p, (long)buf, (long)len, 0, SYS_readlink);
	return ret(buf == dummy && r > 0 ? 0 : r);
}

/* Directories, as musl reads them (musl's dirent.h leaves DIR incomplete:
 * this is the binary's): a buffer of getdents64 records. */
struct __dirstream {
	int fd, pos, end;
	char buf[2048];
};

DIR *opendir(const char *name)
{
	int fd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		raw(fd, 0, 0, 0, SYS_close);            /* errno stays ENOMEM */
	else
		d->fd = fd;
	return d;
}

int closedir(DIR *d)
{
	int r = close(d->fd);

	free(d);
	return r;
}

/* NULL at the end (errno kept) or on an error (errno set; ENOENT, a
 * directory removed while read, counts as the end) */
struct dirent *readdir(DIR *d)
{
	struct dirent *de;

	if (d->pos >= d->end) {
		long n = raw(d->fd, (long)d->buf, sizeof(d->buf), 0, SYS_getdents64);

		if (n <= 0) {
			if (n < 0 && n != -ENOENT)
				errno = (int)-n;
			return NULL;
		}
		d->end = (int)n;
		d->pos = 0;
	}
	de = (void *)(d->buf + d->pos);
	d->pos += de->d_reclen;
	return de;
}
#else
#define SYS(n, a, b, c, d) syscall(SYS_##n, a, b, c, d)
#endif

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
	return (int)SYS(stat, path, st, 0, 0);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return (int)SYS(lstat, path, st, 0, 0);
}

int fstat(int fd, struct stat *st)
{
	return (int)SYS(fstat, fd, st, 0, 0);
}
#endif

/* musl's socket retries without SOCK_CLOEXEC for kernels older than
 * 2.6.27, setting it by fcntl */
int socket(int domain, int type, int protocol)
{
	return (int)SYS(socket, domain, type, protocol, 0);
}

/* musl's clock_gettime looks the call up in the vDSO first (about 1 KiB
 * with the lookup); minidm reads the clock a few times a second at most.
 * Only where the kernel's timespec is the C library's (64-bit systems;
 * 32-bit ones have clock_gettime64 and keep musl's). */
#ifndef SYS_clock_gettime64
int clock_gettime(clockid_t clk, struct timespec *ts)
{
	return (int)SYS(clock_gettime, clk, ts, 0, 0);
}

time_t time(time_t *t)
{
	struct timespec ts = { 0 };     /* for the analyzers: the asm fills it */

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

/* (inlined into cli_spawn, its one caller: 32 bytes less) */
__attribute__((always_inline)) inline int execvp(const char *file, char *const argv[])
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
	return (int)SYS(nanosleep, req, rem, 0, 0);
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
#ifdef __x86_64__
	{
		register long r10 __asm__("r10") = flags, r8 __asm__("r8") = fd, r9 __asm__("r9") = off;

		__asm__ volatile("syscall" : "=a"(r) : "0"(SYS_mmap), "D"(start), "S"(len), "d"(prot),
		                 "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
		r = ret(r);
	}
#else
	r = syscall(SYS_mmap, start, len, prot, flags, fd, off);
#endif
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
	return (int)SYS(open, path, flags | O_LARGEFILE, mode, 0);
}
#endif
