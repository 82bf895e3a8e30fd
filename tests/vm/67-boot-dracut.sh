#!/bin/sh
# disks: 2 256M
# boots: 2
# timeout: 120
# cost: 26
# boot2: dracut
# cmdline2: root=/dev/mapper/root rootfstype=ext4 ro
# conf: thin-pool create pool --meta /dev/vda --data /dev/vdb
# conf: thin create root --pool pool --id 1 --size 64MiB
# expect2: minidm: root: activated in
# Boot to a thin root through an initramfs that dracut built on the host
# for the test kernel with minidm's dracut module 90minidm (qemu/mkdracut.sh:
# dracut's shell init, its udev with Debian's dm rules through dracut's dm
# module).  minidm activate runs from initqueue/settled, waits for udev
# (cookies), and udev makes /dev/mapper/root and dracut's /dev/root.
. "$(dirname "$0")/lib.sh"

if [ "$MINIDM_BOOT" = 1 ]; then
	thin_root "pool" /dev/vda /dev/vdb
	exit 0
fi

check "/ is /dev/mapper/root" root_is root
check_udev_root
