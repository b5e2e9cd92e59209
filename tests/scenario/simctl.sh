#!/bin/bash
# simctl.sh — drive the simulator of a scenario run (tests/run-demo.sh) from a
# test or from a kiosk script's `exec` step: faults, document flips, state,
# stopping and restarting it. The run directory comes from KIO_RUN_DIR.
#
#   simctl.sh fault EP KIND [ARG]   POST /_admin/fault (see tests/sim/main.c)
#   simctl.sh clear                 DELETE /_admin/fault
#   simctl.sh doc ID STATUS         POST /_admin/document {"id":ID,"status":STATUS}
#   simctl.sh state [FILE]          GET /_admin/state (to FILE or stdout)
#   simctl.sh reset-attempts        POST /_admin/reset-attempts
#   simctl.sh bad-logins NIK N      N logins with a wrong password, straight to the API
#   simctl.sh stop                  stop the simulator (pid from RUN/sim.pid)
#   simctl.sh start                 start it again on the same port and data
#   simctl.sh wait-reservation DOC STATE   until the sim holds such a reservation (5 s)
#   simctl.sh confirm-code CODE NIK [refuse]  the phone confirms (refuses) a login code
#   simctl.sh confirm-qr PNG NIK [refuse]     the same for the code whose QR is in PNG
#                                   (a kiosk screenshot; decoded with zbarimg, so the
#                                   QR on screen must carry the code's URL)
#   simctl.sh phone-code NIK        a confirmed code the phone shows; prints its URL
set -u
# Under faketime (clock tests) the kiosk's children inherit the fake clock:
# the tools here must see the real one (TLS validity).
unset LD_PRELOAD FAKETIME FAKETIME_TIMESTAMP_FILE
: "${KIO_BUILD:=build}"
RUN=${KIO_RUN_DIR:?KIO_RUN_DIR not set}
PORT=$(cat "$RUN/sim.port" 2>/dev/null)
URL="https://localhost:$PORT"
CURL=(curl -sS --max-time 10 --cacert "$RUN/tls/ca.pem" --cert "$RUN/tls/kiosk.pem"
	--key "$RUN/tls/kiosk.key" -H "X-Kiosk-Id: ADM-1610-001")

admin() { # METHOD PATH [JSON]
	local out
	out=$("${CURL[@]}" -X "$1" ${3:+-H "Content-Type: application/json" --data "$3"} \
		-w '\n%{http_code}' "$URL$2") || { echo "simctl: $1 $2 failed" >&2; return 1; }
	local code=${out##*$'\n'}
	[ "${code:0:1}" = 2 ] || { echo "simctl: $1 $2 -> $code: ${out%$'\n'*}" >&2; return 1; }
	printf '%s\n' "${out%$'\n'*}"
}

case "${1:-}" in
fault)
	arg=${4:+,\"arg\":$4}
	admin POST /_admin/fault "{\"endpoint\":\"$2\",\"kind\":\"$3\"$arg}" >/dev/null ;;
clear) admin DELETE /_admin/fault >/dev/null ;;
doc) admin POST /_admin/document "{\"id\":\"$2\",\"status\":\"$3\"}" >/dev/null ;;
state)
	if [ -n "${2:-}" ]; then admin GET /_admin/state >"$2"; else admin GET /_admin/state; fi ;;
reset-attempts) admin POST /_admin/reset-attempts '{}' >/dev/null ;;
bad-logins)
	for _ in $(seq 1 "$3"); do
		code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H "Content-Type: application/json" \
			--data "{\"nik\":\"$2\",\"password\":\"salah-salah\"}" "$URL/api/v1/kiosk/sessions")
		[ "$code" = 401 ] || { echo "simctl: bad login got $code" >&2; exit 1; }
	done ;;
stop)
	pid=$(cat "$RUN/sim.pid")
	kill "$pid" 2>/dev/null
	for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.05; done
	echo "simctl: simulator $pid did not stop" >&2; exit 1 ;;
start)
	"$KIO_BUILD/adm-central-sim" --port "$PORT" --tls-dir "$RUN/tls" --data "$RUN/sim" \
		>"$RUN/sim2.log" 2>&1 </dev/null &
	echo $! >"$RUN/sim.pid"
	echo $! >>"$RUN/sim.pids" # the test's trap stops every one of these
	for _ in $(seq 1 100); do grep -q READY "$RUN/sim2.log" && exit 0; sleep 0.05; done
	echo "simctl: simulator did not restart:" >&2; cat "$RUN/sim2.log" >&2; exit 1 ;;
wait-reservation)
	for _ in $(seq 1 100); do
		admin GET /_admin/state | jq -e --arg d "$2" --arg s "$3" \
			'any(.reservations[]; .document == $d and .state == $s)' >/dev/null && exit 0
		sleep 0.05
	done
	echo "simctl: no $3 reservation for $2" >&2; exit 1 ;;
confirm-code)
	admin POST "/_admin/login-codes/$2/confirm" \
		"{\"nik\":\"$3\"${4:+,\"refuse\":true}}" >/dev/null ;;
confirm-qr)
	url=$(zbarimg -q --raw "$2" 2>/dev/null | head -n 1)
	case "$url" in
	https://*/k/[0-9][0-9][0-9][0-9][0-9][0-9]) ;;
	*) echo "simctl: no login-code QR in $2 (decoded: '$url')" >&2; exit 1 ;;
	esac
	exec "$0" confirm-code "${url##*/k/}" "$3" ${4:+"$4"} ;;
phone-code)
	admin POST /_admin/login-codes "{\"nik\":\"$2\"}" | jq -r .url ;;
*) echo "usage: see the top of $0" >&2; exit 2 ;;
esac
