#!/usr/bin/env bats
bats_require_minimum_version 1.5.0
# Chapter 1: each namespace program isolates what it claims, on this kernel.

load helpers

setup() {
	leftover_setup
	CH01="$REPO/ch01-namespaces"
}

teardown() {
	leftover_check
}

# Runs "$@" in the background with two fifos: the command inside writes a
# line to $FIFO_OUT when it is ready to be looked at, then waits to read
# $FIFO_IN. Sets BACKGROUND_PID.
start_paused() {
	FIFO_OUT="$BATS_TEST_TMPDIR/out"
	FIFO_IN="$BATS_TEST_TMPDIR/in"
	mkfifo "$FIFO_OUT" "$FIFO_IN"
	"$@" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" &
	BACKGROUND_PID=$!
}

@test "S001-1 in a new UTS namespace the hostname changes inside, never on the host" {
	local host_name seen inside_pid
	host_name=$(hostname)
	start_paused "$CH01/uts" -- sh -c "hostname mydocker-uts-$$; echo \$\$ \$(hostname) > $BATS_TEST_TMPDIR/out; read go < $BATS_TEST_TMPDIR/in"
	read -r inside_pid seen < "$FIFO_OUT"
	[ "$seen" = "mydocker-uts-$$" ]
	[ "$(hostname)" = "$host_name" ]
	[ "$(readlink /proc/$inside_pid/ns/uts)" != "$(readlink /proc/self/ns/uts)" ]
	echo go > "$FIFO_IN"
	wait "$BACKGROUND_PID"
	[ "$(hostname)" = "$host_name" ]
}

@test "S001-2 a new IPC namespace starts with no queues; one made inside is not in the host's ipcs -q" {
	local key
	start_paused "$CH01/ipc" -- sh -c "ipcs -q | grep -c '^0x' > $BATS_TEST_TMPDIR/count; ipcmk -Q >/dev/null; ipcs -q | awk '/^0x/ {print \$1}' > $BATS_TEST_TMPDIR/out; read go < $BATS_TEST_TMPDIR/in"
	key=$(cat "$FIFO_OUT")
	[ -n "$key" ]
	[ "$(cat "$BATS_TEST_TMPDIR/count")" = 0 ]
	run ipcs -q
	[[ "$output" != *"$key"* ]]
	echo go > "$FIFO_IN"
	wait "$BACKGROUND_PID"
}

@test "S001-3 in a new PID namespace the shell is PID 1; the host knows it by another PID" {
	run --separate-stderr "$CH01/pid" -- sh -c 'echo $$; grep NSpid /proc/self/status'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1 ]
	# NSpid: the host's PID, then the PID inside: two different numbers.
	read -r _ host_pid inside_pid <<<"${lines[1]}"
	[ -n "$inside_pid" ]
	[ "$host_pid" != "$inside_pid" ]
}

@test "S001-4 S004-4 a tmpfs mounted on /tmp inside is empty there and absent from the host's mounts; umount stays inside" {
	run --separate-stderr "$CH01/mount" -- sh -c 'ls -A /tmp | wc -l; grep -c mydocker-tmpfs /proc/self/mountinfo; grep -c mydocker-tmpfs /proc/$PPID/mountinfo'
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 1 ]
	[ "${lines[2]}" = 0 ]
	[ "$(grep -c mydocker-tmpfs /proc/self/mountinfo)" = 0 ]
	# umount too: in a throwaway namespace standing for the host, the
	# container unmounts its copy of a mount; the "host" keeps its own.
	mkdir "$BATS_TEST_TMPDIR/probe"
	run unshare -m --propagation private sh -c 'mount -t tmpfs mydocker-umount-probe "$1" &&
		"$2" --no-tmpfs -- sh -c "umount $1 && grep -c mydocker-umount-probe /proc/self/mountinfo"
		grep -c mydocker-umount-probe /proc/self/mountinfo' _ "$BATS_TEST_TMPDIR/probe" "$CH01/mount"
	[ "${lines[-2]}" = 0 ]
	[ "${lines[-1]}" = 1 ]
}

@test "S004-3 a new mount namespace starts as a copy: /tmp shows the host's files, its mounts are new ones" {
	local marker="mydocker-marker-$$" host_ids="$BATS_TEST_TMPDIR/host-mount-ids"
	touch "/tmp/$marker"
	# The host's mount IDs while the namespace is made: an ID freed after the
	# container ends may be given to a new mount of the host's at once.
	cut -d' ' -f1 /proc/self/mountinfo > "$host_ids"
	run --separate-stderr "$CH01/mount" --no-tmpfs -- sh -c 'ls -A /tmp; readlink /proc/self/ns/mnt; cut -d" " -f1 /proc/self/mountinfo'
	rm -f "/tmp/$marker"
	[ "$status" -eq 0 ]
	[[ "$output" == *"$marker"* ]]
	# A copy, not the host's table: another namespace, and its mounts are
	# new ones (no mount ID of the host's) at the host's places.
	[[ "$output" == *"mnt:["* ]]
	[[ "$output" != *"$(readlink /proc/self/ns/mnt)"* ]]
	! grep -qFxf "$host_ids" <(echo "$output" | grep -E '^[0-9]+$')
}

@test "S004-5 on a shared root the mount leaks out without MS_PRIVATE, and not with it" {
	run --separate-stderr "$CH01/mount" --no-private -- sh -c 'grep -c mydocker-tmpfs /proc/$PPID/mountinfo'
	[ "$output" = 1 ]
	run --separate-stderr "$CH01/mount" --shared-host -- sh -c 'grep -c mydocker-tmpfs /proc/$PPID/mountinfo'
	[ "$output" = 0 ]
	# And from outside: a throwaway namespace with a shared root, as systemd
	# makes it, runs the default program; nothing reaches it.
	run unshare -m --propagation shared sh -c "'$CH01/mount' -- true && grep -c mydocker-tmpfs /proc/self/mountinfo"
	[ "${lines[-1]}" = 0 ]
}

@test "S001-5 S000-2 in a new user namespace without a map the process is nobody (65534)" {
	run "$CH01/user" -- id -u
	[ "${lines[-1]}" = 65534 ]
	user=$(copy_for_nobody "$CH01/user")
	# An ordinary user who is not nobody (uid 4242, no name): inside, the
	# overflow ids and empty maps, plainly not the caller.
	run --separate-stderr setpriv --reuid=4242 --regid=4242 --clear-groups --inh-caps=-all -- \
		"$user" -- sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map | wc -l'
	[ "$status" -eq 0 ]
	[ "${lines[*]}" = "65534 65534 0" ]
}

@test "S000-3 unmapped, after execve the process has no capability and proc stays unmounted" {
	user=$(copy_for_nobody "$CH01/user")
	run as_nobody "$user" -- sh -c 'grep CapEff /proc/self/status; ls /proc | grep -cE "^[0-9]+$"'
	[ "$status" -eq 0 ]
	[[ "${lines[-2]}" == *0000000000000000 ]]
	# The host's proc is still there: more processes than the namespace has.
	[ "${lines[-1]}" -gt 3 ]
}

@test "S000-4 with --map a user who is not root is root inside, and proc mounts" {
	user=$(copy_for_nobody "$CH01/user")
	run as_nobody "$user" --map -- sh -c 'id -u; id -g; ls /proc | grep -E "^[0-9]+$" | tr "\n" " "'
	[ "$status" -eq 0 ]
	[ "${lines[-3]}" = 0 ]
	[ "${lines[-2]}" = 0 ]
	# Our own proc: PID 1 (sh) and the ls and grep of the pipeline.
	[[ "${lines[-1]}" == "1 "* ]]
	[ "$(echo ${lines[-1]} | wc -w)" -le 4 ]
}

@test "S000-5 a user who is not root cannot map another id, nor more than one" {
	user=$(copy_for_nobody "$CH01/user")
	run as_nobody "$user" --map=0:0:1 -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *uid_map*EPERM* ]]
	run as_nobody "$user" --map=0:65534:2 -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *uid_map*EPERM* ]]
}

@test "S000-1 S004-1 without root, creating a UTS or mount namespace fails with EPERM and a hint" {
	for program in uts mount; do
		copy=$(copy_for_nobody "$CH01/$program")
		run as_nobody "$copy" -- true
		[ "$status" -eq 125 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == *EPERM*CAP_SYS_ADMIN* ]]
	done
}

@test "a new network namespace has only lo, and it is down" {
	run "$CH01/net" -- ip -o link
	[ "$status" -eq 0 ]
	links=$(echo "$output" | grep -c '^[0-9]*: ')
	[ "$links" -eq 1 ]
	[[ "$output" == *"1: lo: "*"state DOWN"* ]]
}

@test "S004-10 S004-2 clone needs the stack's top; errno after a successful clone is stale" {
	run "$REPO/ch01-namespaces/clonepitfalls"
	[ "$status" -eq 0 ]
}

@test "exit status: the command's own, 127 when not found, 128+N when killed" {
	run "$CH01/uts" -- sh -c 'exit 3'
	[ "$status" -eq 3 ]
	run -127 "$CH01/pid" -- mydocker-no-such-command
	[ "$status" -eq 127 ]
	[[ "$output" == *"mydocker-no-such-command: not found"* ]]
	run "$CH01/net" -- sh -c 'kill -9 $$'
	[ "$status" -eq 137 ]
}

@test "bad usage: unknown flag or no command without a terminal gives usage and exit 2" {
	run "$CH01/uts" --frobnicate
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown option --frobnicate"* ]]
	run "$CH01/ipc" </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *usage:* ]]
	run "$CH01/user" --map=1:2 -- true
	[ "$status" -eq 2 ]
}
