# Shared by every .bats file: where the programs are, and a check that a
# test left nothing behind on the host (mounts, cgroups, links, rules).
# A test file calls `leftover_setup` in setup() and `leftover_check` in
# teardown(); teardown fails the test when something new is still there.

REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
export MYDOCKER_TRACE=0

# What of the host's state a test could leave behind. Other bats runs on the
# same machine (their temp dirs) are not ours to judge; on a machine shared
# with other test runs, LEFTOVER_IGNORE (a regex) leaves their names out.
host_state() {
	host_state_all | grep -Ev "${LEFTOVER_IGNORE:-^\$}" || true
}

host_state_all() {
	# systemd mounts a service's credentials under /run/credentials while it
	# runs (a timer's service may start during a test): the host's, not ours.
	awk '{print "mount " $5 " " $9}' /proc/self/mountinfo | grep -v "bats-run-" |
		grep -v -e "^mount /tmp/mydocker-tour" -e "^mount /run/credentials/" || true
	find /sys/fs/cgroup -maxdepth 4 -type d -iname '*mydocker*' 2>/dev/null | sed 's/^/cgroup /' | grep -v "other-run" || true
	ip -o link show 2>/dev/null | awk -F': ' '{print "link " $2}' | sed 's/@.*//' || true
	if command -v iptables >/dev/null; then
		iptables -S 2>/dev/null | sed 's/^/filter /'
		iptables -t nat -S 2>/dev/null | sed 's/^/nat /'
	fi
}

leftover_setup() {
	host_state | sort > "$BATS_TEST_TMPDIR/host-before"
}

leftover_check() {
	[ -f "$BATS_TEST_TMPDIR/nobody-dirs" ] && xargs -r rm -rf < "$BATS_TEST_TMPDIR/nobody-dirs"
	host_state | sort > "$BATS_TEST_TMPDIR/host-after"
	if ! diff "$BATS_TEST_TMPDIR/host-before" "$BATS_TEST_TMPDIR/host-after" >"$BATS_TEST_TMPDIR/host-diff"; then
		echo "the test left this behind (< before, > after):"
		cat "$BATS_TEST_TMPDIR/host-diff"
		return 1
	fi
}

# Runs a command as user nobody, without any capability.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"
}

# A copy of a built program in a directory nobody can reach (the clone may
# live under a 0700 home): prints its path; leftover_check removes it.
copy_for_nobody() {
	local dir
	dir=$(mktemp -d /tmp/mydocker-nobody.XXXXXX)
	chmod 755 "$dir"
	echo "$dir" >> "$BATS_TEST_TMPDIR/nobody-dirs"
	cp "$1" "$dir/"
	echo "$dir/$(basename "$1")"
}

# free_subnet_number, free_host_port, wait_for_listener: shared with the tour.
. "$BATS_TEST_DIRNAME/nethelpers.bash"

# Polls a condition (a command) for up to 5 s (EVENTUALLY_SECONDS: an
# emulated machine, the systemd VM, is many times slower); the condition,
# not the time, decides.
eventually() {
	local deadline=$((SECONDS + ${EVENTUALLY_SECONDS:-5}))
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

# Whatever a failed test of mydocker left goes: rm -f of every container
# of $MYDOCKER_ROOT.
remove_containers() {
	local name
	for name in $(ls "$MYDOCKER_ROOT/containers" 2>/dev/null); do
		"$MYDOCKER" rm -f "$name" >/dev/null 2>&1 || true
	done
}

# Teardown for tests of mydocker.
remove_containers_and_check() {
	remove_containers
	leftover_check
}

# run's status after MYDOCKER_FAIL_AT=$1: 137 (it was killed), or 0 for a
# step the run never reached; init sets the container up while the parent
# works, so init killed at one of its steps may make the parent's next
# step fail first: 125, said on stderr.
killed_or_init_gone() {
	[ "$status" -eq 137 ] || [ "$status" -eq 0 ] || { [[ "$1" == init:* ]] && [ "$status" -eq 125 ]; }
}

# cgroup_file_of PID CONTROLLER FILE: FILE in the cgroup PID is in for
# CONTROLLER: its v1 hierarchy's where it has one, else the unified tree's
# (whoever made the group: mydocker, or a systemd scope).
cgroup_file_of() {
	local line
	if line=$(grep -E "^[0-9]+:([^:]*,)?$2(,[^:]*)?:" "/proc/$1/cgroup"); then
		echo "/sys/fs/cgroup/$2${line##*:}/$3"
	elif line=$(grep '^0::' "/proc/$1/cgroup"); then
		echo "/sys/fs/cgroup${line#0::}/$3"
	else
		return 1
	fi
}

# mydocker_setup [PROGRAM]: setup() of a file testing a chapter's mydocker
# (chapter 5's, or PROGRAM, e.g. ch06-network/mydocker): the host's state
# noted, $MYDOCKER, a state root of the test's own, and $HELPERS, the
# static programs tests run inside containers.
mydocker_setup() {
	leftover_setup
	MYDOCKER="$REPO/${1:-ch05-containers/mydocker}"
	export MYDOCKER_ROOT="$BATS_TEST_TMPDIR/state"
	HELPERS="$REPO/tests/helpers"
}

# The machine most users have: systemd as PID 1. There a user who logs in
# gets a session (a scope) and a manager of their own (user@UID.service),
# whose cgroup subtree is delegated to them.
systemd_host() {
	[ -d /run/systemd/system ] && [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]
}

# run_as_login_user USER COMMAND...: COMMAND as USER in a login session:
# su goes through PAM, whose pam_systemd registers the session with logind
# on a systemd host (runuser does not). Stdin, stdout, stderr and the exit
# status are COMMAND's; no shell parses its words.
run_as_login_user() {
	local user=$1
	shift
	su "$user" -s /bin/sh -c 'exec "$@"' -- sh "$@"
}

# login_user_linger USER on|off: the user's manager runs from now on, as if
# logged in (on: its runtime dir /run/user/UID is mounted before a test
# takes the host's state), or no more (off: it and all of the user's
# sessions end, waited for, before the user is removed).
login_user_linger() {
	local uid deadline=$((SECONDS + 60))
	uid=$(id -u "$1") || return 1
	if [ "$2" = on ]; then
		loginctl enable-linger "$1" || return 1
		until systemctl is-active -q "user@$uid.service" && mountpoint -q "/run/user/$uid"; do
			[ "$SECONDS" -lt "$deadline" ] || return 1
			sleep 0.1
		done
		return 0
	fi
	loginctl disable-linger "$1"
	loginctl terminate-user "$1" 2>/dev/null
	while systemctl is-active -q "user@$uid.service" || mountpoint -q "/run/user/$uid"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# The processes of USER that still run, with their arguments, but not its
# manager (what user@UID.service runs on a systemd host). A zombie has
# ended: it waits only for its parent, which may be this machine's PID 1.
user_processes_besides_manager() {
	local pid stat args
	ps -o pid=,stat=,args= -u "$1" | while read -r pid stat args; do
		[[ "$stat" == Z* ]] && continue
		grep -q '/user@[0-9]*\.service/' "/proc/$pid/cgroup" 2>/dev/null && continue
		echo "$pid $stat $args"
	done
}
