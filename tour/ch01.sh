# Chapter 1: namespaces, one program each (sourced by tour/tour.sh).
chapter "Chapter 1: namespaces"
CH01=./ch01-namespaces

narrate "UTS: a child with its own hostname. The host's name stays $(hostname)."
show $CH01/uts --hostname=container -- hostname
uts_inside() { [ "$($CH01/uts --hostname=mydocker-tour -- hostname 2>/dev/null)" = mydocker-tour ]; }
uts_host_kept() { local before; before=$(hostname); uts_inside && [ "$(hostname)" = "$before" ]; }
uts_ns_differs() { $CH01/uts -- sh -c '[ "$(readlink /proc/$$/ns/uts)" != "$(readlink /proc/$PPID/ns/uts)" ]'; }
claim S001-1 "a new UTS namespace has its own hostname; the host's is unchanged; ns/uts differs" \
	eval 'uts_host_kept && uts_ns_differs'

narrate "IPC: a new namespace starts with no message queues; one made inside stays inside."
show $CH01/ipc --queue -- ipcs -q
ipc_isolated() {
	local key
	key=$($CH01/ipc -- sh -c '[ "$(ipcs -q | grep -c ^0x)" = 0 ] && ipcmk -Q >/dev/null && ipcs -q | awk "/^0x/ {print \$1}"')
	[ -n "$key" ] && ! ipcs -q | grep -q "$key"
}
claim S001-2 "a new IPC namespace starts empty; a queue made inside is not in the host's ipcs -q" ipc_isolated

narrate "PID: the shell is PID 1 inside; the parent prints the PID the host knows."
show $CH01/pid -- sh -c 'echo "inside, \$\$ = $$"; grep NSpid /proc/self/status'
pid_is_one() { [ "$($CH01/pid -- sh -c 'echo $$' 2>/dev/null)" = 1 ]; }
pid_two_numbers() { $CH01/pid -- sh -c 'set -- $(grep NSpid /proc/self/status); [ $# -eq 3 ] && [ "$2" != "$3" ]'; }
claim S001-3 "in a new PID namespace the shell is PID 1; the host sees another PID" eval 'pid_is_one && pid_two_numbers'

narrate "Mount: a copy of the host's mounts; a tmpfs on /tmp stays inside."
show $CH01/mount -- sh -c 'ls -A /tmp | wc -l; grep mydocker-tmpfs /proc/self/mountinfo'

# The next two run in a throwaway mount namespace (private) that stands for
# the host, so that nothing the check (or a broken program) mounts or
# unmounts can reach the real one. $1 is a scratch directory, the rest the
# container's program and options up to its "--".
# A copy: the host's files are there, in a new namespace whose mounts sit at
# the host's mount points under new mount IDs, and a mount made in it stays
# out of the host. Run with a program that makes no mount namespace (the
# control), the IDs are the host's and the mount leaks: it fails.
mount_is_copy() {
	local probe=$1 out text ns
	shift
	mount -t tmpfs mydocker-copy-probe "$probe" && echo host > "$probe/from-host" || return 1
	out=$("$@" -- sh -c 'cut -d" " -f1,5 /proc/self/mountinfo > "$0.inside"
		echo "$(cat "$0/from-host") $(readlink /proc/self/ns/mnt)"; mount -t tmpfs mydocker-copy-inside "$0"' \
		"$probe" 2>/dev/null)
	read -r text ns <<<"$out"
	[ "$text" = host ] && [ "$ns" != "$(readlink /proc/self/ns/mnt)" ] &&
		[ "$(cut -d' ' -f2 "$probe.inside")" = "$(cut -d' ' -f5 /proc/self/mountinfo)" ] &&
		! grep -qFxf <(cut -d' ' -f1 /proc/self/mountinfo) <(cut -d' ' -f1 "$probe.inside") &&
		! grep -q mydocker-copy-inside /proc/self/mountinfo && [ "$(cat "$probe/from-host")" = host ]
}
# umount inside takes the container's copy away, not the host's mount.
umount_stays_inside() {
	local probe=$1
	shift
	mount -t tmpfs mydocker-umount-probe "$probe" || return 1
	"$@" -- sh -c 'umount "$0" && ! grep -q mydocker-umount-probe /proc/self/mountinfo' "$probe" 2>/dev/null &&
		grep -q mydocker-umount-probe /proc/self/mountinfo
}
export -f mount_is_copy umount_stays_inside
in_throwaway() {
	local probe
	probe=$(mktemp -d "$TOUR_SCRATCH/probe.XXXXXX")
	unshare -m --propagation private bash -c '"$@"' _ "$1" "$probe" "${@:2}"
}
mount_isolated() { $CH01/mount -- sh -c '[ -z "$(ls -A /tmp)" ] && grep -q mydocker-tmpfs /proc/self/mountinfo && ! grep -q mydocker-tmpfs /proc/$PPID/mountinfo'; }
claim S004-3 "a new mount namespace starts as a copy: the host's files, its mount points under new IDs, nothing shared back" \
	in_throwaway mount_is_copy $CH01/mount --no-tmpfs
claim S001-4 "mount and umount inside a mount namespace affect only that namespace" \
	eval 'mount_isolated && in_throwaway umount_stays_inside $CH01/mount --no-tmpfs'
claim S004-4 "a tmpfs mounted on /tmp inside is empty inside and absent from the host's mount list" mount_isolated

narrate "On a shared root (systemd's default) a mount inside propagates out unless / is made private."
narrate "The program makes a throwaway namespace with a shared root to show it; the real host is never touched."
show $CH01/mount --no-private -- true
leak_without_private() { [ "$($CH01/mount --no-private -- sh -c 'grep -c mydocker-tmpfs /proc/$PPID/mountinfo')" = 1 ]; }
no_leak_with_private() { [ "$($CH01/mount --shared-host -- sh -c 'grep -c mydocker-tmpfs /proc/$PPID/mountinfo')" = 0 ]; }
claim S004-5 "on a shared root a mount made inside propagates out unless / is made private first" \
	eval 'leak_without_private && no_leak_with_private'

TOUR_UID=4242
narrate "User: the one namespace an ordinary user may make. Here as an ordinary user: uid $TOUR_UID, no name,"
narrate "not nobody (65534), so that the nobody seen inside is plainly not the caller."
tour_user_dir=$(mktemp -d "$TOUR_SCRATCH/user.XXXXXX")
chmod 755 "$TOUR_SCRATCH" "$tour_user_dir"
cp $CH01/user $CH01/uts $CH01/mount "$tour_user_dir/"
as_user() { setpriv --reuid=$TOUR_UID --regid=$TOUR_UID --clear-groups --inh-caps=-all -- "$@"; }
show as_user id
show as_user "$tour_user_dir/uts" -- true
show as_user "$tour_user_dir/user" -- sh -c 'id; grep -E "^[UG]id:" /proc/self/status; echo "uid_map: $(wc -l < /proc/self/uid_map) lines"'
show as_user "$tour_user_dir/user" --map -- id
show as_user "$tour_user_dir/user" --map=0:0:1 -- true
# "$@" as the user: the program's own failure (125, not the command's), and
# its lines naming EPERM (the kernel's errno, not any failure), printed.
fails_with_eperm() {
	local out status=0
	out=$(MYDOCKER_TRACE=0 as_user "$@" 2>&1) || status=$?
	[ "$status" = 125 ] && echo "$out" | grep 'Operation not permitted (EPERM)'
}
nobody_uts_fails() { fails_with_eperm "$tour_user_dir/uts" -- true | grep -q '^uts: clone(CLONE_NEWUTS|SIGCHLD): .*CAP_SYS_ADMIN'; }
nobody_mount_fails() { fails_with_eperm "$tour_user_dir/mount" -- true | grep -q '^mount: clone(CLONE_NEWNS|SIGCHLD): .*CAP_SYS_ADMIN'; }
# Unmapped: the kernel shows uid and gid as the overflow ids (65534), the
# maps are empty, the namespace is new; outside, the caller is $TOUR_UID.
unmapped_is_nobody() {
	local out
	out=$(as_user "$tour_user_dir/user" -- sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map | wc -l; readlink /proc/self/ns/user' 2>/dev/null | tr '\n' ' ')
	set -- $out
	[ "$1 $2 $3" = "65534 65534 0" ] && [ "$4" != "$(readlink /proc/self/ns/user)" ] && [ "$(as_user id -u)" = "$TOUR_UID" ]
}
unmapped_no_proc() { [ "$(as_user "$tour_user_dir/user" -- sh -c 'ls /proc | grep -cE "^[0-9]+$"' 2>/dev/null)" -gt 3 ] &&
	as_user "$tour_user_dir/user" -- true 2>&1 | grep -q 'mount("proc".*EPERM'; }
mapped_is_root() { [ "$(as_user "$tour_user_dir/user" --map -- sh -c 'id -u; ls /proc | grep -cE "^[0-9]+$"' 2>/dev/null | tr '\n' ' ')" = "0 3 " ]; }
foreign_map_refused() {
	fails_with_eperm "$tour_user_dir/user" --map=0:0:1 -- true | grep -qF '/uid_map", "0 0 1\n")' &&
		fails_with_eperm "$tour_user_dir/user" --map=0:$TOUR_UID:2 -- true | grep -qF "/uid_map\", \"0 $TOUR_UID 2\\n\")"
}
claim S000-1 "without a user namespace, a non-root run fails with EPERM (clone, exit 125)" nobody_uts_fails
claim S004-1 "clone with CLONE_NEWNS as non-root fails with EPERM: it needs CAP_SYS_ADMIN" nobody_mount_fails
claim S000-2 "with a user namespace and no map, the process inside is nobody: uid and gid 65534, empty maps" unmapped_is_nobody
claim S001-5 "in a new user namespace (no map) id differs from the host user's ($TOUR_UID): nobody" unmapped_is_nobody
claim S000-3 "unmapped, mounting proc fails with EPERM (after execve, nobody has no capability)" unmapped_no_proc
claim S000-4 "with a map (0 -> the caller's uid, size 1) a non-root caller is root inside, and proc mounts" mapped_is_root
claim S000-5 "a non-root caller cannot map another host id, or a range larger than 1: writing uid_map gives EPERM" foreign_map_refused

narrate "Net: only lo, and it is down."
show $CH01/net -- ip -o link
only_lo_down() { local out; out=$($CH01/net -- ip -o link 2>/dev/null); [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q '^1: lo: .*state DOWN'; }
claim CH01-NET "a new network namespace has only lo, and it is down" only_lo_down

narrate "Two clone() pitfalls of the container-image write-up: pass the stack's top; check clone's return value, not errno."
show $CH01/clonepitfalls
claim S004-10 "the clone child's stack grows down: the bottom crashes, the top works" $CH01/clonepitfalls
claim S004-2 "perror after a successful clone prints a stale message; check the return value" $CH01/clonepitfalls
