/* linear.c - linear devices made of segments laid end to end, some of
 * them flakey (the segment grammar is in parse/segment.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

int mdm_linear_table(struct mdm_ctx *ctx, const char *name, const char *const *specs, size_t n,
                    struct mdm_table *tab)
{
	static const char op[] = "linear create";
	struct mdm_segment seg;
	const char *why;
	char mm[24], line[160];
	uint64_t dev = 0, size = 0, at = 0;
	int e = 0;

	memset(tab, 0, sizeof(*tab));
	if (!n)
		return mdm_fail(ctx, EINVAL, op, name, "no segments");
	for (size_t i = 0; i < n && !e; i++) {
		if (mdm_segment_parse(specs[i], &seg, &why))
			e = mdm_fail(ctx, EINVAL, op, name, "segment %zu '%s': %s", i + 1, specs[i], why);
		else if (!(e = mdm_member_resolve(ctx, op, name, "segment", seg.dev, &dev)) &&
		         (e = mdm_member_size(dev, &size)))
			e = mdm_fail(ctx, e, op, name, "size of %s", seg.dev);
		if (e)
			break;
		if (!seg.length)
			seg.length = size > seg.start ? size - seg.start : 0;
		if (!seg.length || seg.start + seg.length > size)
			e = mdm_fail(ctx, ENOSPC, op, name, "segment %zu '%s': beyond the end of the "
			            "device (%llu sectors)", i + 1, specs[i], (unsigned long long)size);
		else if (at + seg.length < at)
			e = mdm_fail(ctx, EOVERFLOW, op, name, "segments too long");
		if (e)
			break;
		mdm_devno_fmt(mm, sizeof(mm), dev);
		e = mdm_segment_params(&seg, mm, line, sizeof(line));
		if (!e)
			e = mdm_table_add(tab, at, seg.length, seg.flakey ? "flakey" : "linear", line);
		if (e)
			e = mdm_fail(ctx, e, op, name, "segment %zu", i + 1);
		at += seg.length;
	}
	if (e)
		mdm_table_free(tab);
	return e;
}

int mdm_linear_create(struct mdm_ctx *ctx, const char *name, const char *uuid,
                     const char *const *specs, size_t n, uint32_t flags)
{
	struct mdm_table tab;
	int e = mdm_linear_table(ctx, name, specs, n, &tab);

	if (!e)
		e = mdm_dev_setup(ctx, name, uuid, &tab, flags, NULL);
	mdm_table_free(&tab);
	return e;
}
