/* fuzz_units.c - numbers and sizes (units.c).
 *
 * mdm_parse_u64 is checked against a plain reference, mdm_parse_size against
 * its own grammar (a value it accepts is what the digits times the unit
 * say), and mdm_fmt_size of every parsed value against a 128-bit reference.
 */
#include <errno.h>
#include "fuzz.h"
#include "minidm.h"

/* "%llu" or "%llu.%02llu" of bytes in the largest unit it reaches. */
static void ref_fmt(uint64_t bytes, char *buf, size_t len)
{
	static const char *const u[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned i = 0;
	uint64_t div = 1;

	while (i < 6 && bytes / div >= 1024)
		div <<= 10, i++;
	if (i == 0 || bytes % div == 0)
		snprintf(buf, len, "%llu %s", (unsigned long long)(bytes / div), u[i]);
	else
		snprintf(buf, len, "%llu.%02llu %s", (unsigned long long)(bytes / div),
		         (unsigned long long)((unsigned __int128)(bytes % div) * 100 / div), u[i]);
}

static void fmt(uint64_t v)
{
	char a[64], b[64];

	mdm_fmt_size(v, a, sizeof(a));
	ref_fmt(v, b, sizeof(b));
	if (strcmp(a, b))
		dprintf(2, "dm_fmt_size(%llu) = \"%s\", want \"%s\"\n",
		        (unsigned long long)v, a, b);
	FUZZ_CHECK(!strcmp(a, b));
}

static void u64(const char *s)
{
	uint64_t v, x = 0;
	uint32_t w;
	int r = mdm_parse_u64(s, &v), want = *s ? 0 : -EINVAL;

	for (const char *p = s; *p && !want; p++) {
		if (*p < '0' || *p > '9')
			want = -EINVAL;
		else if (x > UINT64_MAX / 10 || x * 10 > UINT64_MAX - (uint64_t)(*p - '0'))
			want = -ERANGE;
		else
			x = x * 10 + (uint64_t)(*p - '0');
	}
	/* the first fault wins: "99999999999999999999x" is a range error */
	FUZZ_CHECK(r == want);
	if (r)
		return;
	FUZZ_CHECK(v == x);
	r = mdm_parse_u32(s, &w);
	FUZZ_CHECK(r ? r == -ERANGE && v > UINT32_MAX : v == w);
	fmt(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	uint64_t v, sec;

	u64(s);
	if (!mdm_parse_size(s, 1, &v)) {
		fmt(v);
		if (!mdm_parse_sectors(s, &sec))
			FUZZ_CHECK(mdm_parse_size(s, 512, &v) == 0 && v == sec * 512);
	}
	if (size >= 8) {                 /* the raw bytes as a value too */
		memcpy(&v, data, 8);
		fmt(v);
	}
	free(s);
	return 0;
}
