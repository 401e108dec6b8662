# Test helpers: small programs the integration tests run inside
# containers, so built static (the busybox image has no C library).
HELPER_PROGRAMS := tests/helpers/tiocsti tests/helpers/rawnet
CLEAN_FILES += $(HELPER_PROGRAMS)

$(HELPER_PROGRAMS): %: %.c $(BUILD)/.flags
	$(CC) -std=gnu11 -D_GNU_SOURCE $(WARNINGS) -O2 -static -o $@ $<

.PHONY: helpers
helpers: $(HELPER_PROGRAMS)
CHECK_EXTRA += helpers
