# scenario-lib.sh — shared by the scenario and fault-matrix tests (sourced).
#
# Each case is one headless kiosk run through tests/run-demo.sh (real
# simulator, real printer rig, real SQLite) driven by a script read from
# stdin, in its own run directory under $BASE:
#
#   SIM_ARGS="--fault list=status:503" CONF_HOOK='sed -i ... "$RUN/kiosk.conf"' \
#       run_case NAME <<'KS'
#   wait idle
#   ...
#   KS
#
# Scripts may `exec` tests/scenario/simctl.sh (faults, state, stop/start);
# @SIMCTL@ in a script is replaced by its path. After the run, assertions
# read $RUN/events.jsonl, the print log ($RUN/log.txt) and whatever state the
# script saved with `exec @SIMCTL@ state @RUN@/state.json`.
set -u
: "${KIO_BUILD:=build}"
ROOT=${KIO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
KIO_BUILD=$(cd "$KIO_BUILD" && pwd) || { echo "no build dir"; exit 1; }
export KIO_BUILD
SIMCTL="$ROOT/tests/scenario/simctl.sh"
BASE=$(mktemp -d "${TMPDIR:-/tmp}/kio-scenario.XXXXXX")
chmod 755 "$BASE" # cupsd runs the rig's backends as lp
CASE=""
RUN=""

scenario_cleanup() {
	# Simulators a script restarted (simctl.sh start) are ours to stop.
	for f in "$BASE"/*/sim.pids; do
		[ -f "$f" ] || continue
		while read -r pid; do kill "$pid" 2>/dev/null; done <"$f"
	done
	[ "${ok:-}" = 1 ] && [ -z "${KIO_KEEP:-}" ] && rm -rf "$BASE" # kept on failure / KIO_KEEP=1
}
trap scenario_cleanup EXIT

fail() {
	echo "FAIL [$CASE]: $*"
	echo "  run dir: $RUN"
	[ -f "$RUN/kiosk.log" ] && tail -n 20 "$RUN/kiosk.log" | sed 's/^/  kiosk| /'
	exit 1
}

# want NAME: run this case? KIO_CASES="a b" runs only those (debugging).
want() { [ -z "${KIO_CASES:-}" ] || [[ " $KIO_CASES " == *" $1 "* ]]; }

# run_case NAME [expect-rc]; script on stdin. Env: SIM_ARGS, CONF_HOOK, WRAPPER.
run_case() {
	CASE=$1
	RUN="$BASE/$1"
	local want=${2:-0} t0 rc
	mkdir -p "$RUN"
	sed -e "s|@SIMCTL@|$SIMCTL|g" -e "s|@RUN@|$RUN|g" -e "s|@ROOT@|$ROOT|g" >"$RUN/case.kscript"
	t0=$(date +%s.%N)
	KIO_RUN_DIR="$RUN" SCRIPT="$RUN/case.kscript" KIO_SCRIPT_EXEC=1 \
		KIO_DEMO_SIM_ARGS="${SIM_ARGS:-}" KIO_KIOSK_WRAPPER="${WRAPPER:-}" \
		KIO_DEMO_CONF_HOOK="echo \$SIM_PID >\"\$RUN/sim.pid\"; ${CONF_HOOK:-}" \
		bash "$ROOT/tests/run-demo.sh" >"$RUN/demo.out" 2>&1
	rc=$?
	printf '  case %-28s %5.1f s\n' "$CASE" "$(echo "$(date +%s.%N) - $t0" | bc)"
	if [ "$rc" -ne "$want" ]; then
		tail -n 5 "$RUN/demo.out" | sed 's/^/  demo| /'
		grep '"script","error"' "$RUN/events.jsonl" 2>/dev/null | sed 's/^/  event| /'
		fail "script exit $rc, wanted $want"
	fi
	if [ -f "$RUN/data/kiosk.db" ]; then
		"$KIO_BUILD/adm-kioskctl" log verify --db "$RUN/data/kiosk.db" >/dev/null 2>&1 ||
			fail "print log chain does not verify"
		"$KIO_BUILD/adm-kioskctl" log show --db "$RUN/data/kiosk.db" >"$RUN/log.txt" 2>&1
	fi
	return 0
}

# conf SECTION KEY VALUE: prints a CONF_HOOK command that sets KEY in [SECTION]
# of the generated kiosk.conf (keys are unique across its sections).
conf() {
	printf "sed -i -e '/^%s = /d' -e '/^\\[%s\\]\$/a %s = %s' \"\$RUN/kiosk.conf\"; " \
		"$2" "$1" "$2" "$3"
}

# ---- assertions ----------------------------------------------------------------
events() { cat "$RUN/events.jsonl"; }
# n_events PATTERN: lines of the events file containing PATTERN (fixed string).
n_events() { grep -cF -- "$1" "$RUN/events.jsonl"; }
has_event() { grep -qF -- "$1" "$RUN/events.jsonl" || fail "no event with $1"; }
no_event() { ! grep -qF -- "$1" "$RUN/events.jsonl" || fail "unexpected event $1"; }
n_logins() { n_events '"type":"request","what":"login"'; }
# log_has TYPE [TEXT]: a print-log row of that type (containing TEXT).
log_has() {
	grep -F -- "$1" "$RUN/log.txt" | grep -qF -- "${2:-$1}" ||
		fail "print log has no $1 ${2:-}"
}
log_lacks() { ! grep -qF -- "$1" "$RUN/log.txt" || fail "print log has $1"; }
# jqs FILE FILTER: a jq answer from a saved simulator state.
jqs() { jq -r "$2" "$RUN/$1"; }
# reservations STATE [FILE]: how many reservations in that state.
reservations() { jq "[.reservations[] | select(.state==\"$1\")] | length" "$RUN/${2:-state.json}"; }
doc_used() { jq -r ".documents[] | select(.id==\"$1\") | .prints_used" "$RUN/${2:-state.json}"; }
spooled() { find "$RUN/rig" -type f -name '*.pdf' 2>/dev/null | wc -l; }
no_nik_leak() {
	for f in "$RUN/kiosk.log" "$RUN/events.jsonl" "$RUN/log.txt"; do
		[ -f "$f" ] || continue
		! grep -qE '(^|[^0-9])1610[0-9]{12}([^0-9]|$)' "$f" || fail "unmasked NIK in $f"
	done
}

# ---- script pieces ---------------------------------------------------------------
BUDI=1610011203850001
SITI=1610025507900002
AHMAD=1610030101800003
DEWI=1610044408920004
RUDI=1610051506750005
# login NIK PASSWORD: idle → login → password typed and submitted (screen: loading).
login() {
	printf '%s\n' "wait idle" "tap start" "wait login" "type $1" "tap next" "type $2" "tap login"
}
