# Chapter 2: the cgroup library (v1 and v2) and the memory, cpu and pids demos.
$(eval $(call chapter,ch02,ch02-cgroups,mode.c limits.c cgroup.c,,$(COMMON_LIB),))
