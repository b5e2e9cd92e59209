#!/bin/bash
# rig.sh — a private printing rig on loopback: cupsd + ippeveprinter.
#
# Usage (DIR is created if missing; use a fresh directory per run):
#   rig.sh start DIR         start the rig, wait until it answers, write DIR/rig.env
#   rig.sh stop DIR          stop exactly what start started and wait for it
#   rig.sh run DIR -- CMD..  start, run CMD with rig.env exported, stop; CMD's status
#   rig.sh fault DIR MODE    ADM-HVS backend: ok|paper-out|jam|offline|slow N|stall
#   rig.sh ipp-fault DIR MODE  ippeveprinter command: ok|jam|slow N|stall
#   rig.sh paper DIR LEVEL   ippeveprinter tray 1 level (0 = paper out, 250 = full)
#   rig.sh recover DIR       clear faults: fault files ok, tray full, queues enabled,
#                            accepting, stale fault reasons cleared
#   rig.sh cupsd-kill DIR    SIGKILL cupsd (the rig reaps it); cupsd-start DIR restarts it
#
# RIG_CUPSD_STOCK=1 (start): leave PreserveJobFiles/PreserveJobHistory at
# cupsd's defaults (documents kept a day), as a stock cupsd on a kiosk is.
#
# DIR/rig.env (sh syntax, `. DIR/rig.env`):
#   CUPS_SERVER=127.0.0.1:PORT   private cupsd (also what libcups reads)
#   IPP_PORT=PORT  IPP_URI=ipp://localhost:PORT/ipp/print   the ippeveprinter
#   QUEUE_HVS=ADM-HVS   raw queue -> kiofault backend (faults scripted by DIR/fault)
#   QUEUE_IPP=ADM-IPP   raw queue -> the ippeveprinter (byte-identical path)
#   RIG_DIR  OUT_DIR (kiofault's jobs: job-ID.bin/.opts)  IPP_SPOOL (ippeveprinter -k)
#   IPP_JOBS_LOG (one line per ippeveprinter job: IPP_MEDIA=, IPP_COPIES=, ...)
#   CUPSD_PID  IPP_PID  DBUS_PID  RIG_PID
#
# How it stays tidy: `start` forks one supervisor (this script, "_supervise")
# that is the parent of dbus-daemon, ippeveprinter and cupsd and waits for
# them, because PID 1 on the kiosk build machines does not reap orphans. Only
# the supervisor itself is orphaned once `start` returns: a caller that wants
# no zombie at all sets PR_SET_CHILD_SUBREAPER (the C tests do) or uses `run`.
# Nothing here touches the system cupsd, /etc/cups or a real device:
# the private ServerBin has only the ipp and kiofault backends, FileDevice No.
set -u

here=$(cd "$(dirname "$0")" && pwd)
self="$here/$(basename "$0")"
WAIT_S=15 # every wait in this script is bounded

die() {
	echo "rig.sh: $*" >&2
	exit 1
}

abs() { (mkdir -p "$1" && cd "$1" && pwd); }

# Port 0 lets the kernel pick a free loopback port. /usr/bin/python3 first:
# version-manager shims can take a second to start.
free_port() {
	local py=python3
	[ -x /usr/bin/python3 ] && py=/usr/bin/python3
	"$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for SECONDS CMD...: poll CMD every 0.05 s until it succeeds.
wait_for() {
	local limit=$(($1 * 20)) i=0
	shift
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -ge "$limit" ] && return 1
		sleep 0.05
	done
}

alive() { [ -d "/proc/$1" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null; }

load_env() {
	[ -r "$1/rig.env" ] || die "$1/rig.env missing (rig not started?)"
	# shellcheck disable=SC1091
	. "$1/rig.env"
}

write_config() {
	local d=$1 port=$2
	mkdir -p "$d/etc/ppd" "$d/spool" "$d/tmp" "$d/cache" "$d/state" "$d/log" \
		"$d/serverbin/backend" "$d/out" "$d/ipp/spool" "$d/dbus"
	for sub in filter daemon cgi-bin driver monitor notifier; do
		ln -sfn "/usr/lib/cups/$sub" "$d/serverbin/$sub"
	done
	# Backends are copied, root-owned and not writable by others: cupsd refuses
	# to run them otherwise. 0755 makes cupsd run them as User (lp).
	install -m 755 "$here/kiofault" "$d/serverbin/backend/kiofault"
	install -m 755 /usr/lib/cups/backend/ipp "$d/serverbin/backend/ipp"
	install -m 755 "$here/ippcmd" "$d/ipp/ippcmd"
	echo ok >"$d/fault"
	echo ok >"$d/ipp/fault"
	: >"$d/ipp/jobs.log"
	chmod 755 "$d"
	if [ "$(id -u)" -eq 0 ]; then
		chown lp:lp "$d/out"
		chmod 666 "$d/fault"
	fi
	cat >"$d/etc/cups-files.conf" <<EOF
ServerRoot $d/etc
RequestRoot $d/spool
TempDir $d/tmp
CacheDir $d/cache
StateDir $d/state
ServerBin $d/serverbin
DataDir /usr/share/cups
DocumentRoot /usr/share/cups/doc-root
AccessLog $d/log/access_log
ErrorLog $d/log/error_log
PageLog $d/log/page_log
FileDevice No
$([ "$(id -u)" -eq 0 ] && printf 'User lp\nGroup lp\nSystemGroup root\n')
EOF
	cat >"$d/etc/cupsd.conf" <<EOF
Listen 127.0.0.1:$port
Browsing No
WebInterface No
DefaultAuthType None
LogLevel info
AccessLogLevel all
MaxLogSize 0
$([ -z "${RIG_CUPSD_STOCK:-}" ] && printf 'PreserveJobHistory Yes\nPreserveJobFiles No\n')
JobRetryInterval 2
DirtyCleanInterval 0
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
}

start_cupsd() {
	local d=$1
	cupsd -f -c "$d/etc/cupsd.conf" -s "$d/etc/cups-files.conf" >>"$d/log/cupsd.out" 2>&1 &
	echo $! >"$d/cupsd.pid"
}

# The supervisor: parent of the daemons; stops them on TERM and waits.
supervise() {
	local d=$1 iport=$3 dbus_pid
	stopping=0
	trap 'stopping=1' TERM INT
	trap 'restart=1' USR1
	restart=0

	dbus-daemon --session --nofork --address="unix:path=$d/dbus/bus" >>"$d/log/dbus.out" 2>&1 &
	dbus_pid=$!
	echo "$dbus_pid" >"$d/dbus.pid"
	export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$d/dbus/bus"
	export KIO_RIG_DIR="$d"
	wait_for 5 test -S "$d/dbus/bus" || echo "dbus did not start" >>"$d/failed"

	ippeveprinter -p "$iport" -n localhost -r off -d "$d/ipp/spool" -k -f application/pdf \
		-c "$d/ipp/ippcmd" "kiosk-rig" >>"$d/log/ippeveprinter.out" 2>&1 &
	echo $! >"$d/ipp.pid"

	start_cupsd "$d"
	: >"$d/supervising"

	while :; do
		wait -n 2>/dev/null
		# wait returns on a child's exit or on a trapped signal; reap and loop.
		if [ "$restart" = 1 ]; then
			restart=0
			alive "$(cat "$d/cupsd.pid")" || start_cupsd "$d"
		fi
		[ "$stopping" = 1 ] && break
		if ! jobs -rp | grep -q .; then
			sleep 0.2 # all children gone: idle until told to stop
		fi
	done
	for f in cupsd ipp dbus; do
		kill -TERM "$(cat "$d/$f.pid")" 2>/dev/null
	done
	wait
	rm -f "$d/supervising"
	exit 0
}

cupsd_ready() { lpstat -h "127.0.0.1:$1" -r 2>/dev/null | grep -q 'is running'; }
ipp_ready() { ipptool -T 2 "ipp://localhost:$1/ipp/print" get-printer-attributes.test >/dev/null 2>&1; }

lpadm() { lpadmin -h "$CUPS_SERVER" "$@"; }

# Clear reasons that a backend left behind (cupsd keeps them until a backend
# removes them): CUPS-Add-Modify-Printer with printer-state-reasons=none.
clear_reasons() {
	local q=$1 t
	t=$(mktemp "$RIG_DIR/tmp/clear.XXXXXX.test")
	cat >"$t" <<EOF
{
	OPERATION CUPS-Add-Modify-Printer
	GROUP operation-attributes-tag
	ATTR charset attributes-charset utf-8
	ATTR naturalLanguage attributes-natural-language en
	ATTR uri printer-uri \$uri
	GROUP printer-attributes-tag
	ATTR keyword printer-state-reasons none
	STATUS successful-ok
}
EOF
	ipptool -T 5 "ipp://$CUPS_SERVER/printers/$q" "$t" >/dev/null 2>&1
	rm -f "$t"
}

cmd_start() {
	local d cport iport
	d=$(abs "$1") || die "cannot create $1"
	[ -e "$d/supervising" ] && die "a rig already runs in $d"
	rm -f "$d/failed" "$d/rig.env"
	cport=$(free_port) || die "no free port"
	iport=$(free_port) || die "no free port"
	[ "$cport" != "$iport" ] || iport=$(free_port)
	write_config "$d" "$cport"
	# Detached from the caller's stdout/stderr so `$(rig.sh start)` returns.
	setsid bash "$self" _supervise "$d" "$cport" "$iport" </dev/null >>"$d/log/rig.out" 2>&1 &
	echo $! >"$d/rig.pid"
	wait_for "$WAIT_S" test -e "$d/supervising" || { cmd_stop "$d"; die "supervisor did not start"; }
	if ! wait_for "$WAIT_S" cupsd_ready "$cport"; then
		tail -n 20 "$d/log/error_log" >&2 2>/dev/null
		cmd_stop "$d"
		die "cupsd did not answer on 127.0.0.1:$cport"
	fi
	if ! wait_for "$WAIT_S" ipp_ready "$iport"; then
		tail -n 20 "$d/log/ippeveprinter.out" >&2
		cmd_stop "$d"
		die "ippeveprinter did not answer on localhost:$iport"
	fi
	CUPS_SERVER=127.0.0.1:$cport
	RIG_DIR=$d
	local q
	if ! { lpadm -p ADM-HVS -v "kiofault:$d" -o printer-error-policy=abort-job \
		-o media=iso_a4_210x297mm -E &&
		lpadm -p ADM-IPP -v "ipp://localhost:$iport/ipp/print" \
			-o printer-error-policy=abort-job -o media=iso_a4_210x297mm -E; } 2>>"$d/log/rig.out"; then
		cmd_stop "$d"
		die "lpadmin failed (see $d/log/rig.out)"
	fi
	for q in ADM-HVS ADM-IPP; do
		cupsenable -h "$CUPS_SERVER" "$q" && cupsaccept -h "$CUPS_SERVER" "$q"
	done
	cat >"$d/rig.env.tmp" <<EOF
CUPS_SERVER=$CUPS_SERVER
IPP_PORT=$iport
IPP_URI=ipp://localhost:$iport/ipp/print
QUEUE_HVS=ADM-HVS
QUEUE_IPP=ADM-IPP
RIG_DIR=$d
OUT_DIR=$d/out
IPP_SPOOL=$d/ipp/spool
IPP_JOBS_LOG=$d/ipp/jobs.log
CUPSD_PID=$(cat "$d/cupsd.pid")
IPP_PID=$(cat "$d/ipp.pid")
DBUS_PID=$(cat "$d/dbus.pid")
RIG_PID=$(cat "$d/rig.pid")
EOF
	mv -f "$d/rig.env.tmp" "$d/rig.env"
	cmd_paper "$d" 250 # A4 in tray 1, like the kiosk's printer
}

cmd_stop() {
	local d=$1 pid f
	[ -d "$d" ] || die "no rig directory $d"
	d=$(cd "$d" && pwd)
	pid=$(cat "$d/rig.pid" 2>/dev/null) || return 0
	alive "$pid" && kill -TERM "$pid" 2>/dev/null
	# The supervisor forwards TERM and waits for its children; give it the
	# bound, then kill what remains of exactly our PIDs.
	wait_for "$WAIT_S" eval "! alive $pid" || {
		for f in cupsd ipp dbus rig; do
			[ -r "$d/$f.pid" ] && kill -KILL "$(cat "$d/$f.pid")" 2>/dev/null
		done
		wait_for 2 eval "! alive $pid"
	}
	# If we are the supervisor's parent (`run`), reap it.
	wait "$pid" 2>/dev/null
	rm -f "$d/rig.pid" "$d/supervising"
	return 0
}

cmd_run() {
	local d=$1 rc
	shift
	[ "${1:-}" = "--" ] && shift
	[ $# -gt 0 ] || die "run: no command"
	cmd_start "$d" || exit 1
	d=$(cd "$d" && pwd)
	(
		set -a
		# shellcheck disable=SC1091
		. "$d/rig.env"
		set +a
		"$@"
	)
	rc=$?
	cmd_stop "$d"
	return "$rc"
}

cmd_fault() {
	local d=$1
	shift
	load_env "$d"
	case "${1%% *}" in
	ok | paper-out | jam | offline | stall | slow) ;;
	*) die "fault: unknown mode '$1'" ;;
	esac
	echo "$*" >"$RIG_DIR/fault.tmp" && mv -f "$RIG_DIR/fault.tmp" "$RIG_DIR/fault"
	chmod 644 "$RIG_DIR/fault"
}

cmd_ipp_fault() {
	local d=$1
	shift
	load_env "$d"
	case "${1%% *}" in
	ok | jam | stall | slow) ;;
	*) die "ipp-fault: unknown mode '$1'" ;;
	esac
	echo "$*" >"$RIG_DIR/ipp/fault.tmp" && mv -f "$RIG_DIR/ipp/fault.tmp" "$RIG_DIR/ipp/fault"
}

# The form sets every tray at once: keep the by-pass tray as ippeveprinter
# starts it (envelopes, level unknown), or it reads as empty (media-empty-report).
cmd_paper() {
	load_env "$1"
	curl -fsS -o /dev/null --max-time 5 \
		"http://localhost:$IPP_PORT/media?size1=iso_a4_210x297mm&type1=stationery&level1=$2&size3=na_number-10_4.125x9.5in&type3=envelope&level3=-2" ||
		die "ippeveprinter media form failed"
}

cmd_recover() {
	local d=$1 q
	load_env "$d"
	echo ok >"$RIG_DIR/fault"
	echo ok >"$RIG_DIR/ipp/fault"
	cmd_paper "$d" 250
	for q in "$QUEUE_HVS" "$QUEUE_IPP"; do
		clear_reasons "$q"
		cupsenable -h "$CUPS_SERVER" "$q" || die "cannot enable $q"
		cupsaccept -h "$CUPS_SERVER" "$q" || die "cannot accept on $q"
	done
}

cmd_cupsd_kill() {
	load_env "$1"
	kill -KILL "$(cat "$RIG_DIR/cupsd.pid")" 2>/dev/null
	wait_for 5 eval "! alive $(cat "$RIG_DIR/cupsd.pid")"
}

cmd_cupsd_start() {
	load_env "$1"
	kill -USR1 "$RIG_PID"
	# shellcheck disable=SC2153 # CUPSD_PID comes from rig.env
	wait_for 2 eval "[ \"\$(cat $RIG_DIR/cupsd.pid)\" != $CUPSD_PID ]"
	wait_for "$WAIT_S" cupsd_ready "${CUPS_SERVER#*:}" || die "cupsd did not come back"
	sed -i "s/^CUPSD_PID=.*/CUPSD_PID=$(cat "$RIG_DIR/cupsd.pid")/" "$RIG_DIR/rig.env"
}

[ $# -ge 2 ] || die "usage: rig.sh start|stop|run|fault|ipp-fault|paper|recover|cupsd-kill|cupsd-start DIR ..."
cmd=$1
shift
case "$cmd" in
start) cmd_start "$1" ;;
stop) cmd_stop "$1" ;;
run) cmd_run "$@" ;;
fault) [ $# -ge 2 ] || die "fault DIR MODE"; cmd_fault "$@" ;;
ipp-fault) [ $# -ge 2 ] || die "ipp-fault DIR MODE"; cmd_ipp_fault "$@" ;;
paper) [ $# -eq 2 ] || die "paper DIR LEVEL"; cmd_paper "$@" ;;
recover) cmd_recover "$1" ;;
cupsd-kill) cmd_cupsd_kill "$1" ;;
cupsd-start) cmd_cupsd_start "$1" ;;
_supervise) supervise "$@" ;;
*) die "unknown command '$cmd'" ;;
esac
