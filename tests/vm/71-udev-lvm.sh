#!/bin/sh
# disks: 2 256M
# timeout: 150
# cost: 10
# The hand-off of LVM devices to the real root's udev (bookworm's
# systemd-udevd, Debian's dm rules, lvm2's 56-lvm.rules; /sbin/dmsetup is
# minidm): minidm lvm activate with no udev running (early boot) leaves
# udev database entries with lvm's keys; then udevd + trigger --action=add
# + settle (the real root's coldplug) give /dev/VG/LV and the by-id and
# by-uuid links to the visible LVs only: never a by-uuid link to a cache
# origin's hidden device or a pool's data, though they hold the same bytes.
. "$(dirname "$0")/lib.sh"

unset DM_DISABLE_UDEV
lvm() { /peer/lvm "$@"; }
ln -sf /sbin/minidm /sbin/dmsetup
mkdir -p /run/udev

check "VG vg: thin pool + thin LV, a cached LV" sh -c "
	lvm pvcreate -qy /dev/vda /dev/vdb >/dev/null && lvm vgcreate -q vg /dev/vda /dev/vdb >/dev/null &&
	lvm lvcreate -qy -L 64M -T vg/pool /dev/vda >/dev/null &&
	lvm lvcreate -qy -V 32M -T vg/pool -n thin1 >/dev/null &&
	lvm lvcreate -qy -n corig -L 32M vg /dev/vda >/dev/null &&
	lvm lvcreate -qy --type cache-pool -n cpool -L 16M vg /dev/vdb >/dev/null &&
	lvm lvconvert -qy --type cache --cachepool vg/cpool vg/corig >/dev/null"
check "file systems on thin1 and corig" sh -c "mke2fs -q /dev/vg/thin1 && mke2fs -q /dev/vg/corig"
check "deactivate with lvm" lvm vgchange -q -an vg
check "no dm device, no /dev/vg" sh -c '[ "$(minidm ls)" = "No devices found" ] && [ ! -e /dev/vg ]'

check "minidm lvm activate vg, no udev" minidm lvm activate vg
check "database entry of vg-thin1: lvm's keys" \
	udev_db_has vg-thin1 DM_VG_NAME=vg DM_LV_NAME=thin1 DM_UDEV_PRIMARY_SOURCE_FLAG=1
check "database entry of the cache origin's hidden device: disable flags" \
	udev_db_has vg-corig_corig DM_UDEV_DISABLE_DISK_RULES_FLAG=1 DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG=1
rm -rf /dev/vg         # minidm's own /dev/VG/LV: now udev's rules must make them
check "udevd starts" /lib/systemd/systemd-udevd --daemon
check "trigger --action=add + settle" sh -c 'udevadm trigger --action=add && udevadm settle -t 30'
check "/dev/vg/thin1 from udev (56-lvm.rules)" test -L /dev/vg/thin1
check "/dev/vg/corig from udev" test -L /dev/vg/corig
check "no /dev/vg link for layer devices" sh -c '! ls /dev/vg | grep -q "_\|tpool"'
check "by-id/dm-name-vg-thin1" test -L /dev/disk/by-id/dm-name-vg-thin1
uuid_corig=$(udevadm info --query=property --name=/dev/mapper/vg-corig | sed -n 's/^ID_FS_UUID=//p')
check "udev read corig's file system UUID" test -n "$uuid_corig"
check_eq "by-uuid of corig's file system is the cache LV, not its origin" \
	"$(readlink -f /dev/mapper/vg-corig)" "$(readlink -f /dev/disk/by-uuid/$uuid_corig)"
check "no by-uuid link to a hidden or layer device" sh -c '
	for l in /dev/disk/by-uuid/*; do
		n=$(cat /sys/class/block/$(basename $(readlink -f $l))/dm/name 2>/dev/null)
		case $n in *_corig|*_tdata|*_tmeta|*_cdata|*_cmeta|*-tpool) exit 1 ;; esac
	done'
# systemd makes a device unit for a block device udev tagged "systemd"
# unless SYSTEMD_READY=0 (bookworm's 99-systemd.rules): the visible LVs get
# one, the hidden and layer devices (lvm's OTHER disable flag) none
udev_prop() { udevadm info --query=all --name="$1" | grep -qx "$2"; }
device_unit() { udev_prop "$1" 'E: TAGS=.*:systemd:.*' && ! udev_prop "$1" 'E: SYSTEMD_READY=0'; }
check "vg-thin1: tagged for systemd and ready (a device unit)" device_unit /dev/mapper/vg-thin1
check "vg-corig: tagged for systemd and ready (a device unit)" device_unit /dev/mapper/vg-corig
check "vg-corig_corig (hidden origin): SYSTEMD_READY=0 (no device unit)" \
	udev_prop /dev/mapper/vg-corig_corig 'E: SYSTEMD_READY=0'
udevadm control --exit 2>/dev/null
check "deactivate" minidm --noudevsync lvm deactivate vg
