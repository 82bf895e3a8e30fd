#!/bin/sh
# disks: 2 384M
# boots: 2
# timeout: 150
# cost: 27
# boot2: initramfs-tools-nolvm
# lvmroot: vg/root
# cmdline2: root=/dev/vg/root rootfstype=ext4 ro
# expect2: vg-pool-tpool: activated
# expect2: vg-root: activated
# lacks2: (^|/)(lvm|vgchange|pdata_tools|thin_check|cache_check)$|^etc/lvm(/|$)|69-lvm\.rules
# Boot to a root on an LVM thin volume through an image that Debian's
# mkinitramfs built with minidm's hook and WITHOUT lvm (conf.d/minidm:
# MINIDM_LVM=omit; lvmroot: MINIDM_LVM_ROOT=vg/root): minidm activate
# (scripts/local-top/minidm) reads root=/dev/vg/root and brings the LV up
# from the LVM metadata, udev (Debian's dm rules and 56-lvm.rules) makes
# /dev/vg/root for initramfs-tools' wait.  The host checks that the image
# holds no lvm, thin_check, /etc/lvm or 69-lvm.rules (lacks2).
# Boot 1 (the test initramfs): Debian's lvm makes VG "vg" on both disks, a
# thin pool spanning both and a thin LV "root" (lib.sh's lvm_thin_root).
# Boot 2, in the real root: the devices are exactly lvm's and lvm lvchange
# -ay changes nothing (check_lvm_root).  69-boot-lvm-dracut runs these
# checks on a dracut image, 69-boot-lvm-cache-* on a cached root.
. "$(dirname "$0")/lib.sh"

if [ "$MINIDM_BOOT" = 1 ]; then
	lvm_thin_root 512M              # the pool's data on both disks
	exit 0
fi
check_lvm_root vg/root "lvchange -ay vg/root"
check "udev made /dev/vg/root in the initramfs (56-lvm.rules, its database entry)" \
	grep -qx 'S:vg/root' "/run/udev/data/b$(devno /dev/mapper/vg-root)"
check "the pool's data spans both PVs" sh -c '/peer/dmsetup table vg-pool_tdata | grep -c linear | grep -qx 2'
