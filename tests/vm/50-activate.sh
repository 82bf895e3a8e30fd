#!/bin/sh
# disks: 3 256M
# timeout: 240
# cost: 12
# minidm activate: a config file with a thin pool and a thin volume,
# idempotence, --dry-run, a changed table, dm-mod.create= and
# dm-mod.waitfor=, PARTUUID=/PARTLABEL= members on a GPT disk, a member
# that appears late, and a missing member that times out.
. "$(dirname "$0")/lib.sh"

META=$(disk 0)
DATA=$(disk 1)
GPT=$(disk 2)
mm() { printf '%d:%d' "0x$(stat -L -c %t "$1")" "0x$(stat -L -c %T "$1")"; }
echo "console=ttyS0" >/tmp/cmdline.plain
mkdir -p /mnt

cat >/tmp/thin.conf <<CONF
# a thin root
thin-pool create pool --meta $META --data $DATA
thin create root --pool pool --id 1 --size 64MiB --new   # only the first time
CONF
check "first activation (creates thin id 1)" minidm activate --config /tmp/thin.conf --cmdline /tmp/cmdline.plain
check "root is there" test -b /dev/mapper/root
check "mkfs root" mke2fs -q /dev/mapper/root
before=$(minidm table)
minidm activate --config /tmp/thin.conf --cmdline /tmp/cmdline.plain >/tmp/out 2>&1
check_eq "second activation succeeds" 0 $?
check "second activation leaves them alone" grep -q "root: already active" /tmp/out
check_eq "no change" "$before" "$(minidm table)"
check "udev database entry for the hand-off" grep -q "E:DM_UDEV_PRIMARY_SOURCE_FLAG=1" /run/udev/data/b$(mm /dev/mapper/root)
# an activation cut short after a device's resume leaves it without its
# entry: the next activation writes a missing one, leaves one there alone
rm -f "/run/udev/data/b$(mm /dev/mapper/root)"
echo "E:KEPT=1" >"/run/udev/data/b$(mm /dev/mapper/pool)"
minidm activate --config /tmp/thin.conf --cmdline /tmp/cmdline.plain >/tmp/out 2>&1
check_eq "activation with an entry missing: exit 0" 0 $?
check "the missing entry written again (DM_NAME=root)" sh -c \
	"grep -qx 'E:DM_UDEV_PRIMARY_SOURCE_FLAG=1' /run/udev/data/b$(mm /dev/mapper/root) &&
	 grep -qx 'E:DM_NAME=root' /run/udev/data/b$(mm /dev/mapper/root)"
check_eq "an entry there left as it was" "E:KEPT=1" "$(cat "/run/udev/data/b$(mm /dev/mapper/pool)")"
check_eq "and no device changed" "$before" "$(minidm table)"
check "kmsg has the activation line" sh -c 'dmesg | grep -q "minidm: root: activated in"'
sed 's/--size 64MiB --new/--size 32MiB/' /tmp/thin.conf >/tmp/changed.conf
minidm activate --config /tmp/changed.conf --cmdline /tmp/cmdline.plain 2>/tmp/err; rc=$?
check_eq "a different table is an error" 1 "$rc"
check_eq "and the refusal changed no device" "$before" "$(minidm table)"
check "the error names both tables" sh -c "grep -q 'active: 0 131072 thin' /tmp/err && grep -q 'wanted: 0 65536 thin' /tmp/err"
check "teardown" sh -c 'minidm remove root && minidm thin-pool remove pool'
minidm activate --dry-run --config /tmp/thin.conf --cmdline /tmp/cmdline.plain >/tmp/dry 2>&1
check_eq "dry run of a pool and its thin: exit 0" 0 $?
check "dry run prints the pool's table" grep -q "^0 [0-9]* thin-pool $(mm $META) $(mm $DATA) 128 " /tmp/dry
# the pool it would make has no number yet: its name stands in
check "and the thin's, the pool by its name" grep -qx "0 131072 thin pool 1" /tmp/dry
check_eq "dry run made nothing" "No devices found" "$(minidm ls)"
# a member a dry run would make (a linear over the thin it would make) is
# never there: the dry run does not wait for it, unless --timeout says so
{ cat /tmp/thin.conf; echo "linear create over /dev/mapper/root:0:8"; } >/tmp/stack.conf
s0=$(cut -d. -f1 /proc/uptime)
check_exit 1 "dry run with a member it would make: exit 1" \
	minidm activate --dry-run --config /tmp/stack.conf --cmdline /tmp/cmdline.plain
s1=$(cut -d. -f1 /proc/uptime)
check "and names it at once (0 s, not the default timeout)" sh -c \
	"grep -q '/dev/mapper/root: not there after 0 s' /tmp/check.err && [ $((s1 - s0)) -lt 5 ]"
check "and printed the pool's and thin's tables first" grep -qx "0 131072 thin pool 1" /tmp/check.out
check_exit 1 "with --timeout 1 it waits that long" \
	minidm activate --dry-run --timeout 1 --config /tmp/stack.conf --cmdline /tmp/cmdline.plain
check "and says so" grep -q '/dev/mapper/root: not there after 1 s' /tmp/check.err
check_eq "the dry runs made nothing" "No devices found" "$(minidm ls)"
sed 's/ --new//' /tmp/thin.conf >/tmp/boot.conf
check "activation without --new reopens the existing thin" minidm activate --config /tmp/boot.conf --cmdline /tmp/cmdline.plain
check "its file system is there" sh -c 'mount -o ro /dev/mapper/root /mnt && umount /mnt'
check "minidm.ro activates read-only" sh -c 'minidm remove root && minidm thin-pool remove pool && echo "minidm.ro" >/tmp/cmdline.ro && minidm activate --config /tmp/boot.conf --cmdline /tmp/cmdline.ro'
check "read-only pool and volume" sh -c 'minidm thin-pool status pool --json | grep -q read_only && minidm info root | grep -q READ-ONLY'
minidm remove root; minidm thin-pool remove pool

# Cut short after each of its ioctls in turn (MINIDM_FAULT_AFTER: exit 99
# there, as a crash): the next activation completes it, with both udev
# database entries and both /dev/mapper entries.
k=1 bad= n=0
while [ $k -le 40 ]; do
	rm -rf /run/udev/data
	rc=0
	MINIDM_FAULT_AFTER=$k minidm activate --config /tmp/boot.conf --cmdline /tmp/cmdline.plain >/dev/null 2>&1 || rc=$?
	[ $rc = 0 ] && break
	[ $rc = 99 ] || { bad="$bad k=$k:rc=$rc"; break; }
	minidm activate --config /tmp/boot.conf --cmdline /tmp/cmdline.plain >/dev/null 2>&1 || bad="$bad k=$k:again"
	for d in pool root; do
		[ -b "/dev/mapper/$d" ] && grep -qx "E:DM_NAME=$d" "/run/udev/data/b$(mm /dev/mapper/$d)" ||
			bad="$bad k=$k:$d"
	done
	minidm remove root >/dev/null 2>&1; minidm thin-pool remove pool >/dev/null 2>&1
	n=$((n + 1)) k=$((k + 1))
done
check_eq "cut short after each of $n ioctls, then run again: every device and entry there" "" "$bad"
check "the last run, not cut short, went through (more than 6 ioctls)" test "$n" -gt 6
check_eq "and wrote both entries itself" "b$(mm /dev/mapper/pool) b$(mm /dev/mapper/root)" \
	"$(ls /run/udev/data | sort | tr '\n' ' ' | sed 's/ $//')"
minidm remove root; minidm thin-pool remove pool

# A thin whose load fails (its id is not in the pool): its udev database
# entry, written while the load waits in the kernel, goes with the device;
# the pool's line, kept for that wait, comes before the error.
cat >/tmp/noid.conf <<CONF
thin-pool create pool --meta $META --data $DATA
thin create noid --pool pool --id 9 --size 64MiB
CONF
rm -rf /run/udev/data
minidm activate --config /tmp/noid.conf --cmdline /tmp/cmdline.plain >/tmp/both 2>&1; rc=$?
check_eq "a thin without its id in the pool is refused" 1 "$rc"
check "the pool's line, then the error naming the thin" awk '
	/^minidm: pool: activated in/ { p = NR }
	/noid/ && /table load/ { e = NR }
	END { exit !(p && e > p) }' /tmp/both
check_exit 1 "no thin device left (info noid: exit 1)" minidm info noid
check "and no /dev/mapper/noid" test ! -e /dev/mapper/noid
check_eq "only the pool's udev database entry" "b$(mm /dev/mapper/pool)" "$(ls /run/udev/data)"
minidm thin-pool remove pool
# an error before any load: the kept line is written before it
printf 'thin-pool create pool --meta %s --data %s\nthin create t2 --pool nopool --id 1 --size 1MiB\n' \
	"$META" "$DATA" >/tmp/nopool.conf
minidm activate --config /tmp/nopool.conf --cmdline /tmp/cmdline.plain >/tmp/both 2>&1; rc=$?
check_eq "a thin of a pool that is not active is refused" 1 "$rc"
check "the pool's line, then the error" awk '
	/^minidm: pool: activated in/ { p = NR }
	/t2/ && /nopool/ { e = NR }
	END { exit !(p && e > p) }' /tmp/both
check_exit 1 "no device t2 left (info t2: exit 1)" minidm info t2
check "and no /dev/mapper/t2" test ! -e /dev/mapper/t2
minidm thin-pool remove pool

# dm-mod.create= and minidm.conf= on the command line
printf 'quiet dm-mod.create="lin,,,rw,0 2048 linear %s 0,2048 2048 zero;z,MINIDM-Z,,ro,0 100 zero" minidm.conf=/nonexistent.conf\n' "$DATA" >/tmp/cmdline.create
minidm activate --cmdline /tmp/cmdline.create 2>/tmp/err; rc=$?
check_eq "a minidm.conf= that is missing is an error" 1 "$rc"
check "it names the file" grep -q "/nonexistent.conf" /tmp/err
# activation goes device by device: the ones made before a failure stay
# (each whole, with its table; the next run finds them active)
check_exit 0 "the dm-mod.create= devices made before it stay: lin" minidm info lin
check_exit 0 "and z" minidm info z
printf 'quiet dm-mod.create="lin,,,rw,0 2048 linear %s 0,2048 2048 zero;z,MINIDM-Z,,ro,0 100 zero"\n' "$DATA" >/tmp/cmdline.create
check "dm-mod.create= devices" minidm activate --cmdline /tmp/cmdline.create
check_eq "lin table" "0 2048 linear $(mm $DATA) 0
2048 2048 zero " "$(minidm table lin)"
check "z read-only with uuid" sh -c 'minidm info z | grep -q "READ-ONLY" && minidm info z | grep -q "UUID: MINIDM-Z"'
check "idempotent" minidm activate --cmdline /tmp/cmdline.create
minidm remove lin z

# GPT members by PARTUUID= and PARTLABEL=
gunzip -c /tests/data/gpt256m-head.bin.gz | dd of="$GPT" conv=notrunc 2>/dev/null
gunzip -c /tests/data/gpt256m-tail.bin.gz | dd of="$GPT" bs=512 seek=$((524288 - 33)) conv=notrunc 2>/dev/null
blockdev --rereadpt "$GPT"
check "partitions appeared" test -b "${GPT}2"
cat >/tmp/gpt.conf <<CONF
thin-pool create gpool --meta PARTUUID=11111111-2222-4333-8444-555555555555 --data PARTLABEL=minidm-data
thin create groot --pool gpool --id 5 --size 16MiB --new
CONF
check "activate with PARTUUID= and PARTLABEL= members" minidm activate --config /tmp/gpt.conf --cmdline /tmp/cmdline.plain
check_eq "pool over the partitions" "0 262144 thin-pool $(mm ${GPT}1) $(mm ${GPT}2) 128 204 0 " "$(minidm table gpool)"
minidm remove groot; minidm thin-pool remove gpool

# a member that appears two seconds after activate starts; one that never does
dd if=/dev/zero of=/tmp/late.img bs=1M count=8 2>/dev/null
LOOP=$(losetup -f)
echo "create late --table \"0 8192 linear $LOOP 0\"" >/tmp/late.conf
(sleep 2; losetup "$LOOP" /tmp/late.img) &
check "waits for a late member" minidm activate --config /tmp/late.conf --cmdline /tmp/cmdline.plain --timeout 20
check "late device made" test -b /dev/mapper/late
wait
minidm remove late
echo "create never --table \"0 8 linear PARTLABEL=no-such-label 0\"" >/tmp/never.conf
check_refused 1 "a missing member times out with exit 1" minidm activate --config /tmp/never.conf --cmdline /tmp/cmdline.plain --timeout 2
check "the error names the missing member" grep -q "PARTLABEL=no-such-label: not there after 2 s" /tmp/check.err
echo "dm-mod.waitfor=PARTLABEL=nothing minidm.timeout=1" >/tmp/cmdline.wait
check_refused 1 "dm-mod.waitfor= and minidm.timeout= honoured" minidm activate --cmdline /tmp/cmdline.wait
echo "frobnicate x" >/tmp/bad.conf
check_refused 1 "a line that is not a create command is refused" minidm activate --config /tmp/bad.conf --cmdline /tmp/cmdline.plain
check_eq "no devices at the end" "No devices found" "$(minidm ls)"
