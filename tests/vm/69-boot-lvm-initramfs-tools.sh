#!/bin/sh
# disks: 2 384M
# boots: 2
# timeout: 150
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
# thin pool spanning both and a thin LV "root" holding a busybox root (with
# lvm copied in), records what `lvchange -ay vg/root` makes, deactivates.
# Boot 2, in the real root: the devices are exactly lvm's (tables, uuids,
# names; device numbers masked), lvm sees the root active and `lvm lvchange
# -ay` changes nothing.  69-boot-lvm-dracut runs these checks on a dracut
# image.
. "$(dirname "$0")/lib.sh"

lvm() { /peer/lvm "$@"; }

if [ "$MINIDM_BOOT" = 1 ]; then
	lvm_thin_root 512M              # the pool's data on both disks
	check "the pool's data spans both PVs" sh -c '/peer/dmsetup table vg-pool_tdata | grep -c linear | grep -qx 2'
	check "deactivate" lvm vgchange -q -an vg
	exit 0
fi

check_eq "running in the real root (switch_root)" 1 "${MINIDM_IN_ROOT:-0}"
check "/ is /dev/mapper/vg-root" root_is vg-root
check "/dev/vg/root is a link to the root" test -b /dev/vg/root
_db=/run/udev/data/b$(devno /dev/mapper/vg-root)
check "udev made /dev/vg/root in the initramfs (56-lvm.rules, its database entry)" grep -qx 'S:vg/root' "$_db"
check_eq "devices, tables, uuids as lvm made them for vg/root" "$(sed 's/[0-9][0-9]*:[0-9][0-9]*/X/g' /lvm.state)" "$(lvm_state | sed 's/[0-9][0-9]*:[0-9][0-9]*/X/g')"
check "lvm sees vg/root active" sh -c 'lvm lvs --noheadings -o lv_attr vg/root 2>/dev/null | grep -q "^ *V.*a"'
before=$(lvm_state)
lvm lvchange -ay vg/root >/dev/null 2>&1
check_eq "lvm lvchange -ay vg/root changes nothing" "$before" "$(lvm_state)"
minidm activate >/tmp/out 2>&1
check_eq "minidm activate again in the root: exit 0" 0 $?
check_eq "and nothing changed" "$before" "$(lvm_state)"
