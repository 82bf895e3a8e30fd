#!/bin/sh
# disks: 2 512M
# boots: 3
# timeout: 150
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
# the devices are lvm's (lvm lvs, vgchange -ay changes nothing); lvm then
# extends the root LV, and boot 3 activates the larger LV: no table written
# down anywhere can go stale.
. "$(dirname "$0")/lib.sh"

lvm() { "${PEER:-/peer}/lvm" "$@"; }

if [ "$MINIDM_BOOT" = 1 ]; then
	lvm_thin_root 256M /dev/vda
	check "deactivate" lvm vgchange -q -an vg
	exit 0
fi

PEER=/peer
if [ "$MINIDM_BOOT" = 3 ]; then
	check_eq "boot 3: vg/root as lvm extended it (96 + 32 MiB)" 262144 "$(blockdev --getsz /dev/mapper/vg-root)"
	before=$(lvm_state)
	lvm lvchange -ay vg/root >/dev/null 2>&1
	check_eq "boot 3: lvm lvchange -ay changes nothing" "$before" "$(lvm_state)"
	exit 0
fi
check_eq "running in the real root (switch_root)" 1 "${MINIDM_IN_ROOT:-0}"
check "/ is /dev/mapper/vg-root" root_is vg-root
check "/dev/vg/root is a link to the root" test -b /dev/vg/root
check_eq "devices, tables, uuids as lvm made them for vg/root" "$(sed 's/254:[0-9]*/X/g' /lvm.state)" "$(lvm_state | sed 's/254:[0-9]*/X/g')"
check "lvm sees vg/root active" sh -c 'lvm lvs --noheadings -o lv_attr vg/root 2>/dev/null | grep -q "^ *V.*a"'
before=$(lvm_state)
lvm lvchange -ay vg/root >/dev/null 2>&1
check_eq "lvm lvchange -ay changes nothing" "$before" "$(lvm_state)"
minidm activate >/tmp/out 2>&1
check_eq "minidm activate again in the root: exit 0" 0 $?
check_eq "and nothing changed" "$before" "$(lvm_state)"
echo "lvm activate vg/root   # a config line" >/tmp/lvm.conf
echo "console=ttyS0" >/tmp/cmdline.plain
minidm activate --config /tmp/lvm.conf --cmdline /tmp/cmdline.plain >/tmp/out 2>&1
check_eq "config line 'lvm activate vg/root' in the root: exit 0" 0 $?
check_eq "and nothing changed" "$before" "$(lvm_state)"
db=/run/udev/data/b$(devno /dev/mapper/vg-root)
check "udev database entry of vg-root with lvm's keys (through switch_root)" sh -c \
	"grep -qx 'E:DM_VG_NAME=vg' $db && grep -qx 'E:DM_LV_NAME=root' $db && ! grep -q DM_LV_LAYER $db"
db=/run/udev/data/b$(devno /dev/mapper/vg-pool_tdata)
check "... and of the layer device vg-pool_tdata, with the disable flags" sh -c \
	"grep -qx 'E:DM_LV_NAME=pool_tdata' $db && grep -qx 'E:DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG=1' $db"
mkdir -p /run/lock/lvm
check "lvm lvextend of the root (+32 MiB) in the real root" lvm lvextend -q -L +32M vg/root
check_eq "the root's device is larger now" 262144 "$(blockdev --getsz /dev/mapper/vg-root)"
