/* status.c - dm-thin and dm-cache status and table lines, and their JSON.
 *
 * Grammars (drivers/md/dm-thin.c, dm-cache-target.c, kernels 6.1..6.12):
 *   thin-pool status  TXID UM/TM UD/TD HELD|- ro|rw|out_of_data_space
 *                     discard_passdown|no_discard_passdown|ignore_discard
 *                     error_if_no_space|queue_if_no_space needs_check|-
 *                     [META_LOW_WATER] [WORD...]        | Fail | Error
 *   thin-pool table   META DATA BLOCK_SECTORS LOW_WATER [N FEATURE{N}]
 *   thin status       MAPPED HIGHEST|-  | -  | Fail | Error
 *   thin table        POOL DEV_ID [ORIGIN]
 *   cache status      MBS UM/TM CBS UC/TC RH RM WH WM DEM PROM DIRTY
 *                     N FEATURE{N} N CORE{N} POLICY N ARG{N} rw|ro
 *                     needs_check|- [WORD...]           | Fail | Error
 *   cache table       META CACHE ORIGIN BLOCK_SECTORS N FEATURE{N}
 *                     POLICY N ARG{N}
 * Words are separated by white space; numbers are decimal, at most
 * 2^64-1.  Lines are walked with a cursor; nothing is copied that does not
 * fit, and no count is believed beyond the words that are there.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "minidm-status.h"

#define POOL_BS_MIN 128u        /* 64 KiB */
#define CACHE_BS_MIN 64u        /* 32 KiB */
#define BS_MAX 2097152u         /* 1 GiB */
#define THIN_DEV_ID_MAX 0xffffffu
#define POOL_FEATURES_MAX 4u    /* the kernel's dm_arg limits */
#define CACHE_FEATURES_MAX 3u
#define CACHE_POLICY_ARGS_MAX 1024u

struct tok { const char *p; size_t n; };
struct cur { const char *p; };

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool next_word(struct cur *c, struct tok *w)
{
	const char *p = c->p;

	while (is_space(*p))
		p++;
	if (!*p) {
		c->p = p;
		return false;
	}
	w->p = p;
	while (*p && !is_space(*p))
		p++;
	w->n = (size_t)(p - w->p);
	c->p = p;
	return true;
}

static size_t words_left(struct cur c)
{
	struct tok w;
	size_t n = 0;

	while (next_word(&c, &w))
		n++;
	return n;
}

static bool tok_is(const struct tok *w, const char *s)
{
	return strlen(s) == w->n && !memcmp(w->p, s, w->n);
}

static bool tok_is_nocase(const struct tok *w, const char *s)
{
	size_t i;

	if (strlen(s) != w->n)
		return false;
	for (i = 0; i < w->n; i++) {
		char a = w->p[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != s[i])
			return false;
	}
	return true;
}

/* Index of w in names[0..n), or -1. */
static int tok_pick(const struct tok *w, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (tok_is(w, names[i]))
			return i;
	return -1;
}

static int mem_u64(const char *p, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (!n)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned char)p[i] - '0';
		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return -EINVAL;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static int word_u64(struct cur *c, uint64_t *v)
{
	struct tok w;

	if (!next_word(c, &w))
		return -EINVAL;
	return mem_u64(w.p, w.n, v);
}

/* "A/B" */
static int word_frac(struct cur *c, uint64_t *a, uint64_t *b)
{
	struct tok w;
	const char *slash;

	if (!next_word(c, &w))
		return -EINVAL;
	slash = memchr(w.p, '/', w.n);
	if (!slash)
		return -EINVAL;
	if (mem_u64(w.p, (size_t)(slash - w.p), a) < 0)
		return -EINVAL;
	return mem_u64(slash + 1, w.n - (size_t)(slash - w.p) - 1, b);
}

/* "-" or a number. */
static int word_opt_u64(struct cur *c, bool *has, uint64_t *v)
{
	struct tok w;

	if (!next_word(c, &w))
		return -EINVAL;
	*has = !tok_is(&w, "-");
	*v = 0;
	return *has ? mem_u64(w.p, w.n, v) : 0;
}

static int word_pick(struct cur *c, const char *const *names, int n)
{
	struct tok w;
	int i;

	if (!next_word(c, &w))
		return -EINVAL;
	i = tok_pick(&w, names, n);
	return i < 0 ? -EINVAL : i;
}

static int tok_copy(const struct tok *w, char *dst, size_t cap)
{
	if (w->n >= cap)
		return -ENAMETOOLONG;
	memcpy(dst, w->p, w->n);
	dst[w->n] = 0;
	return 0;
}

static int word_copy(struct cur *c, char *dst, size_t cap)
{
	struct tok w;

	if (!next_word(c, &w))
		return -EINVAL;
	return tok_copy(&w, dst, cap);
}

/* Append w to the space-joined list in dst. */
static int join_word(char *dst, size_t cap, const struct tok *w)
{
	size_t used = strlen(dst), sep = used ? 1 : 0;

	if (w->n >= cap - used - sep)
		return -ENAMETOOLONG;
	if (sep)
		dst[used] = ' ';
	memcpy(dst + used + sep, w->p, w->n);
	dst[used + sep + w->n] = 0;
	return 0;
}

/* Join the next n words (n already checked against words_left). */
static int join_n(struct cur *c, uint64_t n, char *dst, size_t cap)
{
	struct tok w;
	int r;

	dst[0] = 0;
	while (n-- && next_word(c, &w))
		if ((r = join_word(dst, cap, &w)) < 0)
			return r;
	return 0;
}

static int join_rest(struct cur *c, char *dst, size_t cap)
{
	return join_n(c, UINT64_MAX, dst, cap);
}

/* "<n> <word>{n}" with n <= max and n <= the words there. */
static int word_group(struct cur *c, uint64_t max, uint64_t *n, char *dst, size_t cap)
{
	int r = word_u64(c, n);

	if (r < 0)
		return r;
	if (*n > max || *n > words_left(*c))
		return -EINVAL;
	return join_n(c, *n, dst, cap);
}

/* "Fail" or "Error" alone: 1 and *state set; 0 for anything else. */
static int single_state(const char *line, enum mdm_state *state)
{
	struct cur c = { line };
	struct tok w;

	if (!next_word(&c, &w) || words_left(c))
		return 0;
	if (tok_is(&w, "Fail"))
		*state = MDM_STATE_FAIL;
	else if (tok_is(&w, "Error"))
		*state = MDM_STATE_ERROR;
	else
		return 0;
	return 1;
}

/* ---- thin-pool status --------------------------------------------------- */

static const char *const pool_modes[] = { "rw", "ro", "out_of_data_space" };
static const char *const pool_discards[] = {
	"discard_passdown", "no_discard_passdown", "ignore_discard" };
static const char *const pool_nospace[] = { "queue_if_no_space", "error_if_no_space" };
static const char *const check_words[] = { "-", "needs_check" };

static int pool_modes_parse(struct cur *c, struct mdm_pool_status *st)
{
	int m, d, e, k;

	if ((m = word_pick(c, pool_modes, 3)) < 0 ||
	    (d = word_pick(c, pool_discards, 3)) < 0 ||
	    (e = word_pick(c, pool_nospace, 2)) < 0 ||
	    (k = word_pick(c, check_words, 2)) < 0)
		return -EINVAL;
	st->summary = (enum mdm_pool_summary)m;
	st->discard_passdown = d == 0;
	st->ignore_discard = d == 2;
	st->error_if_no_space = e == 1;
	st->needs_check = k == 1;
	return 0;
}

int mdm_parse_pool_status(const char *line, struct mdm_pool_status *st)
{
	struct cur c = { line };
	int r;

	if (!line)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	if (single_state(line, &st->state))
		return 0;
	if ((r = word_u64(&c, &st->transaction_id)) < 0 ||
	    (r = word_frac(&c, &st->used_meta, &st->total_meta)) < 0 ||
	    (r = word_frac(&c, &st->used_data, &st->total_data)) < 0 ||
	    (r = word_opt_u64(&c, &st->has_held_root, &st->held_metadata_root)) < 0 ||
	    (r = pool_modes_parse(&c, st)) < 0)
		return r;
	if (words_left(c)) {
		if ((r = word_u64(&c, &st->meta_low_water)) < 0)
			return r;
		st->has_meta_low_water = true;
	}
	return join_rest(&c, st->extra, sizeof(st->extra));
}

/* ---- a small output buffer ---------------------------------------------- */

struct wbuf {
	char *p;
	size_t len, off;
	int err;
	bool nulls;             /* JSON: write null for every value */
};

static void w_mem(struct wbuf *w, const char *s, size_t n)
{
	if (w->err)
		return;
	if (n >= w->len - w->off) {
		w->err = -ENOSPC;
		return;
	}
	memcpy(w->p + w->off, s, n);
	w->off += n;
}

static void w_str(struct wbuf *w, const char *s)
{
	w_mem(w, s, strlen(s));
}

static void w_u64(struct wbuf *w, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	w_mem(w, tmp + i, sizeof(tmp) - i);
}

static int w_start(struct wbuf *w, char *buf, size_t len)
{
	memset(w, 0, sizeof(*w));
	w->p = buf;
	w->len = len;
	if (!len)
		return -ENOSPC;
	buf[0] = 0;
	return 0;
}

static int w_end(struct wbuf *w)
{
	if (w->err) {
		w->p[0] = 0;
		return w->err;
	}
	w->p[w->off] = 0;
	return 0;
}

static void w_fail(struct wbuf *w, int err)
{
	if (!w->err)
		w->err = err;
}

/* A device field must be a non-empty word that fits its array. */
static void w_dev(struct wbuf *w, const char *dev)
{
	size_t i, n = strnlen(dev, MDM_DEV_LEN);

	if (!n || n == MDM_DEV_LEN) {
		w_fail(w, -EINVAL);
		return;
	}
	for (i = 0; i < n; i++)
		if (is_space(dev[i])) {
			w_fail(w, -EINVAL);
			return;
		}
	w_mem(w, dev, n);
}

/* ---- thin-pool table ---------------------------------------------------- */

/* The kernel's emit order (dm-thin.c emit_flags). */
static const struct { char name[20]; unsigned char off; } pool_feats[] = {
	{ "skip_block_zeroing", offsetof(struct mdm_pool_table, skip_zeroing) },
	{ "ignore_discard", offsetof(struct mdm_pool_table, ignore_discard) },
	{ "no_discard_passdown", offsetof(struct mdm_pool_table, no_discard_passdown) },
	{ "read_only", offsetof(struct mdm_pool_table, read_only) },
	{ "error_if_no_space", offsetof(struct mdm_pool_table, error_if_no_space) },
};
#define N_POOL_FEATS (sizeof(pool_feats) / sizeof(pool_feats[0]))

static bool *pool_feat(struct mdm_pool_table *t, size_t i)
{
	return (bool *)((char *)t + pool_feats[i].off);
}

static bool pool_feat_on(const struct mdm_pool_table *t, size_t i)
{
	return *(const bool *)((const char *)t + pool_feats[i].off);
}

static int pool_feature(struct mdm_pool_table *t, const struct tok *w)
{
	size_t i;

	for (i = 0; i < N_POOL_FEATS; i++)
		if (tok_is_nocase(w, pool_feats[i].name)) {
			*pool_feat(t, i) = true;
			return 0;
		}
	return -EINVAL;
}

static bool block_size_ok(uint64_t bs, uint64_t min)
{
	return bs >= min && bs <= BS_MAX && !(bs & (min - 1));
}

int mdm_parse_pool_table(const char *line, struct mdm_pool_table *t)
{
	struct cur c = { line };
	struct tok w;
	uint64_t n = 0;
	int r;

	if (!line)
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	if ((r = word_copy(&c, t->meta_dev, sizeof(t->meta_dev))) < 0 ||
	    (r = word_copy(&c, t->data_dev, sizeof(t->data_dev))) < 0 ||
	    (r = word_u64(&c, &t->block_sectors)) < 0 ||
	    (r = word_u64(&c, &t->low_water)) < 0)
		return r;
	if (!strcmp(t->meta_dev, t->data_dev) || !block_size_ok(t->block_sectors, POOL_BS_MIN))
		return -EINVAL;
	if (words_left(c)) {
		if ((r = word_u64(&c, &n)) < 0)
			return r;
		if (n > POOL_FEATURES_MAX || n != words_left(c))
			return -EINVAL;
	}
	while (n-- && next_word(&c, &w))
		if ((r = pool_feature(t, &w)) < 0)
			return r;
	return 0;
}

int mdm_format_pool_table(const struct mdm_pool_table *t, char *buf, size_t len)
{
	struct wbuf w;
	unsigned i, n = 0;
	int r;

	if ((r = w_start(&w, buf, len)) < 0)
		return r;
	for (i = 0; i < N_POOL_FEATS; i++)
		n += pool_feat_on(t, i);
	if (n > POOL_FEATURES_MAX || !block_size_ok(t->block_sectors, POOL_BS_MIN))
		w_fail(&w, -EINVAL);
	w_dev(&w, t->meta_dev);
	w_str(&w, " ");
	w_dev(&w, t->data_dev);
	w_str(&w, " ");
	w_u64(&w, t->block_sectors);
	w_str(&w, " ");
	w_u64(&w, t->low_water);
	w_str(&w, " ");
	w_u64(&w, n);
	w_str(&w, " ");
	for (i = 0; i < N_POOL_FEATS; i++)
		if (pool_feat_on(t, i)) {
			w_str(&w, pool_feats[i].name);
			w_str(&w, " ");
		}
	return w_end(&w);
}

/* ---- thin --------------------------------------------------------------- */

int mdm_parse_thin_status(const char *line, struct mdm_thin_status *st)
{
	struct cur c = { line };
	struct tok w;
	int r;

	if (!line)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	if (single_state(line, &st->state))
		return 0;
	if (words_left(c) == 1) {
		next_word(&c, &w);
		return tok_is(&w, "-") ? 0 : -EINVAL;
	}
	if ((r = word_u64(&c, &st->mapped_sectors)) < 0 ||
	    (r = word_opt_u64(&c, &st->has_highest, &st->highest_mapped_sector)) < 0)
		return r;
	return words_left(c) ? -EINVAL : 0;
}

int mdm_parse_thin_table(const char *line, struct mdm_thin_table *t)
{
	struct cur c = { line };
	size_t n;
	int r;

	memset(t, 0, sizeof(*t));
	if (!line || ((n = words_left(c)) != 2 && n != 3))
		return -EINVAL;
	if ((r = word_copy(&c, t->pool_dev, sizeof(t->pool_dev))) < 0 ||
	    (r = word_u64(&c, &t->dev_id)) < 0)
		return r;
	if (t->dev_id > THIN_DEV_ID_MAX)
		return -EINVAL;
	if (n == 3) {
		if ((r = word_copy(&c, t->origin_dev, sizeof(t->origin_dev))) < 0)
			return r;
		if (!strcmp(t->pool_dev, t->origin_dev))
			return -EINVAL;
		t->has_origin = true;
	}
	return 0;
}

int mdm_format_thin_table(const struct mdm_thin_table *t, char *buf, size_t len)
{
	struct wbuf w;
	int r;

	if ((r = w_start(&w, buf, len)) < 0)
		return r;
	if (t->dev_id > THIN_DEV_ID_MAX)
		w_fail(&w, -EINVAL);
	w_dev(&w, t->pool_dev);
	w_str(&w, " ");
	w_u64(&w, t->dev_id);
	if (t->has_origin) {
		w_str(&w, " ");
		w_dev(&w, t->origin_dev);
	}
	return w_end(&w);
}

/* ---- cache status ------------------------------------------------------- */

static const char *const meta_modes[] = { "rw", "ro" };

static int cache_numbers(struct cur *c, struct mdm_cache_status *st)
{
	uint64_t *counters[] = { &st->read_hits, &st->read_misses, &st->write_hits,
		&st->write_misses, &st->demotions, &st->promotions, &st->dirty };
	size_t i;
	int r;

	if ((r = word_u64(c, &st->meta_block_size)) < 0 ||
	    (r = word_frac(c, &st->used_meta, &st->total_meta)) < 0 ||
	    (r = word_u64(c, &st->cache_block_size)) < 0 ||
	    (r = word_frac(c, &st->used_cache, &st->total_cache)) < 0)
		return r;
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		if ((r = word_u64(c, counters[i])) < 0)
			return r;
	return 0;
}

int mdm_parse_cache_status(const char *line, struct mdm_cache_status *st)
{
	struct cur c = { line };
	uint64_t n;
	int r, m, k;

	if (!line)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	if (single_state(line, &st->state))
		return 0;
	if ((r = cache_numbers(&c, st)) < 0 ||
	    (r = word_group(&c, UINT64_MAX, &n, st->features, sizeof(st->features))) < 0 ||
	    (r = word_group(&c, UINT64_MAX, &n, st->core_args, sizeof(st->core_args))) < 0 ||
	    (r = word_copy(&c, st->policy, sizeof(st->policy))) < 0 ||
	    (r = word_group(&c, UINT64_MAX, &n, st->policy_args, sizeof(st->policy_args))) < 0)
		return r;
	if ((m = word_pick(&c, meta_modes, 2)) < 0 || (k = word_pick(&c, check_words, 2)) < 0)
		return -EINVAL;
	st->metadata_ro = m == 1;
	st->needs_check = k == 1;
	return join_rest(&c, st->extra, sizeof(st->extra));
}

/* ---- cache table -------------------------------------------------------- */

static const char *const cache_io_names[] = {
	NULL, "writeback", "writethrough", "passthrough" };

static int cache_feature(struct mdm_cache_table *t, const struct tok *w)
{
	int i;

	for (i = MDM_CACHE_IO_WRITEBACK; i <= MDM_CACHE_IO_PASSTHROUGH; i++)
		if (tok_is_nocase(w, cache_io_names[i])) {
			if (t->io_mode != MDM_CACHE_IO_DEFAULT)
				return -EINVAL;         /* the kernel refuses two */
			t->io_mode = (enum mdm_cache_io)i;
			return 0;
		}
	if (tok_is_nocase(w, "metadata2"))
		t->metadata2 = true;
	else if (tok_is_nocase(w, "no_discard_passdown"))
		t->no_discard_passdown = true;
	else
		return -EINVAL;
	return 0;
}

static int cache_features(struct cur *c, struct mdm_cache_table *t)
{
	struct tok w;
	uint64_t n;
	int r;

	if ((r = word_u64(c, &n)) < 0)
		return r;
	if (n > CACHE_FEATURES_MAX || n > words_left(*c))
		return -EINVAL;
	while (n-- && next_word(c, &w))
		if ((r = cache_feature(t, &w)) < 0)
			return r;
	return 0;
}

int mdm_parse_cache_table(const char *line, struct mdm_cache_table *t)
{
	struct cur c = { line };
	uint64_t n;
	int r;

	if (!line)
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	if ((r = word_copy(&c, t->meta_dev, sizeof(t->meta_dev))) < 0 ||
	    (r = word_copy(&c, t->cache_dev, sizeof(t->cache_dev))) < 0 ||
	    (r = word_copy(&c, t->origin_dev, sizeof(t->origin_dev))) < 0 ||
	    (r = word_u64(&c, &t->block_sectors)) < 0 ||
	    (r = cache_features(&c, t)) < 0 ||
	    (r = word_copy(&c, t->policy, sizeof(t->policy))) < 0 ||
	    (r = word_group(&c, CACHE_POLICY_ARGS_MAX, &n, t->policy_args,
	                    sizeof(t->policy_args))) < 0)
		return r;
	t->n_policy_args = (uint32_t)n;
	if (!block_size_ok(t->block_sectors, CACHE_BS_MIN) || (n & 1) || words_left(c))
		return -EINVAL;
	return 0;
}

/* A space-joined word list that a parser could have produced; returns
 * the number of words. */
static uint32_t w_words(struct wbuf *w, const char *s, size_t cap)
{
	size_t i, n = strnlen(s, cap);
	uint32_t count = 0;

	if (n == cap || (n && (s[0] == ' ' || s[n - 1] == ' '))) {
		w_fail(w, -EINVAL);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (is_space(s[i]) && (s[i] != ' ' || s[i + 1] == ' '))
			w_fail(w, -EINVAL);
		count += i == 0 || s[i] == ' ';
	}
	w_mem(w, s, n);
	return count;
}

static void w_cache_features(struct wbuf *w, const struct mdm_cache_table *t)
{
	unsigned n = t->metadata2 + (t->io_mode != MDM_CACHE_IO_DEFAULT) +
	             t->no_discard_passdown;

	w_u64(w, n);
	if (t->metadata2)
		w_str(w, " metadata2");
	if (t->io_mode != MDM_CACHE_IO_DEFAULT) {
		w_str(w, " ");
		w_str(w, cache_io_names[t->io_mode]);
	}
	if (t->no_discard_passdown)
		w_str(w, " no_discard_passdown");
}

int mdm_format_cache_table(const struct mdm_cache_table *t, char *buf, size_t len)
{
	struct wbuf w;
	uint32_t n = t->n_policy_args;
	size_t pn = strnlen(t->policy, sizeof(t->policy));
	int r;

	if ((r = w_start(&w, buf, len)) < 0)
		return r;
	if ((unsigned)t->io_mode > MDM_CACHE_IO_PASSTHROUGH || !pn || pn == sizeof(t->policy) ||
	    memchr(t->policy, ' ', pn) || !block_size_ok(t->block_sectors, CACHE_BS_MIN) ||
	    n > CACHE_POLICY_ARGS_MAX || (n & 1))
	{
		w_fail(&w, -EINVAL);
		return w_end(&w);
	}
	w_dev(&w, t->meta_dev);
	w_str(&w, " ");
	w_dev(&w, t->cache_dev);
	w_str(&w, " ");
	w_dev(&w, t->origin_dev);
	w_str(&w, " ");
	w_u64(&w, t->block_sectors);
	w_str(&w, " ");
	w_cache_features(&w, t);
	w_str(&w, " ");
	w_mem(&w, t->policy, pn);
	w_str(&w, " ");
	w_u64(&w, n);
	if (n)
		w_str(&w, " ");
	if (w_words(&w, t->policy_args, sizeof(t->policy_args)) != n)
		w_fail(&w, -EINVAL);
	return w_end(&w);
}

/* ---- JSON --------------------------------------------------------------- */

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

static void w_json_str(struct wbuf *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	w_str(w, "\"");
	while (i < n) {
		unsigned char c = u[i];
		char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			w_mem(w, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			w_mem(w, esc, 6);
		} else if ((k = utf8_len(u + i, n - i)) == 0) {
			w_str(w, "\\ufffd");
		} else {
			w_mem(w, s + i, k);
			i += k;
			continue;
		}
		i += 1;
	}
	w_str(w, "\"");
}

int mdm_json_escape(const char *s, size_t n, char *buf, size_t len)
{
	struct wbuf w;
	int r;

	if ((r = w_start(&w, buf, len)) < 0)
		return r;
	w_json_str(&w, s, n);
	return w_end(&w);
}

static void j_key(struct wbuf *w, const char *key)
{
	w_str(w, ",\"");
	w_str(w, key);
	w_str(w, "\":");
}

static void j_null(struct wbuf *w, const char *key)
{
	j_key(w, key);
	w_str(w, "null");
}

static void j_u64(struct wbuf *w, const char *key, bool has, uint64_t v)
{
	if (w->nulls || !has) {
		j_null(w, key);
		return;
	}
	j_key(w, key);
	w_u64(w, v);
}

/* v sectors as bytes; an impossible size is an error, not a wrap. */
static void j_bytes(struct wbuf *w, const char *key, uint64_t sectors)
{
	if (!w->nulls && sectors > UINT64_MAX / 512)
		w_fail(w, -ERANGE);
	j_u64(w, key, true, sectors * 512);
}

static void j_bool(struct wbuf *w, const char *key, bool v)
{
	if (w->nulls) {
		j_null(w, key);
		return;
	}
	j_key(w, key);
	w_str(w, v ? "true" : "false");
}

/* s is a NUL-terminated string of at most cap bytes. */
static void j_str(struct wbuf *w, const char *key, const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (w->nulls) {
		j_null(w, key);
		return;
	}
	if (n == cap) {
		w_fail(w, -EINVAL);
		return;
	}
	j_key(w, key);
	w_json_str(w, s, n);
}

/* A space-joined word list as an array of strings. */
static void j_words(struct wbuf *w, const char *key, const char *s, size_t cap)
{
	struct cur c = { s };
	struct tok t;
	bool first = true;

	if (w->nulls) {
		j_null(w, key);
		return;
	}
	if (strnlen(s, cap) == cap) {
		w_fail(w, -EINVAL);
		return;
	}
	j_key(w, key);
	w_str(w, "[");
	while (next_word(&c, &t)) {
		if (!first)
			w_str(w, ",");
		w_json_str(w, t.p, t.n);
		first = false;
	}
	w_str(w, "]");
}

/* Runs of uint64_t fields written as numbers (sectors: as bytes). */
struct jnum {
	char name[17];
	unsigned char off;
	bool sectors;
};

static void j_nums(struct wbuf *w, const void *st, const struct jnum *t, size_t n)
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

static int j_start(struct wbuf *w, char *buf, size_t len, enum mdm_state state)
{
	int r;

	if ((r = w_start(w, buf, len)) < 0)
		return r;
	if ((unsigned)state > MDM_STATE_FAIL)
		return -EINVAL;
	w_str(w, "{\"state\":\"");
	w_str(w, state_names[state]);
	w_str(w, "\"");
	w->nulls = state != MDM_STATE_WORKING;
	return 0;
}

static int j_end(struct wbuf *w)
{
	w_str(w, "}");
	return w_end(w);
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
	struct wbuf w;
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
	struct wbuf w;
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
_Static_assert(offsetof(struct mdm_pool_table, error_if_no_space) < 256, "off is a byte");

int mdm_cache_status_json(const struct mdm_cache_status *st, char *buf, size_t len)
{
	struct wbuf w;
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
