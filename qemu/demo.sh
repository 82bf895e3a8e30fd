#!/bin/sh
# make demo: the main job, end to end on a real kernel.
#   boot 1 (provisioning): Debian's lvm makes a volume group on two blank
#          disks, a thin pool and a thin LV "root", and a small busybox
#          root file system goes on it;
#   boot 2 (the product):  initramfs/init (no lvm in it) runs `minidm
#          activate`, which reads root=/dev/vg/root, finds the PVs and
#          brings the LV up from the LVM metadata; /init mounts it and
#          switch_roots into it; the root's init prints a banner with
#          `minidm thin status` and powers off.
# --scene thin: the same with a thin pool and volume that minidm itself
# makes, described in /etc/minidm.conf instead of LVM metadata.
#   qemu/demo.sh [--kver 6.1|6.12] [--scene lvm|thin]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
kver=6.1 scene=lvm
while [ $# -ge 2 ]; do
	case $1 in
	--kver) kver=$2 ;;
	--scene) scene=$2 ;;
	*) echo "usage: $0 [--kver 6.1|6.12] [--scene lvm|thin]" >&2; exit 2 ;;
	esac
	shift 2
done
case $scene in lvm|thin) ;; *) echo "demo: --scene lvm or thin" >&2; exit 2 ;; esac
out=$here/out/demo-$kver
minidm=$top/minidm
mkdir -p "$out"
sh "$here/need.sh" demo
sh "$here/fetch-kernel.sh" --kver "$kver"
kernel=$here/cache/$kver/vmlinuz

# the root file system's files: busybox, minidm and an init that shows off
rootfiles=$out/rootfiles
rm -rf "$rootfiles"
mkdir -p "$rootfiles/sbin" "$rootfiles/etc"
cat >"$rootfiles/sbin/init" <<'ROOTINIT'
#!/bin/sh
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
echo
echo "=== minidm demo: this is the real root, on a thin volume ==="
grep ' / ' /proc/mounts
minidm ls --tree
for d in $(minidm ls | cut -f1); do
	case $(minidm table "$d" | cut -d' ' -f3) in
	thin) minidm thin status "$d" ;;
	thin-pool) minidm thin-pool status "$d" ;;
	esac
done
echo "=== minidm demo: done, powering off ==="
sync
poweroff -f
ROOTINIT
chmod 755 "$rootfiles/sbin/init"
cp "$minidm" "$rootfiles/sbin/minidm"

# boot 1: provisioning
prov=$out/provision
rm -rf "$prov"
mkdir -p "$prov/etc"
cp -a "$rootfiles" "$prov/rootfiles"
cat >"$prov/provision" <<'PROV'
#!/bin/sh
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mkdir -p /run/lock/lvm
for m in $(cat /etc/modules); do modprobe -q "$m"; done
trap 'echo "demo: provisioning failed"; poweroff -f' EXIT
# a provisioning boot normally ends in seconds; one that has not after 60 s
# leaves what each process waits for, and the blocked tasks, in the log
(
	sleep 60
	echo "demo: provisioning still running after 60 s; its processes (pid, state, waiting in: command):"
	for p in /proc/[0-9]*; do
		c=$(tr '\0' ' ' <$p/cmdline) && [ -n "$c" ] &&
			echo "${p#/proc/} $(cut -d' ' -f3 $p/stat) $(cat $p/wchan): $c"
	done 2>/dev/null
	echo w >/proc/sysrq-trigger
	dmesg | tail -n 60
) &
set -e
if [ -x /peer/lvm ]; then
	echo "demo: provisioning with lvm: VG vg on /dev/vda and /dev/vdb, thin pool vg/pool, thin LV vg/root"
	/peer/lvm pvcreate -qy /dev/vda /dev/vdb
	/peer/lvm vgcreate -q vg /dev/vda /dev/vdb
	/peer/lvm lvcreate -qy -L 512M -T vg/pool
	/peer/lvm lvcreate -qy -V 256M -T vg/pool -n root
	dev=/dev/mapper/vg-root
else
	echo "demo: provisioning a thin pool on /dev/vda (metadata) and /dev/vdb (data)"
	minidm thin-pool create pool --meta /dev/vda --data /dev/vdb
	minidm thin create root --pool pool --id 1 --size 256MiB --new
	dev=/dev/mapper/root
fi
mke2fs -q -L root $dev >/dev/null
mount $dev /mnt
mkdir -p /mnt/dev /mnt/proc /mnt/sys /mnt/run /mnt/tmp /mnt/etc
cp -a /rootfiles/. /mnt/
. /qemu-lib.sh
stage_busybox /mnt
umount /mnt
if [ -x /peer/lvm ]; then
	/peer/lvm lvs vg
	/peer/lvm vgchange -q -an vg
else
	minidm thin-pool status pool
	minidm remove root
	minidm thin-pool remove pool
fi
echo "demo: provisioned"
sync
trap - EXIT
poweroff -f
PROV
chmod 755 "$prov/provision"
cp "$here/lib.sh" "$prov/qemu-lib.sh"    # stage_busybox
if [ "$scene" = lvm ]; then        # Debian's lvm, for the provisioning only
	. "$here/lib.sh"
	copy_bin "$prov" "$(command -v lvm)" /peer/lvm
	lvm_conf "$prov/etc/lvm/lvm.conf" /nonexistent
fi
sh "$here/mkbootrd.sh" --kver "$kver" --init "$prov/provision" --add "$prov" "$minidm" "$out/provision.cpio"

if [ "$scene" = lvm ]; then        # nothing written down: the LVM metadata says it all
	sh "$here/mkbootrd.sh" --kver "$kver" "$minidm" "$out/boot.cpio"
	rootdev=/dev/vg/root activated="minidm: activate: vg-root: activated\|vg-root: activated"
else
	cat >"$out/minidm.conf" <<'CONF'
# /etc/minidm.conf: the thin root (made by the provisioning boot)
thin-pool create pool --meta /dev/vda --data /dev/vdb --existing
thin create root --pool pool --id 1 --size 256MiB
CONF
	sh "$here/mkbootrd.sh" --kver "$kver" --conf "$out/minidm.conf" "$minidm" "$out/boot.cpio"
	rootdev=/dev/mapper/root activated="minidm: root: activated in"
fi

# new_disks: the two blank disks, sparse
new_disks() {
	rm -f "$out/meta.img" "$out/data.img"
	truncate -s 64M "$out/meta.img"
	truncate -s 1G "$out/data.img"
}
new_disks
qemu() {
	timeout -k 5 180 qemu-system-x86_64 -accel tcg -m 512 -nodefaults -display none \
		-no-reboot -serial stdio -kernel "$kernel" -initrd "$1" \
		-drive "file=$out/meta.img,format=raw,if=none,id=m,cache=unsafe" -device virtio-blk-pci,drive=m \
		-drive "file=$out/data.img,format=raw,if=none,id=d,cache=unsafe" -device virtio-blk-pci,drive=d \
		-append "console=ttyS0 quiet loglevel=4 no_timer_check panic=-1 $2" </dev/null | tr -d '\r' | tee -a "$out/console.log"
}
: >"$out/console.log"
echo "=== boot 1: provisioning ==="
qemu "$out/provision.cpio" "rdinit=/provision"
if ! grep -q "^demo: provisioned" "$out/console.log"; then
	# (boot 1 is Debian's tools, not minidm; on a loaded host it once
	# stalled until the timeout: the log above says where)
	echo "demo: the provisioning boot did not finish (see $out/console.log); once more, on new disks"
	new_disks
	echo "=== boot 1 again: provisioning ==="
	qemu "$out/provision.cpio" "rdinit=/provision"
	grep -q "^demo: provisioned" "$out/console.log" ||
		{ echo "demo: FAILED: provisioning did not finish twice (see $out/console.log)"; exit 1; }
fi
echo "=== boot 2: initramfs/init + minidm activate + switch_root ==="
qemu "$out/boot.cpio" "root=$rootdev rootfstype=ext4 ro"
grep -q "this is the real root, on a thin volume" "$out/console.log" &&
	grep -q "$activated" "$out/console.log" ||
	{ echo "demo: FAILED (see $out/console.log)"; exit 1; }
if [ "$scene" = lvm ]; then
	echo "demo: OK: booted to a root on an LVM thin volume that lvm made and minidm activated (no lvm in the initramfs)"
else
	echo "demo: OK: booted to a root file system on a thin volume activated by minidm"
fi
