#!/bin/sh
# Bad input gets a clear message and exit 2 or 3, and leaves the database as it was.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
apply_umum "Siti Aminah" 1992-08-03 P 081311112222 6205034308920002 >/dev/null
dump() { db_dump; }
before=$(dump)

# bad WANT DESCRIPTION MESSAGE-PART -- field=value overrides of a good form
bad() {
	want=$1 desc=$2 msg=$3
	shift 4
	name="Ani Lestari" place="Muara Teweh" birth=1995-07-21 sex=P addr="Jl. Durian 24"
	phone=081299998888 cat=umum doc=ktp docno=6205036107950004
	for kv in "$@"; do eval "$kv"; done
	run --as Sari apply --name "$name" --birth-place "$place" --birth-date "$birth" \
	    --sex "$sex" --address "$addr" --phone "$phone" --category "$cat" \
	    --document "$doc" --document-no "$docno"
	if [ "$rc" = "$want" ] && grep -qF -- "$msg" "$err" && [ ! -s "$out" ]; then
		pass "$desc (exit $rc)"
	else
		echo "#   exit $rc, want $want; message should hold '$msg'"
		fail "$desc"
	fi
}

bad 2 "a NIK of 15 digits" "NIK must be 16 digits" -- docno=620503610795000
bad 2 "a NIK with a letter" "NIK must be 16 digits" -- docno=62050361079500O4
bad 2 "a NIK of another birth date" "does not match the birth date" -- birth=1995-07-22
bad 2 "a man's NIK for a woman" "the form says P" -- docno=6205032107950004
bad 2 "a NIK with no province" "province code" -- docno=0005036107950004
bad 2 "a birth date written DD-MM-YYYY" "YYYY-MM-DD" -- birth=21-07-1995
bad 2 "a birth date not in the calendar" "not a date in the calendar" -- birth=1995-02-30
bad 2 "a birth date in the future" "in the future" -- birth=2027-01-01 docno=6205034101270004
bad 2 "a landline" "landline" -- "phone='0519 21234'"
bad 2 "a phone with letters" "only digits" -- phone=0812-ABCD-5555
bad 2 "a foreign phone" "+62" -- "phone='+44 20 7946 0000'"
bad 2 "a sex of X" "L (laki-laki) or P" -- sex=X
bad 2 "an unknown category" "unknown category" -- cat=vip
bad 3 "a document the category does not take" "needs: ktp, sim" -- doc=kk docno=6205030101200003
bad 2 "an unknown document" "unknown document kind" -- doc=passport
bad 2 "SQL metacharacters in the name" "may hold only letters" -- \
    "name=\"Robert'); DROP TABLE members;--\""
bad 2 "a very long name" "longer than 100" -- "name=\"$(printf 'Siti%.0s' $(seq 1 60))\""
bad 2 "an empty name" "name is empty" -- "name=\"   \""
bad 2 "a name of digits only" "may hold only letters" -- name=12345
bad 2 "a very long address" "longer than 200" -- "addr=\"$(printf 'Jl. Durian %.0s' $(seq 1 40))\""
bad 2 "a control character in the address" "control character" -- "addr=\"$(printf 'a\tb')\""
bad 2 "an empty birth place" "birth place is empty" -- place=""
# Issue 13, finding 10: invisible formatting in a name or any free text, named
# by its field (exit 2): U+202E shows what follows reversed, U+200D makes a
# name that looks like another one differ from it.
rlo=$(printf '\342\200\256') zwj=$(printf '\342\200\215')
bad 2 "U+202E in the name" "name holds an invisible formatting character (U+202E)" -- \
    "name=\"Ani ${rlo}Lestari\""
bad 2 "U+200D in the name" "name holds an invisible formatting character (U+200D)" -- \
    "name=\"Ani${zwj} Lestari\""
bad 2 "U+202E in the birth place" "birth place holds an invisible formatting" -- \
    "place=\"Muara ${rlo}Teweh\""
bad 2 "U+200D in the address" "address holds an invisible formatting" -- \
    "addr=\"Jl. Durian${zwj} 24\""
bad 2 "a soft hyphen in the address" "(U+00AD)" -- "addr=\"Jl. Du$(printf '\302\255')rian\""
bad 2 "a C1 control in the name" "control character" -- "name=\"Ani $(printf '\302\233')\""
run --as Sari apply --name "Ani Lestari" --birth-place X --birth-date 2020-07-21 --sex P \
    --address A --phone 081299998888 --category paud-tk --document kk \
    --document-no 6205030101200003 --guardian "Budi${zwj} Santoso"
same "$rc" 2 "U+200D in the guardian's name (exit 2)"
has "$err" "guardian holds an invisible formatting character (U+200D) (--guardian)" \
    "names the field"
run --as Sari apply --name "Ani Lestari" --birth-place X --birth-date 2012-07-21 --sex P \
    --address A --phone 081299998888 --category sd-sma --document kartu-pelajar \
    --document-no 0123456789 --institution "SDN 1 ${rlo}Muara Teweh"
same "$rc" 2 "U+202E in the school (exit 2)"
has "$err" "institution holds an invisible formatting character (U+202E) (--institution)" \
    "names the field"

expect 3 "no document at all" -- --as Sari apply --name "Ani" --birth-place X \
    --birth-date 1995-07-21 --sex P --address A --phone 081299998888 --category umum
has "$err" "must bring a document" "says a document is needed"
expect 2 "no birth date" -- --as Sari apply --name "Ani" --birth-place X --sex P \
    --address A --phone 081299998888 --category umum --document sim --document-no 123456789012
expect 2 "an option given twice" -- --as Sari apply --name A --name B
expect 2 "an unknown option" -- --as Sari apply --colour red
has "$err" "unknown option --colour" "names the unknown option"
expect 2 "an option without its value" -- --as Sari apply --name
expect 2 "a stray argument" -- --as Sari apply extra
expect 2 "an unknown command" -- frobnicate
expect 2 "an ambiguous prefix" -- --as Sari ap
has "$err" "apply app" "names the candidates"
KARTU_NOW=yesterday "$K" app list >"$out" 2>"$err"; rc=$?
same "$rc" 2 "a malformed KARTU_NOW is a usage error"
same "$(dump)" "$before" "after all that, the database is unchanged"

expect 0 "a unique prefix works" -- --as Sari val --help
expect 4 "a missing database is not found" -- --db "$trash/none.db" app list
has "$err" "kartu init" "and the message says how to make one"
[ ! -e "$trash/none.db" ] && pass "and no file was made" || fail "and no file was made"
expect 0 "apply --json when all is well" -- --json --as Sari apply --name "Ani Lestari" \
    --birth-place X --birth-date 1995-07-21 --sex P --address A --phone 081299998888 \
    --category umum --document ktp --document-no 6205036107950004
expect 2 "--json errors are one JSON object on stdout" -- --json --as Sari check x
has "$out" '{"error":{"status":2,"message":' "with the status and the message"
finish
