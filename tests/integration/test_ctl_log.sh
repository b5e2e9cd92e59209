#!/bin/sh
# test_ctl_log.sh — adm-kioskctl log show/export/verify/stats on a real log.
#
# The log is written by the store itself (`test_store --make-db`, rows need
# valid hashes), then read by the real adm-kioskctl as an officer would:
# filters, CSV (parsed back with Python's csv module), JSON Lines (each line
# parsed, the chain re-linked), verify before and after tampering with the
# sqlite3 CLI, stats, and the database chosen via --config.
# Env: KIO_BUILD (build dir), KIO_ROOT (source tree).
set -u
: "${KIO_BUILD:?}" "${KIO_ROOT:?}"
case "$KIO_BUILD" in /*) ;; *) KIO_BUILD="$KIO_ROOT/$KIO_BUILD" ;; esac
CTL="$KIO_BUILD/adm-kioskctl"
MKDB="$KIO_BUILD/tests/unit/test_store"
# The fixture's times are WIB; a fixed zone makes "YYYY-MM-DD" mean WIB days.
TZ=WIB-7
export TZ
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
DB="$tmp/kiosk.db"

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# run WANT_STATUS CMD...: stdout in $tmp/out, stderr in $tmp/err
run() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "'$*' exited $got, want $want"
		sed 's/^/    | /' "$tmp/out" "$tmp/err"
	fi
}

# expect TEXT: stdout contains the fixed string TEXT
expect() {
	grep -qF -- "$1" "$tmp/out" || { fail "output lacks '$1'"; sed 's/^/    | /' "$tmp/out"; }
}

# lines N: stdout has exactly N lines
lines() {
	n=$(wc -l <"$tmp/out")
	[ "$n" -eq "$1" ] || { fail "want $1 lines, got $n"; sed 's/^/    | /' "$tmp/out"; }
}

[ -x "$CTL" ] || { echo "FAIL: $CTL not built"; exit 1; }
[ -x "$MKDB" ] || { echo "FAIL: $MKDB not built (test_store makes the fixture)"; exit 1; }
"$MKDB" --make-db "$DB" 2>/dev/null || { echo "FAIL: cannot make the fixture log"; exit 1; }

# ---- verify -------------------------------------------------------------------
run 0 "$CTL" log verify --db "$DB"
expect "ok 9 rows"

# ---- show and filters ---------------------------------------------------------
run 0 "$CTL" log show --db "$DB"
lines 9
expect "jam, \"tray 2\""
run 0 "$CTL" log show --db "$DB" --type print.completed
lines 4
run 0 "$CTL" log show --db "$DB" --since 2026-11-23 --until 2026-11-23
lines 3
expect "document.rejected"
run 0 "$CTL" log show --db="$DB" --since=2026-11-24T00:00:00+07:00 --type=print.failed
lines 1
expect "2026-11-24T00:00:00+07:00"
run 0 "$CTL" log show --db "$DB" --until 2026-11-22T09:05:00+07:00
lines 1
run 2 "$CTL" log show --db "$DB" --since yesterday
run 2 "$CTL" log show --db "$DB" --colour
run 2 "$CTL" log show --db
run 2 "$CTL" log frobnicate --db "$DB"
run 2 "$CTL" log
run 1 "$CTL" log show --db "$tmp/missing.db"

# ---- export csv (RFC 4180, parsed back) --------------------------------------------
run 0 "$CTL" log export --db "$DB" --format csv --out "$tmp/log.csv"
mode=$(stat -c %a "$tmp/log.csv")
[ "$mode" = 600 ] || fail "export file mode $mode, want 600"
python3 - "$tmp/log.csv" <<'EOF' || fail "csv export"
import csv, sys
raw = open(sys.argv[1], newline="").read()
assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", ""), "CRLF line ends"
rows = list(csv.reader(open(sys.argv[1], newline=""), strict=True))
head = ["seq", "id", "at", "type", "document_id", "application", "kind",
        "nik_masked", "pages", "job_id", "reason", "prev_hash", "hash"]
assert rows[0] == head, rows[0]
assert len(rows) == 10, len(rows)
assert rows[7][10] == 'jam, "tray 2"', rows[7]
assert rows[8][3] == "session.login" and rows[8][8] == "" and rows[8][9] == ""
assert rows[1][11] == "0" * 64
for a, b in zip(rows[1:], rows[2:]):
    assert b[11] == a[12], "chain"
EOF
run 0 "$CTL" log export --db "$DB" --format csv --type print.failed
lines 3
# A field that a spreadsheet would run as a formula is exported as text.
cp "$DB" "$tmp/formula.db"
sqlite3 "$tmp/formula.db" "UPDATE events SET reason = '=HYPERLINK(\"http://x\",\"y\")' WHERE seq = 1;
UPDATE events SET application = '+1-2', kind = '@SUM(A1)', document_id = '-3' WHERE seq = 2"
run 0 "$CTL" log export --db "$tmp/formula.db" --format csv --out "$tmp/formula.csv"
python3 - "$tmp/formula.csv" <<'EOF' || fail "csv formula neutralisation"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline=""), strict=True))
assert rows[1][10] == "'=HYPERLINK(\"http://x\",\"y\")", rows[1][10]
assert rows[2][5] == "'+1-2" and rows[2][6] == "'@SUM(A1)" and rows[2][4] == "'-3", rows[2]
for r in rows[1:]:
    for cell in r:
        assert not cell or cell[0] not in "=+-@\t\r", (r, cell)
EOF
run 2 "$CTL" log export --db "$DB"
run 2 "$CTL" log export --db "$DB" --format xml
run 1 "$CTL" log export --db "$DB" --format csv --out "$tmp/no/such/dir/x.csv"

# ---- export json (JSON Lines, the /events object shape) -----------------------------
run 0 "$CTL" log export --db "$DB" --format json
lines 9
cp "$tmp/out" "$tmp/log.jsonl"
python3 - "$tmp/log.jsonl" <<'EOF' || fail "json export"
import json, sys
keys = {"id", "seq", "at", "type", "document_id", "application", "kind",
        "nik_masked", "pages", "job_id", "reason", "prev_hash", "hash"}
evs = [json.loads(l) for l in open(sys.argv[1])]
assert len(evs) == 9
for e in evs:
    assert set(e) == keys, set(e) ^ keys
assert [e["seq"] for e in evs] == list(range(1, 10))
assert evs[0]["prev_hash"] == "0" * 64
for a, b in zip(evs, evs[1:]):
    assert b["prev_hash"] == a["hash"]
login = evs[7]
assert login["document_id"] is None and login["pages"] is None and login["reason"] is None
assert evs[0]["job_id"] == 40 and evs[1]["job_id"] is None
assert evs[6]["reason"] == 'jam, "tray 2"'
EOF

# ---- stats -------------------------------------------------------------------------
run 0 "$CTL" log stats --db "$DB"
expect "total: 4 prints, 3 failures"
expect "media-empty"
grep -q "^2026-11-23 .*print.completed .* 2$" "$tmp/out" || fail "stats: 2 prints on 2026-11-23"
grep -q "print.released" "$tmp/out" && fail "stats counts print.released"
run 0 "$CTL" log stats --db "$DB" --since 2026-11-24
expect "total: 1 prints, 1 failures"
run 2 "$CTL" log stats --db "$DB" --type print.completed

# ---- database from --config ----------------------------------------------------------
EXAMPLE="$KIO_ROOT/kiosk-config/kiosk.conf.example"
if [ -f "$EXAMPLE" ] && grep -q '^data_dir' "$EXAMPLE"; then
	mkdir -p "$tmp/data"
	cp "$DB" "$tmp/data/kiosk.db"
	sed "s|^data_dir *=.*|data_dir = $tmp/data|" "$EXAMPLE" >"$tmp/kiosk.conf"
	if "$CTL" config check "$tmp/kiosk.conf" >/dev/null 2>&1; then
		run 0 "$CTL" log verify --config "$tmp/kiosk.conf"
		expect "ok 9 rows"
	else
		echo "SKIP: --config case (example config does not pass config check)"
	fi
else
	echo "SKIP: --config case ($EXAMPLE has no data_dir yet)"
fi
run 1 "$CTL" log verify --config "$tmp/missing.conf"

# ---- tampering ------------------------------------------------------------------------
cp "$DB" "$tmp/t1.db"
sqlite3 "$tmp/t1.db" "UPDATE events SET pages = 2 WHERE seq = 4"
run 1 "$CTL" log verify --db "$tmp/t1.db"
expect "TAMPERED at seq 4"

cp "$DB" "$tmp/t2.db"
sqlite3 "$tmp/t2.db" "DELETE FROM events WHERE seq = 9"
run 1 "$CTL" log verify --db "$tmp/t2.db"
expect "TAMPERED at seq 9"

cp "$DB" "$tmp/t3.db"
sqlite3 "$tmp/t3.db" "UPDATE events SET seq = 0 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = 0"
run 1 "$CTL" log verify --db "$tmp/t3.db"
expect "TAMPERED at seq 2"

# Queries stay usable on a tampered log (officers must still see it).
run 0 "$CTL" log show --db "$tmp/t1.db"
lines 9

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
