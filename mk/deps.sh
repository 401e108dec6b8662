#!/bin/sh
# Installs the Debian packages of mk/packages.txt (or of the list given as
# $1, e.g. mk/packages-vm.txt) that are missing; does nothing (quickly) when
# all are there. Needs root to install.
set -eu
list="${1:-$(dirname "$0")/packages.txt}"
missing=""
for pkg in $(grep -v '^#' "$list" | awk 'NF {print $1}'); do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "make deps: missing packages:$missing" >&2
	echo "make deps: run as root (sudo make deps) to install them" >&2
	exit 1
fi
echo "make deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
