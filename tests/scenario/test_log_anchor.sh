#!/bin/bash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # make test runs it with sh
# test_log_anchor.sh — the print log against the server's copy (contract
# v1.1 "Print-log anchor"). A kiosk prints once against the real simulator;
# its heartbeats carry the log head and the simulator's answer is recorded
# as the acknowledged head. Then copies of the data directory are tampered
# with as someone with the disk would, each in a way the hash chain alone
# does not show, and `adm-kioskctl log verify` must name each one:
#   truncated   the last two rows deleted, the head record and the day
#               summary made to match (the chain verifies)
#   rewritten   every row from seq 2 changed and every hash recomputed (the
#               chain verifies)
#   forged      the truncation plus the recorded acknowledgement moved back
#               (its MAC, keyed by anchor.key outside the database, fails)
# An untouched copy passes, also with --server (the simulator's GET
# /log-head); --server catches the truncation even when the local record of
# the acknowledgement is gone; and a v1 server (no log head) is reported as
# not checkable, not as fine.
set -u
. "$(dirname "$0")/peers-lib.sh"
CTL="$KIO_BUILD/adm-kioskctl"

peers_start anchor
conf server heartbeat_s 5
{
	login_and_confirm b1000001
	echo "tap print"
	echo "wait done 30000"
	echo "tap finish"
	echo "wait idle"
	echo "sleep 120000"
} | kscript k1
kiosk_start k1
db="$RUN/data/kiosk.db"
q() { sqlite3 -readonly "$1" "$2" 2>/dev/null; }
acked() { # the acknowledged head has reached the log's head
	local a h
	a=$(q "$db" "SELECT ival FROM meta WHERE key = 'ack'")
	h=$(q "$db" "SELECT ival FROM meta WHERE key = 'head'")
	[ -n "$a" ] && [ "$a" = "$h" ] && [ "$(q "$db" 'SELECT count(*) FROM events WHERE sent = 0')" = 0 ]
}
until_ 60 acked || fail "the server's head was never recorded: $(q "$db" "SELECT * FROM meta")"
kiosk_stop
HEAD=$(q "$db" "SELECT ival FROM meta WHERE key = 'head'")
[ "$HEAD" -ge 4 ] || fail "too few rows ($HEAD) for the cases"
echo "log head seq $HEAD acknowledged by the server"
[ "$(stat -c %a "$RUN/data/anchor.key")" = 600 ] || fail "anchor.key is not 0600"

# verify WANT_STATUS DIR [ARGS]: log verify on DIR's copy; output in $RUN/out
verify() {
	local want=$1 dir=$2
	shift 2
	"$CTL" log verify --db "$dir/kiosk.db" "$@" >"$RUN/out" 2>&1
	local got=$?
	sed "s/^/  $(basename "$dir")| /" "$RUN/out"
	[ "$got" = "$want" ] || fail "log verify on $(basename "$dir") exited $got, want $want"
}
copy() { rm -rf "$RUN/$1"; cp -a "$RUN/data" "$RUN/$1"; }

copy pristine
verify 0 "$RUN/pristine"
grep -q "^ok $HEAD rows" "$RUN/out" || fail "untouched log not ok"
grep -q "^anchor: the log holds seq $HEAD as the server does" "$RUN/out" || fail "anchor not checked"
verify 0 "$RUN/pristine" --server --config "$RUN/kiosk.conf"
grep -q "^server: the log holds seq $HEAD as the server does" "$RUN/out" || fail "server head not checked"

copy truncated
sqlite3 "$RUN/truncated/kiosk.db" "
DELETE FROM events WHERE seq > $HEAD - 2;
UPDATE meta SET ival = $HEAD - 2, tval = (SELECT hash FROM events WHERE seq = $HEAD - 2) WHERE key = 'head';
DELETE FROM day_stats;
INSERT INTO day_stats (day, type, reason, n) SELECT substr(at, 1, 10), type, reason, count(*) FROM events GROUP BY 1, 2, 3;" ||
	fail "truncation failed"
verify 1 "$RUN/truncated"
grep -q "^ok $((HEAD - 2)) rows" "$RUN/out" || fail "the chain alone should not see the truncation"
grep -q "^TAMPERED (rows missing): .*seq $HEAD" "$RUN/out" || fail "truncation not named"
verify 1 "$RUN/truncated" --server --config "$RUN/kiosk.conf"
grep -q "^TAMPERED (rows missing)" "$RUN/out" || fail "server check missed the truncation"

copy rewritten
"$KIO_BUILD/tests/unit/test_store" --rewrite-db "$RUN/rewritten/kiosk.db" 2 || fail "rewrite failed"
verify 1 "$RUN/rewritten"
grep -q "^ok $HEAD rows" "$RUN/out" || fail "the chain alone should not see the rewrite"
grep -q "^TAMPERED (rewritten): row $HEAD " "$RUN/out" || fail "rewrite not named"
grep -q "TAMPERED (rows missing)\|acknowledgement altered" "$RUN/out" && fail "rewrite reported as something else"

cp -a "$RUN/truncated" "$RUN/forged"
sqlite3 "$RUN/forged/kiosk.db" "UPDATE meta SET ival = $HEAD - 2, tval = (SELECT hash FROM events WHERE seq = $HEAD - 2) WHERE key = 'ack'" ||
	fail "forging failed"
verify 1 "$RUN/forged"
grep -q "^TAMPERED (acknowledgement altered)" "$RUN/out" || fail "forged acknowledgement not named"
grep -q "TAMPERED (rows missing)" "$RUN/out" && fail "forged record should not be trusted"
# Deleting the record altogether leaves nothing local to compare; the server still knows.
sqlite3 "$RUN/forged/kiosk.db" "DELETE FROM meta WHERE key IN ('ack', 'ack_mac')"
verify 0 "$RUN/forged"
grep -q "^anchor: no acknowledged head yet" "$RUN/out" || fail "no record: not reported as such"
verify 1 "$RUN/forged" --server --config "$RUN/kiosk.conf"
grep -q "^TAMPERED (rows missing)" "$RUN/out" || fail "server check missed a truncation without a local record"

# A contract v1 server keeps no head: --server cannot vouch for the log.
SIMPID=$(cat "$RUN/sim.pid")
kill "$SIMPID"
until_ 10 sh -c "! kill -0 $SIMPID" || fail "simulator did not stop"
"$KIO_BUILD/adm-central-sim" --port "$PORT" --tls-dir "$RUN/tls" --data "$RUN/sim" --v1 \
	>"$RUN/sim-v1.log" 2>&1 </dev/null &
SIM_EXTRA_PIDS=$!
until_ 10 grep -q READY "$RUN/sim-v1.log" || fail "v1 simulator did not start"
verify 1 "$RUN/pristine" --server --config "$RUN/kiosk.conf"
grep -q "^server: keeps no log head (a contract v1 server)" "$RUN/out" || fail "v1 server not reported"
ok=1
echo "log anchor ok"
