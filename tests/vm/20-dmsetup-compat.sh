#!/bin/sh
# disks: 4 256M
# timeout: 400
# cost: 43
# minidm as dmsetup: the same device zoo is shown by Debian's dmsetup
# (/peer/dmsetup), by minidm and by minidm through a symlink named dmsetup,
# and every output must be identical byte for byte (exit codes too).  The
# zoo is built twice, each device once by either tool.  Then usage errors,
# a boot hook that speaks dmsetup, and udev cookie commands.
. "$(dirname "$0")/lib.sh"

P=/peer/dmsetup
A=$(disk 0) B=$(disk 1) C=$(disk 2) D=$(disk 3)
ln -sf /sbin/minidm /sbin/dmsetup
S=/sbin/dmsetup
# a tree line of exactly 80 columns (" `-NAME (254:NN)"), longer ones are cut
LONG=a-rather-long-device-name-that-makes-a-tree-line-exactly-eighty-cols
LONGER=$LONG-and-then-some

# same ARGS...: /peer/dmsetup, minidm and the symlink print the same
# stdout and exit the same way
same() {
	"$P" "$@" >/tmp/p.out 2>/tmp/p.err; prc=$?
	minidm "$@" >/tmp/m.out 2>/tmp/m.err; mrc=$?
	"$S" "$@" >/tmp/s.out 2>/dev/null; src=$?
	if ! cmp -s /tmp/p.out /tmp/m.out; then
		fail "$round: $*"
		explain "$(diff -u /tmp/p.out /tmp/m.out)"
		explain "$(cat /tmp/m.err)"
	elif ! cmp -s /tmp/m.out /tmp/s.out; then
		fail "$round: $* (through the dmsetup symlink)"
		explain "$(diff -u /tmp/m.out /tmp/s.out)"
	elif [ "$prc" != "$mrc" ] || [ "$mrc" != "$src" ]; then
		fail "$round: $* (exit codes: dmsetup $prc, minidm $mrc, symlink $src)"
		explain "$(cat /tmp/p.err /tmp/m.err)"
	else
		ok "$round: $* ($(wc -l </tmp/m.out) lines, exit $mrc)"
	fi
}

# zoo TOOL_EVEN TOOL_ODD: every device, alternately made by either tool
zoo() {
	e=$1 o=$2
	$e create lin --table "0 1000 linear $A 0
# a comment, then a blank line

1000 2000 linear $B 100
3000 500 linear $A 5000" || fail "zoo: lin"
	$o create zero1 -u ZERO-UUID-1 --table "0 4096 zero" || fail "zoo: zero1"
	printf '# from stdin\n\n0 100 error\n' | $e create err1 || fail "zoo: err1"
	$o create ro1 -r --table "0 100 linear $C 0" || fail "zoo: ro1"
	dd if=/dev/zero of="$D" bs=1M count=1 2>/dev/null
	$e create meta --table "0 8192 linear $D 0" || fail "zoo: meta"
	$o create data --table "0 200000 linear $D 8192" || fail "zoo: data"
	$e create pool --table "0 200000 thin-pool /dev/mapper/meta /dev/mapper/data 128 0" ||
		fail "zoo: pool"
	$o message pool 0 create_thin 1 || fail "zoo: create_thin"
	$e create thin1 -u LVM-abcdef-thin --table "0 100000 thin /dev/mapper/pool 1" ||
		fail "zoo: thin1"
	$o create flakey1 --table "0 1000 flakey $C 2000 5 1" || fail "zoo: flakey1"
	$e create susp --table "0 100 zero" && $e suspend susp || fail "zoo: susp"
	$o create inact --table "0 100 zero" && $o load inact --table "0 200 error" ||
		fail "zoo: inact"
	$e create "sp ace" --table "0 10 zero" || fail "zoo: sp ace"
	$o create notab -n || fail "zoo: notab"
	$e create vg-lv--x-tmeta -u LVM-vgvgvg-lvlvlv-tmeta --table "0 10 zero" ||
		fail "zoo: vg-lv--x-tmeta"
	$e create "$LONG" --table "0 4096 linear /dev/mapper/zero1 0" || fail "zoo: long name"
	$o create "$LONGER" --table "0 4096 linear /dev/mapper/$LONG 0" || fail "zoo: longer name"
	$o create crypt1 --table "0 100 crypt aes-cbc-plain 000102030405060708090a0b0c0d0e0f 0 $C 0" ||
		fail "zoo: crypt1"
}

compare_all() {
	same ls
	same ls --tree
	same ls --tree -o ascii
	same ls --tree -o compact
	same ls --tree -o active,open,rw,uuid
	same ls --tree -o blkdevname,nodevice
	same ls --tree -o inverted,compact
	same ls --tree -o vt100
	export LANG=C.UTF-8
	same ls --tree
	unset LANG
	same ls --tree -o utf,notrunc
	same ls --target linear
	same ls --target thin-pool
	same ls --exec echo
	same ls -o blkdevname
	same ls -o devname
	same info
	same info -c
	same info -c -o name,uuid,major,minor,attr,open,segments,events
	same info -c --noheadings --separator :
	same info -c --noheadings -o name
	same info -c --noheadings -o open lin
	same info -c -o +devno,tables_loaded,suspended,readonly,read_ahead
	same info -c -o name,blkdevname
	same info -c -o name,device_count,devs_used,devnos_used,blkdevs_used
	same info -c -o name,device_ref_count,names_using_dev,devnos_using_dev
	same info -c -o name,subsystem,vg_name,lv_name,lv_layer
	same info -c -o name,mangled_name,unmangled_name,mangled_uuid,unmangled_uuid
	same info -c --nameprefixes -o name,uuid
	same info -c --rows
	same info -c --nameprefixes --noheadings --rows --unquoted -o name,attr
	j=$((0x$(stat -L -c %t /dev/mapper/thin1))) n=$((0x$(stat -L -c %T /dev/mapper/thin1)))
	# what Debian's 10-dm.rules and 11-dm-lvm.rules run for each device
	same info -j "$j" -m "$n" -c --nameprefixes --noheadings --rows -o name,uuid,suspended
	j=$((0x$(stat -L -c %t /dev/mapper/susp))) n=$((0x$(stat -L -c %T /dev/mapper/susp)))
	same info -j "$j" -m "$n" -c --nameprefixes --noheadings --rows -o suspended
	same splitname --nameprefixes --noheadings --rows thin1
	same info lin zero1 notab
	same info -c lin inact
	same info -u ZERO-UUID-1
	same info "sp ace"
	same info 'sp\x20ace'
	same info /dev/mapper/lin
	same --manglename none ls
	same --manglename none ls --tree -o uuid
	same --manglename none info -c -o name,uuid,mangled_name,unmangled_name
	same --manglename none info 'sp\x20ace'
	same --manglename hex info "sp ace"
	same --manglename hex table --concise
	same deps
	same deps -o devname
	same deps -o blkdevname
	same deps thin1 pool
	same table
	same status
	same table --concise
	same table --showkeys
	same table --target linear
	same status --target thin
	same status --target thin-pool
	same table --inactive
	same status --inactive
	same table inact
	same table notab
	same status notab
	same table notab inact
	same table "sp ace" lin
	same info nosuch
	same info lin nosuch zero1
	same table nosuch
	same deps nosuch
	same info -c nosuch
	same splitname vg-lv--x-tmeta
	same splitname --nameprefixes --noheadings --rows vg-lv--x-tmeta
	same splitname -o subsystem,vg_name,lv_name,lv_layer a-b--c-d-e FOO
	same udevflags 0x00410d4d
	same udevflags 0xff800000
	same udevcomplete 0x0d4d1234
}

round="minidm even"
zoo minidm "$P"
minidm ls --tree | sed 's/^/@@| /'
compare_all
check "remove_all" minidm remove_all
round="dmsetup even"
zoo "$P" minidm
compare_all

# table --concise feeds create --concise (minors, uuids, ro, odd names kept)
spec=$(minidm table --concise --showkeys lin ro1 "sp ace" err1)
for t in "$P" minidm; do
	check "remove four ($t)" minidm remove lin ro1 "sp ace" err1
	check "create --concise from table --concise ($t)" $t create --concise "$spec"
	check_eq "the same devices again ($t)" "$spec" \
		"$("$P" table --concise --showkeys lin ro1 "sp ace" err1)"
done
# a spec on stdin may end with a newline (as dmsetup takes it); a spec whose
# second device fails leaves nothing: minidm removes the first again
for t in "$P" minidm; do
	printf 'nl1,,,rw,0 8 zero;nl2,,,ro,0 16 error\n' >/tmp/spec
	check "create --concise, spec on stdin with a newline ($t)" sh -c "$t create --concise </tmp/spec"
	check_eq "both made ($t)" "nl1: 0 8 zero
nl2: 0 16 error" "$("$P" table nl1 nl2 | sed "s/ *$//" | sort)"
	check "remove them ($t)" minidm remove nl1 nl2
done
check_refused 1 "create --concise whose second device fails" \
	minidm create --concise 'ok1,,,rw,0 8 zero;bad2,,,rw,0 8 nosuchtarget'
# minidm reads a spec device by device: a third device whose spec is bad
# comes after two were made, which go again (Debian's dmsetup keeps them)
bad3='ok1,,,rw,0 8 zero;ok2,,,rw,0 8 zero;bad3,,,rx,0 8 zero'
check_refused 2 "create --concise whose third device's spec is bad" minidm create --concise "$bad3"
check_eq "it names the device and the cause" \
	"minidm: create: bad3: flags must be ro or rw or empty, not 'rx' (try 'minidm create --help')" \
	"$(cat /tmp/check.err)"
check_exit 1 "dmsetup: the same spec fails" "$P" create --concise "$bad3"
check_eq "dmsetup keeps the two it made" "ok1 ok2" "$("$P" ls | cut -f1 | grep '^ok' | sort | tr '\n' ' ' | sed 's/ $//')"
check "remove them" minidm remove ok1 ok2
# a spec read in pieces from stdin: 150 devices with long names holding
# escaped ';' and ',' (spread over the reader's 4 KiB pieces), one device
# of 400 targets (longer than a piece: its buffer grows), blanks after
# each ';' and a newline at the end; both tools make the same devices
awk 'BEGIN {
	for (i = 0; i < 150; i++)
		printf "%s%s\\;%d\\,%s,,,rw,0 %d zero", (i ? "; \n" : ""), "long-name-of-a-device-", i,
			"x", 8 + i % 3
	printf ";big,,,ro,"
	for (i = 0; i < 400; i++)
		printf "%s%d 8 error", (i ? "," : ""), 8 * i
	printf "\n"
}' >/tmp/bigspec
awk 'BEGIN { for (i = 0; i < 150; i++) print "long-name-of-a-device-;" i ",x"; print "big" }' >/tmp/bignames
for t in "$P" minidm; do
	check "create --concise of 151 from stdin ($t)" sh -c "$t create --concise </tmp/bigspec"
	"$P" table | grep '^long-name\|^big' | sort >"/tmp/big.$(basename "$t")"
	check_eq "151 devices ($t)" 151 "$("$P" ls | grep -c '^long-name\|^big')"
	# shellcheck disable=SC2046  # one name a line, no blanks in them
	check "remove them ($t)" minidm remove $(cat /tmp/bignames)
done
check_file_eq "the same devices and tables" /tmp/big.dmsetup /tmp/big.minidm
# the same spec with a bad last device: all 151 made before it go again
{ tr -d '\n' </tmp/bigspec; printf ';last,,,rw,0 8 nosuchtarget'; } >/tmp/bigspec.bad
check_refused 1 "create --concise of 151 and a failing 152nd from stdin" \
	sh -c 'minidm create --concise </tmp/bigspec.bad'
n=70
for t in "$P" minidm; do
	n=$((n + 1))
	check "create -j -m ($t)" $t create "minor$n" -j 254 -m $n --table "0 8 zero"
	check_eq "it has that minor ($t)" $n "$("$P" info -c --noheadings -o minor "minor$n")"
done
check "remove_all with the symlink" "$S" remove_all
round="no devices"
same ls
same ls --tree
same info
same info -c
same info -c -o name,devs_used,devnos_used
same info -c -o name,devnos_used
same deps
same table
same status

# driver version line, targets
check_eq "version: driver line" "$($P version | sed -n 2p)" "$(minidm version | sed -n 2p)"
check "version: library line names minidm" sh -c "minidm version | grep -q '^Library version:   minidm '"
check_eq "--version" "$(minidm version)" "$(minidm --version)"
round="targets"
same targets

# usage errors: exit 2, one line on stderr, nothing on stdout
usage() {
	minidm "$@" >/tmp/u.out 2>/tmp/u.err; rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l </tmp/u.err)" = 1 ] && [ ! -s /tmp/u.out ]; then
		ok "usage error: $* ($(cat /tmp/u.err))"
	else
		fail "usage error: $* (exit $rc)"
		explain "$(cat /tmp/u.err /tmp/u.out)"
	fi
}
usage frobnicate
usage ls --bogus
usage create
usage info -c -o name,nosuchfield
usage ls --tree -o sideways
usage deps -o nosuch
usage --manglename odd ls
usage create bad --table "0 10 zero
10 x linear"
minidm create bad --table "0 10 zero
10 x linear" >/tmp/u.out 2>&1
check_eq "bad table line: exit 2" 2 $?
check "bad table line names the line" grep -q 'line 2' /tmp/u.out
check_exit 1 "bad table line: no device 'bad' left" minidm info bad
minidm info nosuch >/tmp/u.out 2>/tmp/u.err; rc=$?
check_eq "missing device exits 1" 1 "$rc"
check_eq "missing device: one line on stderr" 1 "$(wc -l </tmp/u.err)"
minidm table nosuch >/dev/null 2>&1; check_eq "table of a missing device exits 1" 1 "$?"

# names with unusual characters: made by one tool, found by the other
check "create 'a b' with minidm" minidm create "a b" --table "0 8 zero"
check "dmsetup finds 'a b'" "$P" info "a b"
check "minidm finds it by its mangled name" minidm info 'a\x20b'
check "node has the kernel's (mangled) name" test -b '/dev/mapper/a\x20b'
check "create 'c,d' with dmsetup" "$P" create "c,d" --table "0 8 zero"
check "minidm finds 'c,d'" minidm info "c,d"
round="odd names"
same ls
same table --concise
check "remove both" sh -c 'minidm remove "a b" && minidm remove "c,d"'

# udev cookies, with a stand-in for a running udev: Debian's dmsetup counts
# its create in the cookie, minidm completes it as the udev rules would
mkdir -p /run/udev && : >/run/udev/control
C=$(env -u DM_DISABLE_UDEV minidm udevcreatecookie)
check "udevcreatecookie prints a cookie" sh -c "echo '$C' | grep -q '^0x0D4D[0-9A-F]\{4\}$'"
check "dmsetup create counted in the cookie" env -u DM_DISABLE_UDEV "$P" --udevcookie "$C" \
	create cookied --table "0 8 zero"
round="udev"
unset DM_DISABLE_UDEV
same udevcookies
check_eq "semaphore value 2" 2 "$(minidm udevcookies | awk 'NR == 2 { print $3 }')"
check "udevcomplete (what 95-dm-notify.rules runs)" minidm udevcomplete "$C"
check_eq "semaphore value 1" 1 "$(minidm udevcookies | awk 'NR == 2 { print $3 }')"
check "udevreleasecookie" minidm udevreleasecookie "$C"
check_eq "cookie gone" 1 "$(minidm udevcookies | wc -l)"
check_exit 1 "udevcomplete of a gone cookie fails" minidm udevcomplete "$C"
C2=$("$P" udevcreatecookie)
check "udevcomplete_all -y" minidm udevcomplete_all -y
check_eq "all cookies gone" 1 "$("$P" udevcookies | wc -l)"
check "udevcomplete without udev does nothing" env DM_DISABLE_UDEV=1 minidm udevcomplete "$C2"
export DM_DISABLE_UDEV=1
rm -f /run/udev/control
minidm remove cookied

# renames and removal by path, across tools
check "rename to an odd name (minidm)" sh -c 'minidm create r1 --table "0 8 zero" && minidm rename r1 "r 2"'
check "dmsetup sees the new name" "$P" info "r 2"
check "rename back (dmsetup)" "$P" rename "r 2" r3
check "remove by /dev/mapper path" minidm remove /dev/mapper/r3
check_exit 1 "gone" minidm info r3

# a boot hook written for dmsetup runs unchanged with the symlink
check "boot hook with minidm as dmsetup" env PATH=/sbin:/bin sh /tests/hook-dmsetup.sh "$A" hookdev
check "boot hook with Debian's dmsetup" env PATH=/peer:/sbin:/bin sh /tests/hook-dmsetup.sh "$A" hookdev
check_eq "hook left nothing behind" "No devices found" "$(minidm ls)"

# create that fails leaves nothing behind, through the symlink too
check_refused 1 "create over a missing path fails" "$S" create gone --table "0 8 linear /dev/nonexistent 0"
check_refused 1 "create with a bad target fails" "$S" create gone --table "0 8 no_such_target"
