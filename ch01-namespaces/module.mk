# Chapter 1: one program per namespace.
$(eval $(call chapter,ch01,ch01-namespaces,namespaces.c child.c demo.c idmap.c,uts ipc pid mount user net clonepitfalls,$(COMMON_LIB),))
