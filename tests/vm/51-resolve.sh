#!/bin/sh
# cost: 5
# disks: 3 256M
# One resolver for every option that names a dm device: a pool, an origin
# and a device argument given as NAME, /dev/mapper/NAME, /dev/dm-N and
# MAJ:MIN, on the command line and in config lines alike; a name that is
# no active device is refused with its exit code and leaves nothing.
. "$(dirname "$0")/lib.sh"

META=$(disk 0)
DATA=$(disk 1)
echo "console=ttyS0" >/tmp/cmdline.plain

# ---- config lines: the pool named four ways
check "pool" minidm thin-pool create pool --meta "$META" --data "$DATA"
PMM=$(devno /dev/mapper/pool)
DMN=/dev/$(basename "$(readlink -f /dev/mapper/pool)")
check "pool has a /dev/dm-N node" test -b "$DMN"
id=1
for form in pool /dev/mapper/pool "$DMN" "$PMM"; do
	printf 'thin create t%d --pool %s --id %d --size 16MiB --new\n' $id "$form" $id >/tmp/r.conf
	check "config line: --pool $form" minidm activate --config /tmp/r.conf --cmdline /tmp/cmdline.plain
	check_eq "t$id's table points at the pool ($form)" "0 32768 thin $PMM $id" \
		"$(minidm table t$id | sed 's/ *$//')"
	id=$((id + 1))
done

# ---- commands: thin create, snapshot --origin, status, pool message
check "command: thin create --pool /dev/mapper/pool" \
	minidm thin create t5 --pool /dev/mapper/pool --id 5 --size 16MiB --new
check "command: thin create --pool MAJ:MIN" \
	minidm thin create t6 --pool "$PMM" --id 6 --size 16MiB --new
check "command: thin snapshot --origin /dev/mapper/t1" \
	minidm thin snapshot s1 --origin /dev/mapper/t1 --id 11
check "command: thin snapshot --origin MAJ:MIN" \
	minidm thin snapshot s2 --origin "$(devno /dev/mapper/t2)" --id 12
check "command: thin snapshot --origin /dev/dm-N" \
	minidm thin snapshot s3 --origin "/dev/$(basename "$(readlink -f /dev/mapper/t3)")" --id 13
check "command: thin-pool status /dev/mapper/pool" \
	sh -c 'minidm thin-pool status /dev/mapper/pool | grep -q "^pool: thin-pool"'
check "command: thin-pool status $DMN --json" \
	sh -c "minidm thin-pool status $DMN --json | grep -q '\"transaction_id\"'"
check "command: thin status MAJ:MIN" \
	sh -c "minidm thin status $(devno /dev/mapper/t1) | grep -q 'id 1 in pool'"
check "command: thin-pool message /dev/mapper/pool" \
	minidm thin-pool message /dev/mapper/pool reserve-metadata-snap
check "command: thin-pool message MAJ:MIN" \
	minidm thin-pool message "$PMM" release-metadata-snap
check "command: thin delete --pool /dev/dm-N (after removing s3)" \
	sh -c "minidm remove s3 && minidm thin delete --pool $DMN --id 13"

# ---- refusals: exact exit codes, nothing left behind
before=$(minidm ls; ls /dev/mapper)
minidm thin create x --pool /dev/mapper/nosuch --id 20 --size 1M >/dev/null 2>/tmp/err
check_eq "--pool /dev/mapper/nosuch: exit 1" 1 $?
check "... says the pool is not active" grep -q "pool /dev/mapper/nosuch is not active" /tmp/err
minidm thin create x --pool 253:250 --id 20 --size 1M >/dev/null 2>/tmp/err
check_eq "--pool MAJ:MIN of no device: exit 1" 1 $?
minidm thin snapshot x --origin "$META" --id 20 >/dev/null 2>/tmp/err
check_eq "--origin a disk that is no dm device: exit 1" 1 $?
minidm thin-pool status /dev/mapper/nosuch >/dev/null 2>/tmp/err
check_eq "thin-pool status /dev/mapper/nosuch: exit 1" 1 $?
check_eq "nothing left behind" "$before" "$(minidm ls; ls /dev/mapper)"

minidm remove t1 t2 t3 t4 t5 t6 s1 s2 >/dev/null 2>&1
check "teardown" minidm thin-pool remove pool
