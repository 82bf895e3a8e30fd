#!/bin/sh
# disks: 3 256M
# timeout: 400
# cost: 9
# Failure injection: MINIDM_FAULT_AFTER=K ends minidm right after its K-th
# ioctl.  For every K of an activation (pool + new thin), a snapshot and a
# pool resize, the next `minidm activate` (or the retried operation)
# completes the work or says clearly why not; data synced before the fault
# reads back; thin_check passes at the end.  Then members that fail under a
# live pool: an error table under the data member.
. "$(dirname "$0")/lib.sh"

META=$(disk 0)
DATA=$(disk 1)
echo "console=ttyS0" >/tmp/cmdline
mkdir -p /mnt
cat >/tmp/c.conf <<CONF
thin-pool create pool --meta $META --data /dev/mapper/data
thin create vol --pool pool --id 1 --size 64MiB --new
CONF
minidm create data --table "0 262144 linear $DATA 0"

# 1. activation, interrupted after each ioctl
k=1 bad=0 reported=0
while :; do
	MINIDM_FAULT_AFTER=$k minidm activate --config /tmp/c.conf --cmdline /tmp/cmdline >/dev/null 2>/tmp/f.err
	rc=$?
	[ $rc = 0 ] && break         # K past the last ioctl: it finished
	[ $rc = 99 ] || { bad=$((bad + 1)); explain "K=$k: exit $rc $(cat /tmp/f.err)"; }
	if minidm activate --config /tmp/c.conf --cmdline /tmp/cmdline >/tmp/r.out 2>/tmp/r.err; then
		[ -b /dev/mapper/vol ] && [ "$(minidm table vol | cut -d' ' -f3)" = thin ] ||
			{ bad=$((bad + 1)); explain "K=$k: completed but vol is wrong"; }
	else
		reported=$((reported + 1))
		[ "$(wc -l </tmp/r.err)" -ge 1 ] || { bad=$((bad + 1)); explain "K=$k: failed silently"; }
		explain "K=$k: recovery reported: $(head -n 3 /tmp/r.err)"
	fi
	minidm remove vol 2>/dev/null; minidm thin-pool remove pool 2>/dev/null
	k=$((k + 1))
	[ $k -gt 40 ] && { bad=$((bad + 1)); break; }
done
check_eq "activation: every interruption ($((k - 1)) points) completed by the next activate" "0 0" "$bad $reported"
check "activated" test -b /dev/mapper/vol
check "file system with synced data" sh -c 'mke2fs -q /dev/mapper/vol && mount /dev/mapper/vol /mnt && head -c 3000000 /garbage >/mnt/f && sync && umount /mnt'
want=$(head -c 3000000 /garbage | md5sum | cut -d' ' -f1)

# 2. snapshot, interrupted after each ioctl; activate resumes a suspended origin
k=1 bad=0
while :; do
	MINIDM_FAULT_AFTER=$k minidm thin snapshot snap --origin vol --id 2 >/dev/null 2>&1
	rc=$?
	[ $rc = 0 ] || [ $rc = 99 ] || { bad=$((bad + 1)); explain "K=$k: snapshot: exit $rc"; }
	check_activate=$(minidm activate --config /tmp/c.conf --cmdline /tmp/cmdline 2>&1) ||
		{ bad=$((bad + 1)); explain "K=$k: activate after the fault: $check_activate"; }
	minidm info vol | grep -q SUSPENDED && { bad=$((bad + 1)); explain "K=$k: origin left suspended"; }
	minidm remove snap 2>/dev/null
	minidm thin delete --pool pool --id 2 2>/dev/null
	[ $rc = 0 ] && break
	k=$((k + 1))
	[ $k -gt 40 ] && { bad=$((bad + 1)); break; }
done
check_eq "snapshot: $((k - 1)) interruption points, origin never left suspended" 0 "$bad"
check "origin data intact" sh -c "mount -o ro /dev/mapper/vol /mnt && [ \$(md5sum </mnt/f | cut -d' ' -f1) = $want ] && umount /mnt"

# 3. pool resize, interrupted after each ioctl, then retried
k=1 bad=0 size=262144
while :; do
	size=$((size + 32768))
	minidm reload data --table "0 $size linear $DATA 0" && minidm resume data
	MINIDM_FAULT_AFTER=$k minidm thin-pool resize pool >/dev/null 2>&1
	rc=$?
	[ $rc = 0 ] || [ $rc = 99 ] || { bad=$((bad + 1)); explain "K=$k: resize: exit $rc"; }
	minidm info pool | grep -q SUSPENDED && minidm resume pool
	minidm thin-pool resize pool 2>/tmp/r.err || { bad=$((bad + 1)); explain "K=$k: retry: $(cat /tmp/r.err)"; }
	[ "$(minidm table pool | cut -d' ' -f2)" = "$size" ] || { bad=$((bad + 1)); explain "K=$k: pool length $(minidm table pool | cut -d' ' -f2), want $size"; }
	[ $rc = 0 ] && break
	k=$((k + 1))
	[ $k -gt 20 ] && { bad=$((bad + 1)); break; }
done
check_eq "resize: $((k - 1)) interruption points, the retry always completes" 0 "$bad"
check "data intact after resizes" sh -c "mount -o ro /dev/mapper/vol /mnt && [ \$(md5sum </mnt/f | cut -d' ' -f1) = $want ] && umount /mnt"

# 4. the data member fails under a live pool
check "error table under the data member" sh -c "minidm reload data --table '0 $size error' && minidm suspend --noflush data && minidm resume data"
dd if=/garbage of=/dev/mapper/vol bs=1M count=2 seek=40 oflag=direct 2>/dev/null
check_exit 1 "a write to a failed member is an I/O error" dd if=/garbage of=/dev/mapper/vol bs=1M count=2 seek=48 oflag=direct
minidm thin-pool status pool >/tmp/st 2>&1
check_eq "thin-pool status over the failed member: exit 0" 0 $?
explain "$(cat /tmp/st)"
check "status still parses and shows the pool" grep -q "^pool: thin-pool" /tmp/st
check "restore the member" sh -c "minidm reload data --table '0 $size linear $DATA 0' && minidm suspend --noflush data && minidm resume data"
check "teardown" sh -c 'minidm remove vol && minidm thin-pool remove pool'
check "thin_check passes after all the faults" /peer/thin_check "$META"
check "reactivate and read back the synced data" sh -c "minidm activate --config /tmp/c.conf --cmdline /tmp/cmdline >/dev/null && mount -o ro /dev/mapper/vol /mnt && [ \$(md5sum </mnt/f | cut -d' ' -f1) = $want ] && umount /mnt"
