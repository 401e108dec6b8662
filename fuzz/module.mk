# libFuzzer targets for every parser that reads outside input (fuzz/*.c,
# one program each), built with clang under ASan and UBSan against an
# instrumented copy of every chapter's library.
#   make fuzz                  each target for FUZZ_SECONDS (default 30)
#   make fuzz FUZZ_SECONDS=5   as CI does
#   make fuzz-regressions      replay fuzz/regressions/NAME/* and the seed
#                              corpus fuzz/corpus/NAME/* (make check does)
# A crash leaves its input in build/fuzz/artifacts/NAME/; once fixed, the
# input goes to fuzz/regressions/NAME/ for good.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 30
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS   = $(filter-out -fsanitize=% -O2 -O0 -O3,$(ALL_CFLAGS)) -Ifuzz -g -O1 $(FUZZ_SANITIZE)
FUZZ_TARGETS := $(patsubst fuzz/%.c,%,$(filter-out fuzz/fuzz_common.c,$(wildcard fuzz/fuzz_*.c)))
# Chapter 6's parsers (ports, CIDRs, the IPAM file), when chapter 6 is here.
ifeq ($(wildcard ch06-network/module.mk),)
FUZZ_TARGETS := $(filter-out fuzz_ports fuzz_cidr fuzz_ipam,$(FUZZ_TARGETS))
endif
FUZZ_BINS    := $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
# Every library source of every chapter (and common), instrumented.
FUZZ_LIB_SOURCES := $(patsubst $(BUILD)/%.o,%.c,$(COMMON_OBJS) $(foreach c,$(CHAPTER_TARGETS),$($(c)_OBJS)))
FUZZ_LIB_OBJS    := $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(FUZZ_LIB_SOURCES) fuzz/fuzz_common.c)

$(BUILD)/fuzz/obj/%.o: %.c $(BUILD)/.flags
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(BUILD)/fuzz/libfuzzed.a: $(FUZZ_LIB_OBJS)
	rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_BINS): $(BUILD)/fuzz/%: $(BUILD)/fuzz/obj/fuzz/%.o $(BUILD)/fuzz/libfuzzed.a
	$(FUZZ_CC) $(FUZZ_SANITIZE) -fsanitize=fuzzer -o $@ $^ $(ALL_LDLIBS)

.PHONY: fuzz fuzz-build fuzz-regressions
fuzz-build: $(FUZZ_BINS)

# Each target, bounded; the working corpus grows in build/, the seeds stay.
# Crash inputs are written by nobody (fuzz_tar's sandbox): a 0777 directory.
fuzz: fuzz-build
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p $(BUILD)/fuzz/corpus/$$target $(BUILD)/fuzz/artifacts/$$target fuzz/corpus/$$target; \
		chmod 0777 $(BUILD)/fuzz/artifacts/$$target; \
		if $(BUILD)/fuzz/$$target -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/artifacts/$$target/ \
			$(BUILD)/fuzz/corpus/$$target fuzz/corpus/$$target > $(BUILD)/fuzz/$$target.log 2>&1; then \
			echo "fuzz $$target: $(FUZZ_SECONDS) s, $$(grep -o 'stat::number_of_executed_units: [0-9]*' $(BUILD)/fuzz/$$target.log | grep -o '[0-9]*$$' || tail -1 $(BUILD)/fuzz/$$target.log | grep -o '#[0-9]*') runs, no crash"; \
		else \
			grep -A30 -E '^==[0-9]+==ERROR|runtime error|deadly signal' $(BUILD)/fuzz/$$target.log | head -60; \
			echo "fuzz $$target: CRASH, input in $(BUILD)/fuzz/artifacts/$$target/ (log: $(BUILD)/fuzz/$$target.log)"; \
			exit 1; \
		fi; \
	done

# Every input kept (found crashes, fixed) and every seed, run once each.
fuzz-regressions: fuzz-build
	@for target in $(FUZZ_TARGETS); do \
		inputs=$$(ls -d fuzz/regressions/$$target/* fuzz/corpus/$$target/* 2>/dev/null); \
		[ -n "$$inputs" ] || continue; \
		$(BUILD)/fuzz/$$target $$inputs > $(BUILD)/fuzz/$$target-regressions.log 2>&1 || \
			{ tail -40 $(BUILD)/fuzz/$$target-regressions.log; echo "fuzz regression: $$target FAILED"; exit 1; }; \
		echo "fuzz regressions: $$target: $$(echo $$inputs | wc -w) inputs pass"; \
	done

CHECK_EXTRA += fuzz-regressions
