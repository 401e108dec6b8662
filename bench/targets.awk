#!/usr/bin/awk -f
# make bench's targets (issue 8), checked against timeit's --summary lines:
#   time|NAME|MEDIAN_US|MIN_US|MAX_US|RSS_KIB|FAILURES   ratio|A|B|VALUE
# Prints one line per target: met, or NOT met with the figure.
BEGIN { FS = "|" }
$1 == "time" { median[$2] = $3 / 1000; rss[$2] = $6 / 1024; failed[$2] = $7 }
$1 == "ratio" { ratio[$2 "/" $3] = $4 }

function verdict(text, value, limit, unit) {
	if (value == "") {
		printf "  %-52s not measured\n", text
		return
	}
	printf "  %-52s %s (%.2f%s, target %s%s)\n", text, value + 0 <= limit ? "met" : "NOT met", value, unit, limit, unit
}

END {
	verdict("mydocker run --rm / crun run (same round)", ratio["mydocker run --rm/crun run"], 0.8, "x")
	verdict("mydocker run --rm / floor (same round)", ratio["mydocker run --rm/floor"], 3, "x")
	verdict("peak RSS of mydocker run --rm, MiB (<= crun's)", rss["mydocker run --rm"], rss["crun run"], " MiB")
	verdict("run -d, per container", median["run -d (each)"], 10, " ms")
	verdict("ps of 50 running containers", median["ps (50 running)"], 20, " ms")
	verdict("stop, per container", median["stop (each)"], 15, " ms")
	verdict("rm, per container", median["rm (each)"], 15, " ms")
	for (name in failed)
		if (failed[name] > 0)
			printf "  note: %s failed %d times (see its errors above)\n", name, failed[name]
}
