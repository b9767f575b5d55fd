#!/bin/sh
# The audit trail: every change is logged with who, when, before and after,
# without personal numbers, in a hash chain that kartu audit verify checks.
. "$KARTU_SRC/tests/cli/lib.sh"
instr=$(engine instr strpos)
setup_desk

expect 0 "a fresh log is whole" -- audit verify
has "$out" "$(sql "SELECT count(*) FROM audit") entries" "with every entry counted"
same "$(sql_words "SELECT entity || ':' || action || ':' || coalesce(CAST(operator_id AS TEXT), '-')
    FROM audit WHERE entity = 'operator' ORDER BY id")" \
    "operator:insert:- operator:insert:1 operator:insert:1 operator:insert:1" \
    "operators added: the first admin by no one, the rest by the admin"
same "$(sql "SELECT entity FROM audit WHERE operator_id IS NULL
    AND entity <> 'operator' GROUP BY entity ORDER BY min(id)" | paste -sd, -)" \
    "setting,document,category,category-document,institution,rules-load" \
    "the first kartu init's rules are in the log, by no one"
same "$(sql "SELECT count(*) FROM audit WHERE after LIKE '%pepper%'
    AND json_extract(after, '$.value') <> '(secret)'")" 0 "the pepper's value is not"

apply_umum "Muhammad Rizky" 1990-05-14 L 0812-3456-7890 6205031405900001
run --as Sari check 1 && run --as Sari validate 1 && run --as Budi issue 1 --media printed &&
    print_card_of 1 && handover 1 081234567890
same "$rc" 0 "an application goes through the steps"
same "$(sql_words "SELECT a.action || ':' || o.name FROM audit a
    JOIN operators o ON o.id = a.operator_id WHERE a.entity = 'application' ORDER BY a.id")" \
    "insert:Sari update:Sari update:Sari update:Budi update:Budi update:Sari" \
    "each change of the application names who made it"
same "$(sql "SELECT json_extract(before, '$.state') || '>' || json_extract(after, '$.state')
    FROM audit WHERE entity = 'application' AND action = 'update' ORDER BY id DESC LIMIT 1")" \
    "issued>handed-over" "before and after are kept"
same "$(sql "SELECT count(*) FROM audit a JOIN operators o ON o.id = a.operator_id
    WHERE o.name = 'Budi' AND a.entity IN ('member', 'card') AND a.action = 'insert'")" 2 \
    "the member and the card made at issue are logged as Budi's"
same "$(sql "SELECT count(*) FROM audit WHERE at = '$KARTU_NOW'")" \
    "$(sql "SELECT count(*) FROM audit")" "with the time of the change"
same "$(sql "SELECT count(*) FROM audit WHERE before LIKE '%1405900001%'
    OR after LIKE '%1405900001%' OR after LIKE '%81234567890%'
    OR EXISTS (SELECT 1 FROM applications p WHERE $instr(audit.after, p.document_hash) > 0)
    OR EXISTS (SELECT 1 FROM members m WHERE $instr(audit.after, m.nik_hash) > 0)")" 0 \
    "no NIK, no hash of it and no whole phone number in the log"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'application' AND action = 'insert'
    AND json_extract(after, '$.document_hash') $(engine GLOB '~') '$(engine "[0-9a-f]*" "^[0-9a-f]+$")'
    AND length(json_extract(after, '$.document_hash')) = 16")" 1 \
    "the hash shows only as a 16-digit keyed digest"
same "$(sql "SELECT json_extract(after, '$.nik_masked') || ' ' || json_extract(after, '$.phone')
    FROM audit WHERE entity = 'application' AND action = 'insert'")" \
    "6205**********01 +628********90" "the masked NIK and a masked phone instead"

n=$(sql "SELECT count(*) FROM audit")
expect 3 "a refused step" -- --as Budi reject 1 --reason x
same "$(sql "SELECT count(*) FROM audit")" "$n" "leaves no entry"
expect 0 "the log is whole" -- audit verify
has "$out" "$n entries" "with every entry counted"
expect 0 "verify --json" -- --json audit verify
has "$out" '"ok":true' "says ok"

expect 3 "the desk may not read the log" -- --as Dina audit list
expect 0 "the admin lists the log of one application" -- --as Admin audit list --entity application --id 1
same "$(grep -c '^[0-9]' "$out")" 6 "six entries for application 1"
has "$out" "handed-over" "with the states"

# Tampering, each on a copy of the database (lib.sh's db_keep, db_copy).
db_keep good
tamper() {
	t=$(db_copy good t) && db_tamper "$t" "$1" >/dev/null || fail "tamper: $1"
	run --db "$t" audit verify
}
mid=$(sql "SELECT id FROM audit WHERE entity = 'application' AND action = 'insert'")
tamper "UPDATE audit SET after = replace(after, 'Rizky', 'Rizki') WHERE id = $mid"
same "$rc" 3 "a changed entry is found (exit 3)"
has "$err" "entry $mid: changed after it was written" "naming the entry"
tamper "UPDATE audit SET operator_id = 3 WHERE id = $mid"
has "$err" "entry $mid: changed" "a changed operator is found"
tamper "UPDATE audit SET after = replace(after, 'Rizky', 'Rizki'),
    hash = '0000000000000000000000000000000000000000000000000000000000000000' WHERE id = $mid"
same "$rc" 3 "a changed entry with a new hash is found"
tamper "DELETE FROM audit WHERE id = $mid"
has "$err" "entry $mid: entry missing (deleted)" "a deleted entry is found"
tamper "DELETE FROM audit WHERE id = $n"
has "$err" "entries at the end are missing" "a deleted last entry is found"
tamper "DELETE FROM audit WHERE id = $n; UPDATE audit_head SET last_id = last_id - 1"
has "$err" "entry $((n - 1)): the log does not end where its head says" \
    "and also when the head's count is lowered"
run --db "$t" --as Admin operator add Eka --role desk
run --db "$t" audit verify
same "$rc" 3 "new entries do not hide a deleted one"
run --db "$t" --json audit verify
has "$out" '"ok":false' "--json says not ok"
expect 0 "the untouched database is still whole" -- audit verify
finish
