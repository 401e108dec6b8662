# Chapter 4, second part: run on an image (the book's chapter 4), sourced by tour/tour.sh.
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
# The container really ran and saw its own changes; the image layer is
# byte-identical after; the next container sees the image as it was.
image_unchanged() {
	local lower="$MYDOCKER_ROOT/images/busybox/rootfs" before out
	before=$(tour_digest "$lower")
	out=$($RUN4 -- sh -c 'echo changed >> /etc/passwd; rm /bin/ls; echo x > /root/new
		tail -n 1 /etc/passwd; test -e /bin/ls || echo ls-gone; cat /root/new' 2>/dev/null | tr '\n' ' ')
	[ "$out" = "changed ls-gone x " ] && [ "$(tour_digest "$lower")" = "$before" ] &&
		[ "$($RUN4 -- sh -c 'grep -c changed /etc/passwd; test -e /bin/ls && test ! -e /root/new && echo as-before' 2>/dev/null | tr '\n' ' ')" = "0 as-before " ]
}
claim S003-2 "the image layer never changes; a container's changes stay in its own layer" image_unchanged

narrate "pivot_root: the new root is bind-mounted onto itself, / is private, the old root is detached and removed."
show $RUN4 --trace -- true
show $RUN4 -- cat /proc/self/mountinfo
tour_host_marker="/tmp/mydocker-tour-host-$$"
# Inside the container ($@ runs it): the root is the overlay; no mount is of
# the host's root filesystem (its device); every mount hangs under one in
# the table but the root, so no old root is left above it; a file only the
# host has is out of reach. Against chapter 3's run (no pivot_root) it fails.
pivoted() {
	local out
	touch "$tour_host_marker"
	out=$("$@" -- sh -c 'awk "\$5 == \"/\" {for (i = 7; \$i != \"-\"; i++); print \$(i + 1)}" /proc/self/mountinfo
		awk -v dev="$0" "\$3 == dev" /proc/self/mountinfo | wc -l
		awk "{id[\$1]; parent[NR] = \$2} END {n = 0; for (i in parent) if (!(parent[i] in id)) n++; print n}" /proc/self/mountinfo
		test -e "$1" && echo reachable || echo unreachable' \
		"$(awk '$5 == "/" {print $3}' /proc/self/mountinfo)" "$tour_host_marker" 2>/dev/null | tr '\n' ' ')
	rm -f "$tour_host_marker"
	[ "$out" = "overlay 0 1 unreachable " ]
}
claim S003-4 "with / private and the new root bind-mounted onto itself, pivot_root makes it /: no old root left, host files gone" \
	pivoted $RUN4
proc_after_pivot() { [ "$($RUN4 -- sh -c 'readlink /proc/1/exe; grep -c . /etc/passwd' 2>/dev/null | tr '\n' ' ')" = "/bin/busybox 2 " ]; }
claim S003-5 "after pivot_root, proc is mounted and the command runs in the new root" proc_after_pivot
unset MYDOCKER_ROOT
