#!/bin/sh
# disks: 4 64M
# timeout: 240
# cost: 15
# linear create: segments over several disks (paths and MAJ:MIN, units,
# defaults) read back the right bytes at every boundary; bad segments are
# usage errors and leave nothing behind.  Flakey segments: a down interval
# errors I/O and then recovers; drop_writes drops writes; error_writes
# fails them; corrupt_bio_byte corrupts reads.
. "$(dirname "$0")/lib.sh"

A=$(disk 0) B=$(disk 1) C=$(disk 2) D=$(disk 3)
MM_C=$(cat /sys/block/vdc/dev)
KB=2      # sectors per KiB

# fill each disk with its own bytes (the first 3 MiB: what the segments and
# flakey devices below read)
i=0
for d in $A $B $C $D; do
	garbage $((3 * 1048576)) $((i * 1000003)) | dd of="$d" bs=1M conv=fsync 2>/dev/null
	i=$((i + 1))
done
garbage 1048576 777 | dd of="$D" bs=1M seek=63 conv=fsync 2>/dev/null

# table NAME: its table, without the trailing space some kernels print
table() {
	minidm table "$1" | sed 's/ *$//'
}

# src DEV START_SECTOR COUNT: the bytes of a range of a disk
src() {
	dd if="$1" bs=512 skip="$2" count="$3" 2>/dev/null
}

# segments: A from 1 MiB for 1 MiB, B from 512 sectors for 3 sectors (an odd
# size), C by MAJ:MIN from 2 MiB for 256 KiB, D from 7 MiB to its end
check "linear create over four disks" minidm linear create lin "$A:1MiB:1M" "$B:512s:3" \
	"$MM_C:2M:256KiB" "$D:63MiB"
t=$(table lin)
want="0 2048 linear $(cat /sys/block/vda/dev) 2048
2048 3 linear $(cat /sys/block/vdb/dev) 512
2051 512 linear $MM_C 4096
2563 2048 linear $(cat /sys/block/vdd/dev) 129024"
check_eq "table: segments laid end to end, lengths and defaults" "$want" "$t"
check_eq "size is the sum of the segments" $((4611 * 512)) "$(blockdev --getsize64 /dev/mapper/lin)"
{ src "$A" 2048 2048; src "$B" 512 3; src "$C" 4096 512; src "$D" 129024 2048; } >/tmp/want
check_eq "every byte of the device" "$(sum /tmp/want)" "$(sum /dev/mapper/lin)"
# boundary bytes: the sector before and after each boundary
for b in 2048 2051 2563; do
	check_eq "bytes around boundary at sector $b" "$(src /tmp/want $((b - 1)) 2 | md5sum)" \
		"$(src /dev/mapper/lin $((b - 1)) 2 | md5sum)"
done
check "remove" minidm remove lin

check "whole device by default" minidm linear create whole "$D"
check_eq "whole device size" $((64 * 1048576)) "$(blockdev --getsize64 /dev/mapper/whole)"
minidm remove whole

check_refused 1 "segment beyond the end refused" minidm linear create bad "$A" "$B:60M:8M"
check_refused 2 "malformed segment is a usage error (exit 2)" minidm linear create bad "$A:x"
check_refused 2 "flakey with zero intervals is a usage error" minidm linear create bad "$A:0:1M:flakey:0:0"
check_refused 2 "drop_writes with error_writes is a usage error" minidm linear create bad "$A:0:1M:flakey:1:1:drop_writes:error_writes"
check_refused 1 "missing device" minidm linear create bad /dev/nonexistent

# busybox dd falls back to buffered I/O when O_DIRECT refuses its unaligned
# buffer: drop the page cache before reading, fsync after writing instead.
# rd DEV [SECTOR]: read one sector (the kernel reads at least its page)
rd() {
	echo 3 >/proc/sys/vm/drop_caches
	dd if="$1" of=/tmp/rd bs=512 skip="${2:-0}" count=1 2>/dev/null
}
# wr DEV SKIP [SECTOR]: write one sector of garbage (from SKIP) and fsync
wr() {
	garbage 512 "$2" >/tmp/wr
	dd if=/tmp/wr of="$1" bs=512 seek="${3:-0}" count=1 conv=notrunc,fsync 2>/dev/null
}

# flakey up 4 s, down 4 s: reads work, then fail for the down interval, then work
check "flakey create (up 4 s, down 4 s)" minidm linear create fl "$A:0:1M:flakey:4:4" "$B:0:1M"
# 6.1 echoes no features, 6.12 its defaults "2 error_reads error_writes"
t=$(table fl | sed 's/ 2 error_reads error_writes$/ 0/')
check_eq "flakey table" "0 2048 flakey $(cat /sys/block/vda/dev) 0 4 4 0
2048 2048 linear $(cat /sys/block/vdb/dev) 0" "$t"
check "read while up" rd /dev/mapper/fl
check_eq "read while up is the disk's bytes" "$(src "$A" 0 1 | md5sum)" "$(md5sum </tmp/rd)"
n=0
while rd /dev/mapper/fl && [ $n -lt 40 ]; do sleep 0.25; n=$((n + 1)); done
check "reads fail once the down interval starts" test $n -lt 40
check_exit 1 "writes fail while down" wr /dev/mapper/fl 1
check "the linear segment keeps working while down" rd /dev/mapper/fl 2048
t0=$(date +%s)
n=0
while ! rd /dev/mapper/fl && [ $n -lt 40 ]; do sleep 0.25; n=$((n + 1)); done
check "reads recover after the down interval" test $n -lt 40
down=$(($(date +%s) - t0))
check "the down interval lasted about 4 s ($down s after the first error)" test "$down" -ge 2 -a "$down" -le 5
check_eq "read after recovery is the disk's bytes" "$(src "$A" 0 1 | md5sum)" "$(md5sum </tmp/rd)"
minidm remove fl

# always down (up 0, down 1) with drop_writes: writes vanish, reads work
check "flakey drop_writes create" minidm linear create dw "$B:0:1M:flakey:0:1:drop_writes"
before=$(src "$B" 8 1 | md5sum)
check "a dropped write reports success" wr /dev/mapper/dw 7777 8
echo 3 >/proc/sys/vm/drop_caches
check_eq "the disk did not get the dropped write" "$before" "$(src "$B" 8 1 | md5sum)"
check_eq "reads pass through while down (drop_writes)" "$before" "$(rd /dev/mapper/dw 8 && md5sum </tmp/rd)"
minidm remove dw

check "flakey error_writes create" minidm linear create ew "$B:0:1M:flakey:0:1:error_writes"
check_exit 1 "writes fail (error_writes)" wr /dev/mapper/ew 1234
check "reads work (error_writes)" rd /dev/mapper/ew
minidm remove ew

# corrupt_bio_byte=1,w,42: the first byte of every write bio becomes '*'
check "flakey corrupt_bio_byte (writes) create" minidm linear create cw "$C:0:1M:flakey:0:1:corrupt_bio_byte=1,w,42"
check_eq "corrupt table" "0 2048 flakey $MM_C 0 0 1 5 corrupt_bio_byte 1 w 42 0" "$(table cw)"
check "a corrupted write succeeds" wr /dev/mapper/cw 4242
echo 3 >/proc/sys/vm/drop_caches
check_eq "the disk has 42 in the bio's first byte" "*" "$(src "$C" 0 1 | head -c 1)"
check_eq "and the written bytes after it" "$(tail -c 511 /tmp/wr | md5sum)" "$(src "$C" 0 1 | tail -c 511 | md5sum)"
minidm remove cw
# reads: 6.1's flakey corrupts nothing on reads (its end_io walked an
# exhausted bio iterator; fixed in 6.4), so only newer kernels are checked
check "flakey corrupt_bio_byte (reads) create" minidm linear create cb "$C:0:1M:flakey:0:1:corrupt_bio_byte=1,r,42,0"
check_eq "corrupt table" "0 2048 flakey $MM_C 0 0 1 5 corrupt_bio_byte 1 r 42 0" "$(table cb)"
case $(uname -r) in
6.1.*) echo "@@INFO $SCENARIO: read corruption not checked on $(uname -r)" ;;
*)
	rd /dev/mapper/cb
	check_eq "first byte of the read bio is corrupted to 42" "*" "$(head -c 1 /tmp/rd)"
	check_eq "the rest is the disk's" "$(src "$C" 0 1 | tail -c 511 | md5sum)" "$(tail -c 511 /tmp/rd | md5sum)"
	;;
esac
minidm remove cb
check "dm_clean" dm_clean
