#!/bin/sh
# disks: 3 256M
# timeout: 400
# cost: 95
# `minidm lvm activate` against Debian's lvm on a VG that lvm made with
# every layout minidm covers: linear over two PVs, striped, a thin pool in
# use with a thin volume and a thin snapshot (skip flag), a new thin pool
# (transaction 0, no zeroing, nopassdown, error when full), cache with a
# cache pool (writeback), cache with a cachevol, writecache, an old-style
# snapshot, a read-only LV, an LV with a dash in its name, an LV with the
# activation-skip flag.  The state compared (lvm-lib.sh's lvm_state): every
# dm device's name, uuid, attr (read-only, suspended) and open count, the
# tables with device numbers given as device names, /dev/mapper and the
# /dev/vg links.  The whole VG (vgchange -ay / -ay -K / -an), then an LV of
# each kind alone (lvchange -ay / -an, -K), data written under lvm read
# back under minidm, lvm taking over what minidm made, -r, --dry-run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lvm-lib.sh"

A=$(disk 0) B=$(disk 1) C=$(disk 2)
LVM_VGS=vg

# ---- the VG, made by lvm ---------------------------------------------------
check "pvcreate" lvm pvcreate -qy "$A" "$B" "$C"
check "vgcreate" lvm vgcreate -q vg "$A" "$B" "$C"
check "linear over two PVs" sh -c "lvm lvcreate -qy -n lin -L 8M vg $A && lvm lvextend -q -L 16M vg/lin $B"
check "striped" lvm lvcreate -qy -n str -i 2 -I 64k -L 16M vg "$A" "$B"
check "thin pool, thin volume, thin snapshot" sh -c \
	"lvm lvcreate -qy -L 32M --chunksize 64k -T vg/pool $A &&
	 lvm lvcreate -qy -V 32M -T vg/pool -n thin1 &&
	 lvm lvcreate -qy -s -n tsnap vg/thin1"
check "new pool (no zeroing, nopassdown, error when full)" sh -c \
	"lvm lvcreate -qy -L 8M -T vg/npool --zero n --discards nopassdown $B &&
	 lvm lvchange -q --errorwhenfull y vg/npool"
check "cache with a cache pool (writeback, migration_threshold)" sh -c \
	"lvm lvcreate -qy -n corig -L 16M vg $A &&
	 lvm lvcreate -qy --type cache-pool -n cpool -L 8M vg $C &&
	 lvm lvconvert -qy --type cache --cachepool vg/cpool --cachemode writeback \
	     --cachesettings migration_threshold=4096 vg/corig"
check "cache with a cachevol" sh -c \
	"lvm lvcreate -qy -n vorig -L 16M vg $B &&
	 lvm lvcreate -qy -n fast -L 16M vg $C &&
	 lvm lvconvert -qy --type cache --cachevol fast vg/vorig"
check "writecache" sh -c \
	"lvm lvcreate -qy -n worig -L 16M vg $A &&
	 lvm lvcreate -qy -n wfast -L 8M vg $C && lvm lvchange -q -an vg/wfast &&
	 lvm lvconvert -qy --type writecache --cachevol wfast \
	     --cachesettings 'high_watermark=60 writeback_jobs=10' vg/worig"
check "old-style snapshot" sh -c \
	"lvm lvcreate -qy -n olv -L 8M vg $A && lvm lvcreate -qy -s -n osnap -L 4M vg/olv"
check "read-only LV" sh -c "lvm lvcreate -qy -n ro -L 4M vg $B && lvm lvchange -q -pr vg/ro"
check "LV with a dash" lvm lvcreate -qy -n my-lv -L 4M vg "$B"
check "LV with the skip flag" lvm lvcreate -qy -n skipme -L 4M --setactivationskip y vg "$B"
check "lvm: vgchange -an" lvm vgchange -q -an vg
no_dm "lvm left no dm device"
lvm_state >/tmp/s.none

# ---- the whole VG: lvm's activation ------------------------------------------
check_exit 0 "lvm: vgchange -ay vg" lvm vgchange -ay vg
lvm_state >/tmp/s.vg
read_ahead >/tmp/ra.vg
lvm lvs -a --noheadings -o lv_name,lv_attr vg >/tmp/lvs.vg 2>&1
check "lvm made the devices expected" sh -c 'for n in vg-lin vg-str vg-pool vg-pool-tpool vg-thin1 vg-npool vg-corig vg-vorig vg-worig vg-olv vg-osnap vg-ro vg-my--lv; do grep -q "^$n " /tmp/s.vg || { echo "no $n"; exit 1; }; done'

# data written under lvm: a pattern per LV, its checksum
# (lin: 1 MiB at 7.5 MiB, across the end of its first PV at 8 MiB)
for lv in lin str thin1 corig vorig worig; do
	[ $lv = lin ] && skip=15 || skip=0
	garbage 1048576 $((${#lv} * 1000 + 7)) | dd of=/dev/vg/$lv bs=512K seek=$skip conv=fsync 2>/dev/null
	echo "$lv $(dd if=/dev/vg/$lv bs=512K skip=$skip count=2 2>/dev/null | md5sum | cut -d' ' -f1)"
done >/tmp/sums.lvm
check "data written under lvm" test "$(grep -c . /tmp/sums.lvm)" = 6

check_exit 0 "lvm: vgchange -an vg" lvm vgchange -an vg
no_dm "lvm: no dm device left"
lvm_state >/tmp/s.after-lvm-an

# ---- the whole VG: minidm's activation ---------------------------------------
check_exit 0 "minidm lvm activate vg" minidm lvm activate vg
state_is "activate vg: the state lvm's vgchange -ay made" /tmp/s.vg
read_ahead >/tmp/ra.now
check_file_eq "activate vg: read-ahead as lvm sets it" /tmp/ra.vg /tmp/ra.now
for lv in lin str thin1 corig vorig worig; do
	[ $lv = lin ] && skip=15 || skip=0
	echo "$lv $(dd if=/dev/vg/$lv bs=512K skip=$skip count=2 2>/dev/null | md5sum | cut -d' ' -f1)"
done >/tmp/sums.now
check_file_eq "activate vg: data written under lvm reads back" /tmp/sums.lvm /tmp/sums.now
lvm lvs -a --noheadings -o lv_name,lv_attr vg >/tmp/lvs.now 2>&1
check_file_eq "activate vg: lvm lvs sees what it saw after its own activation" /tmp/lvs.vg /tmp/lvs.now
check "activate vg: lvm lvs shows lin, thin1, corig, worig, my-lv active (attr 'a')" sh -c \
	'for lv in lin thin1 corig worig my-lv; do
	     a=$(awk -v l=$lv "\$1 == l { print \$2 }" /tmp/lvs.now)
	     [ "$(echo "$a" | cut -c 5)" = a ] || { echo "$lv: attr $a"; exit 1; }
	 done'
lvs_view vg >/tmp/view.lvm
scan_view vg >/tmp/view.scan
check "scan --json: vg's LVs listed" test -s /tmp/view.scan
check_file_eq "scan --json: vg's visible LVs, types, sizes, active, skip as lvm lvs shows them" /tmp/view.lvm /tmp/view.scan
check "activate vg: /dev/vg links for visible LVs" sh -c \
	'for lv in lin str thin1 corig vorig worig olv osnap ro my-lv; do [ -b /dev/vg/$lv ] || { echo "no /dev/vg/$lv"; exit 1; }; done'
check "activate vg: no /dev/vg link for hidden or inactive LVs" sh -c \
	'for lv in pool_tmeta pool_tdata pool-tpool corig_corig cpool_cpool_cdata fast_cvol wfast_cvol olv-real osnap-cow worig_wcorig tsnap skipme; do
	     if [ -e /dev/vg/$lv ] || [ -L /dev/vg/$lv ]; then echo "/dev/vg/$lv"; exit 1; fi; done'

check_exit 0 "activate vg again" minidm lvm activate vg
state_is "activate vg again: nothing changed" /tmp/s.vg
check_exit 0 "lvm: vgchange -ay vg over minidm's devices" lvm vgchange -ay vg
state_is "lvm: vgchange -ay changed nothing" /tmp/s.vg
check_exit 0 "lvm: vgchange -an vg removes minidm's devices" lvm vgchange -an vg
state_is "lvm: vgchange -an left what it leaves after its own activation" /tmp/s.after-lvm-an
no_dm "lvm: vgchange -an left no dm device"

# minidm's deactivation
check_exit 0 "activate vg (to deactivate)" minidm lvm activate vg
state_is "activate vg: the state lvm's vgchange -ay made (2)" /tmp/s.vg
check_exit 0 "minidm lvm deactivate vg" minidm lvm deactivate vg
no_dm "deactivate vg: no dm device left"
state_is "deactivate vg: /dev/mapper and /dev/vg as lvm's vgchange -an leaves them" /tmp/s.after-lvm-an
check_exit 0 "deactivate vg when nothing is active (as vgchange -an)" minidm lvm deactivate vg
no_dm "deactivate vg twice: still no dm device"
check_refused 1 "deactivate an LV the VG does not have" minidm lvm deactivate vg/nosuch
check "... naming it, in one line" sh -c 'grep -q "no volume vg/nosuch" /tmp/check.err && [ "$(wc -l </tmp/check.err)" = 1 ]'
check_refused 1 "deactivate a VG there is none of" minidm lvm deactivate nosuchvg
check "... naming it, in one line" sh -c 'grep -q "nosuchvg" /tmp/check.err && [ "$(wc -l </tmp/check.err)" = 1 ]'

# --dry-run: says what it would make, makes nothing
check_exit 0 "activate --dry-run vg" minidm lvm activate --dry-run vg
cp /tmp/check.out /tmp/dry.out
no_dm "activate --dry-run vg: no dm device made"
check "activate --dry-run vg: names every device lvm made" sh -c \
	'sed -n "/^# devices/,/^# tables/p" /tmp/s.vg | sed "1d;\$d" | cut -d" " -f1 |
	 while read -r n; do grep -q -- "$n" /tmp/dry.out || { echo "$n missing"; exit 1; }; done'
check "activate --dry-run vg: gives every target type of lvm's tables" sh -c \
	'sed -n "/^# tables/,/^# \/dev\/mapper/p" /tmp/s.vg | sed "1d;\$d" | cut -d" " -f4 | sort -u |
	 while read -r t; do grep -qw -- "$t" /tmp/dry.out || { echo "$t missing"; exit 1; }; done'
# activate --dry-run reaches a config file's lvm activate line: it too
# only says what it would make
echo "lvm activate vg   # a config line" >/tmp/lvm-dry.conf
echo "console=ttyS0" >/tmp/cmdline.plain
check_exit 0 "activate --dry-run with a config line 'lvm activate vg'" \
	minidm activate --dry-run --config /tmp/lvm-dry.conf --cmdline /tmp/cmdline.plain
no_dm "activate --dry-run, lvm activate line: no dm device made"
check "... it names the devices it would make" sh -c 'grep -q "^vg-pool-tpool uuid LVM-" /tmp/check.out'

# -K: the skip flag ignored
check_exit 0 "lvm: vgchange -ay -K vg" lvm vgchange -ay -K vg
lvm_state >/tmp/s.vgK
check "lvm -K: the skipped LVs too" sh -c 'grep -q "^vg-tsnap " /tmp/s.vgK && grep -q "^vg-skipme " /tmp/s.vgK'
reset_vg vg
check_exit 0 "activate -K vg" minidm lvm activate -K vg
state_is "activate -K vg: the state lvm's vgchange -ay -K made" /tmp/s.vgK
check_exit 0 "deactivate vg (after -K)" minidm lvm deactivate vg
no_dm "deactivate vg (after -K): no dm device left"
reset_vg vg

# ---- one LV at a time --------------------------------------------------------
# lvm lvchange -ay vg/LV, then -an; minidm activate vg/LV, then deactivate
# vg/LV: the same exit status and the same state after each
one_lv() {
	_k=$1 _lv=$2
	lvm lvchange -ay -y $_k "vg/$_lv" >/tmp/lvm.out 2>&1
	_lrc=$?
	lvm_state >/tmp/s.one
	lvm lvchange -an -y "vg/$_lv" >/dev/null 2>&1
	lvm_state >/tmp/s.one-an
	reset_vg vg
	check_exit "$(lvm_rc $_lrc)" "activate ${_k:+$_k }vg/$_lv (lvm: exit $_lrc)" minidm lvm activate $_k "vg/$_lv"
	state_is "activate ${_k:+$_k }vg/$_lv: the state lvm's lvchange -ay${_k:+ $_k} made" /tmp/s.one
	check_exit 0 "deactivate vg/$_lv" minidm lvm deactivate "vg/$_lv"
	state_is "deactivate vg/$_lv: the state lvm's lvchange -an leaves" /tmp/s.one-an
	reset_vg vg
}
# (not each LV: a striped one, the unused pool, the snapshot's origin and
# the LV with a dash alone take the paths of others here; the VG above has
# them, make fuzz-lvm (48-lvm-diff) meets them alone)
for lv in lin pool thin1 corig vorig worig osnap ro skipme; do
	one_lv "" $lv
done
one_lv -K tsnap
# hidden LVs: lvm 2.03 activates a component named on its own, read-only,
# with a /dev/vg link (lvchange -ay -y; without -y it asks); others stay
# hidden (both refuse)
# (a thin pool's, a cache pool's, a writecache's and a hidden LV that is no
# component; tests/vm/48-lvm-diff.sh meets the rest)
for lv in pool_tdata cpool_cpool_cmeta worig_wcorig lvol0_pmspare; do
	one_lv "" $lv
done

# ---- components and their holders, as lvm rules -------------------------------
# a component is not activated while its holder is active, nor a holder while
# one of its components is active on its own
check_exit 0 "lvm: lvchange -ay vg/pool" lvm lvchange -ay vg/pool
lvm_state >/tmp/s.pool
check_exit 1 "activate vg/pool_tmeta while vg/pool is active: refused" minidm lvm activate vg/pool_tmeta
check "... naming the pool, in one line" sh -c \
	'grep -q "prohibited while LV vg/pool is active" /tmp/check.err && [ "$(wc -l </tmp/check.err)" = 1 ]'
state_is "... nothing changed" /tmp/s.pool
check_exit 5 "lvm refuses it too (exit 5)" lvm lvchange -ay -y vg/pool_tmeta
reset_vg vg
check_exit 0 "activate vg/pool_tmeta (a component on its own)" minidm lvm activate vg/pool_tmeta
lvm_state >/tmp/s.tmeta
check "... read-only, with a /dev/vg link" sh -c 'grep -q "^vg-pool_tmeta .*-tmeta L--r 0" /tmp/s.tmeta &&
	grep -q "^vg/pool_tmeta -> vg-pool_tmeta" /tmp/s.tmeta'
check_exit 1 "activate vg/thin1 while vg/pool_tmeta is active on its own: refused" \
	minidm lvm activate vg/thin1
check "... naming the component, in one line" sh -c \
	'grep -q "prohibited while LV vg/pool_tmeta is active" /tmp/check.err && [ "$(wc -l </tmp/check.err)" = 1 ]'
state_is "... nothing made" /tmp/s.tmeta
check_exit 5 "lvm refuses it too (exit 5)" lvm lvchange -ay vg/thin1
state_is "... lvm made nothing either" /tmp/s.tmeta
check_exit 0 "activate vg/pool_tmeta again: nothing to do" minidm lvm activate vg/pool_tmeta
state_is "... nothing changed" /tmp/s.tmeta
check_exit 0 "deactivate vg/pool_tmeta" minidm lvm deactivate vg/pool_tmeta
no_dm "... no dm device left"
state_is "... nor its /dev/mapper entry or /dev/vg link" /tmp/s.after-lvm-an
check_exit 0 "activate vg/pool_tdata" minidm lvm activate vg/pool_tdata
check_exit 0 "lvm: vgchange -an takes minidm's component down" lvm vgchange -an vg
no_dm "... no dm device left"
reset_vg vg

# ---- old-style snapshots of a cached LV and of a thin LV ----------------------
# the origin's own device (cache, thin) becomes its -real layer under
# snapshot-origin, as for a linear origin (found by 48-lvm-diff)
check "lvm: old-style snapshots of corig (cached) and thin1 (thin)" sh -c \
	"lvm lvcreate -qy -s -L 4M -n csnap vg/corig && lvm lvcreate -qy -s -L 4M -n tosnap vg/thin1"
lvm vgchange -q -an vg >/dev/null 2>&1
reset_vg vg
for lv in csnap tosnap; do        # (each comes with its origin)
	one_lv "" $lv
done
check_exit 0 "lvm: vgchange -ay vg (with the snapshots)" lvm vgchange -ay vg
lvm_state >/tmp/s.snaps
check "... the cache and the thin under snapshot-origin" sh -c \
	'grep -q "^vg-corig-real: .* cache " /tmp/s.snaps && grep -q "^vg-thin1-real: .* thin " /tmp/s.snaps'
reset_vg vg
check_exit 0 "activate vg (with the snapshots)" minidm lvm activate vg
state_is "activate vg (with the snapshots): the state lvm made" /tmp/s.snaps
reset_vg vg

# ---- -r: read-only, as lvm's read_only_volume_list ----------------------------
for lv in lin; do
	lvm lvchange -ay --config "activation { read_only_volume_list = [ \"vg/$lv\" ] }" "vg/$lv" >/dev/null 2>&1
	lvm_state >/tmp/s.ro
	reset_vg vg
	check "lvm: vg-$lv read-only under read_only_volume_list" grep -q "^vg-$(echo $lv | sed s/-/--/g) .* L--r " /tmp/s.ro
	check_exit 0 "activate -r vg/$lv" minidm lvm activate -r "vg/$lv"
	state_is "activate -r vg/$lv: the state lvm made with read_only_volume_list" /tmp/s.ro
	reset_vg vg
done

no_dm "no dm device left"
