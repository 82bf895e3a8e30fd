#!/bin/sh
# A boot hook in the style of an initramfs-tools local-top script that
# speaks only dmsetup: map DISK as NAME (a linear device over all of it),
# check it, use it, tear it down.  20-dmsetup-compat runs it unchanged with
# Debian's dmsetup and with minidm behind a symlink named dmsetup.
#
#   sh hook-dmsetup.sh DISK NAME
set -e
DISK=$1
NAME=$2
[ -b "$DISK" ] || { echo "hook: $DISK is not a block device" >&2; exit 1; }

# already active?  (the common idiom: an empty answer means no device)
if [ -n "$(dmsetup info -c --noheadings -o name "$NAME" 2>/dev/null)" ]; then
	echo "hook: $NAME is already active" >&2
	exit 1
fi

size=$(blockdev --getsz "$DISK")
echo "0 $size linear $DISK 0" | dmsetup create "$NAME"
dmsetup mknodes
[ -b "/dev/mapper/$NAME" ]

# the state a script checks before mounting
attr=$(dmsetup info -c --noheadings -o attr "$NAME")
[ "$attr" = "L--w" ]
open=$(dmsetup info -c --noheadings -o open "$NAME")
[ "$open" = 0 ]
dmsetup table "$NAME" | grep -q "^0 $size linear "
dmsetup status "$NAME" | grep -q "^0 $size linear"
dmsetup ls | grep -q "^$NAME	("
dmsetup info "$NAME" | grep -q '^State: *ACTIVE$'
maj_min=$(dmsetup info -c --noheadings -o major,minor --separator : "$NAME")
[ -n "$maj_min" ]

# use it while holding it open
exec 3<"/dev/mapper/$NAME"
[ "$(dmsetup info -c --noheadings -o open "$NAME")" = 1 ]
exec 3<&-

# a suspend/resume cycle; wait for an event number already passed returns
dmsetup suspend "$NAME"
[ "$(dmsetup info -c --noheadings -o suspended "$NAME")" = Suspended ]
dmsetup resume "$NAME"
ev=$(dmsetup info -c --noheadings -o events "$NAME")
[ "$ev" -eq 0 ] || dmsetup wait "$NAME" $((ev - 1))

dmsetup remove "$NAME"
dmsetup mknodes
[ ! -e "/dev/mapper/$NAME" ]
echo "hook: $NAME ok"
