/* transport.h - building dm_ioctl requests and walking replies (internal).
 *
 * A request is the 312-byte header, then an 8-byte aligned payload.  One
 * builder writes it: init, set the device, append targets or strings; the
 * transport sets data_size and issues it.  Reply walkers check every
 * offset against the bytes the kernel said it wrote.
 */
#ifndef MINIDM_TRANSPORT_H
#define MINIDM_TRANSPORT_H

#include "minidm.h"

/* The first reply buffer: a list of devices or targets, or one device's
 * reply (a status line, a table, deps).  The kernel copies in as many
 * bytes as the buffer claims before it writes the reply: 16 KiB for one
 * status line was four fresh pages faulted in and copied; 2 KiB holds a
 * status line or a table of a few targets. */
#define MDM_BUF_INIT  ((size_t)16 * 1024)
#define MDM_BUF_ONE   ((size_t)2 * 1024)
#define MDM_BUF_MAX   ((size_t)256 * 1024 * 1024)   /* grow no further than this */
#define MDM_ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

struct mdm_req {
	struct dm_ioctl *hdr;    /* == buffer start, 8-byte aligned */
	size_t cap, len;         /* bytes available / used */
	bool   owned;            /* buffer is malloc'd (grows) */
	int    err;              /* first failure while building (-errno) */
};

/* Start a request in buf (cap bytes, 8-byte aligned), or in a malloc'd
 * buffer that grows when buf is NULL. */
void  mdm_req_init(struct mdm_req *r, void *buf, size_t cap, uint32_t flags);
void  mdm_req_free(struct mdm_req *r);
int   mdm_req_set_id(struct mdm_req *r, const struct mdm_id *id);
/* Append n bytes at the 8-byte aligned tail; returns where they went. */
void *mdm_req_append(struct mdm_req *r, const void *data, size_t n);
int   mdm_req_add_string(struct mdm_req *r, const char *s);
int   mdm_req_add_target(struct mdm_req *r, uint64_t start, uint64_t length,
                        const char *type, const char *params);
/* Set data_size to what was built; returns r->err. */
int   mdm_req_finish(struct mdm_req *r);

/* Issue cmd; on DM_BUFFER_FULL_FLAG grow the reply buffer and retry.  On
 * success the reply header is *out (inside ctx->buf). */
int   mdm_run(struct mdm_ctx *ctx, unsigned cmd, struct mdm_req *r, const char *op,
             const char *dev, struct dm_ioctl **out);

/* The payload of a reply as [p, p+n), or n = 0 when there is none. */
const unsigned char *mdm_reply_data(const struct dm_ioctl *h, size_t *n);
void  mdm_reply_info(const struct dm_ioctl *h, struct mdm_info *info);

/* Walk the target specs of a status/table reply into tab. */
int   mdm_reply_targets(const struct dm_ioctl *h, struct mdm_table *tab);
/* Check every record of the list reply in l->buf (l->versions and
 * l->trailer say what they are) and count them in l->n (0 when malformed). */
int   mdm_reply_list(struct mdm_devlist *l);
int   mdm_reply_deps(const struct dm_ioctl *h, uint64_t **devs, size_t *n);

/* Copy a NUL-terminated string of at most max-1 bytes; -ENAMETOOLONG else. */
int   mdm_strlcpy(char *dst, const char *src, size_t max);
/* Length of a string inside [p, end), or -1 if it is not terminated there. */
long  mdm_strnlen_in(const unsigned char *p, const unsigned char *end);

#endif
