#!/bin/sh
# run.sh - runs the bad-input matrix (tests/bad/matrix, whose top comment
# gives its grammar).  Each case must exit with its code (1 or 2), print
# exactly one line on standard error, starting "minidm: " and naming the
# command, containing the case's pattern, and nothing on standard output
# but what the case allows (nothing is checked there).
#
#   sh tests/bad/run.sh --host BINARY [MATRIX]
#       the `host` cases only, with BINARY (build/host/minidm-asan: ASan and
#       UBSan, MINIDM_CONTROL pointing nowhere, so a case that reaches for
#       the kernel fails loudly instead of touching the host's
#       device-mapper); prints "badinput: N passed, N failed", exit 1 on
#       a failure.
#
#   BAD_SHOW=1 prints the error line of each case that passed, for reading.
#
#   BAD_LIB=1 . /tests/bad/run.sh      (tests/vm/80-bad-input.sh)
#       defines bad_setup and bad_run for a guest scenario: every case with
#       the real minidm, through lib.sh's ok/fail, and the scenario's
#       bad_state function compared before and after each case.
#
# Written for POSIX sh and busybox ash alike.

# bad_setup DIR MATRIX: the fixture files of the matrix's @file and @gen
# lines in DIR, and the variables every case may use.
bad_setup() {
	F=$1
	mkdir -p "$F" || return 1
	N128=$(printf '%0128d' 0 | tr 0 n)
	N127=$(printf '%0127d' 0 | tr 0 n)
	U129=$(printf '%0129d' 0 | tr 0 u)
	NL='
'
	export F N128 N127 U129 NL
	while IFS= read -r _l; do
		case $_l in
		'@file '*)
			_l=${_l#@file }
			case $_l in
			*' '*) printf '%b' "${_l#* }" >"$F/${_l%% *}" ;;
			*) : >"$F/$_l" ;;
			esac || return 1
			;;
		'@gen '*)
			_l=${_l#@gen }
			(eval "${_l#* }") >"$F/${_l%% *}" || return 1
			;;
		esac
	done <"$2"
}

# bad_garbage N: N bytes of garbage whose first byte is not a digit (the
# guest's fixed /garbage, repeated; random bytes on the host)
bad_garbage() {
	printf '\377'
	if [ -f /garbage ]; then
		{ while cat /garbage; do :; done; } 2>/dev/null | head -c "$1"
	else
		head -c "$1" /dev/urandom
	fi
}

# bad_repeat LINE N: the first N bytes of LINE repeated (yes LINE | head -c
# N), in large writes: a chunk of whole lines doubled to 1 MiB, copied
# whole, then its head (a guest forks and copies slowly: 70 MB through
# yes and head took 6 s)
bad_repeat() {
	yes "$1" | head -n $((4096 / (${#1} + 1) + 1)) >"$F/.rep"
	while [ "$(wc -c <"$F/.rep")" -lt 1048576 ]; do
		cat "$F/.rep" "$F/.rep" >"$F/.rep2" && mv "$F/.rep2" "$F/.rep" || return 1
	done
	_rn=$2 _rs=$(wc -c <"$F/.rep")
	while [ "$_rn" -ge "$_rs" ]; do
		cat "$F/.rep" || return 1
		_rn=$((_rn - _rs))
	done
	head -c "$_rn" "$F/.rep"
	rm -f "$F/.rep"
}

# bad_check MINIDM EXIT PATTERN ARGS: run one case; 0 if it behaved, else 1
# with the reason in bad_why.  bad_err holds its standard error.
bad_check() {
	_bin=$1 _want=$2 _pat=$3 _args=$4
	_word=${_args#"${_args%%[! ]*}"}
	_word=${_word%% *}
	bad_why=
	if command -v timeout >/dev/null 2>&1; then _to="timeout 30"; else _to=; fi
	# the case's own redirections (<FILE) come after these
	eval "$_to \"\$_bin\" $_args" </dev/null >/dev/null 2>"$F/.err"
	_rc=$?
	# shell builtins only from here: many cases, slow guests
	_first= _more= _n=0
	{ IFS= read -r _first && _n=1; IFS= read -r _more || [ -n "$_more" ] && _n=2; } <"$F/.err"
	bad_err=$_first${_more:+ / $_more ...}
	if [ "$_rc" != "$_want" ]; then
		bad_why="exit $_rc, expected $_want"
	elif [ "$_n" != 1 ]; then
		bad_why="not exactly one line on stderr"
	else
		case $BAD_HOST$_first in
		*Sanitizer*|*'runtime error'*) bad_why="sanitizer report" ;;
		1*mapper/control*) bad_why="reached for the kernel: mark the case kern" ;;
		*"$_pat"*) ;;
		*) bad_why="stderr lacks '$_pat'" ;;
		esac
	fi
	[ -n "$bad_why" ] || case $_first in
	"minidm: $_word"*|"minidm: "*"'$_word"*) ;;
	*) bad_why="the line does not start with 'minidm: $_word'" ;;
	esac
	[ -z "$bad_why" ]
}

# bad_cases MATRIX WHERE: the cases as lines of EXIT, WHERE, PATTERN and ARGS
# separated by \037, for WHERE host (host cases) or all.
bad_cases() {
	_w=$2
	while IFS= read -r _l; do
		case $_l in
		''|'#'*|'@'*) continue ;;
		esac
		_h=${_l%%|*} _r=${_l#*|}
		_p=${_r%%|*} _a=${_r#*|}
		set -- $_h
		[ "$2" = host ] || [ "$2" = kern ] || { printf 'bad\037\037\037bad line: %s\n' "$_l"; continue; }
		[ "$1" = 1 ] || [ "$1" = 2 ] || { printf 'bad\037\037\037bad exit code: %s\n' "$_l"; continue; }
		[ "$_w" = host ] && [ "$2" != host ] && continue
		_p=${_p#"${_p%%[! ]*}"}
		_p=${_p%"${_p##*[! ]}"}
		_a=${_a#"${_a%%[! ]*}"}
		printf '%s\037%s\037%s\037%s\n' "$1" "$2" "$_p" "$_a"
	done <"$1"
}

# bad_run MINIDM MATRIX WHERE: every case; reports through ok and fail.  When
# a function bad_state is defined, its output before and after each kern
# case must be the same (a host case fails before minidm opens the control
# node: make badinput checks that).
bad_run() {
	_sep=$(printf '\037')
	_hasstate=false
	command -v bad_state >/dev/null 2>&1 && _hasstate=true
	$_hasstate && bad_state >"$F/.state0" 2>&1
	bad_cases "$2" "$3" >"$F/.cases"
	while IFS="$_sep" read -r _e _where _p _a; do
		if [ "$_e" = bad ]; then
			fail "matrix: $_a"
			continue
		fi
		bad_check "$1" "$_e" "$_p" "$_a"
		if $_hasstate && [ "$_where" = kern ] && ! { bad_state >"$F/.state1" 2>&1 &&
		                     cmp -s "$F/.state0" "$F/.state1"; }; then
			bad_why="${bad_why:+$bad_why; }the kernel's devices or tables changed:$NL$(
				diff "$F/.state0" "$F/.state1" | grep '^[-+][^-+]')"
			cp "$F/.state1" "$F/.state0"     # compare the next case with this
		fi
		if [ -n "$bad_why" ]; then
			fail "exit $_e: minidm $_a"
			explain "$bad_why"
			explain "stderr: $bad_err"
		else
			ok "exit $_e: minidm $_a"
			[ -z "$BAD_SHOW" ] || echo "    $_first"
		fi
	done <"$F/.cases"
}

[ -n "$BAD_LIB" ] && return 0

# ---- the host runner -------------------------------------------------------
if [ "$1" != --host ] || [ -z "$2" ]; then
	echo "usage: sh tests/bad/run.sh --host BINARY [MATRIX]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
matrix=${3:-$here/matrix}
BAD_HOST=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minidm-bad.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# no kernel, no udev, no semaphores: a case that gets that far fails
MINIDM_CONTROL=$tmp/no/control DM_DISABLE_UDEV=1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87
export MINIDM_CONTROL DM_DISABLE_UDEV ASAN_OPTIONS UBSAN_OPTIONS
# stand-ins for the guest's disks: host cases must not use them
GARB=/guest-only META=/guest-only DATA=/guest-only SPARE=/guest-only
pass=0 failed=0
ok() { pass=$((pass + 1)); }
fail() { failed=$((failed + 1)); echo "badinput: FAIL: $*"; }
explain() { printf '%s\n' "$1" | head -n 20 | cut -c 1-300 | sed 's/^/badinput:   /'; }
bad_setup "$tmp/f" "$matrix" || { echo "badinput: cannot make the fixtures"; exit 1; }
cd "$tmp" || exit 1
bad_run "$bin" "$matrix" host

# --help: each command's (help --list names them: "usage: minidm CMD ...")
# and each group's (thin, thin-pool, cache, linear, lvm: the command list,
# "  CMD ..." lines) exits 0 with nothing on standard error and its lines
# for the commands of help.cmds on standard output
help_check() {
	_what=$1 _pre=$2
	shift 2
	"$bin" "$@" --help >help.out 2>help.err
	_rc=$?
	while IFS= read -r _c; do
		grep -q "^$_pre$_c\( \|\$\)" help.out ||
			{ fail "$_what: no '$_pre$_c' line"; return; }
	done <help.cmds
	if [ "$_rc" != 0 ] || [ -s help.err ]; then
		fail "$_what: exit $_rc (expected 0)"
		explain "$(cat help.err)"
	else
		ok
	fi
}
"$bin" help --list >cmds 2>help.err
_rc=$?
if [ "$_rc" = 0 ] && [ -s cmds ] && [ ! -s help.err ]; then
	ok
else
	fail "help --list: exit $_rc, $(grep -c . cmds) commands"
	explain "$(cat help.err)"
fi
groups=
while IFS= read -r c; do
	printf '%s\n' "$c" >help.cmds
	help_check "minidm $c --help" "usage: minidm " $c
	case $c in
	*' '*) case " $groups " in *" ${c%% *} "*) ;; *) groups="$groups ${c%% *}" ;; esac ;;
	esac
done <cmds
for g in $groups; do
	grep "^$g " cmds >help.cmds
	help_check "minidm $g --help" "  " "$g"
done
echo "badinput: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
