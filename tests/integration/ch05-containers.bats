#!/usr/bin/env bats
# Chapter 5: mydocker keeps containers: detach, ps, logs, exec, stop, rm, commit.
bats_require_minimum_version 1.5.0

load helpers

setup() {
	mydocker_setup
}

teardown() {
	remove_containers_and_check
}

# The status column of ps -a for a container.
status_of() {
	"$MYDOCKER" ps -a | awk -v id="$1" '$1 == id || $2 == id { for (i = 5; i <= NF; i++) if ($i ~ /^(running|exited|created|broken)/) { s = $i; if ($i == "exited") s = s " " $(i + 1); print s; exit } }'
}

# Whether ps -a gives container $1 the status $2.
status_is() {
	[ "$(status_of "$1")" = "$2" ]
}

# Whether container $1's log holds the line $2.
logged() {
	"$MYDOCKER" logs "$1" | grep -qx "$2"
}

@test "run -d prints an ID and returns; ps shows the container running" {
	run --separate-stderr "$MYDOCKER" run -d --name sleeper busybox sleep 1000
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^[0-9a-f]{12}$ ]]
	local id=$output
	[ "$(status_of "$id")" = running ]
	run "$MYDOCKER" ps
	[[ "$output" == *"$id"*sleeper*busybox*running*"sleep 1000"* ]]
	# The container's PID 1 is not a child of anything we started: the
	# command returned and the container lives on.
	local pid
	pid=$("$MYDOCKER" ps | awk -v id="$id" '$1 == id {print $4}')
	kill -0 "$pid"
}

@test "logs shows what a detached container printed; -f follows until it ends" {
	"$MYDOCKER" run -d --name talker busybox sh -c 'echo hello; echo to stderr >&2; sleep 0.3; echo bye'
	run "$MYDOCKER" logs -f talker
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = hello ]
	[ "${lines[1]}" = "to stderr" ]
	[ "${lines[2]}" = bye ]
	[ "$(status_of talker)" = "exited (0)" ]
	run "$MYDOCKER" logs talker
	[ "${#lines[@]}" -eq 3 ]
}

@test "exec joins the container: its hostname, PID namespace, files and environment" {
	"$MYDOCKER" run -d --name box -e GREETING=hi busybox sleep 1000
	"$MYDOCKER" exec box sh -c 'echo written > /shared'
	run --separate-stderr "$MYDOCKER" exec box sh -c 'hostname; cat /shared; cat /proc/1/cmdline | tr "\0" " "; echo; [ "$(readlink /proc/1/ns/pid)" = "$(readlink /proc/self/ns/pid)" ] && echo same-pid-ns; echo $GREETING'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = box ]
	[ "${lines[1]}" = written ]
	[ "${lines[2]}" = "sleep 1000 " ]
	[ "${lines[3]}" = same-pid-ns ]
	[ "${lines[4]}" = hi ]
	run "$MYDOCKER" exec box sh -c 'exit 7'
	[ "$status" -eq 7 ]
}

@test "stop ends a PID 1 that ignores SIGTERM in about the timeout, and it shows exited" {
	"$MYDOCKER" run -d --name stubborn busybox sleep 1000
	local start=$SECONDS
	run "$MYDOCKER" stop -t 2 stubborn
	[ "$status" -eq 0 ]
	# The 2 s were waited, and no more than stop's default of 10 s (a
	# bound an emulated machine, many times slower, still keeps).
	[ $((SECONDS - start)) -ge 2 ]
	[ $((SECONDS - start)) -lt 10 ]
	[ "$(status_of stubborn)" = "exited (137)" ]
}

@test "stop of a PID 1 that honours SIGTERM is quick and keeps its exit code" {
	"$MYDOCKER" run -d --name polite busybox sh -c 'trap "exit 3" TERM; echo trapped; while :; do sleep 0.1; done'
	# Until the trap is set, PID 1 has no handler and the kernel drops TERM.
	eventually logged polite trapped
	local start=$SECONDS
	"$MYDOCKER" stop -t 10 polite
	[ $((SECONDS - start)) -le 2 ]
	[ "$(status_of polite)" = "exited (3)" ]
}

@test "rm refuses a running container; rm -f removes every trace: record, layer, log, cgroup" {
	"$MYDOCKER" run -d --name busy -m 50m busybox sleep 1000
	[ -d "$MYDOCKER_ROOT/containers/busy" ]
	local cgroups
	cgroups=$(find /sys/fs/cgroup -maxdepth 2 -name 'mydocker-busy*' | wc -l)
	[ "$cgroups" -ge 1 ]
	run "$MYDOCKER" rm busy
	[ "$status" -ne 0 ]
	[[ "$output" == *"busy is running"* ]]
	[ "$(status_of busy)" = running ]
	"$MYDOCKER" rm -f busy
	[ ! -e "$MYDOCKER_ROOT/containers/busy" ]
	[ "$(find /sys/fs/cgroup -maxdepth 2 -name 'mydocker-busy*' | wc -l)" -eq 0 ]
	run "$MYDOCKER" ps -a
	[[ "$output" != *busy* ]]
}

@test "20 run -d at once get 20 distinct IDs, and all are removed cleanly" {
	for i in $(seq 20); do
		"$MYDOCKER" run -d busybox sleep 1000 > "$BATS_TEST_TMPDIR/id.$i" &
	done
	wait
	[ "$(cat "$BATS_TEST_TMPDIR"/id.* | sort -u | wc -l)" -eq 20 ]
	[ "$("$MYDOCKER" ps | grep -c running)" -eq 20 ]
	"$MYDOCKER" rm -f $(cat "$BATS_TEST_TMPDIR"/id.*)
	[ -z "$(ls -A "$MYDOCKER_ROOT/containers")" ]
}

@test "two run --name same at once: exactly one succeeds, the other says the name is taken" {
	"$MYDOCKER" run -d --name same busybox sleep 1000 > "$BATS_TEST_TMPDIR/a" 2>&1 &
	"$MYDOCKER" run -d --name same busybox sleep 1000 > "$BATS_TEST_TMPDIR/b" 2>&1 &
	wait
	[ "$(cat "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" | grep -cE '^[0-9a-f]{12}$')" -eq 1 ]
	grep -q "already in use" "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	[ "$("$MYDOCKER" ps | grep -c same)" -eq 1 ]
}

@test "bad names are refused with nothing made" {
	for bad in "" "/" ".." "../x" "a/b" "-x" "$(printf 'n%.0s' $(seq 65))"; do
		run "$MYDOCKER" run --name "$bad" busybox true
		[ "$status" -ne 0 ]
		[ -z "$(ls -A "$MYDOCKER_ROOT/containers" 2>/dev/null)" ]
	done
}

@test "commit packs the container's filesystem; run from the new image sees the committed file" {
	"$MYDOCKER" run --name maker busybox sh -c 'echo made-in-maker > /root/file; rm /bin/vi'
	run "$MYDOCKER" commit maker madeimage
	[ "$status" -eq 0 ]
	run "$MYDOCKER" images
	[[ "$output" == *busybox* ]]
	[[ "$output" == *madeimage* ]]
	run --separate-stderr "$MYDOCKER" run --rm madeimage sh -c 'cat /root/file; test -e /bin/vi && echo vi || echo no-vi'
	[ "${lines[0]}" = made-in-maker ]
	[ "${lines[1]}" = no-vi ]
	# A running container can be committed too.
	"$MYDOCKER" run -d --name live busybox sh -c 'echo live > /live; exec sleep 1000'
	eventually "$MYDOCKER" exec live test -e /live
	"$MYDOCKER" commit live liveimage
	run --separate-stderr "$MYDOCKER" run --rm liveimage cat /live
	[ "$output" = live ]
	run "$MYDOCKER" commit live liveimage
	[ "$status" -ne 0 ]
}

@test "after kill -9 of the container's process, ps shows it exited" {
	"$MYDOCKER" run -d --name victim busybox sleep 1000
	local pid
	pid=$("$MYDOCKER" ps | awk '$2 == "victim" {print $4}')
	kill -9 "$pid"
	eventually status_is victim "exited (137)"
}

@test "with its monitor killed too, the record goes stale; ps still tells the truth and rm cleans it" {
	"$MYDOCKER" run -d --name orphan busybox sleep 1000
	local pid monitor
	pid=$("$MYDOCKER" ps | awk '$2 == "orphan" {print $4}')
	monitor=$(grep -A2 '"monitor"' "$MYDOCKER_ROOT/containers/orphan/config.json" | grep -o '"pid": [0-9]*' | grep -o '[0-9]*')
	kill -9 "$monitor"
	kill -9 "$pid"
	eventually status_is orphan "exited (?)"
	"$MYDOCKER" rm orphan
	[ ! -e "$MYDOCKER_ROOT/containers/orphan" ]
}

@test "a broken record shows as broken, and rm -f removes it" {
	"$MYDOCKER" run --name brittle busybox true
	echo '{"id": "trunc' > "$MYDOCKER_ROOT/containers/brittle/config.json"
	[ "$(status_of brittle)" = broken ]
	"$MYDOCKER" rm -f brittle
	[ ! -e "$MYDOCKER_ROOT/containers/brittle" ]
}

# Whether the container holds a zombie, once its short-lived orphan ended.
zombie_state() {
	"$MYDOCKER" exec "$1" ps -o stat,args > "$BATS_TEST_TMPDIR/ps"
	if grep -q '^Z' "$BATS_TEST_TMPDIR/ps"; then echo zombie; return 0; fi
	grep -q 'sleep 0.2' "$BATS_TEST_TMPDIR/ps" && return 1
	echo reaped
}

# The subshell starts sleep 0.2 and exits at once: the sleep is orphaned and
# handed to PID 1, which must wait() for it. (In the issue's example,
# sh -c 'sleep 1 & exec sleep 100', the sleep's parent is the exec'd sleep
# 100 itself, alive and never waiting: a zombie whatever PID 1 does.)
@test "--init reaps orphans: with it no zombie stays; without it, the orphan stays a zombie" {
	"$MYDOCKER" run -d --name reaped --init busybox sh -c '(sleep 0.2 &); exec sleep 1000'
	"$MYDOCKER" run -d --name unreaped busybox sh -c '(sleep 0.2 &); exec sleep 1000'
	eventually zombie_state reaped
	[ "$(zombie_state reaped)" = reaped ]
	eventually zombie_state unreaped
	[ "$(zombie_state unreaped)" = zombie ]
	# PID 1 is the reaper; the command runs beneath it.
	run --separate-stderr "$MYDOCKER" exec reaped cat /proc/1/cmdline
	[[ "$output" == mydocker* ]]
}

@test "a foreground container stays listed as exited; --rm removes it; -e sets its environment" {
	run --separate-stderr "$MYDOCKER" run --name kept -e A=1 -e PATH=/bin busybox sh -c 'echo $A $PATH; exit 4'
	[ "$status" -eq 4 ]
	[ "$output" = "1 /bin" ]
	[ "$(status_of kept)" = "exited (4)" ]
	run "$MYDOCKER" run --rm --name gone busybox true
	[ "$status" -eq 0 ]
	[ ! -e "$MYDOCKER_ROOT/containers/gone" ]
	run "$MYDOCKER" run -e NOEQUALS busybox true
	[ "$status" -eq 2 ]
}

@test "a --rm container's layer is mounted volatile (never synced: it is thrown away); a kept one's is not" {
	run --separate-stderr "$MYDOCKER" run --rm busybox sh -c "awk '\$5 == \"/\"' /proc/self/mountinfo"
	[ "$status" -eq 0 ]
	[[ "$output" == *volatile* ]]
	run --separate-stderr "$MYDOCKER" run --name kept busybox sh -c "awk '\$5 == \"/\"' /proc/self/mountinfo"
	[ "$status" -eq 0 ]
	[[ "$output" == *upperdir=* ]]
	[[ "$output" != *volatile* ]]
}

@test "exec -it gets a terminal of its own inside the container" {
	"$MYDOCKER" run -d --name term busybox sleep 1000
	run script -qec "'$MYDOCKER' exec -it term sh -c 'tty; test -t 0 && echo interactive'; echo exit=\$?" /dev/null </dev/null
	[[ "$output" == */dev/pts/0*interactive*exit=0* ]]
}

@test "run --rm in memory: while it runs the host sees no upper dir; --disk-layer: it does" {
	local dir="$MYDOCKER_ROOT/containers"
	# The container waits on a fifo the test opens once it has looked.
	mkfifo "$BATS_TEST_TMPDIR/go"
	# -m: a layer in memory no bigger than the limit, which any host can
	# spare (without it, 1 GiB; a small machine keeps that on disk).
	"$MYDOCKER" run --rm -m 256m --name inmem -v "$BATS_TEST_TMPDIR:/t" busybox sh -c 'echo x > /f; cat /t/go' >/dev/null &
	local pid=$!
	eventually test -e "$dir/inmem/config.json"
	eventually "$MYDOCKER" exec inmem test -e /f
	[ ! -e "$dir/inmem/upper" ]
	echo go > "$BATS_TEST_TMPDIR/go"
	wait "$pid"
	"$MYDOCKER" run --rm --disk-layer --name ondisk -v "$BATS_TEST_TMPDIR:/t" busybox sh -c 'echo x > /f; cat /t/go' >/dev/null &
	pid=$!
	eventually "$MYDOCKER" exec ondisk test -e /f
	[ -f "$dir/ondisk/upper/f" ]
	echo go > "$BATS_TEST_TMPDIR/go"
	wait "$pid"
	[ ! -e "$dir/ondisk" ] && [ ! -e "$dir/inmem" ]
	# --disk-layer without --rm: refused, nothing made.
	run --separate-stderr "$MYDOCKER" run --disk-layer --name refused busybox true
	[ "$status" -eq 2 ]
	[ ! -e "$dir/refused" ]
}

@test "exec waits while the container's start holds its lock (it would enter a root not yet pivoted into)" {
	"$MYDOCKER" run -d --name locked busybox sleep 1000 >/dev/null
	# Hold the lock a start holds, as a start in progress would.
	exec 8< "$MYDOCKER_ROOT/containers/locked"
	flock -x 8
	"$MYDOCKER" exec locked echo entered > "$BATS_TEST_TMPDIR/out" 8<&- &
	local pid=$!
	# Blocked in flock(2) (x86_64: 73), not done.
	eventually grep -q '^73 ' "/proc/$pid/syscall"
	[ ! -s "$BATS_TEST_TMPDIR/out" ]
	exec 8<&-
	wait "$pid"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = entered ]
	"$MYDOCKER" rm -f locked
}
