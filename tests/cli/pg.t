#!/bin/sh
# The PostgreSQL store (issue 17): kartu on a postgresql:// database of a
# throwaway cluster (tests/pg-cluster.sh), through the six steps, compared with
# the same run on SQLite: the same member and card numbers, the same answers,
# and the same audit trail, entry by entry (one register key for both; a
# PIN's salted hash and the random handover code aside).
. "$KARTU_SRC/tests/cli/lib.sh"
SQLITE_DB="$trash/kartu.db"	# SQLite, whichever engine the run tests
use_pg
PG_DB=$KARTU_DB
export KARTU_KEYS="$trash/keys"

# The run: the desk, one applicant through the six steps (the chip written on
# the simulated reader), the member shown, then the log checked.  $1 names it.
steps() {
	setup_desk
	[ -f "$KARTU_KEYS/library.key" ] || "$K" --as Admin keygen >/dev/null ||
	    { echo "Bail out! keygen ($1)"; exit 1; }
	apply_umum "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002
	same "$rc" 0 "$1: apply"
	app=$(app_id)
	same "$app" 1 "$1: the first application is 1"
	expect 0 "$1: check" -- --as Sari check "$app"
	expect 0 "$1: validate" -- --as Sari validate "$app"
	expect 0 "$1: issue" -- --as Budi issue "$app"
	sim put ntag215 04A1B2C3D4E5F6 >/dev/null
	mno=$(sql "SELECT member_no FROM members WHERE application_id = $app")
	expect 0 "$1: encode the chip" -- --as Budi encode "$mno" --timeout 5
	sim remove >/dev/null
	handover "$app" 081234567890 --signed-name "Siti N."
	same "$rc" 0 "$1: handover with the code"
	expect 0 "$1: member show" -- --as Sari member show "$mno"
	cp "$out" "$trash/show-$1"
	# Lists whose filters leave PostgreSQL a parameter without a type.
	expect 0 "$1: app list" -- --as Sari app list
	cp "$out" "$trash/apps-$1"
	expect 0 "$1: member list" -- --as Sari member list
	cat "$out" >>"$trash/apps-$1"
	expect 0 "$1: audit verify" -- --as Admin audit verify
	cp "$out" "$trash/verify-$1"
	expect 0 "$1: fsck" -- --as Admin fsck
	cp "$out" "$trash/fsck-$1"
	sql "SELECT state FROM applications WHERE id = $app" >"$trash/state-$1"
	sql "SELECT m.member_no || ' ' || c.card_no || ' ' || c.status || ' ' || c.uid FROM
	    members m JOIN cards c ON c.member_id = m.id" >"$trash/card-$1"
	# The rows of tables keyed by text have SQLite's hidden rowid as their
	# entity id there, and none on PostgreSQL.
	sql "SELECT id || ' ' || at || ' ' || coalesce(operator_id, 0) || ' ' || entity || ' ' ||
	    CASE WHEN entity IN ('setting', 'document', 'category', 'category-document',
	    'holiday') THEN 0 ELSE coalesce(entity_id, 0) END || ' ' || action || ' ' ||
	    coalesce(before, '-') || ' ' || coalesce(after, '-') FROM audit ORDER BY id" |
	    sed -e 's/"pin_hash":"[0-9a-f]*"/"pin_hash":"(salted)"/g' \
	    -e 's/"code_hash":"[0-9a-f]*"/"code_hash":"(random)"/g' >"$trash/audit-$1"
}

start_sim
KARTU_DB=$SQLITE_DB
steps sqlite
KARTU_DB=$PG_DB
steps pg

case "$PG_DB" in postgresql://*) pass "the second run was on PostgreSQL" ;;
*) fail "the second run was on PostgreSQL" ;; esac
same "$(sql "SELECT count(*) FROM kartu_schema")" 1 "PostgreSQL keeps the schema version in a table"
same "$(cat "$trash/state-pg")" "handed-over" "PostgreSQL: the application is handed over"
same "$(cat "$trash/card-pg")" "$(cat "$trash/card-sqlite")" \
    "the same member number, card number, status and chip on both"
if cmp -s "$trash/show-sqlite" "$trash/show-pg"; then pass "member show says the same on both"
else diff "$trash/show-sqlite" "$trash/show-pg" | sed 's/^/#   /' | head -20
	fail "member show says the same on both"; fi
has "$trash/verify-pg" "The audit trail is whole" "audit verify: the PostgreSQL log is whole"
same "$(cat "$trash/fsck-pg")" "$(cat "$trash/fsck-sqlite")" "fsck finds the same on both"
same "$(cat "$trash/apps-pg")" "$(cat "$trash/apps-sqlite")" "app list and member list say the same"
has "$trash/fsck-pg" "0 problem(s)" "none"
same "$(sql "SELECT count(*) FROM kartu_audit_pending")" 0 "no change is left pending"
same "$(wc -l <"$trash/audit-pg")" "$(wc -l <"$trash/audit-sqlite")" \
    "as many audit entries on both ($(wc -l <"$trash/audit-sqlite"))"
if cmp -s "$trash/audit-sqlite" "$trash/audit-pg"; then
	pass "the same entries, JSON and all, on both"
else diff "$trash/audit-sqlite" "$trash/audit-pg" | sed 's/^/#   /' | head -20
	fail "the same entries, JSON and all, on both"; fi

# Four desks at once, each through the steps for its own applicants: the
# advisory lock of store_begin serialises writers as SQLite's BEGIN IMMEDIATE
# does, so no step fails, the member numbers are gapless and the chain whole.
desk() {	# desk N: applicants N, N+4, ... of 20
	k=$1 bad=0
	while [ $k -le 20 ]; do
		d=$(printf '%02d' $k)
		"$K" --as Sari apply --name "Warga $(printf '%s' "$k" | tr 0-9 a-j) Desa" \
		    --birth-place X --birth-date "1999-02-$d" --sex L --address A \
		    --phone "0813000000$d" --category umum --document sim \
		    --document-no "5234567890$d" >"$trash/desk$1.out" 2>>"$trash/desk$1.err" ||
		    bad=$((bad + 1))
		a=$(sed -n 's/^Application \([0-9]*\) recorded.*/\1/p' "$trash/desk$1.out")
		{ "$K" --as Sari check "$a" --not-duplicate || "$K" --as Sari check "$a"; } \
		    >/dev/null 2>>"$trash/desk$1.err"
		"$K" --as Sari validate "$a" >/dev/null 2>>"$trash/desk$1.err" &&
		"$K" --as Budi issue "$a" >/dev/null 2>>"$trash/desk$1.err" || bad=$((bad + 1))
		k=$((k + 4))
	done
	echo $bad >"$trash/desk$1.bad"
}
members=$(sql "SELECT count(*) FROM members")
desk 1 & p1=$!
desk 2 & p2=$!
desk 3 & p3=$!
desk 4 & p4=$!
wait $p1 $p2 $p3 $p4
same "$(cat "$trash"/desk?.bad | tr '\n' ' ')" "0 0 0 0 " "four desks at once: every step done"
same "$(cat "$trash"/desk?.err | grep -v 'candidate\|already a member' | head -3)" "" \
    "and no error"
same "$(sql "SELECT count(*), count(DISTINCT member_no) FROM members")" \
    "$((members + 20))|$((members + 20))" "20 more members, each its own number"
same "$(sql "SELECT value FROM counters WHERE name = 'member:2026'")" "$((members + 20))" \
    "the counter advanced once a member: numbers without a gap"
same "$(sql "SELECT count(*) FROM kartu_audit_pending")" 0 "no change is left pending"
expect 0 "the audit trail is whole after the four desks" -- --as Admin audit verify
expect 0 "fsck after the four desks" -- --as Admin fsck
has "$out" "0 problem(s), 0 unfinished" "finds nothing wrong"
sql "UPDATE applications SET state = 'checked' WHERE id = 2"
expect 1 "fsck on PostgreSQL finds an application whose history ends elsewhere" -- \
    --as Admin fsck
has "$out" "application 2" "naming it"
sql "UPDATE applications SET state = 'issued' WHERE id = 2"

# The log is written only from the changes of kartu's own transaction: what
# another client (psql) changed, or put in kartu_audit_pending itself, is never
# chained with the key, and stays there to be seen.
sql "INSERT INTO kartu_audit_pending (at, operator_id, entity, action, entity_id, payload)
    VALUES ('2026-11-28T01:30:00Z', 2, 'member', 'event', 1, '{\"forged\":true}')"
expect 0 "a step after another client's rows" -- --as Admin operator add Tono --role desk
same "$(sql "SELECT count(*) FROM audit WHERE after LIKE '%forged%'")" 0 \
    "an entry put in kartu_audit_pending by another client is not chained"
same "$(sql "SELECT count(*) FROM audit WHERE after LIKE '%Tono%'")" 1 "kartu's own change is"
same "$(sql "SELECT entity || ' ' || action FROM kartu_audit_pending ORDER BY id" | tr '\n' ',')" \
    "application update,application update,member event," \
    "psql's two changes and the forged event stay pending"
expect 0 "the audit trail is still whole" -- --as Admin audit verify

# A changed entry is found, and where.
sql "UPDATE audit SET after = replace(after, 'Siti Nurhaliza', 'Siti Nurhalisa')
    WHERE id = (SELECT min(id) FROM audit WHERE entity = 'application')"
bad=$(sql "SELECT min(id) FROM audit WHERE entity = 'application'")
expect 3 "audit verify finds the changed entry" -- --as Admin audit verify
has "$err" "entry $bad: changed after it was written" "naming it"
finish
