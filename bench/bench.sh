#!/bin/bash
# make bench: mydocker against crun, runc and the floor on one busybox rootfs,
# the same five namespaces and a 100m memory limit; then the lifecycle of 50
# detached containers. Prints a table and the targets; never fails the build
# (exit 0 whatever the figures, or when it cannot run at all).
# Environment: MYDOCKER (the runtime), IMAGE_TAR (build/images/busybox.tar),
# BENCH_RUNS (rounds after the warm-up, default 30).
set -u
cd "$(dirname "$0")/.."
MYDOCKER=$(realpath "${MYDOCKER:-ch05-containers/mydocker}")
IMAGE_TAR=${IMAGE_TAR:-build/images/busybox.tar}
RUNS=${BENCH_RUNS:-30}
TIMEIT=bench/timeit
LIFECYCLE=50
UNIFIED=/sys/fs/cgroup/unified

note() { printf '%s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
	note "make bench: needs root (sudo make bench): nothing measured"
	exit 0
fi
mk/deps.sh mk/packages-bench.txt || note "make bench: could not install crun and runc: their rows will fail"

TMP=$(mktemp -d /tmp/mydocker-bench-$$.XXXXXX)
ROOT=$TMP/root
LIFE_ROOT=$TMP/life
BUNDLE=$TMP/bundle
ID=mydocker-bench-$$
# crun's and runc's state where they keep it by default: under /run.
STATE=/run/$ID

# Whatever happens (Ctrl-C too): containers, runtimes' state, cgroups, files.
# A runtime killed half-way may leave a container with no record: its
# cgroup (mydocker-NAME) goes by name.
cleanup() {
	trap - EXIT INT TERM HUP
	for root in "$ROOT" "$LIFE_ROOT"; do
		for dir in "$root"/containers/*/; do
			[ -d "$dir" ] || continue
			"$MYDOCKER" --root "$root" rm -f "$(basename "$dir")" >/dev/null 2>&1
			find /sys/fs/cgroup -maxdepth 2 -type d -name "mydocker-$(basename "$dir")" -exec rmdir {} + 2>/dev/null
		done
	done
	crun --root "$STATE/crun" delete -f "$ID-crun" >/dev/null 2>&1
	runc --root "$STATE/runc" delete -f "$ID-runc" >/dev/null 2>&1
	find /sys/fs/cgroup -maxdepth 3 -depth -type d -name "$ID*" -exec rmdir {} + 2>/dev/null
	rm -rf "$TMP" "$STATE"
}
# timeit runs in a session of its own, so that an interruption stops it and
# the runtime it is timing together, and the cleanup below runs at once.
TIMEIT_PID=
timed() {
	setsid "$TIMEIT" "$@" &
	TIMEIT_PID=$!
	wait "$TIMEIT_PID"
	TIMEIT_PID=
}
interrupted() {
	note "make bench: interrupted, cleaning up"
	[ -n "$TIMEIT_PID" ] && kill -TERM -- "-$TIMEIT_PID" 2>/dev/null && wait "$TIMEIT_PID"
	exit 0
}
trap cleanup EXIT
trap interrupted INT TERM HUP

# ---- one rootfs for everyone: the image mydocker runs, unpacked once ----
mkdir -p "$BUNDLE/rootfs" "$STATE/crun" "$STATE/runc"
if ! ch04-overlay/unpack "$IMAGE_TAR" "$BUNDLE/rootfs" >"$TMP/unpack.log" 2>&1; then
	cat "$TMP/unpack.log"
	note "make bench: cannot unpack $IMAGE_TAR (make image): nothing measured"
	exit 0
fi
bench/oci-config.sh "$ID" > "$BUNDLE/config.json"

# ---- crun on a hybrid machine ----
WORKAROUND=()
if [ "$(stat -f -c %T "$UNIFIED" 2>/dev/null)" = cgroup2fs ] && [ -n "$(cat "$UNIFIED/cgroup.controllers")" ]; then
	: > "$TMP/empty"
	WORKAROUND=(--bind-empty "$TMP/empty" "$UNIFIED/cgroup.controllers")
	note "Note: cgroups are hybrid here and crun refuses that (\"cgroups in hybrid mode not supported\"):"
	note "every command below runs in a private mount namespace with an empty file bound over"
	note "$UNIFIED/cgroup.controllers (made once, before any timing)."
fi

SUMMARY=$TMP/summary
note ""
note "== Start and end one container: /bin/true on busybox, pid net ipc uts mount namespaces, 100m memory"
note "   $RUNS rounds after 5 of warm-up, run in turn (A B C D, each round starting at the next);"
note "   runtime: $MYDOCKER"
timed --runs "$RUNS" --warmup 5 --summary "$SUMMARY" "${WORKAROUND[@]}" \
	"mydocker run --rm" "$MYDOCKER" --root "$ROOT" run --rm -m 100m busybox /bin/true --- \
	"crun run" crun --root "$STATE/crun" run --bundle "$BUNDLE" "$ID-crun" --- \
	"runc run" runc --root "$STATE/runc" run --bundle "$BUNDLE" "$ID-runc" --- \
	"floor" bench/floor "$BUNDLE/rootfs" /bin/true --- \
	"floor --no-net" bench/floor --no-net "$BUNDLE/rootfs" /bin/true
note "   peak RSS: wait4's ru_maxrss, the most the runtime process (or a child it waited for) held."
note "   The OCI bundle (bench/oci-config.sh) asks crun and runc for what mydocker does: the same"
note "   mounts (proc, /dev tmpfs, devpts, shm, sysfs ro), hostname, memory limit, no swap."
note "   State: mydocker's under $TMP, crun's and runc's under $STATE (each its default place:"
note "   /var/lib, /run). The rootfs: $IMAGE_TAR unpacked once for all."
note "   mydocker runs with its defaults, as users get it (no flag turns a defence off)."

note ""
note "== Lifecycle: $LIFECYCLE x run -d --init busybox sleep 1000, ps, then stop and rm of each"
note "   (--init: PID 1 passes SIGTERM on, so stop ends on SIGTERM, not after its 10 s timeout)"
CONTAINER="bench$$-{}"
timed --runs $LIFECYCLE --warmup 0 --summary "$SUMMARY" \
	"run -d (each)" "$MYDOCKER" --root "$LIFE_ROOT" run -d --name "$CONTAINER" --init busybox sleep 1000
timed --runs "$RUNS" --warmup 3 --no-header --summary "$SUMMARY" \
	"ps ($LIFECYCLE running)" "$MYDOCKER" --root "$LIFE_ROOT" ps
timed --runs $LIFECYCLE --warmup 0 --no-header --summary "$SUMMARY" \
	"stop (each)" "$MYDOCKER" --root "$LIFE_ROOT" stop "$CONTAINER"
timed --runs $LIFECYCLE --warmup 0 --no-header --summary "$SUMMARY" \
	"rm (each)" "$MYDOCKER" --root "$LIFE_ROOT" rm "$CONTAINER"

note ""
note "== Targets (a benchmark: missing one does not fail the build)"
bench/targets.awk "$SUMMARY"
note "   (make bench never fails on a target: it measures and prints.)"
exit 0
