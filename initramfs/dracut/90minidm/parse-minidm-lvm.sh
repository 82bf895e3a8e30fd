#!/bin/sh
# dracut cmdline hook: wait for /dev/VG/LV of each rd.lvm.lv= before the
# root is mounted, as dracut's lvm module does (minidm-activate.sh makes
# them, udev with 56-lvm.rules makes the links); nothing with rd.lvm=0.
type getargs > /dev/null 2>&1 || . /lib/dracut-lib.sh

if getargbool 1 rd.lvm -d -n rd_NO_LVM; then
    for _lv in $(getargs rd.lvm.lv -d rd_LVM_LV=); do
        wait_for_dev -n "/dev/$_lv"
    done
    unset _lv
fi
