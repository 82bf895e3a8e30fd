#!/bin/sh
# The guest side of `make bench` (qemu/bench.sh boots the test initramfs
# with this script as /tests/bench.sh).  Every figure is one console line
#   @@BENCH METRIC TOOL runs=N failed=F wall_us=T maxrss_kb=K [peak_kb=... (-m, -t)]
# and the host makes the table (tests/bench/table.awk).  Other lines:
# @@BENCH info KEY VALUE..., @@BENCH error METRIC TOOL: TEXT,
# @@BENCH phase NAME SECONDS.  Timed runs are never traced; memory (-m)
# and system calls (-t) come from separate traced runs (METRIC_mem,
# METRIC_trace).
#
# Disks (qemu/bench.sh): vda LVM thin VG "bt", vdb LVM cache VG "bc",
# vdc/vdd minidm thin pool (metadata, data), vde/vdf/vdg minidm cache
# (metadata, cache, origin), vdh/vdi the flat-metadata VGs flat0/flatn.  /bench holds benchrun, floor, nop, the
# activate configs, params and optionally virtio-rng.ko.
#
# The floor (tests/bench/floor.c): the same devices made by a program that
# only opens the control node and issues create, load and resume with the
# tables minidm loaded (captured from the kernel after a minidm
# activation, replayed from cold).  minidm and the floor run in pairs, one
# right after the other (minidm first in every other pair), so that both
# see the same host; the table takes the median of the pairs' ratios.
. "$(dirname "$0")/lib.sh"

# REPS: repetitions of the quick figures; SLOW_REPS: of 300 separate
# creates and of remove_all (each removal waits for RCU grace periods, ~25 ms
# a device under TCG); ACT_REPS: of each activation against lvm; PAIRS:
# minidm/floor pairs of each activation
REPS=3 SLOW_REPS=1 ACT_REPS=5 PAIRS=31 CHURN=300 BATCH=1000 SCALES="100 1000 10000"
# FLAT_SNAPS: diverged snapshots in flatn's pool; FLAT_META: each flat
# pool's metadata size; FLAT_PAIRS, FLAT_REPS: pairs of flat0/flatn
# activations by minidm (and by the floor) and by lvm
FLAT_SNAPS=3000 FLAT_META=64M FLAT_PAIRS=21 FLAT_REPS=5
PHASES="activation flat churn scaling"
[ ! -f /bench/params ] || . /bench/params

B=/bench/benchrun
MINIDM=/sbin/minidm DMSETUP=/peer/dmsetup LVM=/peer/lvm
ZERO="0 8 zero"

emit() { echo "@@BENCH $*"; }
up_cs() { cut -d' ' -f1 /proc/uptime | tr -d .; }

# run METRIC TOOL BENCHRUN-ARGS...: one benchrun line, reported
run() {
	_m=$1 _t=$2
	shift 2
	: >/tmp/child.err
	_o=$($B -e /tmp/child.err "$@" 2>/tmp/br.err)
	_rc=$?
	emit "$_m $_t $_o"
	if [ "$_rc" != 0 ]; then
		emit "error $_m $_t: $(cat /tmp/br.err /tmp/child.err | head -n 4 | tr '\n' ' ' | cut -c 1-300)"
	fi
	return "$_rc"
}

# ndm: how many dm devices there are
ndm() {
	set -- /sys/block/dm-*
	if [ -e "$1" ]; then echo $#; else echo 0; fi
}

# clean: no dm device, no /dev/mapper entry but control.  Not timed, so
# with expedited RCU grace periods (removing 1,000 devices takes ~25 s
# otherwise); every timed command runs with the kernel's default.
clean() {
	echo 1 >/sys/kernel/rcu_expedited
	$MINIDM remove_all >/dev/null 2>&1 || $DMSETUP remove_all >/dev/null 2>&1
	echo 0 >/sys/kernel/rcu_expedited
	for _f in /dev/mapper/*; do
		[ "$_f" = /dev/mapper/control ] || rm -f "$_f"
	done
	[ "$(ndm)" = 0 ] || emit "error clean -: devices left: $($MINIDM ls | head -n 3 | tr '\n' ' ')"
}

# spec N: a concise spec of N zero devices c0..c(N-1), without a final
# newline (minidm passes one on to the last table: EINVAL)
spec() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%sc%d,,,rw,0 8 zero", (i ? ";" : ""), i }'
}

# cold: the disks' cached blocks dropped (the kernel also drops a block
# device's pages at its last close), and the dentry and inode caches.  Not
# `echo 3`: dropping the page cache cannot evict the initramfs's files (tmpfs,
# no swap) but marks their pages for reclaim, and the kernel then maps such
# pages one fault at a time instead of 16 at a time (fault-around): 14 page
# faults for a create instead of 1, for every later run of every program in
# the guest, the larger ones more.  A boot runs its programs from pages fresh
# from the initramfs.
cold() {
	sync
	echo 2 >/proc/sys/vm/drop_caches
	for _d in /dev/vd?; do
		blockdev --flushbufs "$_d"
	done
}

# capture DIR: the dm devices there are, in the order they were made (after
# a clean, minors are given lowest first), with what the floor needs
capture() {
	rm -rf "$1"
	mkdir -p "$1"
	for _b in $(for _s in /sys/block/dm-*; do echo "${_s##*-}"; done | sort -n); do
		_s=/sys/block/dm-$_b
		_n=$(cat "$_s/dm/name")
		_u=$(cat "$_s/dm/uuid")
		echo "$_n" >>"$1/order"
		echo "${_u:--}" >"$1/$_n.uuid"
		if [ "$(cat "$_s/ro")" = 1 ]; then echo ro; else echo rw; fi >"$1/$_n.mode"
		$MINIDM table "$_n" >"$1/$_n.table"
	done
}

# floor_capture KEY ARGS...: minidm ARGS from cold, the devices it made
# captured in /tmp/floor-KEY for the floor, then removed
floor_capture() {
	_k=$1
	shift
	cold
	$MINIDM "$@" >/dev/null 2>&1 || emit "error act_${_k}_floor minidm: $MINIDM $* failed"
	capture "/tmp/floor-$_k"
	clean
}

# floor METRIC DIR [FLAG [SB]]: the floor run of the devices captured in
# DIR (FLAG: benchrun's -m or -t, or -); with SB, the superblock of SB
# read first, reported as the tool floorsb
floor() {
	_fm=$1 _fd=$2 _ff=${3:-} _fs=${4:-} _ft=floor
	[ "$_ff" != - ] || _ff=
	set --
	for _n in $(cat "$_fd/order"); do
		set -- "$@" "$_n" "$(cat "$_fd/$_n.uuid")" "$(cat "$_fd/$_n.mode")" "$(cat "$_fd/$_n.table")"
	done
	if [ -n "$_fs" ]; then
		set -- -s "$_fs" "$@"
		_ft=floorsb
	fi
	# shellcheck disable=SC2086  # _ff: no word or one
	run "$_fm" $_ft $_ff -- /bench/floor "$@"
}

phase_start() { _phase=$1 _p0=$(up_cs); }
phase_end() { _p1=$(up_cs); emit "phase $_phase $(((_p1 - _p0) / 100)).$(((_p1 - _p0) % 100 / 10))"; }

# ---- the guest
emit "info kernel $(uname -r)"
emit "info cpu $(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1) ($(grep -c ^processor /proc/cpuinfo) cpu)"
emit "info mem_kb $(awk '/^MemTotal/ { print $2 }' /proc/meminfo)"
if grep -qw hypervisor /proc/cpuinfo && ! dmesg | grep -q 'Hypervisor detected: KVM'; then
	emit "info accel TCG (no KVM signature in the guest)"
else
	emit "info accel $(dmesg | sed -n 's/.*Hypervisor detected: *//p' | head -n 1)"
fi
for t in $MINIDM $DMSETUP $LVM /peer/thin_check /peer/cache_check; do
	[ -x "$t" ] || emit "error setup -: $t missing"
done
emit "info dmsetup $($DMSETUP --version 2>/dev/null | head -n 1 | tr -s ' ')"
emit "info lvm $($LVM version 2>/dev/null | head -n 1 | tr -s ' ')"

# crng: lvm reads /dev/urandom as it starts; without entropy the first read
# of a boot blocks ~1.1 s under TCG.  Feed it from virtio-rng when the image
# has the module, and wait for it either way before any clock starts.
rng=none
if [ -f /bench/virtio-rng.ko ] && insmod /bench/virtio-rng.ko 2>/dev/null; then
	rng=$(cat /sys/class/misc/hw_random/rng_current 2>/dev/null)
fi
t0=$(up_cs)
head -c 1 /dev/random >/dev/null
t1=$(up_cs)
emit "info crng ready before any timing: hw_random=${rng:-none}, waited $(((t1 - t0) * 10)) ms at $(printf '%d.%02d' $((t1 / 100)) $((t1 % 100))) s of uptime"

# warm the tools once (page cache of the initramfs files, dynamic loader)
$MINIDM version >/dev/null 2>&1
$DMSETUP version >/dev/null 2>&1
$LVM version >/dev/null 2>&1
clean

want() { case " $PHASES " in *" $1 "*) return 0 ;; esac; return 1; }

# ---- activation: equivalent volumes under LVM and minidm
if want activation; then
phase_start provision
mkdir -p /mnt
# fill DEV [root]: a file system with 4 MiB of data on DEV; with root, a
# root file system for the boot checks
fill() {
	if [ "${2:-}" = root ]; then
		make_root "$1" || return 1
	else
		mke2fs -q "$1" || return 1
	fi
	mount "$1" /mnt && cp /garbage /mnt/data && umount /mnt
}
provisioned=true
{
	$LVM pvcreate -qy /dev/vda && $LVM vgcreate -q bt /dev/vda &&
	$LVM lvcreate -qy -L 256M --chunksize 64K --poolmetadatasize 8M -T bt/pool &&
	$LVM lvcreate -qy -V 256M -T bt/pool -n root && fill /dev/mapper/bt-root root &&
	$LVM pvcreate -qy /dev/vdb && $LVM vgcreate -q bc /dev/vdb &&
	$LVM lvcreate -qy -n root -L 256M bc &&
	$LVM lvcreate -qy --type cache-pool -n cpool -L 64M --chunksize 64K bc &&
	$LVM lvconvert -qy --type cache --cachemode writeback --cachepool bc/cpool bc/root &&
	fill /dev/mapper/bc-root &&
	$LVM vgchange -qan bt bc
} >/tmp/prov.log 2>&1 || { provisioned=false; emit "error provision lvm: $(tail -n 3 /tmp/prov.log | tr '\n' ' ')"; }
{
	$MINIDM thin-pool create pool --meta /dev/vdc --data /dev/vdd &&
	$MINIDM thin create root --pool pool --id 1 --size 256MiB --new && fill /dev/mapper/root root &&
	$MINIDM cache create croot --meta /dev/vde --cache /dev/vdf --origin /dev/vdg --mode writeback --metadata2 &&
	fill /dev/mapper/croot
} >/tmp/prov.log 2>&1 || { provisioned=false; emit "error provision minidm: $(tail -n 3 /tmp/prov.log | tr '\n' ' ')"; }
clean
phase_end

# usable DEV: the node is there and reads
usable() { [ -b "$1" ] && dd if="$1" of=/dev/null bs=4096 count=1 2>/dev/null; }
# check_node METRIC TOOL DEV
check_node() { usable "$3" || emit "error $1 $2: $3 not usable after activation"; }

phase_start activation
if $provisioned; then
	r=0
	while [ $r -lt "$ACT_REPS" ]; do
		cold
		run act_thin minidm -- $MINIDM activate --config /bench/thin.conf
		check_node act_thin minidm /dev/mapper/root
		clean
		cold
		run act_thin lvm -- $LVM vgchange -ay bt
		check_node act_thin lvm /dev/mapper/bt-root
		$LVM vgchange -qan bt >/dev/null 2>&1
		clean
		cold
		run act_cache minidm -- $MINIDM activate --config /bench/cache.conf
		check_node act_cache minidm /dev/mapper/croot
		clean
		cold
		run act_cache lvm -- $LVM vgchange -ay bc
		check_node act_cache lvm /dev/mapper/bc-root
		$LVM vgchange -qan bc >/dev/null 2>&1
		clean
		# the same LVM thin root, from its metadata: minidm lvm activate
		cold
		run act_lvm minidm -- $MINIDM lvm activate bt
		check_node act_lvm minidm /dev/mapper/bt-root
		$MINIDM lvm deactivate bt >/dev/null 2>&1
		clean
		cold
		run act_lvm lvm -- $LVM vgchange -ay bt
		$LVM vgchange -qan bt >/dev/null 2>&1
		clean
		r=$((r + 1))
	done
	# the floor: capture the tables minidm loads, then PAIRS pairs of each
	# activation, minidm then the floor, each from cold
	# (the thin and cached rows also with the floor that reads the pool's or
	# cache's superblock first: a round of three, in turn minidm, floor,
	# floorsb / floor, floorsb, minidm / floorsb, minidm, floor)
	for a in "thin /dev/vdc activate --config /bench/thin.conf" \
		"cache /dev/vde activate --config /bench/cache.conf" "lvm - lvm activate bt"; do
		# shellcheck disable=SC2086  # a: the key, the superblock, then the arguments
		set -- $a
		k=$1 sb=$2
		shift 2
		floor_capture "$k" "$@"
		r=0
		while [ $r -lt "$PAIRS" ]; do
			if [ "$sb" = - ]; then
				# minidm first in even pairs, the floor first in odd ones
				order="$((r % 2)) $((1 - r % 2))"
			else
				order=$(echo "0 1 2 0 1" | cut -d' ' -f$((r % 3 + 1))-$((r % 3 + 3)))
			fi
			for t in $order; do
				cold
				case $t in
				0) run "act_${k}_pair" minidm -- $MINIDM "$@" ;;
				1) floor "act_${k}_pair" "/tmp/floor-$k" ;;
				*) floor "act_${k}_pair" "/tmp/floor-$k" - "$sb" ;;
				esac
				clean
			done
			r=$((r + 1))
		done
		cold
		floor "act_${k}_trace" "/tmp/floor-$k" -t
		clean
	done
	# what the LVM row does beyond its floor before any device is made:
	# the PV scan of every disk, the metadata read and parsed, the plan (a
	# dry run: no device made)
	emit "info scan_disks $(ls -d /sys/block/vd* | wc -l)"
	# and what the thin and cached rows do before their first device: the
	# command line, the config, the members' checks and the superblock
	# read (their dry runs; each also a process's start and exit, which
	# a do-nothing static process shows)
	r=0
	while [ $r -lt "$PAIRS" ]; do
		cold
		run act_lvm_dry minidm -- $MINIDM lvm activate --dry-run bt
		cold
		run act_thin_dry minidm -- $MINIDM activate --dry-run --config /bench/thin.conf
		cold
		run act_cache_dry minidm -- $MINIDM activate --dry-run --config /bench/cache.conf
		cold
		run act_nop nop -- /bench/nop
		r=$((r + 1))
	done
	# traced once each: peak memory, processes (thin_check, cache_check), system calls
	cold
	run act_thin_trace minidm -t -- $MINIDM activate --config /bench/thin.conf
	clean
	cold
	run act_thin_trace lvm -t -- $LVM vgchange -ay bt
	$LVM vgchange -qan bt >/dev/null 2>&1
	clean
	cold
	run act_lvm_trace minidm -t -- $MINIDM lvm activate bt
	$MINIDM lvm deactivate bt >/dev/null 2>&1
	clean
	cold
	run act_lvm_trace lvm -t -- $LVM vgchange -ay bt
	$LVM vgchange -qan bt >/dev/null 2>&1
	clean
	cold
	run act_cache_trace minidm -t -- $MINIDM activate --config /bench/cache.conf
	clean
	cold
	run act_cache_trace lvm -t -- $LVM vgchange -ay bc
	$LVM vgchange -qan bc >/dev/null 2>&1
	clean
fi
phase_end
fi

# ---- flat metadata: thin-root activation does not grow with the pool's
# metadata.  Two VGs of the same geometry made by lvm, flat0 on vdh and
# flatn on vdi: a 512 MiB thin pool (64 KiB chunks, FLAT_META of
# metadata) with a 256 MiB thin LV "root" (a file system with 4 MiB of
# data).  flatn's pool then gets FLAT_SNAPS diverged snapshots of root:
# each a create_snap message to the pool (thin ids 1000 up; lvm's VG
# metadata never lists them, the pool's transaction id stays), followed by
# a rewrite of the first 4 KiB of root (the boot sector in front of the
# file system's superblock; written back as the device is closed), so that
# its 64 KiB chunk is copied, the origin's mapping tree is shadowed and each
# snapshot keeps its own tree node (the metadata use checks it).  Then
# each tool activates the VGs from cold in pairs, one VG right after the
# other (FLAT_PAIRS pairs for minidm, FLAT_REPS for lvm, which runs
# thin_check on the pool's metadata first); the table takes the median of
# each tool's ratios flatn / flat0.
if want flat; then
phase_start flat_provision
# flat_used VG: used/total metadata blocks of VG's active pool
flat_used() { $MINIDM status "$1-pool-tpool" | awk '{ print $6 }'; }
flat=true
for v in flat0:/dev/vdh flatn:/dev/vdi; do
	vg=${v%%:*}
	{
		$LVM pvcreate -qy "${v#*:}" && $LVM vgcreate -q "$vg" "${v#*:}" &&
		$LVM lvcreate -qy -L 512M --chunksize 64K --poolmetadatasize "$FLAT_META" -T "$vg/pool" &&
		$LVM lvcreate -qy -V 256M -T "$vg/pool" -n root &&
		mke2fs -q "/dev/mapper/$vg-root" && mount "/dev/mapper/$vg-root" /mnt &&
		cp /garbage /mnt/data && umount /mnt
	} >/tmp/prov.log 2>&1 || { flat=false; emit "error flat_provision lvm: $vg: $(tail -n 3 /tmp/prov.log | tr '\n' ' ')"; }
done
if $flat; then
	t0=$(up_cs)
	i=0
	while [ $i -lt "$FLAT_SNAPS" ]; do
		$MINIDM message flatn-pool-tpool 0 "create_snap $((1000 + i)) 1" &&
			printf '%08d' "$i" 1<>/dev/mapper/flatn-root ||
			{ flat=false; emit "error flat_provision minidm: snapshot $i of $FLAT_SNAPS failed"; break; }
		i=$((i + 1))
	done
	t1=$(up_cs)
	emit "info flat_snaps $i"
	emit "info flat_snaps_made $FLAT_SNAPS snapshots in $(((t1 - t0) / 100)).$(((t1 - t0) % 100 / 10)) s"
	emit "info flat_thin_check $($LVM lvmconfig --type full global/thin_check_executable global/thin_check_options 2>&1 | tr -s '\n\t' '  ')"
	u0=$(flat_used flat0) un=$(flat_used flatn)
	emit "info flat_meta_used $u0 $un (metadata blocks of 4 KiB used/total, flat0 flatn; _tmeta $(($($MINIDM table flatn-pool_tmeta | awk '{ s += $2 } END { print s }') / 2048)) MiB)"
	[ $((${un%/*} - ${u0%/*})) -ge "$i" ] ||
		emit "error flat_provision -: $i snapshots hold only $((${un%/*} - ${u0%/*})) metadata blocks: not diverged"
fi
$LVM vgchange -qan flat0 flatn >/dev/null 2>&1
clean
phase_end

# flat_run VG TOOL: one timed activation of VG's thin root from cold by
# TOOL (figure act_flat0 or act_flatn), checked (but the floor's, which
# makes no /dev/mapper entry) and taken down untimed
flat_run() {
	cold
	case $2 in
	minidm) run "act_$1" minidm -- $MINIDM lvm activate "$1" ;;
	floor) floor "act_$1" "/tmp/floor-$1" ;;
	*) run "act_$1" lvm -- $LVM vgchange -ay "$1" ;;
	esac
	[ "$2" = floor ] || { [ -b "/dev/mapper/$1-root" ] &&
		dd if="/dev/mapper/$1-root" of=/dev/null bs=4096 count=1 2>/dev/null; } ||
		emit "error act_$1 $2: /dev/mapper/$1-root not usable after activation"
	clean
}
phase_start flat
if $flat; then
	# pairs: each VG right after the other, flat0 first in even pairs; the
	# floor loads the tables minidm loads for each VG (what the kernel's
	# own work does with the pool's metadata)
	for vg in flat0 flatn; do
		floor_capture "$vg" lvm activate "$vg"
	done
	for tool in minidm floor lvm; do
		n=$FLAT_PAIRS
		[ $tool != lvm ] || n=$FLAT_REPS
		r=0
		while [ $r -lt "$n" ]; do
			if [ $((r % 2)) = 0 ]; then
				flat_run flat0 $tool
				flat_run flatn $tool
			else
				flat_run flatn $tool
				flat_run flat0 $tool
			fi
			r=$((r + 1))
		done
	done
	# traced once each: system calls, processes, peak memory (thin_check's)
	for vg in flat0 flatn; do
		cold
		run "act_${vg}_trace" minidm -t -- $MINIDM lvm activate $vg
		clean
		cold
		run "act_${vg}_trace" lvm -t -- $LVM vgchange -ay $vg
		$LVM vgchange -qan $vg >/dev/null 2>&1
		clean
	done
fi
phase_end
fi

# ---- device churn
if want churn; then
phase_start churn
run nop nop -m -- /bench/nop
run create1_trace minidm -t -- $MINIDM create s0 --table "$ZERO"
clean
run create1_trace dmsetup -t -- $DMSETUP create s0 --table "$ZERO"
clean
# CHURN separate creates, interleaved: minidm, the floor, dmsetup and a
# do-nothing process in turn, one run each (the table pairs them up)
r=0
while [ $r -lt "$SLOW_REPS" ]; do
	i=0
	while [ $i -lt "$CHURN" ]; do
		run create1 minidm -- $MINIDM create m$i --table "$ZERO"
		run create1 floor -- /bench/floor f$i - rw "$ZERO"
		run create1 dmsetup -- $DMSETUP create d$i --table "$ZERO"
		run create1 nop -- /bench/nop
		i=$((i + 1))
	done
	clean
	r=$((r + 1))
done
run create1_trace floor -t -- /bench/floor s0 - rw "$ZERO"
clean

spec 100 >/tmp/spec
run batch100_trace minidm -t -i /tmp/spec -- $MINIDM create --concise
clean
run batch100_trace dmsetup -t -i /tmp/spec -- $DMSETUP create --concise
clean

# BATCH devices in one create.  First once by each tool traced for memory
# (-m): minidm's set serves ls, table and status and is removed by
# dmsetup's remove_all, dmsetup's set by minidm's (both removals timed, with
# the kernel's default RCU); then REPS timed creates by each tool.
spec "$BATCH" >/tmp/spec
run "batch${BATCH}_mem" minidm -m -i /tmp/spec -- $MINIDM create --concise
n=$(ndm)
[ "$n" = "$BATCH" ] || emit "error batch$BATCH -: $n devices, not $BATCH"
r=0
while [ $r -lt "$REPS" ]; do
	for cmd in ls table status; do
		run "$cmd$BATCH" minidm -- $MINIDM $cmd
		run "$cmd$BATCH" dmsetup -- $DMSETUP $cmd
	done
	r=$((r + 1))
done
for cmd in ls table status; do
	run "$cmd${BATCH}_mem" minidm -m -- $MINIDM $cmd
	run "$cmd${BATCH}_mem" dmsetup -m -- $DMSETUP $cmd
done
# the same output (dmsetup-compatible)
for cmd in ls table status; do
	$MINIDM $cmd >/tmp/a 2>&1
	$DMSETUP $cmd >/tmp/b 2>&1
	cmp -s /tmp/a /tmp/b || emit "error $cmd$BATCH -: minidm and dmsetup print different output"
done
run "rmall$BATCH" dmsetup -- $DMSETUP remove_all
clean
run "batch${BATCH}_mem" dmsetup -m -i /tmp/spec -- $DMSETUP create --concise
run "rmall$BATCH" minidm -- $MINIDM remove_all
clean
r=0
while [ $r -lt "$REPS" ]; do
	run "batch$BATCH" minidm -i /tmp/spec -- $MINIDM create --concise
	clean
	run "batch$BATCH" dmsetup -i /tmp/spec -- $DMSETUP create --concise
	clean
	r=$((r + 1))
done
phase_end
fi

# ---- scaling: ls, status and table at 100, 1,000 and 10,000 devices.
# Devices are added up to each size in turn by minidm's create --concise
# (traced for memory); dmsetup then creates as many again under other
# names (traced), which are removed before ls/status/table run (untimed,
# expedited RCU).  The last set is never removed (10,000 removals take
# minutes).
# zspec PREFIX FROM TO: a concise spec of zero devices PREFIX<FROM..TO-1>
zspec() {
	awk -v p="$1" -v a="$2" -v n="$3" 'BEGIN { for (i = a; i < n; i++) printf "%s%s%d,,,rw,0 8 zero", (i > a ? ";" : ""), p, i }'
}
if want scaling; then
phase_start scaling
have=0
for n in $SCALES; do
	zspec d "$have" "$n" >/tmp/spec
	avail0=$(awk '/^MemAvailable/ { print $2 }' /proc/meminfo)
	if ! run "scale_create$n" minidm -m -i /tmp/spec -- $MINIDM create --concise; then
		emit "error scale$n -: could not create devices $have to $n"
		break
	fi
	avail1=$(awk '/^MemAvailable/ { print $2 }' /proc/meminfo)
	emit "info kmem_per_dev_$n $(((avail0 - avail1) / (n - have))) KiB (MemAvailable drop per device from $have to $n)"
	zspec e "$have" "$n" >/tmp/spec
	run "scale_create$n" dmsetup -m -i /tmp/spec -- $DMSETUP create --concise
	echo 1 >/sys/kernel/rcu_expedited
	# shellcheck disable=SC2046  # one word per device
	$MINIDM remove $(awk -v a="$have" -v n="$n" 'BEGIN { for (i = a; i < n; i++) print "e" i }') >/dev/null 2>&1
	echo 0 >/sys/kernel/rcu_expedited
	[ "$(ndm)" = "$n" ] || emit "error scale$n -: $(ndm) devices, not $n"
	have=$n
	r=0
	while [ $r -lt "$REPS" ]; do
		for cmd in ls status table; do
			run "scale_$cmd$n" minidm -- $MINIDM $cmd
			run "scale_$cmd$n" dmsetup -- $DMSETUP $cmd
		done
		r=$((r + 1))
	done
	for cmd in ls status table; do
		run "scale_$cmd${n}_mem" minidm -m -- $MINIDM $cmd
		run "scale_$cmd${n}_mem" dmsetup -m -- $DMSETUP $cmd
	done
done
phase_end
fi

ok "benchmark ran"
emit "end"
