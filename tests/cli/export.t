#!/bin/sh
# kartu export: the register as CSV for a circulation system; NIK only masked,
# RFC 4180 quoting, formula-safe, all or nothing to --out, progress on stderr.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
apply_umum "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null &&
    "$K" --as Budi issue "$i" >/dev/null || { echo "Bail out! member"; exit 1; }
printf 'nama,tempat_lahir,tanggal_lahir,jenis_kelamin,alamat,telepon,kategori,nomor_lama\n' >"$trash/old.csv"
{
	echo 'Budi Santoso,Muara Teweh,1985-01-20,L,"Jl. Pramuka 3, RT 02 ""Blok A""",081255550001,umum,M-0001'
	echo 'Ahmad Fauzi,Buntok,1990-05-14,L,"=HYPERLINK(""http://x"";""y"")",081255550002,umum,-12'
	echo 'Rina Marlina,Buntok,1995-04-04,P,@SUM(1+1),081255550003,umum,+62'
} >>"$trash/old.csv"
"$K" --as Admin import "$trash/old.csv" >/dev/null || { echo "Bail out! import"; exit 1; }
# One member past the expiry, one blocked.
sql "UPDATE members SET expires_on = '2020-01-01' WHERE name = 'Ahmad Fauzi';
    UPDATE members SET status = 'blocked' WHERE name = 'Rina Marlina'"

expect 3 "the desk may not export the register" -- --as Dina export
expect 3 "nor an operator" -- --as Budi export
expect 0 "an officer exports to standard output" -- --as Sari export
# parse FILE: the records as Python's csv module reads them, one per line,
# fields joined by |.
parse() {
	python3 -c 'import csv, sys
for r in csv.reader(open(sys.argv[1], newline="", encoding="utf-8")): print("|".join(r))' "$1"
}
same "$(parse "$out" | head -1)" \
    "member_no|card_no|name|category|institution|birth_date|address|phone|expires_on|status|legacy_no|nik_masked" \
    "a header names the columns"
same "$(parse "$out" | wc -l)" 5 "one record per member"
m=$(sql "SELECT member_no FROM members WHERE name = 'Siti Nurhaliza'")
c=$(sql "SELECT card_no FROM cards c JOIN members m ON m.id = c.member_id WHERE m.name = 'Siti Nurhaliza'")
x=$(sql "SELECT expires_on FROM members WHERE name = 'Siti Nurhaliza'")
same "$(parse "$out" | sed -n 2p)" \
    "$m|$c|Siti Nurhaliza|umum||1992-08-03|Jl. Yetro Sinseng 5|081234567890|$x|active||6205**********02" \
    "a member with the card number, the phone as people write it and the NIK masked"
hasnt "$out" "6205034308920002" "the NIK is never in the export in full"
has "$out" '"Jl. Pramuka 3, RT 02 ""Blok A"""' "a comma and quotes are quoted as RFC 4180 says"
same "$(parse "$out" | sed -n 3p | cut -d'|' -f7,10,11)" 'Jl. Pramuka 3, RT 02 "Blok A"|active|M-0001' \
    "and read back whole"
same "$(parse "$out" | sed -n 4p | cut -d'|' -f7,10,11)" "'=HYPERLINK(\"http://x\";\"y\")|expired|'-12" \
    "a formula gets a ' in front; an active member past the expiry is expired"
same "$(parse "$out" | sed -n 5p | cut -d'|' -f7,10,11)" "'@SUM(1+1)|blocked|'+62" \
    "so do @ and +; a blocked member is blocked"
same "$(head -1 "$out" | od -c | grep -c '\\r  \\n')" 1 "lines end with CRLF"

# --out: the whole file or none.
expect 0 "an admin exports to a file" -- --as Admin export --out "$trash/reg.csv"
has "$out" "4 members exported to $trash/reg.csv" "says how many and where"
same "$(parse "$trash/reg.csv" | wc -l)" 5 "the file holds the register"
same "$(stat -c %a "$trash/reg.csv")" 600 "readable by the station's user only"
echo "old" >"$trash/keep.csv"
expect 3 "a refused export" -- --as Dina export --out "$trash/keep.csv"
same "$(cat "$trash/keep.csv")" "old" "leaves the file as it was"
expect 1 "an export into a folder that does not exist" -- --as Sari export --out "$trash/no/reg.csv"
same "$(ls "$trash" | grep -c 'csv\.')" 0 "leaves no temporary file behind"
expect 0 "--json with --out" -- --json --as Sari export --out "$trash/reg2.csv"
has "$out" '"members":4' "says how many"
expect 2 "--json without --out" -- --json --as Sari export
expect 0 "the audit trail holds" -- audit verify
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'export' AND after LIKE '%\"rows\":4%'")" 3 \
    "each export is in it with its number of records"

# A large register: progress on stderr as it goes.
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
    INSERT INTO members (member_no, category, name, name_key, birth_place, birth_date, sex,
    address, phone, expires_on, created_at, created_by)
    SELECT 'X' || i, 'umum', 'Anggota ' || i, 'anggota', 'Buntok', '2000-01-01', 'L',
    'Jl. A', '+628125555' || i, '2030-01-01', 'now', 1 FROM n"
expect 0 "12 004 members" -- --as Sari export --out "$trash/big.csv"
has "$err" "10000 of 12004 members exported" "progress on stderr"
has "$err" "12004 of 12004 members exported" "to the end"
same "$(wc -l <"$trash/big.csv")" 12005 "every member in the file"
finish
