/* fuzz_concise.c - the concise grammars (mdm_concise_parse): the first
 * byte picks the kernel's dm-mod.create= or dmsetup's create --concise.
 *
 * What parses is a list of valid device names, each with a contiguous
 * table of at most 256 targets (dmsetup's may be empty, the kernel's not).
 */
#include "fuzz.h"
#include "minidm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum mdm_concise_grammar g = size && (data[0] & 1) ? MDM_CONCISE_DMSETUP
	                                                   : MDM_CONCISE_KERNEL;
	char *s = fuzz_str(data + (size > 0), size - (size > 0)), msg[256];
	struct mdm_concise c;
	const char *why;

	msg[0] = 0;
	if (mdm_concise_parse(s, g, &c, msg, sizeof(msg))) {
		FUZZ_CHECK(c.n == 0 && c.d == NULL);
		FUZZ_CHECK(strlen(msg) < sizeof(msg));
		free(s);
		return 0;
	}
	FUZZ_CHECK(c.n > 0);
	for (size_t i = 0; i < c.n; i++) {
		const struct mdm_concise_dev *d = &c.d[i];
		uint64_t at = 0;

		FUZZ_CHECK(mdm_check_name(d->name, &why) == 0);
		FUZZ_CHECK(d->minor >= -1 && d->minor <= 0xfffff);
		FUZZ_CHECK(d->table.n <= 256 && (d->table.n > 0 || g == MDM_CONCISE_DMSETUP));
		for (size_t k = 0; k < d->table.n; k++) {
			FUZZ_CHECK(d->table.t[k].start == at && d->table.t[k].length);
			FUZZ_CHECK(at + d->table.t[k].length > at);     /* no wrap */
			at += d->table.t[k].length;
		}
	}
	mdm_concise_free(&c);
	free(s);
	return 0;
}
