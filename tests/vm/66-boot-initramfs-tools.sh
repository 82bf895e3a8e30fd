#!/bin/sh
# disks: 2 256M
# boots: 2
# timeout: 120
# cost: 19
# boot2: initramfs-tools
# cmdline2: root=/dev/mapper/root rootfstype=ext4 ro
# conf: thin-pool create pool --meta /dev/vda --data /dev/vdb
# conf: thin create root --pool pool --id 1 --size 64MiB
# expect2: minidm: root: activated in
# Boot to a thin root through an initramfs that Debian's mkinitramfs built
# on the host for the test kernel with minidm's initramfs-tools hook and
# local-top script (qemu/mkinitramfs-tools.sh).  Its init runs udev with
# Debian's dm rules (the dmsetup package's hook), so minidm activate waits
# for udev there (cookies) and udev makes /dev/mapper/root.
. "$(dirname "$0")/lib.sh"

if [ "$MINIDM_BOOT" = 1 ]; then
	thin_root "pool" /dev/vda /dev/vdb
	exit 0
fi

check "/ is /dev/mapper/root" root_is root
check_udev_root
