#!/bin/sh
# disks: 1 64M
# timeout: 150
# cost: 43
# idle: waits most of its time (minidm.timeout, the LV settle time)
# boot1: bootrd
# cmdline1: root=/dev/mapper/nosuch-root rootfstype=ext4 ro minidm.timeout=6
# rescue1: 3
# expect1: minidm: nosuch/root: not an LV (no PV of its VG)
# expect1: minidm init: root device /dev/mapper/nosuch-root did not appear in 6 s
# expect1: minidm init: giving up, powering off
# A root=/dev/mapper/X-Y that no config line makes and no PV of a VG "X"
# backs (a device something else would make, or none): minidm activate
# takes it for no LV once no new PV has come for 5 s, says so and succeeds,
# as Debian's lvm2 script activates only a VG that exists; initramfs/init
# then waits for the root itself (minidm.timeout=) and starts its rescue
# shell naming the root, not "minidm activate failed".  The console is
# checked on the host (68-boot-lvm-thin checks in a real root that the
# wait ends before the timeout, and that rd.lvm.vg= still waits for it).
. "$(dirname "$0")/lib.sh"
fail "this boot should never reach a root"
