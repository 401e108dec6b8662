#!/usr/bin/env bats
# Chapter 5 on the machines users have: systemd as PID 1, pure cgroup v2.
# There systemd makes each container's cgroup, a transient scope
# (machine.slice/mydocker-NAME.scope), so that a `systemctl daemon-reload`
# never takes the limits back; a user who is not root gets a scope of the
# user's own systemd. Each test says in one line why it skips where it
# cannot apply (no systemd, not v2, no user manager).
bats_require_minimum_version 1.5.0

load helpers

setup() {
	mydocker_setup
}

teardown() {
	remove_containers_and_check
	[ -z "$(user_scopes)" ] || { echo "the user's systemd still has: $(user_scopes)"; return 1; }
}

systemd_on_v2() {
	[ -d /run/systemd/system ] || skip "systemd is not PID 1 here"
	[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || skip "cgroups are not pure v2 here"
}

# The scope systemd made for container $1, as systemctl reports it.
scope_state() {
	systemctl show -p ActiveState --value "mydocker-$1.scope"
}

scope_gone() {
	[ "$(scope_state "$1")" = inactive ] && [ ! -d "/sys/fs/cgroup/machine.slice/mydocker-$1.scope" ]
}

# The first process systemd lists in container $1's scope: its init.
scope_process() {
	head -1 "/sys/fs/cgroup/machine.slice/mydocker-$1.scope/cgroup.procs"
}

# The user of the rootless tests: one with a systemd user manager running
# (the VM's `student` lingers), or none.
ROOTLESS_USER=student

user_manager_cgroup() {
	local uid
	uid=$(id -u "$ROOTLESS_USER" 2>/dev/null) || return 1
	echo "/sys/fs/cgroup/user.slice/user-$uid.slice/user@$uid.service"
}

user_scopes() {
	local service
	service=$(user_manager_cgroup) || return 0
	find "$service" -maxdepth 2 -type d -name 'mydocker-*' 2>/dev/null || true
}

# Skips unless $ROOTLESS_USER has a systemd user manager running.
rootless_user_ready() {
	local service
	service=$(user_manager_cgroup) || skip "no user $ROOTLESS_USER"
	[ -f "$service/cgroup.controllers" ] || skip "no systemd user manager for $ROOTLESS_USER"
	command -v systemd-run >/dev/null || skip "no systemd-run"
	ROOTLESS_DIR=$(dirname "$(copy_for_nobody "$MYDOCKER")")
	cp "$REPO/build/images/busybox.tar" "$ROOTLESS_DIR/"
	chmod 644 "$ROOTLESS_DIR/busybox.tar"
	install -d -o "$ROOTLESS_USER" -m 700 "$ROOTLESS_DIR/data"
}

# Runs mydocker as $ROOTLESS_USER in a unit of the user's own systemd (as a
# login session's processes are), the program and image copied where the
# user can read them (rootless_user_ready), its state there too.
as_rootless_user() {
	systemd-run --user -M "$ROOTLESS_USER@" --wait --pipe --quiet -E MYDOCKER_IMAGE="$ROOTLESS_DIR/busybox.tar" \
		-E XDG_DATA_HOME="$ROOTLESS_DIR/data" "$ROOTLESS_DIR/mydocker" "$@"
}

@test "--cgroup-manager systemd is refused in one line where systemd is not running" {
	[ ! -d /run/systemd/system ] || skip "systemd runs here"
	run --separate-stderr "$MYDOCKER" run --rm --cgroup-manager systemd -m 50m busybox true
	[ "$status" -eq 125 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == *"systemd is not running here"*"--cgroup-manager cgroupfs"* ]]
	[ ! -d "$MYDOCKER_ROOT/containers" ] || [ -z "$(ls "$MYDOCKER_ROOT/containers")" ]
}

@test "--cgroup-manager takes cgroupfs or systemd, nothing else" {
	run --separate-stderr "$MYDOCKER" run --rm --cgroup-manager libvirt busybox true
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--cgroup-manager libvirt: cgroupfs or systemd"* ]]
}

@test "under systemd, a container's --cpuset survives systemctl daemon-reload" {
	systemd_on_v2
	[ "$(nproc)" -ge 2 ] || skip "one CPU: --cpuset 0 would change nothing"
	run "$MYDOCKER" run -d --name pinned --cpuset 0 busybox sleep 1000
	[ "$status" -eq 0 ]
	local pid
	pid=$(scope_process pinned)
	[ "$(awk '/^Cpus_allowed_list/ {print $2}' "/proc/$pid/status")" = 0 ]
	# systemd rewrites the cgroup tree it owns: a cgroupfs --cpuset made
	# directly under the root lost its cpuset controller here.
	systemctl daemon-reload
	[ "$(awk '/^Cpus_allowed_list/ {print $2}' "/proc/$pid/status")" = 0 ]
	[ "$(cat /sys/fs/cgroup/machine.slice/mydocker-pinned.scope/cpuset.cpus)" = 0 ]
}

@test "under systemd, a cgroupfs --cpuset is taken back by systemctl daemon-reload (why systemd makes the scope)" {
	systemd_on_v2
	[ "$(nproc)" -ge 2 ] || skip "one CPU: --cpuset 0 would change nothing"
	run "$MYDOCKER" run -d --name unpinned --cgroup-manager cgroupfs --cpuset 0 busybox sleep 1000
	[ "$status" -eq 0 ]
	local pid
	pid=$(head -1 /sys/fs/cgroup/mydocker-unpinned/cgroup.procs)
	[ "$(awk '/^Cpus_allowed_list/ {print $2}' "/proc/$pid/status")" = 0 ]
	systemctl daemon-reload
	[ ! -e /sys/fs/cgroup/mydocker-unpinned/cpuset.cpus ]
	[ "$(awk '/^Cpus_allowed_list/ {print $2}' "/proc/$pid/status")" != 0 ]
}

@test "under systemd, -m 50m kills a 200m allocation, in the container's scope" {
	systemd_on_v2
	run "$MYDOCKER" run --rm --name hungry -m 50m busybox sh -c \
		'cat /proc/self/cgroup; head -c 200m /dev/zero | tail > /dev/null'
	# tail, holding its input's last line (all of it), is OOM-killed.
	[ "$status" -eq 137 ]
	[[ "$output" == *"0::/machine.slice/mydocker-hungry.scope"* ]]
	scope_gone hungry
}

@test "under systemd, exec joins the container's scope" {
	systemd_on_v2
	run "$MYDOCKER" run -d --name joined -m 50m busybox sleep 1000
	[ "$status" -eq 0 ]
	run "$MYDOCKER" exec joined cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ "$output" = "0::/machine.slice/mydocker-joined.scope" ]
}

@test "under systemd, rm -f stops the container's scope" {
	systemd_on_v2
	run "$MYDOCKER" run -d --name doomed -m 50m busybox sleep 1000
	[ "$status" -eq 0 ]
	[ "$(scope_state doomed)" = active ]
	run "$MYDOCKER" rm -f doomed
	[ "$status" -eq 0 ]
	scope_gone doomed
}

@test "under systemd, a start that fails after the scope leaves no scope" {
	systemd_on_v2
	local step
	# init dies once told to run the command: the parent undoes it all.
	step=$("$MYDOCKER" steps | awk -F'\t' '$2 ~ /^move into our cgroups/ {print $1}')
	[ -n "$step" ]
	MYDOCKER_FAIL_AT=$step run "$MYDOCKER" run --rm --name failed -m 50m busybox true
	killed_or_init_gone "$step"
	[ "$status" -ne 0 ]
	scope_gone failed
}

@test "under systemd, rm -f finds the scope of a runtime killed mid-start" {
	systemd_on_v2
	local step
	# The runtime dies right after systemd made the scope, init in it
	# (which ends once its pipe from the runtime closes).
	step=$("$MYDOCKER" steps | awk -F'\t' '$2 ~ /^create the devices cgroup/ {print $1}')
	[ -n "$step" ]
	MYDOCKER_FAIL_AT=$step run "$MYDOCKER" run --name crashed -m 50m busybox true
	[ "$status" -eq 137 ]
	run "$MYDOCKER" rm -f crashed
	[ "$status" -eq 0 ]
	eventually scope_gone crashed
}

@test "rootless under systemd: run -m 50m holds the limit in a scope of the user's systemd" {
	systemd_on_v2
	rootless_user_ready
	run as_rootless_user run --rm -m 50m busybox sh -c \
		'cat /proc/self/cgroup; head -c 200m /dev/zero | tail > /dev/null'
	[ "$status" -eq 137 ]
	[[ "$output" == *"/user@"*".service/app.slice/mydocker-"*".scope"* ]]
}

@test "rootless under systemd: a limit whose controller is not delegated is refused in one line naming the file" {
	systemd_on_v2
	rootless_user_ready
	local service
	service=$(user_manager_cgroup)
	! grep -qw cpuset "$service/cgroup.controllers" || skip "cpuset is delegated to $ROOTLESS_USER here"
	run as_rootless_user run --rm --cpuset 0 busybox true
	[ "$status" -eq 125 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"not delegated the cpuset controller ($service/cgroup.controllers"* ]]
}

@test "rootless under systemd, from a login session: run -m and exec land in the user's scope" {
	systemd_on_v2
	rootless_user_ready
	# su -l opens a login session (pam_systemd): its processes live in
	# root's session-N.scope, from where only the user's systemd can move
	# them into the user's subtree.
	run su -l "$ROOTLESS_USER" -c "export MYDOCKER_IMAGE=$ROOTLESS_DIR/busybox.tar XDG_DATA_HOME=$ROOTLESS_DIR/data
		cat /proc/self/cgroup
		$ROOTLESS_DIR/mydocker run -d --name session -m 50m busybox sleep 1000 >/dev/null &&
		$ROOTLESS_DIR/mydocker exec session cat /proc/self/cgroup; code=\$?
		$ROOTLESS_DIR/mydocker rm -f session >/dev/null; exit \$code"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *"/session-"*".scope" ]] || skip "su opened no login session here"
	[[ "${lines[1]}" == *"/user@"*".service/app.slice/mydocker-session.scope" ]]
}
