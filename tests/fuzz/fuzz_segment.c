/* fuzz_segment.c - the linear/flakey SEGMENT grammar (mdm_segment_parse)
 * and the target parameters made from a segment (mdm_segment_params).
 */
#include <errno.h>
#include "fuzz.h"
#include "minidm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), buf[160];
	struct mdm_segment seg;
	const char *why = "unset";
	int r = mdm_segment_parse(s, &seg, &why);
	char *small = malloc(sizeof(buf));

	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ENAMETOOLONG);
	FUZZ_CHECK(r ? why != NULL : why == NULL);
	if (!r) {
		FUZZ_CHECK(seg.dev[0] && strlen(seg.dev) < sizeof(seg.dev));
		FUZZ_CHECK(!strncmp(s, seg.dev, strlen(seg.dev)));
		FUZZ_CHECK(!seg.flakey || seg.up || seg.down);
		FUZZ_CHECK(seg.writes <= MDM_FLAKEY_ERROR_WRITES);
		FUZZ_CHECK(!(seg.writes && seg.corrupt_dir == 'w'));
		r = mdm_segment_params(&seg, "253:1048575", buf, sizeof(buf));
		FUZZ_CHECK(r == 0 && strlen(buf) < sizeof(buf));
		/* a buffer too small is refused, never overrun */
		FUZZ_CHECK(mdm_segment_params(&seg, "253:1048575", small, strlen(buf)) == -ENOSPC);
		FUZZ_CHECK(mdm_segment_params(&seg, "253:1048575", small, strlen(buf) + 1) == 0 &&
		           !strcmp(small, buf));
	}
	free(small);
	free(s);
	return 0;
}
