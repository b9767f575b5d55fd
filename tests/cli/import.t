#!/bin/sh
# kartu import: members of the old system from CSV, in one transaction.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
apply_umum "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null &&
    "$K" --as Budi issue "$i" >/dev/null || { echo "Bail out! member"; exit 1; }

# A spreadsheet saved in Indonesia: a byte order mark, semicolons, an
# Indonesian header, DD-MM-YYYY dates, a quoted address with a semicolon and a
# quote in it, CRLF line ends.
printf '\357\273\277nama;tempat_lahir;tanggal_lahir;jenis_kelamin;alamat;telepon;kategori;nik;nomor_lama\r\n' >"$trash/old.csv"
printf 'Ahmad Fauzi;Muara Teweh;14-05-1990;L;"Jl. Pramuka 3; RT 02 ""Blok A""";0812 5555 0001;umum;6205031405900001;A-0001\r\n' >>"$trash/old.csv"
printf 'Maria Theresia Lenjau;Palangka Raya;02/11/1985;P;Jl. Tjilik Riwut 7;081255550002;umum;;A-0002\r\n' >>"$trash/old.csv"
printf '\r\nUtuh Masrani;Banjarmasin;1979-01-20;L;Jl. Ahmad Yani 1;081255550003;umum;;A-0003\r\n' >>"$trash/old.csv"
cp "$trash/old.csv" "$trash/ok.csv"

expect 3 "the desk may not import" -- --as Dina import "$trash/ok.csv"
expect 0 "a dry run checks every row" -- --as Admin import "$trash/ok.csv" --dry-run
has "$out" "3 rows checked" "and says so"
same "$(sql "SELECT count(*) FROM members")" 1 "keeping nothing"
expect 0 "an admin imports the file" -- --as Admin import "$trash/ok.csv"
has "$out" "3 members imported" "says how many"
same "$(sql "SELECT name, birth_date, sex, phone, legacy_no FROM members WHERE legacy_no
    IS NOT NULL ORDER BY id")" "Ahmad Fauzi|1990-05-14|L|+6281255550001|A-0001
Maria Theresia Lenjau|1985-11-02|P|+6281255550002|A-0002
Utuh Masrani|1979-01-20|L|+6281255550003|A-0003" "the rows as members, dates and phones normalised"
same "$(sql "SELECT address FROM members WHERE legacy_no = 'A-0001'")" \
    'Jl. Pramuka 3; RT 02 "Blok A"' "a quoted field keeps its separator and quotes"
same "$(sql "SELECT nik_masked FROM members WHERE legacy_no = 'A-0001'")" "6205**********01" \
    "the NIK kept only masked and hashed"
hasnt "$KARTU_DB" "6205031405900001" "the NIK itself is not in the database"
same "$(sql "SELECT count(*) FROM cards c JOIN members m ON m.id = c.member_id
    WHERE m.legacy_no IS NOT NULL AND c.status = 'new' AND c.issue_no = 1")" 3 \
    "each has a first card waiting for its chip"
expect 0 "the database is consistent afterwards" -- fsck

# Every failure leaves the database as it was and names the line.
before=$(sql "SELECT count(*) FROM members")
bad() {	# bad STATUS "desc" "message" FILE
	expect "$1" "$2" -- --as Admin import "$4"
	has "$err" "$3" "$2: says '$3'"
	same "$(sql "SELECT count(*) FROM members")" "$before" "$2: nothing imported"
}
hdr='name,birth_place,birth_date,sex,address,phone,category,nik'
printf '%s\nBudi Santoso,X,1990-01-01,L,A,081200000001,umum,\nDewi Lestari,X,1991-13-01,P,A,081200000002,umum,\n' "$hdr" >"$trash/b1.csv"
bad 2 "a bad date on line 3" "line 3:" "$trash/b1.csv"
printf '%s\nBudi Santoso,X,1990-01-01,L,A,081200000001,umum,6205030202900001\n' "$hdr" >"$trash/b2.csv"
bad 2 "a NIK that does not fit the birth date" "line 2:" "$trash/b2.csv"
printf '%s\nSiti Nurhaliza,X,1992-08-03,P,A,081299999999,umum,6205034308920002\n' "$hdr" >"$trash/b3.csv"
bad 3 "a row that is already a member" "line 2: Siti Nurhaliza looks like member" "$trash/b3.csv"
printf '%s\nBudi Santoso,X,1990-01-01,L,A,081200000001,umum,\nBudi Santosa,X,1990-01-01,L,A,081200000009,umum,\n' "$hdr" >"$trash/b4.csv"
bad 3 "the same person twice in the file" "line 3: Budi Santosa looks like member" "$trash/b4.csv"
printf 'nama,tgl,alamat\nX,Y,Z\n' >"$trash/b5.csv"
bad 2 "an unknown column" "line 1: unknown column 'tgl'" "$trash/b5.csv"
printf 'name,birth_place\nX,Y\n' >"$trash/b6.csv"
bad 2 "a missing column" "line 1: no column 'birth_date'" "$trash/b6.csv"
printf '%s\n"Budi Santoso,X,1990-01-01,L,A,081200000001,umum,\n' "$hdr" >"$trash/b7.csv"
bad 2 "a quote not closed" "line 2: a quote is not closed" "$trash/b7.csv"
printf '%s\nB\351la Santoso,X,1990-01-01,L,A,081200000001,umum,\n' "$hdr" >"$trash/b8.csv"
bad 2 "Latin-1 instead of UTF-8" "not UTF-8 text" "$trash/b8.csv"
printf '%s\nBudi Santoso,X,1990-01-01,L,A,081200000001,umum,\n' 'name,birth_place,birth_date,sex,address,phone,category,legacy_no' >"$trash/b9.csv"
printf 'Ani Wijaya,X,1993-01-01,P,A,081200000005,umum,A-0002\n' >>"$trash/b9.csv"
bad 3 "an old number already imported" "line 3: old member number A-0002 is already imported" "$trash/b9.csv"
expect 0 "--skip-duplicates imports the rest" -- --as Admin import "$trash/b4.csv" \
    --skip-duplicates
has "$out" "Skipped: line 3: Budi Santosa looks like member" "listing the row skipped"
has "$out" "1 rows skipped as already members" "and counting it"
same "$(sql "SELECT count(*) FROM members WHERE name = 'Budi Santoso'")" 1 "the first is imported"
before=$(sql "SELECT count(*) FROM members")
printf '%s\n' "$hdr" >"$trash/b10.csv"
bad 2 "a header and no rows" "no members" "$trash/b10.csv"
expect 1 "a file that is not there" -- --as Admin import "$trash/none.csv"
printf '%s\nRina Kurniawati,X,1995-03-04,P,A,081200000077,umum,\n' "$hdr" >"$trash/new.csv"
expect 0 "a file on stdin" -- --as Admin import - --dry-run <"$trash/new.csv"
has "$out" "1 rows checked" "is read too"
finish
