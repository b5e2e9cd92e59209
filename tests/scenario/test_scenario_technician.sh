#!/bin/bash
# test_scenario_technician.sh — issue 7's headless technician scenario:
# three wrong PINs lock the entry; the lock survives a restart; after the lock
# (the kiosk's clock moved 6 minutes on with faketime) the right PIN opens the
# menu, the printer page shows the queue, a test page prints on the rig, and
# a shorter inactivity timeout is saved (valid file on disk) and takes effect;
# the officer screen, behind its own PIN, shows today's prints and backlog.
set -u
: "${KIO_BUILD:=build}"
ROOT=${KIO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
run=$(mktemp -d)
trap '[ "${ok:-}" = 1 ] && rm -rf "$run"' EXIT
export KIO_RUN_DIR="$run" KIO_BUILD KIO_TECH_PIN=246810 KIO_OFFICER_PIN=135790
fail() { echo "FAIL: $*"; [ -f "$run/kiosk.log" ] && tail -n 20 "$run/kiosk.log"; exit 1; }
demo() { SCRIPT="$ROOT/tests/scenario/$1" bash "$ROOT/tests/run-demo.sh" >"$run/$1.out" 2>&1; }

demo tech-1-wrong-pins.kscript || fail "wrong PINs did not lock"
demo tech-2-still-locked.kscript || fail "lock did not survive the restart"
KIO_KIOSK_WRAPPER="faketime -f +6m" demo tech-3-after-lock.kscript || fail "after the lock"

db="$run/data/kiosk.db"
"$KIO_BUILD/adm-kioskctl" log show --db "$db" --type technician.login >"$run/tech.log"
[ "$(grep -c wrong_pin "$run/tech.log")" -eq 3 ] || fail "expected 3 wrong_pin attempts logged"
grep -q locked "$run/tech.log" || fail "locked attempt not logged"
grep -q '\bok\b' "$run/tech.log" || fail "successful login not logged"
if grep -q 246810 "$run/tech.log" "$run/kiosk.conf" "$run/kiosk.log"; then fail "PIN in clear"; fi
"$KIO_BUILD/adm-kioskctl" log show --db "$db" --type config.changed | grep -q 'kiosk.inactivity_s=30' ||
	fail "config.changed not logged"
"$KIO_BUILD/adm-kioskctl" config check "$run/kiosk.conf" || fail "saved config invalid"
grep -Eq '^inactivity_s *= *30' "$run/kiosk.conf" || fail "inactivity_s not saved"
ls "$run/rig/ipp/spool/"*test-page* >/dev/null 2>&1 || fail "no test page in the printer spool"
# The queue and paper type chosen on screen: saved, logged, and used by the
# test pages that followed (the rig's ADM-HVS backend keeps each job's options).
grep -Eq '^queue *= *ADM-HVS' "$run/kiosk.conf" || fail "queue choice not saved"
grep -Eq '^media_type *= *stationery-heavyweight' "$run/kiosk.conf" || fail "media type not saved"
"$KIO_BUILD/adm-kioskctl" log show --db "$db" --type config.changed >"$run/changes.log"
grep -q 'printer.queue=ADM-HVS' "$run/changes.log" || fail "queue change not logged"
grep -q 'printer.media_type=stationery-heavyweight' "$run/changes.log" ||
	fail "media type change not logged"
hvs=$(ls -v "$run/rig/out/"job-*.opts 2>/dev/null | xargs -r grep -l '^title=TEST-PAGE$')
[ "$(printf '%s\n' "$hvs" | grep -c .)" -eq 2 ] || fail "expected 2 test pages on ADM-HVS, got: $hvs"
first=$(printf '%s\n' "$hvs" | head -n 1) last=$(printf '%s\n' "$hvs" | tail -n 1)
grep -Eq 'media-type=stationery( |$)' "$first" ||
	fail "first ADM-HVS test page not on stationery: $(cat "$first")"
grep -q 'media-type=stationery-heavyweight' "$last" ||
	fail "media type choice not used: $(cat "$last")"
# Issue 15: every test page is paper too: each one printed is logged.
[ "$("$KIO_BUILD/adm-kioskctl" log show --db "$db" --type testpage.printed | grep -c testpage.printed)" -eq 3 ] ||
	fail "expected 3 testpage.printed events"
grep -q '"screen":"idle"' "$run/events.jsonl" || fail "no return to idle"
"$KIO_BUILD/adm-kioskctl" log verify --db "$db" || fail "log chain"
ok=1
echo "technician scenario ok"
