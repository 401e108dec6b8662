# mydocker-c: one Makefile for every chapter.
#   make            build every chapter there is
#   make chNN       build one chapter (and the ./chNN link to its folder)
#   make check      install what is missing, build, run unit + integration tests
#   make tour       walk the chapters, checking each claim of the book (root)
#   make deps       install the Debian packages the build and tests need
#   make SANITIZE=address check   the same, under AddressSanitizer
# Each chapter folder holds a module.mk that declares its library and programs
# with the `chapter` macro of mk/chapter.mk.

CC       ?= cc
AR       ?= ar
BUILD    ?= build
CFLAGS   ?= -O2 -g
SANITIZE ?=
WARNINGS := -Wall -Wextra -Werror
# Every chapter folder is on the include path: header names are unique.
CHAPTER_DIRS := $(sort $(wildcard ch[0-9][0-9]-*))
ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) -Icommon $(addprefix -I,$(CHAPTER_DIRS)) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS)
ifneq ($(SANITIZE),)
ALL_CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif

.SECONDEXPANSION:
.PHONY: all check check-systemd tour deps clean bench image unit integration FORCE
all:

include mk/chapter.mk
include common/module.mk
include $(sort $(wildcard ch[0-9][0-9]-*/module.mk))
include tests/unit/module.mk
-include tests/helpers/module.mk
-include fuzz/module.mk
-include bench/module.mk

all: $(CHAPTER_TARGETS)

# A change of compiler or flags rebuilds everything.
$(BUILD)/.flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ || echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

$(BUILD)/%.o: %.c $(BUILD)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

deps:
	@mk/deps.sh

# make check: build, replay the fuzzers' kept inputs, fuzz each parser
# briefly (CHECK_FUZZ_SECONDS each; 0 leaves it out), then every test.
CHECK_FUZZ_SECONDS ?= 5
check: deps
	$(MAKE) all unit-tests $(CHECK_EXTRA)
	@if [ "$(CHECK_FUZZ_SECONDS)" != 0 ]; then $(MAKE) -s fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS); fi
	tests/run

# make check-systemd: the integration tests again, on a Debian with systemd
# as PID 1 (pure cgroup v2, / shared) booted under qemu with this build in
# it (tests/systemd-vm/run: BATS_FILES picks files; installs
# mk/packages-vm.txt). make check runs it too.
check-systemd:
	$(MAKE) all helpers
	tests/run systemd

# The tour needs the programs and the image (make all builds both).
tour: deps
	$(MAKE) all
	tour/tour.sh

clean:
	rm -rf $(BUILD) $(CLEAN_FILES) $(CHAPTER_LINKS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
