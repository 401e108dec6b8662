#!/usr/bin/env bats
bats_require_minimum_version 1.5.0
# Chapter 2: the memory, CPU and pids limits hold on this kernel, read from
# the kernel's own cgroup files while the demos run; nothing is left after
# any run, a Ctrl-C included; bad limits create nothing.

load helpers
. "$BATS_TEST_DIRNAME/../../ch02-cgroups/cgroupfs.bash"

setup() {
	leftover_setup
	CH02="$REPO/ch02-cgroups"
}

teardown() {
	# A demo still running is stopped the way a user would: it cleans up.
	if [ -n "${BACKGROUND_PID:-}" ]; then
		kill -TERM "$BACKGROUND_PID" 2>/dev/null
		wait "$BACKGROUND_PID" 2>/dev/null
	fi
	[ -n "${STRESS_PID:-}" ] && kill -KILL -- "-$STRESS_PID" 2>/dev/null
	[ -n "${SCRATCH_GROUP:-}" ] && [ -d "$SCRATCH_GROUP" ] && cgroupfs_wait_until rmdir "$SCRATCH_GROUP" 2>/dev/null
	leftover_check
}

# Starts a chapter 2 demo in the background, waits until its group holds
# the child. Sets BACKGROUND_PID and GROUP (the directory of controller $1).
start_demo() {
	local controller=$1 program=$2
	shift 2
	"$CH02/$program" "$@" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" &
	BACKGROUND_PID=$!
	GROUP=$(cgroupfs_dir "$controller" "mydocker-$program-$BACKGROUND_PID")
	cgroupfs_wait_until cgroupfs_has_members "$GROUP"
}

finish_demo() {
	local status=0
	wait "$BACKGROUND_PID" || status=$?
	BACKGROUND_PID=
	[ "$status" -eq "${1:-0}" ]
	[ ! -d "$GROUP" ]
}

@test "S001-6 the kernel lists its cgroup controllers; this machine's mode shows them" {
	# /proc/cgroups: memory, cpu and pids are compiled in and enabled.
	for controller in memory cpu pids; do
		awk -v c="$controller" '$1 == c && $4 == 1 {found = 1} END {exit !found}' /proc/cgroups
	done
	if [ "$(cgroupfs_mode)" = v2 ]; then
		grep -qw memory "$(cgroupfs_dir memory "")cgroup.controllers"
	else
		# v1: each controller is a hierarchy of its own, a mount of type cgroup
		for controller in memory cpu pids; do
			[ -d "$(cgroupfs_dir "$controller" "")" ]
			[ -f "$(cgroupfs_dir "$controller" "")cgroup.procs" ]
		done
	fi
	run --separate-stderr "$CH02/memlimit" --duration 1
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"cgroup mode: "* ]]
}

oom_kills() { cgroupfs_keyed "$GROUP/$(cgroupfs_file memory-events)" oom_kill; }
oom_killed_once() { [ "$(oom_kills)" -ge 1 ] 2>/dev/null; }

@test "S001-8 a 200m stress-ng in a 100m cgroup never goes past 100m; its worker is OOM-killed" {
	local limit peak
	start_demo memory memlimit --duration 8
	limit=$(cat "$GROUP/$(cgroupfs_file memory-limit)")
	[ "$limit" -eq $((100 * 1024 * 1024)) ]
	cgroupfs_wait_until oom_killed_once
	peak=$(cat "$GROUP/$(cgroupfs_file memory-peak)")
	echo "peak $peak, limit $limit, OOM kills $(oom_kills)"
	# The peak is the kernel's own high-water mark: within a page or so of the limit.
	[ "$peak" -le $((limit + 1024 * 1024)) ]
	[ "$peak" -ge $((limit - 16 * 1024 * 1024)) ]
	kill -TERM "$BACKGROUND_PID"
	finish_demo 143
}

@test "swap cannot hide the memory limit: swap is held beside it (memsw or swap.max)" {
	start_demo memory memlimit --duration 8 --memory 64m
	if [ "$(cgroupfs_mode)" = v2 ]; then
		[ ! -f "$GROUP/memory.swap.max" ] || [ "$(cat "$GROUP/memory.swap.max")" = 0 ]
	else
		[ ! -f "$GROUP/memory.memsw.limit_in_bytes" ] || [ "$(cat "$GROUP/memory.memsw.limit_in_bytes")" -eq $((64 * 1024 * 1024)) ]
	fi
	kill -TERM "$BACKGROUND_PID"
	finish_demo 143
}

pids_full() { [ "$(cat "$GROUP/pids.current")" -ge 20 ] && [ "$(cgroupfs_keyed "$GROUP/pids.events" max)" -ge 1 ]; }

@test "the pids limit stops the fork bomb at 20 processes; forks beyond fail with EAGAIN" {
	local current
	start_demo pids pidslimit --duration 8
	[ "$(cat "$GROUP/pids.max")" = 20 ]
	cgroupfs_wait_until pids_full
	for _ in 1 2 3 4 5; do
		current=$(cat "$GROUP/pids.current")
		[ "$current" -le 20 ]
	done
	kill -TERM "$BACKGROUND_PID"
	finish_demo 143
	grep -q "EAGAIN" "$BATS_TEST_TMPDIR/stdout"
}

@test "the CPU quota holds a busy worker near 20% of a CPU (by the group's own counter)" {
	local name before after percent
	start_demo cpu cpulimit --duration 10
	name=mydocker-cpulimit-$BACKGROUND_PID
	if [ "$(cgroupfs_mode)" = v2 ]; then
		[ "$(cat "$GROUP/cpu.max")" = "20000 100000" ]
	else
		[ "$(cat "$GROUP/cpu.cfs_quota_us")" = 20000 ] && [ "$(cat "$GROUP/cpu.cfs_period_us")" = 100000 ]
	fi
	before=$(cgroupfs_cpu_usec "$name")
	sleep 3 # the measuring window
	after=$(cgroupfs_cpu_usec "$name")
	percent=$(((after - before) / 30000))
	echo "measured $percent% of a CPU"
	# Generous bounds: this machine is shared and noisy.
	[ "$percent" -ge 8 ] && [ "$percent" -le 35 ]
	kill -TERM "$BACKGROUND_PID"
	finish_demo 143
}

@test "every demo ends by itself and removes its cgroup" {
	for program in memlimit cpulimit pidslimit; do
		run --separate-stderr "$CH02/$program" --duration 1
		echo "$program: $status"
		[ "$status" -eq 0 ]
		[[ "$stderr" == *"removed "* ]]
	done
	# leftover_check (teardown) asserts no mydocker cgroup is left
}

@test "no cgroup is left after SIGINT mid-run (Ctrl-C), or SIGTERM during the fork bomb" {
	start_demo memory memlimit --duration 60
	kill -INT "$BACKGROUND_PID"
	finish_demo 130
	start_demo pids pidslimit --duration 60
	cgroupfs_wait_until pids_full
	kill -TERM "$BACKGROUND_PID"
	finish_demo 143
}

@test "bad limits are refused with one clear error, and nothing is created" {
	for bad in -1 10x "" 99999999999999999999 16777216t 0; do
		run --separate-stderr "$CH02/memlimit" --memory "$bad"
		echo "--memory '$bad': $status $stderr"
		[ "$status" -eq 2 ]
		[ "$(echo "$stderr" | wc -l)" -eq 1 ]
		[[ "$stderr" == "memlimit: --memory $bad: "* ]]
	done
	run --separate-stderr "$CH02/cpulimit" --cpu 0
	[ "$status" -eq 2 ]
	run --separate-stderr "$CH02/pidslimit" --pids -1
	[ "$status" -eq 2 ]
	run --separate-stderr "$CH02/memlimit" --bogus
	[ "$status" -eq 2 ]
	[[ "$stderr" == *usage:* ]]
}

biggest_rss_kib() { ps -o rss= -s "$STRESS_PID" | sort -n | tail -1; }
grew_past_limit() { [ "$(biggest_rss_kib)" -gt 102400 ]; }

@test "S001-9 the seed writes the PID to 'task', which does not exist: the write fails and the limit never applies" {
	local memory_limit
	memory_limit=$(cgroupfs_file memory-limit)
	SCRATCH_GROUP=$(cgroupfs_dir memory "mydocker-seedtask-$$")
	mkdir "$SCRATCH_GROUP"
	echo 100m > "$SCRATCH_GROUP/$memory_limit"
	[ ! -e "$SCRATCH_GROUP/task" ]
	# stress-ng in a session of its own, so its whole tree can be measured and killed.
	setsid stress-ng --vm 1 --vm-bytes 150m --vm-keep --timeout 30s >/dev/null 2>&1 &
	STRESS_PID=$!
	# The seed's write: cgroupfs lets no one create a file, root included.
	run bash -c "echo $STRESS_PID > $SCRATCH_GROUP/task"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Permission denied"* ]]
	# So the process never joined, and grows past the "limit".
	cgroupfs_wait_until grew_past_limit
	! cgroupfs_has_members "$SCRATCH_GROUP"
	! grep -q "mydocker-seedtask-$$" "/proc/$STRESS_PID/cgroup"
	# The right file: cgroup.procs (or v1's tasks, one thread at a time).
	echo "$STRESS_PID" > "$SCRATCH_GROUP/cgroup.procs"
	grep -q "mydocker-seedtask-$$" "/proc/$STRESS_PID/cgroup"
	if [ "$(cgroupfs_mode)" = v1 ]; then grep -qx "$STRESS_PID" "$SCRATCH_GROUP/tasks"; fi
	kill -KILL -- "-$STRESS_PID"
	STRESS_PID=
	cgroupfs_wait_until rmdir "$SCRATCH_GROUP" 2>/dev/null
	SCRATCH_GROUP=
}

@test "without root, creating the cgroup fails with one line naming the missing right; nothing is made" {
	local program
	program=$(copy_for_nobody "$CH02/memlimit")
	run --separate-stderr as_nobody "$program" --duration 1
	[ "$status" -eq 125 ]
	# v1 refuses the mkdir; v2 refuses first the write that enables the
	# controller in the parent's cgroup.subtree_control (root's, here).
	if [ "$(cgroupfs_mode)" = v2 ]; then
		[[ "$stderr" == *'cgroup.subtree_control", "+memory"): Permission denied (EACCES); '*"(cgroups need root or delegation)"* ]]
		[ "$(echo "$stderr" | grep -c "Permission denied")" -eq 1 ]
	else
		[[ "$stderr" == *"Permission denied; creating a cgroup needs root, or a subtree delegated to this user"* ]]
		[ "$(echo "$stderr" | grep -c "memlimit: cannot")" -eq 1 ]
	fi
}
