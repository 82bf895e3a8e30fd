/* Golden bytes of requests, and replies replayed through the walkers. */
#include <errno.h>
#include <stdlib.h>
#include "t.h"
#include "../../src/lib/transport.h"

/* The recorder: keeps a copy of each request, answers with a canned reply. */
static unsigned char sent[4096];
static size_t sent_len;
static unsigned long sent_nr;
static const unsigned char *reply;
static size_t reply_len;
static int reply_errno;

static int rec(struct mdm_ctx *ctx, unsigned long nr, struct dm_ioctl *io)
{
	(void)ctx;
	sent_nr = nr;
	sent_len = io->data_size < sizeof(sent) ? io->data_size : sizeof(sent);
	memcpy(sent, io, sent_len);
	if (reply_errno) {
		errno = reply_errno;
		return -1;
	}
	if (reply) {
		size_t n = reply_len < io->data_size ? reply_len : io->data_size;

		memcpy(io, reply, n);
	}
	return 0;
}

static struct mdm_ctx test_ctx(void)
{
	struct mdm_ctx c;

	memset(&c, 0, sizeof(c));
	c.fd = -1;
	c.version[0] = 4;
	c.version[1] = 47;
	c.no_nodes = 1;
	c.xioctl = rec;
	return c;
}

/* The header every request starts with, written out field by field. */
static void golden_hdr(unsigned char *g, uint32_t size, uint32_t tcount, uint32_t flags,
                       const char *name)
{
	memset(g, 0, 312);
	g[0] = 4;                               /* version 4.0.0 */
	memcpy(g + 12, &size, 4);               /* data_size */
	g[16] = 312 & 0xff; g[17] = 312 >> 8;   /* data_start */
	memcpy(g + 20, &tcount, 4);
	memcpy(g + 28, &flags, 4);
	if (name)
		memcpy(g + 48, name, strlen(name));
}

static void test_create(void)
{
	struct mdm_ctx c = test_ctx();
	unsigned char g[312];
	struct mdm_info info;

	reply = NULL;
	T_EQ_U64(mdm_create(&c, "root", "MINIDM-1", -1, DM_READONLY_FLAG, &info), 0);
	golden_hdr(g, 312, 0, DM_READONLY_FLAG, "root");
	memcpy(g + 176, "MINIDM-1", 8);
	T_EQ_U64(sent_nr, 0xc138fd03ul);
	T_EQ_U64(sent_len, 312);
	T_EQ_MEM(sent, g, 312);
}

static void test_load(void)
{
	struct mdm_ctx c = test_ctx();
	struct mdm_table t = { 0 };
	struct mdm_id id = { .name = "data" };
	unsigned char g[312 + 48 + 48];
	uint64_t v;
	uint32_t next = 48;

	mdm_table_add(&t, 0, 2048, "linear", "8:16 0");
	mdm_table_add(&t, 2048, 1024, "zero", "");
	T_EQ_U64(mdm_table_load(&c, &id, &t, 0), 0);
	golden_hdr(g, sizeof(g), 2, 0, "data");
	memset(g + 312, 0, 96);
	/* spec 1 at 312: start 0, length 2048, next 48 (40 + "8:16 0\0" = 47 -> 48) */
	v = 0;    memcpy(g + 312, &v, 8);
	v = 2048; memcpy(g + 320, &v, 8);
	memcpy(g + 332, &next, 4);
	memcpy(g + 336, "linear", 6);
	memcpy(g + 352, "8:16 0", 7);
	/* spec 2 at 360: start 2048, length 1024, "" -> 41 -> 48 */
	v = 2048; memcpy(g + 360, &v, 8);
	v = 1024; memcpy(g + 368, &v, 8);
	memcpy(g + 380, &next, 4);
	memcpy(g + 384, "zero", 4);
	T_EQ_U64(sent_nr, 0xc138fd09ul);
	T_EQ_U64(sent_len, sizeof(g));
	T_EQ_MEM(sent, g, sizeof(g));
	mdm_table_free(&t);
}

static void test_message(void)
{
	struct mdm_ctx c = test_ctx();
	struct mdm_id id = { .name = "pool" };
	unsigned char g[312 + 8 + 14];
	char *rep = NULL;
	uint64_t sector = 0;

	reply = NULL;
	T_EQ_U64(mdm_target_msg(&c, &id, 0, "create_thin 1", &rep), 0);
	golden_hdr(g, 0, 0, 0, "pool");
	memset(g + 312, 0, 22);
	memcpy(g + 312, &sector, 8);
	memcpy(g + 320, "create_thin 1", 14);
	T_EQ_U64(sent_nr, 0xc138fd0eul);
	T_EQ_MEM(sent, g, 12);                       /* data_size: the reply buffer */
	T_EQ_MEM(sent + 16, g + 16, sizeof(g) - 16);
	T_CHECK(rep == NULL);
	mdm_close(&c);
}

static void test_rename(void)
{
	struct mdm_ctx c = test_ctx();
	struct mdm_id id = { .name = "old" };
	unsigned char g[312 + 4];
	static _Alignas(8) unsigned char info_reply[312];
	struct dm_ioctl *h = (struct dm_ioctl *)info_reply;

	/* mdm_rename asks for info first: answer that the device exists */
	memset(info_reply, 0, sizeof(info_reply));
	h->version[0] = 4;
	h->data_size = 312;
	h->data_start = 312;
	strcpy(h->name, "old");
	reply = info_reply;
	reply_len = sizeof(info_reply);
	T_EQ_U64(mdm_udev_rename(&c, &id, "new"), 0);
	reply = NULL;
	golden_hdr(g, sizeof(g), 0, 0, "old");
	memcpy(g + 312, "new", 4);
	/* no udev: udev flags in event_nr tell a udev that runs anyway to
	 * leave /dev/mapper to minidm (DISABLE_DM_RULES | DISABLE_SUBSYSTEM_RULES
	 * | PRIMARY_SOURCE, as libdevmapper without udev sync) */
	memcpy(g + 32, &(uint32_t){ 0x00430000u }, 4);
	T_EQ_U64(sent_nr, 0xc138fd05ul);
	T_EQ_MEM(sent, g, sizeof(g));
	/* set uuid uses the same ioctl with DM_UUID_FLAG */
	reply = info_reply;
	T_EQ_U64(mdm_udev_set_uuid(&c, &id, "U-1"), 0);
	reply = NULL;
	golden_hdr(g, sizeof(g), 0, DM_UUID_FLAG, "old");
	memcpy(g + 312, "U-1", 4);
	memcpy(g + 32, &(uint32_t){ 0x00430000u }, 4);
	T_EQ_MEM(sent, g, sizeof(g));
}

static void test_bad_names_no_ioctl(void)
{
	struct mdm_ctx c = test_ctx();
	char longname[200];
	struct mdm_id id = { .name = "x" };

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	c.ioctls = 0;
	T_EQ_U64(mdm_create(&c, "a/b", NULL, -1, 0, NULL), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_create(&c, "", NULL, -1, 0, NULL), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_create(&c, "control", NULL, -1, 0, NULL), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_create(&c, "..", NULL, -1, 0, NULL), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_create(&c, ".", NULL, -1, 0, NULL), (uint64_t)-EINVAL);   /* 6.1 takes it */
	T_EQ_U64(mdm_udev_rename(&c, &id, "."), 0 - (uint64_t)EINVAL);
	T_EQ_U64(mdm_create(&c, longname, NULL, -1, 0, NULL), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_create(&c, "ok", longname, -1, 0, NULL), 0 - (uint64_t)EINVAL);
	T_EQ_U64(mdm_create(&c, "ok", "has space", -1, 0, NULL), 0 - (uint64_t)EINVAL);
	T_EQ_U64(mdm_udev_rename(&c, &id, "a/b"), 0 - (uint64_t)EINVAL);
	T_EQ_U64(c.ioctls, 0);
	T_EQ_STR(c.err.op, "rename");
}

/* A status reply: specs chained by offsets from the payload start. */
static size_t build_status(unsigned char *b, size_t cap, uint32_t second_next)
{
	struct dm_ioctl *h = (struct dm_ioctl *)b;
	struct dm_target_spec *s1 = (void *)(b + 312), *s2 = (void *)(b + 312 + 56);

	memset(b, 0, cap);
	h->version[0] = 4;
	h->data_start = 312;
	h->target_count = 2;
	strcpy(h->name, "p");
	s1->length = 100;
	s1->next = 56;
	strcpy(s1->target_type, "linear");
	strcpy((char *)(s1 + 1), "8:0 0");
	s2->sector_start = 100;
	s2->length = 50;
	s2->next = second_next;
	strcpy(s2->target_type, "zero");
	h->data_size = 312 + 56 + 48;
	return h->data_size;
}

static void test_reply_targets(void)
{
	_Alignas(8) unsigned char b[512];
	struct mdm_table t;
	struct dm_ioctl *h = (struct dm_ioctl *)b;

	build_status(b, sizeof(b), 104);
	T_EQ_U64(mdm_reply_targets(h, &t), 0);
	T_EQ_U64(t.n, 2);
	T_EQ_STR(t.t[0].params, "8:0 0");
	T_EQ_STR(t.t[1].type, "zero");
	T_EQ_U64(t.t[1].start, 100);
	mdm_table_free(&t);
	/* corrupt: the first next points backwards / outside */
	build_status(b, sizeof(b), 104);
	((struct dm_target_spec *)(b + 312))->next = 0;
	T_EQ_U64(mdm_reply_targets(h, &t), (uint64_t)-EPROTO);
	mdm_table_free(&t);
	build_status(b, sizeof(b), 104);
	((struct dm_target_spec *)(b + 312))->next = 100000;
	T_EQ_U64(mdm_reply_targets(h, &t), (uint64_t)-EPROTO);
	mdm_table_free(&t);
	/* params not terminated inside data_size */
	build_status(b, sizeof(b), 104);
	h->data_size = 312 + 56 + 42;
	memset(b + 312 + 56 + 40, 'x', 2);
	T_EQ_U64(mdm_reply_targets(h, &t), (uint64_t)-EPROTO);
	mdm_table_free(&t);
}

/* Check a device list reply as the operations do: its record count. */
static int names(struct dm_ioctl *h, bool trailer, size_t *n)
{
	struct mdm_devlist l = { .buf = h, .trailer = trailer };
	int e = mdm_reply_list(&l);

	*n = l.n;
	return e;
}

static void test_reply_names(void)
{
	_Alignas(8) unsigned char b[1024];
	struct dm_ioctl *h = (struct dm_ioctl *)b;
	struct mdm_devlist l;
	struct mdm_dev d;
	size_t n;
	struct dm_name_list *n1 = (void *)(b + 312), *n2;
	uint32_t tr[2];

	memset(b, 0, sizeof(b));
	h->data_start = 312;
	/* record 1: "a", trailer at align8(12+2)=16: event 7, a uuid "U" (the
	 * kernel adds it when asked, DM_UUID_FLAG: skipped) */
	n1->dev = mdm_mkdev(253, 0);
	strcpy(n1->name, "a");
	tr[0] = 7; tr[1] = DM_NAME_LIST_FLAG_HAS_UUID;
	memcpy(b + 312 + 16, tr, 8);
	strcpy((char *)b + 312 + 24, "U");
	n1->next = 32;
	n2 = (void *)(b + 312 + 32);
	n2->dev = mdm_mkdev(253, 300);
	strcpy(n2->name, "bb");
	tr[0] = 1; tr[1] = DM_NAME_LIST_FLAG_DOESNT_HAVE_UUID;
	memcpy(b + 312 + 32 + 16, tr, 8);
	h->data_size = 312 + 32 + 24;
	T_EQ_U64(names(h, true, &n), 0);
	T_EQ_U64(n, 2);
	/* walked in place: the names point into the reply */
	l = (struct mdm_devlist){ .buf = h, .n = n, .trailer = true };
	T_CHECK(mdm_devlist_next(&l, &d));
	T_CHECK(d.name == n1->name);
	T_EQ_STR(d.name, "a");
	T_EQ_U64(d.event_nr, 7);
	T_EQ_U64(mdm_minor(d.dev), 0);
	T_CHECK(mdm_devlist_next(&l, &d));
	T_EQ_STR(d.name, "bb");
	T_EQ_U64(mdm_minor(d.dev), 300);
	T_EQ_U64(d.event_nr, 1);
	T_CHECK(!mdm_devlist_next(&l, &d));
	T_CHECK(!mdm_devlist_next(&l, &d));
	/* without the trailer (before 4.37): no event counters */
	l = (struct mdm_devlist){ .buf = h, .n = n };
	T_CHECK(mdm_devlist_next(&l, &d));
	T_EQ_U64(d.event_nr, 0);
	/* a name that runs past its record */
	memset(n1->name, 'a', 32);
	T_EQ_U64(names(h, true, &n), (uint64_t)-EPROTO);
	memset(n1->name, 0, 20);
	strcpy(n1->name, "a");
	n1->next = 4;                       /* does not move past the header */
	T_EQ_U64(names(h, true, &n), (uint64_t)-EPROTO);
	T_EQ_U64(n, 0);
	n1->next = 5000;                    /* outside the reply */
	T_EQ_U64(names(h, true, &n), (uint64_t)-EPROTO);
	/* the first record good, the second's next outside */
	n1->next = 32;
	n2->next = 5000;
	T_EQ_U64(names(h, true, &n), (uint64_t)-EPROTO);
	T_EQ_U64(n, 0);
	/* no payload: no devices */
	h->data_size = 312;
	T_EQ_U64(names(h, true, &n), 0);
	T_EQ_U64(n, 0);
}

static void test_reply_versions(void)
{
	_Alignas(8) unsigned char b[512];
	struct dm_ioctl *h = (struct dm_ioctl *)b;
	struct dm_target_versions *v1 = (void *)(b + 312), *v2 = (void *)(b + 312 + 32);
	struct mdm_devlist l = { .buf = h, .versions = true };
	struct mdm_version v;

	memset(b, 0, sizeof(b));
	h->data_start = 312;
	h->data_size = 312 + 64;
	v1->next = 32;
	v1->version[0] = 1;
	v1->version[1] = 23;
	strcpy(v1->name, "thin-pool");
	strcpy(v2->name, "linear");
	T_EQ_U64(mdm_reply_list(&l), 0);
	T_EQ_U64(l.n, 2);
	T_CHECK(mdm_versions_next(&l, &v));
	T_EQ_STR(v.name, "thin-pool");
	T_CHECK(v.name == v1->name);          /* in place */
	T_EQ_U64(v.v[1], 23);
	T_CHECK(mdm_versions_next(&l, &v));
	T_EQ_STR(v.name, "linear");
	T_CHECK(!mdm_versions_next(&l, &v));
	v2->next = 8;                       /* does not move past the record */
	T_EQ_U64(mdm_reply_list(&l), (uint64_t)-EPROTO);
	T_EQ_U64(l.n, 0);
	v2->next = 0;
	memset(v2->name, 'x', 16);          /* a name that does not end */
	T_EQ_U64(mdm_reply_list(&l), (uint64_t)-EPROTO);
}

/* Says BUFFER_FULL until it is given 64 KiB, then lists one device. */
static uint32_t full_sizes[8];
static unsigned full_calls;

static int full_until_64k(struct mdm_ctx *ctx, unsigned long nr, struct dm_ioctl *io)
{
	struct dm_name_list *n = (void *)((unsigned char *)io + 312);

	(void)ctx;
	(void)nr;
	if (full_calls < 8)
		full_sizes[full_calls] = io->data_size;
	full_calls++;
	if (io->data_size < 65536) {
		io->flags |= DM_BUFFER_FULL_FLAG;
		return 0;
	}
	io->data_start = 312;
	io->data_size = 312 + 32;
	memset(n, 0, 32);
	n->dev = mdm_mkdev(253, 1);
	strcpy(n->name, "big");
	return 0;
}

static void test_buffer_full_retry(void)
{
	struct mdm_ctx c = test_ctx();
	struct mdm_devlist l;
	struct mdm_dev d;

	c.xioctl = full_until_64k;
	T_EQ_U64(mdm_list_devices(&c, &l), 0);
	T_EQ_U64(full_calls, 3);
	T_EQ_U64(full_sizes[0], MDM_BUF_INIT);
	T_EQ_U64(full_sizes[2], 65536);
	T_EQ_U64(l.n, 1);
	T_CHECK(mdm_devlist_next(&l, &d));
	T_EQ_STR(d.name, "big");
	/* the list kept the reply; the context gets a new buffer */
	T_CHECK(c.buf == NULL && (void *)d.name > (void *)l.buf);
	mdm_devlist_free(&l);
	T_CHECK(l.buf == NULL && l.n == 0);
	mdm_close(&c);
}

/* One device's reply starts in a 2 KiB buffer (the kernel copies in all
 * the buffer claims), a list in 16 KiB; a full one doubles. */
static uint32_t one_sizes[4];
static unsigned one_calls;

static int full_until_4k(struct mdm_ctx *ctx, unsigned long nr, struct dm_ioctl *io)
{
	(void)ctx;
	(void)nr;
	if (one_calls < 4)
		one_sizes[one_calls] = io->data_size;
	one_calls++;
	if (io->data_size < 4096) {
		io->flags |= DM_BUFFER_FULL_FLAG;
		return 0;
	}
	io->data_start = 312;
	io->data_size = 312;
	io->target_count = 0;
	return 0;
}

static void test_one_device_buffer(void)
{
	struct mdm_ctx c = test_ctx();
	struct mdm_table t = { 0 };

	c.xioctl = full_until_4k;
	T_EQ_U64(mdm_table_status(&c, &(struct mdm_id){ .name = "d" }, DM_STATUS_TABLE_FLAG, &t, NULL), 0);
	T_EQ_U64(one_calls, 2);
	T_EQ_U64(one_sizes[0], 2048);
	T_EQ_U64(one_sizes[1], 4096);
	T_EQ_U64(t.n, 0);
	mdm_table_free(&t);
	mdm_close(&c);
}

/* Claims more reply bytes than the buffer it was given, with a name
 * record whose next points past the buffer but inside that claim. */
static int oversized(struct mdm_ctx *ctx, unsigned long nr, struct dm_ioctl *io)
{
	struct dm_name_list *n = (void *)((unsigned char *)io + 312);

	(void)ctx;
	(void)nr;
	io->data_start = 312;
	memset(n, 0, 32);
	n->dev = mdm_mkdev(253, 0);
	n->next = 2 * io->data_size;
	strcpy(n->name, "a");
	io->data_size *= 4;
	return 0;
}

static void test_reply_larger_than_buffer(void)
{
	struct mdm_ctx c = test_ctx();
	struct mdm_devlist l;

	c.xioctl = oversized;
	T_EQ_U64(mdm_list_devices(&c, &l), (uint64_t)-EPROTO);
	T_EQ_U64(l.n, 0);
	mdm_close(&c);
}

static void test_devno(void)
{
	uint64_t d;

	T_EQ_U64(mdm_devnode_to_devno("253:7", &d), 0);
	T_EQ_U64(mdm_major(d), 253);
	T_EQ_U64(mdm_minor(d), 7);
	T_EQ_U64(mdm_devnode_to_devno("253:1048576", &d), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_devnode_to_devno("x:1", &d), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_devnode_to_devno("/nonexistent", &d), (uint64_t)-ENOENT);
	T_EQ_U64(mdm_devnode_to_devno("/dev/null", &d), (uint64_t)-ENOTBLK);
	T_EQ_U64(mdm_mkdev(259, 1 << 16), ((uint64_t)(1 << 16) & ~0xffull) << 12 | 259 << 8);
}

/* A kernel for create, load and resume as the real one answers: the
 * resume's reply has the name it was asked by, no uuid, and the device's
 * state; anything else is counted as unexpected. */
static unsigned char seq[8];
static unsigned nseq, unexpected;

static int fake_dev(struct mdm_ctx *ctx, unsigned long nr, struct dm_ioctl *io)
{
	(void)ctx;
	if (nseq < sizeof(seq))
		seq[nseq++] = (unsigned char)(nr & 0xff);
	switch (nr & 0xff) {
	case DM_DEV_CREATE_CMD:
		io->dev = mdm_mkdev(254, 7);
		return 0;
	case DM_TABLE_LOAD_CMD:
		io->flags |= DM_INACTIVE_PRESENT_FLAG;
		return 0;
	case DM_DEV_SUSPEND_CMD:
		memset(io->uuid, 0, sizeof(io->uuid));
		io->dev = mdm_mkdev(254, 7);
		io->flags = DM_ACTIVE_PRESENT_FLAG;
		io->target_count = 1;
		io->event_nr = 0;
		return 0;
	}
	unexpected++;
	errno = EINVAL;
	return -1;
}

/* mdm_dev_setup_at's info after the resume: the create's reply with the
 * live table, from three ioctls (no status ioctl after the resume). */
static void test_setup_info(void)
{
	struct mdm_ctx c = test_ctx();
	struct mdm_table tab = { 0 };
	struct mdm_info info;
	const unsigned char want[] = { DM_DEV_CREATE_CMD, DM_TABLE_LOAD_CMD, DM_DEV_SUSPEND_CMD };

	c.xioctl = fake_dev;
	nseq = unexpected = 0;
	T_EQ_U64(mdm_table_add(&tab, 0, 8, "zero", ""), 0);
	T_EQ_U64(mdm_dev_setup_at(&c, "root", "MINIDM-1", -1, &tab, 0, &info), 0);
	T_EQ_U64(nseq, 3);
	T_EQ_U64(unexpected, 0);
	T_EQ_MEM(seq, want, 3);
	T_CHECK(info.exists);
	T_EQ_STR(info.name, "root");
	T_EQ_STR(info.uuid, "MINIDM-1");
	T_EQ_U64(info.major, 254);
	T_EQ_U64(info.minor, 7);
	T_CHECK(info.flags & DM_ACTIVE_PRESENT_FLAG);
	T_EQ_U64(info.target_count, 1);
	mdm_table_free(&tab);
	mdm_close(&c);
}

int main(void)
{
	test_create();
	test_load();
	test_message();
	test_rename();
	test_bad_names_no_ioctl();
	test_reply_targets();
	test_reply_names();
	test_reply_versions();
	test_buffer_full_retry();
	test_one_device_buffer();
	test_reply_larger_than_buffer();
	test_devno();
	test_setup_info();
	return t_done();
}
