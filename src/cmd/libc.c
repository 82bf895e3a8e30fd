/* libc.c - smaller stand-ins for musl functions, in the minidm binary only
 * (not the library; empty in the host builds, which use the system's).
 *
 * A static link takes a member of libc.a only for symbols still undefined,
 * so these replace musl's, as alloc.c and fmt.c do.  Each does what musl's
 * does for every input; they are plain where musl's are fast, which no
 * caller here needs.
 */
#ifndef MINIDM_TEST
#include <string.h>

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
#endif
