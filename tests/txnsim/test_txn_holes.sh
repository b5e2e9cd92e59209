#!/bin/sh
# test_txn_holes.sh — issue 13's four holes in the print transaction, each a
# scripted schedule of tests/txnsim (real txn, journal and job tracking; an
# in-process server and cupsd; a fake clock). Each case failed on the code
# before the fix with exactly the story the issue tells:
#
#   hole1_free_print        cupsd away past job_timeout_s: recovery released
#                           a queued job without cancelling it; it printed later
#   hole2_stale_snapshot    recovery, busy with an old stalled job, reached the
#                           next citizen's print with a stale step and released
#                           it after its paper came out
#   hole3_finish_lost       finish-document's answer lost (cupsd restarting):
#                           no cancel, release, and the job printed
#   hole3_crash_after_send  crash between finish-document and SUBMITTED:
#                           recovery released a job that printed
#   hole4_wrong_queue       after a queue switch recovery asked the new queue
#                           about job 1 (cancelled there) and released the old
#                           queue's job 1, which was still printing
#
# And the crash points of the preview's print (issue 16: the key, then the
# print id and job id in one write, then the document):
#   crash_after_reserve     reserved, nothing else journalled
#   crash_after_create      a job without its document, neither id journalled
#   crash_before_send       both ids journalled, the document not sent
#
# Passing means: every invariant of the simulation holds (see txnsim.h).
set -u
: "${KIO_BUILD:=build}"
bin="$KIO_BUILD/txnsim"
[ -x "$bin" ] || { echo "no $bin (make $bin)"; exit 1; }
fails=0
for c in hole1_free_print hole2_stale_snapshot hole3_finish_lost hole3_crash_after_send \
	hole4_wrong_queue crash_after_reserve crash_after_create crash_before_send; do
	if ! "$bin" --case "$c"; then
		fails=$((fails + 1))
		echo "  replay: $bin --case $c -v"
	fi
done
[ "$fails" -eq 0 ] || { echo "test_txn_holes: $fails case(s) failed"; exit 1; }
echo "test_txn_holes: ok"
