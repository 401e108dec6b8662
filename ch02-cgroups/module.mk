# Chapter 2: the cgroup library (v1 and v2) and the memory, cpu and pids demos.
$(eval $(call chapter,ch02,ch02-cgroups,mode.c limits.c cgroup.c freezer.c confined.c limitdemo.c,memlimit cpulimit pidslimit,$(COMMON_LIB),))

# make check-cgroup2: chapter 2 on a real, pure cgroup v2 kernel. This machine
# (like the book's) has v1 controllers; tests/cgroup2-vm/run boots Debian's
# kernel under qemu with cgroup_no_v1=all and runs these static binaries in it.
CGROUP2_VM_DIR := $(BUILD)/cgroup2-vm
CGROUP2_VM_BINS := $(addprefix $(CGROUP2_VM_DIR)/,memlimit cpulimit pidslimit cgroup2check)

$(CGROUP2_VM_DIR)/cgroup2check: $(BUILD)/tests/cgroup2-vm/cgroup2check.o $(ch02_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -static -o $@ $< $(ch02_LIBS)

$(CGROUP2_VM_DIR)/%: $(BUILD)/ch02-cgroups/%.o $(ch02_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -static -o $@ $< $(ch02_LIBS)

.PHONY: cgroup2-vm-binaries check-cgroup2
cgroup2-vm-binaries: $(CGROUP2_VM_BINS)

check-cgroup2:
	tests/cgroup2-vm/run
