/* udev.c - dmsetup's udev cookie commands, so that Debian's dm udev rules
 * and scripts work with minidm installed as dmsetup.
 *
 * udevcomplete COOKIE          (95-dm-notify.rules) decrement the cookie's
 *                              System V semaphore, waking the waiting tool
 * udevflags COOKIE             (10-dm.rules) print DM_UDEV_*_FLAG='1' lines
 * udevcreatecookie             make a cookie semaphore (value 1), print it
 * udevreleasecookie [COOKIE]   wait until udev completed it, destroy it
 * udevcomplete_all [AGE_MIN]   destroy cookie semaphores (older than AGE)
 * udevcookies                  list them (times in UTC)
 *
 * A cookie is 0x0D4D in the high 16 bits (the semaphore key) or udev flags
 * there (as the kernel passes it back in DM_COOKIE), an id in the low 16.
 * As in libdevmapper, synchronisation is off (the commands succeed doing
 * nothing) when udev is not running, DM_DISABLE_UDEV is set, or with
 * --noudevsync.  minidm never waits for udev in its own commands: it makes
 * the /dev/mapper entries itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

union semun { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *info; };

static bool udev_sync(struct cli *c)
{
	return !OPT(c, OP_NOUDEVSYNC) && !getenv("DM_DISABLE_UDEV") &&
	       access("/run/udev/control", F_OK) == 0;
}

/* A number as strtoul(s, 0) reads it (0x hex, 0 octal, decimal), not 0. */
static int parse_cookie(struct cli *c, const char *s, uint32_t *v)
{
	uint64_t x = 0;
	unsigned base = 10;
	const char *p = s;

	if (p[0] == '0' && (p[1] | 0x20) == 'x' && p[2])
		base = 16, p += 2;
	else if (p[0] == '0' && p[1])
		base = 8, p++;
	for (; *p && x <= UINT32_MAX; p++) {
		unsigned d = *p >= '0' && *p <= '9' ? (unsigned)(*p - '0')
		             : (*p | 0x20) >= 'a' && (*p | 0x20) <= 'f' ? (unsigned)((*p | 0x20) - 'a' + 10)
		             : 99;

		if (d >= base)
			break;
		x = x * base + d;
	}
	if (*p || !x || x > UINT32_MAX)
		return cli_usage(c, "bad cookie '%s'", s);
	*v = (uint32_t)x;
	return 0;
}

static int cookie_sem(struct cli *c, uint32_t cookie)
{
	int id = semget((key_t)cookie, 1, 0);

	if (id < 0)
		cli_err(c, NULL, "cookie 0x%x: %s", cookie, strerror(errno));
	return id;
}

static int sem_add(struct cli *c, uint32_t cookie, int id, short delta, short flg)
{
	struct sembuf sb = { 0, delta, flg };

	while (semop(id, &sb, 1) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == EIDRM && !delta)
			return 0;     /* someone else released it: done waiting */
		return cli_err(c, NULL, "cookie 0x%x: semop: %s", cookie,
		               errno == EAGAIN ? "semaphore already at zero" : strerror(errno));
	}
	return 0;
}

int cmd_udevcomplete(struct cli *c);
int cmd_udevcomplete(struct cli *c)
{
	uint32_t cookie;
	int id, rc = parse_cookie(c, c->argv[0], &cookie);

	if (rc)
		return rc;
	printf("DM_COOKIE_COMPLETED=0x%-10x\n", cookie);
	/* flags only, no id: it was never meant for notification */
	if (!(cookie & 0xffffu) || !udev_sync(c))
		return 0;
	cookie = (cookie & 0xffffu) | DM_COOKIE_MAGIC << DM_UDEV_FLAGS_SHIFT;
	if ((id = cookie_sem(c, cookie)) < 0)
		return 1;
	return sem_add(c, cookie, id, -1, IPC_NOWAIT);
}

int cmd_udevflags(struct cli *c);
int cmd_udevflags(struct cli *c)
{
	static const char *const names[] = {
		"DISABLE_DM_RULES", "DISABLE_SUBSYSTEM_RULES", "DISABLE_DISK_RULES",
		"DISABLE_OTHER_RULES", "LOW_PRIORITY", "DISABLE_LIBRARY_FALLBACK", "PRIMARY_SOURCE",
	};
	uint32_t cookie;
	int rc = parse_cookie(c, c->argv[0], &cookie);

	for (int i = 0; !rc && i < 16; i++) {
		if (!(cookie >> DM_UDEV_FLAGS_SHIFT & 1u << i))
			continue;
		if (i < 7)
			printf("DM_UDEV_%s_FLAG='1'\n", names[i]);
		else if (i < 8)
			printf("DM_UDEV_FLAG%d='1'\n", i);
		else
			printf("DM_SUBSYSTEM_UDEV_FLAG%d='1'\n", i - 8);
	}
	return rc;
}

int cmd_udevcreatecookie(struct cli *c);
int cmd_udevcreatecookie(struct cli *c)
{
	uint16_t base = 0;
	uint32_t cookie = 0;
	int fd, id = -1;

	if (!udev_sync(c))
		return 0;              /* as libdevmapper: no cookie, nothing printed */
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	while (fd >= 0 && id < 0) {
		if (read(fd, &base, sizeof(base)) != sizeof(base))
			break;
		cookie = DM_COOKIE_MAGIC << DM_UDEV_FLAGS_SHIFT | base;
		if (base && (id = semget((key_t)cookie, 1, 0600 | IPC_CREAT | IPC_EXCL)) < 0 &&
		    errno != EEXIST)
			break;
	}
	if (fd >= 0)
		close(fd);
	if (id < 0)
		return cli_err(c, NULL, "cannot create a cookie semaphore: %s", strerror(errno));
	if (semctl(id, 0, SETVAL, (union semun){ .val = 1 }) < 0) {
		semctl(id, 0, IPC_RMID);
		return cli_err(c, NULL, "semctl: %s", strerror(errno));
	}
	printf("0x%08X\n", cookie);
	return 0;
}

int cmd_udevreleasecookie(struct cli *c);
int cmd_udevreleasecookie(struct cli *c)
{
	const char *s = c->argc ? c->argv[0] : c->opt[OP_UDEVCOOKIE] ? c->opt[OP_UDEVCOOKIE]
	                : getenv("DM_UDEV_COOKIE");
	uint32_t cookie;
	int id, rc;

	if (!s || !*s)
		return cli_usage(c, "no cookie given");
	if ((rc = parse_cookie(c, s, &cookie)) || !udev_sync(c))
		return rc;
	if ((id = cookie_sem(c, cookie)) < 0)
		return 1;
	/* drop our own count, then wait for udev's to reach zero */
	rc = sem_add(c, cookie, id, -1, IPC_NOWAIT);
	if (!rc)
		rc = sem_add(c, cookie, id, 0, 0);
	semctl(id, 0, IPC_RMID);
	return rc;
}

/* Call fn on every cookie semaphore (key 0x0D4Dxxxx). */
static void each_cookie(void (*fn)(int id, struct semid_ds *sd, void *arg), void *arg)
{
	struct seminfo si;
	struct semid_ds sd;
	int max = semctl(0, 0, SEM_INFO, (union semun){ .info = &si });

	for (int i = 0; i <= max; i++) {
		int id = semctl(i, 0, SEM_STAT, (union semun){ .buf = &sd });

		if (id >= 0 && (uint32_t)sd.sem_perm.__key >> 16 == DM_COOKIE_MAGIC)
			fn(id, &sd, arg);
	}
}

struct sweep { time_t age; int done, skipped; };

static void sweep_one(int id, struct semid_ds *sd, void *arg)
{
	struct sweep *s = arg;
	/* the time syscall: time() would bring in the vDSO lookup */
	time_t now = (time_t)syscall(SYS_time, NULL);

	if (sd->sem_ctime + s->age > now || sd->sem_otime + s->age > now)
		s->skipped++;
	else if (semctl(id, 0, IPC_RMID) == 0)
		s->done++;
}

int cmd_udevcomplete_all(struct cli *c);
int cmd_udevcomplete_all(struct cli *c)
{
	struct sweep s = { 0 };
	uint32_t age = 0;
	char answer[16] = "";

	if (c->argc && dm_parse_u32(c->argv[0], &age))
		return cli_usage(c, "bad age '%s' (minutes)", c->argv[0]);
	if (!OPT(c, OP_YES)) {
		fprintf(stderr, "Destroy every udev cookie semaphore%s? [y/n]: ",
		        age ? " not used for that many minutes" : "");
		if (read(0, answer, sizeof(answer)) < 1 || (answer[0] | 0x20) != 'y')
			return printf("Nothing destroyed.\n"), 0;
	}
	s.age = (time_t)age * 60;
	each_cookie(sweep_one, &s);
	printf("%d udev cookie semaphores destroyed, %d skipped.\n", s.done, s.skipped);
	return 0;
}

/* ctime()'s layout, in UTC (no time zone code in a static binary). */
static void fmt_time(time_t t, char *b, size_t len)
{
	static const char wd[] = "ThuFriSatSunMonTueWed", mo[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	long long days = (long long)t / 86400, s = (long long)t % 86400;
	long long z, era, doe, yoe, doy, mp, y, m, d;

	if (s < 0)
		s += 86400, days--;
	z = days + 719468;                       /* civil_from_days */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	snprintf(b, len, "%.3s %.3s%3lld %.2lld:%.2lld:%.2lld %lld", wd + ((days % 7 + 7) % 7) * 3,
	         mo + (m - 1) * 3, d, s / 3600, s / 60 % 60, s % 60, y);
}

static void print_cookie(int id, struct semid_ds *sd, void *arg)
{
	char o[48], t[48];
	int val = semctl(id, 0, GETVAL);

	if (val < 0)
		return;
	fmt_time(sd->sem_otime, o, sizeof(o));
	fmt_time(sd->sem_ctime, t, sizeof(t));
	printf("0x%-10x %-10d %-10d %s  %s\n", (uint32_t)sd->sem_perm.__key, id, val, o, t);
}

int cmd_udevcookies(struct cli *c);
int cmd_udevcookies(struct cli *c)
{
	printf("Cookie       Semid      Value      Last semop time           Last change time\n");
	each_cookie(print_cookie, NULL);
	return 0;
}
