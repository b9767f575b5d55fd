#!/bin/sh
# The six steps from the form to the handover, their order, roles and records.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

apply_umum "Muhammad Rizky" 1990-05-14 L 0812-3456-7890 6205031405900001
same "$rc" 0 "apply records an application"
has "$out" "Application 1 recorded (applied)" "apply says what it recorded"
same "$(sql "SELECT state, phone, nik_masked FROM applications WHERE id = 1")" \
    "applied|+6281234567890|6205**********01" "stored: state, phone in normal form, NIK masked"
same "$(sql "SELECT count(*) FROM applications WHERE nik_masked LIKE '%1405900001%'
    OR document_masked LIKE '%1405900001%' OR nik_hash LIKE '%1405900001%'")" 0 \
    "the NIK itself is nowhere in the database"
db_lacks 6205031405900001 "the NIK is not in the database"

expect 3 "validate before check is refused" -- --as Sari validate 1
has "$err" "it must be checked first (kartu check 1)" "the refusal says what comes first"
expect 3 "issue before validate is refused" -- --as Budi issue 1
expect 3 "handover before issue is refused" -- --as Sari handover 1 --phone 081234567890
expect 3 "an operator may not check" -- --as Budi check 1
has "$err" "only officer may check" "the refusal names the role"
expect 4 "an unknown operator is not found" -- --as Nobody check 1
expect 2 "no operator at all is a usage error" -- check 1
has "$err" "--as NAME" "and says how to name one"
expect 3 "a desk operator may not apply" -- --as Dina apply --name X

expect 0 "the officer checks" -- --as Sari check 1
expect 3 "checking twice is refused" -- --as Sari check 1
has "$err" "already checked" "saying it is already checked"
export KARTU_OPERATOR=Sari
expect 0 "the officer validates (KARTU_OPERATOR)" -- validate 1
unset KARTU_OPERATOR
expect 3 "an officer may not issue" -- --as Sari issue 1
expect 0 "the operator issues (a printed card)" -- --as Budi issue 1 --media printed
mno=$(sql "SELECT member_no FROM members WHERE application_id = 1")
has "$out" "member number $mno" "issue prints the member number"
same "$mno" "6205260000010" "the first member number of 2026: 6205 26 000001 + check digit"
same "$(sql "SELECT card_no, issue_no, status FROM cards")" "${mno}013|1|new" \
    "a card record, issue 1, waiting for its print"
expect 3 "no handover of a card that is not printed yet" -- \
    --as Sari handover 1 --phone 081234567890
has "$err" "print it before the handover (kartu print ${mno}013)" "naming the command"
print_card_of 1
same "$(sql "SELECT expires_on FROM members")" "2031-11-28" "umum cards are valid 5 years"

expect 3 "a phone that does not match is refused" -- --as Sari handover 1 --phone 081399998888
has "$err" "--new-phone" "and the message offers --new-phone"
expect 0 "the matching phone, written differently, gets a code" -- \
    --as Sari handover 1 --phone "+62 812-3456-7890"
expect 0 "the code completes the handover" -- \
    --as Sari handover 1 --code "$(otp_code)" --signed-name "M. Rizky"
same "$(sql "SELECT state FROM applications WHERE id = 1")" handed-over "state handed-over"
same "$(sql_words "SELECT step || ':' || o.name FROM app_events e
    JOIN operators o ON o.id = e.operator_id WHERE application_id = 1 ORDER BY e.id")" \
    "apply:Sari check:Sari validate:Sari issue:Budi handover:Sari" \
    "every step is recorded with who did it"
same "$(sql "SELECT count(DISTINCT at) FROM app_events WHERE at = '$KARTU_NOW'")" 1 \
    "and when"
same "$(sql "SELECT note FROM app_events WHERE step = 'handover'")" \
    "signed by M. Rizky; phone verified" "the signed name is in the record"

expect 0 "app show" -- app show 1
has "$out" "handed-over" "app show gives the state"
has "$out" "6205**********01" "app show masks the NIK"
hasnt "$out" "6205031405900001" "app show never prints the NIK"
expect 0 "member show by number" -- member show "$mno"
has "$out" "Muhammad Rizky" "member show gives the name"
has "$out" "${mno}013" "and the card"
typo=$(echo "$mno" | sed 's/1$/7/; s/0$/7/')
expect 2 "a mistyped member number is caught by its check digit" -- member show "$typo"
has "$err" "check digit" "the message says why"
expect 4 "a well-formed number of no member is not found" -- member show 6205260000029
expect 0 "member find by a name variant" -- member find "Moh. Rizki"
has "$out" "$mno" "finds the member"
expect 0 "member find by phone" -- member find 0812-3456-7890
has "$out" "$mno" "finds the member by phone"
expect 0 "member find by NIK" -- member find 6205031405900001
has "$out" "$mno" "finds the member by NIK"

# A second applicant, rejected at validation; reject is refused after issue.
apply_umum "Budi Santoso" 1985-01-20 L 085211112222 6205032001850003
id=$(app_id)
expect 0 "the officer checks the second" -- --as Sari check "$id"
expect 2 "reject needs a reason" -- --as Sari reject "$id"
expect 0 "reject with a reason" -- --as Sari reject "$id" --reason "KTP tidak terbaca"
same "$(sql "SELECT state, reason FROM applications WHERE id = $id")" \
    "rejected|KTP tidak terbaca" "rejected with its reason"
expect 3 "a rejected application goes no further" -- --as Sari validate "$id"
has "$err" "KTP tidak terbaca" "and the message gives the reason"
expect 3 "an issued application cannot be rejected" -- --as Sari reject 1 --reason x
expect 4 "no such application" -- --as Sari check 99
expect 2 "a malformed application number" -- --as Sari check 1x

expect 0 "app list" -- app list
same "$(wc -l <"$out" | tr -d ' ')" 2 "lists both applications"
expect 0 "app list --state rejected" -- app list --state rejected
same "$(wc -l <"$out" | tr -d ' ')" 1 "filters by state"
expect 2 "an unknown state" -- app list --state lost
expect 0 "member list" -- member list
has "$out" "$mno" "lists the member"
finish
