#!/bin/sh
# valgrind.sh — `make valgrind`: every C test of the TESTS list under valgrind
# memcheck (the peers they start are not traced). Fails on any memory error
# or definite leak.
set -u
: "${KIO_BUILD:=build}"
export KIO_BUILD KIO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software KIO_TEST_TIME_SCALE=10
logs="$KIO_BUILD/valgrind-logs"
mkdir -p "$logs"
fail=0
for t in "$@"; do
	src=$(ls tests/*/"$t".c 2>/dev/null | head -n 1)
	[ -n "$src" ] || continue # shell tests drive the programs, not memory
	bin="$KIO_BUILD/$(dirname "$src")/$t"
	if valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --suppressions=tests/valgrind.supp \
		--log-file="$logs/$t.log" "$bin" >"$logs/$t.out" 2>&1; then
		echo "ok   $t"
	else
		echo "FAIL $t (see $logs/$t.log)"
		head -n 30 "$logs/$t.log" | sed 's/^/     | /'
		fail=1
	fi
done
# The kiosk itself, under memcheck, through a whole citizen session (login,
# list, print on the rig, logout) against the simulator.
run=$(mktemp -d)
if KIO_RUN_DIR="$run" SCRIPT=tests/scenario/demo.kscript KIO_KIOSK_WRAPPER="valgrind --quiet \
	--error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --suppressions=$KIO_ROOT/tests/valgrind.supp \
	--log-file=$KIO_ROOT/$logs/adm-kiosk.log" bash tests/run-demo.sh >"$logs/adm-kiosk.out" 2>&1; then
	echo "ok   adm-kiosk (demo session)"
else
	echo "FAIL adm-kiosk (see $logs/adm-kiosk.log)"
	head -n 30 "$logs/adm-kiosk.log" | sed 's/^/     | /'
	fail=1
fi
rm -rf "$run"
exit $fail
