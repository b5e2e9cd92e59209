#!/bin/sh
# procstat.sh PID — prints "CPU_TICKS RSS_KB PSS_KB" (utime+stime) of PID.
set -eu
ticks=$(awk '{print $14 + $15}' "/proc/$1/stat")
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status")
pss=$(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup")
echo "$ticks $rss $pss"
