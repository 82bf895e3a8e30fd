#!/bin/sh
# make check: host unit tests (ASan+UBSan), then the guest scenarios on both
# kernels.  Prints one total line "N passed, N failed"; exits 1 on failure.
# KVER=6.1|6.12|all (default all) picks the kernels; T="NAME ..." the scenarios.
cd "$(dirname "$0")/.." || exit 1
log=${TMPDIR:-/tmp}/minidm-check.$$
make -s unit 2>&1 | tee "$log.unit"
make -s minidm >/dev/null || exit 1
sh qemu/run-tests.sh --kver "${KVER:-all}" ${T:+--only "$T"} 2>&1 | tee "$log.vm"
count() { sed -n "s/^\(unit: \)\{0,1\}\([0-9]*\) passed, \([0-9]*\) failed.*/\\$1/p" "$2" | tail -n 1; }
up=$(count 2 "$log.unit"); uf=$(count 3 "$log.unit")
vp=$(count 2 "$log.vm"); vf=$(count 3 "$log.vm")
[ -n "$up" ] || { up=0; uf=1; echo "unit tests did not report"; }
[ -n "$vp" ] || { vp=0; vf=1; echo "guest tests did not report"; }
rm -f "$log.unit" "$log.vm"
echo "unit: $up passed, $uf failed; guest: $vp passed, $vf failed"
echo "$((up + vp)) passed, $((uf + vf)) failed"
[ $((uf + vf)) -eq 0 ]
