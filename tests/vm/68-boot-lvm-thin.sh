#!/bin/sh
# disks: 2 512M
# boots: 3
# timeout: 150
# cost: 30
# boot2: bootrd
# cmdline2: root=/dev/vg/root rootfstype=ext4 ro
# expect2: vg-pool-tpool: activated
# expect2: vg-root: activated
# boot3: bootrd
# cmdline3: root=/dev/vg/root rootfstype=ext4 ro
# expect3: vg-root: activated
# Boot to a root on an LVM thin volume that Debian's lvm made, activated by
# minidm from the LVM metadata (no lvm and no table written down in the
# initramfs).  Boot 1 (the test initramfs): lvm makes VG "vg" on both
# disks, a thin pool and a thin LV "root" holding a busybox root (with
# Debian's lvm copied in), then deactivates it.  Boot 2: initramfs/init with
# root=/dev/vg/root; minidm activate finds the PVs, reads the metadata and
# brings up exactly what `lvchange -ay vg/root` would.  In the real root:
# the devices are lvm's (check_lvm_root: lvm lvs, lvchange -ay changes
# nothing), activate's lines reached the kernel log, a root= that is no LV
# is not waited for; lvm then extends the root LV, and boot 3 activates the
# larger LV: no table written down anywhere can go stale.
. "$(dirname "$0")/lib.sh"

lvm() { /peer/lvm "$@"; }

if [ "$MINIDM_BOOT" = 1 ]; then
	lvm_thin_root 256M /dev/vda
	exit 0
fi

if [ "$MINIDM_BOOT" = 3 ]; then
	check_eq "boot 3: vg/root as lvm extended it (96 + 32 MiB)" 262144 "$(blockdev --getsz /dev/mapper/vg-root)"
	before=$(lvm_state)
	lvm lvchange -ay vg/root >/dev/null 2>&1
	check_eq "boot 3: lvm lvchange -ay changes nothing" "$before" "$(lvm_state)"
	exit 0
fi
check_lvm_root vg/root "lvchange -ay vg/root"
check "the initramfs's LVM lines went to the kernel log too" sh -c \
	'dmesg | grep -q "minidm: vg-pool-tpool: activated: 0 " && dmesg | grep -q "minidm: vg-root: activated: 0 "'
before=$(lvm_state)
echo "lvm activate vg/root   # a config line" >/tmp/lvm.conf
echo "console=ttyS0" >/tmp/cmdline.plain
minidm activate --config /tmp/lvm.conf --cmdline /tmp/cmdline.plain >/tmp/out 2>&1
check_eq "config line 'lvm activate vg/root' in the root: exit 0" 0 $?
check "... its lines are activate's (already active)" grep -qx 'minidm: vg-root: already active' /tmp/out
check_eq "and nothing changed" "$before" "$(lvm_state)"
check "udev database entry of vg-root with lvm's keys (through switch_root)" \
	udev_db_has vg-root DM_VG_NAME=vg DM_LV_NAME=root
check "... and no layer" sh -c "! grep -q DM_LV_LAYER /run/udev/data/b$(devno /dev/mapper/vg-root)"
check "... and of the layer device vg-pool_tdata, with the disable flags" \
	udev_db_has vg-pool_tdata DM_LV_NAME=pool_tdata DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG=1
# root=/dev/mapper/X-Y that is no LV (no PV of a VG "X"): no wait for the
# timeout, not an error; rd.lvm.vg= of such a VG waits the timeout and fails
echo "root=/dev/mapper/nosuch-root minidm.timeout=60" >/tmp/cmdline.nolv
minidm activate --config /dev/null --cmdline /tmp/cmdline.nolv >/tmp/out 2>&1
check_eq "root= of no LV: exit 0" 0 $?
check "... it says so (and in the kernel log)" sh -c \
	'grep -qx "minidm: nosuch/root: not an LV (no PV of its VG)" /tmp/out &&
	 dmesg | grep -q "minidm: nosuch/root: not an LV"'
check "... once no new PV came for 5 s, not after the 60 s timeout" sh -c \
	'! grep -q "nosuch ([1-9][0-9] s)" /tmp/out'
echo "rd.lvm.vg=nosuch minidm.timeout=2" >/tmp/cmdline.vg
check_refused 1 "rd.lvm.vg= of no VG: the timeout, an error" \
	minidm activate --config /dev/null --cmdline /tmp/cmdline.vg
check "... naming it" grep -q "no volume group nosuch after 2 s" /tmp/check.err
check "lvm lvextend of the root (+32 MiB) in the real root" lvm lvextend -q -L +32M vg/root
check_eq "the root's device is larger now" 262144 "$(blockdev --getsz /dev/mapper/vg-root)"
