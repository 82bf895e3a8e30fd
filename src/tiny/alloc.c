/* alloc.c - a small allocator for the minidm binary (not the library).
 *
 * musl's general-purpose allocator costs about 9 KiB of code; minidm makes
 * a few dozen short-lived allocations per run.  Small blocks come from
 * 64 KiB arenas and go to a first-fit free list; blocks above 32 KiB get a
 * mapping of their own and are unmapped on free.  Not thread-safe: the
 * binary runs one thread at a time (see start.c).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA   ((size_t)64 * 1024)
#define BIG     ((size_t)32 * 1024)
#define ALIGN   16u

struct blk {
	size_t size;            /* usable bytes; low bit: own mapping */
	struct blk *next;       /* free list link (while free) */
};
#define HDR     ALIGN       /* header space kept in front of each block */

static struct blk *free_list;
static unsigned char *arena_pos, *arena_end;

static void *map(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void *malloc(size_t n)
{
	struct blk **pp, *b;
	size_t need;

	if (n > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	n = n ? (n + ALIGN - 1) & ~(size_t)(ALIGN - 1) : ALIGN;
	if (n > BIG) {
		need = (n + HDR + 4095) & ~(size_t)4095;
		b = map(need);
		if (!b)
			return errno = ENOMEM, NULL;
		b->size = (need - HDR) | 1;
		return (unsigned char *)b + HDR;
	}
	for (pp = &free_list; (b = *pp); pp = &b->next)
		if (b->size >= n) {
			*pp = b->next;
			return (unsigned char *)b + HDR;
		}
	if ((size_t)(arena_end - arena_pos) < n + HDR) {
		arena_pos = map(ARENA);
		if (!arena_pos)
			return arena_end = NULL, errno = ENOMEM, NULL;
		arena_end = arena_pos + ARENA;
	}
	b = (struct blk *)arena_pos;
	b->size = n;
	arena_pos += n + HDR;
	return (unsigned char *)b + HDR;
}

void free(void *p)
{
	struct blk *b;

	if (!p)
		return;
	b = (struct blk *)((unsigned char *)p - HDR);
	if (b->size & 1) {
		munmap(b, (b->size & ~(size_t)1) + HDR);
		return;
	}
	b->next = free_list;
	free_list = b;
}

void *calloc(size_t n, size_t m)
{
	void *p;

	if (m && n > SIZE_MAX / m)
		return errno = ENOMEM, NULL;
	p = malloc(n * m);      /* NOLINT(clang-analyzer-optin.portability.UnixAPI): 0 is fine here */
	return p ? memset(p, 0, n * m) : NULL;
}

void *realloc(void *p, size_t n)
{
	size_t have;
	void *q;

	if (!p)
		return malloc(n);
	have = ((struct blk *)((unsigned char *)p - HDR))->size & ~(size_t)1;
	if (n <= have)
		return p;
	q = malloc(n);
	if (q) {
		memcpy(q, p, have);
		free(p);
	}
	return q;
}
