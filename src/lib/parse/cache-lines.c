/* cache-lines.c - dm-cache's status and table lines.
 *
 * Grammars (drivers/md/dm-cache-target.c, kernels 6.1..6.12):
 *   cache status      MBS UM/TM CBS UC/TC RH RM WH WM DEM PROM DIRTY
 *                     N FEATURE{N} N CORE{N} POLICY N ARG{N} rw|ro
 *                     needs_check|- [WORD...]           | Fail | Error
 *   cache table       META CACHE ORIGIN BLOCK_SECTORS N FEATURE{N}
 *                     POLICY N ARG{N}
 * Words and numbers as in words.h.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "words.h"

#define CACHE_BS_MIN 64u        /* 32 KiB */
#define CACHE_FEATURES_MAX 3u   /* the kernel's dm_arg limits */
#define CACHE_POLICY_ARGS_MAX 1024u

/* ---- cache status ------------------------------------------------------- */

#define CS struct mdm_cache_status
static const struct mdm_step cache_status_steps[] MDM_ALIGN_AS(struct mdm_step) = {
	MDM_STEP(CS, MDM_W_U64, meta_block_size),
	MDM_STEP2(CS, MDM_W_FRAC, used_meta, total_meta),
	MDM_STEP(CS, MDM_W_U64, cache_block_size),
	MDM_STEP2(CS, MDM_W_FRAC, used_cache, total_cache),
	MDM_STEP(CS, MDM_W_U64, read_hits), MDM_STEP(CS, MDM_W_U64, read_misses),
	MDM_STEP(CS, MDM_W_U64, write_hits), MDM_STEP(CS, MDM_W_U64, write_misses),
	MDM_STEP(CS, MDM_W_U64, demotions), MDM_STEP(CS, MDM_W_U64, promotions),
	MDM_STEP(CS, MDM_W_U64, dirty),
	MDM_STEP(CS, MDM_W_GROUP, features), MDM_STEP(CS, MDM_W_GROUP, core_args),
	MDM_STEP(CS, MDM_W_COPY, policy), MDM_STEP(CS, MDM_W_GROUP, policy_args),
};

int mdm_parse_cache_status(const char *line, struct mdm_cache_status *st)
{
	struct mdm_cur c = { line };
	int r, m, k;

	memset(st, 0, sizeof(*st));
	if ((r = mdm_single_state(line, &st->state)))
		return r < 0 ? r : 0;
	if ((r = mdm_words_read(&c, st, cache_status_steps,
	                        sizeof(cache_status_steps) / sizeof(cache_status_steps[0]))) < 0)
		return r;
	if ((m = mdm_word_pick(&c, "rw\0ro\0")) < 0 || (k = mdm_word_pick(&c, mdm_check_words)) < 0)
		return -EINVAL;
	st->metadata_ro = m == 1;
	st->needs_check = k == 1;
	return mdm_join_rest(&c, st->extra, sizeof(st->extra));
}

/* ---- cache table -------------------------------------------------------- */

static const char *const cache_io_names[] MDM_ALIGN_AS(char *) = {
	NULL, "writeback", "writethrough", "passthrough" };

static int cache_feature(struct mdm_cache_table *t, const struct mdm_tok *w)
{
	int i;

	for (i = MDM_CACHE_IO_WRITEBACK; i <= MDM_CACHE_IO_PASSTHROUGH; i++)
		if (mdm_tok_is_nocase(w, cache_io_names[i])) {
			if (t->io_mode != MDM_CACHE_IO_DEFAULT)
				return -EINVAL;         /* the kernel refuses two */
			t->io_mode = (enum mdm_cache_io)i;
			return 0;
		}
	if (mdm_tok_is_nocase(w, "metadata2"))
		t->metadata2 = true;
	else if (mdm_tok_is_nocase(w, "no_discard_passdown"))
		t->no_discard_passdown = true;
	else
		return -EINVAL;
	return 0;
}

static int cache_features(struct mdm_cur *c, struct mdm_cache_table *t)
{
	struct mdm_tok w;
	uint64_t n;
	int r;

	if ((r = mdm_word_u64(c, &n)) < 0)
		return r;
	if (n > CACHE_FEATURES_MAX || n > mdm_words_left(*c))
		return -EINVAL;
	while (n-- && mdm_word_next(c, &w))
		if ((r = cache_feature(t, &w)) < 0)
			return r;
	return 0;
}

#define CT struct mdm_cache_table
static const struct mdm_step cache_table_steps[] MDM_ALIGN_AS(struct mdm_step) = {
	MDM_STEP(CT, MDM_W_COPY, meta_dev), MDM_STEP(CT, MDM_W_COPY, cache_dev),
	MDM_STEP(CT, MDM_W_COPY, origin_dev), MDM_STEP(CT, MDM_W_U64, block_sectors),
};

__attribute__((noinline)) int mdm_parse_cache_table(const char *line, struct mdm_cache_table *t)
{
	struct mdm_cur c = { line };
	uint64_t n;
	int r;

	if (!line)
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	if ((r = mdm_words_read(&c, t, cache_table_steps, 4)) < 0 ||
	    (r = cache_features(&c, t)) < 0 ||
	    (r = mdm_word_copy(&c, t->policy, sizeof(t->policy))) < 0 ||
	    (r = mdm_word_group(&c, CACHE_POLICY_ARGS_MAX, &n, t->policy_args,
	                    sizeof(t->policy_args))) < 0)
		return r;
	t->n_policy_args = (uint32_t)n;
	if (!mdm_block_size_ok(t->block_sectors, CACHE_BS_MIN) || (n & 1) || mdm_words_left(c))
		return -EINVAL;
	return 0;
}

/* A space-joined word list that a parser could have produced; returns
 * the number of words. */
static uint32_t w_words(struct mdm_wbuf *w, const char *s, size_t cap)
{
	size_t i, n = strnlen(s, cap);
	uint32_t count = 0;

	if (n == cap || (n && (s[0] == ' ' || s[n - 1] == ' '))) {
		mdm_w_fail(w, -EINVAL);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (mdm_is_space(s[i]) && (s[i] != ' ' || s[i + 1] == ' '))
			mdm_w_fail(w, -EINVAL);
		count += i == 0 || s[i] == ' ';
	}
	mdm_w_mem(w, s, n);
	return count;
}

static void w_cache_features(struct mdm_wbuf *w, const struct mdm_cache_table *t)
{
	unsigned n = t->metadata2 + (t->io_mode != MDM_CACHE_IO_DEFAULT) +
	             t->no_discard_passdown;

	mdm_w_u64(w, n);
	if (t->metadata2)
		mdm_w_str(w, " metadata2");
	if (t->io_mode != MDM_CACHE_IO_DEFAULT) {
		mdm_w_str(w, " ");
		mdm_w_str(w, cache_io_names[t->io_mode]);
	}
	if (t->no_discard_passdown)
		mdm_w_str(w, " no_discard_passdown");
}

int mdm_format_cache_table(const struct mdm_cache_table *t, char *buf, size_t len)
{
	struct mdm_wbuf w;
	uint32_t n = t->n_policy_args;
	size_t pn = strnlen(t->policy, sizeof(t->policy));
	int r;

	if ((r = mdm_w_start(&w, buf, len)) < 0)
		return r;
	if ((unsigned)t->io_mode > MDM_CACHE_IO_PASSTHROUGH || !pn || pn == sizeof(t->policy) ||
	    memchr(t->policy, ' ', pn) || !mdm_block_size_ok(t->block_sectors, CACHE_BS_MIN) ||
	    n > CACHE_POLICY_ARGS_MAX || (n & 1))
	{
		mdm_w_fail(&w, -EINVAL);
		return mdm_w_end(&w);
	}
	mdm_w_dev_sp(&w, t->meta_dev);
	mdm_w_dev_sp(&w, t->cache_dev);
	mdm_w_dev_sp(&w, t->origin_dev);
	mdm_w_u64_sp(&w, t->block_sectors);
	w_cache_features(&w, t);
	mdm_w_str(&w, " ");
	mdm_w_mem(&w, t->policy, pn);
	mdm_w_str(&w, " ");
	mdm_w_u64(&w, n);
	if (n)
		mdm_w_str(&w, " ");
	if (w_words(&w, t->policy_args, sizeof(t->policy_args)) != n)
		mdm_w_fail(&w, -EINVAL);
	return mdm_w_end(&w);
}
