/* words.h - what the status, table and JSON grammars share (internal to
 * src/lib/parse): a cursor that walks a line word by word, typed words,
 * and a bounded output writer.
 *
 * Words are separated by white space; numbers are decimal, at most
 * 2^64-1.  A cursor only moves forward; nothing is copied that does not
 * fit, and no count is believed beyond the words that are there.  The
 * writer records the first failure and keeps going, so a format function
 * writes every field and checks once at the end (mdm_w_end).
 */
#ifndef MINIDM_PARSE_WORDS_H
#define MINIDM_PARSE_WORDS_H

#include "../internal.h"

#define MDM_BS_MAX 2097152u     /* block sizes: at most 1 GiB in sectors */

struct mdm_tok { const char *p; size_t n; };
struct mdm_cur { const char *p; };

static inline bool mdm_is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* ---- reading ------------------------------------------------------------ */

/* The next word into *w; false at the end of the line. */
bool   mdm_word_next(struct mdm_cur *c, struct mdm_tok *w);
size_t mdm_words_left(struct mdm_cur c);
bool   mdm_tok_is(const struct mdm_tok *w, const char *s);
bool   mdm_tok_is_nocase(const struct mdm_tok *w, const char *s);

/* The next word as: a number; the index of one of names ("a\0b\0",
 * ending in an empty word); a copy into dst[cap]. */
int mdm_word_u64(struct mdm_cur *c, uint64_t *v);
int mdm_word_pick(struct mdm_cur *c, const char *names);
int mdm_word_copy(struct mdm_cur *c, char *dst, size_t cap);
/* The n-th (from 0) of names ("a\0b\0"; n must be in range). */
const char *mdm_word_nth(const char *names, unsigned n);
/* The next n words (or all that are left), space-joined into dst[cap]. */
int mdm_join_n(struct mdm_cur *c, uint64_t n, char *dst, size_t cap);

static inline int mdm_join_rest(struct mdm_cur *c, char *dst, size_t cap)
{
	return mdm_join_n(c, UINT64_MAX, dst, cap);
}
/* "<n> <word>{n}" with n <= max and n <= the words there, joined. */
int mdm_word_group(struct mdm_cur *c, uint64_t max, uint64_t *n, char *dst, size_t cap);

/* A run of fields as data: each step reads the next word into the field
 * at off of the struct being filled (a number, "A/B" into the numbers at
 * off and off + d, "-" or a number into the bool at off and the number at
 * off + d, a copy into off[d], "<n> <word>{n}" joined into off[d]).
 * The struct starts zeroed ("-" leaves both as they are); mdm_words_read
 * stops at the first failure and returns it. */
enum { MDM_W_U64, MDM_W_FRAC, MDM_W_OPT, MDM_W_COPY, MDM_W_GROUP };
struct mdm_step { unsigned short off; unsigned char op, d; };
#define MDM_STEP(T, op, f)        { offsetof(T, f), op, sizeof(((T *)0)->f) }
#define MDM_STEP2(T, op, f, g)    { offsetof(T, f), op, offsetof(T, g) - offsetof(T, f) }
int mdm_words_read(struct mdm_cur *c, void *st, const struct mdm_step *s, size_t n);

/* ---- what the thin and cache grammars have in common -------------------- */

/* A status line that is "Fail" or "Error" alone: 1 and *state set;
 * -EINVAL for no line; 0 for the words a working device prints. */
int  mdm_single_state(const char *line, enum mdm_state *state);
/* A status line's "-" or "needs_check" (index 1). */
extern const char mdm_check_words[] MDM_ALIGN_AS(char);
/* min..MDM_BS_MAX sectors, a multiple of min (a power of two). */
bool mdm_block_size_ok(uint64_t bs, uint64_t min);

/* ---- writing ------------------------------------------------------------ */

struct mdm_wbuf {
	char *p;
	size_t len, off;
	int err;                /* the first failure: -ENOSPC, -EINVAL, ... */
	bool nulls;             /* JSON: write null for every value */
};

/* Start writing into buf[len] (-ENOSPC when len is 0). */
int  mdm_w_start(struct mdm_wbuf *w, char *buf, size_t len);
void mdm_w_mem(struct mdm_wbuf *w, const char *s, size_t n);
void mdm_w_str(struct mdm_wbuf *w, const char *s);
void mdm_w_u64(struct mdm_wbuf *w, uint64_t v);
/* A device field: a non-empty word that fits MDM_DEV_LEN. */
void mdm_w_dev(struct mdm_wbuf *w, const char *dev);
/* A table line's leading fields: each followed by a space. */
void mdm_w_dev_sp(struct mdm_wbuf *w, const char *dev);
void mdm_w_u64_sp(struct mdm_wbuf *w, uint64_t v);
/* Record err unless a failure is recorded already. */
static inline void mdm_w_fail(struct mdm_wbuf *w, int err)
{
	if (!w->err)
		w->err = err;
}
/* NUL-terminate: 0, or the first failure with buf made empty. */
int  mdm_w_end(struct mdm_wbuf *w);

#endif
