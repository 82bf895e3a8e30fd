#!/bin/sh
# dracut hook (initqueue/settled, sourced by dracut's main loop: no exit):
# load the listed dm modules and run `minidm activate` once; on failure
# say why and give the emergency shell.
type warn >/dev/null 2>&1 || . /lib/dracut-lib.sh

if [ ! -e /run/minidm.activated ]; then
    : >/run/minidm.activated
    for _m in $(cat /etc/minidm.modules 2>/dev/null); do
        modprobe -q "$_m" || warn "minidm: cannot load module $_m"
    done
    if ! /sbin/minidm activate; then
        warn "minidm activate failed (see above); minidm is in /sbin"
        emergency_shell -n minidm "minidm activate failed"
    fi
fi
