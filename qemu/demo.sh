#!/bin/sh
# make demo: the main job, end to end on a real kernel.
#   boot 1 (provisioning): make a thin pool and a thin volume on two blank
#          disks and put a small busybox root file system on the volume;
#   boot 2 (the product):  initramfs/init runs `minidm activate` with
#          /etc/minidm.conf, mounts root=/dev/mapper/root and switch_roots
#          into it; the root's init prints a banner with
#          `minidm thin-pool status` and powers off.
#   qemu/demo.sh [--kver 6.1|6.12]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
kver=6.1
[ "${1:-}" = --kver ] && kver=$2
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
minidm thin-pool status pool
minidm thin status root
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
for m in $(cat /etc/modules); do modprobe -q "$m"; done
trap 'echo "demo: provisioning failed"; poweroff -f' EXIT
set -e
echo "demo: provisioning a thin pool on /dev/vda (metadata) and /dev/vdb (data)"
minidm thin-pool create pool --meta /dev/vda --data /dev/vdb
minidm thin create root --pool pool --id 1 --size 256MiB --new
mke2fs -q -L root /dev/mapper/root >/dev/null
mount /dev/mapper/root /mnt
mkdir -p /mnt/dev /mnt/proc /mnt/sys /mnt/run /mnt/tmp /mnt/etc
cp -a /rootfiles/. /mnt/
. /qemu-lib.sh
stage_busybox /mnt
umount /mnt
minidm thin-pool status pool
minidm remove root
minidm thin-pool remove pool
echo "demo: provisioned"
sync
trap - EXIT
poweroff -f
PROV
chmod 755 "$prov/provision"
cp "$here/lib.sh" "$prov/qemu-lib.sh"    # stage_busybox
sh "$here/mkbootrd.sh" --kver "$kver" --init "$prov/provision" --add "$prov" "$minidm" "$out/provision.cpio"

cat >"$out/minidm.conf" <<'CONF'
# /etc/minidm.conf: the thin root (made by the provisioning boot)
thin-pool create pool --meta /dev/vda --data /dev/vdb
thin create root --pool pool --id 1 --size 256MiB
CONF
sh "$here/mkbootrd.sh" --kver "$kver" --conf "$out/minidm.conf" "$minidm" "$out/boot.cpio"

rm -f "$out/meta.img" "$out/data.img"
truncate -s 64M "$out/meta.img"
truncate -s 1G "$out/data.img"
qemu() {
	timeout -k 5 180 qemu-system-x86_64 -accel tcg -m 512 -nodefaults -display none \
		-no-reboot -serial stdio -kernel "$kernel" -initrd "$1" \
		-drive "file=$out/meta.img,format=raw,if=none,id=m,cache=unsafe" -device virtio-blk-pci,drive=m \
		-drive "file=$out/data.img,format=raw,if=none,id=d,cache=unsafe" -device virtio-blk-pci,drive=d \
		-append "console=ttyS0 quiet loglevel=4 panic=-1 $2" </dev/null | tr -d '\r' | tee -a "$out/console.log"
}
: >"$out/console.log"
echo "=== boot 1: provisioning ==="
qemu "$out/provision.cpio" "rdinit=/provision"
echo "=== boot 2: initramfs/init + minidm activate + switch_root ==="
qemu "$out/boot.cpio" "root=/dev/mapper/root rootfstype=ext4 ro"
grep -q "this is the real root, on a thin volume" "$out/console.log" &&
	grep -q "minidm: root: activated in" "$out/console.log" ||
	{ echo "demo: FAILED (see $out/console.log)"; exit 1; }
echo "demo: OK: booted to a root file system on a thin volume activated by minidm"
