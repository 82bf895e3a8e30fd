#!/bin/sh
# disks: 2 512M
# boots: 2
# timeout: 150
# boot2: bootrd
# cmdline2: root=/dev/vg/root rootfstype=ext4 ro rd.lvm.lv=vg/data
# expect2: vg-root: activated
# expect2: vg-data: activated
# Boot to a cached LVM root: Debian's lvm makes VG "vg" on both disks, the
# root LV on vda cached by a cache pool on vdb, and an LV "data" cached by
# a cachevol, named by rd.lvm.lv= (dracut's parameter, honoured by minidm
# activate under initramfs/init too).  Boot 2 activates both from the LVM
# metadata; in the real root they are what lvm makes (tables, uuids, names),
# lvm lvs shows them active and lvchange -ay changes nothing.
. "$(dirname "$0")/lib.sh"

lvm() { /peer/lvm "$@"; }

if [ "$MINIDM_BOOT" = 1 ]; then
	check "pvcreate, vgcreate" sh -c "lvm pvcreate -qy /dev/vda /dev/vdb >/dev/null &&
		lvm vgcreate -q vg /dev/vda /dev/vdb >/dev/null"
	check "root LV cached by a cache pool" sh -c "lvm lvcreate -qy -n root -L 96M vg /dev/vda &&
		lvm lvcreate -qy --type cache-pool -n cpool -L 32M vg /dev/vdb &&
		lvm lvconvert -qy --type cache --cachepool vg/cpool --cachemode writeback vg/root"
	check "data LV cached by a cachevol" sh -c "lvm lvcreate -qy -n data -L 32M vg /dev/vda &&
		lvm lvcreate -qy -n fast -L 16M vg /dev/vdb &&
		lvm lvconvert -qy --type cache --cachevol fast vg/data"
	check "root file system" make_root /dev/vg/root
	check "lvm into the root" sh -c 'mount /dev/vg/root /mnt && cp -a /peer /mnt/peer &&
		mkdir -p /mnt/lib /mnt/lib64 /mnt/etc && cp -a /lib/x86_64-linux-gnu /mnt/lib/ &&
		cp -a /lib64/. /mnt/lib64/ && cp -a /etc/lvm /mnt/etc/ && umount /mnt'
	lvm vgchange -q -an vg
	lvm lvchange -ay vg/root >/dev/null 2>&1
	lvm lvchange -ay vg/data >/dev/null 2>&1
	lvm_state >/tmp/lvm.state
	check "lvm's view recorded" sh -c "mount /dev/vg/root /mnt && cp /tmp/lvm.state /mnt/lvm.state && umount /mnt"
	check "deactivate" lvm vgchange -q -an vg
	exit 0
fi

check_eq "running in the real root (switch_root)" 1 "${MINIDM_IN_ROOT:-0}"
check "/ is /dev/mapper/vg-root" root_is vg-root
check "/dev/vg/root and /dev/vg/data" sh -c 'test -b /dev/vg/root && test -b /dev/vg/data'
check_eq "devices, tables, uuids as lvm made them" "$(sed 's/254:[0-9]*/X/g' /lvm.state)" \
	"$(lvm_state | sed 's/254:[0-9]*/X/g')"
check "lvm sees root and data active" sh -c \
	'[ "$(lvm lvs --noheadings -o lv_attr vg/root vg/data 2>/dev/null | grep -c "^ *C.*a")" = 2 ]'
before=$(lvm_state)
lvm lvchange -ay vg/root vg/data >/dev/null 2>&1
check_eq "lvm lvchange -ay changes nothing" "$before" "$(lvm_state)"
check "the cache is healthy" sh -c 'minidm cache status vg-root --json | grep -q "\"state\":\"working\""'
