#!/bin/bash
# test_scenario_session.sh — the session ends when it should and never when a
# citizen presses the wrong key:
#   inactivity    kiosk.inactivity_s = 15 (the minimum), warning 5 s: the
#                 overlay and its countdown appear, "stay" restarts the timer,
#                 then the kiosk logs out by itself (print log: inactivity;
#                 the server's session is deleted)
#   network-loss  the simulator is stopped mid-session: paging, login and
#                 printing each end on a clear error within seconds (credit
#                 kept); once it is back the same kiosk logs in and prints
#   escape-keys   Escape, Alt+F4, Alt+Tab, Ctrl+q, Ctrl+w, Super on idle,
#                 login, list and confirm change nothing; the kiosk keeps running
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/scenario-lib.sh"
# Each case runs in a subshell: a failing case does not hide the ones after it.
failed=""

# t_ms of the event that finished script line N (the step of that line).
step_ms() { jq -r --arg n "$1" 'select(.type=="script" and .step==$n) | .t_ms' "$RUN/events.jsonl"; }
line_of() { grep -n -m1 -xF -- "$1" "$RUN/case.kscript" | cut -d: -f1; }
screen_ms() { jq -r --arg s "$1" 'select(.type=="screen" and .screen==$s) | .t_ms' "$RUN/events.jsonl" | tail -n 1; }

# ---- inactivity: warning, stay, logout -----------------------------------------------
if want inactivity; then
(
CONF_HOOK="$(conf kiosk inactivity_s 15)$(conf kiosk inactivity_warning_s 5)" \
run_case inactivity <<KS
$(login $BUDI budi1234)
wait list 15000
sleep 14500
expect-text Masih di sini?
expect-text Demi keamanan data Anda, sesi akan berakhir dalam
screenshot warning
tap stay
sleep 14500
expect-text sesi akan berakhir dalam 5 detik.
sleep 1500
expect-text sesi akan berakhir dalam 3 detik.
wait idle 6000
expect-text Cetak dokumen kependudukan Anda sendiri
sleep 2600
KS
stay=$(step_ms "$(line_of 'tap stay')")
login_at=$(step_ms "$(line_of 'tap login')")
idle_at=$(screen_ms idle)
# Warned at 15 s, logged out 20 s after the last touch ("stay"), not before.
gap=$((idle_at - stay))
[ "$gap" -ge 19500 ] && [ "$gap" -le 22000 ] || fail "logout $gap ms after 'stay', wanted ~20000"
[ $((idle_at - login_at)) -ge 34000 ] || fail "'stay' did not restart the timer"
has_event '"type":"request","what":"logout"'
has_event '"type":"session","what":"wiped"'
# Back on the idle screen the UI gives the session's memory back (issue 20).
wiped=$(jq -r 'select(.type=="session" and .what=="wiped") | .t_ms' "$RUN/events.jsonl" | tail -n 1)
compacted=$(jq -r 'select(.type=="memory" and .what=="compacted") | .t_ms' "$RUN/events.jsonl" | tail -n 1)
[ -n "$compacted" ] && [ "$compacted" -gt "$wiped" ] ||
	fail "no compaction after the wipe (wiped at $wiped ms, compacted at ${compacted:-never})"
log_has session.logout inactivity
sessions=$(sqlite3 "$RUN/sim/sim.db" "SELECT count(*) FROM sessions")
[ "$sessions" = 0 ] || fail "the server still holds $sessions session(s)"
) || failed="$failed inactivity"
fi

# ---- network loss mid-session ----------------------------------------------------------
NOCONN="Server Dukcapil tidak dapat dihubungi."
if want network-loss; then
(
run_case network-loss <<KS
$(login $RUDI rudi1234)
wait list 15000
exec @SIMCTL@ stop
# paging needs the server: a clear error, the session ends
tap page-next
wait error 15000
expect-text $NOCONN
screenshot list-down
tap dismiss
wait idle
# logging in while it is down
$(login $RUDI rudi1234)
wait login 15000
expect-text $NOCONN
screenshot login-down
# it comes back: the same kiosk logs in
exec @SIMCTL@ start
type rudi1234
tap login
wait list 15000
# printing while it is down: nothing printed, credit kept
tap doc-r3000001
wait confirm
exec @SIMCTL@ stop
tap print
wait error 15000
expect-text $NOCONN
expect-text Kuota cetak Anda tidak terpakai.
screenshot print-down
tap dismiss
wait list
exec @SIMCTL@ start
tap doc-r3000002
wait confirm
tap print
wait done 60000
exec @SIMCTL@ state @RUN@/state.json
tap finish
wait idle
sleep 300
KS
[ "$(n_events '"type":"error","key":"error.net_connect"')" = 2 ] || fail "expected 2 error screens with error.net_connect"
has_event '"type":"result","what":"login","err":"net_connect"'
has_event '"type":"print","err":"net_connect"'
has_event '"type":"print","err":"ok"'
[ "$(doc_used r3000001)" = 0 ] || fail "r3000001 credit used"
[ "$(doc_used r3000002)" = 1 ] || fail "r3000002 not counted as printed"
[ "$(reservations completed)" = 1 ] || fail "expected one completed reservation"
[ "$(reservations open)" = 0 ] || fail "a reservation was left open"
[ "$(spooled)" = 1 ] || fail "expected exactly one printed document"
log_has print.completed r3000002
no_nik_leak
) || failed="$failed network-loss"
fi

# ---- keys that must not let a citizen out ----------------------------------------------
if want escape-keys; then
(
keys() { printf 'key %s\n' Escape Alt+F4 Alt+Tab Ctrl+q Ctrl+w Ctrl+Alt+Delete Super+d Alt+Escape; }
run_case escape-keys <<KS
wait idle
$(keys)
wait idle 100
tap start
wait login
type 1610011203850001
$(keys)
wait login 100
expect-text 1610 0112 0385 0001
tap next
type budi1234
tap login
wait list 15000
$(keys)
sleep 300
wait list 100
expect-text BUDI SANTOSO
tap doc-b1000001
wait confirm
$(keys)
sleep 300
wait confirm 100
tap back
wait list
tap logout
wait idle
KS
# The only screens: login, loading, list, confirm, list, idle — nothing from a key.
screens=$(jq -r 'select(.type=="screen") | .screen' "$RUN/events.jsonl" | tr '\n' ' ')
[ "$screens" = "login loading list confirm list idle " ] || fail "screens were: $screens"
[ "$(n_events '"type":"script","result":"ok"')" = 1 ] || fail "the kiosk did not run to the script's end"
) || failed="$failed escape-keys"
fi

[ -z "$failed" ] || { echo "FAILED cases:$failed"; exit 1; }
ok=1
echo "scenario session ok"
