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
#   # cmdline: ARGS         appended to the kernel command line (and
#                           $MINIDM_TEST_CMDLINE, e.g. a count for a longer run)
#   # timeout: SECONDS      per boot, default 120 ($MINIDM_TEST_TIMEOUT
#                           instead when set: a longer run)
#   # cost: SECONDS         about how long the scenario takes on one kernel
#                           (all its boots and image builds, two guests at
#                           a time on 2 cores): run-tests.sh starts the
#                           longest first
#   # idle: WHY             the scenario mostly waits: run-tests.sh runs it
#                           in a lane of its own beside the other guests
# Boot forms (N is the boot number; see qemu/README.md):
#   # bootN: KIND           the initramfs of boot N: test (default: the test
#                           initramfs), bootrd (qemu/mkbootrd.sh: initramfs/init),
#                           initramfs-tools (Debian's mkinitramfs with minidm's
#                           hook), dracut (dracut with minidm's module);
#                           initramfs-tools-nolvm, dracut-nolvm: the same with
#                           minidm in place of lvm (conf.d/minidm MINIDM_LVM=omit;
#                           dracut's lvm module omitted) for the `# lvmroot:` LV
#   # lvmroot: VG/LV        the LV a *-nolvm image activates (MINIDM_LVM_ROOT)
#   # lacksN: REGEX         boot N's image has no path matching the extended
#                           regex (the host lists it with lsinitramfs; one result)
#   # conf: LINE            a line of /etc/minidm.conf for bootrd, initramfs-tools
#                           and dracut boots (repeat for more lines)
#   # cmdlineN: ARGS        appended to boot N's kernel command line
#   # expectN: TEXT         boot N's console must show TEXT (one result each)
#   # rescueN: COUNT        boot N ends in initramfs/init's rescue shell: the
#                           host answers each shell with a command whose output
#                           proves it runs; COUNT shells, then a power-off
#   # hotplugN: I TEXT      disk I is not there when boot N starts: it is
#                           plugged in (QEMU monitor) once the console shows TEXT
set -u

kver=$1 name=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
script=$top/tests/vm/$name.sh
dir=$here/out/$kver/$name
kernel=$here/cache/$kver/vmlinuz
# the ELF image when vmlinux.sh could unpack it (booted through PVH)
[ ! -f "$here/cache/$kver/vmlinux" ] || kernel=$here/cache/$kver/vmlinux
initrd=$here/out/$kver/initrd.cpio
minidm=${MINIDM:-$top/minidm}

# header KEY: the value of the first `# KEY: value` in the leading comments;
# headers KEY: all of them, one a line
headers() {
	sed -n '/^#/!q; s/^# *'"$1"': *//p' "$script"
}
header() {
	headers "$1" | head -n 1
}
disks=$(header disks) boots=$(header boots) extra="$(header cmdline) ${MINIDM_TEST_CMDLINE:-}" tmo=$(header timeout)
set -- ${disks:-4 1G}
ndisks=$1 size=${2:-1G}
boots=${boots:-1} tmo=${MINIDM_TEST_TIMEOUT:-${tmo:-120}}

rm -rf "$dir"
mkdir -p "$dir"
: >"$dir/results"
i=0
while [ $i -lt "$ndisks" ]; do
	truncate -s "$size" "$dir/disk$i.img"
	i=$((i + 1))
done

# drives HOTPLUGGED: QEMU's disk options; disk HOTPLUGGED is defined but
# not plugged in
drives() {
	i=0
	while [ $i -lt "$ndisks" ]; do
		printf ' -drive file=%s,format=raw,if=none,id=d%s,cache=unsafe' "$dir/disk$i.img" $i
		[ "$i" = "$1" ] || printf ' -device virtio-blk-pci,drive=d%s,serial=disk%s' $i $i
		i=$((i + 1))
	done
}

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

# build_rd KIND OUT: the initramfs of a boot form, with the `# conf:` lines
build_rd() {
	conf=
	headers conf >"$dir/minidm.conf"
	[ ! -s "$dir/minidm.conf" ] || conf=$dir/minidm.conf
	case $1 in
	bootrd) sh "$here/mkbootrd.sh" --kver "$kver" ${conf:+--conf "$conf"} "$minidm" "$2" ;;
	initramfs-tools) sh "$here/mkinitramfs-tools.sh" --kver "$kver" ${conf:+--conf "$conf"} "$minidm" "$2" ;;
	dracut) sh "$here/mkdracut.sh" --kver "$kver" ${conf:+--conf "$conf"} "$minidm" "$2" ;;
	initramfs-tools-nolvm)
		sh "$here/mkinitramfs-tools.sh" --kver "$kver" ${conf:+--conf "$conf"} --lvm-omit \
			--lvm-root "$(header lvmroot)" "$minidm" "$2" ;;
	dracut-nolvm)
		sh "$here/mkdracut.sh" --kver "$kver" ${conf:+--conf "$conf"} \
			--lvm-root "$(header lvmroot)" "$minidm" "$2" ;;
	*) echo "unknown boot kind '$1' (test, bootrd, initramfs-tools, dracut, initramfs-tools-nolvm, dracut-nolvm)"; return 1 ;;
	esac
}

# shared_rd KIND OUT: build_rd, or a copy of the same image (the same kind,
# kernel, conf lines and LV root) that another scenario built in this run
# of run-tests.sh (which empties out/<kver>/images first; the two LV-root
# scenarios of each tool share theirs)
shared_rd() {
	shared=$here/out/$kver/images
	[ -d "$shared" ] || { build_rd "$1" "$2"; return; }
	key=$({ printf '%s\n' "$1" "$(header lvmroot)"; headers conf; } | md5sum | cut -c 1-16)
	(
		flock 9
		if [ -f "$shared/$key.img" ]; then
			echo "$1: the image another scenario of this run built ($shared/$key.img)"
		else
			build_rd "$1" "$shared/$key.tmp" && mv "$shared/$key.tmp" "$shared/$key.img"
		fi
	) 9>"$shared/$key.lock" && cp "$shared/$key.img" "$2"
}

# qemu_run ARGS...: QEMU with the console in $log and the disks
qemu_run() {
	# shellcheck disable=SC2046  # drives: one word per option
	timeout -k 5 "$tmo" qemu-system-x86_64 -accel tcg -m 1024 -nodefaults \
		-display none -no-reboot -kernel "$kernel" -initrd "$rd" $(drives "$hp_disk") \
		-append "$append" "$@" </dev/null >"$dir/qemu$boot.out" 2>&1
}

# qemu_interactive: the console and QEMU's monitor through fifos, watched
# while the guest runs: answer rescue shells, plug the late disk in.
qemu_interactive() {
	for f in ser.in ser.out mon.in mon.out; do
		rm -f "$dir/$f"
		mkfifo "$dir/$f"
	done
	cat "$dir/ser.out" >"$log" &
	catpid=$!
	cat "$dir/mon.out" >"$dir/monitor$boot.log" &
	monpid=$!
	exec 3<>"$dir/ser.in" 4<>"$dir/mon.in"
	qemu_run -chardev "pipe,id=ser,path=$dir/ser" -serial chardev:ser \
		-chardev "pipe,id=mon,path=$dir/mon" -mon chardev=mon,mode=readline &
	qpid=$!
	answered=0 plugged=false
	while kill -0 "$qpid" 2>/dev/null; do
		if [ -n "$hp_disk" ] && ! $plugged && grep -qF -- "$hp_text" "$log"; then
			echo "device_add virtio-blk-pci,drive=d$hp_disk,id=hot$hp_disk,serial=disk$hp_disk" >&4
			plugged=true
			: >"$dir/hotplug$boot.done"
		fi
		if [ -n "$rescue" ]; then
			n=$(grep -c 'starting a rescue shell' "$log")
			while [ "$answered" -lt "$n" ]; do
				# the tty echoes this line; only a running shell prints 42
				echo 'echo "@@SHELL-$((6*7))"; exit' >&3
				answered=$((answered + 1))
			done
		fi
		sleep 0.2
	done
	wait "$qpid"
	qrc=$?
	exec 3>&- 4>&-
	wait "$catpid" "$monpid"
	rm -f "$dir/ser.in" "$dir/ser.out" "$dir/mon.in" "$dir/mon.out"
	return $qrc
}

# console_checks: the expectN, rescueN and hotplugN results of this boot
# (and lacksN, on its image)
console_checks() {
	headers "lacks$boot" | while IFS= read -r re; do
		found=$(lsinitramfs "$rd" 2>&1 | grep -E -- "$re" | head -n 5 | tr '\n' ' ')
		if [ -z "$found" ] && lsinitramfs "$rd" >/dev/null 2>&1; then
			record PASS "$name: the image has no file matching $re"
		else
			record FAIL "$name: the image has no file matching $re (has: ${found:-cannot list it})"
		fi
	done
	headers "expect$boot" | while IFS= read -r text; do
		if tr -d '\r' <"$log" | grep -qF -- "$text"; then
			record PASS "$name: console shows: $text"
		else
			record FAIL "$name: console shows: $text"
		fi
	done
	if [ -n "$rescue" ]; then
		n=$(tr -d '\r' <"$log" | grep -c '^@@SHELL-42')
		if [ "$n" = "$rescue" ]; then
			record PASS "$name: the rescue shell ran commands, $n times"
		else
			record FAIL "$name: the rescue shell ran commands, $n times (want $rescue)"
		fi
		if [ "$rc" = 0 ]; then
			record PASS "$name: powered off by itself after the retries"
		else
			record FAIL "$name: powered off by itself after the retries (qemu exit $rc)"
			excerpt "$log" | sed 's/^/      | /'
		fi
	fi
	if [ -n "$hp_disk" ]; then
		if [ -f "$dir/hotplug$boot.done" ]; then
			record PASS "$name: disk $hp_disk plugged in when the console showed: $hp_text"
		else
			record FAIL "$name: disk $hp_disk plugged in when the console showed: $hp_text"
		fi
	fi
}

boot=1
while [ "$boot" -le "$boots" ]; do
	log=$dir/boot$boot.log
	kind=$(header "boot$boot") rescue=$(header "rescue$boot") hotplug=$(header "hotplug$boot")
	hp_disk=${hotplug%% *} hp_text=${hotplug#* }
	# mitigations=off: a throwaway test guest, where the speculation
	# barriers and retpolines only cost emulated time (5 to 15% of a
	# scenario); cryptomgr.notests: no self-test of each crypto algorithm
	# at boot (0.3 s of 6.1's boot, 0.55 s of 6.12's); rcu_expedited: RCU
	# grace periods (each removal waits for one, as does a thin's load)
	# forced at once instead of 10 to 25 ms each under emulation
	append="console=ttyS0 quiet loglevel=4 no_timer_check panic=-1 oops=panic mitigations=off cryptomgr.notests rcupdate.rcu_expedited=1 minidm.test=$name minidm.boot=$boot minidm.disks=$ndisks $extra $(header "cmdline$boot")"
	rd=$initrd
	if [ "${kind:-test}" != test ]; then
		rd=$dir/boot$boot.initrd
		if ! shared_rd "$kind" "$rd" >"$dir/build$boot.log" 2>&1; then
			out=$(record FAIL "$name: cannot build the $kind initramfs for boot $boot"
				tail -n 20 "$dir/build$boot.log" | sed 's/^/      | /')
			echo "$out"
			break
		fi
	fi
	t0=$(date +%s%N)
	if [ -n "$rescue$hotplug" ]; then
		qemu_interactive
	else
		qemu_run -serial "file:$log"
	fi
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	# one echo per boot, so parallel scenarios do not interleave their lines
	out=$(
		tr -d '\r' <"$log" | sed -n 's/^.*@@RESULT \(PASS\|FAIL\|SKIP\) /\1 /p; s/^.*@@|/      |/p' |
		while IFS= read -r line; do
			case $line in
			PASS*|FAIL*|SKIP*) record "${line%% *}" "${line#* }" ;;
			*) echo "$line" ;;
			esac
		done
		console_checks
		if [ -z "$rescue" ] && ! grep -q '@@DONE' "$log"; then
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
	[ -n "$rescue" ] || grep -q '@@DONE' "$log" || break
	! grep -q '@@STOP' "$log" || break
	boot=$((boot + 1))
done
