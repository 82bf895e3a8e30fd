#!/bin/sh
# Runs each libFuzzer target for SECONDS over its seed corpus
# (tests/fuzz/corpus/NAME) and its working corpus (build/fuzz/corpus/NAME,
# where new inputs go), one target at a time.  One line per target, then
# "fuzz: N passed, N failed"; a crash, leak, timeout or broken invariant
# fails the target and leaves the input in build/fuzz/artifacts/.
#   usage: sh tests/fuzz/run.sh SECONDS build/fuzz/fuzz_NAME...
secs=$1
shift
out=build/fuzz
mkdir -p "$out/artifacts"
pass=0 fail=0
for bin in "$@"; do
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
		pass=$((pass + 1))
	else
		grep -aE 'invariant broken|ERROR:|SUMMARY:|runtime error| in .*(src|tests/fuzz)/' \
		    "$tmp" | head -n 20
		echo "fuzz: $name: FAILED (exit $rc): $log," \
		     "$(grep -ao "$out/artifacts/[^ ]*" "$tmp" | tail -n 1)"
		fail=$((fail + 1))
	fi
	mv "$tmp" "$log"
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
