/* fuzz_table.c - dmsetup table text (mdm_table_parse).
 *
 * A table that parses is contiguous from sector 0.  It is then built into
 * a load request by the one request builder, the request is turned into
 * the status reply the kernel would send back (each spec's next counted
 * from the first spec instead of from itself), and the reply walker must
 * give back the same table.
 */
#include "fuzz.h"
#include "../../src/lib/transport.h"

static void roundtrip(const struct mdm_table *tab)
{
	struct mdm_req r;
	struct mdm_table back;
	unsigned char *pay;
	size_t off = 0;

	mdm_req_init(&r, NULL, 0, 0);
	for (size_t i = 0; i < tab->n; i++)
		mdm_req_add_target(&r, tab->t[i].start, tab->t[i].length, tab->t[i].type,
		                  tab->t[i].params);
	if (mdm_req_finish(&r)) {                /* too large for MDM_BUF_MAX */
		mdm_req_free(&r);
		return;
	}
	pay = (unsigned char *)r.hdr + r.hdr->data_start;
	for (uint32_t i = 0; i < r.hdr->target_count; i++) {
		struct dm_target_spec *sp = (struct dm_target_spec *)(pay + off);

		off += sp->next;
		sp->next = (uint32_t)off;
	}
	FUZZ_CHECK(mdm_reply_targets(r.hdr, &back) == 0);
	FUZZ_CHECK(back.n == tab->n);
	for (size_t i = 0; i < tab->n; i++) {
		FUZZ_CHECK(back.t[i].start == tab->t[i].start);
		FUZZ_CHECK(back.t[i].length == tab->t[i].length);
		FUZZ_CHECK(!strcmp(back.t[i].type, tab->t[i].type));
		FUZZ_CHECK(!strcmp(back.t[i].params, tab->t[i].params));
	}
	mdm_table_free(&back);
	mdm_req_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), msg[128];
	struct mdm_table tab;
	size_t line = 0;
	uint64_t at = 0;

	msg[0] = 0;
	if (!mdm_table_parse(&tab, s, &line, msg, sizeof(msg))) {
		for (size_t i = 0; i < tab.n; i++) {
			FUZZ_CHECK(tab.t[i].start == at && tab.t[i].length > 0);
			FUZZ_CHECK(*tab.t[i].type && !strchr(tab.t[i].params, '\n'));
			FUZZ_CHECK(at + tab.t[i].length > at);          /* no wrap */
			at += tab.t[i].length;
		}
		FUZZ_CHECK(mdm_table_size(&tab) == at);
		roundtrip(&tab);
		mdm_table_free(&tab);
	} else {
		FUZZ_CHECK(*msg && strlen(msg) < sizeof(msg));
	}
	free(s);
	return 0;
}
