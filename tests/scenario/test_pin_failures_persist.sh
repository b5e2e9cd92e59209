#!/bin/bash
# test_pin_failures_persist.sh — wrong technician PINs are counted across
# restarts, not only the lock: two wrong PINs, a restart of the kiosk, and
# the third wrong PIN locks the entry (before, a restart handed out two
# fresh guesses below the three-failure lock, every time).
set -u
: "${KIO_BUILD:=build}"
ROOT=${KIO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
run=$(mktemp -d)
trap '[ "${ok:-}" = 1 ] && rm -rf "$run"' EXIT
export KIO_RUN_DIR="$run" KIO_BUILD KIO_TECH_PIN=246810 KIO_OFFICER_PIN=135790
fail() { echo "FAIL: $*"; [ -f "$run/kiosk.log" ] && tail -n 20 "$run/kiosk.log"; exit 1; }
demo() { SCRIPT="$ROOT/tests/scenario/$1" bash "$ROOT/tests/run-demo.sh" >"$run/$1.out" 2>&1; }

demo tech-pin-a-two-wrong.kscript || fail "two wrong PINs: $(tail -5 "$run/tech-pin-a-two-wrong.kscript.out")"
n=$(sqlite3 -readonly "$run/data/kiosk.db" "SELECT ival FROM kv WHERE key = 'tech.pin_failures'")
[ "$n" = 2 ] || fail "persisted wrong PINs: '$n', want 2"
demo tech-pin-b-third-wrong.kscript || fail "the third wrong PIN after a restart did not lock"
"$KIO_BUILD/adm-kioskctl" log show --db "$run/data/kiosk.db" --type technician.login >"$run/tech.log"
cat "$run/tech.log"
[ "$(grep -c wrong_pin "$run/tech.log")" -eq 3 ] || fail "expected 3 wrong_pin attempts logged"
ok=1
echo "PIN failures persist ok"
