/* table.c - tables as data: add, free, and parse dmsetup's text form.
 *
 *   table = { line "\n" }
 *   line  = blank* [ "#" anything | START LENGTH TYPE [ PARAMS ] [ "#" anything ] ] blank*
 * (blank: space, tab, CR).  As dmsetup: a '#' after TYPE starts a comment,
 * and a table of no lines, blank lines or comments only is empty (a
 * device without a table: n is 0).  Each START is where the previous
 * line ended (the first is 0), LENGTH > 0 and the end fits in 64 bits;
 * TYPE is at most DM_MAX_TYPE_NAME - 1 bytes; PARAMS is the rest of the
 * line up to a '#', without its trailing blanks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minidm.h"

void mdm_table_free(struct mdm_table *tab)
{
	for (size_t i = 0; i < tab->n; i++)
		free(tab->t[i].params);
	free(tab->t);
	memset(tab, 0, sizeof(*tab));
}

int mdm_table_add(struct mdm_table *tab, uint64_t start, uint64_t length,
                 const char *type, const char *params)
{
	struct mdm_target *t;

	if (strlen(type) >= DM_MAX_TYPE_NAME)
		return -ENAMETOOLONG;
	if (tab->n == tab->cap) {
		size_t c = tab->cap ? tab->cap * 2 : 4;

		t = realloc(tab->t, c * sizeof(*t));
		if (!t)
			return -ENOMEM;
		tab->t = t;
		tab->cap = c;
	}
	t = &tab->t[tab->n];
	memset(t, 0, sizeof(*t));
	t->params = strdup(params ? params : "");
	if (!t->params)
		return -ENOMEM;
	t->start = start;
	t->length = length;
	strcpy(t->type, type);
	tab->n++;
	return 0;
}

uint64_t mdm_table_size(const struct mdm_table *tab)
{
	return tab->n ? tab->t[tab->n - 1].start + tab->t[tab->n - 1].length : 0;
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* One word into buf; -EINVAL when missing or too long. */
static int word(const char **pp, const char *end, char *buf, size_t len)
{
	const char *p = skip_ws(*pp, end), *s = p;

	while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
		p++;
	if (p == s || (size_t)(p - s) >= len)
		return -EINVAL;
	memcpy(buf, s, (size_t)(p - s));
	buf[p - s] = 0;
	*pp = p;
	return 0;
}

static int parse_line(struct mdm_table *tab, const char *p, const char *end,
                      char *msg, size_t msglen)
{
	char a[24], b[24], type[DM_MAX_TYPE_NAME], *params;
	uint64_t start, len;
	int e;

	if (word(&p, end, a, sizeof(a)) || mdm_parse_u64(a, &start))
		return snprintf(msg, msglen, "bad start sector"), -EINVAL;
	if (word(&p, end, b, sizeof(b)) || mdm_parse_u64(b, &len) || !len)
		return snprintf(msg, msglen, "bad length"), -EINVAL;
	if (word(&p, end, type, sizeof(type)))
		return snprintf(msg, msglen, "missing or too long target type"), -EINVAL;
	if (start != mdm_table_size(tab))
		return snprintf(msg, msglen, "start %s leaves a gap or overlaps: expected %llu",
		                a, (unsigned long long)mdm_table_size(tab)), -EINVAL;
	if (start + len < start)
		return snprintf(msg, msglen, "length overflows"), -EINVAL;
	p = skip_ws(p, end);
	if (memchr(p, '#', (size_t)(end - p)))
		end = memchr(p, '#', (size_t)(end - p));
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	params = strndup(p, (size_t)(end - p));
	if (!params)
		return -ENOMEM;
	e = mdm_table_add(tab, start, len, type, params);
	free(params);
	return e;
}

int mdm_table_parse(struct mdm_table *tab, const char *text, size_t *errline,
                   char *msg, size_t msglen)
{
	size_t line = 0;

	memset(tab, 0, sizeof(*tab));
	while (*text) {
		const char *nl = strchr(text, '\n'), *end = nl ? nl : text + strlen(text);
		const char *p = skip_ws(text, end);
		int e;

		line++;
		if (p < end && *p != '#') {
			e = parse_line(tab, p, end, msg, msglen);
			if (e) {
				*errline = line;
				mdm_table_free(tab);
				return e;
			}
		}
		text = nl ? nl + 1 : end;
	}
	return 0;
}
