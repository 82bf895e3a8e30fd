#!/bin/sh
# disks: 2 384M
# boots: 2
# timeout: 150
# cost: 36
# boot2: dracut-nolvm
# lvmroot: vg/root
# cmdline2: rd.lvm.lv=vg/root root=/dev/vg/root rootfstype=ext4 ro
# expect2: vg-pool-tpool: activated
# expect2: vg-root: activated
# lacks2: (^|/)(lvm|vgchange|pdata_tools|thin_check|cache_check)$|^etc/lvm(/|$)|(64|69)-lvm\.rules
# Boot to a root on an LVM thin volume through an image that dracut built
# with minidm's module in place of its lvm module (omit_dracutmodules+="
# lvm "; MINIDM_LVM_ROOT=vg/root): minidm activate (initqueue/settled)
# reads rd.lvm.lv=vg/root, brings the LV up from the LVM metadata, udev
# (Debian's dm rules and 56-lvm.rules) makes /dev/vg/root, which dracut
# waits for (root= and minidm's rd.lvm.lv= wait).  The host checks that
# the image holds no lvm, thin_check, /etc/lvm or lvm's rules (lacks2).
# Boot 1 and the checks in the real root are 69-boot-lvm-initramfs-tools's.
. "$(dirname "$0")/69-boot-lvm-initramfs-tools.sh"
