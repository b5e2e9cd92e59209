#!/bin/bash
# test_spool_private.sh — after `adm-kioskctl printer setup`, a printed
# document leaves no byte sequence of itself anywhere under cupsd's spool,
# cache and temp directories. Two private rigs with cupsd's stock retention
# (RIG_CUPSD_STOCK=1, as on a fresh Debian): the control prints without
# setup and must find the document (so the search can fail), the other runs
# setup first and must find nothing.
set -u
: "${KIO_BUILD:=build}"
KIO_BUILD=$(cd "$KIO_BUILD" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ctl="$KIO_BUILD/adm-kioskctl"
base=$(mktemp -d "${TMPDIR:-/tmp}/kio-spool.XXXXXX")
chmod 755 "$base"
ok=0
cleanup() {
	for r in "$base"/rig-*; do [ -e "$r/rig.env" ] && bash "$ROOT/tests/rig/rig.sh" stop "$r" >/dev/null 2>&1; done
	if [ "$ok" = 1 ]; then rm -rf "$base"; else echo "kept $base"; fi
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The document: the technician's test page (a real A4 PDF with text, a QR
# code and an embedded font subset), 32-byte windows of it searched for.
"$ctl" printer test-page --out "$base/doc.pdf" >/dev/null || fail "test-page --out"

# hits DIR...: files under the dirs that hold any 32-byte window (stride 8)
# of the document; prints them and how many windows each holds.
hits() {
	python3 - "$base/doc.pdf" "$@" <<'PY'
import os, sys
doc = open(sys.argv[1], "rb").read()
wins = {doc[i:i + 32] for i in range(0, len(doc) - 32, 8)}
# Windows made of one repeated byte (padding) prove nothing.
wins = {w for w in wins if len(set(w)) > 4}
found = 0
for top in sys.argv[2:]:
    for d, _, files in os.walk(top):
        for f in files:
            p = os.path.join(d, f)
            try:
                data = open(p, "rb").read()
            except OSError:
                continue
            n = sum(1 for w in wins if w in data)
            if n:
                found += 1
                print(f"{p}: {n} of {len(wins)} windows")
sys.exit(0 if found else 1)
PY
}

# print_one NAME [setup]: a stock rig, optionally `printer setup`, one job
# through cupsd to the ippeveprinter, waited for until completed.
print_one() {
	local r="$base/rig-$1" q=ADM-SPOOL i
	RIG_CUPSD_STOCK=1 bash "$ROOT/tests/rig/rig.sh" start "$r" >"$base/$1.rig.out" 2>&1 ||
		fail "rig start: $(tail -5 "$base/$1.rig.out")"
	# shellcheck disable=SC1091
	. "$r/rig.env"
	grep -q PreserveJob "$r/etc/cupsd.conf" && fail "rig is not stock: $(grep PreserveJob "$r/etc/cupsd.conf")"
	if [ "${2:-}" = setup ]; then
		"$ctl" printer setup --server "$CUPS_SERVER" "$q" "$IPP_URI" >"$base/$1.setup.out" 2>&1 ||
			fail "printer setup: $(cat "$base/$1.setup.out")"
		cat "$base/$1.setup.out"
		grep -q '^PreserveJobFiles No$' "$r/etc/cupsd.conf" || fail "PreserveJobFiles not set"
	else
		lpadmin -h "$CUPS_SERVER" -p "$q" -v "$IPP_URI" -m everywhere -E || fail lpadmin
	fi
	"$ctl" printer status --server "$CUPS_SERVER" "$q" >"$base/$1.status.out" 2>&1
	grep '^documents:' "$base/$1.status.out"
	lp -h "$CUPS_SERVER" -d "$q" -t "KK-3201-PRIVATE" "$base/doc.pdf" >/dev/null || fail "lp"
	for i in $(seq 1 300); do
		ipptool -T 5 -c "$IPP_URI" /usr/share/cups/ipptool/get-completed-jobs.test 2>/dev/null |
			awk -F, 'NR > 1 && $2 == "completed"' | grep -q . && break
		sleep 0.1
	done
	[ "$i" -lt 300 ] || fail "$1: the job did not complete in 30 s"
	# cupsd marks the job completed once the backend exits: wait for that.
	for i in $(seq 1 100); do
		lpstat -h "$CUPS_SERVER" -o "$q" 2>/dev/null | grep -q . || break
		sleep 0.1
	done
	sleep 1
	DIRS=("$r/spool" "$r/cache" "$r/tmp")
}

echo "== control: stock cupsd, no setup"
print_one control
hits "${DIRS[@]}" || fail "control: the document is not in the stock cupsd's spool, so the search proves nothing"
grep -q 'PERHATIAN' "$base/control.status.out" || fail "status did not warn about the stock cupsd"

echo "== after adm-kioskctl printer setup"
print_one setup setup
if hits "${DIRS[@]}"; then fail "document bytes left under cupsd's directories"; fi
grep -q 'PERHATIAN' "$base/setup.status.out" && fail "status still warns after setup"
ls -la "$base/rig-setup/spool"
echo "no byte of the document left in spool, cache or temp: ok"
ok=1
