#!/usr/bin/env bats
# Chapter 4: run on an image: layers, names, pivot_root, volumes.
bats_require_minimum_version 1.5.0

load helpers

setup() {
	leftover_setup
	RUN="$REPO/ch04-overlay/run"
	export MYDOCKER_ROOT="$BATS_TEST_TMPDIR/state"
}

teardown() {
	leftover_check
}

# Every file of a tree with its mode, owner and content hash: equal output,
# byte-identical trees.
tree_digest() {
	(cd "$1" && find . -printf '%p %m %U:%G %y %l\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum
}

# Starts a container in the background whose command signals $ready (a fifo)
# then waits to read $go; sets BACKGROUND_PID.
start_paused() {
	mkfifo "$BATS_TEST_TMPDIR/ready-$1" "$BATS_TEST_TMPDIR/go-$1"
	"$RUN" --name "$1" -v "$BATS_TEST_TMPDIR:/sync" -- sh -c "$2; echo up > /sync/ready-$1; read x < /sync/go-$1" &
	BACKGROUND_PID=$!
	read -r _ < "$BATS_TEST_TMPDIR/ready-$1"
}

resume() {
	echo go > "$BATS_TEST_TMPDIR/go-$1"
	wait "$BACKGROUND_PID"
}

@test "S003-1 S003-3 two containers of one image: a directory made in hello1 is not in hello2; each has its own layer dirs" {
	start_paused hello1 "mkdir /test"
	[ -d "$MYDOCKER_ROOT/containers/hello1/upper/test" ]
	[ -d "$MYDOCKER_ROOT/containers/hello1/work" ]
	[ -d "$MYDOCKER_ROOT/containers/hello1/merged" ]
	run --separate-stderr "$RUN" --name hello2 -- sh -c 'test -d /test && echo seen || echo absent'
	[ "$output" = absent ]
	resume hello1
	# S003-3: removed after the container ends.
	[ ! -e "$MYDOCKER_ROOT/containers/hello1" ]
	[ ! -e "$MYDOCKER_ROOT/containers/hello2" ]
}

@test "S003-2 the image layer is byte-identical after containers wrote, changed and deleted its files" {
	"$RUN" -- true
	local lower="$MYDOCKER_ROOT/images/busybox/rootfs" before
	before=$(tree_digest "$lower")
	run --separate-stderr "$RUN" -- sh -c 'echo changed >> /etc/passwd; rm /bin/ls; mkdir -p /usr/new; echo x > /root/file; rm -r /tmp
		tail -n 1 /etc/passwd; test -e /bin/ls || echo ls-gone; cat /root/file'
	# The container ran and saw its own changes.
	[ "$status" -eq 0 ]
	[ "${lines[*]}" = "changed ls-gone x" ]
	[ "$(tree_digest "$lower")" = "$before" ]
}

@test "S003-4 S003-5 after pivot_root the overlay is /, proc is mounted, the host's files are out of reach" {
	local marker="/tmp/mydocker-host-marker-$$"
	touch "$marker"
	run --separate-stderr "$RUN" -- sh -c "awk '\$5 == \"/\" {print \$9}' /proc/self/mountinfo; readlink /proc/1/exe; test -e $marker && echo reachable || echo unreachable; ls /.pivot_root 2>&1 | head -1; grep -c . /etc/passwd
		awk '\$3 == \"$(awk '$5 == "/" {print $3}' /proc/self/mountinfo)\"' /proc/self/mountinfo | wc -l"
	rm -f "$marker"
	[ "${lines[0]}" = overlay ]
	# No mount of the host's root filesystem (its device) is left inside.
	[ "${lines[5]}" -eq 0 ]
	[ "${lines[1]}" = /bin/busybox ]
	[ "${lines[2]}" = unreachable ]
	[[ "${lines[3]}" == *"No such file"* ]]
	# The image's passwd (root and nobody), not the host's.
	[ "${lines[4]}" -eq 2 ]
}

@test "volumes: a bind mount of a host directory; files written stay on the host; :ro is read-only" {
	local data="$BATS_TEST_TMPDIR/data" readonly="$BATS_TEST_TMPDIR/readonly"
	mkdir "$readonly"
	echo kept > "$readonly/file"
	run --separate-stderr "$RUN" -v "$data:/data" -v "$readonly:/ro:ro" -- sh -c 'echo hello > /data/out; cat /ro/file; echo no > /ro/new 2>/dev/null || echo refused; awk "\$5 == \"/data\" {print \$4}" /proc/self/mountinfo'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = kept ]
	[ "${lines[1]}" = refused ]
	[ "$(cat "$data/out")" = hello ]
	[ ! -e "$readonly/new" ]
	[ "$(cat "$readonly/file")" = kept ]
	# A bind mount: the container sees the host directory itself.
	[[ "${lines[2]}" == */data ]]
}

@test "-it drops into busybox's shell with a terminal of its own" {
	run script -qec "'$RUN' -it -- sh -c 'tty; readlink /proc/1/exe'; echo exit=\$?" /dev/null </dev/null
	[[ "$output" == *"/dev/console"*"/bin/busybox"*"exit=0"* ]]
}

@test "bad input: unknown image, relative volume, bad names: one line, nothing created" {
	for bad in "nosuch:latest true" "missing.tar true" "-v data:/data true" "-v /tmp/mydocker-never-$$:data true" "--name '' true" \
		"--name / true" "--name .. true" "--name a/b true" "--name $(printf 'x%.0s' $(seq 65)) true"; do
		eval "run --separate-stderr \"\$RUN\" $bad"
		[ "$status" -ne 0 ]
		[ "${#stderr_lines[@]}" -eq 1 ]
		[ -z "$(ls -A "$MYDOCKER_ROOT/containers" 2>/dev/null)" ]
	done
	[ ! -e "/tmp/mydocker-never-$$" ]
}

@test "a name in use is refused, and the first container keeps its layer" {
	start_paused same "touch /mine"
	run --separate-stderr "$RUN" --name same -- true
	[ "$status" -eq 125 ]
	[[ "$stderr" == *"already in use"* ]]
	[ -e "$MYDOCKER_ROOT/containers/same/upper/mine" ]
	resume same
}
