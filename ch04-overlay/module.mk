# Chapter 4: overlayfs, images, pivot_root.
# The library: overlay option strings and mounts (overlay.c), image tars
# unpacked safely and packed (image.c), the experiments' bench (lab.c).
# The runtime on an image: the state root and names (store.c), volumes
# (volume.c), init's root filesystem steps (rootfs.c), run's options and
# parent steps (imagerun.c).
# The programs: run (chapter 3's run on an image), whiteout (the seeds'
# overlay experiments), chroot-escape (why pivot_root), mkimage (make
# image), unpack (an image, safely).
$(eval $(call chapter,ch04,ch04-overlay,overlay.c image.c lazyarchive.c lab.c store.c volume.c rootfs.c imagerun.c inroot.c,run whiteout chroot-escape mkimage unpack,$(ch03_LIBS),))

# make image: the default image, busybox, as a tar (sorted entries, fixed
# mtimes and owners, so two builds give the same bytes). Chapters 4 to 6 run
# it when no image is named.
BUSYBOX ?= /bin/busybox
IMAGE_TAR := $(BUILD)/images/busybox.tar

image: $(IMAGE_TAR)

$(IMAGE_TAR): ch04-overlay/mkimage $(BUSYBOX)
	@mkdir -p $(dir $@)
	ch04-overlay/mkimage --busybox $(BUSYBOX) $@

CHECK_EXTRA += image

# Chapters 4 to 6 run the default image: `make ch04 && sudo ./ch04/run` works.
ch04 ch05 ch06: image
