#!/bin/bash
# test_fault_matrix_net.sh — the network and document rows of the fault
# matrix (the README's fault matrix), one case per row, each against the
# real simulator and printer rig. Every case asserts what the citizen sees
# (screen + text), what the print log records and what the server ends with.
# The document rows "hash mismatch" and "TIDAK AKTIF between listing and
# printing" live in test_scenario_documents.sh (hash-mismatch,
# inactive-at-reserve, inactive-at-verify, invalid-at-verify). A document
# fault now shows at the preview, before any reservation.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/scenario-lib.sh"
# Each case runs in a subshell: a failing row does not hide the rows after it.
failed=""

NOCONN="Server Dukcapil tidak dapat dihubungi."
NOTSURE="Mesin tidak dapat memastikan bahwa server yang dihubungi adalah server resmi Dukcapil"
KEPT="Kuota cetak Anda tidak terpakai."
sessions() { sqlite3 "$RUN/sim/sim.db" "SELECT count(*) FROM sessions"; }
attempts() { sqlite3 "$RUN/sim/sim.db" "SELECT count(*) FROM attempts"; }
ev_ms() { jq -r "select($1) | .t_ms" "$RUN/events.jsonl" | head -n 1; }

# ---- server down (from idle): heartbeat → idle says so; login fails fast; back up ----
if want server-down; then
(
# backoff_cap_s 4: a failed heartbeat is retried within 4 s (sched.c), so the
# idle screen sees the server's return within the 5.5 s below.
CONF_HOOK="$(conf server heartbeat_s 5)$(conf server backoff_cap_s 4)" run_case server-down <<KS
wait idle
exec @SIMCTL@ stop
sleep 5500
expect-text Pencetakan sedang tidak tersedia
expect-text Mesin belum dapat terhubung ke server Dukcapil.
screenshot idle-down
$(login $BUDI budi1234)
wait login 15000
expect-text $NOCONN
exec @SIMCTL@ start
tap back
tap back
wait idle
sleep 5500
expect-text Pencetakan tersedia
exec @SIMCTL@ state @RUN@/state.json
KS
has_event '"type":"result","what":"login","err":"net_connect"'
log_has session.login_failed net_connect
[ "$(sessions)" = 0 ] || fail "server holds a session"
[ "$(jq .heartbeats "$RUN/state.json")" -ge 1 ] || fail "no heartbeat after the restart"
) || failed="$failed server-down"
fi

# ---- DNS failure -------------------------------------------------------------------
if want dns; then
(
CONF_HOOK="$(conf server url https://kiosk-test.invalid)" run_case dns <<KS
$(login $BUDI budi1234)
wait login 15000
expect-text $NOCONN
screenshot dns
KS
has_event '"type":"result","what":"login","err":"net_dns"'
log_has session.login_failed net_dns
[ "$(sessions)$(attempts)" = 00 ] || fail "the server heard from the kiosk"
) || failed="$failed dns"
fi

# ---- TLS: a CA bundle that did not sign the server ------------------------------------
if want tls-wrong-ca; then
(
CONF_HOOK='"$KIO_BUILD/adm-central-sim" --tls-dir "$RUN/other-tls" --tls-only >/dev/null &&
	sed -i "s|^ca_bundle = .*|ca_bundle = $RUN/other-tls/ca.pem|" "$RUN/kiosk.conf"' \
run_case tls-wrong-ca <<KS
$(login $BUDI budi1234)
wait login 15000
expect-text $NOTSURE
screenshot tls
KS
has_event '"type":"result","what":"login","err":"net_tls"'
log_has session.login_failed net_tls
[ "$(sessions)$(attempts)" = 00 ] || fail "a login got through an unverified TLS session"
) || failed="$failed tls-wrong-ca"
fi

# ---- public-key pin: a wrong one refuses, the right one (control) works ----------------
if want wrong-pin; then
(
CONF_HOOK="$(conf server pinned_pubkey 'sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')" \
run_case wrong-pin <<KS
$(login $BUDI budi1234)
wait login 15000
expect-text $NOTSURE
KS
has_event '"type":"result","what":"login","err":"net_pin"'
log_has session.login_failed net_pin
[ "$(sessions)$(attempts)" = 00 ] || fail "a login got through a wrong pin"

CONF_HOOK='sed -i "/^\[server\]\$/a pinned_pubkey = $(cat "$RUN/tls/server.pin")" "$RUN/kiosk.conf"' \
run_case right-pin <<KS
$(login $BUDI budi1234)
wait list 15000
expect-text BUDI SANTOSO
KS
grep -q '^pinned_pubkey = sha256//' "$RUN/kiosk.conf" || fail "the pin was not configured"
) || failed="$failed wrong-pin"
fi

# ---- 5xx on the list: generic text + the server's message; session ended everywhere ----
if want 5xx; then
(
SIM_ARGS="--fault list=status:500" run_case 5xx <<KS
$(login $BUDI budi1234)
wait error 15000
expect-text Server tidak dapat memproses permintaan ini. Silakan coba lagi, atau hubungi petugas.
expect-text Pesan dari server: Layanan sedang sibuk (simulasi).
screenshot 5xx
tap dismiss
wait idle
sleep 500
KS
has_event '"type":"result","what":"list","err":"net_server","code":"server_error"'
log_has session.logout error
[ "$(sessions)" = 0 ] || fail "the server still holds the session"
) || failed="$failed 5xx"
fi

# ---- 429 with Retry-After on login: the server's message; no self-lockout -------------
if want 429; then
(
SIM_ARGS="--fault login=status:429" run_case 429 <<KS
$(login $BUDI budi1234)
wait login 15000
expect-text Layanan sedang sibuk (simulasi).
screenshot 429
exec @SIMCTL@ clear
type budi1234
tap login
wait list 15000
tap logout
wait idle
sleep 300
KS
has_event '"type":"result","what":"login","err":"net_busy","code":"too_many_requests"'
log_has session.login_failed too_many_requests
log_has session.login "1610**********01"
[ "$(sessions)" = 0 ] || fail "the server still holds the session"
) || failed="$failed 429"
fi

# ---- slow trickle: the preview's download is aborted by download_min_speed ------------
if want trickle; then
(
SIM_ARGS="--fault file=trickle:20" CONF_HOOK="$(conf server download_min_speed_s 3)" \
run_case trickle <<KS
$(login $BUDI budi1234)
wait list 15000
tap doc-b1000001
wait confirm
wait error 20000
expect-text Server Dukcapil terlalu lama menjawab. Silakan coba lagi.
expect-text $KEPT
screenshot trickle
exec @SIMCTL@ state @RUN@/state.json
KS
t0=$(ev_ms '.type=="request" and .what=="preview"')
t1=$(ev_ms '.type=="preview"')
took=$((t1 - t0))
[ "$took" -ge 2500 ] && [ "$took" -le 12000 ] || fail "download aborted after $took ms, wanted ~3000"
has_event '"type":"preview","err":"net_timeout"'
no_event '"type":"request","what":"print"'
[ "$(jq '.reservations | length' "$RUN/state.json")" = 0 ] || fail "a reservation was made"
[ "$(doc_used b1000001)" = 0 ] || fail "credit used"
[ "$(spooled)" = 0 ] || fail "printed"
) || failed="$failed trickle"
fi

# ---- truncated JSON on the list: cannot be read, session ended -------------------------
if want truncated-list; then
(
SIM_ARGS="--fault list=truncated" run_case truncated-list <<KS
$(login $BUDI budi1234)
wait error 15000
expect-text Jawaban server tidak dapat dibaca. Silakan coba lagi, atau hubungi petugas.
tap dismiss
wait idle
sleep 500
KS
has_event '"type":"result","what":"list","err":"net_protocol"'
log_has session.logout error
[ "$(sessions)" = 0 ] || fail "the server still holds the session"
) || failed="$failed truncated-list"
fi

# ---- truncated JSON on the reservation: the answer is lost, the reservation is not ------
# The citizen is told the credit is kept, so printing again at once must work.
if want truncated-reserve; then
(
run_case truncated-reserve <<KS
$(login $BUDI budi1234)
wait list 15000
tap doc-b1000001
wait confirm
exec @SIMCTL@ fault reserve truncated
tap print
wait error 15000
expect-text Jawaban server tidak dapat dibaca.
expect-text $KEPT
exec @SIMCTL@ clear
tap dismiss
wait list
tap doc-b1000001
wait confirm
tap print
wait done 15000
exec @SIMCTL@ state @RUN@/state.json
tap finish
wait idle
KS
has_event '"type":"print","err":"net_protocol"'
has_event '"type":"print","err":"ok"'
[ "$(reservations completed)" = 1 ] || fail "the second print was not completed"
[ "$(reservations open)" = 0 ] || fail "the lost reservation is still open"
[ "$(doc_used b1000001)" = 1 ] || fail "prints_used of b1000001 is not 1"
[ "$(spooled)" = 1 ] || fail "expected one printed document"
) || failed="$failed truncated-reserve"
fi

# ---- oversized bodies: a document with extra bytes, a 2 MiB list -----------------------
if want oversize; then
(
run_case oversize <<KS
$(login $BUDI budi1234)
wait list 15000
exec @SIMCTL@ fault file oversize
tap doc-b1000001
wait confirm
wait error 15000
expect-text Dokumen yang diterima tidak utuh sehingga tidak dicetak.
expect-text $KEPT
screenshot oversize-file
exec @SIMCTL@ clear
exec @SIMCTL@ state @RUN@/state.json
tap dismiss
wait list
exec @SIMCTL@ fault list oversize
tap logout
wait idle
$(login $BUDI budi1234)
wait error 15000
expect-text Jawaban server terlalu besar. Silakan hubungi petugas.
screenshot oversize-list
tap dismiss
wait idle
sleep 300
KS
has_event '"type":"preview","err":"doc_size"'
has_event '"type":"result","what":"list","err":"net_toobig"'
log_has document.rejected doc_size
[ "$(jq '.reservations | length' "$RUN/state.json")" = 0 ] || fail "a reservation was made"
[ "$(doc_used b1000001)" = 0 ] || fail "credit used"
[ "$(spooled)" = 0 ] || fail "printed"
) || failed="$failed oversize"
fi

# ---- clock jump: the wall clock moves ±hours mid-session (libfaketime, monotonic kept
# real like a real settimeofday/NTP step); the inactivity timer runs on CLOCK_MONOTONIC
# and must neither fire early nor late.
if want clock-jump; then
(
FT=$(ls /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || fail "libfaketime not installed (package faketime)"
WRAPPER="env LD_PRELOAD=$FT FAKETIME_TIMESTAMP_FILE=$BASE/clock-jump/faketime.rc FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1" \
CONF_HOOK="echo +0 >\"\$RUN/faketime.rc\"; $(conf kiosk inactivity_s 15)$(conf kiosk inactivity_warning_s 5)$(conf server heartbeat_s 5)" \
run_case clock-jump <<KS
$(login $BUDI budi1234)
wait list 15000
exec echo +7200 >@RUN@/faketime.rc
sleep 5500
wait list 100
screenshot plus-2h
# the heartbeat at 5 s was sent 2 h "later" than the kiosk started
exec @SIMCTL@ state @RUN@/state.json
exec echo -3600 >@RUN@/faketime.rc
sleep 3000
wait list 100
screenshot minus-1h
exec echo +0 >@RUN@/faketime.rc
sleep 6000
expect-text Masih di sini?
wait idle 8000
sleep 300
KS
login_at=$(jq -r --arg n "$(grep -n -m1 -x 'tap login' "$RUN/case.kscript" | cut -d: -f1)" \
	'select(.type=="script" and .step==$n) | .t_ms' "$RUN/events.jsonl")
idle_at=$(ev_ms '.type=="screen" and .screen=="idle"')
gap=$((idle_at - login_at))
[ "$gap" -ge 19500 ] && [ "$gap" -le 22000 ] || fail "logged out $gap ms after the last touch, wanted ~20000"
log_has session.logout inactivity
[ "$(sessions)" = 0 ] || fail "the server still holds the session"
# The uptime the kiosk reports is time since start, whatever the wall clock did.
up=$(jq -r '.last_heartbeat.uptime_s // empty' "$RUN/state.json")
[ -n "$up" ] || fail "no heartbeat during the jump"
[ "$up" -ge 0 ] && [ "$up" -le 60 ] || fail "heartbeat uptime_s = $up after ~6 s of running (wall clock +2 h)"
) || failed="$failed clock-jump"
fi

[ -z "$failed" ] || { echo "FAILED cases:$failed"; exit 1; }
ok=1
echo "fault matrix (network, documents) ok"
