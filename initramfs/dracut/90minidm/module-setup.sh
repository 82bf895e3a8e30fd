#!/bin/bash
# dracut module 90minidm: minidm, /etc/minidm.conf and the device-mapper
# modules into the initramfs; minidm-activate.sh runs `minidm activate`
# once udev has settled, before dracut waits for the root and mounts it.
# It needs dracut's dm module (dmsetup and the dm udev rules, so that udev
# makes /dev/mapper/NAME and /dev/root while minidm waits: udev cookies).
#
# In place of dracut's lvm module (omit_dracutmodules+=" lvm "): `minidm
# activate` reads rd.lvm=0, rd.lvm.vg=, rd.lvm.lv= and the LV of root= and
# resume=; this module installs the modules those LVs need, Debian's
# 56-lvm.rules (it makes /dev/VG/LV with dmsetup, no lvm), waits for each
# rd.lvm.lv= as the lvm module does, and in a host-only image it is
# included when the host's root or swap is an LV (written down as
# rd.lvm.lv= with hostonly_cmdline, as the lvm module would).
#
# Installed as /usr/lib/dracut/modules.d/90minidm/ (make install).
# Environment: MINIDM=PATH (the binary), MINIDM_CONF=PATH (the config),
# MINIDM_LVM_ROOT="VG/LV|VG ..." (the LVs the image must activate, for an
# image that is not for this machine; default: the host's LVs dracut found).

minidm_bin() {
    local p
    for p in "$MINIDM" /usr/local/sbin/minidm /usr/sbin/minidm /sbin/minidm; do
        [[ $p && -x $p ]] && { echo "$p"; return 0; }
    done
    return 1
}

# the host's LVs dracut found (root, swap, ... in host-only mode), VG/LV
minidm_host_lvs() {
    local dev name uuid n vg lv
    for dev in "${!host_fs_types[@]}"; do
        dev=$(readlink -f "$dev") || continue
        [[ -e /sys/block/${dev#/dev/}/dm/uuid ]] || continue
        uuid=$(< "/sys/block/${dev#/dev/}/dm/uuid")
        [[ $uuid == LVM-* ]] || continue
        name=$(< "/sys/block/${dev#/dev/}/dm/name")
        n=${name//--//}                 # VG-LV, each - of VG and LV doubled
        vg=${n%%-*} lv=${n#*-}
        [[ $vg != "$n" ]] && echo "${vg//\//-}/${lv//\//-}"
    done | sort -u
}

minidm_lvs() {
    if [[ $MINIDM_LVM_ROOT ]]; then
        echo "$MINIDM_LVM_ROOT"
    else
        minidm_host_lvs
    fi
}

# LVM wanted: LVs to activate, or rd.lvm.* on this machine's or dracut's
# command line
minidm_lvm_wanted() {
    [[ $(minidm_lvs) ]] && return 0
    [[ " $(< /proc/cmdline) $kernel_cmdline " == *" rd.lvm."[vl][gv]=* ]]
}

# target types of the LVs, from minidm's plan (a dry run's table lines);
# the LVM targets that need a module when that cannot run here
minidm_lvm_targets() {
    local lv t
    for lv in $(minidm_lvs); do
        t=$("$(minidm_bin)" lvm activate --dry-run "$lv" 2> /dev/null | awk '/^  / { print $3 }')
        echo "${t:-thin-pool cache writecache snapshot}"
    done
    if [[ ! $(minidm_lvs) ]] && minidm_lvm_wanted; then
        echo "thin-pool cache writecache snapshot"
    fi
}

# the modules: minidm's own map (minidm modules) for the config's targets
# (the usual ones without a config) and the LVs'
minidm_modules() {
    local conf=${MINIDM_CONF:-/etc/minidm.conf}
    # shellcheck disable=SC2046
    if [[ -f $conf ]]; then
        "$(minidm_bin)" modules --config "$conf" $(minidm_lvm_targets)
    else
        "$(minidm_bin)" modules thin-pool cache zero $(minidm_lvm_targets)
    fi
}

check() {
    minidm_bin > /dev/null || return 1
    # in a host-only image only when there is something to activate
    if [[ $hostonly ]] && [[ ! -f ${MINIDM_CONF:-/etc/minidm.conf} ]] && ! minidm_lvm_wanted; then
        return 255
    fi
    return 0
}

depends() {
    echo dm
    return 0
}

installkernel() {
    local mods
    mods=$(minidm_modules) || return 1
    # shellcheck disable=SC2086
    hostonly='' instmods $mods
}

install() {
    local conf=${MINIDM_CONF:-/etc/minidm.conf} lv _lvs

    inst_binary "$(minidm_bin)" /sbin/minidm
    [[ -f $conf ]] && inst_simple "$conf" /etc/minidm.conf
    minidm_modules > "$initdir/etc/minidm.modules"
    inst_hook initqueue/settled 50 "$moddir/minidm-activate.sh"

    if minidm_lvm_wanted; then
        # /dev/VG/LV under udev (Debian's rules call only dmsetup splitname)
        inst_rules 56-lvm.rules 11-dm-lvm.rules
        inst_hook cmdline 30 "$moddir/parse-minidm-lvm.sh"
        if [[ $hostonly_cmdline == "yes" ]] && [[ $hostonly ]]; then
            _lvs=$(minidm_host_lvs)
            mkdir -p "$initdir/etc/cmdline.d"
            for lv in $_lvs; do
                printf ' rd.lvm.lv=%s ' "$lv"
            done > "$initdir/etc/cmdline.d/90minidm-lvm.conf"
            [[ -s $initdir/etc/cmdline.d/90minidm-lvm.conf ]] || rm -f "$initdir/etc/cmdline.d/90minidm-lvm.conf"
        fi
    fi
}
