#!/bin/sh
# disks: 2 256M
# timeout: 150
# cost: 9
# udev cooperation with bookworm's systemd-udevd and Debian's dm rules
# (55-dm, 60-persistent-storage-dm, 95-dm-notify; /sbin/dmsetup is a
# symlink to minidm, as the rules call it):
#  1. activate with no udev (early boot), then udevd + trigger + settle (as
#     in the real root): udev takes the devices over from the database
#     entries activate wrote; a device made without them gets no links;
#  2. with udevd running, activate and remove wait for udev (the cookie
#     handshake): links are there when they return, no semaphore is left;
#  3. Debian's dmsetup (libdevmapper's cookie) completes through minidm's
#     udevcomplete, minidm's cookie through Debian's; udevflags agree.
. "$(dirname "$0")/lib.sh"

META=$(disk 0)
DATA=$(disk 1)
unset DM_DISABLE_UDEV
mm() { printf '%d:%d' "0x$(stat -L -c %t "$1")" "0x$(stat -L -c %T "$1")"; }
ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
links() { udevadm info --query=symlink --name="$1" 2>&1; }
cookies() { awk 'NR > 1 && int($1 / 65536) == 3405 { n++ } END { print n + 0 }' /proc/sysvipc/sem; }
echo "console=ttyS0" >/tmp/cmdline
cat >/tmp/thin.conf <<CONF
thin-pool create pool --meta $META --data $DATA
thin create root --pool pool --id 1 --size 64MiB --new
CONF
ln -sf /sbin/minidm /sbin/dmsetup
mkdir -p /run/udev

# 1. early boot without udev, then the real root's udev
check "activate without udev" minidm activate --config /tmp/thin.conf --cmdline /tmp/cmdline
check "database entry for root" grep -qx "E:DM_UDEV_PRIMARY_SOURCE_FLAG=1" "/run/udev/data/b$(mm /dev/mapper/root)"
check "plain create (no database entry)" minidm create plain --table "0 2048 zero"
check "udevd starts" /lib/systemd/systemd-udevd --daemon
check "trigger --action=add + settle" sh -c 'udevadm trigger --action=add && udevadm settle -t 30'
check "by-id/dm-name-root from udev" test -L /dev/disk/by-id/dm-name-root
check "by-id/dm-name-pool from udev" test -L /dev/disk/by-id/dm-name-pool
check "mapper/root is udev's link" sh -c "udevadm info --query=symlink --name=/dev/mapper/root | grep -qw mapper/root"
check "udev kept the hand-off flags" sh -c "udevadm info --query=property --name=/dev/mapper/root | grep -qx DM_UDEV_PRIMARY_SOURCE_FLAG=1"
mke2fs -q -L thinroot /dev/mapper/root >/dev/null 2>&1
udevadm trigger --action=change --sysname-match='dm-*'
udevadm settle -t 30
check "root's file system probed on change (by-label)" test -L /dev/disk/by-label/thinroot
check "without the entry: ignored on add (Debian's rules)" test ! -e /dev/disk/by-id/dm-name-plain

# 2. udev running: activate waits for it
t0=$(ms)
check "remove waits for udev" sh -c 'minidm remove root plain && minidm thin-pool remove pool'
check "links gone when remove returns" sh -c 'test ! -e /dev/mapper/root && test ! -e /dev/disk/by-id/dm-name-root && test ! -e /dev/mapper/plain'
sed 's/ --new//' /tmp/thin.conf >/tmp/boot.conf
t0=$(ms)
minidm activate --config /tmp/boot.conf --cmdline /tmp/cmdline >/tmp/out 2>&1; rc=$?
t=$(($(ms) - t0))
check_eq "activate with udev running" 0 "$rc"
check "it says udev made the nodes" grep -q "root: activated in .* (udev made the nodes)" /tmp/out
check "no fallback" sh -c '! grep -q "made by minidm" /tmp/out'
check "activate completes promptly (${t} ms, the cookie timeout is 30 s)" test "$t" -lt 10000
for l in mapper/root mapper/pool disk/by-id/dm-name-root disk/by-label/thinroot; do
	check "/dev/$l there when activate returns" test -L "/dev/$l"
done
check "udev wrote its own database entry" grep -qx "S:mapper/root" "/run/udev/data/b$(mm /dev/mapper/root)"
check_eq "no cookie semaphore left" 0 "$(cookies)"
minidm activate --config /tmp/boot.conf --cmdline /tmp/cmdline >/tmp/out 2>&1
check_eq "second activate: exit 0" 0 $?
check "second activate: already active" grep -q "root: already active" /tmp/out
check "dmsetup-style rename waits for udev" sh -c 'dmsetup rename root root2 && test -L /dev/mapper/root2 && test ! -e /dev/mapper/root && test -L /dev/disk/by-id/dm-name-root2'
check "rename back" dmsetup rename root2 root
check "--noudevsync: minidm makes the node" sh -c "minidm create nosync --noudevsync --table '0 8 zero' && test -L /dev/mapper/nosync && minidm remove --noudevsync nosync && test ! -e /dev/mapper/nosync"
rm /sbin/dmsetup
t0=$(ms)
check "rules but no dmsetup for them: no cookie, minidm makes the node" sh -c "minidm create nodm --table '0 8 zero' && test -L /dev/mapper/nodm"
t=$(($(ms) - t0))
check "... at once (${t} ms)" test "$t" -lt 5000
minidm remove nodm
ln -s /sbin/minidm /sbin/dmsetup
udevadm settle -t 10

# 3. libdevmapper against minidm, both ways
t0=$(ms)
check "Debian's dmsetup create completes via minidm's udevcomplete" /peer/dmsetup create d1 --table "0 2048 linear $DATA 0"
t=$(($(ms) - t0))
check "... promptly (${t} ms) with the link" sh -c "test $t -lt 10000 && test -L /dev/mapper/d1"
check "Debian's dmsetup remove" sh -c '/peer/dmsetup remove d1 && test ! -e /dev/mapper/d1'
check_eq "no cookie semaphore left by libdevmapper" 0 "$(cookies)"
ln -sf /peer/dmsetup /sbin/dmsetup
t0=$(ms)
check "minidm's cookie completed by Debian's dmsetup" minidm create m1 --table "0 2048 linear $DATA 0"
t=$(($(ms) - t0))
check "... promptly (${t} ms) with the link" sh -c "test $t -lt 10000 && test -L /dev/mapper/m1 && test -L /dev/disk/by-id/dm-name-m1"
check "and its remove" sh -c 'minidm remove m1 && test ! -e /dev/mapper/m1'
ln -sf /sbin/minidm /sbin/dmsetup
for c in 6337448 6294011 4390912 0xffff0001 0x00011234 12; do
	check_eq "udevflags $c as Debian's" "$(/peer/dmsetup udevflags $c 2>&1)" "$(minidm udevflags $c 2>&1)"
done
c=$(minidm udevcreatecookie)
check "udevcreatecookie: Debian's dmsetup sees it" sh -c "/peer/dmsetup udevcookies | grep -q $(printf '%#x' "$c" | sed 's/^0x//')"
minidm udevcomplete_all >/tmp/out 2>&1
check_eq "udevcomplete_all: exit 0" 0 $?
check "udevcomplete_all removes it" sh -c 'grep -q "^1 cookie semaphore destroyed" /tmp/out && test "$(awk "NR > 1" /proc/sysvipc/sem | wc -l)" = 0'
check_exit 1 "udevcomplete of a gone cookie fails" minidm udevcomplete "$c"
check "udevcomplete of a flags-only cookie is a no-op" minidm udevcomplete 6291456

minidm remove root; minidm thin-pool remove pool
udevadm control --exit
check_eq "nothing left" "No devices found" "$(minidm ls)"
