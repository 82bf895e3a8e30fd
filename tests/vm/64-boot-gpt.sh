#!/bin/sh
# disks: 1 256M
# boots: 2
# timeout: 90
# cost: 9
# boot2: bootrd
# cmdline2: root=/dev/mapper/root rootfstype=ext4 ro
# conf: thin-pool create pool --meta PARTUUID=11111111-2222-4333-8444-555555555555 --data PARTLABEL=minidm-data
# conf: thin create root --pool pool --id 1 --size 64MiB
# expect2: minidm: root: activated in
# Boot to a thin root whose pool members are GPT partitions named by
# PARTUUID= and PARTLABEL= (read from the GPT by minidm, no blkid).  Boot 1
# writes the GPT that sfdisk made on the host (tests/vm/data) onto the disk.
. "$(dirname "$0")/lib.sh"

GPT=$(disk 0)
if [ "$MINIDM_BOOT" = 1 ]; then
	gunzip -c /tests/data/gpt256m-head.bin.gz | dd of="$GPT" conv=notrunc 2>/dev/null
	gunzip -c /tests/data/gpt256m-tail.bin.gz | dd of="$GPT" bs=512 seek=$((524288 - 33)) conv=notrunc 2>/dev/null
	blockdev --rereadpt "$GPT"
	check "partitions" sh -c "test -b ${GPT}1 && test -b ${GPT}2"
	thin_root "pool on the partitions" "${GPT}1" "${GPT}2"
	exit 0
fi

check "/ is /dev/mapper/root" root_is root
check_eq "the pool's members are the partitions" "$(devno ${GPT}1) $(devno ${GPT}2)" "$(minidm table pool | cut -d' ' -f4,5)"
