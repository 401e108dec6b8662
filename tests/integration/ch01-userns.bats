#!/usr/bin/env bats
bats_require_minimum_version 1.5.0
# Machines where a user may not make a user namespace (NOTES.md, Rootless:
# "User namespaces turned off or restricted"): the chapter 1 user demo,
# ./ch03/run and rootless mydocker run say so in one line, with the switch
# to turn. The switch is turned for real, but only inside a throwaway user
# namespace: user.max_user_namespaces belongs to each user namespace, and
# 0 there makes every namespace nested in it fail with ENOSPC.

load helpers

setup() {
	leftover_setup
	STAGE="$(dirname "$(copy_for_nobody "$REPO/ch06-network/mydocker")")"
	cp "$REPO/ch01-namespaces/user" "$REPO/ch03-run/run" "$REPO/build/images/busybox.tar" "$STAGE/"
	mkdir "$STAGE/data"
	chown nobody "$STAGE/data"
}

teardown() {
	if [ -f "$BATS_TEST_TMPDIR/switch-was" ]; then
		cat "$BATS_TEST_TMPDIR/switch-was" > /proc/sys/kernel/unprivileged_userns_clone
	fi
	leftover_check
}

# Runs "$@" as nobody inside a new user namespace (host IDs 0-65535 mapped
# as they are) whose user.max_user_namespaces is $1.
as_nobody_in_userns_limited_to() {
	local limit="$1" go="$BATS_TEST_TMPDIR/go" pid
	shift
	[ -p "$go" ] || mkfifo "$go"
	# The child waits for its maps, then re-executes (as root inside, with
	# its capabilities back) to set the limit and become nobody.
	unshare -U sh -c 'read line < "$0"; shift; exec "$@"' "$go" - \
		sh -c 'echo "$0" > /proc/sys/user/max_user_namespaces && exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"' \
		"$limit" "$@" &
	pid=$!
	eventually test "$(readlink "/proc/$pid/ns/user")" != "$(readlink /proc/self/ns/user)"
	echo "0 0 65536" > "/proc/$pid/uid_map"
	echo "0 0 65536" > "/proc/$pid/gid_map"
	echo go > "$go"
	wait "$pid"
}

HINT="user namespaces are turned off here (user.max_user_namespaces=0): sudo sysctl -w user.max_user_namespaces=15000"

@test "user.max_user_namespaces=0: the user demo, ./ch03/run and rootless mydocker run each say so in one line, with the sysctl" {
	# With room for namespaces, the same user in the same place gets one.
	run as_nobody_in_userns_limited_to 10 "$STAGE/user" --map -- id -u
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = 0 ]
	run --separate-stderr as_nobody_in_userns_limited_to 0 "$STAGE/user" --map -- id -u
	[ "$status" -ne 0 ]
	[ "$stderr" = "user: clone(CLONE_NEWNS|CLONE_NEWUSER|CLONE_NEWPID|SIGCHLD): No space left on device (ENOSPC); $HINT" ]
	run --separate-stderr as_nobody_in_userns_limited_to 0 "$STAGE/run" true
	[ "$status" -ne 0 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "run: clone("*"CLONE_NEWUSER"*"): No space left on device (ENOSPC); $HINT" ]]
	run --separate-stderr as_nobody_in_userns_limited_to 0 env -i PATH=/usr/bin:/bin XDG_DATA_HOME="$STAGE/data" \
		MYDOCKER_IMAGE="$STAGE/busybox.tar" "$STAGE/mydocker" run --rm busybox true
	[ "$status" -eq 125 ]
	[ "$stderr" = "mydocker: unshare(CLONE_NEWUSER): No space left on device (ENOSPC); $HINT" ]
	# Nothing half-made: no unpacked image, no container.
	[ -z "$(find "$STAGE/data/mydocker" -name 'rootfs*')" ]
	[ -z "$(ls -A "$STAGE/data/mydocker/containers" 2>/dev/null)" ]
}

@test "kernel.unprivileged_userns_clone=0 (Debian's switch): the user demo and rootless mydocker run say so in one line, with the sysctl" {
	[ -e /proc/sys/kernel/unprivileged_userns_clone ] || skip "this kernel has no kernel.unprivileged_userns_clone (Debian's patch)"
	[ "${MYDOCKER_THROWAWAY_MACHINE:-0}" = 1 ] || skip "turns a machine-wide switch: only where MYDOCKER_THROWAWAY_MACHINE=1 (the systemd VM)"
	local hint="user namespaces are for root only here (kernel.unprivileged_userns_clone=0): sudo sysctl -w kernel.unprivileged_userns_clone=1, or run with sudo"
	cat /proc/sys/kernel/unprivileged_userns_clone > "$BATS_TEST_TMPDIR/switch-was"
	echo 0 > /proc/sys/kernel/unprivileged_userns_clone
	run --separate-stderr as_nobody "$STAGE/user" --map -- id -u
	[ "$status" -ne 0 ]
	[ "$stderr" = "user: clone(CLONE_NEWNS|CLONE_NEWUSER|CLONE_NEWPID|SIGCHLD): Operation not permitted (EPERM); $hint" ]
	run --separate-stderr as_nobody env -i PATH=/usr/bin:/bin XDG_DATA_HOME="$STAGE/data" \
		MYDOCKER_IMAGE="$STAGE/busybox.tar" "$STAGE/mydocker" run --rm busybox true
	[ "$status" -eq 125 ]
	[ "$stderr" = "mydocker: unshare(CLONE_NEWUSER): Operation not permitted (EPERM); $hint" ]
	# Root is spared by the switch.
	"$REPO/ch01-namespaces/user" --map -- true
}
