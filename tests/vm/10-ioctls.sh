#!/bin/sh
# disks: 2 256M
# timeout: 240
# cost: 9
# Every DM ioctl once against the real kernel through minidm's command line,
# nodes without udev, errors that leave nothing behind, and 150 devices
# listed through a growing reply buffer.
. "$(dirname "$0")/lib.sh"

A=$(disk 0)
B=$(disk 1)
mm() { printf '%d:%d' "0x$(stat -L -c %t "$1")" "0x$(stat -L -c %T "$1")"; }

check "version prints the driver version" sh -c 'minidm version | grep -q "^Driver version: *4\.[0-9]*\.[0-9]*$"'
check "targets lists linear and thin-pool" sh -c 'minidm targets | grep -q "^linear " && minidm targets | grep -q "^thin-pool "'

# create with --table, a table on stdin, a table file; uuid; read-only
check "create --table" minidm create lin --table "0 2048 linear $A 0"
check "node /dev/mapper/lin is a block device" test -b /dev/mapper/lin
check_eq "table shows MAJ:MIN" "0 2048 linear $(mm $A) 0" "$(minidm table lin)"
printf '0 1024 linear %s 0\n# comment\n\n1024 1024 linear %s 2048\n' "$A" "$B" >/tmp/t2
check "create from stdin with -u" sh -c "minidm create two -u MINIDM-TWO </tmp/t2"
check_eq "two segments" "2" "$(minidm table two | wc -l)"
check "create from a table file, read-only" minidm create ro -r /tmp/t2
check "info shows READ-ONLY" sh -c 'minidm info ro | grep -q "^State: *ACTIVE (READ-ONLY)$"'
check "info by uuid" sh -c 'minidm info -u MINIDM-TWO | grep -q "^Name: *two$"'
j=$(stat -L -c %t /dev/mapper/two); n=$(stat -L -c %T /dev/mapper/two)
check "info by major/minor" sh -c "minidm info -j $((0x$j)) -m $((0x$n)) | grep -q '^UUID: MINIDM-TWO$'"
check "deps lists both disks" sh -c "minidm deps two | grep -q '^2 dependencies'"
check "status of a linear device" sh -c 'minidm status lin | grep -q "^0 2048 linear $"'

# load into the inactive slot, clear it, load again and resume
check "load inactive table" minidm load lin --table "0 4096 zero"
check "info shows LIVE & INACTIVE" sh -c 'minidm info lin | grep -q "^Tables present: *LIVE & INACTIVE$"'
check_eq "table --inactive" "0 4096 zero " "$(minidm table --inactive lin)"
check "clear" minidm clear lin
check "inactive table gone" sh -c 'minidm info lin | grep -q "^Tables present: *LIVE$"'
check "reload + suspend + resume" sh -c 'minidm reload lin --table "0 4096 zero" && minidm suspend lin && minidm info lin | grep -q SUSPENDED && minidm resume lin'
check_eq "resumed with the new table" "0 4096 zero " "$(minidm table lin)"
check_eq "size after resume" "2097152" "$(blockdev --getsize64 /dev/mapper/lin)"
check "suspend --noflush --nolockfs" sh -c 'minidm suspend --noflush --nolockfs lin && minidm resume lin'

# rename, set uuid
check "rename" minidm rename lin lin2
check "old node gone, new node present" sh -c '! test -e /dev/mapper/lin && test -b /dev/mapper/lin2'
check "set uuid" minidm rename lin2 --setuuid MINIDM-LIN2
check "uuid set" sh -c 'minidm info lin2 | grep -q "^UUID: MINIDM-LIN2$"'

# setgeometry, wait, message (a thin pool answers messages)
check "setgeometry" minidm setgeometry lin2 16 4 32 0
ev=$(minidm info lin2 | sed -n 's/^Event number: *//p')
check "wait returns for a past event" minidm wait lin2 0
dd if=/dev/zero of=$B bs=4096 count=1 conv=notrunc 2>/dev/null
check "pool for messages" minidm create pool --table "0 409600 thin-pool $B $A 128 0"
check "message create_thin" minidm message pool 0 create_thin 0
check "message delete" minidm message pool 0 delete 0
check_refused 1 "message with a bad command fails" minidm message pool 0 no_such_message
check "remove pool" minidm remove pool

# errors leave nothing behind (device list and /dev/mapper)
check_refused 1 "create over a missing device fails" minidm create bad --table "0 10 linear /dev/nonexistent 0"
check_refused 2 "create with a bad name fails" minidm create "a/b" --table "0 10 zero"
check_refused 1 "create with an unknown target fails (exit 1)" minidm create bad --table "0 10 no_such_target"
check "error names command, device and cause" grep -q "create bad: table load: Invalid argument" /tmp/check.err
check_eq "error is one line" 1 "$(wc -l </tmp/check.err)"
check_exit 2 "usage error exits 2" minidm create
check_exit 2 "unknown command exits 2" minidm frobnicate
check_exit 2 "unknown option exits 2" minidm ls --bogus

# remove with --retry while the device is held open for a moment
exec 3</dev/mapper/ro
( sleep 1; exec 3<&- ) &
exec 3<&-
check "remove --retry" minidm remove --retry ro
check "remove -f (error table first)" minidm remove -f two
check "deferred remove of an open device" sh -c 'exec 4</dev/mapper/lin2; minidm remove --deferred lin2 && minidm info lin2 | grep -q "DEFERRED REMOVE"'
# the kernel removes it from a work queue after the last close
n=0
while minidm info lin2 >/dev/null 2>&1 && [ $n -lt 20 ]; do sleep 0.1; n=$((n + 1)); done
check_exit 1 "deferred removal happened on close" minidm info lin2

# mknodes repairs /dev/mapper
minidm create m1 --table "0 8 zero"
rm -f /dev/mapper/m1
touch /dev/mapper/stale 2>/dev/null
mknod /dev/mapper/gone b 253 200
check "mknodes" minidm mknodes
check "mknodes made the missing node" test -e /dev/mapper/m1
check "mknodes dropped a stale node" test ! -e /dev/mapper/gone
# an entry already right is left alone; a wrong one (a plain file, a node
# with another number) is replaced
minidm create m2 --table "0 8 zero"
minidm create m3 --table "0 8 zero"
ino=$(stat -c %i /dev/mapper/m1)
rm -f /dev/mapper/m2 /dev/mapper/m3
touch /dev/mapper/m2
mknod /dev/mapper/m3 b 253 201
check "mknodes over wrong entries" minidm mknodes
check_eq "a right entry is kept" "$ino" "$(stat -c %i /dev/mapper/m1)"
check "a plain file is replaced by the device" sh -c '[ -b /dev/mapper/m2 ] && [ "$(stat -L -c %t:%T /dev/mapper/m2)" = "$(stat -L -c %t:%T /dev/dm-$(minidm info -c --noheadings -o minor m2))" ]'
check "a node of another device is replaced" sh -c '[ "$(readlink /dev/mapper/m3)" = "../dm-$(minidm info -c --noheadings -o minor m3)" ]'
check "remove_all" minidm remove_all
check_eq "no devices" "No devices found" "$(minidm ls)"

# 150 devices in one batched create, listed through a growing buffer: names
# of 120 bytes make each entry of the kernel's list reply 144 bytes (its
# header, the name, 8 bytes of event number and flags), 21 KiB against the
# first 16 KiB buffer, with few devices (the kernel's remove_all waits for
# an RCU grace period a device)
pad=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
i=0; spec=""
while [ $i -lt 150 ]; do spec="$spec${spec:+;}$(printf 'many%03d' $i)$pad,,,rw,0 8 zero"; i=$((i + 1)); done
check_eq "names of 120 bytes" 120 "$(printf 'many%03d%s' 0 "$pad" | wc -c)"
check "create --concise 150 devices" minidm create --concise "$spec"
check_eq "ls lists 150" 150 "$(minidm ls | wc -l)"
check_eq "ls lists the last name whole" "many149$pad" "$(minidm ls | sort | tail -n 1 | cut -f1)"
check_eq "the kernel has 150" 150 "$(ls /sys/block | grep -c '^dm-')"
check "remove_all 150" minidm remove_all
check_eq "all gone" 0 "$(ls /sys/block | grep -c '^dm-')"
