#!/bin/sh
# disks: 4 512M
# boots: 2
# timeout: 150
# cost: 55
# boot2: dracut-nolvm
# lvmroot: vg/root
# cmdline2: rd.lvm.lv=vg/root rd.lvm.lv=vg/cached rd.lvm.lv=vg/data root=/dev/vg/root rootfstype=ext4 ro
# expect2: vg-pool-tpool: activated
# expect2: vg-root: activated
# expect2: vg-cached: activated
# expect2: vg-data: activated
# expect2: minidm: cfg: activated in
# conf: thin-pool create cfgpool --meta /dev/vdc --data /dev/vdd
# conf: thin create cfg --pool cfgpool --id 1 --size 64MiB
# lacks2: (^|/)(lvm|vgchange|pdata_tools|thin_check|cache_check)$|^etc/lvm(/|$)|(64|69)-lvm\.rules
# Boot to a root on an LVM thin volume, with two cached LVs and a thin
# volume of /etc/minidm.conf beside it, through an image that dracut built
# (qemu/mkdracut.sh: dracut's shell init, its udev with Debian's dm rules
# through dracut's dm module) with minidm's module in place of its lvm
# module (omit_dracutmodules+=" lvm "; MINIDM_LVM_ROOT=vg/root): minidm
# activate (initqueue/settled) reads the rd.lvm.lv= words, brings the LVs
# up from the LVM metadata and the config's pool and thin "cfg", waits for
# udev (cookies), which makes /dev/vg/root (dracut waits for it: root= and
# minidm's rd.lvm.lv= wait) and /dev/mapper/cfg.  The host checks that the
# image holds no lvm, thin_check, /etc/lvm or lvm's rules (lacks2).  Boot 1
# and the checks in the real root are 69-boot-lvm-initramfs-tools's.
. "$(dirname "$0")/69-boot-lvm-initramfs-tools.sh"
