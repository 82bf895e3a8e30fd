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
	char *w[32], msg[160];
	struct mdm_boot_params bp;
	int n = mdm_cmdline_split(buf, w, 32);

	T_EQ_U64(n, 9);
	T_EQ_STR(w[3], "dm-mod.create=lroot,,,rw, 0 4096 linear 98:16 0");
	T_EQ_U64(mdm_boot_params_parse(w, n, &bp, msg, sizeof(msg)), 0);
	T_EQ_STR(bp.root, "/dev/mapper/root");
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
		mdm_boot_params_parse(w4, n, &bp, msg, sizeof(msg));
		T_EQ_STR(bp.conf, "/etc/minidm.conf");
		T_EQ_U64(bp.timeout, 30);
		T_CHECK(!bp.create && !bp.waitfor && !bp.ro && !bp.conf_given);
	}
	/* a malformed parameter is an error naming it, never ignored */
	{
		static const char *const bad[] = {
			"minidm.timeout=x", "minidm.timeout=5s", "minidm.timeout=-1",
			"minidm.timeout=99999999999999999999", "minidm.timeout=", "minidm.timeout=86401",
			"minidm.conf=", "dm-mod.create=", "dm-mod.waitfor=", "minidm.ro=1",
			"rd.lvm=2", "rd.lvm=", "rd.lvm.vg=", "rd.lvm.vg=a/b", "rd.lvm.lv=vg",
			"rd.lvm.lv=vg/", "rd.lvm.lv=/lv", "rd.lvm.lv=a/b/c",
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			char b[64], *w5[2];
			const char *eq = strchr(bad[i], '=');

			snprintf(b, sizeof(b), "%s", bad[i]);
			n = mdm_cmdline_split(b, w5, 2);
			msg[0] = 0;
			T_EQ_U64(mdm_boot_params_parse(w5, n, &bp, msg, sizeof(msg)), (uint64_t)-EINVAL);
			T_CHECK(!strncmp(msg, bad[i], eq ? (size_t)(eq - bad[i]) : strlen(bad[i])));
		}
	}
	/* dracut's LVM selection and Debian's root=/resume= */
	{
		char b6[] = "rd.lvm.vg=vg0 rd.lvm.lv=vg1/root rd.lvm=1 resume=/dev/vg0/swap "
		            "minidm.timeout=0 root= rootwait";
		char *w6[8];

		n = mdm_cmdline_split(b6, w6, 8);
		T_EQ_U64(mdm_boot_params_parse(w6, n, &bp, msg, sizeof(msg)), 0);
		T_EQ_U64(bp.nlvm, 2);
		T_EQ_STR(bp.lvm[0], "vg0");
		T_CHECK(!bp.lvm_lv[0] && bp.lvm_lv[1] && !bp.lvm_off);
		T_EQ_STR(bp.lvm[1], "vg1/root");
		T_EQ_STR(bp.resume, "/dev/vg0/swap");
		T_EQ_STR(bp.root, "");
		T_EQ_U64(bp.timeout, 0);
	}
	{
		char b7[] = "rd.lvm=0";
		char *w7[2];

		n = mdm_cmdline_split(b7, w7, 2);
		T_EQ_U64(mdm_boot_params_parse(w7, n, &bp, msg, sizeof(msg)), 0);
		T_CHECK(bp.lvm_off);
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
