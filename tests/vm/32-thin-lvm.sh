#!/bin/sh
# disks: 1 1G
# timeout: 240
# cost: 8
# A thin volume made by Debian's lvm (lvcreate --thin) is activated by minidm
# alone from its member devices, and reads back what was written under lvm.
. "$(dirname "$0")/lib.sh"

PV=$(disk 0)
lvm() { /peer/lvm "$@"; }

check "pvcreate" lvm pvcreate -q -y "$PV"
check "vgcreate" lvm vgcreate -q vg "$PV"
check "lvcreate --thin pool" lvm lvcreate -q -L 256M --chunksize 128K -T vg/pool
check "lvcreate thin volume" lvm lvcreate -q -V 128M -T vg/pool -n thin
check "mkfs" mke2fs -q /dev/mapper/vg-thin
mkdir -p /mnt
mount /dev/mapper/vg-thin /mnt && garbage 2000000 5 >/mnt/file && sum /mnt/file >/tmp/want && umount /mnt
check "data written under lvm" test -s /tmp/want
tmeta=$(/peer/dmsetup table vg-pool_tmeta)
tdata=$(/peer/dmsetup table vg-pool_tdata)
id=$(lvm lvs --noheadings -o thin_id vg/thin | tr -d ' ')
check "recorded member tables and thin id ($id)" test -n "$tmeta" -a -n "$tdata" -a -n "$id"
check "vgchange -an" lvm vgchange -q -an vg
check_eq "lvm left no devices" "No devices found" "$(minidm ls)"

check "members with minidm" sh -c "minidm create tmeta --table '$tmeta' && minidm create tdata --table '$tdata'"
check "pool over lvm's metadata (existing, block size from the superblock)" minidm thin-pool create pool --meta /dev/mapper/tmeta --data /dev/mapper/tdata
check "block size taken from lvm's pool: 128 KiB" sh -c 'minidm thin-pool status pool --json | grep -q "\"data_block_size\":131072"'
check "thin volume" minidm thin create thin --pool pool --id "$id" --size 128MiB
check "mount read-only" mount -o ro /dev/mapper/thin /mnt
check_eq "same bytes as written under lvm" "$(cat /tmp/want)" "$(sum /mnt/file)"
umount /mnt
check "teardown" sh -c 'minidm remove thin && minidm thin-pool remove pool && minidm remove tdata tmeta'
check "lvm activates it again afterwards" lvm vgchange -q -ay vg
check "lvm deactivates it" lvm vgchange -q -an vg
