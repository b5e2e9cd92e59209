#!/bin/sh
# Checks that every Debian package in kiosk-config/debian-packages is installed.
# As root, installs the missing ones non-interactively; otherwise prints the
# exact apt-get command and fails, so a build never starts half-equipped.
set -eu
list="$(dirname "$0")/debian-packages"
missing=""
for p in $(grep -v '^[[:space:]]*#' "$list"); do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "adm-kiosk: missing Debian packages. Run as root:" >&2
	echo "  apt-get update && $cmd" >&2
	exit 1
fi
echo "adm-kiosk: installing missing packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
