/* fmt.c - the printf engine of the minidm binary (not the library).
 *
 * musl's vfprintf carries floating point formatting (about 8 KiB) that
 * minidm never uses.  This one replaces it for printf, fprintf and friends,
 * which all end in vfprintf, and vsnprintf (snprintf's end), which writes
 * into the caller's buffer without a FILE.  Supported: flags '-'
 * '0' ' ' '+', width and precision (numbers or '*'), length hh h l ll z j t,
 * conversions d i u x X o c s p %.  Anything else is printed as is.
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
	char buf[256];
	size_t n;
	int total;
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

static int num(const char **p, va_list *ap)
{
	int n = 0;

	if (**p == '*') {
		(*p)++;
		return va_arg(*ap, int);
	}
	while (**p >= '0' && **p <= '9')
		n = n * 10 + *(*p)++ - '0';
	return n;
}

static int format(struct out *o, const char *fmt, va_list ap_in)
{
	va_list ap;

	va_copy(ap, ap_in);
	for (const char *p = fmt; *p; ) {
		const char *q = strchr(p, '%');
		bool left = false, zero = false, isneg = false;
		char plus = 0, lm = 0, digits[24], *d = digits + sizeof(digits);
		int width, prec = -1, base = 10;
		uintmax_t v;

		if (!q) {
			put(o, p, strlen(p));
			break;
		}
		put(o, p, (size_t)(q - p));
		p = q + 1;
		for (;; p++) {
			if (*p == '-') left = true;
			else if (*p == '0') zero = true;
			else if (*p == '+' || *p == ' ') plus = (char)(plus == '+' ? '+' : *p);
			else break;
		}
		width = num(&p, &ap);
		if (width < 0)
			left = true, width = -width;
		if (*p == '.') {
			p++;
			prec = num(&p, &ap);
		}
		while (strchr("hlzjt", *p) && *p)
			lm = (char)(lm == 'l' && *p == 'l' ? 'L' : lm == 'h' && *p == 'h' ? 'H' : *p), p++;
		switch (*p) {
		case 'd': case 'i': {
			intmax_t s = lm == 'L' || lm == 'j' ? va_arg(ap, long long) :
			             lm == 'l' || lm == 'z' || lm == 't' ? va_arg(ap, long) : va_arg(ap, int);

			if (lm == 'h') s = (short)s;
			if (lm == 'H') s = (signed char)s;    /* NOLINT(bugprone-signed-char-misuse): %hhd */
			isneg = s < 0;
			v = isneg ? -(uintmax_t)s : (uintmax_t)s;
			goto number;
		}
		case 'x': case 'X': base = 16; goto unsig;
		case 'o': base = 8; goto unsig;
		case 'p': base = 16; lm = 'l'; plus = 'x'; goto unsig;
		case 'u':
		unsig:
			v = lm == 'L' || lm == 'j' ? va_arg(ap, unsigned long long) :
			    lm == 'l' || lm == 'z' || lm == 't' ? va_arg(ap, unsigned long) :
			    va_arg(ap, unsigned);
			if (lm == 'h') v = (unsigned short)v;
			if (lm == 'H') v = (unsigned char)v;
		number:
			do {
				*--d = "0123456789abcdef"[v % (unsigned)base];
				if (*p == 'X' && *d > '9')
					*d = (char)(*d - 32);
				v /= (unsigned)base;
			} while (v);
			field(o, *p == 'p' ? "0x" : isneg ? "-" : (plus && *p == 'd') ? (plus == '+' ? "+" : " ") : "",
			      d, (size_t)(digits + sizeof(digits) - d), width,
			      prec > (int)(digits + sizeof(digits) - d) ? prec - (int)(digits + sizeof(digits) - d) : 0,
			      left, zero && prec < 0);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			field(o, "", &c, 1, width, 0, left, false);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t len;

			if (!s)
				s = "(null)";
			len = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
			field(o, "", s, len, width, 0, left, false);
			break;
		}
		case '%':
			put(o, "%", 1);
			break;
		default:                                   /* unknown: print it */
			put(o, q, (size_t)(p - q + (*p != 0)));
			if (!*p)
				p--;
		}
		p++;
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
