#!/bin/sh
# Build the test initramfs: an uncompressed newc cpio made of these parts
# that the kernel unpacks one after the other:
#   cache/peer.cpio          Debian's dmsetup, lvm, thin/cache tools, strace
#                            and their shared libraries under /peer (cached)
#   cache/<kver>/modules.cpio  dm, loop and virtio modules + depmod (cached)
#   cache/udev.cpio          systemd-udevd, udevadm and the block and dm rules
#                            (cached; when the host has udev installed)
#   base                     busybox, minidm, /init, /garbage, /tests (each time)
#
#   qemu/mkinitramfs.sh [--kver 6.1|6.12] MINIDM OUTPUT
#   qemu/mkinitramfs.sh [--kver 6.1|6.12] --parts   (only the cached parts)
set -eu

# Modules the guest loads at boot; their dependencies come along.
# Those built into a kernel (ext4 in both, virtio_pci in 6.12) are skipped.
MODULES="dm-mod dm-crypt dm-thin-pool dm-cache dm-cache-smq dm-flakey dm-zero
dm-snapshot dm-delay dm-mirror dm-writecache loop virtio_pci virtio_blk ext4"
PEERS="/usr/sbin/dmsetup /usr/sbin/lvm /usr/sbin/pdata_tools /usr/bin/strace"

kver=6.1
parts_only=false
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=$2; shift 2 ;;
	--parts) parts_only=true; shift ;;
	-*) echo "usage: $0 [--kver 6.1|6.12] MINIDM OUTPUT" >&2; exit 2 ;;
	*) break ;;
	esac
done
if ! $parts_only && [ $# -ne 2 ]; then
	echo "usage: $0 [--kver 6.1|6.12] MINIDM OUTPUT" >&2
	exit 2
fi
minidm=${1:-}
out=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
cache=$here/cache
self=$here/mkinitramfs.sh
lib=$here/lib.sh
. "$lib"

$parts_only || [ -x "$minidm" ] || { echo "mkinitramfs: $minidm: not an executable" >&2; exit 1; }
sh "$here/fetch-kernel.sh" --kver "$kver" >/dev/null
release=$(cat "$cache/$kver/release")

build_peer() {
	stage=$cache/peer.stage
	rm -rf "$stage"
	mkdir -p "$stage/peer"
	for bin in $PEERS; do
		[ -x "$bin" ] || continue
		copy_bin "$stage" "$bin" "/peer/${bin##*/}"
	done
	# glibc's C.UTF-8 locale, so that LANG=C.UTF-8 means UTF-8 to the peers
	if [ -d /usr/lib/locale/C.utf8 ]; then
		mkdir -p "$stage/usr/lib/locale"
		cp -a /usr/lib/locale/C.utf8 "$stage/usr/lib/locale/"
	fi
	# pdata_tools is multi-call: every Debian name that links to it
	for f in /usr/sbin/*; do
		if [ "$(readlink "$f")" = pdata_tools ]; then
			ln -s pdata_tools "$stage/peer/$(basename "$f")"
		fi
	done
	lvm_conf "$stage/etc/lvm/lvm.conf" /peer thin_check thin_dump thin_repair \
		cache_check cache_dump cache_repair
	pack "$stage" >"$cache/peer.cpio.tmp"
	mv "$cache/peer.cpio.tmp" "$cache/peer.cpio"
	rm -rf "$stage"
}

# systemd-udevd/udevadm (bookworm's udev) with the rules that matter for
# block and dm devices, Debian's dm rules (package dmsetup) and lvm2's
# 56-lvm.rules (/dev/VG/LV; not 69-lvm.rules, which runs lvm) included.  A
# scenario starts udevd itself; nothing runs it by default.
UDEV_BINS="/bin/udevadm"
UDEV_RULES="50-udev-default.rules 60-block.rules 60-persistent-storage.rules
55-dm.rules 56-lvm.rules 60-persistent-storage-dm.rules 95-dm-notify.rules 99-systemd.rules"
build_udev() {
	stage=$cache/udev.stage
	rm -rf "$stage"
	mkdir -p "$stage/lib/udev/rules.d" "$stage/lib/systemd" "$stage/etc/udev"
	for bin in $UDEV_BINS; do
		copy_bin "$stage" "$bin"
	done
	ln -s /bin/udevadm "$stage/lib/systemd/systemd-udevd"
	for r in $UDEV_RULES; do
		cp "/lib/udev/rules.d/$r" "$stage/lib/udev/rules.d/"
	done
	pack "$stage" >"$cache/udev.cpio.tmp"
	mv "$cache/udev.cpio.tmp" "$cache/udev.cpio"
	rm -rf "$stage"
}

build_modules() {
	stage=$cache/$kver/modules.stage
	src=$cache/$kver
	dst=$stage/lib/modules/$release
	rm -rf "$stage"
	mkdir -p "$dst" "$stage/etc"
	: >"$stage/etc/modules"
	builtin=
	for m in $MODULES; do
		deps=$(modprobe -d "$src" -S "$release" --show-depends "$m")
		case $deps in
		builtin*) builtin="$builtin $m"; continue ;;
		esac
		echo "$m" >>"$stage/etc/modules"
		echo "$deps" | sed -n "s|^insmod $src/lib/modules/$release/\([^ ]*\).*|\1|p" |
		while read -r ko; do
			mkdir -p "$dst/$(dirname "$ko")"
			cp "$src/lib/modules/$release/$ko" "$dst/$ko"
		done
	done
	echo "mkinitramfs: $kver: built in, not loaded:$builtin"
	cp "$src/lib/modules/$release"/modules.order "$src/lib/modules/$release"/modules.builtin* "$dst/"
	depmod -b "$stage" "$release"
	pack "$stage" >"$src/modules.cpio.tmp"
	mv "$src/modules.cpio.tmp" "$src/modules.cpio"
	rm -rf "$stage"
}

# 4 MiB from a fixed xorshift32 sequence: the same bytes on every host
build_garbage() {
	perl -e 'my $x = 2463534242; my $s = "";
		for (1 .. 1048576) {
			$x ^= ($x << 13) & 0xffffffff; $x ^= $x >> 17; $x ^= ($x << 5) & 0xffffffff;
			$s .= pack("V", $x);
		}
		print $s;' >"$cache/garbage.tmp"
	mv "$cache/garbage.tmp" "$cache/garbage"
}

build_base() {
	stage=$1
	rm -rf "$stage"
	stage_image "$stage"
	mkdir -p "$stage/tests"
	cp "$minidm" "$stage/sbin/minidm"
	cp "$here/guest-init.sh" "$stage/init"
	chmod 755 "$stage/init"
	cp "$cache/garbage" "$stage/garbage"
	cp "$top"/tests/vm/*.sh "$stage/tests/"
	# make_root (tests/vm/lib.sh) stages busybox with it
	cp "$lib" "$stage/tests/qemu-lib.sh"
	[ -d "$top/tests/vm/data" ] && cp -r "$top/tests/vm/data" "$stage/tests/"
	# the bad-input matrix and its runner (80-bad-input)
	mkdir -p "$stage/tests/bad"
	cp "$top/tests/bad/matrix" "$top/tests/bad/run.sh" "$stage/tests/bad/"
}

# stale: is FILE missing or older than this script or any of the rest of the args?
stale() {
	f=$1
	shift
	[ -f "$f" ] || return 0
	for dep in "$self" "$lib" "$@"; do
		[ "$dep" -nt "$f" ] && return 0
	done
	return 1
}

mkdir -p "$cache"
# shellcheck disable=SC2086
if stale "$cache/peer.cpio" $PEERS; then
	echo "mkinitramfs: building peer part"
	build_peer
fi
if [ -x /bin/udevadm ] && stale "$cache/udev.cpio" $UDEV_BINS; then
	echo "mkinitramfs: building udev part"
	build_udev
fi
if stale "$cache/$kver/modules.cpio" "$cache/$kver/release"; then
	echo "mkinitramfs: building $kver modules part"
	build_modules
fi
[ -f "$cache/garbage" ] || build_garbage
$parts_only && exit 0

mkdir -p "$(dirname "$out")"
base=$out.stage
build_base "$base"
{
	cat "$cache/peer.cpio" "$cache/$kver/modules.cpio"
	[ ! -f "$cache/udev.cpio" ] || cat "$cache/udev.cpio"
	pack "$base"
} >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$base"
echo "mkinitramfs: $out ($(($(stat -c %s "$out") / 1024)) KiB, kernel $release)"
