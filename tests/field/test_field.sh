#!/bin/bash
# test_field.sh — the kiosk as a technician installs it, on this machine:
#   make deb (always the plain build, also in a SANITIZE run), apt install,
#   the technician's steps from the README's "Deploying a kiosk" (config set,
#   certificates, PINs, printer setup) against the simulator and the rig,
#   the installed unit's own ExecStart as its own user under cage's headless
#   backend, a grim grab of the first frame (the idle screen), a technician's
#   save from the kiosk, systemd-analyze verify and security (exposure <= 2.5;
#   the kiosk ran that unit's ExecStart, but its sandbox needs systemd as
#   PID 1, which this machine lacks), then remove and purge and
#   what is left. Needs root (CI runs as root); fails loudly otherwise.
#   The machine is left as it was: the package purged, and the user and
#   groups the install created deleted, also on failure (trap).
set -u
if [ "$(id -u)" -ne 0 ]; then
	echo "FAIL: the field test installs a .deb with apt and needs root (run make test as root)"
	exit 1
fi
# shellcheck disable=SC1091
. "$(dirname "$0")/../scenario/peers-lib.sh"
export DEBIAN_FRONTEND=noninteractive
CASE=field
unit=/lib/systemd/system/adm-kiosk.service
conf=/etc/adm-kiosk/kiosk.conf
img() { python3 "$ROOT/tests/field/img.py" "$@"; }
out="$KIO_BUILD/field"
rm -rf "$out" && mkdir -p "$out"

if dpkg-query -W -f='${Status}' adm-kiosk 2>/dev/null | grep -q 'ok installed'; then
	echo "FAIL: adm-kiosk is already installed here; the field test would purge it"
	exit 1
fi
# What exists before, so that cleanup removes only what the install added.
pre_groups=""
for g in adm-kiosk video input render lpadmin; do
	getent group "$g" >/dev/null && pre_groups="$pre_groups $g"
done
pre_user=$(getent passwd adm-kiosk >/dev/null && echo yes)
CAGE_PID=""
XDG=""
installed=""

field_cleanup() {
	if [ -n "$CAGE_PID" ]; then
		kill -TERM "$CAGE_PID" 2>/dev/null
		_pl_reap "$CAGE_PID" 10
	fi
	# Every process of a user this test created is one it started (Xwayland
	# outlives cage by a moment): stop them by pid before the user goes.
	if [ -z "$pre_user" ] && getent passwd adm-kiosk >/dev/null; then
		for p in $(pgrep -u adm-kiosk); do kill -TERM "$p" 2>/dev/null; done
		for i in $(seq 1 50); do pgrep -u adm-kiosk >/dev/null || break; sleep 0.1; done
		for p in $(pgrep -u adm-kiosk); do kill -KILL "$p" 2>/dev/null; done
	fi
	if [ -n "$installed" ]; then
		apt-get purge -y -q adm-kiosk >"$out/purge-on-exit.log" 2>&1 ||
			echo "cleanup: apt-get purge failed (see $out/purge-on-exit.log)"
	fi
	[ -n "$XDG" ] && rm -rf "$XDG"
	if [ -z "$pre_user" ] && getent passwd adm-kiosk >/dev/null; then
		userdel adm-kiosk 2>/dev/null
	fi
	for g in adm-kiosk video input render lpadmin; do
		case " $pre_groups " in *" $g "*) ;; *) getent group "$g" >/dev/null && groupdel "$g" 2>/dev/null ;; esac
	done
	_pl_cleanup
}
trap field_cleanup EXIT

step() { echo "== $*"; }

step "make deb (plain build, whatever SANITIZE says)"
top=${KIO_BUILD%/san-*}
(cd "$ROOT" && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u SANITIZE \
	make -s --no-print-directory BUILD="$top" deb) >"$out/deb.log" 2>&1 ||
	{ tail -20 "$out/deb.log"; fail "make deb"; }
deb=$(ls "$top"/adm-kiosk_*_"$(dpkg --print-architecture)".deb)
echo "$deb"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for p in cage xwayland cups; do
	printf '%s\n' "$depends" | tr ',' '\n' | grep -qE "^ *$p( |$)" || fail "Depends lacks $p"
done
printf '%s\n' "$depends" | tr ',' '\n' |
	grep -E -- '-dev( |$)|(^| )(gcc|clang|cc|build-essential|valgrind|xvfb|cppcheck)( |$)' &&
	fail "Depends names build or test packages"
lintian "$deb" >"$out/lintian.txt" 2>&1
grep -q '^E:' "$out/lintian.txt" && { cat "$out/lintian.txt"; fail "lintian errors"; }
echo "lintian: $(grep -c '^W:' "$out/lintian.txt") warnings, 0 errors"
sed -n 's/^W: /  W: /p' "$out/lintian.txt"

step "peers: simulator and printer rig (stock cupsd retention)"
RIG_CUPSD_STOCK=1 peers_start field
export RIG_CUPSD_STOCK=1

step "apt-get install -y $deb"
installed=yes
apt-get install -y -q "$deb" >"$out/install.log" 2>&1 || { tail -20 "$out/install.log"; fail "apt install"; }
id adm-kiosk
ls -ld /etc/adm-kiosk "$conf" /var/lib/adm-kiosk
runuser -u adm-kiosk -- adm-kioskctl config check "$conf" || fail "service user cannot read $conf"

step "systemd-analyze verify $unit"
sa=$(systemd-analyze verify "$unit" 2>&1) || { echo "$sa"; fail "systemd-analyze verify"; }
[ -z "$sa" ] || { echo "$sa"; fail "systemd-analyze verify printed warnings"; }
step "systemd-analyze security --offline=true $unit (exposure at most 2.5)"
exposure=$(systemd-analyze security --offline=true "$unit" 2>&1 |
	sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
echo "exposure: ${exposure:-?}"
[ -n "$exposure" ] && awk -v e="$exposure" 'BEGIN { exit !(e <= 2.5) }' ||
	fail "unit exposure ${exposure:-unknown} is over 2.5"
echo "verify: ok (no output)"

step "technician: certificates, server, id, printer, PINs (README: Deploying a kiosk)"
tls="$RUN/tls"
# The README's commands, with the simulator's CA and this kiosk's certificate.
install -o root -g adm-kiosk -m 0640 "$tls/ca.pem" /etc/adm-kiosk/ca.pem
install -o root -g adm-kiosk -m 0640 "$tls/kiosk.pem" /etc/adm-kiosk/client.pem
install -o adm-kiosk -g adm-kiosk -m 0600 "$tls/kiosk.key" /etc/adm-kiosk/client.key
adm-kioskctl config set "$conf" kiosk.id ADM-1610-001 server.url "https://localhost:$PORT" \
	server.ca_bundle /etc/adm-kiosk/ca.pem server.client_cert /etc/adm-kiosk/client.pem \
	server.client_key /etc/adm-kiosk/client.key || fail "config set (server)"
adm-kioskctl config set "$conf" printer.cups_server "$CUPS_SERVER" printer.queue ADM-KIOSK ||
	fail "config set (printer)"
adm-kioskctl printer status --config "$conf" ADM-IPP | grep '^documents:' | tee "$out/status-before.txt"
grep -q PERHATIAN "$out/status-before.txt" || fail "status did not say that the stock cupsd keeps documents"
adm-kioskctl printer setup --config "$conf" ADM-KIOSK "$IPP_URI" || fail "printer setup"
echo 1234 | adm-kioskctl set-pin --config "$conf" || fail "set-pin"
echo 5678 | adm-kioskctl set-pin --officer --config "$conf" || fail "set-pin --officer"
ls -l "$conf"
[ "$(stat -c '%U:%G %a' "$conf")" = "adm-kiosk:adm-kiosk 600" ] || fail "root's saves changed $conf's owner or mode"
runuser -u adm-kiosk -- adm-kioskctl config check "$conf" || fail "config unreadable after set-pin"
runuser -u adm-kiosk -- adm-kioskctl server check --config "$conf" || fail "server check as adm-kiosk"
runuser -u adm-kiosk -- adm-kioskctl printer status --config "$conf" | tee "$out/status.txt"
grep -q '^condition: ready' "$out/status.txt" || fail "printer not ready"
grep -q 'menghapus setiap dokumen' "$out/status.txt" || fail "status: cupsd still keeps documents"

step "the unit's ExecStart as its user under cage (headless)"
user=$(sed -n 's/^User=//p' "$unit")
XDG=$(sed -n 's/^Environment=XDG_RUNTIME_DIR=//p' "$unit")
execstart=$(sed -n 's/^ExecStart=[-@:+!]*//p' "$unit")
[ -n "$user" ] && [ -n "$XDG" ] && [ -n "$execstart" ] || fail "unit lacks User=, XDG_RUNTIME_DIR or ExecStart="
read -ra cmd <<<"$execstart"
echo "User=$user XDG_RUNTIME_DIR=$XDG"
echo "ExecStart: ${cmd[*]}"
# As systemd makes RuntimeDirectory= (its mode from the unit, else 0755).
rmode=$(sed -n 's/^RuntimeDirectoryMode=//p' "$unit")
install -d -o "$user" -g "$user" -m "${rmode:-0755}" "$XDG"
[ "$(stat -c %a "$XDG")" = 700 ] || fail "the unit's runtime directory is not 0700 (Wayland wants it private)"
# exec: run in the background, the job's pid is the command's own (cage).
as_user() {
	exec setpriv --reuid="$user" --regid="$user" --init-groups -- env -i PATH=/usr/bin:/bin \
		HOME=/var/lib/adm-kiosk XDG_RUNTIME_DIR="$XDG" "$@"
}
# cage_stop: TERM cage, wait for it, the kiosk and Xwayland to end.
cage_stop() {
	kill -TERM "$CAGE_PID" 2>/dev/null
	_pl_reap "$CAGE_PID" 15
	CAGE_PID=""
	until_ 10 sh -c "! pgrep -u $user -x adm-kiosk && ! pgrep -u $user -x Xwayland" ||
		fail "the kiosk or Xwayland outlived cage: $(pgrep -a -u "$user")"
}
# first_frame N: start the ExecStart line under cage (log in cage-N.log) and
# grab until two grabs in a row are the same picture and not one flat
# colour. cage 0.1.4 headless repaints only its first frames: when the
# kiosk's window maps after them (Xwayland starts on demand, slower on a
# busy machine) the output stays flat for good; then say so and return 1.
first_frame() {
	local prev="" sum i
	as_user WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 "${cmd[@]}" \
		</dev/null >"$out/cage-$1.log" 2>&1 &
	CAGE_PID=$!
	until_ 20 test -S "$XDG/wayland-0" || { tail "$out/cage-$1.log"; fail "cage did not open wayland-0"; }
	for i in $(seq 1 30); do
		if (as_user WAYLAND_DISPLAY=wayland-0 grim "$XDG/grim.png" 2>>"$out/grim.log"); then
			sum=$(sha256sum <"$XDG/grim.png")
			if [ "$sum" = "$prev" ] && [ "$(img colours "$XDG/grim.png")" -gt 8 ]; then
				return 0
			fi
			prev=$sum
		fi
		kill -0 "$CAGE_PID" 2>/dev/null || { tail "$out/cage-$1.log"; fail "cage exited"; }
		sleep 0.5
	done
	echo "attempt $1: cage's output stayed flat for 15 s (its first frames came before the kiosk's window)"
	return 1
}
for attempt in 1 2 3; do
	first_frame "$attempt" && break
	cage_stop
	rm -f "$XDG/wayland-0" "$XDG/wayland-0.lock"
done
cp "$XDG/grim.png" "$out/grim.png"
[ -n "$CAGE_PID" ] || fail "no first frame from grim in 3 starts of cage"
read -r gw gh < <(img size "$out/grim.png")
echo "grim: $out/grim.png, ${gw}x${gh} (the config says $(sed -n 's/^width = //p' "$conf")x$(sed -n 's/^height = //p' "$conf"))"
pgrep -u "$user" -x Xwayland >/dev/null && echo "Xwayland runs as $user"
pgrep -u "$user" -x adm-kiosk >/dev/null || fail "no adm-kiosk process of $user"
until_ 10 grep -q 'cupsd keeps' "$out/cage-$attempt.log"
grep 'cupsd keeps' "$out/cage-$attempt.log" | tail -1
grep -q 'cupsd keeps no printed document' "$out/cage-$attempt.log" || fail "the kiosk's start check did not find cupsd private"
cage_stop

step "the first frame is the idle screen: the installed kiosk's own screenshots at ${gw}x${gh}"
# Same binary, same user, a copy of the config at the output's size; one
# shot at once (status not known yet), one after the first status checks.
install -o "$user" -g "$user" -m 0600 "$conf" "$XDG/ref.conf"
install -d -o "$user" -g "$user" -m 0700 "$XDG/shots"
adm-kioskctl config set "$XDG/ref.conf" screen.width "$gw" screen.height "$gh" >/dev/null
printf 'wait idle\nscreenshot first\nsleep 3000\nscreenshot later\n' >"$XDG/ref.kscript"
chmod 644 "$XDG/ref.kscript"
(as_user SDL_VIDEODRIVER=dummy /usr/bin/adm-kiosk --config "$XDG/ref.conf" --headless \
	--script "$XDG/ref.kscript" --screenshot-dir "$XDG/shots") </dev/null >"$out/ref.log" 2>&1 ||
	{ tail "$out/ref.log"; fail "reference screenshots"; }
idle=""
for r in later first; do
	cp "$XDG/shots/$r.png" "$out/kiosk-$r.png"
	# The clock (top right) is the one thing allowed to differ.
	read -r bad total < <(img diff "$out/grim.png" "$out/kiosk-$r.png" --ignore $((gw * 2 / 3)),0,$((gw / 3)),$((gh / 9)))
	echo "grim vs the kiosk's '$r' shot: $bad of $total pixels differ outside the clock"
	[ "$bad" -eq 0 ] && { idle=$r; break; }
done
[ -n "$idle" ] || fail "grim's first frame is not the kiosk's idle screen (see $out/grim.png)"

step "a technician's save from the kiosk (installed binary, its user, its config)"
cat >"$XDG/tech.kscript" <<'KS'
wait idle
key Ctrl+Alt+Shift+t
wait technician
type 1234
tap tech-pin-submit
sleep 1500
expect-text Menu
tap tech-page-printer
sleep 2000
expect-text menghapus setiap dokumen
tap tech-page-kiosk
tap tech-inactivity-30
sleep 1500
expect-text Tersimpan
tap tech-exit
wait idle
KS
chown "$user" "$XDG/tech.kscript"
grep '^inactivity_s' "$conf"
(as_user SDL_VIDEODRIVER=dummy /usr/bin/adm-kiosk --config "$conf" --headless \
	--script "$XDG/tech.kscript") </dev/null >"$out/tech.log" 2>&1 || { tail -20 "$out/tech.log"; fail "technician script"; }
grep '^inactivity_s' "$conf"
grep -q '^inactivity_s = 30$' "$conf" || fail "the kiosk's save did not persist"
ls -l "$conf"
[ "$(stat -c '%U:%G %a' "$conf")" = "adm-kiosk:adm-kiosk 600" ] || fail "the kiosk's save changed owner or mode"
runuser -u adm-kiosk -- adm-kioskctl config check "$conf" || fail "service cannot read its saved config"
ls /var/lib/adm-kiosk

step "apt-get remove: config and print log stay"
apt-get remove -y -q adm-kiosk >"$out/remove.log" 2>&1 || fail "apt remove"
grep 'adm-kiosk:' "$out/remove.log"
ls -la /etc/adm-kiosk /var/lib/adm-kiosk
[ -e "$conf" ] && [ -n "$(ls /var/lib/adm-kiosk)" ] || fail "remove deleted the config or the print log"
[ ! -e /usr/bin/adm-kiosk ] || fail "remove left the binary"

step "apt-get purge: what is left"
apt-get purge -y -q adm-kiosk >"$out/purge.log" 2>&1 || fail "apt purge"
installed=""
grep 'adm-kiosk:' "$out/purge.log"
left=""
for f in /etc/adm-kiosk /var/lib/adm-kiosk "$unit" /usr/lib/sysusers.d/adm-kiosk.conf \
	/etc/systemd/system/graphical.target.wants/adm-kiosk.service /usr/share/adm-kiosk; do
	[ -e "$f" ] && left="$left $f"
done
echo "left after purge: ${left:-no files}; user: $(getent passwd adm-kiosk || echo none) (Debian keeps system users; this test deletes it next)"
[ -z "$left" ] || fail "purge left$left"
dpkg-query -W -f='${Status}\n' adm-kiosk 2>/dev/null | grep -q 'ok installed' && fail "still installed"
echo "field test: ok"
ok=1
