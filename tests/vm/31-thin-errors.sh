#!/bin/sh
# disks: 3 512M
# timeout: 240
# cost: 8
# Thin pools under bad conditions: garbage metadata is refused and left
# untouched; --wipe-meta zeroes only the first 4 KiB; --existing opens a
# pool and refuses zeros (no format) and garbage; a full pool with
# --error-if-no-space gives I/O errors, not a hang, and says out_of_space;
# bad options are usage errors; a read-only pool activates read-only.
. "$(dirname "$0")/lib.sh"

META=$(disk 0)
DATA=$(disk 1)
SMALL=$(disk 2)

garbage 65536 >/tmp/g
dd if=/tmp/g of="$META" bs=65536 count=1 conv=notrunc 2>/dev/null
before=$(sum "$META" 1048576)
check_refused 1 "garbage metadata refused" minidm thin-pool create pool --meta "$META" --data "$DATA"
check "the error says why and how to override" grep -q "refusing (--wipe-meta" /tmp/check.err
check_eq "one line" 1 "$(wc -l </tmp/check.err)"
check_eq "metadata device untouched" "$before" "$(sum "$META" 1048576)"
check_refused 1 "--existing refuses garbage too, --wipe-meta or not" \
	minidm thin-pool create pool --meta "$META" --data "$DATA" --existing --wipe-meta
check_eq "metadata device untouched" "$before" "$(sum "$META" 1048576)"
check "--wipe-meta" minidm thin-pool create pool --meta "$META" --data "$DATA" --wipe-meta
check "pool removed" minidm thin-pool remove pool
check "--existing opens the pool just made" minidm thin-pool create pool --meta "$META" --data "$DATA" --existing
check "pool removed" minidm thin-pool remove pool
# --existing: zeros are no pool to open, and are not formatted
dd if=/dev/zero of="$META" bs=4096 count=1 conv=notrunc 2>/dev/null
before=$(sum "$META" 1048576)
check_refused 1 "--existing refuses a zeroed superblock" minidm thin-pool create pool --meta "$META" --data "$DATA" --existing
check "it says so" grep -q "pool: No data available (metadata superblock all zeros, --existing: not formatted)" /tmp/check.err
check_eq "one line" 1 "$(wc -l </tmp/check.err)"
check_eq "metadata device untouched (not formatted)" "$before" "$(sum "$META" 1048576)"
echo "thin-pool create pool --meta $META --data $DATA --existing" >/tmp/existing.conf
echo "console=ttyS0" >/tmp/cmdline.plain
check_refused 1 "so does activate's dry run of that line" \
	minidm activate --config /tmp/existing.conf --cmdline /tmp/cmdline.plain --dry-run
check_refused 1 "and activate" minidm activate --config /tmp/existing.conf --cmdline /tmp/cmdline.plain
check "naming the line's device" grep -q "pool: No data available (metadata superblock all zeros" /tmp/check.err
check_eq "metadata device still untouched" "$before" "$(sum "$META" 1048576)"

# usage errors (exit 2) and bad values (exit 1)
for c in "2 --meta $META" "2 --data $DATA" "1 --meta $META --data $DATA --block-size 96KiB" \
	"1 --meta $META --data $DATA --block-size 2GiB" "2 --meta $META --data $DATA --block-size 10x"; do
	# shellcheck disable=SC2086  # the options are words
	check_refused "${c%% *}" "refused: thin-pool create p2 ${c#* }" minidm thin-pool create p2 ${c#* }
done
check_refused 1 "same device for metadata and data" minidm thin-pool create p2 --meta "$META" --data "$META"
check_refused 1 "missing member" minidm thin-pool create p2 --meta /dev/nonexistent --data "$DATA"
check_refused 1 "thin on a missing pool" minidm thin create t --pool nopool --id 1 --size 1M
check_exit 2 "bad id is a usage error" minidm thin create t --pool nopool --id x --size 1M

# out of data space with --error-if-no-space: 16 MiB of data, a 64 MiB thin
dd if=/dev/zero of="$META" bs=4096 count=1 conv=notrunc 2>/dev/null
check "small data member" minidm create small --table "0 32768 linear $SMALL 0"
check "pool --error-if-no-space" minidm thin-pool create full --meta "$META" --data /dev/mapper/small --error-if-no-space --low-water 1MiB
check "thin bigger than the pool" minidm thin create big --pool full --id 0 --size 64MiB --new
fill() { garbage 33554432 | dd of=/dev/mapper/big bs=1M oflag=direct; }
check_exit 1 "writing past the pool's space fails (dd exits 1)" fill
check "with an I/O error" grep -qi 'error' /tmp/check.err
check "status says out_of_space" sh -c 'minidm thin-pool status full --json | grep -q "\"summary\":\"out_of_space\""'
check "human status says it too" sh -c 'minidm thin-pool status full | grep -q "out of data space"'
check "teardown" sh -c 'minidm remove big && minidm thin-pool remove full && minidm remove small'

# read-only pool
check "pool for read-only test" minidm thin-pool create rw --meta "$META" --data "$DATA" --wipe-meta
check "thin" minidm thin create v --pool rw --id 3 --size 8MiB --new
check "teardown" sh -c 'minidm remove v && minidm thin-pool remove rw'
check "read-only pool opens" minidm thin-pool create ro --meta "$META" --data "$DATA" --read-only
check "its status says read_only" sh -c 'minidm thin-pool status ro --json | grep -q "\"summary\":\"read_only\""'
check_refused 1 "create_thin refused by a read-only pool" minidm thin create w --pool ro --id 4 --size 8MiB --new
check "existing thin readable" sh -c 'minidm thin create v --pool ro --id 3 --size 8MiB && dd if=/dev/mapper/v of=/dev/null bs=1M count=1'
check "teardown" sh -c 'minidm remove v && minidm thin-pool remove ro'
check "thin_check passes" /peer/thin_check "$META"
