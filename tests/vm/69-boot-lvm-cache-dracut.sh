#!/bin/sh
# disks: 2 512M
# boots: 2
# timeout: 150
# cost: 38
# boot2: dracut-nolvm
# lvmroot: vg/root
# cmdline2: rd.lvm.lv=vg/root rd.lvm.lv=vg/data root=/dev/vg/root rootfstype=ext4 ro
# expect2: vg-root: activated
# expect2: vg-data: activated
# lacks2: (^|/)(lvm|vgchange|pdata_tools|thin_check|cache_check)$|^etc/lvm(/|$)|(64|69)-lvm\.rules
# Boot to a cached LVM root through an image that dracut built with
# minidm's module in place of its lvm module (as 69-boot-lvm-dracut):
# rd.lvm.lv= names the root (cached by a cache pool) and vg/data (cached
# by a cachevol).  Boot 1 and the checks in the real root are
# 69-boot-lvm-cache-initramfs-tools's.
. "$(dirname "$0")/69-boot-lvm-cache-initramfs-tools.sh"
