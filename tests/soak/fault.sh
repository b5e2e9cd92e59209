#!/bin/sh
# fault.sh KIND — switch a soak fault on or off from inside a kiosk script
# (exec step). Kinds: paper-out, paper-in, server-error, slow-network, clear.
set -eu
run=${KIO_RUN_DIR:?}
port=$(sed -n 's/^PORT //p' "$run/sim.log" | head -n 1)
admin() { curl -sf --max-time 5 --cacert "$run/tls/ca.pem" -X "$1" "https://localhost:$port/_admin/fault" ${2:+-d "$2"} >/dev/null; }
rig="$(dirname "$0")/../rig/rig.sh"
case "$1" in
paper-out) "$rig" fault "$run/rig" paper-out >/dev/null ;;
paper-in) "$rig" fault "$run/rig" ok >/dev/null && "$rig" recover "$run/rig" >/dev/null ;;
server-error) admin POST '{"endpoint":"list","kind":"status","arg":500}' ;;
slow-network) admin POST '{"endpoint":"list","kind":"delay","arg":1500}' ;;
clear) admin DELETE ;;
*) echo "fault.sh: unknown kind $1" >&2; exit 2 ;;
esac
