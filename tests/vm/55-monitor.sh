#!/bin/sh
# disks: 2 256M
# timeout: 240
# cost: 11
# minidm monitor on arm_poll: a thin pool with a low water mark fills past
# it; monitor reports the event; the --exec hook grows the data member (a dm
# linear device) and resizes the pool; the writer finishes without an error.
. "$(dirname "$0")/lib.sh"

META=$(disk 0)
DATA=$(disk 1)
MB=2048

check "4 MiB data member" minidm create data --table "0 $((4 * MB)) linear $DATA 0"
check "pool, low water 2 MiB" minidm thin-pool create pool --meta "$META" --data /dev/mapper/data --low-water 2MiB
check "thin, 32 MiB" minidm thin create vol --pool pool --id 1 --size 32MiB --new

cat >/tmp/grow <<'HOOK'
#!/bin/sh
# grow the data member by 8 MiB and tell the pool
echo "hook: $MINIDM_NAME $MINIDM_TARGET data $MINIDM_DATA_PCT% meta $MINIDM_META_PCT%" >>/tmp/hook.log
cur=$(minidm table data | cut -d' ' -f2)
new=$((cur + 8 * 2048))
minidm reload data --table "0 $new linear DATADISK 0" && minidm suspend data &&
	minidm resume data && minidm thin-pool resize pool
HOOK
sed -i "s|DATADISK|$DATA|" /tmp/grow
chmod +x /tmp/grow
minidm monitor --threshold 50 --exec /tmp/grow --timeout 120 pool >/tmp/mon.log 2>&1 &
mon=$!
sleep 1
garbage 16777216 | dd of=/dev/mapper/vol bs=1M oflag=direct 2>/tmp/dd.err; rc=$?
check_eq "the writer finished without an I/O error" 0 "$rc"
[ "$rc" = 0 ] || explain "$(cat /tmp/dd.err)"
kill $mon 2>/dev/null
wait $mon 2>/dev/null
cat /tmp/mon.log
check "monitor reported a pool event with its status" grep -q "pool event [0-9]*: thin-pool data" /tmp/mon.log
check "the hook ran" grep -q "hook: pool thin-pool data" /tmp/hook.log
check "the hook ran at or above the threshold" sh -c 'awk "{sub(/%/,\"\",\$5); if (\$5 + 0 < 50) exit 1}" /tmp/hook.log'
check "the pool grew" sh -c '[ $(minidm thin-pool status pool --json | sed "s/.*\"total_data\":\([0-9]*\).*/\1/") -gt 64 ]'
check_eq "data reads back" "$(garbage 16777216 | md5sum | cut -d' ' -f1)" "$(head -c 16777216 /dev/mapper/vol | md5sum | cut -d' ' -f1)"
check "pool healthy" sh -c 'minidm thin-pool status pool --json | grep -q "\"summary\":\"good\""'

# --count: stop after one event; usage errors
minidm monitor --count 1 --timeout 30 >/tmp/mon2.log 2>&1 &
mon=$!
sleep 1
minidm message pool 0 set_transaction_id 0 1 2>/dev/null
minidm suspend vol && minidm resume vol
minidm create ev --table "0 8 zero" && minidm load ev --table "0 16 zero" && minidm resume ev
wait $mon; rc=$?
check_eq "monitor --count 1 exits 0 after an event" 0 "$rc"
check_eq "exactly one event line" 1 "$(grep -c ' event ' /tmp/mon2.log)"
check_exit 2 "bad threshold is a usage error" minidm monitor --threshold 150 --exec true
check_exit 2 "--exec without --threshold is a usage error" minidm monitor --exec true
check "teardown" sh -c 'minidm remove ev vol && minidm thin-pool remove pool && minidm remove data'
check "thin_check" /peer/thin_check "$META"
