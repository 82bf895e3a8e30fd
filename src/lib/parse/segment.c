/* segment.c - the segments of a linear device, some of them flakey (the
 * devicemapper crate's LinearDev with its flakey segments), and the
 * target parameters made from one.
 *
 * Segment grammar (one command-line word per segment):
 *   segment = dev [ ":" start [ ":" length [ ":flakey:" up ":" down
 *                                            { ":" feature } ] ] ]
 *   dev     = "/" path-without-colon | major ":" minor
 *   start, length = size (units as mdm_parse_sectors: 2048s, 1MiB, 1GB);
 *             empty means the default: start 0, length to the device's end
 *   up, down = seconds (decimal), up + down > 0 and fits in 32 bits
 *   feature = "drop_writes" | "error_writes"
 *           | "corrupt_bio_byte=" nth "," ( "r" | "w" ) "," value [ "," flags ]
 * drop_writes and error_writes exclude each other and a write corruption
 * (the kernel's rules); nth >= 1, value 0..255, flags a bio flag mask.
 * The parser is pure: linear.c resolves and sizes the device afterwards.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "../internal.h"

/* Split s at sep into at most max fields; the count, or max + 1 when
 * there are more. */
__attribute__((noinline)) static size_t split(char *s, char sep, char **f, size_t max)
{
	size_t n = 0;

	for (;;) {
		if (n == max)
			return max + 1;
		f[n++] = s;
		if (!(s = strchr(s, sep)))
			return n;
		*s++ = 0;
	}
}

/* corrupt_bio_byte=N,r|w,VALUE[,FLAGS] */
__attribute__((noinline)) static const char *parse_corrupt(char *arg, struct mdm_segment *seg)
{
	char *f[4];
	size_t n = split(arg, ',', f, 4);
	uint32_t v;

	if (n < 3 || n > 4 || mdm_parse_u32(f[0], &seg->corrupt_byte) || !seg->corrupt_byte ||
	    (f[1][0] != 'r' && f[1][0] != 'w') || f[1][1] || mdm_parse_u32(f[2], &v) || v > 255 ||
	    (n == 4 && mdm_parse_u32(f[3], &seg->corrupt_flags)))
		return "bad corrupt_bio_byte=N,r|w,VALUE[,FLAGS]";
	seg->corrupt_dir = f[1][0];
	seg->corrupt_value = (uint8_t)v;
	return NULL;
}

/* f[0] = "flakey", UP, DOWN, FEATURE... */
static const char *parse_flakey(char **f, size_t n, struct mdm_segment *seg)
{
	if (strcmp(f[0], "flakey"))
		return "bad type (only flakey)";
	seg->flakey = true;
	if (n < 3 || mdm_parse_u32(f[1], &seg->up) || mdm_parse_u32(f[2], &seg->down) ||
	    seg->up + seg->down < seg->up || !(seg->up | seg->down))
		return "bad UP:DOWN seconds (not both 0)";
	for (size_t i = 3; i < n; i++) {
		const char *w = f[i];

		if (!strcmp(w, "drop_writes") || !strcmp(w, "error_writes")) {
			if (seg->writes)
				return "drop_writes and error_writes: only one, once";
			seg->writes = w[0] == 'd' ? MDM_FLAKEY_DROP_WRITES : MDM_FLAKEY_ERROR_WRITES;
		} else if (!strncmp(w, "corrupt_bio_byte=", 17) && !seg->corrupt_byte) {
			if ((w = parse_corrupt(f[i] + 17, seg)))
				return w;
		} else {
			return "bad flakey feature";
		}
	}
	if (seg->writes && seg->corrupt_dir == 'w')
		return "drop_writes and error_writes exclude write corruption";
	return NULL;
}

#define SEG_FIELDS 10

int mdm_segment_parse(const char *spec, struct mdm_segment *seg, const char **why)
{
	char b[256], *f[SEG_FIELDS];
	size_t n, i = 1;
	uint64_t dev;
	const char *w = NULL;

	memset(seg, 0, sizeof(*seg));
	*why = "segment too long";
	if (!spec)
		return -EINVAL;
	if ((n = strlen(spec)) >= sizeof(b))
		return -ENAMETOOLONG;
	memcpy(b, spec, n + 1);
	n = split(b, ':', f, SEG_FIELDS);
	if (b[0] != '/') {          /* MAJ:MIN: rejoin the first two fields */
		if (n < 2 || (*(f[1] - 1) = ':', mdm_devnode_to_devno(b, &dev)))
			return *why = "bad device (a /dev path or MAJ:MIN)", -EINVAL;
		i++;
	}
	if (n > SEG_FIELDS)
		return *why = "too many fields", -EINVAL;
	if ((w = memchr(b, 0, sizeof(seg->dev))) == NULL)
		return -ENAMETOOLONG;
	memcpy(seg->dev, b, (size_t)(w - b));
	w = NULL;
	if (i < n && *f[i] && mdm_parse_sectors(f[i], &seg->start))
		w = "bad start";
	else if (++i < n && *f[i] && (mdm_parse_sectors(f[i], &seg->length) || !seg->length))
		w = "bad length";
	else if (++i < n)
		w = parse_flakey(f + i, n - i, seg);
	*why = w;
	return w ? -EINVAL : 0;
}

int mdm_segment_params(const struct mdm_segment *seg, const char *devmm, char *buf, size_t len)
{
	static const char *const wr[] MDM_ALIGN_AS(char *) = { "", " drop_writes", " error_writes" };
	int n = snprintf(buf, len, "%s %llu", devmm, (unsigned long long)seg->start);
	unsigned nf;

	if (seg->flakey && n >= 0 && (size_t)n < len) {
		nf = !!seg->writes + (seg->corrupt_byte ? 5 : 0);
		n += snprintf(buf + n, len - (size_t)n, " %u %u", seg->up, seg->down);
		if (nf && (size_t)n < len)
			n += snprintf(buf + n, len - (size_t)n, " %u%s", nf, wr[seg->writes % 3]);
		if (seg->corrupt_byte && (size_t)n < len)
			n += snprintf(buf + n, len - (size_t)n, " corrupt_bio_byte %u %c %u %u",
			              seg->corrupt_byte, seg->corrupt_dir, seg->corrupt_value,
			              seg->corrupt_flags);
	}
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}
