#!/bin/sh
# disks: 4 1G
# boots: 2
# timeout: 120
# cost: 8
# Smoke: the kernel, the harness, minidm and the peers work; a disk keeps
# what boot 1 wrote.
. "$(dirname "$0")/lib.sh"

marker="minidm smoke marker"

# /dev/mapper/control: devtmpfs makes it when dm-mod loads; else mknod it
control() {
	[ -c /dev/mapper/control ] && return 0
	mkdir -p /dev/mapper
	mknod /dev/mapper/control c $(tr : ' ' </sys/class/misc/device-mapper/dev)
}

# loop FILE: attach FILE to a free loop device, check it is there, detach it
loop() {
	dev=$(losetup -f) && losetup "$dev" "$1" && [ -b "$dev" ] &&
		[ "$(blockdev --getsize64 "$dev")" = "$(stat -c %s "$1")" ] && losetup -d "$dev"
}

echo "kernel $(uname -r), boot $MINIDM_BOOT"
check "dm-mod loaded, /dev/mapper/control" control

if [ "$MINIDM_BOOT" = 1 ]; then
	check "minidm version" minidm version
	minidm version 2>&1 | sed 's/^/minidm version: /'
	for i in 0 1 2 3; do
		check "disk $i is $(disk "$i"), 1 GiB" \
			test "$(blockdev --getsize64 "$(disk "$i")")" = 1073741824
		check_eq "disk $i serial" "disk$i" "$(cat "/sys/block/$(basename "$(disk "$i")")/serial")"
	done
	check_eq "fresh disk reads zeros" "$(head -c 65536 /dev/zero | md5sum | cut -d' ' -f1)" \
		"$(sum "$(disk 0)" 65536)"
	check_eq "garbage is the fixed file" "$(sum /garbage)" "$(garbage 4194304 | md5sum | cut -d' ' -f1)"
	check_eq "garbage N SKIP" "$(garbage 100 4194300 | md5sum | cut -d' ' -f1)" \
		"$({ tail -c 4 /garbage; head -c 96 /garbage; } | md5sum | cut -d' ' -f1)"
	check "dmsetup (Debian) version" /peer/dmsetup version
	/peer/dmsetup version 2>&1 | sed 's/^/dmsetup version: /'
	targets=$(/peer/dmsetup targets | cut -d' ' -f1 | sort | tr '\n' ' ')
	for t in linear striped error zero flakey thin-pool thin cache snapshot; do
		check "target $t registered" sh -c "echo ' $targets' | grep -q ' $t '"
	done
	check "thin_check -V" /peer/thin_check -V
	check "cache_check -V" /peer/cache_check -V
	check "lvm version" /peer/lvm version
	truncate -s 16M /tmp/loop.img
	check "loop device on /tmp file" loop /tmp/loop.img
	check "write marker to $(disk 0)" sh -c "printf '%s\n' '$marker' | dd of=$(disk 0) conv=fsync 2>/dev/null"
	check "dm_clean" dm_clean
else
	check_eq "marker from boot 1 still on $(disk 0)" "$marker" "$(head -n 1 "$(disk 0)")"
fi
