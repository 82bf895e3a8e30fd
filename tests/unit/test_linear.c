/* test_linear.c - the segment grammar of `linear create` and the linear and
 * flakey target parameters built from it. */
#include <errno.h>
#include "t.h"
#include "minidm.h"

static int parse(const char *spec, struct mdm_segment *s)
{
	const char *why = NULL;
	int e = mdm_segment_parse(spec, s, &why);

	if ((e != 0) != (why != NULL))
		t_report(0, __FILE__, __LINE__, "why set exactly on failure");
	return e;
}

/* spec -> params on device "8:16" */
static void params(const char *spec, const char *want)
{
	struct mdm_segment s;
	char buf[160];

	T_EQ_U64(parse(spec, &s), 0);
	T_EQ_U64(mdm_segment_params(&s, "8:16", buf, sizeof(buf)), 0);
	T_EQ_STR(buf, want);
}

static void test_linear_forms(void)
{
	struct mdm_segment s;

	T_EQ_U64(parse("/dev/vdb", &s), 0);
	T_EQ_STR(s.dev, "/dev/vdb");
	T_EQ_U64(s.start, 0);
	T_EQ_U64(s.length, 0);
	T_CHECK(!s.flakey);
	T_EQ_U64(parse("/dev/vdb:1MiB", &s), 0);
	T_EQ_U64(s.start, 2048);
	T_EQ_U64(s.length, 0);
	T_EQ_U64(parse("/dev/vdb:2048:4096", &s), 0);
	T_EQ_U64(s.start, 2048);
	T_EQ_U64(s.length, 4096);
	T_EQ_U64(parse("/dev/vdb::1G", &s), 0);
	T_EQ_U64(s.start, 0);
	T_EQ_U64(s.length, 2097152);
	T_EQ_U64(parse("/dev/vdb:", &s), 0);       /* empty start: 0 */
	T_EQ_U64(parse("/dev/vdb:1M:", &s), 0);    /* empty length: to the end */
	T_EQ_U64(s.length, 0);
	T_EQ_U64(parse("8:16", &s), 0);
	T_EQ_STR(s.dev, "8:16");
	T_EQ_U64(parse("253:0:10s:20s", &s), 0);
	T_EQ_STR(s.dev, "253:0");
	T_EQ_U64(s.start, 10);
	T_EQ_U64(s.length, 20);
	T_EQ_U64(parse("8:16:1.5KiB", &s), 0);
	T_EQ_U64(s.start, 3);
	params("/dev/vdb:2048:4096", "8:16 2048");
	params("8:16:1M:1M", "8:16 2048");
}

static void test_flakey_forms(void)
{
	struct mdm_segment s;

	T_EQ_U64(parse("/dev/vdc:0:1M:flakey:5:2", &s), 0);
	T_CHECK(s.flakey);
	T_EQ_U64(s.up, 5);
	T_EQ_U64(s.down, 2);
	T_EQ_U64(s.writes, 0);
	params("/dev/vdc:0:1M:flakey:5:2", "8:16 0 5 2");
	params("/dev/vdc:0:1M:flakey:0:1", "8:16 0 0 1");
	params("/dev/vdc:1M:1M:flakey:1:0:drop_writes", "8:16 2048 1 0 1 drop_writes");
	params("/dev/vdc::8M:flakey:3:3:error_writes", "8:16 0 3 3 1 error_writes");
	params("8:32:0:1M:flakey:1:1:corrupt_bio_byte=32,r,1", "8:16 0 1 1 5 corrupt_bio_byte 32 r 1 0");
	params("8:32:0:1M:flakey:1:1:corrupt_bio_byte=1,w,255,4294967295",
	       "8:16 0 1 1 5 corrupt_bio_byte 1 w 255 4294967295");
	params("8:32:0:1M:flakey:1:1:drop_writes:corrupt_bio_byte=7,r,0,16",
	       "8:16 0 1 1 6 drop_writes corrupt_bio_byte 7 r 0 16");
	T_EQ_U64(parse("8:32:0:1M:flakey:4294967295:0", &s), 0);
	T_EQ_U64(s.up, 4294967295u);
}

static void test_bad(void)
{
	static const char *const bad[] = {
		"", "vdb", "vdb:0", "8", "8:", ":16", "8:x", "8:16x", "x:16", "4096:0",
		"/dev/vdb:x", "/dev/vdb:1:0", "/dev/vdb:1:x", "/dev/vdb:-1", "/dev/vdb:1.3",
		"/dev/vdb:0:1M:", "/dev/vdb:0:1M:linear", "/dev/vdb:0:1M:flakey",
		"/dev/vdb:0:1M:flakey:", "/dev/vdb:0:1M:flakey:1", "/dev/vdb:0:1M:flakey:1:",
		"/dev/vdb:0:1M:flakey:0:0", "/dev/vdb:0:1M:flakey:-1:2",
		"/dev/vdb:0:1M:flakey:4294967295:1", "/dev/vdb:0:1M:flakey:4294967296:0",
		"/dev/vdb:0:1M:flakey:1:1:", "/dev/vdb:0:1M:flakey:1:1:drop",
		"/dev/vdb:0:1M:flakey:1:1:drop_writes:drop_writes",
		"/dev/vdb:0:1M:flakey:1:1:drop_writes:error_writes",
		"/dev/vdb:0:1M:flakey:1:1:error_writes:corrupt_bio_byte=1,w,0",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=1,r,0:corrupt_bio_byte=1,r,0",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte", "/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=0,r,0",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=1",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=1,x,0",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=1,rw,0",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=1,r",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=1,r,256",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=1,r,1,",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=1,r,1,2,3",
		"/dev/vdb:0:1M:flakey:1:1:corrupt_bio_byte=1,r,1,4294967296",
		"/dev/vdb:16E", "/dev/vdb:9223372036854775807s:2s",
	};
	struct mdm_segment s;
	const char *why;
	char dev[200];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int e = parse(bad[i], &s);

		T_CHECK(e < 0);
		if (e >= 0)
			fprintf(stderr, "  accepted: '%s'\n", bad[i]);
	}
	T_EQ_U64(mdm_segment_parse(NULL, &s, &why), (uint64_t)-EINVAL);
	memset(dev, 'a', sizeof(dev) - 1);
	dev[0] = '/';
	dev[sizeof(dev) - 1] = 0;
	T_EQ_U64(parse(dev, &s), (uint64_t)-ENAMETOOLONG);
	dev[MDM_SEG_DEV_LEN] = 0;
	T_EQ_U64(parse(dev, &s), (uint64_t)-ENAMETOOLONG);
	dev[MDM_SEG_DEV_LEN - 1] = 0;
	T_EQ_U64(parse(dev, &s), 0);
	T_EQ_U64(parse("/dev/vdb:8E:8E", &s), 0);  /* 2^54 sectors each: no overflow */
}

static void test_params_space(void)
{
	struct mdm_segment s;
	char buf[64];
	size_t need;

	T_EQ_U64(parse("8:32:0:1M:flakey:1:1:drop_writes:corrupt_bio_byte=7,r,0,16", &s), 0);
	T_EQ_U64(mdm_segment_params(&s, "8:16", buf, sizeof(buf)), 0);
	need = strlen(buf) + 1;
	for (size_t len = 0; len < need; len++)
		T_EQ_U64(mdm_segment_params(&s, "8:16", buf, len), (uint64_t)-ENOSPC);
	T_EQ_U64(mdm_segment_params(&s, "8:16", buf, need), 0);
}

/* Every prefix and many byte mutations of valid specs: no crash, no
 * overrun (ASan), and anything accepted yields parameters. */
static void test_fuzz(void)
{
	static const char *const seeds[] = {
		"/dev/vdb:2048:4096", "8:16:1M", "253:0::1G",
		"/dev/vdc:1M:1M:flakey:1:0:drop_writes",
		"8:32:0:1M:flakey:1:1:drop_writes:corrupt_bio_byte=7,r,0,16",
	};
	static const char alpha[] = ":,=/0123456789rwsMGKiBEflakeydrop_writes\xff ";
	uint32_t x = 12345;
	unsigned accepted = 0, total = 0;

	for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
		char b[96];
		size_t n = strlen(seeds[k]);

		for (size_t cut = 0; cut <= n; cut++) {
			memcpy(b, seeds[k], cut);
			b[cut] = 0;
			for (int m = 0; m < 400; m++) {
				char w[96], out[160];
				struct mdm_segment s;
				const char *why;
				int e;

				memcpy(w, b, cut + 1);
				for (int j = 0; j < 1 + m % 3 && cut; j++) {
					x = x * 1103515245u + 12345u;
					w[(x >> 8) % cut] = alpha[(x >> 20) % (sizeof(alpha) - 1)];
				}
				e = mdm_segment_parse(w, &s, &why);
				total++;
				if (e)
					continue;
				accepted++;
				if (mdm_segment_params(&s, "4095:1048575", out, sizeof(out)) ||
				    memchr(s.dev, 0, sizeof(s.dev)) == NULL)
					t_report(0, __FILE__, __LINE__, w);
			}
		}
	}
	T_CHECK(accepted > 0 && accepted < total);
}

int main(void)
{
	test_linear_forms();
	test_flakey_forms();
	test_bad();
	test_params_space();
	test_fuzz();
	return t_done();
}
