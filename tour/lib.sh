# The tour's vocabulary, sourced by tour/tour.sh and each tour/chNN.sh.
#   chapter "title"          a heading
#   narrate "text"           a sentence for the class
#   show CMD...              prints "$ CMD", runs it, shows its output indented
#   claim ID "text" CMD...   runs CMD quietly; prints "ID ok  text" or FAIL
#   explain ID "text" WHERE  a claim taught in prose rather than checked
# Output from the programs under test is shown; their trace goes to stderr.

TOUR_FAILED=0
TOUR_CHECKED=0

chapter() {
	printf '\n== %s ==\n' "$1"
}

narrate() {
	printf '   %s\n' "$*"
}

show() {
	printf '   $ %s\n' "$*"
	"$@" 2>&1 | sed 's/^/     /'
	return "${PIPESTATUS[0]}"
}

claim() {
	local id=$1 text=$2
	shift 2
	TOUR_CHECKED=$((TOUR_CHECKED + 1))
	if "$@" >/dev/null 2>&1; then
		printf '%-8s ok    %s\n' "$id" "$text"
	else
		printf '%-8s FAIL  %s\n' "$id" "$text"
		TOUR_FAILED=$((TOUR_FAILED + 1))
	fi
}

explain() {
	printf '%-8s told  %s (%s)\n' "$1" "$2" "$3"
}
