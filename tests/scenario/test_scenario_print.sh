#!/bin/bash
# test_scenario_print.sh — the citizen's whole flow, headless, against the real
# simulator and the real printer rig: log in, see the applications, print the
# KK; the PDF must arrive byte-identical in the virtual printer's spool, the
# server must end with exactly one completed reservation, and no NIK may
# appear unmasked in the kiosk's log, its events or the print log.
set -u
: "${KIO_BUILD:=build}"
ROOT=${KIO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
run=$(mktemp -d)
trap '[ "${ok:-}" = 1 ] && rm -rf "$run"' EXIT # kept for a look on failure
export KIO_RUN_DIR="$run"
# The verification host differs from the API host here, so the done
# screen's QR must come from kiosk.verify_url, never from server.url.
KIO_DEMO_CONF_HOOK='sed -i "s|^verify_url = .*|verify_url = https://cek.localhost:$PORT/adm|" "$RUN/kiosk.conf"' \
SCRIPT="$ROOT/tests/scenario/demo.kscript" KIO_BUILD="$KIO_BUILD" \
	bash "$ROOT/tests/run-demo.sh" >"$run/demo.out" 2>&1
rc=$?
cat "$run/demo.out"
[ $rc -eq 0 ] || { echo "script failed"; cat "$run/kiosk.log"; exit 1; }

fail() { echo "FAIL: $*"; exit 1; }
spooled=$(find "$run/rig/ipp/spool" -type f -name '*.pdf' | head -n 1)
[ -n "$spooled" ] || fail "nothing in the spool"
cmp "$spooled" "$run/sim/docs/b1000001.pdf" || fail "spooled file differs from the issued PDF"
grep -q '"type":"print","err":"ok"' "$run/events.jsonl" || fail "no successful print event"
port=$(sed -n 's/^PORT //p' "$run/sim.log" | head -n 1)
qr=$(zbarimg -q --raw "$run/shots/06-done.png") || fail "no QR found on the done screen"
[ "$qr" = "https://cek.localhost:$port/adm/v/b1000001" ] ||
	fail "done-screen QR is '$qr', want https://cek.localhost:$port/adm/v/b1000001"
for f in "$run/kiosk.log" "$run/events.jsonl"; do
	if grep -q 1610011203850001 "$f"; then fail "unmasked NIK in $f"; fi
done
"$KIO_BUILD/adm-kioskctl" log verify --db "$run/data/kiosk.db" || fail "print log chain"
"$KIO_BUILD/adm-kioskctl" log show --db "$run/data/kiosk.db" >"$run/log.txt"
grep -q 'print.completed' "$run/log.txt" || fail "no print.completed in the print log"
if grep -q 1610011203850001 "$run/log.txt"; then fail "unmasked NIK in the print log"; fi
ok=1
echo "scenario print ok"
