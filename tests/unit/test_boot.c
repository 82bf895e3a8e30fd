/* The boot grammars: kernel command line, config lines, member words. */
#include <errno.h>
#include "t.h"
#include "minidm.h"

static void test_cmdline(void)
{
	char buf[] = "BOOT_IMAGE=/vmlinuz root=/dev/mapper/root ro "
	             "dm-mod.create=\"lroot,,,rw, 0 4096 linear 98:16 0\" quiet "
	             "dm-mod.waitfor=PARTUUID=abc,/dev/vdb minidm.timeout=7 minidm.ro "
	             "minidm.conf=/etc/x.conf\n";
	char *w[32];
	struct mdm_boot_params bp;
	int n = mdm_cmdline_split(buf, w, 32);

	T_EQ_U64(n, 9);
	T_EQ_STR(w[3], "dm-mod.create=lroot,,,rw, 0 4096 linear 98:16 0");
	mdm_boot_params_parse(w, n, &bp);
	T_EQ_STR(bp.create, "lroot,,,rw, 0 4096 linear 98:16 0");
	T_EQ_STR(bp.waitfor, "PARTUUID=abc,/dev/vdb");
	T_EQ_STR(bp.conf, "/etc/x.conf");
	T_CHECK(bp.conf_given && bp.ro);
	T_EQ_U64(bp.timeout, 7);
	{
		char b2[] = "   ", b3[] = "a b c d";
		char *w2[2];

		T_EQ_U64(mdm_cmdline_split(b2, w2, 2), 0);
		T_EQ_U64(mdm_cmdline_split(b3, w2, 2), (uint64_t)-E2BIG);
	}
	{
		char b4[] = "quiet";
		char *w4[2];

		n = mdm_cmdline_split(b4, w4, 2);
		mdm_boot_params_parse(w4, n, &bp);
		T_EQ_STR(bp.conf, "/etc/minidm.conf");
		T_EQ_U64(bp.timeout, 30);
		T_CHECK(!bp.create && !bp.waitfor && !bp.ro && !bp.conf_given);
	}
	{
		char b5[] = "minidm.timeout=x";
		char *w5[2];

		n = mdm_cmdline_split(b5, w5, 2);
		mdm_boot_params_parse(w5, n, &bp);
		T_EQ_U64(bp.timeout, 30);      /* a bad value keeps the default */
	}
}

static void test_config(void)
{
	char l1[] = "thin create root --pool pool --size 10G   # the root\n";
	char l2[] = "create x --table \"0 8 zero\" 'a b' c\\ d \"q\\\"q\"";
	char l3[] = "   # only a comment";
	char l4[] = "create x --table \"0 8 zero";
	char *w[8];
	const char *why;

	T_EQ_U64(mdm_config_split(l1, w, 8, &why), 7);
	T_EQ_STR(w[6], "10G");
	T_EQ_U64(mdm_config_split(l2, w, 8, &why), 7);
	T_EQ_STR(w[3], "0 8 zero");
	T_EQ_STR(w[4], "a b");
	T_EQ_STR(w[5], "c d");
	T_EQ_STR(w[6], "q\"q");
	T_EQ_U64(mdm_config_split(l3, w, 8, &why), 0);
	T_EQ_U64(mdm_config_split(l4, w, 8, &why), (uint64_t)-EINVAL);
	T_EQ_STR(why, "unterminated quote");
	{
		char l5[] = "a b c d e f g h i";

		T_EQ_U64(mdm_config_split(l5, w, 8, &why), (uint64_t)-E2BIG);
	}
}

static void test_member_word(void)
{
	char out[64];

	T_CHECK(mdm_member_word("/dev/vdb", out, sizeof(out)));
	T_EQ_STR(out, "/dev/vdb");
	T_CHECK(mdm_member_word("/dev/vdb:0:1G", out, sizeof(out)));
	T_EQ_STR(out, "/dev/vdb");
	T_CHECK(mdm_member_word("8:16", out, sizeof(out)));
	T_EQ_STR(out, "8:16");
	T_CHECK(mdm_member_word("8:16:2048:100", out, sizeof(out)));
	T_EQ_STR(out, "8:16");
	T_CHECK(mdm_member_word("PARTUUID=1234-ab:0", out, sizeof(out)));
	T_EQ_STR(out, "PARTUUID=1234-ab");
	T_CHECK(mdm_member_word("PARTLABEL=root", out, sizeof(out)));
	T_CHECK(!mdm_member_word("/etc/minidm.conf", out, sizeof(out)));
	T_CHECK(!mdm_member_word("root", out, sizeof(out)));
	T_CHECK(!mdm_member_word("2048", out, sizeof(out)));
	T_CHECK(!mdm_member_word("8:x", out, sizeof(out)));
	T_CHECK(!mdm_member_word("10G", out, sizeof(out)));
	T_CHECK(!mdm_member_word("/dev/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", out, 16));
	T_EQ_U64(mdm_member_find("8:x", out, sizeof(out)), (uint64_t)-EINVAL);
	T_EQ_U64(mdm_member_find("/nonexistent", out, sizeof(out)), (uint64_t)-ENOENT);
	T_EQ_U64(mdm_member_find("/dev/null", out, sizeof(out)), (uint64_t)-ENOTBLK);
}

int main(void)
{
	test_cmdline();
	test_config();
	test_member_word();
	return t_done();
}
