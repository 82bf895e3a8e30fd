# qemu/lib.sh: what the image builders share.  Sourced by qemu/*.sh on the
# host, and in the guest as /tests/qemu-lib.sh (tests/vm/lib.sh's make_root,
# the demo's provisioning boot).  POSIX sh and busybox ash; it only defines
# functions (their variables start with _q).

# pack DIR: a newc cpio of DIR on stdout, owned by root, in a stable order
pack() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
}

# stage_busybox DIR: /bin/busybox as DIR/bin/busybox and a symlink to it for
# each applet at the path `busybox --list-full` gives (bin/, sbin/,
# usr/bin/, usr/sbin/); what DIR already has is kept
stage_busybox() {
	mkdir -p "$1/bin" "$1/sbin" "$1/usr/bin" "$1/usr/sbin"
	cp /bin/busybox "$1/bin/busybox"
	for _qa in $(busybox --list-full); do
		case $_qa in
		*/*)
			[ -e "$1/$_qa" ] || [ -L "$1/$_qa" ] || {
				[ -d "$1/${_qa%/*}" ] || mkdir -p "$1/${_qa%/*}"
				ln -s /bin/busybox "$1/$_qa"
			} || return 1
			;;
		esac
	done
}

# stage_image DIR: the base of an initramfs in DIR: the mount points /init
# uses (dev proc sys run tmp mnt), etc/, busybox (stage_busybox) and
# /dev/console, which the kernel opens for /init before devtmpfs is mounted
stage_image() {
	mkdir -p "$1/dev" "$1/proc" "$1/sys" "$1/run" "$1/tmp" "$1/mnt" "$1/etc" &&
		stage_busybox "$1" &&
		mknod -m 600 "$1/dev/console" c 5 1
}

# libs BIN...: the shared libraries BIN... load (ldd), one a line, no repeats
libs() {
	for _qb in "$@"; do
		ldd "$_qb" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'
	done | sort -u
}

# copy_abs FILE DIR: FILE as DIR/FILE, symlinks followed
copy_abs() {
	mkdir -p "$2$(dirname "$1")" && cp -L "$1" "$2$1"
}

# copy_bin DIR BIN [PATH]: BIN as DIR/PATH (default: BIN's own path), and
# the shared libraries it loads at their own paths under DIR
copy_bin() {
	mkdir -p "$1$(dirname "${3:-$2}")" && cp -L "$2" "$1${3:-$2}" || return 1
	for _ql in $(libs "$2"); do
		[ -e "$1$_ql" ] || copy_abs "$_ql" "$1" || return 1
	done
}

# lvm_conf FILE TOOLDIR [TOOL...]: an lvm.conf for a guest without udev,
# lvmetad, lvmpolld, dmeventd or backups; each TOOL (thin_check,
# cache_check, ...) is TOOLDIR/TOOL (global/TOOL_executable)
lvm_conf() {
	_qf=$1 _qd=$2
	shift 2
	mkdir -p "$(dirname "$_qf")" || return 1
	{
		printf '%s\n' '# lvm in a guest without udev or daemons' \
			'devices {' \
			'	obtain_device_list_from_udev = 0' \
			'	external_device_info_source = "none"' \
			'}' \
			'activation {' \
			'	udev_sync = 0' \
			'	udev_rules = 0' \
			'	monitoring = 0' \
			'}' \
			'global {' \
			'	use_lvmpolld = 0' \
			'	locking_dir = "/run/lock/lvm"'
		for _qt in "$@"; do
			printf '\t%s_executable = "%s/%s"\n' "$_qt" "$_qd" "$_qt"
		done
		printf '%s\n' '}' \
			'backup {' \
			'	backup = 0' \
			'	archive = 0' \
			'}'
	} >"$_qf"
}
