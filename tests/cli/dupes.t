#!/bin/sh
# The already-a-member check: at apply, on demand, and the officer's decision.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

# Make a member: apply, check, validate, issue.
member() {
	apply_umum "$@"
	i=$(app_id)
	"$K" --as Sari check "$i" --not-duplicate >/dev/null 2>&1 || "$K" --as Sari check "$i" >/dev/null
	"$K" --as Sari validate "$i" >/dev/null && "$K" --as Budi issue "$i" >/dev/null ||
	    { echo "Bail out! cannot make member $1"; exit 1; }
}
member "Muhammad Rizky Pratama" 1990-05-14 L 081234567890 6205031405900001
m1=$(sql "SELECT member_no FROM members WHERE name LIKE 'Muhammad%'")
member "Sitti Noor Haliza" 2001-03-07 P 081311112222 6205034703010002
m2=$(sql "SELECT member_no FROM members WHERE name LIKE 'Sitti%'")

expect 0 "dupes for a spelling variant" -- dupes --name "Moh. Rizki Pratama" --birth-date 1990-05-14
has "$out" "member $m1" "finds Muhammad Rizky Pratama"
has "$out" "similar name, same birth date" "with the reason"
expect 0 "dupes with day and month swapped and word order changed" -- \
    dupes --name "Nurhaliza Siti" --birth-date 2001-07-03
has "$out" "member $m2" "finds Sitti Noor Haliza"
has "$out" "birth day and month swapped" "with the reason"
expect 0 "dupes by phone alone" -- dupes --name "Orang Lain" --birth-date 1970-01-01 \
    --phone "+62 813-1111-2222"
has "$out" "same phone number" "finds the phone's member"
expect 0 "dupes by NIK" -- dupes --name "Orang Lain" --birth-date 1990-05-14 --nik 6205031405900001
has "$out" "same NIK" "finds the NIK's member"
hasnt "$out" "6205031405900001" "without printing the NIK"
expect 0 "a wrong digit in the birth day, the same birth place" -- dupes \
    --name "Moh. Rizki Pratama" --birth-date 1990-05-17 --birth-place "muara teweh"
has "$out" "member $m1" "finds Muhammad Rizky Pratama"
has "$out" "birth date one digit or one year off" "with the reason"
has "$out" "same birth place" "and the birth place beside it"
expect 0 "the same wrong digit without another signal" -- dupes \
    --name "Rizki Pratama" --birth-date 1990-05-17 --birth-place Buntok
has "$out" "No candidates" "finds no one"
expect 0 "--json names the reasons by code" -- --json dupes \
    --name "Moh. Rizki Pratama" --birth-date 1990-05-17 --birth-place "Muara Teweh"
has "$out" '"similar-name-birth-date-typo"' "similar-name-birth-date-typo"
has "$out" '"same-birth-place"' "same-birth-place"
expect 0 "no candidates for another person" -- dupes --name "Siti Rahma" --birth-date 2001-03-07
has "$out" "No candidates" "says so"
expect 2 "dupes needs a birth date" -- dupes --name "Siti"
expect 2 "dupes refuses a malformed NIK" -- dupes --name x --birth-date 1990-05-14 \
    --nik 6205031405900001x

n=$(sql "SELECT count(*) FROM applications")
expect 0 "apply --dry-run checks the form and lists the candidates" -- --as Sari apply \
    --name "M. Rizki Pratama" --birth-place "Muara Teweh" --birth-date 1990-05-14 --sex L \
    --address "Jl. Durian 24" --phone 085200001111 --category umum --document sim \
    --document-no 123456789012 --dry-run
has "$out" "nothing recorded" "says nothing is recorded"
has "$out" "member $m1" "names the member the applicant looks like"
same "$(sql "SELECT count(*) FROM applications")" "$n" "and records nothing"
expect 2 "apply --dry-run names every problem of a bad form" -- --as Sari apply \
    --name "M. Rizki Pratama" --birth-date 2099-01-01 --sex L --phone 12345 --category umum \
    --document sim --document-no 123456789012 --dry-run
has "$err" "(--birth-date)" "the birth date"
has "$err" "(--phone)" "the phone"
has "$err" "(--address)" "the missing address"
expect 3 "apply --dry-run: the desk may not apply" -- --as Dina apply --name X --dry-run
same "$(sql "SELECT count(*) FROM applications")" "$n" "refusals record nothing either"

expect 0 "apply --json for a variant of a member" -- --json --as Sari apply \
    --name "M. Rizki Pratama" --birth-place "Muara Teweh" --birth-date 1990-05-14 --sex L \
    --address "Jl. Durian 24" --phone 085200001111 --category umum --document sim \
    --document-no 123456789012
a=$(sed -n 's/^{"id":\([0-9]*\),"state":"applied".*/\1/p' "$out")
[ -n "$a" ] && pass "the JSON has the id and the state" || fail "the JSON has the id and the state"
has "$out" "\"duplicates\":[{\"kind\":\"member\",\"member_no\":\"$m1\"" \
    "the duplicates list names the member"
has "$out" '"score":0.' "with a score"
has "$out" '"reasons":["similar-name-same-birth-date"]' "and reasons"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["duplicates"][0]["score"] > 0.5' \
    "$out" 2>/dev/null && pass "the output parses as JSON" || fail "the output parses as JSON"

expect 3 "check without a decision is refused" -- --as Sari check "$a"
has "$err" "possible duplicate" "and says there are candidates"
has "$err" "$m1" "naming the member"
expect 2 "check with both decisions" -- --as Sari check "$a" --not-duplicate --duplicate-of "$m1"
expect 2 "check --duplicate-of a mistyped number" -- --as Sari check "$a" --duplicate-of 6205260000011
expect 0 "the officer decides it is the same person" -- --as Sari check "$a" --duplicate-of "$m1"
same "$(sql "SELECT state, reason FROM applications WHERE id = $a")" \
    "rejected|already a member: $m1" "the application is closed as already a member"

apply_umum "Someone Else" 1990-05-14 L 085799990000 6205031405900001
b=$(app_id)
[ -n "$b" ] && pass "an application with a member's NIK is recorded for the officer" ||
    fail "an application with a member's NIK is recorded for the officer"
expect 3 "--not-duplicate cannot overrule the same NIK" -- --as Sari check "$b" --not-duplicate
has "$err" "same NIK belongs to member $m1" "the message names the member"

# A namesake born the same day, with a NIK of his own: shown, not decisive.
apply_umum "Muhammad Rizky Pratama" 1990-05-14 L 081399990000 6205031405900009
d=$(app_id)
has "$out" "but a different NIK" "a namesake with another NIK is shown with that said"
expect 0 "and checked without a decision: two NIKs are two people" -- --as Sari check "$d"

apply_umum "Budi Hartono" 1980-01-01 L 087700000000 6205030101800007
c=$(app_id)
expect 0 "an applicant with no candidates is checked without a decision" -- --as Sari check "$c"
expect 0 "app show lists candidates (none here)" -- app show "$c"
has "$out" "No candidates" "says none"

# Issue 13, finding 10: two open applications with one NIK.  The message
# named no number ("belongs to application : ..."): it names the first.
apply_umum "Rahmat Hidayat" 1985-03-12 L 081255667788 6205031203850004
e1=$(app_id)
apply_umum "Rahmad Hidayat" 1985-03-12 L 081355667799 6205031203850004
e2=$(app_id)
expect 3 "--not-duplicate cannot overrule an open application's NIK" -- \
    --as Sari check "$e2" --not-duplicate
has "$err" "the same NIK belongs to application $e1: the applicant has already applied" \
    "the message names the application by its number"
has "$err" "(kartu app show $e1)" "and how to see it"
hasnt "$err" "application :" "no number missing"
expect 3 "without a decision, the candidates are named" -- --as Sari check "$e2"
has "$err" "(application $e1)" "the open application by its number too"
finish
