#!/bin/bash
# test_scenario_scan.sh — the 2D scanner on the idle screen (fake scanner
# driver fed by the script's `scan` steps), against the real simulator whose
# documents' QR codes point at https://verify.example/v/<id> (the kiosk's
# kiosk.verify_url):
#   each of the three statuses with the FAQ's meaning, the kind and the date;
#   garbage, a foreign host and a path trick each get their own clear text;
#   a login QR from the citizen's phone (the simulator's phone side issues it)
#   logs in by claim and reaches the list; the same code again is expired; a
#   code for a locked account gets the locked text.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/scenario-lib.sh"
export KIO_SCANNER_DRIVER=fake
V=https://verify.example

SIM_ARGS="--verify-host verify.example" CONF_HOOK="$(conf kiosk verify_url $V)" \
	run_case scans <<KS
wait idle
scan $V/v/b1000001
wait scan
expect-text AKTIF
expect-text Dokumen ini diterbitkan sesuai prosedur dan sah.
expect-text Jenis dokumen: Kartu Keluarga
expect-text Diterbitkan: 3 November 2026
expect-text Data pribadi pemilik dokumen tidak ditampilkan.
screenshot aktif
tap finish
wait idle
scan $V/v/d2000001
wait scan
expect-text TIDAK AKTIF
expect-text Dokumen ini tidak berlaku lagi dan tidak dapat digunakan
screenshot tidak-aktif
scan $V/v/zz999999
expect-text TIDAK VALID
expect-text Dokumen ini mungkin palsu, atau kode QR-nya rusak
expect-text aplikasi VeryDS
screenshot tidak-valid
scan selamat pagi
expect-text Kode ini bukan kode QR dokumen Dukcapil.
scan https://evil.example/v/b1000001
expect-text Kode QR ini tidak mengarah ke layanan Dukcapil ini
screenshot foreign
scan $V/v/../../etc/passwd
expect-text Kode ini bukan kode QR dokumen Dukcapil.
scan $V/v/b1000001?x=<script>
expect-text Kode ini bukan kode QR dokumen Dukcapil.
tap finish
wait idle
# ---- a login QR shown by the citizen's phone
exec @SIMCTL@ phone-code $BUDI >@RUN@/budi.url
scan-file @RUN@/budi.url
wait list 15000
expect-text BUDI SANTOSO
tap logout
wait idle
scan-file @RUN@/budi.url
wait scan
expect-text Kode masuk sudah tidak berlaku.
tap finish
wait idle
exec @SIMCTL@ phone-code $AHMAD >@RUN@/ahmad.url
scan-file @RUN@/ahmad.url
wait scan 15000
expect-text Akun Anda dikunci untuk melindungi data Anda
tap finish
wait idle
KS

[ "$(n_events '"what":"verify","document"')" = 3 ] || fail "expected 3 verify requests"
has_event '"type":"scan","kind":"refused","value":"scan.unknown"'
has_event '"type":"scan","kind":"refused","value":"scan.foreign"'
[ "$(n_events '"what":"login_code_claim"')" = 3 ] || fail "expected 3 claims"
[ "$(n_logins)" = 0 ] || fail "a password login was sent"
log_has session.login "1610**********01"
log_has session.login_failed locked
# The scanned holder (the simulator answers "B*** S******") is never drawn
# nor logged.
! grep -qF 'B*** S' "$RUN/kiosk.log" "$RUN/events.jsonl" || fail "holder name in the logs"
no_nik_leak

# The real driver for USB scanners that type: the script's scan arrives as
# SDL text input and an Enter through the kiosk's input path; a person's
# typing on the login screen never reaches the scanner.
KIO_SCANNER_DRIVER=keyboard SIM_ARGS="--verify-host verify.example" \
	CONF_HOOK="$(conf kiosk verify_url $V)" run_case keyboard <<KS
wait idle
scan $V/v/d2000001
wait scan
expect-text TIDAK AKTIF
tap finish
wait idle
tap start
wait login
scan $V/v/b1000001
sleep 300
exec test "\$(grep -c '"type":"scan"' @RUN@/events.jsonl)" = 1
KS
[ "$(n_events '"type":"scan","kind":"verify","value":"d2000001"')" = 1 ] || fail "keyboard scan not seen"
grep -qF 'scanner: keyboard' "$RUN/kiosk.log" || fail "kiosk did not start the keyboard driver"
ok=1
echo "scenario scan ok"
