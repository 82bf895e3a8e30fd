#!/bin/sh
# disks: 3 512M
# timeout: 300
# cost: 12
# Failure injection on dm-cache: `cache flush` and `cache create` are ended
# after each of their ioctls (MINIDM_FAULT_AFTER=K); rerunning the flush
# always reaches dirty 0 with the original policy back, no dirty block is
# lost (the bare origin holds every byte afterwards), cache_check passes.
. "$(dirname "$0")/lib.sh"

META=$(disk 0) CDEV=$(disk 1) ORIG=$(disk 2)
js() { minidm cache status c --json | sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" | tr -d '"'; }
create() {
	minidm cache create c --meta "$META" --cache "$CDEV" --origin /dev/mapper/orig \
		--mode writeback --policy-args "migration_threshold 0"
}
check "origin member" minidm linear create orig "$ORIG:0:128MiB"

# create, interrupted after each ioctl: a retry completes it
k=1 bad=0
while :; do
	MINIDM_FAULT_AFTER=$k create >/dev/null 2>&1; rc=$?
	[ $rc = 0 ] && break
	[ $rc = 99 ] || { bad=$((bad + 1)); explain "K=$k: exit $rc"; }
	minidm info c 2>/dev/null | grep -q "Tables present: *LIVE" || minidm remove c 2>/dev/null
	minidm info c >/dev/null 2>&1 || create >/dev/null 2>/tmp/e || { bad=$((bad + 1)); explain "K=$k: retry: $(cat /tmp/e)"; }
	minidm remove c 2>/dev/null
	k=$((k + 1))
	[ $k -gt 30 ] && { bad=$((bad + 1)); break; }
done
check_eq "cache create: $((k - 1)) interruption points, every retry completes" 0 "$bad"

# flush, interrupted after each ioctl, with dirty blocks each time
k=1 bad=0 total=0 withdirty=0
while :; do
	garbage 2097152 $((k * 4096)) | dd of=/dev/mapper/c bs=1M oflag=direct 2>/dev/null
	garbage 2097152 $((k * 4096)) | md5sum | cut -d' ' -f1 >/tmp/want
	# (after an interrupted flush the cache gets smq back without
	# migration_threshold 0, and smq may clean idle blocks by itself)
	[ "$(js dirty)" -gt 0 ] && withdirty=$((withdirty + 1))
	MINIDM_FAULT_AFTER=$k minidm cache flush c >/dev/null 2>&1; rc=$?
	[ $rc = 0 ] || [ $rc = 99 ] || { bad=$((bad + 1)); explain "K=$k: flush: exit $rc"; }
	minidm info c | grep -q SUSPENDED && minidm resume c
	minidm cache flush c 2>/tmp/e || { bad=$((bad + 1)); explain "K=$k: flush retry: $(cat /tmp/e)"; }
	[ "$(js dirty) $(js policy)" = "0 smq" ] || { bad=$((bad + 1)); explain "K=$k: after retry: dirty $(js dirty), policy $(js policy)"; }
	[ "$(dd if=/dev/mapper/orig iflag=direct bs=1M count=2 2>/dev/null | md5sum | cut -d' ' -f1)" = "$(cat /tmp/want)" ] ||
		{ bad=$((bad + 1)); explain "K=$k: the origin lacks flushed bytes"; }
	total=$k
	[ $rc = 0 ] && break
	k=$((k + 1))
	[ $k -gt 40 ] && { bad=$((bad + 1)); break; }
done
check_eq "cache flush: $total interruption points, no dirty block lost" 0 "$bad"
check "dirty blocks were there to flush ($withdirty of $total runs)" test "$withdirty" -gt 0
check "remove" minidm cache remove c
check "cache_check passes" /peer/cache_check "$META"
