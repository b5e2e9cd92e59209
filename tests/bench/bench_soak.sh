#!/bin/sh
# bench_soak.sh — RSS of the kiosk after 100 full sessions (make soak's run).
set -u
: "${KIO_BUILD:=build}"
ROOT=${KIO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
out=$(SESSIONS=100 KIO_BUILD="$KIO_BUILD" bash "$ROOT/tests/soak/run.sh" 2>&1)
rss=$(printf '%s\n' "$out" | awk -F'\t' '$1 == 100 {print $2}')
secs=$(printf '%s\n' "$out" | sed -n 's/^soak: 100 sessions in \([0-9]*\) s.*/\1/p')
[ -n "$rss" ] || { printf '%s\n' "$out" >&2; exit 1; }
printf 'BENCH\tkiosk.rss_after_100_sessions\t%s\tMB\t< 40 MB\t%s\n' "$((rss / 1024))" \
	"$([ "$rss" -lt 40960 ] && echo yes || echo no)"
printf 'BENCH\tkiosk.soak_100_sessions\t%s\ts\t-\t-\n' "$secs"
