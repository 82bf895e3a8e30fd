/* fmt.c - the printf engine of the minidm binary (not the library).
 *
 * musl's vfprintf carries floating point formatting (about 8 KiB) that
 * minidm never uses.  This one replaces it for printf, fprintf and friends,
 * which all end in vfprintf, and vsnprintf (snprintf's end), which writes
 * into the caller's buffer without a FILE.  Supported, what minidm uses:
 * flags '-' '0', width and precision (numbers or '*'), length l ll z,
 * conversions d u x X c s %.  Anything else is printed as is.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct out {
	FILE *f;                  /* NULL: into dst, up to room bytes */
	char *dst;
	size_t room;
	size_t n;
	int total;
	char buf[256];
};

static void flush(struct out *o)
{
	size_t k = o->n < o->room ? o->n : o->room;

	if (!o->n)
		return;
	if (o->f) {
		fwrite(o->buf, 1, o->n, o->f);
	} else {
		memcpy(o->dst, o->buf, k);
		o->dst += k;
		o->room -= k;
	}
	o->n = 0;
}

static void put(struct out *o, const char *s, size_t n)
{
	while (n) {
		size_t k = sizeof(o->buf) - o->n;

		if (k > n)
			k = n;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		n -= k;
		o->total += (int)k;
		if (o->n == sizeof(o->buf))
			flush(o);
	}
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, &c, 1);
}

/* One field: sign/prefix, then digits or text, padded to width. */
static void field(struct out *o, const char *pre, const char *s, size_t len, int width,
                  int zeros, bool left, bool zero_pad)
{
	int w = width - (int)(strlen(pre) + len) - zeros;

	if (!left && !zero_pad)
		pad(o, ' ', w);
	put(o, pre, strlen(pre));
	if (!left && zero_pad)
		pad(o, '0', w);
	pad(o, '0', zeros);
	put(o, s, len);
	if (left)
		pad(o, ' ', w);
}

/* The next argument: an unsigned long long (ll), else an unsigned; a
 * signed one has the same bits (int: its low 32), which the caller
 * converts back.  One copy of va_arg's code serves '*' and every number
 * conversion. */
__attribute__((noinline)) static uintmax_t arg(va_list *ap, bool ll)
{
	return ll ? va_arg(*ap, unsigned long long) : va_arg(*ap, unsigned);
}

static int num(const char **p, va_list *ap)
{
	int n = 0;

	if (**p == '*') {
		(*p)++;
		return (int)arg(ap, false);
	}
	while (**p >= '0' && **p <= '9')
		n = n * 10 + *(*p)++ - '0';
	return n;
}

static int format(struct out *o, const char *fmt, va_list ap_in)
{
	va_list ap;

	va_copy(ap, ap_in);
	for (const char *p = fmt; *p; p++) {
		const char *q = p, *s;
		bool left = false, zero = false;
		char digits[24], *d = digits + sizeof(digits);
		int width, prec = -1, lm = 0;
		unsigned base = 10;
		uintmax_t v;
		size_t len;

		if (*p != '%') {
			len = strcspn(p, "%");
			put(o, p, len);
			p += len - 1;
			continue;
		}
		for (p++;; p++) {
			if (*p == '-')
				left = true;
			else if (*p == '0')
				zero = true;
			else
				break;
		}
		width = num(&p, &ap);
		if (width < 0)
			left = true, width = -width;
		if (*p == '.') {
			p++;
			prec = num(&p, &ap);
		}
		for (; *p == 'l' || *p == 'z'; p++)
			lm++;
		/* long long, or int: a long or size_t is one of the two */
		lm = lm > (sizeof(long) == sizeof(int));
		switch (*p) {
		case 'd': {
			uintmax_t a = arg(&ap, lm);
			intmax_t sv = lm ? (intmax_t)a : (int)a;

			v = sv < 0 ? -(uintmax_t)sv : (uintmax_t)sv;
			s = sv < 0 ? "-" : "";
			goto number;
		}
		case 'x': case 'X':
			base = 16;
			/* fall through */
		case 'u':
			v = arg(&ap, lm);
			s = "";
		number:
			do {
				/* a digit has bit 5 set already: lower case but for X */
				*--d = (char)("0123456789ABCDEF"[v % base] | (*p == 'X' ? 0 : 0x20));
				v /= base;
			} while (v);
			len = (size_t)(digits + sizeof(digits) - d);
			field(o, s, d, len, width, prec > (int)len ? prec - (int)len : 0, left,
			      zero && prec < 0);
			break;
		case 'c':
			digits[0] = (char)arg(&ap, false);
			field(o, "", digits, 1, width, 0, left, false);
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			/* (no precision, -1, is SIZE_MAX here: no limit) */
			field(o, "", s, strnlen(s, (size_t)prec), width, 0, left, false);
			break;
		case '%':
			put(o, "%", 1);
			break;
		default:                                   /* unknown: print it */
			put(o, q, (size_t)(p - q + (*p != 0)));
			if (!*p)
				p--;
		}
	}
	va_end(ap);
	flush(o);
	return o->total;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct out o = { .f = f };

	return format(&o, fmt, ap);
}

int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap)
{
	struct out o = { .dst = s, .room = n ? n - 1 : 0 };
	int r = format(&o, fmt, ap);

	if (n)
		*o.dst = 0;
	return r;
}

int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(s, n, fmt, ap);
	va_end(ap);
	return r;
}
