#!/bin/bash
# test_mtls.sh — a kiosk and a server that demands its client certificate
# (adm-central-sim --require-client-cert, as the demo and the scenario tests
# run it). Four kiosks against it, each checked with the technician's own
# tool (`adm-kioskctl server check`) and by a login attempt:
#   right      its own certificate (CN = kiosk id): all stages ok, login works
#   none       no certificate:          API refused, kiosk_certificate_required
#   other      another kiosk's one:     API refused, kiosk_id_mismatch
#   expired    ours, but expired:       API refused, kiosk_certificate_expired
# The citizen at a refused kiosk is told the machine is not recognised and
# to ask an officer (api.kiosk_certificate_*), never "wrong password".
set -u
: "${KIO_BUILD:=build}"
ROOT=${KIO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$KIO_BUILD/adm-central-sim" --port 0 --tls-dir "$tmp/tls" --data "$tmp/sim" \
	--require-client-cert >"$tmp/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do grep -q READY "$tmp/sim.log" 2>/dev/null && break; sleep 0.05; done
grep -q READY "$tmp/sim.log" || fail "simulator did not start: $(cat "$tmp/sim.log")"
port=$(sed -n 's/^PORT //p' "$tmp/sim.log" | head -n 1)

# leaf NAME CN [faketime]: a client certificate from the simulator's CA.
leaf() {
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$tmp/$1.key" -out "$tmp/$1.csr" -subj "/O=ADM Simulator/CN=$2" 2>/dev/null || return 1
	printf 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n' >"$tmp/$1.ext"
	${3:+faketime "$3"} openssl x509 -req -in "$tmp/$1.csr" -CA "$tmp/tls/ca.pem" -CAkey "$tmp/tls/ca.key" \
		-CAcreateserial -days 30 -sha256 -extfile "$tmp/$1.ext" -out "$tmp/$1.pem" 2>/dev/null
}
leaf other ADM-1610-002 || fail "cannot make the other kiosk's certificate"
leaf expired ADM-1610-001 "2024-01-01 00:00:00" || fail "cannot make the expired certificate"
openssl x509 -in "$tmp/expired.pem" -noout -checkend 0 >/dev/null && fail "the expired certificate is valid"

conf() { # NAME [CERT KEY]
	{
		printf '[server]\nurl = https://localhost:%s\nca_bundle = %s\n' "$port" "$tmp/tls/ca.pem"
		[ -n "${2:-}" ] && printf 'client_cert = %s\nclient_key = %s\n' "$2" "$3"
		printf 'connect_timeout_s = 2\nrequest_timeout_s = 5\n'
		printf '[kiosk]\nid = ADM-1610-001\n[storage]\ndata_dir = %s\n' "$tmp/data-$1"
	} >"$tmp/$1.conf"
}
conf right "$tmp/tls/kiosk.pem" "$tmp/tls/kiosk.key"
conf none
conf other "$tmp/other.pem" "$tmp/other.key"
conf expired "$tmp/expired.pem" "$tmp/expired.key"

out=$("$KIO_BUILD/adm-kioskctl" server check --config "$tmp/right.conf") || fail "right certificate refused: $out"
echo "$out"
echo "$out" | grep -Eq '^API +ok' || fail "right certificate: API not ok"
for c in none:kiosk_certificate_required other:kiosk_id_mismatch expired:kiosk_certificate_expired; do
	name=${c%%:*} code=${c#*:}
	out=$("$KIO_BUILD/adm-kioskctl" server check --config "$tmp/$name.conf") && fail "$name passed the check"
	echo "$out"
	echo "$out" | grep -Eq '^TLS +ok' || fail "$name: TLS itself should be ok"
	echo "$out" | grep -Eq '^API +api' || fail "$name: API should be refused"
	echo "$out" | grep -q "^result: api — $code: " || fail "$name: technician not told $code"
done

# The kiosk itself: a login at each.
cat >"$tmp/login.kscript" <<'KS'
wait idle
tap start
wait login
type 1610011203850001
tap next
type budi1234
tap login
sleep 1500
screenshot after-login
KS
cp "$tmp/login.kscript" "$tmp/none.kscript"
echo "expect-text sertifikat mesin belum terpasang" >>"$tmp/none.kscript"
cp "$tmp/login.kscript" "$tmp/right.kscript"
for name in right none; do
	mkdir -p "$tmp/shots-$name"
	"$KIO_BUILD/adm-kiosk" --config "$tmp/$name.conf" --assets "$ROOT/assets" --allow-root --headless \
		--printer-driver fake --script "$tmp/$name.kscript" --events "$tmp/$name.events" \
		--screenshot-dir "$tmp/shots-$name" >"$tmp/$name.kiosk.log" 2>&1 ||
		fail "kiosk run $name failed: $(tail -5 "$tmp/$name.kiosk.log")"
done
grep -q '"screen":"list"' "$tmp/right.events" || fail "right certificate: login did not reach the list"
grep -q '"screen":"list"' "$tmp/none.events" && fail "no certificate: login reached the list"
grep -q '"code":"kiosk_certificate_required"' "$tmp/none.events" || fail "no certificate: not the refusal"
[ -s "$tmp/shots-none/after-login.png" ] || fail "no screenshot of the refused login"
echo "mtls ok"
