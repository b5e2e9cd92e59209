#!/bin/bash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # make test runs it with sh
# test_disk_full_at_start.sh — a kiosk *started* on a data directory it cannot
# write must keep running and tell the citizen that printing is unavailable
# (app/kiosk/services.c service_open: "A kiosk that cannot log must not
# print; it still runs so the screen can say so"), not exit — under systemd
# an exit is a restart loop with nothing on the screen.
#   ro    the data directory is a read-only mount (kiosk.db exists)
#   full  the data directory is a full 8 MiB tmpfs (no kiosk.db yet)
# Each: the kiosk reaches the idle screen, shows idle.store, and the
# simulator gets no reservation. Needs root for mount; skipped with a message
# only if mount is impossible.
set -u
. "$(dirname "$0")/peers-lib.sh"

idle_says_full() {
	{
		echo "wait idle 15000"
		echo "sleep 6000"
		echo "expect-text Penyimpanan mesin penuh. Silakan hubungi petugas."
		echo "screenshot $1"
	} | kscript "$1"
	kiosk_start "$1"
	kiosk_wait 30 || fail "kiosk still running after 30 s"
	[ "$KRC" = 0 ] || fail "the kiosk exited ($KRC) instead of showing that printing is" \
		"unavailable: $(grep error "$RUN/$1.kiosk.log" | tail -n 3 | tr '\n' ' ')"
	state_to "$1.json"
	[ "$(n_res "$1.json")" = 0 ] || fail "a reservation was made"
	echo "  $1 ok"
}

peers_start ro
DATA="$RUN/data"
# A first run creates kiosk.db; then the directory goes read-only.
echo "wait idle" | kscript k0
kiosk_start k0
kiosk_wait 20 && [ "$KRC" = 0 ] || fail "first run"
if ! { mount --bind "$DATA" "$DATA" 2>"$RUN/mount.err" && MOUNTED="$DATA" &&
	mount -o remount,bind,ro "$DATA" 2>>"$RUN/mount.err"; }; then
	echo "SKIP: cannot mount here ($(cat "$RUN/mount.err")); test not run"
	ok=1
	exit 0
fi
idle_says_full ro
unmount_all
peers_stop

peers_start full
DATA="$RUN/data"
mount -t tmpfs -o size=8m,mode=755 kio-test-data "$DATA" || fail "tmpfs"
MOUNTED="$DATA"
fallocate -l "$(df -B1 --output=avail "$DATA" | tail -n 1)" "$DATA/filler" ||
	dd if=/dev/zero of="$DATA/filler" bs=64k 2>/dev/null
idle_says_full full
ok=1
echo "disk full at start ok"
