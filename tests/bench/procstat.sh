#!/bin/sh
# procstat.sh PID — prints "CPU_TICKS RSS_KB PSS_KB CPU_NS" of PID: utime+stime
# in clock ticks (10 ms), and the CPU time of all its threads in nanoseconds
# from /proc/PID/task/*/schedstat (an idle kiosk's ~0.01 % over minutes is a
# few ticks; nanoseconds see it).
set -eu
ticks=$(awk '{print $14 + $15}' "/proc/$1/stat")
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status")
pss=$(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup")
ns=$(cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}')
echo "$ticks $rss $pss $ns"
