/* start.c - the binary's entry point in place of musl's (x86_64; other
 * machines keep musl's crt1 and __libc_start_main).
 *
 * minidm runs one thread at a time (the one beside a thin's table load,
 * ctx.c, runs while the first waits) and has no thread-local data: what
 * musl's start-up sets up beyond argv and the environment (the thread pointer
 * and TLS copy, auxv, the stack protector's canary, the vDSO) serves
 * nothing here.  errno is one static int (musl keeps it in the thread
 * block).  No constructors or destructors run: there are none (the
 * Makefile refuses a binary with an .init_array or a .fini_array), and
 * exit() flushes stdout (stdio.c) itself, then ends the process.  The
 * Makefile links with -nostartfiles on x86_64 only.
 */
#if defined(MINIDM_OWN_START) && !defined(MINIDM_TEST)     /* the Makefile: x86_64 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv);

char **__environ;
extern char **environ __attribute__((alias("__environ")));

int *__errno_location(void)
{
	static int e;

	return &e;
}
/* the name musl's own __syscall_ret calls (libc.c has the binary's;
 * the alias serves any other member of libc.a that calls it) */
__attribute__((const)) int *___errno_location(void) __attribute__((alias("__errno_location")));

void exit(int code)
{
	fflush(stdout);
	_exit(code);
}

/* sp: argc, then argv[], NULL, envp[] */
__attribute__((noreturn, used)) void minidm_start(long *sp);
void minidm_start(long *sp)
{
	char **argv = (char **)(sp + 1);

	__environ = argv + sp[0] + 1;
	exit(main((int)sp[0], argv));
}

__asm__(".text\n"
        ".global _start\n"
        "_start:\n"
        "	xor %ebp, %ebp\n"
        "	mov %rsp, %rdi\n"
        "	and $-16, %rsp\n"
        "	call minidm_start\n"
        "	hlt\n");
#endif
