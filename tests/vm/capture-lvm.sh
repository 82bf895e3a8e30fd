#!/bin/sh
# disks: 4 1G
# timeout: 900
# Fixtures for minidm's LVM metadata reader (tests/unit/test_lvm*.c), made
# by Debian's lvm: VG "vg" on vda, vdb, vdc with one LV of each layout the
# planner knows, and VG "wrap-vg" on vdd whose small metadata area has
# wrapped.  Every activation lvm does is recorded on the console as
# "@@CAP TAG: line" (dmsetup table, dmsetup info, lvm's messages);
# tests/lvm-capture.sh turns those and the disk images into
# tests/unit/data/lvm/.  At the end one metadata copy of "vg" (on vdc) is
# corrupted, and lvm's view of that is recorded too.
. "$(dirname "$0")/lib.sh"

A=$(disk 0) B=$(disk 1) C=$(disk 2) D=$(disk 3)
lvm() { /peer/lvm "$@"; }
dmsetup() { /peer/dmsetup "$@"; }


# cap TAG CMD...: run CMD, print its output as @@CAP lines and its status
cap() {
	_t=$1
	shift
	timeout 120 "$@" >/tmp/cap.out 2>&1
	_rc=$?
	echo "@@CAP $_t: \$ $* (exit $_rc)"
	sed "s/^/@@CAP $_t: /" /tmp/cap.out
	return $_rc
}

# devices TAG: every dm device: its table, then name uuid attr major:minor
devices() {
	echo "@@CAP $1: # table"
	dmsetup table 2>&1 | sed "s/^/@@CAP $1: /"
	echo "@@CAP $1: # info"
	dmsetup info -c --noheadings --separator ' ' -o name,uuid,attr,major,minor 2>&1 |
		sed "s/^/@@CAP $1: /"
}

# u64 DEV OFFSET: the little-endian u64 at OFFSET of DEV
u64() {
	od -An -tu8 -j "$2" -N 8 "$1" | tr -d ' '
}

for d in a b c d; do
	echo "@@CAP sysblock: vd$d $(cat /sys/block/vd$d/dev)"
done

check "pvcreate vda vdb vdc" lvm pvcreate -qy "$A" "$B" "$C"
check "vgcreate vg" lvm vgcreate -q vg "$A" "$B" "$C"
check "linear over two PVs" sh -c "lvm lvcreate -qy -n lin -L 8M vg $A && lvm lvextend -q -L 16M vg/lin $B"
check "striped" lvm lvcreate -qy -n str -i 2 -I 64k -L 16M vg "$A" "$B"
check "thin pool" lvm lvcreate -qy -L 64M --chunksize 64k -T vg/pool "$A"
check "thin volume" lvm lvcreate -qy -V 32M -T vg/pool -n thin1
check "thin snapshot" lvm lvcreate -qy -s -n tsnap vg/thin1
check "new pool, no zeroing, nopassdown, error when full" sh -c \
	"lvm lvcreate -qy -L 8M -T vg/npool --zero n --discards nopassdown $B &&
	 lvm lvchange -q --errorwhenfull y vg/npool"
check "cache with a cache pool (writeback, migration_threshold)" sh -c \
	"lvm lvcreate -qy -n corig -L 32M vg $A &&
	 lvm lvcreate -qy --type cache-pool -n cpool -L 16M vg $C &&
	 lvm lvconvert -qy --type cache --cachepool vg/cpool --cachemode writeback \
	     --cachesettings migration_threshold=4096 vg/corig"
check "cache with a cachevol" sh -c \
	"lvm lvcreate -qy -n vorig -L 32M vg $B &&
	 lvm lvcreate -qy -n fast -L 16M vg $C &&
	 lvm lvconvert -qy --type cache --cachevol fast vg/vorig"
check "writecache" sh -c \
	"lvm lvcreate -qy -n worig -L 32M vg $A &&
	 lvm lvcreate -qy -n wfast -L 16M vg $C && lvm lvchange -q -an vg/wfast &&
	 lvm lvconvert -qy --type writecache --cachevol wfast \
	     --cachesettings 'high_watermark=60 writeback_jobs=10' vg/worig"
check "old-style snapshot" sh -c \
	"lvm lvcreate -qy -n olv -L 8M vg $A && lvm lvcreate -qy -s -n osnap -L 4M vg/olv"
check "read-only LV" sh -c "lvm lvcreate -qy -n ro -L 4M vg $B && lvm lvchange -q -pr vg/ro"
check "LV with a dash" lvm lvcreate -qy -n my-lv -L 4M vg "$B"
check "LV with the skip flag" lvm lvcreate -qy -n skipme -L 4M --setactivationskip y vg "$B"
cap lvs lvm lvs -a -o lv_name,lv_attr,segtype,devices,lv_size vg
cap pvs lvm pvs -o pv_name,pv_uuid,pe_start,pv_mda_size,dev_size
check "vgchange -an vg" lvm vgchange -q -an vg
check "no dm device left" dm_clean

# the whole VG
cap vgchange lvm vgchange -ay vg
devices vgchange
lvm vgchange -q -an vg
# again with lvm's ioctls traced, udev settings as Debian ships them (rules
# on, no fallback): RESUME's event_nr carries the udev flags in bits 16-31
if [ -x /peer/strace ]; then
	timeout 120 env -u DM_DISABLE_UDEV /peer/strace -f -v -s 400 -e trace=ioctl -e signal=none \
		-o /tmp/strace.out lvm vgchange -ay vg \
		--config 'activation { udev_rules = 1 udev_sync = 0 verify_udev_operations = 0 }' >/dev/null 2>&1
	grep -o 'DM_DEV_SUSPEND, .*event_nr=[0-9]*.* => .*name="[^"]*"' /tmp/strace.out |
		sed 's/.*event_nr=\([0-9]*\).*name="\([^"]*\)".*/\2 \1/' | sed 's/^/@@CAP udevflags: /'
	grep -o 'DM_TABLE_LOAD, .*target_type=.*}] =>' /tmp/strace.out | sed 's/^/@@CAP loads: /'
	lvm vgchange -q -an vg
	dm_clean
fi
cap vgchange-K lvm vgchange -ay -K vg
devices vgchange-K
lvm vgchange -q -an vg

# one LV at a time
for lv in lin str pool thin1 tsnap npool corig vorig worig olv osnap ro my-lv skipme cpool_cpool fast_cvol; do
	cap "lv-$lv" lvm lvchange -ay -y "vg/$lv"
	devices "lv-$lv"
	lvm vgchange -q -an vg
	dm_clean
done
for lv in tsnap skipme; do
	cap "lvK-$lv" lvm lvchange -ay -K "vg/$lv"
	devices "lvK-$lv"
	lvm vgchange -q -an vg
	dm_clean
done
cap lwm80 lvm lvchange -ay --config 'activation { thin_pool_autoextend_threshold = 80 thin_pool_autoextend_percent = 20 }' vg/thin1
devices lwm80
lvm vgchange -q -an vg
check "vg left inactive" dm_clean

# a small metadata area that wraps
check "pvcreate vdd with a small metadata area" lvm pvcreate -qy --dataalignment 64k --metadatasize 32k "$D"
check "vgcreate wrap-vg" lvm vgcreate -q -s 1M wrap-vg "$D"
check "two LVs" sh -c "lvm lvcreate -qy -an -n a-b -L 4M wrap-vg && lvm lvcreate -qy -an -n c -L 2M wrap-vg"
start=$(u64 "$D" $((4096 + 24))) size=$(u64 "$D" $((4096 + 32)))
i=0 wrapped=0
while [ $i -lt 200 ]; do
	i=$((i + 1))
	lvm lvchange -q --addtag "t$i" wrap-vg/c || break
	off=$(u64 "$D" $((4096 + 40))) len=$(u64 "$D" $((4096 + 48)))
	if [ $((off + len)) -gt "$size" ]; then
		wrapped=$((wrapped + 1))
		[ "$wrapped" -ge 2 ] || continue
		# the second wrapped commit: more text after the wrap point
		break
	fi
done
echo "@@CAP wrap: area start $start size $size; commit $i: offset $off length $len"
check "the metadata text wrapped ($i commits)" test $((off + len)) -gt "$size"
cap wrap-vgchange lvm vgchange -ay wrap-vg
devices wrap-vgchange
lvm vgchange -q -an wrap-vg

# corrupt the committed text of vg on vdc (one byte, 64 bytes in)
off=$(u64 "$C" $((4096 + 40)))
printf X | dd of="$C" bs=1 seek=$((4096 + off + 64)) conv=notrunc 2>/dev/null
sync
echo "@@CAP corrupt: vdc text at area offset $off, byte 64 set to X"
cap corrupt-vgs lvm vgs -o vg_name,vg_seqno,pv_count vg
cap corrupt-vgchange lvm vgchange -ay vg
devices corrupt-vgchange
lvm vgchange -q -an vg
echo "@@CAP corrupt: after: vdc slot 0 offset $(u64 "$C" $((4096 + 40))) checksum $(od -An -tu4 -j $((4096 + 56)) -N 4 "$C" | tr -d ' ')"
check "dm_clean" dm_clean
