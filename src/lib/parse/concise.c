/* concise.c - one or more devices in one line, in two grammars that share
 * their shape and differ in the details.
 *
 *   devices = device { ";" device } [ ";" ]
 *   device  = name "," [uuid] "," [minor] "," flags "," table { "," table }
 *   table   = start " " length " " type [ " " params ]
 *
 * MDM_CONCISE_KERNEL: the kernel's dm-mod.create= (drivers/md/dm-init.c as
 *   6.1 and 6.12 have it): no escapes (a backslash is a character), blanks
 *   around every field dropped, flags "ro" or "rw", at least one target.
 * MDM_CONCISE_DMSETUP: `dmsetup create --concise`: a backslash makes the
 *   next character literal (one at the very end is an error), blanks after
 *   a separating ',' or ';' dropped (not those the text starts with: they
 *   belong to the name), flags "ro", "rw" or empty (rw); the table's
 *   entries are lines of a dmsetup table (mdm_table_parse: blanks at both
 *   ends dropped, '#' starts a comment, none at all is a device without a
 *   table, but for the last device that has to end in a ';').
 *
 * Caps: 65536 devices in one mdm_concise_parse, 256 targets per device in
 * the kernel's grammar (the kernel's own caps are lower); dmsetup's has no
 * cap on targets, nor has create --concise on devices (device by device).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../internal.h"

#define MAX_DEVS    65536
#define MAX_TARGETS 256

void mdm_concise_free(struct mdm_concise *c)
{
	for (size_t i = 0; i < c->n; i++)
		mdm_table_free(&c->d[i].table);
	free(c->d);
	memset(c, 0, sizeof(*c));
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* One device's fields, unescaped, in place in a copy of the text:
 * f[0..3] name, uuid, minor, flags; f[4] the table, its entries separated
 * by '\n'.  *pp moves past the device (and its ';').  -EINVAL with msg
 * set when the device has fewer than five fields. */
static int split_device(char **pp, enum mdm_concise_grammar g, char *f[5], char *msg,
                        size_t msglen)
{
	char *c = *pp, *n = c, end;
	int k = 0;

	f[0] = n;
	for (; *c && *c != ';'; c++) {
		if (g == MDM_CONCISE_DMSETUP && *c == '\\') {
			if (!*++c)
				return snprintf(msg, msglen, "a backslash ends the text"), -EINVAL;
			*n++ = *c;
		} else if (*c == ',' && k < 4) {
			*n++ = 0;
			f[++k] = n;
			while (g == MDM_CONCISE_DMSETUP && blank(c[1]))
				c++;
		} else {
			*n++ = (char)(*c == ',' ? '\n' : *c);
		}
	}
	end = *c;                       /* before the NUL: n may be c */
	*n = 0;
	/* dmsetup ends the last device with its last character: one whose
	 * table is empty there is incomplete (after a ';' it has no table) */
	if (k < 4 || (g == MDM_CONCISE_DMSETUP && !end && !*f[4]))
		return snprintf(msg, msglen, "device '%.40s': %s", f[0],
		                "expected name,uuid,minor,flags,table"), -EINVAL;
	*pp = end ? c + 1 : c;
	return 0;
}

/* The kernel's field: blanks at both ends dropped (in place). */
static char *trim(char *s)
{
	char *e = s + strlen(s);

	while (blank(*s))
		s++;
	while (e > s && blank(e[-1]))
		*--e = 0;
	return s;
}

/* The next space-separated word at *s, ended in place, *s moved past
 * it; NULL when there is none. */
static char *next_word(char **s)
{
	char *w = *s + strspn(*s, " "), *end = w + strcspn(w, " ");

	if (!*w)
		return NULL;
	*s = *end ? end + 1 : end;
	*end = 0;
	return w;
}

/* A table in the kernel's form: entries "START LENGTH TYPE [PARAMS]". */
static int kernel_table(struct mdm_concise_dev *d, char *t, char *msg, size_t msglen)
{
	char *next;

	for (; t; t = next) {
		char *e, *a, *b, *type;
		const char *why;
		uint64_t start, len;

		next = strchr(t, '\n');
		if (next)
			*next++ = 0;
		e = trim(t);
		a = next_word(&e);
		b = next_word(&e);
		type = next_word(&e);
		if (d->table.n >= MAX_TARGETS)
			return snprintf(msg, msglen, "%s: too many targets", d->name), -E2BIG;
		if (!type)
			return snprintf(msg, msglen, "%s: table '%s' needs start, length and a type",
			                d->name, a ? a : ""), -EINVAL;
		if (mdm_parse_u64(a, &start) || mdm_parse_u64(b, &len) || !len)
			return snprintf(msg, msglen, "%s: bad start or length '%s %s'", d->name, a, b),
			       -EINVAL;
		why = start != mdm_table_size(&d->table) ? " leaves a gap or overlaps"
		      : start + len < start ? ": length overflows" : NULL;
		if (why)
			return snprintf(msg, msglen, "%s: target at %s%s", d->name, a, why), -EINVAL;
		if (mdm_table_add(&d->table, start, len, type, e + strspn(e, " ")))
			return snprintf(msg, msglen, "%s: target type '%s' too long", d->name, type),
			       -EINVAL;
	}
	return 0;
}

/* A table in dmsetup's form: the lines of a dmsetup table. */
static int dmsetup_table(struct mdm_concise_dev *d, const char *t, char *msg, size_t msglen)
{
	char why[128];
	size_t line = 0;
	int e = mdm_table_parse(&d->table, t, &line, why, sizeof(why));

	if (e)
		return snprintf(msg, msglen, "%s: table entry %zu: %s", d->name, line, why), e;
	return 0;
}

size_t mdm_concise_end(const char *s, size_t i, size_t n)
{
	for (; i < n && s[i] != ';' && s[i]; i++)
		if (s[i] == '\\' && ++i == n)
			return i - 1;           /* the escaped character is yet to come */
	return i;
}

int mdm_concise_dev(char **pp, enum mdm_concise_grammar g, struct mdm_concise_dev *d,
                    char *msg, size_t msglen)
{
	char *f[5];
	const char *why;
	bool k = g == MDM_CONCISE_KERNEL;
	int e;

	memset(d, 0, sizeof(*d));
	e = split_device(pp, g, f, msg, msglen);
	if (e)
		return e;
	for (int i = 0; k && i < 4; i++)
		f[i] = trim(f[i]);
	if (mdm_check_name(f[0], &why))
		return snprintf(msg, msglen, "device '%.40s': %s", f[0], why), -EINVAL;
	strcpy(d->name, f[0]);
	if (*f[1] && mdm_check_uuid(f[1], &why))
		return snprintf(msg, msglen, "%s: uuid: %s", d->name, why), -EINVAL;
	strcpy(d->uuid, f[1]);
	d->minor = -1;
	if (*f[2]) {
		uint32_t m;

		if (mdm_parse_u32(f[2], &m) || m > MDM_MINOR_MAX)
			return snprintf(msg, msglen, "%s: bad minor '%.16s'", d->name, f[2]), -EINVAL;
		d->minor = (int32_t)m;
	}
	if (strcmp(f[3], "ro") && strcmp(f[3], "rw") && (k || *f[3]))
		return snprintf(msg, msglen, "%s: flags must be ro or rw%s, not '%.8s'", d->name,
		                k ? "" : " or empty", f[3]), -EINVAL;
	d->readonly = !strcmp(f[3], "ro");
	return k ? kernel_table(d, f[4], msg, msglen) : dmsetup_table(d, f[4], msg, msglen);
}

int mdm_concise_parse(const char *text, enum mdm_concise_grammar g, struct mdm_concise *out,
                      char *msg, size_t msglen)
{
	char *copy = strdup(text), *p = copy;
	int e = copy ? 0 : -ENOMEM;

	memset(out, 0, sizeof(*out));
	while (p && g == MDM_CONCISE_KERNEL && blank(*p))
		p++;
	while (p && *p && !e) {
		struct mdm_concise_dev *nd;

		if (out->n >= MAX_DEVS) {
			snprintf(msg, msglen, "more than %u devices", (unsigned)MAX_DEVS);
			e = -E2BIG;
			break;
		}
		if (!(nd = mdm_grow((void **)&out->d, out->n, sizeof(*nd)))) {
			e = -ENOMEM;
			break;
		}
		out->n++;
		e = mdm_concise_dev(&p, g, nd, msg, msglen);
		while (blank(*p))
			p++;
	}
	free(copy);
	if (!e && !out->n) {
		snprintf(msg, msglen, "no device");
		e = -EINVAL;
	}
	if (e)
		mdm_concise_free(out);
	return e;
}
