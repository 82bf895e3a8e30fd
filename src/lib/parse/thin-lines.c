/* thin-lines.c - dm-thin's status and table lines.
 *
 * Grammars (drivers/md/dm-thin.c, kernels 6.1..6.12):
 *   thin-pool status  TXID UM/TM UD/TD HELD|- ro|rw|out_of_data_space
 *                     discard_passdown|no_discard_passdown|ignore_discard
 *                     error_if_no_space|queue_if_no_space needs_check|-
 *                     [META_LOW_WATER] [WORD...]        | Fail | Error
 *   thin-pool table   META DATA BLOCK_SECTORS LOW_WATER [N FEATURE{N}]
 *   thin status       MAPPED HIGHEST|-  | -  | Fail | Error
 *   thin table        POOL DEV_ID [ORIGIN]
 * Words and numbers as in words.h.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "words.h"

#define POOL_BS_MIN 128u        /* 64 KiB */
#define POOL_FEATURES_MAX 4u    /* the kernel's dm_arg limit */

/* ---- thin-pool status --------------------------------------------------- */

static int pool_modes_parse(struct mdm_cur *c, struct mdm_pool_status *st)
{
	int m, d, e, k;

	if ((m = mdm_word_pick(c, "rw\0ro\0out_of_data_space\0")) < 0 ||
	    (d = mdm_word_pick(c, "discard_passdown\0no_discard_passdown\0ignore_discard\0")) < 0 ||
	    (e = mdm_word_pick(c, "queue_if_no_space\0error_if_no_space\0")) < 0 ||
	    (k = mdm_word_pick(c, mdm_check_words)) < 0)
		return -EINVAL;
	st->summary = (enum mdm_pool_summary)m;
	st->discard_passdown = d == 0;
	st->ignore_discard = d == 2;
	st->error_if_no_space = e == 1;
	st->needs_check = k == 1;
	return 0;
}

#define PS struct mdm_pool_status
static const struct mdm_step pool_status_steps[] MDM_ALIGN_AS(struct mdm_step) = {
	MDM_STEP(PS, MDM_W_U64, transaction_id),
	MDM_STEP2(PS, MDM_W_FRAC, used_meta, total_meta),
	MDM_STEP2(PS, MDM_W_FRAC, used_data, total_data),
	MDM_STEP2(PS, MDM_W_OPT, has_held_root, held_metadata_root),
};

int mdm_parse_pool_status(const char *line, struct mdm_pool_status *st)
{
	struct mdm_cur c = { line };
	int r;

	memset(st, 0, sizeof(*st));
	if ((r = mdm_single_state(line, &st->state)))
		return r < 0 ? r : 0;
	if ((r = mdm_words_read(&c, st, pool_status_steps, 4)) < 0 ||
	    (r = pool_modes_parse(&c, st)) < 0)
		return r;
	if (mdm_words_left(c)) {
		if ((r = mdm_word_u64(&c, &st->meta_low_water)) < 0)
			return r;
		st->has_meta_low_water = true;
	}
	return mdm_join_rest(&c, st->extra, sizeof(st->extra));
}

/* ---- thin-pool table ---------------------------------------------------- */

/* The kernel's emit order (dm-thin.c emit_flags), which is the order of
 * the bools of struct mdm_pool_table from skip_zeroing on. */
static const char pool_feats[] MDM_ALIGN_AS(char) =
	"skip_block_zeroing\0ignore_discard\0no_discard_passdown\0read_only\0error_if_no_space";
#define N_POOL_FEATS 5u
#define FEAT_AT(f, i) _Static_assert(offsetof(struct mdm_pool_table, f) == \
	offsetof(struct mdm_pool_table, skip_zeroing) + (i), #f " is feature " #i)
FEAT_AT(ignore_discard, 1);
FEAT_AT(no_discard_passdown, 2);
FEAT_AT(read_only, 3);
FEAT_AT(error_if_no_space, 4);

static bool *pool_feat(struct mdm_pool_table *t, size_t i)
{
	return (bool *)((char *)t + offsetof(struct mdm_pool_table, skip_zeroing) + i);
}

static bool pool_feat_on(const struct mdm_pool_table *t, size_t i)
{
	return *(const bool *)((const char *)t + offsetof(struct mdm_pool_table, skip_zeroing) + i);
}

static int pool_feature(struct mdm_pool_table *t, const struct mdm_tok *w)
{
	size_t i;

	for (i = 0; i < N_POOL_FEATS; i++)
		if (mdm_tok_is_nocase(w, mdm_word_nth(pool_feats, (unsigned)i))) {
			*pool_feat(t, i) = true;
			return 0;
		}
	return -EINVAL;
}

#define PT struct mdm_pool_table
static const struct mdm_step pool_table_steps[] MDM_ALIGN_AS(struct mdm_step) = {
	MDM_STEP(PT, MDM_W_COPY, meta_dev), MDM_STEP(PT, MDM_W_COPY, data_dev),
	MDM_STEP(PT, MDM_W_U64, block_sectors), MDM_STEP(PT, MDM_W_U64, low_water),
};

__attribute__((noinline)) int mdm_parse_pool_table(const char *line, struct mdm_pool_table *t)
{
	struct mdm_cur c = { line };
	struct mdm_tok w;
	uint64_t n = 0;
	int r;

	if (!line)
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	if ((r = mdm_words_read(&c, t, pool_table_steps, 4)) < 0)
		return r;
	if (!strcmp(t->meta_dev, t->data_dev) || !mdm_block_size_ok(t->block_sectors, POOL_BS_MIN))
		return -EINVAL;
	if (mdm_words_left(c)) {
		if ((r = mdm_word_u64(&c, &n)) < 0)
			return r;
		if (n > POOL_FEATURES_MAX || n != mdm_words_left(c))
			return -EINVAL;
	}
	while (n-- && mdm_word_next(&c, &w))
		if ((r = pool_feature(t, &w)) < 0)
			return r;
	return 0;
}

__attribute__((noinline))
int mdm_format_pool_table(const struct mdm_pool_table *t, char *buf, size_t len)
{
	struct mdm_wbuf w;
	unsigned i, n = 0;
	int r;

	if ((r = mdm_w_start(&w, buf, len)) < 0)
		return r;
	for (i = 0; i < N_POOL_FEATS; i++)
		n += pool_feat_on(t, i);
	if (n > POOL_FEATURES_MAX || !mdm_block_size_ok(t->block_sectors, POOL_BS_MIN))
		mdm_w_fail(&w, -EINVAL);
	mdm_w_dev_sp(&w, t->meta_dev);
	mdm_w_dev_sp(&w, t->data_dev);
	mdm_w_u64_sp(&w, t->block_sectors);
	mdm_w_u64_sp(&w, t->low_water);
	mdm_w_u64_sp(&w, n);
	for (i = 0; i < N_POOL_FEATS; i++)
		if (pool_feat_on(t, i)) {
			mdm_w_str(&w, mdm_word_nth(pool_feats, i));
			mdm_w_str(&w, " ");
		}
	return mdm_w_end(&w);
}

/* ---- thin --------------------------------------------------------------- */

#define TS struct mdm_thin_status
static const struct mdm_step thin_status_steps[] MDM_ALIGN_AS(struct mdm_step) = {
	MDM_STEP(TS, MDM_W_U64, mapped_sectors),
	MDM_STEP2(TS, MDM_W_OPT, has_highest, highest_mapped_sector),
};

__attribute__((noinline)) int mdm_parse_thin_status(const char *line, struct mdm_thin_status *st)
{
	struct mdm_cur c = { line };
	struct mdm_tok w;
	int r;

	memset(st, 0, sizeof(*st));
	if ((r = mdm_single_state(line, &st->state)))
		return r < 0 ? r : 0;
	if (mdm_words_left(c) == 1) {
		mdm_word_next(&c, &w);
		return mdm_tok_is(&w, "-") ? 0 : -EINVAL;
	}
	if ((r = mdm_words_read(&c, st, thin_status_steps, 2)) < 0)
		return r;
	return mdm_words_left(c) ? -EINVAL : 0;
}

#define TT struct mdm_thin_table
static const struct mdm_step thin_table_steps[] MDM_ALIGN_AS(struct mdm_step) = {
	MDM_STEP(TT, MDM_W_COPY, pool_dev), MDM_STEP(TT, MDM_W_U64, dev_id),
	MDM_STEP(TT, MDM_W_COPY, origin_dev),
};

int mdm_parse_thin_table(const char *line, struct mdm_thin_table *t)
{
	struct mdm_cur c = { line };
	size_t n;
	int r;

	memset(t, 0, sizeof(*t));
	if (!line || ((n = mdm_words_left(c)) != 2 && n != 3))
		return -EINVAL;
	if ((r = mdm_words_read(&c, t, thin_table_steps, n)) < 0)
		return r;
	if (t->dev_id > MDM_THIN_ID_MAX)
		return -EINVAL;
	if (n == 3) {
		if (!strcmp(t->pool_dev, t->origin_dev))
			return -EINVAL;
		t->has_origin = true;
	}
	return 0;
}

int mdm_format_thin_table(const struct mdm_thin_table *t, char *buf, size_t len)
{
	struct mdm_wbuf w;
	int r;

	if ((r = mdm_w_start(&w, buf, len)) < 0)
		return r;
	if (t->dev_id > MDM_THIN_ID_MAX)
		mdm_w_fail(&w, -EINVAL);
	mdm_w_dev_sp(&w, t->pool_dev);
	mdm_w_u64(&w, t->dev_id);
	if (t->has_origin) {
		mdm_w_str(&w, " ");
		mdm_w_dev(&w, t->origin_dev);
	}
	return mdm_w_end(&w);
}

_Static_assert(offsetof(struct mdm_pool_table, error_if_no_space) < 256, "off is a byte");
