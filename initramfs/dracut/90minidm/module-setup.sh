#!/bin/bash
# dracut module 90minidm: minidm, /etc/minidm.conf and the device-mapper
# modules into the initramfs; minidm-activate.sh runs `minidm activate`
# once udev has settled, before dracut waits for the root and mounts it.
# It needs dracut's dm module (dmsetup and the dm udev rules, so that udev
# makes /dev/mapper/NAME and /dev/root while minidm waits: udev cookies).
#
# Installed as /usr/lib/dracut/modules.d/90minidm/ (make install).
# Environment: MINIDM=PATH (the binary), MINIDM_CONF=PATH (the config).

minidm_bin() {
    local p
    for p in "$MINIDM" /usr/local/sbin/minidm /usr/sbin/minidm /sbin/minidm; do
        [[ $p && -x $p ]] && { echo "$p"; return 0; }
    done
    return 1
}

# dm targets named in the config -> modules; the usual ones without one
minidm_modules() {
    local conf=${MINIDM_CONF:-/etc/minidm.conf} t mods="dm-mod" targets="thin-pool thin cache zero"
    [[ -f $conf ]] && targets=$(sed 's/#.*//' "$conf" | tr "\"',;:" '     ')
    for t in $targets; do
        case $t in
        thin|thin-pool) mods+=" dm-thin-pool" ;;
        cache) mods+=" dm-cache dm-cache-smq" ;;
        writecache|zero|flakey|delay|mirror|crypt|raid|integrity|verity|era|clone|dust|multipath)
            mods+=" dm-$t" ;;
        snapshot|snapshot-origin|snapshot-merge) mods+=" dm-snapshot" ;;
        esac
    done
    echo "$mods" | tr ' ' '\n' | sort -u
}

check() {
    minidm_bin >/dev/null || return 1
    # in a host-only image only when there is something to activate
    [[ $hostonly ]] && [[ ! -f ${MINIDM_CONF:-/etc/minidm.conf} ]] && return 255
    return 0
}

depends() {
    echo dm
    return 0
}

installkernel() {
    # shellcheck disable=SC2046
    instmods $(minidm_modules)
}

install() {
    local conf=${MINIDM_CONF:-/etc/minidm.conf}

    inst_binary "$(minidm_bin)" /sbin/minidm
    [[ -f $conf ]] && inst_simple "$conf" /etc/minidm.conf
    minidm_modules >"$initdir/etc/minidm.modules"
    inst_hook initqueue/settled 50 "$moddir/minidm-activate.sh"
}
