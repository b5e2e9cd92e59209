#!/bin/bash
# test_scenario_access.sh — a citizen who needs large text and spoken
# guidance prints a document at each supported screen size: large text and
# voice are switched on at the idle screen, then login → list → print → done
# against the real simulator and printer rig. Checks: the PDF arrives, the
# kiosk said each screen's title on entry ("speech" events, the exact texts
# handed to the synthesiser) and no NIK digits or password were ever said.
# (That the session's end turns the choices off again: test_sm.)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/scenario-lib.sh"
failed=""

for size in 1920x1080 1080x1920 1024x768; do
	want "$size" || continue
	w=${size%x*}
	h=${size#*x}
	orient=landscape
	[ "$h" -gt "$w" ] && orient=portrait
	(
	CONF_HOOK="$(conf screen width "$w")$(conf screen height "$h")$(conf screen orientation "$orient")" \
	run_case "$size" <<KS
wait idle
tap access-large
tap access-voice
screenshot idle-large
$(login $BUDI budi1234)
wait list 15000
expect-text Kartu Keluarga
screenshot list-large
tap doc-b1000001
wait confirm
screenshot confirm-large
tap print
wait printing
wait done 60000
screenshot done-large
tap finish
wait idle
KS
	spooled=$(find "$RUN/rig/ipp/spool" -type f -name '*.pdf' | head -n 1)
	[ -n "$spooled" ] || fail "nothing printed"
	cmp -s "$spooled" "$RUN/sim/docs/b1000001.pdf" || fail "printed file differs"
	jq -r 'select(.type=="speech") | .text' "$RUN/events.jsonl" >"$RUN/speech.txt"
	for title in "Masukkan NIK Anda" "Masukkan password" "Dokumen Anda" \
		"Periksa sebelum mencetak" "Sedang mencetak" "Silakan ambil dokumen Anda"; do
		grep -qF "$title" "$RUN/speech.txt" || fail "never said \"$title\""
	done
	grep -q "dari 16 dimasukkan" "$RUN/speech.txt" || fail "NIK digits not counted aloud"
	for i in $(seq 0 12); do
		part=${BUDI:$i:4}
		if grep -qF "$part" "$RUN/speech.txt"; then fail "NIK digits $part said"; fi
	done
	if grep -qi budi1234 "$RUN/speech.txt"; then fail "password said"; fi
	echo "  $size: large text + voice: printed, $(wc -l <"$RUN/speech.txt") utterances"
	) || failed="$failed $size"
done
[ -z "$failed" ] || { echo "failed:$failed"; exit 1; }
ok=1
echo "scenario access ok"
