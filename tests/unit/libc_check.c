/* The binary's stand-ins for musl functions (src/tiny/libc.c), linked with
 * musl and checked against musl's own (fstatat is not replaced) or the
 * results C requires. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "t.h"

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
	check_strstr();
	check_stat();
	check_clock();
	return t_done();
}
