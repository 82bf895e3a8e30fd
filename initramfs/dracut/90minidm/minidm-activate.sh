#!/bin/sh
# dracut hook (initqueue/settled, sourced by dracut's main loop: no exit):
# load the listed dm modules and run `minidm activate` once; on failure
# say why and give the emergency shell.  The command line minidm reads is
# dracut's: /etc/cmdline.d/*.conf (host-only root=, rd.lvm.lv=) then
# /proc/cmdline.
type warn >/dev/null 2>&1 || . /lib/dracut-lib.sh

if [ ! -e /run/minidm.activated ]; then
    : >/run/minidm.activated
    for _m in $(cat /etc/minidm.modules 2>/dev/null); do
        modprobe -q "$_m" || warn "minidm: cannot load module $_m"
    done
    _args=
    if [ -n "$(ls /etc/cmdline.d/*.conf 2>/dev/null)" ]; then
        cat /etc/cmdline.d/*.conf /proc/cmdline | tr '\n' ' ' >/run/minidm.cmdline
        _args="--cmdline /run/minidm.cmdline"
    fi
    # shellcheck disable=SC2086
    if ! /sbin/minidm activate $_args; then
        warn "minidm activate failed (see above); minidm is in /sbin"
        emergency_shell -n minidm "minidm activate failed"
    fi
    unset _m _args
fi
