/* words.c - the word cursor and the output writer of the status, table
 * and JSON grammars (words.h says what each promises).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "../internal.h"
#include "words.h"

bool mdm_word_next(struct mdm_cur *c, struct mdm_tok *w)
{
	const char *p = c->p;

	while (mdm_is_space(*p))
		p++;
	if (!*p) {
		c->p = p;
		return false;
	}
	w->p = p;
	while (*p && !mdm_is_space(*p))
		p++;
	w->n = (size_t)(p - w->p);
	c->p = p;
	return true;
}

size_t mdm_words_left(struct mdm_cur c)
{
	struct mdm_tok w;
	size_t n = 0;

	while (mdm_word_next(&c, &w))
		n++;
	return n;
}

/* (inlined into its callers, most with a constant s: 16 bytes less) */
__attribute__((always_inline)) inline bool mdm_tok_is(const struct mdm_tok *w, const char *s)
{
	return strlen(s) == w->n && !memcmp(w->p, s, w->n);
}

bool mdm_tok_is_nocase(const struct mdm_tok *w, const char *s)
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

/* Index of w in names ("a\0b\0", ending in an empty word), or -1. */
static int tok_pick(const struct mdm_tok *w, const char *names)
{
	for (int i = 0; *names; names += strlen(names) + 1, i++)
		if (mdm_tok_is(w, names))
			return i;
	return -1;
}

const char *mdm_word_nth(const char *names, unsigned n)
{
	while (n--)
		names += strlen(names) + 1;
	return names;
}

/* A word's number: any failure is -EINVAL here. */
static int mem_u64(const char *p, size_t n, uint64_t *v)
{
	return mdm_parse_num(p, n, v) ? -EINVAL : 0;
}

int mdm_word_u64(struct mdm_cur *c, uint64_t *v)
{
	struct mdm_tok w;

	if (!mdm_word_next(c, &w))
		return -EINVAL;
	return mem_u64(w.p, w.n, v);
}

int mdm_word_pick(struct mdm_cur *c, const char *names)
{
	struct mdm_tok w;
	int i;

	if (!mdm_word_next(c, &w))
		return -EINVAL;
	i = tok_pick(&w, names);
	return i < 0 ? -EINVAL : i;
}

__attribute__((noinline)) static int tok_copy(const struct mdm_tok *w, char *dst, size_t cap)
{
	if (w->n >= cap)
		return -ENAMETOOLONG;
	memcpy(dst, w->p, w->n);
	dst[w->n] = 0;
	return 0;
}

int mdm_word_copy(struct mdm_cur *c, char *dst, size_t cap)
{
	struct mdm_tok w;

	if (!mdm_word_next(c, &w))
		return -EINVAL;
	return tok_copy(&w, dst, cap);
}

/* Append w to the space-joined list in dst. */
static int join_word(char *dst, size_t cap, const struct mdm_tok *w)
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

int mdm_join_n(struct mdm_cur *c, uint64_t n, char *dst, size_t cap)
{
	struct mdm_tok w;
	int r;

	dst[0] = 0;
	while (n-- && mdm_word_next(c, &w))
		if ((r = join_word(dst, cap, &w)) < 0)
			return r;
	return 0;
}

/* "<n> <word>{n}" with n <= max and n <= the words there. */
int mdm_word_group(struct mdm_cur *c, uint64_t max, uint64_t *n, char *dst, size_t cap)
{
	int r = mdm_word_u64(c, n);

	if (r < 0)
		return r;
	if (*n > max || *n > mdm_words_left(*c))
		return -EINVAL;
	return mdm_join_n(c, *n, dst, cap);
}

/* The struct was zeroed: "-" leaves a bool and its number as they are. */
int mdm_words_read(struct mdm_cur *c, void *st, const struct mdm_step *s, size_t n)
{
	for (; n--; s++) {
		char *f = (char *)st + s->off;
		uint64_t *v = (uint64_t *)(void *)f, k;
		struct mdm_tok w;
		const char *slash;
		int r;

		if (s->op == MDM_W_GROUP) {
			r = mdm_word_group(c, UINT64_MAX, &k, f, s->d);
		} else if (!mdm_word_next(c, &w)) {
			return -EINVAL;
		} else if (s->op == MDM_W_COPY) {
			r = tok_copy(&w, f, s->d);
		} else {
			if (s->op == MDM_W_OPT) {
				if (mdm_tok_is(&w, "-"))
					continue;
				*(bool *)f = true;
				v = (uint64_t *)(void *)(f + s->d);
			} else if (s->op == MDM_W_FRAC) {
				slash = memchr(w.p, '/', w.n);
				if (!slash || mem_u64(w.p, (size_t)(slash - w.p), v) < 0)
					return -EINVAL;
				v = (uint64_t *)(void *)(f + s->d);
				w.n -= (size_t)(slash + 1 - w.p);
				w.p = slash + 1;
			}
			r = mem_u64(w.p, w.n, v);
		}
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- what the thin and cache grammars share ----------------------------- */

int mdm_single_state(const char *line, enum mdm_state *state)
{
	struct mdm_cur c = { line };
	struct mdm_tok w;

	if (!line)
		return -EINVAL;
	if (!mdm_word_next(&c, &w) || mdm_words_left(c))
		return 0;
	if (mdm_tok_is(&w, "Fail"))
		*state = MDM_STATE_FAIL;
	else if (mdm_tok_is(&w, "Error"))
		*state = MDM_STATE_ERROR;
	else
		return 0;
	return 1;
}

const char mdm_check_words[] MDM_ALIGN_AS(char) = "-\0needs_check\0";

bool mdm_block_size_ok(uint64_t bs, uint64_t min)
{
	return bs >= min && bs <= MDM_BS_MAX && !(bs & (min - 1));
}

/* ---- writing ------------------------------------------------------------ */

void mdm_w_mem(struct mdm_wbuf *w, const char *s, size_t n)
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

void mdm_w_str(struct mdm_wbuf *w, const char *s)
{
	mdm_w_mem(w, s, strlen(s));
}

void mdm_w_u64(struct mdm_wbuf *w, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	mdm_w_mem(w, tmp + i, sizeof(tmp) - i);
}

int mdm_w_start(struct mdm_wbuf *w, char *buf, size_t len)
{
	memset(w, 0, sizeof(*w));
	w->p = buf;
	w->len = len;
	if (!len)
		return -ENOSPC;
	buf[0] = 0;
	return 0;
}

int mdm_w_end(struct mdm_wbuf *w)
{
	if (w->err) {
		w->p[0] = 0;
		return w->err;
	}
	w->p[w->off] = 0;
	return 0;
}

void *mdm_grow(void **arr, size_t n, size_t elem)
{
	unsigned char *p = *arr;

	if (!(n & (n - 1)) && !(p = realloc(p, (n ? 2 * n : 1) * elem)))
		return NULL;
	*arr = p;
	return memset(p + n * elem, 0, elem);
}

/* A device field must be a non-empty word that fits its array. */
void mdm_w_dev(struct mdm_wbuf *w, const char *dev)
{
	size_t i, n = strnlen(dev, MDM_DEV_LEN);

	if (!n || n == MDM_DEV_LEN) {
		mdm_w_fail(w, -EINVAL);
		return;
	}
	for (i = 0; i < n; i++)
		if (mdm_is_space(dev[i])) {
			mdm_w_fail(w, -EINVAL);
			return;
		}
	mdm_w_mem(w, dev, n);
}

void mdm_w_dev_sp(struct mdm_wbuf *w, const char *dev)
{
	mdm_w_dev(w, dev);
	mdm_w_str(w, " ");
}

void mdm_w_u64_sp(struct mdm_wbuf *w, uint64_t v)
{
	mdm_w_u64(w, v);
	mdm_w_str(w, " ");
}
