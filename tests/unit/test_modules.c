/* mdm_target_modules: the target-to-module map behind `minidm modules`. */
#include "minidm.h"
#include "t.h"

static const char *mods(const char *t, size_t cap)
{
	static char buf[64];

	return mdm_target_modules(t, strlen(t), buf, cap) ? buf : NULL;
}

int main(void)
{
	char b[64];

	T_EQ_STR(mods("thin-pool", 64), "dm-thin-pool");
	T_EQ_STR(mods("thin", 64), "dm-thin-pool");
	T_EQ_STR(mods("cache", 64), "dm-cache dm-cache-smq");
	T_EQ_STR(mods("writecache", 64), "dm-writecache");
	T_EQ_STR(mods("snapshot-origin", 64), "dm-snapshot");
	T_EQ_STR(mods("zero", 64), "dm-zero");
	T_EQ_STR(mods("vdo", 64), "dm-vdo");
	/* built into dm-mod, unknown, partial words, separators */
	T_CHECK(!mods("linear", 64));
	T_CHECK(!mods("striped", 64));
	T_CHECK(!mods("error", 64));
	T_CHECK(!mods("thi", 64));
	T_CHECK(!mods("thin-poo", 64));
	T_CHECK(!mods("zer", 64));
	T_CHECK(!mods("", 64));
	T_CHECK(!mods("zero flakey", 64));
	T_CHECK(!mods("thin=dm", 64));
	/* a word inside a longer text: only its length counts */
	T_EQ_U64(mdm_target_modules("cache,x", 5, b, sizeof(b)), 1);
	T_EQ_STR(b, "dm-cache dm-cache-smq");
	/* no truncation: a buffer too small is a miss */
	T_CHECK(!mods("cache", 8));
	T_CHECK(!mods("zero", 7));
	T_EQ_STR(mods("zero", 8), "dm-zero");
	return t_done();
}
