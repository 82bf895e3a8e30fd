/* The binary's stdout and stderr (src/tiny/stdio.c) against musl's: this
 * file is built twice, with src/tiny/stdio.c (stdio_check) and with musl's
 * own stdio (stdio_check_musl), both with the binary's printf engine
 * (src/tiny/fmt.c), and the same expectations must hold for both.  A child
 * writes with stdout and stderr on one SOCK_SEQPACKET socket, so that each
 * write() arrives as one packet: the transcript shows the bytes, their
 * order between the streams and where each write() began ("|"). */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "t.h"

static char got[8192];

/* run fn in a child whose fds 1 and 2 are one seqpacket socket; the packets */
static const char *transcript(void (*fn)(void))
{
	size_t n = 0;
	ssize_t k;
	int sv[2], st;
	pid_t pid;

	fflush(stdout);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		return "socketpair failed";
	pid = fork();
	if (pid == 0) {
		dup2(sv[1], 1);
		dup2(sv[1], 2);
		close(sv[0]);
		close(sv[1]);
		fn();
		exit(0);
	}
	close(sv[1]);
	while (n + 1 < sizeof(got) && (k = recv(sv[0], got + n + 1, sizeof(got) - n - 2, 0)) > 0) {
		got[n] = '|';
		n += (size_t)k + 1;
	}
	got[n] = 0;
	close(sv[0]);
	waitpid(pid, &st, 0);
	return got;
}

/* the first newline writes (musl asks whether stdout is a tty then), then
 * stdout is fully buffered; stderr writes each call at once */
static void mixed(void)
{
	printf("a");
	fputs("b\nc", stdout);
	fprintf(stderr, "E%d\n", 1);
	printf("d\n");
	putchar('x');
	fputc('\n', stderr);
	puts("p");
	fputs("", stderr);
	fflush(stdout);
	fflush(stdout);
	fwrite("q\n", 1, 2, stdout);
	fputs("err", stderr);
	printf("tail");
}

/* exit flushes, _exit does not */
static void at_exit_flush(void)
{
	printf("x\ny");
}

static void no_flush(void)
{
	printf("x\ny");
	_exit(0);
}

/* a buffer of 1024: what does not fit goes out with the buffer in one write */
static void full(void)
{
	static char big[1100];

	memset(big, 'b', sizeof(big));
	printf("\n");
	fwrite(big, 1, 1000, stdout);
	fwrite(big, 1, 100, stdout);        /* 1100 in one write */
	for (int i = 0; i < 1025; i++)
		putchar('c');               /* the 1025th with the 1024 before it */
	fwrite(big, 1, 1024, stdout);   /* exactly the room: buffered */
	fwrite(big, 1, 1, stdout);      /* written with the 1024 */
	fwrite(big, 1, 0, stdout);
	fwrite(big, 0, 5, stdout);
	fflush(stdout);
	fwrite(big, 1, 1100, stdout);   /* more than the buffer: at once */
	fprintf(stderr, "%300s\n", "e");    /* the printf engine writes 256 at a time */
	fputs("", stdout);
}

/* a packet of n bytes, all c, at the start of *p: advance past it */
static int packet(const char **p, char c, size_t n)
{
	if (**p != '|')
		return 0;
	for (++*p; n; n--, ++*p)
		if (**p != c)
			return 0;
	return 1;
}

static void check_seqpacket(void)
{
	const char *t;

	T_EQ_STR(transcript(mixed), "|ab\n|E1\n|\n|cd\nxp\n|err|q\ntail");
	T_EQ_STR(transcript(at_exit_flush), "|x\n|y");
	T_EQ_STR(transcript(no_flush), "|x\n");
	t = transcript(full);
	T_CHECK(packet(&t, '\n', 1));
	T_CHECK(packet(&t, 'b', 1100));
	T_CHECK(packet(&t, 'c', 1025));
	T_CHECK(packet(&t, 'b', 1025));
	T_CHECK(packet(&t, 'b', 1100));
	T_CHECK(packet(&t, ' ', 256));
	T_CHECK(packet(&t, ' ', 43));
	T_EQ_STR(t, "e\n");
}

/* the return values callers may look at, with fds 1 and 2 on a socket,
 * then on /dev/full (a failed write: EOF, and the buffer is dropped) */
static void returns(long *r)
{
	static const char big[2048] = "abcdef";
	int fd = open("/dev/full", O_WRONLY);

	*r++ = fputs("ab", stdout);
	*r++ = (long)fwrite(big, 2, 3, stdout);
	*r++ = (long)fwrite(big, 0, 3, stdout);
	*r++ = fputc(0x141, stdout);
	*r++ = putchar('\n');
	*r++ = puts("x");
	*r++ = printf("%d", 12);
	*r++ = fflush(stdout);
	*r++ = fflush(stdout);
	*r++ = fputc('\n', stderr);
	dup2(fd, 1);
	dup2(fd, 2);
	*r++ = fputs("lost", stdout);
	*r++ = fflush(stdout);
	*r++ = fflush(stdout);
	*r++ = fputc('\n', stderr);
	*r++ = fputs("x", stderr);
	*r++ = (long)fwrite(big, 1, 2, stderr);
	*r++ = (long)fwrite(big, 1, 2048, stdout);
	*r++ = fputs("kept", stdout);
	*r++ = fflush(NULL);
	*r = fd >= 0;
}

/* in a child (fresh streams); its verdict comes back as its exit status */
static void check_returns(void)
{
	static const long want[] = { 0, 3, 0, 0x41, '\n', 0, 2, 0, 0, '\n',
		0, EOF, 0, EOF, EOF, 0, 0, 0, EOF, 1 };
	long r[sizeof(want) / sizeof(*want)];
	int st = 0, sv[2];
	pid_t pid;

	fflush(stdout);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		return;
	pid = fork();
	if (pid == 0) {
		int e1 = dup(1), e2 = dup(2);

		dup2(sv[1], 1);
		dup2(sv[1], 2);
		returns(r);
		dup2(e1, 1);
		dup2(e2, 2);
		for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
			if (r[i] != want[i])
				fprintf(stderr, "returns: value %zu is %ld, want %ld\n", i, r[i], want[i]);
		_exit(memcmp(r, want, sizeof(r)) != 0);
	}
	close(sv[1]);
	waitpid(pid, &st, 0);
	close(sv[0]);
	T_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* on a terminal stdout stays line-buffered */
static void check_tty(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), go[2], done[2], st;
	char buf[64];
	struct termios tio;
	pid_t pid;
	size_t n = 0;

	if (m < 0 || grantpt(m) || unlockpt(m) || pipe(go) || pipe(done))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int s = open(ptsname(m), O_RDWR | O_NOCTTY);

		tcgetattr(s, &tio);
		cfmakeraw(&tio);
		tcsetattr(s, TCSANOW, &tio);
		dup2(s, 1);
		printf("a");
		printf("b\nc");             /* "ab\n" now, "c" kept */
		fputc('\n', stdout);        /* "c\n" */
		printf("d");
		close(go[0]);
		close(done[1]);
		close(go[1]);               /* the parent reads what came so far */
		read(done[0], buf, 1);      /* until it closes done */
		_exit(0);                   /* "d" never */
	}
	close(go[1]);
	close(done[0]);
	read(go[0], buf, 1);
	close(go[0]);
	for (struct pollfd p = { m, POLLIN, 0 }; n + 1 < sizeof(buf) && poll(&p, 1, 300) > 0; ) {
		ssize_t k = read(m, buf + n, sizeof(buf) - 1 - n);

		if (k <= 0)
			break;
		n += (size_t)k;
	}
	buf[n] = 0;
	close(done[1]);
	waitpid(pid, &st, 0);
	close(m);
	T_EQ_STR(buf, "ab\nc\n");
}

int main(void)
{
	check_seqpacket();
	check_returns();
	check_tty();
	return t_done();
}
