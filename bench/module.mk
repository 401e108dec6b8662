# make bench: times the runtime against crun, runc and a floor (bench/floor),
# and the lifecycle of 50 detached containers; prints a table and never fails
# the build. MYDOCKER=path picks the runtime (default: the highest chapter's
# mydocker); BENCH_RUNS=N the rounds (default 30, after 5 of warm-up).
MYDOCKER ?= $(patsubst %.c,%,$(lastword $(sort $(wildcard ch[0-9][0-9]-*/mydocker.c))))
BENCH_RUNS ?= 30
BENCH_PROGRAMS := bench/floor bench/timeit
CLEAN_FILES += $(BENCH_PROGRAMS)

$(BENCH_PROGRAMS): bench/%: $(BUILD)/bench/%.o $(COMMON_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(COMMON_LIB)

bench: $(BENCH_PROGRAMS) $(MYDOCKER) ch04-overlay/unpack image
	-@MYDOCKER=$(MYDOCKER) IMAGE_TAR=$(IMAGE_TAR) BENCH_RUNS=$(BENCH_RUNS) bench/bench.sh
