/* ctx.c - the DM context: the control node, the version check, errors and
 * the one function that issues ioctls. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "transport.h"

#define CONTROL        "/dev/mapper/control"
#define MISC_MAJOR     10
#define MAPPER_MINOR   236

/* s (NULL: "") into d[n], cut to fit */
static void put(char *d, size_t n, const char *s)
{
	size_t i = 0;

	while (s && s[i] && i < n - 1) {
		d[i] = s[i];
		i++;
	}
	d[i] = 0;
}

int mdm_fail(struct mdm_ctx *ctx, int errnum, const char *op, const char *dev,
            const char *fmt, ...)
{
	struct mdm_err *e = &ctx->err;

	if (errnum < 0)
		errnum = -errnum;
	e->errnum = errnum ? errnum : EIO;
	put(e->op, sizeof(e->op), op);
	put(e->dev, sizeof(e->dev), dev);
	e->detail[0] = 0;
	e->kernel = false;
	if (fmt) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
		va_end(ap);
	}
	return -e->errnum;
}

const char *mdm_errmsg(const struct mdm_ctx *ctx, char *buf, size_t len)
{
	const struct mdm_err *e = &ctx->err;

	snprintf(buf, len, "%s%s%s%s%s%s", e->op, *e->op ? ": " : "",
	         strerror(e->errnum), *e->detail ? " (" : "", e->detail,
	         *e->detail ? ")" : "");
	return buf;
}

const char *mdm_id_label(const struct mdm_id *id, char *buf, size_t len)
{
	if (id && id->uuid && *id->uuid)
		snprintf(buf, len, "uuid %s", id->uuid);
	else if (id && !(id->name && *id->name))
		snprintf(buf, len, "%u:%u", id->major, id->minor);
	else
		put(buf, len, id ? id->name : NULL);
	return buf;
}

/* The misc device number of device-mapper: sysfs says, else the fixed one
 * (opening it autoloads dm-mod).  dev_t is mdm_mkdev's encoding. */
static dev_t control_devno(void)
{
	char b[32];
	uint64_t dev;

	if (mdm_read_small("/sys/class/misc/device-mapper/dev", b, sizeof(b)) ||
	    mdm_parse_devno(b, &dev))
		dev = MISC_MAJOR << 8 | MAPPER_MINOR;   /* makedev(10, 236) */
	return (dev_t)dev;
}

static int open_control(void)
{
	int fd;

#ifdef MINIDM_TEST
	/* host builds of the CLI (tests/bad): the control node the test names,
	 * never the host's own, and nothing made in /dev */
	if (getenv("MINIDM_CONTROL"))
		return open(getenv("MINIDM_CONTROL"), O_RDWR | O_CLOEXEC);
#endif
	fd = open(CONTROL, O_RDWR | O_CLOEXEC);
	if (fd >= 0 || errno != ENOENT)
		return fd;
	mkdir("/dev/mapper", 0755);
	if (mknod(CONTROL, S_IFCHR | 0600, control_devno()) < 0 && errno != EEXIST)
		return -1;
	return open(CONTROL, O_RDWR | O_CLOEXEC);
}

/* The interface version, asked once when the context opens (the same
 * ioctl as mdm_version, issued here so that the transport needs nothing
 * from the layers above it). */
__attribute__((always_inline))
static inline int version(struct mdm_ctx *ctx)
{
	_Alignas(8) unsigned char buf[sizeof(struct dm_ioctl)];
	struct mdm_req r;
	struct dm_ioctl *h = NULL;
	int e;

	mdm_req_init(&r, buf, sizeof(buf), 0);
	e = mdm_run(ctx, DM_VERSION_CMD, &r, "version", NULL, &h);
	if (!e && h)
		memcpy(ctx->version, h->version, sizeof(ctx->version));
	return e;
}

__attribute__((noinline)) int mdm_open(struct mdm_ctx *ctx)
{
	int e;

	memset(ctx, 0, sizeof(*ctx));
	ctx->fd = open_control();
	if (ctx->fd < 0)
		return mdm_fail(ctx, errno, "open " CONTROL, NULL,
		               errno == ENXIO || errno == ENODEV ? "is dm-mod loaded?" : NULL);
	e = version(ctx);
	if (e) {
		mdm_close(ctx);
		ctx->fd = -1;
		return e;
	}
	if (ctx->version[0] != DM_VERSION_MAJOR) {
		mdm_close(ctx);
		return mdm_fail(ctx, EPROTO, "version", NULL, "kernel DM interface %u.%u, need 4.x",
		               ctx->version[0], ctx->version[1]);
	}
	return 0;
}

void mdm_close(struct mdm_ctx *ctx)
{
	if (ctx->fd >= 0)
		close(ctx->fd);
	ctx->fd = -1;
	free(ctx->buf);
	ctx->buf = NULL;
	ctx->cap = 0;
}

/* Commands whose reply carries data after the header. */
#define REPLY_DATA (1u << DM_LIST_DEVICES_CMD | 1u << DM_TABLE_DEPS_CMD | \
                    1u << DM_TABLE_STATUS_CMD | 1u << DM_LIST_VERSIONS_CMD | \
                    1u << DM_TARGET_MSG_CMD | 1u << DM_DEV_WAIT_CMD | \
                    1u << DM_GET_TARGET_VERSION_CMD)

static int reserve_reply(struct mdm_ctx *ctx, size_t want)
{
	void *p;

	if (ctx->cap >= want)
		return 0;
	/* One device's (a page at most) written once here: the kernel reads
	 * the whole buffer in before it writes the reply, which would map
	 * pages never written to the zero page, and the next allocation there
	 * paid a copy-on-write fault (traced under TCG: 130 us, ten times a
	 * first write's fault).  Not a list's: written whole, all of it would
	 * be resident, not only what the kernel wrote. */
	p = want <= 4096 ? calloc(1, want) : malloc(want);     /* 16-byte aligned */
	if (!p)
		return -ENOMEM;
	free(ctx->buf);
	ctx->buf = p;
	ctx->cap = want;
	return 0;
}

#if defined(__x86_64__) && !defined(MINIDM_TEST)
/* The work in a thread: clone(2) without libc, the thread's stack at sp
 * holding the argument and the function; it calls it and exits, and the
 * kernel clears *tid then and wakes its futex (CLONE_CHILD_CLEARTID).
 * The caller's thread meanwhile only issues the ioctl and waits for that:
 * it touches no libc state until the thread is gone, so the thread may
 * (errno and the thread pointer are shared). */
__attribute__((naked)) static long clone_call(long *sp, volatile int *tid)
{
	__asm__ volatile(
		"mov %rsi, %r10\n\t"
		"mov %rdi, %rsi\n\t"
		"mov $0x250f00, %edi\n\t"   /* VM FS FILES SIGHAND THREAD SYSVSEM CHILD_CLEARTID */
		"xor %edx, %edx\n\t"
		"xor %r8d, %r8d\n\t"
		"mov $56, %eax\n\t"          /* clone */
		"syscall\n\t"
		"test %rax, %rax\n\t"
		"jnz 1f\n\t"
		"pop %rdi\n\t"
		"pop %rax\n\t"
		"call *%rax\n\t"
		"mov $60, %eax\n\t"          /* exit: the thread only */
		"xor %edi, %edi\n\t"
		"syscall\n"
		"1:\tret");
}

static long sys3(long n, long a, long b, long c)
{
	register long r10 __asm__("r10") = 0;
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "0"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
	                 : "rcx", "r11", "memory");
	return r;
}

/* The ioctl here, the work beside it in a thread: on one CPU the thread
 * runs while the ioctl waits in the kernel. */
static int ioctl_beside(struct mdm_ctx *ctx, unsigned long nr, void *arg,
                        void (*beside)(struct mdm_ctx *))
{
	/* 8 KiB, bss; page-aligned as every cold buffer (Makefile) */
	static _Alignas(4096) long stack[1024];
	static volatile int tid;
	long *sp = stack + 1022, r;
	int t;

	sp[0] = (long)ctx, sp[1] = (long)beside;
	tid = 1;
	if (clone_call(sp, &tid) < 0) {
		r = ioctl(ctx->fd, nr, arg);
		beside(ctx);
		return (int)r;
	}
	r = sys3(16, ctx->fd, (long)nr, (long)arg);             /* ioctl */
	while ((t = tid))
		sys3(202, (long)&tid, 0, t);                    /* futex(FUTEX_WAIT) */
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}
#else
static int ioctl_beside(struct mdm_ctx *ctx, unsigned long nr, void *arg,
                        void (*beside)(struct mdm_ctx *))
{
	int r = ioctl(ctx->fd, nr, arg), e = errno;

	beside(ctx);
	errno = e;
	return r;
}
#endif

static int xioctl(struct mdm_ctx *ctx, unsigned cmd, struct dm_ioctl *io)
{
	void (*beside)(struct mdm_ctx *) = ctx->beside;
	int r;

	ctx->ioctls++;
	ctx->beside = NULL;             /* once */
	if (ctx->xioctl)        /* (replayed: nothing beside) */
		return ctx->xioctl(ctx, DM_IOC(cmd), io);
	if (beside)
		r = ioctl_beside(ctx, DM_IOC(cmd), io, beside);
	else
		r = ioctl(ctx->fd, DM_IOC(cmd), io);
	if (ctx->fault_after && ctx->ioctls >= ctx->fault_after) {
		static const char m[] MDM_ALIGN_AS(char) = "minidm: fault injected\n";

		write(2, m, sizeof(m) - 1);
		_exit(99);
	}
	return r;
}

static int kernel_fail(struct mdm_ctx *ctx, const char *op, const char *dev)
{
	int e = mdm_fail(ctx, errno, op, dev, NULL);

	ctx->err.kernel = true;
	return e;
}

int mdm_run(struct mdm_ctx *ctx, unsigned cmd, struct mdm_req *r, const char *op,
           const char *dev, struct dm_ioctl **out)
{
	size_t want;
	int e = mdm_req_finish(r);

	if (e)
		return mdm_fail(ctx, e, op, dev, e == -ENAMETOOLONG ? "name or uuid too long"
		                                                   : "request too large");
	if (!(REPLY_DATA >> cmd & 1)) {
		if (xioctl(ctx, cmd, r->hdr) < 0)
			return kernel_fail(ctx, op, dev);
		*out = r->hdr;
		return 0;
	}
	want = cmd == DM_LIST_DEVICES_CMD || cmd == DM_LIST_VERSIONS_CMD ? MDM_BUF_INIT : MDM_BUF_ONE;
	if (r->len > want)
		want = r->len;
	for (;;) {
		struct dm_ioctl *h;

		if (reserve_reply(ctx, want))
			return mdm_fail(ctx, ENOMEM, op, dev, NULL);
		h = ctx->buf;
		memcpy(h, r->hdr, r->len);
		h->data_size = (uint32_t)want;
		if (xioctl(ctx, cmd, h) < 0)
			return kernel_fail(ctx, op, dev);
		if (!(h->flags & DM_BUFFER_FULL_FLAG)) {
			/* the walkers believe data_size: it must stay in the buffer */
			if (h->data_size > want)
				return mdm_fail(ctx, EPROTO, op, dev, "reply of %u bytes in a "
				               "buffer of %zu", h->data_size, want);
			*out = h;
			return 0;
		}
		if (want >= MDM_BUF_MAX)
			return mdm_fail(ctx, ENOBUFS, op, dev, "reply larger than %zu bytes", MDM_BUF_MAX);
		want *= 2;
	}
}
