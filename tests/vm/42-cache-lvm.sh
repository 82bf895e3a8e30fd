#!/bin/sh
# disks: 1 1G
# timeout: 240
# cost: 10
# A cache made by LVM (`lvconvert --type cache`, metadata format 2) is
# deactivated by LVM, then activated by minidm alone from its member
# devices: the hidden sub-LVs with `linear create` from their recorded
# tables, the cache with `cache create` and the LV's block size, mode and
# policy.  The checksums written through LVM read back; a file written
# through minidm reads back when LVM activates the LV again.
. "$(dirname "$0")/lib.sh"

PV=$(disk 0)

check "pvcreate" lvm pvcreate -qy "$PV"
check "vgcreate" lvm vgcreate -q vg "$PV"
check "lvcreate origin (256 MiB)" lvm lvcreate -qy -n lv -L 256M vg
check "lvcreate cache pool (64 MiB)" lvm lvcreate -qy --type cache-pool -n cpool -L 64M vg
check "lvconvert --type cache" lvm lvconvert -qy --type cache --cachepool vg/cpool vg/lv
check "mkfs on the LVM cache" mke2fs -q -b 4096 /dev/mapper/vg-lv
mkdir -p /mnt
check "mount" mount /dev/mapper/vg-lv /mnt
garbage 3000000 >/mnt/a
garbage 2000000 321 >/mnt/b
(cd /mnt && md5sum a b) >/tmp/sums
umount /mnt

# record every table as LVM made it
/peer/dmsetup ls | cut -f1 | sort >/tmp/names
for n in $(cat /tmp/names); do
	/peer/dmsetup table "$n" >"/tmp/t.$n"
done
explain "$(for n in $(cat /tmp/names); do echo "$n: $(cat /tmp/t.$n)"; done)"
check_eq "LVM made a cache and three linear sub-LVs" "vg-cpool_cpool_cdata vg-cpool_cpool_cmeta vg-lv vg-lv_corig" "$(echo $(cat /tmp/names))"
check "lvm deactivates the VG" lvm vgchange -qan vg
check "no dm device left" dm_clean

# sub-LVs from their tables: "START LEN linear DEV OFFSET" -> DEV:OFFSETs:LENs
for n in vg-cpool_cpool_cdata vg-cpool_cpool_cmeta vg-lv_corig; do
	segs=$(awk '$3 == "linear" { printf "%s:%ss:%ss ", $4, $5, $2 }' "/tmp/t.$n")
	# shellcheck disable=SC2086
	check "minidm linear create $n ($segs)" minidm linear create "$n" $segs
	check_eq "$n: same table as LVM's" "$(cat "/tmp/t.$n")" "$(minidm table "$n" | sed 's/ *$//')"
done
check "cache_check passes on LVM's cache metadata" /peer/cache_check /dev/mapper/vg-cpool_cpool_cmeta

# the cache from LVM's table: META CDATA ORIG BS N FEATURES... POLICY N ARGS...
set -- $(cat /tmp/t.vg-lv)
bs=$7 nf=$8
shift 8
mode=writeback m2=
i=0
while [ $i -lt "$nf" ]; do
	case $1 in
	metadata2) m2=--metadata2 ;;
	writeback|writethrough|passthrough) mode=$1 ;;
	esac
	shift
	i=$((i + 1))
done
policy=$1 npa=$2
shift 2
args=$*
check_eq "LVM's cache: 64 KiB blocks, metadata2, writethrough, smq" "128 --metadata2 writethrough smq 0" "$bs $m2 $mode $policy $npa"
# shellcheck disable=SC2086
check "minidm cache create from the members" minidm cache create vg-lv \
	--meta /dev/mapper/vg-cpool_cpool_cmeta --cache /dev/mapper/vg-cpool_cpool_cdata \
	--origin /dev/mapper/vg-lv_corig --block-size "${bs}s" --mode "$mode" --policy "$policy" \
	$m2 ${args:+--policy-args "$args"}
check_eq "the same cache arguments as LVM's" "$(cut -d' ' -f7- /tmp/t.vg-lv)" \
	"$(minidm table vg-lv | sed 's/ *$//' | cut -d' ' -f7-)"
check_eq "the same length" "$(cut -d' ' -f2 /tmp/t.vg-lv)" "$(minidm table vg-lv | cut -d' ' -f2)"
echo "@@INFO $SCENARIO: status (lvm cache): $(minidm status vg-lv)"
check "status: working, metadata2" sh -c 'minidm cache status vg-lv --json | grep -q "\"state\":\"working\".*\"features\":\[\"metadata2\",\"writethrough\"\]"'
check "mount" mount /dev/mapper/vg-lv /mnt
check "LVM's checksums read back through minidm" sh -c 'cd /mnt && md5sum -c /tmp/sums'
garbage 1000000 999 >/mnt/c
(cd /mnt && md5sum a b c) >/tmp/sums
umount /mnt
check "minidm cache remove" minidm cache remove vg-lv
check "minidm removes the sub-LVs" sh -c 'minidm remove vg-lv_corig && minidm remove vg-cpool_cpool_cdata && minidm remove vg-cpool_cpool_cmeta'

check "lvm activates the VG again" lvm vgchange -qay vg
check "mount through LVM" mount -o ro /dev/mapper/vg-lv /mnt
check "LVM reads the file minidm wrote" sh -c 'cd /mnt && md5sum -c /tmp/sums'
umount /mnt
check "lvm deactivates" lvm vgchange -qan vg
check "dm_clean" dm_clean
