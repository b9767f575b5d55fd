#!/bin/sh
# kartu fsck: a clean database passes; each check is made to fail by a change
# behind the station's back, on a copy of the good database.  On either
# engine (lib.sh's db_keep, db_copy, db_tamper); the engine's own checks are
# SQLite's (a foreign key broken, a damaged file).
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
start_sim --card ntag215
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }
for n in 1 2; do
	apply_umum "Warga $(echo $n | tr 12 ab) Contoh" "1990-01-0$n" P "08123456700$n" "6205034${n}01900002"
	i=$(app_id)
	"$K" --as Sari check "$i" >/dev/null 2>&1 || "$K" --as Sari check "$i" --not-duplicate >/dev/null
	"$K" --as Sari validate "$i" >/dev/null && "$K" --as Budi issue "$i" >/dev/null ||
	    { echo "Bail out! member $n"; exit 1; }
done
m1=$(sql "SELECT member_no FROM members ORDER BY id LIMIT 1")
"$K" --as Budi encode "$m1" --timeout 5 >/dev/null || { echo "Bail out! encode"; exit 1; }
"$K" --as Budi replace --member "$m1" --reason lost --document sim \
    --document-no 123456789012 >/dev/null || { echo "Bail out! replace"; exit 1; }
apply_umum "Belum Selesai" 1991-02-03 L 081234567999 6205030302910001
db_keep good

expect 0 "a clean database passes" -- fsck
has "$out" "0 problem(s), 0 unfinished step(s)" "with nothing found"
has "$out" "over 3 applications, 2 members, 3 cards and" "and says what it looked at"
expect 0 "--json" -- fsck --json
has "$out" '"problems":0' "counts in JSON"

# tamper "description" SQL... : a fresh copy of the good database, changed.
tamper() {
	what=$1
	shift
	t=$(db_copy good t) && db_tamper "$t" "$*" >/dev/null || fail "tamper: $what"
	KARTU_DB="$t" run fsck
}
found() {
	same "$rc" 1 "$1: exit 1"
	has "$out" "$2" "$1: found ($2)"
}

tamper "an issued application without its member" \
    "UPDATE applications SET member_id = NULL WHERE id = 1"
found "an issued application without its member" "application 1 is issued but has no member"
tamper "a member of an application not issued" \
    "UPDATE applications SET state = 'validated' WHERE id = 2"
found "a member of an application not issued" "was made from an application that is validated"
tamper "a member without a card" \
    "DELETE FROM cards WHERE member_id = 2"
found "a member without a card" "has no card"
tamper "two cards in use" \
    "UPDATE cards SET status = 'active' WHERE issue_no = 1 AND member_id = 1"
found "two cards in use" "has 2 cards in use at once"
tamper "a new card naming a chip" \
    "UPDATE cards SET uid = '04DEADBEEF0000' WHERE member_id = 2"
found "a new card naming a chip" "is new yet names a chip"
tamper "an active card with no chip" \
    "UPDATE cards SET status = 'active' WHERE member_id = 2"
found "an active card with no chip" "is active but names no chip"
tamper "a card number of another member" \
    "UPDATE cards SET member_id = 2 WHERE issue_no = 2"
found "a card number of another member" "does not carry member number"
tamper "a wrong check digit" \
    "UPDATE cards SET card_no = substr(card_no, 1, 15) || ((CAST(substr(card_no, 16) AS INTEGER) + 1) % 10) WHERE member_id = 2"
found "a wrong check digit" "has a wrong check digit"
# Issue number 1 written "1x": compared as text, not cast (SQLite's cast
# read it as 1, PostgreSQL's refuses it).
tamper "an issue number that is not a number" \
    "UPDATE cards SET card_no = substr(card_no, 1, length(card_no) - 3) || '1x' || substr(card_no, length(card_no)) WHERE member_id = 2 AND issue_no = 1"
found "an issue number that is not a number" "does not carry member number"
tamper "a later card without its replacement record" "DELETE FROM replacements"
found "a later card without its replacement record" "without a replacement record"
tamper "a replacement of a card still in use" \
    "UPDATE cards SET status = 'active', uid = '04AB', chip = 'x' WHERE issue_no = 1 AND member_id = 1"
found "a replacement of a card still in use" "do not fit together"
tamper "a state the history does not end in" \
    "UPDATE applications SET state = 'checked' WHERE id = 3"
found "a state the history does not end in" "application 3 is checked but its history ends elsewhere"
tamper "a counter set back" "UPDATE counters SET value = 1"
found "a counter set back" "below the members numbered with it"
tamper "an audit entry changed" \
    "UPDATE audit SET after = replace(after, 'Warga', 'Wargi') WHERE id = (SELECT min(id) FROM audit WHERE after LIKE '%Warga%')"
found "an audit entry changed" "audit entry"
tamper "the last audit entries cut off" "DELETE FROM audit WHERE id > (SELECT max(id) - 2 FROM audit)"
found "the last audit entries cut off" "audit entry"
if on_pg; then
	skip 2 "PostgreSQL enforces every foreign key itself (fsck's check is SQLite's)"
else
	tamper "a row pointing nowhere" "DELETE FROM operators WHERE name = 'Sari'"
	found "a row pointing nowhere" "refers to a missing operators row"
fi

# A card whose chip was being written when the station stopped is unfinished,
# not a problem: fsck says how to finish it, and finishing it clears it.
tamper "a card left encoding" \
    "UPDATE cards SET status = 'encoding', uid = '04BBBBBBBBBB02', chip = 'ntag215' WHERE member_id = 2"
same "$rc" 0 "an unfinished encoding is not a problem (exit 0)"
has "$out" "UNFINISHED" "it is listed as unfinished"
has "$out" "kartu encode CARD" "with how to finish it"

# A damaged file: pages overwritten in the middle.
if on_pg; then
	skip 2 "a damaged file is SQLite's (the server keeps PostgreSQL's files)"
	finish
	exit
fi
cp "$trash/good.db" "$trash/bad.db"
size=$(wc -c <"$trash/bad.db")
dd if=/dev/urandom of="$trash/bad.db" bs=4096 seek=$((size / 4096 / 2)) count=2 \
    conv=notrunc 2>/dev/null
KARTU_DB="$trash/bad.db" run fsck
[ "$rc" = 1 ] || [ "$rc" = 2 ] && pass "a damaged file is found (exit $rc)" ||
    fail "a damaged file is found (exit $rc)"
grep -q . "$err" && pass "with a message" || fail "with a message"
finish
