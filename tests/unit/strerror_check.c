/* The binary's strerror (src/tiny/strerror.c) against glibc's texts
 * (strerrordesc_np), errno by errno: each one it knows has glibc's text,
 * every other is "Unknown error N". */
#include <stdio.h>
#include <string.h>
#include "t.h"

int main(void)
{
	unsigned known = 0;

	for (int e = -1; e < 140; e++) {
		char want[32];
		const char *got = strerror(e), *g = e > 0 ? strerrordesc_np(e) : NULL;

		snprintf(want, sizeof(want), "Unknown error %d", e);
		if (strcmp(got, want)) {
			known++;
			T_EQ_STR(got, g);
		}
	}
	T_CHECK(known >= 50);
	T_EQ_STR(strerror(16), "Device or resource busy");
	T_EQ_STR(strerror(61), "No data available");
	T_EQ_STR(strerror(6), "No such device or address");
	T_EQ_STR(strerror(12), "Cannot allocate memory");
	return t_done();
}
