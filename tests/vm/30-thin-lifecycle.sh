#!/bin/sh
# disks: 2 1G
# boots: 2
# timeout: 300
# cost: 13
# Thin provisioning end to end: pool over a linear data member, a thin with a
# file system, a snapshot that keeps the old content, resize of the thin and
# of the pool (after growing the data member), ordered teardown, thin_check,
# and a second boot that opens the same pool and reads the same bytes.
. "$(dirname "$0")/lib.sh"

META=$(disk 0)
DATA=$(disk 1)
MB=2048   # sectors per MiB

data_member() {  # data_member MiB: (re)load the linear data member
	if minidm info data >/dev/null 2>&1; then
		minidm reload data --table "0 $(($1 * MB)) linear $DATA 0" &&
			minidm suspend data && minidm resume data
	else
		minidm create data --table "0 $(($1 * MB)) linear $DATA 0"
	fi
}

if [ "$MINIDM_BOOT" = 1 ]; then
	check "data member: linear over the data disk (256 MiB)" data_member 256
	check "pool create (new metadata)" minidm thin-pool create pool --meta "$META" --data /dev/mapper/data --block-size 64KiB
	check "status parses" minidm thin-pool status pool
	minidm thin-pool status pool
	check "status --json has the pinned fields" sh -c 'minidm thin-pool status pool --json | grep -q "\"state\":\"working\".*\"transaction_id\":0.*\"total_data\":4096.*\"data_block_size\":65536.*\"summary\":\"good\".*\"no_space_policy\":\"queue\".*\"needs_check\":false"'
	check "low water default printed" sh -c 'minidm thin-pool status pool | grep -q "low water: 409 blocks"'
	check "thin create --new" minidm thin create vol --pool pool --id 1 --size 128MiB --new
	check "thin node" test -b /dev/mapper/vol
	check "mkfs on the thin" mke2fs -q /dev/mapper/vol
	mkdir -p /mnt
	check "mount" mount /dev/mapper/vol /mnt
	garbage 3000000 >/mnt/file
	sum /mnt/file >/tmp/sum1
	check "sync" sync
	check "snapshot (origin suspended around create_snap)" minidm thin snapshot snap --origin vol --id 2
	garbage 3000000 777 >/mnt/file
	sync
	sum /mnt/file >/tmp/sum2
	mkdir -p /snap
	check "mount the snapshot" mount -o ro /dev/mapper/snap /snap
	check_eq "snapshot keeps the old content" "$(cat /tmp/sum1)" "$(sum /snap/file)"
	check "origin has the new content" test "$(sum /mnt/file)" != "$(cat /tmp/sum1)"
	umount /snap
	check_refused 1 "delete refused while the snapshot is active" minidm thin delete --pool pool --id 2
	check_refused 1 "pool remove refused while thins are active" minidm thin-pool remove pool
	check "remove the snapshot device" minidm remove snap
	check "delete the snapshot" minidm thin delete --pool pool --id 2
	check "thin status" minidm thin status vol
	check "thin status --json" sh -c 'minidm thin status vol --json | grep -q "\"state\":\"working\",\"mapped_sectors\":[1-9]"'
	umount /mnt
	check "thin resize to 192 MiB" minidm thin resize vol --size 192MiB
	check_eq "thin size" $((192 * 1048576)) "$(blockdev --getsize64 /dev/mapper/vol)"
	check "grow the data member to 512 MiB" data_member 512
	check "pool resize (to the member's size)" minidm thin-pool resize pool
	check "pool sees 8192 blocks" sh -c 'minidm thin-pool status pool --json | grep -q "\"total_data\":8192"'
	check_refused 1 "pool resize beyond the member fails" minidm thin-pool resize pool --data-size 2GiB
	check "set-transaction-id" minidm thin-pool message pool set-transaction-id 0 7
	check "transaction id is 7" sh -c 'minidm thin-pool status pool --json | grep -q "\"transaction_id\":7"'
	check "reserve-metadata-snap" minidm thin-pool message pool reserve-metadata-snap
	check "held root shown" sh -c 'minidm thin-pool status pool --json | grep -q "\"held_metadata_root\":[0-9]"'
	check "release-metadata-snap" minidm thin-pool message pool release-metadata-snap
	check "teardown: thin, then pool" sh -c 'minidm remove vol && minidm thin-pool remove pool'
	check "thin_check passes on the metadata" /peer/thin_check "$META"
	check "remove data member" minidm remove data
	# keep the file's checksum for boot 2 past the data member's end
	dd if=/tmp/sum2 of="$DATA" bs=512 seek=$((1000 * MB)) conv=notrunc 2>/dev/null
	sync
else
	check "data member again (512 MiB)" data_member 512
	check "pool create opens the existing pool (no --new)" minidm thin-pool create pool --meta "$META" --data /dev/mapper/data
	check "existing pool kept its transaction id" sh -c 'minidm thin-pool status pool --json | grep -q "\"transaction_id\":7"'
	check "thin create (existing id 1)" minidm thin create vol --pool pool --id 1 --size 192MiB
	mkdir -p /mnt
	check "mount" mount -o ro /dev/mapper/vol /mnt
	want=$(dd if="$DATA" bs=512 skip=$((1000 * MB)) count=1 2>/dev/null | head -n 1)
	check_eq "same bytes after reboot" "$want" "$(sum /mnt/file)"
	umount /mnt
	check_refused 1 "thin create --new with an id that exists fails" minidm thin create vol2 --pool pool --id 1 --size 1MiB --new
	check "teardown" sh -c 'minidm remove vol && minidm thin-pool remove pool && minidm remove data'
	check "thin_check passes" /peer/thin_check "$META"
fi
