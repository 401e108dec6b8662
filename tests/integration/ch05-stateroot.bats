#!/usr/bin/env bats
# The state root (--root, MYDOCKER_ROOT, or the user's data directory)
# holds what containers run from: one someone else can write, or reached
# through a link someone else could swap, is refused before anything is
# made in it (NOTES.md, Security: "A state root someone else can write").
bats_require_minimum_version 1.5.0

load helpers

setup() {
	leftover_setup
	MYDOCKER="$REPO/ch06-network/mydocker"
	unset MYDOCKER_ROOT
	PLACE="$BATS_TEST_TMPDIR/place"
	mkdir -m 700 "$PLACE"
}

teardown() {
	leftover_check
}

# What is under $1 (and below the target of a link), to compare before and
# after a refused command: nothing made.
tree() {
	find "$1"/ -printf '%p %u %m\n' | sort
}

# A refused state root: status 125, one line naming the root and $2.
refused() {
	local root="$1" reason="$2"
	shift 2
	tree "$PLACE" > "$BATS_TEST_TMPDIR/before"
	run --separate-stderr "$MYDOCKER" --root "$root" "$@"
	[ "$status" -eq 125 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "mydocker: refusing the state root $root: "*"$reason"* ]]
	tree "$PLACE" | diff "$BATS_TEST_TMPDIR/before" -
}

@test "a state root another user owns, others or its group can write, or that is a symbolic link, is refused in one line, nothing made" {
	mkdir -m 700 "$PLACE/theirs" "$PLACE/open" "$PLACE/group" "$PLACE/good"
	chown nobody "$PLACE/theirs"
	chmod 0777 "$PLACE/open"
	chmod 0770 "$PLACE/group"
	ln -s "$PLACE/good" "$PLACE/link"
	refused "$PLACE/theirs" "it is owned by another user" run --rm busybox true
	refused "$PLACE/open" "it is writable by others" run --rm busybox true
	refused "$PLACE/group" "it is writable by its group" ps
	refused "$PLACE/link" "it is a symbolic link" run --rm busybox true
	# The same root given by MYDOCKER_ROOT is checked the same.
	run --separate-stderr env MYDOCKER_ROOT="$PLACE/link" "$MYDOCKER" ps
	[ "$status" -eq 125 ]
	[[ "$stderr" == *"$PLACE/link: it is a symbolic link"* ]]
	# The directory the link names is fine given itself.
	"$MYDOCKER" --root "$PLACE/good" run --rm busybox true
}

@test "a directory above the state root that others can write, or a link above it another user owns, is refused (nothing made); a sticky one, as /tmp, is not" {
	mkdir -m 0777 "$PLACE/shared"
	refused "$PLACE/shared/state" "$PLACE/shared above it is writable by others" ps
	[ ! -e "$PLACE/shared/state" ]
	chmod 1777 "$PLACE/shared"
	"$MYDOCKER" --root "$PLACE/shared/state" ps
	[ "$(stat -c '%u %a' "$PLACE/shared/state")" = "0 700" ]
	# A link above the root: followed when root owns it, refused when
	# another user does (they could point it elsewhere).
	mkdir -m 700 "$PLACE/real"
	ln -s "$PLACE/real" "$PLACE/up"
	"$MYDOCKER" --root "$PLACE/up/state" ps
	[ -d "$PLACE/real/state" ]
	chown -h nobody "$PLACE/up"
	refused "$PLACE/up/other" "$PLACE/up above it is a symbolic link of another user" ps
}

@test "an image planted by another user in a state root it can write never runs" {
	# A good root's unpacked busybox, with a true that leaves a marker in a
	# volume of the host.
	"$MYDOCKER" --root "$PLACE/good" run --rm busybox true
	local planted="$PLACE/planted" marks="$BATS_TEST_TMPDIR/marks"
	mkdir -m 0777 "$planted"
	mkdir "$marks"
	cp -a "$PLACE/good/images" "$planted/"
	rm "$planted/images/busybox/rootfs/bin/true"
	printf '#!/bin/sh\ntouch /marks/pwned\n' > "$planted/images/busybox/rootfs/bin/true"
	chmod 755 "$planted/images/busybox/rootfs/bin/true"
	chown -R nobody "$planted/images"
	refused "$planted" "it is writable by others" run --rm -v "$marks:/marks" busybox true
	[ ! -e "$marks/pwned" ]
	# The plant is real: in a root the caller owns, it runs.
	chown -R root "$planted"
	chmod 0700 "$planted"
	"$MYDOCKER" --root "$planted" run --rm -v "$marks:/marks" busybox true
	[ -e "$marks/pwned" ]
}

@test "rootless: the user's own \$XDG_DATA_HOME/mydocker is used; one owned by someone else is refused" {
	local program data
	program=$(copy_for_nobody "$MYDOCKER")
	data="$(dirname "$program")/data"
	mkdir -m 755 "$data"
	chown nobody "$data"
	# nobody's own: made 0700 and used.
	as_nobody env -i PATH=/usr/bin:/bin XDG_DATA_HOME="$data" "$program" ps
	[ "$(stat -c '%U %a' "$data/mydocker")" = "nobody 700" ]
	# root's, under nobody's data directory: refused.
	rm -rf "$data/mydocker"
	mkdir -m 700 "$data/mydocker"
	run --separate-stderr as_nobody env -i PATH=/usr/bin:/bin XDG_DATA_HOME="$data" "$program" ps
	[ "$status" -eq 125 ]
	[ "$stderr" = "mydocker: refusing the state root $data/mydocker: it is owned by another user (the state root must be your own directory)" ]
	[ -z "$(ls -A "$data/mydocker")" ]
}
