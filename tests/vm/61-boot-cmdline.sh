#!/bin/sh
# disks: 2 256M
# boots: 2
# timeout: 90
# cost: 10
# boot2: bootrd
# cmdline2: root=/dev/mapper/root rootfstype=ext4 ro dm-mod.create="pool,,,rw,0 524288 thin-pool /dev/vda /dev/vdb 128 0 0;root,,,rw,0 131072 thin /dev/mapper/pool 1"
# expect2: minidm: pool: activated in
# expect2: minidm: root: activated in
# Boot to a thin root made by dm-mod.create= on the kernel command line
# alone: no /etc/minidm.conf in the initramfs (dm is a module here, so the
# kernel ignores dm-mod.create= and minidm activate does it; the thin's
# table names the pool made just before it in the same spec).
. "$(dirname "$0")/lib.sh"

if [ "$MINIDM_BOOT" = 1 ]; then
	thin_root "pool" /dev/vda /dev/vdb
	exit 0
fi

check "/ is /dev/mapper/root" root_is root
check "no config file was there" test ! -e /etc/minidm.conf
check_eq "the pool's table is the command line's" "0 524288 thin-pool $(devno /dev/vda) $(devno /dev/vdb) 128 0 0" "$(minidm table pool | sed 's/ *$//')"
check_eq "root's table" "0 131072 thin $(devno /dev/mapper/pool) 1" "$(minidm table root | sed 's/ *$//')"
before=$(minidm table)
minidm activate >/tmp/out 2>&1; rc=$?
check_eq "activate again (same /proc/cmdline)" 0 "$rc"
check "it leaves both alone" sh -c 'grep -q "pool: already active" /tmp/out && grep -q "root: already active" /tmp/out'
check_eq "no table changed" "$before" "$(minidm table)"
