#!/bin/sh
# test_install.sh — `make install DESTDIR=...` produces the documented tree and
# systemd accepts the unit it installs.
set -eu
: "${KIO_BUILD:=build}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s BUILD="$KIO_BUILD" install DESTDIR="$tmp/root" PREFIX=/usr/local >/dev/null
for f in usr/local/bin/adm-kiosk usr/local/bin/adm-kioskctl \
	usr/local/share/adm-kiosk/assets/strings/id.ini \
	usr/local/share/adm-kiosk/assets/strings/en.ini \
	usr/local/share/adm-kiosk/kiosk-config/kiosk.conf.example \
	usr/local/share/adm-kiosk/kiosk-config/printer-setup.sh \
	usr/local/share/adm-kiosk/README.md \
	lib/systemd/system/adm-kiosk.service etc/adm-kiosk/kiosk.conf \
	usr/lib/sysusers.d/adm-kiosk.conf; do
	[ -e "$tmp/root/$f" ] || { echo "missing $f"; exit 1; }
done
unit="$tmp/root/lib/systemd/system/adm-kiosk.service"
grep -q '^ExecStart=/usr/bin/cage -d -- /usr/local/bin/adm-kiosk' "$unit"
grep -q '^Restart=always' "$unit"
grep -q '^WatchdogSec=' "$unit"
grep -q '^NoNewPrivileges=yes' "$unit"
[ "$(stat -c %a "$tmp/root/etc/adm-kiosk/kiosk.conf")" = 600 ]
# systemd-analyze checks that ExecStart's binary exists: point it at the
# installed copy and verify the unit as systemd would load it.
sed "s|/usr/local/bin/adm-kiosk|$tmp/root/usr/local/bin/adm-kiosk|" "$unit" >"$tmp/adm-kiosk.service"
out=$(systemd-analyze verify "$tmp/adm-kiosk.service" 2>&1) || { echo "$out"; exit 1; }
[ -z "$out" ] || { echo "systemd-analyze: $out"; exit 1; }
"$KIO_BUILD/adm-kioskctl" config check "$tmp/root/etc/adm-kiosk/kiosk.conf"
echo "install tree ok"
