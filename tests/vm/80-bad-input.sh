#!/bin/sh
# disks: 4 64M
# timeout: 300
# cost: 25
# The bad-input matrix (tests/bad/matrix, run by tests/bad/run.sh) against
# the real kernel with the static minidm: every case, the host ones too.
# Each exits 1 or 2 as the matrix says with one error line naming the
# command and the cause, and leaves the kernel's device list, live and
# inactive tables, status lines, flags and /dev/mapper as they were (a
# snapshot after each case is compared with the one before).  Live devices
# the cases aim at: a linear device, a thin pool with a thin volume, a
# device without a table, a tiny one.  The disk full of garbage that cases
# offer as metadata, and the spare disk under the linear device, are
# never written.
. "$(dirname "$0")/lib.sh"

GARB=$(disk 0) META=$(disk 1) DATA=$(disk 2) SPARE=$(disk 3)
export GARB META DATA SPARE

garbage 4194304 | dd of="$GARB" bs=1M conv=fsync 2>/dev/null
garbage 9437184 12345 | dd of="$SPARE" bs=1M conv=fsync 2>/dev/null
garb_sum=$(sum "$GARB" 4194304)
spare_sum=$(sum "$SPARE" 9437184)

check "live: lin" minidm create lin -u LIN-UUID --table "0 16384 linear $SPARE 0"
check "live: tiny" minidm create tiny --table "0 8 linear $SPARE 16384"
check "live: pool" minidm thin-pool create pool --meta "$META" --data "$DATA"
check "live: thin" minidm thin create thin --pool pool --id 1 --size 16MiB --new
check "live: notable" minidm create notable -n

# what no case may change
bad_state() {
	minidm info -c --noheadings -o name,uuid,attr,devno,segments
	minidm table
	minidm table --inactive
	minidm status
	ls /dev/mapper
}

BAD_LIB=1 . /tests/bad/run.sh
bad_setup /tmp/bad /tests/bad/matrix || fail "matrix fixtures"
cd /tmp/bad || exit 1
start=$(date +%s)
bad_run /sbin/minidm /tests/bad/matrix all
echo "@@INFO $(grep -c '' .cases) cases in $(($(date +%s) - start)) s"
rm -f /tmp/bad/big-* /tmp/bad/huge

check_eq "the garbage disk was not written" "$garb_sum" "$(sum "$GARB" 4194304)"
check_eq "the spare disk was not written" "$spare_sum" "$(sum "$SPARE" 9437184)"
check "the thin volume still reads" dd if=/dev/mapper/thin of=/dev/null bs=1M count=1
check "teardown" sh -c 'minidm remove thin notable tiny lin && minidm thin-pool remove pool'
check "thin_check passes" /peer/thin_check "$META"
