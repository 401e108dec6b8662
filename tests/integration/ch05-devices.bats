#!/usr/bin/env bats
# Devices (NOTES.md, Security, "Devices"): a container may open null, zero,
# full, random, urandom, tty, console, ptmx and its pts, nothing else, even a
# node it makes with mknod. cgroup v1 and hybrid hosts enforce it with the
# devices controller (ch05-hardening.bats); cgroup v2 hosts with a BPF
# program on the container's cgroup, tried here for real: on a pure v2 host
# the attack itself (mknod the host's disk and read it), and on any host
# with a cgroup2 tree (hybrid too) the program alone, on a cgroup of the
# test's own. Then a storm of starts and removals, which must leave no
# devices cgroup behind.
bats_require_minimum_version 1.5.0

load helpers

setup() {
	mydocker_setup ch06-network/mydocker
	NAME="dv$$"
	CGROUP2=$(findmnt -t cgroup2 -no TARGET | head -1)
	TEST_CGROUP=""
}

teardown() {
	if [ -n "$TEST_CGROUP" ] && [ -d "$TEST_CGROUP" ]; then
		xargs -r kill -9 < "$TEST_CGROUP/cgroup.procs" 2>/dev/null || true
		eventually rmdir "$TEST_CGROUP" || true
	fi
	remove_containers_and_check
}

pure_v2() {
	[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]
}

skip_unless_pure_v2() {
	pure_v2 || skip "needs a pure cgroup v2 host (this one mounts cgroup v1 controllers: ch05-hardening.bats tries the devices cgroup)"
}

# The host's first disk, as NAME MAJOR:MINOR (vda 254:0 in a qemu VM).
host_disk() {
	local disk
	for disk in /sys/block/vd* /sys/block/sd* /sys/block/nvme*; do
		[ -e "$disk/dev" ] && { echo "${disk##*/} $(cat "$disk/dev")"; return; }
	done
	return 1
}

# Makes the disk's node in the container and reads its first 4 KiB; says
# what worked, and the checksum of what was read.
disk_attack() {
	local numbers=$1
	echo "mknod /dev/hostdisk b ${numbers%:*} ${numbers#*:} && echo made;
		dd if=/dev/hostdisk of=/tmp/read bs=4096 count=1 && echo read-the-disk && md5sum /tmp/read;
		head -c 1 /dev/urandom | wc -c; echo x > /dev/null && echo null-ok"
}

@test "devices on cgroup v2: the host's disk made with mknod cannot be read in a container; --privileged can (the BPF program refused it)" {
	skip_unless_pure_v2
	local name disk expected
	read -r name disk < <(host_disk)
	# The marker: what the host itself reads there.
	expected=$(dd if="/dev/$name" bs=4096 count=1 2>/dev/null | md5sum | cut -d' ' -f1)
	run "$MYDOCKER" run --rm busybox sh -c "$(disk_attack "$disk")"
	[[ "$output" == *made* ]]
	[[ "$output" == *"can't open '/dev/hostdisk': Operation not permitted"* ]]
	[[ "$output" != *read-the-disk* && "$output" != *"$expected"* ]]
	[[ "$output" == *null-ok* ]]
	# The same with --privileged: the mount and the capabilities allowed
	# it; the program was what refused it.
	run "$MYDOCKER" run --rm --privileged busybox sh -c "$(disk_attack "$disk")"
	[[ "$output" == *read-the-disk* && "$output" == *"$expected"* ]]
}

@test "devices on cgroup v2: exec'd processes get the program too, with limits or without; the cgroup goes with the container" {
	skip_unless_pure_v2
	local name disk id limited_id
	read -r name disk < <(host_disk)
	# Without limits (not even the default pids limit) the program goes on
	# a cgroup of the container's own (mydocker-dev-ID; under systemd, its
	# scope).
	id=$("$MYDOCKER" run -d --name "$NAME" --pids-limit -1 busybox sleep 1000)
	run "$MYDOCKER" exec "$NAME" sh -c "$(disk_attack "$disk")"
	[[ "$output" == *made* && "$output" == *"Operation not permitted"* && "$output" != *read-the-disk* ]]
	[[ "$output" == *null-ok* ]]
	# With limits the program is on the limits' cgroup: no second one.
	limited_id=$("$MYDOCKER" run -d --name "$NAME-m" --memory 64m busybox sleep 1000)
	[ ! -e "/sys/fs/cgroup/mydocker-dev-$limited_id" ]
	run "$MYDOCKER" run --rm --memory 64m busybox sh -c "$(disk_attack "$disk")"
	[[ "$output" == *"Operation not permitted"* && "$output" != *read-the-disk* ]]
	run "$MYDOCKER" exec "$NAME-m" sh -c "$(disk_attack "$disk")"
	[[ "$output" == *"Operation not permitted"* && "$output" != *read-the-disk* ]]
	"$MYDOCKER" rm -f "$NAME" "$NAME-m"
	[ ! -e "/sys/fs/cgroup/mydocker-dev-$id" ]
}

@test "devices on cgroup v2: --trace tells the program as rules; a start failing after the attach leaves no cgroup" {
	skip_unless_pure_v2
	run "$MYDOCKER" run --rm --trace busybox true
	[ "$status" -eq 0 ]
	[[ "$output" == *"allow c 1:3 rwm (null)"* && "$output" == *"allow c 136:* rwm (pts/N)"* ]]
	[[ "$output" == *"deny everything else"* ]]
	[[ "$output" == *"bpf(BPF_PROG_LOAD, BPF_PROG_TYPE_CGROUP_DEVICE"*") = "[0-9]* ]]
	[[ "$output" == *"bpf(BPF_PROG_ATTACH"*"BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI) = 0"* ]]
	local step
	step=$("$MYDOCKER" steps | grep -A1 -F 'create the devices cgroup' | tail -1 | cut -f1)
	run env MYDOCKER_FAIL_AT="$step" "$MYDOCKER" run -d --name "$NAME" busybox sleep 1000
	[[ "$output" == *"dying with SIGKILL before parent step"* ]]
	"$MYDOCKER" rm -f "$NAME"
	[ -z "$(find /sys/fs/cgroup -maxdepth 1 -name 'mydocker-dev-*')" ]
}

# On any host with a cgroup2 tree: the kernel asks the BPF device programs
# of a task's cgroup2 cgroup even where v1 controllers are mounted (hybrid).
# The nodes live on a tmpfs of a throwaway mount namespace (no nodev).
@test "the device program on a cgroup2 cgroup: a block device made with mknod cannot be opened; null, zero, ptmx can; no descriptor is left" {
	[ -n "$CGROUP2" ] || skip "no cgroup2 tree mounted"
	TEST_CGROUP="$CGROUP2/mydocker-devtest-$$"
	mkdir "$TEST_CGROUP"
	run --separate-stderr env MYDOCKER_TRACE=1 "$REPO/tests/helpers/attach-device-filter" "$TEST_CGROUP"
	[ "$status" -eq 0 ] && [ "$output" = attached ]
	[[ "$stderr" == *"allow c 1:3 rwm (null)"* && "$stderr" == *"deny everything else"* ]]
	local nodes="$BATS_TEST_TMPDIR/nodes"
	mkdir "$nodes"
	run unshare -m sh -c "mount -t tmpfs -o mode=0700 nodes '$nodes' && cd '$nodes' &&
		mknod loop b 7 0 && mknod null c 1 3 && mknod zero c 1 5 &&
		head -c 1 loop > /dev/null && echo host-opens-loop;
		sh -c 'echo \$\$ > $TEST_CGROUP/cgroup.procs &&
			mknod loop2 b 7 0 && echo mknod-ok;
			head -c 1 loop > /dev/null && echo opened-loop; head -c 1 loop2 > /dev/null && echo opened-loop2;
			echo x > null && echo null-ok; head -c 1 zero | wc -c;
			exec 3<> /dev/ptmx && echo ptmx-ok'"
	# The control: outside the cgroup the node opens.
	[[ "$output" == *host-opens-loop* ]]
	[[ "$output" == *mknod-ok* ]]
	[[ "$output" != *opened-loop* ]]
	[[ "$output" == *"cannot open 'loop' for reading: Operation not permitted"* ]]
	[[ "$output" == *null-ok* && "$output" == *ptmx-ok* ]]
	[[ "$output" == *$'\n1\n'* ]]
	eventually rmdir "$TEST_CGROUP"
}

# What a start looks like before its record: its directory, locked
# (run.c, step_lock_while_starting). rm used to take it for a crashed
# start and remove it; the start then wrote its record in a directory
# already emptied, made its cgroups and ran a container no record named.
@test "rm -f of a container whose start is in progress waits until the start is over (its lock)" {
	"$MYDOCKER" run --rm busybox true
	local directory="$MYDOCKER_ROOT/containers/$NAME" lock remover
	mkdir "$directory"
	exec {lock}< "$directory"
	flock -x "$lock"
	"$MYDOCKER" rm -f "$NAME" {lock}<&- > /dev/null 2>&1 &
	remover=$!
	# rm waits on the lock (a pending shared flock in /proc/locks),
	# leaving the directory alone.
	eventually grep -q -- "-> FLOCK *ADVISORY *READ *$remover " /proc/locks
	[ -d "$directory" ]
	# The start ends, here without a record (as a crashed one): rm goes on.
	exec {lock}<&-
	wait "$remover"
	[ ! -e "$directory" ]
}

# The devices cgroups a run made, by ID, from its --trace (mkdir of
# mydocker-dev-ID, v1 or v2), in the files given.
devices_cgroups_made() {
	cat "$@" | grep -o 'mkdir("[^"]*/mydocker-dev-[0-9a-f]*' | sed 's/.*mydocker-dev-//' | sort -u
}

# rm -f NAME as soon as it names a container: polled without a pause (the
# race is in a start's first milliseconds), for at most 20 s.
remove_once_named() {
	local deadline=$((SECONDS + 20))
	until "$MYDOCKER" rm -f "$1" > /dev/null 2>&1; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
	done
}

# A name no ID can start with (rm takes an ID prefix of 3 or more).
storm_name() {
	echo "storm-$1"
}

@test "a storm of run -d, rm -f during the start, exec, failing commands and killed monitors leaves no devices cgroup that no record names" {
	local count=${DEVICES_STORM:-24} i steps id directory left=0
	"$MYDOCKER" run --rm busybox true
	mapfile -t steps < <("$MYDOCKER" steps | grep '^parent:' | cut -f1)
	for ((i = 0; i < count; i++)); do
		# Started, and removed with rm -f as soon as its name appears
		# (before its record exists, or while it makes its cgroups).
		MYDOCKER_TRACE=1 "$MYDOCKER" run -d --name "$(storm_name "$i")" busybox sleep 1000 \
			> /dev/null 2> "$BATS_TEST_TMPDIR/run-$i" &
		remove_once_named "$(storm_name "$i")" &
		# A process entering it: its runtime is in the devices cgroup too.
		"$MYDOCKER" exec "$(storm_name "$i")" sleep 1000 > /dev/null 2>&1 &
		# A start that fails after the cgroups: init is in them, exiting.
		MYDOCKER_TRACE=1 "$MYDOCKER" run -d --name "$(storm_name "$i-f")" busybox /no/such/command \
			> /dev/null 2> "$BATS_TEST_TMPDIR/fail-$i" &
		# A monitor killed (SIGKILL) before one of the steps, in turn.
		MYDOCKER_TRACE=1 MYDOCKER_FAIL_AT="${steps[i % ${#steps[@]}]}" \
			"$MYDOCKER" run -d --name "$(storm_name "$i-k")" busybox sleep 1000 \
			> /dev/null 2> "$BATS_TEST_TMPDIR/kill-$i" &
	done
	wait
	echo "# storm over after $SECONDS s" >&3
	# Every record left is removed: what remains is what no record names.
	remove_containers
	[ -z "$(ls "$MYDOCKER_ROOT/containers")" ]
	for id in $(devices_cgroups_made "$BATS_TEST_TMPDIR"/run-* "$BATS_TEST_TMPDIR"/fail-* "$BATS_TEST_TMPDIR"/kill-*); do
		for directory in $(find /sys/fs/cgroup -maxdepth 2 -name "mydocker-dev-$id"); do
			echo "left without a record: $directory: $(cat "$directory/cgroup.procs")" >&2
			left=$((left + 1))
			# Ours: whatever runs there goes, then the group.
			xargs -r kill -9 < "$directory/cgroup.procs"
			eventually rmdir "$directory" || true
		done
	done
	echo "# $(devices_cgroups_made "$BATS_TEST_TMPDIR"/*-* | wc -l) devices cgroups made, $left left" >&3
	[ "$left" -eq 0 ]
}
