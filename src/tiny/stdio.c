/* stdio.c - stdout and stderr for the minidm binary (not the library; empty
 * in the host builds, which use the system's stdio).
 *
 * musl's FILE machinery (locks, the open-file list, read and seek support,
 * fflush of every stream) costs about 3 KiB; minidm only writes, and only
 * to stdout and stderr.  These follow musl 1.2.3's rules exactly, so the
 * bytes, their order between the two streams and each write() stay as they
 * were:
 *   stdout  a 1024-byte buffer (BUFSIZ), line-buffered until its first
 *           write(): then it asks whether fd 1 is a terminal (TIOCGWINSZ)
 *           and if not is fully buffered from then on;
 *   stderr  unbuffered: each call is one write;
 *   a write that does not fit writes the buffer and the new bytes in one
 *   writev(); a failed write drops the buffer; exit() flushes stdout.
 * Single-threaded: no locks.  fmt.c's vfprintf ends in fwrite.
 */
#ifndef MINIDM_TEST
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

/* musl's stdio.h leaves FILE incomplete: this is the binary's */
struct _IO_FILE {
	unsigned char *buf;
	size_t size, n;             /* buffer size, bytes in it */
	int fd;
	int lbf;                    /* '\n' line-buffered, -1 not */
	int ask_tty;                /* stdout before its first write() */
	int failed;                 /* the last write() failed */
};

static unsigned char out_buf[BUFSIZ];
static FILE out = { out_buf, sizeof(out_buf), 0, 1, '\n', 1, 0 };
static FILE err = { NULL, 0, 0, 2, -1, 0, 0 };
FILE *const stdout = &out;
FILE *const stderr = &err;

/* The buffer, then len bytes of s (musl's __stdio_write): len, or how many
 * of s were written when a write failed. */
static size_t emit(FILE *f, const void *s, size_t len)
{
	struct iovec iov[2] = { { f->buf, f->n }, { (void *)s, len } }, *v = iov;
	size_t rem = f->n + len;
	int cnt = 2;

	if (f->ask_tty) {
		struct winsize ws;
		int e = errno;

		f->ask_tty = 0;
		if (ioctl(f->fd, TIOCGWINSZ, &ws))
			f->lbf = -1;
		errno = e;
	}
	for (;;) {
		ssize_t k = writev(f->fd, v, cnt);

		f->failed = k < 0;
		if (k < 0 || (size_t)k == rem)
			f->n = 0;
		if (k < 0)
			return cnt == 2 ? 0 : len - v->iov_len;
		if ((size_t)k == rem)
			return len;
		rem -= (size_t)k;
		if ((size_t)k > v->iov_len && cnt > 1) {
			k -= (ssize_t)v->iov_len;
			v++;
			cnt--;
		}
		v->iov_base = (char *)v->iov_base + k;
		v->iov_len -= (size_t)k;
	}
}

/* musl's __fwritex: through the buffer, written at its end or up to the
 * last newline when line-buffered */
static size_t put(FILE *f, const unsigned char *s, size_t l)
{
	size_t i = 0;

	if (l > f->size - f->n)
		return emit(f, s, l);
	if (f->lbf >= 0) {
		for (i = l; i && s[i - 1] != '\n'; i--)
			;
		if (i) {
			size_t k = emit(f, s, i);

			if (k < i)
				return k;
			s += i;
			l -= i;
		}
	}
	if (l)
		memcpy(f->buf + f->n, s, l);
	f->n += l;
	return l + i;
}

/* (inlined into printf's flush, its one caller, where size is 1: 80
 * bytes less) */
__attribute__((always_inline)) inline size_t fwrite(const void *restrict s, size_t size, size_t nmemb, FILE *restrict f)
{
	size_t l = size * nmemb, k = put(f, s, l);

	return !size ? 0 : k == l ? nmemb : k / size;
}

int fputs(const char *restrict s, FILE *restrict f)
{
	size_t l = strlen(s);

	return (put(f, (const unsigned char *)s, l) == l) - 1;
}

int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	if (ch != f->lbf && f->n < f->size)
		return f->buf[f->n++] = ch;
	return emit(f, &ch, 1) == 1 ? ch : EOF;
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int puts(const char *s)
{
	return fputs(s, stdout) < 0 || fputc('\n', stdout) < 0 ? EOF : 0;
}

int fflush(FILE *f)
{
	if (!f)
		return fflush(&out) | fflush(&err);
	if (f->n && (emit(f, NULL, 0), f->failed))
		return EOF;
	return 0;
}

#ifndef MINIDM_OWN_START
/* musl's exit runs the destructors (before its own stdio flush); start.c's
 * exit, the binary's on x86_64, flushes stdout itself */
__attribute__((destructor)) static void flush_at_exit(void)
{
	fflush(&out);
}
#endif

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}
#endif
