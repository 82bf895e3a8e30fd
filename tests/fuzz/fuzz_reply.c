/* fuzz_reply.c - the decoding of kernel reply buffers: list devices
 * (names, event numbers), deps, versions, target version, table
 * status and target messages.
 *
 * The library runs as it does against the kernel; the transport hook
 * answers each ioctl with the input: byte 0 picks the call and the
 * interface version, the rest is the reply (header and payload) laid over
 * a zeroed buffer of the size the library offered, so a corrupt
 * data_size, data_start or next offset is whatever the fuzzer makes it.
 * As every caller does, only a successful call's results are freed: a
 * failure must leave nothing allocated (LeakSanitizer checks).
 */
#include <errno.h>
#include "fuzz.h"
#include "../../src/lib/transport.h"

static const uint8_t *reply;
static size_t reply_len;

static int answer(struct mdm_ctx *ctx, unsigned long nr, struct dm_ioctl *io)
{
	size_t cap = io->data_size, n = reply_len < cap ? reply_len : cap;

	(void)ctx;
	(void)nr;
	FUZZ_CHECK(cap >= sizeof(*io));
	memset(io, 0, cap);
	memcpy(io, reply, n);
	io->flags &= ~DM_BUFFER_FULL_FLAG;      /* growth is test_req.c's */
	return 0;
}

static void call(struct mdm_ctx *c, unsigned which)
{
	struct mdm_id id = MDM_ID_NAME("x");
	struct mdm_devlist l;
	struct mdm_dev d;
	struct mdm_version tv;
	struct mdm_table t;
	struct mdm_info info;
	uint64_t *devs;
	size_t n;
	uint32_t v[3];
	char *msg;

	switch (which) {
	case 0:
		if (mdm_list_devices(c, &l))
			break;
		for (size_t i = 0; i <= l.n; i++)      /* every device, then the end */
			FUZZ_CHECK(mdm_devlist_next(&l, &d) == (i < l.n) && (i == l.n ||
			           strlen(d.name) < DM_NAME_LEN));
		mdm_devlist_free(&l);
		break;
	case 1:
		if (mdm_table_deps(c, &id, 0, &devs, &n, &info))
			break;
		FUZZ_CHECK(n == 0 || devs);
		free(devs);
		break;
	case 2:
		if (mdm_list_versions(c, &l))
			break;
		for (size_t i = 0; i <= l.n; i++)      /* every record, then the end */
			FUZZ_CHECK(mdm_versions_next(&l, &tv) == (i < l.n) &&
			           (i == l.n || strlen(tv.name) < DM_NAME_LEN));
		mdm_devlist_free(&l);
		break;
	case 3:
		mdm_get_target_version(c, "thin-pool", v);
		break;
	case 4:
	case 5:
		if (mdm_table_status(c, &id, which == 4 ? DM_STATUS_TABLE_FLAG : 0, &t, &info))
			break;
		for (size_t i = 0; i < t.n; i++)
			FUZZ_CHECK(t.t[i].params && strlen(t.t[i].type) < DM_MAX_TYPE_NAME);
		mdm_table_free(&t);
		break;
	case 6:
		if (mdm_target_msg(c, &id, 0, "status", &msg))
			break;
		FUZZ_CHECK(!msg || *msg);
		free(msg);
		break;
	default:
		if (!mdm_info(c, &id, &info))
			FUZZ_CHECK(strlen(info.name) < DM_NAME_LEN && strlen(info.uuid) < DM_UUID_LEN);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mdm_ctx c;

	if (size < 1)
		return 0;
	memset(&c, 0, sizeof(c));
	c.fd = -1;
	c.version[0] = 4;
	c.version[1] = data[0] & 0x80 ? 36 : 47;   /* before and after the 4.37 trailer */
	c.no_nodes = 1;
	c.xioctl = answer;
	reply = data + 1;
	reply_len = size - 1;
	call(&c, data[0] & 7);
	mdm_close(&c);
	return 0;
}
