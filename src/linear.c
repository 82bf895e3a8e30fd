/* linear.c - linear devices made of segments, some of them flakey (the
 * devicemapper crate's LinearDev with its flakey segments).
 *
 * Segment grammar (one command-line word per segment):
 *   segment = dev [ ":" start [ ":" length [ ":flakey:" up ":" down
 *                                            { ":" feature } ] ] ]
 *   dev     = "/" path-without-colon | major ":" minor
 *   start, length = size (units as dm_parse_sectors: 2048s, 1MiB, 1GB);
 *             empty means the default: start 0, length to the device's end
 *   up, down = seconds (decimal), up + down > 0 and fits in 32 bits
 *   feature = "drop_writes" | "error_writes"
 *           | "corrupt_bio_byte=" nth "," ( "r" | "w" ) "," value [ "," flags ]
 * drop_writes and error_writes exclude each other and a write corruption
 * (the kernel's rules); nth >= 1, value 0..255, flags a bio flag mask.
 * The parser is pure: the device is resolved and sized afterwards.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "minidm.h"

/* Copy the part of *pp up to sep (or the end) into buf; *pp moves past the
 * separator, or becomes NULL when none followed.  -1 when it does not fit. */
static int field(const char **pp, char sep, char *buf, size_t len)
{
	const char *p = *pp, *s = strchr(p, sep);
	size_t n = s ? (size_t)(s - p) : strlen(p);

	*pp = s ? s + 1 : NULL;
	if (n >= len)
		return -1;
	memcpy(buf, p, n);
	buf[n] = 0;
	return (int)n;
}

static const char *parse_corrupt(const char *arg, struct dm_segment *seg)
{
	char w[24];
	uint32_t v = 0;

	if (field(&arg, ',', w, sizeof(w)) < 0 || dm_parse_u32(w, &seg->corrupt_byte) ||
	    !seg->corrupt_byte || !arg)
		return "corrupt_bio_byte: byte number (from 1) expected";
	if (field(&arg, ',', w, sizeof(w)) != 1 || (w[0] != 'r' && w[0] != 'w') || !arg)
		return "corrupt_bio_byte: direction r or w expected";
	seg->corrupt_dir = w[0];
	if (field(&arg, ',', w, sizeof(w)) < 0 || dm_parse_u32(w, &v) || v > 255)
		return "corrupt_bio_byte: value 0..255 expected";
	seg->corrupt_value = (uint8_t)v;
	if (arg && (field(&arg, ',', w, sizeof(w)) < 0 || dm_parse_u32(w, &seg->corrupt_flags) || arg))
		return "corrupt_bio_byte: flags mask expected last";
	return NULL;
}

static const char *parse_feature(const char *f, struct dm_segment *seg)
{
	if (!strcmp(f, "drop_writes") || !strcmp(f, "error_writes")) {
		if (seg->writes)
			return "drop_writes and error_writes: only one, once";
		seg->writes = f[0] == 'd' ? DM_FLAKEY_DROP_WRITES : DM_FLAKEY_ERROR_WRITES;
		return NULL;
	}
	if (strncmp(f, "corrupt_bio_byte=", 17))
		return "unknown flakey feature";
	if (seg->corrupt_byte)
		return "corrupt_bio_byte given twice";
	return parse_corrupt(f + 17, seg);
}

static const char *parse_flakey(const char *p, struct dm_segment *seg)
{
	char w[64];
	const char *why;

	if (!p || field(&p, ':', w, sizeof(w)) < 0 || dm_parse_u32(w, &seg->up) || !p ||
	    field(&p, ':', w, sizeof(w)) < 0 || dm_parse_u32(w, &seg->down))
		return "flakey: UP:DOWN seconds expected";
	if (!seg->up && !seg->down)
		return "flakey: up and down intervals are both zero";
	if (seg->up + seg->down < seg->up)
		return "flakey: intervals overflow";
	while (p) {
		if (field(&p, ':', w, sizeof(w)) < 0)
			return "flakey feature too long";
		if ((why = parse_feature(w, seg)))
			return why;
	}
	if (seg->writes && seg->corrupt_dir == 'w')
		return "drop_writes/error_writes exclude corrupt_bio_byte on writes";
	return NULL;
}

/* A size field: empty keeps *v. */
static const char *parse_size(const char **pp, uint64_t *v, bool nonzero)
{
	char w[32];
	int n = field(pp, ':', w, sizeof(w));

	if (n < 0 || (n && (dm_parse_sectors(w, v) || (nonzero && !*v))))
		return nonzero ? "bad length" : "bad start";
	return NULL;
}

int dm_segment_parse(const char *spec, struct dm_segment *seg, const char **why)
{
	const char *p = spec, *w = NULL;
	char t[8];
	size_t n;

	memset(seg, 0, sizeof(*seg));
	if (!spec)
		return *why = "no segment", -EINVAL;
	n = strcspn(p, ":");
	if (p[0] != '/') {             /* MAJ:MIN */
		uint64_t dev;

		n += p[n] ? 1 + strcspn(p + n + 1, ":") : 0;
		if (n >= sizeof(seg->dev))
			return *why = "device too long", -EINVAL;
		memcpy(seg->dev, p, n);
		if (!strchr(seg->dev, ':') || dm_devnode_to_devno(seg->dev, &dev))
			return *why = "device: a /dev path or MAJ:MIN expected", -EINVAL;
	} else {
		if (n >= sizeof(seg->dev))
			return *why = "device path too long", -ENAMETOOLONG;
		memcpy(seg->dev, p, n);
	}
	p = p[n] ? p + n + 1 : NULL;
	if (p)
		w = parse_size(&p, &seg->start, false);
	if (!w && p)
		w = parse_size(&p, &seg->length, true);
	if (!w && p) {
		if (field(&p, ':', t, sizeof(t)) < 0 || strcmp(t, "flakey"))
			w = "unknown segment type (only flakey)";
		else
			w = parse_flakey(p, seg);
		seg->flakey = true;
	}
	if (!w && seg->start + seg->length < seg->start)
		w = "start + length overflows";
	*why = w;
	return w ? -EINVAL : 0;
}

int dm_segment_params(const struct dm_segment *seg, const char *devmm, char *buf, size_t len)
{
	static const char *const wr[] = { "", " drop_writes", " error_writes" };
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

int dm_linear_table(struct dm_ctx *ctx, const char *name, const char *const *specs, size_t n,
                    struct dm_table *tab)
{
	static const char op[] = "linear create";
	struct dm_segment seg;
	const char *why;
	char mm[24], line[160];
	uint64_t dev, size, at = 0;
	int e = 0;

	memset(tab, 0, sizeof(*tab));
	if (!n)
		return dm_fail(ctx, EINVAL, op, name, "no segments");
	for (size_t i = 0; i < n && !e; i++) {
		if (dm_segment_parse(specs[i], &seg, &why))
			e = dm_fail(ctx, EINVAL, op, name, "segment %zu '%s': %s", i + 1, specs[i], why);
		else if (!(e = dm_member_resolve(ctx, op, name, "segment", seg.dev, &dev)) &&
		         (e = dm_member_size(dev, &size)))
			e = dm_fail(ctx, e, op, name, "size of %s", seg.dev);
		if (e)
			break;
		if (!seg.length)
			seg.length = size > seg.start ? size - seg.start : 0;
		if (!seg.length || seg.start + seg.length > size)
			e = dm_fail(ctx, ENOSPC, op, name, "segment %zu '%s': beyond the end of the "
			            "device (%llu sectors)", i + 1, specs[i], (unsigned long long)size);
		else if (at + seg.length < at)
			e = dm_fail(ctx, EOVERFLOW, op, name, "segments too long");
		if (e)
			break;
		snprintf(mm, sizeof(mm), "%u:%u", dm_major(dev), dm_minor(dev));
		e = dm_segment_params(&seg, mm, line, sizeof(line));
		if (!e)
			e = dm_table_add(tab, at, seg.length, seg.flakey ? "flakey" : "linear", line);
		if (e)
			e = dm_fail(ctx, e, op, name, "segment %zu", i + 1);
		at += seg.length;
	}
	if (e)
		dm_table_free(tab);
	return e;
}

int dm_linear_create(struct dm_ctx *ctx, const char *name, const char *uuid,
                     const char *const *specs, size_t n, uint32_t flags)
{
	struct dm_table tab;
	int e = dm_linear_table(ctx, name, specs, n, &tab);

	if (!e)
		e = dm_dev_setup(ctx, name, uuid, &tab, flags, NULL);
	dm_table_free(&tab);
	return e;
}
