# $(call chapter,ID,DIR,LIBRARY_SOURCES,PROGRAMS,LINKED_LIBRARIES,LDLIBS)
#   ID        ch01 ... ch06: the make target and the ./chNN link
#   DIR       the chapter's folder
#   LIBRARY_SOURCES  .c files (in DIR) that make build/libID.a
#   PROGRAMS  programs, each DIR/NAME built from DIR/NAME.c
#   LINKED_LIBRARIES earlier chapters' archives, latest first, common last
#   LDLIBS    system libraries (-ljansson ...)
# It defines ID_LIBS (this archive + LINKED_LIBRARIES) and ID_LDLIBS for the
# chapters after it, and adds ID to `make all`.
define chapter
$(1)_OBJS    := $$(patsubst %.c,$(BUILD)/%.o,$$(addprefix $(2)/,$(3)))
$(1)_LIBS    := $(BUILD)/lib$(1).a $(5)
$(1)_LDLIBS  := $(6)
$(1)_BINS    := $$(addprefix $(2)/,$(4))
ALL_ARCHIVES := $(BUILD)/lib$(1).a $$(ALL_ARCHIVES)
ALL_LDLIBS   := $$(sort $$(ALL_LDLIBS) $(6))
CLEAN_FILES  += $$($(1)_BINS)
CHAPTER_LINKS += $(1)
CHAPTER_TARGETS += $(1)

$(BUILD)/lib$(1).a: $$($(1)_OBJS)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && $$(AR) rcs $$@ $$^

$$($(1)_BINS): $(2)/%: $(BUILD)/$(2)/%.o $$($(1)_LIBS)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$< $$($(1)_LIBS) $(6)

$(1): $$($(1)_BINS)
	@ln -sfn $(2) $(1)
.PHONY: $(1)
endef
