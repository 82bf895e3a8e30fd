/* test_udev.c - the udev cookie: parsing as udev passes it, the flag lines
 * `dmsetup udevflags` prints, and the semaphore handshake on the host's
 * System V IPC (a child plays udev's `dmsetup udevcomplete`). */
#include <errno.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "minidm.h"
#include "t.h"

static void test_parse(void)
{
	uint32_t c = 0;

	T_EQ_U64(mdm_cookie_parse("4194304", &c), 0);
	T_EQ_U64(c, 0x400000);
	T_EQ_U64(mdm_cookie_parse("0xd4d1234", &c), 0);
	T_EQ_U64(c, 0xd4d1234);
	T_EQ_U64(mdm_cookie_parse("0X1f", &c), 0);
	T_EQ_U64(c, 31);
	T_EQ_U64(mdm_cookie_parse("017", &c), 0);
	T_EQ_U64(c, 15);
	T_EQ_U64(mdm_cookie_parse("0", &c), 0);
	T_EQ_U64(c, 0);
	T_EQ_U64(mdm_cookie_parse("4294967295", &c), 0);
	T_EQ_U64(c, 0xffffffffu);
	T_EQ_U64(mdm_cookie_parse("4294967296", &c), -ERANGE);
	T_EQ_U64(mdm_cookie_parse("", &c), -EINVAL);
	T_EQ_U64(mdm_cookie_parse("12a", &c), -EINVAL);
	T_EQ_U64(mdm_cookie_parse("0x", &c), -EINVAL);
	T_EQ_U64(mdm_cookie_parse("08", &c), -EINVAL);
	T_EQ_U64(mdm_cookie_parse("-1", &c), -EINVAL);
}

static void test_flags(void)
{
	char b[512];

	/* minidm's resume with udev: PRIMARY_SOURCE | DISABLE_LIBRARY_FALLBACK */
	T_EQ_U64(mdm_udev_flags_env(0x00601234, b, sizeof(b)), 0);
	T_EQ_STR(b, "DM_UDEV_DISABLE_LIBRARY_FALLBACK_FLAG='1'\n"
	            "DM_UDEV_PRIMARY_SOURCE_FLAG='1'\n");
	/* without udev: the rules leave /dev/mapper alone */
	T_EQ_U64(mdm_udev_flags_env(0x00430000, b, sizeof(b)), 0);
	T_EQ_STR(b, "DM_UDEV_DISABLE_DM_RULES_FLAG='1'\n"
	            "DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG='1'\n"
	            "DM_UDEV_PRIMARY_SOURCE_FLAG='1'\n");
	T_EQ_U64(mdm_udev_flags_env(0x819c0001, b, sizeof(b)), 0);
	T_EQ_STR(b, "DM_UDEV_DISABLE_DISK_RULES_FLAG='1'\n"
	            "DM_UDEV_DISABLE_OTHER_RULES_FLAG='1'\n"
	            "DM_UDEV_LOW_PRIORITY_FLAG='1'\n"
	            "DM_UDEV_FLAG7='1'\n"
	            "DM_SUBSYSTEM_UDEV_FLAG0='1'\n"
	            "DM_SUBSYSTEM_UDEV_FLAG7='1'\n");
	T_EQ_U64(mdm_udev_flags_env(0x1234, b, sizeof(b)), 0);
	T_EQ_STR(b, "");
	T_EQ_U64(mdm_udev_flags_env(0xffff0000u, b, 40), -ENOSPC);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void test_handshake(void)
{
	struct timespec t0;
	uint32_t c = 0, c2 = 0;
	unsigned n;
	pid_t pid;
	int st;

	if (mdm_cookie_create(&c) == -ENOSYS) {
		printf("test_udev: no System V IPC here, handshake not tested\n");
		return;
	}
	T_CHECK(c && c <= 0xffff);
	T_EQ_U64(mdm_cookie_create(&c2), 0);
	T_CHECK(c2 != c);
	/* udev (a child) completes 50 ms later; flags in the top bits as in DM_COOKIE */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		_exit(mdm_cookie_dec(c | 0x00600000u) ? 1 : 0);
	}
	T_EQ_U64(mdm_cookie_wait(c, 5000), 0);
	T_CHECK(ms_since(&t0) < 4000);
	waitpid(pid, &st, 0);
	T_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	T_EQ_U64(mdm_cookie_dec(c), -ENOENT);        /* removed after the wait */
	/* nobody completes: a timeout, and the semaphore is gone anyway */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	T_EQ_U64(mdm_cookie_wait(c2, 100), -ETIMEDOUT);
	T_CHECK(ms_since(&t0) >= 90);
	T_EQ_U64(mdm_cookie_destroy(c2), -ENOENT);
	/* a caller's cookie: +1 per uevent, release takes the creator's 1 */
	T_EQ_U64(mdm_cookie_create(&c), 0);
	T_EQ_U64(mdm_cookie_inc(c), 0);
	T_EQ_U64(mdm_cookie_dec(c), 0);              /* udev: one event */
	T_EQ_U64(mdm_cookie_release(c, 1000), 0);
	/* complete twice: the second says so */
	T_EQ_U64(mdm_cookie_create(&c), 0);
	T_EQ_U64(mdm_cookie_dec(c), 0);
	T_EQ_U64(mdm_cookie_dec(c), -EAGAIN);
	/* udevcomplete_all AGE spares a fresh cookie; a flags-only cookie is no cookie */
	T_EQ_U64(mdm_cookie_destroy_all(86400, &n), 0);
	T_EQ_U64(mdm_cookie_inc(c), 0);
	T_EQ_U64(mdm_cookie_destroy(c), 0);
	T_EQ_U64(mdm_cookie_dec(0x00400000u), -EINVAL);
}

int main(void)
{
	test_parse();
	test_flags();
	test_handshake();
	return t_done();
}
