#!/bin/sh
# disks: 3 512M
# timeout: 240
# Thin pools under bad conditions: garbage metadata is refused and left
# untouched; --wipe-meta zeroes only the first 4 KiB; a full pool with
# --error-if-no-space gives I/O errors, not a hang, and says out_of_space;
# bad options are usage errors; a read-only pool activates read-only.
. "$(dirname "$0")/lib.sh"

META=$(disk 0)
DATA=$(disk 1)
SMALL=$(disk 2)

garbage 65536 >/tmp/g
dd if=/tmp/g of="$META" bs=65536 count=1 conv=notrunc 2>/dev/null
before=$(sum "$META" 1048576)
minidm thin-pool create pool --meta "$META" --data "$DATA" 2>/tmp/err; rc=$?
check_eq "garbage metadata refused (exit 1)" 1 "$rc"
check "the error says why and how to override" grep -q "refusing (--wipe-meta" /tmp/err
check_eq "one line" 1 "$(wc -l </tmp/err)"
check_eq "metadata device untouched" "$before" "$(sum "$META" 1048576)"
check "no pool left behind" sh -c '! minidm info pool >/dev/null 2>&1'
check "--wipe-meta" minidm thin-pool create pool --meta "$META" --data "$DATA" --wipe-meta
check "pool removed" minidm thin-pool remove pool

# usage errors (exit 2) and bad values
for args in "--meta $META" "--data $DATA" "--meta $META --data $DATA --block-size 96KiB" \
	"--meta $META --data $DATA --block-size 2GiB" "--meta $META --data $DATA --block-size 10x"; do
	minidm thin-pool create p2 $args 2>/dev/null
	rc=$?
	[ "$rc" = 2 ] || [ "$rc" = 1 ] && ! minidm info p2 >/dev/null 2>&1 && ok "refused: thin-pool create p2 $args" || fail "accepted: $args (exit $rc)"
done
check_fail "same device for metadata and data" minidm thin-pool create p2 --meta "$META" --data "$META"
check_fail "missing member" minidm thin-pool create p2 --meta /dev/nonexistent --data "$DATA"
check_fail "thin on a missing pool" minidm thin create t --pool nopool --id 1 --size 1M
minidm thin create t --pool nopool --id x --size 1M 2>/dev/null; check_eq "bad id is a usage error" 2 "$?"

# out of data space with --error-if-no-space: 16 MiB of data, a 64 MiB thin
dd if=/dev/zero of="$META" bs=4096 count=1 conv=notrunc 2>/dev/null
check "small data member" minidm create small --table "0 32768 linear $SMALL 0"
check "pool --error-if-no-space" minidm thin-pool create full --meta "$META" --data /dev/mapper/small --error-if-no-space --low-water 1MiB
check "thin bigger than the pool" minidm thin create big --pool full --id 0 --size 64MiB --new
garbage 33554432 | dd of=/dev/mapper/big bs=1M oflag=direct 2>/tmp/dd.err; rc=$?
check "writing past the pool's space fails with an I/O error" sh -c "[ $rc -ne 0 ] && grep -qi 'error' /tmp/dd.err"
check "status says out_of_space" sh -c 'minidm thin-pool status full --json | grep -q "\"summary\":\"out_of_space\""'
check "human status says it too" sh -c 'minidm thin-pool status full | grep -q "out of data space"'
check "teardown" sh -c 'minidm remove big && minidm thin-pool remove full && minidm remove small'

# read-only pool
check "pool for read-only test" minidm thin-pool create rw --meta "$META" --data "$DATA" --wipe-meta
check "thin" minidm thin create v --pool rw --id 3 --size 8MiB --new
check "teardown" sh -c 'minidm remove v && minidm thin-pool remove rw'
check "read-only pool opens" minidm thin-pool create ro --meta "$META" --data "$DATA" --read-only
check "its status says read_only" sh -c 'minidm thin-pool status ro --json | grep -q "\"summary\":\"read_only\""'
check_fail "create_thin refused by a read-only pool" minidm thin create w --pool ro --id 4 --size 8MiB --new
check "existing thin readable" sh -c 'minidm thin create v --pool ro --id 3 --size 8MiB && dd if=/dev/mapper/v of=/dev/null bs=1M count=1'
check "teardown" sh -c 'minidm remove v && minidm thin-pool remove ro'
check "thin_check passes" /peer/thin_check "$META"
