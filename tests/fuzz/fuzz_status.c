/* fuzz_status.c - status and table lines of thin-pool, thin and cache.
 *
 * Every parser sees the same line.  What parses must also format: its
 * JSON fits a generous buffer, and a parsed table written back out parses
 * again to the same struct (the canonical form is a fixed point).
 */
#include <errno.h>
#include "fuzz.h"
#include "minidm-status.h"

static char out[8192];

static void pool_status(const char *s)
{
	struct mdm_pool_status st;
	int r;

	if (mdm_parse_pool_status(s, &st))
		return;
	r = mdm_pool_status_json(&st, 65536, 4096, out, sizeof(out));
	FUZZ_CHECK(r == 0 && strlen(out) < sizeof(out));
}

static void pool_table(const char *s)
{
	struct mdm_pool_table t, t2;

	if (mdm_parse_pool_table(s, &t))
		return;
	/* more than four distinct features parse but do not format */
	if (mdm_format_pool_table(&t, out, sizeof(out)))
		return;
	FUZZ_CHECK(mdm_parse_pool_table(out, &t2) == 0);
	FUZZ_CHECK(!memcmp(&t, &t2, sizeof(t)));
}

static void thin(const char *s)
{
	struct mdm_thin_status st;
	struct mdm_thin_table t, t2;

	if (!mdm_parse_thin_status(s, &st))
		FUZZ_CHECK(mdm_thin_status_json(&st, out, sizeof(out)) == 0);
	if (mdm_parse_thin_table(s, &t))
		return;
	FUZZ_CHECK(mdm_format_thin_table(&t, out, sizeof(out)) == 0);
	FUZZ_CHECK(mdm_parse_thin_table(out, &t2) == 0);
	FUZZ_CHECK(!memcmp(&t, &t2, sizeof(t)));
}

static void cache(const char *s)
{
	struct mdm_cache_status st;
	struct mdm_cache_table t, t2;
	int r;

	if (!mdm_parse_cache_status(s, &st)) {
		/* block sizes are sectors: a huge one cannot be bytes */
		r = mdm_cache_status_json(&st, out, sizeof(out));
		FUZZ_CHECK(r == 0 || r == -ERANGE);
	}
	if (mdm_parse_cache_table(s, &t))
		return;
	FUZZ_CHECK(mdm_format_cache_table(&t, out, sizeof(out)) == 0);
	FUZZ_CHECK(mdm_parse_cache_table(out, &t2) == 0);
	FUZZ_CHECK(!memcmp(&t, &t2, sizeof(t)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);

	pool_status(s);
	pool_table(s);
	thin(s);
	cache(s);
	free(s);
	return 0;
}
