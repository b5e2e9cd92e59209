#!/bin/sh
# test_ctl_foundation.sh — adm-kioskctl nik check, config check and set-pin,
# run as a technician would, checking exit codes and what is printed.
# Env: KIO_BUILD (build dir with adm-kioskctl), KIO_ROOT (source tree).
set -u
: "${KIO_BUILD:?}" "${KIO_ROOT:?}"
case "$KIO_BUILD" in /*) ;; *) KIO_BUILD="$KIO_ROOT/$KIO_BUILD" ;; esac
CTL="$KIO_BUILD/adm-kioskctl"
EXAMPLE="$KIO_ROOT/kiosk-config/kiosk.conf.example"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# run WANT_STATUS CMD...: runs CMD, output (stdout+stderr) in $tmp/out
run() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "'$*' exited $got, want $want"
		sed 's/^/    | /' "$tmp/out"
	fi
}

# expect TEXT: $tmp/out contains the fixed string TEXT
expect() {
	grep -qF -- "$1" "$tmp/out" || { fail "output lacks '$1'"; sed 's/^/    | /' "$tmp/out"; }
}

[ -x "$CTL" ] || { echo "FAIL: $CTL not built"; exit 1; }

# ---- nik check -----------------------------------------------------------
run 0 "$CTL" nik check 1610015708900001
expect "perempuan"
expect "17-08-90"
expect "Agustus"
expect "day field 57"
expect "1610**********01"
expect "province:  16"
grep -q 1610015708900001 "$tmp/out" && fail "full NIK printed"

run 0 "$CTL" nik check "3171 0117 0845 0002"
expect "laki-laki"
expect "17-08-45"

run 1 "$CTL" nik check 1610011308900000
expect "(serial)"
expect "Nomor urut"
run 1 "$CTL" nik check 12345
expect "NIK harus 16 angka"
run 1 "$CTL" nik check ""
expect "(empty)"
run 2 "$CTL" nik check
run 2 "$CTL" nik verify 1610015708900001
run 2 "$CTL" nik check 1610015708900001 extra

# ---- config check ------------------------------------------------------------
run 0 "$CTL" config check "$EXAMPLE"
expect "$EXAMPLE: ok"

base="[server]
url = https://adm.example.go.id
[kiosk]
id = ADM-1610-001"

printf '%s\n' "[server]" "url = https://adm.example.go.id/" "[kiosk]" "id = ADM-1610-001" >"$tmp/badurl.conf"
run 1 "$CTL" config check "$tmp/badurl.conf"
expect "$tmp/badurl.conf:2: server.url: "

printf '%s\n' "[server]" "url = http://adm.example.go.id" "[kiosk]" "id = K-1" >"$tmp/http.conf"
run 1 "$CTL" config check "$tmp/http.conf"
expect "$tmp/http.conf:2: server.url: must start with https://"

printf '%s\n%s\n' "$base" "[server]" >"$tmp/neg.conf"
echo "connect_timeout_s = -5" >>"$tmp/neg.conf"
run 1 "$CTL" config check "$tmp/neg.conf"
expect "$tmp/neg.conf:6: server.connect_timeout_s: must be a whole number"

printf '%s\n%s\n' "$base" "colour = blue" >"$tmp/unknown.conf"
run 1 "$CTL" config check "$tmp/unknown.conf"
expect "$tmp/unknown.conf:5: kiosk.colour: unknown key"

run 1 "$CTL" config check "$tmp/missing.conf"
expect "cannot open"
run 2 "$CTL" config check
run 2 "$CTL" config lint "$EXAMPLE"

# ---- set-pin -----------------------------------------------------------------
cp "$EXAMPLE" "$tmp/kiosk.conf"
chmod 600 "$tmp/kiosk.conf" # as installed; a save keeps the file's mode
echo 482915 | "$CTL" set-pin --config "$tmp/kiosk.conf" >"$tmp/out" 2>&1 ||
	{ fail "set-pin failed"; cat "$tmp/out"; }
grep -q 482915 "$tmp/out" && fail "set-pin printed the PIN"
grep -q 482915 "$tmp/kiosk.conf" && fail "PIN in clear in the config"
grep -q '^technician_pin_hash = \$argon2id\$' "$tmp/kiosk.conf" || fail "no technician hash"
grep -q '^officer_pin_hash = *$' "$tmp/kiosk.conf" || fail "officer hash changed"
[ "$(stat -c %a "$tmp/kiosk.conf")" = 600 ] || fail "set-pin did not keep mode 0600"
ls "$tmp" | grep -q '\.tmp\.' && fail "temp file left behind"
run 0 "$CTL" config check "$tmp/kiosk.conf"

printf '7777\r\n' | "$CTL" set-pin --officer --config "$tmp/kiosk.conf" >"$tmp/out" 2>&1 ||
	fail "set-pin --officer failed"
grep -q '^officer_pin_hash = \$argon2id\$' "$tmp/kiosk.conf" || fail "no officer hash"
grep -q 7777 "$tmp/kiosk.conf" && fail "officer PIN in clear"
run 0 "$CTL" config check "$tmp/kiosk.conf"

before=$(cat "$tmp/kiosk.conf")
for bad in 12 abcd 1234567890123 ""; do
	echo "$bad" | "$CTL" set-pin --config "$tmp/kiosk.conf" >"$tmp/out" 2>&1
	[ $? -eq 1 ] || fail "set-pin accepted '$bad'"
done
[ "$(cat "$tmp/kiosk.conf")" = "$before" ] || fail "rejected PIN changed the file"
echo 1234 | "$CTL" set-pin --config "$tmp/badurl.conf" >"$tmp/out" 2>&1
[ $? -eq 1 ] || fail "set-pin rewrote an invalid config"
run 2 "$CTL" set-pin
run 2 "$CTL" set-pin --config

if [ "$fails" -ne 0 ]; then
	echo "$fails failure(s)"
	exit 1
fi
echo "all ctl foundation checks passed"
