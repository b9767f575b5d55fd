#!/bin/sh
# kartu calendar import FILE: a year's holidays from CSV, in one transaction,
# by the admin; and kartu doctor's warning when the next 60 days reach a year
# without holidays (issue 14, item 12).
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

# Before: the next 60 days from 28 November 2026 reach 2027, which has none.
run doctor --no-nfc
has "$out" "no holidays for 2027, which the next 60 days reach" "doctor warns of 2027"
has "$out" "kartu calendar import FILE" "and says how to fix it"
KARTU_NOW=2026-06-01T01:00:00Z run doctor --no-nfc
has "$out" "holidays known for the next 60 days" "in June 2026 the next 60 days are known"

# A spreadsheet saved in Indonesia: semicolons, an Indonesian header, DD-MM-YYYY,
# the kinds in words.
printf 'tanggal;nama;jenis\r\n01-01-2027;Tahun Baru 2027 Masehi;nasional\r\n' >"$trash/2027.csv"
printf '06-02-2027;Tahun Baru Imlek 2578 Kongzili;nasional\r\n' >>"$trash/2027.csv"
printf '10-03-2027;Cuti bersama Idulfitri 1448 H;cuti bersama\r\n' >>"$trash/2027.csv"
printf '2027-04-27;Hari jadi Kabupaten Barito Utara;daerah\r\n' >>"$trash/2027.csv"
printf '2027-05-01;Hari Buruh Internasional;\r\n' >>"$trash/2027.csv"
before=$(sql "SELECT count(*) FROM holidays")
expect 3 "only the admin imports holidays" -- --as Sari calendar import "$trash/2027.csv"
expect 0 "the admin imports 2027's holidays" -- --as Admin calendar import "$trash/2027.csv"
has "$out" "5 new, 0 changed" "says what it did"
same "$(sql "SELECT count(*) FROM holidays") " "$((before + 5)) " "five days more"
same "$(sql_words "SELECT date || '=' || kind FROM holidays WHERE date LIKE '2027%' ORDER BY date")" \
    "2027-01-01=national 2027-02-06=national 2027-03-10=cuti-bersama 2027-04-27=local 2027-05-01=local" \
    "the days as ISO dates, the kinds as codes (local when left out)"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'holiday' AND at >= '2026-11-28'")" 5 \
    "each day in the audit trail"
run calendar --year 2027
has "$out" "2027-04-27  local         Hari jadi Kabupaten Barito Utara" "calendar --year 2027 lists them"
run doctor --no-nfc
has "$out" "holidays known for the next 60 days (years: 2026, 2027)" "doctor: no warning now"

# The due time counts the imported day: applied Thursday 31 December 08:30 WIB,
# one working day (510 service minutes) ends Saturday 09:00, not on New Year's Day.
KARTU_NOW=2026-12-31T01:30:00Z apply_umum "Rahmat Hidayat" 1991-02-03 L 081233334444 \
    6205030302910003
id=$(app_id)
same "$(sql "SELECT due_at FROM applications WHERE id = $id")" 2027-01-02T02:00:00Z \
    "the due time skips New Year's Day 2027"

# Again, with one name changed: changed in place, nothing else.
sed 's/Hari jadi Kabupaten Barito Utara/Hari Jadi Barito Utara/' "$trash/2027.csv" >"$trash/again.csv"
expect 0 "importing again" -- --as Admin calendar import "$trash/again.csv"
has "$out" "0 new, 1 changed" "changes only the day whose name changed"

# A wrong row changes nothing and names its line.
n=$(sql "SELECT count(*) FROM holidays")
printf 'date,name,kind\n2028-01-01,Tahun Baru 2028 Masehi,national\n2028-02-30,Hari yang tidak ada,national\n' \
    >"$trash/bad-date.csv"
expect 2 "a date that does not exist" -- --as Admin calendar import "$trash/bad-date.csv"
has "$err" "line 3" "names the line"
printf 'date,name,kind\n2028-01-01,Tahun Baru,libur\n' >"$trash/bad-kind.csv"
expect 2 "an unknown kind" -- --as Admin calendar import "$trash/bad-kind.csv"
has "$err" "line 2" "names its line"
printf 'date,name,kind\n2028-01-01,Tahun Baru,national\n2028-01-01,Tahun Baru lagi,national\n' \
    >"$trash/twice.csv"
expect 2 "one day twice" -- --as Admin calendar import "$trash/twice.csv"
printf 'date,name,kind\n2028-01-01,Tahun\033[31mBaru,national\n' >"$trash/control.csv"
expect 2 "a control character in a name" -- --as Admin calendar import "$trash/control.csv"
printf 'hari,nama\n2028-01-01,Tahun Baru\n' >"$trash/no-date.csv"
expect 2 "a header without a date column" -- --as Admin calendar import "$trash/no-date.csv"
has "$err" "no column 'date'" "says which column is missing"
printf 'date,name,kind\n' >"$trash/empty.csv"
expect 2 "a header and no holidays" -- --as Admin calendar import "$trash/empty.csv"
expect 1 "a file that is not there" -- --as Admin calendar import "$trash/none.csv"
same "$(sql "SELECT count(*) FROM holidays")" "$n" "none of them changed anything"
finish
