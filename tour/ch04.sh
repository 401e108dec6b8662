# Chapter 4: overlayfs, images, pivot_root (sourced by tour/tour.sh).
chapter "Chapter 4: overlayfs, images, pivot_root"
CH04=./ch04-overlay
CH04_LAYERS="$TOUR_SCRATCH/ch04-layers"
CH04_LOG="$TOUR_SCRATCH/ch04-whiteout.log"

narrate "The pitfalls guide and the book's chapter 2: four image layers and a container layer, mounted as one overlay,"
narrate "then written, deleted and remade through the merged view. Each step checks the kernel."
show $CH04/whiteout
# Once more, quietly, keeping the layers (unmounted) to look at from here.
MYDOCKER_TRACE=0 $CH04/whiteout --keep "$CH04_LAYERS" > "$CH04_LOG" 2>&1
ch04_said_ok() { grep -qE "^$1 +ok " "$CH04_LOG"; }
ch04_at() { echo "$CH04_LAYERS/$1"; }
ch04_whiteout() { [ "$(stat -c '%F %t %T' "$(ch04_at "container-layer/$1")")" = "character special file 0 0" ]; }

claim S000-6 "aufs is not in this kernel (\"unknown filesystem\"); overlay is in /proc/filesystems" \
	eval '! grep -qw aufs /proc/filesystems && grep -qw overlay /proc/filesystems && ch04_said_ok S000-6'
claim S000-7 "the merged view shows every lower layer's files and the container layer's" ch04_said_ok S000-7
claim S000-8 "writing a lower file through merged copies it up; the lower file is unchanged" \
	eval 'ch04_said_ok S000-8 && [ "$(cat "$(ch04_at image-layer1/image-layer1.txt)")" = "I am image layer 1" ]'
claim S000-9 "a file created through merged lands in the upper dir" \
	eval '[ "$(cat "$(ch04_at container-layer/new_file.txt)")" = "new file" ]'
claim S000-10 "deleting a lower file leaves a whiteout in upper: a character device 0,0" \
	eval 'ch04_whiteout image-layer1.txt && ch04_whiteout image-layer2.txt && [ -f "$(ch04_at image-layer2/image-layer2.txt)" ]'
claim S000-11 "the work dir's inner directory cannot be read by users (error opening dir)" \
	eval '[ "$(stat -c %a "$(ch04_at work/work)")" = 0 ] && ch04_said_ok S000-11'
claim S000-12 "a directory removed and recreated over a lower one is opaque (trusted.overlay.opaque=y)" \
	eval '[ "$(getfattr --only-values -n trusted.overlay.opaque "$(ch04_at container-layer/layer2-dir)")" = y ]'
claim S000-13 "upperdir takes one directory only; two are refused" ch04_said_ok S000-13
claim S000-14 "lower dirs only give a read-only mount: writing fails with EROFS" ch04_said_ok S000-14
# What this kernel does with a single lowerdir, asked through mount(8) in a
# throwaway namespace; whiteout must have seen the same and checked it.
ch04_single_lower_refused() {
	mkdir -p "$TOUR_SCRATCH/single-lower"
	! unshare -m --propagation private mount -t overlay overlay -o "lowerdir=$(ch04_at image-layer1)" \
		"$TOUR_SCRATCH/single-lower" 2>/dev/null
}
if ch04_single_lower_refused; then
	claim S000-15 "a single lowerdir with no upperdir is refused (EINVAL) on this kernel, as the book says" \
		eval 'ch04_said_ok S000-15 && grep -q "this kernel refuses it: EINVAL" "$CH04_LOG"'
else
	claim S000-15 "this kernel accepts a single lowerdir, unlike the book: a read-only view of that layer (NOTES.md)" \
		eval 'ch04_said_ok S000-15 && grep -q "this kernel ACCEPTS a single lowerdir" "$CH04_LOG"'
fi
claim S000-16 "a volume needs only a bind mount: the host dir's files, and writes go back to it" \
	eval 'ch04_said_ok S000-16 && [ -f "$(ch04_at host-volume/from-container.txt)" ] && [ ! -e "$(ch04_at container-layer/data/from-container.txt)" ]'
claim S001-11 "four image layers and a container layer mount as one overlay; writes are copy-on-write" \
	eval 'ch04_said_ok S001-11 && [ -f "$(ch04_at image-layer4/image-layer4.txt)" ] && [ ! -e "$(ch04_at container-layer/image-layer4.txt)" ]'
narrate "Beyond the book: workdir must share upperdir's filesystem; an overlay can be a lower layer, not an upper one."
claim CH04-WORK "workdir on another filesystem than upperdir is refused (EINVAL)" ch04_said_ok workdir
claim CH04-NEST "an overlay as another overlay's upperdir is refused; as a lowerdir it works" ch04_said_ok nesting

narrate "The default image: busybox and a link per applet, root-owned, sorted, fixed times (make image)."
show sh -c "tar tvf build/images/busybox.tar | grep -E ' (bin/busybox|bin/sh|etc/passwd|tmp/)'; tar tf build/images/busybox.tar | wc -l"

narrate "A rootfs is files, not a kernel; and why a runtime uses pivot_root, not chroot."
show $CH04/chroot-escape
MYDOCKER_TRACE=0 $CH04/chroot-escape > "$TOUR_SCRATCH/ch04-chroot.log" 2>&1
ch04_escape_code=$?
explain S004-7 "a rootfs holds no kernel: uname -r inside is the host's, the one running kernel (shown above)" \
	"NOTES.md, Chapter 4: why pivot_root and not chroot"
claim S004-6 "a root process escapes a chroot to the host's /; after pivot_root the same trick stays inside" \
	eval '[ "$ch04_escape_code" = 0 ] && grep -q "host-marker is VISIBLE" "$TOUR_SCRATCH/ch04-chroot.log"'
explain S004-8 "an image is layers, one per build step, union-mounted (the lowerdirs above)" "README, Chapter 4"
explain S004-9 "aufs is deprecated and not in mainline kernels; overlay2 is docker's driver today" "NOTES.md, Chapter 4"
explain S001-12 "docker keeps container metadata and layers under /var/lib/docker" "README, Chapter 4"
