# Shell helpers that read the kernel's cgroup files directly, for the tests
# and the tour: they check what the kernel did, not what our programs say.
# Sourced by tests/integration/ch02-cgroups.bats and tour/ch02.sh.

# v1 when any v1 hierarchy carries a controller (hybrid included: the limits
# go through v1 there), else v2: the library's rule (mode.c).
cgroupfs_mode() {
	if grep -qE ' - cgroup cgroup \S*(memory|cpu|pids)' /proc/self/mountinfo; then
		echo v1
	elif grep -q ' - cgroup2 ' /proc/self/mountinfo; then
		echo v2
	fi
}

# The directory holding controller $1's files for group $2 ("" = the root).
cgroupfs_dir() {
	local mount
	if [ "$(cgroupfs_mode)" = v2 ]; then
		mount=$(awk '/ - cgroup2 / {print $5; exit}' /proc/self/mountinfo)
	else
		mount=$(awk -v c="$1" '/ - cgroup / {n = split($NF, o, ","); for (i = 1; i <= n; i++) if (o[i] == c) {print $5; exit}}' /proc/self/mountinfo)
	fi
	echo "$mount/$2"
}

# The value of "KEY N" in a flat keyed file (memory.events, pids.events).
cgroupfs_keyed() { awk -v k="$2" '$1 == k {print $2}' "$1" 2>/dev/null; }

# cgroupfs files show size 0: read them.
cgroupfs_has_members() { grep -q . "$1/cgroup.procs" 2>/dev/null; }

# Group $1's file for a setting, by version (the library's table, in shell).
cgroupfs_file() {
	local v1 v2
	case $1 in
	memory-limit) v1=memory.limit_in_bytes v2=memory.max ;;
	memory-peak) v1=memory.max_usage_in_bytes v2=memory.peak ;;
	memory-events) v1=memory.oom_control v2=memory.events ;;
	esac
	if [ "$(cgroupfs_mode)" = v2 ]; then echo "$v2"; else echo "$v1"; fi
}

# CPU time group $1 has used, in microseconds.
cgroupfs_cpu_usec() {
	if [ "$(cgroupfs_mode)" = v2 ]; then
		cgroupfs_keyed "$(cgroupfs_dir cpu "$1")/cpu.stat" usage_usec
	else
		echo $(($(cat "$(cgroupfs_dir cpuacct "$1")/cpuacct.usage") / 1000))
	fi
}

# Polls a condition (a command) every 50 ms for at most 15 s.
cgroupfs_wait_until() {
	local tries=300
	until "$@"; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.05
	done
}
