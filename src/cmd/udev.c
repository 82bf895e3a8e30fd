/* udev.c - dmsetup's udev cookie commands, for Debian's dm udev rules
 * (they run /sbin/dmsetup, a symlink to minidm) and for scripts.
 *
 * udevflags COOKIE            print the DM_UDEV_*_FLAG='1' lines of the flags
 *                             in COOKIE's top 16 bits (55-dm.rules imports them)
 * udevcomplete COOKIE         take 1 off COOKIE's semaphore, waking the tool
 *                             that waits for udev (95-dm-notify.rules)
 * udevcomplete_all [AGE_MIN]  remove every cookie semaphore (older than AGE_MIN)
 * udevcreatecookie            make a cookie for --udevcookie and print it
 * udevreleasecookie [COOKIE]  wait until udev completed its events, remove it
 *                             (COOKIE, else $DM_UDEV_COOKIE)
 * COOKIE is decimal as udev passes DM_COOKIE, or 0x hex.  See src/udev.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

/* As libdevmapper: cookies are used only when udev's control socket is
 * there, DM_DISABLE_UDEV is unset and --noudevsync was not given;
 * otherwise these commands succeed doing nothing.  (MDM_NOIPA: gcc's
 * clone of it costs its two callers more than it saves.) */
MDM_NOIPA static bool udev_sync(struct cli *c)
{
	return !OPT(c, OP_NOUDEVSYNC) && !getenv("DM_DISABLE_UDEV") &&
	       access("/run/udev/control", F_OK) == 0;
}

static int cookie_arg(struct cli *c, const char *s, uint32_t *cookie)
{
	if (!s || mdm_cookie_parse(s, cookie) || !*cookie)
		return cli_usage(c, "bad cookie '%s'", s ? s : "");
	return 0;
}

/* udevflags, udevcomplete, udevreleasecookie (the letter after "udev"):
 * the cookie argument (the last one's may come from $DM_UDEV_COOKIE) */
static int cookie_cmd(struct cli *c)
{
	char k = c->name[4], buf[512];
	uint32_t cookie = 0;
	int rc = cookie_arg(c, c->argc ? c->argv[0] : getenv("DM_UDEV_COOKIE"), &cookie), e;

	if (rc)
		return rc;
	if (k == 'f') {
		mdm_udev_flags_env(cookie, buf, sizeof(buf));
		fputs(buf, stdout);
		return 0;
	}
	if (k == 'c')
		printf("DM_COOKIE_COMPLETED=0x%-10x\n", cookie);   /* as dmsetup prints it */
	if ((k == 'c' && !(cookie & 0xffffu)) || !udev_sync(c))  /* flags only: nobody waits */
		return 0;
	e = k == 'c' ? mdm_cookie_dec(cookie) : mdm_cookie_release(cookie, MDM_UDEV_WAIT_MS);
	if (e == -EAGAIN && k == 'c')
		return cli_err(c, NULL, "cookie 0x%x: already complete", cookie & 0xffffu);
	if (e)
		return cli_err(c, NULL, "cookie 0x%x: %s%s", cookie & 0xffffu,
		               e == -ETIMEDOUT && k == 'r' ? "udev did not complete in time" :
		               strerror(-e), e == -ENOENT && k == 'c' ?
		               " (the waiting tool gave up?)" : "");
	return 0;
}

static int cmd_udevcomplete_all(struct cli *c)
{
	uint32_t age = 0;
	unsigned n;
	int e;

	if (c->argc && mdm_parse_u32(c->argv[0], &age))
		return cli_usage(c, "bad age '%s' (minutes)", c->argv[0]);
	e = mdm_cookie_destroy_all(age * 60u, &n);
	printf("%u cookie semaphore%s destroyed\n", n, n == 1 ? "" : "s");
	return e ? cli_errno(c, NULL, -e) : 0;
}

static int cmd_udevcreatecookie(struct cli *c)
{
	uint32_t cookie = 0;
	int e;

	if (!udev_sync(c))
		return 0;              /* as libdevmapper: no cookie, nothing printed */
	e = mdm_cookie_create(&cookie);
	if (e)
		return cli_err(c, NULL, "semaphore: %s", strerror(-e));
	printf("0x%08X\n", MDM_COOKIE_MAGIC << MDM_UDEV_FLAGS_SHIFT | cookie);
	return 0;
}

union semun { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *info; };

/* Call fn on every cookie semaphore (key 0x0D4Dxxxx). */
static void each_cookie(void (*fn)(int id, struct semid_ds *sd, void *arg), void *arg)
{
	struct seminfo si;
	struct semid_ds sd = { 0 };
	int max = semctl(0, 0, SEM_INFO, (union semun){ .info = &si });

	for (int i = 0; i <= max; i++) {
		int id = semctl(i, 0, SEM_STAT, (union semun){ .buf = &sd });

		if (id >= 0 && (uint32_t)sd.sem_perm.__key >> 16 == MDM_COOKIE_MAGIC)
			fn(id, &sd, arg);
	}
}

/* ctime()'s layout, in UTC (no time zone code in a static binary); the
 * kernel's semaphore times are never before 1970. */
static void fmt_time(time_t t, char *b, size_t len)
{
	static const char wd[] MDM_ALIGN_AS(char) = "ThuFriSatSunMonTueWed";
	static const char mo[] MDM_ALIGN_AS(char) = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const unsigned char mdays[] MDM_ALIGN_AS(char) = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	unsigned long long s = t > 0 ? (unsigned long long)t : 0, days = s / 86400, d = days;
	unsigned y = 1970, m = 0, leap, n;         /* n: days in that year, month */

	s %= 86400;
	for (;; y++, d -= n) {
		leap = y % 4 == 0 && (y % 100 || y % 400 == 0);
		n = 365 + leap;
		if (d < n)
			break;
	}
	for (;; m++, d -= n) {
		n = mdays[m] + (m == 1 && leap);
		if (d < n)
			break;
	}
	snprintf(b, len, "%.3s %.3s%3llu %.2llu:%.2llu:%.2llu %u", wd + days % 7 * 3, mo + (size_t)m * 3,
	         d + 1, s / 3600, s / 60 % 60, s % 60, y);
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

static int cmd_udevcookies(struct cli *c)
{
	printf("Cookie       Semid      Value      Last semop time           Last change time\n");
	each_cookie(print_cookie, NULL);
	return 0;
}

#define UDEV_CMDS(X) \
	X("udevcookies\0" \
	  "\0" \
	  "list cookies", \
	  0, 0, 0, .fn = cmd_udevcookies) \
	X("udevflags\0" \
	  "COOKIE\0" \
	  "print a cookie's flags", \
	  1, 1, 0, .fn = cookie_cmd) \
	X("udevcomplete\0" \
	  CLI_SAME_ARGS "\0" \
	  "complete a cookie", \
	  1, 1, 0, .fn = cookie_cmd) \
	X("udevcomplete_all\0" \
	  "[AGE_IN_MINUTES]\0" \
	  "remove (old) cookies", \
	  0, 1, 0, .fn = cmd_udevcomplete_all) \
	X("udevcreatecookie\0" \
	  "\0" \
	  "make a cookie", \
	  0, 0, 0, .fn = cmd_udevcreatecookie) \
	X("udevreleasecookie\0" \
	  "[COOKIE]\0" \
	  "wait, remove a cookie", \
	  0, 1, 0, .fn = cookie_cmd)
CLI_DEFINE(udev, UDEV_CMDS);
