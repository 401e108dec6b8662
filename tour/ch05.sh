# Chapter 5: mydocker keeps containers (sourced by tour/tour.sh).
chapter "Chapter 5: detached containers, ps, logs, exec, stop, rm, commit"
MD5=./ch05-containers/mydocker
export MYDOCKER_ROOT="$TOUR_SCRATCH/state5"

narrate "A web of one: run -d returns at once with an ID; the container lives on, watched by a small monitor."
tour_id=$($MD5 run -d --name ticker busybox sh -c 'trap "exit 0" TERM; echo started; while :; do echo tick; sleep 0.2; done' 2>/dev/null)
show echo "$tour_id"
show $MD5 ps
claim CH05-1 "run -d prints an ID and returns; ps shows the container running" \
	eval '[ -n "$tour_id" ] && $MD5 ps | grep -q "^$tour_id .*running"'

narrate "Its output goes to its log; exec joins its namespaces, cgroup and environment."
tour_logged() { $MD5 logs ticker 2>/dev/null | grep -q '^tick$'; }
tour_wait() { local deadline=$((SECONDS + 5)); until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.05; done; }
tour_wait tour_logged
show sh -c "$MD5 logs ticker | head -3"
claim CH05-2 "logs shows what the detached container printed" tour_logged
show $MD5 exec ticker sh -c 'hostname; ps'
claim CH05-3 "exec sees the container's hostname and PID namespace" \
	eval '[ "$($MD5 exec ticker sh -c "hostname; readlink /proc/1/ns/pid; readlink /proc/self/ns/pid" 2>/dev/null | sort -u | wc -l)" = 2 ]'

narrate "stop: SIGTERM (the shell traps it and exits 0), then SIGKILL after the timeout; ps -a keeps it as exited."
show $MD5 stop -t 5 ticker
show $MD5 ps -a
claim CH05-4 "stop ends it; ps -a shows it exited with its code" eval '$MD5 ps -a | grep -q "ticker .*exited (0)"'

narrate "commit makes an image of a container's filesystem; a new container of it sees the change."
$MD5 run --name maker busybox sh -c 'echo committed > /root/note' 2>/dev/null
show $MD5 commit maker noted
show $MD5 images
claim CH05-5 "commit, then run of the new image sees the committed file" \
	eval '[ "$($MD5 run --rm noted cat /root/note 2>/dev/null)" = committed ]'

narrate "rm removes record, log, layer and cgroup; a running one only with -f."
$MD5 run -d --name stubborn -m 50m busybox sleep 1000 >/dev/null 2>&1
claim CH05-6 "rm refuses a running container; rm -f removes every trace" \
	eval '! $MD5 rm stubborn 2>/dev/null && $MD5 rm -f stubborn >/dev/null && [ ! -e "$MYDOCKER_ROOT/containers/stubborn" ] && [ -z "$(find /sys/fs/cgroup -maxdepth 2 -name mydocker-stubborn)" ]'
show $MD5 rm ticker maker
unset MYDOCKER_ROOT
