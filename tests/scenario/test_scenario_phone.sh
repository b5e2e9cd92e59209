#!/bin/bash
# test_scenario_phone.sh — login with a phone (contract v1.1 login codes),
# headless against the real simulator and printer rig:
#   ok        the login screen's "Masuk dengan HP" shows a QR and the code; the
#             test decodes the QR from the kiosk's screenshot (zbarimg), confirms
#             that code for budi through the simulator's phone side, and the kiosk
#             reaches the list and prints the KK byte-identical; the kiosk polled
#             no faster than poll_s (2 s): fewer polls than seconds waited / 2 + 2
#   refusals  a code refused on the phone, confirmed for a not-verified and for a
#             locked account, each with its FAQ-worded text
#   expiry    a code left to expire (--code-ttl 3): its text, no poll after it
#   v1        a v1 server (no login codes): tapping the button says so and the
#             button is gone afterwards; the password login still works
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/scenario-lib.sh"

if want ok; then
run_case ok <<KS
wait idle
tap start
wait login
expect-text Masuk dengan HP
tap phone
wait phone
expect-text Kode masuk
expect-text detik lagi
sleep 500
screenshot phone-code
exec @SIMCTL@ confirm-qr @RUN@/shots/phone-code.png $BUDI
wait list 15000
expect-text BUDI SANTOSO
expect-text 1610**********01
tap doc-b1000001
wait confirm
tap print
wait printing
wait done 60000
tap finish
wait idle
KS
spooled=$(find "$RUN/rig/ipp/spool" -type f -name '*.pdf' | head -n 1)
[ -n "$spooled" ] || fail "nothing in the spool"
cmp -s "$spooled" "$RUN/sim/docs/b1000001.pdf" || fail "spooled file differs from the issued PDF"
has_event '"type":"print","err":"ok"'
# The document was downloaded and verified for its preview before "Cetak":
# the preview's answer comes before the print request, and the spool holds
# those bytes (cmp above).
has_event '"type":"preview","err":"ok"'
pv=$(grep -n '"type":"preview","err":"ok"' "$RUN/events.jsonl" | head -n 1 | cut -d: -f1)
pr=$(grep -n '"type":"request","what":"print"' "$RUN/events.jsonl" | head -n 1 | cut -d: -f1)
[ "$pv" -lt "$pr" ] || fail "printed before the preview was verified"
has_event '"what":"login_code","err":"ok","code":"","pending":"no"'
[ "$(n_logins)" = 0 ] || fail "a password login was sent"
log_has session.login "1610**********01"
log_has print.completed
# Polls: the first 2 s after the code, then 2 s after each answer. The code
# waited on screen about as long as the screenshot and the exec took.
polls=$(n_events '"what":"login_code_poll"')
t0=$(grep -F '"what":"login_code"}' "$RUN/events.jsonl" | head -n 1 | jq .t_ms)
t1=$(grep -F '"pending":"no"' "$RUN/events.jsonl" | head -n 1 | jq .t_ms)
max=$(( (t1 - t0) / 2000 + 1 ))
[ "$polls" -ge 1 ] && [ "$polls" -le "$max" ] ||
	fail "$polls polls in $((t1 - t0)) ms: faster than poll_s (max $max)"
echo "  $polls polls in $((t1 - t0)) ms (poll_s 2)"
no_nik_leak
fi

# confirm_case NIK [refuse]: the steps that log in by phone and confirm.
phone_steps() {
	printf '%s\n' "wait login" "tap phone" "wait phone" "expect-text Kode masuk" "sleep 300" \
		"screenshot code-$1" "exec @SIMCTL@ confirm-qr @RUN@/shots/code-$1.png $2 ${3:-}" \
		"sleep 2200" # the next poll is due within poll_s (2 s)
}
if want refusals; then
run_case refusals <<KS
wait idle
tap start
$(phone_steps refuse $BUDI refuse)
expect-text Masuk ditolak dari HP Anda.
screenshot refused
tap back
$(phone_steps siti $SITI)
expect-text Pendaftaran akun Anda masih menunggu verifikasi petugas.
tap back
$(phone_steps ahmad $AHMAD)
expect-text Akun Anda dikunci untuk melindungi data Anda
tap back
wait login
KS
log_has session.login_failed refused
log_has session.login_failed not_verified
log_has session.login_failed locked
[ "$(n_events '"err":"ok","code":"","pending":"no"')" = 0 ] || fail "a refused code logged in"
fi

# A code nobody confirms: the countdown runs out (--code-ttl 3) and the kiosk
# stops polling; a new code can be asked for.
if want expiry; then
SIM_ARGS="--code-ttl 3" run_case expiry <<KS
wait idle
tap start
wait login
tap phone
wait phone
expect-text detik lagi
sleep 4000
expect-text Kode masuk sudah tidak berlaku. Silakan minta kode baru.
screenshot expired
exec test "\$(grep -c '"what":"login_code_poll"' @RUN@/events.jsonl)" -le 2
sleep 2500
exec test "\$(grep -c '"what":"login_code_poll"' @RUN@/events.jsonl)" -le 2
tap phone-new
expect-text detik lagi
tap back
wait login
KS
fi

if want v1; then
SIM_ARGS="--v1" run_case v1 <<KS
wait idle
tap start
wait login
tap phone
wait login 15000
expect-text Masuk dengan HP belum tersedia di ADM ini.
exec ! grep -q '"what":"login_code_poll"' @RUN@/events.jsonl
type $BUDI
tap next
type budi1234
tap login
wait list 15000
tap logout
wait idle
tap start
wait login
KS
has_event '"what":"login_code"'
grep -q '"script","step"' "$RUN/events.jsonl" || true
fi

ok=1
echo "scenario phone ok"
