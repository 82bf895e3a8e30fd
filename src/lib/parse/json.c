/* json.c - the thin-pool, thin and cache status as one JSON object each,
 * and JSON strings (mdm_json_escape).
 *
 * Keys are written in a fixed order; numbers are plain decimals; a device
 * in the Error or Fail state gives its state and null for every other
 * field.  Invalid UTF-8 becomes U+FFFD, so the output is always valid.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "../internal.h"
#include "words.h"

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t k, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2 || c > 0xf4)
		return 0;
	k = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < k || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return k;
}

static void w_json_str(struct mdm_wbuf *w, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	mdm_w_str(w, "\"");
	while (i < n) {
		unsigned char c = u[i];
		char esc[6] = { '\\', 'u', '0', '0', MDM_HEX_DIGITS[c >> 4], MDM_HEX_DIGITS[c & 15] };

		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			mdm_w_mem(w, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			mdm_w_mem(w, esc, 6);
		} else if ((k = utf8_len(u + i, n - i)) == 0) {
			mdm_w_str(w, "\\ufffd");
		} else {
			mdm_w_mem(w, s + i, k);
			i += k;
			continue;
		}
		i += 1;
	}
	mdm_w_str(w, "\"");
}

int mdm_json_escape(const char *s, size_t n, char *buf, size_t len)
{
	struct mdm_wbuf w;
	int r;

	if ((r = mdm_w_start(&w, buf, len)) < 0)
		return r;
	w_json_str(&w, s, n);
	return mdm_w_end(&w);
}

/* A status's fields after "state", as data: keys holds their keys in
 * order, NUL-separated; each field says where its value is.
 *   J_NUM, J_BYTES  the uint64_t at off (J_BYTES: sectors, written as
 *                   bytes; an impossible size is an error, not a wrap)
 *   J_OPT           the uint64_t at off, null unless the bool at off - x
 *   J_ARG           the caller's number x, null when 0
 *   J_BOOL          the bool at off
 *   J_STR, J_WORDS  the string of cap x at off (J_WORDS: its words, as
 *                   an array of strings)
 *   J_SARG          the caller's string x
 * In the Error and Fail states every value is null. */
enum { J_NUM, J_BYTES, J_OPT, J_ARG, J_BOOL, J_STR, J_SARG, J_WORDS };
struct jf { unsigned char kind, x; unsigned short off; };

/* The object: its state, then the fields. */
static int j_object(char *buf, size_t len, enum mdm_state state, const void *st,
                    const char *keys, const struct jf *f, size_t n, const uint64_t *args,
                    const char *const *sargs)
{
	struct mdm_wbuf ww, *w = &ww;
	int r;

	if ((r = mdm_w_start(w, buf, len)) < 0)
		return r;
	if ((unsigned)state > MDM_STATE_FAIL)
		return -EINVAL;
	mdm_w_str(w, "{\"state\":\"");
	mdm_w_str(w, mdm_word_nth("working\0error\0fail", state));
	mdm_w_str(w, "\"");
	w->nulls = state != MDM_STATE_WORKING;
	for (; n--; f++, keys += strlen(keys) + 1) {
		const char *p = (const char *)st + f->off, *s = p;
		size_t cap = f->x;
		uint64_t v = 0;
		bool has = !w->nulls;
		struct mdm_cur c;
		struct mdm_tok t;

		if (has && f->kind < J_ARG)
			memcpy(&v, p, sizeof(v));
		if (has && f->kind == J_OPT)
			has = *(const bool *)(p - f->x);
		if (has && f->kind == J_ARG)
			has = (v = args[f->x]) != 0;
		if (has && f->kind == J_BYTES && v > UINT64_MAX / MDM_SECTOR)
			mdm_w_fail(w, -ERANGE);
		if (f->kind == J_SARG)
			s = sargs[f->x], cap = 16;
		if (has && f->kind >= J_STR && strnlen(s, cap) == cap) {
			mdm_w_fail(w, -EINVAL);
			continue;
		}
		mdm_w_str(w, ",\"");
		mdm_w_str(w, keys);
		mdm_w_str(w, "\":");
		if (!has) {
			mdm_w_str(w, "null");
		} else if (f->kind == J_BOOL) {
			mdm_w_str(w, *(const bool *)p ? "true" : "false");
		} else if (f->kind == J_WORDS) {
			c.p = s;
			mdm_w_str(w, "[");
			for (cap = 0; mdm_word_next(&c, &t); cap++) {
				if (cap)
					mdm_w_str(w, ",");
				w_json_str(w, t.p, t.n);
			}
			mdm_w_str(w, "]");
		} else if (f->kind >= J_STR) {
			w_json_str(w, s, strlen(s));
		} else {
			mdm_w_u64(w, f->kind == J_BYTES ? v * MDM_SECTOR : v);
		}
	}
	mdm_w_str(w, "}");
	return mdm_w_end(w);
}

#define JF(T, kind, f) { kind, 0, offsetof(T, f) }
#define JF_OPT(T, has, f) { J_OPT, offsetof(T, f) - offsetof(T, has), offsetof(T, f) }
#define JF_STR(T, kind, f) { kind, sizeof(((T *)0)->f), offsetof(T, f) }

static const uint64_t no_args[1];     /* for a status without J_ARG fields */

#define PS struct mdm_pool_status
static const char pool_keys[] MDM_ALIGN_AS(char) =
	"transaction_id\0used_meta\0total_meta\0used_data\0"
	"total_data\0data_block_size\0meta_block_size\0held_metadata_root\0summary\0"
	"discard_passdown\0no_space_policy\0needs_check\0meta_low_water";
static const struct jf pool_fields[] MDM_ALIGN_AS(struct jf) = {
	JF(PS, J_NUM, transaction_id), JF(PS, J_NUM, used_meta), JF(PS, J_NUM, total_meta),
	JF(PS, J_NUM, used_data), JF(PS, J_NUM, total_data), { J_ARG, 0, 0 }, { J_ARG, 1, 0 },
	JF_OPT(PS, has_held_root, held_metadata_root), { J_SARG, 0, 0 },
	JF(PS, J_BOOL, discard_passdown), { J_SARG, 1, 0 }, JF(PS, J_BOOL, needs_check),
	JF_OPT(PS, has_meta_low_water, meta_low_water),
};

int mdm_pool_status_json(const struct mdm_pool_status *st, uint64_t data_block_bytes,
                         uint64_t meta_block_bytes, char *buf, size_t len)
{
	const uint64_t args[] = { data_block_bytes, meta_block_bytes };
	const char *sargs[] = { NULL, st->error_if_no_space ? "error" : "queue" };

	if ((unsigned)st->summary > MDM_POOL_OUT_OF_SPACE)
		return -EINVAL;
	sargs[0] = mdm_word_nth("good\0read_only\0out_of_space", st->summary);
	return j_object(buf, len, st->state, st, pool_keys, pool_fields,
	                sizeof(pool_fields) / sizeof(pool_fields[0]), args, sargs);
}

#define TS struct mdm_thin_status
static const char thin_keys[] MDM_ALIGN_AS(char) = "mapped_sectors\0highest_mapped_sector";
static const struct jf thin_fields[] MDM_ALIGN_AS(struct jf) = {
	JF(TS, J_NUM, mapped_sectors), JF_OPT(TS, has_highest, highest_mapped_sector),
};

int mdm_thin_status_json(const struct mdm_thin_status *st, char *buf, size_t len)
{
	return j_object(buf, len, st->state, st, thin_keys, thin_fields, 2, no_args, NULL);
}

#define CS struct mdm_cache_status
static const char cache_keys[] MDM_ALIGN_AS(char) =
	"meta_block_size\0used_meta\0total_meta\0cache_block_size\0"
	"used_cache\0total_cache\0read_hits\0read_misses\0write_hits\0write_misses\0"
	"demotions\0promotions\0dirty\0features\0core_args\0policy\0policy_args\0"
	"metadata_mode\0needs_check";
static const struct jf cache_fields[] MDM_ALIGN_AS(struct jf) = {
	JF(CS, J_BYTES, meta_block_size), JF(CS, J_NUM, used_meta), JF(CS, J_NUM, total_meta),
	JF(CS, J_BYTES, cache_block_size), JF(CS, J_NUM, used_cache), JF(CS, J_NUM, total_cache),
	JF(CS, J_NUM, read_hits), JF(CS, J_NUM, read_misses), JF(CS, J_NUM, write_hits),
	JF(CS, J_NUM, write_misses), JF(CS, J_NUM, demotions), JF(CS, J_NUM, promotions),
	JF(CS, J_NUM, dirty), JF_STR(CS, J_WORDS, features), JF_STR(CS, J_WORDS, core_args),
	JF_STR(CS, J_STR, policy), JF_STR(CS, J_WORDS, policy_args), { J_SARG, 0, 0 },
	JF(CS, J_BOOL, needs_check),
};

int mdm_cache_status_json(const struct mdm_cache_status *st, char *buf, size_t len)
{
	const char *sargs[] = { st->metadata_ro ? "read_only" : "good" };

	return j_object(buf, len, st->state, st, cache_keys, cache_fields,
	                sizeof(cache_fields) / sizeof(cache_fields[0]), no_args, sargs);
}
