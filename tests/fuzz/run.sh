#!/bin/sh
# Runs each libFuzzer target for SECONDS over its seed corpus
# (tests/fuzz/corpus/NAME) and its working corpus (build/fuzz/corpus/NAME,
# where new inputs go), FUZZ_JOBS targets at a time (default: one a CPU).
# One line per target, in the order given, then "fuzz: N passed, N failed";
# a crash, leak, timeout or broken invariant fails the target and leaves
# the input in build/fuzz/artifacts/.
#   usage: sh tests/fuzz/run.sh SECONDS build/fuzz/fuzz_NAME...
secs=$1
shift
out=build/fuzz
mkdir -p "$out/artifacts"
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}

# one BIN: run it; what it says goes to $out/NAME.res, whose last line is
# "fuzz: NAME: ok, ..." or "fuzz: NAME: FAILED ..."
one() {
	bin=$1
	name=${bin##*/}
	name=${name#fuzz_}
	seeds=tests/fuzz/corpus/$name
	work=$out/corpus/$name
	log=$out/$name.log
	tmp=$log.$$                     # another run at the same time keeps its own
	mkdir -p "$work"
	[ -d "$seeds" ] || seeds=
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$out/artifacts/$name-" \
	    "$work" $seeds >"$tmp" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp")
	if [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
		echo "fuzz: $name: ok, $runs runs in ${secs} s ($rate exec/s)"
	else
		grep -aE 'invariant broken|ERROR:|SUMMARY:|runtime error| in .*(src|tests/fuzz)/' \
		    "$tmp" | head -n 20
		echo "fuzz: $name: FAILED (exit $rc): $log," \
		     "$(grep -ao "$out/artifacts/[^ ]*" "$tmp" | tail -n 1)"
	fi >"$out/$name.res"
	mv "$tmp" "$log"
}

n=0
for bin in "$@"; do
	one "$bin" &
	n=$((n + 1))
	[ $((n % jobs)) != 0 ] || wait
done
wait
pass=0 fail=0
for bin in "$@"; do
	res=$out/${bin##*/fuzz_}.res
	cat "$res"
	if tail -n 1 "$res" | grep -q ': ok, '; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	rm -f "$res"
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
