#!/bin/bash
# sudo make tour: walks every chapter built so far, narrating each kernel call
# (the programs run with MYDOCKER_TRACE=1) and checking each claim of the
# book on this kernel, one line ok/FAIL each (told: taught, not checked), by
# its ID in docs/claims.md.
set -u
cd "$(dirname "$0")/.." || exit 1
if [ "$(id -u)" -ne 0 ]; then
	echo "tour: the experiments create namespaces and cgroups: run sudo make tour" >&2
	exit 1
fi
. tour/lib.sh
export MYDOCKER_TRACE=1
TOUR_SCRATCH=$(mktemp -d /tmp/mydocker-tour.XXXXXX)
trap 'rm -rf "$TOUR_SCRATCH"' EXIT

# tour/chNN.sh, then tour/chNN_more.sh, in order; each only if ./chNN is built.
for part in tour/ch[0-9][0-9]*.sh; do
	link=$(basename "$part" .sh)
	link=${link:0:4}
	[ -d "$link" ] || continue
	. "$part"
done

echo
if [ "$TOUR_FAILED" -eq 0 ]; then
	echo "tour: all $TOUR_CHECKED claims checked ok on $(uname -r)"
else
	echo "tour: $TOUR_FAILED of $TOUR_CHECKED claims FAILED on $(uname -r) (docs/claims.md says what each claims)"
	exit 1
fi
