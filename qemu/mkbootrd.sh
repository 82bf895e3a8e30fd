#!/bin/sh
# Build a boot initramfs the way an appliance would ship one: busybox, the
# static minidm, initramfs/init as /init, the dm modules (/etc/modules lists
# what /init loads) and an optional /etc/minidm.conf.
#
#   qemu/mkbootrd.sh [--kver 6.1|6.12] [--conf FILE] [--init FILE] [--add DIR] MINIDM OUTPUT
# --add DIR copies DIR's contents over the image (extra files for a test).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/lib.sh"
kver=6.1 conf= init=$top/initramfs/init add=
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=$2; shift 2 ;;
	--conf) conf=$2; shift 2 ;;
	--init) init=$2; shift 2 ;;
	--add) add=$2; shift 2 ;;
	-*) echo "usage: $0 [--kver K] [--conf FILE] [--init FILE] [--add DIR] MINIDM OUTPUT" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || { echo "usage: $0 [--kver K] [--conf FILE] [--init FILE] [--add DIR] MINIDM OUTPUT" >&2; exit 2; }
minidm=$1 out=$2
sh "$here/mkinitramfs.sh" --kver "$kver" --parts >/dev/null
stage=$out.stage
rm -rf "$stage"
stage_image "$stage"
cp "$minidm" "$stage/sbin/minidm"
cp "$init" "$stage/init"
chmod 755 "$stage/init"
[ -z "$conf" ] || cp "$conf" "$stage/etc/minidm.conf"
[ -z "$add" ] || cp -a "$add/." "$stage/"
{
	cat "$here/cache/$kver/modules.cpio"
	pack "$stage"
} >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$stage"
echo "mkbootrd: $out ($(($(stat -c %s "$out") / 1024)) KiB)"
