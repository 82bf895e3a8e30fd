#!/bin/sh
# Run the guest scenarios tests/vm/NN-name.sh under QEMU and count results.
#
#   qemu/run-tests.sh [--kver 6.1|6.12|all] [--only "NAME ..."] [--jobs N]
#
# Uses ./minidm (or $MINIDM).  Logs: qemu/out/<kver>/<scenario>/boot<N>.log.
# Ends with one line `N passed, N failed`; exits 1 if anything failed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# jobs: a guest more than CPUs.  A TCG guest keeps one CPU busy while it
# computes, but scenarios also wait (udev, a flakey interval, I/O): the
# extra guest fills those waits.  Scenarios with an `# idle:` header,
# which wait most of their time (a settle time, timeouts), run one at a
# time in a lane of their own beside the jobs.  Both kernels' guests on
# 2 CPUs: 749 s with two jobs; 742 s with two and the lane; 692 s and
# 825 s with three (single runs on a shared host swing by 20%: the CPU
# time for the same work was 1,345 and 1,602 s); 741 s with three and the
# lane in a fresh clone, the kernels' download and images included (697 s
# once scenarios shared their boot images).
kvers=6.1 only='' jobs=$(($(nproc 2>/dev/null || echo 1) + 1))
usage() {
	echo "usage: $0 [--kver 6.1|6.12|all] [--only \"NAME ...\"] [--jobs N]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || usage
	case $1 in
	--kver) kvers=$2 ;;
	--only) only=$2 ;;
	--jobs) jobs=$2 ;;
	*) usage ;;
	esac
	shift 2
done
[ "$kvers" = all ] && kvers="6.1 6.12"
case $jobs in ''|*[!0-9]*|0) usage ;; esac

minidm=${MINIDM:-$top/minidm}
[ -x "$minidm" ] || { echo "run-tests: $minidm missing: run make" >&2; exit 1; }
sh "$here/need.sh" vm

# the scenarios, longest first (their `# cost:` headers; 20 s without):
# the jobs end together instead of the last long one running alone
scenarios= idle=
for f in "$top"/tests/vm/[0-9]*.sh; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .sh)
	if [ -z "$only" ] || echo " $only " | grep -q " $name "; then
		cost=$(sed -n '/^#/!q; s/^# *cost: *\([0-9]*\).*/\1/p' "$f" | head -n 1)
		scenarios="$scenarios${cost:-20} $name
"
		if sed -n '/^#/!q; /^# *idle:/p' "$f" | grep -q .; then
			idle="$idle $name "
		fi
	fi
done
scenarios=$(printf '%s' "$scenarios" | sort -k1,1nr -k2,2 | cut -d' ' -f2 | tr '\n' ' ')
for name in $only; do
	[ -f "$top/tests/vm/$name.sh" ] || { echo "run-tests: no scenario tests/vm/$name.sh" >&2; exit 2; }
done
[ -n "$scenarios" ] || { echo "run-tests: no scenarios" >&2; exit 2; }

start=$(date +%s)
for kver in $kvers; do
	# the boot images scenarios share within this run (run-scenario.sh)
	rm -rf "$here/out/$kver/images"
	mkdir -p "$here/out/$kver/images"
	sh "$here/fetch-kernel.sh" --kver "$kver"
	sh "$here/vmlinux.sh" "$kver"
	sh "$here/mkinitramfs.sh" --kver "$kver" "$minidm" "$here/out/$kver/initrd.cpio"
done
# one queue for all kernels, scenario by scenario: the guests of both
# kernels share the jobs to the end instead of one kernel's last scenario
# running alone; the idle ones in a lane of their own, one at a time
# queue idle|busy: "KVER NAME" lines of the idle or the other scenarios
queue() {
	for name in $scenarios; do
		case "$idle" in *" $name "*) [ "$1" = idle ] || continue ;; *) [ "$1" = busy ] || continue ;; esac
		for kver in $kvers; do
			echo "$kver $name"
		done
	done
}
queue idle | xargs -r -P 1 -n 2 sh "$here/run-scenario.sh" &
lane=$!
queue busy | xargs -r -P "$jobs" -n 2 sh "$here/run-scenario.sh" || true
wait "$lane" || true

passed=0 failed=0 skipped=0
for kver in $kvers; do
	for name in $scenarios; do
		res=$here/out/$kver/$name/results
		p=$(grep -c '^PASS' "$res" 2>/dev/null || true)
		f=$(grep -c '^FAIL' "$res" 2>/dev/null || true)
		s=$(grep -c '^SKIP' "$res" 2>/dev/null || true)
		[ -f "$res" ] || f=1
		passed=$((passed + ${p:-0}))
		failed=$((failed + ${f:-0}))
		skipped=$((skipped + ${s:-0}))
	done
done
echo "vm: $kvers: $(($(date +%s) - start)) s"
# skipped: results a scenario could not test in this build (it says why)
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
