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

static void j_key(struct mdm_wbuf *w, const char *key)
{
	mdm_w_str(w, ",\"");
	mdm_w_str(w, key);
	mdm_w_str(w, "\":");
}

static void j_null(struct mdm_wbuf *w, const char *key)
{
	j_key(w, key);
	mdm_w_str(w, "null");
}

static void j_u64(struct mdm_wbuf *w, const char *key, bool has, uint64_t v)
{
	if (w->nulls || !has) {
		j_null(w, key);
		return;
	}
	j_key(w, key);
	mdm_w_u64(w, v);
}

/* v sectors as bytes; an impossible size is an error, not a wrap. */
static void j_bytes(struct mdm_wbuf *w, const char *key, uint64_t sectors)
{
	if (!w->nulls && sectors > UINT64_MAX / MDM_SECTOR)
		mdm_w_fail(w, -ERANGE);
	j_u64(w, key, true, sectors * MDM_SECTOR);
}

static void j_bool(struct mdm_wbuf *w, const char *key, bool v)
{
	if (w->nulls) {
		j_null(w, key);
		return;
	}
	j_key(w, key);
	mdm_w_str(w, v ? "true" : "false");
}

/* s is a NUL-terminated string of at most cap bytes. */
static void j_str(struct mdm_wbuf *w, const char *key, const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (w->nulls) {
		j_null(w, key);
		return;
	}
	if (n == cap) {
		mdm_w_fail(w, -EINVAL);
		return;
	}
	j_key(w, key);
	w_json_str(w, s, n);
}

/* A space-joined word list as an array of strings. */
static void j_words(struct mdm_wbuf *w, const char *key, const char *s, size_t cap)
{
	struct mdm_cur c = { s };
	struct mdm_tok t;
	bool first = true;

	if (w->nulls) {
		j_null(w, key);
		return;
	}
	if (strnlen(s, cap) == cap) {
		mdm_w_fail(w, -EINVAL);
		return;
	}
	j_key(w, key);
	mdm_w_str(w, "[");
	while (mdm_word_next(&c, &t)) {
		if (!first)
			mdm_w_str(w, ",");
		w_json_str(w, t.p, t.n);
		first = false;
	}
	mdm_w_str(w, "]");
}

/* Runs of uint64_t fields written as numbers (sectors: as bytes). */
struct jnum {
	char name[17];
	unsigned char off;
	bool sectors;
};

static void j_nums(struct mdm_wbuf *w, const void *st, const struct jnum *t, size_t n)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++) {
		memcpy(&v, (const char *)st + t[i].off, sizeof(v));
		if (t[i].sectors)
			j_bytes(w, t[i].name, v);
		else
			j_u64(w, t[i].name, true, v);
	}
}

static const char *const state_names[] = { "working", "error", "fail" };

static int j_start(struct mdm_wbuf *w, char *buf, size_t len, enum mdm_state state)
{
	int r;

	if ((r = mdm_w_start(w, buf, len)) < 0)
		return r;
	if ((unsigned)state > MDM_STATE_FAIL)
		return -EINVAL;
	mdm_w_str(w, "{\"state\":\"");
	mdm_w_str(w, state_names[state]);
	mdm_w_str(w, "\"");
	w->nulls = state != MDM_STATE_WORKING;
	return 0;
}

static int j_end(struct mdm_wbuf *w)
{
	mdm_w_str(w, "}");
	return mdm_w_end(w);
}

static const char *const summary_names[] = { "good", "read_only", "out_of_space" };

#define POOL_NUM(f) { #f, offsetof(struct mdm_pool_status, f), false }
static const struct jnum pool_nums[] = {
	POOL_NUM(transaction_id), POOL_NUM(used_meta), POOL_NUM(total_meta),
	POOL_NUM(used_data), POOL_NUM(total_data),
};

int mdm_pool_status_json(const struct mdm_pool_status *st, uint64_t data_block_bytes,
                         uint64_t meta_block_bytes, char *buf, size_t len)
{
	struct mdm_wbuf w;
	int r;

	if ((unsigned)st->summary > MDM_POOL_OUT_OF_SPACE)
		return -EINVAL;
	if ((r = j_start(&w, buf, len, st->state)) < 0)
		return r;
	j_nums(&w, st, pool_nums, sizeof(pool_nums) / sizeof(pool_nums[0]));
	j_u64(&w, "data_block_size", data_block_bytes != 0, data_block_bytes);
	j_u64(&w, "meta_block_size", meta_block_bytes != 0, meta_block_bytes);
	j_u64(&w, "held_metadata_root", st->has_held_root, st->held_metadata_root);
	j_str(&w, "summary", summary_names[st->summary], 16);
	j_bool(&w, "discard_passdown", st->discard_passdown);
	j_str(&w, "no_space_policy", st->error_if_no_space ? "error" : "queue", 8);
	j_bool(&w, "needs_check", st->needs_check);
	j_u64(&w, "meta_low_water", st->has_meta_low_water, st->meta_low_water);
	return j_end(&w);
}

int mdm_thin_status_json(const struct mdm_thin_status *st, char *buf, size_t len)
{
	struct mdm_wbuf w;
	int r;

	if ((r = j_start(&w, buf, len, st->state)) < 0)
		return r;
	j_u64(&w, "mapped_sectors", true, st->mapped_sectors);
	j_u64(&w, "highest_mapped_sector", st->has_highest, st->highest_mapped_sector);
	return j_end(&w);
}

#define CACHE_NUM(f, sec) { #f, offsetof(struct mdm_cache_status, f), sec }
static const struct jnum cache_nums[] = {
	CACHE_NUM(meta_block_size, true), CACHE_NUM(used_meta, false),
	CACHE_NUM(total_meta, false), CACHE_NUM(cache_block_size, true),
	CACHE_NUM(used_cache, false), CACHE_NUM(total_cache, false),
	CACHE_NUM(read_hits, false), CACHE_NUM(read_misses, false),
	CACHE_NUM(write_hits, false), CACHE_NUM(write_misses, false),
	CACHE_NUM(demotions, false), CACHE_NUM(promotions, false), CACHE_NUM(dirty, false),
};

_Static_assert(offsetof(struct mdm_cache_status, dirty) < 256, "jnum.off is a byte");

int mdm_cache_status_json(const struct mdm_cache_status *st, char *buf, size_t len)
{
	struct mdm_wbuf w;
	int r;

	if ((r = j_start(&w, buf, len, st->state)) < 0)
		return r;
	j_nums(&w, st, cache_nums, sizeof(cache_nums) / sizeof(cache_nums[0]));
	j_words(&w, "features", st->features, sizeof(st->features));
	j_words(&w, "core_args", st->core_args, sizeof(st->core_args));
	j_str(&w, "policy", st->policy, sizeof(st->policy));
	j_words(&w, "policy_args", st->policy_args, sizeof(st->policy_args));
	j_str(&w, "metadata_mode", st->metadata_ro ? "read_only" : "good", 16);
	j_bool(&w, "needs_check", st->needs_check);
	return j_end(&w);
}
