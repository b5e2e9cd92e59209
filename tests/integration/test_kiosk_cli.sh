#!/bin/sh
# test_kiosk_cli.sh — adm-kiosk refuses to start rather than guess: as root
# without --allow-root, with an invalid config (naming file and line), with
# unknown arguments; and it leaves no process behind when it refuses.
set -u
: "${KIO_BUILD:=build}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
k="$KIO_BUILD/adm-kiosk"
printf '[server]\nurl = https://localhost:1\n[kiosk]\nid = ADM-T-1\n[storage]\ndata_dir = %s/data\n' "$tmp" >"$tmp/ok.conf"
printf '[server]\nurl = ftp://x\n[kiosk]\nid = ADM-T-1\ninactivity_s = -5\n' >"$tmp/bad.conf"

"$k" --bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown argument accepted"
"$k" >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --config accepted"
out=$("$k" --config "$tmp/bad.conf" --headless --allow-root 2>&1); rc=$?
[ $rc -eq 2 ] || fail "invalid config: exit $rc"
echo "$out" | grep -q "$tmp/bad.conf:2: server.url" || fail "bad url not reported with file:line: $out"
echo "$out" | grep -q "$tmp/bad.conf:5: kiosk.inactivity_s" || fail "negative timeout not reported: $out"
if [ "$(id -u)" -eq 0 ]; then
	out=$(SDL_VIDEODRIVER=dummy "$k" --config "$tmp/ok.conf" --headless 2>&1); rc=$?
	[ $rc -eq 2 ] || fail "ran as root without --allow-root (exit $rc)"
	echo "$out" | grep -q "refusing to run as root" || fail "no reason given: $out"
fi
echo "kiosk cli ok"
