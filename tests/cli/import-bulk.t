#!/bin/sh
# kartu import in bulk (issue 15 item 6): the audit entries of the members and
# cards imported are written from C in batches, and the already-a-member check
# asks the register in memory.  The entries are the triggers' own (the same
# JSON, the same chain), the triggers come back afterwards, and duplicates in
# the register and in the file are still caught.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
audits() { sql "SELECT count(*) FROM audit"; }

# 700 members: 1 400 entries, more than one batch (512).
"$KARTU_BUILD/bench-gen" 700 3 >"$trash/m.csv"
a0=$(audits)
expect 0 "700 generated members are imported" -- --as Admin import "$trash/m.csv"
has "$out" "700 members imported" "says so"
same "$(audits)" "$((a0 + 1400))" "two entries a member: the member and its card"
expect 0 "the audit trail verifies whole" -- --as Admin audit verify
expect 0 "fsck finds nothing" -- --as Admin fsck
same "$(sql "SELECT count(*) FROM audit a JOIN members m ON m.id = a.entity_id
    JOIN audit c ON c.id = a.id + 1 JOIN cards k ON k.id = c.entity_id
    WHERE a.entity = 'member' AND a.action = 'insert' AND a.operator_id = 1
    AND c.entity = 'card' AND c.action = 'insert' AND k.member_id = m.id
    AND json_extract(a.after, '\$.member_no') = m.member_no
    AND json_extract(a.after, '\$.name') = m.name
    AND json_extract(c.after, '\$.card_no') = k.card_no
    AND a.before IS NULL AND c.before IS NULL AND a.at = m.created_at")" 700 \
    "each member's entry holds its row, followed by its card's"
same "$(sql "SELECT count(*) FROM audit a JOIN members m ON m.id = a.entity_id
    WHERE a.entity = 'member' AND (json_extract(a.after, '\$.phone') = m.phone
    OR json_extract(a.after, '\$.nik_hash') = m.nik_hash
    OR json_extract(a.after, '\$.phone') NOT LIKE '+628%**%')")" 0 \
    "phones masked and NIK hashes digested, as the trigger does"

# The row as the UPDATE trigger writes it (before) is the row as the
# import's entry wrote it (after): the same expression.
m=$(sql "SELECT member_no FROM members ORDER BY id DESC LIMIT 1")
expect 0 "a member imported is blocked" -- --as Sari member block "$m" --reason "uji"
same "$(audits)" "$((a0 + 1401))" "the members' triggers write again after an import"
same "$(sql "SELECT count(*) FROM audit u JOIN audit i ON i.entity = 'member' AND
    i.entity_id = u.entity_id AND i.action = 'insert' WHERE u.entity = 'member' AND
    u.action = 'update' AND u.before = i.after")" 1 \
    "the trigger's JSON of the row is the import's, byte for byte"
expect 0 "the trail still verifies" -- --as Admin audit verify

# Already a member: against the register, and against a row before it in the
# same file; a failed import writes no entry and leaves the triggers.
sed -n 2p "$trash/m.csv" | sed 's/,OLD-0*1$/,DUP-1/' >"$trash/row"
{ head -1 "$trash/m.csv"; cat "$trash/row"
  echo "Yohana Sekar Wulandari,Sampit,1988-02-14,P,Jl. Tingang 4,081377770001,umum,,,,NEW-1"
  echo "Yohana Sekar Wulandari,Sampit,1988-02-14,P,Jl. Tingang 4,081377770001,umum,,,,NEW-2"
  echo "Rudi Hartono,Sampit,1978-03-14,L,Jl. Tingang 5,081377770002,umum,,,,OLD-000005"
} >"$trash/d.csv"
a1=$(audits)
expect 20 "duplicates stop the import's rows" -- --as Admin import "$trash/d.csv"
has "$out" "1 members imported" "one new member"
has "$out" "Line 2:" "the member of the register is caught"
has "$out" "Line 4:" "the second Yohana is caught against the first, imported just before"
has "$out" "Line 5: old member number OLD-000005 is already imported" \
    "an old number already imported is refused"
same "$(audits)" "$((a1 + 2))" "entries for the one imported"
same "$(sql "SELECT value FROM counters WHERE name LIKE 'member:%'")" "$(sql "SELECT count(*)
    FROM members")" "numbers stay gapless: the rows refused took none"
printf '%s\n%s\n' "$(head -1 "$trash/m.csv")" \
    "Rudi Hartono,Sampit,1988-13-14,L,Jl. Tingang 5,081377770002,umum,,,,NEW-3" >"$trash/e.csv"
"$KARTU_BUILD/bench-gen" 50 11 | sed '1d; s/,OLD-/,ALL-/' >>"$trash/e.csv"
a1=$(audits)
expect 3 "all or nothing, with a bad row" -- --as Admin import "$trash/e.csv" --all-or-nothing
has "$err" "1 of 51 rows have problems" "refused for the bad row"
same "$(audits)" "$a1" "no entry written"
expect 0 "an edit afterwards" -- --as Sari member unblock "$m"
same "$(audits)" "$((a1 + 1))" "is in the trail (the triggers are back)"
expect 0 "which verifies whole" -- --as Admin audit verify

# The import gives its members their ids; a member issued at the desk
# afterwards takes the next the engine gives (PostgreSQL's sequence is moved
# past the import's, SQLite takes the largest + 1).
n1=$(sql "SELECT count(*) FROM members")
apply_umum "Lestari Handayani Purba" 1991-04-21 P 081366660001 6205036104910002
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null ||
    fail "the application is checked and validated"
expect 0 "a member issued at the desk after the imports" -- --as Budi issue "$i"
same "$(sql "SELECT count(*) FROM members")" "$((n1 + 1))" "one member more"
same "$(sql "SELECT count(*) FROM members WHERE id > (SELECT id FROM members WHERE
    application_id = $i)")" 0 "with the largest id"

# The rows are checked on one core while the other writes them: when the
# writing fails (the year's counter set back by hand, so the next member
# number is one the register has), the checking stops too, more rows than
# wait between the two (256) behind it, and the whole import is rolled back.
n0=$(sql "SELECT count(*) FROM members")
a1=$(audits)
sql "UPDATE counters SET value = 0 WHERE name LIKE 'member:%'" >/dev/null
"$KARTU_BUILD/bench-gen" 900 17 | sed 's/,OLD-/,BACK-/' >"$trash/f.csv"
expect 1 "an import whose writing fails" -- --as Admin import "$trash/f.csv"
has "$err" "member_no" "says what the register refused"
same "$(sql "SELECT count(*) FROM members")" "$n0" "no member written"
same "$(audits)" "$a1" "no entry written"
same "$(sql "SELECT count(*) FROM cards")" "$n0" "no card written"
expect 0 "the trail verifies whole" -- --as Admin audit verify
finish
