# Sourced by guest scenarios (tests/vm/NN-name.sh): result lines and helpers.
# A result is one console line: @@RESULT PASS|FAIL <scenario>: DESC
# Lines starting with @@| explain the failure just above them.

SCENARIO=$(basename "$0" .sh)
: "${MINIDM_BOOT:=1}"
_results=/run/minidm-results

ok() {
	echo "@@RESULT PASS $SCENARIO: $*"
	echo PASS >>"$_results"
}

fail() {
	echo "@@RESULT FAIL $SCENARIO: $*"
	echo FAIL >>"$_results"
}

# explain TEXT: print TEXT (at most 30 lines) as @@| lines
explain() {
	printf '%s\n' "$1" | head -n 30 | cut -c 1-400 | sed 's/^/@@|   /'
}

# check DESC CMD...: pass if CMD exits 0
check() {
	_desc=$1
	shift
	if _out=$("$@" 2>&1); then
		ok "$_desc"
	else
		_rc=$?
		fail "$_desc"
		explain "\$ $* (exit $_rc)"
		explain "$_out"
	fi
}

# check_exit CODE DESC CMD...: pass only if CMD exits with exactly CODE
# (minidm: 0 done, 1 the operation failed, 2 usage; a signal N gives 128+N).
# CMD's standard output is left in /tmp/check.out, its standard error in
# /tmp/check.err, for the checks of what it said.
check_exit() {
	_want=$1 _desc=$2
	shift 2
	"$@" >/tmp/check.out 2>/tmp/check.err
	_rc=$?
	if [ "$_rc" = "$_want" ]; then
		ok "$_desc"
	else
		fail "$_desc"
		_sig=
		[ "$_rc" -le 128 ] || _sig=", signal $((_rc - 128))"
		explain "\$ $* (exit $_rc$_sig, expected $_want)"
		explain "$(cat /tmp/check.out /tmp/check.err)"
	fi
}

# dm_state: the kernel's device list (Debian's dmsetup where the guest has
# it, else minidm; with its exit code) and what /dev/mapper holds (name,
# link target or device number)
dm_state() {
	if [ -x /peer/dmsetup ]; then
		/peer/dmsetup ls 2>&1
	else
		minidm ls 2>&1
	fi
	echo "ls: exit $?"
	for _f in /dev/mapper/* /dev/mapper/.[!.]*; do
		[ -e "$_f" ] || [ -L "$_f" ] || continue
		stat -c '%N %F %t:%T' "$_f" 2>&1
	done
}

# check_refused CODE DESC CMD...: check_exit CODE DESC CMD..., and a second
# result "DESC: nothing left behind": dm_state after CMD is what it was before
check_refused() {
	dm_state >/tmp/state.before
	check_exit "$@"
	dm_state >/tmp/state.after
	check_file_eq "$2: nothing left behind" /tmp/state.before /tmp/state.after
}

# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1"
		explain "expected: $2"
		explain "actual:   $3"
	fi
}

# check_file_eq DESC EXPECTED_FILE ACTUAL_FILE: pass if identical, else show the diff
check_file_eq() {
	if _out=$(diff -u "$2" "$3" 2>&1); then
		ok "$1"
	else
		fail "$1"
		explain "$_out"
	fi
}

# sum FILE|DEV [BYTES]: md5 of the whole file or of its first BYTES
sum() {
	if [ $# -gt 1 ]; then
		head -c "$2" "$1" | md5sum | cut -d' ' -f1
	else
		md5sum <"$1" | cut -d' ' -f1
	fi
}

# garbage N [SKIP]: N fixed pseudo-random bytes (from /garbage, 4 MiB, repeated
# as needed), starting SKIP bytes in
garbage() {
	{ while cat /garbage; do :; done; } 2>/dev/null | tail -c +$((${2:-0} + 1)) | head -c "$1"
}

# disk N: the N-th virtio disk, 0-based (0 -> /dev/vda)
disk() {
	echo "/dev/vd$(echo abcdefghijklmnopqrstuvwxyz | cut -c $(($1 + 1)))"
}

# dm_clean: remove every dm device (minidm, else Debian's dmsetup)
dm_clean() {
	minidm remove_all >/dev/null 2>&1 || /peer/dmsetup remove_all >/dev/null 2>&1
	[ -z "$(ls /sys/block | grep '^dm-')" ]
}

# skip DESC: a result that could not be tested in this build (counted apart)
skip() {
	echo "@@RESULT SKIP $SCENARIO: $*"
	echo SKIP >>"$_results"
}

# stop_boots: this is the last boot of the scenario (the harness boots no more)
stop_boots() {
	echo "@@STOP $SCENARIO"
}

# devno DEV: its MAJ:MIN
devno() {
	printf '%d:%d' "0x$(stat -L -c %t "$1")" "0x$(stat -L -c %T "$1")"
}

# make_root DEV: a file system on DEV that boots into this scenario: busybox,
# minidm, /tests, and this initramfs's /init as /sbin/init (it runs the
# scenario of minidm.test= with MINIDM_BOOT=minidm.boot= in the real root)
make_root() {
	_r=/tmp/newroot
	mke2fs -q -L minidm-root "$1" >/dev/null 2>&1 || { echo "mke2fs $1 failed"; return 1; }
	mkdir -p "$_r" && mount "$1" "$_r" || return 1
	(
		set -e
		cd "$_r"
		mkdir -p dev proc sys run tmp etc mnt tests
		. /tests/qemu-lib.sh
		stage_busybox .
		cp /sbin/minidm sbin/minidm
		rm -f sbin/init
		cp /init sbin/init
		cp -r /tests/. tests/
	) || { umount "$_r"; return 1; }
	umount "$_r"
}

# thin_root DESC META DATA: boot 1 of a boot scenario: a thin pool on META
# and DATA (the check DESC), thin volume "root" (id 1, 64 MiB) holding
# make_root's file system, then teardown, so that boot 2 activates it
thin_root() {
	check "$1" minidm thin-pool create pool --meta "$2" --data "$3"
	check "thin volume" minidm thin create root --pool pool --id 1 --size 64MiB --new
	check "root file system" make_root /dev/mapper/root
	check "teardown" sh -c 'minidm remove root && minidm thin-pool remove pool'
}

# The LVM root scenarios (68-boot-lvm-*, 69-boot-lvm-*).  Boot 1 (the test
# initramfs): Debian's lvm makes VG "vg" on /dev/vda and /dev/vdb and a root
# LV vg/root holding make_root's root with lvm itself copied in (/peer, its
# libraries, /etc/lvm); what lvm's own activation makes from an inactive VG
# is recorded in the root as /lvm.state (lvm_state: VG vg's devices, not
# the others a scenario has); the VG is left inactive.  Then, in the real
# root, check_lvm_root.
lvm_state() {
	/peer/dmsetup table | grep '^vg-' | sort
	/peer/dmsetup info -c --noheadings -o name,uuid,attr | grep '^vg-' | sort
}
lvm_vg() {
	check "pvcreate, vgcreate" sh -c "/peer/lvm pvcreate -qy /dev/vda /dev/vdb >/dev/null &&
		/peer/lvm vgcreate -q vg /dev/vda /dev/vdb >/dev/null"
}
# lvm_root_done "VG/LV...": make_root on vg/root, lvm into it, lvm's
# `lvchange -ay` of the LVs recorded, the VG deactivated
lvm_root_done() {
	check "root file system" make_root /dev/vg/root
	check "lvm into the root" sh -c 'mount /dev/vg/root /mnt && cp -a /peer /mnt/peer &&
		mkdir -p /mnt/lib /mnt/lib64 /mnt/etc && cp -a /lib/x86_64-linux-gnu /mnt/lib/ &&
		cp -a /lib64/. /mnt/lib64/ && cp -a /etc/lvm /mnt/etc/ && umount /mnt'
	/peer/lvm vgchange -q -an vg
	for _lv in $1; do
		/peer/lvm lvchange -ay "$_lv" >/dev/null 2>&1
	done
	lvm_state >/tmp/lvm.state
	check "lvm's view of $1 recorded" sh -c "mount /dev/vg/root /mnt && cp /tmp/lvm.state /mnt/lvm.state && umount /mnt"
	check "deactivate" /peer/lvm vgchange -q -an vg
}
# lvm_thin_root POOLSIZE [PV]: a thin pool vg/pool of POOLSIZE (on PV only,
# when given) and the root a 96 MiB thin LV of it
lvm_thin_root() {
	lvm_vg
	check "thin pool" /peer/lvm lvcreate -qy -L "$1" --chunksize 64k -T vg/pool ${2:-}
	check "thin root" /peer/lvm lvcreate -qy -V 96M -T vg/pool -n root
	lvm_root_done vg/root
}
# lvm_caches LV: a 96 MiB LV vg/LV on vda cached by a cache pool on vdb
# (writeback), and a 32 MiB LV vg/data cached by a cachevol
lvm_caches() {
	check "$1 LV cached by a cache pool" sh -c "/peer/lvm lvcreate -qy -n $1 -L 96M vg /dev/vda &&
		/peer/lvm lvcreate -qy --type cache-pool -n cpool -L 32M vg /dev/vdb &&
		/peer/lvm lvconvert -qy --type cache --cachepool vg/cpool --cachemode writeback vg/$1"
	check "data LV cached by a cachevol" sh -c "/peer/lvm lvcreate -qy -n data -L 32M vg /dev/vda &&
		/peer/lvm lvcreate -qy -n fast -L 16M vg /dev/vdb &&
		/peer/lvm lvconvert -qy --type cache --cachevol fast vg/data"
}
# lvm_cache_root: the root cached by a cache pool, vg/data by a cachevol
lvm_cache_root() {
	lvm_vg
	lvm_caches root
	lvm_root_done "vg/root vg/data"
}
# lvm_mixed_root: the root a 96 MiB thin LV of a 512 MiB pool that spans
# both disks (made after the caches, it fills vda and goes on to vdb);
# vg/cached cached by a cache pool and vg/data by a cachevol
lvm_mixed_root() {
	lvm_vg
	lvm_caches cached
	check "thin pool" /peer/lvm lvcreate -qy -L 512M --chunksize 64k -T vg/pool
	check "thin root" /peer/lvm lvcreate -qy -V 96M -T vg/pool -n root
	lvm_root_done "vg/root vg/cached vg/data"
}

# check_lvm_root "VG/LV..." AGAIN: in the real root of an LVM root boot: /
# is vg-root; each LV has /dev/VG/LV and lvm sees it active; the devices
# (tables, uuids, names; device numbers masked) are those lvm made in boot 1;
# `lvm AGAIN` (lvm's own activation) and `minidm activate` change nothing
check_lvm_root() {
	check_eq "running in the real root (switch_root)" 1 "${MINIDM_IN_ROOT:-0}"
	check "/ is /dev/mapper/vg-root" root_is vg-root
	for _lv in $1; do
		check "/dev/$_lv is a block device" test -b "/dev/$_lv"
		check "lvm sees $_lv active" sh -c "/peer/lvm lvs --noheadings -o lv_attr $_lv 2>/dev/null | grep -q '^ *....a'"
	done
	check_eq "devices, tables, uuids as lvm made them for $1" \
		"$(sed 's/[0-9][0-9]*:[0-9][0-9]*/X/g' /lvm.state)" "$(lvm_state | sed 's/[0-9][0-9]*:[0-9][0-9]*/X/g')"
	_before=$(lvm_state)
	mkdir -p /run/lock/lvm
	# shellcheck disable=SC2086  # AGAIN: lvm's words
	/peer/lvm $2 >/dev/null 2>&1
	check_eq "lvm $2 changes nothing" "$_before" "$(lvm_state)"
	minidm activate >/tmp/out 2>&1
	check_eq "minidm activate again in the root: exit 0" 0 $?
	check_eq "and nothing changed" "$_before" "$(lvm_state)"
}

# udev_db_has NAME KEY=VALUE...: the udev database entry of /dev/mapper/NAME
# has each E:KEY=VALUE line
udev_db_has() {
	_db=/run/udev/data/b$(devno "/dev/mapper/$1")
	shift
	for _kv in "$@"; do
		grep -qx "E:$_kv" "$_db" || return 1
	done
}

# check_udev_thin NAME POOL: in the real root, after an initramfs whose udev
# ran the dm rules: udev made the nodes of NAME (its kernel log line says
# so), its database entry came through switch_root, and it is thin id 1
# (64 MiB) of POOL
check_udev_thin() {
	check "udev made the nodes of $1 in the initramfs (kmsg)" sh -c "dmesg | grep -q 'minidm: $1: activated in .* (udev made the nodes)'"
	_db=/run/udev/data/b$(devno "/dev/mapper/$1")
	check "$1: udev's database entry came through switch_root" sh -c "grep -qx 'S:mapper/$1' $_db && grep -qx 'E:DM_UDEV_PRIMARY_SOURCE_FLAG=1' $_db"
	check_eq "$1's table" "0 131072 thin $(devno "/dev/mapper/$2") 1" "$(minidm table "$1" | sed 's/ *$//')"
}

# root_is NAME: the root file system is mounted from /dev/mapper/NAME
root_is() {
	[ "$(awk '$5 == "/" { d = $3 } END { print d }' /proc/self/mountinfo)" = \
	  "$(devno "/dev/mapper/$1")" ]
}

# scenario_conf: the `# conf:` lines of this scenario (its /etc/minidm.conf)
scenario_conf() {
	sed -n '/^#/!q; s/^# *conf: *//p' "/tests/$SCENARIO.sh"
}
