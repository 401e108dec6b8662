# Chapter 3: run and init (sourced by tour/tour.sh).
chapter "Chapter 3: run and init"
RUN=./ch03-run/run

narrate "run re-executes itself (/proc/self/exe init) in new namespaces; init mounts proc and execve()s the command."
show $RUN -- sh -c 'ps -ef; true'
ps_tree_ok() {
	local out
	out=$($RUN -- sh -c 'ps -eo pid,ppid,args; true' 2>/dev/null)
	[ "$(echo "$out" | wc -l)" = 3 ] && echo "$out" | sed -n 2p | grep -qE '^ +1 +0 sh' && echo "$out" | sed -n 3p | grep -qE '^ +[0-9]+ +1 ps'
}
claim S002-1 "run -it /bin/sh: ps -ef shows /bin/sh as PID 1 and ps as its child" ps_tree_ok
claim S002-5 "a proc mounted in the new PID namespace shows only that namespace's processes" ps_tree_ok
pid1_is_command() { [ "$($RUN -- sh -c 'echo $$ $(readlink /proc/1/exe)' 2>/dev/null)" = "1 $(readlink -f /bin/sh)" ]; }
claim S002-4 "execve replaces init's image: the user's command keeps PID 1" pid1_is_command
self_exe_is_reader() { [ "$($RUN -- readlink /proc/self/exe 2>/dev/null)" = "$(readlink -f "$(command -v readlink)")" ]; }
narrate "Seen from outside by strace (ptrace(2)): the kernel's own answer to each execve."
show env MYDOCKER_TRACE=0 strace -f -qq -e trace=execve -e signal=none $RUN -- true
# The kernel, not the runtime's own trace, says it happened: another process
# than the runtime execve()d /proc/self/exe as "run init" (= 0), and that
# same process then became the command.
reexec_seen() {
	local log="$TOUR_SCRATCH/reexec.strace" init
	MYDOCKER_TRACE=0 strace -f -qq -e trace=execve -e signal=none -o "$log" $RUN -- true || return 1
	init=$(sed -nE 's/^([0-9]+) +execve\("\/proc\/self\/exe", \["run", "init"\], .* = 0$/\1/p' "$log")
	[ -n "$init" ] && [ "$init" != "$(head -1 "$log" | cut -d' ' -f1)" ] &&
		grep -qE "^$init +execve\(\"$(type -P true)\", \[\"true\"\], .* = 0\$" "$log"
}
claim S002-3 "/proc/self/exe links to the running program; run uses it to start init" eval 'self_exe_is_reader && reexec_seen'
claim S001-10 "executing /proc/self/exe runs the same program again (as init)" reexec_seen
tour_marker="$TOUR_SCRATCH/host-file"
echo host > "$tour_marker"
claim S002-2 "without a root change the container sees the host's files" eval '[ "$($RUN -- cat "$tour_marker" 2>/dev/null)" = host ]'
proc_in_memory() {
	$RUN -- sh -c '[ "$(stat -f -c %T /proc)" = proc ] && for f in cmdline cwd environ exe fd root status; do [ -e /proc/$$/$f ] || exit 1; done; read self rest < /proc/self/stat; [ "$self" = $$ ]' 2>/dev/null
}
claim S001-13 "/proc is in memory; /proc/N/{cmdline,cwd,environ,exe,fd,root,status} describe N; /proc/self is the reader" proc_in_memory

narrate "The command travels over a pipe, after init has started; init waits in read(2)."
show ./ch03-run/pipefacts
big_argument_ok() {
	local big
	big=$(head -c 80000 /dev/urandom | base64 -w0 | head -c 102400)
	[ "$($RUN -- sh -c 'printf %s "$1" | md5sum' _ "$big" 2>/dev/null)" = "$(printf %s "$big" | md5sum)" ]
}
init_blocks() { $RUN --trace -- true 2>&1 | tr '\n' ' ' | grep -q 'blocked in read(3.*write(pipe.*\[init\]   read(pipe)'; }
claim S002-6 "a 100 KB argument arrives whole over the pipe; init blocks in read until the parent writes" \
	eval 'big_argument_ok && init_blocks'
claim S002-7 "the book's \"4 KB pipe buffer\": a pipe holds 16 pages ($(($(getconf PAGESIZE) / 64)) KiB here); 4096 is PIPE_BUF" ./ch03-run/pipefacts

narrate "The book's pitfall: no MS_PRIVATE on a shared root breaks the next run. Shown in a throwaway namespace:"
show $RUN --show-proc-leak
# The second run's own failure is execve("/proc/self/exe") with ENOENT
# (exit 125); a fresh proc repairs it (exit 0).
second_run_enoent() {
	local out
	out=$(MYDOCKER_TRACE=0 $RUN --show-proc-leak 2>&1) || return 1
	out=$(echo "$out" | sed -n '/^run: 2\. /,/^run: 3\. /p')
	echo "$out" | grep -qF 'execve("/proc/self/exe", ["run", "init"]): No such file or directory (ENOENT)' &&
		echo "$out" | grep -q '^run:    exit 125$'
}
# With MS_PRIVATE (the default), two runs on a shared root (a throwaway one,
# as systemd would make it) both work and /proc is still ours.
two_runs_ok() {
	unshare -m --propagation private sh -c 'mount --make-rshared / && "$1" -- true && "$1" -- true && [ -e /proc/self/exe ] &&
		[ "$(grep -c " /proc " /proc/self/mountinfo)" = "$2" ]' _ "$RUN" "$(grep -c ' /proc ' /proc/self/mountinfo)" 2>/dev/null
}
claim S002-8 "without MS_PRIVATE the second run fails (/proc/self/exe ENOENT), mount -t proc repairs it, MS_PRIVATE prevents it" \
	eval 'second_run_enoent && two_runs_ok'

narrate "Limits: the cgroup is made and filled before the command runs, and removed after."
show $RUN -m 50m -- sh -c 'grep -E ":(memory|pids):|^0::" /proc/self/cgroup; stress-ng --vm 1 --vm-bytes 200m --vm-keep --timeout 2s 2>&1 | tail -1'
memory_limit_holds() {
	local out
	out=$($RUN -m 50m -- sh -c 'cg=$(grep -E "(:memory:|^0::)" /proc/self/cgroup | grep -v "^0::/$" | head -1 | cut -d: -f3)
		d=/sys/fs/cgroup/memory$cg; [ -d $d ] || d=/sys/fs/cgroup$cg
		stress-ng --vm 1 --vm-bytes 200m --vm-keep --timeout 2s >/dev/null 2>&1
		echo $cg $(cat $d/memory.max_usage_in_bytes 2>/dev/null || cat $d/memory.peak)' 2>/dev/null)
	set -- $out
	[ -n "$2" ] && [ "$2" -le $((52428800 + 1048576)) ] && [ ! -e "/sys/fs/cgroup/memory$1" ] && [ ! -e "/sys/fs/cgroup$1" ]
}
claim S002-9 "-m 50m: the cgroup holds a 200m stress-ng under 50m, and is removed when the container ends" memory_limit_holds

explain S000-17 "docker's -i keeps stdin, -t gives a terminal, -d detaches; the book folds -i -t into -it" "README, Chapter 3"
