/* fuzz_cmdline.c - the kernel command line as activate reads it: split
 * into words (mdm_cmdline_split), the minidm and dm-mod parameters picked
 * out (mdm_boot_params_parse), then dm-mod.create= through the concise
 * grammar and each dm-mod.waitfor= member through mdm_member_word.
 */
#include <errno.h>
#include "fuzz.h"
#include "minidm.h"

#define MAX_WORDS 256

static void waitfor(const char *list)
{
	char *copy = strdup(list), *save = NULL, out[256];

	FUZZ_CHECK(copy);
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if (mdm_member_word(w, out, sizeof(out)))
			FUZZ_CHECK(strlen(out) <= strlen(w));
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *words[MAX_WORDS], msg[256];
	struct mdm_boot_params bp;
	struct mdm_concise c;
	int n = mdm_cmdline_split(s, words, MAX_WORDS);

	FUZZ_CHECK(n == -E2BIG || (n >= 0 && n <= MAX_WORDS));
	if (n < 0) {
		free(s);
		return 0;
	}
	for (int i = 0; i < n; i++)     /* words lie inside the buffer, in order */
		FUZZ_CHECK(words[i] >= s && words[i] + strlen(words[i]) <= s + size &&
		           (i == 0 || words[i] > words[i - 1] + strlen(words[i - 1])));
	if (mdm_boot_params_parse(words, n, &bp, msg, sizeof(msg))) {
		FUZZ_CHECK(*msg && strlen(msg) < sizeof(msg));
		free(s);
		return 0;
	}
	FUZZ_CHECK(bp.nlvm <= MDM_BOOT_MAX_LVM && bp.timeout <= 86400);
	if (bp.create && !mdm_concise_parse(bp.create, MDM_CONCISE_KERNEL, &c, msg, sizeof(msg)))
		mdm_concise_free(&c);
	if (bp.waitfor)
		waitfor(bp.waitfor);
	FUZZ_CHECK(bp.conf != NULL);
	free(s);
	return 0;
}
