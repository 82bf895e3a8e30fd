/* Units, names, mangling, dmsetup tables and the concise grammar. */
#include <errno.h>
#include <stdlib.h>
#include "t.h"
#include "minidm.h"

static void test_units(void)
{
	uint64_t v;

	T_EQ_U64(mdm_parse_size("2048s", 1, &v), 0);   T_EQ_U64(v, 1048576);
	T_EQ_U64(mdm_parse_size("64KiB", 1, &v), 0);   T_EQ_U64(v, 65536);
	T_EQ_U64(mdm_parse_size("64k", 1, &v), 0);     T_EQ_U64(v, 65536);
	T_EQ_U64(mdm_parse_size("10G", 1, &v), 0);     T_EQ_U64(v, 10737418240ull);
	T_EQ_U64(mdm_parse_size("10GB", 1, &v), 0);    T_EQ_U64(v, 10000000000ull);
	T_EQ_U64(mdm_parse_size("1kB", 1, &v), 0);     T_EQ_U64(v, 1000);
	T_EQ_U64(mdm_parse_size("1.5M", 1, &v), 0);    T_EQ_U64(v, 1572864);
	T_EQ_U64(mdm_parse_size("100", 512, &v), 0);   T_EQ_U64(v, 51200);
	T_EQ_U64(mdm_parse_size("7b", 512, &v), 0);    T_EQ_U64(v, 7);
	T_EQ_U64(mdm_parse_size("1E", 1, &v), 0);      T_EQ_U64(v, 1ull << 60);
	T_EQ_U64(mdm_parse_size("16E", 1, &v), (uint64_t)-ERANGE);
	T_EQ_U64(mdm_parse_size("99999999999999999999", 1, &v), (uint64_t)-ERANGE);
	T_EQ_U64(mdm_parse_size("", 1, &v), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_parse_size("-1", 1, &v), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_parse_size("1x", 1, &v), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_parse_size("1.", 1, &v), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_parse_size("1 G", 1, &v), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_parse_size("0.3b", 1, &v), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_parse_size("1GiBx", 1, &v), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_parse_sectors("1KiB", &v), 0);    T_EQ_U64(v, 2);
	T_EQ_U64(mdm_parse_sectors("100", &v), 0);     T_EQ_U64(v, 100);
	T_EQ_U64(mdm_parse_sectors("1000b", &v), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_parse_u64("18446744073709551615", &v), 0);
	T_EQ_U64(mdm_parse_u64("18446744073709551616", &v), (uint64_t)-ERANGE);
	T_EQ_U64(mdm_parse_u64("+1", &v), (uint64_t)-EINVAL);
	{
		uint32_t w;

		T_EQ_U64(mdm_parse_u32("4294967296", &w), (uint64_t)-ERANGE);
		T_EQ_U64(mdm_parse_u32("42", &w), 0);
		T_EQ_U64(w, 42);
	}
	{
		char b[32];

		T_EQ_STR(mdm_fmt_size(512, b, sizeof(b)), "512 B");
		T_EQ_STR(mdm_fmt_size(65536, b, sizeof(b)), "64 KiB");
		T_EQ_STR(mdm_fmt_size(1610612736, b, sizeof(b)), "1.50 GiB");
		/* EiB: the remainder times 100 does not fit in 64 bits */
		T_EQ_STR(mdm_fmt_size(3ull << 59, b, sizeof(b)), "1.50 EiB");
		T_EQ_STR(mdm_fmt_size(UINT64_MAX, b, sizeof(b)), "15.99 EiB");
	}
}

static void test_names(void)
{
	const char *why;
	char b[64], u[64];

	T_EQ_U64(mdm_check_name("vg-root", &why), 0);
	T_EQ_U64(mdm_check_name("a b", &why), 0);
	T_EQ_U64(mdm_check_name("a/b", &why), (uint64_t)-EINVAL);
	T_EQ_STR(why, "name contains '/'");
	T_EQ_U64(mdm_check_name(".", &why), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_check_name("", &why), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_check_uuid("LVM-abc", &why), 0);
	T_EQ_U64(mdm_check_uuid("a\tb", &why), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_mangle("a b:c", b, sizeof(b)), 0);
	T_EQ_STR(b, "a\\x20b:c");
	T_EQ_U64(mdm_unmangle(b, u, sizeof(u)), 0);
	T_EQ_STR(u, "a b:c");
	T_EQ_U64(mdm_mangle("    ", b, 16), (uint64_t)-ENAMETOOLONG);
	T_EQ_U64(mdm_unmangle("\\x4", u, sizeof(u)), 0);
	T_EQ_STR(u, "\\x4");

	/* dmsetup's auto mode: mangle once, keep what is mangled, refuse a mix */
	T_EQ_U64(mdm_mangle_mode("sp ace", MDM_MANGLE_AUTO, b, sizeof(b)), 0);
	T_EQ_STR(b, "sp\\x20ace");
	T_EQ_U64(mdm_mangle_mode("sp\\x20ace", MDM_MANGLE_AUTO, b, sizeof(b)), 0);
	T_EQ_STR(b, "sp\\x20ace");
	T_EQ_U64(mdm_mangle_mode("sp\\x20ace", MDM_MANGLE_HEX, b, sizeof(b)), 0);
	T_EQ_STR(b, "sp\\x5cx20ace");
	T_EQ_U64(mdm_mangle_mode("a b\\x20c", MDM_MANGLE_AUTO, b, sizeof(b)), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_mangle_mode("a\\x20b c", MDM_MANGLE_AUTO, b, sizeof(b)), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_mangle_mode("a\\x5cx20", MDM_MANGLE_AUTO, b, sizeof(b)), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_mangle_mode("a b,c", MDM_MANGLE_NONE, b, sizeof(b)), 0);
	T_EQ_STR(b, "a b,c");
	T_EQ_U64(mdm_mangle_mode("vg-lv_x.y:z=#+@", MDM_MANGLE_AUTO, b, sizeof(b)), 0);
	T_EQ_STR(b, "vg-lv_x.y:z=#+@");
	T_EQ_U64(mdm_mangle_mode("\\", MDM_MANGLE_AUTO, b, sizeof(b)), 0);
	T_EQ_STR(b, "\\x5c");
	T_EQ_U64(mdm_mangle_mode("a,", MDM_MANGLE_AUTO, b, 5), (uint64_t)-ENAMETOOLONG);
	T_EQ_U64(mdm_mangle_mode("a,", MDM_MANGLE_AUTO, b, 6), 0);
	T_EQ_STR(b, "a\\x2c");
	T_CHECK(mdm_is_mangled_form("sp\\x20ace"));
	T_CHECK(!mdm_is_mangled_form("sp ace"));
	T_EQ_U64(mdm_unmangle("c\\x2cd\\x3B", u, sizeof(u)), 0);
	T_EQ_STR(u, "c,d;");
}

static void test_table(void)
{
	struct mdm_table t;
	char msg[128];
	size_t line = 0;

	T_EQ_U64(mdm_table_parse(&t, "# comment\n0 100 linear 8:0 0\n\n  100 50 zero\n"
	                            "150 10 error   \n", &line, msg, sizeof(msg)), 0);
	T_EQ_U64(t.n, 3);
	T_EQ_STR(t.t[0].params, "8:0 0");
	T_EQ_STR(t.t[1].type, "zero");
	T_EQ_STR(t.t[1].params, "");
	T_EQ_U64(mdm_table_size(&t), 160);
	mdm_table_free(&t);
	T_EQ_U64(mdm_table_parse(&t, "0 100 linear 8:0 0\n90 10 zero\n", &line, msg, sizeof(msg)),
	         (uint64_t)-EINVAL);
	T_EQ_U64(line, 2);
	T_EQ_U64(mdm_table_parse(&t, "0 0 zero\n", &line, msg, sizeof(msg)), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_table_parse(&t, "0 10 averyveryverylongtarget\n", &line, msg, sizeof(msg)),
	         (uint64_t)-EINVAL);
	/* 16 characters: one too many for the kernel's type field, and said so */
	msg[0] = 0;
	T_EQ_U64(mdm_table_parse(&t, "0 10 sixteen-chars-xx\n", &line, msg, sizeof(msg)),
	         (uint64_t)-EINVAL);
	T_EQ_STR(msg, "missing or too long target type");
	T_EQ_U64(mdm_table_parse(&t, "0 10 fifteen-chars-x\n", &line, msg, sizeof(msg)), 0);
	mdm_table_free(&t);
	/* as dmsetup: a table of comments only, or of nothing, is empty */
	T_EQ_U64(mdm_table_parse(&t, "\n# only comments\n", &line, msg, sizeof(msg)), 0);
	T_EQ_U64(t.n, 0);
	T_EQ_U64(mdm_table_parse(&t, "", &line, msg, sizeof(msg)), 0);
	T_EQ_U64(t.n, 0);
	/* and a '#' after the type starts a comment */
	T_EQ_U64(mdm_table_parse(&t, "0 8 zero # c\n8 8 linear /dev/vda 0#c\n", &line, msg,
	                        sizeof(msg)), 0);
	T_EQ_U64(t.n, 2);
	T_EQ_STR(t.t[0].params, "");
	T_EQ_STR(t.t[1].params, "/dev/vda 0");
	mdm_table_free(&t);
	T_EQ_U64(mdm_table_parse(&t, "0 18446744073709551615 zero\n10 10 zero\n", &line, msg,
	                        sizeof(msg)), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_table_parse(&t, "0 x zero\n", &line, msg, sizeof(msg)), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_table_parse(&t, "0 10 zero\n", &line, msg, sizeof(msg)), 0);
	T_EQ_U64(mdm_table_resolve_paths(&t, msg, sizeof(msg)), 0);
	mdm_table_free(&t);
	T_EQ_U64(mdm_table_parse(&t, "0 10 linear /dev/nonexistent 0\n", &line, msg, sizeof(msg)), 0);
	T_EQ_U64(mdm_table_resolve_paths(&t, msg, sizeof(msg)), (uint64_t)-ENOENT);
	T_EQ_STR(msg, "/dev/nonexistent: No such file or directory");
	mdm_table_free(&t);
	T_EQ_U64(mdm_table_parse(&t, "0 10 linear /dev/null 0\n", &line, msg, sizeof(msg)), 0);
	T_EQ_U64(mdm_table_resolve_paths(&t, msg, sizeof(msg)), (uint64_t)-ENOTBLK);
	mdm_table_free(&t);
}

static void test_concise(void)
{
	const enum mdm_concise_grammar K = MDM_CONCISE_KERNEL, D = MDM_CONCISE_DMSETUP;
	struct mdm_concise c;
	char msg[160];

	for (int g = 0; g < 2; g++) {       /* what both grammars take alike */
		T_EQ_U64(mdm_concise_parse("lroot,,,rw,0 2048 linear 8:0 0,2048 2048 zero;"
		                          "z,U-1,5,ro,0 8 error", g, &c, msg, sizeof(msg)), 0);
		T_EQ_U64(c.n, 2);
		T_EQ_STR(c.d[0].name, "lroot");
		T_EQ_U64(c.d[0].table.n, 2);
		T_EQ_STR(c.d[0].table.t[1].type, "zero");
		T_EQ_STR(c.d[0].table.t[0].params, "8:0 0");
		T_EQ_U64((uint64_t)(int64_t)c.d[0].minor, (uint64_t)-1);
		T_CHECK(c.d[1].readonly);
		T_EQ_STR(c.d[1].uuid, "U-1");
		T_EQ_U64(c.d[1].minor, 5);
		mdm_concise_free(&c);
		T_EQ_U64(mdm_concise_parse("a,,,rx,0 8 zero", g, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
		T_EQ_U64(mdm_concise_parse("a,,,rw", g, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
		T_EQ_U64(mdm_concise_parse("a,,x,rw,0 8 zero", g, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
		T_EQ_U64(mdm_concise_parse("a/b,,,rw,0 8 zero", g, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
		T_EQ_U64(mdm_concise_parse("a,,,rw,0 8", g, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
		T_EQ_U64(mdm_concise_parse("a,,,rw,0 8 zero,4 8 zero", g, &c, msg, sizeof(msg)),
		         (uint64_t)-EINVAL);
		T_EQ_U64(mdm_concise_parse("", g, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
		T_EQ_U64(mdm_concise_parse("a,,,rw,0 18446744073709551615 zero", g, &c, msg,
		                          sizeof(msg)), 0);
		mdm_concise_free(&c);
		/* a trailing ';' and blanks after it */
		T_EQ_U64(mdm_concise_parse("a,,,rw,0 8 zero; \n", g, &c, msg, sizeof(msg)), 0);
		T_EQ_U64(c.n, 1);
		mdm_concise_free(&c);
	}
	/* 65,536 devices at most */
	{
		static const char dev[] = "a,,,rw,0 8 zero;";
		size_t len = sizeof(dev) - 1, n = 65537;
		char *spec = malloc(n * len + 1);

		T_CHECK(spec != NULL);
		for (size_t i = 0; spec && i < n; i++)
			memcpy(spec + i * len, dev, len + 1);
		if (spec) {
			T_EQ_U64(mdm_concise_parse(spec, D, &c, msg, sizeof(msg)), (uint64_t)-E2BIG);
			T_EQ_STR(msg, "more than 65536 devices");
			spec[(n - 1) * len] = 0;
			T_EQ_U64(mdm_concise_parse(spec, D, &c, msg, sizeof(msg)), 0);
			T_EQ_U64(c.n, 65536);
			mdm_concise_free(&c);
		}
		free(spec);
	}
	/* the end of a target wraps to 0: the next one "starts" there again */
	T_EQ_U64(mdm_concise_parse("a,,,rw,0 18446744073709551615 zero,"
	                          "18446744073709551615 1 zero,0 8 zero", K, &c, msg, sizeof(msg)),
	         (uint64_t)-EINVAL);
	T_EQ_STR(msg, "a: target at 18446744073709551615: length overflows");
	/* dmsetup: empty flags are rw (dmsetup(8)'s own example), escapes, '#'
	 * comments, no table at all */
	T_EQ_U64(mdm_concise_parse("d0,,,,0 8 zero", D, &c, msg, sizeof(msg)), 0);
	T_CHECK(!c.d[0].readonly);
	mdm_concise_free(&c);
	T_EQ_U64(mdm_concise_parse("d0,,,,0 8 zero", K, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
	T_EQ_STR(msg, "d0: flags must be ro or rw, not ''");
	T_EQ_U64(mdm_concise_parse("a\\,b,,,rw,0 8 zero", D, &c, msg, sizeof(msg)), 0);
	T_EQ_STR(c.d[0].name, "a,b");
	mdm_concise_free(&c);
	/* an escaped separator stays in the params; a lone backslash at the end is an error */
	T_EQ_U64(mdm_concise_parse("a,,,rw,0 8 delay 8:0 0 0\\,x", D, &c, msg, sizeof(msg)), 0);
	T_EQ_STR(c.d[0].table.t[0].params, "8:0 0 0,x");
	mdm_concise_free(&c);
	T_EQ_U64(mdm_concise_parse("a,,,rw,0 8 zero\\", D, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
	T_EQ_STR(msg, "a backslash ends the text");
	T_EQ_U64(mdm_concise_parse("a,,, rw, 0 8 zero # c,8 8 error;  b,, 7,ro,;", D, &c, msg,
	                          sizeof(msg)), 0);
	T_EQ_U64(c.n, 2);
	T_EQ_U64(c.d[0].table.n, 2);
	T_EQ_STR(c.d[0].table.t[0].params, "");
	T_EQ_U64(c.d[1].table.n, 0);
	T_EQ_U64(c.d[1].minor, 7);
	T_CHECK(c.d[1].readonly);
	mdm_concise_free(&c);
	/* as dmsetup: leading blanks belong to the name; a last device with an
	 * empty table is incomplete, one before a ';' has no table */
	T_EQ_U64(mdm_concise_parse(" e,,,,0 8 zero", D, &c, msg, sizeof(msg)), 0);
	T_EQ_STR(c.d[0].name, " e");
	mdm_concise_free(&c);
	T_EQ_U64(mdm_concise_parse("a,,,, ", D, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_concise_parse("a,,,,", D, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_concise_parse("a,,,,# x", D, &c, msg, sizeof(msg)), 0);
	T_EQ_U64(c.d[0].table.n, 0);
	mdm_concise_free(&c);
	T_EQ_U64(mdm_concise_parse("a,,,,;b,,,,0 8 zero", D, &c, msg, sizeof(msg)), 0);
	T_EQ_U64(c.n, 2);
	T_EQ_U64(c.d[0].table.n, 0);
	mdm_concise_free(&c);
	/* the kernel: no escapes, blanks around fields dropped */
	T_EQ_U64(mdm_concise_parse(" a , , 3 , ro , 0 8 zero , 8 8 error ", K, &c, msg,
	                          sizeof(msg)), 0);
	T_EQ_STR(c.d[0].name, "a");
	T_EQ_U64(c.d[0].minor, 3);
	T_EQ_U64(c.d[0].table.n, 2);
	mdm_concise_free(&c);
	T_EQ_U64(mdm_concise_parse("a\\,b,,,rw,0 8 zero", K, &c, msg, sizeof(msg)),
	         (uint64_t)-EINVAL);
	T_EQ_U64(mdm_concise_parse("a,,,rw,", K, &c, msg, sizeof(msg)), (uint64_t)-EINVAL);
}

/* Device by device, as create --concise reads a spec: where each device
 * ends in a text that may still be arriving, then the device parsed. */
static void test_concise_stream(void)
{
	const enum mdm_concise_grammar D = MDM_CONCISE_DMSETUP;
	struct mdm_concise_dev d;
	char msg[160], text[64], *p;

	T_EQ_U64(mdm_concise_end("a,,,,0 8 zero;b", 0, 15), 13);
	T_EQ_U64(mdm_concise_end("a,,,,0 8 zero", 0, 13), 13);       /* more may come */
	T_EQ_U64(mdm_concise_end("a\\;b;", 0, 6), 4);             /* an escaped ';' */
	T_EQ_U64(mdm_concise_end("a\\;b", 0, 4), 4);
	T_EQ_U64(mdm_concise_end("ab\\", 0, 3), 2);                /* its character is to come */
	T_EQ_U64(mdm_concise_end("ab\\\\", 0, 4), 4);           /* an escaped backslash */
	T_EQ_U64(mdm_concise_end("ab\0;", 0, 4), 2);                /* a NUL ends the text */
	T_EQ_U64(mdm_concise_end("", 0, 0), 0);
	T_EQ_U64(mdm_concise_end(NULL, 0, 0), 0);                  /* nothing read yet */
	T_EQ_U64(mdm_concise_end("a;b;c", 2, 5), 3);             /* from the middle */
	strcpy(text, "x\\;y,U,3,ro,0 8 zero # c,8 8 error;z,,,,0 8 zero");
	p = text;
	T_EQ_U64(mdm_concise_dev(&p, D, &d, msg, sizeof(msg)), 0);
	T_EQ_STR(d.name, "x;y");
	T_EQ_STR(d.uuid, "U");
	T_EQ_U64(d.minor, 3);
	T_CHECK(d.readonly);
	T_EQ_U64(d.table.n, 2);
	T_EQ_STR(p, "z,,,,0 8 zero");
	mdm_table_free(&d.table);
	T_EQ_U64(mdm_concise_dev(&p, D, &d, msg, sizeof(msg)), 0);
	T_EQ_STR(d.name, "z");
	T_EQ_U64((uint64_t)(int64_t)d.minor, (uint64_t)-1);
	mdm_table_free(&d.table);
	/* targets: dmsetup's grammar has no cap, the kernel's stops at 256 */
	{
		static char many[300 * 24 + 16];
		size_t k = (size_t)sprintf(many, "m,,,rw,");

		for (int i = 0; i < 300; i++)
			k += (size_t)sprintf(many + k, "%s%d 8 zero", i ? "," : "", 8 * i);
		strcpy(many + k, ";");
		p = many;
		T_EQ_U64(mdm_concise_dev(&p, D, &d, msg, sizeof(msg)), 0);
		T_EQ_U64(d.table.n, 300);
		mdm_table_free(&d.table);
		k = (size_t)sprintf(many, "m,,,rw,");    /* parsed in place: again */
		for (int i = 0; i < 300; i++)
			k += (size_t)sprintf(many + k, "%s%d 8 zero", i ? "," : "", 8 * i);
		p = many;
		T_EQ_U64(mdm_concise_dev(&p, MDM_CONCISE_KERNEL, &d, msg, sizeof(msg)),
		         (uint64_t)-E2BIG);
		T_EQ_STR(msg, "m: too many targets");
		mdm_table_free(&d.table);
	}
	/* a device whose table fails part way: the caller frees what was built */
	strcpy(text, "a,,,,0 8 zero,8 8 zero,99 8 zero;b");
	p = text;
	T_EQ_U64(mdm_concise_dev(&p, D, &d, msg, sizeof(msg)), (uint64_t)-EINVAL);
	T_EQ_STR(msg, "a: table entry 3: start 99 leaves a gap or overlaps: expected 16");
	mdm_table_free(&d.table);
}

int main(void)
{
	test_units();
	test_concise_stream();
	test_names();
	test_table();
	test_concise();
	return t_done();
}
