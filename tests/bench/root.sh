#!/bin/sh
# Runs in the real root after a `make bench` boot check (as /tests/benchroot.sh,
# started by the root's /sbin/init): how long the initramfs took from the
# kernel starting /init to this root's init running.
. "$(dirname "$0")/lib.sh"

now=$(cut -d' ' -f1 /proc/uptime)
tool=none root=
for word in $(cat /proc/cmdline); do
	case $word in
	bench.tool=*) tool=${word#*=} ;;
	root=*) root=${word#root=} ;;
	esac
done
# "[    1.234567] Run /init as init process"
start=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | head -n 1)
if [ -n "$start" ] && [ "$(awk '$5 == "/" { print $3 }' /proc/self/mountinfo)" = "$(devno "$root")" ]; then
	echo "@@BENCH boot $tool ms=$(awk -v a="$start" -v b="$now" 'BEGIN { printf "%d", (b - a) * 1000 }')"
	ok "booted into $root"
else
	echo "@@BENCH error boot $tool: not in the root $root, or no 'Run /init' in dmesg"
	fail "booted into $root"
fi
