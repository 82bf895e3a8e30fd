/* string.c - plain stand-ins for musl's string functions, in the minidm
 * binary only (empty in the host builds).
 *
 * musl's are word-at-a-time and pull in one another (strchr calls
 * strchrnul, strcpy stpcpy, strrchr memrchr, strtok_r strspn and strcspn
 * with a 32-byte bitmap each); minidm's strings are a few hundred bytes at
 * most, so byte loops do, at a fraction of the code.  Each returns what
 * C and musl return for every input (tests/unit/libc_check.c).
 */
#ifndef MINIDM_TEST
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i])
		i++;
	return i;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *r = NULL;

	do
		if (*s == (char)c)
			r = s;
	while (*s++);
	return (char *)r;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	if (!n)
		return 0;
	while (--n && *a && *a == *b)
		a++, b++;
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

char *strcpy(char *restrict d, const char *restrict s)
{
	char *r = d;

	while ((*d++ = *s++))
		;
	return r;
}

char *strcat(char *restrict d, const char *restrict s)
{
	strcpy(d + strlen(d), s);
	return d;
}

char *strndup(const char *s, size_t n)
{
	char *d;

	n = strnlen(s, n);
	d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

__attribute__((noinline)) char *strdup(const char *s)
{
	return strndup(s, SIZE_MAX);
}

/* musl's is assembly that jumps to its memcpy for a forward copy (87
 * bytes, each aligned to 16); the callers here move a few hundred bytes
 * at most.  Forward when d is below s or past s + n, else backward. */
void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *x = d;
	const unsigned char *y = s;

	if ((uintptr_t)x - (uintptr_t)y >= n)
		for (size_t i = 0; i < n; i++)
			x[i] = y[i];
	else
		while (n--)
			x[n] = y[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

static int lower(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 'A' && u <= 'Z' ? u | 32 : u;
}

/* in the C locale, as musl's */
int strcasecmp(const char *a, const char *b)
{
	int x, y;

	do
		x = lower(*a++), y = lower(*b++);
	while (x && x == y);
	return x - y;
}

/* the length of the run of s made of (accept) or free of (!accept) the
 * bytes of set */
static size_t span(const char *s, const char *set, int accept)
{
	size_t n = 0;

	while (s[n] && !strchr(set, s[n]) == !accept)
		n++;
	return n;
}

size_t strspn(const char *s, const char *set)
{
	return span(s, set, 1);
}

size_t strcspn(const char *s, const char *set)
{
	return span(s, set, 0);
}

char *strpbrk(const char *s, const char *set)
{
	s += span(s, set, 0);
	return *s ? (char *)s : NULL;
}

char *strtok_r(char *restrict s, const char *restrict sep, char **restrict p)
{
	if (!s && !(s = *p))
		return NULL;
	s += span(s, sep, 1);
	if (!*s)
		return *p = NULL;
	*p = s + span(s, sep, 0);
	if (**p)
		*(*p)++ = 0;
	else
		*p = NULL;
	return s;
}
#endif
