#!/bin/sh
# bloat.sh NEW [OLD] - per-symbol size differences of two unstripped
# binaries (busybox's bloat-o-meter idea): every symbol that grew, came,
# shrank or went, largest growth first, then the total.  Without OLD (or
# when it does not exist yet) it lists NEW's 40 biggest symbols.  Symbols
# of one name (static functions of several files) are added up; bss is
# left out, as it takes no room in the file.
new=$1 old=$2
[ -n "$new" ] && [ -f "$new" ] || { echo "usage: bloat.sh NEW [OLD]" >&2; exit 2; }

syms() {
	nm --size-sort -S "$1" | awk -v tag="$2" '$3 !~ /^[bBvV]$/ { print tag, $2, $4 }'
}

if [ -z "$old" ] || [ ! -f "$old" ]; then
	syms "$new" new | awk '{ s[$3] += ("0x" $2) + 0 }
		END { for (n in s) printf "%8d %s\n", s[n], n }' | sort -n | tail -n 40
	exit 0
fi

{ syms "$old" old; syms "$new" new; } | awk '
	{ v = ("0x" $2) + 0; if ($1 == "old") o[$3] += v; else n[$3] += v; all[$3] = 1 }
	END {
		for (s in all) {
			d = n[s] - o[s]
			if (d == 0)
				continue
			what = !(s in o) ? "add" : !(s in n) ? "del" : d > 0 ? "grow" : "shrink"
			printf "0 %d %+7d %-6s %7d -> %-7d %s\n", d, d, what, o[s], n[s], s
			if (d > 0) up += d; else down += d
		}
		printf "1 0 %+7d total (%+d up, %+d down)\n", up + down, up, down
	}' | sort -k1,1n -k2,2nr | cut -d' ' -f3-
