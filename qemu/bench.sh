#!/bin/sh
# make bench: minidm against Debian's dmsetup and lvm (with thin_check and
# cache_check) on a real kernel, in one QEMU guest, plus two boot checks.
#
#   qemu/bench.sh [--kver 6.1|6.12] [--quick] [--params 'VAR=VALUE ...']
#
# 1. Sizes (host): the binary against dmsetup and lvm with their shared
#    libraries; an LVM thin-root initramfs made by mkbootrd.sh (no config:
#    initramfs/init and minidm activate the LV of root= from the LVM
#    metadata) against one with the same busybox, modules and layout that
#    activates with lvm (tests/bench/lvm-init.sh: vgchange -ay, thin_check).
# 2. One guest (the test initramfs + tests/bench/: benchrun, floor, guest.sh)
#    times device churn, activation of equivalent thin and cached roots
#    (and of an LVM thin root whose pool holds 0 or 3,000 snapshots),
#    peak memory, system calls and the scaling of ls/status; every figure
#    comes back as an `@@BENCH` console line.
# 3. Boots of the two images, alternating (BOOTS pairs: 3, 1 with --quick),
#    on the LVM thin root the guest left (VG "bt" on vda): time from the
#    kernel starting /init to the root's init.
# Prints the table and writes it to qemu/out/bench-<kver>.txt (raw lines
# in qemu/out/bench-<kver>/).  Never fails for a slow figure: goals are
# reported as met or not met.  --quick: fewer repetitions and no 10,000;
# --params: shell assignments for the guest script (REPS, SLOW_REPS,
# ACT_REPS, PAIRS, CHURN, SCALES, FLAT_SNAPS, FLAT_PAIRS, FLAT_REPS, PHASES:
# see tests/bench/guest.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/lib.sh"
kver=6.1 params= boots=3
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=$2; shift 2 ;;
	--quick) params="REPS=1 ACT_REPS=1 PAIRS=5 CHURN=100 SCALES='100 1000' FLAT_SNAPS=500 FLAT_PAIRS=7 FLAT_REPS=2 $params" boots=1; shift ;;
	--params) params="$params $2"; shift 2 ;;
	*) echo "usage: $0 [--kver 6.1|6.12] [--quick] [--params 'VAR=VALUE ...']" >&2; exit 2 ;;
	esac
done
minidm=${MINIDM:-$top/minidm}
[ -x "$minidm" ] || { echo "bench: $minidm missing: run make" >&2; exit 1; }
sh "$here/need.sh" bench
out=$here/out/bench-$kver
table=$here/out/bench-$kver.txt
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)

sh "$here/fetch-kernel.sh" --kver "$kver" >/dev/null
kernel=$here/cache/$kver/vmlinuz
release=$(cat "$here/cache/$kver/release")
echo "bench: building the guest image"
sh "$here/mkinitramfs.sh" --kver "$kver" "$minidm" "$out/test.cpio" >"$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; exit 1; }

# bytes FILE...: their total size, symlinks followed
bytes() {
	total=0
	for f in "$@"; do
		total=$((total + $(stat -L -c %s "$f")))
	done
	echo $total
}

# ---- the guest's part: benchrun, a do-nothing static process, the script
stage=$out/part
mkdir -p "$stage/bench" "$stage/tests"
musl-gcc -std=c11 -Os -static -s -Wall -Wextra -Werror -o "$stage/bench/benchrun" "$top/tests/bench/benchrun.c"
musl-gcc -std=c11 -Os -static -s -Wall -Wextra -Werror -I"$top/include" -o "$stage/bench/floor" "$top/tests/bench/floor.c"
printf 'int main(void) { return 0; }\n' >"$out/nop.c"
musl-gcc -Os -static -s -o "$stage/bench/nop" "$out/nop.c"
cp "$top/tests/bench/guest.sh" "$stage/tests/bench.sh"
cp "$top/tests/bench/root.sh" "$stage/tests/benchroot.sh"
rng=$(find "$here/cache/$kver/lib/modules/$release" -name 'virtio-rng.ko' | head -n 1)
[ -z "$rng" ] || cp "$rng" "$stage/bench/virtio-rng.ko"
printf '%s\n' 'thin-pool create pool --meta /dev/vdc --data /dev/vdd' \
	'thin create root --pool pool --id 1 --size 256MiB' >"$stage/bench/thin.conf"
printf '%s\n' 'cache create croot --meta /dev/vde --cache /dev/vdf --origin /dev/vdg --mode writeback --metadata2' \
	>"$stage/bench/cache.conf"
echo "$params" >"$stage/bench/params"
{ cat "$out/test.cpio"; pack "$stage"; } >"$out/guest.cpio"
rm -f "$out/test.cpio"

# ---- sizes, and the two LVM thin-root initramfs images: minidm's has no
# config (root=/dev/VG/LV is read from the LVM metadata)
sh "$here/mkbootrd.sh" --kver "$kver" "$minidm" "$out/rd-minidm.cpio" >>"$out/build.log"
# the LVM one: the same busybox, modules and layout, lvm and thin_check
# (pdata_tools) with their libraries, a udev-less lvm.conf, lvm-init.sh
lvmrd=$out/rd-lvm.stage
stage_image "$lvmrd"
copy_bin "$lvmrd" /usr/sbin/lvm
copy_bin "$lvmrd" /usr/sbin/pdata_tools
ln -s pdata_tools "$lvmrd/usr/sbin/thin_check"
lvm_conf "$lvmrd/etc/lvm/lvm.conf" /usr/sbin thin_check
cp "$top/tests/bench/lvm-init.sh" "$lvmrd/init"
chmod 755 "$lvmrd/init"
{ cat "$here/cache/$kver/modules.cpio"; pack "$lvmrd"; } >"$out/rd-lvm.cpio"
rm -rf "$lvmrd"

data=$out/data
{
	echo "size_bin minidm bytes=$(bytes "$minidm")"
	# shellcheck disable=SC2046
	echo "size_bin dmsetup bytes=$(bytes /usr/sbin/dmsetup $(libs /usr/sbin/dmsetup))"
	# shellcheck disable=SC2046
	echo "size_bin lvm bytes=$(bytes /usr/sbin/lvm $(libs /usr/sbin/lvm))"
	# shellcheck disable=SC2046
	echo "size_bin lvmthin bytes=$(bytes /usr/sbin/lvm /usr/sbin/pdata_tools $(libs /usr/sbin/lvm /usr/sbin/pdata_tools))"
	for t in minidm lvm; do
		zstd -q -19 -f -o "$out/rd-$t.cpio.zst" "$out/rd-$t.cpio"
		gzip -9 -c "$out/rd-$t.cpio" >"$out/rd-$t.cpio.gz"
		echo "size_rd $t bytes=$(bytes "$out/rd-$t.cpio") zst=$(bytes "$out/rd-$t.cpio.zst") gz=$(bytes "$out/rd-$t.cpio.gz")"
	done
} >"$data"

# ---- the guest: 7 disks (see tests/bench/guest.sh)
set -- vda:1G vdb:1G vdc:8M vdd:256M vde:8M vdf:64M vdg:256M
drives=
for d in "$@"; do
	truncate -s "${d#*:}" "$out/${d%%:*}.img"
	drives="$drives -drive file=$out/${d%%:*}.img,format=raw,if=none,id=${d%%:*},cache=unsafe -device virtio-blk-pci,drive=${d%%:*},serial=${d%%:*}"
done
# vdh, vdi: the flat-metadata VGs (flat0, flatn), in the guest only
flatdrives=
for d in vdh vdi; do
	truncate -s 1G "$out/$d.img"
	flatdrives="$flatdrives -drive file=$out/$d.img,format=raw,if=none,id=$d,cache=unsafe -device virtio-blk-pci,drive=$d,serial=$d"
done
mem=3072
# boot NAME INITRD TIMEOUT APPEND [DRIVES]: one QEMU boot, console in
# $out/NAME.log, with the 7 disks and DRIVES
boot() {
	# shellcheck disable=SC2086  # drives: one word per option
	timeout -k 5 "$3" qemu-system-x86_64 -accel tcg -m $mem -nodefaults -display none -no-reboot \
		-kernel "$kernel" -initrd "$2" $drives ${5:-} -device virtio-rng-pci \
		-serial "file:$out/$1.log" -append "console=ttyS0 quiet loglevel=4 no_timer_check panic=-1 oops=panic $4" \
		</dev/null >"$out/$1.qemu" 2>&1 || echo "bench: $1: qemu exit $? (see $out/$1.log)"
	tr -d '\r' <"$out/$1.log" | sed -n 's/^.*@@BENCH //p' >>"$data"
}
echo "bench: guest running (kernel $release, TCG, $mem MiB; the full run takes several minutes)"
t0=$(date +%s)
boot guest "$out/guest.cpio" 1500 "minidm.test=bench minidm.boot=1 minidm.disks=$(($# + 2))" "$flatdrives"
echo "bench: guest done in $(($(date +%s) - t0)) s"
if grep -q '^end$' "$data" && grep -q '^phase provision' "$data" && ! grep -q '^error provision' "$data"; then
	echo "bench: $boots boots of each thin-root initramfs, alternating"
	i=1
	while [ $i -le $boots ]; do
		boot boot-minidm-$i "$out/rd-minidm.cpio" 120 \
			"root=/dev/bt/root rootfstype=ext4 ro minidm.test=benchroot minidm.disks=0 bench.tool=minidm"
		boot boot-lvm-$i "$out/rd-lvm.cpio" 120 \
			"root=/dev/bt/root rootfstype=ext4 ro rd.lvm.vg=bt minidm.test=benchroot minidm.disks=0 bench.tool=lvm"
		i=$((i + 1))
	done
elif grep -q '^end$' "$data" && ! grep -q '^phase provision' "$data"; then
	echo "bench: no boot checks (PHASES without activation: the boots need its volumes)"
else
	echo "error boot -: the guest did not finish or could not provision the volumes; no boot checks" >>"$data"
fi

# ---- the table
load=$(cut -d' ' -f1-3 /proc/loadavg)
{
	echo "info host $(nproc) cores, load average $load at the end, $(qemu-system-x86_64 --version | head -n 1)"
	echo "info commit $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "info elapsed $(($(date +%s) - start))"
} >>"$data"
awk -f "$top/tests/bench/table.awk" "$data" >"$table"
cat "$table"
echo "bench: table in ${table#"$top"/}, raw figures in ${data#"$top"/}"
