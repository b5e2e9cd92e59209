#!/bin/bash
# test_ctl_server.sh — the technician's connectivity check gives three
# distinct, correct diagnoses: the real simulator (all stages ok), a closed
# port (TCP refused), and a server whose certificate comes from another CA
# (TLS refused) — each stage reported separately.
set -u
: "${KIO_BUILD:=build}"
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

start_sim() { # DIR: sets $port (not in a subshell, so the pid is kept for cleanup)
	"$KIO_BUILD/adm-central-sim" --port 0 --tls-dir "$1/tls" --data "$1/data" >"$1.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 1 200); do grep -q READY "$1.log" 2>/dev/null && break; sleep 0.05; done
	grep -q READY "$1.log" || fail "simulator did not start"
	port=$(sed -n 's/^PORT //p' "$1.log" | head -n 1)
}
conf() { # FILE URL CA
	printf '[server]\nurl = %s\nca_bundle = %s\nconnect_timeout_s = 2\nrequest_timeout_s = 5\n[kiosk]\nid = ADM-TEST-01\n[storage]\ndata_dir = %s\n' \
		"$2" "$3" "$tmp/data" >"$1"
}
mkdir -p "$tmp/a" "$tmp/b"
start_sim "$tmp/a"
# A second CA, never trusted by the kiosk.
"$KIO_BUILD/adm-central-sim" --tls-dir "$tmp/b/tls" --tls-only >/dev/null 2>&1 || fail "tls-only"
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

conf "$tmp/ok.conf" "https://localhost:$port" "$tmp/a/tls/ca.pem"
conf "$tmp/closed.conf" "https://localhost:$closed" "$tmp/a/tls/ca.pem"
conf "$tmp/wrongca.conf" "https://localhost:$port" "$tmp/b/tls/ca.pem"

out=$("$KIO_BUILD/adm-kioskctl" server check --config "$tmp/ok.conf") || fail "check of the simulator failed: $out"
echo "$out"
echo "$out" | grep -Eq '^TLS +ok' || fail "TLS not ok"
echo "$out" | grep -Eq '^API +ok' || fail "API not ok"

out=$("$KIO_BUILD/adm-kioskctl" server check --config "$tmp/closed.conf") && fail "closed port passed"
echo "$out"
echo "$out" | grep -Eq '^DNS +ok' || fail "closed port: DNS should be ok"
echo "$out" | grep -Eq '^TCP +net_connect' || fail "closed port: TCP should be refused"
echo "$out" | grep -Eq '^TLS +-' || fail "closed port: TLS should not be reached"

out=$("$KIO_BUILD/adm-kioskctl" server check --config "$tmp/wrongca.conf") && fail "wrong CA passed"
echo "$out"
echo "$out" | grep -Eq '^TCP +ok' || fail "wrong CA: TCP should be ok"
echo "$out" | grep -Eq '^TLS +net_tls' || fail "wrong CA: TLS should fail"
echo "$out" | grep -Eq '^API +-' || fail "wrong CA: API should not be reached"
echo "connectivity diagnoses ok"
