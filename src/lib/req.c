/* req.c - the one request builder and the reply walkers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "transport.h"

int mdm_strlcpy(char *dst, const char *src, size_t max)
{
	size_t n = strlen(src);

	if (n >= max)
		return -ENAMETOOLONG;
	memcpy(dst, src, n + 1);
	return 0;
}

long mdm_strnlen_in(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *z = p < end ? memchr(p, 0, (size_t)(end - p)) : NULL;

	return z ? (long)(z - p) : -1;
}

void mdm_req_init(struct mdm_req *r, void *buf, size_t cap, uint32_t flags)
{
	memset(r, 0, sizeof(*r));
	r->owned = !buf;
	if (!buf) {
		cap = 1024;
		buf = calloc(1, cap);
		if (!buf) {
			r->err = -ENOMEM;
			return;
		}
	}
	r->hdr = buf;
	r->cap = cap;
	r->len = sizeof(struct dm_ioctl);
	memset(r->hdr, 0, r->len);
	r->hdr->version[0] = DM_VERSION_MAJOR;
	r->hdr->data_start = sizeof(struct dm_ioctl);
	r->hdr->flags = flags;
}

void mdm_req_free(struct mdm_req *r)
{
	if (r->owned)
		free(r->hdr);
	r->hdr = NULL;
}

int mdm_req_set_id(struct mdm_req *r, const struct mdm_id *id)
{
	int e = 0;

	if (!id)
		return 0;
	if (id->uuid && *id->uuid)
		e = mdm_strlcpy(r->hdr->uuid, id->uuid, DM_UUID_LEN);
	else if (id->name && *id->name)
		e = mdm_strlcpy(r->hdr->name, id->name, DM_NAME_LEN);
	else if (id->by_dev)
		r->hdr->dev = mdm_mkdev(id->major, id->minor);
	if (e && !r->err)
		r->err = e;
	return e;
}

static int req_reserve(struct mdm_req *r, size_t need)
{
	size_t cap = r->cap;
	void *p;

	if (need <= r->cap)
		return 0;
	if (!r->owned || need > MDM_BUF_MAX)
		return -ENOSPC;
	while (cap < need)
		cap *= 2;
	p = realloc(r->hdr, cap);
	if (!p)
		return -ENOMEM;
	memset((char *)p + r->cap, 0, cap - r->cap);
	r->hdr = p;
	r->cap = cap;
	return 0;
}

void *mdm_req_append(struct mdm_req *r, const void *data, size_t n)
{
	size_t at = MDM_ALIGN8(r->len);
	unsigned char *p;
	int e;

	if (r->err)
		return NULL;
	e = req_reserve(r, at + n);
	if (e) {
		r->err = e;
		return NULL;
	}
	p = (unsigned char *)r->hdr;
	memset(p + r->len, 0, at - r->len);
	if (data)
		memcpy(p + at, data, n);
	else
		memset(p + at, 0, n);
	r->len = at + n;
	return p + at;
}

int mdm_req_add_string(struct mdm_req *r, const char *s)
{
	mdm_req_append(r, s, strlen(s) + 1);
	return r->err;
}

/* In a load, spec->next is the distance from this spec to the next one:
 * specs are packed back to back at 8-byte boundaries, so that is the
 * aligned size of this spec and its parameters. */
int mdm_req_add_target(struct mdm_req *r, uint64_t start, uint64_t length,
                      const char *type, const char *params)
{
	size_t tlen = strlen(type), size = MDM_ALIGN8(sizeof(struct dm_target_spec) + strlen(params) + 1);
	struct dm_target_spec *sp;

	if (tlen >= DM_MAX_TYPE_NAME && !r->err)
		r->err = -ENAMETOOLONG;
	sp = mdm_req_append(r, NULL, size);
	if (!sp)
		return r->err;
	sp->sector_start = start;
	sp->length = length;
	sp->next = (uint32_t)size;
	memcpy(sp->target_type, type, tlen);
	strcpy((char *)(sp + 1), params);
	r->hdr->target_count++;
	return 0;
}

int mdm_req_finish(struct mdm_req *r)
{
	if (!r->err)
		r->hdr->data_size = (uint32_t)r->len;
	return r->err;
}

const unsigned char *mdm_reply_data(const struct dm_ioctl *h, size_t *n)
{
	*n = 0;
	if (h->data_start < sizeof(*h) || h->data_size <= h->data_start)
		return NULL;
	*n = h->data_size - h->data_start;
	return (const unsigned char *)h + h->data_start;
}

void mdm_reply_info(const struct dm_ioctl *h, struct mdm_info *info)
{
	if (!info)
		return;
	memset(info, 0, sizeof(*info));
	info->exists = true;
	memcpy(info->name, h->name, DM_NAME_LEN - 1);
	memcpy(info->uuid, h->uuid, DM_UUID_LEN - 1);
	info->major = mdm_major(h->dev);
	info->minor = mdm_minor(h->dev);
	info->open_count = h->open_count;
	info->flags = h->flags;
	info->event_nr = h->event_nr;
	info->target_count = h->target_count;
}

/* In a reply, spec->next counts from the start of the payload; every one
 * must move forward and stay inside what the kernel wrote. */
__attribute__((noinline)) int mdm_reply_targets(const struct dm_ioctl *h, struct mdm_table *tab)
{
	size_t n, off = 0;
	const unsigned char *d = mdm_reply_data(h, &n);

	memset(tab, 0, sizeof(*tab));
	for (uint32_t i = 0; i < h->target_count; i++) {
		struct dm_target_spec sp;
		char type[DM_MAX_TYPE_NAME + 1];
		const unsigned char *params;
		long plen;
		int e;

		if (!d || off > n || n - off < sizeof(sp))
			return -EPROTO;
		memcpy(&sp, d + off, sizeof(sp));
		params = d + off + sizeof(sp);
		plen = mdm_strnlen_in(params, d + n);
		if (plen < 0)
			return -EPROTO;
		memcpy(type, sp.target_type, DM_MAX_TYPE_NAME);
		type[DM_MAX_TYPE_NAME] = 0;
		e = mdm_table_add(tab, sp.sector_start, sp.length, type, (const char *)params);
		if (e)
			return e;
		tab->t[tab->n - 1].status = sp.status;
		if (i + 1 < h->target_count && sp.next <= off)
			return -EPROTO;
		off = sp.next;
	}
	return 0;
}

/* A list reply's records (dm_name_list, dm_target_versions) are 16
 * bytes, then a string, each linked to the next by an offset from itself
 * (0: the last).  The record at off of the payload [d, d+n), checked:
 * inside, its next moving forward and inside, its string ending inside
 * and shorter than a name.  The string's length or -1; *next: the next
 * record's offset (0 after the last); *end: where this record ends. */
__attribute__((always_inline))
static inline long rec_at(const unsigned char *d, size_t n, size_t off, bool names, size_t *next,
                   const unsigned char **end)
{
	const unsigned char *rec = d + off;
	uint32_t nx;
	long len;

	if (n - off < sizeof(struct dm_name_list))
		return -1;
	memcpy(&nx, rec + (names ? offsetof(struct dm_name_list, next) : 0), sizeof(nx));
	if (nx && (nx > n - off || nx < sizeof(struct dm_name_list)))
		return -1;
	*end = nx ? rec + nx : d + n;
	*next = nx ? off + nx : 0;
	len = mdm_strnlen_in(rec + (names ? offsetof(struct dm_name_list, name)
	                                  : sizeof(struct dm_target_versions)), *end);
	return len < DM_NAME_LEN ? len : -1;
}

int mdm_reply_list(struct mdm_devlist *l)
{
	size_t n, off = 0;
	const unsigned char *d = mdm_reply_data(l->buf, &n), *end;

	l->n = 0;
	if (!d || n < sizeof(struct dm_name_list))
		return 0;                         /* an empty list */
	do {
		if (rec_at(d, n, off, !l->versions, &off, &end) < 0)
			return l->n = 0, -EPROTO;
		l->n++;
	} while (off);
	return 0;
}

/* The next record (checked by mdm_reply_list) into what: a target's name
 * and version, or a device's name, number and, since 4.37 (trailer), its
 * event_nr after the name (then flags and, had the request asked for them
 * with DM_UUID_FLAG, the uuid).  Names point into the reply. */
static bool list_next(struct mdm_devlist *l, void *what)
{
	size_t n, t;
	const unsigned char *d = mdm_reply_data(l->buf, &n), *rec, *end;
	long len;

	if (l->i >= l->n)
		return false;
	rec = d + l->off;
	len = rec_at(d, n, l->off, !l->versions, &l->off, &end);
	if (len < 0)
		return false;
	l->i++;
	if (l->versions) {
		struct mdm_version *v = what;

		v->name = (const char *)rec + sizeof(struct dm_target_versions);
		memcpy(v->v, rec + offsetof(struct dm_target_versions, version), sizeof(v->v));
	} else {
		struct mdm_dev *dv = what;

		memcpy(&dv->dev, rec, sizeof(dv->dev));
		dv->name = (const char *)rec + offsetof(struct dm_name_list, name);
		dv->event_nr = 0;
		t = MDM_ALIGN8(offsetof(struct dm_name_list, name) + (size_t)len + 1);
		if (l->trailer && (size_t)(end - rec) >= t + sizeof(dv->event_nr))
			memcpy(&dv->event_nr, rec + t, sizeof(dv->event_nr));
	}
	return true;
}

bool mdm_devlist_next(struct mdm_devlist *l, struct mdm_dev *dv)
{
	return list_next(l, dv);
}

bool mdm_versions_next(struct mdm_devlist *l, struct mdm_version *v)
{
	return list_next(l, v);
}

void mdm_devlist_free(struct mdm_devlist *l)
{
	free(l->buf);
	memset(l, 0, sizeof(*l));
}

int mdm_reply_deps(const struct dm_ioctl *h, uint64_t **devs, size_t *count)
{
	size_t n;
	const unsigned char *d = mdm_reply_data(h, &n);
	struct dm_target_deps td;

	*devs = NULL;
	*count = 0;
	if (!d || n < sizeof(td))
		return 0;
	memcpy(&td, d, sizeof(td));
	if (td.count > (n - sizeof(td)) / sizeof(uint64_t))
		return -EPROTO;
	if (!td.count)
		return 0;
	*devs = malloc(td.count * sizeof(uint64_t));
	if (!*devs)
		return -ENOMEM;
	memcpy(*devs, d + sizeof(td), td.count * sizeof(uint64_t));
	*count = td.count;
	return 0;
}
