#!/bin/sh
# kartu import of many rows against the register (issue 15 item 6): on SQLite
# the secondary indexes of members and cards are dropped at the start and made
# again from their own SQL just before COMMIT (store_bulk_rows).  Afterwards
# the schema holds the same objects with the same SQL (made again, an index
# is listed later by .schema: its row of sqlite_master is new), the indexes
# hold every row and are
# used, and the register checks whole; a rolled-back import leaves every
# index as it was; a small import against a big register keeps them row by
# row.  KARTU_BULK_INDEX_ROWS (the test build's hook) lowers the 10 000 rows
# an import needs for it, so that a few hundred rows go that way.
#
# Whether the indexes were made again is seen in SQLite's schema cookie
# (PRAGMA schema_version): each DROP and CREATE moves it by one, 26 for the
# twelve indexes and the search index's trigger, 2 for the trigger alone.
# On PostgreSQL nothing changes; the same imports must simply succeed.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
schema() { sqlite3 "$KARTU_DB" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"; }
cookie() { sql "PRAGMA schema_version"; }
indexes() { sql "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"; }
members() { sql "SELECT count(*) FROM members"; }
# gen N SEED PREFIX: N generated members, their old numbers PREFIX-...
gen() { "$KARTU_BUILD/bench-gen" "$1" "$2" | sed "s/,OLD-/,$3-/"; }
export KARTU_BULK_INDEX_ROWS=200

gen 300 3 A >"$trash/a.csv"
if ! on_pg; then
	schema >"$trash/schema.0"
	indexes >"$trash/indexes.0"
	c0=$(cookie)
fi

# All or nothing, the bad row last: the indexes were dropped for 301 rows,
# and the rollback gives them back.
{ cat "$trash/a.csv"
  echo "Rudi Hartono,Sampit,1988-13-14,L,Jl. Tingang 5,081377770002,umum,,,,BAD-1"
} >"$trash/bad.csv"
expect 3 "an all-or-nothing import with a bad row at the end" -- \
    --as Admin import "$trash/bad.csv" --all-or-nothing
has "$err" "1 of 301 rows have problems" "refused for the bad row"
same "$(members)" 0 "nothing imported"
expect 0 "a dry run of the same file" -- --as Admin import "$trash/a.csv" --dry-run
if on_pg; then
	skip 3 "SQLite's schema"
else
	same "$(cookie)" "$c0" "the schema was not changed (rolled back)"
	indexes >"$trash/indexes.1"
	cmp -s "$trash/indexes.0" "$trash/indexes.1" && pass "every index as it was, its SQL too" ||
	    fail "every index as it was, its SQL too"
	schema >"$trash/schema.1"
	cmp -s "$trash/schema.0" "$trash/schema.1" && pass "the schema as it was" ||
	    fail "the schema as it was"
fi

# The import: the indexes made again at the end.
expect 0 "300 members are imported" -- --as Admin import "$trash/a.csv"
has "$out" "300 members imported" "says so"
same "$(members)" 300 "all of them"
if on_pg; then
	skip 6 "SQLite's schema"
else
	same "$(($(cookie) - c0))" 26 "the twelve indexes were dropped and made again"
	schema >"$trash/schema.2"
	cmp -s "$trash/schema.0" "$trash/schema.2" && pass "the schema holds the same objects, each with its SQL" ||
	    { diff "$trash/schema.0" "$trash/schema.2" | head -10 | sed 's/^/# /'
	      fail "the schema holds the same objects, each with its SQL"; }
	indexes >"$trash/indexes.2"
	cmp -s "$trash/indexes.0" "$trash/indexes.2" && pass "each index by its SQL, in its place" ||
	    fail "each index by its SQL, in its place"
	same "$(sql "PRAGMA integrity_check")" ok "SQLite's integrity check: every index holds every row"
	same "$(sql "SELECT count(*) FROM members INDEXED BY members_birth_key
	    WHERE birth_date > '0'")" "$(sql "SELECT count(*) FROM members
	    WHERE birth_date IS NOT NULL")" "the birth index has every member born"
	same "$(sql "SELECT count(*) FROM cards INDEXED BY cards_member WHERE member_id > 0")" 300 \
	    "the cards' index has every card"
fi
expect 0 "fsck finds nothing" -- --as Admin fsck
has "$out" " 0 problem(s)" "0 problems"
expect 0 "the audit trail verifies whole" -- --as Admin audit verify
row=$(sed -n 151p "$trash/a.csv")
name=${row%%,*}
card=$(sql "SELECT c.card_no FROM cards c JOIN members m ON m.id = c.member_id
    WHERE m.legacy_no = 'A-000150'")
run desk --number "$card" --once
has "$out" "$name" "the desk finds an imported member by the card"
run --as Admin member find "$name"
has "$out" "$name" "member search finds an imported member by name"
run --as Admin member find A-000150
has "$out" "$name" "and by the old number (members_legacy_upper)"
if on_pg; then
	skip 2 "SQLite's query plans"
else
	has_plan() {	# has_plan SQL INDEX DESCRIPTION
		sql "EXPLAIN QUERY PLAN $1" >"$trash/plan"
		has "$trash/plan" "$2" "$3"
	}
	has_plan "SELECT id FROM members WHERE birth_date = '1980-01-01'" members_birth \
	    "the planner uses the indexes made again (birth date)"
	has_plan "SELECT id FROM cards WHERE member_id = 7" cards_member "(a card's member)"
fi

# What an import reads of members at each row goes by a key it keeps: the
# plans of its statements (src/core/proc.c, dupes.c, src/store/audit.c) on a
# copy of the register without the twelve indexes, as an import runs them.
if on_pg; then
	skip 4 "SQLite's query plans"
else
	db_keep noidx
	for i in members_birth members_phone members_nik members_birth_key \
	    members_legacy_upper members_expires members_incomplete members_issued \
	    members_imported cards_member cards_to_print cards_reissued; do
		echo "DROP INDEX $i;"
	done | sqlite3 "$trash/noidx.db"
	same "$(sqlite3 "$trash/noidx.db" "SELECT count(*) FROM sqlite_master WHERE type = 'index'
	    AND tbl_name IN ('members', 'cards') AND sql NOT LIKE 'CREATE UNIQUE %'")" 0 \
	    "a register without them"
	plan() { sqlite3 "$trash/noidx.db" "EXPLAIN QUERY PLAN $1" >"$trash/plan"; has "$trash/plan" "$2" "$3"; }
	plan "SELECT 1 FROM members WHERE legacy_no = ?1" "USING COVERING INDEX members_legacy_no" \
	    "the old number: by its UNIQUE index, kept"
	plan "SELECT id, '', name, name_key, birth_date, state, phone, nik_hash, birth_place
	    FROM applications WHERE state IN ('applied', 'checked', 'validated')" \
	    "USING INDEX applications_state" "the open applications, read once: by their state"
	plan "SELECT NEW.card_no FROM main.cards AS NEW WHERE NEW.rowid = ?1" "INTEGER PRIMARY KEY" \
	    "the audit batch's row: by its rowid"
fi

# Against a register of 300: 140 rows are less than half of it and keep the
# indexes row by row; 220 against 440 are half (at most 440: a row the
# already-a-member check skips is not counted).
export KARTU_BULK_INDEX_ROWS=50
gen 140 5 B >"$trash/b.csv"
gen 220 6 C >"$trash/c.csv"
gen 100 8 D >"$trash/d.csv"
on_pg || c1=$(cookie)
expect 0 "140 more rows" -- --as Admin import "$trash/b.csv" --skip-duplicates
on_pg || c2=$(cookie)
expect 0 "220 more rows" -- --as Admin import "$trash/c.csv" --skip-duplicates
on_pg || c3=$(cookie)
unset KARTU_BULK_INDEX_ROWS
expect 0 "100 rows, fewer than the 10 000 of the installed program" -- \
    --as Admin import "$trash/d.csv" --skip-duplicates
if on_pg; then
	skip 5 "SQLite's schema"
else
	same "$((c2 - c1))" 2 "140 against 300 members: the indexes kept row by row"
	same "$((c3 - c2))" 26 "220 against 440: made again"
	same "$(($(cookie) - c3))" 2 "100 rows without the hook: kept row by row"
	schema >"$trash/schema.3"
	cmp -s "$trash/schema.0" "$trash/schema.3" && pass "the schema is still the same" ||
	    fail "the schema is still the same"
	same "$(sql "PRAGMA integrity_check")" ok "integrity check"
fi
expect 0 "fsck finds nothing after them" -- --as Admin fsck
has "$out" " 0 problem(s)" "0 problems"
expect 0 "the audit trail still verifies" -- --as Admin audit verify
finish
