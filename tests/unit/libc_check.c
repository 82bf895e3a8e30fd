/* The binary's stand-ins for musl functions (src/tiny/libc.c, string.c),
 * linked with musl and checked against musl's own (fstatat is not
 * replaced) or the results C requires. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "t.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* the string functions on every pair of a few strings, against what C
 * requires (written out here the slow way) */
static void check_strings(void)
{
	static const char *const w[] = { "", "a", "ab", "abc", "abd", "b", "\xff", "a\xff", "aa" };
	char buf[16], tok[] = " ,a,, bc ,d,", *save, *t;

	for (size_t i = 0; i < sizeof(w) / sizeof(*w); i++) {
		size_t len = 0;

		while (w[i][len])
			len++;
		T_EQ_U64(strlen(w[i]), len);
		T_EQ_U64(strnlen(w[i], 1), len < 1 ? len : 1);
		T_EQ_U64(strnlen(w[i], 100), len);
		T_CHECK(strchr(w[i], 0) == w[i] + len);
		T_CHECK(strrchr(w[i], 0) == w[i] + len);
		T_CHECK(strcpy(buf, w[i]) == buf && !memcmp(buf, w[i], len + 1));
		for (size_t j = 0; j < sizeof(w) / sizeof(*w); j++) {
			size_t k = 0;
			int want;

			while (w[i][k] && w[i][k] == w[j][k])
				k++;
			want = sign((unsigned char)w[i][k] - (unsigned char)w[j][k]);
			T_EQ_U64(sign(strcmp(w[i], w[j])), want);
			T_EQ_U64(sign(strncmp(w[i], w[j], 100)), want);
			T_EQ_U64(strncmp(w[i], w[j], 0), 0);
			T_EQ_U64(sign(strncmp(w[i], w[j], k)), 0);
			T_EQ_U64(sign(strncmp(w[i], w[j], k + 1)), want);
		}
	}
	{
		const char *s = "abcab\xff";

		T_CHECK(strchr(s, 'b') == s + 1);
		T_CHECK(strchr(s, 'z') == NULL);
		T_CHECK(strchr(s, 0x1ff) == s + 5);             /* (char)c */
		T_CHECK(strrchr(s, 'b') == s + 4);
		T_CHECK(strrchr(s, 'z') == NULL);
		T_CHECK(memchr(s, 'c', 6) == s + 2);
		T_CHECK(memchr(s, 'c', 2) == NULL);
		T_CHECK(memchr(s, 0x1ff, 6) == s + 5);          /* (unsigned char)c */
		T_CHECK(memchr(s, 0, 7) == s + 6);
		T_CHECK(memchr(s, 'a', 0) == NULL);
		T_EQ_U64(strspn(s, "ba"), 2);
		T_EQ_U64(strspn(s, ""), 0);
		T_EQ_U64(strcspn(s, "c"), 2);
		T_EQ_U64(strcspn(s, ""), 6);
		T_EQ_U64(strcspn("", "a"), 0);
		T_CHECK(strpbrk(s, "xc") == s + 2);
		T_CHECK(strpbrk(s, "\xff") == s + 5);
		T_CHECK(strpbrk(s, "xyz") == NULL && strpbrk(s, "") == NULL);
	}
	{
		char cat[16] = "ab", *d;

		T_CHECK(strcat(cat, "cd") == cat && !strcmp(cat, "abcd"));
		T_CHECK(strcat(cat, "") == cat && !strcmp(cat, "abcd"));
		d = strdup("xyz");
		T_CHECK(d && !strcmp(d, "xyz"));
		free(d);
		d = strndup("xyz", 2);
		T_CHECK(d && !strcmp(d, "xy"));
		free(d);
		d = strndup("xyz", 10);
		T_CHECK(d && !strcmp(d, "xyz"));
		free(d);
		d = strndup("xyz", 0);
		T_CHECK(d && !*d);
		free(d);
		T_EQ_U64(memcmp("ab\0c", "ab\0c", 4), 0);
		T_CHECK(memcmp("ab\0c", "ab\0d", 4) < 0 && memcmp("b", "a", 1) > 0);
		T_CHECK(memcmp("\xff", "a", 1) > 0 && memcmp("x", "y", 0) == 0);
	}
	/* memmove: apart, overlapping either way, onto itself, nothing */
	{
		char m[] = "abcdefgh", n[8] = "";

		T_CHECK(memmove(n, m, 4) == n && !memcmp(n, "abcd", 4));
		T_CHECK(memmove(m + 2, m, 5) == m + 2 && !strcmp(m, "ababcdeh"));
		T_CHECK(memmove(m, m + 3, 5) == m && !strcmp(m, "bcdehdeh"));
		T_CHECK(memmove(m, m, 8) == m && !strcmp(m, "bcdehdeh"));
		T_CHECK(memmove(m + 1, m, 0) == m + 1 && !strcmp(m, "bcdehdeh"));
	}
	T_EQ_U64(strcasecmp("SmQ", "smq"), 0);
	T_CHECK(strcasecmp("mq", "smq") < 0 && strcasecmp("smq", "SM") > 0);
	T_CHECK(strcasecmp("[", "a") < 0 && strcasecmp("@", "a") < 0);     /* as lower case */
	T_CHECK(strcasecmp("\xc4", "\xe4") < 0 && strcasecmp("", "") == 0);
	/* strtok_r: leading, repeated and trailing separators */
	T_EQ_STR(strtok_r(tok, " ,", &save), "a");
	T_EQ_STR(strtok_r(NULL, " ,", &save), "bc");
	T_EQ_STR(t = strtok_r(NULL, " ,", &save), "d");
	T_CHECK(save == t + 2);
	T_CHECK(strtok_r(NULL, " ,", &save) == NULL && save == NULL);
	T_CHECK(strtok_r(NULL, " ,", &save) == NULL);
	strcpy(tok, "x");
	T_EQ_STR(strtok_r(tok, ",", &save), "x");
	T_CHECK(save == NULL);
	strcpy(tok, " ,");
	T_CHECK(strtok_r(tok, " ,", &save) == NULL && save == NULL);
}

static void check_getenv(void)
{
	T_CHECK(setenv("MINIDM_T", "v=1", 1) == 0 && setenv("MINIDM_TT", "w", 1) == 0);
	T_EQ_STR(getenv("MINIDM_T"), "v=1");
	T_EQ_STR(getenv("MINIDM_TT"), "w");
	T_CHECK(getenv("MINIDM_") == NULL);
	T_CHECK(getenv("MINIDM_T=v") == NULL);
	T_CHECK(getenv("") == NULL);
	T_CHECK(getenv("=") == NULL);
}

/* execvp in a child: the exit status, or 100 + errno when it failed */
static int run(const char *path, const char *file)
{
	char *const argv[] = { (char *)file, (char *)"-c", (char *)"exit 7", NULL };
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (path)
			setenv("PATH", path, 1);
		else
			unsetenv("PATH");
		execvp(file, argv);
		_exit(100 + errno);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void check_execvp(void)
{
	char dir[] = "/tmp/minidm-execvp-XXXXXX", f[64], longname[NAME_MAX + 2];
	int fd;

	T_EQ_U64(run("/nonexistent:/bin", "sh"), 7);
	T_EQ_U64(run("/bin", "sh"), 7);
	T_EQ_U64(run(":/bin", "sh"), 7);
	T_EQ_U64(run(NULL, "sh"), 7);                     /* the default PATH */
	T_EQ_U64(run("/bin", "/bin/sh"), 7);
	T_EQ_U64(run("/bin", "no-such-minidm"), 100 + ENOENT);
	T_EQ_U64(run("/bin", ""), 100 + ENOENT);
	T_EQ_U64(run("/bin", "./no-such-minidm"), 100 + ENOENT);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	T_EQ_U64(run("/bin", longname), 100 + ENAMETOOLONG);
	T_EQ_U64(run("/etc/passwd:/bin", "sh"), 7);      /* ENOTDIR: on */
	if (!mkdtemp(dir))
		return;
	snprintf(f, sizeof(f), "%s/sh", dir);
	fd = open(f, O_WRONLY | O_CREAT, 0644);         /* not executable: EACCES */
	T_CHECK(fd >= 0);
	close(fd);
	T_EQ_U64(run(dir, "sh"), 100 + EACCES);
	T_EQ_U64(run(strcat(strcpy(f, dir), ":/bin"), "sh"), 7);
	T_EQ_U64(run(strcat(strcpy(f, dir), ":/nonexistent"), "sh"), 100 + EACCES);
	snprintf(f, sizeof(f), "%s/sh", dir);
	unlink(f);
	rmdir(dir);
}

static void check_sys(void)
{
	struct timespec a, b, r = { 0, 1000000 };
	char path[] = "/tmp/minidm-open-XXXXXX";
	struct stat st;
	void *p;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &a);
	T_EQ_U64(usleep(20000), 0);
	T_EQ_U64(nanosleep(&r, &r), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	T_CHECK((b.tv_sec - a.tv_sec) * 1000000000 + b.tv_nsec - a.tv_nsec >= 21000000);
	r.tv_nsec = 1000000000;
	errno = 0;
	T_CHECK(nanosleep(&r, NULL) == -1 && errno == EINVAL);
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	T_CHECK(p != MAP_FAILED && ((char *)p)[8191] == 0);
	T_CHECK(munmap(p, 8192) == 0);
	errno = 0;
	T_CHECK(mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100) == MAP_FAILED &&
	        errno == EINVAL);
	errno = 0;
	T_CHECK(mmap(NULL, (size_t)-1 / 2, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	        MAP_FAILED && errno == ENOMEM);
	errno = 0;
	T_CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, -1, 0) == MAP_FAILED && errno == EBADF);
	/* open: the mode when creating, O_CLOEXEC, errors */
	fd = mkstemp(path);
	T_CHECK(fd >= 0 && close(fd) == 0 && unlink(path) == 0);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0604);
	T_CHECK(fd >= 0);
	T_CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == (0604 & ~umask(022)));
	T_CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	T_CHECK((fcntl(fd, F_GETFL) & O_LARGEFILE) != 0);
	close(fd);
	errno = 0;
	T_CHECK(open(path, O_WRONLY | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST);
	unlink(path);
	errno = 0;
	T_CHECK(open("/nonexistent/minidm", O_RDONLY) == -1 && errno == ENOENT);
}

/* the system call stand-ins: results and errno as POSIX (and musl) give them */
static void check_calls(void)
{
	char dir[] = "/tmp/minidm-calls-XXXXXX", f[64], l[64], b[16];
	struct iovec v[2] = { { (void *)"ab", 2 }, { (void *)"cd", 2 } };
	struct pollfd p;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct sembuf op = { 0, 1, IPC_NOWAIT };
	int fd, pfd[2], n, id, st;
	pid_t pid;

	if (!mkdtemp(dir))
		return;
	snprintf(f, sizeof(f), "%s/f", dir);
	snprintf(l, sizeof(l), "%s/l", dir);
	fd = open(f, O_RDWR | O_CREAT | O_EXCL, 0600);
	T_CHECK(fd >= 0);
	T_EQ_U64(write(fd, "0123456789", 10), 10);
	T_EQ_U64(writev(fd, v, 2), 4);
	T_EQ_U64(pwrite(fd, "X", 1, 3), 1);
	T_EQ_U64(lseek(fd, 2, SEEK_SET), 2);
	T_CHECK(read(fd, b, 4) == 4 && !memcmp(b, "2X45", 4));
	T_CHECK(pread(fd, b, 16, 10) == 4 && !memcmp(b, "abcd", 4));
	T_EQ_U64(pread(fd, b, 16, 100), 0);
	T_EQ_U64(fsync(fd), 0);
	T_CHECK(isatty(fd) == 0 && errno == ENOTTY);
	T_CHECK(ioctl(fd, FIONREAD, &n) == 0 && n == 8);    /* past the offset */
	T_EQ_U64(close(fd), 0);
	errno = 0;
	T_CHECK(close(fd) == -1 && errno == EBADF);
	T_CHECK(read(fd, b, 1) == -1 && errno == EBADF);
	T_CHECK(isatty(fd) == 0 && errno == EBADF);
	T_CHECK(ioctl(fd, FIONREAD, &n) == -1 && errno == EBADF);
	T_CHECK(lseek(-1, 0, SEEK_SET) == -1 && errno == EBADF);
	T_EQ_U64(access(f, R_OK), 0);
	T_CHECK(access(l, F_OK) == -1 && errno == ENOENT);
	T_EQ_U64(symlink("f", l), 0);
	T_CHECK(symlink("f", l) == -1 && errno == EEXIST);
	T_CHECK(readlink(l, b, sizeof(b)) == 1 && b[0] == 'f');
	T_EQ_U64(readlink(l, b, 0), 0);                     /* not EINVAL */
	T_CHECK(readlink(f, b, sizeof(b)) == -1 && errno == EINVAL);
	T_EQ_U64(unlink(l), 0);
	T_EQ_U64(mknod(l, S_IFIFO | 0600, 0), 0);
	T_EQ_U64(unlink(l), 0);
	T_EQ_U64(mkdir(l, 0700), 0);
	T_CHECK(mkdir(l, 0700) == -1 && errno == EEXIST);
	T_EQ_U64(rmdir(l), 0);
	T_CHECK(rmdir(l) == -1 && errno == ENOENT);
	/* a directory of 200 entries: more than one getdents64 buffer */
	{
		DIR *d = opendir(dir);
		struct dirent *de;
		int seen = 0, files = 0;

		T_CHECK(d != NULL);
		for (int i = 0; i < 198; i++) {
			snprintf(l, sizeof(l), "%s/entry-with-a-long-name-%03d", dir, i);
			close(open(l, O_WRONLY | O_CREAT, 0600));
		}
		errno = 0;
		while (d && (de = readdir(d)))
			seen++, files += !strncmp(de->d_name, "entry-with-a-long-name-", 23);
		T_CHECK(errno == 0 && seen == 201 && files == 198);  /* ".", "..", f */
		T_CHECK(d && closedir(d) == 0);
		for (int i = 0; i < 198; i++) {
			snprintf(l, sizeof(l), "%s/entry-with-a-long-name-%03d", dir, i);
			unlink(l);
		}
		T_CHECK(opendir(f) == NULL && errno == ENOTDIR);
		snprintf(l, sizeof(l), "%s/l", dir);
	}
	T_EQ_U64(unlink(f), 0);
	T_CHECK(opendir(f) == NULL && errno == ENOENT);
	rmdir(dir);
	/* poll and waitpid */
	T_CHECK(pipe(pfd) == 0);
	p = (struct pollfd){ .fd = pfd[0], .events = POLLIN };
	T_EQ_U64(poll(&p, 1, 0), 0);
	T_EQ_U64(write(pfd[1], "x", 1), 1);
	T_CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLIN));
	close(pfd[0]);
	close(pfd[1]);
	pid = fork();
	if (pid == 0)
		_exit(5);
	T_CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 5);
	T_CHECK(waitpid(pid, &st, WNOHANG) == -1 && errno == ECHILD);
	/* connect to a socket that is not there */
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/none", dir);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	T_CHECK(fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 && errno == ENOENT);
	close(fd);
	/* semaphores: semctl reads its argument only for the commands that take one */
	T_CHECK(semget(IPC_PRIVATE, USHRT_MAX + 1, 0600) == -1 && errno == EINVAL);
	id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	T_CHECK(id >= 0);
	T_EQ_U64(semctl(id, 0, SETVAL, 3), 0);
	T_EQ_U64(semctl(id, 0, GETVAL), 3);
	T_EQ_U64(semop(id, &op, 1), 0);
	T_EQ_U64(semctl(id, 0, GETVAL), 4);
	T_EQ_U64(semtimedop(id, &op, 1, NULL), 0);
	T_EQ_U64(semctl(id, 0, GETVAL), 5);
	T_EQ_U64(semctl(id, 0, IPC_RMID), 0);
	T_CHECK(semctl(id, 0, GETVAL) == -1 && (errno == EINVAL || errno == EIDRM));
}

static void check_strstr(void)
{
	const char *h = "abcabd";

	T_CHECK(strstr(h, "") == h);
	T_CHECK(strstr("", "") != NULL);
	T_CHECK(strstr("", "a") == NULL);
	T_CHECK(strstr(h, "abd") == h + 3);
	T_CHECK(strstr(h, "d") == h + 5);
	T_CHECK(strstr(h, "abda") == NULL);
	T_CHECK(strstr("aaa", "aaaa") == NULL);
}

/* stat and lstat against musl's fstatat */
static void same_stat(const char *path, int flag)
{
	struct stat a, b;
	int ra = flag ? lstat(path, &a) : stat(path, &a);
	int rb = fstatat(AT_FDCWD, path, &b, flag);

	T_EQ_U64(ra, rb);
	T_EQ_U64(a.st_dev, b.st_dev);
	T_EQ_U64(a.st_ino, b.st_ino);
	T_EQ_U64(a.st_mode, b.st_mode);
	T_EQ_U64(a.st_nlink, b.st_nlink);
	T_EQ_U64(a.st_uid, b.st_uid);
	T_EQ_U64(a.st_rdev, b.st_rdev);
	T_EQ_U64(a.st_size, b.st_size);
	T_EQ_U64(a.st_mtim.tv_sec, b.st_mtim.tv_sec);
	T_EQ_U64(a.st_mtim.tv_nsec, b.st_mtim.tv_nsec);
}

static void check_stat(void)
{
	struct stat s;

	same_stat("/", 0);
	same_stat("/dev/null", 0);
	same_stat("/proc/self/exe", 0);
	same_stat("/proc/self/exe", AT_SYMLINK_NOFOLLOW);
	T_CHECK(lstat("/proc/self/exe", &s) == 0 && S_ISLNK(s.st_mode));
	T_CHECK(stat("/proc/self/exe", &s) == 0 && S_ISREG(s.st_mode));
	errno = 0;
	T_CHECK(stat("/nonexistent/minidm", &s) == -1 && errno == ENOENT);
}

static void check_clock(void)
{
	struct timespec a, b;
	time_t t = 0, now;

	T_CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	T_CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	T_CHECK(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
	T_CHECK(clock_gettime(CLOCK_REALTIME, &a) == 0);
	now = time(&t);
	T_CHECK(now == t && now >= a.tv_sec && now <= a.tv_sec + 1);
	T_CHECK(clock_gettime((clockid_t)-100, &a) == -1 && errno == EINVAL);
}

int main(void)
{
	umask(022);
	check_strings();
	check_getenv();
	check_execvp();
	check_sys();
	check_calls();
	check_strstr();
	check_stat();
	check_clock();
	return t_done();
}
