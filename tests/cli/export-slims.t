#!/bin/sh
# kartu export --format slims: what SLiMS's member import reads, read back by
# kartu's own SLiMS reader (test-legacy dump) and compared field by field.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
apply_umum "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null &&
    "$K" --as Budi issue "$i" >/dev/null || { echo "Bail out! member"; exit 1; }
printf 'nama,tempat_lahir,tanggal_lahir,jenis_kelamin,alamat,telepon,kategori,nomor_lama\n' >"$trash/old.csv"
echo 'Budi Santoso,Muara Teweh,1985-01-20,L,"Jl. Pramuka 3, RT 02 ""Blok A""",081255550001,umum,M-0001' \
    >>"$trash/old.csv"
"$K" --as Admin import "$trash/old.csv" >/dev/null || { echo "Bail out! import"; exit 1; }
m=$(sql "SELECT member_no FROM members WHERE name = 'Siti Nurhaliza'")
x=$(sql "SELECT expires_on FROM members WHERE name = 'Siti Nurhaliza'")
y=$(sql "SELECT expires_on FROM members WHERE name = 'Budi Santoso'")
dump() { "$KARTU_BUILD/tests/test-legacy" dump slims "$1"; }
N='\N'
tab=$(printf '\t')
row() { (IFS=$tab; echo "$*"); }

expect 3 "the desk may not export the register" -- --as Dina export --format slims
expect 2 "an unknown format" -- --as Sari export --format inlislite
has "$err" "kartu or slims" "names the formats"
expect 2 "--header without --format slims" -- --as Sari export --header
expect 0 "an officer exports for SLiMS" -- --as Sari export --format slims --out "$trash/s.csv"
has "$out" "2 members exported to $trash/s.csv" "says how many and where"
same "$(wc -l <"$trash/s.csv")" 2 "one line per member, no header by default"
same "$(head -c 1 "$trash/s.csv")" '"' "every value enclosed"
same "$(awk -F'","' '{ print NF }' "$trash/s.csv" | sort -u)" 18 "18 columns, SLiMS's"
same "$(grep -c "$(printf '\r')" "$trash/s.csv")" 0 "LF line ends, as SLiMS writes them"
has "$trash/s.csv" '"Jl. Pramuka 3, RT 02 ""Blok A"""' "a quote doubled, as fgetcsv reads it"
hasnt "$trash/s.csv" "6205034308920002" "no NIK in clear: pin is empty"
dump "$trash/s.csv" >"$trash/got.tsv" 2>"$err" && pass "read back by the SLiMS reader" ||
    fail "read back by the SLiMS reader"
{
	row 1 "Siti Nurhaliza" "$N" 1992-08-03 P "Jl. Yetro Sinseng 5" 081234567890 "$N" "$N" \
	    Umum "$N" "$N" "$N" "$m" 2026-11-28 "$x" "$N" "$N"
	row 2 "Budi Santoso" "$N" 1985-01-20 L 'Jl. Pramuka 3, RT 02 "Blok A"' 081255550001 \
	    "$N" "$N" Umum "$N" "$N" "$N" M-0001 2026-11-28 "$y" "$N" "$N"
} >"$trash/want.tsv"
if cmp -s "$trash/got.tsv" "$trash/want.tsv"; then
	pass "every field as the register has it: old number or member number, 1/0, the category's name"
else
	diff "$trash/want.tsv" "$trash/got.tsv" | sed 's/^/#   /'
	fail "every field as the register has it"
fi
expect 0 "--header" -- --as Sari export --format slims --header
same "$(head -1 "$out")" '"member_id","member_name","gender","member_type_name","member_email","member_address","postal_code","inst_name","is_new","member_image","pin","member_phone","member_fax","member_since_date","register_date","expire_date","birth_date","member_notes"' \
    "the names first, as SLiMS's Download Sample (no mpasswd)"
cp "$out" "$trash/h.csv"
same "$(dump "$trash/h.csv" | cut -f1,2,14)" "$(printf '2\tSiti Nurhaliza\t%s\n3\tBudi Santoso\tM-0001' "$m")" \
    "read back past the header"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'export' AND after LIKE '%\"format\":\"slims\"%'")" 2 \
    "each export is in the audit trail with its format"
finish
