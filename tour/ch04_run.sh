# Chapter 4, second part: run on an image (seed 003), sourced by tour/tour.sh.
chapter "Chapter 4: one image, many containers; pivot_root"
RUN4=./ch04-overlay/run
export MYDOCKER_ROOT="$TOUR_SCRATCH/state"

narrate "run on the busybox image: the overlay is /, the host's files are gone, the hostname is the container's name."
show $RUN4 --name hello1 -- sh -c 'hostname; ls /; grep " / " /proc/mounts'

narrate "Two containers of one image: hello1 makes /test and waits; hello2 does not see it."
mkfifo "$TOUR_SCRATCH/ready" "$TOUR_SCRATCH/go"
$RUN4 --name hello1 -v "$TOUR_SCRATCH:/sync" -- sh -c 'mkdir /test; echo up > /sync/ready; read x < /sync/go' 2>/dev/null &
tour_hello1=$!
read -r _ < "$TOUR_SCRATCH/ready"
show ls "$MYDOCKER_ROOT/containers/hello1" "$MYDOCKER_ROOT/containers/hello1/upper"
layers_made() { [ -d "$MYDOCKER_ROOT/containers/hello1/upper/test" ] && [ -d "$MYDOCKER_ROOT/containers/hello1/work" ] && [ -d "$MYDOCKER_ROOT/containers/hello1/merged" ]; }
not_in_hello2() { [ "$($RUN4 --name hello2 -- sh -c 'test -d /test && echo seen || echo absent' 2>/dev/null)" = absent ]; }
claim S003-1 "two containers from one image: a directory made in hello1 is not in hello2" not_in_hello2
layers_were_made=0; layers_made && layers_were_made=1
echo go > "$TOUR_SCRATCH/go"
wait "$tour_hello1"
claim S003-3 "run NAME makes per-name write, work and mount dirs, removed after the container ends" \
	eval '[ $layers_were_made = 1 ] && [ ! -e "$MYDOCKER_ROOT/containers/hello1" ]'

tour_digest() { (cd "$1" && find . -printf '%p %m %U:%G %l\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum; }
image_unchanged() {
	local lower="$MYDOCKER_ROOT/images/busybox/rootfs" before
	before=$(tour_digest "$lower")
	$RUN4 -- sh -c 'echo changed >> /etc/passwd; rm /bin/ls; echo x > /root/new' 2>/dev/null
	[ "$(tour_digest "$lower")" = "$before" ]
}
claim S003-2 "the image layer never changes; a container's changes stay in its own layer" image_unchanged

narrate "pivot_root: the new root is bind-mounted onto itself, / is private, the old root is detached and removed."
show $RUN4 --trace -- true
tour_host_marker="/tmp/mydocker-tour-host-$$"
pivoted() {
	touch "$tour_host_marker"
	local out
	out=$($RUN4 -- sh -c "awk '\$5 == \"/\" {print \$9}' /proc/self/mountinfo; test -e $tour_host_marker || echo unreachable; test -e /.pivot_root || echo gone" 2>/dev/null | tr '\n' ' ')
	rm -f "$tour_host_marker"
	[ "$out" = "overlay unreachable gone " ]
}
claim S003-4 "with / private and the new root bind-mounted onto itself, pivot_root makes it /" pivoted
proc_after_pivot() { [ "$($RUN4 -- sh -c 'readlink /proc/1/exe; grep -c . /etc/passwd' 2>/dev/null | tr '\n' ' ')" = "/bin/busybox 2 " ]; }
claim S003-5 "after pivot_root, proc is mounted and the command runs in the new root" proc_after_pivot
unset MYDOCKER_ROOT
