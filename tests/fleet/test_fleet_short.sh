#!/bin/bash
# test_fleet_short.sh — `make fleet` in small (10 kiosks, a 5-s outage, jitter
# only), for make test: every service-only kiosk (adm-kiosk --no-display, fake
# printer) uploads its pre-filled backlog and what it logged during the outage,
# nothing is lost or stored twice, each kiosk exits by itself on SIGTERM, and
# the plot is written. The peak/steady ratio is not judged here: ten kiosks
# are too few for a 1-s statistic (make fleet judges it with 200).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$(mktemp -d /dev/shm/kio-fleet-short.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
out=$(KIOSKS=10 OUTAGE_S=5 HEARTBEAT_S=5 STEADY_S=6 BACKLOG=300 OUTAGE_BACKLOG=50 \
	MODES=jitter FLEET_MAX_RATIO=0 RECOVER_MAX_S=40 FLEET_DIR="$DIR/run" \
	bash "$ROOT/tests/fleet/run.sh" 2>&1)
rc=$?
echo "$out"
[ "$rc" = 0 ] || { echo "FAIL: the fleet run failed ($rc)"; exit 1; }
last=$(printf '%s\n' "$out" | grep '^fleet: 10 kiosks' | tail -n 1)
case "$last" in
*"events lost 0, duplicated 0") ;;
*) echo "FAIL: final line: $last"; exit 1 ;;
esac
[ -s "$DIR/run/fleet.png" ] || { echo "FAIL: no plot"; exit 1; }
# Every kiosk's request went over kept-alive connections: more requests than
# connections (boot: backlog + heartbeats on one connection).
grep -q "per connection" "$DIR/run/summary.txt" || { echo "FAIL: no keep-alive figure"; exit 1; }
echo "fleet short ok"
