#!/bin/bash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # make runs it with sh
# run.sh — make fleet: many service-only kiosks (adm-kiosk --no-display) against
# one simulator, through a server outage, once with the kiosk's schedule
# (random heartbeat phase, backoff with full jitter) and once in lockstep
# (--test-lockstep: fixed interval from the start, retry on the next tick —
# the schedule before issue 19), side by side.
#
# Per mode:
#   1 the simulator starts (--request-log: every request's arrival, wall ms)
#   2 each kiosk gets its own id, data dir and a print log with BACKLOG pending
#     events (fleet-fill); all KIOSKS start together (an office after a power cut)
#   3 boot: until the simulator holds every backlog event (bounded), then
#     STEADY_S of steady state
#   4 the simulator is stopped (SIGTERM) for OUTAGE_S; meanwhile each kiosk logs
#     OUTAGE_BACKLOG more events (fleet-fill on its running log: what citizens
#     printed while the server was away)
#   5 the simulator restarts on the same port and database; until every event is
#     held (bounded by RECOVER_MAX_S), then STEADY_S more
#   6 kiosks get SIGTERM (each must exit by itself within 20 s), the simulator too
# analyze.py reads the request logs and every kiosk's print log and prints the
# figures; plot.c draws requests per second of both modes to fleet.png.
#
# Environment: KIOSKS (200) OUTAGE_S (60) BACKLOG (300) OUTAGE_BACKLOG (100)
# HEARTBEAT_S (10) STEADY_S (40) RECOVER_MAX_S (240) MODES ("jitter lockstep")
# FLEET_DIR (default /dev/shm/adm-fleet: tmpfs, 200 print logs fsync a lot)
# KIO_BUILD (build). Output: $FLEET_DIR/fleet.png, $FLEET_DIR/summary.txt;
# the last line is the one `make fleet` is judged by.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${KIO_BUILD:-build}
case $B in /*) ;; *) B="$ROOT/$B" ;; esac
KIOSKS=${KIOSKS:-200}
OUTAGE_S=${OUTAGE_S:-60}
BACKLOG=${BACKLOG:-300}
OUTAGE_BACKLOG=${OUTAGE_BACKLOG:-100}
HEARTBEAT_S=${HEARTBEAT_S:-10}
STEADY_S=${STEADY_S:-40}
RECOVER_MAX_S=${RECOVER_MAX_S:-240}
MODES=${MODES:-jitter lockstep}
DIR=${FLEET_DIR:-/dev/shm/adm-fleet}
SIM="$B/adm-central-sim"
KIOSK="$B/adm-kiosk"
FILL="$B/tests/fleet/fill"
PLOT="$B/tests/fleet/plot"

for f in "$SIM" "$KIOSK" "$FILL" "$PLOT"; do
	[ -x "$f" ] || {
		echo "fleet: $f missing (make fleet builds it)"
		exit 2
	}
done
[ "$KIOSKS" -ge 1 ] && [ "$KIOSKS" -le 1000 ] || {
	echo "fleet: KIOSKS must be 1-1000"
	exit 2
}
ulimit -n 65536 2>/dev/null || true

rm -rf "$DIR"
mkdir -p "$DIR"
SIM_PID=""
KPIDS=()
cleanup() {
	for p in "${KPIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	[ -n "$SIM_PID" ] && kill -KILL "$SIM_PID" 2>/dev/null
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
log() { echo "fleet [$MODE] $(date +%T) $*"; }

# sim_start PORT: the simulator on PORT (0: any), its port in $RUN/sim.port.
sim_start() {
	"$SIM" --port "$1" --port-file "$RUN/sim.port" --tls-dir "$DIR/tls" --data "$RUN/sim" \
		--request-log "$RUN/requests.log" --keepalive-s 300 >>"$RUN/sim.out" 2>&1 &
	SIM_PID=$!
	local i
	for i in $(seq 1 300); do
		grep -q READY "$RUN/sim.out" 2>/dev/null && [ "$(grep -c READY "$RUN/sim.out")" -ge "$2" ] && return 0
		kill -0 "$SIM_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "fleet: the simulator did not start"
	cat "$RUN/sim.out"
	exit 1
}

sim_stop() {
	kill -TERM "$SIM_PID" 2>/dev/null
	local i
	for i in $(seq 1 100); do
		kill -0 "$SIM_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$SIM_PID" 2>/dev/null
	wait "$SIM_PID" 2>/dev/null
	SIM_PID=""
}

# Events the simulator holds (its database is readable while it runs: WAL).
sim_events() {
	sqlite3 -cmd ".timeout 5000" "$RUN/sim/sim.db" "SELECT count(*) FROM events" 2>/dev/null || echo 0
}

# wait_events WANT MAX_S: until the simulator holds WANT events; prints the
# ms it took, or -1.
wait_events() {
	local t0 i
	t0=$(now_ms)
	for i in $(seq 1 $(($2 * 2))); do
		if [ "$(sim_events)" -ge "$1" ]; then
			echo $(($(now_ms) - t0))
			return 0
		fi
		sleep 0.5
	done
	echo -1
}

# fill_all N: N more pending events in every kiosk's print log, four
# kiosks at a time (each log is its own SQLite file).
fill_all() {
	seq 1 "$KIOSKS" | xargs -P 4 -I{} sh -c \
		'k="$1/$(printf "ADM-FLEET-%04d" "$2")"; "$3" "$k/data" "$4" >>"$k/ids" 2>>"$k/fill.log"' \
		fill "$RUN" {} "$FILL" "$1"
}

"$SIM" --tls-dir "$DIR/tls" --tls-only || {
	echo "fleet: cannot make TLS files"
	exit 1
}

for MODE in $MODES; do
	RUN="$DIR/$MODE"
	mkdir -p "$RUN"
	flag=""
	[ "$MODE" = lockstep ] && flag=--test-lockstep
	sim_start 0 1
	PORT=$(cat "$RUN/sim.port")
	log "simulator on $PORT; filling $KIOSKS print logs with $BACKLOG events each"
	for i in $(seq 1 "$KIOSKS"); do
		id=$(printf 'ADM-FLEET-%04d' "$i")
		k="$RUN/$id"
		mkdir -p "$k"
		cat >"$k/kiosk.conf" <<CONF
[server]
url = https://localhost:$PORT
ca_bundle = $DIR/tls/ca.pem
heartbeat_s = $HEARTBEAT_S
backoff_base_s = 2
backoff_cap_s = 300

[kiosk]
id = $id

[printer]
queue = FLEET

[storage]
data_dir = $k/data
CONF
	done
	fill_all "$BACKLOG" || exit 1
	log "starting $KIOSKS kiosks ($MODE)"
	T_START=$(now_ms)
	KPIDS=()
	for i in $(seq 1 "$KIOSKS"); do
		k="$RUN/$(printf 'ADM-FLEET-%04d' "$i")"
		"$KIOSK" --config "$k/kiosk.conf" --no-display --printer-driver fake --allow-root \
			$flag >"$k/log" 2>&1 &
		KPIDS+=($!)
	done
	# Every backlog event and each kiosk's own "kiosk.started".
	want=$((KIOSKS * (BACKLOG + 1)))
	T_BOOT_DRAIN=$(wait_events "$want" "$RECOVER_MAX_S")
	log "boot backlog drained in $T_BOOT_DRAIN ms after the last start; steady for $STEADY_S s"
	T_STEADY=$(now_ms)
	sleep "$STEADY_S"
	T_DOWN=$(now_ms)
	sim_stop
	log "simulator down for $OUTAGE_S s; each kiosk logs $OUTAGE_BACKLOG events meanwhile"
	fill_all "$OUTAGE_BACKLOG" || exit 1
	rest=$((T_DOWN + OUTAGE_S * 1000 - $(now_ms)))
	[ "$rest" -gt 0 ] && sleep "$(awk "BEGIN{print $rest/1000}")"
	sim_start "$PORT" 2
	T_UP=$(now_ms)
	want=$((KIOSKS * (BACKLOG + OUTAGE_BACKLOG + 1)))
	T_DRAIN=$(wait_events "$want" "$RECOVER_MAX_S")
	log "outage backlog drained in $T_DRAIN ms after the restart; steady for $STEADY_S s"
	sleep "$STEADY_S"
	T_END=$(now_ms)
	log "stopping the kiosks"
	for p in "${KPIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	unclean=0
	for p in "${KPIDS[@]}"; do
		for j in $(seq 1 200); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$p" 2>/dev/null; then
			unclean=$((unclean + 1))
			kill -KILL "$p" 2>/dev/null
		fi
		wait "$p" 2>/dev/null || unclean=$((unclean + 1))
	done
	KPIDS=()
	sim_stop
	cat >"$RUN/times" <<T
kiosks $KIOSKS
start $T_START
boot_drain $T_BOOT_DRAIN
steady $T_STEADY
down $T_DOWN
up $T_UP
drain $T_DRAIN
end $T_END
unclean $unclean
heartbeat_s $HEARTBEAT_S
outage_s $OUTAGE_S
T
	log "done ($unclean kiosks did not stop cleanly on SIGTERM)"
done

python3 "$ROOT/tests/fleet/analyze.py" "$DIR" "$PLOT" $MODES | tee "$DIR/summary.txt"
rc=${PIPESTATUS[0]}
echo "fleet: results in $DIR (summary.txt, fleet.png)" >&2
exit "$rc"
