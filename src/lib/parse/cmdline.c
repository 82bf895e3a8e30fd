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
#include <string.h>
#include "minidm.h"

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

void mdm_boot_params_parse(char **words, int n, struct mdm_boot_params *bp)
{
	memset(bp, 0, sizeof(*bp));
	bp->conf = "/etc/minidm.conf";
	bp->timeout = 30;
	for (int i = 0; i < n; i++) {
		const char *w = words[i];
		uint32_t t;

		if (!strncmp(w, "dm-mod.create=", 14))
			bp->create = w + 14;
		else if (!strncmp(w, "dm-mod.waitfor=", 15))
			bp->waitfor = w + 15;
		else if (!strncmp(w, "minidm.conf=", 12))
			bp->conf = w + 12, bp->conf_given = true;
		else if (!strncmp(w, "minidm.timeout=", 15) && !mdm_parse_u32(w + 15, &t))
			bp->timeout = t;
		else if (!strcmp(w, "minidm.ro"))
			bp->ro = true;
	}
}

/* Does a word name a member?  Copies the member part (a segment's DEV in
 * DEV:START:LEN) into out. */
bool mdm_member_word(const char *w, char *out, size_t len)
{
	size_t n;

	if (!strncmp(w, "PARTUUID=", 9) || !strncmp(w, "PARTLABEL=", 10) || w[0] == '/') {
		if (w[0] == '/' && strncmp(w, "/dev/", 5))
			return false;
		n = strcspn(w, ":");
	} else {
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
