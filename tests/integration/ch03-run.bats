#!/usr/bin/env bats
# Chapter 3: run and init, checked on the kernel.
bats_require_minimum_version 1.5.0

load helpers

setup() {
	leftover_setup
	RUN="$REPO/ch03-run/run"
}

teardown() {
	leftover_check
}

# The file of the container's own cgroup for controller, from inside.
# v1: /sys/fs/cgroup/CONTROLLER/PATH/FILE; v2: /sys/fs/cgroup/PATH/FILE.
CGROUP_FILE='cg_file() { local p; p=$(grep -E "(^0::|:$1:)" /proc/self/cgroup | grep -v "^0::/$" | head -1 | cut -d: -f3); if [ -d /sys/fs/cgroup/$1 ]; then echo /sys/fs/cgroup/$1$p/$2; else echo /sys/fs/cgroup$p/$3; fi; }'

@test "S002-1 S002-5 the command is PID 1, ps is its child, and proc shows only the container" {
	run --separate-stderr "$RUN" -- sh -c 'ps -eo pid,ppid,args; true'
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" =~ ^\ +1\ +0\ sh\ -c ]]
	[[ "${lines[2]}" =~ ^\ +[0-9]+\ +1\ ps ]]
}

@test "S002-4 execve replaced init: PID 1 is the user's command, not run" {
	run --separate-stderr "$RUN" -- sh -c 'echo $$; readlink /proc/1/exe'
	[ "${lines[0]}" = 1 ]
	[ "${lines[1]}" = "$(readlink -f /bin/sh)" ]
}

@test "S002-3 S001-10 /proc/self/exe is the reader's own program; run re-executes itself through it as init" {
	run --separate-stderr "$RUN" -- readlink /proc/self/exe
	[ "$output" = "$(readlink -f "$(command -v readlink)")" ]
	run --separate-stderr "$RUN" --trace -- true
	[[ "$stderr" == *'execve("/proc/self/exe", ["run", "init", "--trace"])'* ]]
	[[ "$stderr" == *'[init]   mount("proc", "/proc", "proc"'* ]]
	# The kernel's word, through ptrace: a child of the runtime execve()d
	# /proc/self/exe as "run init" (= 0), then became the command.
	MYDOCKER_TRACE=0 strace -f -qq -e trace=execve -e signal=none -o "$BATS_TEST_TMPDIR/strace" "$RUN" -- true
	init=$(sed -nE 's/^([0-9]+) +execve\("\/proc\/self\/exe", \["run", "init"\], .* = 0$/\1/p' "$BATS_TEST_TMPDIR/strace")
	[ -n "$init" ]
	[ "$init" != "$(head -1 "$BATS_TEST_TMPDIR/strace" | cut -d' ' -f1)" ]
	grep -qE "^$init +execve\(\"$(type -P true)\", \[\"true\"\], .* = 0\$" "$BATS_TEST_TMPDIR/strace"
}

@test "S002-2 without a root change the container sees the host's files" {
	local marker="/tmp/mydocker-marker-$$"
	echo host > "$marker"
	run --separate-stderr "$RUN" -- cat "$marker"
	rm -f "$marker"
	[ "$output" = host ]
}

@test "S001-13 /proc lives in memory and describes each process; /proc/self is the reader" {
	run --separate-stderr "$RUN" -- sh -c 'stat -f -c %T /proc; for f in cmdline cwd environ exe fd root status; do [ -e /proc/$$/$f ] || echo missing $f; done; read self rest < /proc/self/stat; echo $self $$'
	[ "${lines[0]}" = proc ]
	[ "${lines[1]}" = "1 1" ]
}

@test "a hostname set inside does not touch the host's" {
	local before
	before=$(hostname)
	run --separate-stderr "$RUN" -- sh -c 'hostname mydocker-inside; hostname'
	[ "$output" = mydocker-inside ]
	[ "$(hostname)" = "$before" ]
}

@test "S002-8 two runs in a row both work and the host's /proc is intact, even on a shared root" {
	"$RUN" -- true
	"$RUN" -- true
	[ "$(readlink /proc/self)" = "$BASHPID" ] || [ -e /proc/self/exe ]
	[ "$(grep -c ' /proc ' /proc/self/mountinfo)" -eq "$(grep ' /proc ' "$BATS_TEST_TMPDIR/host-before" | wc -l)" ]
	# A throwaway namespace with a shared root, as systemd makes it: MS_PRIVATE
	# keeps the first run's proc inside, so the second run starts too.
	run unshare -m --propagation private sh -c 'mount --make-rshared / && "$1" -- true && "$1" -- true &&
		grep -c " /proc " /proc/self/mountinfo' _ "$RUN"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "$(grep -c ' /proc ' /proc/self/mountinfo)" ]
}

@test "S002-8 on a shared root without MS_PRIVATE the second run fails, mount -t proc repairs it (throwaway namespace)" {
	run "$RUN" --show-proc-leak
	[ "$status" -eq 0 ]
	[[ "$output" == *'execve("/proc/self/exe"'*ENOENT* ]]
}

@test "S002-6 arguments of any length and bytes arrive whole over the pipe" {
	local big odd
	big=$(head -c 80000 /dev/urandom | base64 -w0 | head -c 102400)
	[ "${#big}" -eq 102400 ]
	run --separate-stderr "$RUN" -- sh -c 'printf %s "$1" | md5sum' _ "$big"
	[ "$output" = "$(printf %s "$big" | md5sum)" ]
	odd=$'it\'s "quoted" $HOME `x` \\ \n second line\t* ?'
	run --separate-stderr "$RUN" -- printf '%s' "$odd"
	[ "$output" = "$odd" ]
}

@test "S002-6 init blocks in read(2) on its pipe until the parent writes" {
	run --separate-stderr "$RUN" --trace -- true
	[[ "$stderr" == *"is blocked in read(3, ...)"* ]]
	# The parent's write comes after init is seen blocked, and init reads after.
	[[ "$stderr" == *"blocked in read"*"write(pipe"*"[init]   read(pipe)"* ]]
}

@test "S002-7 a pipe holds 16 pages (64 KiB with 4 KiB pages); 4096 is PIPE_BUF, the atomic write size" {
	local page
	page=$(getconf PAGESIZE)
	run --separate-stderr "$REPO/ch03-run/pipefacts"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "capacity (F_GETPIPE_SZ): $((16 * page)) bytes = 16 pages" ]
	[ "${lines[2]}" = "written before a write would block: $((16 * page)) bytes" ]
	[ "${lines[3]}" = "PIPE_BUF (largest atomic write): 4096 bytes" ]
}

@test "S002-9 -m 50m: the cgroup exists before the command runs, a 200m stress-ng is OOM-killed, the cgroup is gone after" {
	run --separate-stderr "$RUN" -m 50m -- sh -c "$CGROUP_FILE"'
		cat $(cg_file memory memory.limit_in_bytes memory.max)
		stress-ng --vm 1 --vm-bytes 200m --vm-keep --timeout 3s >/dev/null 2>&1
		cat $(cg_file memory memory.max_usage_in_bytes memory.peak)
		grep "^oom_kill " $(cg_file memory memory.oom_control memory.events) | grep -o "[0-9]*$"
		grep -E "(^0::|:memory:)" /proc/self/cgroup | grep -v "^0::/$" | cut -d: -f3'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 52428800 ]
	[ "${lines[1]}" -le $((52428800 + 1048576)) ]
	[ "${lines[2]}" -ge 1 ]
	# The group was there while the command ran; it is gone now.
	[[ "${lines[3]}" == /mydocker-run-* ]]
	[ ! -e "/sys/fs/cgroup/memory${lines[3]}" ] && [ ! -e "/sys/fs/cgroup${lines[3]}" ]
}

@test "--cpuset 0 pins the command to CPU 0" {
	run --separate-stderr "$RUN" --cpuset 0 -- grep Cpus_allowed_list /proc/self/status
	[[ "$output" =~ Cpus_allowed_list:[[:space:]]+0$ ]]
}

@test "exit status: the command's own, 127 not found, 126 not executable, 128+9 when killed" {
	run "$RUN" -- true
	[ "$status" -eq 0 ]
	run "$RUN" -- sh -c 'exit 3'
	[ "$status" -eq 3 ]
	run -127 "$RUN" -- mydocker-no-such-command
	[[ "$output" == *"mydocker-no-such-command: not found"* ]]
	run -126 "$RUN" -- /etc/passwd
	[[ "$output" == *"/etc/passwd: cannot run"* ]]
	# PID 1 ignores even SIGKILL from inside its namespace: kill it from the host.
	mkfifo "$BATS_TEST_TMPDIR/ready"
	"$RUN" -- sh -c "echo \$\$ > $BATS_TEST_TMPDIR/ready; exec sleep 1000" &
	local runtime=$!
	read -r _ < "$BATS_TEST_TMPDIR/ready"
	pkill -KILL -P "$runtime"
	local code=0
	wait "$runtime" || code=$?
	[ "$code" -eq 137 ]
}

@test "no file descriptor but 0, 1 and 2 reaches the command" {
	# PID 1 is the shell; ls, its child, lists the shell's descriptors.
	run --separate-stderr "$RUN" -- sh -c 'ls /proc/1/fd; true' 7</dev/null 9</dev/null
	[ "$(echo $output)" = "0 1 2" ]
}

@test "SIGTERM to the runtime reaches the container" {
	mkfifo "$BATS_TEST_TMPDIR/ready"
	"$RUN" -- sh -c "trap 'exit 42' TERM; echo up > $BATS_TEST_TMPDIR/ready; while :; do sleep 1; done" &
	local runtime=$!
	read -r _ < "$BATS_TEST_TMPDIR/ready"
	kill -TERM "$runtime"
	local code=0
	wait "$runtime" || code=$?
	[ "$code" -eq 42 ]
}

@test "S000-4 started by a user who is not root, run maps the user to root inside and mounts proc" {
	copy=$(copy_for_nobody "$RUN")
	run --separate-stderr as_nobody "$copy" -- sh -c 'id -u; ps -e | wc -l'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" -le 4 ]
}

@test "not root, a memory limit fails with one line naming the missing right, and nothing starts" {
	copy=$(copy_for_nobody "$RUN")
	run --separate-stderr as_nobody "$copy" -m 50m -- touch /tmp/mydocker-should-not-exist
	[ "$status" -eq 125 ]
	[ ! -e /tmp/mydocker-should-not-exist ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == *cgroup* ]]
}

@test "bad input: unknown flag, bad size, bad CPU list, no command: one line, exit 2" {
	run "$RUN" --frobnicate -- true
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	for bad in "-m 10x" "-m -1" "-m ''" "--cpuset 0-" "--cpuset 99" "--cpu-quota 0" "--pids-limit x"; do
		eval "run \"\$RUN\" $bad -- true"
		[ "$status" -eq 2 ]
		[ "${#lines[@]}" -eq 1 ]
	done
	run "$RUN" </dev/null
	[ "$status" -eq 2 ]
}

@test "-it: the container gets a terminal of its own, not the caller's" {
	run script -qec "tty; '$RUN' -it -- sh -c 'tty; test -t 0 && test -t 1 && echo both'; echo exit=\$?" /dev/null </dev/null
	[ "$status" -eq 0 ]
	outer=$(echo "${lines[0]}" | tr -d '\r')
	# script(1) passes its stdin's end on as a NUL, which the container's
	# terminal echoes as ^@: not ours.
	inner=$(echo "${lines[1]}" | tr -d '\r' | sed 's/^\^@//')
	[[ "$outer" == /dev/pts/* ]]
	[[ "$inner" == /dev/pts/* ]]
	[ "$outer" != "$inner" ]
	[[ "$output" == *both*exit=0* ]]
	run "$RUN" -t -- true </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a terminal"* ]]
}

@test "the command starts with no signal blocked, though run blocks the ones it passes on while starting" {
	run --separate-stderr "$RUN" -- grep SigBlk /proc/self/status
	[[ "$output" =~ SigBlk:[[:space:]]+0+$ ]]
}
