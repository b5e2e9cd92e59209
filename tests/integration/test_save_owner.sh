#!/bin/sh
# test_save_owner.sh — an atomic save (here: set-pin, the config writer) keeps
# the owner, group and mode of the file it replaces, whoever runs it: root
# saving the service's file, and the file's owner saving its own file.
set -eu
: "${KIO_BUILD:=build}"
ctl=$(cd "$KIO_BUILD" && pwd)/adm-kioskctl
[ "$(id -u)" -eq 0 ] || { echo "FAIL: needs root (chown to another user)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
d="$tmp/etc"
mkdir "$d"
sed 's|^data_dir = .*|data_dir = /tmp|' kiosk-config/kiosk.conf.example >"$d/kiosk.conf"
chown nobody:nogroup "$d" "$d/kiosk.conf"
chmod 0640 "$d/kiosk.conf"
chmod 0750 "$d"
show() { stat -c '%U:%G %a' "$d/kiosk.conf"; }
before=$(show)
echo "before: $before"
echo 1234 | "$ctl" set-pin --config "$d/kiosk.conf"
after_root=$(show)
echo "after root's set-pin: $after_root"
[ "$after_root" = "nobody:nogroup 640" ] || { echo "FAIL: root's save changed it"; exit 1; }
grep -q '^technician_pin_hash = \$argon2id' "$d/kiosk.conf"
echo 5678 | runuser -u nobody -- "$ctl" set-pin --officer --config "$d/kiosk.conf"
after_owner=$(show)
echo "after the owner's set-pin: $after_owner"
[ "$after_owner" = "nobody:nogroup 640" ] || { echo "FAIL: owner's save changed it"; exit 1; }
runuser -u nobody -- "$ctl" config check "$d/kiosk.conf"
# A root-owned file in a directory anyone may write:
chmod 0777 "$d"
rm "$d/kiosk.conf"
sed 's|^data_dir = .*|data_dir = /tmp|' kiosk-config/kiosk.conf.example >"$tmp/src.conf"
chmod 644 "$tmp/src.conf"
cp "$tmp/src.conf" "$d/kiosk.conf" && chown root:root "$d/kiosk.conf" && chmod 0644 "$d/kiosk.conf"
# Someone who may not give the file its owner back fails and changes nothing.
sum=$(sha256sum <"$d/kiosk.conf")
if echo 1234 | runuser -u nobody -- "$ctl" set-pin --config "$d/kiosk.conf" 2>"$tmp/err"; then
	echo "FAIL: a save that cannot keep the owner succeeded"; exit 1
fi
[ "$(sha256sum <"$d/kiosk.conf")" = "$sum" ] || { echo "FAIL: file changed"; exit 1; }
[ "$(stat -c '%U:%G %a' "$d/kiosk.conf")" = "root:root 644" ]
[ -z "$(find "$d" -name 'kiosk.conf.tmp.*')" ] || { echo "FAIL: temp file left"; exit 1; }
echo "save keeps owner, group and mode: ok"
