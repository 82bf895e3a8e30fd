/* strerror.c - the binary's strerror: glibc's texts (what dmsetup prints,
 * and what scripts such as containerd's snapshotter match: "Device or
 * resource busy" where musl says "Resource busy") for the errors minidm
 * can meet, in less room than musl's table of every errno.  Others are
 * "Unknown error N", as in glibc.  Host builds use their libc's own.
 */
#include <stdio.h>
#include <string.h>

/* entries: the errno as one byte, then its text, NUL-terminated (aligned
 * as chars, not to 16 bytes as the psABI asks of large arrays) */
static const char texts[] __attribute__((aligned(1))) =
	"\001Operation not permitted\0"
	"\002No such file or directory\0"
	"\003No such process\0"
	"\004Interrupted system call\0"
	"\005Input/output error\0"
	"\006No such device or address\0"
	"\007Argument list too long\0"
	"\011Bad file descriptor\0"
	"\013Resource temporarily unavailable\0"
	"\014Cannot allocate memory\0"
	"\015Permission denied\0"
	"\016Bad address\0"
	"\017Block device required\0"
	"\020Device or resource busy\0"
	"\021File exists\0"
	"\022Invalid cross-device link\0"
	"\023No such device\0"
	"\024Not a directory\0"
	"\025Is a directory\0"
	"\026Invalid argument\0"
	"\027Too many open files in system\0"
	"\030Too many open files\0"
	"\031Inappropriate ioctl for device\0"
	"\032Text file busy\0"
	"\033File too large\0"
	"\034No space left on device\0"
	"\035Illegal seek\0"
	"\036Read-only file system\0"
	"\037Too many links\0"
	"\040Broken pipe\0"
	"\042Numerical result out of range\0"
	"\043Resource deadlock avoided\0"
	"\044File name too long\0"
	"\045No locks available\0"
	"\046Function not implemented\0"
	"\047Directory not empty\0"
	"\050Too many levels of symbolic links\0"
	"\053Identifier removed\0"
	"\075No data available\0"
	"\076Timer expired\0"
	"\107Protocol error\0"
	"\113Value too large for defined data type\0"
	"\124Invalid or incomplete multibyte or wide character\0"
	"\137Operation not supported\0"
	"\151No buffer space available\0"
	"\156Connection timed out\0"
	"\157Connection refused\0"
	"\175Operation canceled\0"
	"\173No medium found\0"
	"\171Remote I/O error\0"
	"\172Disk quota exceeded\0"
	"\164Stale file handle\0"
	"\165Structure needs cleaning\0"
	"\112Bad message\0"
	"\201Key was rejected by service\0"
	"\176Required key not available\0"
	;

char *strerror(int e)
{
	static char unknown[32];

	for (const char *p = texts; *p; p += strlen(p) + 1)
		if ((unsigned char)*p == e && e > 0)
			return (char *)p + 1;
	snprintf(unknown, sizeof(unknown), "Unknown error %d", e);
	return unknown;
}
