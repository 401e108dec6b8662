#!/usr/bin/env bats
bats_require_minimum_version 1.5.0
# Chapter 4: the default image (make image), unpacking it safely, and the
# rootfs claims (S004, docs/claims.md): no kernel inside, and chroot versus pivot_root.

load helpers

# make check builds the image; a machine that only runs the tests (the
# systemd VM: no make there) uses the one built.
setup_file() {
	[ -s "$BATS_TEST_DIRNAME/../../build/images/busybox.tar" ] || make -C "$BATS_TEST_DIRNAME/../.." image >/dev/null
}

setup() {
	leftover_setup
	CH04="$REPO/ch04-overlay"
	IMAGE="$REPO/build/images/busybox.tar"
}

teardown() {
	cd /
	leftover_check
}

@test "the image tar holds /bin/busybox and a link for every applet" {
	local listing applets
	listing=$(tar tvf "$IMAGE")
	[[ "$listing" == *"-rwxr-xr-x 0/0"*" bin/busybox"* ]]
	[[ "$listing" == *"bin/sh -> busybox"* ]]
	[[ "$listing" == *"usr/bin/awk -> ../../bin/busybox"* ]]
	applets=$(busybox --list-full | grep -vx bin/busybox | sort)
	[ "$(tar tf "$IMAGE" | grep -vx bin/busybox | sort | comm -23 <(echo "$applets") -)" = "" ]
}

@test "the image has root and nobody, empty /proc /sys /dev, /tmp 1777 and /root" {
	local listing
	listing=$(tar tvf "$IMAGE")
	[ "$(tar xOf "$IMAGE" etc/passwd | cut -d: -f1,3)" = "$(printf 'root:0\nnobody:65534')" ]
	[ "$(tar xOf "$IMAGE" etc/group | cut -d: -f1,3)" = "$(printf 'root:0\nnobody:65534')" ]
	[[ "$listing" == *"drwxrwxrwt 0/0"*" tmp/"* ]]
	[[ "$listing" == *"drwx------ 0/0"*" root/"* ]]
	for dir in proc sys dev; do
		[ "$(tar tf "$IMAGE" | grep -c "^$dir/")" = 1 ]
	done
}

@test "make image is reproducible: two builds give the same bytes" {
	"$CH04/mkimage" "$BATS_TEST_TMPDIR/one.tar"
	"$CH04/mkimage" "$BATS_TEST_TMPDIR/two.tar"
	cmp "$BATS_TEST_TMPDIR/one.tar" "$BATS_TEST_TMPDIR/two.tar"
	[ "$(tar tf "$BATS_TEST_TMPDIR/one.tar")" = "$(tar tf "$BATS_TEST_TMPDIR/one.tar" | LC_ALL=C sort)" ]
}

@test "unpack keeps modes, owners and links, and the rootfs runs its shell" {
	local root="$BATS_TEST_TMPDIR/rootfs"
	mkdir "$root"
	"$CH04/unpack" "$IMAGE" "$root"
	[ "$(stat -c '%a %u:%g' "$root/tmp")" = "1777 0:0" ]
	[ "$(stat -c '%a' "$root/root")" = 700 ]
	[ "$(readlink "$root/bin/sh")" = busybox ]
	[ "$(chroot "$root" /bin/sh -c 'echo $((6 * 7))')" = 42 ]
}

@test "pack then unpack keeps owners, modes, hard links, symlinks, device nodes and fifos" {
	local src="$BATS_TEST_TMPDIR/src" out="$BATS_TEST_TMPDIR/out"
	mkdir -p "$src/d" "$out"
	echo hi > "$src/f"
	ln "$src/f" "$src/d/hard"
	ln -s ../f "$src/d/sym"
	mknod "$src/null" c 1 3
	mkfifo "$src/fifo"
	chown 1234:5678 "$src/f"
	chmod 4750 "$src/f"
	"$CH04/mkimage" --from "$src" "$BATS_TEST_TMPDIR/t.tar"
	"$CH04/unpack" "$BATS_TEST_TMPDIR/t.tar" "$out"
	[ "$(stat -c '%a %u:%g %h' "$out/f")" = "4750 1234:5678 2" ]
	[ "$(stat -c %i "$out/f")" = "$(stat -c %i "$out/d/hard")" ]
	[ "$(readlink "$out/d/sym")" = ../f ]
	[ "$(stat -c '%F %t %T' "$out/null")" = "character special file 1 3" ]
	[ -p "$out/fifo" ]
	[ "$(cat "$out/d/hard")" = hi ]
}

# Each evil tar is made by GNU tar itself; unpacking must fail before the
# entry is written, and nothing may appear outside the target directory.
evil_setup() {
	EVIL="$BATS_TEST_TMPDIR/evil"
	mkdir -p "$EVIL"/{inner,a,b/link,outside,src,dest}
	cd "$EVIL"
}

@test "an evil tar with an absolute path is refused; nothing is written there" {
	evil_setup
	echo x > "$EVIL/victim"
	tar -cPf abs.tar "$EVIL/victim" 2>/dev/null
	rm "$EVIL/victim"
	run "$CH04/unpack" abs.tar dest
	[ "$status" -eq 125 ]
	[[ "$output" == *"absolute path"* ]]
	[ ! -e "$EVIL/victim" ]
	[ -z "$(ls -A dest)" ]
}

@test "an evil tar with a .. component is refused; nothing lands above the target" {
	evil_setup
	echo x > escaped.txt
	(cd inner && tar -cPf ../dotdot.tar ../escaped.txt)
	rm escaped.txt
	run "$CH04/unpack" dotdot.tar dest
	[ "$status" -eq 125 ]
	[[ "$output" == *'".." component'* ]]
	[ ! -e escaped.txt ]
	[ -z "$(ls -A dest)" ]
}

@test "an evil tar that writes through its own symlink is refused; nothing lands where it points" {
	evil_setup
	ln -s "$EVIL/outside" a/link
	echo evil > b/link/evil.txt
	tar -cf symlink.tar -C a link
	tar -rf symlink.tar -C b link/evil.txt
	run "$CH04/unpack" symlink.tar dest
	[ "$status" -eq 125 ]
	[[ "$output" == *"through a symlink"* ]]
	[ -z "$(ls -A outside)" ]
}

@test "an evil tar with a hard link to a file outside is refused; the file gets no new name" {
	evil_setup
	echo victim > victim
	echo a > src/a
	ln src/a src/b
	tar -cPf hardlink.tar -C src --transform="s,^a\$,$EVIL/victim,RSh" a b 2>/dev/null
	run "$CH04/unpack" hardlink.tar dest
	[ "$status" -eq 125 ]
	[[ "$output" == *"hard link"* ]]
	[ "$(stat -c %h victim)" = 1 ]
	# The names are checked before anything is written: not even "a" is there.
	[ -z "$(ls -A dest)" ]
}

@test "S004-7 a rootfs holds no kernel: the image has no kernel or modules; chroot-escape tells it" {
	local root="$BATS_TEST_TMPDIR/rootfs"
	mkdir "$root"
	"$CH04/unpack" "$IMAGE" "$root"
	[ ! -e "$root/boot" ]
	[ ! -e "$root/lib/modules" ]
	[ -z "$(find "$root" -name 'vmlinu[xz]*')" ]
	run "$CH04/chroot-escape"
	[[ "$output" == *"S004-7   told    a rootfs holds no kernel"* ]]
}

@test "S004-6 a root process escapes a chroot to the host's /, but not a pivot_root" {
	local before after
	before=$(ls -d /tmp/mydocker-chroot-escape.* 2>/dev/null | wc -l)
	run "$CH04/chroot-escape"
	# The exit status is the kernel's answer: 0 only when the marker on the
	# host was seen after the chroot escape, and not after pivot_root.
	[ "$status" -eq 0 ]
	[[ "$output" == *"host-marker is VISIBLE"* ]]
	after=$(ls -d /tmp/mydocker-chroot-escape.* 2>/dev/null | wc -l)
	[ "$before" = "$after" ]
}
