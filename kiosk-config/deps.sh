#!/bin/sh
# Checks that every Debian package in the lists named on the command line
# (default: packages-build and packages-test, what `make` and `make test`
# need) is installed. As root, installs the missing ones non-interactively;
# otherwise prints the exact apt-get command and fails, so a build never
# starts half-equipped. packages-runtime is for the .deb's Depends only.
set -eu
here=$(dirname "$0")
[ $# -gt 0 ] || set -- packages-build packages-test
missing=""
for list in "$@"; do
	for p in $(grep -v '^[[:space:]]*#' "$here/$list"); do
		case " $missing " in *" $p "*) continue ;; esac
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$st" in
		*"install ok installed"*) ;;
		*) missing="$missing $p" ;;
		esac
	done
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
