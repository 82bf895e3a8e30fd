#!/bin/sh
# Remake tests/unit/data/lvm/ from Debian's real lvm in a guest: runs the
# scenario tests/vm/capture-lvm.sh (kernel KVER, default 6.1; no number in
# its name: not one of make check's scenarios), then keeps
#   capture.txt   the scenario's "@@CAP TAG: line" console lines (lvm's
#                 dmsetup tables and infos, its messages), "TAG: line"
#   vdX.ext       of each disk, the bytes the LVM reader looks at: the label
#                 sector, each metadata area's header and its committed
#                 text (or the whole area when it is small), as extents
#                 { u64le offset, u64le length, bytes } one after another
#
#   sh tests/lvm-capture.sh [KVER [DIR]]  (needs ./minidm: make first)
# DIR (default tests/unit/data/lvm) receives the files.
set -eu
kver=${1:-6.1}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/qemu/out/$kver/capture-lvm
data=${2:-$top/tests/unit/data/lvm}

sh "$top/qemu/fetch-kernel.sh" --kver "$kver" &&
	sh "$top/qemu/mkinitramfs.sh" --kver "$kver" "$top/minidm" "$top/qemu/out/$kver/initrd.cpio" &&
	sh "$top/qemu/run-scenario.sh" "$kver" capture-lvm || true

mkdir -p "$data"
tr -d '\r' <"$out/boot1.log" | sed -n 's/^@@CAP //p' >"$data/capture.txt"
for img in "$out"/disk*.img; do
	n=${img##*/disk}
	n=${n%.img}
	dev=vd$(echo abcdefgh | cut -c $((n + 1)))
	python3 - "$img" "$data/$dev.ext" <<-'EOF'
	import struct, sys
	img, dst = sys.argv[1], sys.argv[2]
	f = open(img, 'rb')
	head = f.read(4096)
	ext = []
	for s in range(4):
	    sec = head[s * 512:(s + 1) * 512]
	    if sec[:8] == b'LABELONE':
	        ext.append((s * 512, sec))
	        break
	else:
	    sys.exit(0)
	off = struct.unpack_from('<I', sec, 20)[0]
	p = off + 32 + 8
	lists = [[], []]
	for l in lists:
	    while True:
	        o, z = struct.unpack_from('<QQ', sec, p)
	        p += 16
	        if o == 0:
	            break
	        l.append((o, z))
	for start, size in lists[1]:
	    f.seek(start)
	    if size <= 64 * 1024:
	        ext.append((start, f.read(size)))
	        continue
	    hdr = f.read(512)
	    ext.append((start, hdr))
	    o, z = struct.unpack_from('<QQ', hdr, 40)
	    if z == 0:
	        continue
	    first = min(z, size - o)
	    f.seek(start + o)
	    ext.append((start + o, f.read(first)))
	    if first < z:
	        f.seek(start + 512)
	        ext.append((start + 512, f.read(z - first)))
	with open(dst, 'wb') as w:
	    for o, b in ext:
	        w.write(struct.pack('<QQ', o, len(b)) + b)
	EOF
done
ls -l "$data"
