#!/bin/sh
# Build an initramfs for the test kernel with dracut and minidm's dracut
# module, as a machine with dracut and minidm installed would (make install
# puts the module in /usr/lib/dracut/modules.d/90minidm/).
#
#   qemu/mkdracut.sh [--kver 6.1|6.12] [--conf FILE] [--lvm-root VG/LV] MINIDM OUTPUT
#
# --lvm-root: minidm in place of dracut's lvm module for that LV: exports
# MINIDM_LVM_ROOT (the module installs its target modules and 56-lvm.rules)
# and omits lvm (omit_dracutmodules+=" lvm ", as a user would).
# Nothing on the host changes: dracut reads the kernel's modules from
# qemu/cache/<kver>/ (--kmoddir) and its own modules from a private copy of
# /usr/lib/dracut (symlinks) with 90minidm added; host configs are ignored.
# Not host-only: the modules are base, rootfs-block, udev-rules, dm (dmsetup
# and Debian's dm rules) and minidm, plus the virtio drivers; dracut's own
# shell init (no systemd in the image).  Compressed with lz4 at level 1:
# dracut's default, gzip -9, took 5 s of each build and 0.4 s of each boot.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
kver=6.1 conf= lvm_root=
usage() { echo "usage: $0 [--kver 6.1|6.12] [--conf FILE] [--lvm-root VG/LV] MINIDM OUTPUT" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=$2; shift 2 ;;
	--conf) conf=$2; shift 2 ;;
	--lvm-root) lvm_root=$2; shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || usage
minidm=$(realpath "$1") out=$2
command -v dracut >/dev/null || { echo "mkdracut: no dracut (apt-get install dracut-core)" >&2; exit 1; }
sh "$here/fetch-kernel.sh" --kver "$kver" >/dev/null
cache=$here/cache/$kver
release=$(cat "$cache/release")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=$work/dracut
mkdir -p "$base/modules.d" "$work/conf.d"
for f in /usr/lib/dracut/*; do
	[ "${f##*/}" = modules.d ] || ln -s "$f" "$base/"
done
for m in /usr/lib/dracut/modules.d/*; do
	ln -s "$m" "$base/modules.d/"
done
cp -r "$top/initramfs/dracut/90minidm" "$base/modules.d/"
[ -z "$lvm_root" ] || echo 'omit_dracutmodules+=" lvm "' >"$work/conf.d/minidm.conf"
dracutbasedir=$base MINIDM=$minidm MINIDM_CONF=${conf:-/nonexistent} MINIDM_LVM_ROOT=$lvm_root \
	dracut --quiet --conf /dev/null --confdir "$work/conf.d" --force \
	--kver "$release" --kmoddir "$cache/lib/modules/$release" \
	--no-hostonly --no-hostonly-cmdline \
	--modules "base rootfs-block udev-rules dm minidm" \
	--add-drivers "virtio_pci virtio_blk" --filesystems ext4 --compress "lz4 -l -1" \
	"$out.tmp"
mv "$out.tmp" "$out"
echo "mkdracut: $out ($(($(stat -c %s "$out") / 1024)) KiB, kernel $release)"
