#!/usr/bin/env bats
# Rootless mydocker: the final runtime as an ordinary user. The file makes
# that user for itself (mydocker-rlPID, with a home), runs mydocker as it (no
# sudo, no capability; where PID 1 is systemd, in a login session with the
# user's own manager running, as after a login; runuser elsewhere), and
# removes the user,
# its home, its /etc/subuid and /etc/subgid lines and everything it left,
# even on failure. Only 127.0.0.1 is talked to.
bats_require_minimum_version 1.5.0

load helpers

setup_file() {
	export RL_USER="mydocker-rl$$"
	export RL_HOME="/home/$RL_USER"
	export RL_BIN
	useradd -m -d "$RL_HOME" -s /bin/sh "$RL_USER"
	if systemd_host; then
		login_user_linger "$RL_USER" on
	fi
	# Debian's useradd gives a new user a subordinate range: keep it for the
	# test that wants one, and start without (the one-ID map).
	grep "^$RL_USER:" /etc/subuid > "$BATS_FILE_TMPDIR/subuid" || true
	grep "^$RL_USER:" /etc/subgid > "$BATS_FILE_TMPDIR/subgid" || true
	remove_subids
	# The programs and the image where the user can reach them (the clone
	# may sit under a 0700 home).
	RL_BIN=$(mktemp -d /tmp/mydocker-rl-bin.XXXXXX)
	cp "$REPO/ch06-network/mydocker" "$REPO/build/images/busybox.tar" "$RL_BIN/"
	chmod 755 "$RL_BIN"
	chmod 644 "$RL_BIN/busybox.tar"
}

teardown_file() {
	local pid
	if systemd_host; then
		login_user_linger "$RL_USER" off || true
	fi
	# Whatever the tests left running of this user's (by PID), then the user.
	for pid in $(pgrep -u "$RL_USER" 2>/dev/null); do
		kill -KILL "$pid" 2>/dev/null || true
	done
	userdel -r "$RL_USER" >/dev/null 2>&1 || true
	rm -rf "$RL_HOME"
	remove_subids
	rm -rf "$RL_BIN"
}

remove_subids() {
	sed -i "/^$RL_USER:/d" /etc/subuid /etc/subgid
}

setup() {
	leftover_setup
	export RL_UID
	RL_UID=$(id -u "$RL_USER")
}

teardown() {
	local name
	for name in $(ls "$RL_HOME/data/mydocker/containers" 2>/dev/null); do
		as_user mydocker rm -f "$name" >/dev/null 2>&1 || true
	done
	remove_subids
	# Nothing of the user's runs on: no container, no slirp4netns, no monitor.
	[ -z "$(user_processes)" ] || { echo "left running:"; user_processes; return 1; }
	leftover_check
}

# The user's processes that still run, its manager left out.
user_processes() {
	user_processes_besides_manager "$RL_USER"
}

# Runs a command as the test user (in a login session on a systemd host),
# with a clean environment: its HOME, a private state root
# ($XDG_DATA_HOME), its runtime dir, the image. Under
# SANITIZE=address, LeakSanitizer would spin after exec's setns into a user
# namespace (NOTES.md): leaks are not checked here unless asked.
as_user() {
	local program=$1
	shift
	[ "$program" = mydocker ] && program="$RL_BIN/mydocker"
	local as=(runuser -u "$RL_USER" --)
	if systemd_host; then
		as=(run_as_login_user "$RL_USER")
	fi
	"${as[@]}" env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME="$RL_HOME" \
		XDG_DATA_HOME="$RL_HOME/data" XDG_RUNTIME_DIR="$RL_HOME/run" MYDOCKER_IMAGE="$RL_BIN/busybox.tar" \
		MYDOCKER_TRACE=0 ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" ${RL_ENV:-} "$program" "$@"
}

# Gives the user the subordinate range useradd chose (or one of our own).
grant_subids() {
	if [ -s "$BATS_FILE_TMPDIR/subuid" ] && [ -s "$BATS_FILE_TMPDIR/subgid" ]; then
		cat "$BATS_FILE_TMPDIR/subuid" >> /etc/subuid
		cat "$BATS_FILE_TMPDIR/subgid" >> /etc/subgid
	else
		echo "$RL_USER:$((300000 + ($$ % 1000) * 65536)):65536" | tee -a /etc/subuid >> /etc/subgid
	fi
	SUBUID_START=$(awk -F: -v u="$RL_USER" '$1 == u {print $2; exit}' /etc/subuid)
}

@test "rootless: run, ps, logs, exec, stop, rm as an ordinary user; root inside; state in XDG_DATA_HOME" {
	as_user mkdir -p -m 700 "$RL_HOME/run"
	run --separate-stderr as_user mydocker run -d --name web busybox sh -c 'echo started; exec sleep 1000'
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^[0-9a-f]{12}$ ]]
	# The one-ID map, said once.
	[[ "$stderr" == *"only uid $RL_UID is mapped"* ]]
	[ -d "$RL_HOME/data/mydocker/containers/web" ]
	[ "$(stat -c %U "$RL_HOME/data/mydocker/containers/web")" = "$RL_USER" ]
	run as_user mydocker ps
	[[ "$output" == *web*busybox*running* ]]
	eventually as_user mydocker logs web
	[ "$(as_user mydocker logs web)" = started ]
	# exec joins the user namespace first: root inside, the map is the user's.
	run --separate-stderr as_user mydocker exec web sh -c 'id -u; cat /proc/self/uid_map'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[[ "$(echo ${lines[1]})" == "0 $RL_UID 1" ]]
	# The kernel's view from the host: the container's init runs as the user.
	local pid
	pid=$(as_user mydocker ps | awk '$2 == "web" {print $4}')
	[ "$(stat -c %u "/proc/$pid")" = "$RL_UID" ]
	run as_user mydocker stop -t 1 web
	[ "$status" -eq 0 ]
	! kill -0 "$pid" 2>/dev/null
	run as_user mydocker ps -a
	[[ "$output" == *web*exited* ]]
	as_user mydocker rm web
	[ ! -e "$RL_HOME/data/mydocker/containers/web" ]
}

@test "rootless on a systemd host: the user runs in a login session, beside its own manager, whose subtree is delegated" {
	systemd_host || skip "PID 1 is not systemd: no logind here (runuser, no session)"
	run as_user cat /proc/self/cgroup
	[[ "$output" == "0::/user.slice/user-$RL_UID.slice/session-"*".scope" ]]
	# Delegated: the manager's group and its control files are the user's.
	local manager="/sys/fs/cgroup/user.slice/user-$RL_UID.slice/user@$RL_UID.service"
	for file in "" /cgroup.procs /cgroup.subtree_control; do
		[ "$(stat -c %u "$manager$file")" = "$RL_UID" ]
	done
}

@test "rootless: files the container writes to a volume belong to the user on the host" {
	run --separate-stderr as_user mydocker run --rm -v "$RL_HOME/vol2:/data" busybox sh -c 'echo hi > /data/f; id -u'
	[ "$status" -eq 0 ]
	[ "$output" = 0 ]
	[ "$(stat -c %u:%g "$RL_HOME/vol2/f")" = "$RL_UID:$(id -g "$RL_USER")" ]
}

@test "rootless: with a subuid range, other owners stay distinct inside and outside; commit keeps them" {
	grant_subids
	run --separate-stderr as_user mydocker run -d --name owners -v "$RL_HOME/vol:/data" busybox sleep 1000
	[ "$status" -eq 0 ]
	[[ "$stderr" != *"only uid"* ]]
	run --separate-stderr as_user mydocker exec owners sh -c 'cat /proc/self/uid_map; touch /f /data/g; chown 1000:1000 /f /data/g; stat -c %u /f'
	[ "$status" -eq 0 ]
	# The map: 0 -> the user, 1.. -> the range (newuidmap wrote it).
	[[ "$(echo ${lines[0]})" == "0 $RL_UID 1" ]]
	[[ "$(echo ${lines[1]})" == "1 $SUBUID_START "* ]]
	[ "${lines[2]}" = 1000 ]
	# On the host, 1000 inside is START+999.
	[ "$(stat -c %u "$RL_HOME/vol/g")" = $((SUBUID_START + 999)) ]
	[ "$(stat -c %u "$RL_HOME/data/mydocker/containers/owners/upper/f")" = $((SUBUID_START + 999)) ]
	# commit packs the owners the container sees; a new container sees them.
	run as_user mydocker commit owners snap
	[ "$status" -eq 0 ]
	run --separate-stderr as_user mydocker run --rm snap stat -c %u:%g /f
	[ "$status" -eq 0 ]
	[ "$output" = 1000:1000 ]
	as_user mydocker rm -f owners
	# rm removed files of the subordinate owner too.
	[ ! -e "$RL_HOME/data/mydocker/containers/owners" ]
	# The volume is the user's data: it stays; root cleans it here.
	rm -rf "$RL_HOME/vol"
}

@test "rootless: -m without cgroup delegation fails with one clear line, nothing started" {
	run --separate-stderr as_user mydocker run --name limited -m 100m busybox true
	echo "$stderr" # shown when the test fails
	[ "$status" -ne 0 ]
	[ "$(echo "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" == *"does not delegate cgroups to user $RL_USER"* ]]
	[ -z "$(ls -A "$RL_HOME/data/mydocker/containers" 2>/dev/null)" ]
	[ -z "$(user_processes)" ]
}

@test "rootless: --net none has only lo, up; bridge networks are refused in one line" {
	run --separate-stderr as_user mydocker run --rm --net none busybox ip -o link
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | wc -l)" -eq 1 ]
	[[ "$output" == *"lo:"*UP* ]]
	run --separate-stderr as_user mydocker network create --subnet 10.213.250.0/24 mydocker-rl
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"bridge networks need root"* ]]
	run --separate-stderr as_user mydocker run --net mydocker-rl busybox true
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"bridge networks need root"* ]]
	[ -z "$(ls -A "$RL_HOME/data/mydocker/containers" 2>/dev/null)" ]
}

@test "rootless: --net slirp gives a user-mode network; -p forwards 127.0.0.1:PORT to it" {
	command -v slirp4netns >/dev/null || skip "slirp4netns is not installed (make deps)"
	local port=$(( 30000 + ($$ + BATS_TEST_NUMBER) % 20000 ))
	as_user mkdir -p -m 700 "$RL_HOME/run"
	run --separate-stderr as_user mydocker run -d --name web --net slirp -p "$port:80" busybox httpd -f -p 80 -h /etc
	[ "$status" -eq 0 ]
	run as_user mydocker exec web ip -o addr show tap0
	[[ "$output" == *"inet 10.0.2.100/24"* ]]
	# The API socket lives in the user's runtime dir.
	[ -S "$RL_HOME/run/mydocker/$(as_user mydocker ps | awk '$2 == "web" {print $1}').slirp4netns.sock" ]
	eventually sh -c "timeout 2 busybox wget -q -O - http://127.0.0.1:$port/group | grep -q '^root:'"
	as_user mydocker rm -f web
	[ -z "$(pgrep -u "$RL_USER" slirp4netns)" ]
	[ -z "$(ls -A "$RL_HOME/run/mydocker")" ]
	! timeout 2 busybox wget -q -O - "http://127.0.0.1:$port/group"
}

@test "rootless: without XDG_DATA_HOME the state is under ~/.local/share/mydocker, never /var/lib/mydocker" {
	run --separate-stderr runuser -u "$RL_USER" -- env -i PATH=/usr/bin:/bin HOME="$RL_HOME" \
		MYDOCKER_IMAGE="$RL_BIN/busybox.tar" "$RL_BIN/mydocker" run --rm busybox true
	[ "$status" -eq 0 ]
	[ -d "$RL_HOME/.local/share/mydocker/images/busybox/rootfs" ]
	[ "$(stat -c %U "$RL_HOME/.local/share/mydocker")" = "$RL_USER" ]
	[ -z "$(ls -A "$RL_HOME/.local/share/mydocker/containers")" ]
}

@test "rootless: fuse-overlayfs stands in for a kernel overlay (MYDOCKER_OVERLAY=fuse-overlayfs): copy-up and whiteouts" {
	command -v fuse-overlayfs >/dev/null || skip "fuse-overlayfs is not installed (make deps)"
	RL_ENV=MYDOCKER_OVERLAY=fuse-overlayfs run --separate-stderr as_user mydocker run --name fused busybox \
		sh -c 'mount | grep " / "; echo hi > /x; rm /bin/ls; ls /bin/ls'
	[ "$status" -ne 0 ]
	[[ "$output" == *"fuse-overlayfs on / type fuse.fuse-overlayfs"* ]]
	# The change landed in the container's layer: a file, and a whiteout.
	[ "$(cat "$RL_HOME/data/mydocker/containers/fused/upper/x")" = hi ]
	[ "$(stat -c %F "$RL_HOME/data/mydocker/containers/fused/upper/bin/ls")" = "character special file" ]
	[ -e "$RL_HOME/data/mydocker/images/busybox/rootfs/bin/ls" ]
	as_user mydocker rm fused
}

@test "rootless: overlay in a user namespace: a lower dir removed and made again is opaque through user.overlay.opaque" {
	run --separate-stderr as_user mydocker run --name opaque busybox sh -c 'rm -rf /etc && mkdir /etc && ls -A /etc | wc -l; rm /bin/ls'
	[ "$status" -eq 0 ]
	[ "$output" = 0 ]
	local upper="$RL_HOME/data/mydocker/containers/opaque/upper"
	# trusted.* xattrs are root's: overlay uses user.overlay.* (userxattr).
	[ "$(getfattr --only-values -n user.overlay.opaque "$upper/etc" 2>/dev/null)" = y ]
	[ "$(stat -c %F:%t:%T "$upper/bin/ls")" = "character special file:0:0" ]
	# commit of the stopped container mounts it the same way.
	as_user mydocker commit opaque opaque-image
	run --separate-stderr as_user mydocker run --rm opaque-image sh -c 'ls -A /etc | wc -l; test -e /bin/ls || echo gone'
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = gone ]
	as_user mydocker rm opaque
}
