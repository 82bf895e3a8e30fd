#!/bin/sh
# Fetch Debian's cloud kernel with `apt-get download` (nothing is installed)
# and unpack it into qemu/cache/<kver>/: vmlinuz, config, lib/modules/<release>/
# (plain .ko files, depmod run) and a file `release`.  Idempotent.
#
#   qemu/fetch-kernel.sh [--kver 6.1|6.12]
set -eu

kver=6.1
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=$2; shift 2 ;;
	*) echo "usage: $0 [--kver 6.1|6.12]" >&2; exit 2 ;;
	esac
done
case $kver in
6.1) meta=linux-image-cloud-amd64 ;;
6.12) meta=linux-image-6.12-cloud-amd64 ;;
*) echo "fetch-kernel: unknown kver '$kver' (6.1 or 6.12)" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
dest=$here/cache/$kver

if [ -f "$dest/vmlinuz" ] && [ -f "$dest/release" ] && [ -f "$dest/config" ] &&
   [ -f "$dest/lib/modules/$(cat "$dest/release")/modules.dep" ]; then
	echo "fetch-kernel: $kver: have $(cat "$dest/release") in qemu/cache/$kver"
	exit 0
fi

# resolve: the concrete kernel package the meta-package depends on (exactly one)
resolve() {
	apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*-cloud-amd64\)$/\1/p' | head -n 1
}
# download: that package into $dest/deb
download() {
	rm -rf "$dest"
	mkdir -p "$dest/deb" "$dest/root"
	(cd "$dest/deb" && apt-get download -q "$pkg" 2>&1) | { grep -v '^W: Download is performed unsandboxed' || true; }
	deb=$(ls "$dest"/deb/*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ]
}
# apt's package lists may be missing or out of date (a fresh machine, a
# kernel that security updates replaced): root updates them once and retries
updated=false
update() {
	! $updated && [ "$(id -u)" = 0 ] || return 1
	echo "fetch-kernel: apt-get update"
	apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null || return 1
	updated=true
}
pkg=$(resolve)
if [ -z "$pkg" ] && update; then
	pkg=$(resolve)
fi
if [ -z "$pkg" ]; then
	echo "fetch-kernel: cannot resolve $meta (as root: apt-get update)" >&2
	exit 1
fi
if ! download && update; then
	pkg=$(resolve)
	download || true
fi
if [ -z "$deb" ]; then
	echo "fetch-kernel: apt-get download $pkg failed" >&2
	exit 1
fi
dpkg-deb -x "$deb" "$dest/root"

# bookworm ships /lib/modules; a merged-/usr package would use /usr/lib/modules.
vmlinuz=$(ls "$dest"/root/boot/vmlinuz-* 2>/dev/null | head -n 1)
moddir=$(ls -d "$dest"/root/lib/modules/* "$dest"/root/usr/lib/modules/* 2>/dev/null | head -n 1)
if [ -z "$vmlinuz" ] || [ -z "$moddir" ]; then
	echo "fetch-kernel: $pkg has no /boot/vmlinuz or no modules" >&2
	exit 1
fi
release=$(basename "$moddir")

mv "$vmlinuz" "$dest/vmlinuz"
# the kernel's config: Debian's mkinitramfs reads /boot/config-<release>
mv "$dest"/root/boot/config-* "$dest/config"
mkdir -p "$dest/lib/modules"
mv "$moddir" "$dest/lib/modules/$release"
rm -rf "$dest/root"

# 6.12 ships .ko.xz; busybox modprobe wants plain .ko.
nxz=$(find "$dest/lib/modules/$release" -name '*.ko.xz' | wc -l)
if [ "$nxz" -gt 0 ]; then
	find "$dest/lib/modules/$release" -name '*.ko.xz' -exec xz -d {} +
fi
depmod -b "$dest" "$release"
echo "$release" >"$dest/release"
rm -rf "$dest/deb"

nko=$(find "$dest/lib/modules/$release" -name '*.ko' | wc -l)
echo "fetch-kernel: $kver: fetched $(basename "$deb")"
echo "fetch-kernel: $kver: release $release, $nko modules ($nxz were .ko.xz), qemu/cache/$kver/vmlinuz"
