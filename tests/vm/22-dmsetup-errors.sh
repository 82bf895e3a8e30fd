#!/bin/sh
# cost: 5
# disks: 2 256M
# Error text that scripts parse.  containerd's devmapper snapshotter runs
# dmsetup and maps its output to an errno: the output must have a second
# line; a first line ending in "not found" is ENXIO; otherwise the text
# after the last "failed: ", lowercased, is looked up among the errno
# texts (glibc's).  Written out here as a shell function and applied to
# Debian's dmsetup (/peer/dmsetup) and to minidm through a symlink named
# dmsetup, on the same states: both must give the same errno.  Under its
# own name minidm keeps its one-line errors.
. "$(dirname "$0")/lib.sh"

P=/peer/dmsetup
ln -sf /sbin/minidm /sbin/dmsetup
S=/sbin/dmsetup
META=$(disk 0) DATA=$(disk 1)

# errno_of FILE: containerd's parseDmsetupError + its errno table, for the
# errnos that matter here
errno_of() {
	[ "$(wc -l <"$1")" -ge 2 ] || { echo none; return; }
	first=$(head -n 1 "$1")
	case $first in *"not found") echo ENXIO; return ;; esac
	case $first in *"failed: "*) ;; *) echo none; return ;; esac
	text=$(printf '%s' "${first##*failed: }" | tr 'A-Z' 'a-z')
	case $text in
	"no data available") echo ENODATA ;;
	"device or resource busy") echo EBUSY ;;
	"file exists") echo EEXIST ;;
	"no such device or address") echo ENXIO ;;
	"invalid argument") echo EINVAL ;;
	*) echo "unknown($text)" ;;
	esac
}

# both ERRNO DESC ARGS...: Debian's dmsetup and minidm-as-dmsetup fail,
# with the same exit code, and containerd reads ERRNO from each
both() {
	want=$1 desc=$2
	shift 2
	"$P" "$@" >/dev/null 2>/tmp/p.err; prc=$?
	"$S" "$@" >/dev/null 2>/tmp/s.err; src=$?
	pe=$(errno_of /tmp/p.err) se=$(errno_of /tmp/s.err)
	if [ "$pe" = "$want" ] && [ "$se" = "$want" ] && [ "$prc" = "$src" ] && [ "$src" = 1 ]; then
		ok "$desc: $want from both (exit $src)"
	else
		fail "$desc: dmsetup $pe (exit $prc), minidm as dmsetup $se (exit $src), want $want"
		explain "dmsetup: $(cat /tmp/p.err)"
		explain "minidm:  $(cat /tmp/s.err)"
	fi
}

check "pool" minidm thin-pool create pool --meta "$META" --data "$DATA"
check "thin id 1" dmsetup message pool 0 "create_thin 1"
check "thin device" minidm thin create t1 --pool pool --id 1 --size 16MiB

both ENODATA "message delete of an id already deleted" message pool 0 "delete 2"
both EEXIST "message create_thin of an id that exists" message pool 0 "create_thin 1"
both EBUSY "remove of a busy device (the pool under t1)" remove pool
both ENXIO "remove --retry --deferred --force of a device already gone" \
	remove --retry --deferred --force nosuch
both ENXIO "remove of a device that is not there" remove nosuch
both EINVAL "message the pool does not know" message pool 0 frobnicate

# the first line's shape, byte for byte
"$P" message pool 0 "delete 2" 2>/tmp/p.err
"$S" message pool 0 "delete 2" 2>/tmp/s.err
check_file_eq "message failure: the same two lines" /tmp/p.err /tmp/s.err
"$P" remove pool 2>/tmp/p.err
"$S" remove pool 2>/tmp/s.err
check_file_eq "busy remove: the same two lines" /tmp/p.err /tmp/s.err

# minidm's own name: one line naming the command, the device and the cause
minidm message pool 0 "delete 2" >/dev/null 2>/tmp/m.err; rc=$?
check_eq "minidm: exit 1" 1 "$rc"
check_eq "minidm: one line" 1 "$(wc -l </tmp/m.err)"
check "minidm: the line names the command and the cause" \
	grep -q "^minidm: message pool: message: No data available" /tmp/m.err

minidm remove t1
check "teardown" minidm thin-pool remove pool
