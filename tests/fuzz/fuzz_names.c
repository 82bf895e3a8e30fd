/* fuzz_names.c - names, uuids, dmsetup's mangling, GUID text, member
 * words and JSON strings.
 *
 * Invariants: hex mangling is undone by unmangling; auto mode is hex
 * mode for a string with no "\\x" in it; a GUID that parses formats back
 * to the same text (in lower case); JSON escaping fits six bytes per
 * input byte.
 */
#include <errno.h>
#include "fuzz.h"
#include "minidm.h"

static void names(const char *s)
{
	const char *why;
	int r;

	r = mdm_check_name(s, &why);
	FUZZ_CHECK((r == 0) == (why == NULL));
	if (!r)
		FUZZ_CHECK(*s && strlen(s) < DM_NAME_LEN && !strchr(s, '/'));
	r = mdm_check_uuid(s, &why);
	FUZZ_CHECK((r == 0) == (why == NULL));
}

static void mangling(const char *s, size_t n)
{
	static char m[4 * 4096 + 8], m2[4 * 4096 + 8], u[4096 + 8];
	size_t cap = n % 7 == 0 ? 1 + n % 13 : sizeof(m);   /* small buffers too */
	int r, r2;

	r = mdm_mangle_mode(s, MDM_MANGLE_HEX, m, cap);
	FUZZ_CHECK(r == 0 || r == -ENAMETOOLONG);
	if (!r) {
		FUZZ_CHECK(strlen(m) < cap && mdm_is_mangled_form(m));
		FUZZ_CHECK(mdm_unmangle(m, u, sizeof(u)) == 0 && !strcmp(u, s));
	}
	/* auto keeps "\\x" and the two bytes after it, as dmsetup does; with
	 * none of those it is hex mode */
	r2 = mdm_mangle_mode(s, MDM_MANGLE_AUTO, m2, cap);
	FUZZ_CHECK(r2 == 0 || r2 == -ENAMETOOLONG || r2 == -EINVAL);
	if (!strstr(s, "\\x"))
		FUZZ_CHECK(r2 == r && (r || !strcmp(m, m2)));
	r = mdm_mangle_mode(s, MDM_MANGLE_NONE, m, cap);
	FUZZ_CHECK(r ? r == -ENAMETOOLONG : !strcmp(m, s));
	r = mdm_unmangle(s, u, cap < sizeof(u) ? cap : sizeof(u));
	FUZZ_CHECK(r == 0 || r == -ENAMETOOLONG);
	if (!r)
		FUZZ_CHECK(strlen(u) <= strlen(s));
}

static void guid(const char *s)
{
	uint8_t g[16];
	char back[37];

	if (mdm_guid_parse(s, g))
		return;
	mdm_guid_format(g, back);
	FUZZ_CHECK(strlen(s) == 36);
	for (size_t i = 0; i < 36; i++)
		FUZZ_CHECK(back[i] == (s[i] >= 'A' && s[i] <= 'F' ? s[i] | 0x20 : s[i]));
}

static void member(const char *s, size_t n)
{
	char out[64];
	size_t len = 1 + n % sizeof(out);

	if (mdm_member_word(s, out, len))
		FUZZ_CHECK(strlen(out) < len && !strncmp(out, s, strlen(out)));
}

static void json(const uint8_t *data, size_t size)
{
	size_t cap = 6 * size + 3;
	char *buf = malloc(cap);

	FUZZ_CHECK(buf && mdm_json_escape((const char *)data, size, buf, cap) == 0);
	FUZZ_CHECK(buf[0] == '"' && strlen(buf) >= 2 && buf[strlen(buf) - 1] == '"');
	if (size)       /* one byte short of what it needs: -ENOSPC, nothing half */
		FUZZ_CHECK(mdm_json_escape((const char *)data, size, buf, strlen(buf)) == -ENOSPC &&
		           !*buf);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 4096)
		return 0;
	s = fuzz_str(data, size);
	names(s);
	mangling(s, size);
	guid(s);
	member(s, size);
	json(data, size);
	free(s);
	return 0;
}
