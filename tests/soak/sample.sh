#!/bin/sh
# sample.sh PID SESSION — append "SESSION RSS_KB FDS THREADS" for the kiosk.
set -eu
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status")
thr=$(awk '/^Threads:/ {print $2}' "/proc/$1/status")
fds=$(ls "/proc/$1/fd" | wc -l)
printf '%s\t%s\t%s\t%s\n' "$2" "$rss" "$fds" "$thr" >>"${KIO_RUN_DIR:?}/soak.tsv"
