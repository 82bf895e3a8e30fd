#!/bin/sh
# Boot one scenario (tests/vm/NAME.sh) under QEMU, once per declared boot,
# on the same fresh disk images.  Prints its result lines as each boot ends
# and writes qemu/out/<kver>/NAME/{boot<N>.log,results}.
#
#   qemu/run-scenario.sh KVER NAME     (run-tests.sh calls this)
#
# Header lines of the scenario (comments before the first command):
#   # disks: COUNT SIZE     default 4 1G (sparse raw images)
#   # boots: N              default 1; MINIDM_BOOT=1..N
#   # cmdline: ARGS         appended to the kernel command line
#   # timeout: SECONDS      per boot, default 120
set -u

kver=$1 name=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
script=$top/tests/vm/$name.sh
dir=$here/out/$kver/$name
kernel=$here/cache/$kver/vmlinuz
initrd=$here/out/$kver/initrd.cpio

# header VALUE-OF KEY: the value of `# KEY: value` in the leading comments
header() {
	sed -n '/^#/!q; s/^# *'"$1"': *//p' "$script" | head -n 1
}
disks=$(header disks) boots=$(header boots) extra=$(header cmdline) tmo=$(header timeout)
set -- ${disks:-4 1G}
ndisks=$1 size=${2:-1G}
boots=${boots:-1} tmo=${tmo:-120}

rm -rf "$dir"
mkdir -p "$dir"
: >"$dir/results"
drives=
i=0
while [ $i -lt "$ndisks" ]; do
	truncate -s "$size" "$dir/disk$i.img"
	drives="$drives -drive file=$dir/disk$i.img,format=raw,if=none,id=d$i,cache=unsafe"
	drives="$drives -device virtio-blk-pci,drive=d$i,serial=disk$i"
	i=$((i + 1))
done

# record PASS|FAIL TEXT: count it and print it
record() {
	echo "$1" >>"$dir/results"
	echo "$1 [$kver boot $boot] $2"
}

# excerpt LOG: the first lines of a kernel crash in LOG, else its last lines
excerpt() {
	n=$(tr -d '\r' <"$1" | grep -n -m 1 -E 'Kernel panic|BUG:|Oops|general protection|WARNING:' | cut -d: -f1)
	if [ -n "$n" ]; then
		tr -d '\r' <"$1" | sed -n "$n,$((n + 19))p"
	else
		tr -d '\r' <"$1" | tail -n 15
	fi
}

boot=1
while [ "$boot" -le "$boots" ]; do
	log=$dir/boot$boot.log
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	timeout -k 5 "$tmo" qemu-system-x86_64 -accel tcg -m 1024 -nodefaults \
		-display none -no-reboot -serial "file:$log" \
		-kernel "$kernel" -initrd "$initrd" $drives \
		-append "console=ttyS0 quiet loglevel=4 panic=-1 oops=panic minidm.test=$name minidm.boot=$boot minidm.disks=$ndisks $extra" \
		</dev/null >"$dir/qemu$boot.out" 2>&1
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	# one echo per boot, so parallel scenarios do not interleave their lines
	out=$(
		tr -d '\r' <"$log" | sed -n 's/^.*@@RESULT \(PASS\|FAIL\) /\1 /p; s/^.*@@|/      |/p' |
		while IFS= read -r line; do
			case $line in
			PASS*|FAIL*) record "${line%% *}" "${line#* }" ;;
			*) echo "$line" ;;
			esac
		done
		if ! grep -q '@@DONE' "$log"; then
			case $rc in
			124|137) record FAIL "$name: timeout after $tmo s" ;;
			*) record FAIL "$name: boot did not finish (qemu exit $rc)" ;;
			esac
			excerpt "$log" | sed 's/^/      | /'
			sed 's/^/      | qemu: /' "$dir/qemu$boot.out"
		fi
		echo "TIME [$kver boot $boot] $name: $((ms / 1000)).$((ms % 1000 / 100)) s"
	)
	echo "$out"
	grep -q '@@DONE' "$log" || break
	boot=$((boot + 1))
done
