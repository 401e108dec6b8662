# Unit tests: each tests/unit/test_NAME.c is one cmocka program, linked
# with every chapter's library (latest first) and common.
UNIT_SOURCES := $(sort $(wildcard tests/unit/test_*.c))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SOURCES))

$(UNIT_TESTS): $(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $$(ALL_ARCHIVES)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(ALL_ARCHIVES) $(ALL_LDLIBS) -lcmocka

.PHONY: unit-tests
unit-tests: $(UNIT_TESTS)
