#!/bin/sh
# test_txnsim.sh — a few thousand random schedules of the print transaction's
# deterministic simulation (tests/txnsim; `make txnsim SEEDS=N` runs more).
# Under sanitizers every schedule costs ~10x, so fewer run there.
set -u
: "${KIO_BUILD:=build}"
bin="$KIO_BUILD/txnsim"
[ -x "$bin" ] || { echo "no $bin (make $bin)"; exit 1; }
seeds=${TXNSIM_SEEDS:-2000}
[ -n "${KIO_SANITIZE:-}" ] && seeds=${TXNSIM_SEEDS:-300}
out=$("$bin" --seeds "$seeds" --seed 1)
rc=$?
echo "$out"
echo "$out" | tail -n 1 | grep -qx "txnsim: $seeds schedules, 0 violations" || exit 1
exit $rc
