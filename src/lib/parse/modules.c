/* modules.c - which kernel modules provide a device-mapper target, for
 * the initramfs generators (minidm modules): the one copy of the map that
 * the initramfs-tools hook and the dracut module used to write out each.
 * linear, striped and error are part of dm-mod itself.
 */
#include <stdio.h>
#include <string.h>
#include "minidm.h"

/* targets whose module is dm-TARGET */
static const char plain[] = " zero flakey delay mirror crypt raid integrity verity era clone"
                            " dust multipath vdo writecache ";
/* the others, "TARGET=MODULES;" */
static const char other[] = "thin-pool=dm-thin-pool;thin=dm-thin-pool;cache=dm-cache dm-cache-smq;"
                            "snapshot=dm-snapshot;snapshot-origin=dm-snapshot;"
                            "snapshot-merge=dm-snapshot;";

int mdm_target_modules(const char *target, size_t len, char *buf, size_t cap)
{
	const char *p;

	if (!len || memchr(target, ' ', len) || memchr(target, '=', len) || memchr(target, ';', len))
		return 0;
	for (p = plain; (p = strstr(p, " ")) && p[1]; p++)
		if (!strncmp(p + 1, target, len) && p[1 + len] == ' ')
			return snprintf(buf, cap, "dm-%.*s", (int)len, target) < (int)cap ? 1 : 0;
	for (p = other; *p; p += strcspn(p, ";") + 1)
		if (!strncmp(p, target, len) && p[len] == '=') {
			size_t n = strcspn(p + len + 1, ";");

			if (n >= cap)
				return 0;
			memcpy(buf, p + len + 1, n);
			buf[n] = 0;
			return 1;
		}
	return 0;
}
