/* concise.c - the kernel's dm-mod.create= grammar (also dmsetup --concise).
 *
 *   devices = device { ";" device }
 *   device  = name "," [uuid] "," [minor] "," flags "," table { "," table }
 *   flags   = "ro" | "rw"
 *   table   = start " " length " " type [ " " params ]
 *
 * A backslash makes the next character literal (so ',' ';' '\' can appear
 * in names and params), as dmsetup does.  Caps: 65536 devices, 256 targets
 * per device (the kernel's own limits are lower).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minidm.h"

#define MAX_DEVS    65536
#define MAX_TARGETS 256

void mdm_concise_free(struct mdm_concise *c)
{
	for (size_t i = 0; i < c->n; i++)
		mdm_table_free(&c->d[i].table);
	free(c->d);
	memset(c, 0, sizeof(*c));
}

/* Copy one field up to an unescaped ',' or ';' into out, unescaping; *sep
 * is the separator found (0 at the end). */
static int field(const char **pp, char *out, size_t len, char *sep)
{
	const char *p = *pp;
	size_t j = 0;

	for (; *p && *p != ',' && *p != ';'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (j + 1 >= len) {
			out[j] = 0;
			return -ENAMETOOLONG;
		}
		out[j++] = *p;
	}
	out[j] = 0;
	*sep = *p;
	*pp = *p ? p + 1 : p;
	return 0;
}

/* The next space-separated word of *pp into buf. */
static int next_word(const char **pp, char *buf, size_t len)
{
	const char *p = *pp + strspn(*pp, " "), *e = p + strcspn(p, " ");

	if (e == p || (size_t)(e - p) >= len)
		return -EINVAL;
	memcpy(buf, p, (size_t)(e - p));
	buf[e - p] = 0;
	*pp = e + strspn(e, " ");
	return 0;
}

static int one_target(struct mdm_concise_dev *d, const char *text, char *msg, size_t msglen)
{
	char a[24], b[24], type[DM_MAX_TYPE_NAME];
	const char *p = text;
	uint64_t start, len;

	if (d->table.n >= MAX_TARGETS)
		return snprintf(msg, msglen, "%s: too many targets", d->name), -E2BIG;
	if (next_word(&p, a, sizeof(a)) || next_word(&p, b, sizeof(b)) ||
	    next_word(&p, type, sizeof(type)))
		return snprintf(msg, msglen, "%s: table '%s' needs start, length and a type",
		                d->name, text), -EINVAL;
	if (mdm_parse_u64(a, &start) || mdm_parse_u64(b, &len) || !len)
		return snprintf(msg, msglen, "%s: bad start or length in '%s'", d->name, text), -EINVAL;
	if (start != mdm_table_size(&d->table))
		return snprintf(msg, msglen, "%s: target at %s leaves a gap or overlaps", d->name,
		                a), -EINVAL;
	if (start + len < start)
		return snprintf(msg, msglen, "%s: target at %s: length overflows", d->name, a),
		       -EINVAL;
	return mdm_table_add(&d->table, start, len, type, p);
}

static int one_device(struct mdm_concise_dev *d, const char **pp, char *msg, size_t msglen)
{
	char minor[16] = "", flags[8] = "", *tbuf;
	char sep;
	const char *why;
	int e;

	if (field(pp, d->name, sizeof(d->name), &sep))
		return snprintf(msg, msglen, "device '%.16s...': name longer than %d characters",
		                d->name, DM_NAME_LEN - 1), -EINVAL;
	if (sep != ',')
		return snprintf(msg, msglen, "device '%s': expected name,uuid,minor,flags,table",
		                d->name), -EINVAL;
	if (mdm_check_name(d->name, &why))
		return snprintf(msg, msglen, "device '%s': %s", d->name, why), -EINVAL;
	if (field(pp, d->uuid, sizeof(d->uuid), &sep))
		return snprintf(msg, msglen, "%s: uuid longer than %d characters", d->name,
		                DM_UUID_LEN - 1), -EINVAL;
	if (sep != ',' ||
	    field(pp, minor, sizeof(minor), &sep) || sep != ',' ||
	    field(pp, flags, sizeof(flags), &sep) || sep != ',')
		return snprintf(msg, msglen, "%s: expected name,uuid,minor,flags,table", d->name),
		       -EINVAL;
	d->minor = -1;
	if (*minor) {
		uint32_t m;

		if (mdm_parse_u32(minor, &m) || m > MDM_MINOR_MAX)
			return snprintf(msg, msglen, "%s: bad minor '%s'", d->name, minor), -EINVAL;
		d->minor = (int32_t)m;
	}
	if (strcmp(flags, "ro") && strcmp(flags, "rw"))
		return snprintf(msg, msglen, "%s: flags must be ro or rw, not '%s'", d->name,
		                flags), -EINVAL;
	d->readonly = flags[1] == 'o';
	tbuf = malloc(strlen(*pp) + 1);
	if (!tbuf)
		return -ENOMEM;
	do {
		e = field(pp, tbuf, strlen(*pp) + 1, &sep);
		if (!e)
			e = one_target(d, tbuf, msg, msglen);
	} while (!e && sep == ',');
	free(tbuf);
	return e;
}

int mdm_concise_parse(const char *text, struct mdm_concise *out, char *msg, size_t msglen)
{
	const char *p = text;
	int e = 0;

	memset(out, 0, sizeof(*out));
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	while (*p && !e) {
		struct mdm_concise_dev *nd;

		if (out->n >= MAX_DEVS) {
			snprintf(msg, msglen, "more than %d devices", MAX_DEVS);
			e = -E2BIG;
			break;
		}
		if ((out->n & (out->n - 1)) == 0) {    /* 0, 1, 2, 4...: double */
			nd = realloc(out->d, (out->n ? 2 * out->n : 1) * sizeof(*nd));
			if (!nd) {
				e = -ENOMEM;
				break;
			}
			out->d = nd;
		}
		memset(&out->d[out->n], 0, sizeof(*nd));
		e = one_device(&out->d[out->n++], &p, msg, msglen);
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
	}
	if (!e && !out->n) {
		snprintf(msg, msglen, "no device");
		e = -EINVAL;
	}
	if (e)
		mdm_concise_free(out);
	return e;
}
