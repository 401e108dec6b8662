# Test helpers: small programs the integration tests run inside
# containers, so built static (the busybox image has no C library).
HELPER_PROGRAMS := tests/helpers/tiocsti
HELPER_PROGRAMS += tests/helpers/refused
HELPER_PROGRAMS += tests/helpers/swapdir tests/helpers/forkbomb
HELPER_PROGRAMS += tests/helpers/rawnet
CLEAN_FILES += $(HELPER_PROGRAMS)

$(HELPER_PROGRAMS): %: %.c $(BUILD)/.flags
	$(CC) -std=gnu11 -D_GNU_SOURCE $(WARNINGS) -O2 -static -o $@ $<

# And programs run on the host that call a chapter's code directly.
HOST_HELPER_PROGRAMS := tests/helpers/attach-device-filter
CLEAN_FILES += $(HOST_HELPER_PROGRAMS)

tests/helpers/attach-device-filter: tests/helpers/attach-device-filter.c $(BUILD)/ch05-containers/devicefilter.o \
				    $(BUILD)/libcommon.a $(BUILD)/.flags
	$(CC) -std=gnu11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) -Icommon -Ich05-containers $(ALL_LDFLAGS) -o $@ \
		$< $(BUILD)/ch05-containers/devicefilter.o $(BUILD)/libcommon.a

.PHONY: helpers
helpers: $(HELPER_PROGRAMS) $(HOST_HELPER_PROGRAMS)
CHECK_EXTRA += helpers
