/* cmdline.c - what early boot reads as text: the kernel command line,
 * minidm's config lines, and the words that name member devices (path,
 * MAJ:MIN, PARTUUID= or PARTLABEL=; boot.c finds them).
 *
 * Kernel command line: words separated by blanks; double quotes group
 * blanks into a word and are dropped (dm-mod.create="a,,,rw,0 8 zero").
 *   dm-mod.create=SPEC     the kernel's own grammar (see concise.c)
 *   dm-mod.waitfor=D[,D]   members to wait for before creating
 *   minidm.conf=PATH       config file (default /etc/minidm.conf)
 *   minidm.timeout=SECS    how long to wait for members (default 30)
 *   minidm.ro              activate everything read-only
 * Config lines: words as in a POSIX shell ('...', "...", \c); a word that
 * starts with '#' starts a comment.  Caps: 64 words a line, 4 KiB a line.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "../internal.h"

int mdm_cmdline_split(char *buf, char **words, int max)
{
	int n = 0;
	char *r = buf, *w = buf;

	while (*r) {
		bool quoted = false;

		while (*r == ' ' || *r == '\t' || *r == '\n')
			r++;
		if (!*r)
			break;
		if (n == max)
			return -E2BIG;
		words[n++] = w;
		for (; *r && (quoted || (*r != ' ' && *r != '\t' && *r != '\n')); r++)
			if (*r == '"')
				quoted = !quoted;
			else
				*w++ = *r;
		if (*r)
			r++;
		*w++ = 0;
	}
	return n;
}

int mdm_config_split(char *line, char **words, int max, const char **why)
{
	char *r = line, *w = line;
	int n = 0;

	*why = NULL;
	for (;;) {
		char q = 0;

		while (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n')
			r++;
		if (!*r || *r == '#')
			return n;
		if (n == max)
			return *why = "too many words", -E2BIG;
		words[n++] = w;
		for (; *r && (q || !strchr(" \t\r\n", *r)); r++) {
			if (*r == '\\' && q != '\'' && r[1]) {
				*w++ = *++r;
			} else if ((*r == '\'' || *r == '"') && (!q || q == *r)) {
				q = (char)(q ? 0 : *r);
			} else {
				*w++ = *r;
			}
		}
		if (q)
			return *why = "unterminated quote", -EINVAL;
		if (*r)
			r++;
		*w++ = 0;
	}
}

#define BAD(...) (snprintf(msg, msglen, __VA_ARGS__), -EINVAL)
#define STR_(x) #x
#define STR(x) STR_(x)

static int lvm_param(struct mdm_boot_params *bp, const char *v, bool lv, const char *key,
                     char *msg, size_t msglen)
{
	const char *s = strchr(v, '/'), *why = NULL;

	if (lv ? !s || s == v || !s[1] || strchr(s + 1, '/') : s != NULL)
		why = lv ? "not VG/LV" : "not a volume group name";
	else if (bp->nlvm >= MDM_BOOT_MAX_LVM)
		why = "more than " STR(MDM_BOOT_MAX_LVM) " rd.lvm.vg= and rd.lvm.lv=";
	if (why)
		return BAD("%s=%s: %s", key, v, why);
	bp->lvm_lv[bp->nlvm] = lv;
	bp->lvm[bp->nlvm++] = v;
	return 0;
}

/* minidm's and dracut's parameters that take a value, as "KEY=VALUE": the
 * first two may be empty, the next three are kept as they are (at these
 * offsets), minidm.ro takes none */
static const char keys[] MDM_ALIGN_AS(char) =
	"root\0resume\0dm-mod.create\0dm-mod.waitfor\0minidm.conf\0"
	"minidm.timeout\0rd.lvm.vg\0rd.lvm.lv\0rd.lvm\0minidm.ro\0";
#define AT(f) offsetof(struct mdm_boot_params, f)
static const unsigned char text_at[] MDM_ALIGN_AS(char) = {
	AT(root), AT(resume), AT(create), AT(waitfor), AT(conf)
};

/* (not inlined into activate, its one caller: 16 bytes less) */
__attribute__((noinline))
int mdm_boot_params_parse(char **words, int n, struct mdm_boot_params *bp, char *msg,
                          size_t msglen)
{
	memset(bp, 0, sizeof(*bp));
	bp->conf = "/etc/minidm.conf";
	bp->timeout = 30;
	for (int i = 0; i < n; i++) {
		const char *w = words[i], *v = strchr(w, '='), *key = keys, *why = NULL;
		size_t len = v ? (size_t)(v - w) : 0;
		unsigned k = 0;
		int e = 0;

		if (!strcmp(w, "minidm.ro"))
			bp->ro = true;
		while (v && *key && (strncmp(w, key, len) || key[len]))
			key += strlen(key) + 1, k++;
		if (!v || !*key)
			continue;               /* not ours (or a word without '=') */
		if (k == 9)
			return BAD("minidm.ro takes no value: '%.40s'", w);
		if (!*++v && k > 1)
			return BAD("%s= needs a value", key);
		if (k < 5)
			*(const char **)((char *)bp + text_at[k]) = v;
		bp->conf_given |= k == 4;
		if (k == 5 && (mdm_parse_u32(v, &bp->timeout) || bp->timeout > 86400))
			why = "not a number of seconds (0 to 86400)";
		if (k == 8 && strcmp(v, "0") && strcmp(v, "1"))
			why = "0 or 1";
		if (why)
			return BAD("%s=%.20s: %s", key, v, why);
		if (k == 6 || k == 7)
			e = lvm_param(bp, v, k == 7, key, msg, msglen);
		if (k == 8)
			bp->lvm_off = *v == '0';
		if (e)
			return e;
	}
	return 0;
}

/* Does a word name a member?  Copies the member part (a segment's DEV in
 * DEV:START:LEN) into out. */
__attribute__((noinline)) bool mdm_member_word(const char *w, char *out, size_t len)
{
	size_t n;

	if (w[0] == '/' ? !strncmp(w, "/dev/", 5)
	                : !strncmp(w, "PARTUUID=", 9) || !strncmp(w, "PARTLABEL=", 10)) {
		n = strcspn(w, ":");
	} else {                        /* MAJ:MIN (a path not in /dev has no digits) */
		size_t a = strspn(w, "0123456789"), b;

		if (!a || w[a] != ':')
			return false;
		b = strspn(w + a + 1, "0123456789");
		if (!b || (w[a + 1 + b] && w[a + 1 + b] != ':'))
			return false;
		n = a + 1 + b;
	}
	if (n >= len)
		return false;
	memcpy(out, w, n);
	out[n] = 0;
	return true;
}
