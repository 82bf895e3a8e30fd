#!/bin/sh
# disks: 2 512M
# boots: 2
# timeout: 150
# cost: 34
# boot2: initramfs-tools-nolvm
# lvmroot: vg/root
# cmdline2: root=/dev/vg/root rootfstype=ext4 ro rd.lvm.lv=vg/data
# expect2: vg-root: activated
# expect2: vg-data: activated
# lacks2: (^|/)(lvm|vgchange|pdata_tools|thin_check|cache_check)$|^etc/lvm(/|$)|69-lvm\.rules
# Boot to a cached LVM root through an image that Debian's mkinitramfs built
# with minidm's hook and without lvm (as 69-boot-lvm-initramfs-tools):
# boot 1 (lib.sh's lvm_cache_root) makes VG "vg" with the root LV cached by
# a cache pool (writeback) and an LV "data" cached by a cachevol, named by
# rd.lvm.lv= (minidm activate reads it under initramfs-tools too).  Boot 2
# brings both up from the LVM metadata (scripts/local-top/minidm), udev
# makes /dev/vg/root; in the real root the devices are lvm's, lvm lvs shows
# them active and lvm vgchange -ay changes nothing (check_lvm_root).
# 69-boot-lvm-cache-dracut runs these checks on a dracut image.
. "$(dirname "$0")/lib.sh"

if [ "$MINIDM_BOOT" = 1 ]; then
	lvm_cache_root
	exit 0
fi
check_lvm_root "vg/root vg/data" "vgchange -ay vg"
check "udev made /dev/vg/root in the initramfs (56-lvm.rules, its database entry)" \
	grep -qx 'S:vg/root' "/run/udev/data/b$(devno /dev/mapper/vg-root)"
check "the cache is healthy" sh -c 'minidm cache status vg-root --json | grep -q "\"state\":\"working\""'
