# Chapter 2: cgroups, the memory, CPU and pids limits (sourced by tour/tour.sh).
# Each claim reads the kernel's own cgroup files while a demo runs.
chapter "Chapter 2: cgroups"
CH02=./ch02-cgroups
. "$CH02/cgroupfs.bash"

narrate "this machine mounts $(grep -c ' - cgroup ' /proc/self/mountinfo) cgroup v1 hierarchies and" \
	"$(grep -c ' - cgroup2 ' /proc/self/mountinfo) cgroup2 tree(s): limits go through cgroup $(cgroupfs_mode)."
if [ "$(cgroupfs_mode)" = v2 ]; then
	show cat "$(cgroupfs_dir memory "")cgroup.controllers"
else
	narrate "v1: one hierarchy per controller; the kernel's list of controllers (the book's chapter 2 uses lssubsys -a):"
	show cat /proc/cgroups
fi
ch02_controllers_listed() {
	local controller
	for controller in memory cpu pids; do
		awk -v c="$controller" '$1 == c && $4 == 1 {found = 1} END {exit !found}' /proc/cgroups || return 1
		[ -f "$(cgroupfs_dir "$controller" "")cgroup.procs" ] || return 1
	done
}
claim S001-6 "the kernel lists its cgroup controllers (memory, cpu, pids...), mounted for this machine's mode" \
	ch02_controllers_listed
explain S001-7 "cgroup, subsystem (controller), hierarchy; one cgroup per hierarchy per process; a new hierarchy starts with every process in its root" \
	"NOTES.md, Chapter 2"

narrate "memlimit: the experiment of the book's chapter 2. stress-ng asks for 200m in a group limited to 100m;"
narrate "the trace shows the group made, the limit written, the child put in before it runs, the group removed."
show $CH02/memlimit --duration 3

# Runs a demo in the background (no trace) and waits until its group holds
# the child; sets CH02_PID and CH02_GROUP (controller $1's directory).
ch02_start() {
	local controller=$1 program=$2
	shift 2
	MYDOCKER_TRACE=0 "$CH02/$program" "$@" >/dev/null 2>&1 &
	CH02_PID=$!
	CH02_GROUP=$(cgroupfs_dir "$controller" "mydocker-$program-$CH02_PID")
	cgroupfs_wait_until cgroupfs_has_members "$CH02_GROUP"
}

# Stops it with signal $1, as a user would, and checks the group is gone.
ch02_stop_and_gone() {
	local status=0
	kill "-$1" "$CH02_PID" 2>/dev/null
	wait "$CH02_PID" || status=$?
	[ "$status" -eq $((128 + $(kill -l "$1"))) ] && [ ! -d "$CH02_GROUP" ]
}

ch02_oom_killed() { [ "$(cgroupfs_keyed "$CH02_GROUP/$(cgroupfs_file memory-events)" oom_kill)" -ge 1 ] 2>/dev/null; }
ch02_memory_run() {
	CH02_PEAK=0 CH02_OOM=0 CH02_MEMORY_GONE=1
	ch02_start memory memlimit --duration 30 || return 1
	cgroupfs_wait_until ch02_oom_killed
	CH02_PEAK=$(cat "$CH02_GROUP/$(cgroupfs_file memory-peak)")
	CH02_OOM=$(cgroupfs_keyed "$CH02_GROUP/$(cgroupfs_file memory-events)" oom_kill)
	ch02_stop_and_gone INT && CH02_MEMORY_GONE=0
}
ch02_memory_run
narrate "measured: the group's peak $((CH02_PEAK / 1048576)) MiB, OOM kills ${CH02_OOM:-0} (then Ctrl-C: SIGINT)"
claim S001-8 "a 200m stress-ng in a 100m cgroup cannot use more than 100m (the kernel's peak counter)" \
	eval '[ "$CH02_PEAK" -gt 0 ] && [ "$CH02_PEAK" -le $((101 * 1048576)) ]'
claim CH02-OOM "past the limit the kernel OOM-kills inside the group, not slower: memory cannot be withheld" \
	eval '[ "$CH02_OOM" -ge 1 ]'
claim CH02-GONE "a Ctrl-C mid-run still removes the cgroup directory" eval '[ "$CH02_MEMORY_GONE" = 0 ]'

narrate "S001-9: the chapter 2 notes' demo writes the PID to \"task\". No such file exists, and cgroupfs lets no one create one:"
ch02_scratch=$(cgroupfs_dir memory "mydocker-tasktypo-$$")
ch02_task_typo() {
	local status=1 worker_rss
	mkdir "$ch02_scratch" || return 1
	echo 100m > "$ch02_scratch/$(cgroupfs_file memory-limit)"
	setsid stress-ng --vm 1 --vm-bytes 150m --vm-keep --timeout 30s >/dev/null 2>&1 &
	local stress=$!
	ch02_grew() { worker_rss=$(ps -o rss= -s "$stress" | sort -n | tail -1); [ "${worker_rss:-0}" -gt 102400 ]; }
	# the demo's write fails; the process stays out; it grows past 100m
	if ! (echo "$stress" > "$ch02_scratch/task") 2>/dev/null && cgroupfs_wait_until ch02_grew &&
		! cgroupfs_has_members "$ch02_scratch"; then
		CH02_SEEN="echo PID > task: Permission denied; stress-ng outside the group grew to $((worker_rss / 1024)) MiB"
		# the right file takes it at once
		echo "$stress" > "$ch02_scratch/cgroup.procs" && grep -q "mydocker-tasktypo-$$" "/proc/$stress/cgroup" &&
			CH02_SEEN="$CH02_SEEN; echo PID > cgroup.procs: it is in the group" &&
			status=0
	fi
	kill -KILL -- "-$stress" 2>/dev/null
	wait "$stress" 2>/dev/null
	cgroupfs_wait_until rmdir "$ch02_scratch" 2>/dev/null
	return $status
}
if [ "$(cgroupfs_mode)" = v2 ]; then
	show ls -d "$(cgroupfs_dir memory "")task" "$(cgroupfs_dir memory "")cgroup.procs"
else
	show ls -d "$(cgroupfs_dir memory "")task" "$(cgroupfs_dir memory "")tasks" "$(cgroupfs_dir memory "")cgroup.procs"
fi
claim S001-9 "the demo's \"task\" file does not exist: the write fails, the limit never applies; cgroup.procs works" \
	ch02_task_typo
narrate "measured: ${CH02_SEEN:-nothing}"

narrate "cpulimit: one busy worker held to 20% of a CPU by its quota; measured by the group's own counter."
show $CH02/cpulimit --duration 3
ch02_cpu_held() {
	local before after
	ch02_start cpu cpulimit --duration 30 || return 1
	before=$(cgroupfs_cpu_usec "mydocker-cpulimit-$CH02_PID")
	sleep 2 # the measuring window
	after=$(cgroupfs_cpu_usec "mydocker-cpulimit-$CH02_PID")
	CH02_CPU=$(((after - before) / 20000))
	ch02_stop_and_gone TERM && [ "$CH02_CPU" -ge 8 ] && [ "$CH02_CPU" -le 35 ]
}
claim CH02-CPU "the CPU quota holds a busy worker near 20% of one CPU (measured over 2 s)" ch02_cpu_held
narrate "measured: ${CH02_CPU:-?}% of one CPU"

narrate "pidslimit: a fork bomb in a group whose pids.max is 20; forks past it fail with EAGAIN."
show $CH02/pidslimit --duration 2
ch02_pids_full() { [ "$(cat "$CH02_GROUP/pids.current")" -ge 20 ] && [ "$(cgroupfs_keyed "$CH02_GROUP/pids.events" max)" -ge 1 ]; }
ch02_bomb_held() {
	ch02_start pids pidslimit --duration 30 || return 1
	cgroupfs_wait_until ch02_pids_full && [ "$(cat "$CH02_GROUP/pids.current")" -le 20 ] && ch02_stop_and_gone TERM
}
claim CH02-PIDS "the pids limit holds the fork bomb at 20 processes; everything is killed and the group removed" ch02_bomb_held
