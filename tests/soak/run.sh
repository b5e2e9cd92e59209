#!/bin/bash
# run.sh — `make soak SESSIONS=N`: N full headless sessions (login → list →
# print → logout; the unlimited document two scrolls down) in ONE kiosk process against the simulator and the printer
# rig; every tenth session hits a fault, in turn: paper out, server error,
# slow network, inactivity timeout. RSS, open fds and threads are sampled at
# the start and every 100 sessions; the run fails if RSS grows by more than
# 2 MB after warm-up (the first 100 sessions) or if fds or threads leak.
# Bounded: N <= 5000 and a wall-clock limit of 2 s per session + 5 min.
# It prints on the rig's ADM-HVS queue (cupsd -> the kiofault backend): CUPS's
# ipp backend asks an IPP printer for its job state once a second, which
# would put a second of waiting into half the sessions and 1000 sessions
# past 15 minutes; the kiosk's side (submit, track, settle) is the same.
set -u
: "${KIO_BUILD:=build}" "${SESSIONS:=100}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ "$SESSIONS" -ge 1 ] && [ "$SESSIONS" -le 5000 ] || { echo "SESSIONS must be 1..5000"; exit 2; }
run="$ROOT/build/soak"
rm -rf "$run"; mkdir -p "$run"
script="$run/soak.kscript"
F="$ROOT/tests/soak/fault.sh"
S="$ROOT/tests/soak/sample.sh"
session() { # the normal print session (dewi's unlimited document d2000005)
	cat <<S
tap start
wait login
type 1610044408920004
tap next
type dewi1234
tap login
wait list 15000
tap scroll-down
tap scroll-down
tap doc-d2000005
wait confirm
tap print
wait done 30000
tap finish
wait idle
S
}
{
	echo "wait idle"
	echo "exec $S \$PPID 0"
	for i in $(seq 1 "$SESSIONS"); do
		if [ $((i % 10)) -eq 0 ]; then
			case $(((i / 10) % 4)) in
			1)	echo "exec $F paper-out"
				printf 'tap start\nwait login\ntype 1610044408920004\ntap next\ntype dewi1234\ntap login\nwait list 15000\ntap scroll-down\ntap scroll-down\ntap doc-d2000005\nwait confirm\ntap print\nwait error 30000\ntap dismiss\nwait list\ntap logout\nwait idle\n'
				echo "exec $F paper-in"
				# the kiosk polls the printer every 5 s, as after a real refill
				echo "sleep 5500" ;;
			2)	echo "exec $F server-error"
				printf 'tap start\nwait login\ntype 1610044408920004\ntap next\ntype dewi1234\ntap login\nwait error 15000\ntap dismiss\nwait idle\n'
				echo "exec $F clear" ;;
			3)	echo "exec $F slow-network"; session; echo "exec $F clear" ;;
			0)	printf 'tap start\nwait login\ntype 1610044408920004\ntap next\ntype dewi1234\ntap login\nwait list 15000\nwait idle 60000\n' ;;
			esac
		else
			session
		fi
		[ $((i % 100)) -eq 0 ] && echo "exec $S \$PPID $i"
	done
	[ $((SESSIONS % 100)) -ne 0 ] && echo "exec $S \$PPID $SESSIONS"
} >"$script"

limit=$((SESSIONS * 2 + 300))
start=$(date +%s)
KIO_RUN_DIR="$run" KIO_SCRIPT_EXEC=1 SCRIPT="$script" KIO_BUILD="$KIO_BUILD" \
	KIO_DEMO_CONF_HOOK='. "$RUN/rig/rig.env" && sed -i -e "s/^queue = .*/queue = $QUEUE_HVS/" \
		-e "s/^inactivity_s = 60$/inactivity_s = 15\ninactivity_warning_s = 5/" "$RUN/kiosk.conf"' \
	timeout "$limit" bash "$ROOT/tests/run-demo.sh" >"$run/demo.out" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))
echo "soak: $SESSIONS sessions in $secs s (script rc $rc)"
printf 'session\trss_kb\tfds\tthreads\n'; cat "$run/soak.tsv" 2>/dev/null
[ $rc -eq 0 ] || { tail -n 20 "$run/kiosk.log"; exit 1; }
python3 - "$run/soak.tsv" <<'PY'
import sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
warm = next((r for r in rows if r[0] >= 100), rows[0])
last = rows[-1]
growth = last[1] - warm[1]
print(f"RSS after warm-up {warm[1]} kB, at end {last[1]} kB: growth {growth} kB")
bad = []
if growth > 2048: bad.append(f"RSS grew {growth} kB (> 2 MB)")
if last[2] > warm[2]: bad.append(f"fds {warm[2]} -> {last[2]}")
if last[3] > warm[3]: bad.append(f"threads {warm[3]} -> {last[3]}")
print("soak: " + ("FAILED: " + "; ".join(bad) if bad else "ok"))
sys.exit(1 if bad else 0)
PY
