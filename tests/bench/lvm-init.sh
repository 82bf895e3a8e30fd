#!/bin/sh
# /init of the LVM thin-root initramfs that `make bench` compares with
# minidm's (qemu/mkbootrd.sh + initramfs/init, no config: minidm activate
# brings up the LV of root=/dev/VG/LV from the LVM metadata): the same
# steps as initramfs/init, with `lvm vgchange -ay` (which runs thin_check on
# the pool's metadata) in place of `minidm activate`.  No udev, like minidm's.
# Parameters: root=, rootfstype=, ro|rw, init=, rd.lvm.vg=VG (default: all).
PATH=/sbin:/bin:/usr/sbin:/usr/bin
export PATH
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /run
mount -t tmpfs -o mode=755,nosuid,nodev run /run
mkdir -p /run/lock/lvm
exec </dev/console >/dev/console 2>&1

fail() {
	echo "lvm init: $*"
	poweroff -f
}

root='' fstype='' mode=ro init=/sbin/init vg=''
for arg in $(cat /proc/cmdline); do
	case $arg in
	root=*) root=${arg#root=} ;;
	rootfstype=*) fstype=${arg#rootfstype=} ;;
	ro) mode=ro ;;
	rw) mode=rw ;;
	init=*) init=${arg#init=} ;;
	rd.lvm.vg=*) vg=${arg#rd.lvm.vg=} ;;
	esac
done

for m in $(grep -v '^#' /etc/modules); do
	modprobe -q "$m" || echo "lvm init: cannot load module $m"
done

# shellcheck disable=SC2086  # no VG: all of them
lvm vgchange -ay --sysinit $vg || fail "lvm vgchange -ay failed"
i=0
while [ ! -b "$root" ]; do
	[ $i -ge 300 ] && fail "root device $root did not appear"
	i=$((i + 1))
	sleep 0.1
done
mkdir -p /newroot
mount ${fstype:+-t "$fstype"} -o "$mode" "$root" /newroot || fail "cannot mount $root"
for d in dev proc sys run; do
	mkdir -p "/newroot/$d"
	mount --move "/$d" "/newroot/$d"
done
exec switch_root /newroot "$init"
