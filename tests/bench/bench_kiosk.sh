#!/bin/bash
# bench_kiosk.sh — the whole kiosk process, headless, against the simulator
# and the printer rig: cold start to the first idle frame (from --events),
# idle CPU over 30 s on the idle screen, and memory (RSS and PSS) when idle.
# RSS after 100 sessions comes from the soak (bench_soak.sh).
set -u
: "${KIO_BUILD:=build}"
ROOT=${KIO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
cat >"$run/idle.kscript" <<'S'
wait idle
sleep 2000
exec "$KIO_ROOT/tests/bench/procstat.sh" "$PPID" >"$KIO_RUN_DIR/before"
sleep 30000
exec "$KIO_ROOT/tests/bench/procstat.sh" "$PPID" >"$KIO_RUN_DIR/after"
S
# The time of exec, noted by a wrapper just before it execs the kiosk (inside
# the low-end cgroup when there is one): the kiosk's first_frame event carries
# the wall clock, so exec -> first frame includes the loader and main().
cat >"$run/stamp" <<'S'
#!/bin/sh
date +%s%N >"$0.ns"
exec "$@"
S
export KIO_KIOSK_WRAPPER="${KIO_KIOSK_WRAPPER:-} sh $run/stamp"
# A real X11 window (Xvfb): SDL's dummy driver has no event wait and polls
# every millisecond, which would measure SDL's test driver, not the kiosk.
KIO_VIDEODRIVER=x11 KIO_ROOT=$ROOT KIO_RUN_DIR="$run" KIO_SCRIPT_EXEC=1 SCRIPT="$run/idle.kscript" \
	KIO_BUILD="$KIO_BUILD" xvfb-run -a -s "-screen 0 1920x1080x24" \
	bash "$ROOT/tests/run-demo.sh" >"$run/out" 2>&1 || { cat "$run/out" >&2; exit 1; }
first=$(sed -n 's/.*"type":"first_frame","ms":"\([0-9]*\)".*/\1/p' "$run/events.jsonl" | head -n 1)
unix_ms=$(sed -n 's/.*"type":"first_frame".*"unix_ms":"\([0-9]*\)".*/\1/p' "$run/events.jsonl" | head -n 1)
exec_ms=$(($(cat "$run/stamp.ns") / 1000000))
visible=$((unix_ms - exec_ms))
read -r t0 _ _ <"$run/before"
read -r t1 rss pss <"$run/after"
hz=$(getconf CLK_TCK)
cpu=$(python3 -c "print(f'{($t1-$t0)/$hz/30*100:.3f}')")
yes() { python3 -c "import sys; print('yes' if $1 else 'no')"; }
printf 'BENCH\tkiosk.start_to_first_frame\t%s\tms\t< 300 ms\t%s\n' "$first" "$(yes "$first < 300")"
printf 'BENCH\tkiosk.exec_to_first_frame_x11\t%s\tms\t< 300 ms\t%s\n' "$visible" "$(yes "$visible < 300")"
printf 'BENCH\tkiosk.idle_cpu_30s\t%s\t%%\t< 0.5 %%\t%s\n' "$cpu" "$(yes "$cpu < 0.5")"
printf 'BENCH\tkiosk.idle_rss\t%s\tMB\t< 40 MB\t%s\n' "$((rss / 1024))" "$(yes "$rss < 40960")"
printf 'BENCH\tkiosk.idle_pss\t%s\tMB\t-\t-\n' "$((pss / 1024))"
