#!/usr/bin/env bats
bats_require_minimum_version 1.5.0
# Chapter 4: the overlay claims (S000, S001-11: docs/claims.md), each checked by the test on this
# kernel with its own overlay in a throwaway mount namespace (unshare -m),
# and on the layers `whiteout --keep` leaves behind.

load helpers

setup() {
	leftover_setup
	CH04="$REPO/ch04-overlay"
	LAB="$BATS_TEST_TMPDIR/lab"
	mkdir -p "$LAB"/{l1,l2,l3,l4,l2/dir,upper,work,mnt}
	for i in 1 2 3 4; do echo "I am image layer $i" > "$LAB/l$i/l$i.txt"; done
	echo "from l1" > "$LAB/l1/clash.txt"
	echo "from l3" > "$LAB/l3/clash.txt"
	echo "inside" > "$LAB/l2/dir/inside.txt"
	echo "I am a container layer" > "$LAB/upper/upper.txt"
	cd "$LAB"
}

teardown() {
	cd /
	leftover_check
}

# Runs a shell script in a private mount namespace with the book's overlay
# on mnt (four lowerdirs, leftmost on top); the namespace, and the mount,
# end with it.
in_overlay() {
	unshare -m sh -ec "mount --make-rprivate /
		mount -t overlay overlay -o lowerdir=l1:l2:l3:l4,upperdir=upper,workdir=work mnt
		$1"
}

# Only the mount, with the given options; prints nothing, returns mount's status.
mount_status() {
	unshare -m sh -c "mount --make-rprivate / && mount -t overlay overlay -o $1 mnt 2>&1"
}

@test "S000-6 aufs is not in this kernel (unknown filesystem); overlay is in /proc/filesystems" {
	grep -qw overlay /proc/filesystems
	! grep -qw aufs /proc/filesystems
	run -32 unshare -m sh -c 'mount --make-rprivate / && mount -t aufs none mnt'
	[[ "$output" == *"unknown filesystem type 'aufs'"* ]]
}

@test "S000-7 the merged view shows every layer's files; the leftmost lowerdir wins a clash" {
	run in_overlay 'ls mnt; cat mnt/clash.txt'
	[ "$status" -eq 0 ]
	for name in l1.txt l2.txt l3.txt l4.txt upper.txt dir; do [[ " ${lines[*]} " == *" $name "* ]]; done
	[ "${lines[-1]}" = "from l1" ]
}

@test "S000-8 writing a lower file through merged copies it up; the lower file is unchanged" {
	in_overlay 'echo "written" >> mnt/l1.txt'
	[ "$(cat l1/l1.txt)" = "I am image layer 1" ]
	[ "$(cat upper/l1.txt)" = "$(printf 'I am image layer 1\nwritten')" ]
}

@test "S000-9 a file created through merged lands in the upper dir" {
	in_overlay 'echo "new file" > mnt/new_file.txt'
	[ "$(cat upper/new_file.txt)" = "new file" ]
	for i in 1 2 3 4; do [ ! -e "l$i/new_file.txt" ]; done
}

@test "S000-10 deleting a lower file leaves a whiteout: a character device 0,0; merged hides the name" {
	run in_overlay 'rm mnt/l2.txt; ls mnt'
	[ "$status" -eq 0 ]
	[[ " ${lines[*]} " != *" l2.txt "* ]]
	[ "$(stat -c '%F %t %T' upper/l2.txt)" = "character special file 0 0" ]
	[ -f l2/l2.txt ]
}

@test "S000-11 the work dir's inner directory cannot be read by users" {
	in_overlay 'true'
	[ "$(stat -c '%a %u' work/work)" = "0 0" ]
	run as_nobody ls work/work
	[ "$status" -ne 0 ]
	[[ "$output" == *"Permission denied"* ]]
}

@test "S000-12 a directory removed and made again over a lower one is opaque" {
	run in_overlay 'rm -r mnt/dir; mkdir mnt/dir; ls -A mnt/dir'
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(getfattr --only-values -n trusted.overlay.opaque upper/dir)" = y ]
	[ -f l2/dir/inside.txt ]
}

@test "S001-11 four image layers and a container layer mount as one overlay; writes are copy-on-write" {
	run in_overlay 'grep " $PWD/mnt " /proc/self/mounts; echo more >> mnt/l4.txt'
	[ "$status" -eq 0 ]
	[[ "$output" == "overlay $LAB/mnt overlay "*"lowerdir=l1:l2:l3:l4"* ]]
	[ "$(cat l4/l4.txt)" = "I am image layer 4" ]
	[ "$(tail -n1 upper/l4.txt)" = more ]
}

@test "S000-13 upperdir takes one directory only; two are refused" {
	run mount_status "lowerdir=l1:l2,upperdir=upper:l3,workdir=work"
	[ "$status" -ne 0 ]
}

@test "S000-14 lowerdirs only give a read-only mount: writing fails with EROFS" {
	run unshare -m sh -c 'mount --make-rprivate / && mount -t overlay overlay -o lowerdir=l1:l2 mnt && ls mnt && echo x >> mnt/l1.txt'
	[ "$status" -ne 0 ]
	[[ "$output" == *"Read-only file system"* ]]
	[[ "$output" == *l2.txt* ]]
}

@test "S000-15 a single lowerdir with no upperdir: the program says what this kernel does" {
	local kernel_refuses=no
	mount_status "lowerdir=l1" || kernel_refuses=yes
	run "$CH04/whiteout"
	[ "$status" -eq 0 ]
	if [ "$kernel_refuses" = yes ]; then
		[[ "$output" == *"S000-15  ok      a single lowerdir with no upperdir is refused (EINVAL)"* ]]
	else
		[[ "$output" == *"S000-15  ok      a single lowerdir with no upperdir is accepted here: a read-only view"* ]]
	fi
}

@test "workdir must be on upperdir's filesystem" {
	mkdir other
	run unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs t other && mkdir other/w &&
		mount -t overlay overlay -o lowerdir=l1,upperdir=upper,workdir=other/w mnt'
	[ "$status" -ne 0 ]
}

@test "an overlay cannot be another overlay's upperdir, but can be its lowerdir" {
	mkdir mnt2
	run in_overlay 'mkdir mnt/u2 mnt/w2
		if mount -t overlay overlay -o lowerdir=l3,upperdir=mnt/u2,workdir=mnt/w2 mnt2; then echo upper-mounted; fi
		mount -t overlay overlay -o lowerdir=mnt:l4 mnt2 && ls mnt2'
	[ "$status" -eq 0 ]
	[[ "$output" != *upper-mounted* ]]
	[[ "$output" == *upper.txt* ]]
}

@test "S000-16 a volume needs only a bind mount: the host dir's files, and writes back to it" {
	mkdir volume
	echo "from the host" > volume/host.txt
	run in_overlay 'mkdir -p mnt/data && mount --bind volume mnt/data && cat mnt/data/host.txt && echo "from inside" > mnt/data/inside.txt'
	[ "$status" -eq 0 ]
	[ "$output" = "from the host" ]
	[ "$(cat volume/inside.txt)" = "from inside" ]
	[ ! -e upper/data/inside.txt ]
}

@test "whiteout checks every step on this kernel, and --keep leaves its layers unmounted for inspection" {
	run "$CH04/whiteout" --keep "$BATS_TEST_TMPDIR/kept"
	[ "$status" -eq 0 ]
	[[ "$output" != *DIFFERS* ]]
	cd "$BATS_TEST_TMPDIR/kept"
	! grep -q " $PWD" /proc/self/mounts
	[ "$(stat -c '%F %t %T' container-layer/image-layer1.txt)" = "character special file 0 0" ]
	[ "$(stat -c '%F %t %T' container-layer/image-layer2.txt)" = "character special file 0 0" ]
	[ "$(cat image-layer1/image-layer1.txt)" = "I am image layer 1" ]
	[ "$(cat container-layer/new_file.txt)" = "new file" ]
	[ "$(getfattr --only-values -n trusted.overlay.opaque container-layer/layer2-dir)" = y ]
	[ -f image-layer2/layer2-dir/from-layer2.txt ]
}

@test "whiteout cleans up its scratch dir, and says how it is used" {
	local before after
	before=$(ls -d /tmp/mydocker-whiteout.* 2>/dev/null | wc -l)
	run "$CH04/whiteout"
	[ "$status" -eq 0 ]
	after=$(ls -d /tmp/mydocker-whiteout.* 2>/dev/null | wc -l)
	[ "$before" = "$after" ]
	run "$CH04/whiteout" --help
	[ "$status" -eq 0 ]
	[[ "$output" == usage:* ]]
	run -2 "$CH04/whiteout" --bogus
	[[ "$output" == *usage:* ]]
}
