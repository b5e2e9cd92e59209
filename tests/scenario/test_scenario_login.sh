#!/bin/bash
# test_scenario_login.sh — every way a login can fail, in one headless session
# against the real simulator, each with the text the citizen must see:
#   NIK rules (length, month, province) are checked before any request;
#   wrong password (api.invalid_credentials), not_verified, locked, the
#   server's too_many_attempts with its wait in minutes; and the kiosk's own
#   throttle: after 5 wrong passwords for one NIK the 6th (and a 7th with the
#   right password) never reach the server — the events file holds exactly
#   the requests that were sent and the simulator exactly 5 failed attempts.
# Other NIKs are not throttled: budi logs in at the end.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/scenario-lib.sh"

INVALID="Data user yang dimasukkan tidak sesuai. Pastikan memasukkan data yang benar!"
wrong() { # a wrong password on the password step; the server says 401
	printf '%s\n' "type $1" "tap login" "wait login 15000" "expect-text $INVALID"
}

run_case login-errors <<KS
# The server already counts 5 failures for rudi (429 with Retry-After ~600 s).
exec @SIMCTL@ bad-logins $RUDI 5
wait idle
tap start
wait login
# ---- local NIK rules: no request may leave the kiosk
type 161001120385
tap next
expect-text NIK harus 16 angka. Periksa kembali KTP-el Anda.
tap clear
type 1610011213850001
tap next
expect-text Bulan lahir pada NIK tidak sesuai.
tap clear
type 9910011203850001
tap next
expect-text Kode provinsi pada NIK tidak dikenal.
screenshot nik-province
exec ! grep -q '"what":"login"' @RUN@/events.jsonl
# ---- wrong password: stays on the password step
tap clear
type $BUDI
tap next
$(wrong salahsekali)
screenshot invalid-credentials
tap back
tap clear
# ---- not verified: back to the NIK step
type $SITI
tap next
type siti1234
tap login
wait login 15000
expect-text Pendaftaran akun Anda masih menunggu verifikasi petugas.
screenshot not-verified
tap clear
# ---- locked
type $AHMAD
tap next
type ahmad1234
tap login
wait login 15000
expect-text Akun Anda dikunci untuk melindungi data Anda
tap clear
# ---- the server's rate limit, with the wait it asked for (600 s = 10 minutes)
type $RUDI
tap next
type rudi1234
tap login
wait login 15000
expect-text Terlalu banyak percobaan masuk. Silakan tunggu 10 menit, lalu coba lagi.
screenshot too-many-attempts
tap back
tap clear
# ---- the kiosk's own throttle: 5 wrong passwords reach the server, the 6th not
type $DEWI
tap next
$(wrong salah0001)
$(wrong salah0002)
$(wrong salah0003)
$(wrong salah0004)
$(wrong salah0005)
exec test "\$(grep -c '"type":"request","what":"login"' @RUN@/events.jsonl)" = 9
type salah0006
tap login
expect-text Terlalu banyak percobaan masuk dengan NIK ini. Silakan tunggu 10 menit, lalu coba lagi.
screenshot local-throttle
type dewi1234
tap login
expect-text Terlalu banyak percobaan masuk dengan NIK ini.
exec test "\$(grep -c '"type":"request","what":"login"' @RUN@/events.jsonl)" = 9
# ---- another NIK is not throttled
tap back
tap clear
type $BUDI
tap next
type budi1234
tap login
wait list 15000
expect-text BUDI SANTOSO
tap logout
wait idle
sleep 300
KS

# Requests sent: budi, siti, ahmad, rudi, 5 × dewi, budi again.
[ "$(n_logins)" = 10 ] || fail "expected 10 login requests, got $(n_logins)"
for code in invalid_credentials not_verified locked too_many_attempts; do
	has_event "\"type\":\"result\",\"what\":\"login\",\"err\":\"$([ $code = too_many_attempts ] && echo net_busy || echo api)\",\"code\":\"$code\""
done
[ "$(n_events '"code":"invalid_credentials"')" = 6 ] || fail "expected 6 invalid_credentials answers"
attempts=$(sqlite3 "$RUN/sim/sim.db" "SELECT count(*) FROM attempts WHERE nik='$DEWI'")
[ "$attempts" = 5 ] || fail "simulator counted $attempts failed logins for dewi, wanted 5"
log_has session.login_failed invalid_credentials
log_has session.login_failed not_verified
log_has session.login_failed locked
log_has session.login_failed too_many_attempts
log_has session.login "1610**********01"
no_nik_leak

ok=1
echo "scenario login ok"
