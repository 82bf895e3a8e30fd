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
int mdm_reply_targets(const struct dm_ioctl *h, struct mdm_table *tab)
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

static int grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	void *p;
	size_t c = *cap ? *cap * 2 : 16;

	if (n < *cap)
		return 0;
	p = realloc(*arr, c * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = c;
	return 0;
}

/* dm_name_list records: next counts from this record; 0 ends.  The
 * record at off of the payload [d, d+n) into *dv (pointers into the
 * reply); *next is the offset of the following record, 0 after the last. */
static int name_rec(const unsigned char *d, size_t n, size_t off, bool trailer,
                    struct mdm_dev *dv, size_t *next)
{
	struct dm_name_list nl;
	const unsigned char *rec = d + off, *end;
	long len;

	if (n - off < sizeof(nl))
		return -EPROTO;
	memcpy(&nl, rec, sizeof(nl));
	if (nl.next && (nl.next > n - off || nl.next < sizeof(nl)))
		return -EPROTO;
	end = nl.next ? rec + nl.next : d + n;
	len = mdm_strnlen_in(rec + offsetof(struct dm_name_list, name), end);
	if (len < 0 || len >= DM_NAME_LEN)
		return -EPROTO;
	*dv = (struct mdm_dev){ .name = (const char *)rec + offsetof(struct dm_name_list, name),
	                        .uuid = "", .dev = nl.dev };
	*next = nl.next ? off + nl.next : 0;
	off = MDM_ALIGN8(offsetof(struct dm_name_list, name) + (size_t)len + 1);
	if (trailer && (size_t)(end - rec) >= off + 8) {   /* event_nr, flags, [uuid] */
		uint32_t ev[2];

		memcpy(ev, rec += off, 8);
		dv->event_nr = ev[0];
		dv->has_event_nr = true;
		dv->has_uuid = (ev[1] & (DM_NAME_LIST_FLAG_HAS_UUID |
		                         DM_NAME_LIST_FLAG_DOESNT_HAVE_UUID)) != 0;
		if (ev[1] & DM_NAME_LIST_FLAG_HAS_UUID) {
			len = mdm_strnlen_in(rec + 8, end);
			if (len < 0 || len >= DM_UUID_LEN)
				return -EPROTO;
			dv->uuid = (const char *)rec + 8;
		}
	}
	return 0;
}

int mdm_reply_names(const struct dm_ioctl *h, bool trailer, size_t *count)
{
	size_t n, off = 0;
	const unsigned char *d = mdm_reply_data(h, &n);
	struct mdm_dev dv;

	*count = 0;
	if (!d || n < sizeof(struct dm_name_list))
		return 0;                         /* no devices */
	do {
		if (name_rec(d, n, off, trailer, &dv, &off))
			return *count = 0, -EPROTO;
		++*count;
	} while (off);
	return 0;
}

bool mdm_devlist_next(struct mdm_devlist *l, struct mdm_dev *dv)
{
	size_t n;
	const unsigned char *d;

	if (l->i >= l->n)
		return false;
	d = mdm_reply_data(l->buf, &n);
	l->i++;
	return !name_rec(d, n, l->off, l->trailer, dv, &l->off);
}

void mdm_devlist_free(struct mdm_devlist *l)
{
	free(l->buf);
	memset(l, 0, sizeof(*l));
}

static int walk_versions(const struct dm_ioctl *h, struct mdm_versions *out)
{
	size_t n, off = 0, cap = 0;
	const unsigned char *d = mdm_reply_data(h, &n);

	memset(out, 0, sizeof(*out));
	if (!d || n < sizeof(struct dm_target_versions))
		return 0;
	for (;;) {
		struct dm_target_versions tv;
		const unsigned char *rec = d + off, *end;
		struct mdm_version *v;
		long len;

		if (n - off < sizeof(tv))
			return -EPROTO;
		memcpy(&tv, rec, sizeof(tv));
		if (tv.next && (tv.next > n - off || tv.next < sizeof(tv)))
			return -EPROTO;
		end = tv.next ? rec + tv.next : d + n;
		len = mdm_strnlen_in(rec + sizeof(tv), end);
		if (len < 0 || (size_t)len >= sizeof(v->name))
			return -EPROTO;
		if (grow((void **)&out->v, &cap, out->n, sizeof(*out->v)))
			return -ENOMEM;
		v = memset(&out->v[out->n++], 0, sizeof(*v));
		memcpy(v->name, rec + sizeof(tv), (size_t)len);
		memcpy(v->v, tv.version, sizeof(v->v));
		if (!tv.next)
			return 0;
		off += tv.next;
	}
}

int mdm_reply_versions(const struct dm_ioctl *h, struct mdm_versions *out)
{
	int e = walk_versions(h, out);

	if (e) {
		free(out->v);
		memset(out, 0, sizeof(*out));
	}
	return e;
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
