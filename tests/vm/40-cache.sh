#!/bin/sh
# disks: 4 1G
# boots: 2
# timeout: 300
# cost: 12
# dm-cache end to end.  Boot 1: a writeback cache over an origin (members
# made with `linear create`), a checksummed file system written through it,
# dirty blocks, teardown with the blocks still dirty.  Boot 2: the cache
# re-created on its existing metadata reads the same checksums, flushes to
# dirty 0 (progress shown), is removed, and the bare origin holds every byte;
# remove --flush does the same in one step; cache_check passes.
. "$(dirname "$0")/lib.sh"

META=$(disk 0) CDEV=$(disk 1) ORIG=$(disk 2) KEEP=$(disk 3)

members() {
	minidm linear create meta "$META:0:16MiB" &&
	minidm linear create cdata "$CDEV:0:64MiB" &&
	minidm linear create orig "$ORIG:0:256MiB"
}
create() {
	minidm cache create c --meta /dev/mapper/meta --cache /dev/mapper/cdata \
		--origin /dev/mapper/orig "$@"
}
# js FIELD: a number or string field of `cache status c --json`
js() {
	minidm cache status c --json | sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" | tr -d '"'
}
record() {  # record WHAT: the raw status line, for the parser's unit tests
	echo "@@INFO $SCENARIO: status ($1): $(minidm status c)"
}

mkdir -p /mnt
if [ "$MINIDM_BOOT" = 1 ]; then
	check "members: linear meta 16 MiB, cache 64 MiB, origin 256 MiB" members
	# migration_threshold 0 stops smq's writeback of dirty blocks when idle,
	# so they stay dirty until the flush (whose cleaner drops that argument)
	check "cache create (writeback, new metadata)" create --mode writeback --block-size 64KiB \
		--policy-args "migration_threshold 0"
	check_eq "size is the origin's" $((256 * 1048576)) "$(blockdev --getsize64 /dev/mapper/c)"
	check_eq "table" "0 524288 cache $(cat /sys/block/dm-0/dev) $(cat /sys/block/dm-1/dev) $(cat /sys/block/dm-2/dev) 128 1 writeback smq 2 migration_threshold 0" \
		"$(minidm table c | sed 's/ *$//')"
	record fresh
	check "status (human)" minidm cache status c
	minidm cache status c
	keys=$(minidm cache status c --json | sed 's/"\([a-z_]*\)":/\n\1\n/g' | sed -n '/^[a-z_]*$/p' | tr '\n' ' ')
	check_eq "--json has exactly the pinned fields" "state meta_block_size used_meta total_meta cache_block_size used_cache total_cache read_hits read_misses write_hits write_misses demotions promotions dirty features core_args policy policy_args metadata_mode needs_check " "$keys"
	check_eq "json: block sizes in bytes" "65536 4096" "$(js cache_block_size) $(js meta_block_size)"
	check_eq "json: state, policy, mode, total" "working smq good 1024" \
		"$(js state) $(js policy) $(js metadata_mode) $(js total_cache)"
	check "mkfs through the cache" mke2fs -q -b 4096 /dev/mapper/c
	check "mount" mount /dev/mapper/c /mnt
	garbage 3000000 >/mnt/a
	garbage 5000000 1234 >/mnt/b
	mkdir /mnt/d && garbage 700000 99 >/mnt/d/c
	(cd /mnt && md5sum a b d/c) >/tmp/sums
	umount /mnt
	dirty=$(js dirty)
	check "writeback left dirty blocks ($dirty)" test "$dirty" -gt 0
	record "writeback, dirty"
	check_exit 1 "cache remove refused while dirty" minidm cache remove c
	check "the refusal left the cache in place" minidm info c
	# the checksums survive on the spare disk
	dd if=/tmp/sums of="$KEEP" conv=fsync 2>/dev/null
	echo "$dirty" | dd of="$KEEP" bs=512 seek=8 conv=fsync 2>/dev/null
	# plain removal (as at shutdown): the dirty blocks stay in the cache
	check "plain remove keeps dirty blocks in the cache" minidm remove c
	check "remove members" sh -c 'minidm remove orig && minidm remove cdata && minidm remove meta'
else
	head -c 4096 "$KEEP" | tr -d '\0' >/tmp/sums
	was=$(dd if="$KEEP" bs=512 skip=8 count=1 2>/dev/null | tr -d '\0' | head -n 1)
	check "members again" members
	check_refused 1 "a different block size is refused on existing metadata" create --block-size 128KiB
	check "cache create on existing metadata (block size from the superblock)" create \
		--mode writeback --policy-args "migration_threshold 0"
	check_eq "table keeps 64 KiB blocks" 128 "$(minidm table c | cut -d' ' -f7)"
	check_eq "dirty blocks survived the reboot" "$was" "$(js dirty)"
	record "reopened, dirty"
	check "mount read-only" mount -o ro /dev/mapper/c /mnt
	check "same checksums through the cache" sh -c 'cd /mnt && md5sum -c /tmp/sums'
	umount /mnt
	check "flush shows progress and ends clean" sh -c 'minidm cache flush c --progress 2>/tmp/progress'
	explain "$(cat /tmp/progress)"
	check "progress lines fall to 0" sh -c 'tail -n 1 /tmp/progress | grep -q ": 0 dirty blocks" && [ $(wc -l </tmp/progress) -ge 2 ]'
	check_eq "dirty 0 after flush" 0 "$(js dirty)"
	check_eq "the original policy is back" smq "$(js policy)"
	check_eq "and its arguments" "0" "$(minidm table c | sed -n 's/.*migration_threshold \([0-9]*\).*/\1/p')"
	record "flushed"
	check "cache remove (clean)" minidm cache remove c
	check "mount the bare origin" mount -o ro /dev/mapper/orig /mnt
	check "the origin alone holds every byte" sh -c 'cd /mnt && md5sum -c /tmp/sums'
	umount /mnt

	# remove --flush: dirty again, then flush and remove in one step
	check "cache create again" create --policy-args "migration_threshold 0"
	check "mount" mount /dev/mapper/c /mnt
	garbage 4000000 555 >/mnt/e
	(cd /mnt && md5sum a b d/c e) >/tmp/sums2
	umount /mnt
	check "dirty again" test "$(js dirty)" -gt 0
	check "cache remove --flush" minidm cache remove c --flush
	check_exit 1 "gone" minidm info c
	check "mount the bare origin" mount -o ro /dev/mapper/orig /mnt
	check "the origin holds the new file too" sh -c 'cd /mnt && md5sum -c /tmp/sums2'
	umount /mnt
	check "remove members but meta" sh -c 'minidm remove orig && minidm remove cdata'
	check "cache_check passes on the metadata" /peer/cache_check /dev/mapper/meta
	check "remove meta" minidm remove meta
fi
