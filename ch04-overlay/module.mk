# Chapter 4: overlayfs, images, pivot_root.
# The library: overlay option strings and mounts (overlay.c), image tars
# unpacked safely and packed (image.c), the experiments' bench (lab.c).
# The programs: whiteout (the seeds' overlay experiments), chroot-escape
# (why pivot_root), mkimage (make image), unpack (an image, safely).
# ch04's `run` joins the programs when ch03 is merged; then the linked
# libraries become $(ch03_LIBS).
$(eval $(call chapter,ch04,ch04-overlay,overlay.c image.c lab.c,whiteout chroot-escape mkimage unpack,$(COMMON_LIB),-larchive))

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
