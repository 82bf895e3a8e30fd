/* fuzz.h - what every libFuzzer target shares.
 *
 * Inputs are copied into heap buffers of exactly their size (plus the NUL
 * a string parser needs), so AddressSanitizer sees any read past them.  A
 * broken invariant is a crash: FUZZ_CHECK says which on file descriptor 2
 * (where the sanitizers report, whatever stdio's stderr is) and aborts,
 * and libFuzzer keeps the input.
 */
#ifndef MINIDM_FUZZ_H
#define MINIDM_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(c) do { \
	if (!(c)) { \
		dprintf(2, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #c); \
		abort(); \
	} \
} while (0)

/* For targets whose code prints (usage errors, help): stdio's stdout and
 * stderr go nowhere, file descriptors 1 and 2 stay as they are. */
static inline void fuzz_quiet(void)
{
	FILE *null = fopen("/dev/null", "w");

	if (!null)
		abort();
	stdout = null;
	stderr = null;
}

/* data[0..size) as a NUL-terminated string in its own allocation; an
 * embedded NUL simply ends the string early. */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

/* Pieces of data split at sep, each in its own allocation (pieces may be
 * empty); NULL after the last. */
struct fuzz_split { const uint8_t *p, *end; int done; };

static inline char *fuzz_next(struct fuzz_split *it, uint8_t sep)
{
	const uint8_t *q;
	char *s;

	if (it->done)
		return NULL;
	q = it->p < it->end ? memchr(it->p, sep, (size_t)(it->end - it->p)) : NULL;
	if (!q) {
		q = it->end;
		it->done = 1;
	}
	s = fuzz_str(it->p, (size_t)(q - it->p));
	if (!it->done)
		it->p = q + 1;
	return s;
}

#endif
