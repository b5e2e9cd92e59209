# peers-lib.sh — sourced by the crash, disk, offline-events and printer-fault
# tests: the real peers (simulator, printer rig) from tests/run-demo.sh with
# KIO_DEMO_NO_KIOSK=1, and the kiosk run, killed and restarted by the test.
#
#   peers_start NAME       fresh RUN dir, peers up, kiosk.conf written; sets
#                          PORT, RIG, and rig.env (CUPS_SERVER, QUEUE_*, ...);
#                          RUN/state.sh FILE saves /_admin/state (for scripts)
#   conf SECTION KEY VAL   set KEY in [SECTION] of RUN/kiosk.conf
#   kscript NAME           stdin to RUN/NAME.kscript (@RUN@ @RIG@ @ROOT@ @SIM@
#                          replaced)
#   kiosk_start NAME       run the kiosk headless on it; events in
#                          RUN/NAME.events.jsonl, stderr in RUN/NAME.kiosk.log
#   kiosk_wait S           wait up to S s for it to exit; its status in KRC
#   kiosk_kill9 / kiosk_stop   SIGKILL / SIGTERM it, and wait for it
#   sim GET|POST|DELETE PATH [JSON]   the simulator's admin API (stdout: body)
#   until_ S CMD...        poll CMD every 0.1 s for at most S s
#   peers_stop             stop what peers_start started, and wait
# Every wait is bounded; on failure the run directory is kept for a look.
# MOUNTED: mount points the test made (space-separated); at exit each is
# unmounted (lazily, stacked mounts too) before the peers stop.
set -u
: "${KIO_BUILD:=build}"
ROOT=${KIO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
KIO_BUILD=$(cd "$KIO_BUILD" && pwd) || { echo "no build dir"; exit 1; }
export KIO_BUILD
RUN=""
RIG=""
PORT=""
DEMO_PID=""
KPID=""
KRC=""
SIM_EXTRA_PIDS=""
CASE=""
MOUNTED=""

unmount_all() {
	local d i
	for d in $MOUNTED; do
		for i in 1 2 3; do mountpoint -q "$d" && umount -l "$d"; done
	done
	MOUNTED=""
}

_pl_cleanup() {
	[ -n "$KPID" ] && kiosk_kill9
	unmount_all
	for p in $SIM_EXTRA_PIDS; do kill "$p" 2>/dev/null && _pl_reap "$p" 5; done
	peers_stop
	if [ "${ok:-}" = 1 ] && [ -n "${PL_BASE:-}" ]; then
		rm -rf "$PL_BASE"
	elif [ -n "${PL_BASE:-}" ]; then
		echo "run directories kept in $PL_BASE"
	fi
}
trap _pl_cleanup EXIT
trap 'exit 130' INT TERM
PL_BASE=$(mktemp -d "${TMPDIR:-/tmp}/kio-peers.XXXXXX")
chmod 755 "$PL_BASE" # cupsd's backends (user lp) must reach the rig

fail() {
	echo "FAIL [${CASE:-}]: $*"
	echo "  run dir: $RUN"
	for f in "$RUN"/*.kiosk.log; do
		[ -f "$f" ] && tail -n 12 "$f" | sed "s#^#  $(basename "$f")| #"
	done
	exit 1
}

until_() {
	local limit=$(($1 * 10)) i=0
	shift
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -ge "$limit" ] && return 1
		sleep 0.1
	done
}

# _pl_reap PID S: wait for our child PID to end, at most S s; KILL after that.
_pl_reap() {
	local pid=$1 i=0
	while kill -0 "$pid" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$pid/stat" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -ge $(($2 * 10)) ]; then
			kill -KILL "$pid" 2>/dev/null
			break
		fi
		sleep 0.1
	done
	wait "$pid" 2>/dev/null
}

# peers_start [NAME]: a fresh run directory under PL_BASE.
peers_start() {
	CASE=${1:-$CASE}
	RUN="$PL_BASE/${1:-run}"
	mkdir -p "$RUN"
	chmod 755 "$RUN"
	rm -f "$RUN/peers.ready"
	KIO_RUN_DIR="$RUN" KIO_DEMO_NO_KIOSK=1 KIO_DEMO_SIM_ARGS="${SIM_ARGS:-}" \
		bash "$ROOT/tests/run-demo.sh" >"$RUN/demo.out" 2>&1 </dev/null &
	DEMO_PID=$!
	until_ 30 test -e "$RUN/peers.ready" || { cat "$RUN/demo.out"; fail "peers did not start"; }
	RIG="$RUN/rig"
	set -a
	# shellcheck disable=SC1091
	. "$RIG/rig.env"
	set +a
	PORT=$(cat "$RUN/sim.port")
	# For kiosk scripts: `exec @RUN@/state.sh NAME.json` saves the state.
	cat >"$RUN/state.sh" <<EOF
#!/bin/sh
curl -sS --max-time 10 --cacert "$RUN/tls/ca.pem" --cert "$RUN/tls/kiosk.pem" \\
	--key "$RUN/tls/kiosk.key" "https://localhost:$PORT/_admin/state" >"$RUN/\$1"
EOF
	chmod +x "$RUN/state.sh"
	# Small bounds: the tests wait for them.
	conf printer job_timeout_s 10
	conf server heartbeat_s 60
}

peers_stop() {
	[ -n "$DEMO_PID" ] || return 0
	kill -TERM "$DEMO_PID" 2>/dev/null
	_pl_reap "$DEMO_PID" 30
	DEMO_PID=""
}

conf() {
	sed -i -e "/^$2 = /d" -e "/^\\[$1\\]\$/a $2 = $3" "$RUN/kiosk.conf"
}

CURL_ADMIN=()
sim() {
	local out code
	CURL_ADMIN=(curl -sS --max-time 10 --cacert "$RUN/tls/ca.pem" --cert "$RUN/tls/kiosk.pem"
		--key "$RUN/tls/kiosk.key" -H "X-Kiosk-Id: ADM-1610-001")
	out=$("${CURL_ADMIN[@]}" -X "$1" ${3:+-H "Content-Type: application/json" --data "$3"} \
		-w '\n%{http_code}' "https://localhost:$PORT$2") || return 1
	code=${out##*$'\n'}
	[ "${code:0:1}" = 2 ] || { echo "sim: $1 $2 -> $code" >&2; return 1; }
	printf '%s\n' "${out%$'\n'*}"
}
sim_fault() { sim POST /_admin/fault "{\"endpoint\":\"$1\",\"kind\":\"$2\"${3:+,\"arg\":$3}}" >/dev/null; }
sim_clear() { sim DELETE /_admin/fault >/dev/null; }
# state_to FILE: the simulator's state, saved under RUN.
state_to() { sim GET /_admin/state >"$RUN/$1"; }

# kscript NAME: the script on stdin to RUN/NAME.kscript (safe in a pipeline).
kscript() {
	sed -e "s|@RUN@|$RUN|g" -e "s|@RIG@|$RIG|g" -e "s|@ROOT@|$ROOT|g" \
		-e "s|@SIM@|$PORT|g" >"$RUN/$1.kscript"
}

# kiosk_start NAME: run RUN/NAME.kscript (never call it in a pipeline: KPID
# must be set in this shell).
kiosk_start() {
	local name=$1
	SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software KIO_SCRIPT_EXEC=1 KIO_RUN_DIR="$RUN" \
		${KIOSK_WRAPPER:-} "$KIO_BUILD/adm-kiosk" --config "$RUN/kiosk.conf" \
		--assets "$ROOT/assets" --allow-root --headless --script "$RUN/$name.kscript" \
		--events "$RUN/$name.events.jsonl" --screenshot-dir "$RUN/shots" \
		</dev/null >"$RUN/$name.kiosk.out" 2>"$RUN/$name.kiosk.log" &
	KPID=$!
}

kiosk_wait() {
	local i=0
	KRC=""
	[ -n "$KPID" ] || return 0
	while kill -0 "$KPID" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$KPID/stat" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -ge $(($1 * 10)) ] && return 1
		sleep 0.1
	done
	wait "$KPID"
	KRC=$?
	KPID=""
	return 0
}

kiosk_kill9() {
	[ -n "$KPID" ] || return 0
	exec 3>&2 2>/dev/null # bash's "Killed" job notice is expected here
	kill -KILL "$KPID"
	_pl_reap "$KPID" 10
	exec 2>&3 3>&-
	KPID=""
}

kiosk_stop() {
	[ -n "$KPID" ] || return 0
	kill -TERM "$KPID" 2>/dev/null
	_pl_reap "$KPID" 15
	KPID=""
}

# The demo citizen logs in and opens the print confirmation of DOC.
login_and_confirm() { # DOC [NIK PASSWORD]
	cat <<KS
wait idle
tap start
wait login
type ${2:-1610011203850001}
tap next
type ${3:-budi1234}
tap login
wait list 15000
tap doc-$1
wait confirm
KS
}

# ---- assertions ------------------------------------------------------------------
# res FILE FIELD: FIELD of the only reservation in a saved state.
res() { jq -r ".reservations[0].$2" "$RUN/$1"; }
n_res() { jq '.reservations | length' "$RUN/$1"; }
doc_used() { jq -r ".documents[] | select(.id==\"$2\") | .prints_used" "$RUN/$1"; }
# printed: jobs the ippeveprinter completed (paper out of the printer).
printed() {
	ipptool -T 5 -c "$IPP_URI" /usr/share/cups/ipptool/get-completed-jobs.test 2>/dev/null |
		awk -F, 'NR > 1 && $2 == "completed"' | wc -l
}
# kiosk_log_check: `adm-kioskctl log verify` must pass; `log show` to RUN/log.txt.
kiosk_log_check() {
	"$KIO_BUILD/adm-kioskctl" log verify --db "$RUN/data/kiosk.db" >"$RUN/verify.txt" 2>&1 ||
		fail "adm-kioskctl log verify: $(cat "$RUN/verify.txt")"
	"$KIO_BUILD/adm-kioskctl" log show --db "$RUN/data/kiosk.db" >"$RUN/log.txt" 2>&1 ||
		fail "adm-kioskctl log show failed"
}
# print_seq: the print.* event types of RUN/log.txt (kiosk_log_check wrote
# it), oldest first, each followed by a space.
print_seq() { awk '$3 ~ /^print\./ {print $3}' "$RUN/log.txt" | tr '\n' ' '; }
# tx_step: the journal step (app/store/store.h kio_tx_step_t) of the latest
# print; sqlite3 reads the WAL database safely while the kiosk runs.
tx_step() { sqlite3 -readonly "$RUN/data/kiosk.db" 'SELECT step FROM tx ORDER BY id DESC LIMIT 1' 2>/dev/null; }
# doc_sent: the latest print is SUBMITTED (5) and its job has its document
# in the rig cupsd's spool: the journal holds the job id from just before
# the document goes, so step 5 alone does not say it went.
doc_sent() {
	local job
	[ "$(tx_step)" = 5 ] || return 1
	job=$(sqlite3 -readonly "$RUN/data/kiosk.db" 'SELECT job_id FROM tx ORDER BY id DESC LIMIT 1' 2>/dev/null)
	[ -n "$job" ] && [ "$job" -gt 0 ] && [ -e "$RIG/spool/d$(printf %05d "$job")-001" ]
}
