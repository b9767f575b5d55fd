#!/bin/sh
# The already-a-member check graded on tests/data/name-pairs.tsv: hand-written
# pairs (old and new spelling, transliteration, regional vowels, articles,
# titles, Balinese, Batak and Chinese-Indonesian names, nicknames) and close
# namesakes, planted among 3 000 generated members; then the three held-out
# sets, written apart from the rules (tests/data/name-pairs.md).  A floor below
# the figures of bench/RESULTS.md, so that a change to src/core/name.c that
# loses a class fails.
. "$KARTU_SRC/tests/cli/lib.sh"
d="$KARTU_SRC/tests/data"
BENCH_MISSES=1 "$KARTU_BUILD/bench-dupes" 3000 200 "$d/name-pairs.tsv" \
    "$d/name-pairs-holdout.tsv" "$d/name-pairs-holdout2.tsv" "$d/name-pairs-holdout3.tsv" \
    >"$out" 2>"$err"
same "$?" 0 "bench-dupes with the pairs"
sed -n 's/^# \(missed\|false match\)/#   \1/p' "$out"
row() { sed -n "/^$(printf %s "$1" | sed 's/[.]/\\&/g')/,\$p" "$out" | grep -m1 '^| kartu' | awk -F'|' '{ print $5, $6 }'; }
floor() {	# floor WHAT VALUE MIN
	awk -v v="$2" -v m="$3" 'BEGIN { exit !(v >= m) }' && pass "$1 $2 >= $3" ||
	    fail "$1 $2 >= $3"
}
set -- $(row "Hand-written pairs (name-pairs.tsv)")
floor "hand-written pairs: precision" "${1:-0}" 0.97
floor "hand-written pairs: recall" "${2:-0}" 0.97
set -- $(row "Hand-written pairs (name-pairs-holdout.tsv)")
floor "held-out pairs: precision" "${1:-0}" 0.95
floor "held-out pairs: recall" "${2:-0}" 0.98
set -- $(row "Hand-written pairs (name-pairs-holdout2.tsv)")
floor "second held-out pairs: precision" "${1:-0}" 0.97
floor "second held-out pairs: recall" "${2:-0}" 0.98
set -- $(row "Hand-written pairs (name-pairs-holdout3.tsv)")
floor "third held-out pairs: precision" "${1:-0}" 0.95
floor "third held-out pairs: recall" "${2:-0}" 0.97
set -- $(row "Already a member?")
floor "generated variants: precision" "${1:-0}" 0.95
floor "generated variants: recall" "${2:-0}" 0.97
grep -q '^Recall by class:.* nick [0-9]*/' "$out" && pass "recall by class, nicknames among them" ||
    fail "recall by class, nicknames among them"
finish
