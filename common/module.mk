# common/: what every chapter needs and no chapter teaches.
COMMON_SOURCES := log.c trace.c flags.c file.c size.c process.c statefile.c arguments.c userns.c
COMMON_OBJS := $(patsubst %.c,$(BUILD)/common/%.o,$(COMMON_SOURCES))
COMMON_LIB := $(BUILD)/libcommon.a
ALL_ARCHIVES := $(COMMON_LIB)

$(COMMON_LIB): $(COMMON_OBJS)
	rm -f $@ && $(AR) rcs $@ $^
