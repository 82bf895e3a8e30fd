#!/bin/sh
# Install the Debian packages that a command needs and this machine lacks.
#
#   sh qemu/need.sh check|demo|vm|bench|all
#
# The packages are those of qemu/packages whose line names the command
# (all: every one).  Those not installed are installed, as root with
# apt-get (update, then install -y --no-install-recommends), with services
# kept down by a temporary policy-rc.d (udev's and lvm2's postinst would
# start daemons on this machine); not root, or no apt-get: nothing is
# installed and it stops with the apt-get line to run.  Exit 0 when all
# are there, 1 otherwise.  make check, make demo, make vm, make bench and
# .ci/run call it first.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
list=${MINIDM_PACKAGES:-$here/packages}
what=${1:-}
case $what in
check|demo|vm|bench|all) ;;
*) echo "usage: $0 check|demo|vm|bench|all" >&2; exit 2 ;;
esac

want=$(sed 's/#.*//' "$list" | awk -v w="$what" 'NF > 1 { for (i = 2; i <= NF; i++) if (w == "all" || $i == w) { print $1; next } }')
[ -n "$want" ] || exit 0
# shellcheck disable=SC2086  # one word a package
installed=" $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $want 2>/dev/null |
	awk '$1 == "ii" { printf "%s ", $2 }')"
missing=
for p in $want; do
	case $installed in
	*" $p "*) ;;
	*) missing="$missing${missing:+ }$p" ;;
	esac
done
[ -n "$missing" ] || exit 0

line="apt-get update && apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "need: make $what needs these packages: $missing" >&2
	echo "need: as root, run:  $line" >&2
	exit 1
fi

echo "need: installing $missing"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp "${TMPDIR:-/tmp}/need.XXXXXX")
# keep services down during the install; a policy-rc.d of the machine's
# own is left alone
prc=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	prc=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' >"$prc"
	chmod 755 "$prc"
fi
trap 'rm -f "$log"; [ -z "$prc" ] || rm -f "$prc"' EXIT
trap 'exit 1' INT TERM HUP
lock="-o DPkg::Lock::Timeout=300"
# shellcheck disable=SC2086  # options and packages are words
if ! { apt-get $lock update -qq && apt-get $lock install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
	tail -n 20 "$log" | sed 's/^/need: | /' >&2
	echo "need: the install failed; as root, run:  $line" >&2
	exit 1
fi
echo "need: installed $missing"
