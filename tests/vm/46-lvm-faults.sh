#!/bin/sh
# disks: 8 64M
# timeout: 300
# cost: 37
# `minidm lvm` on damaged or unusual metadata, against Debian's lvm on the
# same disks: one corrupt metadata copy among three (activation from the
# others, scan names the skipped copy and why), a missing PV (the LVs on
# the present PVs activate, those needing the missing one are refused by
# its uuid with exit 1 and nothing half-made), a metadata text that wrapped
# around the end of its small area, a VG whose newest copy is on one PV
# only (an older copy on another, an ignored area on a third), and a disk
# of garbage with a LABELONE that fails its checksum.  minidm runs first
# each time (lvm may repair what it reads), then lvm on the same disks, and
# the states must be equal (lvm-lib.sh's lvm_state).  minidm never writes
# to a PV: the first MiB of every disk is the same after each minidm step.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lvm-lib.sh"

A=$(disk 0) B=$(disk 1) C=$(disk 2) D=$(disk 3) E=$(disk 4) F=$(disk 5) G=$(disk 6) H=$(disk 7)
LVM_VGS="vg wrap-vg stale-vg"

# heads: the md5 of each disk's first MiB (labels and metadata areas)
heads() {
	for _d in $A $B $C $D $E $F $G $H; do
		echo "$_d $(sum "$_d" 1048576)"
	done
}

# as_lvm DESC VG: minidm's state now is what lvm makes of VG (minidm's
# devices removed first, lvm's after)
as_lvm() {
	lvm_state >/tmp/s.minidm
	minidm lvm deactivate "$2" >/dev/null 2>&1
	reset_vg "$2"
	lvm vgchange -ay "$2" >/tmp/lvm.out 2>&1
	lvm_state >/tmp/s.lvm
	check_file_eq "$1" /tmp/s.lvm /tmp/s.minidm
	reset_vg "$2"
}

# ---- garbage with a label that fails its checksum ----------------------------
garbage 8388608 4242 | dd of="$H" bs=1M conv=fsync 2>/dev/null
printf 'LABELONE\001\0\0\0\0\0\0\0' | dd of="$H" bs=1 seek=512 conv=notrunc 2>/dev/null
sync

# ---- vg on A, B, C ------------------------------------------------------------
check "pvcreate A B C" lvm pvcreate -qy "$A" "$B" "$C"
check "vgcreate vg" lvm vgcreate -q vg "$A" "$B" "$C"
check "LVs of vg: la (A), lb (B), lc (C), lac (A+C), str (B+C), thin pool tp (C) with tv" sh -c \
	"lvm lvcreate -qy -n la -L 8M vg $A && lvm lvcreate -qy -n lb -L 8M vg $B &&
	 lvm lvcreate -qy -n lc -L 8M vg $C &&
	 lvm lvcreate -qy -n lac -L 4M vg $A && lvm lvextend -q -L 8M vg/lac $C &&
	 lvm lvcreate -qy -n str -i 2 -I 64k -L 8M vg $B $C &&
	 lvm lvcreate -qy -L 8M -T vg/tp $C && lvm lvcreate -qy -V 8M -T vg/tp -n tv"
uuid_c=$(pv_uuid "$C")
check "PV uuid of C ($uuid_c)" test ${#uuid_c} = 38
check "lvm: vgchange -an vg" lvm vgchange -q -an vg
no_dm "lvm left no dm device"

# ---- the garbage disk ---------------------------------------------------------
heads >/tmp/heads
check_exit 0 "scan with a garbage disk present" minidm lvm scan
cp /tmp/check.out /tmp/scan.out
check "scan: lists vg" grep -qw vg /tmp/scan.out
check_exit 0 "scan --json with a garbage disk present" minidm lvm scan --json
cp /tmp/check.out /tmp/scan.json
check "scan --json: names vg" grep -q '"name":"vg"' /tmp/scan.json
check "scan --json: A, B, C its PVs, not the garbage disk" sh -c \
	"for d in $A $B $C; do grep -q '{\"device\":\"'\$d'\"' /tmp/scan.json || exit 1; done; ! grep -q '$H' /tmp/scan.json"
check_exit 0 "scan --json of the garbage disk alone" minidm lvm scan --json "$H"
check_eq "scan --json of the garbage disk alone: nothing" '{"pvs":[],"vgs":[],"skipped":[]}' "$(cat /tmp/check.out)"
check_exit 0 "activate vg with a garbage disk present" minidm lvm activate vg
heads >/tmp/heads.now
check_file_eq "minidm wrote to no disk (1)" /tmp/heads /tmp/heads.now
as_lvm "activate vg: the state lvm's vgchange -ay makes" vg

# ---- one corrupt metadata copy (C) ------------------------------------------
set -- $(mda1 "$C")
check "C's metadata area: start $1 size $2, text at $3 length $4" test "$1" = 4096 -a "$4" -gt 200
printf X | dd of="$C" bs=1 seek=$(($1 + $3 + 64)) conv=notrunc 2>/dev/null
sync
check "lvm sees C's copy as bad" sh -c "lvm vgs vg 2>&1 | grep -qi 'checksum error on $C'"
heads >/tmp/heads
check_exit 0 "scan with C's copy corrupt" minidm lvm scan
cp /tmp/check.out /tmp/scan.out
check "scan: names C's copy as skipped" sh -c "grep -q '$C.*skipped' /tmp/scan.out || { cat /tmp/scan.out; exit 1; }"
check "scan: says why: the checksum (lvm: \"Checksum error on $C\")" sh -c \
	"grep '$C.*skipped' /tmp/scan.out | grep -qi checksum || { cat /tmp/scan.out; exit 1; }"
check_exit 0 "scan --json with C's copy corrupt" minidm lvm scan --json
cp /tmp/check.out /tmp/scan.json
check "scan --json: C's copy skipped, the checksum its why" sh -c \
	"grep -qi '\"skipped\":\\[.*{\"device\":\"$C\",\"why\":\"[^\"]*checksum' /tmp/scan.json || { grep -o '\"skipped\".*' /tmp/scan.json; exit 1; }"
check_exit 0 "activate vg from the good copies" minidm lvm activate vg
check "activate vg: la, lc, str, tv there" sh -c 'for n in vg-la vg-lc vg-str vg-tv; do [ -b /dev/mapper/$n ] || exit 1; done'
heads >/tmp/heads.now
check_file_eq "minidm wrote to no disk (2)" /tmp/heads /tmp/heads.now
as_lvm "activate vg (a corrupt copy): the state lvm makes" vg
check "lvm: vgck --updatemetadata repairs C" lvm vgck -q --updatemetadata vg
check "lvm: C's copy good again" sh -c "! lvm vgs vg 2>&1 | grep -qi checksum"

# ---- a missing PV (C's label and metadata zeroed, kept to restore) -----------
dd if="$C" of=/tmp/c.head bs=1M count=1 2>/dev/null
dd if=/dev/zero of="$C" bs=1M count=1 conv=fsync 2>/dev/null
heads >/tmp/heads
check_exit 1 "activate vg, C missing: exit 1" minidm lvm activate vg
cp /tmp/check.err /tmp/missing.err
check "activate vg, C missing: names C's PV uuid" grep -q -- "$uuid_c" /tmp/missing.err
check "activate vg, C missing: la and lb active (as lvm: only partial LVs refused)" sh -c \
	'[ -b /dev/mapper/vg-la ] && [ -b /dev/mapper/vg-lb ] || { cat /tmp/missing.err; exit 1; }'
lvm_state >/tmp/s.partial
check "activate vg, C missing: nothing of lc, lac, str, tp, tv" sh -c \
	'! grep -E "^vg-(lc|lac|str|tp|tv)[-_ :]" /tmp/s.partial'
check_refused 1 "activate vg/lc, C missing" minidm lvm activate vg/lc
check "activate vg/lc: names C's PV uuid" grep -q -- "$uuid_c" /tmp/check.err
check_refused 1 "activate vg/lac (A and C), C missing" minidm lvm activate vg/lac
check "activate vg/lac: names C's PV uuid" grep -q -- "$uuid_c" /tmp/check.err
check_refused 1 "activate vg/tv (pool on C), C missing" minidm lvm activate vg/tv
check "activate vg/tv: names C's PV uuid" grep -q -- "$uuid_c" /tmp/check.err
check_exit 0 "activate vg/la again, C missing" minidm lvm activate vg/la
state_is "activate vg/la again: nothing changed" /tmp/s.partial
heads >/tmp/heads.now
check_file_eq "minidm wrote to no disk (3)" /tmp/heads /tmp/heads.now
lvm_state >/tmp/s.minidm
minidm lvm deactivate vg >/dev/null 2>&1
reset_vg vg
lvm vgchange -ay vg >/tmp/lvm.out 2>&1
lrc=$?
lvm_state >/tmp/s.lvm
check_file_eq "activate vg, C missing: the state lvm's vgchange -ay makes (lvm: exit $lrc)" /tmp/s.lvm /tmp/s.minidm
check "lvm refused the partial LVs too" test "$lrc" != 0
reset_vg vg
check_exit 1 "activate vg/lc, C missing, nothing active: exit 1" minidm lvm activate vg/lc
no_dm "activate vg/lc, C missing: no dm device made"
check_exit 0 "scan with C missing" minidm lvm scan
dd if=/tmp/c.head of="$C" bs=1M conv=fsync 2>/dev/null
check "lvm: C back" sh -c "lvm pvs --noheadings -o vg_name $C | grep -qw vg"

# ---- a wrapped metadata text (D: a 32 KiB area) ------------------------------
check "pvcreate D with a small metadata area" lvm pvcreate -qy --dataalignment 64k --metadatasize 32k "$D"
check "vgcreate wrap-vg" lvm vgcreate -q -s 1M wrap-vg "$D"
check "LVs a-b and c" sh -c "lvm lvcreate -qy -an -n a-b -L 4M wrap-vg && lvm lvcreate -qy -an -n c -L 2M wrap-vg"
i=0 wrapped=0
while [ $i -lt 40 ]; do
	i=$((i + 1))
	tags=$(j=0; while [ $j -lt 120 ]; do printf ' --addtag tag%02d_%03d' $i $j; j=$((j + 1)); done)
	lvm lvchange -q $tags wrap-vg/c || break
	set -- $(mda1 "$D")
	if [ $(($3 + $4)) -gt "$2" ]; then
		wrapped=$((wrapped + 1))
		# the second wrapped commit: more text after the wrap point
		[ $wrapped -ge 2 ] && break
	fi
done
set -- $(mda1 "$D")
check "the metadata text wrapped ($i commits: offset $3 + length $4 > area $2)" test $(($3 + $4)) -gt "$2"
heads >/tmp/heads
check_exit 0 "activate wrap-vg" minidm lvm activate wrap-vg
check "activate wrap-vg: a-b and c" sh -c '[ -b /dev/mapper/wrap--vg-a--b ] && [ -b /dev/wrap-vg/c ]'
heads >/tmp/heads.now
check_file_eq "minidm wrote to no disk (4)" /tmp/heads /tmp/heads.now
as_lvm "activate wrap-vg: the state lvm's vgchange -ay makes" wrap-vg

# ---- the newest copy on one PV only (E; F older, G ignored) ------------------
check "pvcreate E F, G with its metadata area ignored" sh -c \
	"lvm pvcreate -qy $E $F && lvm pvcreate -qy --metadataignore y $G"
check "vgcreate stale-vg" lvm vgcreate -q stale-vg "$E" "$F" "$G"
check "LV s1 (on G)" lvm lvcreate -qy -an -n s1 -L 4M stale-vg "$G"
dd if="$F" of=/tmp/f.head bs=1M count=1 2>/dev/null
check "LV s2 (on F) and s1 extended onto E" sh -c \
	"lvm lvcreate -qy -an -n s2 -L 4M stale-vg $F && lvm lvextend -q -L 8M stale-vg/s1 $E"
dd if=/tmp/f.head of="$F" bs=1M conv=fsync 2>/dev/null
check "F holds the older copy (no s2), E the newer" sh -c \
	"! head -c 1048576 $F | grep -aq 's2 {' && head -c 1048576 $E | grep -aq 's2 {'"
heads >/tmp/heads
check_exit 0 "scan with an older copy on F" minidm lvm scan
cp /tmp/check.out /tmp/scan.out
check "scan: names F's older copy as skipped (lvm warns of it)" sh -c "grep -q '$F.*skipped' /tmp/scan.out || { cat /tmp/scan.out; exit 1; }"
check_exit 0 "activate stale-vg" minidm lvm activate stale-vg
check "activate stale-vg: the newest metadata (s2, s1 of 8 MiB)" sh -c \
	'[ -b /dev/mapper/stale--vg-s2 ] && [ "$(blockdev --getsz /dev/mapper/stale--vg-s1)" = 16384 ]'
heads >/tmp/heads.now
check_file_eq "minidm wrote to no disk (5)" /tmp/heads /tmp/heads.now
as_lvm "activate stale-vg: the state lvm's vgchange -ay makes" stale-vg

no_dm "no dm device left"
