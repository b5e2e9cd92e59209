#!/bin/sh
# procstat.sh PID — prints "CPU_TICKS RSS_KB PSS_KB CPU_NS" of PID: utime+stime
# in clock ticks (10 ms, threads that ended included), and the CPU time of
# its live threads in nanoseconds from /proc/PID/task/*/schedstat.
# procstat.sh PID threads — one line per live thread: "TID NAME CPU_NS".
set -eu
if [ "${2:-}" = threads ]; then
	for t in /proc/"$1"/task/*; do
		echo "${t##*/} $(tr -d ' ' <"$t/comm") $(cut -d' ' -f1 "$t/schedstat")"
	done
	exit 0
fi
ticks=$(awk '{print $14 + $15}' "/proc/$1/stat")
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status")
pss=$(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup")
ns=$(cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}')
echo "$ticks $rss $pss $ns"
