#!/bin/sh
# Runs every test named on the command line (the Makefile's TESTS list).
# NAME is tests/*/NAME.c (already built into $KIO_BUILD/tests/*/NAME) or
# tests/*/NAME.sh. A name with no file or no binary is a failure, never a skip.
set -u
: "${KIO_BUILD:=build}"
export KIO_BUILD
KIO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export KIO_ROOT
pass=0; fail=0; failed=""
logdir="$KIO_BUILD/test-logs"
mkdir -p "$logdir"
for t in "$@"; do
	src=$(ls tests/*/"$t".c tests/*/"$t".sh 2>/dev/null | head -n 1)
	case "$src" in
	*.c) run="$KIO_BUILD/$(dirname "$src")/$t" ;;
	*.sh) # the interpreter its first line names
		case "$(head -n 1 "$src")" in
		*bash*) run="bash $src" ;;
		*) run="sh $src" ;;
		esac ;;
	*) run="" ;;
	esac
	if [ -z "$run" ] || { [ "${src##*.}" = c ] && [ ! -x "$KIO_BUILD/$(dirname "$src")/$t" ]; }; then
		echo "FAIL $t (no test source or binary)"
		fail=$((fail + 1)); failed="$failed $t"; continue
	fi
	start=$(date +%s)
	if $run >"$logdir/$t.log" 2>&1; then
		echo "ok   $t ($(( $(date +%s) - start )) s)"
		pass=$((pass + 1))
	else
		echo "FAIL $t (log: $logdir/$t.log)"
		tail -n 30 "$logdir/$t.log" | sed 's/^/     | /'
		fail=$((fail + 1)); failed="$failed $t"
	fi
done
echo "tests: $pass passed, $fail failed${failed:+ ($failed )}"
[ "$fail" -eq 0 ]
