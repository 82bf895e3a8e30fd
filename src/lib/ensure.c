/* ensure.c - the "ensure" policy of activation: bring a device to a
 * wanted table without disturbing one that already has it.
 *
 *   not there                       -> make it
 *   there without a live table      -> what an interrupted create leaves:
 *                                      nothing can use it; remove, make it
 *   active with the same table      -> leave it (resume it if suspended:
 *                                      an interrupted snapshot or resize)
 *   active with another table       -> -EEXIST; the caller shows both
 *
 * Tables compare as the kernel echoes them: runs of blanks are one, ends
 * trimmed.
 */
#include <errno.h>
#include <string.h>
#include "minidm.h"

/* Past the blanks at p that are not the last of a run inside the line. */
static const char *skip(const char *p)
{
	while (*p == ' ' && (p[1] == ' ' || !p[1]))
		p++;
	return p;
}

static bool params_eq(const char *a, const char *b)
{
	for (;;) {
		a = skip(a);
		b = skip(b);
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++, b++;
	}
}

bool mdm_table_equal(const struct mdm_table *x, const struct mdm_table *y)
{
	if (x->n != y->n)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (x->t[i].start != y->t[i].start || x->t[i].length != y->t[i].length ||
		    strcmp(x->t[i].type, y->t[i].type) ||
		    !params_eq(x->t[i].params ? x->t[i].params : "", y->t[i].params ? y->t[i].params : ""))
			return false;
	return true;
}

int mdm_ensure_prepare(struct mdm_ctx *ctx, const char *name, const struct mdm_table *tab,
                       bool dry, enum mdm_ensure_state *st, struct mdm_info *info,
                       struct mdm_table *other)
{
	struct mdm_id id = { .name = name };
	int e = mdm_info(ctx, &id, info);

	memset(other, 0, sizeof(*other));
	*st = MDM_ENSURE_ABSENT;
	if (e || !info->exists)
		return e;
	if (!(info->flags & DM_ACTIVE_PRESENT_FLAG)) {
		*st = MDM_ENSURE_HALF_MADE;
		return dry ? 0 : mdm_udev_remove(ctx, &id, 0);
	}
	e = mdm_table_status(ctx, &id, DM_STATUS_TABLE_FLAG, other, NULL);
	if (e)
		return e;
	if (!mdm_table_equal(other, tab))
		return mdm_fail(ctx, EEXIST, "activate", name, "already active with another table");
	mdm_table_free(other);
	*st = MDM_ENSURE_ACTIVE;
	if (dry || !(info->flags & DM_SUSPEND_FLAG))
		return 0;
	*st = MDM_ENSURE_RESUMED;
	return mdm_udev_resume(ctx, &id, 0, 0);
}

int mdm_ensure(struct mdm_ctx *ctx, const char *name, const char *uuid,
               const struct mdm_table *tab, uint32_t flags, enum mdm_ensure_state *st,
               struct mdm_table *other)
{
	struct mdm_info info;
	int e = mdm_ensure_prepare(ctx, name, tab, false, st, &info, other);

	if (e || *st == MDM_ENSURE_ACTIVE || *st == MDM_ENSURE_RESUMED)
		return e;
	return mdm_dev_setup(ctx, name, uuid, tab, flags, NULL);
}
