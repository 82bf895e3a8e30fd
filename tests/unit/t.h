/* t.h - a tiny unit test harness: checks count, failures say where. */
#ifndef MINIDM_T_H
#define MINIDM_T_H
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static unsigned t_pass, t_failed;

static inline void t_report(int ok, const char *file, int line, const char *what)
{
	if (ok) {
		t_pass++;
		return;
	}
	t_failed++;
	fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
}

#define T_CHECK(c) t_report(!!(c), __FILE__, __LINE__, #c)
#define T_EQ_U64(a, b) do { \
	uint64_t t_a_ = (uint64_t)(a), t_b_ = (uint64_t)(b); \
	t_report(t_a_ == t_b_, __FILE__, __LINE__, #a " == " #b); \
	if (t_a_ != t_b_) fprintf(stderr, "  got %" PRIu64 ", want %" PRIu64 "\n", t_a_, t_b_); \
} while (0)
#define T_EQ_STR(a, b) do { \
	const char *t_a_ = (a), *t_b_ = (b); \
	int t_ok_ = t_a_ && t_b_ && strcmp(t_a_, t_b_) == 0; \
	t_report(t_ok_, __FILE__, __LINE__, #a " == " #b); \
	if (!t_ok_) fprintf(stderr, "  got \"%s\"\n  want \"%s\"\n", t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)"); \
} while (0)
#define T_EQ_MEM(a, b, n) do { \
	int t_ok_ = memcmp((a), (b), (n)) == 0; \
	t_report(t_ok_, __FILE__, __LINE__, "memcmp(" #a ", " #b ")"); \
	if (!t_ok_) for (size_t t_i_ = 0; t_i_ < (size_t)(n); t_i_++) \
		if (((const unsigned char *)(a))[t_i_] != ((const unsigned char *)(b))[t_i_]) { \
			fprintf(stderr, "  first difference at byte %zu: %02x != %02x\n", t_i_, \
				((const unsigned char *)(a))[t_i_], ((const unsigned char *)(b))[t_i_]); \
			break; \
		} \
} while (0)

static inline int t_done(void)
{
	printf("%u passed, %u failed\n", t_pass, t_failed);
	return t_failed != 0;
}
#endif
