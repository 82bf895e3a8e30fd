#!/bin/sh
# disks: 1 64M
# timeout: 90
# cost: 5
# boot1: bootrd
# cmdline1: root=/dev/mapper/root rootfstype=ext4 ro minidm.timeout=5s
# conf: create root --table "0 8192 linear /dev/vda 0"
# rescue1: 3
# expect1: minidm init: minidm.timeout=5s: not a number of seconds
# expect1: minidm init: starting a rescue shell
# expect1: minidm init: giving up, powering off
# A malformed kernel parameter (minidm.timeout=5s): initramfs/init names it
# and starts the rescue shell instead of ending (a kernel panic) on the
# arithmetic of the raw value, retries three times, then powers off (minidm
# activate refuses it as well, exit 2: the bad-input matrix).  The console
# is checked on the host.
. "$(dirname "$0")/lib.sh"
fail "this boot should never reach a root"
