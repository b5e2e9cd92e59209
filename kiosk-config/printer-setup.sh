#!/bin/sh
# printer-setup.sh — first-time printer setup for a kiosk (run as root).
#   printer-setup.sh DEVICE-URI [QUEUE]
# Creates or updates QUEUE (default ADM-HVS) for the kiosk: IPP Everywhere
# where the printer supports it, A4 by default, abort-job on errors (so a
# failed job ends instead of retrying behind the citizen's back), enabled.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 DEVICE-URI [QUEUE]" >&2; exit 2; }
exec adm-kioskctl printer setup "${2:-ADM-HVS}" "$1"
