#!/bin/sh
# disks: 1 64M
# timeout: 200
# cost: 25
# `minidm lvm activate` of a VG whose thin pool's metadata superblock is
# garbage (lvm made the VG; the test then overwrote the superblock on the
# PV).  The check that stands in for thin_check runs after the pool's
# metadata and data devices are made (it reads the superblock through the
# metadata device, asked for as soon as that device exists): minidm must
# refuse the pool (exit 1, saying why), remove what it made (the
# descriptor that kept the superblock's page must not keep the metadata
# device busy), and write nothing to the PV.  lvm's vgchange, with its
# thin_check, refuses the pool too.  With the superblock put back, the VG
# activates as lvm would; with a device in the way of the one made after
# the metadata device, the refusal removes the metadata device again
# (a removal closes the descriptor held for its superblock first); with a
# device in the way of the last thin, the udev database entries and
# /dev/VG/LV links made while the first thin's load waited are removed too.
# An activation cut short after any of its ioctls is completed by the next
# one, with every udev database entry and link.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lvm-lib.sh"

A=$(disk 0)

check "VG with a thin pool and a thin volume (lvm)" sh -c \
	"lvm pvcreate -qy $A && lvm vgcreate -q tv $A &&
	 lvm lvcreate -qy -L 16M --chunksize 64k -T tv/pool &&
	 lvm lvcreate -qy -V 16M -T tv/pool -n thin &&
	 lvm lvcreate -qy -V 16M -T tv/pool -n thin2"
# where the pool's metadata starts on the PV: tmeta's linear offset
off=$(dmsetup table tv-pool_tmeta | awk '$3 == "linear" { print $5; exit }')
check "lvm deactivates" lvm vgchange -qan tv
check "the pool's metadata starts at a sector of $A ($off)" test -n "$off"
dd if="$A" of=/tmp/sb.good bs=512 skip="$off" count=8 2>/dev/null
check "there is a thin superblock (its magic)" sh -c "od -A n -t x1 -j 32 -N 8 /tmp/sb.good | grep -q 'ba 52 9c 01 00 00 00 00'"

# garbage where the superblock was (the whole 4 KiB block)
garbage 4096 | dd of="$A" bs=512 seek="$off" count=8 conv=notrunc 2>/dev/null
sync
before=$(sum "$A" 2097152)
rm -rf /run/udev/data
check_refused 1 "garbage superblock: lvm activate refuses the pool" minidm lvm activate tv
check_eq "no udev database entry, no /dev/tv" "" "$(ls -A /run/udev/data 2>/dev/null; ls -d /dev/tv 2>/dev/null)"
check "it says why (no thin-pool metadata there)" sh -c 'grep -q "not thin-pool metadata" /tmp/check.err || { cat /tmp/check.out /tmp/check.err; ls -l /tmp/check.*; exit 1; }' 
check_eq "the PV is as it was (minidm wrote nothing)" "$before" "$(sum "$A" 2097152)"
check_refused 1 "garbage superblock: the thin volume alone is refused too" minidm lvm activate tv/thin
_rc=0
lvm vgchange -ay tv >/tmp/lvm.out 2>&1 || _rc=$?
check_eq "lvm refuses it too (thin_check)" 1 "$(lvm_rc "$_rc")"
lvm vgchange -qan tv >/dev/null 2>&1
dm_clean

# zeros where the superblock was, in a pool whose VG says it has had
# transactions (two thins): the kernel would take it for a new pool and
# format its metadata, writing over what is left of it (what thin_repair
# could still find); minidm refuses before the load, writing nothing.
# lvm 2.03 skips thin_check for zeroed metadata, lets the kernel format
# it, then refuses the pool's transaction id (0, the VG says 2): it
# refuses too, after the write (the metadata area is put back after it).
dd if="$A" of=/tmp/meta.good bs=512 skip="$off" count=8192 2>/dev/null
dd if=/dev/zero of="$A" bs=512 seek="$off" count=8 conv=notrunc 2>/dev/null
sync
span=$(((off + 8192) * 512))
before=$(sum "$A" "$span")
rm -rf /run/udev/data
check_refused 1 "zeroed superblock: lvm activate refuses the pool" minidm lvm activate tv
check "it says why (all zeros, transaction 2)" grep -q "all zeros, the VG says transaction 2" /tmp/check.err
check_eq "the PV is as it was (nothing formatted)" "$before" "$(sum "$A" "$span")"
check_eq "no udev database entry, no /dev/tv" "" "$(ls -A /run/udev/data 2>/dev/null; ls -d /dev/tv 2>/dev/null)"
_rc=0
lvm vgchange -ay tv >/tmp/lvm.out 2>&1 || _rc=$?
check_eq "lvm refuses it too (after the kernel formatted it)" 1 "$(lvm_rc "$_rc")"
check "lvm names the transaction id" grep -q "transaction_id is 0, while expected 2" /tmp/lvm.out
lvm vgchange -qan tv >/dev/null 2>&1
dm_clean
dd if=/tmp/meta.good of="$A" bs=512 seek="$off" conv=notrunc 2>/dev/null
sync

# the superblock back: the VG comes up as lvm brings it up
dd if=/tmp/sb.good of="$A" bs=512 seek="$off" count=8 conv=notrunc 2>/dev/null
sync
check "lvm activates it again" lvm vgchange -qay tv
lvm_state >/tmp/state.lvm
check "lvm deactivates" lvm vgchange -qan tv
check_exit 0 "superblock back: minidm lvm activate" minidm lvm activate tv
lvm_state >/tmp/state.minidm
check_file_eq "the same devices, tables and links as lvm" /tmp/state.lvm /tmp/state.minidm
check_exit 0 "minidm lvm deactivate" minidm lvm deactivate tv

# cut short after each of its ioctls in turn (MINIDM_FAULT_AFTER: exit 99
# there, as a crash): a second lvm activate completes it, and every device
# has its udev database entry with lvm's keys, /dev/tv has both thins
# (the entries of the layers and the pool wait for a thin's load: a crash
# before it left them unwritten)
k=1 bad= n=0
while [ $k -le 60 ]; do
	rm -rf /run/udev/data
	rc=0
	MINIDM_FAULT_AFTER=$k minidm lvm activate tv >/dev/null 2>&1 || rc=$?
	[ $rc = 0 ] && break
	[ $rc = 99 ] || { bad="$bad k=$k:rc=$rc"; break; }
	minidm lvm activate tv >/dev/null 2>/tmp/again.err || bad="$bad k=$k:again"
	for d in tv-pool_tmeta tv-pool_tdata tv-pool-tpool tv-pool tv-thin tv-thin2; do
		udev_db_has "$d" DM_UDEV_PRIMARY_SOURCE_FLAG=1 DM_VG_NAME=tv || bad="$bad k=$k:$d"
	done
	[ -b /dev/tv/thin ] && [ -b /dev/tv/thin2 ] || bad="$bad k=$k:links"
	minidm lvm deactivate tv >/dev/null 2>&1
	n=$((n + 1)) k=$((k + 1))
done
check_eq "cut short after each of $n ioctls, then run again: every entry and link there" "" "$bad"
check "the last run, not cut short, went through (more than 20 ioctls)" test "$n" -gt 20
rm -f "/run/udev/data/b$(devno /dev/mapper/tv-pool-tpool)"
check_exit 0 "lvm activate again, the pool layer's entry missing" minidm lvm activate tv
check "the layer's entry written again with lvm's keys" \
	udev_db_has tv-pool-tpool DM_VG_NAME=tv DM_LV_NAME=pool DM_LV_LAYER=tpool
check_exit 0 "minidm lvm deactivate" minidm lvm deactivate tv

# a device in the way of the one made right after the pool's metadata
# device (whose superblock is then being read ahead): refused as a
# conflict, and the metadata device removed again (the descriptor that
# keeps the superblock's page is closed before the removal)
minidm lvm activate --dry-run tv >/tmp/plan 2>/tmp/plan.err
check_eq "lvm activate --dry-run tv: exit 0" 0 $?
next=$(awk '/^[^ ]/ { print $1 }' /tmp/plan |
	awk 'f { print; exit } $0 == "tv-pool_tmeta" { f = 1 }')
check "the plan makes a device after tv-pool_tmeta ($next)" test -n "$next"
check "a device named $next with another table" minidm create "$next" --table "0 8 zero"
check_refused 1 "$next in the way: lvm activate refuses" minidm lvm activate tv
check "it shows the conflict" grep -q "$next" /tmp/check.err
check "the device in the way removed" minidm remove "$next"

# a device in the way of the plan's last device: the entries made while a
# thin's load waited (the layers', the pool's, the first thin's udev
# database entries, /dev/tv/LV) go with the devices the refusal removes
minidm lvm activate --dry-run tv >/tmp/plan 2>/tmp/plan.err
check_eq "lvm activate --dry-run tv again: exit 0" 0 $?
last=$(awk '/^[^ ]/ { n = $1 } END { print n }' /tmp/plan)
check "the plan's last device is a thin ($last)" sh -c "grep -A1 '^$last ' /tmp/plan | grep -q ' thin '"
check "a device named $last with another table" minidm create "$last" --table "0 8 zero"
rm -rf /run/udev/data
check_refused 1 "$last in the way: lvm activate refuses" minidm lvm activate tv
check_eq "no udev database entry, no /dev/tv" "" "$(ls -A /run/udev/data 2>/dev/null; ls -d /dev/tv 2>/dev/null)"
check "the device in the way removed" minidm remove "$last"
check "nothing left" dm_clean
