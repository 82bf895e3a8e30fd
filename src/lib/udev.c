/* udev.c - the udev cookie handshake of libdevmapper, without libudev.
 *
 * A cookie is a System V semaphore keyed (0x0D4D << 16) | BASE, BASE a
 * non-zero 16-bit number.  The tool sends BASE | (FLAGS << 16) in event_nr
 * of resume, remove and rename; the kernel puts it in the uevent as
 * DM_COOKIE; Debian's dm rules run `dmsetup udevflags $DM_COOKIE` (FLAGS
 * as DM_UDEV_*_FLAG variables) and, last, `dmsetup udevcomplete
 * $DM_COOKIE`, which takes 1 off the semaphore.  The tool waits for zero:
 * then udev has made (or removed) the /dev/mapper link.
 *
 * minidm uses one cookie per ioctl (value 1: the one uevent), waits with a
 * timeout and removes the semaphore.  With --udevcookie (a cookie made by
 * `udevcreatecookie`) it adds 1 per ioctl and leaves the wait to
 * `udevreleasecookie`, as libdevmapper does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

#define BASE_MASK 0xffffu

union semun { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *__buf; };

static key_t cookie_key(uint32_t cookie)
{
	return (key_t)(MDM_COOKIE_MAGIC << MDM_UDEV_FLAGS_SHIFT | (cookie & BASE_MASK));
}

/* The semaphore of an existing cookie. */
static int cookie_sem(uint32_t cookie)
{
	int id;

	if (!(cookie & BASE_MASK))
		return -EINVAL;
	id = semget(cookie_key(cookie), 1, 0);
	return id < 0 ? -errno : id;
}

static int sem_add(uint32_t cookie, short delta)
{
	struct sembuf op = { 0, delta, IPC_NOWAIT };
	int id = cookie_sem(cookie);

	if (id < 0)
		return id;
	return semop(id, &op, 1) < 0 ? -errno : 0;
}

/* A udev that will answer: its control socket accepts, no DM_DISABLE_UDEV,
 * a 95-dm-notify rule is there and the dmsetup it runs (/sbin/dmsetup in
 * Debian's rules, /usr/sbin/dmsetup in upstream's: minidm or libdevmapper's)
 * to run udevcomplete. */
bool mdm_udev_running(void)
{
	static const char dirs[] MDM_ALIGN_AS(char) = "/etc\0/run\0/lib\0/usr/lib\0/usr/local/lib\0";
	/* the path set below, not here: an initializer with it is a 110-byte
	 * copy of the whole struct in the binary */
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	bool rules = false;
	int fd, ok;

	if (getenv("DM_DISABLE_UDEV"))
		return false;
	for (const char *d = dirs; *d && !rules; d += strlen(d) + 1) {
		char p[64];
		struct stat s;

		snprintf(p, sizeof(p), "%s/udev/rules.d/95-dm-notify.rules", d);
		rules = stat(p, &s) == 0 && S_ISREG(s.st_mode) && s.st_size > 0;
	}
	if (!rules || (access("/sbin/dmsetup", X_OK) && access("/usr/sbin/dmsetup", X_OK)))
		return false;
	strcpy(a.sun_path, "/run/udev/control");
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

int mdm_cookie_create(uint32_t *cookie)
{
	struct timespec t;
	union semun v = { .val = 1 };
	uint32_t base;
	int id = -1;

	/* not /dev/urandom: at early boot its first read blocks */
	clock_gettime(CLOCK_MONOTONIC, &t);
	base = ((uint32_t)getpid() * 2654435761u ^ (uint32_t)t.tv_nsec) & BASE_MASK;
	for (unsigned tries = 0; tries <= BASE_MASK; tries++, base = (base + 1) & BASE_MASK) {
		if (!base)
			continue;
		id = semget(cookie_key(base), 1, 0600 | IPC_CREAT | IPC_EXCL);
		if (id >= 0 || errno != EEXIST)
			break;
	}
	if (id < 0)
		return -errno;
	if (semctl(id, 0, SETVAL, v) < 0) {
		int e = -errno;

		semctl(id, 0, IPC_RMID);
		return e;
	}
	*cookie = base;
	return 0;
}

int mdm_cookie_inc(uint32_t cookie) { return sem_add(cookie, 1); }
int mdm_cookie_dec(uint32_t cookie) { return sem_add(cookie, -1); }

int mdm_cookie_destroy(uint32_t cookie)
{
	int id = cookie_sem(cookie);

	if (id < 0)
		return id;
	return semctl(id, 0, IPC_RMID) < 0 ? -errno : 0;
}

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int mdm_cookie_wait(uint32_t cookie, unsigned timeout_ms)
{
	struct sembuf zero = { 0, 0, 0 };
	long long left = timeout_ms * 1000000LL, end = now_ns() + left;
	int id = cookie_sem(cookie), e;

	if (id < 0)
		return id;
	for (;;) {
		struct timespec t = { (time_t)(left / 1000000000), (long)(left % 1000000000) };

		e = semtimedop(id, &zero, 1, &t) < 0 ? -errno : 0;
		if (e == -EIDRM)            /* someone removed it: nothing to wait for */
			return 0;
		if (e != -EINTR)
			break;
		if ((left = end - now_ns()) <= 0) {
			e = -EAGAIN;
			break;
		}
	}
	semctl(id, 0, IPC_RMID);
	return e == -EAGAIN ? -ETIMEDOUT : e;
}

int mdm_cookie_release(uint32_t cookie, unsigned timeout_ms)
{
	int e = mdm_cookie_dec(cookie);

	if (e && e != -EAGAIN) {
		mdm_cookie_destroy(cookie);
		return e;
	}
	return mdm_cookie_wait(cookie, timeout_ms);
}

/* Every cookie semaphore older than age_s goes, found as dmsetup finds
 * them: SEM_INFO gives the highest index in use, SEM_STAT each one's key
 * and change time. */
int mdm_cookie_destroy_all(unsigned age_s, unsigned *n)
{
	struct seminfo si;
	struct semid_ds ds;
	union semun a = { .__buf = &si };
	time_t now = time(NULL);
	int max = semctl(0, 0, SEM_INFO, a), e = 0;

	*n = 0;
	if (max < 0)
		return -errno;
	a.buf = &ds;
	for (int i = 0; i <= max; i++) {
		int id = semctl(i, 0, SEM_STAT, a);
		uint32_t key = (uint32_t)ds.sem_perm.__key;

		if (id < 0 || key >> MDM_UDEV_FLAGS_SHIFT != MDM_COOKIE_MAGIC || !(key & BASE_MASK) ||
		    (age_s && ds.sem_ctime + (time_t)age_s > now))
			continue;
		if (semctl(id, 0, IPC_RMID) < 0)
			e = -errno;
		else
			(*n)++;
	}
	return e;
}

/* strtoul(s, NULL, 0) without strtoul: 0x hex, leading 0 octal, decimal. */
int mdm_cookie_parse(const char *s, uint32_t *cookie)
{
	unsigned base = 10;
	uint64_t v = 0;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] | 0x20) == 'x' && s[2])
		base = 16, s += 2;
	else if (s[0] == '0' && s[1])
		base = 8, s++;
	for (; *s; s++) {
		unsigned d = (unsigned)mdm_hexval((unsigned char)*s);   /* -1: above any base */

		if (d >= base)
			return -EINVAL;
		v = v * base + d;
		if (v > UINT32_MAX)
			return -ERANGE;
	}
	*cookie = (uint32_t)v;
	return 0;
}

const char mdm_udev_flag_names[] MDM_ALIGN_AS(char) = "DISABLE_DM_RULES\0"
	"DISABLE_SUBSYSTEM_RULES\0DISABLE_DISK_RULES\0DISABLE_OTHER_RULES\0LOW_PRIORITY\0"
	"DISABLE_LIBRARY_FALLBACK\0PRIMARY_SOURCE";

/* What `dmsetup udevflags` prints: one NAME='1' line per flag bit set. */
int mdm_udev_flags_env(uint32_t cookie, char *buf, size_t len)
{
	uint32_t flags = cookie >> MDM_UDEV_FLAGS_SHIFT;
	const char *nm = mdm_udev_flag_names;
	size_t n = 0;

	if (len)
		buf[0] = 0;
	for (unsigned i = 0; i < 16; nm += i++ < 6 ? strlen(nm) + 1 : 0) {
		int w;

		if (!(flags & (1u << i)))
			continue;
		if (i < 7)
			w = snprintf(buf + n, len - n, "DM_UDEV_%s_FLAG='1'\n", nm);
		else if (i < 8)
			w = snprintf(buf + n, len - n, "DM_UDEV_FLAG%u='1'\n", i);
		else
			w = snprintf(buf + n, len - n, "DM_SUBSYSTEM_UDEV_FLAG%u='1'\n", i - 8);
		if (w < 0 || (size_t)w >= len - n)
			return -ENOSPC;
		n += (size_t)w;
	}
	return 0;
}
