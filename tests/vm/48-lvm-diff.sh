#!/bin/sh
# disks: 3 96M
# timeout: 900
# cost: 40
# A differential fuzzer against Debian's lvm: random VGs that lvm itself
# makes and changes, each then activated by `lvm vgchange -ay` and by
# `minidm lvm activate` from the same inactive state.  A case is a fresh VG
# (extent size, metadata area size and metadata copies picked) and 3 to 12
# lvm commands picked from linear and striped LVs, extends and reductions
# (on a given PV or anywhere: several segments), renames, removals, thin
# pools (chunk size, zeroing, discards, error when full), thin volumes and
# thin snapshots, pool metadata extends, pools converted from two LVs,
# old-style snapshots, caches with a cache pool or a cachevol, writecache,
# uncache and splitcache, read-only and activation-skip flags.  lvm is the
# judge of what is valid: a command it refuses changes nothing and the case
# goes on.  Then both tools activate the VG (with -K in every third case)
# and one of its LVs: the same exit status (0, or 1 for any failure) and
# the same lvm_state (lvm-lib.sh: devices, uuids, attrs, open counts,
# tables by device name, /dev/mapper and /dev/VG entries); minidm's
# activation again and then lvm's over minidm's devices change nothing;
# lvm's vgchange -an then takes minidm's devices down (in odd cases
# minidm's lvm deactivate does), leaving no dm device and what lvm's own
# vgchange -an leaves.  A layout minidm does not cover (README: LVM2
# volume groups) must be refused with exit 1, a line saying it is not
# supported, and nothing left behind.
# Seeded: the same cases every run; minidm.lvmdiff.count=N and
# minidm.lvmdiff.seed=S (MINIDM_TEST_CMDLINE; make fuzz-lvm) pick them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lvm-lib.sh"

A=$(disk 0) B=$(disk 1) C=$(disk 2)
LVM_VGS=fz
count=2 seed=1
for w in $(cat /proc/cmdline); do
	case $w in
	minidm.lvmdiff.count=*) count=${w#*=} ;;
	minidm.lvmdiff.seed=*) seed=${w#*=} ;;
	esac
done

# gen: the cases, one line each of: "case N EXTENT MDASIZE COPIES K", then
# its commands, one lvm command line each (no quotes: names and values are
# plain words)
gen() {
	awk -v n="$count" -v seed="$seed" -v disks="$A $B $C" '
	function pick(s,   a, k) { k = split(s, a, "|"); return a[int(rand() * k) + 1] }
	function mib(lo, hi) { return (lo + int(rand() * (hi - lo + 1))) "M" }
	function pv() { return rand() < 0.4 ? " " d[1 + int(rand() * 3)] : "" }
	function lin() { return "l" int(rand() * 4) }
	function pool() { return "p" int(rand() * 2) }
	function thin() { return "t" int(rand() * 4) }
	function fast() { return "f" int(rand() * 2) }
	function any() { return pick(lin() "|" lin() "|" pool() "|" thin() "|s" int(rand() * 2) "|" fast()) }
	function op(   r, f) {
		r = rand()
		if (r < 0.16) print "lvcreate -qy -n " lin() " -L " mib(1, 12) " fz" pv()
		else if (r < 0.21) print "lvcreate -qy -n " lin() " -i 2 -I " pick("4k|64k") " -L " mib(2, 8) " fz"
		else if (r < 0.31) print "lvextend -q -L +" mib(1, 6) " fz/" any() pv()
		else if (r < 0.34) print "lvreduce -qfy -L -1M fz/" any()
		else if (r < 0.38) print "lvrename -q fz " any() " " any()
		else if (r < 0.43) print "lvremove -qfy fz/" any()
		else if (r < 0.53) print "lvcreate -qy -L " mib(4, 12) " --chunksize " pick("64k|128k|512k") \
			pick("|| --zero n") pick("|| --discards ignore| --discards nopassdown") " -T fz/" pool() pv()
		else if (r < 0.63) print "lvcreate -qy -V " mib(4, 24) " -T fz/" pool() " -n " thin()
		else if (r < 0.68) print "lvcreate -qy -s -n " thin() " fz/" thin()
		else if (r < 0.71) print "lvextend -q --poolmetadatasize +" mib(1, 2) " fz/" pool()
		else if (r < 0.73) print "lvconvert -qy --type thin-pool --poolmetadata fz/" lin() " fz/" lin()
		else if (r < 0.77) print "lvcreate -qy -s -L " mib(1, 4) " -n s" int(rand() * 2) " fz/" lin()
		else if (r < 0.87) {
			f = fast()
			if ((r = rand()) < 0.4) {
				print "lvcreate -qy --type cache-pool -n " f " -L " mib(2, 6) " fz" pv()
				print "lvconvert -qy --type cache --cachepool fz/" f " --cachemode " \
					pick("writethrough|writeback") " fz/" lin()
			} else {
				# (writecache takes an inactive cachevol)
				print "lvcreate -qy -n " f (r < 0.75 ? "" : " -an -Zn") " -L " mib(2, 6) " fz" pv()
				print "lvconvert -qy --type " (r < 0.75 ? "cache" : "writecache") " --cachevol fz/" f \
					" fz/" lin()
			}
		}
		else if (r < 0.90) print "lvconvert -qy " pick("--uncache|--splitcache") " fz/" lin()
		else print "lvchange -q " pick("-pr|-prw|-ky|-kn|--errorwhenfull y|--zero n|--discards ignore") \
			" fz/" any()
	}
	BEGIN {
		srand(seed)
		split(disks, d, " ")
		for (c = 0; c < n; c++) {
			print "case " c " " pick("1M|2M|4M") " " pick("1m|1m|128k") " " pick("1|2") " " \
				(c % 3 == 2 ? "-K" : "-")
			k = 3 + int(rand() * 10)
			for (i = 0; i < k; i++)
				op()
		}
	}'
}

# fresh VG EXTENT MDASIZE COPIES: the disks wiped, a new VG fz on them
fresh() {
	lvm vgchange -q -an fz >/dev/null 2>&1
	reset_vg fz >/dev/null 2>&1
	for _d in "$A" "$B" "$C"; do
		dd if=/dev/zero of="$_d" bs=1M count=2 conv=fsync 2>/dev/null
	done
	lvm pvcreate -qy --metadatasize "$2" --pvmetadatacopies "$3" "$A" "$B" "$C" >/dev/null 2>&1 &&
		lvm vgcreate -q -s "$1" fz "$A" "$B" "$C" >/dev/null 2>&1
}

# compare DESC LVM-ARGS -- MINIDM-ARGS: lvm's activation, then minidm's, from
# the same inactive state; minidm's again and lvm's over it; then lvm (or
# minidm, in odd cases) takes minidm's devices down
compare() {
	_desc=$1
	shift
	_la= _ma=
	while [ "$1" != -- ]; do _la="$_la $1"; shift; done
	shift
	_ma="$*"
	# shellcheck disable=SC2086  # _la: words
	lvm $_la >/tmp/ld.out 2>&1
	_lrc=$?
	lvm_state >/tmp/ld.lvm
	lvm vgchange -q -an fz >/dev/null 2>&1
	reset_vg fz >/dev/null 2>&1
	lvm_state >/tmp/ld.empty
	# shellcheck disable=SC2086  # _ma: words
	minidm $_ma >/tmp/md.out 2>&1
	_mrc=$?
	lvm_state >/tmp/md.min
	_again=same
	if [ "$_mrc" = 0 ]; then
		# again: nothing changes; then lvm over minidm's devices: the same
		# shellcheck disable=SC2086  # _ma, _la: words
		minidm $_ma >/tmp/md.out2 2>&1 || _again="minidm again: exit $?"
		lvm_state >/tmp/md.min2
		cmp -s /tmp/md.min /tmp/md.min2 || _again="${_again#same}; minidm again changed the state"
		# shellcheck disable=SC2086
		lvm $_la >/tmp/md.out3 2>&1 || _again="${_again#same}; lvm over minidm's: exit $?"
		lvm_state >/tmp/md.min3
		cmp -s /tmp/md.min /tmp/md.min3 || _again="${_again#same}; lvm over minidm's changed the state"
	fi
	# taken down by lvm, or (odd cases) by minidm: nothing left either way
	if [ $((c % 2)) = 0 ]; then
		_down="lvm vgchange -an"
		lvm vgchange -q -an fz >/tmp/md.an 2>&1
	else
		_down="minidm lvm deactivate"
		minidm lvm deactivate fz >/tmp/md.an 2>&1
	fi
	_arc=$?
	_left=$(ls /sys/block | grep '^dm-' | tr '\n' ' ')
	lvm_state >/tmp/md.down
	cmp -s /tmp/ld.empty /tmp/md.down || _left="$_left(and entries: $(diff /tmp/ld.empty /tmp/md.down | grep '^[<>]' | head -n 3 | tr '\n' ' '))"
	reset_vg fz >/dev/null 2>&1
	if [ "$_mrc" = 1 ] && [ "$_lrc" = 0 ] && grep -q 'not supported' /tmp/md.out; then
		# a layout minidm does not cover: refused, one line, nothing left
		if [ "$(grep -c . /tmp/md.out)" = 1 ] && cmp -s /tmp/ld.empty /tmp/md.min; then
			ok "$_desc: refused as not covered ($(cut -c 1-120 /tmp/md.out))"
			return 0
		fi
		fail "$_desc: a refusal of a layout not covered left something or said more"
	elif [ "$_mrc" = "$(lvm_rc $_lrc)" ] && cmp -s /tmp/ld.lvm /tmp/md.min && [ "$_arc" = 0 ] &&
	     [ -z "$_left" ] && [ "$_again" = same ]; then
		ok "$_desc: exit $_mrc, $(sed -n '/^# devices/,/^# tables/p' /tmp/ld.lvm | grep -vc '^#') devices"
		return 0
	else
		fail "$_desc"
	fi
	explain "lvm:$_la (exit $_lrc); minidm $_ma (exit $_mrc, expected $(lvm_rc $_lrc)); $_down after it: exit $_arc, left: ${_left:-nothing}; then: $_again"
	explain "$(cat /tmp/md.out)"
	explain "$(diff -u /tmp/ld.lvm /tmp/md.min)"
	explain "the case's lvm commands:"
	explain "$(cat /tmp/case.log)"
	return 1
}

# run_case FILE: the case's VG, its commands, the two comparisons
run_case() {
	read -r _ c ext mda copies kflag <"$1"
	[ "$kflag" != - ] || kflag=
	what="case $c (seed $seed; -s $ext, metadata $mda x$copies${kflag:+, $kflag}"
	if ! fresh "$ext" "$mda" "$copies"; then
		fail "$what: lvm made no VG"
		return
	fi
	: >/tmp/case.log
	sed 1d "$1" | while read -r cmd; do
		# shellcheck disable=SC2086  # cmd: plain words
		lvm $cmd >/tmp/op.out 2>&1
		echo "lvm $cmd: exit $?" >>/tmp/case.log
	done
	what="$what; $(grep -c 'exit 0$' /tmp/case.log) of $(grep -c . /tmp/case.log) lvm commands done)"
	lvm vgchange -q -an fz >/dev/null 2>&1
	reset_vg fz >/dev/null 2>&1
	compare "$what: the VG" vgchange -q -ay $kflag fz -- lvm activate $kflag fz
	# one LV: the (c mod count)th of lvm's list, hidden ones included
	lvm lvs -a --noheadings -o lv_name fz 2>/dev/null | tr -d ' []' | grep . >/tmp/case.lvs
	nl=$(grep -c . /tmp/case.lvs)
	if [ "$nl" -gt 0 ]; then
		lv=$(sed -n "$((c % nl + 1))p" /tmp/case.lvs)
		compare "$what: LV $lv" lvchange -q -ay -y $kflag "fz/$lv" -- lvm activate $kflag "fz/$lv"
	fi
}

gen >/tmp/cases
rm -f /tmp/case.*.txt
awk '/^case / { f = sprintf("/tmp/case.%04d.txt", $2) } { print > f }' /tmp/cases
for f in /tmp/case.*.txt; do
	run_case "$f"
done
lvm vgchange -q -an fz >/dev/null 2>&1
reset_vg fz >/dev/null 2>&1
no_dm "no dm device left"
