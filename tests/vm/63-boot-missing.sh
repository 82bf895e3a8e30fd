#!/bin/sh
# disks: 1 64M
# timeout: 90
# cost: 12
# idle: waits most of its time (minidm.timeout, three times)
# boot1: bootrd
# cmdline1: root=/dev/mapper/root rootfstype=ext4 ro minidm.timeout=2
# conf: create root --table "0 8192 linear PARTLABEL=no-such-disk 0"
# rescue1: 3
# expect1: minidm: activate /etc/minidm.conf:1: PARTLABEL=no-such-disk: not there after 2 s: giving up (minidm.timeout=)
# expect1: minidm init: minidm activate failed
# expect1: minidm init: starting a rescue shell
# expect1: minidm init: giving up, powering off
# A member that never appears: activate gives up after minidm.timeout=
# with a message that names it, initramfs/init starts a rescue shell (the
# harness types a command into it and checks its output), retries the boot
# after the shell exits, three times, then powers off.  This scenario has
# no script of its own to run: the console is checked on the host.
. "$(dirname "$0")/lib.sh"
fail "this boot should never reach a root"
