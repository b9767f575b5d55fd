#!/bin/sh
# kartu import of old records as they are (issue 15): member types mapped to
# categories, what an old record lacks kept missing and the member marked
# incomplete, landlines kept as the second phone, --all-or-nothing, --dry-run,
# progress and the --json summary.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
count() { sql "SELECT count(*) FROM members"; }

hdr='nama,tempat_lahir,tanggal_lahir,jenis_kelamin,alamat,telepon,telepon_rumah,kategori,nomor_lama,tanggal_daftar,berlaku_sampai'
{
	echo "$hdr"
	echo 'Ahmad Fauzi,Muara Teweh,14-05-1990,L,Jl. Pramuka 3,081255550001,,Umum,S-1,2015-03-02,2027-03-02'
	echo 'Rina Kurnia,,,P,,0519 21234,,Dewasa,S-2,02/01/2016,'
	echo 'Bayu Pratama,Muara Teweh,2012-02-03,L,Jl. Ahmad Yani 9,,,Pelajar,S-3,,'
	echo 'Citra Lestari,Muara Teweh,1999-09-09,P,Jl. Ahmad Yani 10,081255550004,,Tamu,S-4,,'
	echo 'Dedi Kurniawan,Muara Teweh,1988-08-08,L,Jl. Ahmad Yani 11,081255550005,,Tamu,S-5,,'
} >"$trash/old.csv"

# Pass 1: every member type without a category is listed, nothing written.
before=$(count)
expect 2 "member types without a category stop the import" -- --as Admin import "$trash/old.csv"
has "$err" "member type 'Dewasa' (1 rows) has no category" "each is listed with its rows"
has "$err" "member type 'Pelajar' (1 rows) has no category" "all of them"
has "$err" "member type 'Tamu' (2 rows) has no category" "counted"
has "$err" "3 member types have no category" "and counted"
hasnt "$err" "'Umum'" "a type named as a category maps by itself"
same "$(count)" "$before" "before anything is written"
expect 2 "a mapping to no category" -- --as Admin import "$trash/old.csv" --map Tamu=nonsense
has "$err" "there is no category nonsense" "is refused"
printf '# the old system types\nDewasa = umum\n\nPelajar = sd-sma  # with a school\n' \
    >"$trash/types.map"
expect 2 "a mapping file and --map together" -- --as Admin import "$trash/old.csv" \
    --map-file "$trash/types.map"
has "$err" "member type 'Tamu' (2 rows) has no category" "still lists what is left"
hasnt "$err" "'Dewasa'" "not what the file mapped"
printf 'Dewasa umum\n' >"$trash/bad.map"
expect 2 "a mapping line without =" -- --as Admin import "$trash/old.csv" --map-file "$trash/bad.map"
has "$err" "line 1: 'Dewasa umum' is not NAME=CATEGORY" "names its line"

# --dry-run checks every row and writes nothing; --all-or-nothing keeps nothing
# when a row is bad.
run_import() { expect "$1" "$2" -- --as Admin import "$trash/old.csv" --map-file "$trash/types.map" \
    --map tamu=umum "$@"; }
expect 20 "a dry run lists every problem" -- --as Admin import "$trash/old.csv" \
    --map-file "$trash/types.map" --map tamu=umum --dry-run
has "$out" "Line 4: category sd-sma needs the school or university (column institution)" \
    "the row's problem"
has "$out" "5 rows checked: 4 could be imported, 1 have problems" "and the count"
same "$(count)" "$before" "a dry run keeps nothing"
[ ! -e "$trash/old.ditolak.csv" ]; same $? 0 "nor writes a rejects file"
expect 3 "--all-or-nothing with a bad row" -- --as Admin import "$trash/old.csv" \
    --map-file "$trash/types.map" --map tamu=umum --all-or-nothing
has "$out" "Line 4: category sd-sma needs the school" "lists the problem"
has "$err" "1 of 5 rows have problems; with --all-or-nothing nothing was imported" "says so"
same "$(count)" "$before" "and keeps nothing"

# The import: the good rows, the bad one to the rejects file, progress on
# stderr as plain lines (not a terminal), exit 20.
expect 20 "the good rows are imported" -- --as Admin import "$trash/old.csv" \
    --map-file "$trash/types.map" --map tamu=umum
has "$out" "4 members imported" "four of them"
has "$out" "1 of them incomplete: to be completed at the next visit" "one incomplete"
has "$err" "kartu: 5 of about 5 rows," "a progress line, plain"
same "$(sql "SELECT name, category, coalesce(birth_place, 'NULL'), coalesce(birth_date, 'NULL'),
    coalesce(address, 'NULL'), coalesce(phone, 'NULL'), coalesce(phone2, 'NULL'),
    coalesce(registered_on, 'NULL'), expires_on, coalesce(incomplete, 'NULL')
    FROM members WHERE legacy_no LIKE 'S-%' ORDER BY legacy_no")" \
"Ahmad Fauzi|umum|Muara Teweh|1990-05-14|Jl. Pramuka 3|+6281255550001|NULL|2015-03-02|2027-03-02|NULL
Rina Kurnia|umum|NULL|NULL|NULL|NULL|+6251921234|2016-01-02|2031-11-28|birth_place,birth_date,address,phone
Citra Lestari|umum|Muara Teweh|1999-09-09|Jl. Ahmad Yani 10|+6281255550004|NULL|NULL|2031-11-28|NULL
Dedi Kurniawan|umum|Muara Teweh|1988-08-08|Jl. Ahmad Yani 11|+6281255550005|NULL|NULL|2031-11-28|NULL" \
    "missing kept missing (NULL), the landline as phone2, the dates kept"
same "$(sed -n 2p "$trash/old.ditolak.csv")" \
    "Bayu Pratama,Muara Teweh,2012-02-03,L,Jl. Ahmad Yani 9,,,Pelajar,S-3,,,4,category sd-sma needs the school or university (column institution)" \
    "the rejected row in the rejects file"

# The member marked incomplete: in member show and at the desk, until an
# edit completes the record.
rina=$(sql "SELECT member_no FROM members WHERE legacy_no = 'S-2'")
expect 0 "member show" -- member show "$rina"
has "$out" "Incomplete     birth place, birth date, address, phone" "names what is missing"
has "$out" "Data incomplete: complete at the next visit" "and asks for it"
has "$out" "Phone 2        +6251921234" "the landline as the second phone"
has "$out" "Born           -, - (P)" "nothing made up for what is missing"
expect 0 "member show --json" -- --json member show "$rina"
has "$out" '"incomplete":"birth_place,birth_date,address,phone"' "in JSON too"
run desk --number S-2 --once
has "$out" "(data incomplete: complete at the next visit)" "the desk says so"
expect 0 "the officer completes part of it" -- --as Sari member edit "$rina" \
    --address "Jl. Pramuka 12" --birth-place "Muara Teweh"
same "$(sql "SELECT incomplete FROM members WHERE legacy_no = 'S-2'")" "birth_date,phone" \
    "what is left stays marked"
expect 2 "a landline given in a correction" -- --as Sari member edit "$rina" \
    --phone "0519 22222"
has "$err" "that is a landline number" "is refused: a correction gives a mobile"
expect 0 "and the rest" -- --as Sari member edit "$rina" --birth-date 1995-04-05 \
    --phone 081255550002
same "$(sql "SELECT coalesce(incomplete, 'NULL'), birth_date, phone, phone2 FROM members
    WHERE legacy_no = 'S-2'")" "NULL|1995-04-05|+6281255550002|+6251921234" \
    "complete: the mark is gone, the landline kept"
run desk --number S-2 --once
hasnt "$out" "incomplete" "the desk no longer asks"

# A landline never receives a handover code.
expect 2 "a handover code to a landline" -- --as Sari handover 1 --phone "0519 21234"
has "$err" "that is a landline number" "is refused"

# --json: one summary object; a CSV with its rejects columns read again.
sed -i 's/Pelajar,S-3/Umum,S-3/' "$trash/old.ditolak.csv"
# Bayu has no phone: incomplete.
expect 0 "the corrected rejects file, --json" -- --json --as Admin import "$trash/old.ditolak.csv"
python3 - "$out" <<'PY' && pass "one summary object" || fail "one summary object"
import json, sys
o = json.loads(open(sys.argv[1]).read())
assert o["rows"] == 1 and o["imported"] == 1 and o["rejected"] == 0, o
assert o["incomplete"] == 1 and o["candidates"] == 0 and o["skipped"] == 0, o
assert o["first_member"] == o["last_member"] and "milliseconds" in o, o
assert o["problems"] == [], o
PY
same "$(sql "SELECT category FROM members WHERE legacy_no = 'S-3'")" umum "imported"
printf 'name,sex,category,birth_date\nEko Saputra,L,umum,07/08/1990\n' >"$trash/us.csv"
expect 0 "--date-format us" -- --as Admin import "$trash/us.csv" --date-format us
same "$(sql "SELECT birth_date FROM members WHERE name = 'Eko Saputra'")" 1990-07-08 \
    "month first"
printf 'name,sex,category,birth_date\nFitri Handayani,P,umum,1990.08.07\n' >"$trash/no.csv"
expect 20 "a value that is no date" -- --as Admin import "$trash/no.csv"
has "$out" "Line 2: '1990.08.07' is no date (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY) (column birth_date)" \
    "is a problem of the row"
expect 20 "--json with a rejected row and a candidate" -- --json --as Admin import \
    "$trash/no.csv" --rejects "$trash/no-rejects.csv"
python3 - "$out" "$trash/no-rejects.csv" <<'PY' && pass "each listed in problems" || fail "each listed in problems"
import json, sys
o = json.loads(open(sys.argv[1]).read())
assert o["rejected"] == 1 and o["imported"] == 0 and o["rejects_file"] == sys.argv[2], o
assert o["problems"] == [{"line": 2, "kind": "rejected", "text": "'1990.08.07' is no date"
    " (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY) (column birth_date)"}], o
PY
expect 2 "--json with member types unmapped" -- --json --as Admin import "$trash/old.csv"
has "$out" "3 member types have no category ('Dewasa', 'Pelajar', 'Tamu')" \
    "the error names them"
printf 'name|sex|category\nGilang Ramadhan|L|umum\n' >"$trash/pipe.csv"
expect 0 "--separator" -- --as Admin import "$trash/pipe.csv" --separator '|'
same "$(sql "SELECT count(*) FROM members WHERE name = 'Gilang Ramadhan'")" 1 "read"
expect 2 "an unknown format" -- --as Admin import "$trash/pipe.csv" --from dbase
expect 2 "a rejects file that is the file imported" -- --as Admin import "$trash/pipe.csv" \
    --rejects "$trash/pipe.csv"
has "$err" "the rejects file would overwrite the file imported" "is refused"

# The old record's e-mail and notes are kept; a bad one is a problem of the
# row.  The rejects file quotes the problems (a comma inside).
printf 'name,sex,category,email,catatan,tanggal_daftar\n' >"$trash/mail.csv"
printf 'Hana Pertiwi,P,umum,hana@example.id,"pindahan, 2019",\n' >>"$trash/mail.csv"
printf 'Irfan Maulana,L,umum,irfan at example,,=1+2\n' >>"$trash/mail.csv"
expect 20 "e-mail and notes" -- --as Admin import "$trash/mail.csv"
same "$(sql "SELECT email, notes FROM members WHERE name = 'Hana Pertiwi'")" \
    "hana@example.id|pindahan, 2019" "are kept"
has "$out" "Line 3: '=1+2' is no date (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY) (column tanggal_daftar); 'irfan at example' is no e-mail address (column email)" \
    "a bad one is a problem"
same "$(sed -n 2p "$trash/mail.ditolak.csv")" \
    "Irfan Maulana,L,umum,irfan at example,,=1+2,3,\"'=1+2' is no date (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY) (column tanggal_daftar); 'irfan at example' is no e-mail address (column email)\"" \
    "the rejects file quotes the problems"
expect 0 "member show" -- member show "$(sql "SELECT member_no FROM members WHERE name = 'Hana Pertiwi'")"
has "$out" "Notes          pindahan, 2019" "shows the notes"
finish
