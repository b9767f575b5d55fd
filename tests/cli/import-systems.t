#!/bin/sh
# kartu import --from slims|koha|inlislite: the old systems' own files, through
# the command as an admin runs it, compared member by member; a rejects file
# corrected and imported again; kartu export --format slims read back by the
# importer into a second register.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
d="$KARTU_SRC/tests/data"
cp "$d/legacy/slims-9.6.csv" "$d/legacy/slims-8.csv" "$d/legacy/koha-metric.csv" \
    "$d/inlislite/report.xls" "$trash/"
cols="legacy_no, category, name, sex, birth_place, birth_date, address, phone, phone2,
    email, institution, nik_masked, registered_on, expires_on, incomplete, notes"
members() { sql "SELECT $cols FROM members WHERE legacy_no IS NOT NULL ORDER BY id"; }

# SLiMS 9.6: the header with its trailing comma, mysqli escapes, a landline.
expect 2 "member types without a category stop the import first" -- --as Admin import \
    --from slims "$trash/slims-9.6.csv"
has "$err" "'Pelajar'" "naming the unmapped type ('Umum' is a category's name)"
same "$(sql "SELECT count(*) FROM members")" 0 "nothing written"
expect 20 "mapped, the good row goes in and the bad one is rejected" -- --as Admin import \
    --from slims --map Umum=umum --map Pelajar=sd-sma "$trash/slims-9.6.csv"
has "$out" "Line 3: name may hold only letters, spaces and . , ' - (not '\"') (column member_name)" \
    "the rejected row named by its line, the problem by SLiMS's column"
has "$out" "slims-9.6.ditolak.csv" "and where the rejects are"
same "$(members)" "B001|umum|Yohanes O'Neil|L||1990-01-01|Jl. Cilik Riwut Km. 2||+62215551234|||6205**********03|2021-01-01|2026-01-01|birth_place,phone|" \
    "SLiMS 9.6: escapes undone, the landline as second phone, the NIK masked, dates kept, what is missing listed"

# The rejects file in SLiMS's dialect, corrected by the officer and imported again.
rej="$trash/slims-9.6.ditolak.csv"
has "$rej" "kartu_masalah" "the rejects file carries the problems"
same "$(stat -c %a "$rej")" 600 "readable by the station's user only (personal data as it came)"
sed -i 's/Maria ""Ria"" Ulfa/Maria Ulfa/' "$rej"
expect 0 "the corrected rejects file imports" -- --as Admin import --from slims \
    --map Umum=umum --map Pelajar=sd-sma "$rej" --rejects "$trash/again.csv"
same "$(sql "SELECT name, institution, email, registered_on, expires_on, notes FROM members
    WHERE legacy_no = 'B002'")" "Maria Ulfa|SMPN 2|ria@example.id|2020-06-01|2025-06-01|tamu" \
    "with its school, email, dates and notes"
expect 3 "the same old number again is no new member" -- --as Admin import --from slims \
    --map Umum=umum --map Pelajar=sd-sma "$rej" --all-or-nothing --rejects "$trash/again2.csv"

# SLiMS 8: no header, types mapped by a file.
expect 2 "every unmapped type listed" -- --as Admin import --from slims "$trash/slims-8.csv"
has "$err" "'Standard', 'Pelajar'" "both of them, before anything is written"
printf '# SLiMS member types\nStandard = umum\nPelajar = sd-sma\n' >"$trash/types.map"
expect 20 "SLiMS 8 without a header, types from a map file" -- --as Admin import --from slims \
    --map-file "$trash/types.map" "$trash/slims-8.csv"
same "$(members | grep '^M')" "M0002|sd-sma|Nur'aini|P|||Jl. Yetro Sinseng 5, 73811||+6251921234, +6251921235|nur@example.id|SMAN 1 Muara Teweh|6205**********02|2023-02-01|2026-02-01|birth_place,birth_date,phone|pindahan dari \\ cabang
M0003|umum|Budi Santoso|L||1985-01-20||||||||2027-03-03|birth_place,address,phone|catatan baris dua
M0004|umum|Dedi|L||||||||||2027-03-03|birth_place,birth_date,address,phone|" \
    "SLiMS 8: 0000-00-00 missing, the postal code joined, the password never kept"
db_lacks rahasia "the SLiMS password is not in the database"

# Koha: dates in the library's dateformat.
expect 20 "Koha, dateformat metric" -- --as Admin import --from koha --date-format metric \
    --map MHS=mahasiswa --map UMUM=umum "$trash/koha-metric.csv"
has "$out" "Line 4: '12.05.1990' is not a date yyyy-mm-dd nor of --date-format metric (dd/mm/yyyy) (column dateofbirth)" \
    "a date in another order is not guessed; Koha's column named"
same "$(members | grep '^1002')" "1002|umum|Rahmat Hidayat|L||1999-12-31||+6281255550002|||||2024-03-15|2027-03-14|birth_place,address|" \
    "Koha: given name first, the mobile as phone, dd/mm/yyyy read as such"

# Progress: a plain line on standard error when it is no terminal, one
# rewritten line (carriage returns) on a terminal (script(1) gives a pty).
has "$err" "rows/s" "progress said on standard error"
cp "$d/legacy/koha-metric.csv" "$trash/koha-tty.csv"
script -qec "'$K' --as Admin import --from koha --date-format metric --map MHS=mahasiswa \
    --map UMUM=umum --dry-run '$trash/koha-tty.csv'" /dev/null >"$trash/tty.out" 2>&1
if tr '\r' '@' <"$trash/tty.out" | grep -q "@3 of about 3 rows"; then
	pass "on a terminal one line rewritten"
else
	cat "$trash/tty.out"; fail "on a terminal one line rewritten"
fi

# INLISLite: the "Export Excel" report (HTML saved as .xls).
expect 20 "INLISLite's member report" -- --as Admin import --from inlislite \
    --map Umum=umum --map Pelajar=sd-sma "$trash/report.xls"
same "$(members | grep '^0117')" "0117100001|umum|Rina Wati|P|Bandung|1995-06-05|Jl. Kopo & Gg. Mawar 3, KOTA BANDUNG|+6281298765432||rina@example.id||3273**********02|2017-10-01|2018-10-01||" \
    "INLISLite report: place and date split, English month, & kept, complete"
has "$out" "(column Tanggal Akhir Berlaku)" "the report's own column named"
has "$trash/report.ditolak.xls" "kartu_masalah" "its rejects as the same HTML table"

# INLISLite's import template (.xlsx built from its XML parts).
(cd "$d/inlislite/v3" && zip -qrX "$trash/v3.xlsx" .) || { echo "Bail out! zip"; exit 1; }
expect 20 "INLISLite's import template" -- --as Admin import --from inlislite \
    --map Umum=umum --map Pelajar=sd-sma "$trash/v3.xlsx"
has "$out" "2 members imported" "its good rows imported"
has "$out" "(column JENIS KELAMIN)" "the template's own column named"
[ -s "$trash/v3.ditolak.xlsx" ] && pass "its rejects as a workbook" || fail "its rejects as a workbook"
same "$(stat -c %a "$trash/v3.ditolak.xlsx") $(stat -c %a "$trash/report.ditolak.xls")" \
    "600 600" "both readable by the station's user only"
expect 20 "the rejects workbook is read again (still wrong)" -- --as Admin import --from inlislite \
    --map Umum=umum --map Pelajar=sd-sma "$trash/v3.ditolak.xlsx" --rejects "$trash/v3-2.xlsx"
has "$out" "2 rows rejected" "both rows rejected again, with their problems"
hasnt "$out" "members imported" "nothing of it imported"

db_lacks 6205010101900003 "no NIK in clear in the database"
expect 0 "the register is consistent" -- fsck
expect 0 "and its audit trail verifies" -- --as Admin audit verify

# An imported member in member show.
expect 0 "member find finds the old number" -- member find M0004
has "$out" "Dedi" "the member it is"
expect 0 "member show" -- member show "$(sql "SELECT member_no FROM members WHERE legacy_no = 'M0004'")"
has "$out" "incomplete" "and says the record is incomplete"

# Rejects to /dev/null (thrown away): the device keeps its mode, even for root.
before=$(stat -c %a /dev/null)
expect 20 "rejects thrown away" -- --as Admin import --from koha --date-format metric \
    --map MHS=mahasiswa --map UMUM=umum "$trash/koha-metric.csv" --rejects /dev/null
has "$out" "rows rejected, written with their problems to /dev/null" "the rows rejected"
same "$(stat -c %a /dev/null)" "$before" "/dev/null keeps its mode"

# The round trip: kartu export --format slims read back into a second
# register; the categories' names map by themselves.
expect 0 "export for SLiMS" -- --as Admin export --format slims --out "$trash/to-slims.csv"
first=$(sql "SELECT coalesce(legacy_no, member_no), category, name, sex, birth_date,
    address, phone, phone2, email, expires_on, notes FROM members ORDER BY id")
mkdir -p "$trash/second"
KARTU_DB="$trash/second/kartu.db" && export KARTU_DB
setup_desk
expect 0 "the export imports into a new register" -- --as Admin import --from slims \
    "$trash/to-slims.csv"
same "$(sql "SELECT legacy_no, category, name, sex, birth_date, address, phone, phone2,
    email, expires_on, notes FROM members ORDER BY id")" "$first" \
    "every member as it was: number, category, name, sex, dates, address, phones, email, notes"
finish
