#!/bin/bash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # make test runs it with sh
# test_events_offline.sh — the print log reaches the server although the
# server never took an event while the kiosk produced them:
#   1 kiosk run with POST events and heartbeat answered 503: a login, a
#     print (print.reserved, print.completed), a wrong password, logouts
#   2 the simulator is stopped; a new kiosk run (kiosk.started) tries to log
#     in (session.login_failed, server unreachable) and keeps running
#   3 the simulator comes back (same port and data, no faults) while that
#     kiosk runs: within a few heartbeats (server.heartbeat_s = 5, the
#     minimum) every row of the kiosk's print log is at /_admin/state — the
#     same ids, seq 1..N each once, and arrived in seq order (the simulator's
#     own insertion order, read from its database) — and nothing is pending.
set -u
. "$(dirname "$0")/peers-lib.sh"

peers_start events
conf server heartbeat_s 5
# Failed uploads back off with jitter (sched.c); capped at 8 s here so the
# return is seen well within the 30 s below.
conf server backoff_cap_s 8
sim_fault events status 503
sim_fault heartbeat status 503
T0=$(date +%s)
{
	login_and_confirm b1000001
	echo "tap print"
	echo "wait done 30000"
	echo "tap finish"
	echo "wait idle"
	echo "tap start"
	echo "wait login"
	echo "type 1610011203850001"
	echo "tap next"
	echo "type salah-salah"
	echo "tap login"
	echo "sleep 6000" # a refused login; at least one upload attempt (503)
} | kscript k1
kiosk_start k1
kiosk_wait 60 || fail "first kiosk still running after 60 s"
[ "$KRC" = 0 ] || fail "first kiosk script failed ($KRC)"
grep -q 'events not uploaded' "$RUN/k1.kiosk.log" || fail "no failed upload seen in phase 1"
state_to s1.json
[ "$(jq '.events | length' "$RUN/s1.json")" = 0 ] || fail "events arrived while faulted"
[ "$(res s1.json state)" = completed ] || fail "the print did not complete"

# 2: the server goes away.
SIMPID=$(cat "$RUN/sim.pid")
kill "$SIMPID"
gone() { ! kill -0 "$SIMPID" 2>/dev/null; }
until_ 10 gone || fail "simulator did not stop"
{
	echo "wait idle"
	echo "tap start"
	echo "wait login"
	echo "type 1610011203850001"
	echo "tap next"
	echo "type budi1234"
	echo "tap login"
	echo "sleep 1500" # refused at once: the server is unreachable
	echo "exec touch @RUN@/offline-done"
	echo "sleep 120000"
} | kscript k2
kiosk_start k2
until_ 45 test -e "$RUN/offline-done" || fail "offline login attempt did not finish"
sleep 6 # an upload attempt against the dead server

# 3: it comes back, the kiosk still running.
"$KIO_BUILD/adm-central-sim" --port "$PORT" --tls-dir "$RUN/tls" --data "$RUN/sim" \
	>"$RUN/sim2.log" 2>&1 </dev/null &
SIM_EXTRA_PIDS=$!
until_ 10 grep -q READY "$RUN/sim2.log" || fail "simulator did not restart: $(cat "$RUN/sim2.log")"
T_RET=$(date +%s)
pending() { sqlite3 -readonly "$RUN/data/kiosk.db" 'SELECT count(*) FROM events WHERE sent = 0' 2>/dev/null; }
all_in() {
	local n
	n=$(sim GET /_admin/state | jq '.events | length')
	[ "$n" -gt 0 ] && [ "$n" = "$(sqlite3 -readonly "$RUN/data/kiosk.db" 'SELECT count(*) FROM events')" ]
}
until_ 30 all_in || fail "events did not all arrive within 30 s of the server's return"
T_BACK=$(date +%s)
sleep 6 # one more upload round: nothing may arrive twice or late
kiosk_stop
state_to s3.json
kiosk_log_check

# The kiosk's view: id and seq of every row; the server's: what it stored.
sqlite3 -readonly -separator ' ' "$RUN/data/kiosk.db" 'SELECT seq, id, type FROM events ORDER BY seq' \
	>"$RUN/kiosk-events.txt" || fail "cannot read the kiosk's events"
jq -r '.events[] | "\(.seq) \(.id) \(.type)"' "$RUN/s3.json" >"$RUN/sim-events.txt"
n=$(wc -l <"$RUN/kiosk-events.txt")
diff "$RUN/kiosk-events.txt" "$RUN/sim-events.txt" >"$RUN/events.diff" ||
	fail "server's events differ from the print log: $(head -n 5 "$RUN/events.diff")"
[ "$(cut -d' ' -f1 "$RUN/sim-events.txt" | tr '\n' ' ')" = "$(seq 1 "$n" | tr '\n' ' ')" ] ||
	fail "seq not 1..$n: $(cut -d' ' -f1 "$RUN/sim-events.txt" | tr '\n' ' ')"
[ "$(cut -d' ' -f2 "$RUN/sim-events.txt" | sort | uniq -d | wc -l)" = 0 ] || fail "duplicate ids"
sqlite3 -readonly "$RUN/sim/sim.db" 'SELECT seq FROM events ORDER BY rowid' >"$RUN/arrival.txt" ||
	fail "cannot read the simulator's database"
sort -n -c "$RUN/arrival.txt" 2>/dev/null || fail "events arrived out of order: $(tr '\n' ' ' <"$RUN/arrival.txt")"
for t in kiosk.started session.login print.reserved print.completed session.login_failed session.logout; do
	grep -q " $t\$" "$RUN/sim-events.txt" || fail "no $t at the server"
done
[ "$(grep -c ' kiosk.started$' "$RUN/sim-events.txt")" = 2 ] || fail "expected 2 kiosk.started"
[ "$(pending)" = 0 ] || fail "$(pending) events still pending in the kiosk"
echo "  $n events, arrived in order, once; all in $((T_BACK - T_RET)) s after the server's return;" \
	"$(($(date +%s) - T0)) s total"
kill "$SIM_EXTRA_PIDS" && _pl_reap "$SIM_EXTRA_PIDS" 10
SIM_EXTRA_PIDS=""
ok=1
echo "events offline ok"
