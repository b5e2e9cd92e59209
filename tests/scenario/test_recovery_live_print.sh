#!/bin/bash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # make test runs it with sh
# test_recovery_live_print.sh — recovery must not settle a print that is
# still running. kio_txn_recover() runs on the "bg" worker at start and every
# 30 s (app/kiosk/sched.c RECOVER_IDLE_MS) while the "session" worker prints.
# Here the print spans a recovery tick: its reservation is answered 8 s late
# (the document itself was downloaded and verified by the preview before).
# Before f033ab7 recovery took that in-flight journal row, marked it
# FAILED "interrupted" and released it at the server; the running print then
# failed with error.internal, release was called twice and the print log held
# print.released twice.
#
# Correct behaviour asserted: one reservation, completed, complete called
# once, release never, prints_used 1, print log print.reserved then
# print.completed only.
set -u
. "$(dirname "$0")/peers-lib.sh"

peers_start live
sim_fault reserve delay 8000 # within server.request_timeout_s (20)
# The first recovery runs at start; the print starts ~2 s before the next.
{
	echo "wait idle"
	echo "sleep 27000"
	login_and_confirm b1000001 | sed 1d
	echo "tap print"
	echo "wait printing"
	echo "sleep 120000"
} | kscript k1
t0=$(date +%s)
kiosk_start k1
print_done() { grep -q '"type":"print"' "$RUN/k1.events.jsonl"; }
until_ 60 print_done || fail "no print result within 60 s"
sleep 1 # let the journal settle the print
kiosk_stop
state_to after.json
kiosk_log_check
grep -E 'recover:|cannot go to' "$RUN/k1.kiosk.log" | sed 's/^/  kiosk.log: /'
seq=$(awk '$3 ~ /^print\./ {print $3 "(" $NF ")"}' "$RUN/log.txt" | tr '\n' ' ')
echo "  print log: $seq"
echo "  server: $(jq -c '.reservations[0] | {state, complete_calls, release_calls}' "$RUN/after.json")" \
	"prints_used=$(doc_used after.json b1000001) papers=$(printed)  $(($(date +%s) - t0)) s"
grep '"type":"print"' "$RUN/k1.events.jsonl" | sed 's/^/  event: /'
grep -q '"type":"print","err":"ok"' "$RUN/k1.events.jsonl" ||
	fail "the print failed though nothing was wrong (recovery released it under the running print)"
[ "$(printed)" = 1 ] || fail "the printer completed $(printed) jobs"
[ "$(res after.json state)" = completed ] ||
	fail "paper came out but the reservation is $(res after.json state) (released by recovery under the running print)"
[ "$(res after.json release_calls)" = 0 ] || fail "release called on a printed document"
[ "$(doc_used after.json b1000001)" = 1 ] || fail "prints_used $(doc_used after.json b1000001) after one paper"
[ "$(print_seq)" = "print.reserved print.completed " ] ||
	fail "print log: $seq"
ok=1
echo "recovery leaves a live print alone: ok"
