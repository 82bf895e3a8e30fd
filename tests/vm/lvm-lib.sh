# Sourced by the tests/vm/46-lvm-*.sh scenarios (after lib.sh): Debian's lvm
# and dmsetup as the reference, and the device-mapper state they compare.

lvm() { /peer/lvm "$@" </dev/null; }
dmsetup() { /peer/dmsetup "$@"; }

# the exit code minidm owes for lvm's: 0 for 0, 1 for any failure
lvm_rc() {
	[ "$1" = 0 ] && echo 0 || echo 1
}

# devmap: "MAJ:MIN NAME" for every block device (dm devices by their dm
# name); few processes, as a TCG guest forks slowly
devmap() {
	grep -H . /sys/block/*/dev /sys/block/dm-*/dm/name 2>/dev/null | awk '
		{ i = index($0, ":"); f = substr($0, 1, i - 1); v = substr($0, i + 1)
		  split(f, p, "/"); b = p[4] }
		f ~ /\/dev$/ { dev[b] = v; next }
		{ name[b] = v }
		END { for (b in dev) print dev[b], ((b in name) ? name[b] : b) }'
}

# _entries DEVMAP PREFIX FILE...: "FILE -> NAME" for each FILE, NAME the
# block device it reaches (devmap's name), PREFIX stripped from FILE; stat's
# complaint for a FILE that reaches nothing
_entries() {
	_m=$1 _p=$2
	shift 2
	[ $# -gt 0 ] || return 0
	stat -L -c '%n %F %t %T' "$@" 2>&1 | awk -v p="$_p" '
		function hex(s,  i, n) { n = 0; s = tolower(s)
			for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return n }
		NR == FNR { m[$1] = $2; next }
		$0 ~ /^stat:/ { print; next }
		{ n = $1; sub("^" p, "", n); d = hex($(NF - 1)) ":" hex($NF)
		  if ($0 !~ / block special file /) print n " -> (not a block device)"
		  else print n " -> " ((d in m) ? m[d] : "(dev " d ")") }' "$_m" -
}

# lvm_state: what an activation made, independent of device numbers: every
# dm device (name, uuid, attr: live/inactive/suspended/read-only, open
# count), every table line with MAJ:MIN replaced by the device's name,
# /dev/mapper (each entry and the device it reaches) and /dev/VG/LV links
# (each and the device it reaches), sorted
lvm_state() {
	devmap >/tmp/devmap
	echo "# devices"
	dmsetup info -c --noheadings --separator ' ' -o name,uuid,attr,open 2>&1 | sort
	echo "# tables"
	dmsetup table 2>&1 | awk 'NR == FNR { m[$1] = $2; next }
		{ for (i = 1; i <= NF; i++) if ($i in m) $i = m[$i]; print }' /tmp/devmap - | sort
	echo "# /dev/mapper"
	set --
	for _f in /dev/mapper/* /dev/mapper/.[!.]*; do
		[ -e "$_f" ] || [ -L "$_f" ] || continue
		[ "$_f" = /dev/mapper/control ] || set -- "$@" "$_f"
	done
	_entries /tmp/devmap /dev/mapper/ "$@" | sort
	echo "# /dev/VG"
	set --
	for _g in $LVM_VGS; do
		for _f in /dev/$_g/* /dev/$_g/.[!.]*; do
			[ -e "$_f" ] || [ -L "$_f" ] || continue
			set -- "$@" "$_f"
		done
	done
	_entries /tmp/devmap /dev/ "$@" | sort
}
: "${LVM_VGS:=vg}"

# read_ahead: each dm device's read-ahead (KiB), by name
read_ahead() {
	grep -H . /sys/block/dm-*/dm/name /sys/block/dm-*/queue/read_ahead_kb 2>/dev/null | awk '
		{ i = index($0, ":"); f = substr($0, 1, i - 1); v = substr($0, i + 1)
		  split(f, p, "/"); b = p[4] }
		f ~ /name$/ { name[b] = v; next }
		{ ra[b] = v }
		END { for (b in name) print name[b], ra[b] }' | sort
}

# state_is DESC FILE: lvm_state now is what FILE holds
state_is() {
	lvm_state >/tmp/state.now
	check_file_eq "$1" "$2" /tmp/state.now
}

# no_dm DESC: no dm device exists
no_dm() {
	check_eq "$1" "" "$(ls /sys/block | grep '^dm-')"
}

# reset_vg VG: everything of VG inactive (lvm), no dm device at all, and
# no /dev/mapper or /dev/VG entry that an earlier step left behind (each
# step is checked on its own: a leftover is a failure of the step that
# left it, not of every step after)
reset_vg() {
	if ls /sys/block | grep -q '^dm-'; then
		lvm vgchange -q -an "$1" >/dev/null 2>&1
		ls /sys/block | grep -q '^dm-' && dm_clean
	fi
	for _f in /dev/mapper/* /dev/mapper/.[!.]*; do
		[ "$_f" = /dev/mapper/control ] || rm -f "$_f"
	done
	for _g in $LVM_VGS; do
		[ -d "/dev/$_g" ] && rm -rf "/dev/$_g"
	done
	[ -z "$(ls /sys/block | grep '^dm-')" ]
}

# lvs_view VG: lvm's view of VG's visible LVs: "name type bytes active skip"
# (active and skip as true or false; type that of the first segment), sorted
# (lvs gives a line a segment with segtype: duplicates dropped)
lvs_view() {
	lvm lvs --noheadings --binary --units b --nosuffix --separator ';' \
		-o lv_name,segtype,lv_size,lv_active,lv_skip_activation "$1" 2>&1 |
		awk -F';' '{ sub(/^ */, "", $1); print $1, $2, $3, ($4 == "active" ? "true" : "false"),
		             ($5 == 1 ? "true" : "false") }' | sort -u
}

# scan_view VG: the same from minidm lvm scan --json (its visible LVs)
scan_view() {
	minidm lvm scan --json 2>&1 | grep -o '"name":"'"$1"'","uuid":[^]]*' |
		grep -o '{"name":"[^"]*","type":"[^"]*","size_bytes":[0-9]*,"active":[a-z]*,"visible":true,"skip":[a-z]*}' |
		sed 's/{"name":"\([^"]*\)","type":"\([^"]*\)","size_bytes":\([0-9]*\),"active":\([a-z]*\),"visible":true,"skip":\([a-z]*\)}/\1 \2 \3 \4 \5/' |
		sort
}

# u64 DEV OFFSET / u32 DEV OFFSET: a little-endian integer of DEV
u64() {
	od -An -tu8 -j "$2" -N 8 "$1" | tr -d ' '
}
u32() {
	od -An -tu4 -j "$2" -N 4 "$1" | tr -d ' '
}

# mda1 DEV: "START SIZE OFFSET LEN" of the first metadata area of a PV
# (label in sector 1, mda at byte 4096 as pvcreate makes them): the area
# and its committed text (slot 0)
mda1() {
	echo "$(u64 "$1" $((4096 + 24))) $(u64 "$1" $((4096 + 32))) $(u64 "$1" $((4096 + 40))) $(u64 "$1" $((4096 + 48)))"
}

# pv_uuid DEV: the PV's uuid with dashes, as lvm shows it
pv_uuid() {
	lvm pvs --noheadings -o pv_uuid "$1" 2>/dev/null | tr -d ' '
}
