#!/bin/sh
# make check: the host suites (unit tests and the bad-input matrix under
# ASan+UBSan, a short smoke of every fuzz target), then the guest scenarios
# on both kernels.  Prints one total line "N passed, N failed"; exits 1 on
# any failure.  KVER=6.1|6.12|all (default all) picks the kernels; T="NAME
# ..." the scenarios.
cd "$(dirname "$0")/.." || exit 1
# the packages it needs (qemu/packages): installed if missing, else stop here
sh qemu/need.sh check || exit 1
log=${TMPDIR:-/tmp}/minidm-check.$$
passed=0 failed=0 summary=

# suite NAME COMMAND...: run it, add its last "[NAME: ]N passed, N failed"
# line to the totals; a suite that prints no such line counts as a failure
suite() {
	name=$1
	shift
	"$@" 2>&1 | tee "$log.$name"
	line=$(sed -n "s/^\(\($name\|[a-z]*\): \)\{0,1\}\([0-9]*\) passed, \([0-9]*\) failed.*/\3 \4/p" \
		"$log.$name" | tail -n 1)
	rm -f "$log.$name"
	if [ -z "$line" ]; then
		echo "$name: did not report"
		line="0 1"
	fi
	set -- $line
	passed=$((passed + $1)) failed=$((failed + $2))
	summary="$summary${summary:+; }$name: $1 passed, $2 failed"
}

# (the builds one job a CPU; the suites print their lines in order)
j=-j$(nproc 2>/dev/null || echo 1)
suite unit make -s "$j" unit
suite badinput make -s "$j" badinput
suite fuzz make -s "$j" fuzz-smoke
make -s minidm >/dev/null || exit 1
suite guest sh qemu/run-tests.sh --kver "${KVER:-all}" ${T:+--only "$T"}
echo "$summary"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
