/* resolve.c - a table's "/dev/..." parameters as MAJ:MIN (the device
 * nodes are looked up; the table itself is parsed in parse/table.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Rewrite params with each "/dev/..." word replaced by MAJ:MIN. */
static int resolve_params(char **params, char *msg, size_t msglen)
{
	/* "/dev/x" (6 bytes) becomes at most "4095:1048575" (12 bytes) */
	size_t cap = 2 * strlen(*params) + 1, j = 0;
	char *out = malloc(cap), *p = *params;

	if (!out)
		return -ENOMEM;
	while (*p) {
		size_t w = strcspn(p, " \t");
		char word[4096];
		uint64_t dev;
		int e;

		if (w && !strncmp(p, "/dev/", 5) && w < sizeof(word)) {
			memcpy(word, p, w);
			word[w] = 0;
			e = mdm_devnode_to_devno(word, &dev);
			if (e) {
				snprintf(msg, msglen, "%s: %s", word,
				         e == -ENOTBLK ? "not a block device" : strerror(-e));
				free(out);
				return e;
			}
			j += (size_t)mdm_devno_fmt(out + j, cap - j, dev);
		} else {
			memcpy(out + j, p, w);
			j += w;
		}
		p += w;
		while (*p == ' ' || *p == '\t')
			out[j++] = *p++;
	}
	out[j] = 0;
	free(*params);
	*params = out;
	return 0;
}

int mdm_table_resolve_paths(struct mdm_table *tab, char *msg, size_t msglen)
{
	for (size_t i = 0; i < tab->n; i++) {
		int e = resolve_params(&tab->t[i].params, msg, msglen);

		if (e)
			return e;
	}
	return 0;
}
