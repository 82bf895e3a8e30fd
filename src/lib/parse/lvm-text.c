/* lvm-text.c - the text format of LVM2 metadata (libdm's config syntax)
 * into a tree in an arena.
 *
 *   file    = { item }
 *   item    = key "{" { item } "}"  |  key "=" value
 *   value   = scalar | "[" [ scalar { [","] scalar } ] "]"
 *   scalar  = integer | float | '"' chars '"' | "'" chars "'" | word
 *   key, word: a run of characters other than blanks and # = { } [ ] , " '
 *   integer: [+-] decimal, 0x hex or 0 octal (as strtoll base 0); a number
 *            with a '.' is a float, kept as written
 *   "..." knows the escapes \" and \\; '...' none; '#' comments to the
 *   end of the line.
 *
 * A key given twice in one section keeps its first place and takes its
 * last value, as lvm does.  Caps: MDM_LVM_MAX_DEPTH nested sections, and
 * the arena's size.
 */
#include <errno.h>
#include <string.h>
#include "minidm-lvm.h"

struct lx {
	const char *p, *end;
	const char *tb, *te;            /* the last token's text */
	unsigned line;
	struct mdm_lvm_arena *a;
};

void *mdm_lvm_alloc(struct mdm_lvm_arena *a, size_t n)
{
	size_t at = (a->used + 7) & ~(size_t)7;
	void *p;

	if (at < a->used || at > a->size || a->size - at < n)
		return NULL;
	p = a->base + at;
	a->used = at + n;
	memset(p, 0, n);
	return p;
}

/* Not blank nor one of # = { } [ ] , " ' (a bit each: this runs for
 * every character of a word, where strchr on the set cost half the
 * parse's instructions) */
static bool word_char(char c)
{
	static const uint64_t stop[2] MDM_ALIGN_AS(uint64_t) = {
		1ull << '#' | 1ull << '=' | 1ull << ',' | 1ull << '"' | 1ull << '\'',
		1ull << ('{' - 64) | 1ull << ('}' - 64) | 1ull << ('[' - 64) | 1ull << (']' - 64) };
	unsigned char u = (unsigned char)c;

	return u > ' ' && (u > 127 || !(stop[u >> 6] >> (u & 63) & 1));
}

/* The next token: one of = { } [ ], '"' or '\'' (a string), 'w' (a word
 * or number), 0 at the end, -1 for an unterminated string. */
static int token(struct lx *x)
{
	const char *p = x->p;
	char q;

	for (;; p++) {
		if (p < x->end && *p == '#')
			while (p < x->end && *p != '\n')
				p++;
		if (p >= x->end || (unsigned char)*p > ' ')
			break;
		x->line += *p == '\n';
	}
	x->tb = p;
	if (p >= x->end) {
		x->p = p;
		return 0;
	}
	q = *p;
	if (q == '"' || q == '\'') {
		for (p++; p < x->end && *p != q; p++) {
			x->line += *p == '\n';
			if (*p == '\\' && q == '"' && p + 1 < x->end)
				p++;
		}
		if (p >= x->end)
			return -1;
		x->te = ++p;
	} else if (word_char(q)) {
		while (p < x->end && word_char(*p))
			p++;
		x->te = p;
	} else {
		x->te = ++p;
	}
	x->p = p;
	return q == '"' || q == '\'' ? q : word_char(q) ? 'w' : q;
}

static char *copy(struct lx *x, const char *b, const char *e, bool unescape)
{
	char *s = mdm_lvm_alloc(x->a, (size_t)(e - b) + 1), *o = s;

	if (!s)
		return NULL;
	for (; b < e; b++) {
		if (unescape && *b == '\\' && b + 1 < e && (b[1] == '"' || b[1] == '\\'))
			b++;
		*o++ = *b;
	}
	return s;
}

/* strtoll base 0, all of [b, e), no overflow */
static int integer(const char *b, const char *e, int64_t *v)
{
	bool neg = b < e && *b == '-';
	unsigned base = 10, d;
	uint64_t n = 0, lim;

	b += b < e && (*b == '-' || *b == '+');
	if (e - b > 2 && b[0] == '0' && (b[1] | 32) == 'x')
		b += 2, base = 16;
	else if (e - b > 1 && b[0] == '0')
		base = 8;
	if (b == e)
		return -EINVAL;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; b < e; b++) {
		d = *b >= '0' && *b <= '9' ? (unsigned)(*b - '0') :
		    (*b | 32) >= 'a' && (*b | 32) <= 'f' ? (unsigned)((*b | 32) - 'a' + 10) : 99;
		if (d >= base || n > (lim - d) / base)
			return -EINVAL;
		n = n * base + d;
	}
	*v = neg ? (int64_t)(0 - n) : (int64_t)n;
	return 0;
}

static int scalar(struct lx *x, int tok, struct mdm_lvm_node *n)
{
	const char *b = x->tb, *e = x->te;

	if (tok == '"' || tok == '\'') {
		n->type = MDM_LVM_STR;
		n->str = copy(x, b + 1, e - 1, tok == '"');
	} else if (tok != 'w') {
		return -EINVAL;
	} else if (!strchr("0123456789+-.", *b)) {
		n->type = MDM_LVM_STR;          /* a bare word */
		n->str = copy(x, b, e, false);
	} else if (memchr(b, '.', (size_t)(e - b))) {
		n->type = MDM_LVM_FLOAT;
		n->str = copy(x, b, e, false);
	} else {
		n->type = MDM_LVM_INT;
		return integer(b, e, &n->num);
	}
	return n->str ? 0 : -ENOSPC;
}

static int array(struct lx *x, struct mdm_lvm_node *n)
{
	struct mdm_lvm_node **tail = &n->child;
	int tok, e;

	n->type = MDM_LVM_ARRAY;
	while ((tok = token(x)) != ']') {
		if (tok == ',' && tail != &n->child)
			tok = token(x);
		if (!(*tail = mdm_lvm_alloc(x->a, sizeof(**tail))))
			return -ENOSPC;
		if ((e = scalar(x, tok, *tail)))
			return e;
		tail = &(*tail)->next;
	}
	return 0;
}

static int items(struct lx *x, struct mdm_lvm_node *sec, unsigned depth);

/* key already read: "{ items }" or "= value" into n */
static int item(struct lx *x, struct mdm_lvm_node *n, unsigned depth)
{
	int tok = token(x);

	if (tok == '{') {
		if (depth >= MDM_LVM_MAX_DEPTH)
			return -E2BIG;
		n->type = MDM_LVM_SECTION;
		return items(x, n, depth + 1);
	}
	if (tok != '=')
		return -EINVAL;
	tok = token(x);
	return tok == '[' ? array(x, n) : scalar(x, tok, n);
}

/* Members of sec up to its "}" (or the end of the text at depth 0). */
static int items(struct lx *x, struct mdm_lvm_node *sec, unsigned depth)
{
	struct mdm_lvm_node **tail = &sec->child, *n, *old;
	int tok, e;

	while ((tok = token(x)) != (depth ? '}' : 0)) {
		if (tok != 'w')
			return -EINVAL;
		if (!(n = mdm_lvm_alloc(x->a, sizeof(*n))) ||
		    !(n->key = copy(x, x->tb, x->te, false)))
			return -ENOSPC;
		if ((e = item(x, n, depth)))
			return e;
		for (old = sec->child; old && strcmp(old->key, n->key); old = old->next)
			;
		if (old) {                      /* last value, first place */
			n->next = old->next;
			*old = *n;
			continue;
		}
		*tail = n;
		tail = &n->next;
	}
	return 0;
}

int mdm_lvm_parse(const char *text, size_t len, struct mdm_lvm_arena *a,
                  const struct mdm_lvm_node **root, unsigned *line)
{
	const char *nul = memchr(text, 0, len);
	struct lx x = { .p = text, .end = nul ? nul : text + len, .line = 1, .a = a };
	struct mdm_lvm_node *r = mdm_lvm_alloc(a, sizeof(*r));
	int e;

	if (!r)
		return -ENOSPC;
	r->type = MDM_LVM_SECTION;
	e = items(&x, r, 0);
	if (line)
		*line = x.line;
	*root = r;
	return e;
}

bool mdm_lvm_other_first(const char *text, size_t len, const char *name)
{
	struct lx x = { .p = text, .end = text + strnlen(text, len) };
	size_t n = strlen(name);

	return token(&x) == 'w' && ((size_t)(x.te - x.tb) != n || memcmp(x.tb, name, n)) &&
	       token(&x) == '{';
}

const struct mdm_lvm_node *mdm_lvm_get(const struct mdm_lvm_node *sec, const char *key,
                                       int type)
{
	const struct mdm_lvm_node *n = sec && sec->type == MDM_LVM_SECTION ? sec->child : NULL;

	for (; n; n = n->next)
		if (!strcmp(n->key, key))
			return !type || n->type == type ? n : NULL;
	return NULL;
}

int mdm_lvm_get_u64(const struct mdm_lvm_node *sec, const char *key, uint64_t *v)
{
	const struct mdm_lvm_node *n = mdm_lvm_get(sec, key, 0);

	if (!n)
		return -ENOENT;
	if (n->type != MDM_LVM_INT || n->num < 0)
		return -EINVAL;
	*v = (uint64_t)n->num;
	return 0;
}

int mdm_lvm_get_str(const struct mdm_lvm_node *sec, const char *key, const char **s)
{
	const struct mdm_lvm_node *n = mdm_lvm_get(sec, key, 0);

	if (!n)
		return -ENOENT;
	if (n->type != MDM_LVM_STR)
		return -EINVAL;
	*s = n->str;
	return 0;
}
