#!/bin/sh
# disks: 1 64M
# timeout: 600
# cost: 18
# A differential fuzzer against Debian's dmsetup: random concise specs
# (escapes, empty fields, odd blanks, several devices), tables (comments,
# blank lines, many targets, every target minidm knows that needs no
# member set-up) and names (spaces, backslashes, non-ASCII, 1 to 127
# bytes), each given to /peer/dmsetup and to minidm on the same empty
# state.  Both must accept or both refuse; what both accept must give the
# same `dmsetup table` and `dmsetup info -c -o name,uuid,attr`; what both
# refuse, minidm refuses leaving nothing (dmsetup keeps the devices a spec
# made before the one that failed).  A known difference is checked, not
# compared: a case with a device named "." or ".." (6.1 makes it, 6.12
# refuses it, minidm refuses it on every kernel: README, Known
# differences) must be refused by minidm, 1 or 2, leaving nothing.  Seeded:
# the same cases every run.  minidm.diff.count=N (MINIDM_TEST_CMDLINE, make
# fuzz-dmsetup) and minidm.diff.seed=S pick how many and which.
. "$(dirname "$0")/lib.sh"

P=/peer/dmsetup
D=$(disk 0)
count=30 seed=1
for w in $(cat /proc/cmdline); do
	case $w in
	minidm.diff.count=*) count=${w#*=} ;;
	minidm.diff.seed=*) seed=${w#*=} ;;
	esac
done

# gen: one case a line, fields split by TAB: KIND (concise|table), KNOWN
# (reserved: a device of it is named "." or "..", else -), NAME, ARG.
# Tables use \n for newlines (printf %b expands them).
gen() {
	awk -v n="$count" -v seed="$seed" -v disk="$D" '
	function pick(s,   a, k) { k = split(s, a, "|"); return a[int(rand() * k) + 1] }
	function name(   len, s, i) {
		len = rand() < 0.1 ? 100 + int(rand() * 28) : 1 + int(rand() * 12)
		s = ""
		for (i = 0; i < len; i++)
			s = s pick("a|b|z|0|9|-|_|.|+|=|@|:|#| |\\\\|é|x|y|q")
		return s
	}
	function cname(   s) {    # a name for a concise spec: no separators
		s = name(); gsub(/[\\,;]/, "_", s); return s
	}
	function target(start,   t, len) {
		len = 1 + int(rand() * 64)
		t = pick("zero|error|linear|zero|striped|delay|flakey")
		if (t == "linear") p = disk " " int(rand() * 1000)
		else if (t == "striped") p = "1 8 " disk " 0"
		else if (t == "delay") p = disk " 0 " int(rand() * 10)
		else if (t == "flakey") p = disk " 0 " int(rand() * 3) " " int(rand() * 3)
		else p = ""
		if (t == "striped") len = 8 * (1 + int(rand() * 8))
		last = start + len
		return start " " len " " t (p != "" ? " " p : "") pick("| | #c| # x|#")
	}
	function table(sep,   k, i, s, at) {
		k = rand() < 0.08 ? 0 : 1 + int(rand() * (rand() < 0.1 ? 40 : 3))
		s = ""; at = 0
		for (i = 0; i < k; i++) {
			s = s (i ? sep : "") pick("| |  |\t") target(at)
			at = last
		}
		return s pick("||" sep "# trailing comment")
	}
	function reserved(s) { if (s == "." || s == "..") known = "reserved" }
	BEGIN {
		srand(seed)
		for (c = 0; c < n; c++) {
			known = "-"
			if (rand() < 0.5) {
				nd = 1 + int(rand() * 3); spec = ""
				for (d = 0; d < nd; d++) {
					nm = rand() < 0.3 ? "d" c "x" d : (rand() < 0.3 ? "e" c "\\,x" d "\\;" : \
					     cname())
					reserved(nm)
					u = rand() < 0.3 ? "U-" c "-" d : ""
					# (a minor that is no number: dmsetup reads 0, minidm
					# refuses; README, Known differences)
					m = rand() < 0.1 ? 200 + d : ""
					f = pick("|rw|ro||rw|rx|RW")
					spec = spec (d ? pick(";|; |;  ") : "") nm "," u "," m "," f "," table(",")
				}
				printf "concise\t%s\t-\t%s\n", known, spec pick("||;| ")
			} else {
				nm = name(); reserved(nm)
				printf "table\t%s\t%s\t%s\n", known, nm, table("\\n")
			}
		}
	}'
}

# state: what Debian's dmsetup shows of every device
state() {
	"$P" table 2>&1 | sort
	"$P" info -c --noheadings -o name,uuid,attr 2>&1 | sort
}

run() {  # TOOL KIND NAME ARG
	if [ "$2" = concise ]; then
		printf '%s' "$4" | "$1" create --concise >/dev/null 2>&1
	else
		printf '%b' "$4" | "$1" create "$3" >/dev/null 2>&1
	fi
}

# left_nothing: minidm's run left no device (its state() is empty)
left_nothing() {
	[ "$(cat /tmp/m.state)" = "No devices found
No devices found" ]
}

gen >/tmp/cases
i=0 same=0 diff=0
while IFS='	' read -r kind known nm arg; do
	i=$((i + 1))
	if [ "$known" != reserved ]; then      # (a known difference: not compared)
		run "$P" "$kind" "$nm" "$arg"; prc=$?
		state >/tmp/p.state
		"$P" remove_all --force >/dev/null 2>&1
	fi
	run minidm "$kind" "$nm" "$arg"; mrc=$?
	state >/tmp/m.state
	minidm remove_all --force >/dev/null 2>&1
	if [ "$known" = reserved ]; then
		if { [ "$mrc" = 1 ] || [ "$mrc" = 2 ]; } && left_nothing; then
			same=$((same + 1))
		else
			fail "case $i ($kind): a device named '.' or '..': minidm exit $mrc (want a refusal, 1 or 2, leaving nothing)"
			explain "arg: $arg"
			explain "$(cat /tmp/m.state)"
			diff=$((diff + 1))
		fi
	elif [ $((prc == 0)) != $((mrc == 0)) ]; then
		fail "case $i ($kind): dmsetup exit $prc, minidm exit $mrc"
		explain "name: $nm"
		explain "arg: $arg"
		diff=$((diff + 1))
	elif [ "$mrc" != 0 ] && [ "$mrc" != 1 ] && [ "$mrc" != 2 ]; then
		# a refusal is exit 1 (the kernel or a member refused) or 2 (the
		# spec or table is malformed): no crash passes for one
		fail "case $i ($kind): dmsetup exit $prc, minidm exit $mrc (a refusal is 1 or 2)"
		explain "name: $nm"
		explain "arg: $arg"
		diff=$((diff + 1))
	elif [ "$mrc" != 0 ] && ! left_nothing; then
		# a spec that fails part way: dmsetup keeps the devices made before
		# the failure, minidm removes them (README, Known differences)
		fail "case $i ($kind): minidm exit $mrc left devices behind"
		explain "$(cat /tmp/m.state)"
		diff=$((diff + 1))
	elif [ "$mrc" = 0 ] && ! cmp -s /tmp/p.state /tmp/m.state; then
		fail "case $i ($kind): both exit $prc, different devices"
		explain "arg: $arg"
		explain "$(diff /tmp/p.state /tmp/m.state)"
		diff=$((diff + 1))
	else
		same=$((same + 1))
	fi
done </tmp/cases
check_eq "$count cases (seed $seed): all the same" "$count" "$same"
check_eq "nothing left" "No devices found" "$(minidm ls)"
