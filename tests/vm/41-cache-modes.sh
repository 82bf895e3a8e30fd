#!/bin/sh
# disks: 4 1G
# timeout: 300
# cost: 17
# dm-cache modes and rules: metadata safety (garbage and thin-pool metadata
# refused and left untouched, --wipe-meta zeroes only the superblock,
# --existing opens a cache and refuses zeros),
# writethrough and passthrough keep the origin complete, passthrough is
# refused while blocks are dirty, policy switch to cleaner and back, io
# mode switches, remove refused while dirty, resize after both members
# grew, and a cache whose metadata member fails (flakey) reports Fail.
. "$(dirname "$0")/lib.sh"

META=$(disk 0) CDEV=$(disk 1) ORIG=$(disk 2)
MB=2048

members() {
	minidm linear create meta "$META:0:16MiB" &&
	minidm linear create cdata "$CDEV:0:64MiB" &&
	minidm linear create orig "$ORIG:0:256MiB"
}
create() {
	minidm cache create c --meta /dev/mapper/meta --cache /dev/mapper/cdata \
		--origin /dev/mapper/orig "$@"
}
js() {
	minidm cache status c --json | sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" | tr -d '"'
}
record() {
	echo "@@INFO $SCENARIO: status ($1): $(minidm status "${2:-c}")"
}
# features: the status line's io mode word
mode() {
	minidm status c | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(writeback|writethrough|passthrough)$/) print $i }'
}
# write_raw SKIP MiB: garbage straight onto the cache device, fsync'd; its
# md5 in /tmp/raw.md5.  The block device's page cache writes 4 KiB bios,
# which smq promotes only when hot, but a write to a discarded block is
# promoted at once in writeback: so discard first.
write_raw() {
	garbage $(($2 * 1048576)) "$1" >/tmp/raw
	md5sum </tmp/raw >/tmp/raw.md5
	blkdiscard /dev/mapper/c
	dd if=/tmp/raw of=/dev/mapper/c bs=64k conv=fsync 2>/dev/null
}
origin_has_raw() {
	test "$(sum /dev/mapper/orig $(stat -c %s /tmp/raw))" = "$(cut -d' ' -f1 /tmp/raw.md5)"
}

check "members" members
# ---- metadata safety
garbage 16384 5 | dd of=/dev/mapper/meta conv=fsync 2>/dev/null
garbage 1048576 6 | dd of=/dev/mapper/meta bs=1M seek=8 conv=fsync 2>/dev/null
before=$(sum /dev/mapper/meta)
check_refused 1 "garbage metadata refused" create
explain "$(cat /tmp/check.err)"
check "the refusal names --wipe-meta" grep -q "wipe-meta" /tmp/check.err
check_eq "refused metadata is untouched" "$before" "$(sum /dev/mapper/meta)"
check "thin-pool metadata on the member" sh -c 'minidm thin-pool create tp --meta /dev/mapper/meta --data /dev/mapper/cdata --wipe-meta && minidm thin-pool remove tp'
before=$(sum /dev/mapper/meta)
check_refused 1 "thin-pool metadata refused" create
check_eq "thin-pool metadata untouched" "$before" "$(sum /dev/mapper/meta)"
garbage 16384 5 | dd of=/dev/mapper/meta conv=fsync 2>/dev/null
far=$(dd if=/dev/mapper/meta bs=1M skip=8 count=1 2>/dev/null | md5sum)
check "--wipe-meta: created on garbage" create --wipe-meta --mode writethrough
check_eq "--wipe-meta zeroed only the superblock (8 MiB in: same bytes)" "$far" \
	"$(dd if=/dev/mapper/meta bs=1M skip=8 count=1 2>/dev/null | md5sum)"
check "remove, then --existing opens it" sh -c 'minidm cache remove c && minidm cache create c --meta /dev/mapper/meta --cache /dev/mapper/cdata --origin /dev/mapper/orig --mode writethrough --existing'
check "remove" minidm cache remove c
dd if=/dev/zero of=/dev/mapper/meta bs=4096 count=1 conv=fsync 2>/dev/null
before=$(sum /dev/mapper/meta)
check_refused 1 "--existing refuses a zeroed superblock (no cache to open)" create --mode writethrough --existing
check "it says so" grep -q "cache create c: No data available (metadata superblock all zeros, --existing: not formatted)" /tmp/check.err
check_eq "metadata untouched (not formatted)" "$before" "$(sum /dev/mapper/meta)"
check "without it, zeros are a new cache" create --mode writethrough

# ---- writethrough
check_eq "writethrough mode" writethrough "$(mode)"
write_raw 11 8
check_eq "writethrough: no dirty blocks" 0 "$(js dirty)"
record writethrough
check "writethrough: the origin has every byte while cached" origin_has_raw
check "writethrough: remove (no flush needed)" minidm cache remove c

# ---- passthrough on the existing (clean) metadata
check "passthrough create" create --mode passthrough
check_eq "passthrough mode" passthrough "$(mode)"
write_raw 22 4
check_eq "passthrough: no dirty blocks" 0 "$(js dirty)"
check "passthrough: the origin has every byte" origin_has_raw
record passthrough
check "passthrough: remove" minidm cache remove c

# ---- writeback with dirty blocks
check "writeback create (idle writeback off)" create --policy-args "migration_threshold 0"
write_raw 33 6
dirty=$(js dirty)
check "writeback: dirty blocks ($dirty)" test "$dirty" -gt 0
check_exit 1 "passthrough refused while dirty" minidm cache set c --mode passthrough
explain "$(cat /tmp/check.err)"
check_eq "still writeback, still working" "writeback working $dirty" "$(mode) $(js state) $(js dirty)"
check_exit 1 "cache remove refused while dirty" minidm cache remove c
check "still there" minidm info c
minidm cache remove c >/tmp/out 2>&1
check_eq "cache remove refused again: exit 1" 1 $?
check "the refusal says why" grep -q "dirty blocks" /tmp/out
check "still there after it" minidm info c

# ---- policy switch: cleaner, then back to smq
check "switch to the cleaner policy" minidm cache set c --policy cleaner
check_eq "policy is cleaner" cleaner "$(js policy)"
record "cleaner policy"
n=0
while [ "$(js dirty)" != 0 ] && [ $n -lt 120 ]; do sleep 0.25; n=$((n + 1)); done
check_eq "the cleaner wrote every dirty block back" 0 "$(js dirty)"
check "switch back to smq" minidm cache set c --policy smq
check_eq "policy is smq" smq "$(js policy)"
check "origin has every byte" origin_has_raw

# ---- io mode switches on a clean cache
check "switch to passthrough (clean now)" minidm cache set c --mode passthrough
check_eq "passthrough" passthrough "$(mode)"
check "switch to writethrough" minidm cache set c --mode writethrough
check_eq "writethrough" writethrough "$(mode)"
check "back to writeback" minidm cache set c --mode writeback
check_eq "writeback" writeback "$(mode)"
check_eq "the device is still working" working "$(js state)"
record "after switches"

# ---- resize after the origin and the cache member grew
check "grow the origin member to 512 MiB" sh -c "minidm reload orig --table '0 $((512 * MB)) linear $ORIG 0' && minidm suspend orig && minidm resume orig"
check "grow the cache member to 128 MiB" sh -c "minidm reload cdata --table '0 $((128 * MB)) linear $CDEV 0' && minidm suspend cdata && minidm resume cdata"
check "cache resize" minidm cache resize c
check_eq "cache device is 512 MiB" $((512 * 1048576)) "$(blockdev --getsize64 /dev/mapper/c)"
check_eq "2048 cache blocks" 2048 "$(js total_cache)"

# ---- remove --flush
write_raw 44 3
check "dirty once more" test "$(js dirty)" -gt 0
check "cache remove --flush" minidm cache remove c --flush --progress
check "origin has every byte" origin_has_raw
check "cache_check passes" /peer/cache_check /dev/mapper/meta

# ---- Fail: the metadata member goes down (flakey, up 6 s then down)
check "flakey metadata member (up 6 s, down 60 s)" minidm linear create fmeta "$META:32MiB:16MiB:flakey:6:60"
check "cache on it" minidm cache create c --meta /dev/mapper/fmeta --cache /dev/mapper/cdata --origin /dev/mapper/orig
sleep 7
timeout 60 dd if=/tmp/raw of=/dev/mapper/c bs=64k conv=fsync 2>/dev/null
timeout 60 minidm message c 0 migration_threshold 100 >/dev/null 2>&1
record "metadata member down"
record "metadata member down, again"
check "status still parses" minidm cache status c
minidm cache status c
check "json: failed or read-only metadata" sh -c 'minidm cache status c --json | grep -q "\"state\":\"fail\"\|\"metadata_mode\":\"read_only\""'
check_exit 1 "flush refuses a failed cache" timeout 60 minidm cache flush c
check "remove the failed cache" timeout 60 minidm remove c
check "dm_clean" dm_clean
