#!/bin/sh
# Build an initramfs for the test kernel with Debian's own mkinitramfs
# (initramfs-tools) and minidm's hook + local-top script, as a Debian
# machine with minidm installed would (make install puts them in
# /usr/share/initramfs-tools/).
#
#   qemu/mkinitramfs-tools.sh [--kver 6.1|6.12] [--conf FILE] [--lvm-omit]
#                             [--lvm-root VG/LV] MINIDM OUTPUT
#
# --lvm-omit writes conf.d/minidm with MINIDM_LVM=omit (the hook takes the
# lvm2 and thin-provisioning-tools hooks' files out again); --lvm-root
# exports MINIDM_LVM_ROOT (the LV the image must activate: its modules).
# The last line gives the image's size, lz4 and uncompressed cpio.
# mkinitramfs reads modules from /lib/modules/<release> and the kernel's
# config from /boot/config-<release>: for the build they are symlinks to
# qemu/cache/<kver>/, removed again when it ends (a lock keeps two builds
# apart; a host that has that kernel's files for real is refused).  The
# config dir is private: MODULES=list (virtio, plus what the hooks add),
# BUSYBOX=y, COMPRESS=lz4 at level 1 (gzip took 4 s of each build, and
# its unpacking 0.4 s of each boot under emulation), FSTYPE="ext2 ext4"
# (the fsck the test roots need); the host's other hooks run as they
# would (udev, dmsetup with Debian's dm rules, lvm2, busybox, ...).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
kver=6.1 conf= lvm_omit=false lvm_root=
usage() { echo "usage: $0 [--kver 6.1|6.12] [--conf FILE] [--lvm-omit] [--lvm-root VG/LV] MINIDM OUTPUT" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=$2; shift 2 ;;
	--conf) conf=$2; shift 2 ;;
	--lvm-omit) lvm_omit=true; shift ;;
	--lvm-root) lvm_root=$2; shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || usage
minidm=$(realpath "$1") out=$2
command -v mkinitramfs >/dev/null ||
	{ echo "mkinitramfs-tools: no mkinitramfs (apt-get install initramfs-tools-core)" >&2; exit 1; }
sh "$here/fetch-kernel.sh" --kver "$kver" >/dev/null
cache=$here/cache/$kver
release=$(cat "$cache/release")
mods=/lib/modules/$release cfg=/boot/config-$release

exec 9>"$here/cache/host-kernel.lock"
flock 9
for f in "$mods" "$cfg"; do
	if [ -e "$f" ] || [ -L "$f" ]; then
		echo "mkinitramfs-tools: $f exists on this host: not touching it" >&2
		exit 1
	fi
done
work=$(mktemp -d)
made=          # directories this build made, removed again when empty
for d in /lib/modules /boot; do
	[ -d "$d" ] || { mkdir "$d"; made="$d $made"; }
done
cleanup() {
	rm -f "$mods" "$cfg"
	rm -rf "$work"
	for d in $made; do rmdir "$d" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 1' INT TERM
ln -s "$cache/lib/modules/$release" "$mods"
ln -s "$cache/config" "$cfg"

confdir=$work/conf
mkdir -p "$confdir/hooks" "$confdir/scripts/local-top" "$confdir/conf.d"
cat >"$confdir/initramfs.conf" <<'CONF'
MODULES=list
BUSYBOX=y
COMPRESS=lz4
COMPRESSLEVEL=1
KEYMAP=n
RUNSIZE=10%
FSTYPE="ext2 ext4"
CONF
printf '%s\n' virtio_pci virtio_blk ext4 >"$confdir/modules"
cp "$top/initramfs/initramfs-tools/hooks/minidm" "$confdir/hooks/"
cp "$top/initramfs/initramfs-tools/scripts/local-top/minidm" "$confdir/scripts/local-top/"
! $lvm_omit || echo MINIDM_LVM=omit >"$confdir/conf.d/minidm"
MINIDM=$minidm MINIDM_CONF=${conf:-/nonexistent} MINIDM_LVM_ROOT=$lvm_root \
	mkinitramfs -d "$confdir" -o "$out.tmp" "$release"
mv "$out.tmp" "$out"
# lz4, the only compression (COMPRESS=lz4, no early cpio)
echo "mkinitramfs-tools: $out ($(($(stat -c %s "$out") / 1024)) KiB lz4, $(($(lz4cat "$out" | wc -c) / 1024)) KiB cpio, kernel $release)"
