/* units.c - strict numbers and sizes.
 *
 * Grammar:  size   = digits [ "." digits ] [ unit ]
 *           unit   = "s" | "b" | "B"                     sectors, bytes
 *                  | K | M | G | T | P | E  [ "iB" ]      IEC: powers of 1024
 *                  | K | M | G | T | P | E  "B"           SI: powers of 1000
 * (unit letters in either case; "kB" and "KB" are both SI).  No sign, no
 * white space, no overflow: anything else is -EINVAL or -ERANGE.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "../internal.h"
#include "words.h"

int mdm_parse_num(const char *p, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (!n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)p[i] - '0';

		if (d > 9)
			return -EINVAL;
		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

int mdm_parse_u64(const char *s, uint64_t *v)
{
	return s ? mdm_parse_num(s, strlen(s), v) : -EINVAL;
}

int mdm_parse_u32(const char *s, uint32_t *v)
{
	uint64_t x;
	int e = mdm_parse_u64(s, &x);

	if (e)
		return e;
	if (x > UINT32_MAX)
		return -ERANGE;
	*v = (uint32_t)x;
	return 0;
}

/* The multiplier of a unit suffix, or 0 if it is not one. */
static uint64_t unit_mult(const char *u, uint64_t defunit)
{
	static const char letters[] MDM_ALIGN_AS(char) = "kmgtpe";
	const char *l;
	uint64_t base, m = 1;
	int c = *u | 0x20;

	if (!*u)
		return defunit;
	if (!u[1] && c == 's')
		return MDM_SECTOR;
	if (!u[1] && c == 'b')
		return 1;
	l = strchr(letters, c);
	if (!l || !c)
		return 0;
	if (!u[1] || (u[1] == 'i' && (u[2] | 0x20) == 'b' && !u[3]))    /* "", iB, ib */
		base = 1024;
	else if ((u[1] | 0x20) == 'b' && !u[2])                         /* B, b */
		base = 1000;
	else
		return 0;
	for (long i = 0; i <= l - letters; i++)
		m *= base;
	return m;
}

int mdm_parse_size(const char *s, uint64_t defunit, uint64_t *bytes)
{
	uint64_t whole, frac = 0, fdiv = 1, mult;
	const char *p = s;
	int e;

	if (!s)
		return -EINVAL;
	p += strspn(s, "0123456789");
	if ((e = mdm_parse_num(s, (size_t)(p - s), &whole)))
		return e;
	if (*p == '.') {
		if (!(*++p >= '0' && *p <= '9'))
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++)
			if (fdiv < 1000000000000ull) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				fdiv *= 10;
			}
	}
	mult = unit_mult(p, defunit);
	if (!mult)
		return -EINVAL;
	if (whole > UINT64_MAX / mult)
		return -ERANGE;
	*bytes = whole * mult;
	if (frac) {
		/* frac/fdiv * mult is whole only if fdiv over gcd(frac, fdiv)
		 * divides mult; then it is less than mult, no overflow */
		uint64_t g = frac, r = fdiv, f;

		while (r) {
			f = g % r;
			g = r;
			r = f;
		}
		if (mult % (fdiv / g))
			return -EINVAL;  /* not a whole number of bytes */
		f = frac / g * (mult / (fdiv / g));
		if (*bytes + f < *bytes)
			return -ERANGE;
		*bytes += f;
	}
	return 0;
}

int mdm_parse_sectors(const char *s, uint64_t *sectors)
{
	uint64_t b;
	int e = mdm_parse_size(s, MDM_SECTOR, &b);

	if (e)
		return e;
	if (b % MDM_SECTOR)
		return -EINVAL;
	*sectors = b / MDM_SECTOR;
	return 0;
}

char *mdm_fmt_size(uint64_t bytes, char *buf, size_t len)
{
	const char *u;
	unsigned i = 0;

	while (i < 6 && bytes >> 10 * i >= 1024)
		i++;
	u = mdm_word_nth("B\0KiB\0MiB\0GiB\0TiB\0PiB\0EiB", i);
	if (i == 0 || bytes << (64 - 10 * i) == 0)
		snprintf(buf, len, "%llu %s", (unsigned long long)(bytes >> 10 * i), u);
	else
		/* the remainder times 100 needs 67 bits in EiB */
		snprintf(buf, len, "%llu.%02llu %s", (unsigned long long)(bytes >> 10 * i),
		         (unsigned long long)((unsigned __int128)(bytes & ((1ull << 10 * i) - 1)) * 100
		                              >> 10 * i), u);
	return buf;
}

int mdm_parse_devno(const char *s, uint64_t *dev)
{
	const char *colon = strchr(s, ':');
	uint64_t ma;
	uint32_t mi;

	if (!colon || mdm_parse_num(s, (size_t)(colon - s), &ma) || mdm_parse_u32(colon + 1, &mi) ||
	    ma > MDM_MAJOR_MAX || mi > MDM_MINOR_MAX)
		return -EINVAL;
	*dev = mdm_mkdev((uint32_t)ma, mi);
	return 0;
}
