#!/bin/sh
# disks: 2 512M
# boots: 2
# timeout: 150
# cost: 20
# boot2: bootrd
# cmdline2: root=/dev/vg/root rootfstype=ext4 ro rd.lvm.lv=vg/data
# expect2: vg-root: activated
# expect2: vg-data: activated
# Boot to a cached LVM root: Debian's lvm makes VG "vg" on both disks, the
# root LV on vda cached by a cache pool on vdb, and an LV "data" cached by
# a cachevol, named by rd.lvm.lv= (dracut's parameter, honoured by minidm
# activate under initramfs/init too).  Boot 2 activates both from the LVM
# metadata; in the real root they are what lvm makes (tables, uuids, names),
# lvm lvs shows them active and vgchange -ay changes nothing (check_lvm_root;
# lib.sh's lvm_cache_root makes the VG).
. "$(dirname "$0")/lib.sh"

if [ "$MINIDM_BOOT" = 1 ]; then
	lvm_cache_root
	exit 0
fi
check_lvm_root "vg/root vg/data" "vgchange -ay vg"
check "the cache is healthy" sh -c 'minidm cache status vg-root --json | grep -q "\"state\":\"working\""'
