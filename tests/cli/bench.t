#!/bin/sh
# make bench still works: a tiny run of bench/run prints its tables.
. "$KARTU_SRC/tests/cli/lib.sh"
BENCH_MEMBERS=500 BENCH_TAPS=20 BENCH_DUPES_MEMBERS=500 BENCH_QUERIES=100 BENCH_CARDS=10 BENCH_IMPORT=300 \
    BENCH_FIND_MEMBERS=500 BENCH_FIND_QUERIES=60 BENCH_PG_DUPES_MEMBERS=500 BENCH_PG_IMPORT=300 \
    BENCH_PROOF_APPS=3 \
    KARTU_BUILD="$KARTU_BUILD" sh "$KARTU_SRC/bench/run" >"$out" 2>"$err"
same "$?" 0 "bench/run with 500 members and 20 taps"
has "$out" "Desk check per tap, 500 members, 20 taps" "prints the table's title"
has "$out" "| bare PN532 exchanges (baseline)" "with the baseline"
has "$out" "| kartu check, end to end" "and our figure beside it"
grep -q '| kartu check, end to end *| *[0-9.]* | *[0-9.]* | *[0-9.]*x |' "$out" &&
    pass "with a ratio to the baseline" || fail "with a ratio to the baseline"
has "$out" "Tap to verdict in the page (/meja" "the desk view's tap benchmark runs"
grep -q '| tap -> verdict drawn on /meja *| *[0-9.]* | *[0-9.]* | *<= 50 |' "$out" &&
    pass "with its median and p95 beside the goal" ||
    fail "with its median and p95 beside the goal"
has "$out" "Already a member?  500 members, 100 queries, 50 planted duplicates" \
    "the already-a-member benchmark runs"
grep -q '| exact name + birth date *|' "$out" && pass "beside the exact-name baseline" ||
    fail "beside the exact-name baseline"
has "$out" "Member search (member find), 500 members, 60 queries" "the search benchmark runs"
grep -q '| kartu (FTS5 over name keys) *| *[0-9.]* | *[0-9.]* | *[0-9]* / 40 *|' "$out" &&
    pass "with its median, p95 and members found" || fail "with its median, p95 and members found"
grep -q '| LIKE scan per word (60 queries) *| *[0-9.]* | *[0-9.]* |' "$out" &&
    pass "beside the LIKE scan" || fail "beside the LIKE scan"
has "$out" "cards rendered per second, PDF" "the printing benchmark runs"
has "$out" "decode, ms (median), zbar all symbologies" "beside zbar's default decode"
has "$out" "Import of 300 generated members" "the import benchmark runs"
grep -q '| kartu import (checked, numbered, card) *| *[0-9.]* | *[0-9]* |' "$out" &&
    pass "with members per second" || fail "with members per second"
has "$out" "| sqlite3 .import into a bare table" "beside sqlite3's import"
grep -q '| kartu import (checked, numbered, card) *| *[0-9.]* | *[0-9]* | *[0-9.]* | *[0-9]*x |' \
    "$out" && pass "with its CPU time and its ratio to sqlite3's" ||
    fail "with its CPU time and its ratio to sqlite3's"
grep -q '| sqlite3 writing those rows, unchecked *| *[0-9.]* | *[1-9][0-9]* | *| *[0-9]*x |' \
    "$out" && pass "beside sqlite3 writing the same rows into an empty copy of the register" ||
    fail "beside sqlite3 writing the same rows into an empty copy of the register"
has "$out" "kartu audit verify: whole" "the imported register's audit trail verifies"
grep -q '(peak RSS of kartu import: [1-9][0-9]* MiB;' "$out" &&
    pass "the import's peak memory" || fail "the import's peak memory"
grep -q '| one tap (desk --once) *| *[1-9][0-9]* | *[1-9][0-9]* |' "$out" &&
    pass "peak memory of a tap, beside nfc-list's" || fail "peak memory of a tap, beside nfc-list's"
grep -q '| 10 000 card numbers (desk --number -) | *[1-9][0-9]* |' "$out" &&
    pass "peak memory of the desk answering numbers" ||
    fail "peak memory of the desk answering numbers"
has "$out" "Server time per page (kartu serve), 300 members" "the screens' benchmark runs"
grep -q '| /laporan *| *[0-9.]* | *[0-9.]* | *[0-9]* |' "$out" &&
    pass "with the report page's p50 and p95" || fail "with the report page's p50 and p95"
# PostgreSQL beside SQLite (issue 17), when the server starts here.
if grep -q "PostgreSQL beside SQLite: not measured" "$out"; then
	pass "# SKIP no PostgreSQL server: $(grep 'not measured' "$out")"
else
	has "$out" "Desk check per tap, 500 members, 20 taps (milliseconds), PostgreSQL" \
	    "the desk check runs on PostgreSQL"
	has "$out" "Already a member?  500 members, 100 queries, 50 planted duplicates, PostgreSQL" \
	    "the already-a-member check runs on PostgreSQL"
	for row in "desk check by number, ms p50 / p95 (wall)" \
	    "desk check by tap, end to end, ms p50 / p95" \
	    "already a member?, 500 members, ms p50 / p95"; do
		grep -qF "| $row" "$out" && grep -F "| $row" "$out" |
		    grep -q '| [0-9.]* / [0-9.]* *| [0-9.]* / [0-9.]* *|$' &&
		    pass "SQLite beside PostgreSQL: $row" || fail "SQLite beside PostgreSQL: $row"
	done
	grep -q '| kartu import, 300 generated, members/s *| [1-9][0-9]* *| [1-9][0-9]* *|$' "$out" &&
	    pass "import rates on both" || fail "import rates on both"
	grep -q '| issuing, 8 desks x 3 at once, applications/s *| [0-9.]* *| [0-9.]* *|$' "$out" &&
	    pass "issuing with 8 desks on both" || fail "issuing with 8 desks on both"
	has "$out" "after the import: whole / whole, after the desks: whole / whole" \
	    "the audit trails verify on both"
fi
finish
