#!/bin/sh
# disks: 2 256M
# boots: 2
# timeout: 90
# cost: 9
# boot2: bootrd
# cmdline2: root=/dev/mapper/root rootfstype=ext4 ro
# conf: thin-pool create pool --meta /dev/vda --data /dev/vdb
# conf: thin create root --pool pool --id 1 --size 64MiB
# expect2: minidm: pool: activated in
# expect2: minidm: root: activated in
# Boot to a root file system on a thin volume through initramfs/init and
# /etc/minidm.conf (the conf: lines).  Boot 1 (the test initramfs) makes the
# pool, the thin volume and a busybox root on it; boot 2 boots
# qemu/mkbootrd.sh's initramfs: its /init runs minidm activate, mounts
# root= and switch_roots; this script then runs again in the real root.
. "$(dirname "$0")/lib.sh"

if [ "$MINIDM_BOOT" = 1 ]; then
	thin_root "pool" /dev/vda /dev/vdb
	exit 0
fi

check_eq "running in the real root (switch_root)" 1 "${MINIDM_IN_ROOT:-0}"
check "/ is /dev/mapper/root" root_is root
check_eq "root is a thin volume" "0 131072 thin $(devno /dev/mapper/pool) 1" "$(minidm table root | sed 's/ *$//')"
check "the pool is healthy and read-write" sh -c 's=$(minidm thin-pool status pool --json) && echo "$s" | grep -q "\"state\":\"working\".*\"summary\":\"good\".*\"needs_check\":false"'
check "kmsg has the activation lines" sh -c 'dmesg | grep -q "minidm: pool: activated in" && dmesg | grep -q "minidm: root: activated in"'
check "the udev hand-off came through switch_root" grep -qx "E:DM_UDEV_PRIMARY_SOURCE_FLAG=1" "/run/udev/data/b$(devno /dev/mapper/root)"
scenario_conf >/tmp/minidm.conf
before=$(minidm table)
minidm activate --config /tmp/minidm.conf >/tmp/out 2>&1; rc=$?
check_eq "activate again in the root" 0 "$rc"
check "it leaves both alone" sh -c 'grep -q "pool: already active" /tmp/out && grep -q "root: already active" /tmp/out'
check_eq "no table changed" "$before" "$(minidm table)"
