#!/bin/sh
# sstrip.sh FILE - cut a static ELF64 executable down to what the kernel
# loads: the program headers' segments.  The section headers and the
# non-loaded sections after them (.shstrtab) are for tools such as
# objdump, which read build/minidm.elf instead; they are about 1 KiB.
# Leaves FILE as it is unless it is 64-bit and its section headers lie
# past every segment.
f=$1
[ -f "$f" ] || { echo "usage: sstrip.sh FILE" >&2; exit 2; }
[ "$(od -An -tx1 -j4 -N1 "$f" | tr -d ' ')" = 02 ] || exit 0
end=0
for seg in $(readelf -lW "$f" | awk '$1 == "LOAD" { print $2 "+" $5 }'); do
	e=$(( $seg ))
	[ "$e" -gt "$end" ] && end=$e
done
shoff=$(readelf -hW "$f" | awk '/Start of section headers/ { print $5 }')
[ "$end" -gt 0 ] && [ "$shoff" -ge "$end" ] || exit 0
# e_shoff (8 bytes at 40), e_shnum and e_shstrndx (2 each at 60)
printf '\0\0\0\0\0\0\0\0' | dd of="$f" bs=1 seek=40 conv=notrunc 2>/dev/null
printf '\0\0\0\0' | dd of="$f" bs=1 seek=60 conv=notrunc 2>/dev/null
truncate -s "$end" "$f"
