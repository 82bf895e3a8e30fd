#!/bin/sh
# /init of the test initramfs: set up the guest, run the scenario named by
# minidm.test= (boot minidm.boot=, minidm.disks= disks), print @@ lines on
# the console, power off.  Also /sbin/init of the root file systems that
# boot scenarios make (lib.sh make_root): there /proc, /sys, /dev and /run
# came along through switch_root, and the scenario runs in the real root.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin:/peer
export HOME=/tmp DM_DISABLE_UDEV=1

if [ -e /proc/self ]; then
	MINIDM_IN_ROOT=1
	export MINIDM_IN_ROOT
	[ -e /sys/block ] || mount -t sysfs sys /sys
	[ -e /dev/null ] || mount -t devtmpfs dev /dev
	grep -q ' /run ' /proc/mounts || mount -t tmpfs run /run
else
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t devtmpfs dev /dev
	mount -t tmpfs run /run
fi
mount -t tmpfs tmp /tmp
mkdir -p /run/lock
exec </dev/console >/dev/console 2>&1

test=none boot=1 disks=0
for word in $(cat /proc/cmdline); do
	case $word in
	minidm.test=*) test=${word#*=} ;;
	minidm.boot=*) boot=${word#*=} ;;
	minidm.disks=*) disks=${word#*=} ;;
	esac
done

# /etc/modules lists the modular ones; dependencies come from modules.dep.
# One modprobe for all (a guest forks slowly), one each to name a failure.
[ ! -f /etc/modules ] || modprobe -a $(cat /etc/modules) || while read -r mod; do
	modprobe "$mod" || echo "@@INFO modprobe $mod failed"
done </etc/modules

# virtio disks appear asynchronously: wait up to 10 s for the last one
if [ "$disks" -gt 0 ]; then
	last=/dev/vd$(echo abcdefghijklmnopqrstuvwxyz | cut -c "$disks")
	n=0
	while [ ! -b "$last" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	[ -b "$last" ] || echo "@@INFO $last did not appear"
fi

results=/run/minidm-results
: >"$results"
if [ -f "/tests/$test.sh" ]; then
	(cd /tmp && MINIDM_BOOT=$boot exec sh "/tests/$test.sh")
	rc=$?
else
	echo "@@RESULT FAIL $test: no such scenario /tests/$test.sh"
	echo FAIL >>"$results"
	rc=127
fi
if [ "$rc" -ne 0 ] && ! grep -q FAIL "$results"; then
	echo "@@RESULT FAIL $test: exited $rc"
elif [ ! -s "$results" ]; then
	echo "@@RESULT FAIL $test: boot $boot reported no result"
fi
sync
echo "@@DONE $test boot=$boot rc=$rc"
poweroff -f
