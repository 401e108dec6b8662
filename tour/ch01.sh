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
tmp_marker="/tmp/mydocker-tour-marker-$$"
mount_copy() { touch "$tmp_marker"; $CH01/mount --no-tmpfs -- ls -A /tmp | grep -q "${tmp_marker#/tmp/}"; local r=$?; rm -f "$tmp_marker"; return $r; }
mount_isolated() { $CH01/mount -- sh -c '[ -z "$(ls -A /tmp)" ] && grep -q mydocker-tmpfs /proc/self/mountinfo && ! grep -q mydocker-tmpfs /proc/$PPID/mountinfo'; }
claim S004-3 "a new mount namespace starts as a copy: /tmp shows the host's files" mount_copy
claim S001-4 "mount and umount inside a mount namespace affect only that namespace" mount_isolated
claim S004-4 "a tmpfs mounted on /tmp inside is empty inside and absent from the host's mount list" mount_isolated

narrate "On a shared root (systemd's default) a mount inside propagates out unless / is made private."
narrate "The program makes a throwaway namespace with a shared root to show it; the real host is never touched."
show $CH01/mount --no-private -- true
leak_without_private() { [ "$($CH01/mount --no-private -- sh -c 'grep -c mydocker-tmpfs /proc/$PPID/mountinfo')" = 1 ]; }
no_leak_with_private() { [ "$($CH01/mount --shared-host -- sh -c 'grep -c mydocker-tmpfs /proc/$PPID/mountinfo')" = 0 ]; }
claim S004-5 "on a shared root a mount made inside propagates out unless / is made private first" \
	eval 'leak_without_private && no_leak_with_private'

narrate "User: the one namespace an ordinary user may make. Here as user nobody:"
tour_nobody_dir=$(mktemp -d "$TOUR_SCRATCH/nobody.XXXXXX")
chmod 755 "$TOUR_SCRATCH" "$tour_nobody_dir"
cp $CH01/user $CH01/uts $CH01/mount "$tour_nobody_dir/"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"; }
show as_nobody "$tour_nobody_dir/uts" -- true
show as_nobody "$tour_nobody_dir/user" -- id
show as_nobody "$tour_nobody_dir/user" --map -- id
nobody_uts_fails() { local out; out=$(as_nobody "$tour_nobody_dir/uts" -- true 2>&1) && return 1; [[ $out == *EPERM* ]]; }
nobody_mount_fails() { as_nobody "$tour_nobody_dir/mount" -- true 2>&1 | grep -q 'clone(CLONE_NEWNS.*EPERM'; }
unmapped_is_nobody() { [ "$(as_nobody "$tour_nobody_dir/user" -- id -u 2>/dev/null)" = 65534 ]; }
unmapped_no_proc() { [ "$(as_nobody "$tour_nobody_dir/user" -- sh -c 'ls /proc | grep -cE "^[0-9]+$"' 2>/dev/null)" -gt 3 ] &&
	as_nobody "$tour_nobody_dir/user" -- true 2>&1 | grep -q 'mount("proc".*EPERM'; }
mapped_is_root() { [ "$(as_nobody "$tour_nobody_dir/user" --map -- sh -c 'id -u; ls /proc | grep -cE "^[0-9]+$"' 2>/dev/null | tr '\n' ' ')" = "0 3 " ]; }
foreign_map_refused() { ! as_nobody "$tour_nobody_dir/user" --map=0:0:1 -- true 2>/dev/null && ! as_nobody "$tour_nobody_dir/user" --map=0:65534:2 -- true 2>/dev/null; }
claim S000-1 "without a user namespace, a non-root run fails with EPERM" nobody_uts_fails
claim S004-1 "clone with CLONE_NEWNS as non-root fails with EPERM: it needs CAP_SYS_ADMIN" nobody_mount_fails
claim S000-2 "with a user namespace and no map, the process inside is nobody (65534)" unmapped_is_nobody
claim S001-5 "in a new user namespace (no map) id differs from the host user's: nobody" unmapped_is_nobody
claim S000-3 "unmapped, mounting proc fails with EPERM (after execve, nobody has no capability)" unmapped_no_proc
claim S000-4 "with a map (0 -> the caller's uid, size 1) a non-root caller is root inside, and proc mounts" mapped_is_root
claim S000-5 "a non-root caller cannot map another host id, or a range larger than 1 (EPERM)" foreign_map_refused

narrate "Net: only lo, and it is down."
show $CH01/net -- ip -o link
only_lo_down() { local out; out=$($CH01/net -- ip -o link 2>/dev/null); [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q '^1: lo: .*state DOWN'; }
claim CH01-NET "a new network namespace has only lo, and it is down" only_lo_down

narrate "Seed 004's clone() pitfalls: pass the stack's top; check clone's return value, not errno."
show $CH01/clonepitfalls
claim S004-10 "the clone child's stack grows down: the bottom crashes, the top works" $CH01/clonepitfalls
claim S004-2 "perror after a successful clone prints a stale message; check the return value" $CH01/clonepitfalls
