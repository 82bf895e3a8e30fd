/* names.c - device name and uuid rules, and dmsetup's name mangling. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "../internal.h"

/* Every kernel refuses '/'; "control", "." and ".." clash with entries of
 * /dev/mapper: 6.12 refuses them too, 6.1 makes such a device (with no
 * /dev/mapper entry of its own), minidm refuses them on every kernel.
 * Names hold at most 127 bytes. */
int mdm_check_name(const char *name, const char **why)
{
	size_t n = name ? strlen(name) : 0;

	*why = NULL;
	if (!n)
		*why = "empty name";
	else if (n >= DM_NAME_LEN)
		*why = "name longer than 127 characters";
	else if (strchr(name, '/'))
		*why = "name contains '/'";
	else if (!strcmp(name, "control") || !strcmp(name, ".") || !strcmp(name, ".."))
		*why = "reserved name";
	return *why ? -EINVAL : 0;
}

int mdm_check_uuid(const char *uuid, const char **why)
{
	size_t n = uuid ? strlen(uuid) : 0;

	*why = NULL;
	if (!n)
		*why = "empty uuid";
	else if (n >= DM_UUID_LEN)
		*why = "uuid longer than 128 characters";
	for (size_t i = 0; !*why && i < n; i++)
		if ((unsigned char)uuid[i] <= ' ' || uuid[i] == 0x7f)
			*why = "uuid contains white space or a control character";
	return *why ? -EINVAL : 0;
}

/* Characters udev leaves alone in a /dev/mapper name. */
static bool whitelisted(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c && strchr("#+-.:=@_", c));
}

int mdm_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool is_hex_escape(const char *p)
{
	return p[0] == '\\' && p[1] == 'x' && mdm_hexval(p[2]) >= 0 && mdm_hexval(p[3]) >= 0;
}

/* dmsetup's rules: "hex" writes every character outside the whitelist as
 * \xNN; "auto" does the same but keeps a string that is already mangled
 * as it is, and refuses one that mixes both forms; "none" copies. */
int mdm_mangle_mode(const char *in, enum mdm_mangling mode, char *out, size_t outlen)
{
	size_t j = 0;
	int seen = 0;             /* 1: mangled here, 2: found already mangled */

	if (mode == MDM_MANGLE_AUTO && strstr(in, "\\x5cx"))
		return -EINVAL;   /* mangled twice: dmsetup refuses it too */

	for (const char *p = in; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (mode == MDM_MANGLE_AUTO && p[0] == '\\' && p[1] == 'x') {
			/* an escape already there: keep its four bytes */
			if (seen == 1 || !p[2] || !p[3])
				return -EINVAL;
			if (j + 4 >= outlen)
				return -ENAMETOOLONG;
			memcpy(out + j, p, 4);
			j += 4;
			p += 3;
			seen = 2;
			continue;
		}
		if (mode != MDM_MANGLE_NONE && !whitelisted(c)) {
			if (seen == 2 && mode == MDM_MANGLE_AUTO)
				return -EINVAL;
			if (j + 4 >= outlen)
				return -ENAMETOOLONG;
			snprintf(out + j, 5, "\\x%02x", c);
			j += 4;
			seen = 1;
			continue;
		}
		if (j + 1 >= outlen)
			return -ENAMETOOLONG;
		out[j++] = (char)c;
	}
	if (j >= outlen)
		return -ENAMETOOLONG;
	out[j] = 0;
	return 0;
}

int mdm_mangle(const char *in, char *out, size_t outlen)
{
	return mdm_mangle_mode(in, MDM_MANGLE_HEX, out, outlen);
}

int mdm_unmangle(const char *in, char *out, size_t outlen)
{
	size_t j = 0;

	for (const char *p = in; *p; p++) {
		if (j + 1 >= outlen)
			return -ENAMETOOLONG;
		if (is_hex_escape(p)) {
			out[j++] = (char)(mdm_hexval(p[2]) << 4 | mdm_hexval(p[3]));
			p += 3;
		} else {
			out[j++] = *p;
		}
	}
	out[j] = 0;
	return 0;
}

bool mdm_is_mangled_form(const char *s)
{
	for (; *s; s++)
		if (!whitelisted((unsigned char)*s) && *s != '\\')
			return false;
	return true;
}
