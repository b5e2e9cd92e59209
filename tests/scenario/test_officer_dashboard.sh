#!/bin/bash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # make test runs it with sh
# test_officer_dashboard.sh — issue 15, through the whole kiosk (real
# simulator, cupsd, the rig's ADM-HVS queue) with printer.daily_cap = 2:
#
#   1. the technician records 20 sheets on the media page's number pad;
#   2. a citizen prints two documents and one more fails with paper out
#      (credit kept); the third successful print of the day is refused before
#      any reservation, and the citizen reads why (daily cap);
#   3. the officer dashboard (second kiosk run) shows the numbers
#      `adm-kioskctl log stats` counts, failures by cause in words, the sheets
#      left as `adm-kioskctl printer paper` counts them, the chain verified,
#      the log as sentences with the failures filter; it prints the daily
#      report on the rig (logged report.printed, charged to no citizen);
#   4. the printed report and `adm-kioskctl log report` are read back with
#      pdftotext (totals) and zbarimg (the QR holds the log head: the one
#      `log verify` prints, or for the rig's copy the row it was made at);
#   5. paper: one sheet left warns staff on the idle screen, printing it
#      makes printing unavailable until a refill is recorded.
set -u
export KIO_TECH_PIN=246810 KIO_OFFICER_PIN=135790
. "$(dirname "$0")/peers-lib.sh"
CTL="$KIO_BUILD/adm-kioskctl"

peers_start dashboard
conf printer queue ADM-HVS
conf printer daily_cap 2
DB="$RUN/data/kiosk.db"
{
	echo "wait idle"
	echo "key Ctrl+Alt+Shift+t"
	echo "wait technician"
	echo "type 246810"
	echo "tap tech-pin-submit"
	echo "sleep 1200"
	echo "tap tech-page-media"
	echo "sleep 1500"
	echo "type 20"
	echo "tap tech-paper-loaded"
	echo "sleep 2500"
	echo "expect-text Tercatat: 20 lembar kertas di printer."
	echo "tap tech-exit"
	echo "wait idle"
	login_and_confirm b1000001
	echo "tap print"
	echo "wait done 30000"
	echo "tap finish"
	echo "wait idle"
	echo "exec @ROOT@/tests/rig/rig.sh fault @RIG@ paper-out"
	login_and_confirm b1000002
	echo "tap print"
	echo "wait error 40000"
	echo "expect-text Kertas printer habis"
	echo "exec @ROOT@/tests/rig/rig.sh recover @RIG@"
	echo "tap dismiss"
	echo "wait list"
	echo "tap logout"
	echo "wait idle"
	echo "sleep 1500"
	login_and_confirm b1000003 | sed "s/^tap doc-/tap scroll-down\ntap doc-/"
	echo "tap print"
	echo "wait done 30000"
	echo "tap finish"
	echo "wait idle"
	echo "exec @RUN@/state.sh before-cap.json"
	login_and_confirm b1000003 | sed "s/^tap doc-/tap scroll-down\ntap doc-/"
	echo "tap print"
	echo "wait error 20000"
	echo "expect-text Batas cetak harian mesin ini sudah tercapai"
	echo "expect-text besok"
	echo "expect-text Kuota cetak Anda tidak terpakai"
	echo "screenshot daily-cap"
	echo "tap dismiss"
	echo "wait list"
	echo "tap logout"
	echo "wait idle"
} | kscript k1
kiosk_start k1
kiosk_wait 150 || fail "kiosk still running after 150 s"
[ "$KRC" = 0 ] || fail "print script failed ($KRC): $(grep -E '"script","error"|"type":"error"' "$RUN/k1.events.jsonl" | tail -n 3)"
EV1="$RUN/k1.events.jsonl"
grep -q '"type":"print","err":"printer","reason":"paper_out","credit_kept":"yes"' "$EV1" ||
	fail "no paper-out failure with the credit kept"
grep -q '"type":"print","err":"printer","reason":"daily_cap","credit_kept":"yes"' "$EV1" ||
	fail "the third print was not refused by the daily cap"
state_to after.json
[ "$(jq '.reservations | length' "$RUN/before-cap.json")" = 3 ] ||
	fail "reservations before the cap: $(jq -c .reservations "$RUN/before-cap.json")"
[ "$(n_res after.json)" = 3 ] || fail "a reservation was made past the daily cap"

# What the log says, as officers read it from the shell.
"$CTL" log stats --db "$DB" --since "$(date +%F)" >"$RUN/stats.txt" || fail "log stats"
prints=$(sed -n 's/^total: \([0-9]*\) prints, \([0-9]*\) failures$/\1/p' "$RUN/stats.txt")
fails=$(sed -n 's/^total: \([0-9]*\) prints, \([0-9]*\) failures$/\2/p' "$RUN/stats.txt")
[ "$prints" = 2 ] && [ "$fails" = 1 ] || fail "log stats: $(cat "$RUN/stats.txt")"
paper_out=$(awk '$2 == "print.failed" && $3 == "paper_out" {print $4}' "$RUN/stats.txt")
[ "$paper_out" = 1 ] || fail "log stats has no paper_out row: $(cat "$RUN/stats.txt")"
"$CTL" printer paper --db "$DB" >"$RUN/paper.txt" || fail "printer paper"
sheets=$(sed -n 's/^sheets: \([0-9]*\) left.*/\1/p' "$RUN/paper.txt")
"$CTL" log export --db "$DB" --format json >"$RUN/log.json" || fail "log export"
used=$(jq -s '[.[] | select(.type == "print.completed") | .pages] | add' "$RUN/log.json")
[ -n "$sheets" ] && [ "$sheets" = $((20 - used)) ] || fail "sheets: $(cat "$RUN/paper.txt"), $used pages printed of 20"

day=$(date +%F)
{
	echo "wait idle"
	echo "key Ctrl+Alt+Shift+o"
	echo "wait officer"
	echo "type 135790"
	echo "tap officer-pin-submit"
	echo "sleep 3000"
	echo "expect-text Dokumen tercetak: $prints"
	echo "expect-text Gagal: $fails"
	echo "expect-text Kertas habis: $paper_out"
	echo "expect-text Kuota dikembalikan: 1"
	echo "expect-text Sisa kertas: $sheets lembar"
	echo "expect-text Sisa cetak hari ini: 0 dari 2"
	echo "expect-text Log cetak: utuh (rantai terverifikasi)"
	echo "expect-text Akta Kelahiran — gagal: kertas habis, kuota dikembalikan — NIK 1610**********01"
	echo "expect-text Kartu Keluarga — tercetak"
	echo "screenshot officer-today"
	echo "tap officer-filter-failures"
	echo "sleep 2000"
	echo "expect-text Akta Kelahiran — gagal: kertas habis"
	echo "screenshot officer-failures"
	echo "tap officer-print-report"
	echo "sleep 8000"
	echo "expect-text Laporan harian $day tercetak."
	echo "tap officer-exit"
	echo "wait idle"
} | kscript k2
kiosk_start k2
kiosk_wait 60 || fail "officer kiosk still running after 60 s"
[ "$KRC" = 0 ] || fail "officer script failed ($KRC): $(grep -E '"script","error"' "$RUN/k2.events.jsonl" | tail -n 2)"
grep -q "\"type\":\"officer\",\"docs\":\"$prints\",\"pages\":\"$used\",\"failures\":\"$fails\",\"credits_back\":\"1\"" "$RUN/k2.events.jsonl" ||
	fail "dashboard numbers differ from log stats: $(grep '"officer"' "$RUN/k2.events.jsonl" | head -n 1)"
! grep -q '1610011203850001' "$RUN/k2.kiosk.log" "$RUN/k2.events.jsonl" || fail "a NIK in clear"

# The report printed on the rig: one ADM-HVS job titled DAILY-REPORT,
# logged report.printed with no citizen, and its sheet counted.
opts=$(grep -l '^title=DAILY-REPORT$' "$OUT_DIR"/job-*.opts 2>/dev/null)
[ "$(printf '%s\n' "$opts" | grep -c .)" = 1 ] || fail "expected one DAILY-REPORT job on the rig: $opts"
pdf="${opts%.opts}.bin"
"$CTL" log export --db "$DB" --format json --type report.printed >"$RUN/report-ev.json"
[ "$(jq -s 'length' "$RUN/report-ev.json")" = 1 ] && [ "$(jq -r .nik_masked "$RUN/report-ev.json")" = null ] ||
	fail "report.printed: $(cat "$RUN/report-ev.json")"
state_to final.json
[ "$(n_res final.json)" = 3 ] || fail "printing the report touched a reservation"
"$CTL" printer paper --db "$DB" | grep -q "^sheets: $((sheets - 1)) left" || fail "the report's sheet not counted"

# read_report PDF: its text to RUN/r.txt, its QR payload to RUN/r.qr.
read_report() {
	pdftotext "$1" "$RUN/r.txt" || fail "pdftotext $1"
	pdftoppm -r 200 -png -singlefile "$1" "$RUN/r" || fail "pdftoppm $1"
	zbarimg -q --raw "$RUN/r.png" >"$RUN/r.qr" || fail "zbarimg found no QR in $1"
}
read_report "$pdf"
grep -q "Laporan Harian ADM" "$RUN/r.txt" || fail "report title: $(head -n 5 "$RUN/r.txt")"
grep -q "ADM-1610-001" "$RUN/r.txt" && grep -q "$day" "$RUN/r.txt" || fail "kiosk id or date missing"
grep -q "Dokumen tercetak" "$RUN/r.txt" && grep -qx "$prints" "$RUN/r.txt" && grep -q "Kertas habis" "$RUN/r.txt" ||
	fail "totals missing from the printed report: $(tr '\n' '|' <"$RUN/r.txt")"
read -r w1 w2 qkiosk qseq qhash <"$RUN/r.qr"
[ "$w1 $w2 $qkiosk" = "adm-kiosk log-head ADM-1610-001" ] || fail "QR payload: $(cat "$RUN/r.qr")"
# Made just before its own report.printed row: the row before that one.
"$CTL" log export --db "$DB" --format json >"$RUN/log2.json" || fail "log export"
rseq=$(jq -r 'select(.type == "report.printed") | .seq' "$RUN/log2.json")
[ "$qseq" = $((rseq - 1)) ] &&
	jq -s -e "any(.[]; .seq == $qseq and .hash == \"$qhash\")" "$RUN/log2.json" >/dev/null ||
	fail "the printed QR's head (seq $qseq $qhash) is not the row before report.printed ($rseq)"

# adm-kioskctl's report of today: the QR holds exactly the head log verify prints.
"$CTL" log report --config "$RUN/kiosk.conf" --date "$day" --out "$RUN/report.pdf" >/dev/null ||
	fail "log report"
"$CTL" log verify --db "$DB" >"$RUN/verify.txt" || fail "log verify: $(cat "$RUN/verify.txt")"
read_report "$RUN/report.pdf"
head=$(sed -n 's/^head: seq \([0-9]*\) hash \([0-9a-f]*\)$/\1 \2/p' "$RUN/verify.txt")
read -r w1 w2 qkiosk qseq qhash <"$RUN/r.qr"
[ -n "$head" ] && [ "$qseq $qhash" = "$head" ] || fail "QR $qseq $qhash, log verify head $head"
grep -q "Dokumen tercetak" "$RUN/r.txt" && grep -qx "$prints" "$RUN/r.txt" || fail "ctl report totals"
# Paper that reconciles: one sheet left by the count warns staff on the idle
# screen; once it is printed, printing is unavailable until a refill is
# recorded (here from the shell), and the idle screen says why.
conf printer daily_cap 0
conf printer low_sheets 5
"$CTL" printer paper --config "$RUN/kiosk.conf" --set 1 | grep -q '^sheets: 1 left' || fail "printer paper --set 1"
{
	echo "wait idle"
	echo "sleep 6000"
	echo "expect-text Untuk petugas: kertas tinggal 1 lembar"
	echo "screenshot paper-low"
	login_and_confirm b1000003 | sed "s/^tap doc-/tap scroll-down\ntap doc-/"
	echo "tap print"
	echo "wait done 30000"
	echo "tap finish"
	echo "wait idle"
	echo "sleep 6000"
	echo "expect-text Kertas habis menurut hitungan"
	echo "screenshot paper-empty"
	echo "exec @ROOT@/build/adm-kioskctl printer paper --config @RUN@/kiosk.conf --set 300"
	echo "sleep 6000"
	echo "expect-text Pencetakan tersedia"
} | sed "s|@ROOT@/build|$KIO_BUILD|" | kscript k3
kiosk_start k3
kiosk_wait 90 || fail "paper kiosk still running after 90 s"
[ "$KRC" = 0 ] || fail "paper script failed ($KRC): $(grep -E '"script","error"' "$RUN/k3.events.jsonl" | tail -n 2)"
"$CTL" printer paper --db "$DB" | grep -q '^sheets: 300 left' || fail "refill of 300 not counted"

ok=1
echo "officer dashboard ok: $prints prints, $fails failure, $sheets sheets, head seq $qseq"
