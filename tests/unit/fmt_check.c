/* The binary's own printf engine (src/tiny/fmt.c), linked with musl and
 * checked against expected text for every conversion minidm uses. */
#include <stdio.h>
#include <string.h>
#include "t.h"

#define F(want, ...) do { char b_[128]; snprintf(b_, sizeof(b_), __VA_ARGS__); T_EQ_STR(b_, want); } while (0)

int main(void)
{
	char small[5], big[700];
	int n;

	F("x 42 y", "x %d y", 42);
	F("-7|4294967295|18446744073709551615", "%d|%u|%llu", -7, 4294967295u, 18446744073709551615ull);
	F("-9223372036854775808", "%lld", (long long)-9223372036854775807LL - 1);
	F("00042|  42|42  |-05|-7  ", "%05d|%4d|%-4d|%03d|%-4d", 42, 42, 42, -5, -7);
	F("0a|0A|ff|000000FF|0x7f      |", "%02x|%02X|%x|%08X|0x%-8x|", 10, 10, 255, 255u, 127u);
	F("3.007", "%u.%03u", 3u, 7u);
	F("12345|size 17", "%zu|size %ld", (size_t)12345, 17L);
	F("ab   |   ab|a", "%-5s|%5s|%.1s", "ab", "ab", "abc");
	F("name    \t(253:0)", "%-*s\t(%u:%u)", 8, "name", 253u, 0u);
	F("c=Z 100%", "c=%c 100%%", 'Z');
	F("ab  |ffffffff|  -1|-5", "%*s|%x|%*d|%.*s", -4, "ab", 0xffffffffu, 4, -1, 2, "-5x");
	F("(null)", "%s", (char *)NULL);
	F("%q|%", "%q|%");
	F("9|-3|2.007", "%lu|%ld|%llu.%03lld", 9ul, -3l, 2ull, 7ll);
	F("5.03%", "%d.%02d%%", 5, 3);
	n = snprintf(small, sizeof(small), "%s", "truncated");
	T_EQ_U64(n, 9);
	T_EQ_STR(small, "trun");
	/* vsnprintf writes the buffer itself: past the engine's 256-byte
	 * chunks, truncated, and nothing at all for size 0 */
	n = snprintf(big, 300, "%600s|%d", "x", 7);
	T_EQ_U64(n, 602);
	T_EQ_U64(strlen(big), 299);
	T_CHECK(big[0] == ' ' && big[298] == ' ');
	n = snprintf(big, sizeof(big), "%-598s|%d", "y", 7);
	T_EQ_U64(n, 600);
	T_EQ_STR(big + 597, " |7");
	small[0] = 'k';
	n = snprintf(small, 0, "%s", "none");
	T_EQ_U64(n, 4);
	T_CHECK(small[0] == 'k');
	n = snprintf(NULL, 0, "%u", 12345u);
	T_EQ_U64(n, 5);
	return t_done();
}
