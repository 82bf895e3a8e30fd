#!/bin/sh
# disks: 3 256M
# boots: 2
# timeout: 90
# cost: 12
# boot2: bootrd
# cmdline2: root=/dev/mapper/root rootfstype=ext4 ro minidm.timeout=60
# conf: thin-pool create pool --meta /dev/vda --data /dev/vdc
# conf: thin create root --pool pool --id 1 --size 64MiB
# hotplug2: 2 minidm: activate: waiting for /dev/vdc
# expect2: minidm: activate: waiting for /dev/vdc
# expect2: minidm: root: activated in
# A member that appears late: in boot 2 the pool's data disk (disk 2,
# /dev/vdc) is not plugged in when the guest starts; activate waits for
# it, and the harness plugs it in (PCI hotplug through QEMU's monitor) once
# the console says activate is waiting.  The boot then reaches the root.
. "$(dirname "$0")/lib.sh"

if [ "$MINIDM_BOOT" = 1 ]; then
	thin_root "pool (data on disk 2)" /dev/vda /dev/vdc
	exit 0
fi

check "/ is /dev/mapper/root" root_is root
check_eq "the pool is on the late disk" "$(devno /dev/vdc)" "$(minidm table pool | cut -d' ' -f5)"
check "kmsg says activate waited" sh -c 'dmesg | grep -q "minidm: root: activated in"'
