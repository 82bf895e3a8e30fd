#!/bin/sh
# Unpack the kernel's ELF image from its bzImage for the test guests:
#
#   qemu/vmlinux.sh KVER      qemu/cache/KVER/vmlinuz -> qemu/cache/KVER/vmlinux
#
# QEMU boots an ELF kernel through its PVH entry point (CONFIG_PVH): no
# real-mode setup and no decompression of the kernel, which each boot of
# the bzImage does under TCG (about 0.35 s of the 6.1 kernel's 2.6 s to an
# empty /init).  The payload's format is the one the kernel's config names
# (CONFIG_KERNEL_LZ4, _ZSTD, _XZ, _GZIP), unpacked from its first magic on
# by the host's tool; the result is kept only if it is a whole ELF file.
# Anything else (no PVH, no such tool, another format) leaves no vmlinux,
# and run-scenario.sh boots vmlinuz as before.  Never fails.
kver=$1
here=$(cd "$(dirname "$0")" && pwd)
dest=$here/cache/$kver
[ ! -f "$dest/vmlinux" ] || exit 0
grep -q '^CONFIG_PVH=y' "$dest/config" 2>/dev/null || exit 0
case $(grep -o '^CONFIG_KERNEL_[A-Z0-9]*=y' "$dest/config") in
CONFIG_KERNEL_LZ4=y) magic='\x02\x21\x4c\x18' tool="lz4 -dc" ;;
CONFIG_KERNEL_ZSTD=y) magic='\x28\xb5\x2f\xfd' tool="zstd -dcq" ;;
CONFIG_KERNEL_XZ=y) magic='\xfd\x37\x7a\x58\x5a\x00' tool="xz -dcq" ;;
CONFIG_KERNEL_GZIP=y) magic='\x1f\x8b\x08' tool="gzip -dc" ;;
*) exit 0 ;;
esac
command -v "${tool%% *}" >/dev/null || exit 0
off=$(LC_ALL=C grep -obUaP "$magic" "$dest/vmlinuz" 2>/dev/null | head -n 1 | cut -d: -f1)
[ -n "$off" ] || exit 0
# (the decompressors stop at the payload's end and complain of what follows)
tail -c +"$((off + 1))" "$dest/vmlinuz" | $tool >"$dest/vmlinux.tmp" 2>/dev/null
# whole: the ELF magic, and the section headers (the file's end) all there
u() { od -An -t "u$1" -j "$2" -N "$1" "$dest/vmlinux.tmp" | tr -d ' '; }
if [ "$(head -c 4 "$dest/vmlinux.tmp" | od -An -c | tr -d ' ')" = '177ELF' ] &&
   [ "$(stat -c %s "$dest/vmlinux.tmp")" -ge $(($(u 8 40) + $(u 2 58) * $(u 2 60))) ]; then
	mv "$dest/vmlinux.tmp" "$dest/vmlinux"
	echo "vmlinux: $kver: qemu/cache/$kver/vmlinux ($(($(stat -c %s "$dest/vmlinux") / 1048576)) MiB, booted through PVH)"
else
	rm -f "$dest/vmlinux.tmp"
fi
exit 0
