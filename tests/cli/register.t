#!/bin/sh
# The register's daily work (issue 14): renewing members one by one and in
# bulk, correcting them (audited, the already-a-member check again, the card
# marked to print again), blocking and unblocking them; through the real
# paths: the simulated reader's chip at the desk, a printed card's PDF.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
start_sim
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }
apply_umum "Budi Santoso" 1990-05-14 L 081234567890 6205031405900001
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null &&
    "$K" --as Budi issue "$i" >/dev/null || { echo "Bail out! member"; exit 1; }
m=$(sql "SELECT member_no FROM members")
c=$(sql "SELECT card_no FROM cards")
sim put ntag215 04AAAAAAAAAA01 >/dev/null
"$K" --as Budi encode "$m" --timeout 5 >/dev/null 2>&1 || { echo "Bail out! encode"; exit 1; }
same "$(sql "SELECT expires_on FROM members")" 2031-11-28 "umum: 60 months from today"

# Members of the old system, with the expiries it gave them.
printf 'nama;tempat_lahir;tanggal_lahir;jenis_kelamin;alamat;telepon;kategori;berlaku_sampai\n' >"$trash/old.csv"
printf 'Ahmad Fauzi;Muara Teweh;1991-05-14;L;Jl. Pramuka 3;081255550001;umum;2026-10-01\n' >>"$trash/old.csv"
printf 'Maria Lenjau;Palangka Raya;1985-11-02;P;Jl. Tjilik Riwut 7;081255550002;umum;2026-12-15\n' >>"$trash/old.csv"
printf 'Utuh Masrani;Banjarmasin;1979-01-20;L;Jl. Ahmad Yani 1;081255550003;umum;2027-06-01\n' >>"$trash/old.csv"
printf 'Rina Wati;Muara Teweh;1980-02-02;P;Jl. Yetro Sinseng 9;081255550004;umum;2026-09-01\n' >>"$trash/old.csv"
"$K" --as Admin import "$trash/old.csv" >/dev/null || { echo "Bail out! import"; exit 1; }
ahmad=$(sql "SELECT member_no FROM members WHERE name = 'Ahmad Fauzi'")
maria=$(sql "SELECT member_no FROM members WHERE name = 'Maria Lenjau'")
utuh=$(sql "SELECT member_no FROM members WHERE name = 'Utuh Masrani'")
rina=$(sql "SELECT member_no FROM members WHERE name = 'Rina Wati'")

# --- Renew one member -------------------------------------------------------
# Five years and a day later the chip answers EXPIRED; a renewal makes the same
# chip answer ACTIVE at once, nothing encoded or printed again.
later=2031-11-29T01:30:00Z
KARTU_NOW=$later run desk --once --timeout 5
same "$rc" 10 "past its expiry the member's chip answers EXPIRED"
KARTU_NOW=$later expect 3 "the desk may not renew" -- --as Dina member renew "$m"
KARTU_NOW=$later expect 0 "an operator renews the member" -- --as Budi member renew "$m"
has "$out" "Member $m renewed: valid until 2036-11-29 (was 2031-11-28)" \
    "the category's 60 months from today, the old expiry being past"
KARTU_NOW=$later run desk --once --timeout 5
same "$rc" 0 "the same chip answers ACTIVE again, without a reprint"
has "$out" "valid until 2036-11-29" "with the new expiry"
same "$(sql "SELECT status, uid FROM cards WHERE card_no = '$c'")" "active|04AAAAAAAAAA01" \
    "the card is untouched"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'member' AND action = 'update'
    AND json_extract(before, '$.expires_on') = '2031-11-28'
    AND json_extract(after, '$.expires_on') = '2036-11-29'")" 1 \
    "the audit trail has the expiry before and after"

expect 0 "a member not yet expired gets the term from its expiry" -- --as Budi member renew \
    "$utuh"
has "$out" "valid until 2032-06-01 (was 2027-06-01)" "2027-06-01 + 60 months"
expect 2 "--until that is no date" -- --as Budi member renew "$ahmad" --until 2027-02-30
has "$err" "(--until)" "naming the option"
expect 2 "--until not after today" -- --as Budi member renew "$ahmad" --until 2026-11-28
expect 3 "--until beyond the category's term" -- --as Budi member renew "$ahmad" \
    --until 2031-11-29
has "$err" "2031-11-28 at most" "saying the latest date"
expect 3 "--until before the present expiry" -- --as Budi member renew "$utuh" \
    --until 2030-01-01
has "$err" "valid until 2032-06-01 already" "saying so"
expect 4 "no such member" -- --as Budi member renew 6205269999992
expect 2 "a wrong check digit" -- --as Budi member renew 6205269999990
same "$(sql "SELECT expires_on FROM members WHERE member_no = '$ahmad'")" 2026-10-01 \
    "none of that changed anything"
expect 0 "--until an earlier date than the term" -- --json --as Budi member renew "$ahmad" \
    --until 2027-12-31
same "$(echo "$(cat "$out")" | python3 -c 'import json,sys; d=json.load(sys.stdin)
print(d["expires_was"], d["expires_on"], d["member"]["expires_on"])')" \
    "2026-10-01 2027-12-31 2027-12-31" "--json: the expiries and the member after"

# --- Renew in bulk ------------------------------------------------------------
expect 0 "the members expiring before a date are listed" -- member renew \
    --expiring-before 2027-01-01
same "$(cut -c1-16 "$out" | head -2 | tr -d ' ')" "$rina
$maria" "expired and expiring, the earliest first"
has "$out" "2026-09-01 -> 2031-11-28" "each with what a renewal gives"
has "$out" "2 member(s) to renew; nothing is changed until you add --yes" \
    "and nothing changed without --yes"
same "$(sql "SELECT expires_on FROM members WHERE member_no IN ('$rina', '$maria')
    ORDER BY id")" "2026-12-15
2026-09-01" "nothing changed"
expect 2 "a date that is no date" -- member renew --expiring-before 2027-13-01
has "$err" "(--expiring-before)" "naming the option"
expect 2 "--until does not go with --expiring-before" -- --as Budi member renew \
    --expiring-before 2027-01-01 --until 2028-01-01
"$K" --as Sari member block "$maria" --reason "tiga buku hilang" >/dev/null
expect 3 "the desk may not renew in bulk" -- --as Dina member renew \
    --expiring-before 2027-01-01 --yes
expect 0 "--yes renews them" -- --as Budi member renew --expiring-before 2027-01-01 --yes
has "$out" "1 member(s) renewed" "the one not blocked"
same "$(sql "SELECT member_no, expires_on FROM members WHERE expires_on < '2027-01-01'")" \
    "$maria|2026-12-15" "a blocked member is left out"
expect 3 "nor is a blocked member renewed alone" -- --as Budi member renew "$maria"
has "$err" "blocked (tiga buku hilang): unblock it first" "saying why"
"$K" --as Sari member unblock "$maria" >/dev/null
expect 0 "--json lists them too" -- --json member renew --expiring-before 2027-01-01
same "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(d["count"], d["renewed"], d["members"][0]["member_no"], d["members"][0]["new_expires_on"])' "$out")" \
    "1 False $maria 2031-12-15" "count, renewed, and each member"

# A long run says how far it is, in one transaction.
"$KARTU_BUILD/bench-gen" 1200 | sed '1s/$/,expires_on/; 2,$s/$/,2026-05-01/' >"$trash/many.csv"
"$K" --as Admin import "$trash/many.csv" --skip-duplicates >/dev/null 2>&1 ||
    { echo "Bail out! import"; exit 1; }
n=$(sql "SELECT count(*) FROM members WHERE expires_on < '2027-01-01' AND status = 'active'")
[ "$n" -gt 1000 ] || { echo "Bail out! only $n members to renew"; exit 1; }
expect 0 "$n members renewed at once" -- --as Budi member renew --expiring-before 2027-01-01 \
    --yes
has "$err" "1000 of $n members renewed" "with progress on standard error"
has "$out" "$n member(s) renewed" "and the count"
same "$(sql "SELECT count(*) FROM members WHERE expires_on < '2027-01-01'")" 0 "all of them"
expect 0 "the audit trail is whole afterwards" -- audit verify

# --- Correct a member ---------------------------------------------------------
# Someone else of nearly the same name and birth date: the candidates show.
apply_umum "Budi Santosa" 1990-05-15 L 081299990000 6205031505900003
i=$(app_id)
"$K" --as Sari check "$i" --not-duplicate >/dev/null && "$K" --as Sari validate "$i" \
    >/dev/null && "$K" --as Budi issue "$i" >/dev/null || { echo "Bail out! member 2"; exit 1; }
b2=$(sql "SELECT member_no FROM members WHERE name = 'Budi Santosa'")

expect 2 "nothing to change" -- --as Budi member edit "$utuh"
expect 3 "the desk may not correct members" -- --as Dina member edit "$utuh" --address "Jl. B"
expect 2 "a bad phone number names its option" -- --as Budi member edit "$utuh" --phone 0812
has "$err" "(--phone)" "--phone"
expect 2 "a bad phone and a bad name are told together" -- --as Budi member edit "$utuh" \
    --phone 0812 --name 12345
has "$err" "(--phone)" "the phone's problem"
has "$err" "(--name)" "and the name's, at once"
expect 2 "a category needing a school, without one" -- --as Budi member edit "$utuh" \
    --category sd-sma
has "$err" "(--institution)" "names --institution"
expect 0 "the address and phone corrected" -- --as Budi member edit "$utuh" \
    --address "Jl. Ahmad Yani 12" --phone "0812 5555 0033"
has "$out" "Member $utuh corrected: address, phone." "says what changed"
hasnt "$out" "print it again" "the card does not show them: no reprint"
same "$(sql "SELECT address, phone FROM members WHERE member_no = '$utuh'")" \
    "Jl. Ahmad Yani 12|+6281255550033" "kept in normal form"
same "$(sql "SELECT json_extract(before, '$.address') || ' -> ' || json_extract(after,
    '$.address') FROM audit WHERE entity = 'member' AND action = 'update' ORDER BY id DESC
    LIMIT 1")" "Jl. Ahmad Yani 1 -> Jl. Ahmad Yani 12" "audited with before and after"
expect 0 "the same values again change nothing" -- --as Budi member edit "$utuh" \
    --phone 081255550033
has "$out" "nothing changed" "and says so"

expect 3 "a new birth date without the document" -- --as Budi member edit "$m" \
    --birth-date 1990-05-15
has "$err" "(--document)" "asks for the document"
echo 6205031405900001 >"$trash/nik"
expect 2 "the old KTP does not carry the new birth date" -- --as Budi member edit "$m" \
    --birth-date 1990-05-15 --document ktp --document-no - <"$trash/nik"
has "$err" "does not match the birth date on the form (--document)" "saying so"
echo 6205031505900003 >"$trash/nik2"
expect 3 "another member's NIK is refused" -- --as Budi member edit "$m" \
    --birth-date 1990-05-15 --document ktp --document-no - <"$trash/nik2"
has "$err" "member $b2, Budi Santosa, has this NIK (--nik)" "naming the member who has it"
hasnt "$err" "6205031505900003" "without the NIK itself"
expect 3 "a new NIK alone needs the document" -- --as Budi member edit "$m" --nik - \
    <"$trash/nik2"
expect 3 "the NIK holds the birth date: a SIM alone does not do" -- --as Budi member edit \
    "$m" --birth-date 1990-05-16 --document sim --document-no 123456789012
has "$err" "(--nik)" "asking for the NIK"
echo 6205031605900004 >"$trash/nik3"
expect 0 "birth date and NIK corrected with the KTP, read from standard input" -- \
    --as Budi member edit "$m" --birth-date 1990-05-16 --document ktp --document-no - \
    <"$trash/nik3"
has "$out" "corrected: birth date, NIK" "says what changed"
has "$out" "Already a member? 1 candidate(s)" "the already-a-member check runs again"
has "$out" "member $b2" "showing the namesake"
hasnt "$out" "member $m " "not the member itself"
same "$(sql "SELECT birth_date, nik_masked FROM members WHERE member_no = '$m'")" \
    "1990-05-16|6205**********04" "the birth date and the masked NIK"
db_lacks 6205031605900004 "the NIK itself is not in the database"
same "$(sql "SELECT json_extract(after, '$.document') || ' ' || json_extract(after,
    '$.document_no') || ' ' || json_extract(after, '$.shown_for') FROM audit
    WHERE entity = 'member-document'")" "ktp 6205**********04 birth_date,nik" \
    "the document shown is in the audit trail, masked"
hasnt "$out" "print it again" "the card shows no birth date: no reprint"

expect 0 "the name corrected" -- --json --as Budi member edit "$m" --name "Budi Santoso Putra"
same "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(d["changed"], d["reprint"], d["member"]["name"], d["member"]["cards"][0]["reprint"],
    [x["member_no"] for x in d["duplicates"]])' "$out")" \
    "name name Budi Santoso Putra name ['$b2']" \
    "--json: what changed, the card to print again, the candidates"
expect 0 "and the category, with the school it needs" -- --as Budi member edit "$m" \
    --category sd-sma --institution "SMAN 1 Muara Teweh"
has "$out" "The card shows the old category: print it again (kartu print $m)" \
    "the card is to be printed again"
expect 0 "member show says so" -- member show "$m"
has "$out" "$c  #01  active   chip         04AAAAAAAAAA01  to print again (name, category changed)" \
    "on the card's line"
same "$(sql "SELECT r.fields, o.name FROM reprints r JOIN operators o ON
    o.id = r.operator_id")" "name,category|Budi" "one mark for the card, both fields, by whom"
run desk --once --timeout 5
same "$rc" 0 "the card still answers ACTIVE meanwhile"
has "$out" "Budi Santoso Putra" "with the corrected name"
KARTU_LAYOUTS="$KARTU_SRC/layouts" expect 0 "printing the card" -- print "$m" --out "$trash/card.pdf"
pdftotext "$trash/card.pdf" "$trash/card.txt"
has "$trash/card.txt" "Budi Santoso Putra" "the printed card shows the corrected name"
has "$trash/card.txt" "Jenis anggota: SD - SMA" "and the new category"
same "$(sql "SELECT count(*) FROM reprints")" 0 "printing clears the mark"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'reprint' AND action = 'delete'")" 1 \
    "and the audit trail says so"
expect 0 "member show no longer asks for it" -- member show "$m"
hasnt "$out" "to print again" "no mark"
expect 0 "an institution removed with ''" -- --as Budi member edit "$m" --category umum \
    --institution ''
same "$(sql "SELECT fields FROM reprints")" category "marked again for the category"
KARTU_LAYOUTS="$KARTU_SRC/layouts" expect 0 "printed on an A4 sheet" -- print "$m" \
    --sheet "$trash/sheet.pdf"
same "$(sql "SELECT count(*) FROM reprints")" 0 "a sheet clears the mark too"
"$K" --as Budi member edit "$utuh" --name "Utuh Masrani Saleh" >/dev/null
"$K" --as Budi member edit "$m" --name "Budi Santoso" >/dev/null
same "$(sql "SELECT count(*) FROM reprints")" 2 "two cards marked"
mkdir "$trash/again"
KARTU_LAYOUTS="$KARTU_SRC/layouts" expect 0 "print --reprint prints the cards marked" -- \
    print --reprint --out-dir "$trash/again"
same "$(ls "$trash/again" | tr '\n' ' ')" "$c.pdf $(sql "SELECT card_no FROM cards c JOIN
    members m ON m.id = c.member_id WHERE m.member_no = '$utuh'").pdf " "those two"
same "$(sql "SELECT count(*) FROM reprints")" 0 "and clears their marks"
KARTU_LAYOUTS="$KARTU_SRC/layouts" expect 0 "then there is none" -- print --reprint \
    --out-dir "$trash/again"
has "$out" "No cards to print" "and says so"
expect 2 "--reprint with numbers" -- print --reprint "$m"
"$K" --as Budi member edit "$m" --name "Budi Santoso Putra" >/dev/null
KARTU_LAYOUTS="$KARTU_SRC/layouts" expect 0 "print --today" -- print --today \
    --out-dir "$trash/again"
same "$(sql "SELECT count(*) FROM reprints")" 0 "clears the marks of the cards it prints"
same "$(sql "SELECT category, CAST(institution IS NULL AS INTEGER) FROM members WHERE member_no = '$m'")" \
    "umum|1" "back to umum without a school"

# --- Block and unblock -------------------------------------------------------
expect 3 "an operator may not block" -- --as Budi member block "$m" --reason "buku hilang"
expect 2 "a block needs a reason" -- --as Sari member block "$m"
has "$err" "(--reason)" "naming --reason"
expect 2 "a reason with a control character" -- --as Sari member block "$m" \
    --reason "$(printf 'x\033[2J')"
expect 0 "an officer blocks the member" -- --as Sari member block "$m" \
    --reason "tiga buku belum kembali"
has "$out" "Member $m blocked" "says so"
expect 3 "not twice" -- --as Sari member block "$m" --reason again
run desk --once --timeout 5
same "$rc" 11 "the chip answers BLOCKED (exit 11)"
has "$out" "(reason: tiga buku belum kembali)" "showing staff the reason"
run --json desk --number "$c"
same "$rc" 11 "so does the card's number"
same "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(d["verdict"], d["reason"])' "$out")" "BLOCKED tiga buku belum kembali" \
    "--json: the verdict and the reason"
expect 0 "member show has the block" -- member show "$m"
has "$out" "tiga buku belum kembali (" "the reason"
has "$out" "08:30 WIB)" "and when, in WIB"
expect 3 "an operator may not unblock" -- --as Budi member unblock "$m"
expect 0 "an officer unblocks, saying why" -- --as Sari member unblock "$m" \
    --reason "buku dikembalikan"
expect 3 "not twice" -- --as Sari member unblock "$m"
run desk --once --timeout 5
same "$rc" 0 "ACTIVE again"
same "$(sql "SELECT status, CAST(block_reason IS NULL AS INTEGER) FROM members WHERE member_no = '$m'")" \
    "active|1" "the block is lifted"
same "$(sql "SELECT json_extract(before, '$.block_reason') FROM audit WHERE entity = 'member'
    AND json_extract(before, '$.status') = 'blocked' AND json_extract(after, '$.status') =
    'active' AND entity_id = (SELECT id FROM members WHERE member_no = '$m')")" \
    "tiga buku belum kembali" "the audit trail keeps the block's reason"
same "$(sql "SELECT json_extract(after, '$.unblocked') FROM audit
    WHERE entity = 'member-unblocked'")" "buku dikembalikan" "and why it was lifted"
expect 0 "the audit trail is whole" -- audit verify
expect 0 "the database is consistent" -- fsck

finish
