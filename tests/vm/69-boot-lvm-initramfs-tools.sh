#!/bin/sh
# disks: 4 512M
# boots: 2
# timeout: 150
# cost: 45
# boot2: initramfs-tools-nolvm
# lvmroot: vg/root
# cmdline2: root=/dev/vg/root rootfstype=ext4 ro rd.lvm.lv=vg/cached rd.lvm.lv=vg/data
# expect2: vg-pool-tpool: activated
# expect2: vg-root: activated
# expect2: vg-cached: activated
# expect2: vg-data: activated
# expect2: minidm: cfg: activated in
# conf: thin-pool create cfgpool --meta /dev/vdc --data /dev/vdd
# conf: thin create cfg --pool cfgpool --id 1 --size 64MiB
# lacks2: (^|/)(lvm|vgchange|pdata_tools|thin_check|cache_check)$|^etc/lvm(/|$)|69-lvm\.rules
# Boot to a root on an LVM thin volume through an image that Debian's
# mkinitramfs built with minidm's hook and WITHOUT lvm (conf.d/minidm:
# MINIDM_LVM=omit; lvmroot: MINIDM_LVM_ROOT=vg/root) and with the
# /etc/minidm.conf of the `conf:` lines: minidm activate
# (scripts/local-top/minidm) reads root=/dev/vg/root and rd.lvm.lv= and
# brings the three LVs up from the LVM metadata, and the config's thin
# pool and thin volume "cfg" on the other two disks; it waits for udev
# (cookies: the image runs udev with Debian's dm rules and 56-lvm.rules),
# which makes /dev/vg/root for initramfs-tools' wait and /dev/mapper/cfg.
# The host checks that the image holds no lvm, thin_check, /etc/lvm or
# 69-lvm.rules (lacks2).
# Boot 1 (the test initramfs): Debian's lvm makes VG "vg" on the first two
# disks with an LV "cached" cached by a cache pool (writeback), an LV
# "data" cached by a cachevol, a thin pool spanning both disks and a thin
# LV "root" (lib.sh's lvm_mixed_root); minidm makes thin id 1 of a pool on
# the last two.  Boot 2, in the real root: the LVs' devices are exactly
# lvm's and lvm lvchange -ay of the three changes nothing (check_lvm_root);
# cfg's nodes and udev database entry are udev's (check_udev_thin), and
# its line is in the kernel log: the 15th minidm wrote there, past the
# kernel's rate limit of 10 lines an open file.
# 69-boot-lvm-dracut runs these checks on a dracut image.
. "$(dirname "$0")/lib.sh"

if [ "$MINIDM_BOOT" = 1 ]; then
	lvm_mixed_root
	check "config's thin pool" minidm thin-pool create cfgpool --meta /dev/vdc --data /dev/vdd
	check "config's thin volume" minidm thin create cfg --pool cfgpool --id 1 --size 64MiB --new
	check "teardown" sh -c 'minidm remove cfg && minidm thin-pool remove cfgpool'
	exit 0
fi
check_lvm_root "vg/root vg/cached vg/data" "lvchange -ay vg/root vg/cached vg/data"
check "udev made /dev/vg/root in the initramfs (56-lvm.rules, its database entry)" \
	grep -qx 'S:vg/root' "/run/udev/data/b$(devno /dev/mapper/vg-root)"
check "the pool's data spans both PVs" sh -c '/peer/dmsetup table vg-pool_tdata | grep -c linear | grep -qx 2'
check "the cache is healthy" sh -c 'minidm cache status vg-cached --json | grep -q "\"state\":\"working\""'
check_udev_thin cfg cfgpool
