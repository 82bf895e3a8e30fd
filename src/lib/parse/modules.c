/* modules.c - which kernel modules provide a device-mapper target, for
 * the initramfs generators (minidm modules): the one copy of the map that
 * the initramfs-tools hook and the dracut module used to write out each.
 * linear, striped and error are part of dm-mod itself.
 */
#include <stdio.h>
#include <string.h>
#include "../internal.h"

/* "TARGET=MODULES;", or "TARGET;" for a target whose module is dm-TARGET */
static const char map[] MDM_ALIGN_AS(char) =
	"thin-pool=dm-thin-pool;thin=dm-thin-pool;cache=dm-cache dm-cache-smq;"
	"snapshot=dm-snapshot;snapshot-origin=dm-snapshot;"
	"snapshot-merge=dm-snapshot;zero;flakey;delay;mirror;crypt;raid;"
	"integrity;verity;era;clone;dust;multipath;vdo;writecache;";

int mdm_target_modules(const char *target, size_t len, char *buf, size_t cap)
{
	if (!len || memchr(target, '=', len) || memchr(target, ';', len))
		return 0;
	for (const char *p = map; *p; p += strcspn(p, ";") + 1) {
		size_t n;

		if (strncmp(p, target, len) || (p[len] != '=' && p[len] != ';'))
			continue;
		if (p[len] == ';')
			return snprintf(buf, cap, "dm-%.*s", (int)len, target) < (int)cap;
		p += len + 1;
		if ((n = strcspn(p, ";")) >= cap)
			return 0;
		memcpy(buf, p, n);
		buf[n] = 0;
		return 1;
	}
	return 0;
}
